//! Handler sets: the whole interpreter compiled once per CPU level, chosen once per stack.
//!
//! This module is the set registry. `portable.rs` is the set every build has; each CPU family has
//! one file (`x86_64.rs`, `aarch64.rs`; `none.rs` where the build has none) that compiles the
//! executor again with its target features and overrides only the operations it does better. The
//! family file compiled for this build is chosen here and only here (DESIGN rule 1); AArch64 sets need
//! NEON and little-endian lanes, which `build.rs` checks once and names `tailor_neon_sets`.

mod portable;

#[cfg(target_arch = "x86_64")]
pub(crate) mod x86_64;
#[cfg(target_arch = "x86_64")]
use x86_64 as arch;

#[cfg(tailor_neon_sets)]
pub(crate) mod aarch64;
#[cfg(tailor_neon_sets)]
use aarch64 as arch;

#[cfg(not(any(target_arch = "x86_64", tailor_neon_sets)))]
mod none;
#[cfg(not(any(target_arch = "x86_64", tailor_neon_sets)))]
use none as arch;

use crate::exec::state::Handler;
use crate::ops::OP_COUNT;
use tailor_cpu::CpuProfile;

/// A complete set of op handlers compiled for one CPU level. Every handler of a set tail-calls only
/// handlers of the same set, so an execution stays at the level it started with.
#[derive(Clone, Copy)]
pub struct HandlerSet {
    name: &'static str,
    pub(crate) table: &'static [Handler; OP_COUNT],
}

impl std::fmt::Debug for HandlerSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HandlerSet({})", self.name)
    }
}

impl PartialEq for HandlerSet {
    fn eq(&self, other: &HandlerSet) -> bool {
        self.name == other.name
    }
}

impl HandlerSet {
    pub(crate) const fn new(name: &'static str, table: &'static [Handler; OP_COUNT]) -> HandlerSet {
        HandlerSet { name, table }
    }

    /// The portable set: plain Rust for the build's baseline CPU; runs everywhere.
    pub fn portable() -> HandlerSet {
        HandlerSet::new("portable", &portable::TABLE)
    }

    /// The set's name (`portable`, `x86-64-v2`, `x86-64-v3`, ...).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The best set for `profile` that this host can also run: a level the profile allows and the
    /// host's detected features support (so a forced profile never executes instructions the CPU
    /// lacks), else the portable set.
    pub fn for_profile(profile: &CpuProfile) -> HandlerSet {
        arch::select(profile).unwrap_or_else(HandlerSet::portable)
    }

    /// The sets compiled into this build that this host cannot run, best first, each with the CPU
    /// features the host lacks for it (tests print them as counted skips).
    pub fn unavailable() -> Vec<(&'static str, Vec<tailor_cpu::Feature>)> {
        arch::arch_unavailable()
    }

    /// Every set compiled into this build that this host can run, portable first.
    pub fn all() -> Vec<HandlerSet> {
        let mut sets = vec![HandlerSet::portable()];
        sets.extend(arch::arch_sets());
        sets
    }
}
