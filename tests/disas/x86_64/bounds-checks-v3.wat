;; profile: x86-64-v3
;; Trap checks in an ordinary function: each bounds check (and the zero-divisor check) is a compare
;; and a branch to the function's one cold block for that trap code, and starts a new block. The
;; last load reuses the store's check (same index, no wider).
(module
  (memory 1)
  (func $sum3 (export "sum3") (param i32 i32) (result i32)
    (i32.store offset=12 (local.get 1)
      (i32.add
        (i32.add (i32.load (local.get 0)) (i32.load offset=4 (local.get 0)))
        (i32.load offset=8 (local.get 0))))
    (i32.load offset=12 (local.get 1)))
  (func $div (export "div") (param i32 i32) (result i32)
    (i32.div_u (i32.load (local.get 0)) (local.get 1))))
