//! `tailor passes`: every compiler pass with its one line, marking the default pipeline.

use std::process::ExitCode;

use anyhow::Result;
use tailor_runtime::{CpuProfile, Pipeline, PASSES};

use crate::args::PassesOptions;

/// Runs `tailor passes`.
pub fn run(opts: &PassesOptions) -> Result<ExitCode> {
    let profile = CpuProfile::for_target(
        opts.target.as_deref(),
        opts.cpu.as_deref(),
        opts.cpu_features.as_deref(),
    )?;
    let default = Pipeline::default_for(&profile);
    let chosen = match &opts.passes {
        Some(list) => crate::engine::parse_passes(list, &profile)?,
        None => default.clone(),
    };
    println!("target {profile}");
    println!("default pipeline: {default}");
    if opts.passes.is_some() {
        println!("with --passes:    {chosen}");
    }
    println!();
    let mark = if opts.passes.is_some() {
        "chosen"
    } else {
        "default"
    };
    println!("passes (`*`: in the {mark} pipeline; clif passes run in pipeline order):");
    for info in PASSES {
        let on = if chosen.contains(info.pass) { "*" } else { " " };
        println!(
            "  {on} {:<7} {:<12} {}",
            info.name,
            info.stage.name(),
            info.description
        );
    }
    println!();
    println!(
        "--passes LIST (tailor compile, and run/wast with --tier jit): `bce,hoist` runs exactly \
         these; `-inline,+verify` edits the default; `none` runs no pass."
    );
    Ok(ExitCode::SUCCESS)
}
