;; profile: s390x-z15
;; z15 (miscellaneous-instruction-extensions 3): popcnt with M3=8 counts the whole register.
(module
  (func $popcnt32 (export "popcnt32") (param i32) (result i32)
    local.get 0
    i32.popcnt)
  (func $popcnt64 (export "popcnt64") (param i64) (result i64)
    local.get 0
    i64.popcnt))
