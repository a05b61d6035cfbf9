;; profile: x86-64-v1
;; SSE2 has no byte shuffle: i8x16.swizzle calls the X86Pshufb libcall (after the paddusb that makes out-of-range lanes select zero).
(module
  (func $swizzle (export "swizzle") (param v128 v128) (result v128)
    local.get 0
    local.get 1
    i8x16.swizzle))
