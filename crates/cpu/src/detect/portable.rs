//! Hosts without a feature detector: the architecture's baseline features are assumed.

use crate::{Arch, Feature, FeatureSet};

/// This detector probes nothing (checked by a test).
#[cfg(test)]
pub(super) const DETECTED: &[(Feature, &str)] = &[];

/// The host architecture, from the name Rust gives it.
pub(super) fn arch() -> Arch {
    Arch::from_rust_name(std::env::consts::ARCH)
}

/// The baseline features of the host architecture (nothing is probed).
pub(super) fn host_features() -> FeatureSet {
    crate::preset::baseline(arch()).iter().copied().collect()
}
