//! The fuzz targets as tests: a short differential campaign with the mutation target
//! (`TAILOR_FUZZ_SECS`, default 20 s; `TAILOR_FUZZ_SEED`, default 0), every regression module in
//! `regressions/` through every tier and wasmi, and the loader promises about artifacts.

use std::path::Path;
use std::time::Duration;

use tailor_fuzz::campaign::{self, Options};
use tailor_fuzz::diff::check_wasm;
use tailor_fuzz::outcome::{compare, plan_calls, Call, CallOutcome, Strictness, Value, Verdict};
use tailor_fuzz::shape::analyze;
use tailor_fuzz::tiers::{aot_tier, host_tiers, run_tailor};
use tailor_fuzz::{gen, mutate};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// Runs `f` on a thread with room for deep guest recursion on every tier.
fn big_stack<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn_scoped(s, f)
            .expect("spawn")
            .join()
            .expect("the test thread panicked")
    })
}

#[test]
fn short_campaign() {
    let options = Options {
        seed: env_u64("TAILOR_FUZZ_SEED", 0),
        budget: Duration::from_secs(env_u64("TAILOR_FUZZ_SECS", 20)),
        out_dir: std::env::var_os("TAILOR_FUZZ_OUT").map(Into::into),
        ..Options::default()
    };
    let stats = campaign::run(&options, |_| {}).expect("campaign");
    println!("fuzz (seed {}): {}", options.seed, stats.line());
    assert!(stats.modules > 0, "no module ran in the budget");
    assert!(
        stats.problems == 0,
        "{} problem(s) in {} module(s); replay with `cargo run --release -p tailor-fuzz -- --replay SEED`:\n{}",
        stats.problems,
        stats.failing_modules,
        stats.first_problems.join("\n")
    );
}

#[test]
fn regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("regressions/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .collect();
    files.sort();
    let tiers = host_tiers().expect("tiers");
    let mut failures = Vec::new();
    for file in &files {
        let wasm = wat::parse_file(file).expect("regression parses");
        // Every AOT level and opt level, not just one.
        for aot in 0..9 {
            let mut all = tiers.clone();
            all.push(aot_tier(aot));
            let wasm = wasm.clone();
            let report = big_stack(move || check_wasm(&wasm, 0, false, 10_000, &all));
            for p in report.problems {
                failures.push(format!("{}: {p}", file.display()));
            }
        }
    }
    println!("{} regression module(s)", files.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Modules on which the oracle (wasmi) is wrong, found by campaigns (`regressions/oracle-bugs/`): each
/// file names what its `main` must return (`;; expect: main -> i64 0x… [f32 0x… …]`, checked with
/// Wasmtime when the file was written), and every tailor tier must return it.
#[test]
fn oracle_bug_regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions/oracle-bugs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("regressions/oracle-bugs/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .collect();
    files.sort();
    let mut tiers = host_tiers().expect("tiers");
    tiers.extend((0..9).map(aot_tier));
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        let (types, values) = expected_results(&text).unwrap_or_else(|| {
            panic!(
                "{}: no valid `;; expect: main -> TYPE 0x…` line",
                file.display()
            )
        });
        let wasm = wat::parse_str(&text).expect("regression parses");
        let shape = analyze(&wasm).expect("shape");
        let calls = vec![Call {
            func: "main".into(),
            args: Vec::new(),
            results: types,
            reset: None,
        }];
        let want = CallOutcome::Returned(values);
        for tier in &tiers {
            let run = big_stack(|| run_tailor(tier, &wasm, &shape, &calls));
            if run.calls.first() != Some(&want) {
                failures.push(format!(
                    "{} on {}: {:?}, expected {want}",
                    file.display(),
                    tier.name,
                    run.calls.first()
                ));
            }
        }
    }
    println!(
        "{} oracle-bug module(s) on {} tiers",
        files.len(),
        tiers.len()
    );
    assert!(!files.is_empty(), "no module in regressions/oracle-bugs/");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The result types and values of a `;; expect: main -> TYPE 0xBITS ...` line.
fn expected_results(text: &str) -> Option<(Vec<wasmparser::ValType>, Vec<Value>)> {
    use wasmparser::ValType;
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix(";; expect: main ->"))?;
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut types = Vec::new();
    let mut values = Vec::new();
    for pair in words.chunks(2) {
        let [ty, bits] = pair else { return None };
        let bits = u128::from_str_radix(bits.strip_prefix("0x")?, 16).ok()?;
        let (t, v) = match *ty {
            "i32" => (ValType::I32, Value::I32(u32::try_from(bits).ok()?)),
            "i64" => (ValType::I64, Value::I64(u64::try_from(bits).ok()?)),
            "f32" => (ValType::F32, Value::F32(u32::try_from(bits).ok()?)),
            "f64" => (ValType::F64, Value::F64(u64::try_from(bits).ok()?)),
            "v128" => (ValType::V128, Value::V128(bits)),
            _ => return None,
        };
        types.push(t);
        values.push(v);
    }
    (!types.is_empty()).then_some((types, values))
}

/// The comparison really detects a difference (a harness that compares nothing passes everything).
#[test]
fn a_difference_is_a_mismatch() {
    let wasm = wat::parse_str(
        r#"(module (memory (export "m") 1)
             (func (export "f") (param i32) (result i32)
               (i32.store (i32.const 8) (local.get 0)) (i32.add (local.get 0) (i32.const 1))))"#,
    )
    .expect("wat");
    let shape = analyze(&wasm).expect("shape");
    let calls = plan_calls(&shape, 1, 8, 0);
    let tiers = host_tiers().expect("tiers");
    let a = big_stack(|| run_tailor(&tiers[0], &wasm, &shape, &calls));
    assert!(matches!(a.calls[0], CallOutcome::Returned(_)));
    let mut b = a.clone();
    b.calls[0] = CallOutcome::Returned(vec![Value::I32(12345)]);
    assert!(matches!(
        compare(&a, &b, &calls, Strictness::Exact),
        Verdict::Mismatch(_)
    ));
    let mut c = a.clone();
    c.snapshot.memories[0].2[9] ^= 1;
    assert!(matches!(
        compare(&a, &c, &calls, Strictness::Oracle),
        Verdict::Mismatch(_)
    ));
    let mut d = a.clone();
    d.calls[0] = CallOutcome::Exhausted;
    assert_eq!(
        compare(&a, &d, &calls, Strictness::Exact),
        Verdict::Inconclusive(0)
    );
    assert_eq!(
        compare(&a, &a.clone(), &calls, Strictness::Exact),
        Verdict::Agree
    );
}

/// What the artifact loader promises about files it cannot trust, and what it documents it cannot.
#[test]
fn artifact_loader_promises() {
    let g = gen::generate(7);
    big_stack(|| {
        // An artifact for a CPU this host lacks: refused naming the features, or interpreted under
        // fallback_interp.
        if let Some(r) = mutate::check_foreign_artifact(&g.wasm) {
            r.expect("foreign artifact");
        }
        // Changed machine code with a recomputed checksum loads: artifacts are trusted native code
        // (docs/artifact.md, "Trust"). If this ever fails, the loader learned to check code, and
        // the documentation should say so.
        let wasm = wat::parse_str(r#"(module (func (export "f") (result i32) i32.const 1))"#)
            .expect("wat");
        assert_eq!(mutate::code_edit_loads(&wasm), Ok(true));
    });
}
