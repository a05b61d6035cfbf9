//! `tailor compile`: ahead-of-time compilation into an artifact for any target and CPU.

use std::process::ExitCode;

use anyhow::{Context, Result};
use tailor_runtime::{CpuProfile, OptLevel};

use crate::args::CompileOptions;

/// Runs `tailor compile`.
pub fn run(opts: &CompileOptions) -> Result<ExitCode> {
    let profile = CpuProfile::for_target(
        opts.target.as_deref(),
        opts.cpu.as_deref(),
        opts.cpu_features.as_deref(),
    )?;
    let opt = OptLevel::from_name(&opts.opt_level).context("unknown optimisation level")?;
    let wasm = crate::load::read(&opts.file)?;
    let artifact = tailor_runtime::compile_artifact(&wasm, &profile, opt)
        .with_context(|| format!("cannot compile {}", opts.file.display()))?;
    let out = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.file.with_extension("twasm"));
    std::fs::write(&out, &artifact).with_context(|| format!("cannot write {}", out.display()))?;
    Ok(ExitCode::SUCCESS)
}
