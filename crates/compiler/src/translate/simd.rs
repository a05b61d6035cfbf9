//! SIMD operators (`v128`).

use super::FuncTranslator;
use crate::CompileError;
use wasmparser::Operator;

impl FuncTranslator<'_, '_> {
    /// Handles SIMD operators; `false` if `op` is not one.
    pub(super) fn simd(&mut self, _op: &Operator) -> Result<bool, CompileError> {
        Ok(false)
    }
}
