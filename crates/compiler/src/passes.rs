//! The pass pipeline run on each function's CLIF before code generation.
//!
//! Cranelift's own optimiser (e-graph rewrites, GVN, LICM, alias analysis, dead-code elimination) runs
//! inside code generation at `-O speed|size`; tailor's pipeline adds the verifier in debug builds.

use cranelift_codegen::isa::TargetIsa;
use cranelift_codegen::Context;

/// Runs tailor's passes on `ctx.func`; `Err` with a message when a pass rejects the function.
pub fn run(ctx: &mut Context, isa: &dyn TargetIsa) -> Result<(), String> {
    if cfg!(debug_assertions) {
        ctx.verify(isa).map_err(|e| format!("CLIF verifier: {e}"))?;
    }
    Ok(())
}
