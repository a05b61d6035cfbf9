//! Targets without CPU-specific handler sets (neither x86-64 nor little-endian AArch64 with NEON):
//! the portable set is the only one.

use crate::HandlerSet;
use tailor_cpu::CpuProfile;

/// No CPU-specific set on this target.
pub(crate) fn select(_profile: &CpuProfile) -> Option<HandlerSet> {
    None
}

/// No CPU-specific sets on this target.
/// No CPU-specific set is built for this target, so none is unavailable.
pub(crate) fn arch_unavailable() -> Vec<(&'static str, Vec<tailor_cpu::Feature>)> {
    Vec::new()
}

pub(crate) fn arch_sets() -> Vec<HandlerSet> {
    Vec::new()
}
