;; f64 matrix multiply C = A * B of n x n row-major matrices in linear memory (grown on demand):
;; f64 loads/stores, address arithmetic, a triple loop.
;;
;;   A[i][j] = (i + 2j) mod 7 - 3,  B[i][j] = (3i + j) mod 5 - 2   (as f64)
;;   run(n) = bits(sum of all C[i][j])
(module
  (memory 1)

  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $j i32) (local $k i32) (local $nn i32) (local $need i32)
    (local $a i32) (local $b i32) (local $c i32) (local $pa i32) (local $pb i32)
    (local $acc f64) (local $sum f64)
    (local.set $nn (i32.mul (local.get $n) (local.get $n)))
    ;; A at 0, B at 8*nn, C at 16*nn; grow memory only when it is too small
    (local.set $a (i32.const 0))
    (local.set $b (i32.shl (local.get $nn) (i32.const 3)))
    (local.set $c (i32.shl (local.get $nn) (i32.const 4)))
    (local.set $need (i32.shr_u (i32.add (i32.mul (local.get $nn) (i32.const 24)) (i32.const 65535))
                                (i32.const 16)))
    (if (i32.gt_u (local.get $need) (memory.size))
      (then (drop (memory.grow (i32.sub (local.get $need) (memory.size))))))
    ;; initialise A and B
    (local.set $i (i32.const 0))
    (block $init_done
      (loop $init_row
        (br_if $init_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $init_col
            (br_if $cols_done (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $k (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j))
                                   (i32.const 3)))
            (f64.store (i32.add (local.get $a) (local.get $k))
              (f64.convert_i32_s
                (i32.sub (i32.rem_u (i32.add (local.get $i) (i32.shl (local.get $j) (i32.const 1)))
                                    (i32.const 7))
                         (i32.const 3))))
            (f64.store (i32.add (local.get $b) (local.get $k))
              (f64.convert_i32_s
                (i32.sub (i32.rem_u (i32.add (i32.mul (local.get $i) (i32.const 3)) (local.get $j))
                                    (i32.const 5))
                         (i32.const 2))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $init_col)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $init_row)))
    ;; C = A * B
    (local.set $i (i32.const 0))
    (block $i_done
      (loop $i_loop
        (br_if $i_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        (block $j_done
          (loop $j_loop
            (br_if $j_done (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $acc (f64.const 0))
            ;; pa walks row i of A, pb walks column j of B
            (local.set $pa (i32.add (local.get $a)
                                    (i32.shl (i32.mul (local.get $i) (local.get $n)) (i32.const 3))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $k (i32.const 0))
            (block $k_done
              (loop $k_loop
                (br_if $k_done (i32.ge_u (local.get $k) (local.get $n)))
                (local.set $acc (f64.add (local.get $acc)
                                         (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $pb (i32.add (local.get $pb) (i32.shl (local.get $n) (i32.const 3))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $k_loop)))
            (f64.store (i32.add (local.get $c)
                                (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j))
                                         (i32.const 3)))
                       (local.get $acc))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $j_loop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $i_loop)))
    ;; checksum
    (local.set $k (i32.const 0))
    (block $sum_done
      (loop $sum_loop
        (br_if $sum_done (i32.ge_u (local.get $k) (local.get $nn)))
        (local.set $sum (f64.add (local.get $sum)
                                 (f64.load (i32.add (local.get $c) (i32.shl (local.get $k) (i32.const 3))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $sum_loop)))
    (i64.reinterpret_f64 (local.get $sum))))
