;; profile: x86-64-v3
;; AVX: the same with VEX encodings (vpaddusb, vpshufb), three-operand form.
(module
  (func $swizzle (export "swizzle") (param v128 v128) (result v128)
    local.get 0
    local.get 1
    i8x16.swizzle))
