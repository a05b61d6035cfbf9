//! Malformed input never panics: truncated modules, random bytes and mutated valid modules give an
//! error (exit code 126 from the binary), never a panic, a crash or exit code 101.
//!
//! Most inputs go through the library (`tailor_runtime::Module::new` inside `catch_unwind`) for speed; a
//! smaller sample goes through the `tailor` binary.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use arbitrary::Unstructured;
use common::{arg, scratch_file, tailor_with_timeout, ERROR, TRAP};
use tailor_runtime::{Config, Engine, Linker, Module, Store, Val};
use wasmparser::{Parser, Payload};

/// Valid modules covering the features tailor accepts; every seed is mutated below.
const SEED_WATS: &[&str] = &[
    r#"(module
        (type $t (func (param i32) (result i32)))
        (import "env" "f" (func (type $t)))
        (table 4 funcref) (elem (i32.const 0) func $a $b)
        (memory 1 2) (data (i32.const 8) "tailor")
        (global $g (mut i32) (i32.const 7))
        (func $a (type $t) (i32.add (local.get 0) (global.get $g)))
        (func $b (type $t) (call_indirect (type $t) (local.get 0) (i32.const 0)))
        (func (export "run") (param i32) (result i32)
          (block $out (result i32)
            (br_table 0 1 $out (i32.const 3) (local.get 0))))
        (func $s (global.set $g (i32.load8_u (i32.const 8))))
        (start $s))"#,
    r#"(module
        (table $t 2 10 funcref) (table $e 1 externref)
        (func $f (result funcref) (ref.func $f))
        (elem declare func $f)
        (func (export "grow") (param externref) (result i32)
          (table.set $e (i32.const 0) (local.get 0))
          (drop (table.get $t (i32.const 1)))
          (ref.is_null (table.get $e (i32.const 0))) drop
          (table.grow $t (ref.null func) (i32.const 3))))"#,
    r#"(module
        (memory 1) (data $d "abcdef") (table 2 funcref) (elem $e func $f $f)
        (func $f)
        (func (export "bulk")
          (memory.init $d (i32.const 0) (i32.const 1) (i32.const 4)) (data.drop $d)
          (memory.copy (i32.const 10) (i32.const 0) (i32.const 4))
          (memory.fill (i32.const 20) (i32.const 255) (i32.const 8))
          (table.init $e (i32.const 0) (i32.const 0) (i32.const 2)) (elem.drop $e)
          (table.copy (i32.const 1) (i32.const 0) (i32.const 1))))"#,
    r#"(module
        (func $swap (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))
        (func (export "mv") (param i32) (result i32)
          (i32.const 1) (i64.const 2)
          (block (param i32 i64) (result i64 i32) (call $swap)) (drop) (drop)
          (if (result i32 i32) (local.get 0) (then (i32.const 1) (i32.const 2))
            (else (i32.const 3) (i32.const 4))) (i32.add))
        (func $even (param i32) (result i32)
          (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
            (else (return_call $odd (i32.sub (local.get 0) (i32.const 1))))))
        (func $odd (export "odd") (param i32) (result i32)
          (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
            (else (return_call $even (i32.sub (local.get 0) (i32.const 1)))))))"#,
    r#"(module
        (memory $a i64 1) (memory $b 1 1)
        (data (memory $b) (i32.const 0) "xy")
        (func (export "m64") (param i64) (result i64)
          (i64.store $a (local.get 0) (i64.const 42))
          (i32.store8 $b (i32.const 1) (i32.load8_u $b (i32.const 0)))
          (drop (memory.grow $a (i64.const 1)))
          (i64.add (i64.load $a (local.get 0)) (memory.size $a))))"#,
    r#"(module
        (type $f (func (param i32) (result i32)))
        (elem declare func $inc)
        (func $inc (type $f) (i32.add (local.get 0) (i32.const 1)))
        (func (export "fr") (param i32) (result i32) (local $r (ref null $f))
          (local.set $r (ref.func $inc))
          (block $null
            (local.get 0)
            (br_on_null $null (local.get $r))
            (call_ref $f)
            (return))
          (call_ref $f (local.get 0) (ref.as_non_null (local.get $r)))))"#,
    r#"(module
        (global $end i64 (i64.add (i64.const 16) (i64.mul (i64.const 4) (i64.const 8))))
        (func (export "num") (param f32 f64) (result i64)
          (drop (i32.trunc_sat_f32_s (local.get 0)))
          (drop (i64.extend32_s (i64.const 0x80000000)))
          (drop (i32.extend8_s (i32.const 200)))
          (drop (f32.demote_f64 (local.get 1)))
          (drop (i32.reinterpret_f32 (f32.copysign (local.get 0) (f32.const -0))))
          (drop (global.get $end))
          (i64.trunc_f64_u (f64.abs (local.get 1)))))"#,
    r#"(module
        (func (export "simd") (param v128) (result i32)
          (i32x4.extract_lane 2 (i32x4.add (local.get 0) (v128.const i32x4 1 2 3 4)))))"#,
];

/// xorshift64*: a small deterministic PRNG so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// Valid modules: the seeds, the examples and modules made by wasm-smith with tailor's features.
fn seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = SEED_WATS
        .iter()
        .map(|wat| wat::parse_str(wat).expect("seed parses"))
        .collect();
    for example in ["fib.wat", "loop.wat", "hello.wat"] {
        let path = common::workspace_root().join("examples").join(example);
        seeds.push(wat::parse_file(path).expect("example parses"));
    }
    seeds.extend(smith_modules(40, 1));
    seeds
}

/// `count` valid modules from wasm-smith limited to the features tailor enables.
fn smith_modules(count: usize, seed: u64) -> Vec<Vec<u8>> {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    (0..count)
        .map(|_| {
            let data = rng.bytes(2048);
            let mut u = Unstructured::new(&data);
            let config = smith_config();
            wasm_smith::Module::new(config, &mut u)
                .expect("wasm-smith builds a module")
                .to_bytes()
        })
        .collect()
}

fn smith_config() -> wasm_smith::Config {
    wasm_smith::Config {
        gc_enabled: false,
        exceptions_enabled: false,
        threads_enabled: false,
        relaxed_simd_enabled: false,
        wide_arithmetic_enabled: false,
        compact_imports_enabled: false,
        custom_page_sizes_enabled: false,
        shared_everything_threads_enabled: false,
        max_memories: 2,
        max_tables: 3,
        max_memory32_bytes: 1 << 20,
        max_memory64_bytes: 1 << 20,
        max_table_elements: 1000,
        ..wasm_smith::Config::default()
    }
}

/// One random change: flip a bit, overwrite, insert, delete or duplicate bytes, or truncate.
fn mutate(rng: &mut Rng, module: &[u8]) -> Vec<u8> {
    let mut out = module.to_vec();
    for _ in 0..=rng.below(3) {
        let len = out.len().max(1);
        let at = rng.below(len).min(out.len());
        match rng.below(6) {
            0 if at < out.len() => out[at] ^= 1 << rng.below(8),
            1 if at < out.len() => out[at] = rng.next() as u8,
            2 => {
                let n = 1 + rng.below(4);
                let extra = rng.bytes(n);
                out.splice(at..at, extra);
            }
            3 => {
                let end = (at + 1 + rng.below(8)).min(out.len());
                out.drain(at..end);
            }
            4 => {
                let end = (at + 1 + rng.below(16)).min(out.len());
                let copy = out[at..end].to_vec();
                out.splice(at..at, copy);
            }
            _ => out.truncate(at),
        }
    }
    out
}

/// Outcome of feeding one input to the library.
enum Outcome {
    Rejected,
    Accepted,
    Panicked(String),
}

/// Loads `bytes`; if that succeeds and the module has no start function, instantiates it too.
fn load(engine: &Engine, bytes: &[u8]) -> Outcome {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let Ok(module) = Module::new(engine, bytes) else {
            return false;
        };
        if !has_start(bytes) {
            let mut store = Store::new(engine, ());
            let _ = Linker::new(engine).instantiate(&mut store, &module);
        }
        true
    }));
    match result {
        Ok(true) => Outcome::Accepted,
        Ok(false) => Outcome::Rejected,
        Err(payload) => Outcome::Panicked(
            payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default(),
        ),
    }
}

fn has_start(bytes: &[u8]) -> bool {
    Parser::new(0)
        .parse_all(bytes)
        .any(|p| matches!(p, Ok(Payload::StartSection { .. })))
}

fn engine() -> Engine {
    let mut config = Config::new();
    config.max_memory_bytes(16 << 20).max_call_depth(1000);
    Engine::new(&config)
}

/// Feeds every input to the library; fails listing the panics (inputs saved for reproduction).
fn assert_no_panics(label: &str, inputs: impl IntoIterator<Item = Vec<u8>>) -> (usize, usize) {
    let engine = engine();
    let (mut accepted, mut total) = (0, 0);
    let mut panics = Vec::new();
    for input in inputs {
        total += 1;
        match load(&engine, &input) {
            Outcome::Accepted => accepted += 1,
            Outcome::Rejected => {}
            Outcome::Panicked(message) => {
                if panics.len() < 5 {
                    let path =
                        scratch_file(&format!("panic-{label}-{}.wasm", panics.len()), &input);
                    panics.push(format!("{}: {message}", path.display()));
                } else {
                    panics.push(message);
                }
            }
        }
    }
    assert!(
        panics.is_empty(),
        "{label}: {} of {total} inputs panicked:\n{}",
        panics.len(),
        panics.join("\n")
    );
    (accepted, total)
}

#[test]
fn truncated_modules_never_panic() {
    let inputs = seeds().into_iter().flat_map(|m| {
        (0..m.len())
            .map(move |n| m[..n].to_vec())
            .collect::<Vec<_>>()
    });
    assert_no_panics("truncated", inputs);
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x7a11_0001);
    let inputs = (0..10_000).map(|i| {
        let mut bytes = if i % 2 == 0 {
            b"\0asm\x01\0\0\0".to_vec()
        } else {
            Vec::new()
        };
        let len = rng.below(300);
        bytes.extend(rng.bytes(len));
        bytes
    });
    let (accepted, total) = assert_no_panics("random", inputs);
    assert!(
        accepted < total / 10,
        "random bytes accepted {accepted} of {total} times"
    );
}

#[test]
fn mutated_modules_never_panic() {
    let seeds = seeds();
    let mut rng = Rng(0x7a11_0002);
    let inputs: Vec<Vec<u8>> = (0..20_000)
        .map(|i| mutate(&mut rng, &seeds[i % seeds.len()]))
        .collect();
    let (accepted, total) = assert_no_panics("mutated", inputs);
    // Some mutations stay valid (e.g. a changed constant); most must not.
    assert!(accepted < total, "every mutation was accepted");
}

#[test]
fn seeds_and_smith_modules_are_accepted() {
    let engine = engine();
    let mut smith = smith_modules(500, 2);
    smith.extend(seeds());
    for (i, module) in smith.iter().enumerate() {
        if let Err(e) = Module::new(&engine, module) {
            let path = scratch_file(&format!("rejected-valid-{i}.wasm"), module);
            panic!("a valid module was rejected ({}): {e}", path.display());
        }
    }
}

/// Random valid programs (wasm-smith, made to terminate with a fuel counter) are instantiated and every
/// exported function is called with default arguments: each call returns or traps, never panics.
#[test]
fn smith_programs_run_without_panics() {
    let engine = engine();
    let mut rng = Rng(0x7a11_0004);
    let (mut calls, mut traps, mut panics) = (0, 0, Vec::new());
    for i in 0..600 {
        let data = rng.bytes(4096);
        let config = wasm_smith::Config {
            max_imports: 0,
            min_funcs: 2,
            export_everything: true,
            ..smith_config()
        };
        let mut module = wasm_smith::Module::new(config, &mut Unstructured::new(&data))
            .expect("wasm-smith builds a module");
        module.ensure_termination(1000).expect("fuel is injected");
        let bytes = module.to_bytes();
        let result = catch_unwind(AssertUnwindSafe(|| {
            let module = Module::new(&engine, &bytes).expect("a valid module loads");
            let mut store = Store::new(&engine, ());
            // Instantiation may trap (start function, segments out of bounds).
            let Ok(instance) = Linker::new(&engine).instantiate(&mut store, &module) else {
                return (0, 0);
            };
            let (mut calls, mut traps) = (0, 0);
            for (_, export) in instance.exports(&store) {
                let Some(func) = export.into_func() else {
                    continue;
                };
                let ty = func.ty(&store);
                let args: Vec<Val> = ty.params().iter().map(|t| Val::default_for(*t)).collect();
                let mut results: Vec<Val> =
                    ty.results().iter().map(|t| Val::default_for(*t)).collect();
                calls += 1;
                if func.call(&mut store, &args, &mut results).is_err() {
                    traps += 1;
                }
            }
            (calls, traps)
        }));
        match result {
            Ok((c, t)) => {
                calls += c;
                traps += t;
            }
            Err(_) => {
                let path = scratch_file(&format!("smith-panic-{i}.wasm"), &bytes);
                panics.push(path.display().to_string());
            }
        }
    }
    assert!(
        panics.is_empty(),
        "programs panicked: {}",
        panics.join(", ")
    );
    assert!(calls > 100, "only {calls} calls were made");
    eprintln!("{calls} calls, {traps} trapped");
}

#[test]
fn binary_never_panics_on_malformed_input() {
    let seeds = seeds();
    let mut rng = Rng(0x7a11_0003);
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    for (i, seed) in seeds.iter().take(12).enumerate() {
        inputs.push(seed[..rng.below(seed.len())].to_vec());
        inputs.push(mutate(&mut rng, seed));
        if i % 3 == 0 {
            let n = 1 + rng.below(200);
            inputs.push(rng.bytes(n));
        }
    }
    for (i, input) in inputs.iter().enumerate() {
        let file = scratch_file(&format!("malformed-{i}.wasm"), input);
        let path = arg(&file).to_string();
        let runs = [
            (
                "validate",
                vec!["validate".into(), path.clone()],
                &[0, ERROR][..],
            ),
            (
                "inspect",
                vec!["inspect".into(), path.clone()],
                &[0, ERROR][..],
            ),
            ("run", run_args(input, &file), &[0, TRAP, ERROR][..]),
        ];
        for (what, args, allowed) in runs {
            let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
            let run = tailor_with_timeout(&args, Duration::from_secs(5));
            if run.timed_out {
                continue; // a mutation can make an endless loop; that is not a crash
            }
            let ok = run.code.is_some_and(|c| allowed.contains(&c));
            assert!(
                ok && !run.stderr.contains("panicked"),
                "`tailor {what}` on {} ended with {:?}:\n{}",
                file.display(),
                run.code,
                run.stderr
            );
            if run.code == Some(ERROR) {
                assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
            }
        }
    }
}

/// `run --invoke NAME FILE` for the first exported function (zero arguments: a count mismatch is a
/// usage error, which is fine), or plain `run FILE`.
fn run_args(input: &[u8], file: &std::path::Path) -> Vec<String> {
    let export = Parser::new(0).parse_all(input).find_map(|p| match p {
        Ok(Payload::ExportSection(reader)) => reader
            .into_iter()
            .flatten()
            .find(|e| e.kind == wasmparser::ExternalKind::Func)
            .map(|e| e.name.to_string()),
        _ => None,
    });
    let mut args: Vec<String> = vec!["run".into(), "--max-memory".into(), "64M".into()];
    if let Some(name) = export {
        args.extend(["--invoke".into(), name]);
    }
    args.push(arg(file).into());
    args
}
