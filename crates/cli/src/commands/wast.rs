//! `tailor wast`: run spec test scripts with the `tailor-wast` runner.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use tailor_wast::{run_wast_file, testsuite_root, RunConfig, Summary};

use crate::args::WastOptions;

/// Failed directives shown per file without `--verbose`.
const FAILURES_SHOWN: usize = 10;

/// Runs `tailor wast`.
pub fn run(opts: &WastOptions) -> Result<ExitCode> {
    let suite_root = testsuite_root().canonicalize().ok();
    let config = RunConfig {
        engine: opts.engine.config()?,
        apply_skips: !opts.no_skips,
        suite_root: suite_root.clone(),
        aot: opts.engine.tier == "aot",
        ..RunConfig::default()
    };
    let mut summary = Summary::default();
    for file in &opts.files {
        let path = canonical(file);
        let report = run_wast_file(&path, &config);
        println!(
            "{}: {} passed, {} failed, {} skipped",
            file.display(),
            report.passed,
            report.failed,
            report.skipped
        );
        if report.failed > 0 {
            let limit = if opts.verbose {
                usize::MAX
            } else {
                FAILURES_SHOWN
            };
            println!("  {}", report.failure_message(limit).replace('\n', "\n  "));
        }
        summary.add(&report);
    }
    for skip in summary.skips.values() {
        println!("skipped {:>6}: {}", skip.directives, skip.reason);
    }
    println!("{}", summary.counts_line());
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `path` made absolute (so the skip list sees it relative to the suite root), or as given.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}
