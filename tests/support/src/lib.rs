//! What tailor's tests share: where the test inputs vendored in the repository live, how the
//! external tools some tests need are found, and the rule for a missing tool — a counted, printed
//! skip naming what to install, or a failure when `TAILOR_REQUIRE_TOOLS` is set (as
//! `scripts/test.sh` and `.ci/run` do), so that CI cannot skip silently.
//!
//! This crate depends on no tailor crate, so every crate's tests may use it (as a dev-dependency)
//! without a dependency cycle.
//!
//! - [`testsuite_dir`]: the spec test suite, `tests/spec/testsuite` (or `$TAILOR_TESTSUITE`).
//! - [`zig`], [`find_in_path`], [`python`]: the tools.
//! - [`Skip`], [`harness::run`]: tests that may skip, run by `libtest-mimic`, so that skips are
//!   counted as `ignored` in the summary line and listed with their reason; [`skip_test`] for a
//!   test under the standard harness.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

pub mod harness;

/// Environment variable that points every test at another copy of the spec test suite.
pub const TESTSUITE_ENV: &str = "TAILOR_TESTSUITE";

/// Environment variable that turns a missing tool into a test failure (any value but `0` or empty).
pub const REQUIRE_TOOLS_ENV: &str = "TAILOR_REQUIRE_TOOLS";

/// The install hint for zig (PyPI `ziglang`, the version `scripts/test.sh` installs).
pub const ZIG_HINT: &str = "install it with `python3 -m pip install ziglang==0.17.1` (or set \
TAILOR_ZIG to a zig binary); `bash scripts/test.sh` installs it into ~/.cache/tailor/ziglang";

/// The install hint for Debian packages (qemu-user, cross compilers): they need root.
pub const APT_HINT: &str = "`bash scripts/test.sh` run as root installs it";

/// The repository root (the cargo workspace).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The spec test suite: `$TAILOR_TESTSUITE`, else the copy vendored in the repository at
/// `tests/spec/testsuite` (see its README for where it came from and how to update it).
pub fn testsuite_dir() -> PathBuf {
    match std::env::var_os(TESTSUITE_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => repo_root().join("tests/spec/testsuite"),
    }
}

/// Whether a missing tool must fail the test instead of skipping it (`TAILOR_REQUIRE_TOOLS`).
pub fn require_tools() -> bool {
    std::env::var_os(REQUIRE_TOOLS_ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

/// Where `scripts/test.sh` installs tools (zig): `$TAILOR_CACHE`, else `$XDG_CACHE_HOME/tailor`,
/// else `~/.cache/tailor`.
pub fn cache_dir() -> PathBuf {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = var("TAILOR_CACHE") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = var("XDG_CACHE_HOME") {
        return PathBuf::from(dir).join("tailor");
    }
    PathBuf::from(var("HOME").unwrap_or_else(|| ".".into())).join(".cache/tailor")
}

/// Finds `program` in `PATH`.
pub fn find_in_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// The Python interpreter used for `-m ziglang` and `-m pip` (`TAILOR_PYTHON`, default `python3`).
pub fn python() -> String {
    std::env::var("TAILOR_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// Whether `command` runs and exits successfully (its output discarded).
fn runs(command: &[String], arg: &str) -> bool {
    Command::new(&command[0])
        .args(&command[1..])
        .arg(arg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The command that runs zig (append `cc ...` for its C compiler), found once per process:
/// `$TAILOR_ZIG`, else the copy `scripts/test.sh` installs (`<cache>/ziglang/ziglang/zig`, see
/// [`cache_dir`]), else `python3 -m ziglang` (PyPI `ziglang` installed for that Python), else `zig`
/// on the `PATH`. `None` when none of them runs `zig version`.
pub fn zig() -> Option<&'static [String]> {
    static ZIG: OnceLock<Option<Vec<String>>> = OnceLock::new();
    ZIG.get_or_init(|| {
        let mut candidates: Vec<Vec<String>> = Vec::new();
        if let Some(z) = std::env::var_os("TAILOR_ZIG").filter(|z| !z.is_empty()) {
            candidates.push(vec![z.to_string_lossy().into_owned()]);
        }
        let cached = cache_dir().join("ziglang/ziglang/zig");
        if cached.is_file() {
            candidates.push(vec![cached.to_string_lossy().into_owned()]);
        }
        candidates.push(vec![python(), "-m".into(), "ziglang".into()]);
        candidates.push(vec!["zig".into()]);
        candidates.into_iter().find(|c| runs(c, "version"))
    })
    .as_deref()
}

/// Why a test did not run: something it needs from outside the repository (a tool, a package
/// registry) is missing. Test code returns it; the harness counts it as a skip, or as a failure
/// when [`require_tools`] is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    reason: String,
}

impl Skip {
    /// A skip with this reason.
    pub fn new(reason: impl Into<String>) -> Skip {
        Skip {
            reason: reason.into(),
        }
    }

    /// `tool` is not installed; `hint` says how to install it.
    pub fn missing(tool: &str, hint: &str) -> Skip {
        Skip::new(format!("{tool} not found — {hint}"))
    }

    /// zig is not installed.
    pub fn no_zig() -> Skip {
        Skip::missing("zig", ZIG_HINT)
    }

    /// The reason.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for Skip {}

/// The zig command, or the skip that names how to install it.
pub fn zig_or_skip() -> Result<&'static [String], Skip> {
    zig().ok_or_else(Skip::no_zig)
}

/// Ends a test that runs under the standard test harness and cannot run here: prints
/// `SKIP <test>: <reason>` on the real stderr (past the harness's output capture, so that it is
/// seen), or panics when [`require_tools`] is set. The harness still counts the test as passed; use
/// [`harness::run`] where the count matters.
pub fn skip_test(test: &str, skip: &Skip) {
    if require_tools() {
        panic!("{test}: {skip} ({REQUIRE_TOOLS_ENV} is set: a missing tool is a failure)");
    }
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "SKIP {test}: {skip}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vendored_suite_is_in_the_repository() {
        if std::env::var_os(TESTSUITE_ENV).is_some() {
            return;
        }
        let dir = testsuite_dir();
        assert!(dir.join("i32.wast").is_file(), "{}", dir.display());
        assert!(dir.join("LICENSE").is_file());
        assert!(dir
            .canonicalize()
            .unwrap()
            .starts_with(repo_root().canonicalize().unwrap()));
    }

    #[test]
    fn skip_messages_name_what_to_install() {
        let s = Skip::no_zig();
        assert!(s.reason().starts_with("zig not found — "), "{s}");
        assert!(s.to_string().contains("pip install ziglang"));
    }
}
