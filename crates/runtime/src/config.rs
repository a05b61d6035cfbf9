//! Engine configuration.

use std::sync::Arc;
use tailor_cpu::{CpuProfile, RelaxedMode};
use tailor_vm::TypeRegistry;

/// Settings of an [`Engine`].
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) max_memory_bytes: u64,
    pub(crate) max_table_elements: u64,
    pub(crate) max_total_memory_bytes: u64,
    pub(crate) max_total_table_elements: u64,
    pub(crate) max_instances: usize,
    pub(crate) max_tables: usize,
    pub(crate) max_memories: usize,
    pub(crate) max_call_depth: u32,
    pub(crate) max_stack_slots: usize,
    pub(crate) cpu: CpuProfile,
    pub(crate) tier: Tier,
    pub(crate) opt: tailor_compiler::OptLevel,
    pub(crate) relaxed_simd: RelaxedMode,
    pub(crate) max_native_stack: usize,
    pub(crate) fallback_interp: bool,
    pub(crate) max_function_size: usize,
    pub(crate) interp_oversized: bool,
    pub(crate) passes: Option<tailor_compiler::Pipeline>,
}

/// How wasm code is executed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tier {
    /// The portable interpreter (the default).
    #[default]
    Interp,
    /// Compile every function with Cranelift when the module is loaded (JIT).
    Jit,
}

impl Tier {
    /// The name as `--tier` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Interp => "interp",
            Tier::Jit => "jit",
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_memory_bytes: 1 << 34,
            max_table_elements: 10_000_000,
            max_total_memory_bytes: 1 << 34,
            max_total_table_elements: 10_000_000,
            max_instances: 10_000,
            max_tables: 10_000,
            max_memories: 10_000,
            max_call_depth: 100_000,
            max_stack_slots: 1 << 20,
            cpu: CpuProfile::host(),
            tier: Tier::Interp,
            opt: tailor_compiler::OptLevel::Speed,
            relaxed_simd: RelaxedMode::Native,
            max_native_stack: 1 << 20,
            fallback_interp: false,
            max_function_size: tailor_compiler::MAX_FUNCTION_SIZE,
            interp_oversized: false,
            passes: None,
        }
    }
}

impl Config {
    /// The default configuration.
    pub fn new() -> Config {
        Config::default()
    }

    /// The most bytes one linear memory may have (default 16 GiB; 32-bit memories stop at 4 GiB).
    pub fn max_memory_bytes(&mut self, bytes: u64) -> &mut Config {
        self.max_memory_bytes = bytes;
        self
    }

    /// The most elements one table may have (default 10 million).
    pub fn max_table_elements(&mut self, n: u64) -> &mut Config {
        self.max_table_elements = n;
        self
    }

    /// The most bytes of linear memory all memories of one store may have together (default 16 GiB).
    /// Instantiating or creating a memory over it is an error; `memory.grow` over it returns -1.
    pub fn max_total_memory_bytes(&mut self, bytes: u64) -> &mut Config {
        self.max_total_memory_bytes = bytes;
        self
    }

    /// The most elements all tables of one store may have together (default 10 million, 80 MB).
    /// Instantiating or creating a table over it is an error; `table.grow` over it returns -1.
    pub fn max_total_table_elements(&mut self, n: u64) -> &mut Config {
        self.max_total_table_elements = n;
        self
    }

    /// The most instances one store may hold (default 10 000).
    pub fn max_instances(&mut self, n: usize) -> &mut Config {
        self.max_instances = n;
        self
    }

    /// The most tables one store may hold (default 10 000).
    pub fn max_tables(&mut self, n: usize) -> &mut Config {
        self.max_tables = n;
        self
    }

    /// The most linear memories one store may hold (default 10 000).
    pub fn max_memories(&mut self, n: usize) -> &mut Config {
        self.max_memories = n;
        self
    }

    /// The deepest nesting of wasm calls (default 100 000).
    pub fn max_call_depth(&mut self, depth: u32) -> &mut Config {
        self.max_call_depth = depth;
        self
    }

    /// The size of the interpreter's value stack in 8-byte slots (default 1 Mi slots = 8 MiB; clamped
    /// to 4 Ki..256 Mi slots).
    pub fn max_stack_slots(&mut self, slots: usize) -> &mut Config {
        self.max_stack_slots = slots.clamp(1 << 12, 1 << 28);
        self
    }

    /// The configured execution tier.
    pub fn get_tier(&self) -> Tier {
        self.tier
    }

    /// The execution tier (default: the interpreter).
    pub fn tier(&mut self, tier: Tier) -> &mut Config {
        self.tier = tier;
        self
    }

    /// What relaxed-SIMD operators compute, in every tier (default [`RelaxedMode::Native`]: the
    /// instructions of the configured CPU; see [`tailor_cpu::RelaxedSemantics`]).
    pub fn relaxed_simd(&mut self, mode: RelaxedMode) -> &mut Config {
        self.relaxed_simd = mode;
        self
    }

    /// The configured relaxed-SIMD mode.
    pub fn relaxed_simd_mode(&self) -> RelaxedMode {
        self.relaxed_simd
    }

    /// The compiler's optimisation level (default `speed`).
    pub fn opt_level(&mut self, opt: tailor_compiler::OptLevel) -> &mut Config {
        self.opt = opt;
        self
    }

    /// The most native stack compiled code may use below the outermost call into wasm (default
    /// 1 MiB); deeper guest recursion traps with "call stack exhausted". The calling thread must have
    /// at least this much stack left.
    pub fn max_native_stack(&mut self, bytes: usize) -> &mut Config {
        self.max_native_stack = bytes.max(64 << 10);
        self
    }

    /// When an artifact cannot run on this host (other architecture, OS or missing CPU features), run
    /// its embedded wasm in the interpreter instead of failing (default: fail).
    pub fn fallback_interp(&mut self, yes: bool) -> &mut Config {
        self.fallback_interp = yes;
        self
    }

    /// The largest function body the compiler tier compiles, in bytes of code (the body without its
    /// local declarations; default 7,654,321, the validator's own limit). Compile time and memory
    /// grow linearly with a function's size (BENCHMARKS.md, "Compile cost of big functions"), so this
    /// bounds what one function can cost. A module with a larger function fails to load with
    /// [`crate::Error::Resource`] naming the function and the limit, unless
    /// [`Config::interp_oversized`] is set.
    pub fn max_function_size(&mut self, bytes: usize) -> &mut Config {
        self.max_function_size = bytes;
        self
    }

    /// With the JIT: run functions over [`Config::max_function_size`] in the interpreter instead of
    /// refusing the module (default: refuse). Compiled and interpreted functions call each other
    /// freely. (`tailor compile` always refuses: an artifact holds only machine code.)
    pub fn interp_oversized(&mut self, yes: bool) -> &mut Config {
        self.interp_oversized = yes;
        self
    }

    /// The compiler's pass pipeline (default: the one the CPU profile's architecture chooses,
    /// [`tailor_compiler::Pipeline::default_for`]). Only the compiler tier (JIT, and
    /// [`crate::Module::serialize`]) runs passes; the interpreter ignores them.
    pub fn passes(&mut self, passes: tailor_compiler::Pipeline) -> &mut Config {
        self.passes = Some(passes);
        self
    }

    /// The pass pipeline the compiler tier uses with this configuration.
    pub fn get_passes(&self) -> tailor_compiler::Pipeline {
        self.passes
            .clone()
            .unwrap_or_else(|| tailor_compiler::Pipeline::default_for(&self.cpu))
    }

    /// The CPU profile execution is tailored to (default: the host).
    pub fn cpu(&mut self, profile: CpuProfile) -> &mut Config {
        self.cpu = profile;
        self
    }
}

pub(crate) struct EngineInner {
    pub config: Config,
    pub registry: TypeRegistry,
    pub handlers: tailor_interp::HandlerSet,
}

/// Configuration plus the type registry shared by every module and store made with it.
#[derive(Clone)]
pub struct Engine {
    pub(crate) inner: Arc<EngineInner>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("config", &self.inner.config)
            .finish()
    }
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::new(&Config::default())
    }
}

impl Engine {
    /// An engine with the given configuration.
    pub fn new(config: &Config) -> Engine {
        Engine {
            inner: Arc::new(EngineInner {
                config: config.clone(),
                registry: TypeRegistry::default(),
                handlers: tailor_interp::HandlerSet::for_profile(&config.cpu),
            }),
        }
    }

    /// The engine's configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The interpreter handler set chosen for the configured CPU profile: the best level the profile
    /// allows that this host can also run (never one it lacks).
    pub fn handler_set(&self) -> tailor_interp::HandlerSet {
        self.inner.handlers
    }

    /// Whether two handles refer to the same engine.
    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    pub(crate) fn registry(&self) -> &TypeRegistry {
        &self.inner.registry
    }
}
