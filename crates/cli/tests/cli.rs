//! `tailor` end to end: commands, results, exit codes and error messages.

mod common;

use common::{arg, scratch_file, tailor, ERROR, TRAP};

/// Echoes its arguments: checks argument parsing and result printing of every number type.
const ECHO: &str = r#"(module
  (func (export "echo") (param i32 i64 f32 f64) (result i32 i64 f32 f64)
    local.get 0 local.get 1 local.get 2 local.get 3)
  (func (export "takes_ref") (param funcref)))"#;

/// Traps in a nested call.
const TRAPS: &str = r#"(module
  (func $div (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "outer") (result i32) (call $div (i32.const 1) (i32.const 0)))
  (func $deep (export "deep") (param i32) (result i32) (call $deep (i32.add (local.get 0) (i32.const 1))))
  (func (export "boom") unreachable))"#;

#[test]
fn invoke_prints_results() {
    tailor(&["run", "--invoke", "fib", "examples/fib.wat", "20"])
        .expect_code(0)
        .stdout_has(&["6765\n"]);
    let echo = scratch_file("echo.wat", ECHO);
    let run = tailor(&[
        "run",
        "--invoke",
        "echo",
        arg(&echo),
        "-1",
        "0x10",
        "nan",
        "-0",
    ]);
    run.expect_code(0);
    assert_eq!(run.stdout, "-1\n16\nNaN\n-0\n");
    let run = tailor(&[
        "run",
        "--invoke",
        "echo",
        arg(&echo),
        "4294967295",
        "-9",
        "1.5",
        "-inf",
    ]);
    assert_eq!(run.expect_code(0).stdout, "-1\n-9\n1.5\n-inf\n");
}

#[test]
fn examples_run() {
    tailor(&["run", "examples/hello.wat"]).expect_code(0);
    tailor(&["run", "--invoke", "sum", "examples/loop.wat", "1000"])
        .expect_code(0)
        .stdout_has(&["499500\n"]);
    tailor(&["run", "--invoke", "sieve", "examples/loop.wat", "100"])
        .expect_code(0)
        .stdout_has(&["25\n"]);
    tailor(&["run", "--invoke", "harmonic", "examples/loop.wat", "2"])
        .expect_code(0)
        .stdout_has(&["1.5\n"]);
}

#[test]
fn traps_exit_134_naming_trap_and_function() {
    let traps = scratch_file("traps.wat", TRAPS);
    tailor(&["run", "--invoke", "div", arg(&traps), "1", "0"])
        .expect_code(TRAP)
        .stderr_has(&["integer divide by zero", "in function div"]);
    tailor(&["run", "--invoke", "outer", arg(&traps)])
        .expect_code(TRAP)
        .stderr_has(&["integer divide by zero", "in function div"]);
    tailor(&["run", "--invoke", "boom", arg(&traps)])
        .expect_code(TRAP)
        .stderr_has(&["unreachable", "in function boom"]);
    let run = tailor(&[
        "run",
        "--max-call-depth",
        "1000",
        "--invoke",
        "deep",
        arg(&traps),
        "0",
    ]);
    run.expect_code(TRAP)
        .stderr_has(&["call stack exhausted", "in function deep"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn start_trap_in_instantiation_exits_134() {
    let start = scratch_file(
        "start-trap.wat",
        r#"(module (func $s unreachable) (start $s))"#,
    );
    tailor(&["run", arg(&start)])
        .expect_code(TRAP)
        .stderr_has(&["unreachable"]);
}

/// A module whose `_start` calls WASI `proc_exit(code)`.
fn proc_exit_module(code: i64) -> String {
    format!(
        r#"(module
             (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
             (memory (export "memory") 1)
             (func (export "_start") (call $exit (i32.const {code}))))"#
    )
}

#[test]
fn guest_exit_codes_pass_through_and_never_look_like_tailors_own() {
    // 0..=125: the guest's own code, exactly (1 and 2 included: tailor's own are 126 and 134).
    for code in [0, 1, 2, 3, 42, 125] {
        let wat = scratch_file(&format!("exit-{code}.wat"), proc_exit_module(code));
        let run = tailor(&["run", arg(&wat)]);
        run.expect_code(code as i32);
        assert_eq!(run.stderr, "", "exit {code} printed an error");
    }
    // 126 and up (negative codes are large unsigned ones) are not exit codes: WASI treats them as
    // `unreachable`, so tailor reports a trap with the code asked for, as Wasmtime refuses them.
    for (code, shown) in [(126, "126"), (255, "255"), (256, "256"), (-1, "4294967295")] {
        let wat = scratch_file(&format!("exit-{shown}.wat"), proc_exit_module(code));
        let run = tailor(&["run", arg(&wat)]);
        run.expect_code(TRAP).stderr_has(&[
            "error: ",
            &format!("proc_exit({shown})"),
            "0..=125",
            "in function _start",
        ]);
        assert_eq!(
            run.stderr.matches("proc_exit(").count(),
            1,
            "{}",
            run.stderr
        );
    }
    // A trap, for comparison.
    let trap = scratch_file(
        "exit-trap.wat",
        r#"(module (func (export "_start") unreachable))"#,
    );
    tailor(&["run", arg(&trap)])
        .expect_code(TRAP)
        .stderr_has(&["unreachable"]);
    // A module tailor cannot run.
    let bad = scratch_file(
        "exit-bad.wat",
        "(module (func (export \"_start\") i32.add))",
    );
    tailor(&["run", arg(&bad)]).expect_code(ERROR);
}

#[test]
fn usage_errors_exit_126() {
    tailor(&[]).expect_code(ERROR);
    tailor(&["frobnicate"]).expect_code(ERROR);
    tailor(&["run"]).expect_code(ERROR);
    tailor(&["run", "--cpu"]).expect_code(ERROR);
    tailor(&["run", "--max-memory", "12Q", "examples/fib.wat"])
        .expect_code(ERROR)
        .stderr_has(&["suffix"]);
}

#[test]
fn bad_invocations_exit_126_with_a_reason() {
    tailor(&["run", "examples/fib.wat"])
        .expect_code(ERROR)
        .stderr_has(&["_start", "--invoke", "fib"]);
    tailor(&["run", "--invoke", "nope", "examples/fib.wat"])
        .expect_code(ERROR)
        .stderr_has(&["nope", "fib"]);
    tailor(&["run", "--invoke", "fib", "examples/fib.wat"])
        .expect_code(ERROR)
        .stderr_has(&["takes 1 argument"]);
    tailor(&["run", "--invoke", "fib", "examples/fib.wat", "ten"])
        .expect_code(ERROR)
        .stderr_has(&["`ten` is not an i32"]);
    tailor(&["run", "--invoke", "fib", "examples/fib.wat", "4294967296"])
        .expect_code(ERROR)
        .stderr_has(&["out of range"]);
    let echo = scratch_file("echo-ref.wat", ECHO);
    tailor(&["run", "--invoke", "takes_ref", arg(&echo), "0"])
        .expect_code(ERROR)
        .stderr_has(&["cannot pass"]);
    tailor(&["run", "--env", "NOEQUALS", "examples/hello.wat"])
        .expect_code(ERROR)
        .stderr_has(&["NAME=VALUE"]);
    tailor(&[
        "run",
        "--dir",
        "/no/such/dir/for/tailor",
        "examples/hello.wat",
    ])
    .expect_code(ERROR)
    .stderr_has(&["/no/such/dir/for/tailor"]);
}

#[test]
fn missing_and_unloadable_files_exit_126() {
    tailor(&["run", "does/not/exist.wasm"])
        .expect_code(ERROR)
        .stderr_has(&["cannot read does/not/exist.wasm"]);
    tailor(&["validate", "does/not/exist.wasm"])
        .expect_code(ERROR)
        .stderr_has(&["cannot read"]);
    let text = scratch_file("broken.wat", "(module (func (result i32) (i32.const 1)");
    tailor(&["run", arg(&text)])
        .expect_code(ERROR)
        .stderr_has(&["error:"]);
}

#[test]
fn link_errors_exit_126() {
    let imports = scratch_file(
        "imports.wat",
        r#"(module (import "env" "f" (func)) (func (export "_start") call 0))"#,
    );
    tailor(&["run", arg(&imports)])
        .expect_code(ERROR)
        .stderr_has(&["link error", "env", "f"]);
}

#[test]
fn memory_limit_is_enforced() {
    let big = scratch_file("big.wat", r#"(module (memory 4) (func (export "_start")))"#);
    tailor(&["run", "--max-memory", "128K", arg(&big)]).expect_code(ERROR);
    tailor(&["run", "--max-memory", "1M", arg(&big)]).expect_code(0);
    let grow = scratch_file(
        "grow.wat",
        r#"(module (memory 1) (func (export "grow") (result i32) (memory.grow (i32.const 10))))"#,
    );
    tailor(&[
        "run",
        "--max-memory",
        "256K",
        "--invoke",
        "grow",
        arg(&grow),
    ])
    .expect_code(0)
    .stdout_has(&["-1\n"]);
}

#[test]
fn memory_and_table_limits_are_store_totals() {
    // Three memories of 256 KiB: over a total of 512K, under one of 1M.
    let three = scratch_file(
        "three_memories.wat",
        r#"(module (memory 4) (memory 4) (memory 4) (func (export "_start")))"#,
    );
    tailor(&["run", "--max-memory", "512K", arg(&three)])
        .expect_code(ERROR)
        .stderr_has(&["resource limit", "store's linear-memory limit"]);
    tailor(&["run", "--max-memory", "1M", arg(&three)]).expect_code(0);
    let tables = scratch_file(
        "two_tables.wat",
        r#"(module (table 600 funcref) (table $t 600 funcref)
            (func (export "grow") (result i32) (table.grow $t (ref.null func) (i32.const 100))))"#,
    );
    for tier in ["interp", "jit"] {
        let run = |limit: &str| {
            tailor(&[
                "run",
                "--tier",
                tier,
                "--max-table-elements",
                limit,
                "--invoke",
                "grow",
                arg(&tables),
            ])
        };
        run("1000")
            .expect_code(ERROR)
            .stderr_has(&["store's table-element limit"]);
        run("1299").expect_code(0).stdout_has(&["-1\n"]);
        run("1300").expect_code(0).stdout_has(&["600\n"]);
    }
}

#[test]
fn validate_reports_offsets() {
    tailor(&["validate", "examples/fib.wat"]).expect_code(0);
    let run = tailor(&["validate", "-v", "examples/loop.wat"]);
    assert_eq!(run.expect_code(0).stdout, "ok\n");
    let invalid = wat::parse_str("(module (func (result i32) i64.const 0))").unwrap();
    let invalid = scratch_file("invalid.wasm", invalid);
    tailor(&["validate", arg(&invalid)])
        .expect_code(ERROR)
        .stderr_has(&["byte offset 0x", "type mismatch"]);
    let garbage = scratch_file("garbage.wasm", b"\0asm\x01\0\0\0\x01\xff");
    tailor(&["validate", arg(&garbage)])
        .expect_code(ERROR)
        .stderr_has(&["offset"]);
}

#[test]
fn inspect_describes_the_module() {
    let run = tailor(&["inspect", "examples/fib.wat"]);
    run.expect_code(0).stdout_has(&[
        "sections:",
        "code",
        "exports (1):",
        "fib: func (i32) -> (i32)",
        "features used: none beyond WebAssembly 1.0",
    ]);
    let run = tailor(&["inspect", "examples/loop.wat"]);
    run.expect_code(0).stdout_has(&[
        "memories                 1 (1 defined, 0 imported)",
        "features used: bulk-memory",
    ]);
    tailor(&["inspect", "examples/hello.wat"])
        .expect_code(0)
        .stdout_has(&["memory: memory 1.. pages", "1 entry\n"]);
    let fancy = scratch_file(
        "fancy.wat",
        r#"(module
          (import "env" "g" (global (mut i64)))
          (memory 1) (memory 1)
          (func $f (param i32) (result i32 i32) (local.get 0) (local.get 0))
          (func (export "t") (param i32) (result i32 i32) (return_call $f (local.get 0))))"#,
    );
    tailor(&["inspect", arg(&fancy)])
        .expect_code(0)
        .stdout_has(&[
            "env::g: global mut i64",
            "t: func (i32) -> (i32, i32)",
            "multi-memory",
            "multi-value",
            "mutable-global",
            "tail-call",
        ]);
}

#[test]
fn targets_lists_host_and_presets() {
    tailor(&["targets"]).expect_code(0).stdout_has(&[
        "host: ",
        "generic",
        "x86-64-v1",
        "x86-64-v4",
        "aarch64",
        "runs here",
    ]);
}

#[test]
fn cpu_options_are_checked() {
    tailor(&[
        "run",
        "--cpu",
        "generic",
        "--invoke",
        "fib",
        "examples/fib.wat",
        "10",
    ])
    .expect_code(0)
    .stdout_has(&["55\n"]);
    tailor(&[
        "run",
        "--cpu",
        "pentium",
        "--invoke",
        "fib",
        "examples/fib.wat",
        "10",
    ])
    .expect_code(ERROR)
    .stderr_has(&["unknown CPU `pentium`", "x86-64-v2"]);
    tailor(&[
        "run",
        "--cpu-features",
        "+bogus",
        "--invoke",
        "fib",
        "examples/fib.wat",
        "1",
    ])
    .expect_code(ERROR)
    .stderr_has(&["unknown CPU feature `bogus`"]);
    // A profile of another architecture never runs on this host.
    let foreign = if std::env::consts::ARCH == "aarch64" {
        "x86-64-v1"
    } else {
        "aarch64"
    };
    tailor(&[
        "run",
        "--cpu",
        foreign,
        "--invoke",
        "fib",
        "examples/fib.wat",
        "1",
    ])
    .expect_code(ERROR)
    .stderr_has(&[&format!("cannot run --cpu {foreign} on this host")]);
    // CPU models: one the host lacks features of is refused naming them; one it has runs.
    let host = tailor_cpu::CpuProfile::host();
    for model in ["haswell", "znver4", "sapphirerapids", "icelake-server"] {
        let Ok(profile) = tailor_cpu::CpuProfile::preset(model) else {
            panic!("preset {model} is missing");
        };
        if profile.arch() != host.arch() {
            continue;
        }
        let run = tailor(&[
            "run",
            "--cpu",
            model,
            "--invoke",
            "fib",
            "examples/fib.wat",
            "10",
        ]);
        let missing = profile.missing_on(&host);
        if missing.is_empty() {
            run.expect_code(0);
        } else {
            let names: Vec<&str> = missing.iter().map(|f| f.name()).collect();
            run.expect_code(ERROR).stderr_has(&[
                &format!("cannot run --cpu {model} on this host"),
                &names.join(", "),
            ]);
        }
    }
}

#[test]
fn wast_summarizes_and_fails_on_failures() {
    let good = scratch_file(
        "good.wast",
        r#"(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
           (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))"#,
    );
    let run = tailor(&["wast", arg(&good)]);
    run.expect_code(0);
    assert!(
        run.stdout
            .trim_end()
            .ends_with("2 passed, 0 failed, 0 skipped"),
        "{}",
        run.stdout
    );
    let bad = scratch_file(
        "bad.wast",
        r#"(module (func (export "one") (result i32) (i32.const 1)))
           (assert_return (invoke "one") (i32.const 2))
           (assert_return (invoke "one") (i32.const 1))"#,
    );
    let run = tailor(&["wast", arg(&good), arg(&bad)]);
    run.expect_code(1);
    assert!(
        run.stdout
            .trim_end()
            .ends_with("4 passed, 1 failed, 0 skipped"),
        "{}",
        run.stdout
    );
    tailor(&["wast"]).expect_code(ERROR);
}

#[test]
fn help_is_available_everywhere() {
    tailor(&["--help"]).expect_code(0).stdout_has(&[
        "run",
        "validate",
        "inspect",
        "wast",
        "targets",
        "Exit codes",
    ]);
    for cmd in ["run", "validate", "inspect", "wast", "targets"] {
        tailor(&[cmd, "--help"])
            .expect_code(0)
            .stdout_has(&["Usage:"]);
    }
    tailor(&["run", "--help"]).stdout_has(&[
        "--invoke",
        "--cpu",
        "--max-memory",
        "--max-table-elements",
        "--max-call-depth",
    ]);
    tailor(&["--version"]).expect_code(0);
}
