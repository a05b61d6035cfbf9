//! The dispatch loop: a stable-Rust `loop { match }` over [`Op`] (DESIGN.md rule 3).
//!
//! All raw-pointer access of the interpreter happens here and in the helpers below. The invariants
//! that make it sound are established by translation and checked at every call:
//! - every slot an op names is below its function's `frame_size`, and a frame is entered only after
//!   checking that `fp + frame_size` lies inside the value stack;
//! - memories, tables, globals, functions and instances are owned by the store, which outlives the
//!   call, and are only reached through the current instance;
//! - linear-memory accesses are bounds-checked against the memory's current length.

use super::slots::SlotVal;
use super::{func_code, Frame, Stack};
use crate::code::FuncCode;
use crate::op::{for_each_op_family, with_all_ops, with_all_ops_simd, Op};
use tailor_vm::{
    cells_to_slots, slots_to_cells, HostCtx, LinearMemory, Trap, TrapCode, VMFunc, VMFuncKind,
    VMInstance, VMTable, ValRaw,
};

/// A checked pointer to `n` bytes at `addr + off` in `mem`.
///
/// # Safety
/// `mem` must point to a live memory.
#[inline(always)]
pub(super) unsafe fn mem_ptr(
    mem: *mut LinearMemory,
    addr: u64,
    off: u64,
    n: u64,
) -> Result<*mut u8, Trap> {
    // SAFETY: the caller guarantees `mem` is live.
    let m = unsafe { &*mem };
    match addr.checked_add(off) {
        Some(ea) if ea <= m.len() as u64 && n <= m.len() as u64 - ea => {
            // SAFETY: [ea, ea + n) is inside the committed memory.
            Ok(unsafe { m.base().add(ea as usize) })
        }
        _ => Err(Trap::new(TrapCode::MemoryOutOfBounds)),
    }
}

/// Checks that `[start, start + n)` fits in `len`.
#[inline(always)]
fn range_ok(start: u64, n: u64, len: u64) -> bool {
    start.checked_add(n).is_some_and(|end| end <= len)
}

/// What a call resolved to.
enum Callee<'a> {
    Wasm(&'a FuncCode, *mut VMInstance),
    Host(*const VMFunc),
}

/// Resolves a function reference.
///
/// # Safety
/// `f` must be a live, non-null `VMFunc`.
unsafe fn resolve<'a>(f: *const VMFunc) -> Result<Callee<'a>, Trap> {
    // SAFETY: guaranteed by the caller.
    let func = unsafe { &*f };
    match &func.kind {
        VMFuncKind::Wasm { instance, index } => {
            let inst = *instance as *mut VMInstance;
            // SAFETY: the store keeps the instance and its code alive.
            let code = unsafe { func_code(inst, *index)? };
            Ok(Callee::Wasm(code, inst))
        }
        VMFuncKind::Host(_) => Ok(Callee::Host(f)),
    }
}

/// Calls host function `f` with arguments read from `args` and results written back to `args`.
///
/// # Safety
/// `f` is a live host function and `args` points to at least `max(params, results)` writable slots.
unsafe fn call_host(
    stack: &mut Stack,
    f: *const VMFunc,
    args: *mut u64,
    caller: *const VMInstance,
    store: *mut (),
) -> Result<(), Trap> {
    // SAFETY: guaranteed by the caller.
    let func = unsafe { &*f };
    let VMFuncKind::Host(h) = &func.kind else {
        return Err(Trap::host("internal error: not a host function"));
    };
    let mut a = std::mem::take(&mut stack.host_args);
    let mut r = std::mem::take(&mut stack.host_results);
    let shape = &*func.shape;
    a.clear();
    a.resize(shape.params.len(), ValRaw::default());
    r.clear();
    r.resize(shape.results.len(), ValRaw::default());
    // SAFETY: the caller guarantees `args` has room for the parameter and result slots.
    let in_slots = unsafe { std::slice::from_raw_parts(args, shape.param_slots()) };
    slots_to_cells(in_slots, &shape.params, &mut a);
    let res = h(HostCtx { store, caller }, &a, &mut r);
    if res.is_ok() {
        // SAFETY: as above.
        let out = unsafe { std::slice::from_raw_parts_mut(args, shape.result_slots()) };
        cells_to_slots(&r, &shape.results, out);
    }
    stack.host_args = a;
    stack.host_results = r;
    res
}

/// The current memory 0 of an instance (null if it has none).
///
/// # Safety
/// `inst` must be live.
#[inline(always)]
unsafe fn memory0(inst: *const VMInstance) -> *mut LinearMemory {
    // SAFETY: guaranteed by the caller.
    let i = unsafe { &*inst };
    i.memories.first().copied().unwrap_or(std::ptr::null_mut())
}

/// Looks up `call_indirect`'s target.
///
/// # Safety
/// `inst` must be live.
unsafe fn indirect_target(
    inst: *const VMInstance,
    table: u32,
    type_index: u32,
    idx: u64,
) -> Result<*const VMFunc, Trap> {
    // SAFETY: guaranteed by the caller; tables are owned by the store.
    let i = unsafe { &*inst };
    // SAFETY: the table is live.
    let t = unsafe { &*i.tables[table as usize] };
    let Some(&raw) = usize::try_from(idx).ok().and_then(|x| t.elements.get(x)) else {
        return Err(Trap::new(TrapCode::TableOutOfBounds));
    };
    if raw == 0 {
        return Err(Trap::new(TrapCode::IndirectCallToNull));
    }
    let f = raw as *const VMFunc;
    // SAFETY: a non-null funcref is a live VMFunc of this store.
    if unsafe { (*f).type_id } != i.type_ids[type_index as usize] {
        return Err(Trap::new(TrapCode::BadSignature));
    }
    Ok(f)
}

/// Reads the `v128` in slots `s, s + 1`.
macro_rules! v128_at {
    ($fp:ident, $s:expr) => {
        (*$fp.add($s as usize) as u128) | ((*$fp.add($s as usize + 1) as u128) << 64)
    };
}

/// Writes a `v128` to slots `d, d + 1`.
macro_rules! set_v128 {
    ($fp:ident, $d:expr, $v:expr) => {{
        let v: u128 = $v;
        *$fp.add($d as usize) = v as u64;
        *$fp.add($d as usize + 1) = (v >> 64) as u64;
    }};
}

macro_rules! exec_match {
    (
        {
            { $op:ident, $fp:ident, $pc:ident, $mem0:ident; $($arms:tt)* }
            binop: [$( ($bn:ident, $bni:ident, $bt:ident, $br:ident, $bf:expr) ),* $(,)?]
            plain: [$( ($pn:ident, $pt:ident, $pr:ident, $pf:expr) ),* $(,)?]
            unop: [$( ($un:ident, $ut:ident, $ur:ident, $uf:expr) ),* $(,)?]
            load: [$( ($ln:ident, $lsz:literal, $lf:expr) ),* $(,)?]
            store: [$( ($sn:ident, $ssz:literal, $sf:expr) ),* $(,)?]
            cmpbr: [$( ($cn:ident, $cni:ident, $cop:ident, $copi:ident, $ncn:ident, $ncni:ident, $ct:ident, $cf:expr) ),* $(,)?]
        }
        simd_binary: [$( ($vbn:ident, $vbf:ident) ),* $(,)?]
        simd_unary: [$( ($vun:ident, $vuf:ident) ),* $(,)?]
        simd_ternary: [$( ($vtn:ident, $vtf:ident) ),* $(,)?]
        simd_test: [$( ($vqn:ident, $vqf:ident) ),* $(,)?]
        simd_shift: [$( ($vsn:ident, $vsf:ident) ),* $(,)?]
        simd_splat: [$( ($vpn:ident, $vpf:ident) ),* $(,)?]
        simd_extract: [$( ($ven:ident, $vef:ident) ),* $(,)?]
        simd_replace: [$( ($vrn:ident, $vrf:ident) ),* $(,)?]
    ) => {
        match $op {
            $(
                Op::$vbn { d, a, b } => {
                    set_v128!($fp, d, crate::handlers::simd::$vbf(v128_at!($fp, a), v128_at!($fp, b)));
                    $pc = $pc.add(1);
                }
            )*
            $(
                Op::$vun { d, a } => {
                    set_v128!($fp, d, crate::handlers::simd::$vuf(v128_at!($fp, a)));
                    $pc = $pc.add(1);
                }
            )*
            $(
                Op::$vtn { d, b, c } => {
                    set_v128!($fp, d, crate::handlers::simd::$vtf(v128_at!($fp, d), v128_at!($fp, b), v128_at!($fp, c)));
                    $pc = $pc.add(1);
                }
            )*
            $(
                Op::$vqn { d, a } => {
                    *$fp.add(d as usize) = crate::handlers::simd::$vqf(v128_at!($fp, a)) as u32 as u64;
                    $pc = $pc.add(1);
                }
            )*
            $(
                Op::$vsn { d, a, s } => {
                    let count = *$fp.add(s as usize) as u32 as i32;
                    set_v128!($fp, d, crate::handlers::simd::$vsf(v128_at!($fp, a), count));
                    $pc = $pc.add(1);
                }
            )*
            $(
                Op::$vpn { d, a } => {
                    set_v128!($fp, d, crate::handlers::simd::$vpf(*$fp.add(a as usize)));
                    $pc = $pc.add(1);
                }
            )*
            $(
                Op::$ven { d, a, lane } => {
                    *$fp.add(d as usize) = crate::handlers::simd::$vef(v128_at!($fp, a), lane as u8);
                    $pc = $pc.add(1);
                }
            )*
            $(
                Op::$vrn { d, x, lane } => {
                    set_v128!($fp, d, crate::handlers::simd::$vrf(v128_at!($fp, d), lane as u8, *$fp.add(x as usize)));
                    $pc = $pc.add(1);
                }
            )*
            $(
                Op::$bn { d, a, b } => {
                    let x = <$bt as SlotVal>::from_slot(*$fp.add(a as usize));
                    let y = <$bt as SlotVal>::from_slot(*$fp.add(b as usize));
                    *$fp.add(d as usize) = SlotVal::to_slot(($bf)(x, y));
                    $pc = $pc.add(1);
                }
                Op::$bni { d, a, imm } => {
                    let x = <$bt as SlotVal>::from_slot(*$fp.add(a as usize));
                    *$fp.add(d as usize) = SlotVal::to_slot(($bf)(x, imm as $bt));
                    $pc = $pc.add(1);
                }
            )*
            $(
                Op::$pn { d, a, b } => {
                    let x = <$pt as SlotVal>::from_slot(*$fp.add(a as usize));
                    let y = <$pt as SlotVal>::from_slot(*$fp.add(b as usize));
                    match ($pf)(x, y) {
                        Ok(r) => *$fp.add(d as usize) = SlotVal::to_slot(r),
                        Err(code) => return Err(Trap::new(code)),
                    }
                    $pc = $pc.add(1);
                }
            )*
            $(
                Op::$un { d, a } => {
                    let x = <$ut as SlotVal>::from_slot(*$fp.add(a as usize));
                    match ($uf)(x) {
                        Ok(r) => *$fp.add(d as usize) = SlotVal::to_slot(r),
                        Err(code) => return Err(Trap::new(code)),
                    }
                    $pc = $pc.add(1);
                }
            )*
            $(
                Op::$ln { d, a, off } => {
                    let p = mem_ptr($mem0, *$fp.add(a as usize), off as u64, $lsz)?;
                    let bytes = std::ptr::read_unaligned(p as *const [u8; $lsz]);
                    *$fp.add(d as usize) = ($lf)(bytes);
                    $pc = $pc.add(1);
                }
            )*
            $(
                Op::$sn { a, v, off } => {
                    let p = mem_ptr($mem0, *$fp.add(a as usize), off as u64, $ssz)?;
                    let bytes: [u8; $ssz] = ($sf)(*$fp.add(v as usize));
                    std::ptr::write_unaligned(p as *mut [u8; $ssz], bytes);
                    $pc = $pc.add(1);
                }
            )*
            $(
                Op::$cn { a, b, off } => {
                    let x = <$ct as SlotVal>::from_slot(*$fp.add(a as usize));
                    let y = <$ct as SlotVal>::from_slot(*$fp.add(b as usize));
                    $pc = if ($cf)(x, y) { $pc.offset(off as isize) } else { $pc.add(1) };
                }
                Op::$cni { a, imm, off } => {
                    let x = <$ct as SlotVal>::from_slot(*$fp.add(a as usize));
                    $pc = if ($cf)(x, imm as $ct) { $pc.offset(off as isize) } else { $pc.add(1) };
                }
            )*
            $($arms)*
        }
    };
}

/// Executes from the entry of `code` with frame `fp` until the entry frame returns.
///
/// # Safety
/// See the module documentation: `fp` has room for `code.frame_size` slots inside `stack`, and every
/// object reachable from `inst` is live for the whole call.
pub(super) unsafe fn run(
    stack: &mut Stack,
    code: &FuncCode,
    fp: *mut u64,
    inst: *mut VMInstance,
    store: *mut (),
) -> Result<(), Trap> {
    let mut regs = Regs {
        code: code as *const FuncCode,
        inst,
    };
    // SAFETY: forwarded from the caller.
    let r = unsafe { dispatch(stack, &mut regs, fp, store) };
    r.map_err(|t| {
        // SAFETY: `regs.code`/`regs.inst` point to the code and instance running when it trapped.
        let (idx, module) = unsafe { ((*regs.code).func_index, &(&*regs.inst).module) };
        t.with_func(|| module.display_func_name(idx))
    })
}

/// What the dispatch loop keeps outside its hot locals so a trap can name where it happened.
struct Regs {
    code: *const FuncCode,
    inst: *mut VMInstance,
}

/// Enters `callee` with its frame at `new_fp`, checking the stack limits and zeroing its locals.
///
/// # Safety
/// `new_fp` must point into `stack.slots`.
#[inline(always)]
unsafe fn enter(stack: &Stack, callee: &FuncCode, new_fp: *mut u64) -> Result<(), Trap> {
    let end = stack.slots.as_ptr_range().end as usize;
    let need = new_fp as usize + callee.frame_size as usize * 8;
    if need > end || stack.frames.len() >= stack.limits.max_depth {
        return Err(Trap::new(TrapCode::StackOverflow));
    }
    // SAFETY: the frame fits in the stack (checked above).
    unsafe {
        std::ptr::write_bytes(
            new_fp.add(callee.num_params as usize),
            0,
            callee.num_locals as usize,
        )
    };
    Ok(())
}

#[expect(
    clippy::too_many_lines,
    reason = "the one big operator match of the interpreter"
)]
unsafe fn dispatch(
    stack: &mut Stack,
    regs: &mut Regs,
    mut fp: *mut u64,
    store: *mut (),
) -> Result<(), Trap> {
    let entry_depth = stack.frames.len();
    // SAFETY: see the module documentation; every access below relies on the translation invariants
    // (slots inside the frame, branch targets inside the code) and on the store keeping objects alive.
    unsafe {
        let mut code: &FuncCode = &*regs.code;
        let mut pc: *const Op = code.ops.as_ptr();
        let mut mem0 = memory0(regs.inst);
        loop {
            let op = *pc;
            with_all_ops!(exec_match {
                op, fp, pc, mem0;
                Op::Trap { code } => {
                    return Err(Trap::new(TrapCode::ALL[code as usize]));
                }
                Op::Br { off } => pc = pc.offset(off as isize),
                Op::BrIfNez { c, off } => {
                    pc = if *fp.add(c as usize) != 0 { pc.offset(off as isize) } else { pc.add(1) };
                }
                Op::BrIfEqz { c, off } => {
                    pc = if *fp.add(c as usize) == 0 { pc.offset(off as isize) } else { pc.add(1) };
                }
                Op::BrTable { c, len } => {
                    let i = (*fp.add(c as usize) as u32).min(len);
                    pc = pc.add(1 + i as usize);
                }
                Op::Copy { d, s } => {
                    *fp.add(d as usize) = *fp.add(s as usize);
                    pc = pc.add(1);
                }
                Op::CopyMany { d, s, n } => {
                    for i in 0..n as usize {
                        *fp.add(d as usize + i) = *fp.add(s as usize + i);
                    }
                    pc = pc.add(1);
                }
                Op::Const32 { d, v } => {
                    *fp.add(d as usize) = v as u64;
                    pc = pc.add(1);
                }
                Op::Const64 { d, lo, hi } => {
                    *fp.add(d as usize) = ((hi as u64) << 32) | lo as u64;
                    pc = pc.add(1);
                }
                Op::Select { d, b, c } => {
                    if *fp.add(c as usize) as u32 == 0 {
                        *fp.add(d as usize) = *fp.add(b as usize);
                    }
                    pc = pc.add(1);
                }
                Op::Return | Op::Return1 { .. } | Op::ReturnMany { .. } => {
                    match op {
                        Op::Return1 { s } => *fp = *fp.add(s as usize),
                        Op::ReturnMany { s, n } => {
                            for i in 0..n as usize {
                                *fp.add(i) = *fp.add(s as usize + i);
                            }
                        }
                        _ => {}
                    }
                    if stack.frames.len() == entry_depth {
                        return Ok(());
                    }
                    let Some(f) = stack.frames.pop() else { return Ok(()) };
                    code = &*f.code;
                    regs.code = f.code;
                    pc = f.pc;
                    fp = f.fp;
                    if f.inst != regs.inst {
                        regs.inst = f.inst;
                        mem0 = memory0(regs.inst);
                    }
                }
                Op::Call { f, args } => {
                    let callee = func_code(regs.inst, f + (&*regs.inst).module.num_imported_funcs)?;
                    let new_fp = fp.add(args as usize);
                    enter(stack, callee, new_fp)?;
                    stack.frames.push(Frame { code, pc: pc.add(1), fp, inst: regs.inst });
                    code = callee;
                    regs.code = callee;
                    pc = callee.ops.as_ptr();
                    fp = new_fp;
                }
                Op::CallImport { .. } | Op::CallIndirect { .. } | Op::CallRef { .. } => {
                    let (target, args) = match op {
                        Op::CallImport { f, args } => ((&*regs.inst).funcs[f as usize], args),
                        Op::CallIndirect { idx, args, info } => {
                            let info = code.indirect[info as usize];
                            let t = indirect_target(regs.inst, info.table, info.type_index, *fp.add(idx as usize))?;
                            (t, args)
                        }
                        Op::CallRef { r, args } => {
                            let raw = *fp.add(r as usize);
                            if raw == 0 {
                                return Err(Trap::new(TrapCode::NullReference));
                            }
                            (raw as *const VMFunc, args)
                        }
                        _ => unreachable!(),
                    };
                    let new_fp = fp.add(args as usize);
                    match resolve(target)? {
                        Callee::Wasm(callee, callee_inst) => {
                            enter(stack, callee, new_fp)?;
                            stack.frames.push(Frame { code, pc: pc.add(1), fp, inst: regs.inst });
                            code = callee;
                            regs.code = callee;
                            pc = callee.ops.as_ptr();
                            fp = new_fp;
                            if callee_inst != regs.inst {
                                regs.inst = callee_inst;
                                mem0 = memory0(callee_inst);
                            }
                        }
                        Callee::Host(h) => {
                            let need = new_fp as usize + 8 * (*h).shape.param_slots().max((*h).shape.result_slots());
                            if need > stack.slots.as_ptr_range().end as usize {
                                return Err(Trap::new(TrapCode::StackOverflow));
                            }
                            call_host(stack, h, new_fp, regs.inst, store)?;
                            mem0 = memory0(regs.inst);
                            pc = pc.add(1);
                        }
                    }
                }
                Op::ReturnCall { .. }
                | Op::ReturnCallImport { .. }
                | Op::ReturnCallIndirect { .. }
                | Op::ReturnCallRef { .. } => {
                    let (target, args) = match op {
                        Op::ReturnCall { f, args } => {
                            let idx = f + (&*regs.inst).module.num_imported_funcs;
                            ((&*regs.inst).funcs[idx as usize], args)
                        }
                        Op::ReturnCallImport { f, args } => ((&*regs.inst).funcs[f as usize], args),
                        Op::ReturnCallIndirect { idx, args, info } => {
                            let info = code.indirect[info as usize];
                            let t = indirect_target(regs.inst, info.table, info.type_index, *fp.add(idx as usize))?;
                            (t, args)
                        }
                        Op::ReturnCallRef { r, args } => {
                            let raw = *fp.add(r as usize);
                            if raw == 0 {
                                return Err(Trap::new(TrapCode::NullReference));
                            }
                            (raw as *const VMFunc, args)
                        }
                        _ => unreachable!(),
                    };
                    match resolve(target)? {
                        Callee::Wasm(callee, callee_inst) => {
                            for i in 0..callee.num_params as usize {
                                *fp.add(i) = *fp.add(args as usize + i);
                            }
                            enter(stack, callee, fp)?;
                            code = callee;
                            regs.code = callee;
                            pc = callee.ops.as_ptr();
                            if callee_inst != regs.inst {
                                regs.inst = callee_inst;
                                mem0 = memory0(callee_inst);
                            }
                        }
                        Callee::Host(h) => {
                            let new_fp = fp.add(args as usize);
                            let need = new_fp as usize + 8 * (*h).shape.param_slots().max((*h).shape.result_slots());
                            if need > stack.slots.as_ptr_range().end as usize {
                                return Err(Trap::new(TrapCode::StackOverflow));
                            }
                            call_host(stack, h, new_fp, regs.inst, store)?;
                            for i in 0..(*h).shape.result_slots() {
                                *fp.add(i) = *new_fp.add(i);
                            }
                            if stack.frames.len() == entry_depth {
                                return Ok(());
                            }
                            let Some(f) = stack.frames.pop() else { return Ok(()) };
                            code = &*f.code;
                            regs.code = f.code;
                            pc = f.pc;
                            fp = f.fp;
                            regs.inst = f.inst;
                            mem0 = memory0(regs.inst);
                        }
                    }
                }
                Op::GlobalGet { d, g } => {
                    *fp.add(d as usize) = (*(&*regs.inst).globals[g as usize]).value.get_u64();
                    pc = pc.add(1);
                }
                Op::GlobalSet { g, s } => {
                    let gp = (&*regs.inst).globals[g as usize];
                    (*gp).value = ValRaw::from_u64(*fp.add(s as usize));
                    pc = pc.add(1);
                }
                Op::GlobalGetV128 { d, g } => {
                    let v = (*(&*regs.inst).globals[g as usize]).value.0;
                    *fp.add(d as usize) = v as u64;
                    *fp.add(d as usize + 1) = (v >> 64) as u64;
                    pc = pc.add(1);
                }
                Op::GlobalSetV128 { g, s } => {
                    let v = *fp.add(s as usize) as u128 | ((*fp.add(s as usize + 1) as u128) << 64);
                    let gp = (&*regs.inst).globals[g as usize];
                    (*gp).value = ValRaw(v);
                    pc = pc.add(1);
                }
                Op::LoadExt { d, a, ext } => {
                    let e = code.mem_ext[ext as usize];
                    let mem = (&*regs.inst).memories[e.mem as usize];
                    *fp.add(d as usize) = load_ext(mem, *fp.add(a as usize), e.offset, e.kind)?;
                    pc = pc.add(1);
                }
                Op::StoreExt { a, v, ext } => {
                    let e = code.mem_ext[ext as usize];
                    let mem = (&*regs.inst).memories[e.mem as usize];
                    store_ext(mem, *fp.add(a as usize), e.offset, e.kind, *fp.add(v as usize))?;
                    pc = pc.add(1);
                }
                Op::MemorySize { d, mem } => {
                    *fp.add(d as usize) = (*(&*regs.inst).memories[mem as usize]).pages();
                    pc = pc.add(1);
                }
                Op::MemoryGrow { s, mem } => {
                    let m_ptr = (&*regs.inst).memories[mem as usize];
                    let m = &mut *m_ptr;
                    let delta = *fp.add(s as usize);
                    let r = match m.grow(delta) {
                        Some(old) => old,
                        None if m.is_64() => u64::MAX,
                        None => u32::MAX as u64,
                    };
                    *fp.add(s as usize) = r;
                    mem0 = memory0(regs.inst);
                    pc = pc.add(1);
                }
                Op::MemoryFill { s, mem } => {
                    let m = (&*regs.inst).memories[mem as usize];
                    let (dst, val, n) = (*fp.add(s as usize), *fp.add(s as usize + 1), *fp.add(s as usize + 2));
                    if !range_ok(dst, n, (*m).len() as u64) {
                        return Err(Trap::new(TrapCode::MemoryOutOfBounds));
                    }
                    std::ptr::write_bytes((*m).base().add(dst as usize), val as u8, n as usize);
                    pc = pc.add(1);
                }
                Op::MemoryCopy { s, dst, src } => {
                    let md = (&*regs.inst).memories[dst as usize];
                    let ms = (&*regs.inst).memories[src as usize];
                    let (d, sr, n) = (*fp.add(s as usize), *fp.add(s as usize + 1), *fp.add(s as usize + 2));
                    if !range_ok(d, n, (*md).len() as u64) || !range_ok(sr, n, (*ms).len() as u64) {
                        return Err(Trap::new(TrapCode::MemoryOutOfBounds));
                    }
                    std::ptr::copy((*ms).base().add(sr as usize), (*md).base().add(d as usize), n as usize);
                    pc = pc.add(1);
                }
                Op::MemoryInit { s, mem, data } => {
                    let inst = &*regs.inst;
                    let m = inst.memories[mem as usize];
                    let bytes: &[u8] = if inst.data_dropped[data as usize] { &[] } else { inst.module.data_bytes(data) };
                    let (d, sr, n) = (*fp.add(s as usize), *fp.add(s as usize + 1) as u32 as u64, *fp.add(s as usize + 2) as u32 as u64);
                    if !range_ok(d, n, (*m).len() as u64) || !range_ok(sr, n, bytes.len() as u64) {
                        return Err(Trap::new(TrapCode::MemoryOutOfBounds));
                    }
                    std::ptr::copy_nonoverlapping(bytes.as_ptr().add(sr as usize), (*m).base().add(d as usize), n as usize);
                    pc = pc.add(1);
                }
                Op::DataDrop { data } => {
                    (&mut *regs.inst).data_dropped[data as usize] = true;
                    pc = pc.add(1);
                }
                Op::TableGet { d, idx, t } => {
                    let tab = &*(&*regs.inst).tables[t as usize];
                    let i = *fp.add(idx as usize);
                    let Some(&v) = usize::try_from(i).ok().and_then(|i| tab.elements.get(i)) else {
                        return Err(Trap::new(TrapCode::TableOutOfBounds));
                    };
                    *fp.add(d as usize) = v;
                    pc = pc.add(1);
                }
                Op::TableSet { idx, v, t } => {
                    let tab_ptr = (&*regs.inst).tables[t as usize];
                    let tab = &mut *tab_ptr;
                    let i = *fp.add(idx as usize);
                    let Some(e) = usize::try_from(i).ok().and_then(|i| tab.elements.get_mut(i)) else {
                        return Err(Trap::new(TrapCode::TableOutOfBounds));
                    };
                    *e = *fp.add(v as usize);
                    pc = pc.add(1);
                }
                Op::TableSize { d, t } => {
                    *fp.add(d as usize) = (*(&*regs.inst).tables[t as usize]).size();
                    pc = pc.add(1);
                }
                Op::TableGrow { s, t } => {
                    let tab_ptr = (&*regs.inst).tables[t as usize];
                    let tab = &mut *tab_ptr;
                    let (init, delta) = (*fp.add(s as usize), *fp.add(s as usize + 1));
                    *fp.add(s as usize) = match tab.grow(delta, init) {
                        Some(old) => old,
                        None if tab.index64 => u64::MAX,
                        None => u32::MAX as u64,
                    };
                    pc = pc.add(1);
                }
                Op::TableFill { s, t } => {
                    let tab_ptr = (&*regs.inst).tables[t as usize];
                    let tab = &mut *tab_ptr;
                    let (i, v, n) = (*fp.add(s as usize), *fp.add(s as usize + 1), *fp.add(s as usize + 2));
                    if !range_ok(i, n, tab.size()) {
                        return Err(Trap::new(TrapCode::TableOutOfBounds));
                    }
                    tab.elements[i as usize..(i + n) as usize].fill(v);
                    pc = pc.add(1);
                }
                Op::TableCopy { s, dst, src } => {
                    let td = (&*regs.inst).tables[dst as usize];
                    let ts = (&*regs.inst).tables[src as usize];
                    let (d, sr, n) = (*fp.add(s as usize), *fp.add(s as usize + 1), *fp.add(s as usize + 2));
                    if !range_ok(d, n, (*td).size()) || !range_ok(sr, n, (*ts).size()) {
                        return Err(Trap::new(TrapCode::TableOutOfBounds));
                    }
                    table_copy(td, ts, d as usize, sr as usize, n as usize);
                    pc = pc.add(1);
                }
                Op::TableInit { s, t, elem } => {
                    let inst = &mut *regs.inst;
                    let tab = &mut *inst.tables[t as usize];
                    let seg = &inst.elems[elem as usize];
                    let (d, sr, n) = (*fp.add(s as usize), *fp.add(s as usize + 1) as u32 as u64, *fp.add(s as usize + 2) as u32 as u64);
                    if !range_ok(d, n, tab.size()) || !range_ok(sr, n, seg.len() as u64) {
                        return Err(Trap::new(TrapCode::TableOutOfBounds));
                    }
                    tab.elements[d as usize..(d + n) as usize].copy_from_slice(&seg[sr as usize..(sr + n) as usize]);
                    pc = pc.add(1);
                }
                Op::ElemDrop { elem } => {
                    (&mut *regs.inst).elems[elem as usize] = Vec::new();
                    pc = pc.add(1);
                }
                Op::RefFunc { d, f } => {
                    *fp.add(d as usize) = (&*regs.inst).funcs[f as usize] as u64;
                    pc = pc.add(1);
                }
                Op::V128Load { d, a, off } => {
                    let p = mem_ptr(mem0, *fp.add(a as usize), off as u64, 16)?;
                    let v = u128::from_le_bytes(std::ptr::read_unaligned(p as *const [u8; 16]));
                    *fp.add(d as usize) = v as u64;
                    *fp.add(d as usize + 1) = (v >> 64) as u64;
                    pc = pc.add(1);
                }
                Op::V128Store { a, v, off } => {
                    let p = mem_ptr(mem0, *fp.add(a as usize), off as u64, 16)?;
                    let x = *fp.add(v as usize) as u128 | ((*fp.add(v as usize + 1) as u128) << 64);
                    std::ptr::write_unaligned(p as *mut [u8; 16], x.to_le_bytes());
                    pc = pc.add(1);
                }
                Op::V128LoadExt { d, a, ext } => {
                    let arg = code.simd_mem[ext as usize];
                    let mem = (&*regs.inst).memories[arg.mem as usize];
                    let vs = arg.vec as usize;
                    let vec = *fp.add(vs) as u128 | ((*fp.add(vs + 1) as u128) << 64);
                    let v = super::simd_mem::load(mem, *fp.add(a as usize), &arg, vec)?;
                    *fp.add(d as usize) = v as u64;
                    *fp.add(d as usize + 1) = (v >> 64) as u64;
                    pc = pc.add(1);
                }
                Op::V128StoreExt { a, v, ext } => {
                    let arg = code.simd_mem[ext as usize];
                    let mem = (&*regs.inst).memories[arg.mem as usize];
                    let x = *fp.add(v as usize) as u128 | ((*fp.add(v as usize + 1) as u128) << 64);
                    super::simd_mem::store(mem, *fp.add(a as usize), &arg, x)?;
                    pc = pc.add(1);
                }
                Op::I8x16Shuffle { d, b, idx } => {
                    let x = *fp.add(d as usize) as u128 | ((*fp.add(d as usize + 1) as u128) << 64);
                    let y = *fp.add(b as usize) as u128 | ((*fp.add(b as usize + 1) as u128) << 64);
                    let r = crate::handlers::simd::i8x16_shuffle(x, y, code.shuffles[idx as usize]);
                    *fp.add(d as usize) = r as u64;
                    *fp.add(d as usize + 1) = (r >> 64) as u64;
                    pc = pc.add(1);
                }
                Op::RefAsNonNull { a } => {
                    if *fp.add(a as usize) == 0 {
                        return Err(Trap::new(TrapCode::NullReference));
                    }
                    pc = pc.add(1);
                }
            });
        }
    }
}

/// Copies `n` elements between two tables (possibly the same one, possibly overlapping).
///
/// # Safety
/// Both tables are live and the ranges were bounds-checked.
unsafe fn table_copy(td: *mut VMTable, ts: *mut VMTable, d: usize, s: usize, n: usize) {
    if std::ptr::eq(td, ts) {
        // SAFETY: live table, checked ranges.
        unsafe { (*td).elements.copy_within(s..s + n, d) };
    } else {
        // SAFETY: two distinct live tables, checked ranges.
        unsafe {
            let src = &(&*ts).elements[s..s + n];
            (&mut (*td).elements)[d..d + n].copy_from_slice(src);
        }
    }
}

macro_rules! ext_access {
    (
        {}
        binop: [$($_b:tt)*]
        plain: [$($_p:tt)*]
        unop: [$($_u:tt)*]
        load: [$( ($ln:ident, $lsz:literal, $lf:expr) ),* $(,)?]
        store: [$( ($sn:ident, $ssz:literal, $sf:expr) ),* $(,)?]
        cmpbr: [$($_c:tt)*]
    ) => {
        /// A load through any memory with a 64-bit offset; `kind` is the equivalent memory-0 op.
        ///
        /// # Safety
        /// `mem` must be live.
        pub(super) unsafe fn load_ext(mem: *mut LinearMemory, addr: u64, off: u64, kind: Op) -> Result<u64, Trap> {
            // SAFETY: `mem` is live (caller's guarantee); accesses are bounds-checked by `mem_ptr`.
            unsafe {
                match kind {
                    $( Op::$ln { .. } => {
                        let p = mem_ptr(mem, addr, off, $lsz)?;
                        Ok(($lf)(std::ptr::read_unaligned(p as *const [u8; $lsz])))
                    } )*
                    _ => Err(Trap::host("internal error: bad load kind")),
                }
            }
        }

        /// A store through any memory with a 64-bit offset; `kind` is the equivalent memory-0 op.
        ///
        /// # Safety
        /// `mem` must be live.
        unsafe fn store_ext(mem: *mut LinearMemory, addr: u64, off: u64, kind: Op, v: u64) -> Result<(), Trap> {
            // SAFETY: as in `load_ext`.
            unsafe {
                match kind {
                    $( Op::$sn { .. } => {
                        let p = mem_ptr(mem, addr, off, $ssz)?;
                        let bytes: [u8; $ssz] = ($sf)(v);
                        std::ptr::write_unaligned(p as *mut [u8; $ssz], bytes);
                        Ok(())
                    } )*
                    _ => Err(Trap::host("internal error: bad store kind")),
                }
            }
        }
    };
}
for_each_op_family!(ext_access {});
