//! The executor's state and the slow paths of its handlers (DESIGN rule 6: the raw-pointer code of
//! the interpreter sits in this module and its children, and in the generated handler bodies).
//!
//! - this file: the context ([`Ctx`]), frames, calls and returns, memory-0 addressing;
//! - `entry.rs`: [`invoke`], the way in from the runtime, and finding a function's code;
//! - `bulk.rs`: out-of-line slow paths (bulk memory, tables, other memories, `v128` globals);
//! - `simd_mem.rs`: `v128` loads and stores beyond the plain memory-0 forms.
//!
//! Handlers keep the hot state in registers (`ip`, `fp`, memory 0's base `mb` and length `ml`) and
//! everything else in [`Ctx`]. Anything that can fail in a complicated way lives in an out-of-line
//! function here that records the trap in the context and returns a plain pointer or flag, so the
//! handlers themselves stay small and end in a tail call.
//!
//! Soundness rests on invariants established by translation and checked at every call: every slot an
//! op names is below its function's `frame_size`; a frame is entered only after checking that
//! `fp + frame_size` lies inside the value stack; memories, tables, globals, functions and instances
//! are owned by the store, which outlives the call; linear-memory accesses are bounds-checked.

pub(crate) mod bulk;
mod entry;
mod simd_mem;

pub use entry::invoke;
use entry::{defined_code, func_code, module_code};

use super::{Frame, Stack};
use crate::code::FuncCode;
use crate::ops::Op;
use tailor_vm::{
    cells_to_slots, slots_to_cells, HostCtx, LinearMemory, Trap, TrapCode, VMFunc, VMFuncKind,
    VMInstance, ValRaw,
};

/// How a handler ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Done {
    /// The loop backend continues with the registers saved in the context.
    #[cfg_attr(
        tailor_tail_dispatch,
        expect(dead_code, reason = "only the loop backend continues")
    )]
    Continue,
    /// The entry function returned.
    Return,
    /// A trap; the context holds it.
    Trap,
}

/// A handler: one per op, all with this signature so they can tail-call each other.
pub(crate) type Handler =
    unsafe fn(*const Op, *mut u64, *mut u8, usize, *mut Ctx, u64, f64) -> Done;

/// The hot registers, saved in the context by the loop backend between handlers.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(
    tailor_tail_dispatch,
    expect(dead_code, reason = "only the loop backend saves registers")
)]
pub(crate) struct Regs {
    pub ip: *const Op,
    pub fp: *mut u64,
    pub mb: *mut u8,
    pub ml: usize,
    pub r: u64,
    pub f: f64,
}

/// Everything a handler may need besides its registers.
pub(crate) struct Ctx {
    pub stack: *mut Stack,
    pub slots_end: usize,
    pub store: *mut (),
    pub inst: *mut VMInstance,
    pub code: *const FuncCode,
    pub entry_depth: usize,
    pub trap: Option<Trap>,
    #[cfg_attr(
        tailor_tail_dispatch,
        expect(dead_code, reason = "only the loop backend saves registers")
    )]
    pub regs: Regs,
}

/// Memory 0 of an instance as (base, length); `(null, 0)` without memory.
///
/// # Safety
/// `inst` must be live.
#[inline(always)]
pub(crate) unsafe fn mem_regs(inst: *const VMInstance) -> (*mut u8, usize) {
    // SAFETY: guaranteed by the caller; memories are live objects of the store.
    unsafe {
        match (&*inst).memories.first() {
            Some(&m) => ((*m).base(), (*m).len()),
            None => (std::ptr::null_mut(), 0),
        }
    }
}

/// A checked pointer to `n` bytes at `addr + off` in memory 0 (null when out of bounds).
#[inline(always)]
pub(crate) fn mem0_ptr(mb: *mut u8, ml: usize, addr: u64, off: u64, n: u64) -> *mut u8 {
    match addr.checked_add(off) {
        Some(ea) if ea <= ml as u64 && n <= ml as u64 - ea => mb.wrapping_add(ea as usize),
        _ => std::ptr::null_mut(),
    }
}

/// A checked pointer to `n` bytes at `addr + off` in `mem`.
///
/// # Safety
/// `mem` must point to a live memory.
#[inline(always)]
pub(crate) unsafe fn mem_ptr(
    mem: *mut LinearMemory,
    addr: u64,
    off: u64,
    n: u64,
) -> Result<*mut u8, Trap> {
    // SAFETY: the caller guarantees `mem` is live.
    let m = unsafe { &*mem };
    let p = mem0_ptr(m.base(), m.len(), addr, off, n);
    if p.is_null() {
        Err(Trap::new(TrapCode::MemoryOutOfBounds))
    } else {
        Ok(p)
    }
}

/// Records a trap and ends execution.
///
/// # Safety
/// `cx` must be the live context.
#[cold]
#[inline(never)]
pub(crate) unsafe fn trap(cx: *mut Ctx, code: TrapCode) -> Done {
    // SAFETY: guaranteed by the caller.
    unsafe { (*cx).trap = Some(Trap::new(code)) };
    Done::Trap
}

/// Records an arbitrary trap; returns null so callers can use it as a failed pointer.
///
/// # Safety
/// `cx` must be the live context.
#[cold]
#[inline(never)]
pub(crate) unsafe fn record(cx: *mut Ctx, t: Trap) -> *const Op {
    // SAFETY: guaranteed by the caller.
    unsafe { (*cx).trap = Some(t) };
    std::ptr::null()
}

/// Zeroes the declared locals of a new frame and writes its constants.
///
/// # Safety
/// `fp` has room for `code.frame_size` slots.
#[inline(always)]
pub(crate) unsafe fn init_frame(code: &FuncCode, fp: *mut u64) {
    // SAFETY: guaranteed by the caller. Short loops: these are usually a handful of slots, where a
    // call to memset/memcpy costs more than the work.
    unsafe {
        let locals = fp.add(code.num_params as usize);
        for i in 0..code.num_locals as usize {
            *locals.add(i) = 0;
        }
        let consts = locals.add(code.num_locals as usize);
        for (i, c) in code.consts.iter().enumerate() {
            *consts.add(i) = *c;
        }
    }
}

/// Enters wasm function `callee` of `callee_inst` with its frame at `new_fp`; the caller continues at
/// `ret` with frame `fp`. Returns the callee's first op, or null after recording a trap.
///
/// # Safety
/// `cx` is live, `new_fp` points into the value stack.
#[inline(always)]
unsafe fn enter(
    cx: *mut Ctx,
    callee: &FuncCode,
    callee_inst: *mut VMInstance,
    new_fp: *mut u64,
    ret: *const Op,
    fp: *mut u64,
) -> *const Op {
    // SAFETY: guaranteed by the caller; the frame fits (checked below) before it is touched.
    unsafe {
        let c = &mut *cx;
        let stack = &mut *c.stack;
        let need = new_fp as usize + callee.frame_size as usize * 8;
        if need > c.slots_end || stack.frames.len() >= stack.limits.max_depth {
            return record(cx, Trap::new(TrapCode::StackOverflow));
        }
        init_frame(callee, new_fp);
        stack.frames.push(Frame {
            code: c.code,
            pc: ret,
            fp,
            inst: c.inst,
        });
        c.code = callee;
        c.inst = callee_inst;
        callee.ops.as_ptr()
    }
}

/// `call f` of a defined function: returns the callee's first op and frame, or a null op on a trap.
///
/// # Safety
/// `cx` is live; `ip` is the call op inside the running code.
#[inline(always)]
pub(crate) unsafe fn call_defined(
    cx: *mut Ctx,
    ip: *const Op,
    fp: *mut u64,
    f: u32,
    args: u32,
) -> (*const Op, *mut u64) {
    // SAFETY: guaranteed by the caller; see the module documentation.
    unsafe {
        let inst = (*cx).inst;
        let callee = match defined_code(module_code(inst), f) {
            Ok(c) => c,
            Err(t) => return (record(cx, t), fp),
        };
        let new_fp = fp.add(args as usize);
        (enter(cx, callee, inst, new_fp, ip.add(1), fp), new_fp)
    }
}

/// Calls any function (imported, indirect or by reference): a wasm callee is entered, a host callee
/// runs now. Returns where to continue, or a null op on a trap.
///
/// # Safety
/// `cx` is live, `f` is a live function of the store, `ip` is the call op.
#[inline(never)]
pub(crate) unsafe fn call_func(
    cx: *mut Ctx,
    ip: *const Op,
    fp: *mut u64,
    f: *const VMFunc,
    args: u32,
) -> (*const Op, *mut u64) {
    // SAFETY: guaranteed by the caller.
    unsafe {
        let new_fp = fp.add(args as usize);
        match &(*f).kind {
            VMFuncKind::Wasm { instance, index } => {
                let callee_inst = *instance as *mut VMInstance;
                let callee = match func_code(callee_inst, *index) {
                    Ok(c) => c,
                    Err(t) => return (record(cx, t), fp),
                };
                (
                    enter(cx, callee, callee_inst, new_fp, ip.add(1), fp),
                    new_fp,
                )
            }
            VMFuncKind::Host(_) | VMFuncKind::Compiled { .. } => {
                if let Err(t) = call_host(cx, f, new_fp) {
                    return (record(cx, t), fp);
                }
                (ip.add(1), fp)
            }
        }
    }
}

/// A tail call of any function from the frame `fp`: a wasm callee replaces the frame, a host callee
/// runs and then the frame returns. Returns where to continue (a null op with a null frame when the
/// entry function returned, a null op with the old frame on a trap).
///
/// # Safety
/// As for [`call_func`].
#[inline(never)]
pub(crate) unsafe fn return_call_func(
    cx: *mut Ctx,
    fp: *mut u64,
    f: *const VMFunc,
    args: u32,
) -> (*const Op, *mut u64) {
    // SAFETY: guaranteed by the caller.
    unsafe {
        match &(*f).kind {
            VMFuncKind::Wasm { instance, index } => {
                let callee_inst = *instance as *mut VMInstance;
                let callee = match func_code(callee_inst, *index) {
                    Ok(c) => c,
                    Err(t) => return (record(cx, t), fp),
                };
                let c = &mut *cx;
                let need = fp as usize + callee.frame_size as usize * 8;
                if need > c.slots_end {
                    return (record(cx, Trap::new(TrapCode::StackOverflow)), fp);
                }
                std::ptr::copy(fp.add(args as usize), fp, callee.num_params as usize);
                init_frame(callee, fp);
                c.code = callee;
                c.inst = callee_inst;
                (callee.ops.as_ptr(), fp)
            }
            VMFuncKind::Host(_) | VMFuncKind::Compiled { .. } => {
                let new_fp = fp.add(args as usize);
                if let Err(t) = call_host(cx, f, new_fp) {
                    return (record(cx, t), fp);
                }
                std::ptr::copy(new_fp, fp, (*f).shape.result_slots());
                do_return(cx)
            }
        }
    }
}

/// Returns from the current frame: the caller's next op and frame, or `(null, null)` when the entry
/// function returned.
///
/// # Safety
/// `cx` is live.
#[inline(always)]
pub(crate) unsafe fn do_return(cx: *mut Ctx) -> (*const Op, *mut u64) {
    // SAFETY: guaranteed by the caller.
    unsafe {
        let c = &mut *cx;
        let stack = &mut *c.stack;
        if stack.frames.len() <= c.entry_depth {
            return (std::ptr::null(), std::ptr::null_mut());
        }
        let Some(f) = stack.frames.pop() else {
            return (std::ptr::null(), std::ptr::null_mut());
        };
        c.code = f.code;
        c.inst = f.inst;
        (f.pc, f.fp)
    }
}

/// The function `call_indirect` reaches, or a trap.
///
/// # Safety
/// `cx` is live.
#[inline(always)]
pub(crate) unsafe fn indirect_target(
    cx: *mut Ctx,
    info: u32,
    idx: u64,
) -> Result<*const VMFunc, TrapCode> {
    // SAFETY: guaranteed by the caller; tables and functions are live objects of the store.
    unsafe {
        let info = (&*(*cx).code).indirect[info as usize];
        let i = &*(*cx).inst;
        let t = &*i.tables[info.table as usize];
        let Some(&raw) = usize::try_from(idx).ok().and_then(|x| t.elements().get(x)) else {
            return Err(TrapCode::TableOutOfBounds);
        };
        if raw == 0 {
            return Err(TrapCode::IndirectCallToNull);
        }
        let f = raw as *const VMFunc;
        if (*f).type_id != i.type_ids[info.type_index as usize] {
            return Err(TrapCode::BadSignature);
        }
        Ok(f)
    }
}

/// Resolves the target of a call op that does not name a defined function directly.
///
/// # Safety
/// `cx` is live and `ip` points to a call op.
#[inline(never)]
pub(crate) unsafe fn call_target(
    cx: *mut Ctx,
    ip: *const Op,
    fp: *mut u64,
) -> (*const VMFunc, u32) {
    // SAFETY: guaranteed by the caller.
    unsafe {
        let inst = &*(*cx).inst;
        let r = match *ip {
            Op::CallImport { f, args } | Op::ReturnCallImport { f, args } => {
                Ok((inst.funcs[f as usize], args))
            }
            Op::ReturnCall { f, args } => Ok((
                inst.funcs[(f + inst.module.num_imported_funcs) as usize],
                args,
            )),
            Op::CallIndirect { idx, args, info } | Op::ReturnCallIndirect { idx, args, info } => {
                indirect_target(cx, info, *fp.add(idx as usize))
                    .map(|f| (f, args))
                    .map_err(Trap::new)
            }
            Op::CallRef { r, args } | Op::ReturnCallRef { r, args } => {
                let raw = *fp.add(r as usize);
                if raw == 0 {
                    Err(Trap::new(TrapCode::NullReference))
                } else {
                    Ok((raw as *const VMFunc, args))
                }
            }
            _ => Err(Trap::host("internal error: not a call op")),
        };
        match r {
            Ok(x) => x,
            Err(t) => {
                record(cx, t);
                (std::ptr::null(), 0)
            }
        }
    }
}

/// Calls host function `f` with arguments read from the slots at `args`; results are written back
/// there.
///
/// # Safety
/// `cx` is live, `f` is a live host or compiled function.
unsafe fn call_host(cx: *mut Ctx, f: *const VMFunc, args: *mut u64) -> Result<(), Trap> {
    // SAFETY: guaranteed by the caller.
    let (func, c) = unsafe { (&*f, &mut *cx) };
    let h = match &func.kind {
        VMFuncKind::Host(h) | VMFuncKind::Compiled { entry: h, .. } => h,
        VMFuncKind::Wasm { .. } => {
            return Err(Trap::host("internal error: not a host function"));
        }
    };
    let shape = &*func.shape;
    let need = args as usize + 8 * shape.param_slots().max(shape.result_slots());
    if need > c.slots_end {
        return Err(Trap::new(TrapCode::StackOverflow));
    }
    // SAFETY: the stack is live and not otherwise borrowed during this call.
    let stack = unsafe { &mut *c.stack };
    let mut a = std::mem::take(&mut stack.host_args);
    let mut r = std::mem::take(&mut stack.host_results);
    a.clear();
    a.resize(shape.params.len(), ValRaw::default());
    r.clear();
    r.resize(shape.results.len(), ValRaw::default());
    // SAFETY: the slots lie inside the value stack (checked above).
    let in_slots = unsafe { std::slice::from_raw_parts(args, shape.param_slots()) };
    slots_to_cells(in_slots, &shape.params, &mut a);
    let res = h(
        HostCtx {
            store: c.store,
            caller: c.inst,
        },
        &a,
        &mut r,
    );
    if res.is_ok() {
        // SAFETY: as above.
        let out = unsafe { std::slice::from_raw_parts_mut(args, shape.result_slots()) };
        cells_to_slots(&r, &shape.results, out);
    }
    // SAFETY: the host function may have re-entered the store, but not this stack (it was in use).
    let stack = unsafe { &mut *c.stack };
    stack.host_args = a;
    stack.host_results = r;
    res
}
