//! `tailor-wast`: the `.wast` script runner of tailor, used by the CLI's `tailor wast` and by the
//! spec test crate (`tests/spec`, which runs the vendored suite with it).
//!
//! [`run_wast_file`] / [`run_wast_source`] run one script with every directive of the spec
//! interpreter's script language (modules in text, binary and quote form, `module definition` /
//! `module instance`, `register`, `invoke`, `get` and all assertions) against `tailor-runtime`, and
//! return a [`FileReport`] counting each directive as passed, failed or skipped. Skips come only from
//! the one list in [`skips`], whose names are paths relative to the spec test suite vendored in the
//! repository ([`testsuite_root`]).
//!
//! Modules:
//! - `runner`: one script on a big-stack thread, panics caught per directive;
//! - `directive`: the script state and what each directive checks;
//! - `spectest`: the `spectest` host module;
//! - `values`: argument conversion and bit-exact result matching (NaN patterns, `either`);
//! - [`trap_match`]: expected trap messages → accepted trap codes;
//! - [`skips`]: the skip list; [`report`]: per-file reports and the summary.

use std::path::{Path, PathBuf};

mod directive;
pub mod report;
mod runner;
#[cfg(test)]
mod self_test;
pub mod skips;
mod spectest;
pub mod trap_match;
mod values;

pub use report::{Failure, FileReport, SkipCount, Summary};

/// Environment variable that overrides the location of the test suite.
pub const TESTSUITE_ENV: &str = "TAILOR_TESTSUITE";

/// How scripts are run.
pub struct RunConfig {
    /// The engine configuration (tier, CPU profile, limits) every script's engine is built from.
    pub engine: tailor_runtime::Config,
    /// Whether the skip list applies (`false` runs everything).
    pub apply_skips: bool,
    /// The test-suite root: file names for skip decisions are taken relative to it. Files outside it
    /// are matched by their file name alone.
    pub suite_root: Option<PathBuf>,
    /// Stack size of the thread each script runs on.
    pub stack_size: usize,
    /// AOT round trip: every module is compiled (the engine must use the jit tier), written to an
    /// artifact file, and loaded back from that file before it runs.
    pub aot: bool,
}

impl Default for RunConfig {
    fn default() -> RunConfig {
        RunConfig {
            engine: tailor_runtime::Config::default(),
            apply_skips: true,
            suite_root: None,
            stack_size: 64 << 20,
            aot: false,
        }
    }
}

impl RunConfig {
    /// The default configuration with `root` as the test-suite root.
    pub fn for_suite(root: impl Into<PathBuf>) -> RunConfig {
        RunConfig {
            suite_root: Some(root.into()),
            ..RunConfig::default()
        }
    }

    /// The name of `path` used for skip decisions and reports: relative to the suite root when the
    /// file is inside it, else the file name.
    pub fn name_of(&self, path: &Path) -> String {
        let relative = self
            .suite_root
            .as_deref()
            .and_then(|root| path.strip_prefix(root).ok())
            .map(Path::to_path_buf)
            .or_else(|| path.file_name().map(PathBuf::from))
            .unwrap_or_else(|| path.to_path_buf());
        relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// Runs the `.wast` file at `path`. A file that cannot be read is reported as one failure.
pub fn run_wast_file(path: &Path, config: &RunConfig) -> FileReport {
    let name = config.name_of(path);
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => run_wast_source(&name, &text, config),
            Err(_) => file_error(name, "the file is not UTF-8".into()),
        },
        Err(e) => file_error(name, format!("cannot read {}: {e}", path.display())),
    }
}

/// Runs the script `text`; `name` is its path relative to the test-suite root (for the skip list)
/// and the name used in the report.
pub fn run_wast_source(name: &str, text: &str, config: &RunConfig) -> FileReport {
    runner::run_source(name, text, config)
}

fn file_error(name: String, message: String) -> FileReport {
    let mut report = FileReport::new(name);
    report.fail(Failure {
        line: 0,
        col: 0,
        kind: "file",
        message,
    });
    report
}

/// The test-suite root the skip list's names are relative to: `$TAILOR_TESTSUITE`, else the copy
/// vendored in the repository (`tests/spec/testsuite`, the same folder as
/// `tailor_test_support::testsuite_dir`).
pub fn testsuite_root() -> PathBuf {
    match std::env::var_os(TESTSUITE_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/spec/testsuite"),
    }
}
