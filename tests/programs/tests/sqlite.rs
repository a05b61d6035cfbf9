//! SQLite on tailor: the amalgamation bundled in the crates.io crate `libsqlite3-sys` plus our
//! driver `c/sqlite_driver.c`, built with zig cc for wasm32-wasi at test time (cached under
//! `CARGO_TARGET_TMPDIR`), run through the Rust API with a temporary directory preopened.
//!
//! Needs zig (`python3 -m pip install ziglang`, or `TAILOR_ZIG=/path/to/zig`) and, on the first
//! run, crates.io access for `cargo fetch`. Without them the test is skipped, printing what is
//! missing (a failure under `TAILOR_REQUIRE_TOOLS`).

use std::path::{Path, PathBuf};
use tailor_programs::{build_wasi_c, registry_crate_src, run_command, skip_or_panic, Skip, Status};
use tailor_runtime::{Engine, Module};

const SQLITE_CRATE: &str = "libsqlite3-sys";
const SQLITE_CRATE_VERSION: &str = "0.35.0";
/// Rows the driver inserts ("tens of thousands").
const ROWS: u32 = 30_000;

fn cache_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("tailor-programs")
}

/// Builds (or takes from the cache) `sqlite_driver.wasm`.
fn sqlite_wasm() -> Result<PathBuf, Skip> {
    let cache = cache_dir();
    let crate_dir = registry_crate_src(
        &cache,
        SQLITE_CRATE,
        SQLITE_CRATE_VERSION,
        &format!("{{ version = \"={SQLITE_CRATE_VERSION}\", features = [\"bundled\"] }}"),
    )
    .map_err(skip_or_panic)?;
    let sqlite_dir = crate_dir.join("sqlite3");
    let amalgamation = sqlite_dir.join("sqlite3.c");
    assert!(
        amalgamation.is_file(),
        "{} is missing",
        amalgamation.display()
    );
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("c/sqlite_driver.c");
    let include = format!("-I{}", sqlite_dir.display());
    let started = std::time::Instant::now();
    let wasm = build_wasi_c(
        &cache,
        "sqlite_driver",
        &[driver, amalgamation],
        &[
            "-O2",
            include.as_str(),
            "-DSQLITE_THREADSAFE=0",
            "-DSQLITE_OMIT_LOAD_EXTENSION",
            "-D_WASI_EMULATED_MMAN",
            "-D_WASI_EMULATED_GETPID",
            "-lwasi-emulated-mman",
            "-lwasi-emulated-getpid",
        ],
    )
    .map_err(|e| skip_or_panic(e.context("cannot build the SQLite driver")))?;
    eprintln!(
        "sqlite_driver.wasm ready in {:.1?}: {}",
        started.elapsed(),
        wasm.display()
    );
    Ok(wasm)
}

fn sqlite_creates_fills_indexes_and_reopens_a_database() -> Result<(), Skip> {
    let wasm = sqlite_wasm()?;
    let engine = Engine::default();
    let module = Module::from_file(&engine, &wasm).expect("sqlite_driver.wasm must load");

    let data = tailor_programs::fresh_dir(&cache_dir(), "sqlite-data").unwrap();
    let rows = ROWS.to_string();
    let started = std::time::Instant::now();
    let out = run_command(
        &engine,
        &module,
        &["sqlite_driver", "/data", &rows],
        &[(data.as_path(), "/data")],
    )
    .expect("the driver must run");
    let stdout = out.stdout_text();
    eprintln!("ran in {:.1?}\n{stdout}", started.elapsed());
    assert_eq!(
        out.status,
        Status::Exit(0),
        "stdout:\n{stdout}\nstderr:\n{}",
        out.stderr_text()
    );

    // What the driver must have printed: the library version, the same counts in all three
    // phases, an intact database after reopening, and the final "ok".
    assert!(stdout.starts_with("sqlite version: 3."), "{stdout}");
    assert!(
        stdout.contains(&format!("fresh count: {ROWS}\n")),
        "{stdout}"
    );
    let after_delete = ROWS - ROWS / 10;
    assert!(
        stdout.contains(&format!("after delete count: {after_delete}\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("reopened count: {after_delete}\n")),
        "{stdout}"
    );
    assert!(stdout.contains("integrity check: ok\n"), "{stdout}");
    assert!(
        stdout.contains("reopened range query uses index: yes\n"),
        "{stdout}"
    );
    let line = |prefix: &str| -> String {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap_or_else(|| panic!("no line {prefix:?} in:\n{stdout}"))
            .to_string()
    };
    assert_eq!(line("after delete sum: "), line("reopened sum: "));
    assert_eq!(
        line("after delete name bytes: "),
        line("reopened name bytes: ")
    );
    assert!(stdout.ends_with("ok\n"), "{stdout}");

    // The database is a real file in the preopened host directory, and a valid SQLite file.
    let db = data.join("test.db");
    let bytes = std::fs::read(&db).unwrap_or_else(|e| panic!("{}: {e}", db.display()));
    assert!(
        bytes.len() > 100_000,
        "test.db is only {} bytes",
        bytes.len()
    );
    assert!(
        bytes.starts_with(b"SQLite format 3\0"),
        "test.db has no SQLite header"
    );
    // The rollback journal was removed after each commit.
    assert!(!data.join("test.db-journal").exists());
    let _ = std::fs::remove_dir_all(&data);
    Ok(())
}

fn main() {
    tailor_test_support::harness::run(
        "tailor-programs sqlite",
        tailor_test_support::tests![sqlite_creates_fills_indexes_and_reopens_a_database],
    );
}
