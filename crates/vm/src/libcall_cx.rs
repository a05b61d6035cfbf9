//! What a libcall reaches from its caller's `VMContext`: the instance, its store context, and the
//! memories and tables the instance points to.
//!
//! Every raw-pointer step a libcall makes is here, under the one contract of
//! [`LibcallCx::from_vmctx`]; the runtime's libcalls call that once on entry and are safe code
//! after it. References are made per access and never held across a call into the store, so a
//! callee that re-enters the store (from `call_slow`) finds no outstanding borrow.
//!
//! The libcalls that hold two objects at once (`memory.copy` and `table.copy`, whose two ends may be
//! one object; `memory.init` and `table.init`, which read the instance while writing a memory or a
//! table) are implemented here whole, as free functions of the same names.

use std::marker::PhantomData;

use crate::vmctx::{header, TRAP_PENDING};
use crate::{HostCtx, LinearMemory, Trap, TrapCode, VMInstance, VMStoreContext, VMTable};

/// The context of one libcall: the caller's instance and store context.
pub struct LibcallCx<'a> {
    instance: *mut VMInstance,
    store_ctx: *mut VMStoreContext,
    _call: PhantomData<&'a mut VMInstance>,
}

impl LibcallCx<'_> {
    /// The context of a libcall made by compiled code with `vmctx`.
    ///
    /// # Safety
    /// For as long as the returned value lives:
    /// - `vmctx` is a live `VMContext` built by `init_vmctx`, so its `instance` and `store_ctx`
    ///   header words point to the live [`VMInstance`] and [`VMStoreContext`] it belongs to;
    /// - every memory and table pointer of that instance points to a live object of the same store
    ///   (the store owns them and outlives the instance, see [`VMInstance`]);
    /// - nothing but this value accesses that instance, store context, memories and tables (the
    ///   compiled caller is suspended in the call; a callee reached through [`LibcallCx::call`]
    ///   may use them while it runs, since no reference made here is held across it).
    pub unsafe fn from_vmctx(vmctx: *mut u8) -> Self {
        let word = |off: u32| {
            // SAFETY: the caller guarantees `vmctx` is a live VMContext; header words are
            // pointer-sized and pointer-aligned at the offsets `header` gives.
            unsafe { *(vmctx.add(off as usize) as *const usize) }
        };
        LibcallCx {
            instance: word(header::instance) as *mut VMInstance,
            store_ctx: word(header::store_ctx) as *mut VMStoreContext,
            _call: PhantomData,
        }
    }

    /// The caller's instance.
    pub fn instance(&mut self) -> &mut VMInstance {
        // SAFETY: live and not otherwise accessed during the call (the contract of `from_vmctx`);
        // `&mut self` makes this the only reference made here.
        unsafe { &mut *self.instance }
    }

    fn store_ctx(&mut self) -> &mut VMStoreContext {
        // SAFETY: as in `instance`.
        unsafe { &mut *self.store_ctx }
    }

    /// Memory `index` of the instance (imports first).
    ///
    /// # Panics
    /// If the instance has no memory `index` (validation rules that out for compiled code).
    pub fn memory(&mut self, index: u32) -> &mut LinearMemory {
        let ptr = self.instance().memories[index as usize];
        // SAFETY: the instance's memory pointers are live and not otherwise accessed during the
        // call (the contract of `from_vmctx`); `&mut self` makes this the only reference made here.
        unsafe { &mut *ptr }
    }

    /// Table `index` of the instance (imports first).
    ///
    /// # Panics
    /// If the instance has no table `index`.
    pub fn table(&mut self, index: u32) -> &mut VMTable {
        let ptr = self.instance().tables[index as usize];
        // SAFETY: as in `memory`, for the instance's table pointers.
        unsafe { &mut *ptr }
    }

    /// What a host function called from this libcall is given: the store of the running call and
    /// the caller's instance.
    pub fn host_ctx(&mut self) -> HostCtx {
        HostCtx {
            store: self.store_ctx().store as *mut (),
            caller: self.instance as *const VMInstance,
        }
    }

    /// The store of the running call and the runtime's call hook (see [`VMStoreContext`]).
    pub fn store_and_hook(&mut self) -> (usize, Option<crate::vmctx::CallHook>) {
        let sc = self.store_ctx();
        (sc.store, sc.call_hook)
    }

    /// `r`'s value, or, when it is a trap, records the trap for the compiled caller (which checks
    /// after the call) and returns `R::default()`.
    pub fn finish<R: Default>(&mut self, r: Result<R, Trap>) -> R {
        match r {
            Ok(r) => r,
            Err(trap) => {
                let sc = self.store_ctx();
                match trap.code() {
                    Some(c) if trap.func().is_none() => sc.trap_code = c.to_raw(),
                    _ => {
                        sc.pending = Some(trap);
                        sc.trap_code = TRAP_PENDING;
                    }
                }
                R::default()
            }
        }
    }
}

/// `memory.copy`: `len` bytes from `src` in memory `src_mem` to `dst` in memory `dst_mem` (the same
/// memory or two; the ranges may overlap).
pub fn memory_copy(
    cx: &mut LibcallCx<'_>,
    dst_mem: u32,
    src_mem: u32,
    dst: u64,
    src: u64,
    len: u64,
) -> Result<(), Trap> {
    let inst = cx.instance();
    let (md, ms) = (
        inst.memories[dst_mem as usize],
        inst.memories[src_mem as usize],
    );
    // SAFETY: both are live memories of the store, not otherwise accessed during the call (the
    // contract of `from_vmctx`); their bytes `base..base + len` are committed and writable, and no
    // reference to either is kept, so they may be one memory.
    unsafe {
        let (to, from) = (((*md).base(), (*md).len()), ((*ms).base(), (*ms).len()));
        copy_checked(to, dst, from, src, len, TrapCode::MemoryOutOfBounds)
    }
}

/// `table.copy`: `len` elements from `src` in table `src_table` to `dst` in table `dst_table` (the
/// same table or two; the ranges may overlap).
pub fn table_copy(
    cx: &mut LibcallCx<'_>,
    dst_table: u32,
    src_table: u32,
    dst: u64,
    src: u64,
    len: u64,
) -> Result<(), Trap> {
    let inst = cx.instance();
    let (td, ts) = (
        inst.tables[dst_table as usize],
        inst.tables[src_table as usize],
    );
    // SAFETY: both are live tables of the store, not otherwise accessed during the call (the
    // contract of `from_vmctx`); each reference made here ends before the next, so none aliases
    // when both are one table; their elements stay where they are during the copy.
    unsafe {
        let from = ((*ts).elements().as_ptr(), (*ts).elements().len());
        let to = ((*td).elements_mut().as_mut_ptr(), (*td).elements().len());
        copy_checked(
            to,
            dst,
            (from.0.cast_mut(), from.1),
            src,
            len,
            TrapCode::TableOutOfBounds,
        )
    }
}

/// Copies `len` items from index `src` of `from` (base, length) to index `dst` of `to`, or returns
/// a trap with `code` when either range is out of bounds. The ranges may overlap.
///
/// # Safety
/// Each (base, length) is valid for reads and writes of that many items for the call.
unsafe fn copy_checked<T: Copy>(
    to: (*mut T, usize),
    dst: u64,
    from: (*mut T, usize),
    src: u64,
    len: u64,
    code: TrapCode,
) -> Result<(), Trap> {
    if !range_ok(dst, len, to.1 as u64) || !range_ok(src, len, from.1 as u64) {
        return Err(Trap::new(code));
    }
    // SAFETY: both ranges are within their objects (checked above; the caller guarantees the
    // objects); `copy` allows the ranges to overlap.
    unsafe {
        std::ptr::copy(
            from.0.add(src as usize),
            to.0.add(dst as usize),
            len as usize,
        )
    };
    Ok(())
}

/// `memory.init`: `len` bytes from `src` in data segment `data` (empty once dropped) to `dst` in
/// memory `mem`.
pub fn memory_init(
    cx: &mut LibcallCx<'_>,
    mem: u32,
    data: u32,
    dst: u64,
    src: u32,
    len: u32,
) -> Result<(), Trap> {
    let inst = cx.instance();
    let bytes: &[u8] = if inst.data_dropped[data as usize] {
        &[]
    } else {
        inst.module.data_bytes(data)
    };
    let ptr = inst.memories[mem as usize];
    // SAFETY: a live memory of the store, not otherwise accessed during the call (the contract of
    // `from_vmctx`); it is not the instance, whose module `bytes` borrows.
    let m = unsafe { &mut *ptr };
    init_checked(
        m.data_mut(),
        dst,
        bytes,
        src,
        len,
        TrapCode::MemoryOutOfBounds,
    )
}

/// `table.init`: `len` elements from `src` in element segment `elem` (empty once dropped) to `dst`
/// in table `table`.
pub fn table_init(
    cx: &mut LibcallCx<'_>,
    table: u32,
    elem: u32,
    dst: u64,
    src: u32,
    len: u32,
) -> Result<(), Trap> {
    let inst = cx.instance();
    let seg = &inst.elems[elem as usize];
    let ptr = inst.tables[table as usize];
    // SAFETY: a live table of the store, not otherwise accessed during the call (the contract of
    // `from_vmctx`); it is not the instance, which `seg` borrows.
    let t = unsafe { &mut *ptr };
    init_checked(
        t.elements_mut(),
        dst,
        seg,
        src,
        len,
        TrapCode::TableOutOfBounds,
    )
}

/// Copies `len` items from index `src` of `from` to index `dst` of `to`, or returns a trap with
/// `code` when either range is out of bounds.
fn init_checked<T: Copy>(
    to: &mut [T],
    dst: u64,
    from: &[T],
    src: u32,
    len: u32,
    code: TrapCode,
) -> Result<(), Trap> {
    let (src, len) = (u64::from(src), u64::from(len));
    if !range_ok(dst, len, to.len() as u64) || !range_ok(src, len, from.len() as u64) {
        return Err(Trap::new(code));
    }
    to[dst as usize..(dst + len) as usize]
        .copy_from_slice(&from[src as usize..(src + len) as usize]);
    Ok(())
}

/// Whether `start..start + n` lies within `0..len`.
pub fn range_ok(start: u64, n: u64, len: u64) -> bool {
    start.checked_add(n).is_some_and(|end| end <= len)
}
