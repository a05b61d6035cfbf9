//! Golden CLIF tests of the pass pipeline: what each pass changes.
//!
//! Every `crates/compiler/tests/passes/NAME.wat` starts with a comment header naming one pass:
//!
//! ```text
//! ;; pass: inline
//! ```
//!
//! The module is compiled for `x86-64-v3` (`-O speed`) twice: with no pass at all (`--passes none`)
//! and with only that pass (`--passes NAME`), and the CLIF of each defined function after the
//! pipeline (before code generation) is compared with the sibling `NAME.clif`, which holds both. A
//! mismatch fails with a line diff; `TAILOR_BLESS=1 cargo test -p tailor-compiler --test passes`
//! rewrites the expected files instead (review with `git diff crates/compiler/tests/passes`).
//!
//! Besides the goldens, the test checks that every pass of the registry has a golden file, and that
//! each pass but `verify` changes the CLIF of its file (so a pass that silently stopped working
//! fails even after a careless bless).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tailor_compiler::{compile_module, CompileOptions, OptLevel, Pass, Pipeline, PASSES};
use tailor_cpu::CpuProfile;
use tailor_module::Module;

/// Environment variable that makes the test rewrite the expected files.
const BLESS_ENV: &str = "TAILOR_BLESS";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/passes")
}

/// The value of the header line `;; KEY: VALUE`.
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

/// The CLIF of every defined function of `module` compiled with `passes`.
fn clif(module: &Module, passes: Pipeline) -> Result<String, String> {
    let mut opts = CompileOptions::new(CpuProfile::preset("x86-64-v3").map_err(|e| e.to_string())?);
    opts.opt = OptLevel::Speed;
    opts.threads = 1;
    opts.keep_clif = true;
    opts.passes = passes;
    let compiled = compile_module(module, &opts).map_err(|e| e.to_string())?;
    let mut out = String::new();
    for (i, text) in compiled.clif.iter().enumerate() {
        let index = module.num_imported_funcs + i as u32;
        writeln!(
            out,
            ";; function {index} {}",
            module.display_func_name(index)
        )
        .unwrap();
        out.push_str(text.trim_end());
        out.push_str("\n\n");
    }
    Ok(out)
}

/// Both renderings of one golden file: (pass off, pass on).
fn render(text: &str) -> Result<(Pass, String, String), String> {
    let name = header(text, "pass").ok_or("missing `;; pass: NAME` header")?;
    let pass = Pass::from_name(name).ok_or_else(|| format!("unknown pass `{name}`"))?;
    let module = Module::new(text.as_bytes()).map_err(|e| e.to_string())?;
    let off = clif(&module, Pipeline::none())?;
    let on = clif(&module, Pipeline::from_passes(&[pass]))?;
    Ok((pass, off, on))
}

#[test]
fn golden_clif_per_pass() {
    let root = root();
    let bless = std::env::var_os(BLESS_ENV).is_some_and(|v| !v.is_empty() && v != "0");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("crates/compiler/tests/passes exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "wat"))
        .collect();
    files.sort();
    let mut covered = Vec::new();
    let mut failures = Vec::new();
    for wat in &files {
        let rel = wat.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(wat).unwrap();
        let (pass, off, on) = match render(&text) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{rel}: {e}"));
                continue;
            }
        };
        covered.push(pass);
        if pass == Pass::Verify {
            if off != on {
                failures.push(format!("{rel}: the verifier changed the CLIF"));
            }
        } else if off == on {
            failures.push(format!("{rel}: pass `{pass}` changed nothing"));
        }
        let actual = format!(
            ";;;; pass `{pass}` off (--passes none)\n\n{off};;;; pass `{pass}` on (--passes {pass})\n\n{on}"
        );
        let expected_path = wat.with_extension("clif");
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            println!("blessed {}", expected_path.display());
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => println!("ok {rel}"),
            Ok(expected) => failures.push(format!(
                "{rel}: CLIF differs from {} (- expected, + actual):\n{}",
                expected_path.file_name().unwrap().to_string_lossy(),
                diff(&expected, &actual)
            )),
            Err(_) => failures.push(format!(
                "{rel}: no expected file {}; run with {BLESS_ENV}=1 to create it",
                expected_path.display()
            )),
        }
    }
    for info in PASSES {
        if !covered.contains(&info.pass) {
            failures.push(format!(
                "pass `{}` has no golden file under {}",
                info.name,
                root.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s) (rerun with {BLESS_ENV}=1 to accept new output):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// A line diff of `expected` against `actual`: the changed lines with their line numbers (the files
/// are small; `git diff` after a bless shows more).
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let mut out = String::new();
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (a.get(i), b.get(i));
        if x != y {
            if let Some(x) = x {
                writeln!(out, "{:>5} - {x}", i + 1).unwrap();
            }
            if let Some(y) = y {
                writeln!(out, "{:>5} + {y}", i + 1).unwrap();
            }
        }
    }
    out
}

/// Inlining keeps what a trap reports: a trap inside an inlined callee still records the callee's
/// function index (its `iconst` is in the caller's CLIF), and the caller still checks the store's
/// trap code after the former call.
#[test]
fn inlined_trap_blocks_keep_the_callee_index() {
    let text = std::fs::read_to_string(root().join("inline.wat")).unwrap();
    let module = Module::new(text.as_bytes()).unwrap();
    let on = clif(&module, Pipeline::from_passes(&[Pass::Inline])).unwrap();
    let caller = on
        .split(";; function ")
        .find(|f| f.starts_with("5 caller"))
        .expect("the caller's CLIF");
    // $load is function 2: its out-of-bounds trap block stores that index.
    assert!(caller.contains("iconst.i32 2"), "{caller}");
    // $square and $load are no longer called; $fact (recursive) and $big (too big) still are.
    assert!(!calls(caller, 1) && !calls(caller, 2), "{caller}");
    assert!(calls(caller, 3) && calls(caller, 4), "{caller}");
    // Without the pass, all four are called.
    let off = clif(&module, Pipeline::none()).unwrap();
    let caller = off
        .split(";; function ")
        .find(|f| f.starts_with("5 caller"))
        .unwrap();
    assert!((1..=4).all(|f| calls(caller, f)), "{caller}");
}

/// Whether the CLIF text of a function has a direct call of wasm function `func`.
fn calls(clif: &str, func: u32) -> bool {
    let decl = format!(" = colocated u0:{func} ");
    clif.lines()
        .find_map(|l| l.find(&decl).map(|at| l[..at].trim().to_string()))
        .is_some_and(|fref| clif.contains(&format!("call {fref}(")))
}

/// Instructions in the CLIF text of every function (lines that define or use values, roughly).
fn insts(clif: &str) -> usize {
    clif.lines()
        .filter(|l| l.starts_with("    ") && !l.contains(" = explicit_slot") && !l.contains("sig"))
        .count()
}

/// Inlining grows a module by a bounded factor whatever its call graph: a chain of tiny functions
/// each calling the next, mutual recursion, and one function calling many helpers.
#[test]
fn inlining_growth_is_bounded() {
    let mut chain = String::from("(module (memory 1)");
    let n = 300;
    for i in 0..n {
        let next = if i + 1 < n {
            format!("(call $f{} (i32.add (local.get 0) (i32.const 1)))", i + 1)
        } else {
            "(local.get 0)".to_string()
        };
        chain.push_str(&format!(
            "(func $f{i} (param i32) (result i32) (i32.add (i32.load (local.get 0)) {next}))"
        ));
    }
    // Mutual recursion: $even and $odd call each other.
    chain.push_str(
        "(func $even (param i32) (result i32) (if (result i32) (i32.eqz (local.get 0)) \
         (then (i32.const 1)) (else (call $odd (i32.sub (local.get 0) (i32.const 1))))))
         (func $odd (param i32) (result i32) (if (result i32) (i32.eqz (local.get 0)) \
         (then (i32.const 0)) (else (call $even (i32.sub (local.get 0) (i32.const 1))))))",
    );
    // One function calling the first 100 of the chain.
    chain.push_str("(func $fan (param i32) (result i32) (local.get 0)");
    for i in 0..100 {
        chain.push_str(&format!("(call $f{i} (local.get 0)) (i32.add)"));
    }
    chain.push_str("))");
    let module = Module::new(chain.as_bytes()).unwrap();
    let off = insts(&clif(&module, Pipeline::none()).unwrap());
    let on = insts(&clif(&module, Pipeline::from_passes(&[Pass::Inline])).unwrap());
    println!("CLIF instructions: {off} without inlining, {on} with");
    assert!(on > off, "nothing was inlined: {on} vs {off}");
    assert!(
        on <= off * 6,
        "inlining grew the module from {off} to {on} instructions"
    );
}
