//! Errors of the compiler tier.

/// Why a module could not be compiled, or an artifact not read.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// Cranelift has no backend for the target, or rejected a flag.
    #[error("unsupported target {target}: {reason}")]
    Target {
        /// The target triple as tailor spells it.
        target: String,
        /// What Cranelift said.
        reason: String,
    },
    /// The module uses something the compiler tier does not support for this target.
    #[error("cannot compile for {target}: {reason}")]
    Unsupported {
        /// The target triple as tailor spells it.
        target: String,
        /// What is missing.
        reason: String,
    },
    /// A function body could not be translated (the module validated, so this is a gap in tailor).
    #[error("function {func}: {reason} (at byte offset {offset:#x})")]
    Translate {
        /// The function index.
        func: u32,
        /// What went wrong.
        reason: String,
        /// Byte offset in the module.
        offset: usize,
    },
    /// Cranelift failed to generate code for a function (or panicked, which is caught here).
    #[error("code generation failed in function {func}: {reason}")]
    Codegen {
        /// The function index (or `u32::MAX` for a trampoline).
        func: u32,
        /// Cranelift's message.
        reason: String,
    },
    /// A function body is larger than the compiler accepts (`CompileOptions::max_function_size`).
    #[error(
        "function {func} ({name}) is too large to compile: {size} bytes of code, over the limit of \
         {limit} bytes"
    )]
    FunctionTooLarge {
        /// The function index.
        func: u32,
        /// Its name (from the name section or an export), or `#index`.
        name: String,
        /// Its size in bytes of code.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A function translates to more Cranelift IR than its size allows
    /// (`CompileOptions::ir_per_byte`): its branches carry too many values, say.
    #[error(
        "function {func} ({name}) is too large to compile: its {size} bytes of code need more than \
         {limit} Cranelift values, instructions and branch arguments"
    )]
    TranslationTooLarge {
        /// The function index.
        func: u32,
        /// Its name (from the name section or an export), or `#index`.
        name: String,
        /// Its size in bytes of code.
        size: usize,
        /// The most IR its size allows.
        limit: usize,
    },
    /// A function needs a larger stack frame than allowed (`CompileOptions::max_frame_size`):
    /// hundreds of thousands of values live at once.
    #[error(
        "function {func} ({name}) is too large to compile: it needs a stack frame of {frame} bytes, \
         over the limit of {limit} bytes"
    )]
    FrameTooLarge {
        /// The function index.
        func: u32,
        /// Its name (from the name section or an export), or `#index`.
        name: String,
        /// The frame it needs.
        frame: u32,
        /// The limit.
        limit: u32,
    },
    /// An artifact is malformed, truncated, or does not match this build of tailor.
    #[error("invalid artifact: {0}")]
    Artifact(String),
    /// The module itself is invalid.
    #[error(transparent)]
    Module(#[from] tailor_module::ModuleError),
}
