//! tailor's compiler tier: wasm → Cranelift IR → machine code for a named target and CPU.
//!
//! - [`isa`]: a `CpuProfile` becomes a Cranelift `TargetIsa` (the one place flags are chosen);
//! - `translate/`: wasm → CLIF against the `VMContext` layout of `tailor-vm`;
//! - [`lower`]: per-ISA lowering hooks;
//! - [`passes`]: the pass pipeline (named passes, default per architecture, user-editable);
//! - [`compile_module`]: a whole module into a [`CodeImage`];
//! - [`link`]: relocating an image at its load address;
//! - [`artifact`]: the on-disk AOT format (`.twasm`).

pub mod artifact;
pub mod code_image;
mod compile;
mod error;
pub mod isa;
pub mod link;
pub mod lower;
pub mod object;
pub mod passes;
mod translate;

pub use artifact::{is_artifact, Artifact};
pub use code_image::{CodeImage, Reloc, RelocKind, RelocTarget};
pub use compile::{
    compile_module, uses_relaxed_simd, uses_simd, CompileOptions, CompiledModule, Oversized,
    DEFAULT_FAST_REGALLOC_ABOVE, DEFER_CHECKS_PER_BYTE, DEFER_SLACK, IR_PER_BYTE, IR_SLACK,
    MAX_FRAME_SIZE, MAX_FUNCTION_SIZE,
};
pub use error::CompileError;
pub use isa::{build_isa, OptLevel};
pub use object::{compile_object, ObjectOutput};
pub use passes::{Pass, PassError, PassInfo, Pipeline, Stage, PASSES};
