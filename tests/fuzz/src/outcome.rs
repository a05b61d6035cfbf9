//! Engine-neutral values, call plans and outcomes, and how two outcomes are compared.

use std::fmt;

use wasmparser::ValType;

use crate::rng::Rng;
use crate::shape::{ExportKind, Shape};

/// A value as every runtime can express it. Floats are bits; references are reduced to null or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// `i32`
    I32(u32),
    /// `i64`
    I64(u64),
    /// `f32` bits
    F32(u32),
    /// `f64` bits
    F64(u64),
    /// `v128`
    V128(u128),
    /// A function reference: `true` when not null.
    FuncRef(bool),
    /// An external reference: `true` when not null.
    ExternRef(bool),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::I32(v) => write!(f, "i32:{v:#x}"),
            Value::I64(v) => write!(f, "i64:{v:#x}"),
            Value::F32(v) => write!(f, "f32:{v:#010x}"),
            Value::F64(v) => write!(f, "f64:{v:#018x}"),
            Value::V128(v) => write!(f, "v128:{v:#034x}"),
            Value::FuncRef(nonnull) => {
                f.write_str(if *nonnull { "funcref" } else { "null funcref" })
            }
            Value::ExternRef(nonnull) => f.write_str(if *nonnull {
                "externref"
            } else {
                "null externref"
            }),
        }
    }
}

impl Value {
    /// The same value with a NaN float replaced by the canonical NaN of its width (any NaN a float
    /// result may be, per the spec's non-determinism for NaN payloads and signs).
    pub fn nan_canonical(self) -> Value {
        match self {
            Value::F32(b) if f32::from_bits(b).is_nan() => Value::F32(0x7fc0_0000),
            Value::F64(b) if f64::from_bits(b).is_nan() => Value::F64(0x7ff8_0000_0000_0000),
            v => v,
        }
    }
}

/// One call of the plan: an exported function and its arguments.
#[derive(Debug, Clone)]
pub struct Call {
    /// The export name.
    pub func: String,
    /// The arguments.
    pub args: Vec<Value>,
    /// The result types.
    pub results: Vec<ValType>,
    /// An exported global to set before the call (the generator's fuel, refilled).
    pub reset: Option<(String, Value)>,
}

/// The calls every runtime makes on one module, in order, on one instance. When the module exports
/// [`FUEL_EXPORT`](crate::gen::FUEL_EXPORT), it is set to `fuel` before every call.
pub fn plan_calls(shape: &Shape, seed: u64, max_calls: usize, fuel: u32) -> Vec<Call> {
    let reset = shape
        .exports
        .iter()
        .any(|(n, k)| n == crate::gen::FUEL_EXPORT && *k == ExportKind::Global)
        .then(|| (crate::gen::FUEL_EXPORT.to_string(), Value::I32(fuel)));
    let mut rng = Rng::new(seed ^ 0x5eed_ca11);
    let mut calls = Vec::new();
    for (name, kind) in &shape.exports {
        let ExportKind::Func(params, results) = kind else {
            continue;
        };
        for _ in 0..rng.range(1, 3) {
            calls.push(Call {
                func: name.clone(),
                args: params.iter().map(|t| arg_value(*t, &mut rng)).collect(),
                results: results.clone(),
                reset: reset.clone(),
            });
        }
    }
    // Shuffle so later functions also run before the fuel is gone, then cap.
    for i in (1..calls.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        calls.swap(i, j);
    }
    calls.truncate(max_calls);
    calls
}

/// A random argument of type `ty`: often a boundary value, sometimes anything.
fn arg_value(ty: ValType, rng: &mut Rng) -> Value {
    const I32S: &[u32] = &[
        0,
        1,
        2,
        7,
        8,
        16,
        0xff,
        0xffff,
        0x7fff_ffff,
        0x8000_0000,
        u32::MAX,
        0xfffe,
    ];
    const I64S: &[u64] = &[
        0,
        1,
        8,
        0xffff_ffff,
        0x7fff_ffff_ffff_ffff,
        1 << 63,
        u64::MAX,
        0x1_0000,
    ];
    const F32S: &[u32] = &[
        0,
        0x8000_0000,
        0x3f80_0000,
        0xbf80_0000,
        0x7f80_0000,
        0xff80_0000,
        0x7fc0_0000,
        0xffc0_0000,
        0x7fa0_0001,
        0x0000_0001,
        0x7f7f_ffff,
        0x4f00_0000,
        0xcf00_0000,
    ];
    const F64S: &[u64] = &[
        0,
        1 << 63,
        0x3ff0_0000_0000_0000,
        0xbff0_0000_0000_0000,
        0x7ff0_0000_0000_0000,
        0xfff0_0000_0000_0000,
        0x7ff8_0000_0000_0000,
        0xfff8_0000_0000_0000,
        0x7ff4_0000_0000_0001,
        1,
        0x7fef_ffff_ffff_ffff,
        0x41e0_0000_0000_0000,
        0x43e0_0000_0000_0000,
    ];
    let wild = rng.chance(1, 3);
    match ty {
        ValType::I32 if wild => Value::I32(rng.next_u32()),
        ValType::I32 => Value::I32(*rng.pick(I32S)),
        ValType::I64 if wild => Value::I64(rng.next_u64()),
        ValType::I64 => Value::I64(*rng.pick(I64S)),
        ValType::F32 if wild => Value::F32(rng.next_u32()),
        ValType::F32 => Value::F32(*rng.pick(F32S)),
        ValType::F64 if wild => Value::F64(rng.next_u64()),
        ValType::F64 => Value::F64(*rng.pick(F64S)),
        ValType::V128 if wild => {
            Value::V128(u128::from(rng.next_u64()) << 64 | u128::from(rng.next_u64()))
        }
        ValType::V128 => {
            let lane = u128::from(*rng.pick(F32S));
            Value::V128(lane | lane << 32 | (u128::from(*rng.pick(I32S)) << 64))
        }
        ValType::Ref(r) if is_extern(r) => Value::ExternRef(false),
        ValType::Ref(_) => Value::FuncRef(false),
    }
}

/// Whether a reference type is in the extern hierarchy.
pub fn is_extern(r: wasmparser::RefType) -> bool {
    matches!(
        r.heap_type(),
        wasmparser::HeapType::Abstract {
            ty: wasmparser::AbstractHeapType::Extern | wasmparser::AbstractHeapType::NoExtern,
            ..
        }
    )
}

/// The name both tailor's and wasmi's trap code for call stack exhaustion have.
pub const STACK_OVERFLOW: &str = "StackOverflow";

/// How one call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallOutcome {
    /// It returned these values.
    Returned(Vec<Value>),
    /// It trapped; the trap's name (tailor's `TrapCode` or wasmi's).
    Trapped(String),
    /// It ran out of call stack (depth or native stack): limits differ between runtimes, so the
    /// rest of the run is inconclusive.
    Exhausted,
    /// Anything else went wrong (a host error, a type error: a harness or runtime bug).
    Failed(String),
}

impl fmt::Display for CallOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallOutcome::Returned(vals) => {
                let vals: Vec<String> = vals.iter().map(Value::to_string).collect();
                write!(f, "returned [{}]", vals.join(", "))
            }
            CallOutcome::Trapped(t) => write!(f, "trapped: {t}"),
            CallOutcome::Exhausted => f.write_str("call stack exhausted"),
            CallOutcome::Failed(e) => write!(f, "failed: {e}"),
        }
    }
}

/// The state observable after all calls: exported globals, memories and tables, in export order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// `(export name, value)`.
    pub globals: Vec<(String, Value)>,
    /// `(export name, size in pages, contents)`.
    pub memories: Vec<(String, u64, Vec<u8>)>,
    /// `(export name, elements: null or not)`.
    pub tables: Vec<(String, Vec<bool>)>,
}

/// Everything one runtime did with one module.
#[derive(Debug, Clone)]
pub struct RunOutcome {
    /// The runtime's name (`interp[portable]`, `jit[x86-64-v2]`, `aot[...]`, `wasmi`).
    pub runtime: String,
    /// Loading: `Err` if the module was refused (message).
    pub load: Result<(), String>,
    /// Instantiation (incl. the start function): `Err(Some(trap))` for a trap, `Err(None)` for any
    /// other error, with the message.
    pub instantiate: Result<(), (Option<String>, String)>,
    /// One outcome per call of the plan (empty when loading or instantiation failed).
    pub calls: Vec<CallOutcome>,
    /// The final state (after the last call).
    pub snapshot: Snapshot,
}

/// How strictly two runs are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Two tailor tiers on a NaN-deterministic module: identical bits, identical trap codes.
    Exact,
    /// Two tailor tiers on a module whose NaN results have unspecified bits: identical trap codes,
    /// values equal up to NaN bits (see [`nan_equivalent`]).
    NanTolerant,
    /// tailor against wasmi: values equal up to NaN bits, traps compared as trap / no trap (the
    /// trap kinds of the two runtimes do not map one to one).
    Oracle,
}

/// Whether `a` and `b` are equal where the spec fixes the bits: equal, or both NaN floats; for
/// `v128`, every 32-bit lane equal or both an f32 NaN, or every 64-bit lane equal or both an f64 NaN
/// (the lane shape is not known).
pub fn nan_equivalent(a: Value, b: Value) -> bool {
    match (a, b) {
        (Value::V128(x), Value::V128(y)) => {
            x == y || {
                let (xb, yb) = (x.to_le_bytes(), y.to_le_bytes());
                lanes_nan_equivalent(&xb, &yb, 4) || lanes_nan_equivalent(&xb, &yb, 8)
            }
        }
        (a, b) => a.nan_canonical() == b.nan_canonical(),
    }
}

fn is_nan_bytes(bytes: &[u8]) -> bool {
    match bytes.len() {
        4 => f32::from_le_bytes(bytes.try_into().unwrap_or_default()).is_nan(),
        8 => f64::from_le_bytes(bytes.try_into().unwrap_or_default()).is_nan(),
        _ => false,
    }
}

fn lanes_nan_equivalent(a: &[u8], b: &[u8], width: usize) -> bool {
    a.chunks(width)
        .zip(b.chunks(width))
        .all(|(x, y)| x == y || (is_nan_bytes(x) && is_nan_bytes(y)))
}

/// The first byte where memories `a` and `b` differ other than inside a 4- or 8-byte window
/// (any alignment) that holds a NaN in both.
fn memory_difference(a: &[u8], b: &[u8], nan_tolerant: bool) -> Option<usize> {
    let mut at = 0;
    while let Some(d) = a[at..].iter().zip(&b[at..]).position(|(x, y)| x != y) {
        let p = at + d;
        if !nan_tolerant {
            return Some(p);
        }
        let covered = [4usize, 8].iter().any(|&w| {
            (p.saturating_sub(w - 1)..=p).any(|s| {
                s + w <= a.len() && is_nan_bytes(&a[s..s + w]) && is_nan_bytes(&b[s..s + w])
            })
        });
        if !covered {
            return Some(p);
        }
        at = p + 1;
    }
    None
}

/// The verdict of comparing two runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// They agree on everything compared.
    Agree,
    /// They agree up to call `n`, where one of them ran out of call stack: the rest is not compared.
    Inconclusive(usize),
    /// They differ: a description.
    Mismatch(String),
}

/// Compares `b` against the reference `a`.
pub fn compare(a: &RunOutcome, b: &RunOutcome, calls: &[Call], how: Strictness) -> Verdict {
    let who = format!("{} vs {}", a.runtime, b.runtime);
    match (&a.load, &b.load) {
        (Ok(()), Ok(())) => {}
        (Err(_), Err(_)) => return Verdict::Agree,
        (x, y) => return Verdict::Mismatch(format!("{who}: load {x:?} vs {y:?}")),
    }
    // A start function that ran out of stack: the limits differ, the rest is not comparable.
    let exhausted = |r: &Result<(), (Option<String>, String)>| matches!(r, Err((Some(t), _)) if t == STACK_OVERFLOW);
    if exhausted(&a.instantiate) || exhausted(&b.instantiate) {
        return Verdict::Inconclusive(0);
    }
    match (&a.instantiate, &b.instantiate) {
        (Ok(()), Ok(())) => {}
        (Err((ta, ma)), Err((tb, mb))) => {
            if how != Strictness::Oracle && ta != tb {
                return Verdict::Mismatch(format!("{who}: instantiation: {ma} vs {mb}"));
            }
            return Verdict::Agree;
        }
        (x, y) => return Verdict::Mismatch(format!("{who}: instantiation: {x:?} vs {y:?}")),
    }
    for (i, (x, y)) in a.calls.iter().zip(&b.calls).enumerate() {
        if *x == CallOutcome::Exhausted || *y == CallOutcome::Exhausted {
            return Verdict::Inconclusive(i);
        }
        let same = match (x, y, how) {
            (CallOutcome::Returned(p), CallOutcome::Returned(q), _) if how != Strictness::Exact => {
                p.len() == q.len() && p.iter().zip(q).all(|(u, v)| nan_equivalent(*u, *v))
            }
            (CallOutcome::Trapped(_), CallOutcome::Trapped(_), Strictness::Oracle) => true,
            (x, y, _) => x == y,
        };
        if !same {
            let call = &calls[i];
            let args: Vec<String> = call.args.iter().map(Value::to_string).collect();
            return Verdict::Mismatch(format!(
                "{who}: call #{i} {}({}): {x} vs {y}",
                call.func,
                args.join(", ")
            ));
        }
    }
    if a.calls.len() != b.calls.len() {
        return Verdict::Mismatch(format!(
            "{who}: {} calls vs {}",
            a.calls.len(),
            b.calls.len()
        ));
    }
    compare_snapshots(&a.snapshot, &b.snapshot, how).map_or(Verdict::Agree, |what| {
        Verdict::Mismatch(format!("{who}: final state: {what}"))
    })
}

fn compare_snapshots(a: &Snapshot, b: &Snapshot, how: Strictness) -> Option<String> {
    let tolerant = how != Strictness::Exact;
    for ((na, va), (_, vb)) in a.globals.iter().zip(&b.globals) {
        let same = if tolerant {
            nan_equivalent(*va, *vb)
        } else {
            va == vb
        };
        if !same {
            return Some(format!("global {na}: {va} vs {vb}"));
        }
    }
    for ((na, pa, da), (_, pb, db)) in a.memories.iter().zip(&b.memories) {
        if pa != pb {
            return Some(format!("memory {na}: {pa} pages vs {pb}"));
        }
        if let Some(at) = memory_difference(da, db, tolerant) {
            let end = (at + 16).min(da.len());
            return Some(format!(
                "memory {na} differs at byte {at:#x}: {:02x?} vs {:02x?}",
                &da[at..end],
                &db[at..end]
            ));
        }
    }
    for ((na, ta), (_, tb)) in a.tables.iter().zip(&b.tables) {
        if ta != tb {
            return Some(format!("table {na}: null pattern differs"));
        }
    }
    if (a.globals.len(), a.memories.len(), a.tables.len())
        != (b.globals.len(), b.memories.len(), b.tables.len())
    {
        return Some("different numbers of exported globals, memories or tables".into());
    }
    None
}
