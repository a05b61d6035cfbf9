;; Memory load/store loop over an i32 array of 16384 elements (64 KiB).
;;
;;   a[i] = i * 0x9E3779B1                                  (i32, wrapping)
;;   rounds times, r = 0, 1, ...: for i in 1..16384: a[i] = a[i] + (a[i-1] ^ r)
;;   run(rounds) = sum of a[i] as unsigned, as i64
(module
  (memory 1)

  (func (export "run") (param $rounds i32) (result i64)
    (local $i i32) (local $r i32) (local $p i32) (local $sum i64)
    ;; initialise
    (block $init_done
      (loop $init
        (br_if $init_done (i32.ge_u (local.get $i) (i32.const 16384)))
        (i32.store (i32.shl (local.get $i) (i32.const 2))
                   (i32.mul (local.get $i) (i32.const 0x9E3779B1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $init)))
    ;; rounds of a dependent read-modify-write pass
    (block $rounds_done
      (loop $round
        (br_if $rounds_done (i32.ge_u (local.get $r) (local.get $rounds)))
        ;; p = byte address of a[i-1]; a[i] is at offset=4
        (local.set $p (i32.const 0))
        (block $pass_done
          (loop $pass
            (br_if $pass_done (i32.ge_u (local.get $p) (i32.const 65532)))
            (i32.store offset=4 (local.get $p)
              (i32.add (i32.load offset=4 (local.get $p))
                       (i32.xor (i32.load (local.get $p)) (local.get $r))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $pass)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $round)))
    ;; checksum
    (local.set $p (i32.const 0))
    (block $sum_done
      (loop $sum
        (br_if $sum_done (i32.ge_u (local.get $p) (i32.const 65536)))
        (local.set $sum (i64.add (local.get $sum) (i64.load32_u (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $sum)))
    (local.get $sum)))
