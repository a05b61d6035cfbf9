//! Instantiation: import checks, allocation and initialisation in the order the spec gives.

use crate::compiled::{compiled_entry, init_vmctx, VmctxParts};
use crate::externals::{Extern, Global, Memory, Table};
use crate::func::Func;
use crate::module::Module;
use crate::store::{InstanceEntry, Store, StoreInner};
use crate::types::FuncType;
use crate::Error;
use std::sync::Arc;
use tailor_module::{ConstExpr, ConstOp, DataMode, ElemItems, ElemMode, ExternKind, ImportType};
use tailor_vm::{
    LinearMemory, Trap, TrapCode, TypeRegistry, VMFunc, VMFuncKind, VMGlobal, VMInstance,
    VMOffsets, VMStoreContext, VMTable, ValRaw,
};

/// An instantiated module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Instance {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

fn limits_match(
    actual_min: u64,
    actual_max: Option<u64>,
    want_min: u64,
    want_max: Option<u64>,
) -> bool {
    if actual_min < want_min {
        return false;
    }
    match (want_max, actual_max) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(w), Some(a)) => a <= w,
    }
}

impl Instance {
    /// Instantiates `module` with `imports` given in the module's import order.
    pub fn new<T>(
        store: &mut Store<T>,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance, Error> {
        if !crate::Engine::same(store.engine(), module.engine()) {
            return Err(Error::Type(
                "module and store belong to different engines".into(),
            ));
        }
        let info = module.inner.info.clone();
        {
            use crate::store::Counted;
            let defined = |all: usize, imported: u32| all - imported as usize;
            store.inner.check_count(Counted::Instances, 1)?;
            let tables = defined(info.tables.len(), info.num_imported_tables);
            store.inner.check_count(Counted::Tables, tables)?;
            let memories = defined(info.memories.len(), info.num_imported_memories);
            store.inner.check_count(Counted::Memories, memories)?;
        }
        if imports.len() != info.imports.len() {
            return Err(Error::Link(format!(
                "expected {} imports, got {}",
                info.imports.len(),
                imports.len()
            )));
        }
        let type_ids = module.inner.type_ids.clone();
        let registry = store.inner.engine.inner.clone();
        let reg = &registry.registry;
        let mut funcs = Vec::new();
        let mut tables = Vec::new();
        let mut memories = Vec::new();
        let mut globals = Vec::new();
        for (imp, ext) in info.imports.iter().zip(imports) {
            let what = || format!("`{}`.`{}`", imp.module, imp.name);
            if ext.store_id() != store.inner.id {
                return Err(Error::Link(format!(
                    "import {} comes from another store",
                    what()
                )));
            }
            match (imp.ty, ext) {
                (ImportType::Func(t), Extern::Func(f)) => {
                    let e = &store.inner.funcs[f.index as usize];
                    // SAFETY: a live function of this store.
                    let actual = unsafe { (*e.ptr).type_id };
                    if !reg.is_subtype_id(actual, type_ids[t as usize]) {
                        return Err(Error::Link(format!(
                            "incompatible import type for {}: expected {}, found {}",
                            what(),
                            FuncType::from_wasm(info.type_at(t)),
                            e.ty
                        )));
                    }
                    funcs.push(f.index);
                }
                (ImportType::Table(t), Extern::Table(x)) => {
                    let e = &store.inner.tables[x.index as usize];
                    // SAFETY: a live table of this store.
                    let size = unsafe { (*e.ptr).size() };
                    let want = TypeRegistry::canon_ref_type(t.element_type, &type_ids);
                    let ok = e.ty.table64 == t.table64
                        && limits_match(size, e.ty.maximum, t.initial, t.maximum)
                        && reg.is_val_subtype(e.elem, want)
                        && reg.is_val_subtype(want, e.elem);
                    if !ok {
                        return Err(Error::Link(format!(
                            "incompatible import type for {}",
                            what()
                        )));
                    }
                    tables.push(x.index);
                }
                (ImportType::Memory(m), Extern::Memory(x)) => {
                    let e = &store.inner.memories[x.index as usize];
                    // SAFETY: a live memory of this store.
                    let pages = unsafe { (*e.ptr).pages() };
                    let ok = e.ty.memory64 == m.memory64
                        && limits_match(pages, e.ty.maximum, m.initial, m.maximum);
                    if !ok {
                        return Err(Error::Link(format!(
                            "incompatible import type for {}",
                            what()
                        )));
                    }
                    memories.push(x.index);
                }
                (ImportType::Global(g), Extern::Global(x)) => {
                    let e = &store.inner.globals[x.index as usize];
                    let want = TypeRegistry::canon_val_type(g.content_type, &type_ids);
                    let ok = e.ty.mutable == g.mutable
                        && reg.is_val_subtype(e.canon, want)
                        && (!g.mutable || reg.is_val_subtype(want, e.canon));
                    if !ok {
                        return Err(Error::Link(format!(
                            "incompatible import type for {}",
                            what()
                        )));
                    }
                    globals.push(x.index);
                }
                _ => {
                    return Err(Error::Link(format!(
                        "incompatible import type for {}: wrong kind of item",
                        what()
                    )))
                }
            }
        }

        // Allocate the instance first so defined functions can point at it.
        let vm = Box::into_raw(Box::new(VMInstance {
            module: info.clone(),
            type_ids: type_ids.clone(),
            funcs: Vec::new(),
            tables: Vec::new(),
            memories: Vec::new(),
            globals: Vec::new(),
            elems: Vec::new(),
            data_dropped: vec![false; info.datas.len()],
            store_index: store.inner.instances.len() as u32,
            code: Arc::as_ptr(&module.inner.code) as *const (),
        }));
        let inst_index = store.inner.instances.len() as u32;
        store.inner.instances.push(InstanceEntry {
            vm,
            module: module.clone(),
            funcs: Vec::new(),
            tables: Vec::new(),
            memories: Vec::new(),
            globals: Vec::new(),
            vmctx: None,
        });
        let compiled = module.inner.compiled.clone();
        let offsets = VMOffsets::new(&info);
        let mut vmctx: Option<Box<[u64]>> = compiled
            .as_ref()
            .map(|_| vec![0u64; (offsets.size() as usize / 8).max(1)].into_boxed_slice());
        let vmctx_ptr = vmctx
            .as_mut()
            .map_or(std::ptr::null_mut(), |v| v.as_mut_ptr() as *mut u8);
        let store_ctx: *mut VMStoreContext = &mut *store.inner.store_ctx;
        let stack_budget = store.inner.engine.config().max_native_stack;
        let mut signatures = std::collections::HashMap::new();
        for i in info.num_imported_funcs..info.funcs.len() as u32 {
            let ty = info.func_type(i);
            let ty_index = info.funcs[i as usize];
            // One shape and one public type per type index, shared by its functions.
            let (shape, public_ty) = signatures
                .entry(ty_index)
                .or_insert_with(|| {
                    let shape = tailor_vm::SigShape::of(ty.params(), ty.results());
                    (Arc::new(shape), FuncType::from_wasm(ty))
                })
                .clone();
            let (native_code, kind) = match &compiled {
                // Not compiled (a function over the compiler's size limit): interpreted. Its
                // compiled stand-in, reached by direct calls, calls through this `VMFunc`.
                None => (
                    std::ptr::null(),
                    VMFuncKind::Wasm {
                        instance: vm,
                        index: i,
                    },
                ),
                Some(code) if code.is_interpreted(i) => (
                    std::ptr::null(),
                    VMFuncKind::Wasm {
                        instance: vm,
                        index: i,
                    },
                ),
                Some(code) => {
                    let native = code.func(i - info.num_imported_funcs);
                    let tramp = code.trampoline(ty_index).ok_or_else(|| {
                        Error::Compile(format!(
                            "compiled code lacks a trampoline for type {ty_index}"
                        ))
                    })?;
                    let cells = ty.params().len().max(ty.results().len());
                    let entry =
                        compiled_entry(tramp, native, vmctx_ptr, store_ctx, stack_budget, cells);
                    (
                        native,
                        VMFuncKind::Compiled {
                            instance: vm,
                            index: i,
                            entry,
                        },
                    )
                }
            };
            let f = VMFunc {
                native_code,
                native_vmctx: if native_code.is_null() {
                    std::ptr::null_mut()
                } else {
                    vmctx_ptr
                },
                type_id: type_ids[ty_index as usize],
                kind,
                store_index: 0,
                shape,
            };
            funcs.push(store.inner.push_func(f, public_ty));
        }
        let func_ptrs: Vec<*const VMFunc> = funcs
            .iter()
            .map(|&i| store.inner.funcs[i as usize].ptr as *const VMFunc)
            .collect();
        // SAFETY: `vm` was just allocated and is owned by the store.
        unsafe { (*vm).funcs = func_ptrs.clone() };

        // Globals, in order (an initialiser may read earlier globals).
        let limit_mem = store.inner.engine.config().max_memory_bytes;
        let limit_tab = store.inner.engine.config().max_table_elements;
        for (k, g) in info.globals[info.num_imported_globals as usize..]
            .iter()
            .enumerate()
        {
            let value = eval_const(&info.global_inits[k], &store.inner, &globals, &func_ptrs);
            let canon = TypeRegistry::canon_val_type(g.content_type, &type_ids);
            let idx = store.inner.push_global(
                VMGlobal {
                    value,
                    ty: *g,
                    canon_ref: None,
                },
                crate::module::erase_global(*g),
                canon,
            );
            globals.push(idx);
        }
        for (k, t) in info.tables[info.num_imported_tables as usize..]
            .iter()
            .enumerate()
        {
            let init = match &info.table_inits[k] {
                Some(e) => eval_const(e, &store.inner, &globals, &func_ptrs).get_u64(),
                None => 0,
            };
            let canon = TypeRegistry::canon_ref_type(t.element_type, &type_ids);
            let table = VMTable::new(
                t.element_type,
                None,
                t.initial,
                t.maximum,
                t.table64,
                init,
                limit_tab,
                store.inner.budget.clone(),
            )
            .map_err(|e| Error::Resource(e.to_string()))?;
            tables.push(
                store
                    .inner
                    .push_table(table, crate::module::erase_table(*t), canon),
            );
        }
        for m in &info.memories[info.num_imported_memories as usize..] {
            let budget = store.inner.budget.clone();
            let mem = LinearMemory::new(m.initial, m.maximum, m.memory64, limit_mem, budget)
                .map_err(|e| Error::Resource(e.to_string()))?;
            memories.push(store.inner.push_memory(mem, *m));
        }
        let elems: Vec<Vec<u64>> = info
            .elems
            .iter()
            .map(|seg| match &seg.items {
                ElemItems::Funcs(funcs) => funcs
                    .iter()
                    .map(|&f| ValRaw::reference(func_ptrs[f as usize] as u64).get_u64())
                    .collect(),
                ElemItems::Exprs(exprs) => exprs
                    .iter()
                    .map(|e| eval_const(e, &store.inner, &globals, &func_ptrs).get_u64())
                    .collect(),
            })
            .collect();
        // SAFETY: `vm` is live and owned by the store; the pointers are live objects of this store.
        unsafe {
            (*vm).tables = tables
                .iter()
                .map(|&i| store.inner.tables[i as usize].ptr)
                .collect();
            (*vm).memories = memories
                .iter()
                .map(|&i| store.inner.memories[i as usize].ptr)
                .collect();
            (*vm).globals = globals
                .iter()
                .map(|&i| store.inner.globals[i as usize].ptr)
                .collect();
            (*vm).elems = elems;
        }
        {
            let entry = &mut store.inner.instances[inst_index as usize];
            entry.funcs = funcs;
            entry.tables = tables;
            entry.memories = memories;
            entry.globals = globals.clone();
        }
        if let Some(words) = vmctx.as_mut() {
            // SAFETY: `vm` is live; its vectors were filled above and are not resized afterwards.
            let inst = unsafe { &*vm };
            init_vmctx(
                words,
                &offsets,
                &VmctxParts {
                    store_ctx,
                    instance: vm,
                    type_ids: type_ids.as_ptr(),
                    memories: &inst.memories,
                    globals: &inst.globals,
                    tables: &inst.tables,
                    funcs: &inst.funcs,
                },
            );
            store.inner.instances[inst_index as usize].vmctx = vmctx;
        }

        // Element segments, then data segments, then the start function.
        for (i, seg) in info.elems.iter().enumerate() {
            match &seg.mode {
                ElemMode::Active { table, offset } => {
                    let off = eval_const(offset, &store.inner, &globals, &func_ptrs).get_u64();
                    // SAFETY: `vm` and its tables are live objects of this store.
                    unsafe {
                        let tp = (&*vm).tables[*table as usize];
                        let t = &mut *tp;
                        let items = std::mem::take(&mut (&mut *vm).elems[i]);
                        let n = items.len() as u64;
                        let ok = off.checked_add(n).is_some_and(|end| end <= t.size());
                        if !ok {
                            return Err(Error::Trap(Trap::new(TrapCode::TableOutOfBounds)));
                        }
                        t.elements_mut()[off as usize..(off + n) as usize].copy_from_slice(&items);
                    }
                }
                ElemMode::Declared => {
                    // SAFETY: `vm` is live.
                    unsafe { (&mut *vm).elems[i] = Vec::new() };
                }
                ElemMode::Passive => {}
            }
        }
        for (i, seg) in info.datas.iter().enumerate() {
            if let DataMode::Active { memory, offset } = &seg.mode {
                let off = eval_const(offset, &store.inner, &globals, &func_ptrs).get_u64();
                let bytes = info.data_bytes(i as u32);
                // SAFETY: `vm` and its memories are live objects of this store.
                unsafe {
                    let mp = (&*vm).memories[*memory as usize];
                    let m = &mut *mp;
                    let n = bytes.len() as u64;
                    let ok = off.checked_add(n).is_some_and(|end| end <= m.len() as u64);
                    if !ok {
                        return Err(Error::Trap(Trap::new(TrapCode::MemoryOutOfBounds)));
                    }
                    m.data_mut()[off as usize..(off + n) as usize].copy_from_slice(bytes);
                    (&mut *vm).data_dropped[i] = true;
                }
            }
        }
        let instance = Instance {
            store: store.inner.id,
            index: inst_index,
        };
        if let Some(start) = info.start {
            let f = Func {
                store: store.inner.id,
                index: store.inner.instances[inst_index as usize].funcs[start as usize],
            };
            f.call(store, &[], &mut [])?;
        }
        Ok(instance)
    }

    fn entry<'a, T>(&self, store: &'a Store<T>) -> &'a InstanceEntry {
        &store.inner.instances[self.index as usize]
    }

    /// The export called `name`.
    pub fn get_export<T>(&self, store: &Store<T>, name: &str) -> Option<Extern> {
        if self.store != store.inner.id {
            return None;
        }
        let e = self.entry(store);
        let export = e.module.info().exports.iter().find(|x| x.name == name)?;
        Some(self.extern_of(store, export.kind, export.index))
    }

    fn extern_of<T>(&self, store: &Store<T>, kind: ExternKind, index: u32) -> Extern {
        let e = self.entry(store);
        let id = store.inner.id;
        let i = index as usize;
        match kind {
            ExternKind::Func => Extern::Func(Func {
                store: id,
                index: e.funcs[i],
            }),
            ExternKind::Table => Extern::Table(Table {
                store: id,
                index: e.tables[i],
            }),
            ExternKind::Memory => Extern::Memory(Memory {
                store: id,
                index: e.memories[i],
            }),
            ExternKind::Global => Extern::Global(Global {
                store: id,
                index: e.globals[i],
            }),
        }
    }

    /// Every export, in order.
    pub fn exports<T>(&self, store: &Store<T>) -> Vec<(String, Extern)> {
        if self.store != store.inner.id {
            return Vec::new();
        }
        let e = self.entry(store);
        e.module
            .info()
            .exports
            .iter()
            .map(|x| (x.name.clone(), self.extern_of(store, x.kind, x.index)))
            .collect()
    }

    /// The exported function called `name`.
    pub fn get_func<T>(&self, store: &Store<T>, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The exported memory called `name`.
    pub fn get_memory<T>(&self, store: &Store<T>, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    /// The exported global called `name`.
    pub fn get_global<T>(&self, store: &Store<T>, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }

    /// The exported table called `name`.
    pub fn get_table<T>(&self, store: &Store<T>, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }

    /// The module this instance instantiates.
    pub fn module<T>(&self, store: &Store<T>) -> Module {
        self.entry(store).module.clone()
    }
}

/// Evaluates a validated constant expression.
fn eval_const(
    e: &ConstExpr,
    store: &StoreInner,
    globals: &[u32],
    funcs: &[*const VMFunc],
) -> ValRaw {
    let mut stack: Vec<ValRaw> = Vec::with_capacity(4);
    for op in &e.ops {
        let v = match *op {
            ConstOp::I32(v) => ValRaw::i32(v),
            ConstOp::I64(v) => ValRaw::i64(v),
            ConstOp::F32(v) => ValRaw::f32(v),
            ConstOp::F64(v) => ValRaw::f64(v),
            ConstOp::V128(v) => ValRaw(v),
            ConstOp::RefNull => ValRaw::reference(0),
            ConstOp::RefFunc(i) => ValRaw::reference(funcs[i as usize] as u64),
            // SAFETY: a live global of this store.
            ConstOp::GlobalGet(i) => unsafe {
                (*store.globals[globals[i as usize] as usize].ptr).value
            },
            ConstOp::I32Add | ConstOp::I32Sub | ConstOp::I32Mul => {
                let b = stack.pop().unwrap_or_default().get_i32();
                let a = stack.pop().unwrap_or_default().get_i32();
                ValRaw::i32(match op {
                    ConstOp::I32Add => a.wrapping_add(b),
                    ConstOp::I32Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                })
            }
            ConstOp::I64Add | ConstOp::I64Sub | ConstOp::I64Mul => {
                let b = stack.pop().unwrap_or_default().get_i64();
                let a = stack.pop().unwrap_or_default().get_i64();
                ValRaw::i64(match op {
                    ConstOp::I64Add => a.wrapping_add(b),
                    ConstOp::I64Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                })
            }
        };
        stack.push(v);
    }
    stack.pop().unwrap_or_default()
}
