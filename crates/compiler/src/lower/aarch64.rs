//! aarch64 lowering hooks: the common path serves every operator on this target.

use super::LoweringHooks;
use tailor_cpu::CpuProfile;

/// The aarch64 hooks.
pub(crate) struct Aarch64;

impl LoweringHooks for Aarch64 {
    fn name(&self) -> &'static str {
        "aarch64"
    }

    fn default_passes(&self, _profile: &CpuProfile) -> &'static [&'static str] {
        &["bce", "hoist", "inline"]
    }
}
