;; pass: bce
;; Two loads of the same index: with `bce` the second (no wider than the first) needs no check of
;; its own, nor does the byte at offset 2 (within the 4 bytes checked); without it each access
;; compares against the memory length.
(module
  (memory 1)
  (func $sum (param $p i32) (result i32)
    (i32.add
      (i32.add (i32.load (local.get $p)) (i32.load offset=0 (local.get $p)))
      (i32.load8_u offset=2 (local.get $p)))))
