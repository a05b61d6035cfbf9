;; `relaxed`: a relaxed-SIMD kernel (issue 21) — dot products, float→int truncation, min/max,
;; swizzles, multiply-add, lane selects and Q15 multiplies over 32 KiB of data.
;;
;; The inputs are shaped so that every result the specification allows is the same one (second dot
;; operands in i7 range, swizzle indices below 16, lane-select masks all ones or all zeros, floats
;; in i32 range and never NaN or -0, exact multiply-adds, no i16::MIN × i16::MIN): `native` and
;; `deterministic` return the same checksum on every CPU, so a run compares only how fast each
;; mode computes it. Hand-written (not generated). run(n): n passes over the data.
(module
  (memory 1)
  ;; 64 KiB of xorshift32 data.
  (func $fill
    (local $p i32) (local $x i32)
    (local.set $x (i32.const 0x2545f491))
    (loop $l
      (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
      (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
      (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
      (i32.store (local.get $p) (local.get $x))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get $p) (i32.const 65536)))))

  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $p i32)
    (local $a v128) (local $b v128) (local $f v128) (local $g v128)
    (local $acc_i v128) (local $acc_h v128) (local $acc_f v128) (local $acc_b v128)
    (call $fill)
    (if (i32.gt_s (local.get $n) (i32.const 0)) (then
      (loop $pass
        (local.set $p (i32.const 0))
        (loop $l
          (local.set $a (v128.load (local.get $p)))
          ;; i7 second operands; swizzle indices 0..15.
          (local.set $b (v128.and (v128.load offset=32768 (local.get $p)) (v128.const i8x16 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f)))
          ;; Floats: small integers (exact products), and values within i32 range.
          (local.set $f (f32x4.convert_i32x4_s (i32x4.shr_s (local.get $a) (i32.const 24))))
          (local.set $g (f32x4.mul (f32x4.convert_i32x4_s (i32x4.shr_s (local.get $b) (i32.const 4))) (v128.const f32x4 0.75 0.75 0.75 0.75)))
          ;; Dot products.
          (local.set $acc_i (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get $a) (local.get $b) (local.get $acc_i)))
          (local.set $acc_h (i16x8.add (local.get $acc_h) (i16x8.relaxed_dot_i8x16_i7x16_s (local.get $b) (local.get $b))))
          ;; Float → int truncation of min/max results.
          (local.set $acc_i (i32x4.add (local.get $acc_i)
            (i32x4.relaxed_trunc_f32x4_s (f32x4.relaxed_min (local.get $f) (local.get $g)))))
          (local.set $acc_i (i32x4.add (local.get $acc_i)
            (i32x4.relaxed_trunc_f32x4_s (f32x4.relaxed_max (local.get $f) (local.get $g)))))
          ;; Multiply-add of small integers (exact, so fused and unfused agree).
          (local.set $acc_f (f32x4.relaxed_madd (local.get $f) (local.get $f) (local.get $acc_f)))
          (local.set $acc_f (f32x4.relaxed_nmadd (local.get $f) (v128.const f32x4 2 2 2 2) (local.get $acc_f)))
          ;; Swizzles (in-range indices) and lane selects (whole-lane masks).
          (local.set $acc_b (v128.xor (local.get $acc_b) (i8x16.relaxed_swizzle (local.get $a) (v128.and (local.get $b) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))))
          (local.set $acc_b (i32x4.relaxed_laneselect (local.get $a) (local.get $acc_b) (i32x4.lt_s (local.get $b) (local.get $a))))
          ;; Q15 multiply of halved values (never i16::MIN × i16::MIN).
          (local.set $acc_h (i16x8.add (local.get $acc_h) (i16x8.relaxed_q15mulr_s (i16x8.shr_s (local.get $a) (i32.const 1)) (local.get $b))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br_if $l (i32.lt_u (local.get $p) (i32.const 32768))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $pass (i32.lt_s (local.get $i) (local.get $n))))))
    ;; Fold the accumulators into one checksum.
    (i64.add
      (i64.add
        (i64.add (i64x2.extract_lane 0 (local.get $acc_i)) (i64x2.extract_lane 1 (local.get $acc_i)))
        (i64.add (i64x2.extract_lane 0 (local.get $acc_h)) (i64x2.extract_lane 1 (local.get $acc_h))))
      (i64.add
        (i64.add (i64x2.extract_lane 0 (i32x4.trunc_sat_f32x4_s (local.get $acc_f))) (i64x2.extract_lane 1 (i32x4.trunc_sat_f32x4_s (local.get $acc_f))))
        (i64.add (i64x2.extract_lane 0 (local.get $acc_b)) (i64x2.extract_lane 1 (local.get $acc_b))))))
)
