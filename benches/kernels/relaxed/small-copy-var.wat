;; Small memory.copy (24 bytes) and memory.fill (16 bytes) with lengths in globals (runtime calls), 4096 of each
;; per round, `size` rounds; the checksum is a sum of bytes read back.
(module
  (memory 1)
  (global $len (mut i32) (i32.const 24))
  (global $flen (mut i32) (i32.const 16))
  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $sum i64)
    (loop $outer
      (local.set $i (i32.const 0))
      (loop $inner
        (memory.copy (i32.add (i32.const 8192) (local.get $i)) (local.get $i) (global.get $len))
        (memory.fill (i32.add (i32.const 16384) (local.get $i)) (local.get $n) (global.get $flen))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $inner (i32.lt_u (local.get $i) (i32.const 4096))))
      (local.set $sum (i64.add (local.get $sum)
        (i64.add (i64.load (i32.const 8200)) (i64.load (i32.const 16400)))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $outer (i32.gt_s (local.get $n) (i32.const 0))))
    (local.get $sum)))
