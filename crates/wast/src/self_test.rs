//! Tests of the runner itself: small scripts whose outcome per directive is known.

use crate::{run_wast_source, RunConfig};

fn run(script: &str) -> crate::FileReport {
    run_wast_source("self-test.wast", script, &RunConfig::default())
}

#[test]
fn counts_passes_and_failures() {
    let report = run(r#"
        (module $m
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
          (func (export "trap") (unreachable))
          (global (export "g") i64 (i64.const 7)))
        (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
        (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 4))
        (assert_return (invoke "nan") (f32.const nan:arithmetic))
        (assert_return (invoke "nan") (either (f32.const 1) (f32.const nan:arithmetic)))
        (assert_return (invoke "nan") (f32.const 0))
        (assert_trap (invoke "trap") "unreachable")
        (assert_trap (invoke "trap") "integer overflow")
        (assert_trap (invoke "add" (i32.const 1) (i32.const 2)) "unreachable")
        (assert_return (get "g") (i64.const 7))
        (register "M" $m)
        (module (import "M" "add" (func $add (param i32 i32) (result i32)))
          (func (export "twice") (param i32) (result i32) (call $add (local.get 0) (local.get 0))))
        (assert_return (invoke "twice" (i32.const 21)) (i32.const 42))
        (assert_return (invoke $m "add" (i32.const 2) (i32.const 2)) (i32.const 4))
        (assert_invalid (module (func (result i32))) "type mismatch")
        (assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch")
        (assert_malformed (module quote "(func (i32.bogus))") "unknown operator")
        (assert_unlinkable (module (import "M" "nope" (func))) "unknown import")
        (assert_unlinkable (module (import "spectest" "print_i32" (func (param i32)))) "x")
    "#);
    let lines: Vec<usize> = report.failures.iter().map(|f| f.line).collect();
    // The wrong i32, the wrong f32, the wrong trap, the return instead of a trap, the valid module
    // under assert_invalid and the linkable module under assert_unlinkable.
    assert_eq!(lines, [8, 11, 13, 14, 22, 25], "{report:#?}");
    assert_eq!((report.passed, report.failed, report.skipped), (13, 6, 0));
}

#[test]
fn spectest_module_links() {
    let report = run(r#"
        (module
          (import "spectest" "memory" (memory 1 2))
          (import "spectest" "table" (table 10 20 funcref))
          (import "spectest" "global_i32" (global $g i32))
          (import "spectest" "global_f64" (global $f f64))
          (import "spectest" "print_f64_f64" (func (param f64 f64)))
          (func (export "g") (result i32) (global.get $g))
          (func (export "f") (result f64) (global.get $f)))
        (assert_return (invoke "g") (i32.const 666))
        (assert_return (invoke "f") (f64.const 666.6))
    "#);
    assert_eq!((report.passed, report.failed), (3, 0), "{report:#?}");
}

#[test]
fn unparsable_script_is_one_failure() {
    let report = run("(module (func)) (assert_return (invoke");
    assert_eq!((report.passed, report.failed), (0, 1), "{report:#?}");
}
