//! Human-readable text for module types, as `tailor inspect` prints them.

use tailor_runtime::{ExternType, FuncType, GlobalType, MemoryType, TableType, ValType};

/// `func (i32, i64) -> (f32)`, `memory 1..2`, `table 10 funcref`, `global mut i32`.
pub fn extern_type(ty: &ExternType) -> String {
    match ty {
        ExternType::Func(f) => format!("func {}", func_type(f)),
        ExternType::Table(t) => table_type(t),
        ExternType::Memory(m) => memory_type(m),
        ExternType::Global(g) => global_type(g),
    }
}

/// `(i32, i64) -> (f32)`.
pub fn func_type(ty: &FuncType) -> String {
    format!("({}) -> ({})", list(ty.params()), list(ty.results()))
}

fn list(types: &[ValType]) -> String {
    types
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn limits(initial: u64, maximum: Option<u64>) -> String {
    match maximum {
        Some(max) => format!("{initial}..{max}"),
        None => format!("{initial}.."),
    }
}

fn table_type(t: &TableType) -> String {
    let index = if t.table64 { "i64 " } else { "" };
    format!(
        "table {index}{} {}",
        limits(t.initial, t.maximum),
        t.element_type
    )
}

fn memory_type(m: &MemoryType) -> String {
    let index = if m.memory64 { "i64 " } else { "" };
    let shared = if m.shared { " shared" } else { "" };
    let page = match m.page_size_log2 {
        Some(log2) => format!(" (pages of {} bytes)", 1u64 << log2),
        None => String::new(),
    };
    format!(
        "memory {index}{} pages{shared}{page}",
        limits(m.initial, m.maximum)
    )
}

fn global_type(g: &GlobalType) -> String {
    let mutable = if g.mutable { "mut " } else { "" };
    format!("global {mutable}{}", g.content_type)
}
