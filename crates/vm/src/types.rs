//! Engine-wide type canonicalization: equal (iso-recursive) function types get the same id in every
//! module, so `call_indirect` and import matching compare one integer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tailor_module::Module;
use wasmparser::{AbstractHeapType, HeapType, RefType, SubType, UnpackedIndex, ValType};

/// A heap type with concrete types replaced by canonical ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CanonHeap {
    /// An abstract heap type (`func`, `extern`, `nofunc`, ...).
    Abstract(AbstractHeapType),
    /// A concrete type by canonical id.
    Concrete(u32),
    /// A type of the same recursion group, by position (only inside registry keys).
    RecLocal(u32),
}

/// A value type with concrete types replaced by canonical ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CanonValType {
    /// i32
    I32,
    /// i64
    I64,
    /// f32
    F32,
    /// f64
    F64,
    /// v128
    V128,
    /// A reference.
    Ref {
        /// Whether null is allowed.
        nullable: bool,
        /// The heap type.
        heap: CanonHeap,
    },
}

/// A canonical function type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CanonFuncType {
    /// Parameter types.
    pub params: Vec<CanonValType>,
    /// Result types.
    pub results: Vec<CanonValType>,
    /// The declared supertype, if any.
    pub supertype: Option<CanonHeap>,
    /// Whether the type is final.
    pub is_final: bool,
}

#[derive(Default)]
struct Inner {
    groups: HashMap<Vec<CanonFuncType>, u32>,
    types: Vec<Arc<CanonFuncType>>,
}

/// The registry of canonical types, shared by an engine's modules.
#[derive(Default)]
pub struct TypeRegistry {
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for TypeRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TypeRegistry")
    }
}

fn canon_heap(h: HeapType, group: &std::ops::Range<u32>, ids: &[u32]) -> CanonHeap {
    match h {
        HeapType::Abstract { ty, .. } => CanonHeap::Abstract(ty),
        HeapType::Concrete(i) | HeapType::Exact(i) => match i {
            UnpackedIndex::Module(m) if group.contains(&m) => CanonHeap::RecLocal(m - group.start),
            UnpackedIndex::Module(m) => CanonHeap::Concrete(ids[m as usize]),
            UnpackedIndex::RecGroup(r) => CanonHeap::RecLocal(r),
            UnpackedIndex::Id(_) => CanonHeap::Abstract(AbstractHeapType::Func),
        },
    }
}

fn canon_val(v: ValType, group: &std::ops::Range<u32>, ids: &[u32]) -> CanonValType {
    match v {
        ValType::I32 => CanonValType::I32,
        ValType::I64 => CanonValType::I64,
        ValType::F32 => CanonValType::F32,
        ValType::F64 => CanonValType::F64,
        ValType::V128 => CanonValType::V128,
        ValType::Ref(r) => CanonValType::Ref {
            nullable: r.is_nullable(),
            heap: canon_heap(r.heap_type(), group, ids),
        },
    }
}

fn resolve_local(h: CanonHeap, base: u32) -> CanonHeap {
    match h {
        CanonHeap::RecLocal(i) => CanonHeap::Concrete(base + i),
        other => other,
    }
}

fn resolve_val(v: CanonValType, base: u32) -> CanonValType {
    match v {
        CanonValType::Ref { nullable, heap } => CanonValType::Ref {
            nullable,
            heap: resolve_local(heap, base),
        },
        other => other,
    }
}

impl TypeRegistry {
    /// Canonicalizes every type of `module`; returns the canonical id of each type index.
    pub fn register_module(&self, module: &Module) -> Vec<u32> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut ids: Vec<u32> = Vec::with_capacity(module.types.len());
        for group in &module.rec_groups {
            let key: Vec<CanonFuncType> = module.types[group.start as usize..group.end as usize]
                .iter()
                .map(|st| Self::key_of(st, group, &ids))
                .collect();
            let base = match inner.groups.get(&key) {
                Some(&base) => base,
                None => {
                    let base = inner.types.len() as u32;
                    for t in &key {
                        let resolved = CanonFuncType {
                            params: t.params.iter().map(|v| resolve_val(*v, base)).collect(),
                            results: t.results.iter().map(|v| resolve_val(*v, base)).collect(),
                            supertype: t.supertype.map(|h| resolve_local(h, base)),
                            is_final: t.is_final,
                        };
                        inner.types.push(Arc::new(resolved));
                    }
                    inner.groups.insert(key.clone(), base);
                    base
                }
            };
            for i in 0..key.len() as u32 {
                ids.push(base + i);
            }
        }
        ids
    }

    fn key_of(st: &SubType, group: &std::ops::Range<u32>, ids: &[u32]) -> CanonFuncType {
        let (params, results) = match &st.composite_type.inner {
            wasmparser::CompositeInnerType::Func(f) => (
                f.params()
                    .iter()
                    .map(|v| canon_val(*v, group, ids))
                    .collect(),
                f.results()
                    .iter()
                    .map(|v| canon_val(*v, group, ids))
                    .collect(),
            ),
            // Struct/array/continuation types need GC; validation rejects them today. Give them a key
            // that never equals a function type.
            _ => (Vec::new(), vec![CanonValType::V128; 7]),
        };
        CanonFuncType {
            params,
            results,
            supertype: st
                .supertype_idxs
                .first()
                .map(|p| canon_heap(HeapType::Concrete(p.unpack()), group, ids)),
            is_final: st.is_final,
        }
    }

    /// The canonical function type with id `id`.
    pub fn get(&self, id: u32) -> Arc<CanonFuncType> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.types[id as usize].clone()
    }

    /// Registers a function type built by the host (no concrete references inside).
    pub fn register_host(&self, params: &[ValType], results: &[ValType]) -> u32 {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let none = 0..0;
        let key = vec![CanonFuncType {
            params: params.iter().map(|v| canon_val(*v, &none, &[])).collect(),
            results: results.iter().map(|v| canon_val(*v, &none, &[])).collect(),
            supertype: None,
            is_final: true,
        }];
        if let Some(&id) = inner.groups.get(&key) {
            return id;
        }
        let id = inner.types.len() as u32;
        inner.types.push(Arc::new(key[0].clone()));
        inner.groups.insert(key, id);
        id
    }

    /// Whether canonical type `sub` is `sup` or declares it (transitively) as a supertype.
    pub fn is_subtype_id(&self, sub: u32, sup: u32) -> bool {
        let mut cur = sub;
        loop {
            if cur == sup {
                return true;
            }
            match self.get(cur).supertype {
                Some(CanonHeap::Concrete(next)) => cur = next,
                _ => return false,
            }
        }
    }

    /// Whether heap type `a` is a subtype of heap type `b` (function and extern hierarchies).
    pub fn is_heap_subtype(&self, a: CanonHeap, b: CanonHeap) -> bool {
        use AbstractHeapType as A;
        match (a, b) {
            (x, y) if x == y => true,
            (CanonHeap::Concrete(x), CanonHeap::Concrete(y)) => self.is_subtype_id(x, y),
            (CanonHeap::Concrete(_), CanonHeap::Abstract(A::Func)) => true,
            (CanonHeap::Abstract(A::NoFunc), CanonHeap::Abstract(A::Func)) => true,
            (CanonHeap::Abstract(A::NoFunc), CanonHeap::Concrete(_)) => true,
            (CanonHeap::Abstract(A::NoExtern), CanonHeap::Abstract(A::Extern)) => true,
            (CanonHeap::Abstract(A::None), CanonHeap::Abstract(A::Any | A::Eq)) => true,
            _ => false,
        }
    }

    /// Whether value type `a` is a subtype of `b`.
    pub fn is_val_subtype(&self, a: CanonValType, b: CanonValType) -> bool {
        match (a, b) {
            (
                CanonValType::Ref {
                    nullable: na,
                    heap: ha,
                },
                CanonValType::Ref {
                    nullable: nb,
                    heap: hb,
                },
            ) => (!na || nb) && self.is_heap_subtype(ha, hb),
            (x, y) => x == y,
        }
    }

    /// The canonical form of a value type of `module` (whose types map to `ids`).
    pub fn canon_val_type(v: ValType, ids: &[u32]) -> CanonValType {
        canon_val(v, &(0..0), ids)
    }

    /// The canonical form of a reference type of a module (whose types map to `ids`).
    pub fn canon_ref_type(r: RefType, ids: &[u32]) -> CanonValType {
        canon_val(ValType::Ref(r), &(0..0), ids)
    }
}
