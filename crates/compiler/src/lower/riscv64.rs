//! riscv64 lowering hooks: the ISA flags, and SIMD only with the V extension (Cranelift's riscv64
//! backend panics on wasm SIMD otherwise). Fused multiply-add (`vfmacc`) with V comes from the
//! common `fma` shape.

use super::{IsaFlag, LoweringHooks};
use tailor_cpu::{CpuProfile, Feature, Feature::*};

/// The riscv64 hooks.
pub(crate) struct Riscv64;

/// Cranelift's riscv64 flags.
const ISA_FLAGS: &[IsaFlag] = &[
    ("has_m", &[M]),
    ("has_a", &[A]),
    ("has_f", &[F]),
    ("has_d", &[D]),
    ("has_v", &[V]),
    ("has_zca", &[C]),
    ("has_zcd", &[C, D]),
    ("has_zba", &[Zba]),
    ("has_zbb", &[Zbb]),
    ("has_zbs", &[Zbs]),
    ("has_zbc", &[Zbc]),
    ("has_zvbb", &[Zvbb]),
    ("has_zicsr", &[]),
    ("has_zifencei", &[]),
];

impl LoweringHooks for Riscv64 {
    fn name(&self) -> &'static str {
        "riscv64"
    }

    fn cranelift_arch(&self) -> Option<&'static str> {
        Some("riscv64gc")
    }

    fn isa_flags(&self) -> &'static [IsaFlag] {
        ISA_FLAGS
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
