;; profile: x86-64-v3
;; memory.copy / memory.fill with a constant length up to 128 bytes are inlined: one bounds check
;; per range (a trap before any byte is written), 16-byte vector moves (Cranelift lowers no wider
;; vectors) then 8/4/2/1-byte tails; a copy loads every piece before storing any (memmove). A
;; variable or longer length calls the runtime.
(module
  (memory 1)
  (func $copy40 (param i32 i32)
    (memory.copy (local.get 0) (local.get 1) (i32.const 40)))
  (func $fill19 (param i32 i32)
    (memory.fill (local.get 0) (local.get 1) (i32.const 19)))
  (func $copy_var (param i32 i32 i32)
    (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func $fill_large (param i32 i32)
    (memory.fill (local.get 0) (local.get 1) (i32.const 4096))))
