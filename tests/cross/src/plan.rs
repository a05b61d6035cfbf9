//! A `.wast` script turned into what a C driver runs: its modules and, in order, the steps
//! (instantiate a module, check an assertion). Target-independent; built once per file.

use tailor_module::{ImportType, Module};
use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::token::{Index, Span};
use wast::{QuoteWat, QuoteWatTest, Wast, WastArg, WastDirective, WastExecute, WastRet, Wat};

/// An argument of an invocation.
#[derive(Debug, Clone)]
pub enum Arg {
    /// `i32.const`
    I32(u32),
    /// `i64.const`
    I64(u64),
    /// `f32.const` (bits)
    F32(u32),
    /// `f64.const` (bits)
    F64(u64),
    /// `v128.const` (bytes in lane order)
    V128([u8; 16]),
    /// `ref.null` of any family
    Null,
    /// `ref.extern N`
    Extern(u32),
}

/// A float expectation: exact bits or a NaN pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nan<T> {
    /// These bits exactly.
    Bits(T),
    /// `nan:canonical`
    Canonical,
    /// `nan:arithmetic`
    Arithmetic,
}

/// An expected result.
#[derive(Debug, Clone)]
pub enum Expect {
    /// `i32.const`
    I32(u32),
    /// `i64.const`
    I64(u64),
    /// `f32.const` or a NaN pattern
    F32(Nan<u32>),
    /// `f64.const` or a NaN pattern
    F64(Nan<u64>),
    /// `v128.const` with integer lanes: these 16 bytes exactly
    V128Bytes([u8; 16]),
    /// `v128.const f32x4` lanes
    F32x4([Nan<u32>; 4]),
    /// `v128.const f64x2` lanes
    F64x2([Nan<u64>; 2]),
    /// `ref.null`
    Null,
    /// `ref.extern N` (`None`: any non-null externref)
    Extern(Option<u32>),
    /// `ref.func` (`Some(i)`: function `i` of the invoked module; `None`: any non-null funcref)
    Func(Option<u32>),
    /// `either`
    Either(Vec<Expect>),
}

/// What an assertion checks.
#[derive(Debug, Clone)]
pub enum Check {
    /// The results.
    Return(Vec<Expect>),
    /// A trap whose message was this.
    Trap(String),
    /// A bare `invoke`: must not trap, results ignored.
    NoTrap,
}

/// What an assertion runs.
#[derive(Debug, Clone)]
pub enum Action {
    /// Invoke an exported function.
    Invoke {
        /// Export name.
        name: String,
        /// Arguments.
        args: Vec<Arg>,
    },
    /// Read an exported global.
    Get {
        /// Export name.
        name: String,
    },
}

/// One assertion on a module.
#[derive(Debug, Clone)]
pub struct Assertion {
    /// 1-based line in the script.
    pub line: usize,
    /// Index into [`FilePlan::modules`].
    pub module: usize,
    /// What runs.
    pub action: Action,
    /// What is checked.
    pub check: Check,
}

/// Where an import comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportSource {
    /// The `spectest` host module the driver provides.
    Spectest,
    /// An export of an earlier module of the script (by `register`): the module (index into
    /// [`FilePlan::modules`]) and the index in the exporter's space of that kind.
    Module(usize, u32),
}

/// One module directive.
pub struct PlannedModule {
    /// 1-based line.
    pub line: usize,
    /// `$name`, if any.
    pub name: Option<String>,
    /// The decoded module.
    pub module: Module,
    /// Where each import comes from, in import order.
    pub imports: Vec<ImportSource>,
    /// Canonical type id of each type index, from one registry per script (so that modules linked
    /// together agree).
    pub type_ids: Vec<u32>,
}

/// A step of the script.
pub enum Step {
    /// Instantiate module `i` (index into [`FilePlan::modules`]); with a message, instantiation
    /// must trap so (`assert_trap (module ...)`).
    Instantiate(usize, Option<String>),
    /// Check an assertion.
    Assert(Assertion),
}

/// A script prepared for the drivers.
#[derive(Default)]
pub struct FilePlan {
    /// The file name.
    pub file: String,
    /// Modules tailor decodes and the harness can link (imports only from `spectest`).
    pub modules: Vec<PlannedModule>,
    /// The steps, in script order.
    pub steps: Vec<Step>,
    /// Skipped directives (modules, actions, `register`), with the reason, line first.
    pub skipped: Vec<(usize, String)>,
    /// Every `$name` given to a module, in order, with the planned module (`None`: skipped).
    names: Vec<(String, Option<usize>)>,
    /// `register`ed names and their modules.
    registered: Vec<(String, usize)>,
    /// The script's type registry.
    types: tailor_vm::TypeRegistry,
}

/// The spectest exports the C driver provides.
pub fn spectest_import_supported(name: &str, ty: &ImportType) -> bool {
    match ty {
        ImportType::Func(_) => name.starts_with("print"),
        ImportType::Global(_) => {
            matches!(
                name,
                "global_i32" | "global_i64" | "global_f32" | "global_f64"
            )
        }
        ImportType::Memory(m) => name == "memory" && !m.memory64,
        ImportType::Table(t) => name == "table" && !t.table64,
    }
}

/// Encodes a module directive to wasm bytes; `None` for components.
fn encode(module: &mut QuoteWat<'_>) -> Result<Vec<u8>, String> {
    if matches!(
        module,
        QuoteWat::QuoteComponent(..) | QuoteWat::Wat(Wat::Component(_))
    ) {
        return Err("component".into());
    }
    match module.to_test().map_err(|e| e.to_string())? {
        QuoteWatTest::Binary(bytes) => Ok(bytes),
        QuoteWatTest::Text(text) => {
            let text = std::str::from_utf8(&text).map_err(|e| e.to_string())?;
            let mut lexer = Lexer::new(text);
            lexer.allow_confusing_unicode(true);
            let buf = ParseBuffer::new_with_lexer(lexer).map_err(|e| e.to_string())?;
            let mut wat = parser::parse::<Wat<'_>>(&buf).map_err(|e| e.to_string())?;
            wat.encode().map_err(|e| e.to_string())
        }
    }
}

fn arg(a: &WastArg<'_>) -> Result<Arg, String> {
    let WastArg::Core(a) = a else {
        return Err("component argument".into());
    };
    Ok(match a {
        WastArgCore::I32(v) => Arg::I32(*v as u32),
        WastArgCore::I64(v) => Arg::I64(*v as u64),
        WastArgCore::F32(v) => Arg::F32(v.bits),
        WastArgCore::F64(v) => Arg::F64(v.bits),
        WastArgCore::V128(v) => Arg::V128(v.to_le_bytes()),
        WastArgCore::RefNull(h) if func_or_extern(h) => Arg::Null,
        WastArgCore::RefExtern(n) => Arg::Extern(*n),
        other => return Err(format!("unsupported argument {other:?}")),
    })
}

fn func_or_extern(h: &HeapType<'_>) -> bool {
    match h {
        HeapType::Concrete(_) | HeapType::Exact(_) => true,
        HeapType::Abstract { ty, .. } => matches!(
            ty,
            AbstractHeapType::Func
                | AbstractHeapType::NoFunc
                | AbstractHeapType::Extern
                | AbstractHeapType::NoExtern
        ),
    }
}

fn nan32(p: &NanPattern<wast::token::F32>) -> Nan<u32> {
    match p {
        NanPattern::CanonicalNan => Nan::Canonical,
        NanPattern::ArithmeticNan => Nan::Arithmetic,
        NanPattern::Value(v) => Nan::Bits(v.bits),
    }
}

fn nan64(p: &NanPattern<wast::token::F64>) -> Nan<u64> {
    match p {
        NanPattern::CanonicalNan => Nan::Canonical,
        NanPattern::ArithmeticNan => Nan::Arithmetic,
        NanPattern::Value(v) => Nan::Bits(v.bits),
    }
}

fn lanes<const N: usize, T: Copy>(v: &[T; N], size: usize, f: impl Fn(T) -> u64) -> [u8; 16] {
    let mut out = [0u8; 16];
    for (i, x) in v.iter().enumerate() {
        out[i * size..(i + 1) * size].copy_from_slice(&f(*x).to_le_bytes()[..size]);
    }
    out
}

fn expect(r: &WastRetCore<'_>) -> Result<Expect, String> {
    Ok(match r {
        WastRetCore::I32(v) => Expect::I32(*v as u32),
        WastRetCore::I64(v) => Expect::I64(*v as u64),
        WastRetCore::F32(p) => Expect::F32(nan32(p)),
        WastRetCore::F64(p) => Expect::F64(nan64(p)),
        WastRetCore::V128(p) => match p {
            V128Pattern::I8x16(v) => Expect::V128Bytes(lanes(v, 1, |x| x as u8 as u64)),
            V128Pattern::I16x8(v) => Expect::V128Bytes(lanes(v, 2, |x| x as u16 as u64)),
            V128Pattern::I32x4(v) => Expect::V128Bytes(lanes(v, 4, |x| x as u32 as u64)),
            V128Pattern::I64x2(v) => Expect::V128Bytes(lanes(v, 8, |x| x as u64)),
            V128Pattern::F32x4(v) => {
                Expect::F32x4([nan32(&v[0]), nan32(&v[1]), nan32(&v[2]), nan32(&v[3])])
            }
            V128Pattern::F64x2(v) => Expect::F64x2([nan64(&v[0]), nan64(&v[1])]),
        },
        WastRetCore::RefNull(None) => Expect::Null,
        WastRetCore::RefNull(Some(h)) if func_or_extern(h) => Expect::Null,
        WastRetCore::RefExtern(n) => Expect::Extern(*n),
        WastRetCore::RefFunc(Some(Index::Num(n, _))) => Expect::Func(Some(*n)),
        WastRetCore::RefFunc(_) => Expect::Func(None),
        WastRetCore::Either(options) => {
            Expect::Either(options.iter().map(expect).collect::<Result<_, _>>()?)
        }
        other => return Err(format!("unsupported result {other:?}")),
    })
}

/// 1-based line of `span` in `text`.
fn line_of(text: &str, span: Span) -> usize {
    span.linecol_in(text).0 + 1
}

impl FilePlan {
    /// The module an action names (`None`: the latest), if the harness has it.
    fn target_module(&self, current: Option<usize>, id: Option<&str>) -> Result<usize, String> {
        match id {
            None => current.ok_or_else(|| "no current module".to_string()),
            Some(id) => self
                .names
                .iter()
                .rev()
                .find(|(n, _)| n == id)
                .and_then(|(_, m)| *m)
                .ok_or_else(|| format!("module ${id} is not available")),
        }
    }

    fn action(
        &self,
        current: Option<usize>,
        exec: &WastExecute<'_>,
    ) -> Result<(usize, Action), String> {
        match exec {
            WastExecute::Invoke(inv) => {
                let m = self.target_module(current, inv.module.map(|i| i.name()))?;
                let args = inv.args.iter().map(arg).collect::<Result<_, _>>()?;
                Ok((
                    m,
                    Action::Invoke {
                        name: inv.name.to_string(),
                        args,
                    },
                ))
            }
            WastExecute::Get { module, global, .. } => {
                let m = self.target_module(current, module.map(|i| i.name()))?;
                Ok((
                    m,
                    Action::Get {
                        name: global.to_string(),
                    },
                ))
            }
            WastExecute::Wat(_) => Err("module assertion (instantiation trap)".into()),
        }
    }

    /// Parses `text` (the script `file`).
    pub fn parse(file: &str, text: &str) -> Result<FilePlan, String> {
        let mut lexer = Lexer::new(text);
        lexer.allow_confusing_unicode(true);
        let buf = ParseBuffer::new_with_lexer(lexer).map_err(|e| e.to_string())?;
        let wast = parser::parse::<Wast<'_>>(&buf).map_err(|e| e.to_string())?;
        let mut plan = FilePlan {
            file: file.to_string(),
            ..FilePlan::default()
        };
        // The module actions without a name go to: `None` before any module, or after one the
        // harness skipped.
        let mut current: Option<usize> = None;
        for directive in wast.directives {
            let line = line_of(text, directive.span());
            match directive {
                WastDirective::Module(mut m) => {
                    let name = m.name().map(|id| id.name().to_string());
                    current = None;
                    if let Some(n) = &name {
                        plan.names.push((n.clone(), None));
                    }
                    match plan.add_module(line, name.clone(), &mut m, None) {
                        Ok(i) => {
                            if let Some(last) = plan.names.last_mut().filter(|_| name.is_some()) {
                                last.1 = Some(i);
                            }
                            current = Some(i);
                        }
                        Err(e) => plan.skipped.push((line, e)),
                    }
                }
                WastDirective::AssertTrap {
                    exec: WastExecute::Wat(wat),
                    message,
                    ..
                } => {
                    // Instantiation must trap; what it wrote before the trap stays.
                    let mut m = QuoteWat::Wat(wat);
                    if let Err(e) = plan.add_module(line, None, &mut m, Some(message.to_string())) {
                        plan.skipped.push((line, e));
                    }
                }
                WastDirective::Register { name, module, .. } => {
                    match plan.target_module(current, module.map(|i| i.name())) {
                        Ok(m) => plan.registered.push((name.to_string(), m)),
                        Err(e) => plan.skipped.push((line, format!("register: {e}"))),
                    }
                }
                WastDirective::AssertMalformed { .. }
                | WastDirective::AssertInvalid { .. }
                | WastDirective::AssertInvalidCustom { .. }
                | WastDirective::AssertMalformedCustom { .. }
                | WastDirective::AssertUnlinkable { .. } => {}
                WastDirective::Invoke(inv) => {
                    let exec = WastExecute::Invoke(inv);
                    plan.push_assertion(line, current, &exec, Ok(Check::NoTrap));
                }
                WastDirective::AssertReturn { exec, results, .. } => {
                    let check = results
                        .iter()
                        .map(|r| match r {
                            WastRet::Core(c) => expect(c),
                            _ => Err("component result".to_string()),
                        })
                        .collect::<Result<Vec<_>, _>>()
                        .map(Check::Return);
                    plan.push_assertion(line, current, &exec, check);
                }
                WastDirective::AssertTrap { exec, message, .. } => {
                    plan.push_assertion(line, current, &exec, Ok(Check::Trap(message.to_string())));
                }
                WastDirective::AssertExhaustion { call, message, .. } => {
                    let exec = WastExecute::Invoke(call);
                    plan.push_assertion(line, current, &exec, Ok(Check::Trap(message.to_string())));
                }
                other => {
                    let what = format!("{other:?}");
                    let what = what
                        .split([' ', '(', '{'])
                        .next()
                        .unwrap_or("?")
                        .to_string();
                    plan.skipped.push((line, format!("directive {what}")));
                }
            }
        }
        Ok(plan)
    }

    /// Adds a module and the step that instantiates it (expecting a trap with this message, if
    /// given); returns its index.
    fn add_module(
        &mut self,
        line: usize,
        name: Option<String>,
        m: &mut QuoteWat<'_>,
        trap: Option<String>,
    ) -> Result<usize, String> {
        let module = encode(m)
            .and_then(|b| Module::new(&b).map_err(|e| format!("not valid for tailor: {e}")))
            .map_err(|e| format!("module: {e}"))?;
        let imports = self.resolve_imports(&module)?;
        let type_ids = self.types.register_module(&module);
        self.modules.push(PlannedModule {
            line,
            name,
            module,
            imports,
            type_ids,
        });
        let i = self.modules.len() - 1;
        self.steps.push(Step::Instantiate(i, trap));
        Ok(i)
    }

    /// Where each import of `module` comes from; `Err` names one the harness cannot provide.
    fn resolve_imports(&self, module: &Module) -> Result<Vec<ImportSource>, String> {
        use tailor_module::ExternKind;
        module
            .imports
            .iter()
            .map(|i| {
                if i.module == "spectest" {
                    return if spectest_import_supported(&i.name, &i.ty) {
                        Ok(ImportSource::Spectest)
                    } else {
                        Err(format!("module imports spectest.{}", i.name))
                    };
                }
                let m = self
                    .registered
                    .iter()
                    .rev()
                    .find(|(n, _)| *n == i.module)
                    .map(|(_, m)| *m)
                    .ok_or_else(|| {
                        format!("module imports {}.{} (not registered)", i.module, i.name)
                    })?;
                let kind = match i.ty {
                    ImportType::Func(_) => ExternKind::Func,
                    ImportType::Table(_) => ExternKind::Table,
                    ImportType::Memory(_) => ExternKind::Memory,
                    ImportType::Global(_) => ExternKind::Global,
                };
                let e = self.modules[m]
                    .module
                    .exports
                    .iter()
                    .find(|e| e.name == i.name && e.kind == kind)
                    .ok_or_else(|| {
                        format!("module imports {}.{} (no such export)", i.module, i.name)
                    })?;
                Ok(ImportSource::Module(m, e.index))
            })
            .collect()
    }

    fn push_assertion(
        &mut self,
        line: usize,
        current: Option<usize>,
        exec: &WastExecute<'_>,
        check: Result<Check, String>,
    ) {
        match check.and_then(|c| self.action(current, exec).map(|a| (a, c))) {
            Ok(((module, action), check)) => self.steps.push(Step::Assert(Assertion {
                line,
                module,
                action,
                check,
            })),
            Err(e) => self.skipped.push((line, format!("action: {e}"))),
        }
    }

    /// Number of assertions.
    pub fn num_assertions(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s, Step::Assert(_)))
            .count()
    }
}
