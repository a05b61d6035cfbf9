//! The libcalls compiled code makes (`tailor_vm::for_each_libcall!`): bulk memory and table
//! operations, growth, and calls to functions without compiled code.
//!
//! Each receives the caller's `VMContext`; a trap is recorded in the store context (the compiled caller
//! checks it after the call) and the function returns normally, so no Rust frame is ever unwound by a
//! non-Rust mechanism.
//!
//! The `extern "C"` entry of every libcall is generated from the libcall list: its one `unsafe` step
//! turns the `VMContext` into a [`LibcallCx`] (`tailor-vm` states and fences the raw access to the
//! instance, its memories and tables), then it runs the safe function of the same name in [`imp`]
//! and records a returned trap. Only `call_slow`, whose arguments are raw pointers, is unsafe inside.

use tailor_vm::libcall_cx::LibcallCx;

/// The libcalls' bodies, one function per libcall, named as in the list.
mod imp {
    pub(super) use tailor_vm::libcall_cx::{memory_copy, memory_init, table_copy, table_init};
    use tailor_vm::libcall_cx::{range_ok, LibcallCx};
    use tailor_vm::{Trap, TrapCode, VMFunc, VMFuncKind, ValRaw};

    fn oob_table() -> Trap {
        Trap::new(TrapCode::TableOutOfBounds)
    }

    pub(super) fn memory_grow(cx: &mut LibcallCx<'_>, mem: u32, delta: u64) -> Result<u64, Trap> {
        Ok(cx.memory(mem).grow(delta).unwrap_or(u64::MAX))
    }

    pub(super) fn memory_fill(
        cx: &mut LibcallCx<'_>,
        mem: u32,
        dst: u64,
        val: u32,
        len: u64,
    ) -> Result<(), Trap> {
        let bytes = cx.memory(mem).data_mut();
        fill_checked(bytes, dst, len, val as u8, TrapCode::MemoryOutOfBounds)
    }

    /// Sets `len` items of `to` from index `dst` to `value`, or returns a trap with `code` when the
    /// range is out of bounds.
    fn fill_checked<T: Copy>(
        to: &mut [T],
        dst: u64,
        len: u64,
        value: T,
        code: TrapCode,
    ) -> Result<(), Trap> {
        if !range_ok(dst, len, to.len() as u64) {
            return Err(Trap::new(code));
        }
        to[dst as usize..(dst + len) as usize].fill(value);
        Ok(())
    }

    pub(super) fn data_drop(cx: &mut LibcallCx<'_>, data: u32) -> Result<(), Trap> {
        cx.instance().data_dropped[data as usize] = true;
        Ok(())
    }

    pub(super) fn table_get(cx: &mut LibcallCx<'_>, table: u32, index: u64) -> Result<u64, Trap> {
        let t = cx.table(table);
        usize::try_from(index)
            .ok()
            .and_then(|x| t.elements().get(x).copied())
            .ok_or_else(oob_table)
    }

    pub(super) fn table_set(
        cx: &mut LibcallCx<'_>,
        table: u32,
        index: u64,
        value: u64,
    ) -> Result<(), Trap> {
        let t = cx.table(table);
        let e = usize::try_from(index)
            .ok()
            .and_then(|x| t.elements_mut().get_mut(x))
            .ok_or_else(oob_table)?;
        *e = value;
        Ok(())
    }

    pub(super) fn table_grow(
        cx: &mut LibcallCx<'_>,
        table: u32,
        init: u64,
        delta: u64,
    ) -> Result<u64, Trap> {
        Ok(cx.table(table).grow(delta, init).unwrap_or(u64::MAX))
    }

    pub(super) fn table_fill(
        cx: &mut LibcallCx<'_>,
        table: u32,
        dst: u64,
        value: u64,
        len: u64,
    ) -> Result<(), Trap> {
        let elements = cx.table(table).elements_mut();
        fill_checked(elements, dst, len, value, TrapCode::TableOutOfBounds)
    }

    pub(super) fn elem_drop(cx: &mut LibcallCx<'_>, elem: u32) -> Result<(), Trap> {
        cx.instance().elems[elem as usize] = Vec::new();
        Ok(())
    }

    /// Calls a function without compiled code; arguments and results in the cells at `values`.
    ///
    /// # Safety
    /// `funcref` is a live, non-null `*const VMFunc` of the caller's store whose type the caller
    /// checked; `values` points to max(params, results, 1) writable cells.
    pub(super) unsafe fn call_slow(
        cx: &mut LibcallCx<'_>,
        funcref: u64,
        values: u64,
    ) -> Result<(), Trap> {
        // SAFETY: guaranteed by the caller (the function and the cells outlive the call).
        let (f, cells) = unsafe {
            let f = &*(funcref as *const VMFunc);
            let n = f.shape.params.len().max(f.shape.results.len()).max(1);
            (f, std::slice::from_raw_parts_mut(values as *mut ValRaw, n))
        };
        let (np, nr) = (f.shape.params.len(), f.shape.results.len());
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
        // The callee may re-enter the store: `cx` holds no reference across the call.
        match &f.kind {
            VMFuncKind::Host(h) | VMFuncKind::Compiled { entry: h, .. } => {
                h(cx.host_ctx(), args, results)?
            }
            VMFuncKind::Wasm { .. } => match cx.store_and_hook() {
                // SAFETY: the runtime set the hook together with `store` in this store context,
                // and `f` is a live function of that store (guaranteed by the caller).
                (store, Some(hook)) => unsafe { hook(store, f, args, results)? },
                (_, None) => {
                    return Err(Trap::host(
                        "internal error: no way to call an interpreted function",
                    ))
                }
            },
        }
        cells[..nr].copy_from_slice(results);
        Ok(())
    }
}

macro_rules! libcall_entries {
    ($( $(#[$doc:meta])* $name:ident ( $( $p:ident : $pt:ident ),* ) $( -> $r:ident )?; )*) => {
        $(
            $(#[$doc])*
            ///
            /// # Safety
            /// Called by compiled code with its own `VMContext` (the contract of
            /// [`LibcallCx::from_vmctx`]) and arguments that meet the libcall's contract: indices
            /// the module's validation checked, and for `call_slow` those of `imp::call_slow`.
            unsafe extern "C" fn $name(vmctx: *mut u8 $(, $p: $pt)*) $( -> $r )? {
                // SAFETY: compiled code passes its own live `VMContext` and is suspended in this
                // call, so nothing else uses its instance, store context, memories or tables
                // (`LibcallCx::from_vmctx`); the arguments meet `imp::$name`'s contract.
                unsafe {
                    let mut cx = LibcallCx::from_vmctx(vmctx);
                    let r = imp::$name(&mut cx $(, $p)*);
                    cx.finish(r)
                }
            }
        )*

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
tailor_vm::for_each_libcall!(libcall_entries);

const _: () = assert!(
    std::mem::size_of::<LibcallTable>()
        == tailor_vm::Libcall::ALL.len() * std::mem::size_of::<usize>()
);
