//! Relaxed SIMD per CPU: which of the results the Wasm 3.0 specification allows each relaxed-SIMD
//! operator gives on a profile.
//!
//! Relaxed SIMD lets a runtime use the CPU's own instruction where CPUs disagree on corner cases
//! (out-of-range swizzle indices, NaN in min/max, fused or unfused multiply-add, …). tailor decides
//! that choice here, once per profile and [`RelaxedMode`]; the interpreter's translator picks the op
//! that computes it and the compiler's lowering hooks pick the instruction, so every tier and every
//! handler set gives bit-identical results for one profile (NaN payloads aside, as for every float
//! op: docs/portability.md). [`RelaxedMode::Deterministic`] gives the specification's deterministic
//! profile on every CPU.

use std::fmt;

use crate::{Arch, CpuProfile, Feature};

/// How relaxed-SIMD operators are computed (`--relaxed-simd`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RelaxedMode {
    /// The CPU's own instruction, as [`RelaxedSemantics::new`] chooses for the profile (the default).
    #[default]
    Native,
    /// The Wasm 3.0 deterministic profile on every CPU: the same result everywhere, also on CPUs
    /// without fused multiply-add (`relaxed_madd` is then an unfused multiply and add).
    Deterministic,
}

impl RelaxedMode {
    /// The name as `--relaxed-simd` spells it.
    pub fn name(self) -> &'static str {
        match self {
            RelaxedMode::Native => "native",
            RelaxedMode::Deterministic => "deterministic",
        }
    }

    /// Parses `native` or `deterministic`.
    pub fn from_name(name: &str) -> Option<RelaxedMode> {
        match name {
            "native" => Some(RelaxedMode::Native),
            "deterministic" => Some(RelaxedMode::Deterministic),
            _ => None,
        }
    }
}

impl fmt::Display for RelaxedMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `f32x4/f64x2.relaxed_madd` and `relaxed_nmadd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Madd {
    /// Multiply, round, add, round (the deterministic profile).
    Unfused,
    /// One fused multiply-add, rounded once (x86 FMA3, AArch64 `fmla`, RISC-V `vfmacc`).
    Fused,
}

/// `i8x16.relaxed_swizzle`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Swizzle {
    /// `i8x16.swizzle`: an index of 16 or more gives 0 (deterministic; AArch64 `tbl`).
    Wasm,
    /// x86 `pshufb`: an index with its top bit set gives 0, any other selects lane `index % 16`.
    Pshufb,
}

/// `i32x4.relaxed_trunc_f32x4_s` and `i32x4.relaxed_trunc_f64x2_s_zero` (the unsigned ones always
/// saturate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TruncSigned {
    /// Saturate, NaN gives 0 (deterministic; AArch64 `fcvtzs`).
    Saturating,
    /// x86 `cvttps2dq`/`cvttpd2dq`: NaN and out-of-range lanes give `i32::MIN`.
    IntMin,
}

/// `i8x16`, `i32x4` and `i64x2.relaxed_laneselect` (`i16x8` is always bitwise: x86 has no word blend).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Laneselect {
    /// `v128.bitselect` (deterministic; AArch64 `bsl`).
    Bitwise,
    /// x86 `pblendvb`/`blendvps`/`blendvpd`: each lane is taken whole from `a` when the top bit of
    /// the mask's lane is set, else from `b`.
    TopBit,
}

/// `f32x4/f64x2.relaxed_min` and `relaxed_max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MinMax {
    /// `f32x4.min`/`max`: NaN propagates, `-0 < +0` (deterministic; AArch64 `fmin`/`fmax`).
    Wasm,
    /// `f32x4.pmin`/`pmax` (x86 `minps`/`maxps`): `b < a ? b : a` and `a < b ? b : a`.
    Pseudo,
}

/// `i16x8.relaxed_q15mulr_s`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Q15Mulr {
    /// `i16x8.q15mulr_sat_s` (deterministic; AArch64 `sqrdmulh`).
    Saturating,
    /// x86 `pmulhrsw`: `-32768 × -32768` gives `-32768` instead of saturating.
    Pmulhrsw,
}

/// `i16x8.relaxed_dot_i8x16_i7x16_s`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dot {
    /// Signed × signed bytes, adjacent products added wrapping to 16 bits (deterministic).
    Signed,
    /// x86 `pmaddubsw`: `a` signed × `b` unsigned, adjacent products added with signed saturation.
    SatUnsignedB,
}

/// `i32x4.relaxed_dot_i8x16_i7x16_add_s`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DotAdd {
    /// Signed × signed bytes, four products summed exactly, plus `c` wrapping (deterministic;
    /// AArch64 `sdot` with dotprod).
    ExactSigned,
    /// `a` signed × `b` unsigned, four products summed exactly, plus `c` wrapping (x86 `vpdpbusd`
    /// with AVX-VNNI or AVX-512 VNNI, AArch64 `usdot` with i8mm).
    ExactUnsignedB,
    /// x86 without VNNI: `pmaddubsw` (pairs saturated to 16 bits), then `pmaddwd` with ones, plus `c`.
    SatPairsUnsignedB,
}

/// The result every relaxed-SIMD operator gives for one profile and mode: the one definition the
/// interpreter's handler sets and the compiler's lowering both follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RelaxedSemantics {
    /// `relaxed_madd` / `relaxed_nmadd`.
    pub madd: Madd,
    /// `i8x16.relaxed_swizzle`.
    pub swizzle: Swizzle,
    /// The signed relaxed truncations.
    pub trunc_signed: TruncSigned,
    /// `relaxed_laneselect` (all but `i16x8`).
    pub laneselect: Laneselect,
    /// `relaxed_min` / `relaxed_max`.
    pub min_max: MinMax,
    /// `i16x8.relaxed_q15mulr_s`.
    pub q15mulr: Q15Mulr,
    /// `i16x8.relaxed_dot_i8x16_i7x16_s`.
    pub dot: Dot,
    /// `i32x4.relaxed_dot_i8x16_i7x16_add_s`.
    pub dot_add: DotAdd,
}

impl RelaxedSemantics {
    /// The Wasm 3.0 deterministic profile.
    pub const DETERMINISTIC: RelaxedSemantics = RelaxedSemantics {
        madd: Madd::Unfused,
        swizzle: Swizzle::Wasm,
        trunc_signed: TruncSigned::Saturating,
        laneselect: Laneselect::Bitwise,
        min_max: MinMax::Wasm,
        q15mulr: Q15Mulr::Saturating,
        dot: Dot::Signed,
        dot_add: DotAdd::ExactSigned,
    };

    /// What `profile` computes in `mode`: in native mode, the result of the instruction the
    /// profile's CPU does each operator with in one go (x86 needs SSSE3 for `pshufb`, `pmulhrsw` and
    /// `pmaddubsw`, SSE4.1 for the blends, FMA for fused multiply-add).
    pub fn new(profile: &CpuProfile, mode: RelaxedMode) -> RelaxedSemantics {
        let det = RelaxedSemantics::DETERMINISTIC;
        if mode == RelaxedMode::Deterministic {
            return det;
        }
        let has = |f| profile.has(f);
        match profile.arch() {
            Arch::X86_64 => {
                let ssse3 = has(Feature::Ssse3);
                let vnni =
                    has(Feature::Avxvnni) || (has(Feature::Avx512vnni) && has(Feature::Avx512vl));
                RelaxedSemantics {
                    madd: pick(has(Feature::Fma), Madd::Fused, det.madd),
                    swizzle: pick(ssse3, Swizzle::Pshufb, det.swizzle),
                    trunc_signed: TruncSigned::IntMin,
                    laneselect: pick(has(Feature::Sse41), Laneselect::TopBit, det.laneselect),
                    min_max: MinMax::Pseudo,
                    q15mulr: pick(ssse3, Q15Mulr::Pmulhrsw, det.q15mulr),
                    dot: pick(ssse3, Dot::SatUnsignedB, det.dot),
                    dot_add: if vnni {
                        DotAdd::ExactUnsignedB
                    } else {
                        pick(ssse3, DotAdd::SatPairsUnsignedB, det.dot_add)
                    },
                }
            }
            Arch::Aarch64 => RelaxedSemantics {
                // NEON always has `fmla`; the other NEON instructions compute the deterministic
                // result already (`tbl`, `fcvtzs`, `bsl`, `fmin`, `sqrdmulh`, `sdot`).
                madd: pick(has(Feature::Neon), Madd::Fused, det.madd),
                dot_add: pick(has(Feature::I8mm), DotAdd::ExactUnsignedB, det.dot_add),
                ..det
            },
            Arch::Riscv64 => RelaxedSemantics {
                madd: pick(has(Feature::V), Madd::Fused, det.madd),
                ..det
            },
            Arch::S390x | Arch::Other(_) => det,
        }
    }

    /// Whether this is the deterministic profile.
    pub fn is_deterministic(&self) -> bool {
        *self == RelaxedSemantics::DETERMINISTIC
    }

    /// Each choice as (operators, what they compute), for `tailor targets` and `tailor inspect`.
    pub fn describe(&self) -> [(&'static str, &'static str); 8] {
        [
            (
                "relaxed_madd/nmadd",
                match self.madd {
                    Madd::Unfused => "unfused (mul, add)",
                    Madd::Fused => "fused (one rounding)",
                },
            ),
            (
                "relaxed_swizzle",
                match self.swizzle {
                    Swizzle::Wasm => "index >= 16 gives 0",
                    Swizzle::Pshufb => "pshufb (top bit gives 0, else index % 16)",
                },
            ),
            (
                "relaxed_trunc_*_s",
                match self.trunc_signed {
                    TruncSigned::Saturating => "saturating, NaN gives 0",
                    TruncSigned::IntMin => "cvtt (NaN/out of range give i32::MIN)",
                },
            ),
            (
                "relaxed_laneselect",
                match self.laneselect {
                    Laneselect::Bitwise => "bitwise",
                    Laneselect::TopBit => "blendv (top bit of each mask lane; i16x8 bitwise)",
                },
            ),
            (
                "relaxed_min/max",
                match self.min_max {
                    MinMax::Wasm => "min/max (NaN propagates)",
                    MinMax::Pseudo => "pmin/pmax (minps/maxps)",
                },
            ),
            (
                "relaxed_q15mulr_s",
                match self.q15mulr {
                    Q15Mulr::Saturating => "saturating",
                    Q15Mulr::Pmulhrsw => "pmulhrsw (-32768 * -32768 gives -32768)",
                },
            ),
            (
                "relaxed_dot_i8x16_i7x16_s",
                match self.dot {
                    Dot::Signed => "signed x signed, wrapping",
                    Dot::SatUnsignedB => "pmaddubsw (b unsigned, saturating)",
                },
            ),
            (
                "relaxed_dot_i8x16_i7x16_add_s",
                match self.dot_add {
                    DotAdd::ExactSigned => "signed x signed, exact",
                    DotAdd::ExactUnsignedB => "b unsigned, exact (vpdpbusd / usdot)",
                    DotAdd::SatPairsUnsignedB => "pmaddubsw + pmaddwd (b unsigned, pairs saturate)",
                },
            ),
        ]
    }
}

/// `native` when `cond` holds, else `deterministic`.
fn pick<T>(cond: bool, native: T, deterministic: T) -> T {
    if cond {
        native
    } else {
        deterministic
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sem(cpu: &str, mode: RelaxedMode) -> RelaxedSemantics {
        RelaxedSemantics::new(&CpuProfile::preset(cpu).unwrap(), mode)
    }

    #[test]
    fn deterministic_mode_is_the_same_everywhere() {
        for p in crate::PRESETS {
            assert!(
                sem(p.name, RelaxedMode::Deterministic).is_deterministic(),
                "{}",
                p.name
            );
        }
    }

    #[test]
    fn native_follows_the_profile() {
        let v1 = sem("x86-64-v1", RelaxedMode::Native);
        assert_eq!((v1.madd, v1.swizzle), (Madd::Unfused, Swizzle::Wasm));
        assert_eq!(v1.min_max, MinMax::Pseudo);
        let v3 = sem("x86-64-v3", RelaxedMode::Native);
        assert_eq!((v3.madd, v3.swizzle), (Madd::Fused, Swizzle::Pshufb));
        assert_eq!(v3.dot_add, DotAdd::SatPairsUnsignedB);
        assert_eq!(
            sem("znver4", RelaxedMode::Native).dot_add,
            DotAdd::ExactUnsignedB
        );
        assert_eq!(
            sem("znver3", RelaxedMode::Native).dot_add,
            DotAdd::SatPairsUnsignedB
        );
        let n1 = sem("neoverse-n1", RelaxedMode::Native);
        assert_eq!((n1.madd, n1.dot_add), (Madd::Fused, DotAdd::ExactSigned));
        assert_eq!(
            sem("neoverse-v1", RelaxedMode::Native).dot_add,
            DotAdd::ExactUnsignedB
        );
        assert!(sem("s390x", RelaxedMode::Native).is_deterministic());
    }

    #[test]
    fn mode_names_round_trip() {
        for m in [RelaxedMode::Native, RelaxedMode::Deterministic] {
            assert_eq!(RelaxedMode::from_name(m.name()), Some(m));
        }
        assert_eq!(RelaxedMode::from_name("fast"), None);
    }
}
