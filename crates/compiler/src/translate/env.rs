//! Module-level facts the translator needs: `VMContext` offsets, signatures, the target and its
//! lowering hooks.

use crate::compile::CompileOptions;
use crate::lower::{hooks_for, LoweringHooks};
use crate::passes::Pass;
use cranelift_codegen::ir::{types, AbiParam, Signature, Type};
use cranelift_codegen::isa::{CallConv, TargetIsa};
use tailor_cpu::{CpuProfile, RelaxedSemantics};
use tailor_module::Module;
use tailor_vm::VMOffsets;
use wasmparser::{FuncType, ValType};

/// What every function of one module shares during translation.
pub(crate) struct ModuleEnv<'a> {
    /// The module.
    pub module: &'a Module,
    /// Its `VMContext` layout.
    pub offsets: VMOffsets,
    /// The target.
    pub isa: &'a dyn TargetIsa,
    /// The CPU profile compiled for.
    pub profile: &'a CpuProfile,
    /// The target's lowering hooks: asked at every operator with a per-CPU choice.
    pub hooks: &'static dyn LoweringHooks,
    /// What each relaxed-SIMD operator computes for this profile and mode.
    pub relaxed: RelaxedSemantics,
    /// Whether the `bce` pass is on: reuse a dominating bounds check of the same index.
    pub bce: bool,
    /// Whether the `hoist` pass is on: load memory lengths once for call-free loops and functions.
    pub hoist: bool,
    /// Whether functions are translated to be inlined into callers ([`crate::passes::inline`]):
    /// then memory-length loads are never read-only, since a caller may grow memory between two
    /// inlined copies.
    pub inline_copy: bool,
}

impl<'a> ModuleEnv<'a> {
    /// The environment for compiling `module` with `opts` (its profile, relaxed-SIMD mode and pass
    /// pipeline) and `isa` (built from that profile).
    pub fn new(
        module: &'a Module,
        isa: &'a dyn TargetIsa,
        opts: &'a CompileOptions,
    ) -> ModuleEnv<'a> {
        let profile = &opts.profile;
        ModuleEnv {
            module,
            offsets: VMOffsets::new(module),
            isa,
            profile,
            hooks: hooks_for(profile),
            relaxed: RelaxedSemantics::new(profile, opts.relaxed_simd),
            bce: opts.passes.contains(Pass::Bce),
            hoist: opts.passes.contains(Pass::Hoist),
            inline_copy: false,
        }
    }

    /// The internal signature of type index `ty`.
    pub fn signature_of_type(&self, ty: u32) -> Signature {
        wasm_signature(self.module.type_at(ty))
    }

    /// Byte offset of a value of type `ty` in 16-byte value cell `index` (the target's byte order:
    /// [`LoweringHooks::cell_offset`]).
    pub fn cell_offset(&self, index: u32, ty: Type) -> i32 {
        self.hooks.cell_offset(index, ty)
    }
}

/// The Cranelift type of a wasm value type: numbers as themselves, `v128` as `i8x16`, references as
/// a 64-bit word.
pub(crate) fn ir_type(t: ValType) -> Type {
    match t {
        ValType::I32 => types::I32,
        ValType::I64 => types::I64,
        ValType::F32 => types::F32,
        ValType::F64 => types::F64,
        ValType::V128 => types::I8X16,
        ValType::Ref(_) => types::I64,
    }
}

/// tailor's internal calling convention for a wasm function: Cranelift's `tail` convention (so
/// `return_call` works on every backend), the callee's `VMContext` first, then the wasm parameters;
/// the wasm results are returned.
pub(crate) fn wasm_signature(ty: &FuncType) -> Signature {
    let mut sig = Signature::new(CallConv::Tail);
    sig.params.push(AbiParam::new(types::I64));
    for p in ty.params() {
        sig.params.push(AbiParam::new(ir_type(*p)));
    }
    for r in ty.results() {
        sig.returns.push(AbiParam::new(ir_type(*r)));
    }
    sig
}
