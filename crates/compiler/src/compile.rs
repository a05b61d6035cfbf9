//! Compiling a whole module: every defined function plus one array-call trampoline per signature.

use crate::code_image::{CodeImage, Reloc, RelocKind, RelocTarget};
use crate::isa::{build_isa, OptLevel};
use crate::lower::hooks_for;
use crate::translate::{wasm_signature, FuncTranslator, ModuleEnv};
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
use std::sync::Mutex;
use tailor_cpu::CpuProfile;
use tailor_module::Module;
use tailor_vm::VMOffsets;

/// How to compile.
#[derive(Debug, Clone)]
pub struct CompileOptions {
    /// The target and CPU features.
    pub profile: CpuProfile,
    /// Optimisation level.
    pub opt: OptLevel,
    /// Worker threads (0 = one per available core).
    pub threads: usize,
    /// Keep Cranelift's disassembly of each function (for `--emit disas` and golden tests).
    pub disassemble: bool,
}

impl CompileOptions {
    /// Options for `profile` with defaults (`-O speed`, all cores).
    pub fn new(profile: CpuProfile) -> CompileOptions {
        CompileOptions {
            profile,
            opt: OptLevel::Speed,
            threads: 0,
            disassemble: false,
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
}

/// Every function of a module compiled, before they are laid out.
pub(crate) struct Parts {
    /// Per defined function.
    pub funcs: Vec<Compiled>,
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
}

/// Whether any type, local, global or operator of the module needs SIMD.
fn uses_simd(module: &Module) -> bool {
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
        // Decode the operators: a 0xfd byte inside an immediate is not a SIMD prefix.
        let bytes = &module.bytes[b.operators.clone()];
        let mut ops = wasmparser::OperatorsReader::new(wasmparser::BinaryReader::new(
            bytes,
            b.operators.start as u64,
        ));
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

/// Compiles `module` for `opts.profile`.
pub fn compile_module(
    module: &Module,
    opts: &CompileOptions,
) -> Result<CompiledModule, CompileError> {
    let isa = build_isa(&opts.profile, opts.opt)?;
    let parts = compile_parts(module, opts, &*isa)?;
    Ok(link(parts.funcs, parts.trampolines))
}

/// Compiles every defined function and one trampoline per signature with `isa`.
pub(crate) fn compile_parts(
    module: &Module,
    opts: &CompileOptions,
    isa: &dyn TargetIsa,
) -> Result<Parts, CompileError> {
    let hooks = hooks_for(&opts.profile);
    if uses_simd(module) {
        hooks
            .simd_support(&opts.profile)
            .map_err(|reason| CompileError::Unsupported {
                target: opts.profile.triple().to_string(),
                reason,
            })?;
    }
    let env = ModuleEnv {
        module,
        offsets: VMOffsets::new(module),
        isa,
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
            let r = compile_function(&env, func_index, &mut fctx, &mut ctx, opts.disassemble);
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
    let mut fctx = FunctionBuilderContext::new();
    let mut ctx = Context::new();
    let mut tramps = Vec::new();
    for ty in tys {
        tramps.push((ty, compile_trampoline(&env, ty, &mut fctx, &mut ctx)?));
    }
    Ok(Parts {
        funcs: compiled,
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
    }
    for (ty, t) in &tramps {
        let off = push(&mut image, t);
        image.trampolines.push((*ty, off));
    }
    CompiledModule { image, disassembly }
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
            )),
            Err(e) => Err(format!("{:?}", e.inner)),
        }
    }));
    let (code, relocs, disas) = match r {
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
    })
}

fn compile_function(
    env: &ModuleEnv,
    func_index: u32,
    fctx: &mut FunctionBuilderContext,
    ctx: &mut Context,
    disassemble: bool,
) -> Result<Compiled, CompileError> {
    ctx.clear();
    ctx.func.signature = wasm_signature(env.module.func_type(func_index));
    ctx.func.name = UserFuncName::user(0, func_index);
    let b = FunctionBuilder::new(&mut ctx.func, fctx);
    let translated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        FuncTranslator::translate(b, env, func_index)
    }));
    match translated {
        Ok(r) => r?,
        Err(_) => {
            return Err(CompileError::Translate {
                func: func_index,
                reason: "internal error: the translator panicked".into(),
                offset: env.module.bodies[(func_index - env.module.num_imported_funcs) as usize]
                    .operators
                    .start,
            })
        }
    }
    crate::passes::run(ctx, env.isa).map_err(|reason| CompileError::Codegen {
        func: func_index,
        reason,
    })?;
    finish(ctx, env.isa, func_index, disassemble)
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
    let cell_off = |i: usize, t: ir::Type| -> i32 {
        let adj = if env.big_endian() && !t.is_vector() {
            16 - t.bytes()
        } else {
            0
        };
        (i as u32 * 16 + adj) as i32
    };
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
