//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// tailor runs one portable WebAssembly module on any CPU and tailors execution to that CPU.
#[derive(Debug, Parser)]
#[command(
    name = "tailor",
    version,
    after_help = "Exit codes: 0 success; 1-125 the guest's own exit code (proc_exit), or 1 for failed .wast \
                  directives; 126 tailor could not do it (usage, load, link or limit error); 134 the guest \
                  trapped or called proc_exit with a code over 125.\n\
                  Run `tailor help COMMAND` for the options of one command."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a module: its `_start` function, or the function named by --invoke.
    #[command(after_help = "Examples:\n  \
        tailor run program.wasm\n  \
        tailor run --dir data::/data --env LANG=C program.wasm input.txt\n  \
        tailor run --invoke fib examples/fib.wat 30\n  \
        tailor run --invoke add module.wasm -- -1 0x10\n\n\
        Arguments are parsed by the function's parameter types: i32/i64 as decimal or 0x hex (signed or \
        unsigned range), f32/f64 as decimals, `nan`, `inf`, `-inf` or `-0`. Results are printed one per line.\n\n\
        Exit codes: 0 when `_start` (or the --invoke function) returns; the guest's code when it calls \
        WASI proc_exit with 0-125; 134 when it traps, or calls proc_exit with 126 or more (WASI allows \
        only 0-125; Wasmtime refuses them too); 126 when tailor cannot run it (usage, load, link or \
        limit error). 126 and up never come from the guest.")]
    Run(RunOptions),
    /// Check that a module is well-formed and valid; prints nothing on success.
    Validate(ValidateOptions),
    /// Describe a module: sections, counts, imports, exports and the wasm features it uses.
    Inspect(InspectOptions),
    /// Run WebAssembly spec test scripts (.wast) and print a summary line.
    #[command(
        after_help = "The last line is `N passed, N failed, N skipped`, counting directives; \
        the exit code is 1 if any directive failed."
    )]
    Wast(WastOptions),
    /// Compile a module ahead of time into a tailor artifact (.twasm) for any target and CPU.
    #[command(after_help = "Examples:\n  \
        tailor compile program.wasm -o program.twasm            # for this host's CPU\n  \
        tailor compile --cpu x86-64-v2 program.wasm -o p.twasm  # runs on any x86-64-v2 CPU\n  \
        tailor compile --target aarch64-linux --cpu-features +lse program.wasm -o p.twasm\n  \
        tailor run program.twasm\n\n\
        The artifact records its target and CPU features; `tailor run` refuses it on a host that cannot \
        run it (naming what is missing) unless --fallback interp is given. `tailor targets` lists \
        targets, CPU presets and features.")]
    Compile(CompileOptions),
    /// Show the host CPU profile, the compile targets, the CPU presets and features, and the
    /// interpreter handler sets.
    Targets,
    /// List the compiler's passes, marking the default pipeline for a target and CPU.
    #[command(after_help = "Examples:\n  \
        tailor passes                       # the default pipeline for this host\n  \
        tailor passes --target aarch64      # for another target\n  \
        tailor run --tier jit --passes=-inline --invoke fib examples/fib.wat 30\n  \
        tailor compile --passes none program.wasm -o p.twasm")]
    Passes(PassesOptions),
}

/// `tailor passes`.
#[derive(Debug, Args)]
pub struct PassesOptions {
    /// Target, as `tailor compile --target` takes it (default: this host).
    #[arg(long, value_name = "TRIPLE")]
    pub target: Option<String>,
    /// CPU preset (default: `native` for the host, the target's baseline otherwise).
    #[arg(long, value_name = "NAME")]
    pub cpu: Option<String>,
    /// Adjust the CPU features, e.g. `+avx2`.
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub cpu_features: Option<String>,
    /// Show the pipeline this `--passes` list gives instead of the default.
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub passes: Option<String>,
}

/// Options that configure the engine.
#[derive(Debug, Args)]
pub struct EngineOptions {
    /// CPU profile to tailor execution to: `native` (default), `generic`, `x86-64-v1`..`x86-64-v4`,
    /// `aarch64`, ... (see `tailor targets`). Must be runnable on this host.
    #[arg(long, value_name = "NAME")]
    pub cpu: Option<String>,
    /// Adjust the CPU profile's features, e.g. `+popcnt,-avx2`.
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub cpu_features: Option<String>,
    /// Most bytes of linear memory all memories may have together (default 16G); suffixes K, M, G
    /// (powers of 1024) are accepted. A module whose memories need more is refused; `memory.grow`
    /// past it returns -1.
    #[arg(long, value_name = "BYTES", value_parser = crate::engine::parse_size)]
    pub max_memory: Option<u64>,
    /// Most elements all tables may have together (default 10000000, 8 bytes each). A module whose
    /// tables need more is refused; `table.grow` past it returns -1.
    #[arg(long, value_name = "N")]
    pub max_table_elements: Option<u64>,
    /// Deepest guest call nesting before the trap `call stack exhausted`.
    #[arg(long, value_name = "N")]
    pub max_call_depth: Option<u32>,
    /// Execution tier: `interp` (the portable interpreter, default) or `jit` (compile with Cranelift at
    /// load). `tailor wast` also accepts `aot`: compile each module to an artifact file, load it, run.
    #[arg(long, value_name = "TIER", default_value = "interp", value_parser = ["interp", "jit", "aot"])]
    pub tier: String,
    /// For an artifact this host cannot run (other architecture or OS, missing CPU features): `interp`
    /// runs its embedded wasm in the interpreter instead of failing, with a one-line notice. With
    /// `--tier jit`, `interp` also runs functions over --max-function-size in the interpreter.
    #[arg(long, value_name = "TIER", value_parser = ["interp"])]
    pub fallback: Option<String>,
    /// Largest function body the jit/aot tiers compile, in bytes of code (suffixes K, M; default
    /// 7654321, the validator's limit). Compile time and memory grow linearly with a function's
    /// size; a module with a larger function is refused naming it (exit 126), or with
    /// `--fallback interp` that function runs in the interpreter.
    #[arg(long, value_name = "BYTES", value_parser = crate::engine::parse_size)]
    pub max_function_size: Option<u64>,
    /// The compiler's pass pipeline: `bce,hoist,inline` (exactly these, in order), `-inline,+verify`
    /// (edits of the default pipeline for the CPU profile), or `none`. `tailor passes` lists the
    /// passes and the default. Only the compiler tiers (`--tier jit`, `aot`) run passes: with the
    /// interpreter tier, or an artifact (whose passes were chosen by `tailor compile`), the option is
    /// refused rather than silently ignored.
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub passes: Option<String>,
    /// Compiler optimisation level for the jit/aot tiers: `none`, `speed` (default) or `size`.
    #[arg(short = 'O', long = "opt-level", value_name = "LEVEL", value_parser = ["none", "speed", "size", "0", "2", "s"])]
    pub opt_level: Option<String>,
    /// What relaxed-SIMD operators compute: `native` (default: the CPU profile's own instructions,
    /// e.g. one fused multiply-add or `pshufb`; `tailor targets` lists the choices) or
    /// `deterministic` (the Wasm 3.0 deterministic profile: the same results on every CPU and tier).
    #[arg(long, value_name = "MODE", default_value = "native", value_parser = crate::engine::parse_relaxed_mode)]
    pub relaxed_simd: tailor_runtime::RelaxedMode,
}

/// `tailor run`.
#[derive(Debug, Args)]
pub struct RunOptions {
    /// Call this exported function instead of `_start` and print its results.
    #[arg(long, value_name = "NAME")]
    pub invoke: Option<String>,
    /// Give the guest a host directory: `HOST` (seen by the guest under the same path) or
    /// `HOST::GUEST`. Repeatable. The guest can reach nothing outside its directories.
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    pub dirs: Vec<String>,
    /// Set an environment variable for the guest: `NAME=VALUE`. Repeatable.
    #[arg(long = "env", value_name = "NAME=VALUE")]
    pub envs: Vec<String>,
    /// Pass tailor's whole environment to the guest (before the --env settings).
    #[arg(long)]
    pub inherit_env: bool,
    /// Engine options.
    #[command(flatten)]
    pub engine: EngineOptions,
    /// The module: a binary `.wasm` or a text `.wat` file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Program arguments for `_start` (the guest sees FILE as argv[0]), or the arguments of the
    /// function named by --invoke.
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub args: Vec<String>,
}

/// `tailor compile`.
#[derive(Debug, Args)]
pub struct CompileOptions {
    /// The module: a binary `.wasm` or a text `.wat` file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Where to write the output (default: FILE with the extension `.twasm`, or `.o` for `--emit obj`).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Target: `x86_64`, `aarch64`, `riscv64gc`, `s390x`, optionally with an OS (`aarch64-linux`,
    /// `x86_64-apple-darwin`). Default: this host.
    #[arg(long, value_name = "TRIPLE")]
    pub target: Option<String>,
    /// CPU preset to compile for (default: `native` for the host, the target's baseline otherwise).
    #[arg(long, value_name = "NAME")]
    pub cpu: Option<String>,
    /// Adjust the CPU features, e.g. `+avx512f,-bmi2`.
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub cpu_features: Option<String>,
    /// Optimisation level: `none`, `speed` (default) or `size`.
    #[arg(short = 'O', long = "opt-level", value_name = "LEVEL", default_value = "speed", value_parser = ["none", "speed", "size", "0", "2", "s"])]
    pub opt_level: String,
    /// What to write: `artifact` (a `.twasm` that `tailor run` loads; default), `obj` (an ELF
    /// relocatable object with the C ABI of docs/c-abi.md, plus its header OUT.h) or `disas` (the
    /// machine code as text, to OUT or stdout).
    #[arg(long, value_name = "KIND", default_value = "artifact", value_parser = ["artifact", "obj", "disas"])]
    pub emit: String,
    /// What relaxed-SIMD operators compute: `native` (default: the CPU profile's own instructions,
    /// e.g. one fused multiply-add or `pshufb`; `tailor targets` lists the choices) or
    /// `deterministic` (the Wasm 3.0 deterministic profile: the same results on every CPU and tier; recorded in the artifact).
    #[arg(long, value_name = "MODE", default_value = "native", value_parser = crate::engine::parse_relaxed_mode)]
    pub relaxed_simd: tailor_runtime::RelaxedMode,
    /// The compiler's pass pipeline: `bce,hoist,inline` (exactly these, in order), `-inline,+verify`
    /// (edits of the default pipeline for the CPU profile), or `none`. `tailor passes` lists the
    /// passes and the default. The artifact records the pipeline (`tailor inspect` shows it).
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub passes: Option<String>,
    /// Largest function body to compile, in bytes of code (suffixes K, M; default 7654321, the
    /// validator's limit). A module with a larger function is refused naming it (exit 126).
    #[arg(long, value_name = "BYTES", value_parser = crate::engine::parse_size)]
    pub max_function_size: Option<u64>,
}

/// `tailor validate`.
#[derive(Debug, Args)]
pub struct ValidateOptions {
    /// The module: a binary `.wasm` or a text `.wat` file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print `ok` on success.
    #[arg(short, long)]
    pub verbose: bool,
}

/// `tailor inspect`.
#[derive(Debug, Args)]
pub struct InspectOptions {
    /// The module: a binary `.wasm` or a text `.wat` file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// `tailor wast`.
#[derive(Debug, Args)]
pub struct WastOptions {
    /// Engine options.
    #[command(flatten)]
    pub engine: EngineOptions,
    /// Print every failed directive (by default at most 10 per file).
    #[arg(short, long)]
    pub verbose: bool,
    /// Run the directives the skip list would skip too.
    #[arg(long)]
    pub no_skips: bool,
    /// The `.wast` scripts.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}
