//! Errors of decoding and validation.

/// Why a module could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModuleError {
    /// The binary is malformed or invalid; the message names the byte offset.
    #[error("invalid module at byte offset {offset:#x}: {message}")]
    Invalid {
        /// Byte offset in the binary.
        offset: usize,
        /// What is wrong.
        message: String,
    },
    /// The text format could not be parsed.
    #[error("cannot parse WebAssembly text: {0}")]
    Text(String),
    /// The module uses something tailor does not support yet.
    #[error("unsupported at byte offset {offset:#x}: {message}")]
    Unsupported {
        /// Byte offset in the binary.
        offset: usize,
        /// What is unsupported.
        message: String,
    },
}

impl From<wasmparser::BinaryReaderError> for ModuleError {
    fn from(e: wasmparser::BinaryReaderError) -> ModuleError {
        ModuleError::Invalid {
            offset: e.offset() as usize,
            message: e.message().to_string(),
        }
    }
}
