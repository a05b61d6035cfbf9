//! Feature detection on AArch64 hosts (`is_aarch64_feature_detected!`).

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
                if std::arch::is_aarch64_feature_detected!($name) {
                    set.insert(Feature::$feature);
                }
            )*
            set
        }
    };
}

detect! {
    Neon "neon", Fp16 "fp16", Crc "crc", Lse "lse", Lse2 "lse2", Rcpc "rcpc", Dotprod "dotprod",
    Aes "aes", Sha2 "sha2", Sha3 "sha3",
}

/// The host architecture.
pub(super) fn arch() -> Arch {
    Arch::Aarch64
}
