//! `verify`: Cranelift's CLIF verifier, on the CLIF.
//!
//! Debug builds always verify every function after the pipeline; this pass lets a release build do
//! it too (`--passes=+verify`), or verify between passes when listed before them.

use super::{Pass, PassInfo, Stage};
use cranelift_codegen::isa::TargetIsa;
use cranelift_codegen::Context;

/// The pass's registry entry.
pub const INFO: PassInfo = PassInfo {
    pass: Pass::Verify,
    name: "verify",
    description: "the CLIF verifier (always on in debug builds)",
    stage: Stage::Clif,
};

/// Verifies `ctx.func`.
pub(crate) fn run(ctx: &Context, isa: &dyn TargetIsa) -> Result<(), String> {
    ctx.verify(isa).map_err(|e| format!("CLIF verifier: {e}"))
}
