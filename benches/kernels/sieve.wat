;; Sieve of Eratosthenes over one byte per number below 32768 (32 KiB, about the L1 data cache):
;; byte loads and stores in nested loops.
;;
;;   run(rounds) = rounds * (number of primes below 32768), each round sieving from scratch
(module
  (memory 1)

  (func $sieve (result i32)
    (local $i i32) (local $j i32) (local $count i32)
    ;; clear the flags with an explicit store loop (not memory.fill), four bytes at a time
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.ge_u (local.get $i) (i32.const 32768)))
        (i32.store (local.get $i) (i32.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $clear)))
    (local.set $i (i32.const 2))
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u (local.get $i) (i32.const 32768)))
        (if (i32.eqz (i32.load8_u (local.get $i)))
          (then
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (local.set $j (i32.mul (local.get $i) (local.get $i)))
            (block $marked
              (loop $inner
                (br_if $marked (i32.ge_u (local.get $j) (i32.const 32768)))
                (i32.store8 (local.get $j) (i32.const 1))
                (local.set $j (i32.add (local.get $j) (local.get $i)))
                (br $inner)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (local.get $count))

  (func (export "run") (param $rounds i32) (result i64)
    (local $r i32) (local $total i64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $rounds)))
        (local.set $total (i64.add (local.get $total) (i64.extend_i32_u (call $sieve))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next)))
    (local.get $total)))
