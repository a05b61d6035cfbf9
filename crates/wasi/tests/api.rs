//! The API without zig: every preview1 import links with the specification's signature, a module
//! without memory gets `EFAULT` instead of a trap, and `proc_exit` reaches the embedder.

use tailor_runtime::{Engine, Linker, Module, Store, TrapReason, Val};
use tailor_wasi::{
    add_to_linker, I32Exit, MemoryOutputPipe, OutputStream, WasiCtx, WasiCtxBuilder,
};

/// Every function of wasi_snapshot_preview1 with its signature (witx).
const IMPORTS: &str = r#"
  (import "wasi_snapshot_preview1" "args_get" (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_res_get" (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_advise" (func (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_allocate" (func (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_datasync" (func (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_flags" (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights" (func (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_size" (func (param i32 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_times" (func (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pread" (func (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pwrite" (func (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_renumber" (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_sync" (func (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_tell" (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory" (func (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_set_times" (func (param i32 i32 i32 i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_link" (func (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_readlink" (func (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_remove_directory" (func (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename" (func (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file" (func (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "proc_raise" (func (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept" (func (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv" (func (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_send" (func (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_shutdown" (func (param i32 i32) (result i32)))
"#;

fn setup(body: &str, ctx: WasiCtx) -> (Store<WasiCtx>, tailor_runtime::Instance) {
    let engine = Engine::default();
    let wat = format!("(module {IMPORTS} {body})");
    let module = Module::new(&engine, wat).expect("module");
    assert_eq!(module.imports().count(), tailor_wasi::FUNCTIONS.len());
    let mut linker = Linker::<WasiCtx>::new(&engine);
    add_to_linker(&mut linker, |c| c).unwrap();
    let mut store = Store::new(&engine, ctx);
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("every import links");
    (store, instance)
}

fn call_i32(store: &mut Store<WasiCtx>, inst: &tailor_runtime::Instance, name: &str) -> i32 {
    let f = inst.get_func(&*store, name).unwrap();
    let mut out = [Val::I32(0)];
    f.call(store, &[], &mut out).unwrap();
    match out[0] {
        Val::I32(v) => v,
        _ => unreachable!(),
    }
}

#[test]
fn every_function_links_with_its_signature() {
    let names: std::collections::BTreeSet<_> = tailor_wasi::FUNCTIONS.iter().collect();
    assert_eq!(names.len(), 46);
    setup("", WasiCtx::default());
}

#[test]
fn without_memory_pointers_are_efault() {
    let body = r#"
      (func (export "write") (result i32) (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 0)))
      (func (export "open") (result i32)
        (call $path_open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0)
                         (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 0)))"#;
    let (mut store, inst) = setup(body, WasiCtx::default());
    assert_eq!(call_i32(&mut store, &inst, "write"), 21); // EFAULT
    assert_eq!(call_i32(&mut store, &inst, "open"), 21);
}

#[test]
fn huge_lengths_are_efault_and_write_goes_to_the_pipe() {
    let body = r#"
      (memory (export "memory") 1)
      (data (i32.const 100) "hi\n")
      (func (export "ok") (result i32)
        (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 3))
        (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (func (export "huge") (result i32)
        (i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const -1))
        (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (func (export "edge") (result i32)
        (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 65533)))
      (func (export "count") (result i32)
        (call $fd_write (i32.const 1) (i32.const 0) (i32.const 0x20000000) (i32.const 8)))"#;
    let out = MemoryOutputPipe::new();
    let ctx = WasiCtxBuilder::new()
        .stdout(OutputStream::Memory(out.clone()))
        .build();
    let (mut store, inst) = setup(body, ctx);
    assert_eq!(call_i32(&mut store, &inst, "ok"), 0);
    assert_eq!(out.contents(), b"hi\n");
    assert_eq!(call_i32(&mut store, &inst, "huge"), 21);
    assert_eq!(call_i32(&mut store, &inst, "edge"), 21);
    assert_eq!(call_i32(&mut store, &inst, "count"), 21);
    assert_eq!(out.contents(), b"hi\n");
}

#[test]
fn proc_exit_reaches_the_embedder() {
    let body = r#"(func (export "_start") (call $proc_exit (i32.const 17)) unreachable)"#;
    let (mut store, inst) = setup(body, WasiCtx::default());
    let err = inst
        .get_func(&store, "_start")
        .unwrap()
        .call(&mut store, &[], &mut [])
        .unwrap_err();
    let code = match err.trap().expect("a trap").reason() {
        TrapReason::Host(h) => h.downcast_ref::<I32Exit>().expect("I32Exit").0,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(code, 17);
}

#[test]
fn builder_reports_a_missing_preopen() {
    let err = WasiCtxBuilder::new()
        .preopened_dir("/definitely/not/here", "/")
        .unwrap_err();
    assert!(err.to_string().contains("/definitely/not/here"), "{err}");
}
