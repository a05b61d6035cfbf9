;; profile: x86-64-v1
;; features: +popcnt
;; A Cranelift quirk: it emits popcnt only when SSE4.2 is enabled as well (x64 `use_popcnt` is
;; has_popcnt && has_sse42), so `--cpu-features +popcnt` alone still gives the SWAR sequence of popcnt-v1.
(module
  (func $popcnt32 (export "popcnt32") (param i32) (result i32)
    local.get 0
    i32.popcnt)
  (func $popcnt64 (export "popcnt64") (param i64) (result i64)
    local.get 0
    i64.popcnt))
