//! What the harness needs to know about a module, read from its bytes with `wasmparser` (so it works
//! for generated modules and hand-written regressions alike): its exports with their types, whether
//! it has imports, and which instructions make its results legitimately differ between runtimes.

use wasmparser::{ExternalKind, Operator, Parser, Payload, TypeRef, ValType};

/// The kind of an export, with the function type for functions.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportKind {
    /// A function with these parameter and result types.
    Func(Vec<ValType>, Vec<ValType>),
    /// A global.
    Global,
    /// A linear memory.
    Memory,
    /// A table.
    Table,
    /// Anything else (tags).
    Other,
}

/// The facts about one module.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// Exports in module order.
    pub exports: Vec<(String, ExportKind)>,
    /// The module imports something (the harness provides no imports: such a module is skipped).
    pub has_imports: bool,
    /// A relaxed SIMD instruction occurs (implementation-defined results).
    pub relaxed_simd: bool,
    /// A relaxed SIMD instruction whose NaN results may differ in bits occurs (`relaxed_min`,
    /// `relaxed_max`, `relaxed_madd`, `relaxed_nmadd`): wasm-smith never canonicalises them.
    pub relaxed_nan: bool,
    /// A float arithmetic instruction whose NaN results may differ in bits between runtimes occurs
    /// (`add`, `sub`, `mul`, `div`, `sqrt`, `min`, `max`, rounding; scalar or vector).
    pub nan_arith: bool,
    /// `f32.demote_f64` / `f64.promote_f32` or their vector forms occur (the spec leaves their NaN
    /// bits open and wasm-smith's `canonicalize_nans` does not cover them; recorded, not excluded:
    /// see [`Shape::nan_deterministic`]).
    pub nan_convert: bool,
    /// The non-zero divisor idiom `select(1, x, x == 0)` occurs (`eqz` right before `select`) in a
    /// module that divides: wasmi 2.0.0 miscomputes such divisions (`regressions/wasmi-select-divisor.wat`).
    pub wasmi_select_bug: bool,
    seen_eqz_select: bool,
    seen_div: bool,
}

impl Shape {
    /// Whether every NaN the module can produce has fixed bits: no NaN-producing instruction whose
    /// result the generator did not canonicalise. Then tailor's tiers must agree bit for bit.
    ///
    /// `promote`/`demote` are not counted: the spec leaves their NaN bits open, but every tier and
    /// wasmi use the CPU's conversion, which keeps the payload; a difference there is worth a look.
    pub fn nan_deterministic(&self, nans_canonicalised: bool) -> bool {
        !self.relaxed_nan && (nans_canonicalised || !self.nan_arith)
    }

    /// Whether wasmi must agree bit for bit too: NaN-deterministic, no relaxed SIMD at all (wasmi
    /// may choose other implementation-defined results than tailor), and not hit by the wasmi bug
    /// of [`Shape::wasmi_select_bug`].
    pub fn wasmi_comparable(&self, nans_canonicalised: bool) -> bool {
        !self.relaxed_simd && !self.wasmi_select_bug && self.nan_deterministic(nans_canonicalised)
    }
}

/// Reads the facts of `wasm`.
pub fn analyze(wasm: &[u8]) -> Result<Shape, String> {
    let mut shape = Shape::default();
    let mut types: Vec<Option<(Vec<ValType>, Vec<ValType>)>> = Vec::new();
    let mut funcs: Vec<u32> = Vec::new();
    let mut exports: Vec<(String, ExternalKind, u32)> = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| e.to_string())? {
            Payload::TypeSection(reader) => {
                for group in reader {
                    for sub in group.map_err(|e| e.to_string())?.into_types() {
                        types.push(match &sub.composite_type.inner {
                            wasmparser::CompositeInnerType::Func(f) => {
                                Some((f.params().to_vec(), f.results().to_vec()))
                            }
                            _ => None,
                        });
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import.map_err(|e| e.to_string())?;
                    shape.has_imports = true;
                    if let TypeRef::Func(t) = import.ty {
                        funcs.push(t);
                    }
                }
            }
            Payload::FunctionSection(reader) => {
                for f in reader {
                    funcs.push(f.map_err(|e| e.to_string())?);
                }
            }
            Payload::ExportSection(reader) => {
                for e in reader {
                    let e = e.map_err(|e| e.to_string())?;
                    exports.push((e.name.to_string(), e.kind, e.index));
                }
            }
            Payload::CodeSectionEntry(body) => {
                let mut ops = body.get_operators_reader().map_err(|e| e.to_string())?;
                let mut previous_eqz = false;
                while !ops.eof() {
                    let op = ops.read().map_err(|e| e.to_string())?;
                    classify(&op, &mut shape);
                    let eqz = matches!(op, Operator::I32Eqz | Operator::I64Eqz);
                    if previous_eqz && matches!(op, Operator::Select | Operator::TypedSelect { .. })
                    {
                        shape.seen_eqz_select = true;
                    }
                    if matches!(
                        op,
                        Operator::I32DivS
                            | Operator::I32DivU
                            | Operator::I32RemS
                            | Operator::I32RemU
                            | Operator::I64DivS
                            | Operator::I64DivU
                            | Operator::I64RemS
                            | Operator::I64RemU
                    ) {
                        shape.seen_div = true;
                    }
                    previous_eqz = eqz;
                }
            }
            _ => {}
        }
    }
    shape.wasmi_select_bug = shape.seen_eqz_select && shape.seen_div;
    for (name, kind, index) in exports {
        let kind = match kind {
            ExternalKind::Func | ExternalKind::FuncExact => {
                let ty = funcs
                    .get(index as usize)
                    .and_then(|t| types.get(*t as usize))
                    .cloned()
                    .flatten()
                    .ok_or_else(|| format!("export {name}: function {index} has no type"))?;
                ExportKind::Func(ty.0, ty.1)
            }
            ExternalKind::Global => ExportKind::Global,
            ExternalKind::Memory => ExportKind::Memory,
            ExternalKind::Table => ExportKind::Table,
            _ => ExportKind::Other,
        };
        shape.exports.push((name, kind));
    }
    Ok(shape)
}

/// Notes what `op` means for comparing with another runtime.
fn classify(op: &Operator<'_>, shape: &mut Shape) {
    // The operator's name, as its `Debug` form spells it (`F32x4Add`, `F64Sqrt { .. }`, ...): one
    // rule per family instead of a list of ~70 variants.
    let text = format!("{op:?}");
    let name = text.split([' ', '{', '(']).next().unwrap_or("");
    if name.contains("Relaxed") {
        shape.relaxed_simd = true;
        if ["Min", "Max", "Madd", "Nmadd"]
            .iter()
            .any(|s| name.ends_with(s))
        {
            shape.relaxed_nan = true;
        }
        return;
    }
    let float = ["F32", "F64", "F32x4", "F64x2"]
        .iter()
        .any(|p| name.strip_prefix(p).is_some_and(is_nan_arith));
    if float {
        shape.nan_arith = true;
    }
    if name.contains("Demote") || name.contains("Promote") {
        shape.nan_convert = true;
    }
}

/// Whether `rest` (an operator name after its `F32`/`F64`/`F32x4`/`F64x2` prefix) is an arithmetic
/// op whose NaN result bits are not fixed by the spec.
fn is_nan_arith(rest: &str) -> bool {
    matches!(
        rest,
        "Add"
            | "Sub"
            | "Mul"
            | "Div"
            | "Sqrt"
            | "Min"
            | "Max"
            | "Ceil"
            | "Floor"
            | "Trunc"
            | "Nearest"
    )
}
