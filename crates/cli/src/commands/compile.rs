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
    let mut compile = tailor_runtime::CompileOptions::new(profile.clone());
    compile.opt = OptLevel::from_name(&opts.opt_level).context("unknown optimisation level")?;
    compile.relaxed_simd = opts.relaxed_simd;
    if let Some(n) = opts.max_function_size {
        compile.max_function_size = usize::try_from(n).unwrap_or(usize::MAX);
    }
    if let Some(list) = &opts.passes {
        compile.passes = crate::engine::parse_passes(list, &profile)?;
    }
    let wasm = crate::load::read(&opts.file)?;
    let context = || format!("cannot compile {}", opts.file.display());
    if opts.emit == "disas" {
        let text =
            tailor_runtime::compile_disassembly_with(&wasm, &compile).with_context(context)?;
        match &opts.output {
            Some(out) => std::fs::write(out, text)
                .with_context(|| format!("cannot write {}", out.display()))?,
            None => print!("{text}"),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let obj = opts.emit == "obj";
    let out = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.file.with_extension(if obj { "o" } else { "twasm" }));
    if obj {
        let (object, header) =
            tailor_runtime::compile_object_with(&wasm, &compile).with_context(context)?;
        let h = out.with_extension("h");
        std::fs::write(&out, object).with_context(|| format!("cannot write {}", out.display()))?;
        std::fs::write(&h, header).with_context(|| format!("cannot write {}", h.display()))?;
    } else {
        let artifact =
            tailor_runtime::compile_artifact_with(&wasm, &compile).with_context(context)?;
        std::fs::write(&out, &artifact)
            .with_context(|| format!("cannot write {}", out.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
