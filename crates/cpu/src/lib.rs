//! CPU profiles for tailor: a target triple plus a set of CPU features.
//!
//! A [`CpuProfile`] is the single source of truth about "which CPU" in tailor: the interpreter picks its
//! handlers from it, the compiler builds its ISA from it, an artifact records it, and a loader asks
//! [`CpuProfile::missing_on`] what a host lacks to run it. This crate knows nothing about WebAssembly.
//!
//! Profiles come from host detection ([`CpuProfile::host`]), from a named preset
//! ([`CpuProfile::preset`]: `generic`, `x86-64-v1` … `x86-64-v4`, CPU models such as `znver4` or
//! `neoverse-v1`, `native`; the list is [`PRESETS`]), and may be adjusted with a feature list such as `+popcnt,-avx2`
//! ([`CpuProfile::with_features`]). [`RelaxedSemantics`] says what each relaxed-SIMD operator
//! computes on a profile.
//!
//! Per-architecture code (feature detection) lives only in `src/detect/<arch>.rs`; `src/detect/mod.rs`
//! selects one of those files for the host (DESIGN.md rule 1).

mod arch;
mod detect;
mod error;
mod feature;
mod preset;
mod profile;
mod relaxed;

pub use arch::{Arch, Triple};
pub use error::CpuError;
pub use feature::{Feature, FeatureSet};
pub use preset::{Preset, PresetKind, PRESETS};
pub use profile::CpuProfile;
pub use relaxed::{
    Dot, DotAdd, Laneselect, Madd, MinMax, Q15Mulr, RelaxedMode, RelaxedSemantics, Swizzle,
    TruncSigned,
};
