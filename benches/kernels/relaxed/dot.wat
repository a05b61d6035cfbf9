;; Quantized int8 dot products (signed activations x 7-bit weights), as in int8 inference:
;; i32x4.relaxed_dot_i8x16_i7x16_add_s and i16x8.relaxed_dot_i8x16_i7x16_s over 4 KiB, `size` times.
;; Weights are in 0..127, so every relaxed result agrees and the checksum is the same in both modes.
(module
  (memory 1)
  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $acc v128) (local $acc16 v128) (local $a v128) (local $b v128)
    ;; a: bytes 0..4095 signed pattern; b: bytes 4096..8191 in 0..127
    (loop $init
      (i32.store8 (local.get $i) (i32.mul (local.get $i) (i32.const 73)))
      (i32.store8 offset=4096 (local.get $i)
        (i32.and (i32.add (i32.mul (local.get $i) (i32.const 37)) (i32.const 11)) (i32.const 0x7f)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $init (i32.lt_u (local.get $i) (i32.const 4096))))
    (loop $outer
      (local.set $i (i32.const 0))
      (loop $inner
        (local.set $a (v128.load (local.get $i)))
        (local.set $b (v128.load offset=4096 (local.get $i)))
        (local.set $acc (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get $a) (local.get $b) (local.get $acc)))
        (local.set $acc16 (i16x8.add (local.get $acc16)
          (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $a) (local.get $b))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $inner (i32.lt_u (local.get $i) (i32.const 4096))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $outer (i32.gt_s (local.get $n) (i32.const 0))))
    (i64.add
      (i64.add (i64x2.extract_lane 0 (local.get $acc)) (i64x2.extract_lane 1 (local.get $acc)))
      (i64.add (i64x2.extract_lane 0 (local.get $acc16)) (i64x2.extract_lane 1 (local.get $acc16))))))
