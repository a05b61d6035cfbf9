//! The libcalls compiled code makes (`tailor_vm::for_each_libcall!`): bulk memory and table
//! operations, growth, and calls to functions without compiled code.
//!
//! Each receives the caller's `VMContext`; a trap is recorded in the store context (the compiled caller
//! checks it after the call) and the function returns normally, so no Rust frame is ever unwound by a
//! non-Rust mechanism.

use tailor_vm::vmctx::{header, TRAP_PENDING};
use tailor_vm::{HostCtx, Trap, TrapCode, VMFunc, VMFuncKind, VMInstance, VMStoreContext, ValRaw};

/// Reads a header word of `vmctx`.
///
/// # Safety
/// `vmctx` is a live `VMContext` built by `init_vmctx`.
unsafe fn word(vmctx: *mut u8, off: u32) -> usize {
    // SAFETY: guaranteed by the caller; header words are 8-byte aligned.
    unsafe { *(vmctx.add(off as usize) as *const usize) }
}

/// The instance and store context of `vmctx`.
///
/// # Safety
/// As for [`word`]; the returned references must not outlive the call.
unsafe fn parts<'a>(vmctx: *mut u8) -> (&'a mut VMInstance, &'a mut VMStoreContext) {
    // SAFETY: guaranteed by the caller: both pointers were stored by `init_vmctx` and are live.
    unsafe {
        (
            &mut *(word(vmctx, header::instance) as *mut VMInstance),
            &mut *(word(vmctx, header::store_ctx) as *mut VMStoreContext),
        )
    }
}

/// Records `trap` for the compiled caller.
fn record(sc: &mut VMStoreContext, trap: Trap) {
    match trap.code() {
        Some(c) if trap.func().is_none() => sc.trap_code = c.to_raw(),
        _ => {
            sc.pending = Some(trap);
            sc.trap_code = TRAP_PENDING;
        }
    }
}

fn range_ok(start: u64, n: u64, len: u64) -> bool {
    start.checked_add(n).is_some_and(|end| end <= len)
}

/// Runs `f` against the instance; a returned trap is recorded.
///
/// # Safety
/// As for [`word`].
unsafe fn with<R: Default>(
    vmctx: *mut u8,
    f: impl FnOnce(&mut VMInstance) -> Result<R, Trap>,
) -> R {
    // SAFETY: guaranteed by the caller.
    let (inst, sc) = unsafe { parts(vmctx) };
    match f(inst) {
        Ok(r) => r,
        Err(t) => {
            record(sc, t);
            R::default()
        }
    }
}

fn oob_mem() -> Trap {
    Trap::new(TrapCode::MemoryOutOfBounds)
}

fn oob_table() -> Trap {
    Trap::new(TrapCode::TableOutOfBounds)
}

/// `memory.grow`.
///
/// # Safety
/// Called by compiled code with its live `VMContext` and a validated memory index.
unsafe extern "C" fn memory_grow(vmctx: *mut u8, mem: u32, delta: u64) -> u64 {
    // SAFETY: guaranteed by the caller; the memory is a live object of the store.
    unsafe {
        with(vmctx, |i| {
            let m = &mut *i.memories[mem as usize];
            Ok(m.grow(delta).unwrap_or(u64::MAX))
        })
    }
}

/// `memory.fill`.
///
/// # Safety
/// As for [`memory_grow`].
unsafe extern "C" fn memory_fill(vmctx: *mut u8, mem: u32, dst: u64, val: u32, len: u64) {
    // SAFETY: guaranteed by the caller; the range is checked against the memory's length.
    unsafe {
        with(vmctx, |i| {
            let m = &mut *i.memories[mem as usize];
            if !range_ok(dst, len, m.len() as u64) {
                return Err(oob_mem());
            }
            m.data_mut()[dst as usize..(dst + len) as usize].fill(val as u8);
            Ok(())
        })
    }
}

/// `memory.copy`.
///
/// # Safety
/// As for [`memory_grow`].
unsafe extern "C" fn memory_copy(vmctx: *mut u8, dm: u32, sm: u32, dst: u64, src: u64, len: u64) {
    // SAFETY: guaranteed by the caller; both ranges are checked; `copy` allows overlap.
    unsafe {
        with(vmctx, |i| {
            let (md, ms) = (i.memories[dm as usize], i.memories[sm as usize]);
            if !range_ok(dst, len, (*md).len() as u64) || !range_ok(src, len, (*ms).len() as u64) {
                return Err(oob_mem());
            }
            std::ptr::copy(
                (*ms).base().add(src as usize),
                (*md).base().add(dst as usize),
                len as usize,
            );
            Ok(())
        })
    }
}

/// `memory.init`.
///
/// # Safety
/// As for [`memory_grow`].
unsafe extern "C" fn memory_init(
    vmctx: *mut u8,
    mem: u32,
    data: u32,
    dst: u64,
    src: u32,
    len: u32,
) {
    // SAFETY: guaranteed by the caller; both ranges are checked.
    unsafe {
        with(vmctx, |i| {
            let bytes: &[u8] = if i.data_dropped[data as usize] {
                &[]
            } else {
                i.module.data_bytes(data)
            };
            let m = &mut *i.memories[mem as usize];
            let (src, len) = (src as u64, len as u64);
            if !range_ok(dst, len, m.len() as u64) || !range_ok(src, len, bytes.len() as u64) {
                return Err(oob_mem());
            }
            m.data_mut()[dst as usize..(dst + len) as usize]
                .copy_from_slice(&bytes[src as usize..(src + len) as usize]);
            Ok(())
        })
    }
}

/// `data.drop`.
///
/// # Safety
/// As for [`memory_grow`].
unsafe extern "C" fn data_drop(vmctx: *mut u8, data: u32) {
    // SAFETY: guaranteed by the caller.
    unsafe {
        with(vmctx, |i| {
            i.data_dropped[data as usize] = true;
            Ok(())
        })
    }
}

/// `table.get`.
///
/// # Safety
/// As for [`memory_grow`].
unsafe extern "C" fn table_get(vmctx: *mut u8, table: u32, index: u64) -> u64 {
    // SAFETY: guaranteed by the caller.
    unsafe {
        with(vmctx, |i| {
            let t = &*i.tables[table as usize];
            usize::try_from(index)
                .ok()
                .and_then(|x| t.elements().get(x).copied())
                .ok_or_else(oob_table)
        })
    }
}

/// `table.set`.
///
/// # Safety
/// As for [`memory_grow`].
unsafe extern "C" fn table_set(vmctx: *mut u8, table: u32, index: u64, value: u64) {
    // SAFETY: guaranteed by the caller.
    unsafe {
        with(vmctx, |i| {
            let t = &mut *i.tables[table as usize];
            let e = usize::try_from(index)
                .ok()
                .and_then(|x| t.elements_mut().get_mut(x))
                .ok_or_else(oob_table)?;
            *e = value;
            Ok(())
        })
    }
}

/// `table.grow`.
///
/// # Safety
/// As for [`memory_grow`].
unsafe extern "C" fn table_grow(vmctx: *mut u8, table: u32, init: u64, delta: u64) -> u64 {
    // SAFETY: guaranteed by the caller.
    unsafe {
        with(vmctx, |i| {
            let t = &mut *i.tables[table as usize];
            Ok(t.grow(delta, init).unwrap_or(u64::MAX))
        })
    }
}

/// `table.fill`.
///
/// # Safety
/// As for [`memory_grow`].
unsafe extern "C" fn table_fill(vmctx: *mut u8, table: u32, dst: u64, value: u64, len: u64) {
    // SAFETY: guaranteed by the caller.
    unsafe {
        with(vmctx, |i| {
            let t = &mut *i.tables[table as usize];
            if !range_ok(dst, len, t.size()) {
                return Err(oob_table());
            }
            t.elements_mut()[dst as usize..(dst + len) as usize].fill(value);
            Ok(())
        })
    }
}

/// `table.copy`.
///
/// # Safety
/// As for [`memory_grow`].
unsafe extern "C" fn table_copy(vmctx: *mut u8, dt: u32, st: u32, dst: u64, src: u64, len: u64) {
    // SAFETY: guaranteed by the caller; ranges are checked; the same table may be both ends.
    unsafe {
        with(vmctx, |i| {
            let (td, ts) = (i.tables[dt as usize], i.tables[st as usize]);
            if !range_ok(dst, len, (*td).size()) || !range_ok(src, len, (*ts).size()) {
                return Err(oob_table());
            }
            // Raw pointers (no two live references when both ends are one table); `copy` allows
            // the ranges to overlap.
            let from = (&*ts).elements().as_ptr().add(src as usize);
            let to = (*td).elements_mut().as_mut_ptr().add(dst as usize);
            std::ptr::copy(from, to, len as usize);
            Ok(())
        })
    }
}

/// `table.init`.
///
/// # Safety
/// As for [`memory_grow`].
unsafe extern "C" fn table_init(
    vmctx: *mut u8,
    table: u32,
    elem: u32,
    dst: u64,
    src: u32,
    len: u32,
) {
    // SAFETY: guaranteed by the caller; ranges are checked.
    unsafe {
        with(vmctx, |i| {
            let t = &mut *i.tables[table as usize];
            let seg = &i.elems[elem as usize];
            let (src, len) = (src as u64, len as u64);
            if !range_ok(dst, len, t.size()) || !range_ok(src, len, seg.len() as u64) {
                return Err(oob_table());
            }
            t.elements_mut()[dst as usize..(dst + len) as usize]
                .copy_from_slice(&seg[src as usize..(src + len) as usize]);
            Ok(())
        })
    }
}

/// `elem.drop`.
///
/// # Safety
/// As for [`memory_grow`].
unsafe extern "C" fn elem_drop(vmctx: *mut u8, elem: u32) {
    // SAFETY: guaranteed by the caller.
    unsafe {
        with(vmctx, |i| {
            i.elems[elem as usize] = Vec::new();
            Ok(())
        })
    }
}

/// Calls a function without compiled code; arguments and results in the cells at `values`.
///
/// # Safety
/// `funcref` is a live, non-null function of the store whose type the caller checked; `values` holds
/// max(params, results) cells.
unsafe extern "C" fn call_slow(vmctx: *mut u8, funcref: u64, values: u64) {
    // SAFETY: guaranteed by the caller.
    unsafe {
        let (inst, sc) = parts(vmctx);
        let f = &*(funcref as *const VMFunc);
        let (np, nr) = (f.shape.params.len(), f.shape.results.len());
        let cells = std::slice::from_raw_parts_mut(values as *mut ValRaw, np.max(nr).max(1));
        // Arguments and results are separate slices for the callee; small signatures (every WASI
        // function) stay on the stack, so a host call from compiled code does not allocate.
        const SMALL: usize = 8;
        let (mut arg_buf, mut res_buf) = ([ValRaw::default(); SMALL], [ValRaw::default(); SMALL]);
        let (mut arg_vec, mut res_vec) = (Vec::new(), Vec::new());
        let args: &mut [ValRaw] = if np <= SMALL {
            &mut arg_buf[..np]
        } else {
            arg_vec.resize(np, ValRaw::default());
            &mut arg_vec
        };
        args.copy_from_slice(&cells[..np]);
        let results: &mut [ValRaw] = if nr <= SMALL {
            &mut res_buf[..nr]
        } else {
            res_vec.resize(nr, ValRaw::default());
            &mut res_vec
        };
        let store = sc.store;
        let hook = sc.call_hook;
        let r = match &f.kind {
            VMFuncKind::Host(h) | VMFuncKind::Compiled { entry: h, .. } => h(
                HostCtx {
                    store: store as *mut (),
                    caller: inst as *const VMInstance,
                },
                args,
                results,
            ),
            VMFuncKind::Wasm { .. } => match hook {
                Some(hook) => hook(store, f, args, results),
                None => Err(Trap::host(
                    "internal error: no way to call an interpreted function",
                )),
            },
        };
        // The callee may have re-entered the store; look the context up again.
        let (_, sc) = parts(vmctx);
        match r {
            Ok(()) => cells[..nr].copy_from_slice(results),
            Err(t) => record(sc, t),
        }
    }
}

macro_rules! libcall_table {
    ($( $(#[$doc:meta])* $name:ident ( $( $p:ident : $pt:ident ),* ) $( -> $r:ident )?; )*) => {
        /// The libcalls as one `repr(C)` record of function pointers: one word each, in
        /// `tailor_vm::Libcall` order, which is how compiled code indexes it.
        #[repr(C)]
        pub(crate) struct LibcallTable {
            $( $name: unsafe extern "C" fn(*mut u8 $(, $pt)*) $( -> $r )?, )*
        }

        /// The table every `VMContext` points to.
        pub(crate) static TABLE: LibcallTable = LibcallTable { $( $name, )* };
    };
}
tailor_vm::for_each_libcall!(libcall_table);

const _: () = assert!(
    std::mem::size_of::<LibcallTable>()
        == tailor_vm::Libcall::ALL.len() * std::mem::size_of::<usize>()
);
