//! The C driver of one script for one target: per module, code that builds its instance (memories,
//! tables, globals, segments, `tailor_func` records, the vmctx words) exactly as `docs/c-abi.md`
//! describes; then a table of assertions run in script order against the exported C functions.

use crate::plan::{Action, Arg, Assertion, Check, Expect, FilePlan, ImportSource, Nan, Step};
use std::collections::HashSet;
use std::fmt::Write as _;
use tailor_module::{ConstExpr, ConstOp, DataMode, ElemMode, Module};
use tailor_vm::{TrapCode, VMOffsets};
use wasmparser::ValType;

/// Memory pages reserved for a memory without a (smaller) declared maximum; `memory.grow` past
/// this fails, which the spec allows.
pub const RESERVE_PAGES: u64 = 16384;

/// What the driver needs of one module compiled for the target.
pub struct ModuleObject {
    /// The six-byte symbol prefix replacing `tailor` (`m00003`).
    pub tag: String,
    /// The (renamed) defined symbols of its object.
    pub symbols: HashSet<String>,
    /// Canonical type id per type index (from the header).
    pub type_ids: Vec<u32>,
}

/// The driver source and how many assertions it checks.
pub struct Driver {
    /// The C source.
    pub source: String,
    /// Assertions it runs.
    pub assertions: usize,
    /// Modules it instantiates.
    pub modules: usize,
    /// Directives skipped on this target (line, reason), beyond the plan's own.
    pub skipped: Vec<(usize, String)>,
}

/// A constant-expression value known when the driver is generated.
#[derive(Clone, Copy, Debug)]
enum CVal {
    Num(u128),
    Func(u32),
    Null,
    /// The value of a mutable global of another module.
    Unknown,
}

/// The values of the `spectest` globals.
fn spectest_global(name: &str) -> Option<u128> {
    Some(match name {
        "global_i32" | "global_i64" => 666,
        "global_f32" => 666.6f32.to_bits() as u128,
        "global_f64" => 666.6f64.to_bits() as u128,
        _ => return None,
    })
}

fn eval(expr: &ConstExpr, globals: &[CVal]) -> Result<CVal, String> {
    let mut stack: Vec<CVal> = Vec::new();
    let num = |v: Option<CVal>| match v {
        Some(CVal::Num(n)) => Ok(n),
        other => Err(format!("bad constant operand {other:?}")),
    };
    for op in &expr.ops {
        let v = match *op {
            ConstOp::I32(x) => CVal::Num(x as u32 as u128),
            ConstOp::I64(x) => CVal::Num(x as u64 as u128),
            ConstOp::F32(b) => CVal::Num(b as u128),
            ConstOp::F64(b) => CVal::Num(b as u128),
            ConstOp::V128(v) => CVal::Num(v),
            ConstOp::RefNull => CVal::Null,
            ConstOp::RefFunc(f) => CVal::Func(f),
            ConstOp::GlobalGet(g) => match globals.get(g as usize) {
                Some(CVal::Unknown) => return Err("global.get of a mutable imported global".into()),
                Some(v) => *v,
                None => return Err(format!("global.get {g} of a later global")),
            },
            ConstOp::I32Add | ConstOp::I32Sub | ConstOp::I32Mul => {
                let b = num(stack.pop())? as u32;
                let a = num(stack.pop())? as u32;
                CVal::Num(match *op {
                    ConstOp::I32Add => a.wrapping_add(b),
                    ConstOp::I32Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                } as u128)
            }
            ConstOp::I64Add | ConstOp::I64Sub | ConstOp::I64Mul => {
                let b = num(stack.pop())? as u64;
                let a = num(stack.pop())? as u64;
                CVal::Num(match *op {
                    ConstOp::I64Add => a.wrapping_add(b),
                    ConstOp::I64Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                } as u128)
            }
        };
        stack.push(v);
    }
    stack
        .pop()
        .ok_or_else(|| "empty constant expression".into())
}

/// A reference value as a C expression (inside an instantiate function, where `vm` is the vmctx
/// and its function words are set).
fn ref_expr(o: &VMOffsets, v: CVal) -> Result<String, String> {
    Ok(match v {
        CVal::Null => "0".into(),
        CVal::Func(f) => format!("vm[{}]", o.func(f) / 8),
        CVal::Num(_) => return Err("number where a reference was expected".into()),
        CVal::Unknown => return Err("a mutable imported global in a constant expression".into()),
    })
}

fn c_string(bytes: &[u8]) -> String {
    let mut s = String::from("\"");
    for (i, &b) in bytes.iter().enumerate() {
        if i > 0 && i % 64 == 0 {
            s.push_str("\"\n  \"");
        }
        match b {
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            b'?' => s.push_str("\\?"),
            0x20..=0x7e => s.push(b as char),
            _ => {
                let _ = write!(s, "\\{b:03o}");
            }
        }
    }
    s.push('"');
    s
}

/// Raw trap codes accepted for a spec trap message: every code whose message the expected text
/// starts with (as `tailor_vm::TrapCode::message` spells them), plus the spec's other spellings.
pub fn accepted_traps(message: &str) -> u32 {
    let mut mask = 0u32;
    for c in TrapCode::ALL {
        if message.starts_with(c.message()) {
            mask |= 1 << c.to_raw();
        }
    }
    let alias: &[(&str, &[TrapCode])] = &[
        (
            "undefined element",
            &[TrapCode::TableOutOfBounds, TrapCode::IndirectCallToNull],
        ),
        (
            "null function reference",
            &[TrapCode::NullReference, TrapCode::IndirectCallToNull],
        ),
        (
            "out of bounds",
            &[
                TrapCode::MemoryOutOfBounds,
                TrapCode::TableOutOfBounds,
                TrapCode::ElementOutOfBounds,
            ],
        ),
        ("unreachable", &[TrapCode::Unreachable]),
    ];
    if mask == 0 {
        for (prefix, codes) in alias {
            if message.starts_with(prefix) {
                for c in *codes {
                    mask |= 1 << c.to_raw();
                }
            }
        }
    }
    mask
}

/// Value-pool kinds (must match the C enum in the prelude).
mod kind {
    pub const I32: u8 = 0;
    pub const I64: u8 = 1;
    pub const F32: u8 = 2;
    pub const F64: u8 = 3;
    pub const V128: u8 = 4;
    pub const F32X4: u8 = 5;
    pub const F64X2: u8 = 6;
    pub const NULL: u8 = 7;
    pub const EXTERN: u8 = 8;
    pub const EXTERN_ANY: u8 = 9;
    pub const FUNC: u8 = 10;
    pub const FUNC_ANY: u8 = 11;
    pub const EITHER: u8 = 12;
}

/// The pool of argument and expected values: `{k, nan, n, aux, a, b}` entries.
#[derive(Default)]
struct Pool {
    text: String,
    len: usize,
}

impl Pool {
    fn push(&mut self, k: u8, nan: u8, n: u16, aux: u32, a: u64, b: u64) -> usize {
        let _ = writeln!(self.text, "{{{k},{nan},{n},{aux},0x{a:x}ull,0x{b:x}ull}},");
        self.len += 1;
        self.len - 1
    }

    fn arg(&mut self, a: &Arg) -> usize {
        match *a {
            Arg::I32(v) => self.push(kind::I32, 0, 0, 0, v as u64, 0),
            Arg::I64(v) => self.push(kind::I64, 0, 0, 0, v, 0),
            Arg::F32(v) => self.push(kind::F32, 0, 0, 0, v as u64, 0),
            Arg::F64(v) => self.push(kind::F64, 0, 0, 0, v, 0),
            Arg::V128(b) => {
                let (lo, hi) = halves(&b);
                self.push(kind::V128, 0, 0, 0, lo, hi)
            }
            Arg::Null => self.push(kind::NULL, 0, 0, 0, 0, 0),
            Arg::Extern(n) => self.push(kind::EXTERN, 0, 0, 0, n as u64, 0),
        }
    }

    /// Pushes the entry describing `e` (an `either` refers to its alternatives at `alt_at`).
    fn expect(&mut self, e: &Expect, alt_at: usize) -> usize {
        fn nan_code<T>(n: &Nan<T>) -> u8 {
            match n {
                Nan::Bits(_) => 0,
                Nan::Canonical => 1,
                Nan::Arithmetic => 2,
            }
        }
        match e {
            Expect::I32(v) => self.push(kind::I32, 0, 0, 0, *v as u64, 0),
            Expect::I64(v) => self.push(kind::I64, 0, 0, 0, *v, 0),
            Expect::F32(n) => {
                let bits = if let Nan::Bits(b) = n { *b as u64 } else { 0 };
                self.push(kind::F32, nan_code(n), 0, 0, bits, 0)
            }
            Expect::F64(n) => {
                let bits = if let Nan::Bits(b) = n { *b } else { 0 };
                self.push(kind::F64, nan_code(n), 0, 0, bits, 0)
            }
            Expect::V128Bytes(b) => {
                let (lo, hi) = halves(b);
                self.push(kind::V128, 0, 0, 0, lo, hi)
            }
            Expect::F32x4(lanes) => {
                let mut bytes = [0u8; 16];
                let mut nan = 0u8;
                for (i, l) in lanes.iter().enumerate() {
                    if let Nan::Bits(b) = l {
                        bytes[i * 4..i * 4 + 4].copy_from_slice(&b.to_le_bytes());
                    }
                    nan |= nan_code(l) << (2 * i);
                }
                let (lo, hi) = halves(&bytes);
                self.push(kind::F32X4, nan, 0, 0, lo, hi)
            }
            Expect::F64x2(lanes) => {
                let mut bytes = [0u8; 16];
                let mut nan = 0u8;
                for (i, l) in lanes.iter().enumerate() {
                    if let Nan::Bits(b) = l {
                        bytes[i * 8..i * 8 + 8].copy_from_slice(&b.to_le_bytes());
                    }
                    nan |= nan_code(l) << (2 * i);
                }
                let (lo, hi) = halves(&bytes);
                self.push(kind::F64X2, nan, 0, 0, lo, hi)
            }
            Expect::Null => self.push(kind::NULL, 0, 0, 0, 0, 0),
            Expect::Extern(Some(n)) => self.push(kind::EXTERN, 0, 0, 0, *n as u64, 0),
            Expect::Extern(None) => self.push(kind::EXTERN_ANY, 0, 0, 0, 0, 0),
            Expect::Func(Some(f)) => self.push(kind::FUNC, 0, 0, 0, *f as u64, 0),
            Expect::Func(None) => self.push(kind::FUNC_ANY, 0, 0, 0, 0, 0),
            Expect::Either(options) => {
                self.push(kind::EITHER, 0, options.len() as u16, alt_at as u32, 0, 0)
            }
        }
    }

    /// Pushes the expected results contiguously (one entry each), then the alternatives of their
    /// `either`s; returns the index of the first result.
    fn results(&mut self, results: &[Expect]) -> Result<usize, String> {
        let base = self.len;
        let mut alt_at = base + results.len();
        for r in results {
            self.expect(r, alt_at);
            if let Expect::Either(o) = r {
                alt_at += o.len();
            }
        }
        for r in results {
            if let Expect::Either(options) = r {
                for o in options {
                    if matches!(o, Expect::Either(_)) {
                        return Err("nested either".into());
                    }
                    self.expect(o, 0);
                }
            }
        }
        Ok(base)
    }
}

fn halves(b: &[u8; 16]) -> (u64, u64) {
    (
        u64::from_le_bytes(b[..8].try_into().unwrap()),
        u64::from_le_bytes(b[8..].try_into().unwrap()),
    )
}

/// The C prelude shared by every driver.
const PRELUDE: &str = include_str!("driver_prelude.c");

/// Generates the driver of `plan`; `objects[i]` is module `i` compiled for the target, or the
/// reason it was not.
pub fn generate(plan: &FilePlan, objects: &[Result<ModuleObject, String>]) -> Driver {
    let mut out = String::new();
    let mut skipped = Vec::new();
    let mut pool = Pool::default();
    let mut asserts = String::new();
    let mut main_steps = String::new();
    let mut n_asserts = 0usize;
    let mut max_cells = 1usize;
    let mut instantiable = vec![false; plan.modules.len()];
    out.push_str(PRELUDE);
    let _ = writeln!(
        out,
        "static struct mod_info MODS[{}];",
        plan.modules.len().max(1)
    );
    // The instantiation code is straight-line boilerplate: do not spend compile time optimizing it.
    out.push_str("#pragma GCC push_options\n#pragma GCC optimize (\"O0\")\n");
    let mut values: Vec<Vec<CVal>> = Vec::new();
    for (i, pm) in plan.modules.iter().enumerate() {
        values.push(Vec::new());
        let obj = match &objects[i] {
            Ok(o) => o,
            Err(e) => {
                skipped.push((pm.line, format!("module not compiled: {e}")));
                continue;
            }
        };
        let ctx = Linking {
            plan,
            objects,
            instantiable: &instantiable,
            values: &values,
        };
        match module_code(&ctx, i, obj) {
            Ok((code, gvals)) => {
                out.push_str(&code);
                instantiable[i] = true;
                values[i] = gvals;
            }
            Err(e) => skipped.push((pm.line, format!("module: {e}"))),
        }
    }
    out.push_str("#pragma GCC pop_options\n");
    // The module table.
    let _ = writeln!(
        out,
        "static struct mod_info MODS[{}] = {{",
        plan.modules.len().max(1)
    );
    for (i, pm) in plan.modules.iter().enumerate() {
        if instantiable[i] {
            let tag = &objects[i].as_ref().unwrap().tag;
            let off = VMOffsets::new(&pm.module).func(0);
            let _ = writeln!(out, "  {{ {tag}_vmctx, -1, {off} }},");
        } else {
            let _ = writeln!(out, "  {{ 0, -1, 0 }},");
        }
    }
    let _ = writeln!(out, "}};");

    let mut pending = 0usize; // assertions since the last flush into main
    let mut first = 0usize;
    for step in &plan.steps {
        match step {
            Step::Instantiate(m, trap) => {
                if pending > 0 {
                    let _ = writeln!(main_steps, "  run_asserts({first}, {pending});");
                    first += pending;
                    pending = 0;
                }
                if instantiable[*m] {
                    let tag = &objects[*m].as_ref().unwrap().tag;
                    let mask = match trap {
                        Some(msg) => {
                            let mask = accepted_traps(msg);
                            if mask == 0 {
                                skipped.push((
                                    plan.modules[*m].line,
                                    format!("unknown trap message {msg:?}"),
                                ));
                                continue;
                            }
                            n_asserts += 1;
                            mask
                        }
                        None => 0,
                    };
                    let _ = writeln!(
                        main_steps,
                        "  instantiate({m}, {}, {tag}_instantiate, {mask}u);",
                        plan.modules[*m].line
                    );
                } else if trap.is_some() {
                    skipped.push((
                        plan.modules[*m].line,
                        "assert_trap on a skipped module".into(),
                    ));
                }
            }
            Step::Assert(a) => {
                if !instantiable[a.module] {
                    skipped.push((a.line, "assertion on a skipped module".into()));
                    continue;
                }
                let obj = objects[a.module].as_ref().unwrap();
                match assertion(a, &plan.modules[a.module].module, obj, &mut pool) {
                    Ok((text, cells)) => {
                        asserts.push_str(&text);
                        max_cells = max_cells.max(cells);
                        pending += 1;
                        n_asserts += 1;
                    }
                    Err(e) => skipped.push((a.line, e)),
                }
            }
        }
    }
    if pending > 0 {
        let _ = writeln!(main_steps, "  run_asserts({first}, {pending});");
    }
    let _ = writeln!(out, "#define MAX_CELLS {}", max_cells + 1);
    let _ = writeln!(
        out,
        "static const tv V[] = {{\n{}{{0,0,0,0,0,0}}\n}};",
        pool.text
    );
    let _ = writeln!(out, "static const asrt A[] = {{\n{asserts}{{0}}\n}};");
    out.push_str(include_str!("driver_run.c"));
    let _ = writeln!(
        out,
        "int main(void) {{\n  driver_init();\n{main_steps}  return driver_finish();\n}}"
    );
    Driver {
        source: out,
        assertions: n_asserts,
        modules: instantiable.iter().filter(|x| **x).count(),
        skipped,
    }
}

/// One assertion's table entry, and the number of value cells it needs.
fn assertion(
    a: &Assertion,
    module: &Module,
    obj: &ModuleObject,
    pool: &mut Pool,
) -> Result<(String, usize), String> {
    let tag = &obj.tag;
    let (kind, trapmask) = match &a.check {
        Check::Return(_) => (0, 0),
        Check::Trap(msg) => {
            let mask = accepted_traps(msg);
            if mask == 0 {
                return Err(format!("unknown trap message {msg:?}"));
            }
            (1, mask)
        }
        Check::NoTrap => (2, 0),
    };
    let results: &[Expect] = match &a.check {
        Check::Return(r) => r,
        _ => &[],
    };
    let (fnptr, global_off, nargs, arg_at, name, cells, kind) = match &a.action {
        Action::Invoke { name, args } => {
            let export = module
                .exports
                .iter()
                .find(|e| e.name == *name && e.kind == tailor_module::ExternKind::Func)
                .ok_or_else(|| format!("no exported function {name:?}"))?;
            let sym = format!("{tag}_export_{}", tailor_compiler::object::mangle(name));
            if !obj.symbols.contains(&sym) {
                return Err(format!("no symbol {sym}"));
            }
            let ty = module.func_type(export.index);
            if ty.params().len() != args.len() {
                return Err(format!(
                    "{name}: {} arguments for {} parameters",
                    args.len(),
                    ty.params().len()
                ));
            }
            // The pool entries of one assertion's arguments are contiguous.
            let arg_at = args.iter().map(|x| pool.arg(x)).min().unwrap_or(0);
            let cells = ty.params().len().max(ty.results().len()).max(results.len());
            (
                format!("(tailor_export_fn){sym}"),
                0u32,
                args.len(),
                arg_at,
                name.clone(),
                cells,
                kind,
            )
        }
        Action::Get { name } => {
            let export = module
                .exports
                .iter()
                .find(|e| e.name == *name && e.kind == tailor_module::ExternKind::Global)
                .ok_or_else(|| format!("no exported global {name:?}"))?;
            let off = VMOffsets::new(module).global(export.index);
            ("0".to_string(), off, 0, 0, name.clone(), 1, 3)
        }
    };
    let res_at = if results.is_empty() {
        0
    } else {
        pool.results(results)?
    };
    let text = format!(
        "{{{line},{kind},{nargs},{nres},{m},{trapmask}u,{fnptr},{global_off},{arg_at},{res_at},{cname}}},\n",
        line = a.line,
        nres = results.len(),
        m = a.module,
        cname = c_string(name.as_bytes()),
    );
    Ok((text, cells))
}

/// What a module's code needs of the modules before it.
struct Linking<'a> {
    plan: &'a FilePlan,
    objects: &'a [Result<ModuleObject, String>],
    instantiable: &'a [bool],
    /// Initial global values of the earlier modules.
    values: &'a [Vec<CVal>],
}

impl Linking<'_> {
    /// The exporter of an import from another module: its tag and module, if it is instantiable.
    fn exporter(&self, m: usize) -> Result<(&str, &Module), String> {
        if !self.instantiable[m] {
            return Err(format!(
                "imports from module {m}, which is skipped on this target"
            ));
        }
        Ok((
            self.objects[m].as_ref().unwrap().tag.as_str(),
            &self.plan.modules[m].module,
        ))
    }
}

/// The C code that declares module `index`'s objects and instantiates it, and its globals'
/// initial values.
fn module_code(
    ctx: &Linking<'_>,
    index: usize,
    obj: &ModuleObject,
) -> Result<(String, Vec<CVal>), String> {
    let pm = &ctx.plan.modules[index];
    let module = &pm.module;
    let tag = &obj.tag;
    // Import sources per kind, in each kind's index order.
    let mut func_src = Vec::new();
    let mut mem_src = Vec::new();
    let mut table_src = Vec::new();
    let mut global_src = Vec::new();
    for (imp, src) in module.imports.iter().zip(&pm.imports) {
        match imp.ty {
            tailor_module::ImportType::Func(_) => func_src.push((imp, *src)),
            tailor_module::ImportType::Memory(_) => mem_src.push((imp, *src)),
            tailor_module::ImportType::Table(_) => table_src.push((imp, *src)),
            tailor_module::ImportType::Global(_) => global_src.push((imp, *src)),
        }
    }
    // Modules it imports from must be instantiated.
    let mut deps: Vec<usize> = pm
        .imports
        .iter()
        .filter_map(|s| match s {
            ImportSource::Module(m, _) => Some(*m),
            ImportSource::Spectest => None,
        })
        .collect();
    deps.sort_unstable();
    deps.dedup();
    for d in &deps {
        ctx.exporter(*d)?;
    }
    // The header's ids must partition the types as the script-wide registry does.
    let ids = &pm.type_ids;
    for a in 0..ids.len() {
        for b in 0..ids.len() {
            if (ids[a] == ids[b]) != (obj.type_ids.get(a) == obj.type_ids.get(b)) {
                return Err(format!(
                    "header type ids {:?} disagree with the registry's {ids:?}",
                    obj.type_ids
                ));
            }
        }
    }
    let o = VMOffsets::new(module);
    let mut c = String::new();
    let nf = module.funcs.len();
    let _ = writeln!(c, "/* ---- module {index} ---- */");
    let _ = writeln!(
        c,
        "static uint64_t {tag}_vmctx[{}] __attribute__((aligned(16)));",
        (o.size() / 8).max(1)
    );
    let _ = writeln!(c, "static tailor_rt_instance {tag}_inst;");
    let _ = writeln!(c, "static tailor_func {tag}_funcs[{}];", nf.max(1));
    let _ = writeln!(
        c,
        "static tailor_global {tag}_globals[{}];",
        module.globals.len().max(1)
    );
    let _ = writeln!(
        c,
        "static tailor_memory *{tag}_mems[{}];",
        module.memories.len().max(1)
    );
    let _ = writeln!(
        c,
        "static tailor_table *{tag}_tabs[{}];",
        module.tables.len().max(1)
    );
    let _ = writeln!(
        c,
        "static tailor_rt_data {tag}_datas[{}];",
        module.datas.len().max(1)
    );
    let _ = writeln!(
        c,
        "static tailor_rt_elem {tag}_elems[{}];",
        module.elems.len().max(1)
    );
    let _ = writeln!(
        c,
        "static const uint32_t {tag}_type_ids[{}] = {{ {} }};",
        ids.len().max(1),
        if ids.is_empty() {
            "0".into()
        } else {
            ids.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(",")
        }
    );
    for i in module.num_imported_funcs..nf as u32 {
        let _ = writeln!(c, "extern char {tag}_func_{i}[];");
    }
    let mut syms: Vec<&String> = obj.symbols.iter().collect();
    syms.sort();
    for s in syms {
        if s.starts_with(&format!("{tag}_export_")) {
            let _ = writeln!(c, "extern void {s}(void *, tailor_val *);");
        } else if s.starts_with(&format!("{tag}_trampoline_")) {
            let _ = writeln!(c, "extern void {s}(void *, const void *, tailor_val *);");
        }
    }
    for (j, d) in module.datas.iter().enumerate() {
        let _ = writeln!(
            c,
            "static const char {tag}_d{j}[] = {};",
            c_string(&module.bytes[d.range.clone()])
        );
    }
    for (j, e) in module.elems.iter().enumerate() {
        let _ = writeln!(c, "static uint64_t {tag}_e{j}[{}];", e.items.len().max(1));
    }

    // Instantiation.
    let _ = writeln!(c, "static uint32_t {tag}_instantiate(void) {{");
    let _ = writeln!(
        c,
        "  uint64_t *vm = {tag}_vmctx;\n  tailor_rt_instance *I = &{tag}_inst;"
    );
    let _ = writeln!(
        c,
        "  I->vmctx = vm; I->store = &store; I->num_memories = {}; I->num_tables = {}; I->num_datas = {}; I->num_elems = {};",
        module.memories.len(), module.tables.len(), module.datas.len(), module.elems.len()
    );
    let _ = writeln!(
        c,
        "  I->memories = {tag}_mems; I->tables = {tag}_tabs; I->datas = {tag}_datas; I->elems = {tag}_elems;"
    );
    let _ = writeln!(
        c,
        "  vm[0] = (uintptr_t)&store; vm[1] = (uintptr_t)I; vm[2] = (uintptr_t)tailor_rt_libcalls; vm[3] = (uintptr_t){tag}_type_ids;"
    );
    let w = |off: u32| off / 8;
    for d in &deps {
        let _ = writeln!(c, "  if (MODS[{d}].status != 0) return 1002;");
    }
    // Functions.
    for (i, &ty) in module.funcs.iter().enumerate() {
        let type_id = format!("{tag}_type_ids[{ty}]");
        if (i as u32) < module.num_imported_funcs {
            if let ImportSource::Module(m, idx) = func_src[i].1 {
                let (etag, emod) = ctx.exporter(m)?;
                let word = VMOffsets::new(emod).func(idx) / 8;
                let _ = writeln!(c, "  vm[{}] = {etag}_vmctx[{word}];", w(o.func(i as u32)));
                continue;
            }
            let _ = writeln!(
                c,
                "  {tag}_funcs[{i}] = (tailor_func){{ 0, vm, {type_id}, 0, spectest_print, 0 }};"
            );
        } else {
            let _ = writeln!(
                c,
                "  {tag}_funcs[{i}] = (tailor_func){{ (const void *){tag}_func_{i}, vm, {type_id}, 0, 0, 0 }};"
            );
        }
        let _ = writeln!(
            c,
            "  vm[{}] = (uintptr_t)&{tag}_funcs[{i}];",
            w(o.func(i as u32))
        );
    }
    // Memories.
    for (i, m) in module.memories.iter().enumerate() {
        if m.shared || m.page_size_log2.is_some() {
            return Err("shared or custom-page-size memory".into());
        }
        if (i as u32) < module.num_imported_memories {
            match mem_src[i].1 {
                ImportSource::Module(m, idx) => {
                    let (etag, _) = ctx.exporter(m)?;
                    let _ = writeln!(c, "  {tag}_mems[{i}] = {etag}_mems[{idx}];");
                }
                ImportSource::Spectest => {
                    let _ = writeln!(c, "  {tag}_mems[{i}] = spectest_memory();");
                }
            }
        } else {
            let limit = if m.memory64 { 1u64 << 48 } else { 65536 };
            let max = m.maximum.unwrap_or(limit).min(limit);
            let reserve = max.min(RESERVE_PAGES).max(m.initial);
            let _ = writeln!(
                c,
                "  {tag}_mems[{i}] = tailor_rt_memory_new({}ull, {max}ull, {reserve}ull);",
                m.initial
            );
        }
        let _ = writeln!(c, "  if (!{tag}_mems[{i}]) return 1000;");
        let _ = writeln!(
            c,
            "  vm[{}] = (uintptr_t){tag}_mems[{i}];",
            w(o.memory(i as u32))
        );
        let _ = writeln!(
            c,
            "  vm[{}] = (uintptr_t){tag}_mems[{i}]->base;",
            w(o.memory_base(i as u32))
        );
    }
    // Globals.
    let mut gvals: Vec<CVal> = Vec::new();
    for (i, g) in module.globals.iter().enumerate() {
        let slot = format!("{tag}_globals[{i}]");
        if let Some((_, ImportSource::Module(m, idx))) = global_src.get(i) {
            let (etag, emod) = ctx.exporter(*m)?;
            let word = VMOffsets::new(emod).global(*idx) / 8;
            let _ = writeln!(c, "  vm[{}] = {etag}_vmctx[{word}];", w(o.global(i as u32)));
            let v = if g.mutable {
                CVal::Unknown
            } else {
                match ctx.values[*m].get(*idx as usize) {
                    // A function reference of the exporter means its function, not ours.
                    Some(CVal::Func(_)) | None => CVal::Unknown,
                    Some(v) => *v,
                }
            };
            gvals.push(v);
            continue;
        }
        let v = if (i as u32) < module.num_imported_globals {
            let name = &global_src[i].0.name;
            CVal::Num(spectest_global(name).ok_or_else(|| format!("spectest global {name}"))?)
        } else {
            eval(
                &module.global_inits[i - module.num_imported_globals as usize],
                &gvals,
            )?
        };
        gvals.push(v);
        let set = match (g.content_type, v) {
            (ValType::I32, CVal::Num(n)) => {
                format!("tailor_val_set_u32(&{slot}.value, {}u)", n as u32)
            }
            (ValType::I64 | ValType::F64, CVal::Num(n)) => {
                format!("tailor_val_set_u64(&{slot}.value, 0x{:x}ull)", n as u64)
            }
            (ValType::F32, CVal::Num(n)) => {
                format!("tailor_val_set_u32(&{slot}.value, 0x{:x}u)", n as u32)
            }
            (ValType::V128, CVal::Num(n)) => format!(
                "tailor_val_set_v128(&{slot}.value, 0x{:x}ull, 0x{:x}ull)",
                n as u64,
                (n >> 64) as u64
            ),
            (ValType::Ref(_), v) => {
                format!("tailor_val_set_ref(&{slot}.value, {})", ref_expr(&o, v)?)
            }
            (t, v) => return Err(format!("global of type {t:?} = {v:?}")),
        };
        // Imported spectest globals are immutable: a copy per importing module is equivalent.
        let _ = writeln!(c, "  {set};");
        let _ = writeln!(c, "  vm[{}] = (uintptr_t)&{slot};", w(o.global(i as u32)));
    }
    // Tables.
    for (i, t) in module.tables.iter().enumerate() {
        if (i as u32) < module.num_imported_tables {
            match table_src[i].1 {
                ImportSource::Module(m, idx) => {
                    let (etag, _) = ctx.exporter(m)?;
                    let _ = writeln!(c, "  {tag}_tabs[{i}] = {etag}_tabs[{idx}];");
                }
                ImportSource::Spectest => {
                    let _ = writeln!(c, "  {tag}_tabs[{i}] = spectest_table();");
                }
            }
        } else {
            let init = match &module.table_inits[i - module.num_imported_tables as usize] {
                Some(e) => ref_expr(&o, eval(e, &gvals)?)?,
                None => "0".into(),
            };
            let limit = if t.table64 { u64::MAX } else { u32::MAX as u64 };
            let max = t.maximum.unwrap_or(limit);
            let _ = writeln!(
                c,
                "  {tag}_tabs[{i}] = tailor_rt_table_new({}ull, {max}ull, {init});",
                t.initial
            );
        }
        let _ = writeln!(c, "  if (!{tag}_tabs[{i}]) return 1001;");
        let _ = writeln!(
            c,
            "  vm[{}] = (uintptr_t){tag}_tabs[{i}];",
            w(o.table(i as u32))
        );
    }
    // Element segments: items first, then the active ones in order (a trap stops instantiation).
    for (j, e) in module.elems.iter().enumerate() {
        for (k, item) in e.items.exprs().enumerate() {
            let v = ref_expr(&o, eval(&item, &gvals)?)?;
            let _ = writeln!(c, "  {tag}_e{j}[{k}] = {v};");
        }
        let len = if matches!(e.mode, ElemMode::Declared) {
            0
        } else {
            e.items.len()
        };
        let _ = writeln!(
            c,
            "  {tag}_elems[{j}] = (tailor_rt_elem){{ {tag}_e{j}, {len} }};"
        );
    }
    for (j, d) in module.datas.iter().enumerate() {
        let _ = writeln!(
            c,
            "  {tag}_datas[{j}] = (tailor_rt_data){{ (const uint8_t *){tag}_d{j}, {} }};",
            d.range.len()
        );
    }
    for (j, e) in module.elems.iter().enumerate() {
        if let ElemMode::Active { table, offset } = &e.mode {
            let off = match eval(offset, &gvals)? {
                CVal::Num(n) => n as u64,
                other => return Err(format!("element offset {other:?}")),
            };
            let _ = writeln!(
                c,
                "  tailor_rt_table_init(vm, {table}, {j}, {off}ull, 0, {});\n  if (store.trap_code) return take_trap();\n  tailor_rt_elem_drop(vm, {j});",
                e.items.len()
            );
        }
    }
    for (j, d) in module.datas.iter().enumerate() {
        if let DataMode::Active { memory, offset } = &d.mode {
            let off = match eval(offset, &gvals)? {
                CVal::Num(n) => n as u64,
                other => return Err(format!("data offset {other:?}")),
            };
            let _ = writeln!(
                c,
                "  tailor_rt_memory_init(vm, {memory}, {j}, {off}ull, 0, {});\n  if (store.trap_code) return take_trap();\n  tailor_rt_data_drop(vm, {j});",
                d.range.len()
            );
        }
    }
    if let Some(start) = module.start {
        if start >= module.num_imported_funcs {
            let ty = module.funcs[start as usize];
            let tramp = format!("{tag}_trampoline_{ty}");
            if !obj.symbols.contains(&tramp) {
                return Err(format!("no symbol {tramp} for the start function"));
            }
            let _ = writeln!(
                c,
                "  {{ tailor_val cells[4]; memset(cells, 0, sizeof cells); if (guarded_call_start({tramp}, vm, (const void *){tag}_func_{start}, cells)) return 2000; }}\n  if (store.trap_code) return take_trap();"
            );
        }
    }
    let _ = writeln!(c, "  return 0;\n}}\n");
    Ok((c, gvals))
}
