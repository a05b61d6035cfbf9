;; profile: x86-64-v1
;; x86-64-v1 has no POPCNT: Cranelift emits a SWAR sequence (shifts, masks, a multiply).
(module
  (func $popcnt32 (export "popcnt32") (param i32) (result i32)
    local.get 0
    i32.popcnt)
  (func $popcnt64 (export "popcnt64") (param i64) (result i64)
    local.get 0
    i64.popcnt))
