;; Call-heavy kernel: a loop over tiny helpers (getters, setters, a hash step, min), the shape of
;; code built without cross-function inlining (-O0/-O1 C, debug Rust, AssemblyScript). The
;; compiler's `inline` pass (on by default) turns the calls into straight-line code:
;;
;;   tailor run --tier jit --invoke run examples/calls.wat 100000000                    # inlined
;;   tailor run --tier jit --passes=-inline --invoke run examples/calls.wat 100000000   # calls
;;
;; Both print 4227590082.
(module
  (memory 1)
  (func $get (param i32) (result i32) (i32.load (i32.shl (i32.and (local.get 0) (i32.const 1023)) (i32.const 2))))
  (func $set (param i32 i32) (i32.store (i32.shl (i32.and (local.get 0) (i32.const 1023)) (i32.const 2)) (local.get 1)))
  (func $mix (param i32 i32) (result i32) (i32.xor (i32.mul (local.get 0) (i32.const 0x9E3779B1)) (local.get 1)))
  (func $min (param i32 i32) (result i32) (select (local.get 0) (local.get 1) (i32.lt_u (local.get 0) (local.get 1))))
  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $acc i32)
    (loop $l
      (call $set (local.get $i) (call $mix (call $get (local.get $i)) (local.get $i)))
      (local.set $acc (i32.add (local.get $acc)
        (call $min (call $get (i32.add (local.get $i) (i32.const 7))) (i32.xor (local.get $acc) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i64.extend_i32_u (local.get $acc))))
