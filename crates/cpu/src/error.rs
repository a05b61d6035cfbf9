//! Errors of CPU profile parsing and compatibility checks.

use crate::{Arch, FeatureSet};

/// An error from naming, adjusting or checking a [`CpuProfile`](crate::CpuProfile).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CpuError {
    /// `--cpu NAME` named no known preset.
    #[error("unknown CPU `{name}` (known: {known})")]
    UnknownCpu {
        /// The name given.
        name: String,
        /// The known preset names, comma-separated.
        known: String,
    },
    /// A feature name that the profile's architecture does not have.
    #[error("unknown CPU feature `{name}` for {arch} (known: {known})")]
    UnknownFeature {
        /// The name given.
        name: String,
        /// The architecture of the profile being adjusted.
        arch: Arch,
        /// The known feature names of that architecture, comma-separated.
        known: String,
    },
    /// A preset's architecture differs from the host's or from the one asked for.
    #[error("CPU profile is for {profile}, but the host is {host}")]
    ArchMismatch {
        /// The architecture of the profile.
        profile: Arch,
        /// The architecture of the host.
        host: Arch,
    },
    /// `--target` named no architecture tailor can compile for.
    #[error("unknown target `{name}` (known architectures: x86_64, aarch64, riscv64gc, s390x; e.g. `aarch64-linux`)")]
    UnknownTarget {
        /// The target given.
        name: String,
    },
    /// `--cpu` named a preset of another architecture than `--target`.
    #[error("CPU `{cpu}` is for {cpu_arch}, but the target is {target}")]
    CpuTargetMismatch {
        /// The preset name.
        cpu: String,
        /// The preset's architecture.
        cpu_arch: Arch,
        /// The target architecture.
        target: Arch,
    },
    /// The host lacks CPU features the profile needs.
    #[error("the host CPU lacks features this profile needs; missing features: {0}")]
    MissingFeatures(FeatureSet),
}
