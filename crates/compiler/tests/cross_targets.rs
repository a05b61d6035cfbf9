//! Cross-target compile test: every module of the spec test suite, compiled for every backend.
//!
//! Each `module` directive (text, `binary` or `quote`) of the top-level `.wast` files of the suite
//! (vendored at `tests/spec/testsuite`, or `$TAILOR_TESTSUITE`) is decoded with
//! `tailor_module::Module::new`; those it rejects (GC, exceptions, ...) are counted as "not valid
//! for tailor" and skipped. Every other module is compiled with [`compile_module`] for each target
//! below (one `#[test]` per target), whatever the host is: this is what shows that the translator
//! only emits CLIF each backend can lower. A `Translate` or `Codegen` error, or a panic, fails the
//! test.
//!
//! On riscv64 without the `v` extension, modules that use SIMD must compile with their SIMD
//! functions left to the interpreter (`CompiledModule::interpreted`), and every other module must
//! compile with none left to it.
//!
//! Run with `cargo test --release -p tailor-compiler --test cross_targets -- --nocapture` to see the
//! per-target counts.

use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use tailor_compiler::{compile_module, uses_simd, CompileOptions};
use tailor_cpu::CpuProfile;
use tailor_module::Module;
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, QuoteWatTest, Wast, WastDirective, Wat};

/// Modules that reliably fail on one target because of a Cranelift limitation (not a tailor bug):
/// `(preset, file, module index within the file, reason)`. Each hit is counted and printed.
const KNOWN_LIMITATIONS: &[(&str, &str, usize, &str)] = &[];

/// The directory holding the suite's `.wast` files (the vendored copy, or `$TAILOR_TESTSUITE`).
fn testsuite_root() -> PathBuf {
    tailor_test_support::testsuite_dir()
}

/// One module of the suite, decoded by tailor.
struct SuiteModule {
    /// The `.wast` file name.
    file: String,
    /// Index of the module among the `module` directives of its file.
    index: usize,
    module: Module,
    /// Whether it uses SIMD (see [`uses_simd`]).
    simd: bool,
}

/// Every module of the suite tailor accepts, and how many it rejected.
struct Suite {
    modules: Vec<SuiteModule>,
    not_valid: usize,
    unparsable_files: Vec<String>,
}

/// Encodes a module of any form (text, `binary`, `quote`) to wasm bytes; `None` for components.
fn encode(module: &mut QuoteWat<'_>) -> Option<Vec<u8>> {
    if matches!(
        module,
        QuoteWat::QuoteComponent(..) | QuoteWat::Wat(Wat::Component(_))
    ) {
        return None;
    }
    match module.to_test().ok()? {
        QuoteWatTest::Binary(bytes) => Some(bytes),
        QuoteWatTest::Text(text) => {
            let text = std::str::from_utf8(&text).ok()?;
            let mut lexer = Lexer::new(text);
            lexer.allow_confusing_unicode(true);
            let buf = ParseBuffer::new_with_lexer(lexer).ok()?;
            let mut wat = parser::parse::<Wat<'_>>(&buf).ok()?;
            wat.encode().ok()
        }
    }
}

/// Loads (once, shared by all tests) every module of the top-level `.wast` files.
fn suite() -> &'static Suite {
    static SUITE: OnceLock<Suite> = OnceLock::new();
    SUITE.get_or_init(|| {
        let root = testsuite_root();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
            .unwrap_or_else(|e| panic!("cannot read the test suite at {}: {e}", root.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "wast"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no .wast files in {}", root.display());
        let mut suite = Suite {
            modules: Vec::new(),
            not_valid: 0,
            unparsable_files: Vec::new(),
        };
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let mut lexer = Lexer::new(&text);
            lexer.allow_confusing_unicode(true);
            let Ok(buf) = ParseBuffer::new_with_lexer(lexer) else {
                suite.unparsable_files.push(name);
                continue;
            };
            let Ok(wast) = parser::parse::<Wast<'_>>(&buf) else {
                suite.unparsable_files.push(name);
                continue;
            };
            let mut index = 0;
            for directive in wast.directives {
                let mut module = match directive {
                    WastDirective::Module(m) | WastDirective::ModuleDefinition(m) => m,
                    _ => continue,
                };
                let this = index;
                index += 1;
                match encode(&mut module).and_then(|bytes| Module::new(&bytes).ok()) {
                    Some(module) => suite.modules.push(SuiteModule {
                        file: name.clone(),
                        index: this,
                        simd: uses_simd(&module),
                        module,
                    }),
                    None => suite.not_valid += 1,
                }
            }
        }
        suite
    })
}

/// How one target fared.
#[derive(Default)]
struct Outcome {
    compiled: usize,
    interpreted: usize,
    known: Vec<String>,
    failed: Vec<String>,
}

/// Compiles every suite module for the preset `name`; `no_simd` says that the target cannot compile
/// SIMD (riscv64 without the vector extension): the SIMD functions of a module are interpreted.
fn run_target(name: &str, no_simd: bool) {
    let suite = suite();
    let profile = CpuProfile::preset(name).expect("preset");
    let next = AtomicUsize::new(0);
    let outcome = Mutex::new(Outcome::default());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(m) = suite.modules.get(i) else { break };
        let mut opts = CompileOptions::new(profile.clone());
        opts.threads = 1;
        let result = panic::catch_unwind(AssertUnwindSafe(|| compile_module(&m.module, &opts)));
        let site = format!("{} module #{}", m.file, m.index);
        let known = KNOWN_LIMITATIONS
            .iter()
            .find(|(p, f, idx, _)| *p == name && *f == m.file && *idx == m.index);
        let mut out = outcome.lock().unwrap();
        match (result, known) {
            (Ok(Ok(c)), _) if !(c.interpreted.is_empty() || no_simd && m.simd) => out
                .failed
                .push(format!("{site}: functions {:?} interpreted", c.interpreted)),
            (Ok(Ok(c)), _) => {
                out.compiled += 1;
                out.interpreted += c.interpreted.len();
            }
            (Ok(Err(e)), Some((_, _, _, why))) => {
                out.known.push(format!("{site}: {e} [known: {why}]"))
            }
            (Ok(Err(e)), None) => out.failed.push(format!("{site}: {e}")),
            (Err(p), _) => {
                let msg = p
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| p.downcast_ref::<&str>().copied())
                    .unwrap_or("?");
                out.failed.push(format!("{site}: panic: {msg}"));
            }
        }
    };
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(work);
        }
    });
    let mut out = outcome.into_inner().unwrap();
    out.failed.sort();
    let interpreted = if no_simd {
        format!(", {} SIMD functions interpreted (no V)", out.interpreted)
    } else {
        String::new()
    };
    println!(
        "{name}: {} modules compiled, {} failed{interpreted}, {} known Cranelift limitations \
         ({} suite modules not valid for tailor, {} files not parsable: {:?})",
        out.compiled,
        out.failed.len(),
        out.known.len(),
        suite.not_valid,
        suite.unparsable_files.len(),
        suite.unparsable_files,
    );
    for k in &out.known {
        println!("  skipped {k}");
    }
    for f in &out.failed {
        println!("  FAILED {f}");
    }
    assert!(
        out.failed.is_empty(),
        "{name}: {} module(s) failed to compile:\n{}",
        out.failed.len(),
        out.failed.join("\n")
    );
    if no_simd {
        assert!(
            out.interpreted > 0,
            "{name}: expected SIMD functions to be interpreted"
        );
    } else {
        assert_eq!(out.interpreted, 0);
    }
}

#[test]
fn x86_64_v1() {
    run_target("x86-64-v1", false);
}

#[test]
fn aarch64() {
    run_target("aarch64", false);
}

#[test]
fn riscv64gc() {
    run_target("riscv64gc", true);
}

#[test]
fn riscv64gc_v() {
    run_target("riscv64gc+v", false);
}

#[test]
fn s390x() {
    run_target("s390x", false);
}
