//! The decoder: one pass over the payloads, validating each and recording what the tiers need.

use crate::{
    enabled_features, ConstExpr, ConstOp, DataMode, DataSegment, ElemItems, ElemMode, ElemSegment,
    Export, ExternKind, FuncBody, Import, ImportType, Module, ModuleError,
};
use std::sync::Arc;
use wasmparser::{
    DataKind, ElementItems, ElementKind, ExternalKind, FuncValidatorAllocations, KnownCustom, Name,
    Parser, Payload, TableInit, TypeRef, ValidPayload, Validator,
};

fn section_name(p: &Payload<'_>) -> Option<&'static str> {
    Some(match p {
        Payload::TypeSection(_) => "type",
        Payload::ImportSection(_) => "import",
        Payload::FunctionSection(_) => "function",
        Payload::TableSection(_) => "table",
        Payload::MemorySection(_) => "memory",
        Payload::TagSection(_) => "tag",
        Payload::GlobalSection(_) => "global",
        Payload::ExportSection(_) => "export",
        Payload::StartSection { .. } => "start",
        Payload::ElementSection(_) => "element",
        Payload::DataCountSection { .. } => "datacount",
        Payload::DataSection(_) => "data",
        Payload::CodeSectionStart { .. } => "code",
        Payload::CustomSection(_) => "custom",
        _ => return None,
    })
}

/// Decodes and validates a binary module.
pub(crate) fn decode(bytes: &[u8]) -> Result<Module, ModuleError> {
    let mut validator = Validator::new_with_features(enabled_features());
    let mut m = Module {
        bytes: Arc::from(bytes),
        types: Vec::new(),
        rec_groups: Vec::new(),
        imports: Vec::new(),
        funcs: Vec::new(),
        num_imported_funcs: 0,
        tables: Vec::new(),
        table_inits: Vec::new(),
        num_imported_tables: 0,
        memories: Vec::new(),
        num_imported_memories: 0,
        globals: Vec::new(),
        global_inits: Vec::new(),
        num_imported_globals: 0,
        exports: Vec::new(),
        start: None,
        elems: Vec::new(),
        datas: Vec::new(),
        bodies: Vec::new(),
        func_names: Vec::new(),
        custom_sections: Vec::new(),
        sections: Vec::new(),
    };
    let mut allocs = FuncValidatorAllocations::default();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload?;
        if let Some(name) = section_name(&payload) {
            if let Some((_, range)) = payload.as_section() {
                m.sections
                    .push((name.to_string(), range.start as usize..range.end as usize));
            }
        }
        match validator.payload(&payload)? {
            ValidPayload::Ok | ValidPayload::End(_) => {}
            ValidPayload::Parser(_) => {
                return Err(ModuleError::Unsupported {
                    offset: 0,
                    message: "components are not supported".into(),
                })
            }
            ValidPayload::Func(func, body) => {
                let mut v = func.into_validator(std::mem::take(&mut allocs));
                v.validate(&body)?;
                allocs = v.into_allocations();
                let mut locals = Vec::new();
                let mut lr = body.get_locals_reader()?;
                for _ in 0..lr.get_count() {
                    locals.push(lr.read()?);
                }
                let start = lr.original_position() as usize;
                let end = body.range().end as usize;
                m.bodies.push(FuncBody {
                    locals,
                    operators: start..end,
                });
            }
        }
        record(&mut m, payload)?;
    }
    m.func_names.sort_by_key(|(i, _)| *i);
    m.func_names.dedup_by_key(|(i, _)| *i);
    Ok(m)
}

/// The items of an expression segment: in the compact function-index form as long as every item is
/// a single `ref.func`, as expressions from the first one that is not.
fn read_elem_exprs(
    reader: wasmparser::SectionLimited<'_, wasmparser::ConstExpr<'_>>,
) -> Result<ElemItems, ModuleError> {
    let mut funcs = Vec::new();
    let mut exprs: Option<Vec<ConstExpr>> = None;
    for x in reader {
        let e = ConstExpr::read(&x?)?;
        match (&mut exprs, e.ops.as_slice()) {
            (None, [ConstOp::RefFunc(f)]) => funcs.push(*f),
            (None, _) => {
                let mut all = Vec::with_capacity(funcs.len() + 1);
                all.extend(
                    std::mem::take(&mut funcs)
                        .into_iter()
                        .map(ConstExpr::ref_func),
                );
                all.push(e);
                exprs = Some(all);
            }
            (Some(all), _) => all.push(e),
        }
    }
    Ok(match exprs {
        Some(all) => ElemItems::Exprs(all),
        None => ElemItems::Funcs(funcs),
    })
}

fn record(m: &mut Module, payload: Payload<'_>) -> Result<(), ModuleError> {
    match payload {
        Payload::TypeSection(reader) => {
            for group in reader {
                let group = group?;
                let start = m.types.len() as u32;
                m.types.extend(group.into_types());
                m.rec_groups.push(start..m.types.len() as u32);
            }
        }
        Payload::ImportSection(reader) => {
            for import in reader.into_imports() {
                let import = import?;
                let ty = match import.ty {
                    TypeRef::Func(t) | TypeRef::FuncExact(t) => {
                        m.funcs.push(t);
                        m.num_imported_funcs += 1;
                        ImportType::Func(t)
                    }
                    TypeRef::Table(t) => {
                        m.tables.push(t);
                        m.num_imported_tables += 1;
                        ImportType::Table(t)
                    }
                    TypeRef::Memory(t) => {
                        m.memories.push(t);
                        m.num_imported_memories += 1;
                        ImportType::Memory(t)
                    }
                    TypeRef::Global(t) => {
                        m.globals.push(t);
                        m.num_imported_globals += 1;
                        ImportType::Global(t)
                    }
                    TypeRef::Tag(_) => {
                        return Err(ModuleError::Unsupported {
                            offset: 0,
                            message: "tag imports (exception handling) are not supported".into(),
                        })
                    }
                };
                m.imports.push(Import {
                    module: import.module.to_string(),
                    name: import.name.to_string(),
                    ty,
                });
            }
        }
        Payload::FunctionSection(reader) => {
            for t in reader {
                m.funcs.push(t?);
            }
        }
        Payload::TableSection(reader) => {
            for t in reader {
                let t = t?;
                m.tables.push(t.ty);
                m.table_inits.push(match t.init {
                    TableInit::RefNull => None,
                    TableInit::Expr(e) => Some(ConstExpr::read(&e)?),
                });
            }
        }
        Payload::MemorySection(reader) => {
            for t in reader {
                m.memories.push(t?);
            }
        }
        Payload::GlobalSection(reader) => {
            for g in reader {
                let g = g?;
                m.globals.push(g.ty);
                m.global_inits.push(ConstExpr::read(&g.init_expr)?);
            }
        }
        Payload::ExportSection(reader) => {
            for e in reader {
                let e = e?;
                let kind = match e.kind {
                    ExternalKind::Func | ExternalKind::FuncExact => ExternKind::Func,
                    ExternalKind::Table => ExternKind::Table,
                    ExternalKind::Memory => ExternKind::Memory,
                    ExternalKind::Global => ExternKind::Global,
                    ExternalKind::Tag => {
                        return Err(ModuleError::Unsupported {
                            offset: 0,
                            message: "tag exports (exception handling) are not supported".into(),
                        })
                    }
                };
                m.exports.push(Export {
                    name: e.name.to_string(),
                    kind,
                    index: e.index,
                });
            }
        }
        Payload::StartSection { func, .. } => m.start = Some(func),
        Payload::ElementSection(reader) => {
            for e in reader {
                let e = e?;
                let mode = match e.kind {
                    ElementKind::Passive => ElemMode::Passive,
                    ElementKind::Declared => ElemMode::Declared,
                    ElementKind::Active {
                        table_index,
                        offset_expr,
                    } => ElemMode::Active {
                        table: table_index.unwrap_or(0),
                        offset: ConstExpr::read(&offset_expr)?,
                    },
                };
                let (ty, items) = match e.items {
                    ElementItems::Functions(r) => {
                        let funcs = r.into_iter().collect::<Result<Vec<u32>, _>>()?;
                        (wasmparser::RefType::FUNCREF, ElemItems::Funcs(funcs))
                    }
                    ElementItems::Expressions(ty, r) => (ty, read_elem_exprs(r)?),
                };
                m.elems.push(ElemSegment { mode, ty, items });
            }
        }
        Payload::DataSection(reader) => {
            for d in reader {
                let d = d?;
                let data_start = d.range.end as usize - d.data.len();
                let range = data_start..data_start + d.data.len();
                let mode = match d.kind {
                    DataKind::Passive => DataMode::Passive,
                    DataKind::Active {
                        memory_index,
                        offset_expr,
                    } => DataMode::Active {
                        memory: memory_index,
                        offset: ConstExpr::read(&offset_expr)?,
                    },
                };
                m.datas.push(DataSegment { mode, range });
            }
        }
        Payload::CustomSection(reader) => {
            let start = reader.data_offset() as usize;
            m.custom_sections.push((
                reader.name().to_string(),
                start..start + reader.data().len(),
            ));
            if let KnownCustom::Name(names) = reader.as_known() {
                // A broken name section is not an error: it is only a custom section.
                for sub in names.into_iter().flatten() {
                    if let Name::Function(map) = sub {
                        for naming in map.into_iter().flatten() {
                            m.func_names.push((naming.index, naming.name.to_string()));
                        }
                    }
                }
            }
        }
        _ => {}
    }
    Ok(())
}
