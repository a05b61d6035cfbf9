;; Found by the fuzzer (campaign --seed 4, seed 0x2d5a639798049f63): not a tailor bug, a harness gap.
;; A start function recursing deeply with many locals exhausts the interpreter's value stack (1 Mi
;; slots) while compiled code (8 MiB of native stack) gets further, so instantiation traps with
;; "call stack exhausted" in one tier and succeeds or traps otherwise in another. Stack limits differ
;; by design, so exhaustion during instantiation is inconclusive, as it is for calls.
(module
  (global $depth (mut i32) (i32.const 0))
  (func $deep (param i32) (result i32)
    (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32
           i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
    (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
  (func $start (drop (call $deep (i32.const 45000))))
  (start $start)
  (func (export "depth") (result i32) (global.get $depth))
  (func (export "deep") (param i32) (result i32) (call $deep (i32.and (local.get 0) (i32.const 0xffff))))
)
