//! Compiling a whole module: every defined function plus one array-call trampoline per signature.

use crate::code_image::{CodeImage, Reloc, RelocKind, RelocTarget};
use crate::isa::{build_fast_isa, build_isa, OptLevel};
use crate::passes::inline::InlineCache;
use crate::passes::{Pass, Pipeline};
use crate::translate::{
    wasm_signature, Deferral, FuncStats, FuncTranslator, ModuleEnv, Translated,
};
use crate::CompileError;
use cranelift_codegen::binemit::Reloc as ClReloc;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{
    self, types, AbiParam, ExternalName, InstBuilder, LibCall, MemFlagsData, Signature,
    UserFuncName,
};
use cranelift_codegen::isa::TargetIsa;
use cranelift_codegen::{Context, FinalizedRelocTarget};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use tailor_cpu::{CpuProfile, RelaxedMode};
use tailor_module::Module;

/// How to compile.
#[derive(Debug, Clone)]
pub struct CompileOptions {
    /// The target and CPU features.
    pub profile: CpuProfile,
    /// Optimisation level.
    pub opt: OptLevel,
    /// What relaxed-SIMD operators compute: the CPU's own instructions for [`CompileOptions::profile`]
    /// (`native`, the default) or the deterministic profile ([`tailor_cpu::RelaxedSemantics`]).
    pub relaxed_simd: RelaxedMode,
    /// Worker threads (0 = one per available core).
    pub threads: usize,
    /// Keep Cranelift's disassembly of each function (for `--emit disas` and golden tests).
    pub disassemble: bool,
    /// Keep the CLIF of each function after the pass pipeline, before code generation (for the
    /// passes' golden tests).
    pub keep_clif: bool,
    /// The pass pipeline (default: the one the profile's lowering hooks choose,
    /// [`Pipeline::default_for`]).
    pub passes: Pipeline,
    /// The largest function body compiled, in bytes of code (the body without its local
    /// declarations). Default: the validator's own limit, 7,654,321 bytes (no further limit).
    pub max_function_size: usize,
    /// The largest stack frame a function may have, in bytes (default [`MAX_FRAME_SIZE`]). Its
    /// prologue writes to the bottom of its frame before the function compares the stack pointer
    /// with the store's limit, so a frame larger than the stack left beyond that limit would write
    /// past the thread's stack; a frame larger than the runtime's native stack budget could never
    /// run anyway. Hundreds of thousands of values live at once need such frames.
    pub max_frame_size: u32,
    /// What happens to a function over [`CompileOptions::max_function_size`], its IR budget or
    /// [`CompileOptions::max_frame_size`].
    pub oversized: Oversized,
    /// When checks are deferred (see `translate/mod.rs`): in a function whose `checks × (deepest
    /// operand stack + locals)` exceeds this many per byte of its code (plus [`DEFER_SLACK`]).
    /// Deferred checks keep straight-line code in one block, so compile cost stays linear, but the
    /// code is slower (a `cmov` per access); ordinary functions branch at each check. `0` always
    /// defers. Default [`DEFER_CHECKS_PER_BYTE`].
    pub defer_checks_per_byte: u64,
    /// The IR budget of a function: Cranelift values, instructions and branch arguments per byte of
    /// its code (plus [`IR_SLACK`]); translation stops with [`CompileError::TranslationTooLarge`]
    /// past it. Compile time and memory are linear in the IR, so this makes them linear in the
    /// function's size whatever its code does. Default [`IR_PER_BYTE`].
    pub ir_per_byte: usize,
    /// Budget of the backtracking register allocator: a function whose `(max operand stack +
    /// locals) × CLIF instructions` or `CLIF blocks × deepest control nesting` is above it is
    /// compiled with Cranelift's single-pass allocator instead, whose time is linear in the
    /// function's size (the backtracking allocator's grows with the square of it when thousands of
    /// values are live at once, or blocks are nested thousands deep).
    /// Default [`DEFAULT_FAST_REGALLOC_ABOVE`]; `u64::MAX` never switches, `0` always does.
    pub fast_regalloc_above: u64,
}

/// The default of [`CompileOptions::max_function_size`]: the validator's own limit on a function
/// body (that of the JS embedding), so no further limit.
pub const MAX_FUNCTION_SIZE: usize = 7_654_321;

/// The default of [`CompileOptions::max_frame_size`]: 1 MiB, the runtime's default native stack
/// budget (`Config::max_native_stack`).
pub const MAX_FRAME_SIZE: u32 = 1 << 20;

/// The default of [`CompileOptions::defer_checks_per_byte`]. The functions of graphviz, QuickJS,
/// boolector and resvg reach 9 per byte at most; `scripts/gen-big-func.py loads N` passes it from
/// about 700 accesses.
pub const DEFER_CHECKS_PER_BYTE: u64 = 64;

/// Checks × live values any function may have before its checks are deferred.
pub const DEFER_SLACK: u64 = 1 << 16;

/// The default of [`CompileOptions::ir_per_byte`]. Real code needs at most 3.5 per byte (every
/// function of 1,000 bytes or more of graphviz, QuickJS, boolector and resvg), the generated
/// functions of `scripts/gen-big-func.py` about 7; branches that each carry hundreds of values need
/// far more (a million `br_if`s carrying 1,000 values: 250 per byte).
pub const IR_PER_BYTE: usize = 16;

/// IR any function may have whatever its size (the fixed cost of a function is about 30 values and
/// instructions).
pub const IR_SLACK: usize = 1 << 16;

/// The default of [`CompileOptions::fast_regalloc_above`]: about 0.3 s of backtracking register
/// allocation in the worst case measured (a function of 1,500 values live at once). The largest
/// functions of real programs stay far below it (graphviz, QuickJS, boolector, resvg: at most 4.3
/// million, 130 values × 32,600 instructions), so they keep the better allocator.
pub const DEFAULT_FAST_REGALLOC_ABOVE: u64 = 1 << 25;

/// What the compiler does with a function over [`CompileOptions::max_function_size`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Oversized {
    /// Fail with [`CompileError::FunctionTooLarge`] (the default).
    #[default]
    Refuse,
    /// Leave it to the interpreter: its code is a stand-in that calls the function through the
    /// runtime, and [`CompiledModule::interpreted`] lists it (as are, whatever this option, the
    /// functions that need SIMD on a target that cannot compile it).
    Interpret,
}

impl CompileOptions {
    /// Options for `profile` with defaults (`-O speed`, all cores).
    pub fn new(profile: CpuProfile) -> CompileOptions {
        CompileOptions {
            passes: Pipeline::default_for(&profile),
            profile,
            opt: OptLevel::Speed,
            relaxed_simd: RelaxedMode::Native,
            threads: 0,
            disassemble: false,
            keep_clif: false,
            max_function_size: MAX_FUNCTION_SIZE,
            max_frame_size: MAX_FRAME_SIZE,
            oversized: Oversized::Refuse,
            ir_per_byte: IR_PER_BYTE,
            defer_checks_per_byte: DEFER_CHECKS_PER_BYTE,
            fast_regalloc_above: DEFAULT_FAST_REGALLOC_ABOVE,
        }
    }
}

/// One compiled function before linking.
pub(crate) struct Compiled {
    /// Machine code.
    pub code: Vec<u8>,
    /// Relocations: offset in `code`, Cranelift kind, target, addend.
    pub relocs: Vec<(u32, ClReloc, RelocTarget, i64)>,
    /// Cranelift's disassembly, when asked for.
    pub disas: Option<String>,
    /// The CLIF after the pass pipeline, when asked for.
    pub clif: Option<String>,
    /// Bytes of stack the function's frame takes below its frame pointer.
    pub frame_size: u32,
    /// Whether the single-pass register allocator was used.
    pub single_pass: bool,
    /// Whether this is a stand-in for a function left to the interpreter.
    pub interpreted: bool,
}

/// Every function of a module compiled, before they are laid out.
pub(crate) struct Parts {
    /// Per defined function.
    pub funcs: Vec<Compiled>,
    /// Defined functions left to the interpreter (function indices, ascending).
    pub interpreted: Vec<u32>,
    /// Per signature of a defined function: (type index, trampoline).
    pub trampolines: Vec<(u32, Compiled)>,
}

/// The result of compiling a module.
#[derive(Debug)]
pub struct CompiledModule {
    /// The code.
    pub image: CodeImage,
    /// Cranelift's disassembly per defined function (when asked for).
    pub disassembly: Vec<String>,
    /// The CLIF per defined function after the pass pipeline (with
    /// [`CompileOptions::keep_clif`]).
    pub clif: Vec<String>,
    /// Functions left to the interpreter (function indices, ascending): those over
    /// [`CompileOptions::max_function_size`] with [`Oversized::Interpret`], and those that need SIMD
    /// on a target that cannot compile it (riscv64 without V). The runtime must give them no native
    /// code, so that calls reach the interpreter.
    pub interpreted: Vec<u32>,
    /// Functions compiled with the single-pass register allocator (function indices, ascending; see
    /// [`CompileOptions::fast_regalloc_above`]).
    pub single_pass: Vec<u32>,
}

/// Whether `module` uses SIMD: a `v128` in a function's signature, a local or a global, or an
/// operator of the `0xfd` prefix (found by decoding every operator, not by scanning bytes, so a
/// `0xfd` byte inside an immediate does not count).
///
/// The compiler asks this before compiling for a target whose SIMD support depends on the CPU
/// (riscv64 without `v` refuses such modules).
pub fn uses_simd(module: &Module) -> bool {
    let vt = |t: &wasmparser::ValType| *t == wasmparser::ValType::V128;
    if module.globals.iter().any(|g| vt(&g.content_type))
        || module.funcs.iter().any(|ty| {
            let f = module.type_at(*ty);
            f.params().iter().any(vt) || f.results().iter().any(vt)
        })
    {
        return true;
    }
    module.bodies.iter().any(|b| {
        if b.locals.iter().any(|(_, t)| vt(t)) {
            return true;
        }
        let mut ops = module.operators(b);
        while !ops.eof() {
            match ops.read_with_offset() {
                Ok((_, off)) => {
                    if module.bytes.get(off as usize).copied() == Some(0xfd) {
                        return true;
                    }
                }
                Err(_) => return false,
            }
        }
        false
    })
}

/// Whether `module` uses a relaxed-SIMD operator (whose result depends on the relaxed-SIMD mode the
/// code was compiled in). A body that does not decode counts as using one.
pub fn uses_relaxed_simd(module: &Module) -> bool {
    use wasmparser::Operator::*;
    module.bodies.iter().any(|b| {
        let mut ops = module.operators(b);
        while !ops.eof() {
            match ops.read() {
                Ok(
                    I8x16RelaxedSwizzle
                    | I32x4RelaxedTruncF32x4S
                    | I32x4RelaxedTruncF32x4U
                    | I32x4RelaxedTruncF64x2SZero
                    | I32x4RelaxedTruncF64x2UZero
                    | F32x4RelaxedMadd
                    | F32x4RelaxedNmadd
                    | F64x2RelaxedMadd
                    | F64x2RelaxedNmadd
                    | I8x16RelaxedLaneselect
                    | I16x8RelaxedLaneselect
                    | I32x4RelaxedLaneselect
                    | I64x2RelaxedLaneselect
                    | F32x4RelaxedMin
                    | F32x4RelaxedMax
                    | F64x2RelaxedMin
                    | F64x2RelaxedMax
                    | I16x8RelaxedQ15mulrS
                    | I16x8RelaxedDotI8x16I7x16S
                    | I32x4RelaxedDotI8x16I7x16AddS,
                ) => return true,
                Ok(_) => {}
                Err(_) => return true,
            }
        }
        false
    })
}

/// Whether defined function `func_index` needs the target to compile SIMD: a `v128` in its
/// signature or locals, an operator of the `0xfd` prefix, or an operator whose operands or results
/// include a `v128` by its immediate (a call of such a function or type, a `v128` global, a block
/// type or typed `select` with a `v128`). A body that does not decode counts as needing SIMD.
pub(crate) fn func_uses_simd(module: &Module, func_index: u32) -> bool {
    use wasmparser::{BlockType, Operator, ValType};
    let vt = |t: &ValType| *t == ValType::V128;
    let ty_has = |ty: u32| {
        let f = module.type_at(ty);
        f.params().iter().any(vt) || f.results().iter().any(vt)
    };
    let block_has = |b: &BlockType| match b {
        BlockType::Empty => false,
        BlockType::Type(t) => vt(t),
        BlockType::FuncType(ty) => ty_has(*ty),
    };
    if ty_has(module.funcs[func_index as usize]) {
        return true;
    }
    let body = &module.bodies[(func_index - module.num_imported_funcs) as usize];
    if body.locals.iter().any(|(_, t)| vt(t)) {
        return true;
    }
    let mut ops = module.operators(body);
    while !ops.eof() {
        let Ok((op, off)) = ops.read_with_offset() else {
            return true;
        };
        if module.bytes.get(off as usize).copied() == Some(0xfd) {
            return true;
        }
        let uses = match op {
            Operator::Call { function_index } | Operator::ReturnCall { function_index } => module
                .funcs
                .get(function_index as usize)
                .is_some_and(|ty| ty_has(*ty)),
            Operator::CallIndirect { type_index, .. }
            | Operator::ReturnCallIndirect { type_index, .. }
            | Operator::CallRef { type_index }
            | Operator::ReturnCallRef { type_index } => ty_has(type_index),
            Operator::GlobalGet { global_index } | Operator::GlobalSet { global_index } => module
                .globals
                .get(global_index as usize)
                .is_some_and(|g| vt(&g.content_type)),
            Operator::Block { blockty } | Operator::Loop { blockty } | Operator::If { blockty } => {
                block_has(&blockty)
            }
            Operator::TryTable { try_table } => block_has(&try_table.ty),
            Operator::TypedSelect { ty } => vt(&ty),
            Operator::TypedSelectMulti { tys } => tys.iter().any(vt),
            _ => false,
        };
        if uses {
            return true;
        }
    }
    false
}

/// Compiles `module` for `opts.profile`.
pub fn compile_module(
    module: &Module,
    opts: &CompileOptions,
) -> Result<CompiledModule, CompileError> {
    let isa = build_isa(&opts.profile, opts.opt)?;
    let parts = compile_parts(module, opts, &*isa, true)?;
    let first = module.num_imported_funcs;
    let single_pass = (first..)
        .zip(&parts.funcs)
        .filter(|(_, f)| f.single_pass)
        .map(|(i, _)| i)
        .collect();
    let mut compiled = link(parts.funcs, parts.trampolines);
    compiled.interpreted = parts.interpreted;
    compiled.single_pass = single_pass;
    Ok(compiled)
}

/// Compiles every defined function and one trampoline per signature with `isa`.
///
/// When the module uses SIMD and the target cannot compile it ([`LoweringHooks::simd_support`]):
/// with `simd_fallback`, the functions that need SIMD are left to the interpreter (listed in
/// [`Parts::interpreted`]) and the others compiled; without it, the module is refused.
///
/// [`LoweringHooks::simd_support`]: crate::lower::LoweringHooks::simd_support
pub(crate) fn compile_parts(
    module: &Module,
    opts: &CompileOptions,
    isa: &dyn TargetIsa,
    simd_fallback: bool,
) -> Result<Parts, CompileError> {
    let env = ModuleEnv::new(module, isa, opts);
    let mut no_simd = false;
    if uses_simd(module) {
        if let Err(reason) = env.hooks.simd_support(&opts.profile) {
            if !simd_fallback {
                return Err(CompileError::Unsupported {
                    target: opts.profile.triple().to_string(),
                    reason,
                });
            }
            no_simd = true;
        }
    }
    let inliner = opts.passes.contains(Pass::Inline).then(|| {
        let mut copy_env = ModuleEnv::new(module, isa, opts);
        copy_env.inline_copy = true;
        InlineCache::new(copy_env, opts, no_simd)
    });
    // Built when a function first needs it.
    let fast_isa = OnceLock::new();
    let isas = Isas {
        normal: isa,
        fast: &fast_isa,
        opts,
        no_simd,
        inliner: inliner.as_ref(),
    };
    let n = module.bodies.len();
    let results: Vec<Mutex<Option<Result<Compiled, CompileError>>>> =
        (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.threads
    }
    .min(n.max(1));
    let work = || {
        let mut fctx = FunctionBuilderContext::new();
        let mut ctx = Context::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                break;
            }
            let func_index = module.num_imported_funcs + i as u32;
            let r = compile_function(&env, &isas, func_index, &mut fctx, &mut ctx);
            *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
        }
    };
    if threads <= 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(work);
            }
        });
    }
    let mut compiled = Vec::with_capacity(n);
    for r in results {
        let r = r.into_inner().unwrap_or_else(|e| e.into_inner());
        compiled.push(r.unwrap_or_else(|| {
            Err(CompileError::Codegen {
                func: u32::MAX,
                reason: "internal error: function not compiled".into(),
            })
        })?);
    }
    // Trampolines for every signature of a defined function.
    let mut tys: Vec<u32> = module.funcs[module.num_imported_funcs as usize..].to_vec();
    tys.sort_unstable();
    tys.dedup();
    if no_simd {
        // Only interpreted functions have these types: nothing enters them as machine code.
        let vt = |t: &wasmparser::ValType| *t == wasmparser::ValType::V128;
        tys.retain(|ty| {
            let f = module.type_at(*ty);
            !(f.params().iter().any(vt) || f.results().iter().any(vt))
        });
    }
    let mut fctx = FunctionBuilderContext::new();
    let mut ctx = Context::new();
    let mut tramps = Vec::new();
    for ty in tys {
        tramps.push((ty, compile_trampoline(&env, ty, &mut fctx, &mut ctx)?));
    }
    let interpreted = (module.num_imported_funcs..)
        .zip(&compiled)
        .filter(|(_, f)| f.interpreted)
        .map(|(i, _)| i)
        .collect();
    Ok(Parts {
        funcs: compiled,
        interpreted,
        trampolines: tramps,
    })
}

fn align16(code: &mut Vec<u8>) {
    while !code.len().is_multiple_of(16) {
        code.push(0);
    }
}

/// Lays the functions and trampolines out in one image.
fn link(funcs: Vec<Compiled>, tramps: Vec<(u32, Compiled)>) -> CompiledModule {
    let mut image = CodeImage::default();
    let mut disassembly = Vec::new();
    let mut clif = Vec::new();
    let push = |image: &mut CodeImage, c: &Compiled| -> u32 {
        align16(&mut image.code);
        let off = image.code.len() as u32;
        image.code.extend_from_slice(&c.code);
        for (at, kind, target, addend) in &c.relocs {
            let target = match target {
                RelocTarget::Image(o) => RelocTarget::Image(off + o),
                t => t.clone(),
            };
            image.relocs.push(Reloc {
                offset: off + at,
                kind: reloc_kind(*kind),
                target,
                addend: *addend,
            });
        }
        off
    };
    for f in &funcs {
        let off = push(&mut image, f);
        image.funcs.push((off, f.code.len() as u32));
        disassembly.push(f.disas.clone().unwrap_or_default());
        clif.push(f.clif.clone().unwrap_or_default());
    }
    for (ty, t) in &tramps {
        let off = push(&mut image, t);
        image.trampolines.push((*ty, off));
    }
    CompiledModule {
        image,
        disassembly,
        clif,
        interpreted: Vec::new(),
        single_pass: Vec::new(),
    }
}

fn reloc_kind(k: ClReloc) -> RelocKind {
    match k {
        ClReloc::Abs8 => RelocKind::Abs8,
        ClReloc::X86PCRel4 | ClReloc::X86CallPCRel4 | ClReloc::X86CallPLTRel4 => {
            RelocKind::X86PcRel4
        }
        ClReloc::Arm64Call => RelocKind::Arm64Call,
        other => RelocKind::Other(other as u8),
    }
}

/// The helper name tailor's runtime resolves for a Cranelift libcall.
fn helper_name(lc: LibCall) -> String {
    match lc {
        LibCall::CeilF32 => "ceil_f32",
        LibCall::CeilF64 => "ceil_f64",
        LibCall::FloorF32 => "floor_f32",
        LibCall::FloorF64 => "floor_f64",
        LibCall::TruncF32 => "trunc_f32",
        LibCall::TruncF64 => "trunc_f64",
        LibCall::NearestF32 => "nearest_f32",
        LibCall::NearestF64 => "nearest_f64",
        LibCall::FmaF32 => "fma_f32",
        LibCall::FmaF64 => "fma_f64",
        LibCall::X86Pshufb => "x86_pshufb",
        other => return format!("unsupported:{other}"),
    }
    .to_string()
}

/// Runs Cranelift on a built function, catching panics, and collects code and relocations.
fn finish(
    ctx: &mut Context,
    isa: &dyn TargetIsa,
    func: u32,
    disassemble: bool,
) -> Result<Compiled, CompileError> {
    ctx.set_disasm(disassemble);
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut cp = ControlPlane::default();
        match ctx.compile(isa, &mut cp) {
            Ok(c) => Ok((
                c.code_buffer().to_vec(),
                c.buffer.relocs().to_vec(),
                c.vcode.clone(),
                c.buffer.frame_layout().map_or(0, |l| l.frame_to_fp_offset),
            )),
            Err(e) => Err(format!("{:?}", e.inner)),
        }
    }));
    let (code, relocs, disas, frame_size) = match r {
        Ok(Ok(x)) => x,
        Ok(Err(reason)) => return Err(CompileError::Codegen { func, reason }),
        Err(p) => {
            let reason = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "backend panicked".into());
            return Err(CompileError::Codegen {
                func,
                reason: format!("Cranelift panicked: {reason}"),
            });
        }
    };
    let mut out = Vec::new();
    for r in relocs {
        let target = match &r.target {
            FinalizedRelocTarget::ExternalName(ExternalName::User(name)) => {
                let n = &ctx.func.params.user_named_funcs()[*name];
                RelocTarget::Func(n.index)
            }
            FinalizedRelocTarget::ExternalName(ExternalName::LibCall(lc)) => {
                RelocTarget::Helper(helper_name(*lc))
            }
            FinalizedRelocTarget::ExternalName(other) => {
                return Err(CompileError::Codegen {
                    func,
                    reason: format!("unexpected relocation target {other:?}"),
                })
            }
            FinalizedRelocTarget::Func(off) => RelocTarget::Image(*off),
        };
        out.push((r.offset, r.kind, target, r.addend));
    }
    Ok(Compiled {
        code,
        relocs: out,
        disas,
        clif: None,
        frame_size,
        single_pass: false,
        interpreted: false,
    })
}

/// The ISAs functions are compiled with.
struct Isas<'a> {
    /// The backtracking register allocator.
    normal: &'a dyn TargetIsa,
    /// The single-pass register allocator, built on first use.
    fast: &'a OnceLock<Result<cranelift_codegen::isa::OwnedTargetIsa, String>>,
    opts: &'a CompileOptions,
    /// The module uses SIMD and the target cannot compile it: functions that need SIMD are left to
    /// the interpreter.
    no_simd: bool,
    /// The callees that may be inlined (when the pipeline has `inline`).
    inliner: Option<&'a InlineCache<'a>>,
}

impl Isas<'_> {
    /// The single-pass ISA.
    fn fast(&self, func: u32) -> Result<&dyn TargetIsa, CompileError> {
        match self.fast.get_or_init(|| {
            build_fast_isa(&self.opts.profile, self.opts.opt).map_err(|e| e.to_string())
        }) {
            Ok(isa) => Ok(&**isa),
            Err(reason) => Err(CompileError::Codegen {
                func,
                reason: reason.clone(),
            }),
        }
    }
}

fn compile_function(
    env: &ModuleEnv,
    isas: &Isas,
    func_index: u32,
    fctx: &mut FunctionBuilderContext,
    ctx: &mut Context,
) -> Result<Compiled, CompileError> {
    if !isas.no_simd {
        return compile_function_body(env, isas, func_index, fctx, ctx);
    }
    if !func_uses_simd(env.module, func_index) {
        match compile_function_body(env, isas, func_index, fctx, ctx) {
            // A SIMD value the scan above does not see (a `v128` through a GC field or an
            // exception tag) makes the backend fail: the interpreter runs that function too.
            Err(CompileError::Codegen { .. } | CompileError::Translate { .. }) => {
                *fctx = FunctionBuilderContext::new();
            }
            r => return r,
        }
    }
    simd_stand_in(env, isas, func_index, fctx, ctx)
}

/// A function that needs SIMD on a target that cannot compile it, left to the interpreter: the
/// ordinary stand-in when its signature has no `v128` (compiled callers reach the interpreter
/// through it), else an empty placeholder that nothing calls (every caller of such a function
/// needs SIMD too, so is interpreted; the runtime gives it no native code).
fn simd_stand_in(
    env: &ModuleEnv,
    isas: &Isas,
    func_index: u32,
    fctx: &mut FunctionBuilderContext,
    ctx: &mut Context,
) -> Result<Compiled, CompileError> {
    let vt = |t: &wasmparser::ValType| *t == wasmparser::ValType::V128;
    let ty = env.module.func_type(func_index);
    if ty.params().iter().any(vt) || ty.results().iter().any(vt) {
        ctx.clear();
        let mut sig = Signature::new(cranelift_codegen::isa::CallConv::Tail);
        sig.params.push(AbiParam::new(types::I64));
        ctx.func.signature = sig;
        ctx.func.name = UserFuncName::user(0, func_index);
        let mut b = FunctionBuilder::new(&mut ctx.func, fctx);
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        b.ins().return_(&[]);
        b.seal_all_blocks();
        b.finalize(env.isa.frontend_config());
    } else {
        translate(env, func_index, fctx, ctx, None)?;
    }
    let mut compiled = finish(ctx, isas.normal, func_index, isas.opts.disassemble)?;
    compiled.interpreted = true;
    Ok(compiled)
}

/// Compiles function `func_index` from its body (or a stand-in when it is over a limit).
fn compile_function_body(
    env: &ModuleEnv,
    isas: &Isas,
    func_index: u32,
    fctx: &mut FunctionBuilderContext,
    ctx: &mut Context,
) -> Result<Compiled, CompileError> {
    let opts = isas.opts;
    let body = &env.module.bodies[(func_index - env.module.num_imported_funcs) as usize];
    let size = body.operators.len();
    let oversized = size > opts.max_function_size;
    if oversized && opts.oversized == Oversized::Refuse {
        return Err(CompileError::FunctionTooLarge {
            func: func_index,
            name: env.module.display_func_name(func_index),
            size,
            limit: opts.max_function_size,
        });
    }
    let stats = if oversized {
        None
    } else {
        translate_body(env, opts, func_index, fctx, ctx)?
    };
    if stats.is_none() {
        // Over a limit: a stand-in that calls the interpreter.
        translate(env, func_index, fctx, ctx, None)?;
    }
    // A stand-in for the interpreter gets no passes but the verifier of debug builds.
    let none = Pipeline::none();
    let pipeline = if stats.is_some() { &opts.passes } else { &none };
    crate::passes::run(ctx, env.isa, pipeline, isas.inliner, func_index).map_err(|reason| {
        CompileError::Codegen {
            func: func_index,
            reason,
        }
    })?;
    let clif = opts.keep_clif.then(|| ctx.func.display().to_string());
    // Register pressure times size, and blocks times nesting: what the backtracking allocator's
    // time grows with.
    let dfg = &ctx.func.dfg;
    let cost = stats.map_or(0, |s| {
        let pressure = ((s.max_stack + s.locals) as u64).saturating_mul(dfg.num_insts() as u64);
        let nesting = (s.max_depth as u64).saturating_mul(dfg.num_blocks() as u64);
        pressure.max(nesting)
    });
    let single_pass = cost > opts.fast_regalloc_above;
    let isa = if single_pass {
        isas.fast(func_index)?
    } else {
        isas.normal
    };
    let mut compiled = finish(ctx, isa, func_index, opts.disassemble)?;
    compiled.clif = clif;
    compiled.single_pass = single_pass;
    compiled.interpreted = stats.is_none();
    if compiled.frame_size > opts.max_frame_size {
        if opts.oversized == Oversized::Refuse || compiled.interpreted {
            return Err(CompileError::FrameTooLarge {
                func: func_index,
                name: env.module.display_func_name(func_index),
                frame: compiled.frame_size,
                limit: opts.max_frame_size,
            });
        }
        translate(env, func_index, fctx, ctx, None)?;
        compiled = finish(ctx, isas.normal, func_index, opts.disassemble)?;
        compiled.interpreted = true;
    }
    Ok(compiled)
}

/// Translates the body of defined function `func_index` into `ctx.func` within its IR budget,
/// deferring checks when it needs it: `Ok(Some(stats))`, or `Ok(None)` when the body is over the
/// IR budget and `opts.oversized` leaves it to the interpreter (`ctx.func` is then garbage).
pub(crate) fn translate_body(
    env: &ModuleEnv,
    opts: &CompileOptions,
    func_index: u32,
    fctx: &mut FunctionBuilderContext,
    ctx: &mut Context,
) -> Result<Option<FuncStats>, CompileError> {
    let body = &env.module.bodies[(func_index - env.module.num_imported_funcs) as usize];
    let size = body.operators.len();
    let budget = size
        .saturating_mul(opts.ir_per_byte)
        .saturating_add(IR_SLACK);
    // Each check branches at once (the fastest code), unless checks times the values that may
    // be live across them gets large for the function's size: then register allocation would
    // work on each of those values in each of those blocks, and the checks are deferred.
    let limit = opts
        .defer_checks_per_byte
        .saturating_mul(size as u64)
        .saturating_add(DEFER_SLACK);
    let mut deferral = if opts.defer_checks_per_byte == 0 {
        Deferral::Always
    } else {
        Deferral::Above(limit)
    };
    loop {
        match translate(env, func_index, fctx, ctx, Some((budget, deferral))) {
            Ok(Translated::Defer) => deferral = Deferral::Always,
            Ok(Translated::Done(s)) => return Ok(Some(s)),
            Ok(Translated::Interpreted) => return Ok(None),
            Err(CompileError::TranslationTooLarge { .. })
                if opts.oversized == Oversized::Interpret =>
            {
                return Ok(None)
            }
            Err(e) => return Err(e),
        }
    }
}

/// Translates function `func_index` into `ctx.func`: its body within an IR budget, deferring
/// checks or not, or with `None` a stand-in that calls it in the interpreter.
fn translate(
    env: &ModuleEnv,
    func_index: u32,
    fctx: &mut FunctionBuilderContext,
    ctx: &mut Context,
    body: Option<(usize, Deferral)>,
) -> Result<Translated, CompileError> {
    ctx.clear();
    ctx.func.signature = wasm_signature(env.module.func_type(func_index));
    ctx.func.name = UserFuncName::user(0, func_index);
    let b = FunctionBuilder::new(&mut ctx.func, fctx);
    let translated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match body {
        Some((budget, deferral)) => FuncTranslator::translate(b, env, func_index, budget, deferral),
        None => FuncTranslator::translate_interpreted(b, env, func_index)
            .map(|()| Translated::Interpreted),
    }));
    let r = match translated {
        Ok(r) => r,
        Err(_) => Err(CompileError::Translate {
            func: func_index,
            reason: "internal error: the translator panicked".into(),
            offset: env.module.bodies[(func_index - env.module.num_imported_funcs) as usize]
                .operators
                .start,
        }),
    };
    if matches!(r, Err(_) | Ok(Translated::Defer)) {
        // A translation that stopped half-way leaves the builder context dirty.
        *fctx = FunctionBuilderContext::new();
    }
    r
}

/// An array-call trampoline for type `ty`: `extern "C" fn(vmctx, code, values)`.
pub(crate) fn compile_trampoline(
    env: &ModuleEnv,
    ty: u32,
    fctx: &mut FunctionBuilderContext,
    ctx: &mut Context,
) -> Result<Compiled, CompileError> {
    array_call(env, ty, None, fctx, ctx)
}

/// A C-ABI wrapper for function `func`: `extern "C" fn(vmctx, values)` (for object files).
pub(crate) fn compile_export_wrapper(
    env: &ModuleEnv,
    func: u32,
    fctx: &mut FunctionBuilderContext,
    ctx: &mut Context,
) -> Result<Compiled, CompileError> {
    array_call(env, env.module.funcs[func as usize], Some(func), fctx, ctx)
}

/// An array-call function for type `ty`: calls `direct` (a function index) or, when `None`, the
/// code address passed as second parameter.
fn array_call(
    env: &ModuleEnv,
    ty: u32,
    direct: Option<u32>,
    fctx: &mut FunctionBuilderContext,
    ctx: &mut Context,
) -> Result<Compiled, CompileError> {
    ctx.clear();
    let ft = env.module.type_at(ty).clone();
    let mut sig = Signature::new(env.isa.default_call_conv());
    let nparams = if direct.is_some() { 2 } else { 3 };
    for _ in 0..nparams {
        sig.params.push(AbiParam::new(types::I64));
    }
    ctx.func.signature = sig;
    ctx.func.name = UserFuncName::user(1, ty);
    let mut b = FunctionBuilder::new(&mut ctx.func, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let p = b.block_params(entry).to_vec();
    let (vmctx, values) = (p[0], p[nparams - 1]);
    let flags = MemFlagsData::trusted();
    let cell_off = |i: usize, t: ir::Type| -> i32 { env.cell_offset(i as u32, t) };
    let mut args = vec![vmctx];
    for (i, t) in ft.params().iter().enumerate() {
        let t = crate::translate::ir_type(*t);
        args.push(b.ins().load(t, flags, values, cell_off(i, t)));
    }
    let wsig = b.import_signature(wasm_signature(&ft));
    let call = match direct {
        None => b.ins().call_indirect(wsig, p[1], &args),
        Some(f) if f >= env.module.num_imported_funcs => {
            let name = b
                .func
                .declare_imported_user_function(ir::UserExternalName::new(0, f));
            let callee = b.import_function(ir::ExtFuncData {
                name: ExternalName::user(name),
                signature: wsig,
                colocated: true,
                patchable: false,
            });
            b.ins().call(callee, &args)
        }
        Some(f) => {
            // An exported import: call its `VMFunc`'s native code with its context.
            let fl = MemFlagsData::trusted();
            let vf = b
                .ins()
                .load(types::I64, fl, vmctx, env.offsets.func(f) as i32);
            let code = b.ins().load(types::I64, fl, vf, 0);
            args[0] = b.ins().load(types::I64, fl, vf, 8);
            b.ins().call_indirect(wsig, code, &args)
        }
    };
    let results = b.inst_results(call).to_vec();
    for (i, v) in results.iter().enumerate() {
        let t = b.func.dfg.value_type(*v);
        b.ins().store(flags, *v, values, cell_off(i, t));
    }
    b.ins().return_(&[]);
    b.seal_all_blocks();
    b.finalize(env.isa.frontend_config());
    finish(ctx, env.isa, direct.unwrap_or(u32::MAX), false)
}
