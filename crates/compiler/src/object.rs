//! Ahead-of-time relocatable objects (`tailor compile --emit obj`) with the C ABI of
//! `docs/c-abi.md`: every defined function, one array-call trampoline per signature and one C
//! wrapper per export, written by `cranelift-object`, plus the module-specific C header.

use crate::code_image::RelocTarget;
use crate::compile::{compile_export_wrapper, compile_parts, CompileOptions, Compiled};
use crate::isa::build_isa;
use crate::translate::{wasm_signature, ModuleEnv};
use crate::CompileError;
use cranelift_codegen::ir::{types, AbiParam, Signature};
use cranelift_codegen::Context;
use cranelift_frontend::FunctionBuilderContext;
use cranelift_module::{FuncId, Linkage, Module as _, ModuleReloc, ModuleRelocTarget};
use cranelift_object::{ObjectBuilder, ObjectModule};
use std::collections::HashMap;
use std::fmt::Write as _;
use tailor_module::{ExternKind, Module};
use tailor_vm::{Libcall, TypeRegistry, VMOffsets};

/// An object file and its header.
#[derive(Debug, Clone)]
pub struct ObjectOutput {
    /// The relocatable object (ELF on Linux targets).
    pub object: Vec<u8>,
    /// The module-specific C header (`OUT.h`).
    pub header: String,
}

/// The symbol suffix of an export name: bytes outside `[A-Za-z0-9_]` become `_xx` (hex).
pub fn mangle(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b == b'_' {
            out.push(b as char);
        } else {
            let _ = write!(out, "_{b:02x}");
        }
    }
    out
}

fn backend(e: impl std::fmt::Display) -> CompileError {
    CompileError::Codegen {
        func: u32::MAX,
        reason: format!("object writer: {e}"),
    }
}

/// Compiles `module` for `opts.profile` into a relocatable object with the C ABI.
pub fn compile_object(
    module: &Module,
    opts: &CompileOptions,
) -> Result<ObjectOutput, CompileError> {
    let isa = build_isa(&opts.profile, opts.opt)?;
    let parts = compile_parts(module, opts, &*isa, false)?;
    if let Some(f) = parts.interpreted.first() {
        return Err(CompileError::Unsupported {
            target: opts.profile.triple().to_string(),
            reason: format!(
                "function {f} is over the function size limit, and an object has no interpreter to \
                 leave it to"
            ),
        });
    }
    let env = ModuleEnv::new(module, &*isa, opts);
    let mut fctx = FunctionBuilderContext::new();
    let mut ctx = Context::new();
    let mut wrappers = Vec::new();
    let mut seen = HashMap::new();
    for e in &module.exports {
        if e.kind != ExternKind::Func {
            continue;
        }
        let sym = format!("tailor_export_{}", mangle(&e.name));
        if let Some(other) = seen.insert(sym.clone(), e.name.clone()) {
            return Err(CompileError::Unsupported {
                target: opts.profile.triple().to_string(),
                reason: format!(
                    "exports {other:?} and {:?} get the same symbol {sym}",
                    e.name
                ),
            });
        }
        wrappers.push((
            sym,
            compile_export_wrapper(&env, e.index, &mut fctx, &mut ctx)?,
        ));
    }

    let builder = ObjectBuilder::new(
        isa.clone(),
        "tailor",
        cranelift_module::default_libcall_names(),
    )
    .map_err(backend)?;
    let mut obj = ObjectModule::new(builder);
    let c_sig = |n: usize| {
        let mut s = Signature::new(isa.default_call_conv());
        for _ in 0..n {
            s.params.push(AbiParam::new(types::I64));
        }
        s
    };
    let nimp = module.num_imported_funcs;
    let mut func_ids = Vec::new();
    for i in 0..parts.funcs.len() as u32 {
        let f = nimp + i;
        let sig = wasm_signature(module.func_type(f));
        let id = obj
            .declare_function(&format!("tailor_func_{f}"), Linkage::Export, &sig)
            .map_err(backend)?;
        func_ids.push(id);
    }
    let mut helpers: HashMap<String, FuncId> = HashMap::new();
    let mut define =
        |obj: &mut ObjectModule, id: FuncId, c: &Compiled| -> Result<(), CompileError> {
            let mut relocs = Vec::new();
            for (offset, kind, target, addend) in &c.relocs {
                let name = match target {
                    RelocTarget::Func(f) => {
                        let d = f.checked_sub(nimp).and_then(|d| func_ids.get(d as usize));
                        let d =
                            d.ok_or_else(|| backend(format!("call to function {f} without code")))?;
                        ModuleRelocTarget::user(0, d.as_u32())
                    }
                    RelocTarget::Image(off) => ModuleRelocTarget::FunctionOffset(id, *off),
                    RelocTarget::Helper(h) => {
                        let hid = match helpers.get(h) {
                            Some(x) => *x,
                            None => {
                                let x = obj
                                    .declare_function(
                                        &format!("tailor_{h}"),
                                        Linkage::Import,
                                        &c_sig(0),
                                    )
                                    .map_err(backend)?;
                                helpers.insert(h.clone(), x);
                                x
                            }
                        };
                        ModuleRelocTarget::user(0, hid.as_u32())
                    }
                };
                relocs.push(ModuleReloc {
                    offset: *offset,
                    kind: *kind,
                    name,
                    addend: *addend,
                });
            }
            obj.define_function_bytes(id, 16, &c.code, &relocs)
                .map_err(backend)
        };
    for (i, c) in parts.funcs.iter().enumerate() {
        define(&mut obj, func_ids[i], c)?;
    }
    for (t, c) in &parts.trampolines {
        let id = obj
            .declare_function(
                &format!("tailor_trampoline_{t}"),
                Linkage::Export,
                &c_sig(3),
            )
            .map_err(backend)?;
        define(&mut obj, id, c)?;
    }
    for (sym, c) in &wrappers {
        let id = obj
            .declare_function(sym, Linkage::Export, &c_sig(2))
            .map_err(backend)?;
        define(&mut obj, id, c)?;
    }
    let object = obj.finish().emit().map_err(backend)?;
    Ok(ObjectOutput {
        object,
        header: header(module, &parts.trampolines, &wrappers),
    })
}

/// The module-specific C header.
fn header(module: &Module, tramps: &[(u32, Compiled)], wrappers: &[(String, Compiled)]) -> String {
    let o = VMOffsets::new(module);
    let ids = TypeRegistry::default().register_module(module);
    let mut h = String::new();
    let _ = writeln!(
        h,
        "/* Generated by `tailor compile --emit obj`; see docs/c-abi.md. */"
    );
    let _ = writeln!(
        h,
        "#ifndef TAILOR_MODULE_H\n#define TAILOR_MODULE_H\n#include <stdint.h>\n"
    );
    let _ = writeln!(h, "#define TAILOR_VMCTX_BYTES {}", o.size());
    let _ = writeln!(h, "#define TAILOR_NUM_MEMORIES {}", o.num_memories);
    let _ = writeln!(h, "#define TAILOR_NUM_GLOBALS {}", o.num_globals);
    let _ = writeln!(h, "#define TAILOR_NUM_TABLES {}", o.num_tables);
    let _ = writeln!(h, "#define TAILOR_NUM_FUNCS {}", o.num_funcs);
    let _ = writeln!(
        h,
        "#define TAILOR_NUM_IMPORTED_FUNCS {}",
        module.num_imported_funcs
    );
    let _ = writeln!(h, "#define TAILOR_NUM_TYPES {}", module.types.len());
    let _ = writeln!(
        h,
        "#define TAILOR_OFF_STORE_CTX {}",
        tailor_vm::vmctx::header::store_ctx
    );
    let _ = writeln!(
        h,
        "#define TAILOR_OFF_INSTANCE {}",
        tailor_vm::vmctx::header::instance
    );
    let _ = writeln!(
        h,
        "#define TAILOR_OFF_LIBCALLS {}",
        tailor_vm::vmctx::header::libcalls
    );
    let _ = writeln!(
        h,
        "#define TAILOR_OFF_TYPE_IDS {}",
        tailor_vm::vmctx::header::type_ids
    );
    let _ = writeln!(
        h,
        "#define TAILOR_OFF_MEMORY(i) ({} + 8 * (i))",
        o.memory(0)
    );
    let _ = writeln!(
        h,
        "#define TAILOR_OFF_MEMORY_BASE(i) ({} + 8 * (i))",
        o.memory_base(0)
    );
    let _ = writeln!(
        h,
        "#define TAILOR_OFF_GLOBAL(i) ({} + 8 * (i))",
        o.global(0)
    );
    let _ = writeln!(h, "#define TAILOR_OFF_TABLE(i) ({} + 8 * (i))", o.table(0));
    let _ = writeln!(h, "#define TAILOR_OFF_FUNC(i) ({} + 8 * (i))", o.func(0));
    let _ = writeln!(h, "#define TAILOR_NUM_LIBCALLS {}", Libcall::ALL.len());
    let list =
        |v: &mut dyn Iterator<Item = u32>| v.map(|x| x.to_string()).collect::<Vec<_>>().join(", ");
    let _ = writeln!(
        h,
        "\n/* Canonical type id of every type index. */\nstatic const uint32_t tailor_type_ids[{}] = {{ {} }};",
        ids.len().max(1),
        if ids.is_empty() { "0".into() } else { list(&mut ids.iter().copied()) }
    );
    let _ = writeln!(
        h,
        "/* Type index of every function (imports first). */\nstatic const uint32_t tailor_func_type_index[{}] = {{ {} }};",
        module.funcs.len().max(1),
        if module.funcs.is_empty() { "0".into() } else { list(&mut module.funcs.iter().copied()) }
    );
    let _ = writeln!(h);
    for i in module.num_imported_funcs..module.funcs.len() as u32 {
        let _ = writeln!(h, "extern char tailor_func_{i}[];");
    }
    for (t, _) in tramps {
        let _ = writeln!(
            h,
            "extern void tailor_trampoline_{t}(void *vmctx, const void *code, void *values);"
        );
    }
    for (sym, _) in wrappers {
        let _ = writeln!(h, "extern void {sym}(void *vmctx, void *values);");
    }
    let _ = writeln!(h, "\n#endif");
    h
}

#[cfg(test)]
#[path = "object_tests.rs"]
mod tests;
