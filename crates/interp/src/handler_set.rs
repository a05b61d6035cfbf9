//! Handler sets: the whole interpreter compiled once per CPU level, chosen once per stack.

use crate::exec::state::Handler;
use crate::op::OP_COUNT;
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
        HandlerSet::new("portable", &crate::exec::handlers::portable::TABLE)
    }

    /// The set's name (`portable`, `x86-64-v2`, `x86-64-v3`, ...).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The best set for `profile` that this host can also run: a level the profile allows and the
    /// host's detected features support (so a forced profile never executes instructions the CPU
    /// lacks), else the portable set.
    pub fn for_profile(profile: &CpuProfile) -> HandlerSet {
        crate::handlers::select(profile).unwrap_or_else(HandlerSet::portable)
    }

    /// Every set compiled into this build, portable first.
    pub fn all() -> Vec<HandlerSet> {
        let mut sets = vec![HandlerSet::portable()];
        sets.extend(crate::handlers::arch_sets());
        sets
    }
}
