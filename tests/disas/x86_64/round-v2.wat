;; profile: x86-64-v2
;; SSE4.1 roundss/roundsd (imm 2 = toward +inf, 0 = to nearest even).
(module
  (func $ceil32 (export "ceil32") (param f32) (result f32)
    local.get 0
    f32.ceil)
  (func $nearest64 (export "nearest64") (param f64) (result f64)
    local.get 0
    f64.nearest))
