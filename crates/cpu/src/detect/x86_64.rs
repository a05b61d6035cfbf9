//! Feature detection on x86-64 hosts (`is_x86_feature_detected!`).

use crate::{Arch, Feature, FeatureSet};

/// Builds `host_features` and `DETECTED` from one list of `Feature "name"` pairs.
macro_rules! detect {
    ($($feature:ident $name:tt),* $(,)?) => {
        /// Every feature this detector probes, with the name it probes it by (checked by a test).
        #[cfg(test)]
        pub(super) const DETECTED: &[(Feature, &str)] = &[$((Feature::$feature, $name)),*];

        /// The features of the host CPU.
        pub(super) fn host_features() -> FeatureSet {
            let mut set = FeatureSet::EMPTY;
            $(
                if std::arch::is_x86_feature_detected!($name) {
                    set.insert(Feature::$feature);
                }
            )*
            set
        }
    };
}

detect! {
    Sse2 "sse2", Sse3 "sse3", Ssse3 "ssse3", Sse41 "sse4.1", Sse42 "sse4.2", Popcnt "popcnt",
    Cmpxchg16b "cmpxchg16b", Lzcnt "lzcnt", Bmi1 "bmi1", Bmi2 "bmi2", Movbe "movbe", Avx "avx",
    Avx2 "avx2", Fma "fma", F16c "f16c", Avx512f "avx512f", Avx512bw "avx512bw",
    Avx512cd "avx512cd", Avx512dq "avx512dq", Avx512vl "avx512vl",
}

/// The host architecture.
pub(super) fn arch() -> Arch {
    Arch::X86_64
}
