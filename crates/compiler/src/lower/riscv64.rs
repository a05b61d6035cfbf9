//! riscv64 lowering hooks. Cranelift's riscv64 backend lowers wasm SIMD only with the V extension
//! (it panics otherwise), so SIMD modules are refused without `v`.

use super::LoweringHooks;
use tailor_cpu::{CpuProfile, Feature};

/// The riscv64 hooks.
pub(crate) struct Riscv64;

impl LoweringHooks for Riscv64 {
    fn name(&self) -> &'static str {
        "riscv64"
    }

    fn simd_support(&self, profile: &CpuProfile) -> Result<(), String> {
        if profile.has(Feature::V) {
            Ok(())
        } else {
            Err("the module uses SIMD (v128), which Cranelift's riscv64 backend supports only with the \
                 vector extension: compile with --cpu riscv64gc+v or --cpu-features +v"
                .into())
        }
    }

    fn default_passes(&self, _profile: &CpuProfile) -> &'static [&'static str] {
        &["bce", "hoist", "inline"]
    }
}
