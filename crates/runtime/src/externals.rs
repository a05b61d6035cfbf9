//! Memories, tables, globals and the `Extern` that names any importable item.

use crate::func::Func;
use crate::store::Store;
use crate::types::ExternType;
use crate::values::Val;
use crate::Error;
use tailor_vm::types::CanonValType;
use tailor_vm::{LinearMemory, TypeRegistry, VMGlobal, VMTable};
use wasmparser::{GlobalType, MemoryType, TableType};

/// A linear memory of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Memory {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

/// A table of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Table {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

/// A global of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Global {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

fn check(store_id: u64, handle: u64) -> Result<(), Error> {
    if store_id != handle {
        return Err(Error::Type("handle belongs to another store".into()));
    }
    Ok(())
}

impl Memory {
    /// A new memory of the given type.
    pub fn new<T>(store: &mut Store<T>, ty: MemoryType) -> Result<Memory, Error> {
        store
            .inner
            .check_count(crate::store::Counted::Memories, 1)?;
        let limit = store.inner.engine.config().max_memory_bytes;
        let budget = store.inner.budget.clone();
        let m = LinearMemory::new(ty.initial, ty.maximum, ty.memory64, limit, budget)
            .map_err(|e| Error::Resource(e.to_string()))?;
        let index = store.inner.push_memory(m, ty);
        Ok(Memory {
            store: store.inner.id,
            index,
        })
    }

    fn raw<'a, T>(&self, store: &'a Store<T>) -> &'a LinearMemory {
        // SAFETY: the pointer is a live memory owned by `store` (handles are only created by it).
        unsafe { &*store.inner.memories[self.index as usize].ptr }
    }

    /// The memory's bytes.
    pub fn data<'a, T>(&self, store: &'a Store<T>) -> &'a [u8] {
        self.raw(store).data()
    }

    /// The memory's bytes, mutably.
    pub fn data_mut<'a, T>(&self, store: &'a mut Store<T>) -> &'a mut [u8] {
        // SAFETY: as in `raw`; `&mut Store` gives exclusive access.
        unsafe { (*store.inner.memories[self.index as usize].ptr).data_mut() }
    }

    /// The memory's bytes and the store's data at the same time (what host functions such as WASI
    /// need: they read guest buffers while updating their own state).
    pub fn data_and_store_mut<'a, T>(&self, store: &'a mut Store<T>) -> (&'a mut [u8], &'a mut T) {
        let ptr = store.inner.memories[self.index as usize].ptr;
        // SAFETY: the memory's bytes live in their own mapping, not inside the store, so the slice and
        // `&mut T` (a field of the store) never overlap; `&mut Store` makes both exclusive.
        let bytes = unsafe { (*ptr).data_mut() };
        (bytes, store.data_mut())
    }

    /// The current size in pages.
    pub fn size<T>(&self, store: &Store<T>) -> u64 {
        self.raw(store).pages()
    }

    /// Grows by `delta` pages; returns the old size.
    pub fn grow<T>(&self, store: &mut Store<T>, delta: u64) -> Result<u64, Error> {
        check(store.inner.id, self.store)?;
        // SAFETY: as in `data_mut`.
        let m = unsafe { &mut *store.inner.memories[self.index as usize].ptr };
        m.grow(delta)
            .ok_or_else(|| Error::Resource(format!("cannot grow memory by {delta} pages")))
    }

    /// The memory's type (with its current size as minimum).
    pub fn ty<T>(&self, store: &Store<T>) -> MemoryType {
        let mut ty = store.inner.memories[self.index as usize].ty;
        ty.initial = self.size(store);
        ty
    }
}

impl Table {
    /// A new table of the given type, filled with `init`.
    pub fn new<T>(store: &mut Store<T>, ty: TableType, init: Val) -> Result<Table, Error> {
        let raw = init.to_raw(&store.inner)?.get_u64();
        store.inner.check_count(crate::store::Counted::Tables, 1)?;
        let limit = store.inner.engine.config().max_table_elements;
        let t = VMTable::new(
            ty.element_type,
            None,
            ty.initial,
            ty.maximum,
            ty.table64,
            raw,
            limit,
            store.inner.budget.clone(),
        )
        .map_err(|e| Error::Resource(e.to_string()))?;
        let elem = TypeRegistry::canon_ref_type(ty.element_type, &[]);
        let index = store.inner.push_table(t, ty, elem);
        Ok(Table {
            store: store.inner.id,
            index,
        })
    }

    fn raw<'a, T>(&self, store: &'a Store<T>) -> &'a VMTable {
        // SAFETY: a live table owned by `store`.
        unsafe { &*store.inner.tables[self.index as usize].ptr }
    }

    /// The current size.
    pub fn size<T>(&self, store: &Store<T>) -> u64 {
        self.raw(store).size()
    }

    /// Element `index`, if in bounds.
    pub fn get<T>(&self, store: &Store<T>, index: u64) -> Option<Val> {
        let t = self.raw(store);
        let raw = *t.elements().get(usize::try_from(index).ok()?)?;
        let ty = store.inner.tables[self.index as usize].ty.element_type;
        Some(Val::from_raw(
            tailor_vm::ValRaw::reference(raw),
            wasmparser::ValType::Ref(ty),
            &store.inner,
        ))
    }

    /// Sets element `index`.
    pub fn set<T>(&self, store: &mut Store<T>, index: u64, val: Val) -> Result<(), Error> {
        check(store.inner.id, self.store)?;
        let raw = val.to_raw(&store.inner)?.get_u64();
        // SAFETY: a live table owned by `store`, accessed exclusively.
        let t = unsafe { &mut *store.inner.tables[self.index as usize].ptr };
        let slot = usize::try_from(index)
            .ok()
            .and_then(|i| t.elements_mut().get_mut(i))
            .ok_or_else(|| Error::Type(format!("table index {index} out of bounds")))?;
        *slot = raw;
        Ok(())
    }

    /// Grows by `delta` elements set to `init`; returns the old size.
    pub fn grow<T>(&self, store: &mut Store<T>, delta: u64, init: Val) -> Result<u64, Error> {
        check(store.inner.id, self.store)?;
        let raw = init.to_raw(&store.inner)?.get_u64();
        // SAFETY: as in `set`.
        let t = unsafe { &mut *store.inner.tables[self.index as usize].ptr };
        t.grow(delta, raw)
            .ok_or_else(|| Error::Resource(format!("cannot grow table by {delta}")))
    }

    /// The table's type (with its current size as minimum).
    pub fn ty<T>(&self, store: &Store<T>) -> TableType {
        let mut ty = store.inner.tables[self.index as usize].ty;
        ty.initial = self.size(store);
        ty
    }
}

impl Global {
    /// A new global of the given type and value.
    pub fn new<T>(store: &mut Store<T>, ty: GlobalType, val: Val) -> Result<Global, Error> {
        if !val.matches(ty.content_type) {
            return Err(Error::Type(format!(
                "value {val:?} does not match global type {}",
                ty.content_type
            )));
        }
        let value = val.to_raw(&store.inner)?;
        let canon: CanonValType = TypeRegistry::canon_val_type(ty.content_type, &[]);
        let g = VMGlobal {
            value,
            ty,
            canon_ref: None,
        };
        let index = store.inner.push_global(g, ty, canon);
        Ok(Global {
            store: store.inner.id,
            index,
        })
    }

    /// The current value.
    pub fn get<T>(&self, store: &Store<T>) -> Val {
        let e = &store.inner.globals[self.index as usize];
        // SAFETY: a live global owned by `store`.
        let raw = unsafe { (*e.ptr).value };
        Val::from_raw(raw, e.ty.content_type, &store.inner)
    }

    /// Sets the value of a mutable global.
    pub fn set<T>(&self, store: &mut Store<T>, val: Val) -> Result<(), Error> {
        check(store.inner.id, self.store)?;
        let e = &store.inner.globals[self.index as usize];
        if !e.ty.mutable {
            return Err(Error::Type("global is immutable".into()));
        }
        if !val.matches(e.ty.content_type) {
            return Err(Error::Type(format!(
                "value {val:?} does not match the global's type"
            )));
        }
        let raw = val.to_raw(&store.inner)?;
        // SAFETY: a live global owned by `store`, accessed exclusively.
        unsafe { (*e.ptr).value = raw };
        Ok(())
    }

    /// The global's type.
    pub fn ty<T>(&self, store: &Store<T>) -> GlobalType {
        store.inner.globals[self.index as usize].ty
    }
}

/// Any importable or exportable item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A table.
    Table(Table),
    /// A memory.
    Memory(Memory),
    /// A global.
    Global(Global),
}

impl Extern {
    /// The function, if this is one.
    pub fn into_func(self) -> Option<Func> {
        match self {
            Extern::Func(f) => Some(f),
            _ => None,
        }
    }
    /// The table, if this is one.
    pub fn into_table(self) -> Option<Table> {
        match self {
            Extern::Table(t) => Some(t),
            _ => None,
        }
    }
    /// The memory, if this is one.
    pub fn into_memory(self) -> Option<Memory> {
        match self {
            Extern::Memory(m) => Some(m),
            _ => None,
        }
    }
    /// The global, if this is one.
    pub fn into_global(self) -> Option<Global> {
        match self {
            Extern::Global(g) => Some(g),
            _ => None,
        }
    }

    /// The item's type.
    pub fn ty<T>(&self, store: &Store<T>) -> ExternType {
        match self {
            Extern::Func(f) => ExternType::Func(f.ty(store)),
            Extern::Table(t) => ExternType::Table(t.ty(store)),
            Extern::Memory(m) => ExternType::Memory(m.ty(store)),
            Extern::Global(g) => ExternType::Global(g.ty(store)),
        }
    }

    pub(crate) fn store_id(&self) -> u64 {
        match self {
            Extern::Func(f) => f.store,
            Extern::Table(t) => t.store,
            Extern::Memory(m) => m.store,
            Extern::Global(g) => g.store,
        }
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Extern {
        Extern::Func(f)
    }
}
impl From<Table> for Extern {
    fn from(t: Table) -> Extern {
        Extern::Table(t)
    }
}
impl From<Memory> for Extern {
    fn from(m: Memory) -> Extern {
        Extern::Memory(m)
    }
}
impl From<Global> for Extern {
    fn from(g: Global) -> Extern {
        Extern::Global(g)
    }
}
