;; profile: x86-64-v3
;; AVX: three-operand VEX vmulps (proves has_avx reaches Cranelift).
(module
  (func $mul (export "mul") (param v128 v128) (result v128)
    local.get 0
    local.get 1
    f32x4.mul))
