;; profile: aarch64
;; AArch64 has no scalar popcount: NEON cnt counts bits per byte, addv sums the bytes.
(module
  (func $popcnt32 (export "popcnt32") (param i32) (result i32)
    local.get 0
    i32.popcnt)
  (func $popcnt64 (export "popcnt64") (param i64) (result i64)
    local.get 0
    i64.popcnt))
