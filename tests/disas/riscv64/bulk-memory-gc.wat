;; profile: riscv64gc
;; without V: memory.fill of a constant 24 bytes inlined with 8-byte scalar stores of the byte
;; times 0x0101010101010101.
(module
  (memory 1)
  (func $fill24 (param i32 i32)
    (memory.fill (local.get 0) (local.get 1) (i32.const 24))))
