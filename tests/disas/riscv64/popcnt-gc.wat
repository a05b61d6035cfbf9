;; profile: riscv64gc
;; RV64GC has no popcount instruction: Cranelift emits a `popcnt` pseudo-instruction that expands to a bit-by-bit loop.
(module
  (func $popcnt32 (export "popcnt32") (param i32) (result i32)
    local.get 0
    i32.popcnt)
  (func $popcnt64 (export "popcnt64") (param i64) (result i64)
    local.get 0
    i64.popcnt))
