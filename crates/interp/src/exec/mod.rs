//! The executor: runs translated code on a value stack of 64-bit slots.
//!
//! Frames overlap: a callee's frame starts at the caller's argument slots, so arguments are never
//! copied and results land where the caller expects them. Calls between wasm functions do not recurse
//! on the native stack; depth and slot limits turn runaway recursion into "call stack exhausted".

pub(crate) mod bulk;
#[cfg_attr(tailor_tail_dispatch, path = "dispatch_tail.rs")]
#[cfg_attr(not(tailor_tail_dispatch), path = "dispatch_loop.rs")]
pub(crate) mod dispatch;
pub(crate) mod handlers;
mod simd_mem;
pub(crate) mod slots;
pub(crate) mod state;

pub use dispatch::BACKEND as DISPATCH_BACKEND;

use crate::code::{FuncCode, ModuleCode};
use tailor_vm::{
    cells_to_slots, slots_to_cells, HostCtx, Trap, TrapCode, VMFunc, VMFuncKind, VMInstance, ValRaw,
};

/// Limits of one execution stack.
#[derive(Debug, Clone, Copy)]
pub struct StackLimits {
    /// Slots of the value stack (8 bytes each).
    pub max_slots: usize,
    /// Nested wasm calls.
    pub max_depth: usize,
}

impl Default for StackLimits {
    fn default() -> StackLimits {
        StackLimits {
            max_slots: 1 << 20,
            max_depth: 100_000,
        }
    }
}

/// A return address: where the caller continues.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub code: *const FuncCode,
    pub pc: *const crate::ops::Op,
    pub fp: *mut u64,
    pub inst: *mut VMInstance,
}

/// An execution stack: value slots and return addresses.
#[derive(Debug)]
pub struct Stack {
    pub(crate) slots: Vec<u64>,
    pub(crate) frames: Vec<Frame>,
    pub(crate) limits: StackLimits,
    pub(crate) host_args: Vec<ValRaw>,
    pub(crate) host_results: Vec<ValRaw>,
    pub(crate) handlers: crate::HandlerSet,
}

impl Stack {
    /// A stack with the given limits (the slots are reserved now, touched lazily by the OS).
    pub fn new(limits: StackLimits) -> Stack {
        Stack {
            slots: vec![0; limits.max_slots.max(16)],
            frames: Vec::new(),
            limits,
            host_args: Vec::new(),
            host_results: Vec::new(),
            handlers: crate::HandlerSet::portable(),
        }
    }

    /// Executes with `handlers` (see [`crate::HandlerSet::for_profile`]).
    pub fn set_handlers(&mut self, handlers: crate::HandlerSet) {
        self.handlers = handlers;
    }

    /// The handler set this stack executes with.
    pub fn handlers(&self) -> crate::HandlerSet {
        self.handlers
    }

    /// The limits of this stack.
    pub fn limits(&self) -> StackLimits {
        self.limits
    }
}

/// The interpreter code of an instance.
///
/// # Safety
/// `inst` must be a live instance whose `code` points to a live [`ModuleCode`].
pub(crate) unsafe fn module_code<'a>(inst: *const VMInstance) -> &'a ModuleCode {
    // SAFETY: guaranteed by the caller; the runtime keeps the ModuleCode alive with the instance.
    unsafe { &*((*inst).code as *const ModuleCode) }
}

/// Translates (on first use) and returns function `index` (module index space, a defined function)
/// of `inst`.
///
/// # Safety
/// As for [`module_code`].
#[inline(always)]
pub(crate) unsafe fn func_code<'a>(
    inst: *const VMInstance,
    index: u32,
) -> Result<&'a FuncCode, Trap> {
    // SAFETY: guaranteed by the caller.
    unsafe {
        let mc = module_code(inst);
        defined_code(mc, index - (&*inst).module.num_imported_funcs)
    }
}

/// The code of defined function `defined` of `mc`: the cached pointer, or translation on first use.
#[inline(always)]
pub(crate) fn defined_code(mc: &ModuleCode, defined: u32) -> Result<&FuncCode, Trap> {
    match mc.ready(defined) {
        Some(code) => Ok(code),
        None => translate_now(mc, defined),
    }
}

#[cold]
#[inline(never)]
fn translate_now(mc: &ModuleCode, defined: u32) -> Result<&FuncCode, Trap> {
    mc.func(defined)
        .map_err(|e| Trap::host(format!("cannot translate function: {e}")))
}

/// Calls `func` with `args`, writing `results`.
///
/// # Safety
/// `func` must be a live function of the store that `store` points to, every object reachable from it
/// must be live, `args`/`results` must match its type, and nothing else may use that store during the
/// call except through `store` (host functions receive it back).
pub unsafe fn invoke(
    stack: &mut Stack,
    func: *const VMFunc,
    args: &[ValRaw],
    results: &mut [ValRaw],
    store: *mut (),
) -> Result<(), Trap> {
    // SAFETY: `func` is live (caller's contract).
    let f = unsafe { &*func };
    match &f.kind {
        VMFuncKind::Host(h) | VMFuncKind::Compiled { entry: h, .. } => h(
            HostCtx {
                store,
                caller: std::ptr::null(),
            },
            args,
            results,
        ),
        VMFuncKind::Wasm { instance, index } => {
            let inst = *instance as *mut VMInstance;
            // SAFETY: the instance is live and carries interpreter code (caller's contract).
            let code = unsafe { func_code(inst, *index)? };
            if (code.frame_size as usize) > stack.slots.len() {
                return Err(Trap::new(TrapCode::StackOverflow));
            }
            let fp = stack.slots.as_mut_ptr();
            cells_to_slots(args, &f.shape.params, &mut stack.slots);
            // SAFETY: the frame fits in the stack (checked above).
            unsafe { state::init_frame(code, fp) };
            let entry_depth = stack.frames.len();
            let mut cx = state::Ctx {
                slots_end: stack.slots.as_ptr_range().end as usize,
                stack: stack as *mut Stack,
                store,
                inst,
                code: code as *const FuncCode,
                entry_depth,
                trap: None,
                regs: state::Regs {
                    ip: std::ptr::null(),
                    fp,
                    mb: std::ptr::null_mut(),
                    ml: 0,
                    r: 0,
                    f: 0.0,
                },
            };
            // SAFETY: fp points to a frame of `frame_size` slots inside `stack.slots` (checked above),
            // the code was translated from a validated body, and the instance is live.
            let done = unsafe {
                let (mb, ml) = state::mem_regs(inst);
                dispatch::run(stack.handlers.table, code.ops.as_ptr(), fp, mb, ml, &mut cx)
            };
            stack.frames.truncate(entry_depth);
            let r = match done {
                state::Done::Return => Ok(()),
                _ => {
                    let t = cx
                        .trap
                        .take()
                        .unwrap_or_else(|| Trap::host("internal error: no trap recorded"));
                    // SAFETY: `cx.code`/`cx.inst` are the code and instance that were running.
                    let (idx, module) = unsafe { ((*cx.code).func_index, &(*cx.inst).module) };
                    Err(t.with_func(|| module.display_func_name(idx)))
                }
            };
            r?;
            slots_to_cells(&stack.slots, &f.shape.results, results);
            Ok(())
        }
    }
}
