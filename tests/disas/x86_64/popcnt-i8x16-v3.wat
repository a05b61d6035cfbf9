;; profile: x86-64-v3
;; i8x16.popcnt without BITALG: nibble lookups with vpshufb
(module
  (func $popcnt (param v128) (result v128)
    (i8x16.popcnt (local.get 0))))
