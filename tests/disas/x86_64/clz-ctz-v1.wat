;; profile: x86-64-v1
;; Without LZCNT/BMI1: bsr/bsf, whose result is undefined for zero, plus a cmov fix-up for that case.
(module
  (func $clz32 (export "clz32") (param i32) (result i32)
    local.get 0
    i32.clz)
  (func $ctz32 (export "ctz32") (param i32) (result i32)
    local.get 0
    i32.ctz))
