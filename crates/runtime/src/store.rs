//! The store: owner of every runtime object.
//!
//! Objects are allocated with `Box::into_raw` so that their addresses stay fixed (compiled code and the
//! interpreter hold raw pointers to them) and are freed together when the store is dropped.

use crate::module::Module;
use crate::types::FuncType;
use crate::Engine;
use std::any::Any;
use std::sync::atomic::{AtomicU64, Ordering};
use tailor_interp::{Stack, StackLimits};
use tailor_vm::types::CanonValType;
use tailor_vm::{LinearMemory, ResourceBudget, VMFunc, VMGlobal, VMInstance, VMTable};
use wasmparser::{GlobalType, MemoryType, TableType};

static NEXT_STORE_ID: AtomicU64 = AtomicU64::new(1);

pub(crate) struct FuncEntry {
    pub ptr: *mut VMFunc,
    pub ty: FuncType,
}

pub(crate) struct TableEntry {
    pub ptr: *mut VMTable,
    pub ty: TableType,
    pub elem: CanonValType,
}

pub(crate) struct MemoryEntry {
    pub ptr: *mut LinearMemory,
    pub ty: MemoryType,
}

pub(crate) struct GlobalEntry {
    pub ptr: *mut VMGlobal,
    pub ty: GlobalType,
    pub canon: CanonValType,
}

pub(crate) struct InstanceEntry {
    pub vm: *mut VMInstance,
    pub module: Module,
    pub funcs: Vec<u32>,
    pub tables: Vec<u32>,
    pub memories: Vec<u32>,
    pub globals: Vec<u32>,
    /// The `VMContext` of a compiled instance (its address is fixed: compiled code holds it).
    pub vmctx: Option<Box<[u64]>>,
}

/// The type-independent part of a store.
pub(crate) struct StoreInner {
    pub id: u64,
    pub engine: Engine,
    pub funcs: Vec<FuncEntry>,
    pub tables: Vec<TableEntry>,
    pub memories: Vec<MemoryEntry>,
    pub globals: Vec<GlobalEntry>,
    pub instances: Vec<InstanceEntry>,
    pub externrefs: Vec<Box<dyn Any + Send + Sync>>,
    pub stack: Option<Stack>,
    /// How many host-to-wasm calls are active (host functions may call back into wasm).
    pub nesting: u32,
    /// The native stack address of the outermost active call (to bound native recursion).
    pub native_base: usize,
    /// State shared with compiled code (trap code, stack limit); boxed so its address is fixed.
    pub store_ctx: Box<tailor_vm::VMStoreContext>,
    /// The store's total linear-memory bytes and table elements, charged by every memory and table.
    pub budget: std::sync::Arc<ResourceBudget>,
}

/// The most native stack that nested host-to-wasm calls may use below the outermost one.
pub(crate) const NATIVE_STACK_BUDGET: usize = 512 * 1024;

/// The most nested host-to-wasm calls (each uses native stack, so this bounds native recursion).
pub(crate) const MAX_NESTING: u32 = 1000;

/// What [`StoreInner::check_count`] counts.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Counted {
    Instances,
    Tables,
    Memories,
}

impl StoreInner {
    /// An error unless `more` objects of `what` fit under the store's count limit.
    pub fn check_count(&self, what: Counted, more: usize) -> Result<(), crate::Error> {
        let c = self.engine.config();
        let (have, limit, name) = match what {
            Counted::Instances => (self.instances.len(), c.max_instances, "instances"),
            Counted::Tables => (self.tables.len(), c.max_tables, "tables"),
            Counted::Memories => (self.memories.len(), c.max_memories, "memories"),
        };
        if have.saturating_add(more) > limit {
            return Err(crate::Error::Resource(format!(
                "{more} more {name} would exceed the store's limit of {limit} {name} ({have} exist)"
            )));
        }
        Ok(())
    }

    pub fn push_func(&mut self, mut f: VMFunc, ty: FuncType) -> u32 {
        let idx = self.funcs.len() as u32;
        f.store_index = idx;
        self.funcs.push(FuncEntry {
            ptr: Box::into_raw(Box::new(f)),
            ty,
        });
        idx
    }

    pub fn push_table(&mut self, t: VMTable, ty: TableType, elem: CanonValType) -> u32 {
        self.tables.push(TableEntry {
            ptr: Box::into_raw(Box::new(t)),
            ty,
            elem,
        });
        self.tables.len() as u32 - 1
    }

    pub fn push_memory(&mut self, m: LinearMemory, ty: MemoryType) -> u32 {
        self.memories.push(MemoryEntry {
            ptr: Box::into_raw(Box::new(m)),
            ty,
        });
        self.memories.len() as u32 - 1
    }

    pub fn push_global(&mut self, g: VMGlobal, ty: GlobalType, canon: CanonValType) -> u32 {
        self.globals.push(GlobalEntry {
            ptr: Box::into_raw(Box::new(g)),
            ty,
            canon,
        });
        self.globals.len() as u32 - 1
    }

    /// Takes the execution stack (a fresh one when it is in use by an outer call).
    pub fn take_stack(&mut self) -> Stack {
        self.stack.take().unwrap_or_else(|| {
            let c = self.engine.config();
            let mut stack = Stack::new(StackLimits {
                max_slots: c.max_stack_slots,
                max_depth: c.max_call_depth as usize,
            });
            stack.set_handlers(self.engine.handler_set());
            stack
        })
    }
}

impl Drop for StoreInner {
    fn drop(&mut self) {
        // SAFETY: every pointer below came from Box::into_raw in this store and is freed exactly once;
        // nothing can use them after the store is gone because all handles check the store id and
        // borrow the store.
        unsafe {
            for i in self.instances.drain(..) {
                drop(Box::from_raw(i.vm));
            }
            for f in self.funcs.drain(..) {
                drop(Box::from_raw(f.ptr));
            }
            for t in self.tables.drain(..) {
                drop(Box::from_raw(t.ptr));
            }
            for m in self.memories.drain(..) {
                drop(Box::from_raw(m.ptr));
            }
            for g in self.globals.drain(..) {
                drop(Box::from_raw(g.ptr));
            }
        }
    }
}

/// Owns all instances and objects created in it, plus the embedder's data `T`.
pub struct Store<T> {
    pub(crate) inner: StoreInner,
    data: T,
}

impl<T> std::fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("instances", &self.inner.instances.len())
            .finish()
    }
}

impl<T> Store<T> {
    /// A new, empty store.
    pub fn new(engine: &Engine, data: T) -> Store<T> {
        Store {
            inner: StoreInner {
                id: NEXT_STORE_ID.fetch_add(1, Ordering::Relaxed),
                engine: engine.clone(),
                funcs: Vec::new(),
                tables: Vec::new(),
                memories: Vec::new(),
                globals: Vec::new(),
                instances: Vec::new(),
                externrefs: Vec::new(),
                stack: None,
                nesting: 0,
                native_base: 0,
                store_ctx: Box::new(tailor_vm::VMStoreContext {
                    call_hook: Some(call_hook::<T>),
                    ..Default::default()
                }),
                budget: ResourceBudget::new(
                    engine.config().max_total_memory_bytes,
                    engine.config().max_total_table_elements,
                ),
            },
            data,
        }
    }

    /// The embedder's data.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The embedder's data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.data
    }

    /// Consumes the store, returning the embedder's data.
    pub fn into_data(self) -> T {
        self.data
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }
}

/// How compiled code calls an interpreted function of a `Store<T>`: through `Func::call_raw`.
///
/// # Safety
/// `store` is the `*mut Store<T>` of the running call (set by the entry of compiled code) and `func` a
/// live function of it whose type matches `args`/`results`.
unsafe fn call_hook<T>(
    store: usize,
    func: *const VMFunc,
    args: &[tailor_vm::ValRaw],
    results: &mut [tailor_vm::ValRaw],
) -> Result<(), tailor_vm::Trap> {
    // SAFETY: guaranteed by the caller; the store is not otherwise borrowed while compiled code runs.
    let (store, index) = unsafe { (&mut *(store as *mut Store<T>), (*func).store_index) };
    let f = crate::Func {
        store: store.inner.id,
        index,
    };
    f.call_raw(store, args, results).map_err(|e| match e {
        crate::Error::Trap(t) => t,
        other => tailor_vm::Trap::host(other.to_string()),
    })
}
