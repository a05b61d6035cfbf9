//! Module-level facts the translator needs: `VMContext` offsets, signatures, the target.

use crate::passes::{Pass, Pipeline};
use cranelift_codegen::ir::{types, AbiParam, Signature, Type};
use cranelift_codegen::isa::{CallConv, TargetIsa};
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
    /// The environment of `module` compiled for `isa` with `passes`.
    pub fn new(module: &'a Module, isa: &'a dyn TargetIsa, passes: &Pipeline) -> ModuleEnv<'a> {
        ModuleEnv {
            module,
            offsets: VMOffsets::new(module),
            isa,
            bce: passes.contains(Pass::Bce),
            hoist: passes.contains(Pass::Hoist),
            inline_copy: false,
        }
    }
}

impl ModuleEnv<'_> {
    /// The internal signature of type index `ty`.
    pub fn signature_of_type(&self, ty: u32) -> Signature {
        wasm_signature(self.module.type_at(ty))
    }

    /// Whether the target stores multi-byte values big-endian (s390x).
    pub fn big_endian(&self) -> bool {
        self.isa.endianness() == cranelift_codegen::ir::Endianness::Big
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
