;; profile: x86-64-v1
;; SSE2 has no rounding instruction: f32.ceil and f64.nearest are libcalls.
(module
  (func $ceil32 (export "ceil32") (param f32) (result f32)
    local.get 0
    f32.ceil)
  (func $nearest64 (export "nearest64") (param f64) (result f64)
    local.get 0
    f64.nearest))
