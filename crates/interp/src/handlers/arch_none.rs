//! Targets without CPU-specific handler sets: the portable set is the only one.

use crate::HandlerSet;
use tailor_cpu::CpuProfile;

/// No CPU-specific set on this target.
pub(crate) fn select(_profile: &CpuProfile) -> Option<HandlerSet> {
    None
}

/// No CPU-specific sets on this target.
pub(crate) fn arch_sets() -> Vec<HandlerSet> {
    Vec::new()
}
