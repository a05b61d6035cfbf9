//! Host CPU detection: selects the one per-architecture detector for the host.
//!
//! This file is the one place outside `detect/<arch>.rs` allowed to name `target_arch` (see
//! `scripts/check-arch-rule.sh`): it only chooses which detector is compiled. Each detector provides
//! `arch()` (the host architecture), `host_features()` and `DETECTED` (the features it probes, with
//! the names it probes them by, checked against the feature table below); the probing ones build the
//! last two with the one `detect!` macro defined here.

/// Builds a detector's `host_features` and `DETECTED` from the probing macro (its name, imported
/// by the caller, e.g. `is_x86_feature_detected`) and one list of `Feature "name"` pairs; each
/// `detect/<arch>.rs` invokes it once.
#[cfg_attr(
    not(any(target_arch = "x86_64", target_arch = "aarch64")),
    expect(unused_macros, reason = "the portable detector probes nothing")
)]
macro_rules! detect {
    ($probe:ident; $($feature:ident $name:tt),* $(,)?) => {
        /// Every feature this detector probes, with the name it probes it by (checked by a test).
        #[cfg(test)]
        pub(super) const DETECTED: &[($crate::Feature, &str)] = &[$(($crate::Feature::$feature, $name)),*];

        /// The features of the host CPU.
        pub(super) fn host_features() -> $crate::FeatureSet {
            let mut set = $crate::FeatureSet::EMPTY;
            $(
                if $probe!($name) {
                    set.insert($crate::Feature::$feature);
                }
            )*
            set
        }
    };
}

#[cfg(target_arch = "aarch64")]
mod aarch64;
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
mod portable;
#[cfg(target_arch = "x86_64")]
mod x86_64;

#[cfg(target_arch = "aarch64")]
use aarch64 as imp;
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
use portable as imp;
#[cfg(target_arch = "x86_64")]
use x86_64 as imp;

use crate::{Arch, FeatureSet};

/// The architecture of the host.
pub(crate) fn host_arch() -> Arch {
    imp::arch()
}

/// The features the host CPU has, probed once per process (the interpreter's set selection, the
/// compiler's flags, the artifact check and the CLI all read this one answer).
pub(crate) fn host_features() -> FeatureSet {
    static HOST: std::sync::OnceLock<FeatureSet> = std::sync::OnceLock::new();
    *HOST.get_or_init(imp::host_features)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Feature;

    #[test]
    fn detector_probes_every_feature_of_its_arch_by_its_name() {
        let arch = host_arch();
        for &(feature, name) in imp::DETECTED {
            assert_eq!(feature.arch(), arch);
            assert_eq!(feature.name(), name);
        }
        if !imp::DETECTED.is_empty() {
            for feature in Feature::of_arch(arch) {
                assert!(
                    imp::DETECTED.iter().any(|(f, _)| *f == feature),
                    "{feature} is not detected"
                );
            }
        }
    }

    #[test]
    fn host_has_its_baseline() {
        let features = host_features();
        for &f in crate::preset::baseline(host_arch()) {
            assert!(features.contains(f), "host lacks baseline feature {f}");
        }
        assert!(features.iter().all(|f| f.arch() == host_arch()));
    }
}
