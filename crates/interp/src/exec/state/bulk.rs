//! Out-of-line slow paths: bulk memory and table operations, other-memory loads and stores, globals
//! of `v128` type. Each takes the context and the op and returns `Ok` or the trap.

use super::{mem_ptr, record, Ctx};
use crate::ops::Op;
use tailor_vm::{LinearMemory, Trap, TrapCode, VMTable, ValRaw};

/// Checks that `[start, start + n)` fits in `len`.
#[inline(always)]
fn range_ok(start: u64, n: u64, len: u64) -> bool {
    start.checked_add(n).is_some_and(|end| end <= len)
}

/// Executes the slow-path op at `ip` (`memory.*`, `table.*`, `data.drop`, `elem.drop`, other-memory
/// and lane loads/stores, `v128` globals, shuffles); `false` after recording a trap.
///
/// # Safety
/// `cx` is live, `fp` is the current frame and `ip` points into the running code.
#[inline(never)]
pub(crate) unsafe fn bulk(cx: *mut Ctx, fp: *mut u64, ip: *const Op) -> bool {
    // SAFETY: forwarded from the caller.
    unsafe {
        match bulk_inner(cx, fp, *ip) {
            Ok(()) => true,
            Err(t) => {
                record(cx, t);
                false
            }
        }
    }
}

/// The body of [`bulk`].
///
/// # Safety
/// As for [`bulk`].
unsafe fn bulk_inner(cx: *mut Ctx, fp: *mut u64, op: Op) -> Result<(), Trap> {
    // SAFETY: see the module documentation of `state`; all objects are live objects of the store and
    // every index was validated (memories, tables, segments) or is bounds-checked here.
    unsafe {
        let inst = &mut *(*cx).inst;
        let slot = |i: u32| *fp.add(i as usize);
        match op {
            Op::MemoryGrow { s, mem } => {
                let m = &mut *inst.memories[mem as usize];
                let r = match m.grow(slot(s)) {
                    Some(old) => old,
                    None if m.is_64() => u64::MAX,
                    None => u32::MAX as u64,
                };
                *fp.add(s as usize) = r;
            }
            Op::MemoryFill { s, mem } => {
                let m = inst.memories[mem as usize];
                let (dst, val, n) = (slot(s), slot(s + 1), slot(s + 2));
                if !range_ok(dst, n, (*m).len() as u64) {
                    return Err(Trap::new(TrapCode::MemoryOutOfBounds));
                }
                std::ptr::write_bytes((*m).base().add(dst as usize), val as u8, n as usize);
            }
            Op::MemoryCopy { s, dst, src } => {
                let md = inst.memories[dst as usize];
                let ms = inst.memories[src as usize];
                let (d, sr, n) = (slot(s), slot(s + 1), slot(s + 2));
                if !range_ok(d, n, (*md).len() as u64) || !range_ok(sr, n, (*ms).len() as u64) {
                    return Err(Trap::new(TrapCode::MemoryOutOfBounds));
                }
                std::ptr::copy(
                    (*ms).base().add(sr as usize),
                    (*md).base().add(d as usize),
                    n as usize,
                );
            }
            Op::MemoryInit { s, mem, data } => {
                let m = inst.memories[mem as usize];
                let bytes: &[u8] = if inst.data_dropped[data as usize] {
                    &[]
                } else {
                    inst.module.data_bytes(data)
                };
                let (d, sr, n) = (
                    slot(s),
                    slot(s + 1) as u32 as u64,
                    slot(s + 2) as u32 as u64,
                );
                if !range_ok(d, n, (*m).len() as u64) || !range_ok(sr, n, bytes.len() as u64) {
                    return Err(Trap::new(TrapCode::MemoryOutOfBounds));
                }
                std::ptr::copy_nonoverlapping(
                    bytes.as_ptr().add(sr as usize),
                    (*m).base().add(d as usize),
                    n as usize,
                );
            }
            Op::DataDrop { data } => inst.data_dropped[data as usize] = true,
            Op::TableGet { d, idx, t } => {
                let tab = &*inst.tables[t as usize];
                let Some(&v) = usize::try_from(slot(idx))
                    .ok()
                    .and_then(|i| tab.elements().get(i))
                else {
                    return Err(Trap::new(TrapCode::TableOutOfBounds));
                };
                *fp.add(d as usize) = v;
            }
            Op::TableSet { idx, v, t } => {
                let tab = &mut *inst.tables[t as usize];
                let Some(e) = usize::try_from(slot(idx))
                    .ok()
                    .and_then(|i| tab.elements_mut().get_mut(i))
                else {
                    return Err(Trap::new(TrapCode::TableOutOfBounds));
                };
                *e = slot(v);
            }
            Op::TableSize { d, t } => *fp.add(d as usize) = (*inst.tables[t as usize]).size(),
            Op::TableGrow { s, t } => {
                let tab = &mut *inst.tables[t as usize];
                *fp.add(s as usize) = match tab.grow(slot(s + 1), slot(s)) {
                    Some(old) => old,
                    None if tab.index64 => u64::MAX,
                    None => u32::MAX as u64,
                };
            }
            Op::TableFill { s, t } => {
                let tab = &mut *inst.tables[t as usize];
                let (i, v, n) = (slot(s), slot(s + 1), slot(s + 2));
                if !range_ok(i, n, tab.size()) {
                    return Err(Trap::new(TrapCode::TableOutOfBounds));
                }
                tab.elements_mut()[i as usize..(i + n) as usize].fill(v);
            }
            Op::TableCopy { s, dst, src } => {
                let td = inst.tables[dst as usize];
                let ts = inst.tables[src as usize];
                let (d, sr, n) = (slot(s), slot(s + 1), slot(s + 2));
                if !range_ok(d, n, (*td).size()) || !range_ok(sr, n, (*ts).size()) {
                    return Err(Trap::new(TrapCode::TableOutOfBounds));
                }
                table_copy(td, ts, d as usize, sr as usize, n as usize);
            }
            Op::TableInit { s, t, elem } => {
                let tab = &mut *inst.tables[t as usize];
                let seg = &inst.elems[elem as usize];
                let (d, sr, n) = (
                    slot(s),
                    slot(s + 1) as u32 as u64,
                    slot(s + 2) as u32 as u64,
                );
                if !range_ok(d, n, tab.size()) || !range_ok(sr, n, seg.len() as u64) {
                    return Err(Trap::new(TrapCode::TableOutOfBounds));
                }
                tab.elements_mut()[d as usize..(d + n) as usize]
                    .copy_from_slice(&seg[sr as usize..(sr + n) as usize]);
            }
            Op::ElemDrop { elem } => inst.elems[elem as usize] = Vec::new(),
            Op::GlobalGetV128 { d, g } => {
                let v = (*inst.globals[g as usize]).value.0;
                *fp.add(d as usize) = v as u64;
                *fp.add(d as usize + 1) = (v >> 64) as u64;
            }
            Op::GlobalSetV128 { g, s } => {
                let v = slot(s) as u128 | ((slot(s + 1) as u128) << 64);
                (*inst.globals[g as usize]).value = ValRaw(v);
            }
            Op::LoadExt { d, a, ext } => {
                let e = (&*(*cx).code).mem_ext[ext as usize];
                *fp.add(d as usize) =
                    load_ext(inst.memories[e.mem as usize], slot(a), e.offset, e.kind)?;
            }
            Op::StoreExt { a, v, ext } => {
                let e = (&*(*cx).code).mem_ext[ext as usize];
                store_ext(
                    inst.memories[e.mem as usize],
                    slot(a),
                    e.offset,
                    e.kind,
                    slot(v),
                )?;
            }
            Op::V128LoadExt { d, a, ext } => {
                let arg = (&*(*cx).code).simd_mem[ext as usize];
                let vs = arg.vec as usize;
                let vec = *fp.add(vs) as u128 | ((*fp.add(vs + 1) as u128) << 64);
                let v = super::simd_mem::load(inst.memories[arg.mem as usize], slot(a), &arg, vec)?;
                *fp.add(d as usize) = v as u64;
                *fp.add(d as usize + 1) = (v >> 64) as u64;
            }
            Op::V128StoreExt { a, v, ext } => {
                let arg = (&*(*cx).code).simd_mem[ext as usize];
                let x = slot(v) as u128 | ((slot(v + 1) as u128) << 64);
                super::simd_mem::store(inst.memories[arg.mem as usize], slot(a), &arg, x)?;
            }
            Op::I8x16Shuffle { d, b, idx } => {
                let x = slot(d) as u128 | ((slot(d + 1) as u128) << 64);
                let y = slot(b) as u128 | ((slot(b + 1) as u128) << 64);
                let r =
                    crate::ops::simd::i8x16_shuffle(x, y, (&*(*cx).code).shuffles[idx as usize]);
                *fp.add(d as usize) = r as u64;
                *fp.add(d as usize + 1) = (r >> 64) as u64;
            }
            _ => return Err(Trap::host("internal error: not a slow-path op")),
        }
        Ok(())
    }
}

/// Copies `n` elements between two tables (possibly the same one, possibly overlapping).
///
/// # Safety
/// Both tables are live and the ranges were bounds-checked.
unsafe fn table_copy(td: *mut VMTable, ts: *mut VMTable, d: usize, s: usize, n: usize) {
    if std::ptr::eq(td, ts) {
        // SAFETY: live table, checked ranges.
        unsafe { (*td).elements_mut().copy_within(s..s + n, d) };
    } else {
        // SAFETY: two distinct live tables, checked ranges.
        unsafe {
            let src = &(&*ts).elements()[s..s + n];
            (*td).elements_mut()[d..d + n].copy_from_slice(src);
        }
    }
}

/// A load through any memory with a 64-bit offset; `kind` is the equivalent memory-0 op.
///
/// # Safety
/// `mem` must be live.
unsafe fn load_ext(mem: *mut LinearMemory, addr: u64, off: u64, kind: Op) -> Result<u64, Trap> {
    let Some((size, conv)) = kind.load_access() else {
        return Err(Trap::host("internal error: bad load kind"));
    };
    let mut bytes = [0u8; 8];
    // SAFETY: `mem` is live (caller's guarantee); `mem_ptr` checked that `size` bytes lie inside it,
    // and `size` is at most 8.
    unsafe {
        let p = mem_ptr(mem, addr, off, size as u64)?;
        std::ptr::copy_nonoverlapping(p, bytes.as_mut_ptr(), size);
    }
    Ok(conv(&bytes[..size]))
}

/// A store through any memory with a 64-bit offset; `kind` is the equivalent memory-0 op.
///
/// # Safety
/// `mem` must be live.
unsafe fn store_ext(
    mem: *mut LinearMemory,
    addr: u64,
    off: u64,
    kind: Op,
    v: u64,
) -> Result<(), Trap> {
    let Some((size, conv)) = kind.store_access() else {
        return Err(Trap::host("internal error: bad store kind"));
    };
    let mut bytes = [0u8; 8];
    conv(v, &mut bytes);
    // SAFETY: as in `load_ext`.
    unsafe {
        let p = mem_ptr(mem, addr, off, size as u64)?;
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), p, size);
    }
    Ok(())
}
