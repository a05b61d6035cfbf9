//! QuickJS-NG on tailor: PyPI `qjs-wasi-reactor.wasm` ships `qjs-wasi-reactor.wasm`, a WASI
//! *reactor* build of the `qjs` shell. Driven through the Rust API: `_initialize`, then
//! `qjs_init_argv(argc, argv)` with `argv` = `qjs -e SCRIPT` built with the module's own `malloc`;
//! it evaluates the script (0 on success, -1 after an uncaught exception) and leaves the runtime
//! for `qjs_destroy`.
//!
//! The script (`tests/data/quickjs_script.js`: recursion, loops, classes, sort with a comparator,
//! JSON, regular expressions, BigInt, float formatting, exceptions, Map) must print exactly
//! `tests/data/quickjs_script.out`, what the same module prints under wasmtime 50.

use std::path::Path;
use tailor_programs::{pypi_package_file, skip_or_panic, Host, Skip};
use tailor_runtime::{Engine, Module, Store};
use tailor_wasi::{InputStream, MemoryOutputPipe, OutputStream, WasiCtxBuilder};

fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `qjs -e script` in a fresh instance: (qjs_init_argv's result, stdout, stderr).
fn eval(engine: &Engine, module: &Module, script: &str) -> (i32, String, String) {
    let stdout = MemoryOutputPipe::new();
    let stderr = MemoryOutputPipe::new();
    let wasi = WasiCtxBuilder::new()
        .stdin(InputStream::Empty)
        .stdout(OutputStream::Memory(stdout.clone()))
        .stderr(OutputStream::Memory(stderr.clone()))
        .build();
    let mut store = Store::new(engine, Host { wasi });
    let linker = tailor_programs::wasi_linker(engine).unwrap();
    let instance = linker
        .instantiate(&mut store, module)
        .expect("instantiate qjs");
    let init = instance
        .get_func(&store, "_initialize")
        .expect("a reactor exports _initialize");
    init.call(&mut store, &[], &mut []).expect("_initialize");
    let memory = instance.get_memory(&store, "memory").unwrap();
    let malloc = instance
        .get_func(&store, "malloc")
        .unwrap()
        .typed::<(i32,), i32, Host>(&store)
        .unwrap();
    let mut argv = Vec::new();
    for arg in ["qjs", "-e", script] {
        let mut bytes = arg.as_bytes().to_vec();
        bytes.push(0);
        let ptr = malloc.call(&mut store, (bytes.len() as i32,)).unwrap();
        assert_ne!(ptr, 0);
        let at = ptr as u32 as usize;
        memory.data_mut(&mut store)[at..at + bytes.len()].copy_from_slice(&bytes);
        argv.extend_from_slice(&ptr.to_le_bytes());
    }
    let argv_ptr = malloc.call(&mut store, (argv.len() as i32,)).unwrap();
    let at = argv_ptr as u32 as usize;
    memory.data_mut(&mut store)[at..at + argv.len()].copy_from_slice(&argv);
    let init_argv = instance
        .get_func(&store, "qjs_init_argv")
        .unwrap()
        .typed::<(i32, i32), i32, Host>(&store)
        .unwrap();
    let rc = init_argv
        .call(&mut store, (3, argv_ptr))
        .unwrap_or_else(|e| {
            panic!(
                "qjs_init_argv trapped: {e}\nstderr:\n{}",
                String::from_utf8_lossy(&stderr.contents())
            )
        });
    let destroy = instance.get_func(&store, "qjs_destroy").unwrap();
    let mut results = vec![tailor_runtime::Val::I32(0); destroy.ty(&store).results().len()];
    destroy
        .call(&mut store, &[], &mut results)
        .expect("qjs_destroy");
    drop(store);
    (
        rc,
        String::from_utf8_lossy(&stdout.contents()).into_owned(),
        String::from_utf8_lossy(&stderr.contents()).into_owned(),
    )
}

fn quickjs_evaluates_javascript() -> Result<(), Skip> {
    let target =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("tailor-programs/pypi-qjs-wasi-reactor-0.17.0");
    let wasm = pypi_package_file(
        &target,
        "qjs-wasi-reactor.wasm==0.17.0",
        "qjs-wasi-reactor/qjs-wasi-reactor.wasm",
    )
    .map_err(|e| skip_or_panic(e.context("cannot get qjs-wasi-reactor.wasm from PyPI")))?;
    let engine = Engine::default();
    let module = Module::from_file(&engine, &wasm).expect("qjs-wasi-reactor.wasm must load");

    let started = std::time::Instant::now();
    let (rc, stdout, stderr) = eval(&engine, &module, &data("quickjs_script.js"));
    eprintln!("script ran in {:.1?}", started.elapsed());
    assert_eq!(rc, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(stdout, data("quickjs_script.out"), "stderr:\n{stderr}");

    // An uncaught exception: -1, the message and the JS stack on stderr, earlier output kept.
    let (rc, stdout, stderr) = eval(
        &engine,
        &module,
        "console.log(\"before\"); throw new RangeError(\"boom\")",
    );
    assert_eq!(rc, -1);
    assert_eq!(stdout, "before\n");
    assert!(
        stderr.starts_with("RangeError: boom\n"),
        "stderr:\n{stderr}"
    );
    Ok(())
}

fn main() {
    tailor_test_support::harness::run(
        "tailor-programs quickjs",
        tailor_test_support::tests![quickjs_evaluates_javascript],
    );
}
