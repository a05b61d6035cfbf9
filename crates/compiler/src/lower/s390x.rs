//! s390x lowering hooks: big-endian value cells and the ISA flags; relaxed SIMD is deterministic.

use super::{IsaFlag, LoweringHooks};
use tailor_cpu::{CpuProfile, Feature::*};

/// The s390x hooks.
pub(crate) struct S390x;

/// Cranelift's s390x flags.
const ISA_FLAGS: &[IsaFlag] = &[("has_vxrs_ext2", &[VxrsExt2]), ("has_mie3", &[Mie3])];

impl LoweringHooks for S390x {
    fn name(&self) -> &'static str {
        "s390x"
    }

    fn cranelift_arch(&self) -> Option<&'static str> {
        Some("s390x")
    }

    fn isa_flags(&self) -> &'static [IsaFlag] {
        ISA_FLAGS
    }

    fn big_endian(&self) -> bool {
        true
    }

    fn default_passes(&self, _profile: &CpuProfile) -> &'static [&'static str] {
        &["bce", "hoist", "inline"]
    }
}
