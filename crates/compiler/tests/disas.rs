//! Golden disassembly tests (DESIGN.md rule 7): what each CPU profile buys, instruction by instruction.
//!
//! Every `tests/disas/<arch>/NAME.wat` at the repository root starts with a comment header naming
//! one CPU profile, optionally adjusted by a feature list:
//!
//! ```text
//! ;; profile: x86-64-v3
//! ;; features: +avx512f        (optional)
//! ;; checks: deferred           (optional: trap checks as big functions get them)
//! ;; relaxed-simd: deterministic (optional: the default is native)
//! ```
//!
//! The module is compiled for that profile (`-O speed`, `disassemble = true`) and Cranelift's VCode
//! disassembly of each defined function is compared with the sibling `NAME.disas`. A mismatch fails
//! the test with a line diff. `TAILOR_BLESS=1 cargo test -p tailor-compiler --test disas` rewrites
//! the expected files instead (review the change with `git diff tests/disas`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tailor_compiler::{compile_module, CompileOptions, OptLevel};
use tailor_cpu::{CpuProfile, RelaxedMode};
use tailor_module::Module;

/// Environment variable that makes the test rewrite the expected files.
const BLESS_ENV: &str = "TAILOR_BLESS";

/// The `tests/disas` directory at the repository root.
fn disas_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/disas")
}

/// Every `.wat` file under `root`, one directory level deep (`<arch>/NAME.wat`), sorted.
fn wat_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for arch in std::fs::read_dir(root).expect("tests/disas exists") {
        let arch = arch.unwrap().path();
        if !arch.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&arch).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|x| x == "wat") {
                files.push(file);
            }
        }
    }
    files.sort();
    files
}

/// The value of the header line `;; KEY: VALUE` among the leading comment lines of `text`.
fn header<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines()
        .take_while(|l| l.trim_start().starts_with(";;"))
        .filter_map(|l| {
            l.trim_start()
                .trim_start_matches(';')
                .trim()
                .split_once(':')
        })
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim())
}

/// Compiles the `.wat` text and renders the disassembly of each defined function.
fn render(text: &str) -> Result<String, String> {
    let name = header(text, "profile").ok_or("missing `;; profile: NAME` header")?;
    let mut profile = CpuProfile::preset(name).map_err(|e| e.to_string())?;
    if let Some(features) = header(text, "features") {
        profile = profile.with_features(features).map_err(|e| e.to_string())?;
    }
    let module = Module::new(text.as_bytes()).map_err(|e| e.to_string())?;
    let mut opts = CompileOptions::new(profile);
    opts.opt = OptLevel::Speed;
    opts.threads = 1;
    opts.disassemble = true;
    if header(text, "checks") == Some("deferred") {
        // What big functions get (compile.rs, `defer_checks_per_byte`).
        opts.defer_checks_per_byte = 0;
    }
    if let Some(mode) = header(text, "relaxed-simd") {
        opts.relaxed_simd = RelaxedMode::from_name(mode)
            .ok_or_else(|| format!("unknown relaxed-simd mode {mode}"))?;
    }
    let compiled = compile_module(&module, &opts).map_err(|e| e.to_string())?;
    let mut out = String::new();
    for (i, disas) in compiled.disassembly.iter().enumerate() {
        let index = module.num_imported_funcs + i as u32;
        let name = module
            .func_names
            .iter()
            .find(|(f, _)| *f == index)
            .map_or(String::new(), |(_, n)| format!(" ${n}"));
        if i > 0 {
            out.push('\n');
        }
        writeln!(out, ";; function {index}{name}").unwrap();
        out.push_str(disas.trim_end());
        out.push('\n');
    }
    Ok(out)
}

/// Lines of context shown around each change in a diff.
const CONTEXT: usize = 3;

/// A line diff of `expected` against `actual` (longest common subsequence; the files are small),
/// showing [`CONTEXT`] unchanged lines around each change.
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    // lcs[i][j]: length of the LCS of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut lines) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            lines.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            lines.push(('-', a[i]));
            i += 1;
        } else {
            lines.push(('+', b[j]));
            j += 1;
        }
    }
    let changed: Vec<usize> = (0..lines.len()).filter(|&k| lines[k].0 != ' ').collect();
    let near = |k: usize| changed.iter().any(|&c| c.abs_diff(k) <= CONTEXT);
    let mut out = String::new();
    let mut skipped = false;
    for (k, (tag, line)) in lines.iter().enumerate() {
        if near(k) {
            writeln!(out, "{tag} {line}").unwrap();
            skipped = false;
        } else if !skipped {
            out.push_str("  ...\n");
            skipped = true;
        }
    }
    out
}

#[test]
fn golden_disassembly() {
    let root = disas_root();
    let bless = std::env::var_os(BLESS_ENV).is_some_and(|v| !v.is_empty() && v != "0");
    let files = wat_files(&root);
    assert!(!files.is_empty(), "no .wat files under {}", root.display());
    let mut failures = Vec::new();
    for wat in &files {
        let rel = wat.strip_prefix(&root).unwrap().display().to_string();
        let text = std::fs::read_to_string(wat).unwrap();
        let actual = match render(&text) {
            Ok(actual) => actual,
            Err(e) => {
                failures.push(format!("{rel}: {e}"));
                continue;
            }
        };
        let expected_path = wat.with_extension("disas");
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            println!(
                "blessed {}",
                expected_path.strip_prefix(&root).unwrap().display()
            );
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => println!("ok {rel}"),
            Ok(expected) => failures.push(format!(
                "{rel}: disassembly differs from {} (- expected, + actual):\n{}",
                expected_path.file_name().unwrap().to_string_lossy(),
                diff(&expected, &actual)
            )),
            Err(_) => failures.push(format!(
                "{rel}: no expected file {}; run with {BLESS_ENV}=1 to create it",
                expected_path.display()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} golden file(s) failed (rerun with {BLESS_ENV}=1 to accept the new output):\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}
