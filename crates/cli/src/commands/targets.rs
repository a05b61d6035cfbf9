//! `tailor targets`: the host CPU profile, the presets, the compile targets and their features, what
//! relaxed SIMD computes on the host, and the interpreter's handler sets.

use std::process::ExitCode;

use anyhow::Result;
use tailor_cpu::{Arch, CpuError, CpuProfile, Feature, RelaxedMode, RelaxedSemantics, PRESETS};

/// Runs `tailor targets`.
pub fn run() -> Result<ExitCode> {
    let host = CpuProfile::host();
    println!("host: {host}");
    if let Some(name) = host.preset_name() {
        println!("      (equals --cpu {name})");
    }
    println!();
    println!("CPU presets (--cpu NAME; adjust with --cpu-features +a,-b):");
    for preset in PRESETS {
        let (here, lacks) = match CpuProfile::preset(preset.name)?.check_runs_on(&host) {
            Ok(()) => ("runs here".to_string(), None),
            Err(CpuError::MissingFeatures(missing)) => {
                ("not here".to_string(), Some(missing.to_string()))
            }
            Err(CpuError::ArchMismatch { profile, .. }) => (format!("{profile} only"), None),
            Err(other) => (other.to_string(), None),
        };
        println!("  {:<15} {here:<13} {}", preset.name, preset.description);
        if let Some(lacks) = lacks {
            println!("  {:<15} {:<13} host lacks {lacks}", "", "");
        }
    }
    println!();
    println!(
        "compile targets (tailor compile --target ARCH[-OS]; every one can be built on any host)"
    );
    println!("and their CPU features (--cpu-features; + the host has it, detected at start-up):");
    for arch in Arch::KNOWN {
        let mark = if arch == host.arch() { " (host)" } else { "" };
        println!("  {}{mark}", arch.target_name());
        let mut any = false;
        for feature in Feature::of_arch(arch) {
            any = true;
            let has = if host.has(feature) { "+" } else { " " };
            println!("    {has} {:<16} {}", feature.name(), feature.description());
        }
        if !any {
            println!("      (no optional features known)");
        }
    }
    println!();
    println!(
        "relaxed SIMD on --cpu native (--relaxed-simd native, the default; `deterministic` gives"
    );
    println!("the Wasm 3.0 deterministic results on every CPU):");
    for (ops, what) in RelaxedSemantics::new(&host, RelaxedMode::Native).describe() {
        println!("  {ops:<30} {what}");
    }
    println!();
    println!("interpreter handler sets built in and runnable here:");
    for set in tailor_runtime::HandlerSet::all() {
        println!("  {}", set.name());
    }
    for (set, missing) in tailor_runtime::HandlerSet::unavailable() {
        let names: Vec<&str> = missing.iter().map(|f| f.name()).collect();
        println!(
            "  ({set}: built in, not runnable here: lacks {})",
            names.join(", ")
        );
    }
    let native = tailor_runtime::HandlerSet::for_profile(&host);
    println!("`--cpu native` selects: {}", native.name());
    println!("interpreter dispatch: {}", tailor_runtime::DISPATCH_BACKEND);
    Ok(ExitCode::SUCCESS)
}
