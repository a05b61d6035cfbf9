//! Tests of `object.rs` (one per target: a test-only file may name architectures).
use super::*;

#[test]
fn export_names_are_mangled() {
    assert_eq!(mangle("fac_rec"), "fac_rec");
    assert_eq!(mangle("as-br-value"), "as_2dbr_2dvalue");
    assert_eq!(mangle("é"), "_c3_a9");
}

#[test]
fn objects_build_for_every_target() {
    let wat = r#"(module (memory 1) (func $f (export "add") (param i32 i32) (result i32)
        (i32.add (local.get 0) (local.get 1))) (func (export "call") (result i32) (call $f (i32.const 1) (i32.const 2)))
        (func (export "ceil") (param f32) (result f32) (f32.ceil (local.get 0))))"#;
    let m = Module::new(wat.as_bytes()).unwrap();
    for (t, cpu) in [
        ("x86_64-linux", "x86-64-v1"),
        ("aarch64-linux", "aarch64"),
        ("riscv64gc-linux", "riscv64gc"),
        ("s390x-linux", "s390x"),
    ] {
        let p = tailor_cpu::CpuProfile::for_target(Some(t), Some(cpu), None).unwrap();
        let out = compile_object(&m, &CompileOptions::new(p)).unwrap();
        assert_eq!(&out.object[..4], b"\x7fELF", "{t}");
        assert!(out
            .header
            .contains("extern void tailor_export_add(void *vmctx, void *values);"));
    }
}
