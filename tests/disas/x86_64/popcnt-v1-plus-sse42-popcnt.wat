;; profile: x86-64-v1
;; features: +sse4.2,+popcnt
;; x86-64-v1 plus SSE4.2 and POPCNT by a feature list: the popcnt instruction, as on x86-64-v2.
(module
  (func $popcnt32 (export "popcnt32") (param i32) (result i32)
    local.get 0
    i32.popcnt)
  (func $popcnt64 (export "popcnt64") (param i64) (result i64)
    local.get 0
    i64.popcnt))
