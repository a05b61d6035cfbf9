//! Execution of single `.wast` directives against one store: the script's state (instances, module
//! definitions, registered names) and what each directive checks.

use std::collections::HashMap;

use tailor_runtime::{Engine, Error, Instance, Linker, Module, Store, Tier, Val};
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::token::Id;
use wast::{QuoteWat, QuoteWatTest, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

use crate::{spectest, trap_match, values};

/// Why running a directive's action did not produce values.
enum ExecError {
    /// The script could not be carried out (unknown module or export, bad argument, ...).
    Setup(String),
    /// The runtime returned an error (a trap, a link error, ...).
    Runtime(Error),
}

impl ExecError {
    fn describe(&self) -> String {
        match self {
            ExecError::Setup(msg) => msg.clone(),
            ExecError::Runtime(e) => describe_error(e),
        }
    }
}

/// A readable form of a runtime error, naming its variant.
fn describe_error(e: &Error) -> String {
    let kind = match e {
        Error::Module(_) => "module error",
        Error::Link(_) => "link error",
        Error::Trap(_) => "trap",
        Error::Resource(_) => "resource error",
        Error::Type(_) => "type error",
        Error::Compile(_) => "compile error",
    };
    format!("{kind}: {e}")
}

/// A fresh file name for one AOT round trip.
fn artifact_path() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    std::env::temp_dir().join(format!(
        "tailor-wast-{}-{}.twasm",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ))
}

/// The state of one running script.
pub struct WastContext {
    engine: Engine,
    store: Store<()>,
    linker: Linker<()>,
    /// Every instance made so far; `current` and `instance_names` index into it.
    instances: Vec<Instance>,
    current: Option<usize>,
    /// Set when the last `module` directive failed: unnamed invokes then have no instance.
    last_module_failed: bool,
    instance_names: HashMap<String, usize>,
    /// Every `module definition` so far; `last_definition` and `definition_names` index into it.
    definitions: Vec<Module>,
    last_definition: Option<usize>,
    definition_names: HashMap<String, usize>,
    /// Round-trip every module through an artifact file.
    aot: bool,
}

impl WastContext {
    /// A fresh script state with the `spectest` module defined.
    pub fn new(engine: Engine, aot: bool) -> Result<WastContext, String> {
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        spectest::define(&mut linker, &mut store).map_err(|e| {
            format!(
                "defining the spectest module failed: {}",
                describe_error(&e)
            )
        })?;
        Ok(WastContext {
            engine,
            aot,
            store,
            linker,
            instances: Vec::new(),
            current: None,
            last_module_failed: false,
            instance_names: HashMap::new(),
            definitions: Vec::new(),
            last_definition: None,
            definition_names: HashMap::new(),
        })
    }

    /// Runs one directive; `Err` describes why it failed.
    pub fn run(&mut self, directive: WastDirective<'_>) -> Result<(), String> {
        match directive {
            WastDirective::Module(mut module) => {
                let name = module.name();
                let instance = self.compile(&mut module).and_then(|module| {
                    self.linker
                        .instantiate(&mut self.store, &module)
                        .map_err(|e| format!("instantiation failed: {}", describe_error(&e)))
                });
                match instance {
                    Ok(instance) => {
                        self.push_instance(name, instance);
                        Ok(())
                    }
                    Err(e) => {
                        self.current = None;
                        self.last_module_failed = true;
                        Err(e)
                    }
                }
            }
            WastDirective::ModuleDefinition(mut module) => {
                let name = module.name();
                let module = self.compile(&mut module)?;
                let index = self.definitions.len();
                self.definitions.push(module);
                self.last_definition = Some(index);
                if let Some(name) = name {
                    self.definition_names.insert(name.name().to_string(), index);
                }
                Ok(())
            }
            WastDirective::ModuleInstance {
                instance: name,
                module,
                ..
            } => {
                let index = match module {
                    Some(id) => self.definition_names.get(id.name()).copied(),
                    None => self.last_definition,
                }
                .ok_or_else(|| format!("unknown module definition {}", id_name(module)))?;
                let instance = self
                    .linker
                    .instantiate(&mut self.store, &self.definitions[index])
                    .map_err(|e| format!("instantiation failed: {}", describe_error(&e)))?;
                self.push_instance(name, instance);
                Ok(())
            }
            WastDirective::Register { name, module, .. } => self.register(name, module),
            WastDirective::Invoke(invoke) => self
                .invoke(&invoke)
                .map(drop)
                .map_err(|e| format!("invoke failed: {}", e.describe())),
            WastDirective::AssertReturn { exec, results, .. } => {
                let got = self
                    .execute(exec)
                    .map_err(|e| format!("expected a return, got {}", e.describe()))?;
                self.check_results(&results, &got)
            }
            WastDirective::AssertTrap { exec, message, .. } => {
                let result = self.execute(exec);
                self.expect_trap(result, message)
            }
            WastDirective::AssertExhaustion { call, message, .. } => {
                let result = self.invoke(&call);
                self.expect_trap(result, message)
            }
            WastDirective::AssertInvalid { mut module, .. }
            | WastDirective::AssertMalformed { mut module, .. } => {
                self.expect_rejected(&mut module)
            }
            WastDirective::AssertUnlinkable { module, .. } => {
                self.expect_unlinkable(QuoteWat::Wat(module))
            }
            WastDirective::AssertMalformedCustom { mut module, .. } => {
                // A malformed custom annotation is a text-format error; once the text is accepted, the
                // custom section must not invalidate the module (custom sections are ignorable).
                match encode(&mut module) {
                    Err(_) => Ok(()),
                    Ok(bytes) => self.expect_accepted(&bytes),
                }
            }
            WastDirective::AssertInvalidCustom { mut module, .. } => {
                // Errors inside a custom section must not invalidate the module.
                let bytes = encode(&mut module)?;
                self.expect_accepted(&bytes)
            }
            WastDirective::AssertException { .. } => {
                Err("assert_exception: exception handling is not supported".into())
            }
            WastDirective::AssertSuspension { .. } => {
                Err("assert_suspension: stack switching is not supported".into())
            }
            WastDirective::Thread(_) | WastDirective::Wait { .. } => {
                Err("threads in scripts are not supported".into())
            }
        }
    }

    fn push_instance(&mut self, name: Option<Id<'_>>, instance: Instance) {
        let index = self.instances.len();
        self.instances.push(instance);
        self.current = Some(index);
        self.last_module_failed = false;
        if let Some(name) = name {
            self.instance_names.insert(name.name().to_string(), index);
        }
    }

    /// The instance named `id`, or the most recent one.
    fn instance(&self, id: Option<Id<'_>>) -> Result<&Instance, String> {
        let index = match id {
            Some(id) => self.instance_names.get(id.name()).copied(),
            None => self.current,
        };
        index.map(|i| &self.instances[i]).ok_or_else(|| {
            if id.is_none() && self.last_module_failed {
                "no module instance: the last module directive failed".to_string()
            } else {
                format!("unknown module instance {}", id_name(id))
            }
        })
    }

    fn register(&mut self, as_name: &str, id: Option<Id<'_>>) -> Result<(), String> {
        let exports = self.instance(id)?.exports(&self.store);
        for (export, item) in exports {
            self.linker
                .define(as_name, &export, item)
                .map_err(|e| format!("register {as_name:?}: {}", describe_error(&e)))?;
        }
        Ok(())
    }

    /// Encodes and compiles a module that must be valid.
    fn compile(&self, module: &mut QuoteWat<'_>) -> Result<Module, String> {
        let bytes = encode(module)?;
        let m = Module::from_binary(&self.engine, &bytes)
            .map_err(|e| format!("module failed to compile: {}", describe_error(&e)))?;
        if self.engine.config().get_tier() != Tier::Interp && !m.is_compiled() {
            return Err("the jit tier did not compile the module".into());
        }
        if !self.aot {
            return Ok(m);
        }
        let artifact = m
            .serialize()
            .map_err(|e| format!("cannot serialize: {}", describe_error(&e)))?;
        let path = artifact_path();
        std::fs::write(&path, &artifact)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let loaded = Module::from_file(&self.engine, &path);
        let _ = std::fs::remove_file(&path);
        let loaded =
            loaded.map_err(|e| format!("cannot load the artifact: {}", describe_error(&e)))?;
        if !loaded.is_compiled() {
            return Err("the artifact was not loaded as machine code".into());
        }
        Ok(loaded)
    }

    fn invoke(&mut self, invoke: &WastInvoke<'_>) -> Result<Vec<Val>, ExecError> {
        let instance = self.instance(invoke.module).map_err(ExecError::Setup)?;
        let func = instance
            .get_func(&self.store, invoke.name)
            .ok_or_else(|| ExecError::Setup(format!("no exported function {:?}", invoke.name)))?;
        let mut args = Vec::with_capacity(invoke.args.len());
        for arg in &invoke.args {
            args.push(values::arg_to_val(&mut self.store, arg).map_err(ExecError::Setup)?);
        }
        let mut results: Vec<Val> = func
            .ty(&self.store)
            .results()
            .iter()
            .map(|ty| Val::default_for(*ty))
            .collect();
        func.call(&mut self.store, &args, &mut results)
            .map_err(ExecError::Runtime)?;
        Ok(results)
    }

    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Vec<Val>, ExecError> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke),
            WastExecute::Get { module, global, .. } => {
                let instance = self.instance(module).map_err(ExecError::Setup)?;
                let g = instance
                    .get_global(&self.store, global)
                    .ok_or_else(|| ExecError::Setup(format!("no exported global {global:?}")))?;
                Ok(vec![g.get(&self.store)])
            }
            WastExecute::Wat(module) => {
                let module = self
                    .compile(&mut QuoteWat::Wat(module))
                    .map_err(ExecError::Setup)?;
                self.linker
                    .instantiate(&mut self.store, &module)
                    .map_err(ExecError::Runtime)?;
                Ok(Vec::new())
            }
        }
    }

    fn check_results(&self, expected: &[WastRet<'_>], got: &[Val]) -> Result<(), String> {
        if expected.len() != got.len() {
            return Err(format!(
                "expected {} results, got {}",
                expected.len(),
                got.len()
            ));
        }
        let mut mismatches = Vec::new();
        for (i, (e, g)) in expected.iter().zip(got).enumerate() {
            if let Err(msg) = values::match_result(&self.store, e, g) {
                mismatches.push(if got.len() == 1 {
                    msg
                } else {
                    format!("result {i}: {msg}")
                });
            }
        }
        if mismatches.is_empty() {
            Ok(())
        } else {
            Err(mismatches.join("; "))
        }
    }

    fn expect_trap(
        &self,
        result: Result<Vec<Val>, ExecError>,
        message: &str,
    ) -> Result<(), String> {
        match result {
            Ok(vals) => {
                let vals: Vec<String> = vals
                    .iter()
                    .map(|v| values::describe_val(&self.store, v))
                    .collect();
                Err(format!(
                    "expected trap {message:?}, got a return [{}]",
                    vals.join(", ")
                ))
            }
            Err(ExecError::Runtime(e)) => match e.trap() {
                Some(trap) => trap_match::check_trap(message, trap.code()),
                None => Err(format!(
                    "expected trap {message:?}, got {}",
                    describe_error(&e)
                )),
            },
            Err(setup) => Err(format!(
                "expected trap {message:?}, got {}",
                setup.describe()
            )),
        }
    }

    /// `assert_invalid` / `assert_malformed`: the text front end or the decoder/validator must refuse.
    fn expect_rejected(&self, module: &mut QuoteWat<'_>) -> Result<(), String> {
        let Ok(bytes) = encode(module) else {
            return Ok(());
        };
        match Module::from_binary(&self.engine, &bytes) {
            Ok(_) => Err("module was accepted".into()),
            Err(Error::Module(_)) => Ok(()),
            Err(e) => Err(format!(
                "expected a module error, got {}",
                describe_error(&e)
            )),
        }
    }

    fn expect_accepted(&self, bytes: &[u8]) -> Result<(), String> {
        Module::from_binary(&self.engine, bytes)
            .map(drop)
            .map_err(|e| format!("module was rejected: {}", describe_error(&e)))
    }

    /// `assert_unlinkable`: a valid module whose imports cannot be resolved.
    fn expect_unlinkable(&mut self, mut module: QuoteWat<'_>) -> Result<(), String> {
        let module = self.compile(&mut module)?;
        match self.linker.instantiate(&mut self.store, &module) {
            Ok(_) => Err("module linked and instantiated".into()),
            Err(Error::Link(_)) => Ok(()),
            Err(e) => Err(format!("expected a link error, got {}", describe_error(&e))),
        }
    }
}

fn id_name(id: Option<Id<'_>>) -> String {
    id.map_or_else(
        || "(none defined)".to_string(),
        |id| format!("${}", id.name()),
    )
}

/// Encodes a module of any form (text, `binary`, `quote`) to wasm bytes.
///
/// Quoted text is parsed with "confusing" Unicode allowed (`names.wast` needs it).
pub fn encode(module: &mut QuoteWat<'_>) -> Result<Vec<u8>, String> {
    if matches!(
        module,
        QuoteWat::QuoteComponent(..) | QuoteWat::Wat(Wat::Component(_))
    ) {
        return Err("components are not supported".into());
    }
    match module.to_test().map_err(|e| format!("text error: {e}"))? {
        QuoteWatTest::Binary(bytes) => Ok(bytes),
        QuoteWatTest::Text(text) => {
            let text =
                std::str::from_utf8(&text).map_err(|_| "malformed UTF-8 encoding".to_string())?;
            let mut lexer = Lexer::new(text);
            lexer.allow_confusing_unicode(true);
            let buf = ParseBuffer::new_with_lexer(lexer).map_err(|e| format!("text error: {e}"))?;
            let mut wat = parser::parse::<Wat<'_>>(&buf).map_err(|e| format!("text error: {e}"))?;
            wat.encode().map_err(|e| format!("text error: {e}"))
        }
    }
}

/// The name under which a directive is reported.
pub fn kind(directive: &WastDirective<'_>) -> &'static str {
    match directive {
        WastDirective::Module(_) => "module",
        WastDirective::ModuleDefinition(_) => "module definition",
        WastDirective::ModuleInstance { .. } => "module instance",
        WastDirective::AssertMalformed { .. } => "assert_malformed",
        WastDirective::AssertInvalid { .. } => "assert_invalid",
        WastDirective::AssertInvalidCustom { .. } => "assert_invalid_custom",
        WastDirective::AssertMalformedCustom { .. } => "assert_malformed_custom",
        WastDirective::Register { .. } => "register",
        WastDirective::Invoke(_) => "invoke",
        WastDirective::AssertTrap { .. } => "assert_trap",
        WastDirective::AssertReturn { .. } => "assert_return",
        WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
        WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
        WastDirective::AssertException { .. } => "assert_exception",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
    }
}
