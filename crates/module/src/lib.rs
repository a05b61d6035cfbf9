//! Decoding and validation of WebAssembly modules.
//!
//! [`Module::new`] validates a binary (or `.wat` text) with `wasmparser` under tailor's feature set and
//! returns the description every tier reads: types, imports, exports, functions, tables, memories,
//! globals, segments and function bodies (kept as byte ranges into the original binary).

mod consts;
mod decode;
mod error;
mod features;

pub use consts::{ConstExpr, ConstOp};
pub use error::ModuleError;
pub use features::enabled_features;
pub use wasmparser;

use std::ops::Range;
use std::sync::Arc;
use wasmparser::{FuncType, GlobalType, MemoryType, RefType, SubType, TableType, ValType};

/// What an import or export refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExternKind {
    /// A function.
    Func,
    /// A table.
    Table,
    /// A linear memory.
    Memory,
    /// A global.
    Global,
}

/// The type of an imported item, in the importing module's index space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportType {
    /// A function of the given type index.
    Func(u32),
    /// A table.
    Table(TableType),
    /// A memory.
    Memory(MemoryType),
    /// A global.
    Global(GlobalType),
}

/// One import.
#[derive(Debug, Clone)]
pub struct Import {
    /// The module name.
    pub module: String,
    /// The field name.
    pub name: String,
    /// What is imported.
    pub ty: ImportType,
}

/// One export.
#[derive(Debug, Clone)]
pub struct Export {
    /// The export name.
    pub name: String,
    /// What kind of item it exports.
    pub kind: ExternKind,
    /// The index in that kind's index space.
    pub index: u32,
}

/// How an element segment is used.
#[derive(Debug, Clone)]
pub enum ElemMode {
    /// Copied into a table at instantiation, then dropped.
    Active {
        /// The table.
        table: u32,
        /// The offset expression.
        offset: ConstExpr,
    },
    /// Available to `table.init` until `elem.drop`.
    Passive,
    /// Only declares functions for `ref.func`; dropped at instantiation.
    Declared,
}

/// An element segment.
#[derive(Debug, Clone)]
pub struct ElemSegment {
    /// How the segment is used.
    pub mode: ElemMode,
    /// The element type.
    pub ty: RefType,
    /// The elements.
    pub items: ElemItems,
}

/// The elements of an element segment.
#[derive(Debug, Clone, PartialEq)]
pub enum ElemItems {
    /// `ref.func` of each function index: the compact form (4 bytes an element) of segments in
    /// function-index form and of expression segments made only of `ref.func`.
    Funcs(Vec<u32>),
    /// One constant expression per element.
    Exprs(Vec<ConstExpr>),
}

impl ElemItems {
    /// The number of elements.
    pub fn len(&self) -> usize {
        match self {
            ElemItems::Funcs(f) => f.len(),
            ElemItems::Exprs(e) => e.len(),
        }
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each element as a constant expression (a function index as its `ref.func`).
    pub fn exprs(&self) -> impl Iterator<Item = std::borrow::Cow<'_, ConstExpr>> + '_ {
        let (funcs, exprs) = match self {
            ElemItems::Funcs(f) => (f.as_slice(), &[][..]),
            ElemItems::Exprs(e) => (&[][..], e.as_slice()),
        };
        let funcs = funcs
            .iter()
            .map(|&f| std::borrow::Cow::Owned(ConstExpr::ref_func(f)));
        funcs.chain(exprs.iter().map(std::borrow::Cow::Borrowed))
    }
}

/// How a data segment is used.
#[derive(Debug, Clone)]
pub enum DataMode {
    /// Copied into a memory at instantiation, then dropped.
    Active {
        /// The memory.
        memory: u32,
        /// The offset expression.
        offset: ConstExpr,
    },
    /// Available to `memory.init` until `data.drop`.
    Passive,
}

/// A data segment; its bytes are `Module::bytes[range]`.
#[derive(Debug, Clone)]
pub struct DataSegment {
    /// How the segment is used.
    pub mode: DataMode,
    /// Where its bytes are in the module binary.
    pub range: Range<usize>,
}

/// A defined function's body.
#[derive(Debug, Clone)]
pub struct FuncBody {
    /// Declared locals (not parameters), as (count, type) runs.
    pub locals: Vec<(u32, ValType)>,
    /// Where the operators (after the locals) are in the module binary.
    pub operators: Range<usize>,
}

/// A validated module, as every tier reads it.
#[derive(Debug, Clone)]
pub struct Module {
    /// The module binary (text input is converted first).
    pub bytes: Arc<[u8]>,
    /// Every type, in type-index order.
    pub types: Vec<SubType>,
    /// The recursion groups: each is a range of type indices.
    pub rec_groups: Vec<Range<u32>>,
    /// Imports in order.
    pub imports: Vec<Import>,
    /// The type index of every function (imported first).
    pub funcs: Vec<u32>,
    /// Number of imported functions.
    pub num_imported_funcs: u32,
    /// Every table (imported first).
    pub tables: Vec<TableType>,
    /// Initialisers of the defined tables (`None` means null).
    pub table_inits: Vec<Option<ConstExpr>>,
    /// Number of imported tables.
    pub num_imported_tables: u32,
    /// Every memory (imported first).
    pub memories: Vec<MemoryType>,
    /// Number of imported memories.
    pub num_imported_memories: u32,
    /// Every global (imported first).
    pub globals: Vec<GlobalType>,
    /// Initialisers of the defined globals.
    pub global_inits: Vec<ConstExpr>,
    /// Number of imported globals.
    pub num_imported_globals: u32,
    /// Exports in order.
    pub exports: Vec<Export>,
    /// The start function.
    pub start: Option<u32>,
    /// Element segments.
    pub elems: Vec<ElemSegment>,
    /// Data segments.
    pub datas: Vec<DataSegment>,
    /// Bodies of the defined functions.
    pub bodies: Vec<FuncBody>,
    /// Function names from the `name` section, by function index.
    pub func_names: Vec<(u32, String)>,
    /// Custom sections: name and byte range of their contents.
    pub custom_sections: Vec<(String, Range<usize>)>,
    /// Every section in order: its id name and byte range (for `tailor inspect`).
    pub sections: Vec<(String, Range<usize>)>,
}

impl Module {
    /// A reader of `body`'s operators, positioned so that its offsets are byte offsets in the module
    /// binary (as error messages and the translators report them).
    pub fn operators(&self, body: &FuncBody) -> wasmparser::OperatorsReader<'_> {
        wasmparser::OperatorsReader::new(wasmparser::BinaryReader::new(
            &self.bytes[body.operators.clone()],
            body.operators.start as u64,
        ))
    }

    /// Decodes and validates `bytes`, which may be a binary module or WebAssembly text.
    pub fn new(bytes: &[u8]) -> Result<Module, ModuleError> {
        if bytes.starts_with(b"\0asm") {
            Module::from_binary(bytes)
        } else {
            let binary = wat::parse_bytes(bytes).map_err(|e| ModuleError::Text(e.to_string()))?;
            Module::from_binary(&binary)
        }
    }

    /// Decodes and validates a binary module.
    pub fn from_binary(bytes: &[u8]) -> Result<Module, ModuleError> {
        decode::decode(bytes)
    }

    /// The function type of function `func_index`.
    pub fn func_type(&self, func_index: u32) -> &FuncType {
        self.type_at(self.funcs[func_index as usize])
    }

    /// The function type at a type index (validation guarantees it is a function type).
    pub fn type_at(&self, type_index: u32) -> &FuncType {
        self.types[type_index as usize].unwrap_func()
    }

    /// The name of function `func_index` from the name section, if any.
    pub fn func_name(&self, func_index: u32) -> Option<&str> {
        self.func_names
            .binary_search_by_key(&func_index, |(i, _)| *i)
            .ok()
            .map(|i| self.func_names[i].1.as_str())
    }

    /// A printable name for a function: its name-section name, an export name, or `#index`.
    pub fn display_func_name(&self, func_index: u32) -> String {
        if let Some(n) = self.func_name(func_index) {
            return n.to_string();
        }
        for e in &self.exports {
            if e.kind == ExternKind::Func && e.index == func_index {
                return e.name.clone();
            }
        }
        format!("#{func_index}")
    }

    /// Bytes of data segment `index`.
    pub fn data_bytes(&self, index: u32) -> &[u8] {
        &self.bytes[self.datas[index as usize].range.clone()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_segments_of_function_references_are_compact() {
        let m = Module::new(
            br#"(module (table 8 funcref) (func $f) (func $g)
                (elem (i32.const 0) func $f $g)
                (elem (i32.const 2) funcref (ref.func $g) (ref.func $f))
                (elem (i32.const 4) funcref (ref.func $f) (ref.null func)))"#,
        )
        .unwrap();
        let items: Vec<&ElemItems> = m.elems.iter().map(|e| &e.items).collect();
        assert_eq!(items[0], &ElemItems::Funcs(vec![0, 1]));
        assert_eq!(items[1], &ElemItems::Funcs(vec![1, 0]));
        let ElemItems::Exprs(exprs) = items[2] else {
            panic!("expected expressions: {:?}", items[2]);
        };
        assert_eq!(exprs[0].ops, [ConstOp::RefFunc(0)]);
        assert_eq!(exprs[1].ops, [ConstOp::RefNull]);
        let as_exprs: Vec<ConstExpr> = items[1].exprs().map(|e| e.into_owned()).collect();
        assert_eq!(as_exprs, [ConstExpr::ref_func(1), ConstExpr::ref_func(0)]);
        assert_eq!(items[2].exprs().count(), 2);
        assert_eq!(items[2].len(), 2);
    }
}
