//! `--passes` and `tailor passes`: parsing errors, the listing, the pipeline recorded in artifacts,
//! and that every pipeline computes the same results and traps.

mod common;

use common::{arg, scratch_file, tailor, ERROR, TRAP};

/// A trap inside a small function that `inline` inlines into its caller (`outer`), and a
/// call-heavy loop over small helpers.
const MODULE: &str = r#"(module
  (memory 1)
  (func $div (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "outer") (result i32) (call $div (i32.const 1) (i32.const 0)))
  (func $get (param i32) (result i32) (i32.load (local.get 0)))
  (func $put (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "far") (result i32) (call $get (i32.const 65534)))
  (func (export "loop") (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (call $put (i32.const 16) (i32.add (call $get (i32.const 16)) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (call $get (i32.const 16))))"#;

#[test]
fn passes_lists_every_pass_and_marks_the_default() {
    let run = tailor(&["passes"]);
    run.expect_code(0).stdout_has(&[
        "default pipeline: bce,hoist,inline",
        "* bce ",
        "* hoist ",
        "* inline ",
        "    verify ",
        "translation",
        "clif",
    ]);
    tailor(&["passes", "--target", "aarch64"])
        .expect_code(0)
        .stdout_has(&["target aarch64", "default pipeline: bce,hoist,inline"]);
    tailor(&["passes", "--passes=-inline,+verify"])
        .expect_code(0)
        .stdout_has(&[
            "with --passes:    bce,hoist,verify",
            "    inline ",
            "* verify ",
        ]);
    tailor(&["passes", "--target", "nonsense"]).expect_code(ERROR);
    tailor(&["passes", "--help"])
        .expect_code(0)
        .stdout_has(&["--target", "--cpu", "--passes"]);
    tailor(&["--help"]).stdout_has(&["passes"]);
}

#[test]
fn bad_pass_lists_are_usage_errors() {
    let m = scratch_file("passes-bad.wat", MODULE);
    let m = arg(&m);
    tailor(&[
        "run",
        "--tier",
        "jit",
        "--passes",
        "bce,inlining",
        "--invoke",
        "outer",
        m,
    ])
    .expect_code(ERROR)
    .stderr_has(&[
        "unknown pass `inlining`",
        "known passes: bce, hoist, inline, verify",
    ]);
    tailor(&["compile", "--passes", "bce,,hoist", m])
        .expect_code(ERROR)
        .stderr_has(&["empty pass name"]);
    tailor(&["wast", "--tier", "jit", "--passes", "-inline,bce", m])
        .expect_code(ERROR)
        .stderr_has(&["cannot follow +/- edits"]);
    tailor(&["compile", "--passes", "bce,bce", m])
        .expect_code(ERROR)
        .stderr_has(&["listed twice"]);
    tailor(&["passes", "--passes", "+nope"])
        .expect_code(ERROR)
        .stderr_has(&["unknown pass `nope`"]);
    // The interpreter runs no passes: refused, not ignored.
    tailor(&["run", "--passes", "none", "--invoke", "outer", m])
        .expect_code(ERROR)
        .stderr_has(&["add --tier jit"]);
    // A missing value is clap's usage error.
    tailor(&["compile", m, "--passes"]).expect_code(ERROR);
}

#[test]
fn every_pipeline_gives_the_same_results_and_traps() {
    let m = scratch_file("passes-same.wat", MODULE);
    let m = arg(&m);
    for passes in [
        "none",
        "bce,hoist,inline,verify",
        "-inline",
        "inline",
        "+verify",
    ] {
        let with = format!("--passes={passes}");
        tailor(&["run", "--tier", "jit", &with, "--invoke", "loop", m, "1000"])
            .expect_code(0)
            .stdout_has(&["499500\n"]);
        // The trap of an inlined callee still names the callee.
        tailor(&["run", "--tier", "jit", &with, "--invoke", "outer", m])
            .expect_code(TRAP)
            .stderr_has(&["integer divide by zero", "in function div"]);
        tailor(&["run", "--tier", "jit", &with, "--invoke", "far", m])
            .expect_code(TRAP)
            .stderr_has(&["out of bounds memory access", "in function get"]);
    }
}

#[test]
fn artifacts_record_their_pipeline() {
    let m = scratch_file("passes-art.wat", MODULE);
    let out = scratch_file("passes-art.twasm", b"");
    tailor(&[
        "compile",
        "--passes=-inline,+verify",
        arg(&m),
        "-o",
        arg(&out),
    ])
    .expect_code(0);
    tailor(&["inspect", arg(&out)]).expect_code(0).stdout_has(&[
        "tailor artifact",
        "passes                   bce,hoist,verify",
        "exports (3)",
    ]);
    tailor(&["run", "--invoke", "loop", arg(&out), "10"])
        .expect_code(0)
        .stdout_has(&["45\n"]);
    // The artifact's passes were chosen when it was compiled.
    for tier in ["jit", "interp"] {
        let args = [
            "run",
            "--tier",
            tier,
            "--passes",
            "none",
            "--invoke",
            "loop",
            arg(&out),
            "10",
        ];
        tailor(&args)
            .expect_code(ERROR)
            .stderr_has(&["no effect on an artifact"]);
    }
    tailor(&["compile", "--passes", "none", arg(&m), "-o", arg(&out)]).expect_code(0);
    tailor(&["inspect", arg(&out)])
        .expect_code(0)
        .stdout_has(&["passes                   none"]);
    let disas = tailor(&["compile", "--emit", "disas", "--passes", "none", arg(&m)]);
    disas.expect_code(0).stdout_has(&["passes none"]);
}

#[test]
fn the_calls_example_gives_the_same_result_with_and_without_inlining() {
    for passes in ["--passes=-inline", "--passes=bce,hoist,inline"] {
        tailor(&[
            "run",
            "--tier",
            "jit",
            passes,
            "--invoke",
            "run",
            "examples/calls.wat",
            "100000",
        ])
        .expect_code(0)
        .stdout_has(&["3148765023\n"]);
    }
    tailor(&["run", "--invoke", "run", "examples/calls.wat", "100000"])
        .expect_code(0)
        .stdout_has(&["3148765023\n"]);
}
