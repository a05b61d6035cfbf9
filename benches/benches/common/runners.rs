//! Shared by the bench targets (included with `#[path]`, since wasmi is a dev-dependency).
//!
//! The runtimes the benches compare, behind one trait: a kernel module instantiated once, then
//! called with its size.

use tailor_runtime::{Engine, Instance, Module, Store, TypedFunc};

/// A kernel ready to run in one runtime: `call(size)` returns the checksum.
pub trait Runner {
    /// Runs the kernel's `run(size)` once.
    fn call(&mut self, size: i32) -> Result<i64, String>;
}

/// A kernel instantiated in tailor (on `engine`, so the caller picks the CPU profile).
pub struct TailorRunner {
    store: Store<()>,
    run: TypedFunc<(i32,), i64>,
}

impl TailorRunner {
    /// Compiles and instantiates `wat` (no imports) and finds its `run` export.
    pub fn new(engine: &Engine, wat: &str) -> Result<TailorRunner, String> {
        let module = Module::new(engine, wat).map_err(|e| e.to_string())?;
        let mut store = Store::new(engine, ());
        let instance = Instance::new(&mut store, &module, &[]).map_err(|e| e.to_string())?;
        let run = instance
            .get_func(&store, "run")
            .ok_or("no `run` export")?
            .typed::<(i32,), i64, _>(&store)
            .map_err(|e| e.to_string())?;
        Ok(TailorRunner { store, run })
    }
}

impl Runner for TailorRunner {
    fn call(&mut self, size: i32) -> Result<i64, String> {
        self.run
            .call(&mut self.store, (size,))
            .map_err(|e| e.to_string())
    }
}

/// A kernel instantiated in wasmi 2.
pub struct WasmiRunner {
    store: wasmi::Store<()>,
    run: wasmi::TypedFunc<i32, i64>,
}

impl WasmiRunner {
    /// Compiles and instantiates `wat` (no imports) and finds its `run` export.
    pub fn new(wat: &str) -> Result<WasmiRunner, String> {
        let wasm = wat::parse_str(wat).map_err(|e| e.to_string())?;
        let engine = wasmi::Engine::default();
        let module = wasmi::Module::new(&engine, &wasm).map_err(|e| e.to_string())?;
        let mut store = wasmi::Store::new(&engine, ());
        let instance = wasmi::Instance::new(&mut store, &module, &[]).map_err(|e| e.to_string())?;
        let run = instance
            .get_typed_func::<i32, i64>(&store, "run")
            .map_err(|e| e.to_string())?;
        Ok(WasmiRunner { store, run })
    }
}

impl Runner for WasmiRunner {
    fn call(&mut self, size: i32) -> Result<i64, String> {
        self.run
            .call(&mut self.store, size)
            .map_err(|e| e.to_string())
    }
}
