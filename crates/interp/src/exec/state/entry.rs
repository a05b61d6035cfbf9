//! Entering the executor from outside ([`invoke`]) and finding a function's code from its
//! instance: raw pointers to the instance and its `ModuleCode`.

use super::{init_frame, mem_regs, Ctx, Done, Regs};
use crate::code::{FuncCode, ModuleCode};
use crate::exec::Stack;
use tailor_vm::{
    cells_to_slots, slots_to_cells, HostCtx, Trap, TrapCode, VMFunc, VMFuncKind, VMInstance, ValRaw,
};

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
            unsafe { init_frame(code, fp) };
            let entry_depth = stack.frames.len();
            let mut cx = Ctx {
                slots_end: stack.slots.as_ptr_range().end as usize,
                stack: stack as *mut Stack,
                store,
                inst,
                code: code as *const FuncCode,
                entry_depth,
                trap: None,
                regs: Regs {
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
                let (mb, ml) = mem_regs(inst);
                crate::exec::dispatch::run(
                    stack.handlers.table,
                    code.ops.as_ptr(),
                    fp,
                    mb,
                    ml,
                    &mut cx,
                )
            };
            stack.frames.truncate(entry_depth);
            let r = match done {
                Done::Return => Ok(()),
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
