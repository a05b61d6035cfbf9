//! Compiled modules.

use crate::types::{erase, erase_ref, ExternType, FuncType};
use crate::{Engine, Error};
use std::path::Path;
use std::sync::Arc;
use tailor_interp::ModuleCode;
use tailor_module::{ExternKind, ImportType as RawImport};
use wasmparser::{GlobalType, TableType};

pub(crate) struct ModuleInner {
    pub engine: Engine,
    pub info: Arc<tailor_module::Module>,
    pub type_ids: Arc<[u32]>,
    pub code: Arc<ModuleCode>,
    /// Machine code, when the module runs on the compiler tier.
    pub compiled: Option<Arc<crate::compiled::CompiledCode>>,
    /// Set when an artifact could not run here and the interpreter runs its wasm instead.
    pub notice: Option<String>,
}

/// A validated module, ready to be instantiated (cheap to clone).
#[derive(Clone)]
pub struct Module {
    pub(crate) inner: Arc<ModuleInner>,
}

impl std::fmt::Debug for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Module")
            .field("funcs", &self.inner.info.funcs.len())
            .finish()
    }
}

impl Module {
    /// Decodes and validates a module given as binary or WebAssembly text (for an artifact use
    /// [`Module::from_artifact`], or [`Module::from_file`], which tells them apart).
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module, Error> {
        let info = tailor_module::Module::new(bytes.as_ref())?;
        Module::from_info(engine, info)
    }

    /// Decodes and validates a binary module.
    pub fn from_binary(engine: &Engine, bytes: &[u8]) -> Result<Module, Error> {
        let info = tailor_module::Module::from_binary(bytes)?;
        Module::from_info(engine, info)
    }

    /// Reads, decodes and validates a module file (binary or text).
    pub fn from_file(engine: &Engine, path: impl AsRef<Path>) -> Result<Module, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| {
            Error::Module(tailor_module::ModuleError::Text(format!(
                "cannot read {}: {e}",
                path.display()
            )))
        })?;
        if crate::artifact::is_artifact(&bytes) {
            return Module::from_artifact(engine, &bytes);
        }
        Module::new(engine, bytes)
    }

    fn from_info(engine: &Engine, info: tailor_module::Module) -> Result<Module, Error> {
        let compiled = match engine.config().tier {
            crate::Tier::Interp => None,
            crate::Tier::Jit => {
                let c = engine.config();
                c.cpu
                    .check_runs_on(&tailor_cpu::CpuProfile::host())
                    .map_err(|e| Error::Compile(e.to_string()))?;
                let mut opts = tailor_compiler::CompileOptions::new(c.cpu.clone());
                opts.opt = c.opt;
                opts.relaxed_simd = c.relaxed_simd;
                opts.max_function_size = c.max_function_size;
                opts.passes = c.get_passes();
                // A larger frame could never run under this engine's stack budget.
                opts.max_frame_size = u32::try_from(c.max_native_stack).unwrap_or(u32::MAX);
                if c.interp_oversized {
                    opts.oversized = tailor_compiler::Oversized::Interpret;
                }
                Some(Arc::new(crate::compiled::CompiledCode::compile(
                    &info, &opts,
                )?))
            }
        };
        Ok(Module::with_code(engine, info, compiled))
    }

    /// A module whose interpreted functions compute relaxed SIMD as the engine's CPU profile and
    /// mode say.
    pub(crate) fn with_code(
        engine: &Engine,
        info: tailor_module::Module,
        compiled: Option<Arc<crate::compiled::CompiledCode>>,
    ) -> Module {
        let config = engine.config();
        let relaxed = tailor_cpu::RelaxedSemantics::new(&config.cpu, config.relaxed_simd);
        Module::with_code_and_relaxed(engine, info, compiled, relaxed)
    }

    /// A module whose interpreted functions compute relaxed SIMD as `relaxed` says: a loaded
    /// artifact's functions left to the interpreter must agree with its compiled code, which was
    /// tailored to the artifact's profile, not the engine's.
    pub(crate) fn with_code_and_relaxed(
        engine: &Engine,
        info: tailor_module::Module,
        compiled: Option<Arc<crate::compiled::CompiledCode>>,
        relaxed: tailor_cpu::RelaxedSemantics,
    ) -> Module {
        let info = Arc::new(info);
        let type_ids: Arc<[u32]> = engine.registry().register_module(&info).into();
        let code = Arc::new(ModuleCode::with_relaxed(info.clone(), relaxed));
        Module {
            inner: Arc::new(ModuleInner {
                engine: engine.clone(),
                info,
                type_ids,
                code,
                compiled,
                notice: None,
            }),
        }
    }

    /// Whether the module runs as machine code (JIT or a loaded artifact) rather than interpreted.
    pub fn is_compiled(&self) -> bool {
        self.inner.compiled.is_some()
    }

    /// The decoded description.
    pub fn info(&self) -> &tailor_module::Module {
        &self.inner.info
    }

    /// The engine this module belongs to.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// Translates every function body now instead of on first call (reports unsupported operators
    /// early).
    pub fn translate_all(&self) -> Result<(), Error> {
        self.inner.code.translate_all().map_err(|e| {
            Error::Module(tailor_module::ModuleError::Unsupported {
                offset: 0,
                message: e.to_string(),
            })
        })
    }

    /// The imports, in order.
    pub fn imports(&self) -> impl Iterator<Item = ImportType<'_>> + '_ {
        self.inner.info.imports.iter().map(move |i| ImportType {
            module: &i.module,
            name: &i.name,
            ty: match i.ty {
                RawImport::Func(t) => {
                    ExternType::Func(FuncType::from_wasm(self.inner.info.type_at(t)))
                }
                RawImport::Table(t) => ExternType::Table(erase_table(t)),
                RawImport::Memory(m) => ExternType::Memory(m),
                RawImport::Global(g) => ExternType::Global(erase_global(g)),
            },
        })
    }

    /// The exports, in order.
    pub fn exports(&self) -> impl Iterator<Item = ExportType<'_>> + '_ {
        let info = &self.inner.info;
        info.exports.iter().map(move |e| ExportType {
            name: &e.name,
            ty: match e.kind {
                ExternKind::Func => ExternType::Func(FuncType::from_wasm(info.func_type(e.index))),
                ExternKind::Table => ExternType::Table(erase_table(info.tables[e.index as usize])),
                ExternKind::Memory => ExternType::Memory(info.memories[e.index as usize]),
                ExternKind::Global => {
                    ExternType::Global(erase_global(info.globals[e.index as usize]))
                }
            },
        })
    }
}

pub(crate) fn erase_table(t: TableType) -> TableType {
    TableType {
        element_type: erase_ref(t.element_type),
        ..t
    }
}

pub(crate) fn erase_global(g: GlobalType) -> GlobalType {
    GlobalType {
        content_type: erase(g.content_type),
        ..g
    }
}

/// One import of a module.
#[derive(Debug, Clone)]
pub struct ImportType<'a> {
    module: &'a str,
    name: &'a str,
    ty: ExternType,
}

impl ImportType<'_> {
    /// The module name.
    pub fn module(&self) -> &str {
        self.module
    }
    /// The field name.
    pub fn name(&self) -> &str {
        self.name
    }
    /// The expected type.
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}

/// One export of a module.
#[derive(Debug, Clone)]
pub struct ExportType<'a> {
    name: &'a str,
    ty: ExternType,
}

impl ExportType<'_> {
    /// The export name.
    pub fn name(&self) -> &str {
        self.name
    }
    /// The type.
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}
