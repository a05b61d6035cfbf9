;; profile: x86-64-v3
;; x86-64-v3 has LZCNT and BMI1: lzcnt and tzcnt, defined for zero.
(module
  (func $clz32 (export "clz32") (param i32) (result i32)
    local.get 0
    i32.clz)
  (func $ctz32 (export "ctz32") (param i32) (result i32)
    local.get 0
    i32.ctz))
