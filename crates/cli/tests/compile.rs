//! `tailor compile`, `tailor run --tier jit` and running artifacts: results, refusals, fallback.

mod common;

use common::{arg, scratch_file, tailor, tailor_command, Run, ERROR, TRAP};

const FIB: &str = "examples/fib.wat";

/// A module that uses SIMD (left to the interpreter for riscv64 without the vector extension; an
/// object of it is refused).
const SIMD: &str = r#"(module (func (export "f") (param v128) (result v128) (i32x4.add (local.get 0) (local.get 0))))"#;

/// Traps of every kind the compiled code raises itself.
const TRAPS: &str = r#"(module
  (memory 1)
  (func $deep (export "deep") (param i32) (result i32) (call $deep (i32.add (local.get 0) (i32.const 1))))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))"#;

fn compile(name: &str, extra: &[&str]) -> std::path::PathBuf {
    let out = scratch_file(name, b"");
    let mut args = vec!["compile", FIB, "-o", arg(&out)];
    args.extend_from_slice(extra);
    tailor(&args).expect_code(0);
    out
}

#[test]
fn jit_and_aot_give_the_interpreter_result() {
    for tier in ["interp", "jit"] {
        tailor(&["run", "--tier", tier, "--invoke", "fib", FIB, "25"])
            .expect_code(0)
            .stdout_has(&["75025\n"]);
    }
    let art = compile("fib.twasm", &[]);
    let bytes = std::fs::read(&art).unwrap();
    assert!(bytes.starts_with(b"\0twasm"), "artifact magic");
    tailor(&["run", "--invoke", "fib", arg(&art), "25"])
        .expect_code(0)
        .stdout_has(&["75025\n"]);
}

#[test]
fn compiled_traps_are_errors_with_exit_134() {
    let m = scratch_file("traps.wat", TRAPS);
    tailor(&["run", "--tier", "jit", "--invoke", "deep", arg(&m), "0"])
        .expect_code(TRAP)
        .stderr_has(&["call stack exhausted"]);
    tailor(&["run", "--tier", "jit", "--invoke", "div", arg(&m), "1", "0"])
        .expect_code(TRAP)
        .stderr_has(&["integer divide by zero", "(in function div)"]);
    tailor(&[
        "run",
        "--tier",
        "jit",
        "--invoke",
        "div",
        arg(&m),
        "-2147483648",
        "-1",
    ])
    .expect_code(TRAP)
    .stderr_has(&["integer overflow"]);
    tailor(&["run", "--tier", "jit", "--invoke", "load", arg(&m), "65533"])
        .expect_code(TRAP)
        .stderr_has(&["out of bounds memory access"]);
}

#[test]
fn other_architecture_is_refused_or_falls_back() {
    for target in ["aarch64-linux", "riscv64gc-linux", "s390x-linux"] {
        let art = compile(&format!("fib-{target}.twasm"), &["--target", target]);
        let host_arch = std::env::consts::ARCH;
        if target.starts_with(host_arch) {
            continue;
        }
        tailor(&["run", "--invoke", "fib", arg(&art), "20"])
            .expect_code(ERROR)
            .stderr_has(&["wrong architecture"]);
        let run = tailor(&[
            "run",
            "--fallback",
            "interp",
            "--invoke",
            "fib",
            arg(&art),
            "20",
        ]);
        run.expect_code(0)
            .stdout_has(&["6765\n"])
            .stderr_has(&["running the embedded wasm in the interpreter"]);
    }
}

#[test]
fn riscv_simd_needs_the_vector_extension() {
    let m = scratch_file("simd.wat", SIMD);
    let out = scratch_file("simd-rv.twasm", b"");
    // An artifact leaves the SIMD function to the interpreter; an object has none to leave it to.
    tailor(&["compile", "--target", "riscv64gc", arg(&m), "-o", arg(&out)]).expect_code(0);
    let obj = scratch_file("simd-rv.o", b"");
    tailor(&[
        "compile",
        "--target",
        "riscv64gc",
        "--emit",
        "obj",
        arg(&m),
        "-o",
        arg(&obj),
    ])
    .expect_code(ERROR)
    .stderr_has(&["vector extension"]);
    tailor(&[
        "compile",
        "--target",
        "riscv64gc",
        "--cpu",
        "riscv64gc+v",
        arg(&m),
        "-o",
        arg(&out),
    ])
    .expect_code(0);
}

/// Runs `tailor` itself under `qemu-x86_64 -cpu MODEL` (None when qemu is not on the `PATH`).
fn under_qemu(model: &str, args: &[&str]) -> Option<Run> {
    let qemu = tailor_test_support::find_in_path("qemu-x86_64")?;
    let cmd = tailor_command();
    let exe = cmd.get_program().to_owned();
    let out = std::process::Command::new(qemu)
        .current_dir(common::workspace_root())
        .arg("-cpu")
        .arg(model)
        .arg(exe)
        .args(args)
        .output()
        .expect("spawn qemu");
    Some(Run::from_output(out))
}

#[test]
fn missing_avx512f_is_named_never_sigill() {
    if std::env::consts::ARCH != "x86_64" {
        println!("skipped: the avx512f refusal is shown on x86-64 hosts (emulated Haswell)");
        return;
    }
    let art = compile(
        "fib-avx512.twasm",
        &["--cpu", "x86-64-v3", "--cpu-features", "+avx512f"],
    );
    // This machine may have AVX-512, so the refusal is shown on an emulated Haswell (AVX2, no
    // AVX-512); the runtime's unit tests check the same refusal against a simulated host.
    match under_qemu("Haswell", &["run", "--invoke", "fib", arg(&art), "20"]) {
        Some(run) => {
            run.expect_code(ERROR)
                .stderr_has(&["missing features: avx512f"]);
            let fallback = under_qemu(
                "Haswell",
                &[
                    "run",
                    "--fallback",
                    "interp",
                    "--invoke",
                    "fib",
                    arg(&art),
                    "20",
                ],
            )
            .expect("qemu ran before");
            fallback.expect_code(0).stdout_has(&["6765\n"]);
        }
        None => tailor_test_support::skip_test(
            "tailor-cli compile::missing_avx512f_is_named_never_sigill",
            &tailor_test_support::Skip::missing(
                "qemu-x86_64",
                "install qemu-user (Debian: `apt-get install qemu-user`); `bash scripts/test.sh` \
                 run as root installs it",
            ),
        ),
    }
}

#[test]
fn damaged_artifacts_are_errors() {
    let art = compile("fib-damaged.twasm", &[]);
    let good = std::fs::read(&art).unwrap();
    let truncated = scratch_file("truncated.twasm", &good[..good.len() / 2]);
    tailor(&["run", "--invoke", "fib", arg(&truncated), "5"])
        .expect_code(ERROR)
        .stderr_has(&["truncated"]);
    for at in [20, good.len() / 2, good.len() - 40] {
        let mut bad = good.clone();
        bad[at] ^= 0x55;
        let f = scratch_file("flipped.twasm", &bad);
        let run = tailor(&["run", "--invoke", "fib", arg(&f), "5"]);
        run.expect_code(ERROR).stderr_has(&["invalid artifact"]);
    }
}
