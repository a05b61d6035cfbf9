//! The `VMContext`: the per-instance block of words that compiled code reads at fixed offsets.
//!
//! The layout is a fixed header followed by arrays whose lengths come from the module, so the offsets
//! of one module are known when it is compiled ([`VMOffsets`]). The header fields are defined once in
//! [`for_each_vmctx_field!`]; every offset is derived from that list (DESIGN.md rule 2).
//!
//! ```text
//! header        store context, instance, libcall table, canonical type ids, …
//! memories      one *mut LinearMemory per memory (imports first)
//! memory bases  one base address per memory (stable for the memory's life)
//! globals       one *mut VMGlobal per global
//! tables        one *mut VMTable per table
//! funcs         one *const VMFunc per function (imports first): call targets and `ref.func` values
//! ```

use crate::{Trap, ValRaw};
use tailor_module::Module;

/// The header of a `VMContext`, one pointer-sized word per field, in this order.
#[macro_export]
macro_rules! for_each_vmctx_field {
    ($m:ident) => {
        $m! {
            /// `*mut VMStoreContext`: trap code, stack limit and the store of the running call.
            store_ctx,
            /// `*mut VMInstance` of this instance.
            instance,
            /// `*const usize`: the runtime's libcall table, indexed by [`crate::Libcall`].
            libcalls,
            /// `*const u32`: canonical type id of every type index of the module.
            type_ids,
        }
    };
}

macro_rules! define_header {
    ($( $(#[$doc:meta])* $name:ident, )*) => {
        /// Byte offsets of the header fields.
        #[allow(non_upper_case_globals, reason = "offsets are named after their fields")]
        pub mod header {
            define_header!(@offsets 0u32, $( $name, )*);
        }
        /// Number of words in the header.
        pub const HEADER_WORDS: u32 = [$( stringify!($name), )*].len() as u32;
    };
    (@offsets $n:expr, $name:ident, $( $rest:ident, )*) => {
        #[doc = concat!("Offset of `", stringify!($name), "`.")]
        pub const $name: u32 = $n;
        define_header!(@offsets $n + 8, $( $rest, )*);
    };
    (@offsets $n:expr,) => {};
}
for_each_vmctx_field!(define_header);

/// Offsets of one module's `VMContext`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VMOffsets {
    /// Number of memories.
    pub num_memories: u32,
    /// Number of globals.
    pub num_globals: u32,
    /// Number of tables.
    pub num_tables: u32,
    /// Number of functions.
    pub num_funcs: u32,
}

impl VMOffsets {
    /// The offsets for `module`.
    pub fn new(module: &Module) -> VMOffsets {
        VMOffsets {
            num_memories: module.memories.len() as u32,
            num_globals: module.globals.len() as u32,
            num_tables: module.tables.len() as u32,
            num_funcs: module.funcs.len() as u32,
        }
    }

    /// Offset of the pointer to memory `i`'s [`crate::LinearMemory`].
    pub fn memory(&self, i: u32) -> u32 {
        HEADER_WORDS * 8 + i * 8
    }

    /// Offset of memory `i`'s base address.
    pub fn memory_base(&self, i: u32) -> u32 {
        self.memory(self.num_memories) + i * 8
    }

    /// Offset of the pointer to global `i`'s [`crate::VMGlobal`].
    pub fn global(&self, i: u32) -> u32 {
        self.memory_base(self.num_memories) + i * 8
    }

    /// Offset of the pointer to table `i`'s [`crate::VMTable`].
    pub fn table(&self, i: u32) -> u32 {
        self.global(self.num_globals) + i * 8
    }

    /// Offset of the pointer to function `i`'s [`crate::VMFunc`].
    pub fn func(&self, i: u32) -> u32 {
        self.table(self.num_tables) + i * 8
    }

    /// Size of the whole context in bytes.
    pub fn size(&self) -> u32 {
        self.func(self.num_funcs)
    }
}

/// Per-store state that compiled code reads and writes. Lives at a stable address for the store's
/// life; the first fields have fixed offsets ([`store_ctx`]).
#[repr(C)]
#[derive(Debug, Default)]
pub struct VMStoreContext {
    /// `0`, or the raw [`crate::TrapCode`] (see [`crate::TrapCode::to_raw`]) of a pending trap. Compiled
    /// code sets it and returns; every caller checks it after every call.
    pub trap_code: u32,
    /// The index of the function whose own check trapped (valid when `trap_code` is a trap code).
    pub trap_func: u32,
    /// The lowest native stack address compiled code may use (checked at every function entry).
    pub stack_limit: usize,
    /// The `VMContext` of the function whose own check trapped (its instance names the function).
    pub trap_vmctx: usize,
    /// The embedder's store of the running call (type-erased), for host calls made by compiled code.
    pub store: usize,
    /// A trap that carries more than a code (a host error); `trap_code` is set too when this is.
    pub pending: Option<Trap>,
    /// Calls any function of the store through the runtime (set by the runtime when the store is
    /// made; used by compiled code to call interpreted functions).
    pub call_hook: Option<CallHook>,
}

/// The runtime's entry for calling a function of a store from compiled code: `store` is the value of
/// [`VMStoreContext::store`].
pub type CallHook = unsafe fn(
    store: usize,
    func: *const crate::VMFunc,
    args: &[ValRaw],
    results: &mut [ValRaw],
) -> Result<(), Trap>;

/// The `trap_code` value that means "see [`VMStoreContext::pending`]".
pub const TRAP_PENDING: u32 = u32::MAX;

/// Offsets of [`VMStoreContext`] fields.
pub mod store_ctx {
    /// Offset of `trap_code` (u32).
    pub const TRAP_CODE: u32 = std::mem::offset_of!(super::VMStoreContext, trap_code) as u32;
    /// Offset of `stack_limit` (usize).
    pub const STACK_LIMIT: u32 = std::mem::offset_of!(super::VMStoreContext, stack_limit) as u32;
    /// Offset of `trap_func` (u32).
    pub const TRAP_FUNC: u32 = std::mem::offset_of!(super::VMStoreContext, trap_func) as u32;
    /// Offset of `trap_vmctx` (usize).
    pub const TRAP_VMCTX: u32 = std::mem::offset_of!(super::VMStoreContext, trap_vmctx) as u32;
}

/// The raw-pointer signature of an array-call trampoline: calls `code` (a compiled function with the
/// internal calling convention) with `vmctx`, reading its arguments from `values` and writing its
/// results back over them.
pub type ArrayTrampoline =
    unsafe extern "C" fn(vmctx: *mut u8, code: *const u8, values: *mut ValRaw);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_offsets_follow_the_list() {
        assert_eq!(header::store_ctx, 0);
        assert_eq!(header::instance, 8);
        assert_eq!(header::libcalls, 16);
        assert_eq!(header::type_ids, 24);
        assert_eq!(HEADER_WORDS, 4);
        assert_eq!(store_ctx::TRAP_CODE, 0);
        assert_eq!(store_ctx::STACK_LIMIT, 8);
        assert_eq!(store_ctx::TRAP_FUNC, 4);
        assert_eq!(store_ctx::TRAP_VMCTX, 16);
    }

    #[test]
    fn arrays_follow_each_other() {
        let o = VMOffsets {
            num_memories: 2,
            num_globals: 3,
            num_tables: 1,
            num_funcs: 5,
        };
        assert_eq!(o.memory(0), 32);
        assert_eq!(o.memory_base(0), 48);
        assert_eq!(o.global(0), 64);
        assert_eq!(o.table(0), 88);
        assert_eq!(o.func(0), 96);
        assert_eq!(o.size(), 136);
    }
}
