//! `tailor targets`: the host CPU profile, the presets, the compile targets and their features.

use std::process::ExitCode;

use anyhow::Result;
use tailor_cpu::{Arch, CpuError, CpuProfile, Feature, PRESETS};

/// How `--target` spells an architecture.
fn target_name(arch: Arch) -> &'static str {
    match arch {
        Arch::Riscv64 => "riscv64gc",
        other => other.name(),
    }
}

/// Runs `tailor targets`.
pub fn run() -> Result<ExitCode> {
    let host = CpuProfile::host();
    println!("host: {host}");
    if let Some(name) = host.preset_name() {
        println!("      (equals preset {name})");
    }
    println!();
    println!("CPU presets (--cpu NAME; adjust with --cpu-features +a,-b):");
    for preset in PRESETS {
        let here = match CpuProfile::preset(preset.name)?.check_runs_on(&host) {
            Ok(()) => "runs here".to_string(),
            Err(CpuError::MissingFeatures(missing)) => format!("host lacks {missing}"),
            Err(CpuError::ArchMismatch { profile, .. }) => format!("{profile} only"),
            Err(other) => other.to_string(),
        };
        println!("  {:<15} {:<50} [{here}]", preset.name, preset.description);
    }
    println!();
    println!(
        "compile targets (tailor compile --target ARCH[-OS]; every one can be built on any host):"
    );
    for arch in Arch::KNOWN {
        let mark = if arch == host.arch() { " (host)" } else { "" };
        let features: Vec<&str> = Feature::of_arch(arch).map(Feature::name).collect();
        let features = if features.is_empty() {
            "-".to_string()
        } else {
            features.join(" ")
        };
        println!("  {:<10} features: {features}{mark}", target_name(arch));
    }
    println!();
    println!("interpreter handler sets built in and runnable here:");
    for set in tailor_runtime::HandlerSet::all() {
        println!("  {}", set.name());
    }
    let native = tailor_runtime::HandlerSet::for_profile(&host);
    println!("`--cpu native` selects: {}", native.name());
    println!("interpreter dispatch: {}", tailor_runtime::DISPATCH_BACKEND);
    Ok(ExitCode::SUCCESS)
}
