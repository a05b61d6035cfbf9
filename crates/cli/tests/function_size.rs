//! `--max-function-size` on `compile`, `run` and `wast`, and `--fallback interp` for functions over it.

mod common;

use common::{arg, scratch_file, tailor, ERROR, TRAP};

/// `f(addr)`: the sum of 200 loads from `addr` (about 1,000 bytes of code), exported with `g`, a small
/// function that calls `f`.
fn module() -> String {
    let mut body = String::from("local.get 0 i64.load\n");
    for k in 1..200 {
        body += &format!("local.get 0 i64.load offset={} i64.add\n", 8 * k);
    }
    format!(
        "(module (memory 1)\n\
         (func $f (export \"f\") (param i32) (result i64)\n{body})\n\
         (func (export \"g\") (param i32) (result i64) (i64.add (call $f (local.get 0)) (i64.const 1))))"
    )
}

#[test]
fn compile_refuses_a_function_over_the_limit_by_name() {
    let wat = scratch_file("size-compile.wat", module());
    let out = scratch_file("size-compile.twasm", b"");
    tailor(&[
        "compile",
        "--max-function-size",
        "512",
        arg(&wat),
        "-o",
        arg(&out),
    ])
    .expect_code(ERROR)
    .stderr_has(&["function 0 (f)", "limit of 512 bytes"]);
    tailor(&[
        "compile",
        "--max-function-size",
        "64K",
        arg(&wat),
        "-o",
        arg(&out),
    ])
    .expect_code(0);
}

#[test]
fn jit_refuses_or_interprets_a_function_over_the_limit() {
    let wat = scratch_file("size-run.wat", module());
    let run = |extra: &[&str], func: &str, x: &str| {
        let mut args = vec!["run", "--tier", "jit", "--max-function-size", "512"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--invoke", func, arg(&wat), x]);
        tailor(&args)
    };
    run(&[], "g", "0")
        .expect_code(ERROR)
        .stderr_has(&["function 0 (f)", "limit of 512 bytes"]);
    // The interpreter runs `f`; the compiled `g` calls it; its trap reaches the top.
    run(&["--fallback", "interp"], "g", "0")
        .expect_code(0)
        .stdout_has(&["1\n"]);
    run(&["--fallback", "interp"], "f", "0")
        .expect_code(0)
        .stdout_has(&["0\n"]);
    run(&["--fallback", "interp"], "g", "65536")
        .expect_code(TRAP)
        .stderr_has(&["out of bounds memory access"]);
}

#[test]
fn help_names_the_flag() {
    for cmd in ["run", "compile", "wast"] {
        tailor(&["help", cmd])
            .expect_code(0)
            .stdout_has(&["--max-function-size"]);
    }
}
