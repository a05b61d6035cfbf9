//! x86-64 handler sets (DESIGN rule 1: the only interpreter file with x86 code), registered by
//! `sets/mod.rs`.
//!
//! Each level is the *whole* executor compiled with that level's target features
//! (`#[target_feature]` on every handler), so everything inlined into a handler — integer bit
//! operations, float rounding, the lane loops of the portable SIMD code — is compiled for the CPU,
//! plus intrinsic versions of the SIMD operations that map to one instruction the compiler would
//! not find on its own. A level is used only when the profile asks for it *and* the host has its
//! features (`CpuProfile::host()`, the one detection of the process), so it can never raise SIGILL.
//! Note that `lzcnt`/`tzcnt` silently run as `bsr`/`bsf` on CPUs without LZCNT/BMI1: only the sets
//! that require both may use them.
//!
//! Levels: `x86-64-v2` (SSE4.2), `x86-64-v3` (AVX2, FMA), `x86-64-v4` (AVX-512 F/BW/CD/DQ/VL) and
//! `icelake-server` (x86-64-v4 plus AVX-512 VBMI, BITALG and VNNI: Ice Lake, Sapphire Rapids, Zen 4
//! and later). The AVX-512 extensions come as a separate set rather than as run-time checks inside
//! the v4 handlers: a handler set is the interpreter compiled once per CPU level, and a handler can
//! only inline an instruction its own `#[target_feature]` list enables.

use crate::exec::handlers::define_handler_set;
use crate::HandlerSet;
use tailor_cpu::{CpuProfile, Feature};

/// Conversions between the interpreter's `u128` lanes and `__m128i`, shared by every level.
mod conv {
    use std::arch::x86_64::__m128i;

    #[inline(always)]
    pub(crate) fn m(v: u128) -> __m128i {
        // SAFETY: both are 16 plain bytes.
        unsafe { std::mem::transmute::<u128, __m128i>(v) }
    }

    #[inline(always)]
    pub(crate) fn u(v: __m128i) -> u128 {
        // SAFETY: both are 16 plain bytes.
        unsafe { std::mem::transmute::<__m128i, u128>(v) }
    }
}

/// SIMD operations for x86-64-v2 (SSE4.2 + POPCNT): the portable ones, with SSSE3/SSE4.1
/// instructions where one does the whole job.
pub(crate) mod v2_simd {
    use super::conv::{m, u};
    pub(crate) use crate::ops::simd::*;
    use std::arch::x86_64::*;

    /// `i8x16.swizzle` with `pshufb`: indices >= 16 are pushed to >= 0x80 (saturating add of 0x70),
    /// which `pshufb` turns into 0.
    #[target_feature(enable = "ssse3")]
    #[inline]
    pub(crate) unsafe fn i8x16_swizzle(a: u128, b: u128) -> u128 {
        let idx = _mm_adds_epu8(m(b), _mm_set1_epi8(0x70));
        u(_mm_shuffle_epi8(m(a), idx))
    }

    /// `i8x16.popcnt` with a nibble lookup through `pshufb`.
    #[target_feature(enable = "ssse3")]
    #[inline]
    pub(crate) unsafe fn i8x16_popcnt(a: u128) -> u128 {
        let lut = _mm_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        let low = _mm_set1_epi8(0x0f);
        let v = m(a);
        let lo = _mm_and_si128(v, low);
        let hi = _mm_and_si128(_mm_srli_epi16(v, 4), low);
        u(_mm_add_epi8(
            _mm_shuffle_epi8(lut, lo),
            _mm_shuffle_epi8(lut, hi),
        ))
    }

    /// `i16x8.q15mulr_sat_s` with `pmulhrsw`, which gives 0x8000 for 0x8000 * 0x8000 where wasm
    /// saturates to 0x7fff.
    #[target_feature(enable = "ssse3")]
    #[inline]
    pub(crate) unsafe fn i16x8_q15mulr_sat_s(a: u128, b: u128) -> u128 {
        let r = _mm_mulhrs_epi16(m(a), m(b));
        let overflow = _mm_cmpeq_epi16(r, _mm_set1_epi16(i16::MIN));
        u(_mm_xor_si128(r, overflow))
    }

    /// `i32x4.mul` with `pmulld`.
    #[target_feature(enable = "sse4.1")]
    #[inline]
    pub(crate) unsafe fn i32x4_mul(a: u128, b: u128) -> u128 {
        u(_mm_mullo_epi32(m(a), m(b)))
    }

    /// `f32x4.nearest` with `roundps` (round to nearest even; NaNs come out quiet).
    #[target_feature(enable = "sse4.1")]
    #[inline]
    pub(crate) unsafe fn f32x4_nearest(a: u128) -> u128 {
        let v = _mm_castsi128_ps(m(a));
        let r = _mm_round_ps::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(v);
        u(_mm_castps_si128(r))
    }

    /// `f64x2.nearest` with `roundpd`.
    #[target_feature(enable = "sse4.1")]
    #[inline]
    pub(crate) unsafe fn f64x2_nearest(a: u128) -> u128 {
        let v = _mm_castsi128_pd(m(a));
        let r = _mm_round_pd::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(v);
        u(_mm_castpd_si128(r))
    }

    /// `i8x16.relaxed_swizzle` under the deterministic semantics: `i8x16.swizzle`.
    #[target_feature(enable = "ssse3")]
    #[inline]
    pub(crate) unsafe fn i8x16_relaxed_swizzle(a: u128, b: u128) -> u128 {
        // SAFETY: same target features as this function.
        unsafe { i8x16_swizzle(a, b) }
    }

    /// `i16x8.relaxed_q15mulr_s` under the deterministic semantics: `i16x8.q15mulr_sat_s`.
    #[target_feature(enable = "ssse3")]
    #[inline]
    pub(crate) unsafe fn i16x8_relaxed_q15mulr_s(a: u128, b: u128) -> u128 {
        // SAFETY: same target features as this function.
        unsafe { i16x8_q15mulr_sat_s(a, b) }
    }

    // Relaxed-SIMD variants (`tailor_cpu::relaxed`): each exactly the instruction it is named after.

    /// `I8x16SwizzlePshufb`: `pshufb` (an index with its top bit set gives 0, else lane `index % 16`).
    #[target_feature(enable = "ssse3")]
    #[inline]
    pub(crate) unsafe fn i8x16_swizzle_pshufb(a: u128, b: u128) -> u128 {
        u(_mm_shuffle_epi8(m(a), m(b)))
    }

    /// `I16x8Q15MulrPmulhrsw`: `pmulhrsw` (`-32768 * -32768` gives `-32768`).
    #[target_feature(enable = "ssse3")]
    #[inline]
    pub(crate) unsafe fn i16x8_q15mulr_pmulhrsw(a: u128, b: u128) -> u128 {
        u(_mm_mulhrs_epi16(m(a), m(b)))
    }

    /// `I16x8DotI8x16U8x16Sat`: `pmaddubsw`, whose *first* operand is the unsigned one, so the wasm
    /// operands swap (`a` signed, `b` unsigned).
    #[target_feature(enable = "ssse3")]
    #[inline]
    pub(crate) unsafe fn i16x8_dot_i8x16_u8x16_sat(a: u128, b: u128) -> u128 {
        u(_mm_maddubs_epi16(m(b), m(a)))
    }

    /// `I32x4DotI8x16U8x16AddSatPairs`: `pmaddubsw` (pairs saturated to `i16`), `pmaddwd` with ones
    /// (adjacent `i16` summed exactly to `i32`), `paddd` (wrapping).
    #[target_feature(enable = "ssse3")]
    #[inline]
    pub(crate) unsafe fn i32x4_dot_i8x16_u8x16_add_sat_pairs(a: u128, b: u128, c: u128) -> u128 {
        let pairs = _mm_maddubs_epi16(m(b), m(a));
        let quads = _mm_madd_epi16(pairs, _mm_set1_epi16(1));
        u(_mm_add_epi32(quads, m(c)))
    }

    /// `I32x4TruncF32x4SIntMin`: `cvttps2dq` (NaN and out-of-range lanes give `i32::MIN`).
    #[target_feature(enable = "sse2")]
    #[inline]
    pub(crate) unsafe fn i32x4_trunc_f32x4_s_int_min(a: u128) -> u128 {
        u(_mm_cvttps_epi32(_mm_castsi128_ps(m(a))))
    }

    /// `I32x4TruncF64x2SZeroIntMin`: `cvttpd2dq` (the two results in the low lanes, the high lanes
    /// zeroed by the instruction).
    #[target_feature(enable = "sse2")]
    #[inline]
    pub(crate) unsafe fn i32x4_trunc_f64x2_s_zero_int_min(a: u128) -> u128 {
        u(_mm_cvttpd_epi32(_mm_castsi128_pd(m(a))))
    }

    /// `I8x16LaneselectTopBit`: `pblendvb`, which takes its *second* operand where the mask byte's
    /// top bit is set.
    #[target_feature(enable = "sse4.1")]
    #[inline]
    pub(crate) unsafe fn i8x16_laneselect_top_bit(a: u128, b: u128, c: u128) -> u128 {
        u(_mm_blendv_epi8(m(b), m(a), m(c)))
    }

    /// `I32x4LaneselectTopBit`: `blendvps` (per 32-bit lane, by the lane's top bit).
    #[target_feature(enable = "sse4.1")]
    #[inline]
    pub(crate) unsafe fn i32x4_laneselect_top_bit(a: u128, b: u128, c: u128) -> u128 {
        let (a, b, c) = (
            _mm_castsi128_ps(m(a)),
            _mm_castsi128_ps(m(b)),
            _mm_castsi128_ps(m(c)),
        );
        u(_mm_castps_si128(_mm_blendv_ps(b, a, c)))
    }

    /// `I64x2LaneselectTopBit`: `blendvpd` (per 64-bit lane, by the lane's top bit).
    #[target_feature(enable = "sse4.1")]
    #[inline]
    pub(crate) unsafe fn i64x2_laneselect_top_bit(a: u128, b: u128, c: u128) -> u128 {
        let (a, b, c) = (
            _mm_castsi128_pd(m(a)),
            _mm_castsi128_pd(m(b)),
            _mm_castsi128_pd(m(c)),
        );
        u(_mm_castpd_si128(_mm_blendv_pd(b, a, c)))
    }
}

/// SIMD operations for x86-64-v3 (AVX2, BMI1/2, LZCNT, FMA): the v2 ones, VEX-encoded by the
/// target features of the handlers they are inlined into, plus fused multiply-add.
pub(crate) mod v3_simd {
    use super::conv::{m, u};
    pub(crate) use super::v2_simd::*;
    use std::arch::x86_64::*;

    /// `F32x4MaddFused`: `vfmadd` (`a * b + c`, rounded once).
    #[target_feature(enable = "fma")]
    #[inline]
    pub(crate) unsafe fn f32x4_madd_fused(a: u128, b: u128, c: u128) -> u128 {
        let (a, b, c) = (
            _mm_castsi128_ps(m(a)),
            _mm_castsi128_ps(m(b)),
            _mm_castsi128_ps(m(c)),
        );
        u(_mm_castps_si128(_mm_fmadd_ps(a, b, c)))
    }

    /// `F32x4NmaddFused`: `vfnmadd` (`-(a * b) + c`, rounded once).
    #[target_feature(enable = "fma")]
    #[inline]
    pub(crate) unsafe fn f32x4_nmadd_fused(a: u128, b: u128, c: u128) -> u128 {
        let (a, b, c) = (
            _mm_castsi128_ps(m(a)),
            _mm_castsi128_ps(m(b)),
            _mm_castsi128_ps(m(c)),
        );
        u(_mm_castps_si128(_mm_fnmadd_ps(a, b, c)))
    }

    /// `F64x2MaddFused`: `vfmadd` on `f64` lanes.
    #[target_feature(enable = "fma")]
    #[inline]
    pub(crate) unsafe fn f64x2_madd_fused(a: u128, b: u128, c: u128) -> u128 {
        let (a, b, c) = (
            _mm_castsi128_pd(m(a)),
            _mm_castsi128_pd(m(b)),
            _mm_castsi128_pd(m(c)),
        );
        u(_mm_castpd_si128(_mm_fmadd_pd(a, b, c)))
    }

    /// `F64x2NmaddFused`: `vfnmadd` on `f64` lanes.
    #[target_feature(enable = "fma")]
    #[inline]
    pub(crate) unsafe fn f64x2_nmadd_fused(a: u128, b: u128, c: u128) -> u128 {
        let (a, b, c) = (
            _mm_castsi128_pd(m(a)),
            _mm_castsi128_pd(m(b)),
            _mm_castsi128_pd(m(c)),
        );
        u(_mm_castpd_si128(_mm_fnmadd_pd(a, b, c)))
    }
}

/// SIMD operations for the AVX-512 levels. Only ever called from handlers of the `v4` and
/// `icelake` sets, which are selected only on hosts with these features (`select`). This host may
/// not have AVX-512 at all: every lane order and corner case here is taken from the Intel
/// intrinsics guide and checked against the portable meaning by tests that run where the host can.
pub(crate) mod avx512 {
    /// x86-64-v4 (AVX-512 F, BW, CD, DQ, VL): the v3 operations, EVEX-encodable, plus the
    /// instructions AVX-512 adds for 128-bit vectors.
    pub(crate) mod v4_simd {
        use super::super::conv::{m, u};
        pub(crate) use super::super::v3_simd::*;
        use std::arch::x86_64::*;

        /// `vpternlogq` truth table for `(a & c) | (b & !c)`: bit `(a << 2) | (b << 1) | c` of the
        /// immediate is the result for those input bits. With the canonical inputs a = 0xf0,
        /// b = 0xcc, c = 0xaa the expression itself computes the table.
        const BITSELECT: i32 = (0xf0 & 0xaa) | (0xcc & !0xaa & 0xff);

        /// `v128.bitselect` with one `vpternlogq`.
        #[target_feature(enable = "avx512f,avx512vl")]
        #[inline]
        pub(crate) unsafe fn v128_bitselect(a: u128, b: u128, c: u128) -> u128 {
            u(_mm_ternarylogic_epi64::<BITSELECT>(m(a), m(b), m(c)))
        }

        /// `i8x16.relaxed_laneselect` (deterministic: bitwise) with `vpternlogq`.
        #[target_feature(enable = "avx512f,avx512vl")]
        #[inline]
        pub(crate) unsafe fn i8x16_relaxed_laneselect(a: u128, b: u128, c: u128) -> u128 {
            // SAFETY: same target features as this function.
            unsafe { v128_bitselect(a, b, c) }
        }

        /// `i16x8.relaxed_laneselect` (always bitwise) with `vpternlogq`.
        #[target_feature(enable = "avx512f,avx512vl")]
        #[inline]
        pub(crate) unsafe fn i16x8_relaxed_laneselect(a: u128, b: u128, c: u128) -> u128 {
            // SAFETY: same target features as this function.
            unsafe { v128_bitselect(a, b, c) }
        }

        /// `i32x4.relaxed_laneselect` (deterministic: bitwise) with `vpternlogq`.
        #[target_feature(enable = "avx512f,avx512vl")]
        #[inline]
        pub(crate) unsafe fn i32x4_relaxed_laneselect(a: u128, b: u128, c: u128) -> u128 {
            // SAFETY: same target features as this function.
            unsafe { v128_bitselect(a, b, c) }
        }

        /// `i64x2.relaxed_laneselect` (deterministic: bitwise) with `vpternlogq`.
        #[target_feature(enable = "avx512f,avx512vl")]
        #[inline]
        pub(crate) unsafe fn i64x2_relaxed_laneselect(a: u128, b: u128, c: u128) -> u128 {
            // SAFETY: same target features as this function.
            unsafe { v128_bitselect(a, b, c) }
        }

        /// `i64x2.mul` with `vpmullq` (the low 64 bits of each product, as wasm wraps).
        #[target_feature(enable = "avx512dq,avx512vl")]
        #[inline]
        pub(crate) unsafe fn i64x2_mul(a: u128, b: u128) -> u128 {
            u(_mm_mullo_epi64(m(a), m(b)))
        }

        /// `i64x2.abs` with `vpabsq` (`i64::MIN` stays `i64::MIN`, as wasm wraps).
        #[target_feature(enable = "avx512f,avx512vl")]
        #[inline]
        pub(crate) unsafe fn i64x2_abs(a: u128) -> u128 {
            u(_mm_abs_epi64(m(a)))
        }

        /// `i64x2.shr_s` with `vpsraq`; wasm takes the count modulo 64 (the instruction would
        /// fill with sign bits for counts of 64 and more).
        #[target_feature(enable = "avx512f,avx512vl")]
        #[inline]
        pub(crate) unsafe fn i64x2_shr_s(a: u128, count: i32) -> u128 {
            u(_mm_sra_epi64(m(a), _mm_cvtsi32_si128(count & 63)))
        }

        /// `i32x4.trunc_sat_f32x4_u`: `maxps` with zero first (it returns its second operand, 0,
        /// for NaN and for -0, and clamps negatives), then `vcvttps2udq`, which truncates and
        /// gives `u32::MAX` (its "integer indefinite") for lanes of 2^32 and more, +inf included.
        #[target_feature(enable = "avx512f,avx512vl")]
        #[inline]
        pub(crate) unsafe fn i32x4_trunc_sat_f32x4_u(a: u128) -> u128 {
            let clamped = _mm_max_ps(_mm_castsi128_ps(m(a)), _mm_setzero_ps());
            u(_mm_cvttps_epu32(clamped))
        }

        /// `i32x4.relaxed_trunc_f32x4_u` (always the saturating result).
        #[target_feature(enable = "avx512f,avx512vl")]
        #[inline]
        pub(crate) unsafe fn i32x4_relaxed_trunc_f32x4_u(a: u128) -> u128 {
            // SAFETY: same target features as this function.
            unsafe { i32x4_trunc_sat_f32x4_u(a) }
        }

        /// `i32x4.trunc_sat_f64x2_u_zero`: `maxpd` with zero, then `vcvttpd2udq`, which writes
        /// the two results to the low lanes and zeroes the high ones.
        #[target_feature(enable = "avx512f,avx512vl")]
        #[inline]
        pub(crate) unsafe fn i32x4_trunc_sat_f64x2_u_zero(a: u128) -> u128 {
            let clamped = _mm_max_pd(_mm_castsi128_pd(m(a)), _mm_setzero_pd());
            u(_mm_cvttpd_epu32(clamped))
        }

        /// `i32x4.relaxed_trunc_f64x2_u_zero` (always the saturating result).
        #[target_feature(enable = "avx512f,avx512vl")]
        #[inline]
        pub(crate) unsafe fn i32x4_relaxed_trunc_f64x2_u_zero(a: u128) -> u128 {
            // SAFETY: same target features as this function.
            unsafe { i32x4_trunc_sat_f64x2_u_zero(a) }
        }

        /// `f32x4.convert_i32x4_u` with `vcvtudq2ps` (rounded to nearest even by the default
        /// MXCSR, as wasm rounds). Rust has no 128-bit intrinsic for it: the vector is
        /// zero-extended to 512 bits, converted, and its low 128 bits kept (LLVM selects the
        /// 128-bit form with AVX512VL).
        #[target_feature(enable = "avx512f,avx512vl")]
        #[inline]
        pub(crate) unsafe fn f32x4_convert_i32x4_u(a: u128) -> u128 {
            let wide = _mm512_cvtepu32_ps(_mm512_zextsi128_si512(m(a)));
            u(_mm_castps_si128(_mm512_castps512_ps128(wide)))
        }

        /// `f64x2.convert_low_i32x4_u` with `vcvtudq2pd` (the two low lanes; exact).
        #[target_feature(enable = "avx512f,avx512vl")]
        #[inline]
        pub(crate) unsafe fn f64x2_convert_low_i32x4_u(a: u128) -> u128 {
            u(_mm_castpd_si128(_mm_cvtepu32_pd(m(a))))
        }
    }

    /// Ice Lake level (x86-64-v4 + AVX-512 VBMI, BITALG, VNNI): the v4 operations plus byte
    /// permutes, byte popcount and the dot-product instruction.
    pub(crate) mod icelake_simd {
        use super::super::conv::{m, u};
        pub(crate) use super::v4_simd::*;
        use std::arch::x86_64::*;

        /// `i8x16.popcnt` with `vpopcntb`.
        #[target_feature(enable = "avx512bitalg,avx512vl")]
        #[inline]
        pub(crate) unsafe fn i8x16_popcnt(a: u128) -> u128 {
            u(_mm_popcnt_epi8(m(a)))
        }

        /// `i8x16.swizzle` with `vpermb` (lane `index % 16`), zeroing through the mask the lanes
        /// whose index is 16 or more (unsigned compare).
        #[target_feature(enable = "avx512vbmi,avx512bw,avx512vl")]
        #[inline]
        pub(crate) unsafe fn i8x16_swizzle(a: u128, b: u128) -> u128 {
            let idx = m(b);
            let in_range = _mm_cmplt_epu8_mask(idx, _mm_set1_epi8(16));
            u(_mm_maskz_permutexvar_epi8(in_range, idx, m(a)))
        }

        /// `i8x16.relaxed_swizzle` under the deterministic semantics (the same as `i8x16.swizzle`).
        #[target_feature(enable = "avx512vbmi,avx512bw,avx512vl")]
        #[inline]
        pub(crate) unsafe fn i8x16_relaxed_swizzle(a: u128, b: u128) -> u128 {
            // SAFETY: same target features as this function.
            unsafe { i8x16_swizzle(a, b) }
        }

        /// `I32x4DotI8x16U8x16AddExact` with `vpdpbusd`, whose first byte operand is the
        /// unsigned one: `c + sum of 4 (b unsigned * a signed)`, exact and then wrapping.
        #[target_feature(enable = "avx512vnni,avx512vl")]
        #[inline]
        pub(crate) unsafe fn i32x4_dot_i8x16_u8x16_add_exact(a: u128, b: u128, c: u128) -> u128 {
            u(_mm_dpbusd_epi32(m(c), m(b), m(a)))
        }
    }
}

/// The executor for x86-64-v2.
pub(crate) mod v2 {
    #![expect(non_snake_case, reason = "handlers are named after their op variants")]
    use super::*;
    define_handler_set!(
        [crate::sets::x86_64::v2_simd]
        #[target_feature(enable = "sse3,ssse3,sse4.1,sse4.2,popcnt,cmpxchg16b")]
    );
}

/// The executor for x86-64-v3.
pub(crate) mod v3 {
    #![expect(non_snake_case, reason = "handlers are named after their op variants")]
    use super::*;
    define_handler_set!(
        [crate::sets::x86_64::v3_simd]
        #[target_feature(enable = "sse3,ssse3,sse4.1,sse4.2,popcnt,cmpxchg16b,avx,avx2,bmi1,bmi2,lzcnt,fma,movbe,f16c")]
    );
}

/// The executor for x86-64-v4.
pub(crate) mod v4 {
    #![expect(non_snake_case, reason = "handlers are named after their op variants")]
    use super::*;
    define_handler_set!(
        [crate::sets::x86_64::avx512::v4_simd]
        #[target_feature(enable = "sse3,ssse3,sse4.1,sse4.2,popcnt,cmpxchg16b,avx,avx2,bmi1,bmi2,lzcnt,fma,movbe,f16c,avx512f,avx512bw,avx512cd,avx512dq,avx512vl")]
    );
}

/// The executor for Ice Lake-level AVX-512 (x86-64-v4 + VBMI, BITALG, VNNI).
pub(crate) mod icelake {
    #![expect(non_snake_case, reason = "handlers are named after their op variants")]
    use super::*;
    define_handler_set!(
        [crate::sets::x86_64::avx512::icelake_simd]
        #[target_feature(enable = "sse3,ssse3,sse4.1,sse4.2,popcnt,cmpxchg16b,avx,avx2,bmi1,bmi2,lzcnt,fma,movbe,f16c,avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx512vbmi,avx512bitalg,avx512vnni")]
    );
}

/// The features each level needs, as the profile names them (the same list as the level's
/// `#[target_feature]`, which is what makes running its handlers sound).
const V2: &[Feature] = &[
    Feature::Sse3,
    Feature::Ssse3,
    Feature::Sse41,
    Feature::Sse42,
    Feature::Popcnt,
    Feature::Cmpxchg16b,
];
const V3: &[Feature] = &[
    Feature::Sse3,
    Feature::Ssse3,
    Feature::Sse41,
    Feature::Sse42,
    Feature::Popcnt,
    Feature::Cmpxchg16b,
    Feature::Avx,
    Feature::Avx2,
    Feature::Bmi1,
    Feature::Bmi2,
    Feature::Lzcnt,
    Feature::Fma,
    Feature::Movbe,
    Feature::F16c,
];
const V4_EXTRA: &[Feature] = &[
    Feature::Avx512f,
    Feature::Avx512bw,
    Feature::Avx512cd,
    Feature::Avx512dq,
    Feature::Avx512vl,
];
const ICELAKE_EXTRA: &[Feature] = &[
    Feature::Avx512vbmi,
    Feature::Avx512bitalg,
    Feature::Avx512vnni,
];

/// One x86-64 level: its set's name, its table and the features it needs beyond the level below.
struct Level {
    set: fn() -> HandlerSet,
    needs: &'static [&'static [Feature]],
}

/// The levels, best first.
const LEVELS: [Level; 4] = [
    Level {
        set: || HandlerSet::new("icelake-server", &icelake::TABLE),
        needs: &[V3, V4_EXTRA, ICELAKE_EXTRA],
    },
    Level {
        set: || HandlerSet::new("x86-64-v4", &v4::TABLE),
        needs: &[V3, V4_EXTRA],
    },
    Level {
        set: || HandlerSet::new("x86-64-v3", &v3::TABLE),
        needs: &[V3],
    },
    Level {
        set: || HandlerSet::new("x86-64-v2", &v2::TABLE),
        needs: &[V2],
    },
];

/// Whether `profile` has every feature `level` needs.
fn has_level(profile: &CpuProfile, level: &Level) -> bool {
    profile.arch() == tailor_cpu::Arch::X86_64
        && level
            .needs
            .iter()
            .all(|list| list.iter().all(|f| profile.has(*f)))
}

/// The best x86-64 set the profile allows and the host can run.
pub(crate) fn select(profile: &CpuProfile) -> Option<HandlerSet> {
    let host = CpuProfile::host();
    LEVELS
        .iter()
        .find(|level| has_level(profile, level) && has_level(&host, level))
        .map(|level| (level.set)())
}

/// The x86-64 sets built in that this host cannot run, best first, with the features it lacks.
pub(crate) fn arch_unavailable() -> Vec<(&'static str, Vec<Feature>)> {
    let host = CpuProfile::host();
    LEVELS
        .iter()
        .filter(|level| !has_level(&host, level))
        .map(|level| {
            let mut missing: Vec<Feature> = level
                .needs
                .iter()
                .flat_map(|list| list.iter().copied())
                .filter(|f| !host.has(*f))
                .collect();
            missing.sort_unstable();
            missing.dedup();
            ((level.set)().name(), missing)
        })
        .collect()
}

/// The x86-64 sets this host can run, lowest level first.
pub(crate) fn arch_sets() -> Vec<HandlerSet> {
    let host = CpuProfile::host();
    LEVELS
        .iter()
        .rev()
        .filter(|level| has_level(&host, level))
        .map(|level| (level.set)())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{has_level, LEVELS};
    use crate::ops::simd;
    use crate::ops::simd_tests_support::{inputs, same_float};
    use tailor_cpu::CpuProfile;

    #[test]
    fn level_tables_follow_op_discriminants() {
        assert_eq!(super::v2::TABLE_NAMES.as_slice(), crate::ops::NAMES);
        assert_eq!(super::v3::TABLE_NAMES.as_slice(), crate::ops::NAMES);
        assert_eq!(super::v4::TABLE_NAMES.as_slice(), crate::ops::NAMES);
        assert_eq!(super::icelake::TABLE_NAMES.as_slice(), crate::ops::NAMES);
    }

    /// Whether the host can run the level whose set is called `name`; prints a counted skip
    /// (`SKIP test: reason`, on stderr past the harness's capture) when it cannot.
    fn host_runs(name: &str, skipped: &mut Vec<String>) -> bool {
        let host = CpuProfile::host();
        let level = LEVELS
            .iter()
            .find(|l| (l.set)().name() == name)
            .expect("a level of that name");
        if has_level(&host, level) {
            return true;
        }
        let missing: Vec<&str> = level
            .needs
            .iter()
            .flat_map(|list| list.iter())
            .filter(|f| !host.has(**f))
            .map(|f| f.name())
            .collect();
        let reason = format!("host lacks {}", missing.join(", "));
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "SKIP sets::x86_64 intrinsics of {name}: {reason}"
        );
        skipped.push(format!("{name}: {reason}"));
        false
    }

    /// Compares `$m::f` with the portable `simd::f` for every listed function of each arity, on
    /// every input vector (`inputs()`: random and edge-case lanes); returns the comparisons made.
    macro_rules! check {
        ($m:path, $same:expr; unary: [$($u:ident),* $(,)?] binary: [$($b:ident),* $(,)?] ternary: [$($t:ident),* $(,)?]) => {{
            let same: fn(u128, u128) -> bool = $same;
            use $m as set;
            let v = inputs();
            let mut n = 0usize;
            for (i, &a) in v.iter().enumerate() {
                $(
                    // SAFETY: the caller checked that the host has the level's features.
                    let got = unsafe { set::$u(a) };
                    assert!(same(got, simd::$u(a)), "{} {}({a:#x}) = {got:#x}, portable {:#x}", stringify!($m), stringify!($u), simd::$u(a));
                    n += 1;
                )*
                for &b in v.iter().skip(i % 7).step_by(7) {
                    $(
                        // SAFETY: as above.
                        let got = unsafe { set::$b(a, b) };
                        assert!(same(got, simd::$b(a, b)), "{} {}({a:#x}, {b:#x}) = {got:#x}, portable {:#x}", stringify!($m), stringify!($b), simd::$b(a, b));
                        n += 1;
                    )*
                    let c = v[(i * 31 + 7) % v.len()];
                    let _ = (b, c); // unused by a list without binary or ternary functions
                    $(
                        // SAFETY: as above.
                        let got = unsafe { set::$t(a, b, c) };
                        assert!(same(got, simd::$t(a, b, c)), "{} {}({a:#x}, {b:#x}, {c:#x}) = {got:#x}, portable {:#x}", stringify!($m), stringify!($t), simd::$t(a, b, c));
                        n += 1;
                    )*
                }
            }
            n
        }};
    }

    /// Every intrinsic override of every x86-64 level this host can run agrees with the portable
    /// meaning (bit for bit; NaN lanes only need to be NaN). Levels the host cannot run are counted
    /// skips with the missing features as the reason.
    #[test]
    fn intrinsics_match_portable() {
        let mut skipped = Vec::new();
        let mut checked = 0;
        if host_runs("x86-64-v2", &mut skipped) {
            checked += check!(super::v2_simd, same_float;
                unary: [f32x4_nearest, f64x2_nearest]
                binary: []
                ternary: []);
            checked += check!(super::v2_simd, |x, y| x == y;
                unary: [i8x16_popcnt, i32x4_trunc_f32x4_s_int_min,
                    i32x4_trunc_f64x2_s_zero_int_min]
                binary: [i8x16_swizzle, i16x8_q15mulr_sat_s, i32x4_mul, i8x16_swizzle_pshufb,
                    i8x16_relaxed_swizzle, i16x8_relaxed_q15mulr_s,
                    i16x8_q15mulr_pmulhrsw, i16x8_dot_i8x16_u8x16_sat]
                ternary: [i32x4_dot_i8x16_u8x16_add_sat_pairs, i8x16_laneselect_top_bit,
                    i32x4_laneselect_top_bit, i64x2_laneselect_top_bit]);
        }
        if host_runs("x86-64-v3", &mut skipped) {
            checked += check!(super::v3_simd, same_float;
                unary: []
                binary: []
                ternary: [f32x4_madd_fused, f32x4_nmadd_fused, f64x2_madd_fused, f64x2_nmadd_fused]);
        }
        if host_runs("x86-64-v4", &mut skipped) {
            checked += check!(super::avx512::v4_simd, |x, y| x == y;
                unary: [i64x2_abs, i32x4_trunc_sat_f32x4_u, i32x4_relaxed_trunc_f32x4_u,
                    i32x4_trunc_sat_f64x2_u_zero, i32x4_relaxed_trunc_f64x2_u_zero,
                    f32x4_convert_i32x4_u, f64x2_convert_low_i32x4_u]
                binary: [i64x2_mul]
                ternary: [v128_bitselect, i8x16_relaxed_laneselect, i16x8_relaxed_laneselect,
                    i32x4_relaxed_laneselect, i64x2_relaxed_laneselect]);
            for &a in &inputs() {
                for count in [0, 1, 31, 63, 64, 65, -1, i32::MIN] {
                    // SAFETY: the host has the level's features (checked above).
                    let got = unsafe { super::avx512::v4_simd::i64x2_shr_s(a, count) };
                    assert_eq!(
                        got,
                        simd::i64x2_shr_s(a, count),
                        "i64x2_shr_s({a:#x}, {count})"
                    );
                    checked += 1;
                }
            }
        }
        if host_runs("icelake-server", &mut skipped) {
            checked += check!(super::avx512::icelake_simd, |x, y| x == y;
                unary: [i8x16_popcnt]
                binary: [i8x16_swizzle, i8x16_relaxed_swizzle]
                ternary: [i32x4_dot_i8x16_u8x16_add_exact]);
        }
        println!(
            "{checked} comparisons with the portable meaning; {} level(s) skipped{}",
            skipped.len(),
            if skipped.is_empty() {
                String::new()
            } else {
                format!(" ({})", skipped.join("; "))
            }
        );
        assert!(checked > 0 || skipped.len() == 4, "nothing was compared");
    }

    /// The levels form a chain: each needs everything the level below it needs, and the sets of
    /// this host are the levels it has, lowest first.
    #[test]
    fn levels_are_ordered() {
        for pair in LEVELS.windows(2) {
            let (upper, lower) = (&pair[0], &pair[1]);
            for f in lower.needs.iter().flat_map(|l| l.iter()) {
                assert!(
                    upper.needs.iter().any(|l| l.contains(f)),
                    "{} lacks {} of {}",
                    (upper.set)().name(),
                    f.name(),
                    (lower.set)().name()
                );
            }
        }
        let host = CpuProfile::host();
        let names: Vec<_> = super::arch_sets().iter().map(|s| s.name()).collect();
        let expected: Vec<_> = LEVELS
            .iter()
            .rev()
            .filter(|l| has_level(&host, l))
            .map(|l| (l.set)().name())
            .collect();
        assert_eq!(names, expected);
        for preset in ["x86-64-v2", "x86-64-v3", "x86-64-v4", "icelake-server"] {
            let p = CpuProfile::preset(preset).expect("preset");
            let chosen = super::select(&p).map(|s| s.name());
            if names.contains(&preset) {
                assert_eq!(chosen, Some(preset), "the preset selects its own set");
            } else {
                assert_ne!(
                    chosen,
                    Some(preset),
                    "a set the host cannot run is never chosen"
                );
            }
        }
    }
}
