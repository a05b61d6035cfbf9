//! AArch64 handler set (DESIGN rule 1: the only interpreter file with AArch64 code), registered by
//! `sets/mod.rs`.
//!
//! NEON (Advanced SIMD) is part of the AArch64 baseline, so there is one level, `aarch64`: the
//! whole executor compiled for AArch64 with NEON, plus NEON intrinsic versions of the SIMD
//! operations ([`neon_simd`]). The portable lane loops of `simd.rs` work on a `u128`; the compiler
//! turns few of them into vector instructions, while NEON has one instruction (or two) for most
//! wasm SIMD operations, often with exactly wasm's semantics: `tbl` gives 0 for out-of-range
//! swizzle indices, `sqrdmulh` saturates `q15mulr`, `cnt` counts bits per byte, `frintn` rounds
//! ties to even, `fcvtzs`/`fcvtzu` saturate and map NaN to 0, `fmin`/`fmax` return NaN for a NaN
//! operand and order -0 below +0. Every operation here is checked against the portable one, bit
//! for bit, by the tests at the end of this file.
//!
//! Operations NEON cannot do in a few instructions (`i64x2.mul`, splats, lane access,
//! `v128.any_true`, the plain bitwise ops) keep their portable versions.
//!
//! Scalar NaN results follow the Arm rules with `FPCR.DN = 0` (the Linux default): a signalling
//! NaN operand is quietened keeping its payload, which is also what the portable code produces.

use crate::exec::handlers::define_handler_set;
use crate::HandlerSet;
use tailor_cpu::{Arch, CpuProfile, Feature};

/// SIMD operations for AArch64: the portable ones, with NEON instructions where they do the job.
pub(crate) mod neon_simd {
    pub(crate) use crate::ops::simd::*;
    use std::arch::aarch64::*;

    /// A NEON vector type: 16 plain bytes, like the `u128` a `v128` is held in.
    trait V128: Copy {
        /// The vector whose bytes are those of `x` (lane 0 in the low-order bits).
        fn from_u128(x: u128) -> Self;
        /// The vector's bytes as a `u128`.
        fn to_u128(self) -> u128;
    }

    macro_rules! v128_types {
        ($($t:ty),* $(,)?) => {$(
            impl V128 for $t {
                #[inline(always)]
                fn from_u128(x: u128) -> Self {
                    // SAFETY: both are 16 plain bytes; on little-endian AArch64 (the only one this
                    // file is compiled for) lane 0 is the low-order lane of the `u128`.
                    unsafe { std::mem::transmute::<u128, $t>(x) }
                }
                #[inline(always)]
                fn to_u128(self) -> u128 {
                    // SAFETY: as above.
                    unsafe { std::mem::transmute::<$t, u128>(self) }
                }
            }
        )*};
    }
    v128_types!(
        uint8x16_t,
        int8x16_t,
        uint16x8_t,
        int16x8_t,
        uint32x4_t,
        int32x4_t,
        uint64x2_t,
        int64x2_t,
        float32x4_t,
        float64x2_t,
    );

    /// `x` as the NEON vector type `T`.
    #[inline(always)]
    fn v<T: V128>(x: u128) -> T {
        T::from_u128(x)
    }

    /// The NEON vector `x` as a `u128`.
    #[inline(always)]
    fn u<T: V128>(x: T) -> u128 {
        x.to_u128()
    }

    /// Defines `pub(crate)` NEON operations (inlined into the NEON handlers) whose parameters are `u128`s read as
    /// the given NEON vector types (`name(a: type, b) = body;`: `b` has `a`'s type), plus, for the
    /// tests, `$list`: each operation with its portable counterpart.
    macro_rules! neon_ops {
        (
            $list:ident: fn($($pt:ty),*) -> $rt:ty;
            $( $name:ident ( $a:ident : $t:ty $(, $b:ident)* $(; $s:ident : $st:ty)? ) $(-> $ret:ty)? = $body:expr; )*
        ) => {
            $(
                #[doc = concat!("`", stringify!($name), "` with NEON.")]
                #[target_feature(enable = "neon")]
                #[inline]
                pub(crate) fn $name($a: u128 $(, $b: u128)* $(, $s: $st)?) -> neon_ops!(@ret $($ret)?) {
                    let $a: $t = v($a);
                    $( let $b: $t = v($b); )*
                    neon_ops!(@wrap $($ret)? ; $body)
                }
            )*

            /// Every operation above, with its portable version.
            #[cfg(test)]
            pub(super) const $list: &[(&str, unsafe fn($($pt),*) -> $rt, fn($($pt),*) -> $rt)] = &[
                $( (stringify!($name), $name, crate::ops::simd::$name), )*
            ];
        };
        (@ret) => { u128 };
        (@ret $ret:ty) => { $ret };
        (@wrap ; $body:expr) => { u($body) };
        (@wrap $ret:ty ; $body:expr) => { $body };
    }

    neon_ops! {
        BINARY: fn(u128, u128) -> u128;

        // Byte permutation: `tbl` gives 0 for an index >= 16, as wasm does.
        i8x16_swizzle(a: uint8x16_t, b) = vqtbl1q_u8(a, b);
        // The `pshufb` variant (top bit gives 0, else lane `index % 16`): keeping bits 7 and 0-3
        // of the index leaves `tbl` an index >= 128 exactly where `pshufb` gives 0.
        i8x16_swizzle_pshufb(a: uint8x16_t, b) = vqtbl1q_u8(a, vandq_u8(b, vdupq_n_u8(0x8f)));
        // The deterministic relaxed swizzle is `i8x16.swizzle`.
        i8x16_relaxed_swizzle(a: uint8x16_t, b) = vqtbl1q_u8(a, b);

        // Integer comparisons.
        i8x16_eq(a: uint8x16_t, b) = vceqq_u8(a, b);
        i8x16_ne(a: uint8x16_t, b) = vmvnq_u8(vceqq_u8(a, b));
        i8x16_lt_s(a: int8x16_t, b) = vcltq_s8(a, b);
        i8x16_lt_u(a: uint8x16_t, b) = vcltq_u8(a, b);
        i8x16_gt_s(a: int8x16_t, b) = vcgtq_s8(a, b);
        i8x16_gt_u(a: uint8x16_t, b) = vcgtq_u8(a, b);
        i8x16_le_s(a: int8x16_t, b) = vcleq_s8(a, b);
        i8x16_le_u(a: uint8x16_t, b) = vcleq_u8(a, b);
        i8x16_ge_s(a: int8x16_t, b) = vcgeq_s8(a, b);
        i8x16_ge_u(a: uint8x16_t, b) = vcgeq_u8(a, b);

        i16x8_eq(a: uint16x8_t, b) = vceqq_u16(a, b);
        i16x8_ne(a: uint16x8_t, b) = vmvnq_u16(vceqq_u16(a, b));
        i16x8_lt_s(a: int16x8_t, b) = vcltq_s16(a, b);
        i16x8_lt_u(a: uint16x8_t, b) = vcltq_u16(a, b);
        i16x8_gt_s(a: int16x8_t, b) = vcgtq_s16(a, b);
        i16x8_gt_u(a: uint16x8_t, b) = vcgtq_u16(a, b);
        i16x8_le_s(a: int16x8_t, b) = vcleq_s16(a, b);
        i16x8_le_u(a: uint16x8_t, b) = vcleq_u16(a, b);
        i16x8_ge_s(a: int16x8_t, b) = vcgeq_s16(a, b);
        i16x8_ge_u(a: uint16x8_t, b) = vcgeq_u16(a, b);

        i32x4_eq(a: uint32x4_t, b) = vceqq_u32(a, b);
        i32x4_ne(a: uint32x4_t, b) = vmvnq_u32(vceqq_u32(a, b));
        i32x4_lt_s(a: int32x4_t, b) = vcltq_s32(a, b);
        i32x4_lt_u(a: uint32x4_t, b) = vcltq_u32(a, b);
        i32x4_gt_s(a: int32x4_t, b) = vcgtq_s32(a, b);
        i32x4_gt_u(a: uint32x4_t, b) = vcgtq_u32(a, b);
        i32x4_le_s(a: int32x4_t, b) = vcleq_s32(a, b);
        i32x4_le_u(a: uint32x4_t, b) = vcleq_u32(a, b);
        i32x4_ge_s(a: int32x4_t, b) = vcgeq_s32(a, b);
        i32x4_ge_u(a: uint32x4_t, b) = vcgeq_u32(a, b);

        i64x2_eq(a: uint64x2_t, b) = vceqq_u64(a, b);
        i64x2_ne(a: uint64x2_t, b) = vmvnq_u32(vreinterpretq_u32_u64(vceqq_u64(a, b)));
        i64x2_lt_s(a: int64x2_t, b) = vcltq_s64(a, b);
        i64x2_gt_s(a: int64x2_t, b) = vcgtq_s64(a, b);
        i64x2_le_s(a: int64x2_t, b) = vcleq_s64(a, b);
        i64x2_ge_s(a: int64x2_t, b) = vcgeq_s64(a, b);

        // Float comparisons: ordered, so `ne` (the complement of `eq`) is true for NaN.
        f32x4_eq(a: float32x4_t, b) = vceqq_f32(a, b);
        f32x4_ne(a: float32x4_t, b) = vmvnq_u32(vceqq_f32(a, b));
        f32x4_lt(a: float32x4_t, b) = vcltq_f32(a, b);
        f32x4_gt(a: float32x4_t, b) = vcgtq_f32(a, b);
        f32x4_le(a: float32x4_t, b) = vcleq_f32(a, b);
        f32x4_ge(a: float32x4_t, b) = vcgeq_f32(a, b);

        f64x2_eq(a: float64x2_t, b) = vceqq_f64(a, b);
        f64x2_ne(a: float64x2_t, b) = vmvnq_u32(vreinterpretq_u32_u64(vceqq_f64(a, b)));
        f64x2_lt(a: float64x2_t, b) = vcltq_f64(a, b);
        f64x2_gt(a: float64x2_t, b) = vcgtq_f64(a, b);
        f64x2_le(a: float64x2_t, b) = vcleq_f64(a, b);
        f64x2_ge(a: float64x2_t, b) = vcgeq_f64(a, b);

        // Integer arithmetic: wrapping, saturating (`sq*`/`uq*`), rounding average (`urhadd`),
        // saturating narrow (`sqxtn`, `sqxtun`), q15 multiply (`sqrdmulh` saturates 0x8000 *
        // 0x8000 to 0x7fff), widening multiplies (`smull`/`umull`) and the dot product (`smull` +
        // `addp`, wrapping like wasm).
        i8x16_add(a: uint8x16_t, b) = vaddq_u8(a, b);
        i8x16_add_sat_s(a: int8x16_t, b) = vqaddq_s8(a, b);
        i8x16_add_sat_u(a: uint8x16_t, b) = vqaddq_u8(a, b);
        i8x16_sub(a: uint8x16_t, b) = vsubq_u8(a, b);
        i8x16_sub_sat_s(a: int8x16_t, b) = vqsubq_s8(a, b);
        i8x16_sub_sat_u(a: uint8x16_t, b) = vqsubq_u8(a, b);
        i8x16_min_s(a: int8x16_t, b) = vminq_s8(a, b);
        i8x16_min_u(a: uint8x16_t, b) = vminq_u8(a, b);
        i8x16_max_s(a: int8x16_t, b) = vmaxq_s8(a, b);
        i8x16_max_u(a: uint8x16_t, b) = vmaxq_u8(a, b);
        i8x16_avgr_u(a: uint8x16_t, b) = vrhaddq_u8(a, b);
        i8x16_narrow_i16x8_s(a: int16x8_t, b) = vcombine_s8(vqmovn_s16(a), vqmovn_s16(b));
        i8x16_narrow_i16x8_u(a: int16x8_t, b) = vcombine_u8(vqmovun_s16(a), vqmovun_s16(b));

        i16x8_add(a: uint16x8_t, b) = vaddq_u16(a, b);
        i16x8_add_sat_s(a: int16x8_t, b) = vqaddq_s16(a, b);
        i16x8_add_sat_u(a: uint16x8_t, b) = vqaddq_u16(a, b);
        i16x8_sub(a: uint16x8_t, b) = vsubq_u16(a, b);
        i16x8_sub_sat_s(a: int16x8_t, b) = vqsubq_s16(a, b);
        i16x8_sub_sat_u(a: uint16x8_t, b) = vqsubq_u16(a, b);
        i16x8_mul(a: uint16x8_t, b) = vmulq_u16(a, b);
        i16x8_min_s(a: int16x8_t, b) = vminq_s16(a, b);
        i16x8_min_u(a: uint16x8_t, b) = vminq_u16(a, b);
        i16x8_max_s(a: int16x8_t, b) = vmaxq_s16(a, b);
        i16x8_max_u(a: uint16x8_t, b) = vmaxq_u16(a, b);
        i16x8_avgr_u(a: uint16x8_t, b) = vrhaddq_u16(a, b);
        i16x8_narrow_i32x4_s(a: int32x4_t, b) = vcombine_s16(vqmovn_s32(a), vqmovn_s32(b));
        i16x8_narrow_i32x4_u(a: int32x4_t, b) = vcombine_u16(vqmovun_s32(a), vqmovun_s32(b));
        i16x8_q15mulr_sat_s(a: int16x8_t, b) = vqrdmulhq_s16(a, b);
        i16x8_relaxed_q15mulr_s(a: int16x8_t, b) = vqrdmulhq_s16(a, b);
        i16x8_extmul_low_i8x16_s(a: int8x16_t, b) = vmull_s8(vget_low_s8(a), vget_low_s8(b));
        i16x8_extmul_high_i8x16_s(a: int8x16_t, b) = vmull_high_s8(a, b);
        i16x8_extmul_low_i8x16_u(a: uint8x16_t, b) = vmull_u8(vget_low_u8(a), vget_low_u8(b));
        i16x8_extmul_high_i8x16_u(a: uint8x16_t, b) = vmull_high_u8(a, b);

        i32x4_add(a: uint32x4_t, b) = vaddq_u32(a, b);
        i32x4_sub(a: uint32x4_t, b) = vsubq_u32(a, b);
        i32x4_mul(a: uint32x4_t, b) = vmulq_u32(a, b);
        i32x4_min_s(a: int32x4_t, b) = vminq_s32(a, b);
        i32x4_min_u(a: uint32x4_t, b) = vminq_u32(a, b);
        i32x4_max_s(a: int32x4_t, b) = vmaxq_s32(a, b);
        i32x4_max_u(a: uint32x4_t, b) = vmaxq_u32(a, b);
        i32x4_dot_i16x8_s(a: int16x8_t, b) = vpaddq_s32(
            vmull_s16(vget_low_s16(a), vget_low_s16(b)),
            vmull_high_s16(a, b),
        );
        i32x4_extmul_low_i16x8_s(a: int16x8_t, b) = vmull_s16(vget_low_s16(a), vget_low_s16(b));
        i32x4_extmul_high_i16x8_s(a: int16x8_t, b) = vmull_high_s16(a, b);
        i32x4_extmul_low_i16x8_u(a: uint16x8_t, b) = vmull_u16(vget_low_u16(a), vget_low_u16(b));
        i32x4_extmul_high_i16x8_u(a: uint16x8_t, b) = vmull_high_u16(a, b);

        i64x2_add(a: uint64x2_t, b) = vaddq_u64(a, b);
        i64x2_sub(a: uint64x2_t, b) = vsubq_u64(a, b);
        i64x2_extmul_low_i32x4_s(a: int32x4_t, b) = vmull_s32(vget_low_s32(a), vget_low_s32(b));
        i64x2_extmul_high_i32x4_s(a: int32x4_t, b) = vmull_high_s32(a, b);
        i64x2_extmul_low_i32x4_u(a: uint32x4_t, b) = vmull_u32(vget_low_u32(a), vget_low_u32(b));
        i64x2_extmul_high_i32x4_u(a: uint32x4_t, b) = vmull_high_u32(a, b);

        // Float arithmetic. `fmin`/`fmax` are wasm's `min`/`max` (NaN if either operand is NaN,
        // -0 < +0); `pmin`/`pmax` select with a comparison, like the portable code.
        f32x4_add(a: float32x4_t, b) = vaddq_f32(a, b);
        f32x4_sub(a: float32x4_t, b) = vsubq_f32(a, b);
        f32x4_mul(a: float32x4_t, b) = vmulq_f32(a, b);
        f32x4_div(a: float32x4_t, b) = vdivq_f32(a, b);
        f32x4_min(a: float32x4_t, b) = vminq_f32(a, b);
        f32x4_max(a: float32x4_t, b) = vmaxq_f32(a, b);
        f32x4_relaxed_min(a: float32x4_t, b) = vminq_f32(a, b);
        f32x4_relaxed_max(a: float32x4_t, b) = vmaxq_f32(a, b);
        f32x4_pmin(a: float32x4_t, b) = vbslq_f32(vcltq_f32(b, a), b, a);
        f32x4_pmax(a: float32x4_t, b) = vbslq_f32(vcltq_f32(a, b), b, a);

        f64x2_add(a: float64x2_t, b) = vaddq_f64(a, b);
        f64x2_sub(a: float64x2_t, b) = vsubq_f64(a, b);
        f64x2_mul(a: float64x2_t, b) = vmulq_f64(a, b);
        f64x2_div(a: float64x2_t, b) = vdivq_f64(a, b);
        f64x2_min(a: float64x2_t, b) = vminq_f64(a, b);
        f64x2_max(a: float64x2_t, b) = vmaxq_f64(a, b);
        f64x2_pmin(a: float64x2_t, b) = vbslq_f64(vcltq_f64(b, a), b, a);
        f64x2_pmax(a: float64x2_t, b) = vbslq_f64(vcltq_f64(a, b), b, a);
    }

    neon_ops! {
        UNARY: fn(u128) -> u128;

        // Integer unary ops: `abs`/`neg` wrap (INT_MIN stays INT_MIN), `cnt` counts bits per byte,
        // `sxtl`/`uxtl` widen, `saddlp`/`uaddlp` add pairwise.
        i8x16_abs(a: int8x16_t) = vabsq_s8(a);
        i8x16_neg(a: int8x16_t) = vnegq_s8(a);
        i8x16_popcnt(a: uint8x16_t) = vcntq_u8(a);

        i16x8_abs(a: int16x8_t) = vabsq_s16(a);
        i16x8_neg(a: int16x8_t) = vnegq_s16(a);
        i16x8_extend_low_i8x16_s(a: int8x16_t) = vmovl_s8(vget_low_s8(a));
        i16x8_extend_high_i8x16_s(a: int8x16_t) = vmovl_high_s8(a);
        i16x8_extend_low_i8x16_u(a: uint8x16_t) = vmovl_u8(vget_low_u8(a));
        i16x8_extend_high_i8x16_u(a: uint8x16_t) = vmovl_high_u8(a);
        i16x8_extadd_pairwise_i8x16_s(a: int8x16_t) = vpaddlq_s8(a);
        i16x8_extadd_pairwise_i8x16_u(a: uint8x16_t) = vpaddlq_u8(a);

        i32x4_abs(a: int32x4_t) = vabsq_s32(a);
        i32x4_neg(a: int32x4_t) = vnegq_s32(a);
        i32x4_extend_low_i16x8_s(a: int16x8_t) = vmovl_s16(vget_low_s16(a));
        i32x4_extend_high_i16x8_s(a: int16x8_t) = vmovl_high_s16(a);
        i32x4_extend_low_i16x8_u(a: uint16x8_t) = vmovl_u16(vget_low_u16(a));
        i32x4_extend_high_i16x8_u(a: uint16x8_t) = vmovl_high_u16(a);
        i32x4_extadd_pairwise_i16x8_s(a: int16x8_t) = vpaddlq_s16(a);
        i32x4_extadd_pairwise_i16x8_u(a: uint16x8_t) = vpaddlq_u16(a);

        i64x2_abs(a: int64x2_t) = vabsq_s64(a);
        i64x2_neg(a: int64x2_t) = vnegq_s64(a);
        i64x2_extend_low_i32x4_s(a: int32x4_t) = vmovl_s32(vget_low_s32(a));
        i64x2_extend_high_i32x4_s(a: int32x4_t) = vmovl_high_s32(a);
        i64x2_extend_low_i32x4_u(a: uint32x4_t) = vmovl_u32(vget_low_u32(a));
        i64x2_extend_high_i32x4_u(a: uint32x4_t) = vmovl_high_u32(a);

        // Float unary ops: `fabs`/`fneg` only touch the sign bit; `frintp`/`frintm`/`frintz`/
        // `frintn` are ceil/floor/trunc/nearest (ties to even) and quieten a NaN keeping its payload.
        f32x4_abs(a: float32x4_t) = vabsq_f32(a);
        f32x4_neg(a: float32x4_t) = vnegq_f32(a);
        f32x4_sqrt(a: float32x4_t) = vsqrtq_f32(a);
        f32x4_ceil(a: float32x4_t) = vrndpq_f32(a);
        f32x4_floor(a: float32x4_t) = vrndmq_f32(a);
        f32x4_trunc(a: float32x4_t) = vrndq_f32(a);
        f32x4_nearest(a: float32x4_t) = vrndnq_f32(a);

        f64x2_abs(a: float64x2_t) = vabsq_f64(a);
        f64x2_neg(a: float64x2_t) = vnegq_f64(a);
        f64x2_sqrt(a: float64x2_t) = vsqrtq_f64(a);
        f64x2_ceil(a: float64x2_t) = vrndpq_f64(a);
        f64x2_floor(a: float64x2_t) = vrndmq_f64(a);
        f64x2_trunc(a: float64x2_t) = vrndq_f64(a);
        f64x2_nearest(a: float64x2_t) = vrndnq_f64(a);

        // Conversions: `fcvtzs`/`fcvtzu` saturate and give 0 for NaN (the `_zero` forms convert to
        // 64 bits, then narrow with saturation); `scvtf`/`ucvtf` and `fcvtn` round to nearest even;
        // `fcvtn`/`fcvtl` keep a NaN's sign and top payload bits, quietened.
        i32x4_trunc_sat_f32x4_s(a: float32x4_t) = vcvtq_s32_f32(a);
        i32x4_trunc_sat_f32x4_u(a: float32x4_t) = vcvtq_u32_f32(a);
        i32x4_trunc_sat_f64x2_s_zero(a: float64x2_t) =
            vcombine_s32(vqmovn_s64(vcvtq_s64_f64(a)), vdup_n_s32(0));
        i32x4_trunc_sat_f64x2_u_zero(a: float64x2_t) =
            vcombine_u32(vqmovn_u64(vcvtq_u64_f64(a)), vdup_n_u32(0));
        f32x4_convert_i32x4_s(a: int32x4_t) = vcvtq_f32_s32(a);
        f32x4_convert_i32x4_u(a: uint32x4_t) = vcvtq_f32_u32(a);
        f64x2_convert_low_i32x4_s(a: int32x4_t) = vcvtq_f64_s64(vmovl_s32(vget_low_s32(a)));
        f64x2_convert_low_i32x4_u(a: uint32x4_t) = vcvtq_f64_u64(vmovl_u32(vget_low_u32(a)));
        f32x4_demote_f64x2_zero(a: float64x2_t) = vcombine_f32(vcvt_f32_f64(a), vdup_n_f32(0.0));
        f64x2_promote_low_f32x4(a: float32x4_t) = vcvt_f64_f32(vget_low_f32(a));
    }

    neon_ops! {
        TERNARY: fn(u128, u128, u128) -> u128;

        // `bsl`: bits of `a` where the mask `c` is 1, of `b` where it is 0.
        v128_bitselect(a: uint8x16_t, b, c) = vbslq_u8(c, a, b);

        // Relaxed-SIMD variants: fused multiply-add is `fmla` (`c + a * b`) and `fmls`
        // (`c - a * b`), both rounded once.
        f32x4_madd_fused(a: float32x4_t, b, c) = vfmaq_f32(c, a, b);
        f32x4_nmadd_fused(a: float32x4_t, b, c) = vfmsq_f32(c, a, b);
        f64x2_madd_fused(a: float64x2_t, b, c) = vfmaq_f64(c, a, b);
        f64x2_nmadd_fused(a: float64x2_t, b, c) = vfmsq_f64(c, a, b);
    }

    /// Lane `i` of the result is `1 << i`, for `bitmask` (`u8` lanes restart at each half).
    const BIT_WEIGHTS_8: u128 = 0x8040_2010_0804_0201_8040_2010_0804_0201;
    const BIT_WEIGHTS_16: u128 = 0x0080_0040_0020_0010_0008_0004_0002_0001;
    const BIT_WEIGHTS_32: u128 = 0x0000_0008_0000_0004_0000_0002_0000_0001;
    const BIT_WEIGHTS_64: u128 = 0x0000_0000_0000_0002_0000_0000_0000_0001;

    neon_ops! {
        TEST: fn(u128) -> i32;

        // `all_true`: the smallest lane (`uminv`) is non-zero.
        i8x16_all_true(a: uint8x16_t) -> i32 = i32::from(vminvq_u8(a) != 0);
        i16x8_all_true(a: uint16x8_t) -> i32 = i32::from(vminvq_u16(a) != 0);
        i32x4_all_true(a: uint32x4_t) -> i32 = i32::from(vminvq_u32(a) != 0);
        i64x2_all_true(a: uint64x2_t) -> i32 =
            i32::from(vmaxvq_u32(vreinterpretq_u32_u64(vceqzq_u64(a))) == 0);

        // `bitmask`: all-ones lanes where the sign is set (`cmlt #0`), each masked to its own bit,
        // then summed across the vector (`addv`; the bits are distinct, so the sum is their OR).
        i8x16_bitmask(a: int8x16_t) -> i32 = {
            let bits = vandq_u8(vcltzq_s8(a), v(BIT_WEIGHTS_8));
            i32::from(vaddv_u8(vget_low_u8(bits))) | i32::from(vaddv_u8(vget_high_u8(bits))) << 8
        };
        i16x8_bitmask(a: int16x8_t) -> i32 =
            i32::from(vaddvq_u16(vandq_u16(vcltzq_s16(a), v(BIT_WEIGHTS_16))));
        i32x4_bitmask(a: int32x4_t) -> i32 =
            vaddvq_u32(vandq_u32(vcltzq_s32(a), v(BIT_WEIGHTS_32))) as i32;
        i64x2_bitmask(a: int64x2_t) -> i32 =
            vaddvq_u64(vandq_u64(vcltzq_s64(a), v(BIT_WEIGHTS_64))) as i32;
    }

    neon_ops! {
        SHIFT: fn(u128, i32) -> u128;

        // Shifts by a count taken modulo the lane width: `sshl`/`ushl` shift left by a positive
        // count and right by a negative one (arithmetic for `sshl`, logical for `ushl`).
        i8x16_shl(a: uint8x16_t; s: i32) = vshlq_u8(a, vdupq_n_s8((s & 7) as i8));
        i8x16_shr_s(a: int8x16_t; s: i32) = vshlq_s8(a, vdupq_n_s8(-((s & 7) as i8)));
        i8x16_shr_u(a: uint8x16_t; s: i32) = vshlq_u8(a, vdupq_n_s8(-((s & 7) as i8)));
        i16x8_shl(a: uint16x8_t; s: i32) = vshlq_u16(a, vdupq_n_s16((s & 15) as i16));
        i16x8_shr_s(a: int16x8_t; s: i32) = vshlq_s16(a, vdupq_n_s16(-((s & 15) as i16)));
        i16x8_shr_u(a: uint16x8_t; s: i32) = vshlq_u16(a, vdupq_n_s16(-((s & 15) as i16)));
        i32x4_shl(a: uint32x4_t; s: i32) = vshlq_u32(a, vdupq_n_s32(s & 31));
        i32x4_shr_s(a: int32x4_t; s: i32) = vshlq_s32(a, vdupq_n_s32(-(s & 31)));
        i32x4_shr_u(a: uint32x4_t; s: i32) = vshlq_u32(a, vdupq_n_s32(-(s & 31)));
        i64x2_shl(a: uint64x2_t; s: i32) = vshlq_u64(a, vdupq_n_s64(i64::from(s & 63)));
        i64x2_shr_s(a: int64x2_t; s: i32) = vshlq_s64(a, vdupq_n_s64(-i64::from(s & 63)));
        i64x2_shr_u(a: uint64x2_t; s: i32) = vshlq_u64(a, vdupq_n_s64(-i64::from(s & 63)));
    }
}

/// The executor for AArch64 with NEON.
pub(crate) mod neon {
    #![expect(non_snake_case, reason = "handlers are named after their op variants")]
    use super::*;
    define_handler_set!(
        [crate::sets::aarch64::neon_simd]
        #[target_feature(enable = "neon")]
    );
}

/// Whether the host has NEON (`CpuProfile::host()`: the one detection of the process).
fn host_has_neon() -> bool {
    CpuProfile::host().has(Feature::Neon)
}

fn neon_set() -> HandlerSet {
    HandlerSet::new("aarch64", &neon::TABLE)
}

/// The AArch64 set, if the profile is an AArch64 one with NEON and the host has NEON.
pub(crate) fn select(profile: &CpuProfile) -> Option<HandlerSet> {
    if profile.arch() == Arch::Aarch64 && profile.has(Feature::Neon) && host_has_neon() {
        Some(neon_set())
    } else {
        None
    }
}

/// The AArch64 sets this host can run.
/// The NEON set when this host cannot run it, with the feature it lacks.
pub(crate) fn arch_unavailable() -> Vec<(&'static str, Vec<tailor_cpu::Feature>)> {
    if host_has_neon() {
        Vec::new()
    } else {
        vec![(neon_set().name(), vec![tailor_cpu::Feature::Neon])]
    }
}

pub(crate) fn arch_sets() -> Vec<HandlerSet> {
    if host_has_neon() {
        vec![neon_set()]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::neon_simd;
    use tailor_cpu::{CpuProfile, Feature};

    /// A xorshift sequence.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }
    }

    /// Lane values worth testing, per lane width: bounds, signs, and for 32/64 bits float bit
    /// patterns (ties, rounding and conversion bounds, infinities, zeros, subnormals, quiet and
    /// signalling NaNs with payloads).
    fn specials(bits: u32) -> Vec<u64> {
        match bits {
            8 => vec![
                0, 1, 2, 7, 8, 15, 16, 31, 32, 0x40, 0x7e, 0x7f, 0x80, 0x81, 0xc0, 0xfe, 0xff,
            ],
            16 => vec![
                0, 1, 2, 0xff, 0x100, 0x3fff, 0x4000, 0x7ffe, 0x7fff, 0x8000, 0x8001, 0xc000,
                0xff00, 0xff7f, 0xff80, 0xfffe, 0xffff,
            ],
            32 => {
                let mut v: Vec<u64> = vec![
                    0,
                    1,
                    0x7fff_ffff,
                    0x8000_0000,
                    0x8000_0001,
                    0xffff_ffff,
                    0x0000_8000,
                    0xffff_7fff,
                    0x7f80_0000,
                    0xff80_0000,
                    0x7fc0_0000,
                    0xffc0_0000,
                    0x7f80_0001,
                    0xff80_0001,
                    0x7fa1_2345,
                    0xffd2_3456,
                    0x7fbf_ffff,
                    0x0000_0001,
                    0x807f_ffff,
                    0x0080_0000,
                    0x7f7f_ffff,
                ];
                let floats = [
                    0.5f32,
                    1.5,
                    2.5,
                    -0.5,
                    -1.5,
                    -2.5,
                    0.499_999_97,
                    8_388_607.5,
                    8_388_608.0,
                    -8_388_609.0,
                    1e10,
                    -1e10,
                    3e9,
                    4.3e9,
                    4_294_967_040.0,
                    2_147_483_520.0,
                    2_147_483_648.0,
                    -2_147_483_648.0,
                    -2_147_483_904.0,
                    -1.0,
                    -0.9,
                    0.1,
                    3.7,
                    -3.7,
                    1e-40,
                ];
                v.extend(floats.iter().map(|f| u64::from(f.to_bits())));
                v
            }
            _ => {
                let mut v: Vec<u64> = vec![
                    0,
                    1,
                    0x7fff_ffff_ffff_ffff,
                    0x8000_0000_0000_0000,
                    0xffff_ffff_ffff_ffff,
                    0x0000_0000_ffff_ffff,
                    0xffff_ffff_0000_0000,
                    0x0000_0000_8000_0000,
                    0xffff_ffff_7fff_ffff,
                    0x7ff0_0000_0000_0000,
                    0xfff0_0000_0000_0000,
                    0x7ff8_0000_0000_0000,
                    0xfff8_0000_0000_0000,
                    0x7ff0_0000_0000_0001,
                    0xfff4_0000_2000_0000,
                    0x7ff7_ffff_ffff_ffff,
                    0x7ffa_bcde_f012_3456,
                    0x0000_0000_0000_0001,
                    0x800f_ffff_ffff_ffff,
                ];
                let floats = [
                    0.5f64,
                    1.5,
                    2.5,
                    -0.5,
                    -2.5,
                    4_503_599_627_370_495.5,
                    4_503_599_627_370_496.0,
                    1e300,
                    -1e300,
                    3e9,
                    -3e9,
                    4_294_967_295.9,
                    4_294_967_296.0,
                    2_147_483_647.5,
                    2_147_483_648.0,
                    -2_147_483_648.9,
                    -2_147_483_649.0,
                    -0.9,
                    -1.0,
                    3.5e38,
                    3.402_823_466e38,
                    1e-50,
                    1.4e-45,
                    0.1,
                    1.000_000_059_604_644_8,
                    1.000_000_178_813_934,
                    -7.25,
                ];
                v.extend(floats.iter().map(|f| f.to_bits()));
                v
            }
        }
    }

    /// Test vectors: all-zero/all-one ones, vectors of special lanes of each width in varied
    /// combinations, and pseudo-random bits.
    fn vectors() -> Vec<u128> {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut out = vec![0, u128::MAX, 0x8000_8000_8000_8000_8000_8000_8000_8000];
        for bits in [8u32, 16, 32, 64] {
            let s = specials(bits);
            let lanes = 128 / bits;
            let mask = u128::MAX >> (128 - bits);
            // Each special in every lane (others zero), then random mixes of specials.
            for (k, &x) in s.iter().enumerate() {
                let lane = k as u32 % lanes;
                out.push((u128::from(x) & mask) << (lane * bits));
            }
            for _ in 0..60 {
                let mut v = 0u128;
                for l in 0..lanes {
                    let x = s[(rng.next() % s.len() as u64) as usize];
                    v |= (u128::from(x) & mask) << (l * bits);
                }
                out.push(v);
            }
        }
        for _ in 0..40 {
            out.push(u128::from(rng.next()) << 64 | u128::from(rng.next()));
        }
        out
    }

    /// Float ops whose NaN result, when both operands are NaN, Rust leaves unspecified (either
    /// operand's payload may propagate; wasm allows any NaN there): for lanes where both inputs
    /// are NaN, the results only need to be quiet NaNs. Every other lane must match bit for bit.
    const NAN_CHOICE: &[(&str, u32)] = &[
        ("f32x4_add", 32),
        ("f32x4_sub", 32),
        ("f32x4_mul", 32),
        ("f32x4_div", 32),
        ("f32x4_min", 32),
        ("f32x4_max", 32),
        ("f32x4_relaxed_min", 32),
        ("f32x4_relaxed_max", 32),
        ("f64x2_add", 64),
        ("f64x2_sub", 64),
        ("f64x2_mul", 64),
        ("f64x2_div", 64),
        ("f64x2_min", 64),
        ("f64x2_max", 64),
    ];

    fn is_nan(x: u128, bits: u32) -> bool {
        let (exp, frac) = if bits == 32 {
            (0x7f80_0000u128, 0x007f_ffffu128)
        } else {
            (0x7ff0_0000_0000_0000, 0x000f_ffff_ffff_ffff)
        };
        x & exp == exp && x & frac != 0
    }

    fn is_quiet_nan(x: u128, bits: u32) -> bool {
        let quiet = if bits == 32 {
            0x0040_0000
        } else {
            0x0008_0000_0000_0000
        };
        is_nan(x, bits) && x & quiet != 0
    }

    fn same_binary(name: &str, a: u128, b: u128, neon: u128, portable: u128) -> bool {
        if neon == portable {
            return true;
        }
        let Some(&(_, bits)) = NAN_CHOICE.iter().find(|(n, _)| *n == name) else {
            return false;
        };
        let mask = u128::MAX >> (128 - bits);
        (0..128 / bits).all(|i| {
            let lane = |v: u128| (v >> (i * bits)) & mask;
            lane(neon) == lane(portable)
                || (is_nan(lane(a), bits)
                    && is_nan(lane(b), bits)
                    && is_quiet_nan(lane(neon), bits)
                    && is_quiet_nan(lane(portable), bits))
        })
    }

    #[test]
    fn level_table_follows_op_discriminants() {
        assert_eq!(super::neon::TABLE_NAMES.as_slice(), crate::ops::NAMES);
    }

    #[test]
    fn selection() {
        let host = CpuProfile::host();
        let aarch64 = CpuProfile::preset("aarch64").unwrap();
        assert_eq!(super::select(&aarch64).map(|s| s.name()), Some("aarch64"));
        assert_eq!(super::select(&host).map(|s| s.name()), Some("aarch64"));
        let lse = CpuProfile::preset("aarch64+lse").unwrap();
        assert_eq!(super::select(&lse).map(|s| s.name()), Some("aarch64"));
        let no_neon = aarch64.with_features("-neon").unwrap();
        assert_eq!(super::select(&no_neon), None);
        let generic = CpuProfile::generic();
        assert_eq!(
            super::select(&generic).is_some(),
            generic.has(Feature::Neon)
        );
        assert_eq!(
            super::select(&CpuProfile::preset("x86-64-v3").unwrap()),
            None
        );
        let names: Vec<_> = super::arch_sets().iter().map(|s| s.name()).collect();
        assert_eq!(names, ["aarch64"]);
    }

    /// Every NEON operation agrees with the portable one on every test vector (see
    /// [`NAN_CHOICE`] for the one allowed difference).
    #[test]
    fn intrinsics_match_portable() {
        let vs = vectors();
        let mut failures = Vec::new();
        for &(name, neon, portable) in neon_simd::BINARY {
            for &a in &vs {
                for &b in &vs {
                    // SAFETY: this module is only compiled where NEON is enabled (`sets/mod.rs`, `tailor_neon_sets`).
                    let (n, p) = (unsafe { neon(a, b) }, portable(a, b));
                    if !same_binary(name, a, b, n, p) {
                        failures.push(format!(
                            "{name}({a:#034x}, {b:#034x}): {n:#034x} != {p:#034x}"
                        ));
                    }
                }
            }
        }
        for &(name, neon, portable) in neon_simd::UNARY {
            for &a in &vs {
                // SAFETY: this module is only compiled where NEON is enabled (`sets/mod.rs`, `tailor_neon_sets`).
                let (n, p) = (unsafe { neon(a) }, portable(a));
                if n != p {
                    failures.push(format!("{name}({a:#034x}): {n:#034x} != {p:#034x}"));
                }
            }
        }
        for &(name, neon, portable) in neon_simd::TEST {
            for &a in &vs {
                // SAFETY: this module is only compiled where NEON is enabled (`sets/mod.rs`, `tailor_neon_sets`).
                let (n, p) = (unsafe { neon(a) }, portable(a));
                if n != p {
                    failures.push(format!("{name}({a:#034x}): {n:#x} != {p:#x}"));
                }
            }
        }
        let counts = [
            0,
            1,
            5,
            7,
            8,
            9,
            15,
            16,
            17,
            31,
            32,
            33,
            63,
            64,
            65,
            127,
            128,
            -1,
            -8,
            -64,
            i32::MIN,
            i32::MAX,
        ];
        for &(name, neon, portable) in neon_simd::SHIFT {
            for &a in &vs {
                for &s in &counts {
                    // SAFETY: this module is only compiled where NEON is enabled (`sets/mod.rs`, `tailor_neon_sets`).
                    let (n, p) = (unsafe { neon(a, s) }, portable(a, s));
                    if n != p {
                        failures.push(format!("{name}({a:#034x}, {s}): {n:#034x} != {p:#034x}"));
                    }
                }
            }
        }
        for &(name, neon, portable) in neon_simd::TERNARY {
            for &a in vs.iter().step_by(7) {
                for &b in vs.iter().step_by(5) {
                    for &c in vs.iter().step_by(3) {
                        // SAFETY: this module is only compiled where NEON is enabled (`sets/mod.rs`, `tailor_neon_sets`).
                        let (n, p) = (unsafe { neon(a, b, c) }, portable(a, b, c));
                        // Fused multiply-add: a NaN lane only has to be a NaN (payloads may differ).
                        let float = name.contains("madd");
                        if n != p && !(float && crate::ops::simd_tests_support::same_float(n, p)) {
                            failures
                                .push(format!("{name}({a:#x}, {b:#x}, {c:#x}): {n:#x} != {p:#x}"));
                        }
                    }
                }
            }
        }
        let ops = neon_simd::BINARY.len()
            + neon_simd::UNARY.len()
            + neon_simd::TEST.len()
            + neon_simd::SHIFT.len()
            + neon_simd::TERNARY.len();
        assert!(ops > 150, "only {ops} NEON operations checked");
        assert!(
            failures.is_empty(),
            "{} mismatches, first ones:\n{}",
            failures.len(),
            failures
                .iter()
                .take(20)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
