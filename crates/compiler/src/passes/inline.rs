//! `inline`: inlining small functions of the module into their callers, on the CLIF.
//!
//! Cranelift provides the mechanics ([`Context::inline`] with an [`Inline`] implementation); this
//! module decides what to inline and supplies the callees' CLIF:
//!
//! - only **direct calls** (`call`, `return_call`) to **defined** functions of the module are
//!   candidates: calls of imports, `call_indirect` and `call_ref` (which go through a function
//!   reference) never are;
//! - the callee must be **small**: at most [`MAX_BODY_BYTES`] bytes of code, [`MAX_LOCALS`]
//!   parameters and locals, and [`MAX_CALLEE_INSTS`] CLIF instructions once translated; within the
//!   function size limit (a function left to the interpreter is never inlined);
//! - never a function into itself, nor a function that calls itself directly; inlined bodies are
//!   visited again (a chain of small helpers is flattened), and a caller grows by a bounded number
//!   of CLIF instructions ([`GROWTH_FACTOR`]), which bounds mutual recursion and keeps compile cost
//!   linear in the module's size.
//!
//! Callees are translated once per module, on first use, and shared by the compile threads (a
//! `OnceLock` per function); together they stay under [`CACHE_INSTS`] CLIF instructions. A callee translated for inlining is an ordinary translation of its body
//! except that its memory-length loads are never marked read-only ([`super::hoist`]): the caller may
//! grow memory between two inlined copies.
//!
//! **Semantics.** The inlined body is the callee's own CLIF, so a trap in it records the callee's
//! function index and trap code exactly as a call would, and the caller checks the store's trap code
//! after the (former) call as before. The callee's entry stack check is left out of the inlined
//! copy: it runs in its caller's frame, whose own entry check already covered it (the frame, inlined
//! code included, stays under `max_frame_size`, and the runtime keeps that much stack beyond the
//! limit). Guest recursion still ends in `call stack exhausted` (a function never inlines itself,
//! and every real call still checks), but an inlined call uses no frame of its own, so the wasm
//! call depth at which it happens can be larger than without inlining: the limit is on native stack
//! bytes, never on a count of wasm calls (`Config::max_call_depth` is the interpreter's).

use super::{Pass, PassInfo, Stage};
use crate::compile::{translate_body, CompileOptions};
use crate::translate::ModuleEnv;
use cranelift_codegen::inline::{Inline, InlineCommand};
use cranelift_codegen::ir::{self, ExternalName};
use cranelift_codegen::Context;
use cranelift_frontend::FunctionBuilderContext;
use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The pass's registry entry.
pub const INFO: PassInfo = PassInfo {
    pass: Pass::Inline,
    name: "inline",
    description: "inline small functions of the module into their direct callers",
    stage: Stage::Clif,
};

/// The largest callee inlined, in bytes of code (its body without the local declarations).
pub const MAX_BODY_BYTES: usize = 96;

/// The most parameters and locals an inlined callee may have.
pub const MAX_LOCALS: usize = 32;

/// The most CLIF instructions an inlined callee may have.
pub const MAX_CALLEE_INSTS: usize = 400;

/// A caller may gain by inlining [`GROWTH_FACTOR`] times its own CLIF instructions, but at least
/// [`GROWTH_MIN`] and at most [`GROWTH_MAX`]: the compile cost of a module grows by a bounded
/// factor whatever its call graph (a chain of a million tiny functions each calling the next
/// included).
pub const GROWTH_FACTOR: usize = 4;

/// See [`GROWTH_FACTOR`].
pub const GROWTH_MIN: usize = 64;

/// See [`GROWTH_FACTOR`].
pub const GROWTH_MAX: usize = 1000;

/// The most CLIF instructions the callees kept for inlining may have together, per module (about
/// 100 bytes each): past it, no further callee is translated for inlining, so a module of a million
/// small functions calling each other costs bounded memory.
pub const CACHE_INSTS: usize = 1 << 20;

/// The callees of one module that may be inlined, translated on first use.
pub(crate) struct InlineCache<'a> {
    /// The module environment callees are translated in (lengths never read-only).
    env: ModuleEnv<'a>,
    opts: &'a CompileOptions,
    /// Per defined function: unset until asked for; then its CLIF, or `None` if it is not inlined
    /// (boxed: a module may have a million functions, few of them called directly).
    bodies: Vec<OnceLock<Option<Box<ir::Function>>>>,
    /// CLIF instructions of the callees kept so far (at most [`CACHE_INSTS`]).
    cached_insts: AtomicUsize,
    /// The target cannot compile SIMD: functions that need it are interpreted, never inlined.
    no_simd: bool,
}

impl<'a> InlineCache<'a> {
    /// A cache for the module of `env` (whose `inline_copy` must be set); with `no_simd`, functions
    /// that need SIMD are never inlined (the target leaves them to the interpreter).
    pub(crate) fn new(
        env: ModuleEnv<'a>,
        opts: &'a CompileOptions,
        no_simd: bool,
    ) -> InlineCache<'a> {
        debug_assert!(env.inline_copy);
        let n = env.module.bodies.len();
        InlineCache {
            env,
            opts,
            bodies: (0..n).map(|_| OnceLock::new()).collect(),
            cached_insts: AtomicUsize::new(0),
            no_simd,
        }
    }

    /// The CLIF of function `func` if it may be inlined.
    fn callee(&self, func: u32) -> Option<&ir::Function> {
        let module = self.env.module;
        let defined = func.checked_sub(module.num_imported_funcs)? as usize;
        self.bodies
            .get(defined)?
            .get_or_init(|| self.translate(func, defined))
            .as_deref()
    }

    /// Translates `func` if it is small enough to inline.
    fn translate(&self, func: u32, defined: usize) -> Option<Box<ir::Function>> {
        let module = self.env.module;
        let body = &module.bodies[defined];
        let size = body.operators.len();
        let params = module.func_type(func).params().len();
        let locals = body.locals.iter().fold(params as u64, |n, (count, _)| {
            n.saturating_add(u64::from(*count))
        });
        if size > MAX_BODY_BYTES || size > self.opts.max_function_size || locals > MAX_LOCALS as u64
        {
            return None;
        }
        if self.no_simd && crate::compile::func_uses_simd(module, func) {
            return None;
        }
        let mut fctx = FunctionBuilderContext::new();
        let mut ctx = Context::new();
        match translate_body(&self.env, self.opts, func, &mut fctx, &mut ctx) {
            Ok(Some(_)) => {}
            _ => return None,
        }
        let f = std::mem::replace(&mut ctx.func, ir::Function::new());
        let insts = f.dfg.num_insts();
        if insts > MAX_CALLEE_INSTS || calls(&f, func) {
            return None;
        }
        let before = self.cached_insts.fetch_add(insts, Ordering::Relaxed);
        if before.saturating_add(insts) > CACHE_INSTS {
            return None;
        }
        Some(Box::new(f))
    }
}

/// The wasm function `callee` names in `func`, if it is a module function.
fn wasm_callee(func: &ir::Function, callee: ir::FuncRef) -> Option<u32> {
    match func.dfg.ext_funcs[callee].name {
        ExternalName::User(r) => {
            let name = &func.params.user_named_funcs()[r];
            (name.namespace == 0).then_some(name.index)
        }
        _ => None,
    }
}

/// Whether `func` has a direct call of wasm function `target`.
fn calls(func: &ir::Function, target: u32) -> bool {
    func.dfg
        .ext_funcs
        .keys()
        .any(|r| wasm_callee(func, r) == Some(target))
}

/// The inlining decisions for one caller.
struct Inliner<'c, 'a> {
    cache: &'c InlineCache<'a>,
    /// The function being compiled.
    caller: u32,
    /// CLIF instructions the caller may still gain.
    budget: usize,
    /// Calls inlined so far.
    inlined: usize,
}

impl Inline for Inliner<'_, '_> {
    fn inline(
        &mut self,
        caller: &ir::Function,
        _call_inst: ir::Inst,
        _call_opcode: ir::Opcode,
        callee: ir::FuncRef,
        _call_args: &[ir::Value],
    ) -> InlineCommand<'_> {
        let Some(func) = wasm_callee(caller, callee) else {
            return InlineCommand::KeepCall;
        };
        if func == self.caller {
            return InlineCommand::KeepCall;
        }
        match self.cache.callee(func) {
            Some(body) if body.dfg.num_insts() <= self.budget => {
                self.budget -= body.dfg.num_insts();
                self.inlined += 1;
                InlineCommand::Inline {
                    callee: Cow::Borrowed(body),
                    visit_callee: true,
                }
            }
            _ => InlineCommand::KeepCall,
        }
    }
}

/// Inlines what [`InlineCache`] allows into `ctx.func` (function `func_index`); returns how many
/// calls were inlined.
pub(crate) fn run(
    ctx: &mut Context,
    cache: &InlineCache<'_>,
    func_index: u32,
) -> Result<usize, String> {
    let mut inliner = Inliner {
        cache,
        caller: func_index,
        budget: ctx
            .func
            .dfg
            .num_insts()
            .saturating_mul(GROWTH_FACTOR)
            .clamp(GROWTH_MIN, GROWTH_MAX),
        inlined: 0,
    };
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ctx.inline(&mut inliner)));
    match r {
        Ok(Ok(_)) => Ok(inliner.inlined),
        Ok(Err(e)) => Err(format!("inlining: {e}")),
        Err(_) => Err("inlining: Cranelift panicked".into()),
    }
}
