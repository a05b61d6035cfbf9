;; profile: icelake-server
;; i8x16.popcnt with AVX-512 BITALG: one vpopcntb
(module
  (func $popcnt (param v128) (result v128)
    (i8x16.popcnt (local.get 0))))
