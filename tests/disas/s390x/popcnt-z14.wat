;; profile: s390x
;; z14: popcnt counts per byte; the byte counts are then summed with shifts and adds.
(module
  (func $popcnt32 (export "popcnt32") (param i32) (result i32)
    local.get 0
    i32.popcnt)
  (func $popcnt64 (export "popcnt64") (param i64) (result i64)
    local.get 0
    i64.popcnt))
