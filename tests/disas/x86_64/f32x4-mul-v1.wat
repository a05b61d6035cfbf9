;; profile: x86-64-v1
;; SSE: two-operand mulps (destructive: the result overwrites an input).
(module
  (func $mul (export "mul") (param v128 v128) (result v128)
    local.get 0
    local.get 1
    f32x4.mul))
