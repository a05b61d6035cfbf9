;; Found by the fuzzer (campaign --seed 1, e.g. seed 0x59b5e2f13ab88055): not a tailor bug, a bug of the
;; oracle. wasmi 2.0.0 computes a division or remainder wrongly when the divisor is the non-zero
;; idiom `select(1, x, x == 0)` that wasm-smith emits under `disallow_traps`: `rem_s(0x7fffffff,
;; select(1, 0x80000000, 0))` is 0x7fffffff (every tailor tier), wasmi returns 0; in bigger modules it
;; traps with "integer divide by zero". The harness therefore does not compare such modules with wasmi
;; (`Shape::wasmi_select_bug`); this module checks that tailor's tiers agree on it and that the
;; exclusion holds (a regression would show as a mismatch against wasmi).
(module
  (func (export "rem_s_via_local") (param i32 i32) (result i32) (local i32)
    i32.const 1
    local.get 1
    local.get 1
    i32.eqz
    select
    local.set 2
    local.get 0
    local.get 2
    i32.rem_s)
  (func (export "div_u_direct") (param i32 i32) (result i32)
    local.get 0
    i32.const 1
    local.get 1
    local.get 1
    i32.eqz
    select
    i32.div_u)
  (func (export "rem_s_known") (result i32)
    i32.const 0x7fffffff
    i32.const 1
    i32.const 0x80000000
    i32.const 0x80000000
    i32.eqz
    select
    i32.rem_s)
)
