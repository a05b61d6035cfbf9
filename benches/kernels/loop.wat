;; Tight integer loop: a xorshift64 generator feeding an accumulator with a data-dependent branch.
;;
;;   x = 0x9E3779B97F4A7C15, acc = 0
;;   n times: x ^= x << 13; x ^= x >> 7; x ^= x << 17
;;            if x is odd: acc += x >> 32 else: acc = rotl(acc ^ x, 1)
;;   run(n) = acc ^ x
(module
  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $x i64) (local $acc i64)
    (local.set $x (i64.const 0x9E3779B97F4A7C15))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 13))))
        (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 7))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 17))))
        (if (i32.wrap_i64 (i64.and (local.get $x) (i64.const 1)))
          (then
            (local.set $acc (i64.add (local.get $acc) (i64.shr_u (local.get $x) (i64.const 32)))))
          (else
            (local.set $acc (i64.rotl (i64.xor (local.get $acc) (local.get $x)) (i64.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i64.xor (local.get $acc) (local.get $x))))
