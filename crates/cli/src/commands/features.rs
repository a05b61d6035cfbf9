//! Which WebAssembly features (beyond 1.0) a module uses, found by scanning it with wasmparser.

use std::collections::BTreeSet;

use anyhow::Result;
use wasmparser::{
    BlockType, CompositeInnerType, ConstExpr, DataKind, ElementItems, ElementKind, FunctionBody,
    HeapType, Operator, Payload, RefType, TableInit, TypeRef, ValType,
};

/// Names the proposal each operator comes from (`mvp` for WebAssembly 1.0), from wasmparser's table.
macro_rules! define_proposal_of {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
        fn proposal_of(op: &Operator<'_>) -> &'static str {
            match op {
                $( Operator::$op { .. } => stringify!($proposal), )*
                _ => "unknown",
            }
        }
    };
}
wasmparser::for_each_operator!(define_proposal_of);

/// Accumulates the features a module uses while its payloads are fed in order.
#[derive(Debug, Default)]
pub struct FeatureScan {
    used: BTreeSet<String>,
    memories: u32,
    tables: u32,
}

impl FeatureScan {
    /// Records what `payload` uses.
    pub fn payload(&mut self, payload: &Payload<'_>) -> Result<()> {
        match payload {
            Payload::TypeSection(reader) => {
                for group in reader.clone() {
                    let group = group?;
                    if group.types().len() > 1 || group.is_explicit_rec_group() {
                        self.add("gc");
                    }
                    for sub in group.types() {
                        match &sub.composite_type.inner {
                            CompositeInnerType::Func(f) => {
                                if f.results().len() > 1 {
                                    self.add("multi-value");
                                }
                                for ty in f.params().iter().chain(f.results()) {
                                    self.val_type(*ty);
                                }
                            }
                            _ => self.add("gc"),
                        }
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.clone().into_imports() {
                    match import?.ty {
                        TypeRef::Memory(m) => self.memory(m.memory64),
                        TypeRef::Table(t) => self.table(t.table64, t.element_type),
                        TypeRef::Global(g) => self.global(g.mutable, g.content_type, true),
                        TypeRef::Tag(_) => self.add("exceptions"),
                        TypeRef::Func(_) | TypeRef::FuncExact(_) => {}
                    }
                }
            }
            Payload::TableSection(reader) => {
                for table in reader.clone() {
                    let table = table?;
                    self.table(table.ty.table64, table.ty.element_type);
                    if let TableInit::Expr(expr) = &table.init {
                        self.add("function-references");
                        self.const_expr(expr)?;
                    }
                }
            }
            Payload::MemorySection(reader) => {
                for memory in reader.clone() {
                    self.memory(memory?.memory64);
                }
            }
            Payload::TagSection(_) => self.add("exceptions"),
            Payload::GlobalSection(reader) => {
                for global in reader.clone() {
                    let global = global?;
                    self.global(false, global.ty.content_type, false);
                    self.const_expr(&global.init_expr)?;
                }
            }
            Payload::ElementSection(reader) => {
                for elem in reader.clone() {
                    let elem = elem?;
                    match &elem.kind {
                        ElementKind::Passive => self.add("bulk-memory"),
                        ElementKind::Declared => self.add("reference-types"),
                        ElementKind::Active { offset_expr, .. } => self.const_expr(offset_expr)?,
                    }
                    if let ElementItems::Expressions(ty, items) = &elem.items {
                        self.ref_type(*ty, true);
                        for item in items.clone() {
                            self.const_expr(&item?)?;
                        }
                    }
                }
            }
            Payload::DataCountSection { .. } => self.add("bulk-memory"),
            Payload::DataSection(reader) => {
                for data in reader.clone() {
                    match &data?.kind {
                        DataKind::Passive => self.add("bulk-memory"),
                        DataKind::Active { offset_expr, .. } => self.const_expr(offset_expr)?,
                    }
                }
            }
            Payload::CodeSectionEntry(body) => self.body(body)?,
            _ => {}
        }
        Ok(())
    }

    /// Records an exported global (exporting a mutable one is the mutable-global feature).
    pub fn exported_global(&mut self, mutable: bool) {
        if mutable {
            self.add("mutable-global");
        }
    }

    /// The features found, by their wasm-tools names, sorted.
    pub fn finish(mut self) -> Vec<String> {
        if self.memories > 1 {
            self.add("multi-memory");
        }
        if self.tables > 1 {
            self.add("reference-types");
        }
        self.used.into_iter().collect()
    }

    fn add(&mut self, feature: &str) {
        if !self.used.contains(feature) {
            self.used.insert(feature.to_string());
        }
    }

    fn memory(&mut self, memory64: bool) {
        self.memories += 1;
        if memory64 {
            self.add("memory64");
        }
    }

    fn table(&mut self, table64: bool, element: RefType) {
        self.tables += 1;
        if table64 {
            self.add("memory64");
        }
        self.ref_type(element, true);
    }

    fn global(&mut self, mutable: bool, ty: ValType, imported: bool) {
        if mutable && imported {
            self.add("mutable-global");
        }
        self.val_type(ty);
    }

    fn val_type(&mut self, ty: ValType) {
        match ty {
            ValType::V128 => self.add("simd"),
            ValType::Ref(r) => self.ref_type(r, false),
            _ => {}
        }
    }

    /// A reference type; `in_table` marks the places where `funcref` is plain WebAssembly 1.0.
    fn ref_type(&mut self, ty: RefType, in_table: bool) {
        match ty.heap_type() {
            HeapType::Concrete(_) | HeapType::Exact(_) => self.add("function-references"),
            HeapType::Abstract { .. } if !ty.is_nullable() => self.add("function-references"),
            HeapType::Abstract { .. } if ty == RefType::FUNCREF && in_table => {}
            HeapType::Abstract { .. } if ty == RefType::FUNCREF || ty == RefType::EXTERNREF => {
                self.add("reference-types")
            }
            HeapType::Abstract { .. } => self.add("gc"),
        }
    }

    fn const_expr(&mut self, expr: &ConstExpr<'_>) -> Result<()> {
        let mut reader = expr.get_operators_reader();
        while !reader.eof() {
            let op = reader.read()?;
            match op {
                Operator::I32Add
                | Operator::I32Sub
                | Operator::I32Mul
                | Operator::I64Add
                | Operator::I64Sub
                | Operator::I64Mul => self.add("extended-const"),
                _ => self.operator(&op),
            }
        }
        Ok(())
    }

    fn body(&mut self, body: &FunctionBody<'_>) -> Result<()> {
        for local in body.get_locals_reader()? {
            self.val_type(local?.1);
        }
        let mut reader = body.get_operators_reader()?;
        while !reader.eof() {
            self.operator(&reader.read()?);
        }
        Ok(())
    }

    fn operator(&mut self, op: &Operator<'_>) {
        match op {
            Operator::Block { blockty } | Operator::Loop { blockty } | Operator::If { blockty } => {
                match blockty {
                    BlockType::FuncType(_) => self.add("multi-value"),
                    BlockType::Type(ty) => self.val_type(*ty),
                    BlockType::Empty => {}
                }
            }
            Operator::CallIndirect { table_index, .. } if *table_index != 0 => {
                self.add("reference-types")
            }
            Operator::RefNull { hty } => {
                self.ref_type(RefType::new(true, *hty).unwrap_or(RefType::FUNCREF), false)
            }
            Operator::TypedSelect { ty } => self.val_type(*ty),
            _ => {}
        }
        match proposal_of(op) {
            "mvp" => {}
            "saturating_float_to_int" => self.add("saturating-float-to-int"),
            other => self.add(&other.replace('_', "-")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(wat: &str) -> Vec<String> {
        let binary = wat::parse_str(wat).unwrap();
        let mut scan = FeatureScan::default();
        for payload in wasmparser::Parser::new(0).parse_all(&binary) {
            scan.payload(&payload.unwrap()).unwrap();
        }
        scan.finish()
    }

    #[test]
    fn plain_module_uses_nothing() {
        let used = scan(
            r#"(module (memory 1) (table 1 funcref) (func (param i32) (result i32)
                 local.get 0 i32.const 1 i32.add))"#,
        );
        assert!(used.is_empty(), "{used:?}");
    }

    #[test]
    fn finds_features() {
        let used = scan(
            r#"(module
                 (import "m" "g" (global (mut i32)))
                 (memory 1) (memory i64 1)
                 (global i32 (i32.add (i32.const 1) (i32.const 2)))
                 (func $f (result i32 i32) (i32.const 1) (i32.const 2))
                 (func (param externref) (result i32)
                   (i32.extend8_s (i32.const 1)) drop
                   (i32.trunc_sat_f32_s (f32.const 1)) drop
                   (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))
                   (return_call $g (i32.const 0)))
                 (func $g (param i32) (result i32) (local v128) local.get 0))"#,
        );
        let expected = [
            "bulk-memory",
            "extended-const",
            "memory64",
            "multi-memory",
            "multi-value",
            "mutable-global",
            "reference-types",
            "saturating-float-to-int",
            "sign-extension",
            "simd",
            "tail-call",
        ];
        assert_eq!(used, expected);
    }

    #[test]
    fn finds_function_references() {
        let used = scan(
            r#"(module (type $t (func (result i32)))
                 (func (param (ref $t)) (result i32) (call_ref $t (local.get 0))))"#,
        );
        assert_eq!(used, ["function-references"]);
    }
}
