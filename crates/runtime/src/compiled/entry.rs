//! Entering compiled code from the host or the interpreter, and filling a `VMContext`.

use std::sync::Arc;
use tailor_vm::vmctx::{header, TRAP_PENDING};
use tailor_vm::{
    ArrayTrampoline, HostCtx, HostFn, LinearMemory, Trap, TrapCode, VMFunc, VMGlobal, VMInstance,
    VMOffsets, VMStoreContext, VMTable, ValRaw,
};

/// Raw pointers an entry closure holds; they point into the store that owns the closure.
#[derive(Clone, Copy)]
struct EntryPtrs {
    tramp: ArrayTrampoline,
    code: *const u8,
    vmctx: *mut u8,
    store_ctx: *mut VMStoreContext,
}

// SAFETY: the pointers refer to objects of one store, which is only used by one thread at a time
// (stores are not shared between threads while a call runs).
unsafe impl Send for EntryPtrs {}
// SAFETY: as above.
unsafe impl Sync for EntryPtrs {}

/// The approximate current native stack pointer.
#[inline(never)]
fn stack_pointer() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// Takes the trap compiled code recorded in `sc`, clearing it.
pub(crate) fn take_trap(sc: &mut VMStoreContext) -> Option<Trap> {
    let raw = std::mem::take(&mut sc.trap_code);
    if raw == 0 {
        return None;
    }
    let pending = sc.pending.take();
    Some(match (raw, pending) {
        (TRAP_PENDING, Some(t)) => t,
        (raw, _) => {
            let trap = Trap::new(TrapCode::from_raw(raw).unwrap_or(TrapCode::Unreachable));
            let vmctx = std::mem::take(&mut sc.trap_vmctx) as *const u8;
            if vmctx.is_null() {
                trap
            } else {
                // SAFETY: compiled code stored the context of the live instance whose function
                // trapped; its header's instance word points to that instance.
                let inst = unsafe {
                    &*(*(vmctx.add(header::instance as usize) as *const usize) as *const VMInstance)
                };
                let func = sc.trap_func;
                trap.with_func(|| inst.module.display_func_name(func))
            }
        }
    })
}

/// The host-side entry of a compiled function: arguments and results as 16-byte cells, called by
/// `Func::call` and by the interpreter. `stack_budget` bounds the native stack compiled code may use
/// below the outermost entry.
pub(crate) fn compiled_entry(
    tramp: ArrayTrampoline,
    code: *const u8,
    vmctx: *mut u8,
    store_ctx: *mut VMStoreContext,
    stack_budget: usize,
    num_cells: usize,
) -> Arc<HostFn> {
    let p = EntryPtrs {
        tramp,
        code,
        vmctx,
        store_ctx,
    };
    Arc::new(
        move |ctx: HostCtx, args: &[ValRaw], results: &mut [ValRaw]| {
            let p = p;
            // SAFETY: the store context lives as long as the store that owns this closure; no other
            // reference to it is live during the call (compiled code writes it only while it runs).
            let sc = unsafe { &mut *p.store_ctx };
            let saved_store = sc.store;
            sc.store = ctx.store as usize;
            let outermost = sc.stack_limit == 0;
            if outermost {
                sc.stack_limit = stack_pointer().saturating_sub(stack_budget);
            } else if stack_pointer() < sc.stack_limit {
                sc.store = saved_store;
                return Err(Trap::new(TrapCode::StackOverflow));
            }
            let mut cells = [ValRaw::default(); 8];
            let mut heap;
            let buf: &mut [ValRaw] = if num_cells <= cells.len() {
                &mut cells[..num_cells.max(1)]
            } else {
                heap = vec![ValRaw::default(); num_cells];
                &mut heap
            };
            buf[..args.len()].copy_from_slice(args);
            // SAFETY: `tramp` is the trampoline compiled for this function's type, `code` the function
            // and `vmctx` its instance's context; `buf` holds max(params, results) cells.
            unsafe { (p.tramp)(p.vmctx, p.code, buf.as_mut_ptr()) };
            if outermost {
                sc.stack_limit = 0;
            }
            sc.store = saved_store;
            if let Some(t) = take_trap(sc) {
                return Err(t);
            }
            results.copy_from_slice(&buf[..results.len()]);
            Ok(())
        },
    )
}

/// The objects a `VMContext` points to.
pub(crate) struct VmctxParts<'a> {
    pub store_ctx: *mut VMStoreContext,
    pub instance: *mut VMInstance,
    pub type_ids: *const u32,
    pub memories: &'a [*mut LinearMemory],
    pub globals: &'a [*mut VMGlobal],
    pub tables: &'a [*mut VMTable],
    pub funcs: &'a [*const VMFunc],
}

/// Fills `words` (a `VMContext` of `offsets.size()` bytes) from `parts`.
pub(crate) fn init_vmctx(words: &mut [u64], offsets: &VMOffsets, parts: &VmctxParts) {
    let mut set = |off: u32, v: usize| words[(off / 8) as usize] = v as u64;
    set(header::store_ctx, parts.store_ctx as usize);
    set(header::instance, parts.instance as usize);
    set(
        header::libcalls,
        &super::libcalls::TABLE as *const _ as usize,
    );
    set(header::type_ids, parts.type_ids as usize);
    for (i, m) in parts.memories.iter().enumerate() {
        set(offsets.memory(i as u32), *m as usize);
        // SAFETY: a live memory of the store; its base never changes.
        let base = unsafe { (**m).base() };
        set(offsets.memory_base(i as u32), base as usize);
    }
    for (i, g) in parts.globals.iter().enumerate() {
        set(offsets.global(i as u32), *g as usize);
    }
    for (i, t) in parts.tables.iter().enumerate() {
        set(offsets.table(i as u32), *t as usize);
    }
    for (i, f) in parts.funcs.iter().enumerate() {
        set(offsets.func(i as u32), *f as usize);
    }
}
