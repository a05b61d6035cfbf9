//! Values and their raw forms.

use crate::func::Func;
use crate::store::StoreInner;
use crate::{Error, Store};
use std::any::Any;
use tailor_vm::ValRaw;
use wasmparser::{AbstractHeapType, HeapType, ValType};

/// A host reference (`externref`), owned by its store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExternRef {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl ExternRef {
    /// Wraps a host value as an `externref`.
    pub fn new<T>(store: &mut Store<T>, value: impl Any + Send + Sync) -> ExternRef {
        store.inner.externrefs.push(Box::new(value));
        ExternRef {
            store: store.inner.id,
            index: store.inner.externrefs.len() as u32 - 1,
        }
    }

    /// The wrapped host value.
    pub fn data<'a, T>(&self, store: &'a Store<T>) -> &'a (dyn Any + Send + Sync) {
        &*store.inner.externrefs[self.index as usize]
    }
}

/// A WebAssembly value. Floats are kept as bits so NaN payloads survive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Val {
    /// `i32`
    I32(i32),
    /// `i64`
    I64(i64),
    /// `f32`, as bits
    F32(u32),
    /// `f64`, as bits
    F64(u64),
    /// `v128`
    V128(u128),
    /// `funcref` (or a typed function reference)
    FuncRef(Option<Func>),
    /// `externref`
    ExternRef(Option<ExternRef>),
}

impl Val {
    /// The zero or null value of a type.
    pub fn default_for(ty: ValType) -> Val {
        match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(0),
            ValType::Ref(r) => match r.heap_type() {
                HeapType::Abstract {
                    ty: AbstractHeapType::Extern | AbstractHeapType::NoExtern,
                    ..
                } => Val::ExternRef(None),
                _ => Val::FuncRef(None),
            },
        }
    }

    /// Whether this value can be passed where `ty` is expected.
    pub(crate) fn matches(&self, ty: ValType) -> bool {
        match (self, ty) {
            (Val::I32(_), ValType::I32)
            | (Val::I64(_), ValType::I64)
            | (Val::F32(_), ValType::F32)
            | (Val::F64(_), ValType::F64)
            | (Val::V128(_), ValType::V128) => true,
            (Val::FuncRef(f), ValType::Ref(r)) => {
                (f.is_some() || r.is_nullable()) && !is_extern(r.heap_type())
            }
            (Val::ExternRef(e), ValType::Ref(r)) => {
                (e.is_some() || r.is_nullable()) && is_extern(r.heap_type())
            }
            _ => false,
        }
    }

    /// The raw cell of this value.
    pub(crate) fn to_raw(self, store: &StoreInner) -> Result<ValRaw, Error> {
        Ok(match self {
            Val::I32(v) => ValRaw::i32(v),
            Val::I64(v) => ValRaw::i64(v),
            Val::F32(v) => ValRaw::f32(v),
            Val::F64(v) => ValRaw::f64(v),
            Val::V128(v) => ValRaw(v),
            Val::FuncRef(None) | Val::ExternRef(None) => ValRaw::reference(0),
            Val::FuncRef(Some(f)) => {
                if f.store != store.id {
                    return Err(Error::Type("function belongs to another store".into()));
                }
                ValRaw::reference(store.funcs[f.index as usize].ptr as u64)
            }
            Val::ExternRef(Some(e)) => {
                if e.store != store.id {
                    return Err(Error::Type("externref belongs to another store".into()));
                }
                ValRaw::reference(e.index as u64 + 1)
            }
        })
    }

    /// The value of a raw cell of type `ty`.
    pub(crate) fn from_raw(raw: ValRaw, ty: ValType, store: &StoreInner) -> Val {
        match ty {
            ValType::I32 => Val::I32(raw.get_i32()),
            ValType::I64 => Val::I64(raw.get_i64()),
            ValType::F32 => Val::F32(raw.get_f32()),
            ValType::F64 => Val::F64(raw.get_f64()),
            ValType::V128 => Val::V128(raw.0),
            ValType::Ref(r) => {
                let word = raw.get_u64();
                if is_extern(r.heap_type()) {
                    Val::ExternRef((word != 0).then(|| ExternRef {
                        store: store.id,
                        index: (word - 1) as u32,
                    }))
                } else if word == 0 {
                    Val::FuncRef(None)
                } else {
                    // SAFETY: a non-null funcref word is the address of a live VMFunc of this store.
                    let index = unsafe { (*(word as *const tailor_vm::VMFunc)).store_index };
                    Val::FuncRef(Some(Func {
                        store: store.id,
                        index,
                    }))
                }
            }
        }
    }
}

fn is_extern(h: HeapType) -> bool {
    matches!(
        h,
        HeapType::Abstract {
            ty: AbstractHeapType::Extern | AbstractHeapType::NoExtern,
            ..
        }
    )
}

impl From<i32> for Val {
    fn from(v: i32) -> Val {
        Val::I32(v)
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::I64(v)
    }
}
impl From<f32> for Val {
    fn from(v: f32) -> Val {
        Val::F32(v.to_bits())
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::F64(v.to_bits())
    }
}
