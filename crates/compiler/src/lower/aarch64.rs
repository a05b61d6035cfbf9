//! aarch64 lowering hooks: the ISA flags, and the operand order of the `usdot` dot-product tree
//! (i8mm). NEON's other instructions compute the deterministic relaxed-SIMD results already, and
//! fused multiply-add (`fmla`) and `sdot` (dotprod) come from the common CLIF shapes.

use super::{dot_add_tree, IsaFlag, LoweringHooks, RelaxedOp};
use cranelift_codegen::ir::Value;
use cranelift_frontend::FunctionBuilder;
use tailor_cpu::{CpuProfile, DotAdd, Feature::*, RelaxedSemantics};

/// The aarch64 hooks.
pub(crate) struct Aarch64;

/// Cranelift's aarch64 flags.
const ISA_FLAGS: &[IsaFlag] = &[
    ("has_lse", &[Lse]),
    ("has_fp16", &[Fp16]),
    ("has_dotprod", &[Dotprod]),
    ("has_i8mm", &[I8mm]),
];

impl LoweringHooks for Aarch64 {
    fn name(&self) -> &'static str {
        "aarch64"
    }

    fn cranelift_arch(&self) -> Option<&'static str> {
        Some("aarch64")
    }

    fn isa_flags(&self) -> &'static [IsaFlag] {
        ISA_FLAGS
    }

    fn relaxed_simd(
        &self,
        b: &mut FunctionBuilder,
        op: RelaxedOp,
        sem: &RelaxedSemantics,
        args: &[Value],
    ) -> Option<Value> {
        match (op, args) {
            // Cranelift's `usdot` pattern wants the unsigned-widened operand first in each product.
            (RelaxedOp::DotAdd, &[a, x, c]) if sem.dot_add == DotAdd::ExactUnsignedB => {
                Some(dot_add_tree(b, (a, x, c), true, true))
            }
            _ => None,
        }
    }

    fn default_passes(&self, _profile: &CpuProfile) -> &'static [&'static str] {
        &["bce", "hoist", "inline"]
    }
}
