//! tailor's embedding API: one object model for every tier.
//!
//! An [`Engine`] holds configuration and the type registry; a [`Module`] is a validated module ready
//! to instantiate; a [`Store`] owns every instance, function, memory, table and global created in it;
//! [`Instance::new`] or a [`Linker`] instantiate modules. See `docs/runtime-api.md`.

mod artifact;
mod compiled;
mod config;
mod error;
mod externals;
mod func;
mod instance;
mod linker;
mod module;
mod store;
mod typed;
mod types;
mod values;

pub use artifact::{
    compile_artifact, compile_artifact_limited, compile_artifact_with, compile_disassembly,
    compile_disassembly_with, compile_object, compile_object_limited, compile_object_with,
    is_artifact, read_artifact,
};
pub use config::{Config, Engine, Tier};
pub use error::Error;
pub use externals::{Extern, Global, Memory, Table};
pub use func::{Caller, Func};
pub use instance::Instance;
pub use linker::Linker;
pub use module::{ExportType, ImportType, Module};
pub use store::Store;
pub use tailor_compiler::{
    Artifact, CompileOptions, OptLevel, Pass, PassError, PassInfo, Pipeline, Stage,
    MAX_FUNCTION_SIZE, PASSES,
};
pub use tailor_cpu::{CpuProfile, RelaxedMode, RelaxedSemantics};
pub use tailor_interp::{HandlerSet, DISPATCH_BACKEND};
pub use tailor_vm::{Trap, TrapCode, TrapReason};
pub use typed::{TypedFunc, WasmParams, WasmResults, WasmTy};
pub use types::{ExternType, FuncType};
pub use values::{ExternRef, Val};
pub use wasmparser::{
    AbstractHeapType, GlobalType, HeapType, MemoryType, RefType, TableType, ValType,
};
