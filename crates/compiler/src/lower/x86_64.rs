//! x86_64 lowering hooks: the common path serves every operator on this target.

use super::LoweringHooks;
use tailor_cpu::CpuProfile;

/// The x86_64 hooks.
pub(crate) struct X86_64;

impl LoweringHooks for X86_64 {
    fn name(&self) -> &'static str {
        "x86_64"
    }

    fn default_passes(&self, _profile: &CpuProfile) -> &'static [&'static str] {
        &["bce", "hoist", "inline"]
    }
}
