;; Float kernels: f32x4.relaxed_madd, relaxed_min/max and the signed relaxed truncation over 4 KiB of
;; small integer-valued floats (exact, no NaN: both modes give the same checksum), `size` times.
(module
  (memory 1)
  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $acc v128) (local $x v128) (local $y v128) (local $r v128)
    (loop $init
      (f32.store (local.get $i)
        (f32.convert_i32_s (i32.sub (i32.and (i32.mul (local.get $i) (i32.const 29)) (i32.const 255)) (i32.const 128))))
      (f32.store offset=4096 (local.get $i)
        (f32.convert_i32_s (i32.sub (i32.and (i32.mul (local.get $i) (i32.const 13)) (i32.const 63)) (i32.const 32))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $init (i32.lt_u (local.get $i) (i32.const 4096))))
    (loop $outer
      (local.set $i (i32.const 0))
      (loop $inner
        (local.set $x (v128.load (local.get $i)))
        (local.set $y (v128.load offset=4096 (local.get $i)))
        (local.set $r (f32x4.relaxed_madd (local.get $x) (local.get $y) (local.get $x)))
        (local.set $r (f32x4.relaxed_max (f32x4.relaxed_min (local.get $r) (local.get $x)) (local.get $y)))
        (local.set $acc (i32x4.add (local.get $acc) (i32x4.relaxed_trunc_f32x4_s (local.get $r))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $inner (i32.lt_u (local.get $i) (i32.const 4096))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $outer (i32.gt_s (local.get $n) (i32.const 0))))
    (i64.add (i64x2.extract_lane 0 (local.get $acc)) (i64x2.extract_lane 1 (local.get $acc)))))
