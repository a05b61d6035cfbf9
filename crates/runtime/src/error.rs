//! The runtime's error type.

use tailor_vm::Trap;

/// Everything that can go wrong when loading, linking, instantiating or calling.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The module is malformed or invalid (the message carries the byte offset).
    #[error(transparent)]
    Module(#[from] tailor_module::ModuleError),
    /// An import is missing or has an incompatible type.
    #[error("link error: {0}")]
    Link(String),
    /// Guest code trapped, also during instantiation (segments out of bounds, start function).
    #[error(transparent)]
    Trap(#[from] Trap),
    /// A resource limit was hit (for example a memory larger than the configured limit).
    #[error("resource limit: {0}")]
    Resource(String),
    /// The compiler tier could not compile the module, or an artifact could not be loaded.
    #[error("compile error: {0}")]
    Compile(String),
    /// A value or handle of the wrong type (wrong arguments to `Func::call`, a handle of another store).
    #[error("type error: {0}")]
    Type(String),
}

impl Error {
    /// The trap, if this error is one.
    pub fn trap(&self) -> Option<&Trap> {
        match self {
            Error::Trap(t) => Some(t),
            _ => None,
        }
    }
}
