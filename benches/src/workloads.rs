//! The SIMD WASI workloads of `../shared/bench` (`workloads/wasm/*.simd.wasm`, C built with
//! `-msimd128`), run as command-line programs: tailor's CLI at each `--cpu` level and, when they
//! are installed beside the workloads, the peers wasmi 2 and WAMR's fast interpreter. Used by the
//! `levels` bench; every run's standard output must equal the native build's (or, without one, the
//! first column's).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Arguments of the timed runs, as `bench/runners/harness.py` uses them for its "small" size
/// (native gcc -O2 takes about 0.1 s).
pub const SMALL_ARGS: &[(&str, &[&str])] = &[
    ("matmul", &["24"]),
    ("crc32", &["24"]),
    ("sha256", &["16"]),
    ("sieve", &["6"]),
    ("nbody", &["200000"]),
    ("fannkuch", &["9", "6"]),
    ("bitops", &["120"]),
    ("memops", &["40"]),
    ("qsort", &["3"]),
    ("lz77", &["6"]),
];

/// One WASI program and the arguments it is timed with.
#[derive(Debug, Clone)]
pub struct Workload {
    /// The workload's name (`matmul` for `matmul.simd.wasm`).
    pub name: String,
    /// The `.simd.wasm` module.
    pub module: PathBuf,
    /// The program arguments.
    pub args: Vec<String>,
    /// The native build (`workloads/native/NAME`), whose output is the expected one, if present.
    pub native: Option<PathBuf>,
}

/// A column of the workload table: a program that runs `PREFIX... MODULE ARGS...`.
#[derive(Debug, Clone)]
pub struct Column {
    /// The column header.
    pub label: String,
    /// The command and its options before the module path.
    pub prefix: Vec<OsString>,
}

impl Column {
    /// A column running `program` with `options` before the module.
    pub fn new(label: impl Into<String>, program: &Path, options: &[&str]) -> Column {
        let mut prefix = vec![program.as_os_str().to_owned()];
        prefix.extend(options.iter().map(OsString::from));
        Column {
            label: label.into(),
            prefix,
        }
    }
}

/// The workload directory: `$TAILOR_BENCH_WORKLOADS`, else the first of `../bench/workloads/wasm`
/// (the installed copy of `../shared/bench`) and `../shared/bench/workloads/wasm` (relative to the
/// repository root) that has `.simd.wasm` files.
pub fn find_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TAILOR_BENCH_WORKLOADS") {
        return Some(PathBuf::from(dir));
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    ["../bench/workloads/wasm", "../shared/bench/workloads/wasm"]
        .iter()
        .map(|rel| root.join(rel))
        .find(|dir| !simd_workloads(dir).is_empty())
}

/// Every `NAME.simd.wasm` in `dir`, by name.
pub fn simd_workloads(dir: &Path) -> Vec<Workload> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut list: Vec<Workload> = entries
        .filter_map(|e| {
            let module = e.ok()?.path();
            let file = module.file_name()?.to_str()?;
            let name = file.strip_suffix(".simd.wasm")?.to_owned();
            let args = SMALL_ARGS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, a)| a.iter().map(|s| (*s).to_owned()).collect())
                .unwrap_or_default();
            let native = dir.join("../native").join(&name);
            let native = native.is_file().then_some(native);
            Some(Workload {
                name,
                module,
                args,
                native,
            })
        })
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name));
    list
}

/// The peers installed for the workload directory `dir` (`<bench>/../.peers/bin/`, as
/// `install-peers.sh` lays them out): wasmi 2's CLI and WAMR's fast interpreter, if present.
pub fn peer_columns(dir: &Path) -> Vec<Column> {
    let bin = dir.join("../../../.peers/bin");
    [("wasmi 2", "wasmi"), ("wamr-fast", "wamr-iwasm-fast")]
        .iter()
        .filter(|(_, file)| bin.join(file).is_file())
        .map(|(label, file)| Column::new(*label, &bin.join(file), &[]))
        .collect()
}

/// Runs `argv` once; returns the wall time and the standard output, or why it failed.
pub fn run_once(argv: &[OsString]) -> Result<(Duration, String), String> {
    let (program, args) = argv.split_first().ok_or("empty command")?;
    let start = Instant::now();
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{}: {e}", program.to_string_lossy()))?;
    let elapsed = start.elapsed();
    if !out.status.success() {
        return Err(format!(
            "{:?} exited with {}: {}",
            argv,
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok((elapsed, String::from_utf8_lossy(&out.stdout).into_owned()))
}

/// The full command line of `column` running `w`.
pub fn argv(column: &Column, w: &Workload) -> Vec<OsString> {
    let mut argv = column.prefix.clone();
    argv.push(w.module.clone().into_os_string());
    argv.extend(w.args.iter().map(OsString::from));
    argv
}
