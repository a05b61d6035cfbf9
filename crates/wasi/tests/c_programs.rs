//! The C test programs in `tests/c/`, built to wasm32-wasi with `zig cc` (PyPI `ziglang`) and run
//! through tailor's Rust API with a fresh directory preopened as `/sandbox`.
//!
//! zig is found by `tailor_test_support::zig` (`TAILOR_ZIG`, the copy `scripts/test.sh` installs,
//! `python3 -m ziglang`, `zig`). Without it every test is skipped, counted (`ignored` in the
//! summary, then a `SKIP` line naming how to install zig), never a silent pass; with
//! `TAILOR_REQUIRE_TOOLS` set (`scripts/test.sh`, `.ci/run`) zig missing fails them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tailor_runtime::{Engine, Error, Linker, Module, Store, TrapCode, TrapReason};
use tailor_test_support::Skip;
use tailor_wasi::{
    add_to_linker, I32Exit, InputStream, InvalidExitCode, MemoryOutputPipe, OutputStream, WasiCtx,
    WasiCtxBuilder,
};

/// Builds `tests/c/<name>.c` (cached in the target dir; rebuilt when a source is newer); skips
/// when zig is missing.
fn build(name: &str) -> Result<PathBuf, Skip> {
    let src_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c");
    let src = src_dir.join(format!("{name}.c"));
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wasi-c");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = out_dir.join(format!("{name}.wasm"));
    let mtime = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let newest_src = [src.clone(), src_dir.join("check.h")]
        .iter()
        .filter_map(|p| mtime(p))
        .max();
    if let (Some(built), Some(source)) = (mtime(&out), newest_src) {
        if built >= source {
            return Ok(out);
        }
    }
    let zig = tailor_test_support::zig_or_skip()?;
    let tmp = out_dir.join(format!("{name}.{}.tmp.wasm", std::process::id()));
    let result = Command::new(&zig[0])
        .args(&zig[1..])
        .args(["cc", "-target", "wasm32-wasi", "-O2", "-o"])
        .arg(&tmp)
        .arg(&src)
        .output();
    match result {
        Err(e) => panic!(
            "cannot run `{} cc` to build {}: {e}",
            zig.join(" "),
            src.display()
        ),
        Ok(o) if !o.status.success() => panic!(
            "`{} cc -target wasm32-wasi -O2 {}` failed:\n{}",
            zig.join(" "),
            src.display(),
            String::from_utf8_lossy(&o.stderr)
        ),
        Ok(_) => std::fs::rename(&tmp, &out).unwrap(),
    }
    Ok(out)
}

/// A fresh directory tree for one test, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "tailor-wasi-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Fails the test with the whole output unless the program passed.
    fn assert_passed(&self) {
        assert!(
            self.code == 0 && self.stdout.contains("PASSED (0 failures)"),
            "exit code {}\n--- stdout\n{}--- stderr\n{}",
            self.code,
            self.stdout,
            self.stderr
        );
        assert!(!self.stdout.contains("FAIL"), "{}", self.stdout);
    }
}

fn run(
    wasm: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    sandbox: Option<&Path>,
    stdin: InputStream,
) -> Run {
    let (result, stdout, stderr) = run_to_end(wasm, args, env, sandbox, stdin);
    let code = match result {
        Ok(()) => 0,
        Err(e) => exit_code(&e).unwrap_or_else(|| panic!("guest failed: {e}")),
    };
    Run {
        code,
        stdout,
        stderr,
    }
}

/// Runs `_start` to its end: what the call returned, and stdout and stderr.
fn run_to_end(
    wasm: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    sandbox: Option<&Path>,
    stdin: InputStream,
) -> (Result<(), Error>, String, String) {
    let engine = Engine::default();
    let module = Module::from_file(&engine, wasm).expect("module loads");
    let stdout = MemoryOutputPipe::new();
    let stderr = MemoryOutputPipe::new();
    let mut b = WasiCtxBuilder::new();
    b.args(args)
        .stdin(stdin)
        .stdout(OutputStream::Memory(stdout.clone()))
        .stderr(OutputStream::Memory(stderr.clone()));
    for (k, v) in env {
        b.env(k, v);
    }
    if let Some(dir) = sandbox {
        b.preopened_dir(dir, "/sandbox").expect("preopen");
    }
    let mut linker = Linker::<WasiCtx>::new(&engine);
    add_to_linker(&mut linker, |c| c).unwrap();
    let mut store = Store::new(&engine, b.build());
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("instantiates");
    let start = instance.get_func(&store, "_start").expect("_start");
    let result = start.call(&mut store, &[], &mut []);
    (
        result,
        String::from_utf8_lossy(&stdout.contents()).into_owned(),
        String::from_utf8_lossy(&stderr.contents()).into_owned(),
    )
}

/// The code of a `proc_exit`, found the way an embedder finds it.
fn exit_code(e: &Error) -> Option<i32> {
    match e.trap()?.reason() {
        TrapReason::Host(h) => h.downcast_ref::<I32Exit>().map(|x| x.0),
        TrapReason::Code(_) => None,
    }
}

fn run_in_sandbox(name: &str) -> Result<(Run, TempDir), Skip> {
    let wasm = build(name)?;
    let tmp = TempDir::new(name);
    let sandbox = tmp.0.join("sandbox");
    std::fs::create_dir(&sandbox).unwrap();
    let r = run(&wasm, &[name], &[], Some(&sandbox), InputStream::Empty);
    Ok((r, tmp))
}

fn files() -> Result<(), Skip> {
    let (r, tmp) = run_in_sandbox("files")?;
    r.assert_passed();
    let lines = std::fs::read_to_string(tmp.0.join("sandbox/lines.txt")).unwrap();
    assert_eq!(lines.lines().count(), 1000);
    assert_eq!(
        std::fs::metadata(tmp.0.join("sandbox/data.txt"))
            .unwrap()
            .len(),
        10000
    );
    Ok(())
}

fn file_positions_reads_writes_seeks_and_appends() -> Result<(), Skip> {
    let (r, tmp) = run_in_sandbox("positions")?;
    r.assert_passed();
    let pos = std::fs::read(tmp.0.join("sandbox/pos.txt")).unwrap();
    assert_eq!(&pos[..], b"PQ234567XYabcdef\0\0\0\0Zvector");
    let app = std::fs::read_to_string(tmp.0.join("sandbox/app.txt")).unwrap();
    assert_eq!(app, "abcdef");
    Ok(())
}

fn directories() -> Result<(), Skip> {
    let (r, _tmp) = run_in_sandbox("dirs")?;
    r.assert_passed();
    assert!(
        r.stdout
            .contains("readdir: 300 entries, 2 dots, 0 duplicates"),
        "{}",
        r.stdout
    );
    Ok(())
}

fn rename_link_symlink_readlink() -> Result<(), Skip> {
    let (r, tmp) = run_in_sandbox("links")?;
    r.assert_passed();
    assert_eq!(
        std::fs::read_to_string(tmp.0.join("sandbox/hard.txt")).unwrap(),
        "gamma"
    );
    Ok(())
}

#[cfg(unix)]
fn escape_attempts_are_refused() -> Result<(), Skip> {
    let wasm = build("escape")?;
    let tmp = TempDir::new("escape");
    let sandbox = tmp.0.join("sandbox");
    let outside = tmp.0.join("outside");
    std::fs::create_dir(&sandbox).unwrap();
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "SECRET").unwrap();
    std::fs::write(sandbox.join("inside.txt"), "inside").unwrap();
    std::os::unix::fs::symlink(&outside, sandbox.join("abs_dir")).unwrap();
    std::os::unix::fs::symlink("../outside", sandbox.join("rel_dir")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), sandbox.join("abs_file")).unwrap();
    let r = run(&wasm, &["escape"], &[], Some(&sandbox), InputStream::Empty);
    r.assert_passed();
    // Each case printed its refusal; the outside is untouched.
    assert!(r.stdout.matches("refused: ").count() >= 20, "{}", r.stdout);
    let mut names: Vec<_> = std::fs::read_dir(&outside)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["secret.txt"]);
    assert_eq!(
        std::fs::read_to_string(outside.join("secret.txt")).unwrap(),
        "SECRET"
    );
    assert!(!tmp.0.join("evil").exists());
    Ok(())
}

#[cfg(unix)]
fn check_then_use_races_cannot_escape() -> Result<(), Skip> {
    let wasm = build("race")?;
    let tmp = TempDir::new("race");
    let sandbox = tmp.0.join("sandbox");
    let outside = tmp.0.join("outside");
    std::fs::create_dir_all(sandbox.join("real")).unwrap();
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "SECRET").unwrap();
    std::fs::write(sandbox.join("real/secret.txt"), "inside").unwrap();
    std::os::unix::fs::symlink("real", sandbox.join("flip")).unwrap();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flipper = {
        let (stop, sandbox, outside) = (stop.clone(), sandbox.clone(), outside.clone());
        std::thread::spawn(move || {
            let mut flips = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let tmp = sandbox.join("flip.tmp");
                let _ = std::fs::remove_file(&tmp);
                if flips.is_multiple_of(2) {
                    std::os::unix::fs::symlink(&outside, &tmp).unwrap();
                } else {
                    std::os::unix::fs::symlink("real", &tmp).unwrap();
                }
                std::fs::rename(&tmp, sandbox.join("flip")).unwrap();
                flips += 1;
            }
            flips
        })
    };
    let r = run(
        &wasm,
        &["race", "3000"],
        &[],
        Some(&sandbox),
        InputStream::Empty,
    );
    stop.store(true, Ordering::Relaxed);
    let flips = flipper.join().unwrap();
    r.assert_passed();
    let summary = r
        .stdout
        .lines()
        .find(|l| l.starts_with("race:"))
        .unwrap_or_default();
    println!("{summary} ({flips} flips)");
    assert!(flips > 10, "the host flipped only {flips} times");
    assert!(r.stdout.contains(" 0 leaks"), "{}", r.stdout);
    Ok(())
}

fn rights_are_enforced() -> Result<(), Skip> {
    let (r, tmp) = run_in_sandbox("rights")?;
    r.assert_passed();
    // stderr lost its write right before the program wrote to it.
    assert_eq!(r.stderr, "");
    // Nothing was created or written once the rights were gone.
    let sandbox = tmp.0.join("sandbox");
    assert_eq!(
        std::fs::read_to_string(sandbox.join("a.txt")).unwrap(),
        "alPha"
    );
    assert_eq!(
        std::fs::read_to_string(sandbox.join("d/f.txt")).unwrap(),
        "file"
    );
    assert_eq!(std::fs::read(sandbox.join("d/sub/new.txt")).unwrap(), b"");
    for absent in [
        "new.txt",
        "newdir",
        "d/g.txt",
        "d/sub2",
        "d/sym",
        "d/fresh.txt",
        "moved.txt",
    ] {
        assert!(!sandbox.join(absent).exists(), "{absent} was created");
    }
    Ok(())
}

/// `path` with `.` and `..` taken away lexically (every directory on it is a real one).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(unix)]
fn symlinks_cannot_lead_outside() -> Result<(), Skip> {
    let wasm = build("symlinks")?;
    let tmp = TempDir::new("symlinks");
    let sandbox = tmp.0.join("sandbox");
    let outside = tmp.0.join("outside");
    std::fs::create_dir(&sandbox).unwrap();
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "SECRET").unwrap();
    std::os::unix::fs::symlink(&outside, sandbox.join("hostabs")).unwrap();
    std::os::unix::fs::symlink("../outside", sandbox.join("hostrel")).unwrap();
    let r = run(
        &wasm,
        &["symlinks"],
        &[],
        Some(&sandbox),
        InputStream::Empty,
    );
    r.assert_passed();
    // Every link the guest left leads inside the sandbox, as a host tool would follow it.
    let mut todo = vec![sandbox.clone()];
    let mut links = 0;
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let ft = entry.file_type().unwrap();
            let name = entry.file_name().into_string().unwrap();
            if ft.is_dir() {
                todo.push(entry.path());
            } else if ft.is_symlink() && !name.starts_with("host") {
                let target = std::fs::read_link(entry.path()).unwrap();
                assert!(
                    target.is_relative(),
                    "{}: {target:?}",
                    entry.path().display()
                );
                let lands = normalize(&dir.join(&target));
                assert!(
                    lands.starts_with(&sandbox),
                    "{} -> {target:?} leads to {}",
                    entry.path().display(),
                    lands.display()
                );
                links += 1;
            }
        }
    }
    assert!(links >= 15, "only {links} links");
    assert!(sandbox.join("a/hostabs").is_symlink());
    assert!(sandbox.join("hostrel").is_symlink());
    Ok(())
}

fn args_and_env() -> Result<(), Skip> {
    let wasm = build("args_env")?;
    let r = run(
        &wasm,
        &["prog", "one", "two words", "été"],
        &[("GREETING", "hello=world"), ("EMPTY", "")],
        None,
        InputStream::Empty,
    );
    r.assert_passed();
    assert!(r.stdout.contains("argv[3]=été\n"), "{}", r.stdout);
    Ok(())
}

fn clocks_random_and_poll() -> Result<(), Skip> {
    let wasm = build("time_random")?;
    let r = run(&wasm, &["time"], &[], None, InputStream::Empty);
    r.assert_passed();
    Ok(())
}

fn exit_codes() -> Result<(), Skip> {
    let wasm = build("exit_code")?;
    // 0..=125 reach the embedder as `I32Exit`.
    for (args, want) in [
        (&["e", "0"][..], 0),
        (&["e", "1"][..], 1),
        (&["e", "2"][..], 2),
        (&["e", "3"][..], 3),
        (&["e", "42"][..], 42),
        (&["e", "125"][..], 125),
        (&["e", "7", "return"][..], 7),
        (&["e", "125", "return"][..], 125),
        (&["e"][..], 0),
    ] {
        let r = run(&wasm, args, &[], None, InputStream::Empty);
        assert_eq!(r.code, want, "{args:?}: {}", r.stdout);
        assert_eq!(r.stdout, format!("exiting with {want}\n"));
    }
    // 126 and up (a negative int is a large unsigned code) are no exit codes: the guest fails
    // with `InvalidExitCode`, as WASI says (like `unreachable`) and Wasmtime does.
    for (args, want) in [
        (&["e", "126"][..], 126),
        (&["e", "255"][..], 255),
        (&["e", "256"][..], 256),
        (&["e", "-1"][..], u32::MAX),
        (&["e", "256", "return"][..], 256),
    ] {
        let (result, stdout, _) = run_to_end(&wasm, args, &[], None, InputStream::Empty);
        let err = result.expect_err("proc_exit must fail");
        let reason = err.trap().map(|t| t.reason());
        let Some(TrapReason::Host(h)) = reason else {
            panic!("{args:?}: not a host trap: {err}");
        };
        let invalid = h.downcast_ref::<InvalidExitCode>();
        assert_eq!(invalid.map(|x| x.0), Some(want), "{args:?}: {err}");
        assert!(h.downcast_ref::<I32Exit>().is_none());
        assert_eq!(stdout, format!("exiting with {}\n", args[1]));
    }
    // A trap is no exit code either.
    let (result, stdout, _) = run_to_end(&wasm, &["e", "trap"], &[], None, InputStream::Empty);
    let err = result.expect_err("the guest traps");
    assert!(
        matches!(
            err.trap().map(|t| t.reason()),
            Some(TrapReason::Code(TrapCode::Unreachable))
        ),
        "{err}"
    );
    assert_eq!(stdout, "trapping\n");
    Ok(())
}

fn closed_fds_bad_pointers_and_unsupported_calls() -> Result<(), Skip> {
    let wasm = build("bad_fd")?;
    let tmp = TempDir::new("bad_fd");
    let r = run(
        &wasm,
        &["bad_fd"],
        &[],
        Some(&tmp.0),
        InputStream::Bytes(b"stdin-bytes!".to_vec()),
    );
    r.assert_passed();
    assert_eq!(r.stderr, "to stderr\n");
    Ok(())
}

fn main() {
    tailor_test_support::harness::run(
        "tailor-wasi c_programs",
        tailor_test_support::tests![
            files,
            file_positions_reads_writes_seeks_and_appends,
            directories,
            rename_link_symlink_readlink,
            #[cfg(unix)]
            escape_attempts_are_refused,
            #[cfg(unix)]
            check_then_use_races_cannot_escape,
            rights_are_enforced,
            #[cfg(unix)]
            symlinks_cannot_lead_outside,
            args_and_env,
            clocks_random_and_poll,
            exit_codes,
            closed_fds_bad_pointers_and_unsupported_calls
        ],
    );
}
