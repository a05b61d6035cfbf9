//! Functions as every tier sees them: a canonical signature plus either wasm code or a host closure.

use crate::{Trap, VMInstance, ValRaw};
use std::sync::Arc;

/// What a host function is given besides its arguments.
#[derive(Debug, Clone, Copy)]
pub struct HostCtx {
    /// The embedder's store, type-erased; only the runtime that created the host function casts it back.
    pub store: *mut (),
    /// The instance whose code made the call (null when the host itself called).
    pub caller: *const VMInstance,
}

/// A host function: reads its arguments from cells and writes its results to cells.
pub type HostFn = dyn Fn(HostCtx, &[ValRaw], &mut [ValRaw]) -> Result<(), Trap> + Send + Sync;

/// How a function is implemented.
#[derive(Clone)]
pub enum VMFuncKind {
    /// Function `index` (module index space) of a wasm instance.
    Wasm {
        /// The instance; lives as long as the store.
        instance: *const VMInstance,
        /// The function index in the instance's module.
        index: u32,
    },
    /// A host closure.
    Host(Arc<HostFn>),
    /// Function `index` of an instance whose code was compiled to machine code. `entry` calls it from
    /// the host or the interpreter (through the module's array-call trampoline); compiled callers use
    /// [`VMFunc::native_code`] directly.
    Compiled {
        /// The instance; lives as long as the store.
        instance: *const VMInstance,
        /// The function index in the instance's module.
        index: u32,
        /// Calls the function with arguments and results as 16-byte cells.
        entry: Arc<HostFn>,
    },
}

impl std::fmt::Debug for VMFuncKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VMFuncKind::Wasm { index, .. } => write!(f, "Wasm(#{index})"),
            VMFuncKind::Host(_) => f.write_str("Host"),
            VMFuncKind::Compiled { index, .. } => write!(f, "Compiled(#{index})"),
        }
    }
}

/// A function. Its address is the raw `funcref` word, so it never moves while the store lives.
///
/// The first three fields have fixed offsets that compiled code reads (pinned by a test): a compiled
/// caller calls `native_code` with `native_vmctx` when it is non-null, and otherwise goes through the
/// `call_slow` libcall.
#[repr(C)]
#[derive(Debug)]
pub struct VMFunc {
    /// Machine code with tailor's internal calling convention, or null for host and interpreted
    /// functions.
    pub native_code: *const u8,
    /// The `VMContext` to pass to `native_code`.
    pub native_vmctx: *mut u8,
    /// The canonical type id of its signature (see [`crate::TypeRegistry`]).
    pub type_id: u32,
    /// How it is implemented.
    pub kind: VMFuncKind,
    /// Its index in the owning store (to turn a raw reference back into a handle).
    pub store_index: u32,
    /// Which parameters and results are `v128` (how values map to 64-bit slots).
    pub shape: Arc<SigShape>,
}

/// Which parameters and results of a signature are `v128`: the interpreter keeps every value in one
/// 64-bit slot except `v128`, which takes two (low half first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SigShape {
    /// One flag per parameter: is it a `v128`?
    pub params: Box<[bool]>,
    /// One flag per result: is it a `v128`?
    pub results: Box<[bool]>,
}

/// Offsets of [`VMFunc`] fields that compiled code reads.
pub mod offsets {
    /// Offset of `native_code`.
    pub const NATIVE_CODE: u32 = std::mem::offset_of!(super::VMFunc, native_code) as u32;
    /// Offset of `native_vmctx`.
    pub const NATIVE_VMCTX: u32 = std::mem::offset_of!(super::VMFunc, native_vmctx) as u32;
    /// Offset of `type_id` (u32).
    pub const TYPE_ID: u32 = std::mem::offset_of!(super::VMFunc, type_id) as u32;
}

impl SigShape {
    /// The shape of a signature.
    pub fn of(params: &[wasmparser::ValType], results: &[wasmparser::ValType]) -> SigShape {
        let wide = |v: &wasmparser::ValType| *v == wasmparser::ValType::V128;
        SigShape {
            params: params.iter().map(wide).collect(),
            results: results.iter().map(wide).collect(),
        }
    }

    /// Slots the parameters take.
    pub fn param_slots(&self) -> usize {
        self.params.len() + self.params.iter().filter(|w| **w).count()
    }

    /// Slots the results take.
    pub fn result_slots(&self) -> usize {
        self.results.len() + self.results.iter().filter(|w| **w).count()
    }
}

/// Writes values into consecutive 64-bit slots following `wide` (a `v128` takes two slots).
pub fn cells_to_slots(cells: &[ValRaw], wide: &[bool], slots: &mut [u64]) {
    let mut k = 0;
    for (v, w) in cells.iter().zip(wide) {
        slots[k] = v.0 as u64;
        k += 1;
        if *w {
            slots[k] = (v.0 >> 64) as u64;
            k += 1;
        }
    }
}

/// Reads values from consecutive 64-bit slots following `wide`.
pub fn slots_to_cells(slots: &[u64], wide: &[bool], cells: &mut [ValRaw]) {
    let mut k = 0;
    for (v, w) in cells.iter_mut().zip(wide) {
        let lo = slots[k] as u128;
        k += 1;
        let hi = if *w {
            k += 1;
            (slots[k - 1] as u128) << 64
        } else {
            0
        };
        *v = ValRaw(lo | hi);
    }
}

#[cfg(test)]
mod tests {
    use super::offsets;

    #[test]
    fn compiled_code_offsets_are_pinned() {
        assert_eq!(offsets::NATIVE_CODE, 0);
        assert_eq!(offsets::NATIVE_VMCTX, 8);
        assert_eq!(offsets::TYPE_ID, 16);
    }
}
