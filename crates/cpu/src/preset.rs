//! Named CPU presets (`--cpu NAME`).

use crate::{Arch, Feature, FeatureSet};

/// What a preset resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresetKind {
    /// A fixed architecture and its features: the union of the lists (closed under
    /// [`Feature::requires`]; CPU models list their level, then what they add).
    Fixed(Arch, &'static [&'static [Feature]]),
    /// The host's architecture with only its baseline features.
    Generic,
    /// The host as detected.
    Native,
}

impl PresetKind {
    /// The architecture and features of a fixed preset (`None` for `native` and `generic`).
    pub fn fixed(self) -> Option<(Arch, FeatureSet)> {
        match self {
            PresetKind::Fixed(arch, parts) => {
                Some((arch, parts.iter().flat_map(|p| p.iter().copied()).collect()))
            }
            PresetKind::Generic | PresetKind::Native => None,
        }
    }
}

/// A named CPU profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// The name `--cpu` accepts.
    pub name: &'static str,
    /// What the name stands for.
    pub kind: PresetKind,
    /// One line for `tailor targets`.
    pub description: &'static str,
}

use Feature::*;

/// A preset's features, as the union of parts: a level, then what a model adds to it.
type Parts = &'static [&'static [Feature]];

const SSE2: &[Feature] = &[Sse2];
/// What x86-64-v2 adds to v1.
const V2_ADDS: &[Feature] = &[Sse3, Ssse3, Sse41, Sse42, Popcnt, Cmpxchg16b];
/// What x86-64-v3 adds to v2.
const V3_ADDS: &[Feature] = &[Avx, Avx2, Bmi1, Bmi2, F16c, Fma, Lzcnt, Movbe];
/// What x86-64-v4 adds to v3.
const V4_ADDS: &[Feature] = &[Avx512f, Avx512bw, Avx512cd, Avx512dq, Avx512vl];
/// The AVX-512 extensions of Ice Lake server and Zen 4 (with GFNI and VPCLMULQDQ).
const ICELAKE_ADDS: &[Feature] = &[
    Avx512vbmi,
    Avx512vbmi2,
    Avx512bitalg,
    Avx512vpopcntdq,
    Avx512vnni,
    Avx512ifma,
    Gfni,
    Vpclmulqdq,
];

const X86_64_V1: Parts = &[SSE2];
const X86_64_V2: Parts = &[SSE2, V2_ADDS];
const X86_64_V3: Parts = &[SSE2, V2_ADDS, V3_ADDS];
const X86_64_V4: Parts = &[SSE2, V2_ADDS, V3_ADDS, V4_ADDS];
/// Ice Lake server: x86-64-v4 and the AVX-512 extensions of 2019.
const ICELAKE_SERVER: Parts = &[SSE2, V2_ADDS, V3_ADDS, V4_ADDS, ICELAKE_ADDS];
/// Sapphire Rapids: Ice Lake server plus BF16, FP16 and AVX-VNNI.
const SAPPHIRERAPIDS: Parts = &[
    SSE2,
    V2_ADDS,
    V3_ADDS,
    V4_ADDS,
    ICELAKE_ADDS,
    &[Avx512bf16, Avx512fp16, Avxvnni],
];
/// Zen 3: x86-64-v3 plus VPCLMULQDQ.
const ZNVER3: Parts = &[SSE2, V2_ADDS, V3_ADDS, &[Vpclmulqdq]];
/// Zen 4: Ice Lake server's features and BF16 (no FP16, no AVX-VNNI).
const ZNVER4: Parts = &[SSE2, V2_ADDS, V3_ADDS, V4_ADDS, ICELAKE_ADDS, &[Avx512bf16]];
/// Zen 5: Zen 4 plus AVX-VNNI.
const ZNVER5: Parts = &[
    SSE2,
    V2_ADDS,
    V3_ADDS,
    V4_ADDS,
    ICELAKE_ADDS,
    &[Avx512bf16, Avxvnni],
];
/// Neoverse N1 (Graviton 2, Ampere Altra): Armv8.2 with dot product.
const NEOVERSE_N1_LIST: &[Feature] = &[Neon, Fp16, Crc, Lse, Rcpc, Dotprod, Aes, Sha2, Rdm];
const NEOVERSE_N1: Parts = &[NEOVERSE_N1_LIST];
/// Neoverse V1 (Graviton 3): Armv8.4 with SVE and int8 matrix multiply.
const NEOVERSE_V1: Parts = &[NEOVERSE_N1_LIST, &[Lse2, Sha3, I8mm, Sve]];
/// Neoverse V2 (Graviton 4, Grace): Armv9.0 with SVE2.
const NEOVERSE_V2: Parts = &[NEOVERSE_N1_LIST, &[Lse2, Sha3, I8mm, Sve, Sve2]];
/// Apple M1: Armv8.5 without SVE or int8 matrix multiply.
const APPLE_M1: Parts = &[NEOVERSE_N1_LIST, &[Lse2, Sha3]];
const RV64GC_LIST: &[Feature] = &[M, A, F, D, C];
const RISCV64GC: Parts = &[RV64GC_LIST];
/// RVA22U64: RV64GC with the address, basic and single-bit manipulation extensions.
const RVA22U64: Parts = &[RV64GC_LIST, &[Zba, Zbb, Zbs]];
/// RVA23U64: RVA22U64 with the vector extension and its bit manipulation.
const RVA23U64: Parts = &[RV64GC_LIST, &[Zba, Zbb, Zbs, V, Zvbb]];

/// Every preset, in the order `tailor targets` lists them.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "native",
        kind: PresetKind::Native,
        description: "the host CPU as detected (the default)",
    },
    Preset {
        name: "generic",
        kind: PresetKind::Generic,
        description: "the host architecture with baseline features only",
    },
    Preset {
        name: "x86-64-v1",
        kind: PresetKind::Fixed(Arch::X86_64, X86_64_V1),
        description: "x86-64 baseline (SSE2)",
    },
    Preset {
        name: "x86-64-v2",
        kind: PresetKind::Fixed(Arch::X86_64, X86_64_V2),
        description: "+ SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT, CMPXCHG16B",
    },
    Preset {
        name: "x86-64-v3",
        kind: PresetKind::Fixed(Arch::X86_64, X86_64_V3),
        description: "+ AVX, AVX2, BMI1, BMI2, F16C, FMA, LZCNT, MOVBE",
    },
    Preset {
        name: "x86-64-v4",
        kind: PresetKind::Fixed(Arch::X86_64, X86_64_V4),
        description: "+ AVX-512 F, BW, CD, DQ, VL",
    },
    Preset {
        name: "haswell",
        kind: PresetKind::Fixed(Arch::X86_64, X86_64_V3),
        description: "Intel Haswell (2013): the x86-64-v3 features",
    },
    Preset {
        name: "skylake",
        kind: PresetKind::Fixed(Arch::X86_64, X86_64_V3),
        description: "Intel Skylake client (2015): the x86-64-v3 features",
    },
    Preset {
        name: "skylake-avx512",
        kind: PresetKind::Fixed(Arch::X86_64, X86_64_V4),
        description: "Intel Skylake server (2017): the x86-64-v4 features",
    },
    Preset {
        name: "icelake-server",
        kind: PresetKind::Fixed(Arch::X86_64, ICELAKE_SERVER),
        description:
            "Intel Ice Lake server (2021): v4 + VBMI, VBMI2, BITALG, VPOPCNTDQ, VNNI, IFMA, GFNI",
    },
    Preset {
        name: "sapphirerapids",
        kind: PresetKind::Fixed(Arch::X86_64, SAPPHIRERAPIDS),
        description: "Intel Sapphire Rapids (2023): icelake-server + BF16, FP16, AVX-VNNI",
    },
    Preset {
        name: "znver3",
        kind: PresetKind::Fixed(Arch::X86_64, ZNVER3),
        description: "AMD Zen 3 (2020): x86-64-v3 + VPCLMULQDQ",
    },
    Preset {
        name: "znver4",
        kind: PresetKind::Fixed(Arch::X86_64, ZNVER4),
        description:
            "AMD Zen 4 (2022): v4 + VBMI, VBMI2, BITALG, VPOPCNTDQ, VNNI, IFMA, BF16, GFNI",
    },
    Preset {
        name: "znver5",
        kind: PresetKind::Fixed(Arch::X86_64, ZNVER5),
        description: "AMD Zen 5 (2024): znver4 + AVX-VNNI",
    },
    Preset {
        name: "aarch64",
        kind: PresetKind::Fixed(Arch::Aarch64, &[&[Neon]]),
        description: "AArch64 baseline (NEON)",
    },
    Preset {
        name: "aarch64+lse",
        kind: PresetKind::Fixed(Arch::Aarch64, &[&[Neon, Lse]]),
        description: "AArch64 with LSE atomics",
    },
    Preset {
        name: "neoverse-n1",
        kind: PresetKind::Fixed(Arch::Aarch64, NEOVERSE_N1),
        description: "Arm Neoverse N1 (Graviton 2): + fp16, dotprod, rdm, lse, crypto",
    },
    Preset {
        name: "neoverse-v1",
        kind: PresetKind::Fixed(Arch::Aarch64, NEOVERSE_V1),
        description: "Arm Neoverse V1 (Graviton 3): neoverse-n1 + i8mm, sha3, lse2, sve",
    },
    Preset {
        name: "neoverse-v2",
        kind: PresetKind::Fixed(Arch::Aarch64, NEOVERSE_V2),
        description: "Arm Neoverse V2 (Graviton 4, Grace): neoverse-v1 + sve2",
    },
    Preset {
        name: "apple-m1",
        kind: PresetKind::Fixed(Arch::Aarch64, APPLE_M1),
        description: "Apple M1: + fp16, dotprod, rdm, lse, lse2, sha3 (no i8mm, no SVE)",
    },
    Preset {
        name: "riscv64gc",
        kind: PresetKind::Fixed(Arch::Riscv64, RISCV64GC),
        description: "RISC-V RV64GC (IMAFDC)",
    },
    Preset {
        name: "riscv64gc+zbb",
        kind: PresetKind::Fixed(Arch::Riscv64, &[RV64GC_LIST, &[Zbb]]),
        description: "RISC-V RV64GC with the Zbb bit-manipulation extension",
    },
    Preset {
        name: "riscv64gc+v",
        kind: PresetKind::Fixed(Arch::Riscv64, &[RV64GC_LIST, &[V]]),
        description: "RISC-V RV64GC with the vector extension (needed for wasm SIMD)",
    },
    Preset {
        name: "rva22u64",
        kind: PresetKind::Fixed(Arch::Riscv64, RVA22U64),
        description: "RISC-V RVA22U64 profile: RV64GC + Zba, Zbb, Zbs",
    },
    Preset {
        name: "rva23u64",
        kind: PresetKind::Fixed(Arch::Riscv64, RVA23U64),
        description: "RISC-V RVA23U64 profile: RVA22U64 + V, Zvbb",
    },
    Preset {
        name: "s390x",
        kind: PresetKind::Fixed(Arch::S390x, &[]),
        description: "IBM z14 (the oldest CPU Cranelift's s390x backend supports)",
    },
    Preset {
        name: "s390x-z15",
        kind: PresetKind::Fixed(Arch::S390x, &[&[VxrsExt2, Mie3]]),
        description: "IBM z15 (vector enhancements 2, misc. extensions 3)",
    },
];

impl Preset {
    /// The preset called `name`, if any.
    pub fn find(name: &str) -> Option<&'static Preset> {
        PRESETS.iter().find(|p| p.name == name)
    }

    /// The known preset names, comma-separated (for error messages).
    pub fn names() -> String {
        PRESETS
            .iter()
            .map(|p| p.name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What `generic` means for `arch`: no optional feature assumed. (For aarch64 this leaves NEON to the
/// `aarch64` preset, so `generic` selects the portable interpreter handlers everywhere.)
pub(crate) fn baseline(arch: Arch) -> &'static [Feature] {
    match arch {
        Arch::X86_64 => SSE2,
        Arch::Aarch64 => &[],
        Arch::Riscv64 => RV64GC_LIST,
        Arch::S390x => &[],
        Arch::Other(_) => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_presets_are_consistent() {
        for preset in PRESETS {
            let Some((arch, set)) = preset.kind.fixed() else {
                continue;
            };
            let mut closed = set;
            for f in set.iter() {
                assert_eq!(f.arch(), arch, "{}: {f}", preset.name);
                closed.enable(f);
            }
            assert_eq!(
                set, closed,
                "{} is not closed under `requires`",
                preset.name
            );
            assert!(baseline(arch).iter().all(|f| set.contains(*f)));
        }
    }

    #[test]
    fn x86_levels_nest() {
        let levels = ["x86-64-v1", "x86-64-v2", "x86-64-v3", "x86-64-v4"]
            .map(|n| Preset::find(n).unwrap().kind.fixed().unwrap().1);
        for pair in levels.windows(2) {
            assert!(pair[0].is_subset(pair[1]) && pair[0] != pair[1]);
        }
    }
}
