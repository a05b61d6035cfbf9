//! Reading and compiling module files, with errors that name the file.

use std::path::Path;

use anyhow::{Context, Result};
use tailor_runtime::{Engine, Module};

/// The bytes of `path`.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Reads, decodes and validates the module at `path`: binary, text, or a tailor artifact (`.twasm`,
/// recognised by its magic bytes, whatever its name). An artifact that falls back to the interpreter
/// prints its one-line notice on stderr.
pub fn module(engine: &Engine, path: &Path) -> Result<(Module, Vec<u8>)> {
    let bytes = read(path)?;
    let module = if tailor_runtime::is_artifact(&bytes) {
        let m = Module::from_artifact(engine, &bytes)
            .with_context(|| format!("cannot load {}", path.display()))?;
        if let Some(note) = m.load_notice() {
            eprintln!("{note}");
        }
        m
    } else {
        Module::new(engine, &bytes).with_context(|| format!("cannot load {}", path.display()))?
    };
    Ok((module, bytes))
}
