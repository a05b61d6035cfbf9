;; profile: x86-64-v2
;; SSSE3 pshufb (after a saturating paddusb that makes out-of-range indices select zero).
(module
  (func $swizzle (export "swizzle") (param v128 v128) (result v128)
    local.get 0
    local.get 1
    i8x16.swizzle))
