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
    /// An artifact is malformed, truncated, or does not match this build of tailor.
    #[error("invalid artifact: {0}")]
    Artifact(String),
    /// The module itself is invalid.
    #[error(transparent)]
    Module(#[from] tailor_module::ModuleError),
}
