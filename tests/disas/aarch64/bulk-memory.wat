;; profile: aarch64
;; memory.copy of a constant 40 bytes inlined with 16-byte NEON moves (q registers) and an 8-byte tail.
(module
  (memory 1)
  (func $copy40 (param i32 i32)
    (memory.copy (local.get 0) (local.get 1) (i32.const 40))))
