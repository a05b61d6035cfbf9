//! The table of known CPU features (defined once, DESIGN.md rule 2) and [`FeatureSet`].

use std::fmt;

use crate::Arch;

/// Defines [`Feature`] from one table: a one-line doc comment (what [`Feature::description`] returns),
/// then `Variant "name" Arch [features it requires]`. The name is also what the host's detector
/// probes (`detect/<arch>.rs`, checked by a test).
macro_rules! define_features {
    ($( #[doc = $doc:literal] $variant:ident $name:literal $arch:ident [$($req:ident),*]; )*) => {
        /// A CPU feature of one architecture, named as Rust's feature detection names it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Feature {
            $( #[doc = $doc] $variant, )*
        }

        impl Feature {
            /// Every known feature, in table order (grouped by architecture).
            pub const ALL: &'static [Feature] = &[ $( Feature::$variant, )* ];

            /// The feature's name, as `--cpu-features` and Rust's feature detection spell it.
            pub fn name(self) -> &'static str {
                match self { $( Feature::$variant => $name, )* }
            }

            /// One line on what the feature is (its documentation).
            pub fn description(self) -> &'static str {
                match self { $( Feature::$variant => $doc.trim_ascii(), )* }
            }

            /// The architecture this feature belongs to.
            pub fn arch(self) -> Arch {
                match self { $( Feature::$variant => Arch::$arch, )* }
            }

            /// The features this one implies (enabling it enables them; disabling one disables it).
            pub fn requires(self) -> &'static [Feature] {
                match self { $( Feature::$variant => &[ $( Feature::$req, )* ], )* }
            }
        }
    };
}

define_features! {
    /// SSE2 (the x86-64 baseline).
    Sse2 "sse2" X86_64 [];
    /// SSE3.
    Sse3 "sse3" X86_64 [Sse2];
    /// Supplemental SSE3.
    Ssse3 "ssse3" X86_64 [Sse3];
    /// SSE4.1.
    Sse41 "sse4.1" X86_64 [Ssse3];
    /// SSE4.2.
    Sse42 "sse4.2" X86_64 [Sse41];
    /// `popcnt`.
    Popcnt "popcnt" X86_64 [];
    /// `cmpxchg16b`.
    Cmpxchg16b "cmpxchg16b" X86_64 [];
    /// `lzcnt`.
    Lzcnt "lzcnt" X86_64 [];
    /// BMI1 (`tzcnt`, `andn`, …).
    Bmi1 "bmi1" X86_64 [];
    /// BMI2 (`shlx`, `pdep`, …).
    Bmi2 "bmi2" X86_64 [];
    /// `movbe`.
    Movbe "movbe" X86_64 [];
    /// AVX.
    Avx "avx" X86_64 [Sse42];
    /// AVX2.
    Avx2 "avx2" X86_64 [Avx];
    /// Fused multiply-add (FMA3).
    Fma "fma" X86_64 [Avx];
    /// Half-precision conversions.
    F16c "f16c" X86_64 [Avx];
    /// AVX-512 Foundation.
    Avx512f "avx512f" X86_64 [Avx2, Fma, F16c];
    /// AVX-512 byte and word instructions.
    Avx512bw "avx512bw" X86_64 [Avx512f];
    /// AVX-512 conflict detection.
    Avx512cd "avx512cd" X86_64 [Avx512f];
    /// AVX-512 doubleword and quadword instructions.
    Avx512dq "avx512dq" X86_64 [Avx512f];
    /// AVX-512 vector length extensions.
    Avx512vl "avx512vl" X86_64 [Avx512f];
    /// AVX-512 vector byte manipulation (`vpermb`, `vpermi2b`).
    Avx512vbmi "avx512vbmi" X86_64 [Avx512bw];
    /// AVX-512 vector byte manipulation 2 (byte/word compress, expand, double shifts).
    Avx512vbmi2 "avx512vbmi2" X86_64 [Avx512bw];
    /// AVX-512 bit algorithms (`vpopcntb`/`vpopcntw`, `vpshufbitqmb`).
    Avx512bitalg "avx512bitalg" X86_64 [Avx512bw];
    /// AVX-512 population count of doublewords and quadwords (`vpopcntd`/`vpopcntq`).
    Avx512vpopcntdq "avx512vpopcntdq" X86_64 [Avx512f];
    /// AVX-512 vector neural network instructions (`vpdpbusd`, `vpdpwssd`).
    Avx512vnni "avx512vnni" X86_64 [Avx512f];
    /// AVX-512 52-bit integer multiply-add (`vpmadd52luq`).
    Avx512ifma "avx512ifma" X86_64 [Avx512f];
    /// AVX-512 bfloat16 conversions and dot products.
    Avx512bf16 "avx512bf16" X86_64 [Avx512bw];
    /// AVX-512 half-precision arithmetic.
    Avx512fp16 "avx512fp16" X86_64 [Avx512bw];
    /// VEX-encoded neural network instructions (`vpdpbusd` on 128/256-bit vectors without AVX-512).
    Avxvnni "avxvnni" X86_64 [Avx2];
    /// Galois-field instructions (`gf2p8affineqb`, …).
    Gfni "gfni" X86_64 [Sse2];
    /// Carry-less multiplication on wide vectors.
    Vpclmulqdq "vpclmulqdq" X86_64 [Avx];
    /// Advanced SIMD (the AArch64 baseline).
    Neon "neon" Aarch64 [];
    /// Half-precision floating point.
    Fp16 "fp16" Aarch64 [Neon];
    /// CRC32 instructions.
    Crc "crc" Aarch64 [];
    /// Rounding doubling multiply-accumulate (`sqrdmlah`; Armv8.1).
    Rdm "rdm" Aarch64 [Neon];
    /// Int8 matrix multiplication (`usdot`, `smmla`).
    I8mm "i8mm" Aarch64 [Neon];
    /// Scalable Vector Extension (detected and reported; no code uses it yet).
    Sve "sve" Aarch64 [Neon];
    /// Scalable Vector Extension 2 (detected and reported; no code uses it yet).
    Sve2 "sve2" Aarch64 [Sve];
    /// Large System Extensions (atomics).
    Lse "lse" Aarch64 [];
    /// LSE2 (unaligned atomicity).
    Lse2 "lse2" Aarch64 [];
    /// Release-consistent processor-consistent loads.
    Rcpc "rcpc" Aarch64 [];
    /// Dot product instructions.
    Dotprod "dotprod" Aarch64 [Neon];
    /// AES instructions.
    Aes "aes" Aarch64 [Neon];
    /// SHA-1 and SHA-256 instructions.
    Sha2 "sha2" Aarch64 [Neon];
    /// SHA-3 and SHA-512 instructions.
    Sha3 "sha3" Aarch64 [Sha2];
    /// Integer multiplication and division.
    M "m" Riscv64 [];
    /// Atomics.
    A "a" Riscv64 [];
    /// Single-precision floating point.
    F "f" Riscv64 [];
    /// Double-precision floating point.
    D "d" Riscv64 [F];
    /// Compressed instructions.
    C "c" Riscv64 [];
    /// Vector extension.
    V "v" Riscv64 [D];
    /// Address generation bit manipulation.
    Zba "zba" Riscv64 [];
    /// Basic bit manipulation.
    Zbb "zbb" Riscv64 [];
    /// Single-bit instructions.
    Zbs "zbs" Riscv64 [];
    /// Carry-less multiplication.
    Zbc "zbc" Riscv64 [];
    /// Vector basic bit manipulation.
    Zvbb "zvbb" Riscv64 [V];
    /// Vector-enhancements facility 2 (z15).
    VxrsExt2 "vxrs_ext2" S390x [];
    /// Miscellaneous-instruction-extensions facility 3 (z15).
    Mie3 "mie3" S390x [];
}

impl Feature {
    /// The feature of `arch` called `name`, if there is one.
    pub fn from_name(arch: Arch, name: &str) -> Option<Feature> {
        Feature::ALL
            .iter()
            .copied()
            .find(|f| f.arch() == arch && f.name() == name)
    }

    /// The known features of `arch`.
    pub fn of_arch(arch: Arch) -> impl Iterator<Item = Feature> {
        Feature::ALL
            .iter()
            .copied()
            .filter(move |f| f.arch() == arch)
    }

    fn bit(self) -> u128 {
        1 << (self as u8)
    }
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

// The bitset below has room for 128 features.
const _: () = assert!(Feature::ALL.len() <= 128);

/// A set of [`Feature`]s (a bitset); iterates and displays in table order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FeatureSet(u128);

impl FeatureSet {
    /// The empty set.
    pub const EMPTY: FeatureSet = FeatureSet(0);

    /// Whether `feature` is in the set.
    pub fn contains(self, feature: Feature) -> bool {
        self.0 & feature.bit() != 0
    }

    /// Adds `feature` (only that one, not what it requires).
    pub fn insert(&mut self, feature: Feature) {
        self.0 |= feature.bit();
    }

    /// Removes `feature` (only that one, not what requires it).
    pub fn remove(&mut self, feature: Feature) {
        self.0 &= !feature.bit();
    }

    /// Adds `feature` and, transitively, every feature it requires.
    pub fn enable(&mut self, feature: Feature) {
        self.insert(feature);
        for &req in feature.requires() {
            self.enable(req);
        }
    }

    /// Removes `feature` and, transitively, every feature that requires it.
    pub fn disable(&mut self, feature: Feature) {
        self.remove(feature);
        for &other in Feature::ALL {
            if self.contains(other) && other.requires().contains(&feature) {
                self.disable(other);
            }
        }
    }

    /// The features of `self` that `other` lacks.
    pub fn difference(self, other: FeatureSet) -> FeatureSet {
        FeatureSet(self.0 & !other.0)
    }

    /// Whether every feature of `self` is in `other`.
    pub fn is_subset(self, other: FeatureSet) -> bool {
        self.difference(other).is_empty()
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The number of features in the set.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The features in the set, in table order.
    pub fn iter(self) -> impl Iterator<Item = Feature> {
        Feature::ALL
            .iter()
            .copied()
            .filter(move |f| self.contains(*f))
    }
}

impl FromIterator<Feature> for FeatureSet {
    fn from_iter<I: IntoIterator<Item = Feature>>(iter: I) -> FeatureSet {
        let mut set = FeatureSet::EMPTY;
        for f in iter {
            set.insert(f);
        }
        set
    }
}

impl fmt::Display for FeatureSet {
    /// Comma-separated names, e.g. `avx2, bmi2`; `(none)` when empty.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("(none)");
        }
        for (i, feature) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(feature.name())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_per_arch_and_requirements_stay_in_arch() {
        for &f in Feature::ALL {
            assert_eq!(Feature::from_name(f.arch(), f.name()), Some(f));
            for &req in f.requires() {
                assert_eq!(req.arch(), f.arch(), "{f} requires {req} of another arch");
            }
        }
        assert_eq!(Feature::from_name(Arch::Aarch64, "avx2"), None);
    }

    #[test]
    fn enable_and_disable_follow_implications() {
        let mut set = FeatureSet::EMPTY;
        set.enable(Feature::Avx2);
        for f in [Feature::Sse2, Feature::Sse42, Feature::Avx, Feature::Avx2] {
            assert!(set.contains(f), "{f}");
        }
        assert!(!set.contains(Feature::Popcnt));
        set.enable(Feature::Fma);
        set.disable(Feature::Avx);
        assert!(!set.contains(Feature::Avx2) && !set.contains(Feature::Fma));
        assert!(set.contains(Feature::Sse42));
    }

    #[test]
    fn set_operations_and_display() {
        let a: FeatureSet = [Feature::Sse2, Feature::Avx2, Feature::Bmi2]
            .into_iter()
            .collect();
        let b: FeatureSet = [Feature::Sse2].into_iter().collect();
        assert_eq!(a.difference(b).to_string(), "bmi2, avx2");
        assert!(b.is_subset(a) && !a.is_subset(b));
        assert_eq!(a.len(), 3);
        assert_eq!(FeatureSet::EMPTY.to_string(), "(none)");
    }
}
