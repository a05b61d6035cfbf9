//! The raw object model that every tier of tailor executes against.
//!
//! Nothing here knows about stores or WASI: these are the cells (memories, tables, globals, functions and
//! instances) that the runtime owns and that interpreted and compiled code read and write through raw
//! pointers. The runtime guarantees that every object lives at a stable address for as long as any
//! instance or function that refers to it.

pub mod arch;
pub mod budget;
pub mod code_memory;
pub mod float_libcalls;
pub mod func;
pub mod global;
pub mod instance;
pub mod libcall;
pub mod libcall_cx;
pub mod memory;
mod sys;
pub mod table;
pub mod trap;
pub mod types;
pub mod value;
pub mod vmctx;

pub use budget::ResourceBudget;
pub use code_memory::{CodeMemory, CodeMemoryError};
pub use func::{cells_to_slots, slots_to_cells, HostCtx, HostFn, SigShape, VMFunc, VMFuncKind};
pub use global::VMGlobal;
pub use instance::VMInstance;
pub use libcall::Libcall;
pub use libcall_cx::LibcallCx;
pub use memory::{LinearMemory, MemoryError};
pub use table::{TableError, VMTable};
pub use trap::{Trap, TrapCode, TrapReason};
pub use types::{CanonFuncType, TypeRegistry};
pub use value::ValRaw;
pub use vmctx::{ArrayTrampoline, VMOffsets, VMStoreContext};

/// The size of a WebAssembly page in bytes.
pub const WASM_PAGE_SIZE: u64 = 65536;
