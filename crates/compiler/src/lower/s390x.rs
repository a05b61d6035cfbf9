//! s390x lowering hooks: the common path serves every operator on this target.

use super::LoweringHooks;
use tailor_cpu::CpuProfile;

/// The s390x hooks.
pub(crate) struct S390x;

impl LoweringHooks for S390x {
    fn name(&self) -> &'static str {
        "s390x"
    }

    fn default_passes(&self, _profile: &CpuProfile) -> &'static [&'static str] {
        &["bce", "hoist", "inline"]
    }
}
