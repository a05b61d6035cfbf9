//! The `spectest` host module the spec scripts import from.
//!
//! One instance per script (store): the memory and tables are shared by every module that imports
//! them, as in the reference interpreter. The `print*` functions print nothing.

use tailor_runtime::{
    Error, Func, FuncType, Global, GlobalType, Linker, Memory, MemoryType, RefType, Store, Table,
    TableType, Val, ValType,
};

/// Name of the host module.
pub const MODULE: &str = "spectest";

/// Defines every `spectest` export in `linker`, creating its objects in `store`.
pub fn define(linker: &mut Linker<()>, store: &mut Store<()>) -> Result<(), Error> {
    let memory = Memory::new(
        store,
        MemoryType {
            memory64: false,
            shared: false,
            initial: 1,
            maximum: Some(2),
            page_size_log2: None,
        },
    )?;
    linker.define(MODULE, "memory", memory)?;

    for (name, table64) in [("table", false), ("table64", true)] {
        let ty = TableType {
            element_type: RefType::FUNCREF,
            table64,
            initial: 10,
            maximum: Some(20),
            shared: false,
        };
        let table = Table::new(store, ty, Val::FuncRef(None))?;
        linker.define(MODULE, name, table)?;
    }

    let globals = [
        ("global_i32", ValType::I32, Val::I32(666)),
        ("global_i64", ValType::I64, Val::I64(666)),
        ("global_f32", ValType::F32, Val::F32(666.6f32.to_bits())),
        ("global_f64", ValType::F64, Val::F64(666.6f64.to_bits())),
    ];
    for (name, content_type, value) in globals {
        let ty = GlobalType {
            content_type,
            mutable: false,
            shared: false,
        };
        let global = Global::new(store, ty, value)?;
        linker.define(MODULE, name, global)?;
    }

    let prints: [(&str, &[ValType]); 7] = [
        ("print", &[]),
        ("print_i32", &[ValType::I32]),
        ("print_i64", &[ValType::I64]),
        ("print_f32", &[ValType::F32]),
        ("print_f64", &[ValType::F64]),
        ("print_i32_f32", &[ValType::I32, ValType::F32]),
        ("print_f64_f64", &[ValType::F64, ValType::F64]),
    ];
    for (name, params) in prints {
        let ty = FuncType::new(params.iter().copied(), []);
        let func = Func::new(store, ty, |_caller, _params, _results| Ok(()));
        linker.define(MODULE, name, func)?;
    }
    Ok(())
}
