//! Reading and compiling module files, with errors that name the file.

use std::path::Path;

use anyhow::{Context, Result};
use tailor_runtime::{Engine, Module};

/// The bytes of `path`.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Reads, decodes and validates the module at `path` (binary or text).
pub fn module(engine: &Engine, path: &Path) -> Result<(Module, Vec<u8>)> {
    let bytes = read(path)?;
    let module =
        Module::new(engine, &bytes).with_context(|| format!("cannot load {}", path.display()))?;
    Ok((module, bytes))
}
