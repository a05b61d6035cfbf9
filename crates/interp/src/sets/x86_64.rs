//! x86-64 handler sets (DESIGN rule 1: the only interpreter file with x86 code), registered by
//! `sets/mod.rs`.
//!
//! Each level is the *whole* executor compiled with that level's target features
//! (`#[target_feature]` on every handler), so everything inlined into a handler — integer bit
//! operations, float rounding, the lane loops of the portable SIMD code — is compiled for the CPU,
//! plus intrinsic versions of the SIMD operations that map to one instruction the compiler would
//! not find on its own. A level is used only when the profile asks for it *and* the host has its
//! features (checked with `is_x86_feature_detected!`), so it can never raise SIGILL. Note that
//! `lzcnt`/`tzcnt` silently run as `bsr`/`bsf` on CPUs without LZCNT/BMI1: only the v3 set, which
//! requires both, may use them.

use crate::exec::handlers::define_handler_set;
use crate::HandlerSet;
use tailor_cpu::{CpuProfile, Feature};

/// SIMD operations for x86-64-v2 (SSE4.2 + POPCNT): the portable ones, with SSSE3/SSE4.1
/// instructions where one does the whole job.
pub(crate) mod v2_simd {
    pub(crate) use crate::ops::simd::*;
    use std::arch::x86_64::*;

    #[inline(always)]
    fn m(v: u128) -> __m128i {
        // SAFETY: both are 16 plain bytes.
        unsafe { std::mem::transmute::<u128, __m128i>(v) }
    }

    #[inline(always)]
    fn u(v: __m128i) -> u128 {
        // SAFETY: both are 16 plain bytes.
        unsafe { std::mem::transmute::<__m128i, u128>(v) }
    }

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
}

/// SIMD operations for x86-64-v3 (AVX2, BMI1/2, LZCNT, FMA): the v2 ones, VEX-encoded by the
/// target features of the handlers they are inlined into.
pub(crate) mod v3_simd {
    pub(crate) use super::v2_simd::*;
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

/// The features each level needs, as the profile names them.
const V2: &[Feature] = &[
    Feature::Sse3,
    Feature::Ssse3,
    Feature::Sse41,
    Feature::Sse42,
    Feature::Popcnt,
];
const V3: &[Feature] = &[
    Feature::Sse3,
    Feature::Ssse3,
    Feature::Sse41,
    Feature::Sse42,
    Feature::Popcnt,
    Feature::Avx,
    Feature::Avx2,
    Feature::Bmi1,
    Feature::Bmi2,
    Feature::Lzcnt,
    Feature::Fma,
];

fn host_has_v2() -> bool {
    is_x86_feature_detected!("sse3")
        && is_x86_feature_detected!("ssse3")
        && is_x86_feature_detected!("sse4.1")
        && is_x86_feature_detected!("sse4.2")
        && is_x86_feature_detected!("popcnt")
        && is_x86_feature_detected!("cmpxchg16b")
}

fn host_has_v3() -> bool {
    host_has_v2()
        && is_x86_feature_detected!("avx")
        && is_x86_feature_detected!("avx2")
        && is_x86_feature_detected!("bmi1")
        && is_x86_feature_detected!("bmi2")
        && is_x86_feature_detected!("lzcnt")
        && is_x86_feature_detected!("fma")
        && is_x86_feature_detected!("movbe")
        && is_x86_feature_detected!("f16c")
}

fn v2_set() -> HandlerSet {
    HandlerSet::new("x86-64-v2", &v2::TABLE)
}

fn v3_set() -> HandlerSet {
    HandlerSet::new("x86-64-v3", &v3::TABLE)
}

/// The best x86-64 set the profile allows and the host can run.
pub(crate) fn select(profile: &CpuProfile) -> Option<HandlerSet> {
    if profile.arch() != tailor_cpu::Arch::X86_64 {
        return None;
    }
    let allows = |need: &[Feature]| need.iter().all(|f| profile.has(*f));
    if allows(V3) && host_has_v3() {
        Some(v3_set())
    } else if allows(V2) && host_has_v2() {
        Some(v2_set())
    } else {
        None
    }
}

/// The x86-64 sets this host can run.
pub(crate) fn arch_sets() -> Vec<HandlerSet> {
    let mut sets = Vec::new();
    if host_has_v2() {
        sets.push(v2_set());
    }
    if host_has_v3() {
        sets.push(v3_set());
    }
    sets
}

#[cfg(test)]
mod tests {
    use crate::ops::simd;

    fn pattern(seed: u64) -> u128 {
        let mut x = seed | 1;
        let mut v = 0u128;
        for _ in 0..2 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            v = (v << 64) | x as u128;
        }
        v
    }

    #[test]
    fn level_tables_follow_op_discriminants() {
        assert_eq!(super::v2::TABLE_NAMES.as_slice(), crate::ops::NAMES);
        assert_eq!(super::v3::TABLE_NAMES.as_slice(), crate::ops::NAMES);
    }

    /// The intrinsic versions agree with the portable ones (when this host can run them).
    #[test]
    fn intrinsics_match_portable() {
        if !(is_x86_feature_detected!("ssse3") && is_x86_feature_detected!("sse4.1")) {
            return;
        }
        let mut specials = vec![0u128, u128::MAX, 0x8000_8000_8000_8000_8000_8000_8000_8000];
        specials.extend((1..200).map(pattern));
        for &a in &specials {
            for &b in specials.iter().take(40) {
                // SAFETY: the features were detected above.
                unsafe {
                    assert_eq!(
                        super::v2_simd::i8x16_swizzle(a, b),
                        simd::i8x16_swizzle(a, b)
                    );
                    assert_eq!(
                        super::v2_simd::i16x8_q15mulr_sat_s(a, b),
                        simd::i16x8_q15mulr_sat_s(a, b)
                    );
                    assert_eq!(super::v2_simd::i32x4_mul(a, b), simd::i32x4_mul(a, b));
                }
            }
            // SAFETY: as above.
            unsafe {
                assert_eq!(super::v2_simd::i8x16_popcnt(a), simd::i8x16_popcnt(a));
            }
        }
        let floats = [0.5f32, 1.5, 2.5, -0.5, -1.5, 1e10, -3.7, 0.49999997];
        let mut v = 0u128;
        for (i, f) in floats.iter().take(4).enumerate() {
            v |= (f.to_bits() as u128) << (32 * i);
        }
        // SAFETY: as above.
        unsafe { assert_eq!(super::v2_simd::f32x4_nearest(v), simd::f32x4_nearest(v)) };
    }
}
