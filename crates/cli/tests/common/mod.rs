//! Helpers shared by the CLI integration tests.

#![expect(dead_code, reason = "each test binary uses a different subset")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// tailor's exit code for its own errors: usage, load, link, limits (`exit::ERROR` in main.rs).
pub const ERROR: i32 = 126;

/// tailor's exit code for a guest trap, or `proc_exit` with a code over 125 (`exit::TRAP`).
pub const TRAP: i32 = 134;

/// The result of one `tailor` run.
pub struct Run {
    /// The exit code, `None` if a signal ended the process or it was killed on timeout.
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Whether the run was killed because it took too long.
    pub timed_out: bool,
}

impl Run {
    /// Collects a finished process.
    pub fn from_output(out: Output) -> Run {
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            timed_out: false,
        }
    }

    /// Panics with the whole output unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "unexpected exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Panics unless stderr contains every one of `parts`.
    #[track_caller]
    pub fn stderr_has(&self, parts: &[&str]) -> &Run {
        for part in parts {
            assert!(
                self.stderr.contains(part),
                "stderr lacks {part:?}:\n{}",
                self.stderr
            );
        }
        self
    }

    /// Panics unless stdout contains every one of `parts`.
    #[track_caller]
    pub fn stdout_has(&self, parts: &[&str]) -> &Run {
        for part in parts {
            assert!(
                self.stdout.contains(part),
                "stdout lacks {part:?}:\n{}",
                self.stdout
            );
        }
        self
    }
}

/// The `tailor` binary under test.
pub fn tailor_command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tailor"));
    cmd.current_dir(workspace_root())
        .stdin(Stdio::null())
        .env_remove("RUST_BACKTRACE");
    cmd
}

/// Runs `tailor ARGS...` from the workspace root.
pub fn tailor(args: &[&str]) -> Run {
    Run::from_output(tailor_command().args(args).output().expect("spawn tailor"))
}

/// Runs `tailor ARGS...`, killing it after `limit`.
pub fn tailor_with_timeout(args: &[&str], limit: Duration) -> Run {
    let mut child = tailor_command()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tailor");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait for tailor").is_some() {
            return Run::from_output(child.wait_with_output().expect("collect output"));
        }
        if start.elapsed() > limit {
            // The child was started by this test; killing it by its handle is safe.
            let _ = child.kill();
            let mut run = Run::from_output(child.wait_with_output().expect("collect output"));
            run.timed_out = true;
            return run;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The workspace root (where `examples/` lives).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Writes `contents` to a fresh file `name` in this test binary's scratch directory.
pub fn scratch_file(name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tailor-cli-tests");
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write scratch file");
    path
}

/// A path as a `&str` argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}
