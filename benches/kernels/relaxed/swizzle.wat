;; Byte shuffles and selects: i8x16.relaxed_swizzle (indices 0..15), i32x4.relaxed_laneselect (masks
;; all-ones or zero per lane) and i16x8.relaxed_q15mulr_s (no -32768 x -32768) over 4 KiB, `size`
;; times; both modes give the same checksum.
(module
  (memory 1)
  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $acc v128) (local $x v128) (local $s v128) (local $m v128)
    (loop $init
      (i32.store8 (local.get $i) (i32.mul (local.get $i) (i32.const 91)))
      (i32.store8 offset=4096 (local.get $i) (i32.and (i32.mul (local.get $i) (i32.const 7)) (i32.const 15)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $init (i32.lt_u (local.get $i) (i32.const 4096))))
    (loop $outer
      (local.set $i (i32.const 0))
      (loop $inner
        (local.set $x (v128.load (local.get $i)))
        (local.set $s (v128.load offset=4096 (local.get $i)))
        (local.set $x (i8x16.relaxed_swizzle (local.get $x) (local.get $s)))
        (local.set $m (i32x4.gt_s (local.get $x) (local.get $s)))
        (local.set $x (i32x4.relaxed_laneselect (local.get $x) (local.get $s) (local.get $m)))
        (local.set $x (i16x8.relaxed_q15mulr_s (local.get $x) (i16x8.splat (i32.const 12345))))
        (local.set $acc (i16x8.add (local.get $acc) (local.get $x)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $inner (i32.lt_u (local.get $i) (i32.const 4096))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $outer (i32.gt_s (local.get $n) (i32.const 0))))
    (i64.add (i64x2.extract_lane 0 (local.get $acc)) (i64x2.extract_lane 1 (local.get $acc)))))
