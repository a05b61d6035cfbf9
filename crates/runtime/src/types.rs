//! Public type descriptions.

use std::sync::Arc;
use wasmparser::{GlobalType, HeapType, MemoryType, RefType, TableType, ValType};

/// A function type. Concrete reference types are reported as their abstract `func` supertype.
/// Cloning is cheap (the type lists are shared), so every function of a type can hold one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FuncType {
    params: Arc<[ValType]>,
    results: Arc<[ValType]>,
}

impl FuncType {
    /// A function type from parameter and result types.
    pub fn new(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> FuncType {
        FuncType {
            params: params.into_iter().collect(),
            results: results.into_iter().collect(),
        }
    }

    /// The parameter types.
    pub fn params(&self) -> &[ValType] {
        &self.params
    }

    /// The result types.
    pub fn results(&self) -> &[ValType] {
        &self.results
    }

    /// The public form of a module's function type (concrete references become `func` references).
    pub(crate) fn from_wasm(f: &wasmparser::FuncType) -> FuncType {
        FuncType::new(
            f.params().iter().map(|v| erase(*v)),
            f.results().iter().map(|v| erase(*v)),
        )
    }
}

impl std::fmt::Display for FuncType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "(func")?;
        if !self.params.is_empty() {
            write!(f, " (param")?;
            for p in self.params.iter() {
                write!(f, " {p}")?;
            }
            write!(f, ")")?;
        }
        if !self.results.is_empty() {
            write!(f, " (result")?;
            for r in self.results.iter() {
                write!(f, " {r}")?;
            }
            write!(f, ")")?;
        }
        write!(f, ")")
    }
}

/// Replaces a concrete heap type by its abstract supertype (module type indices mean nothing outside
/// their module).
pub(crate) fn erase(v: ValType) -> ValType {
    match v {
        ValType::Ref(r) => ValType::Ref(erase_ref(r)),
        other => other,
    }
}

/// As [`erase`], for a reference type.
pub(crate) fn erase_ref(r: RefType) -> RefType {
    match r.heap_type() {
        HeapType::Concrete(_) | HeapType::Exact(_) => {
            RefType::new(r.is_nullable(), HeapType::FUNC).unwrap_or(RefType::FUNCREF)
        }
        _ => r,
    }
}

/// The type of an importable or exportable item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternType {
    /// A function.
    Func(FuncType),
    /// A table.
    Table(TableType),
    /// A memory.
    Memory(MemoryType),
    /// A global.
    Global(GlobalType),
}

impl std::fmt::Display for ExternType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExternType::Func(t) => write!(f, "{t}"),
            ExternType::Table(t) => {
                write!(
                    f,
                    "(table {}{}",
                    if t.table64 { "i64 " } else { "" },
                    t.initial
                )?;
                if let Some(m) = t.maximum {
                    write!(f, " {m}")?;
                }
                write!(f, " {})", t.element_type)
            }
            ExternType::Memory(m) => {
                write!(
                    f,
                    "(memory {}{}",
                    if m.memory64 { "i64 " } else { "" },
                    m.initial
                )?;
                if let Some(x) = m.maximum {
                    write!(f, " {x}")?;
                }
                write!(f, ")")
            }
            ExternType::Global(g) => {
                if g.mutable {
                    write!(f, "(global (mut {}))", g.content_type)
                } else {
                    write!(f, "(global {})", g.content_type)
                }
            }
        }
    }
}
