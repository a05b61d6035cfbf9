//! Per-ISA lowering hooks (DESIGN.md rule 1): every architecture-dependent translation choice goes
//! through [`LoweringHooks`]; the common translator never asks "is this x86?".

mod aarch64;
mod riscv64;
mod s390x;
mod x86_64;

use tailor_cpu::{Arch, CpuProfile};

/// What a target may do differently from the common translation path.
pub trait LoweringHooks: Sync {
    /// The architecture's name.
    fn name(&self) -> &'static str;

    /// `Err(reason)` when the target cannot compile wasm SIMD with this profile (the module is then
    /// refused with a clear error rather than handed to a backend that would panic).
    fn simd_support(&self, _profile: &CpuProfile) -> Result<(), String> {
        Ok(())
    }

    /// The default pass pipeline for `profile`, by pass name (see [`crate::passes::PASSES`]);
    /// `--passes` edits or replaces it.
    fn default_passes(&self, profile: &CpuProfile) -> &'static [&'static str];
}

/// The hooks for `profile`'s architecture.
pub fn hooks_for(profile: &CpuProfile) -> &'static dyn LoweringHooks {
    match profile.arch() {
        Arch::X86_64 => &x86_64::X86_64,
        Arch::Aarch64 => &aarch64::Aarch64,
        Arch::Riscv64 => &riscv64::Riscv64,
        Arch::S390x | Arch::Other(_) => &s390x::S390x,
    }
}
