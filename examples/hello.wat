;; A program with `_start` (no WASI yet, so it prints nothing): it checks that the bytes of
;; "hello, world" in its memory sum to 1160 and traps with `unreachable` if they do not.
;;
;;   tailor run examples/hello.wat        # exit code 0
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "hello, world")

  (func $checksum (export "checksum") (param $ptr i32) (param $len i32) (result i32)
    (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  (func (export "_start")
    (if (i32.ne (call $checksum (i32.const 16) (i32.const 12)) (i32.const 1160))
      (then (unreachable)))))
