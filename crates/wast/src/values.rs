//! Conversion of `.wast` arguments to runtime values, and bit-exact matching of results
//! (including the `nan:canonical` / `nan:arithmetic` patterns and `either`).

use tailor_runtime::{ExternRef, Store, Val};
use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::token::{F32, F64};
use wast::{WastArg, WastRet};

/// Converts a `.wast` argument to a runtime value; `externref`s are created in `store`.
pub fn arg_to_val(store: &mut Store<()>, arg: &WastArg<'_>) -> Result<Val, String> {
    let WastArg::Core(arg) = arg else {
        return Err("component-model arguments are not supported".into());
    };
    Ok(match arg {
        WastArgCore::I32(v) => Val::I32(*v),
        WastArgCore::I64(v) => Val::I64(*v),
        WastArgCore::F32(v) => Val::F32(v.bits),
        WastArgCore::F64(v) => Val::F64(v.bits),
        WastArgCore::V128(v) => Val::V128(u128::from_le_bytes(v.to_le_bytes())),
        WastArgCore::RefNull(heap) => match null_family(heap) {
            Some(NullFamily::Func) => Val::FuncRef(None),
            Some(NullFamily::Extern) => Val::ExternRef(None),
            None => return Err(format!("unsupported null reference argument {heap:?}")),
        },
        WastArgCore::RefExtern(n) => Val::ExternRef(Some(ExternRef::new(store, *n))),
        WastArgCore::RefHost(_) => return Err("`ref.host` arguments need GC".into()),
    })
}

/// Checks `got` against one expected result; `Err` describes the mismatch.
pub fn match_result(store: &Store<()>, expected: &WastRet<'_>, got: &Val) -> Result<(), String> {
    let WastRet::Core(expected) = expected else {
        return Err("component-model results are not supported".into());
    };
    if matches_core(store, expected, got)? {
        Ok(())
    } else {
        Err(format!(
            "expected {}, got {}",
            describe_expected(expected),
            describe_val(store, got)
        ))
    }
}

/// Whether a reference null of heap type `heap` is a function or an extern reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NullFamily {
    Func,
    Extern,
}

/// The value family of a null of `heap`; `None` for heap types outside func/extern (GC, exceptions).
fn null_family(heap: &HeapType<'_>) -> Option<NullFamily> {
    match heap {
        // Without GC, every concrete (defined) heap type is a function type.
        HeapType::Concrete(_) | HeapType::Exact(_) => Some(NullFamily::Func),
        HeapType::Abstract { ty, .. } => match ty {
            AbstractHeapType::Func | AbstractHeapType::NoFunc => Some(NullFamily::Func),
            AbstractHeapType::Extern | AbstractHeapType::NoExtern => Some(NullFamily::Extern),
            _ => None,
        },
    }
}

fn matches_core(store: &Store<()>, expected: &WastRetCore<'_>, got: &Val) -> Result<bool, String> {
    Ok(match (expected, got) {
        (WastRetCore::Either(options), _) => {
            for option in options {
                if matches_core(store, option, got)? {
                    return Ok(true);
                }
            }
            false
        }
        (WastRetCore::I32(e), Val::I32(g)) => e == g,
        (WastRetCore::I64(e), Val::I64(g)) => e == g,
        (WastRetCore::F32(e), Val::F32(g)) => f32_matches(e, *g),
        (WastRetCore::F64(e), Val::F64(g)) => f64_matches(e, *g),
        (WastRetCore::V128(e), Val::V128(g)) => v128_matches(e, *g),
        (WastRetCore::RefNull(heap), Val::FuncRef(r)) => {
            r.is_none() && heap_allows(heap.as_ref(), NullFamily::Func)
        }
        (WastRetCore::RefNull(heap), Val::ExternRef(r)) => {
            r.is_none() && heap_allows(heap.as_ref(), NullFamily::Extern)
        }
        (WastRetCore::RefFunc(_), Val::FuncRef(r)) => r.is_some(),
        (WastRetCore::RefExtern(expected), Val::ExternRef(r)) => match (expected, r) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(n), Some(r)) => r.data(store).downcast_ref::<u32>() == Some(n),
        },
        (
            WastRetCore::RefHost(_)
            | WastRetCore::RefAny
            | WastRetCore::RefEq
            | WastRetCore::RefArray
            | WastRetCore::RefStruct
            | WastRetCore::RefI31
            | WastRetCore::RefI31Shared,
            _,
        ) => return Err(format!("{} results need GC", describe_expected(expected))),
        _ => false,
    })
}

/// Whether a null of `family` satisfies `(ref.null heap)`; a plain `(ref.null)` or a heap type outside
/// func/extern accepts any null.
fn heap_allows(heap: Option<&HeapType<'_>>, family: NullFamily) -> bool {
    heap.and_then(null_family).is_none_or(|f| f == family)
}

/// `nan:canonical` for f32: only the sign may vary.
fn f32_is_canonical_nan(bits: u32) -> bool {
    bits & 0x7fff_ffff == 0x7fc0_0000
}

/// `nan:arithmetic` for f32: a NaN with the quiet bit set.
fn f32_is_arithmetic_nan(bits: u32) -> bool {
    bits & 0x7fc0_0000 == 0x7fc0_0000
}

/// `nan:canonical` for f64: only the sign may vary.
fn f64_is_canonical_nan(bits: u64) -> bool {
    bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000
}

/// `nan:arithmetic` for f64: a NaN with the quiet bit set.
fn f64_is_arithmetic_nan(bits: u64) -> bool {
    bits & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000
}

fn f32_matches(expected: &NanPattern<F32>, bits: u32) -> bool {
    match expected {
        NanPattern::CanonicalNan => f32_is_canonical_nan(bits),
        NanPattern::ArithmeticNan => f32_is_arithmetic_nan(bits),
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn f64_matches(expected: &NanPattern<F64>, bits: u64) -> bool {
    match expected {
        NanPattern::CanonicalNan => f64_is_canonical_nan(bits),
        NanPattern::ArithmeticNan => f64_is_arithmetic_nan(bits),
        NanPattern::Value(v) => v.bits == bits,
    }
}

/// Lane `i` of width `bits` of a little-endian v128.
fn lane(v: u128, bits: u32, i: usize) -> u128 {
    let mask = (1u128 << bits) - 1;
    (v >> (bits as usize * i)) & mask
}

fn v128_matches(expected: &V128Pattern, got: u128) -> bool {
    match expected {
        V128Pattern::I8x16(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(got, 8, i) == u128::from(*e as u8)),
        V128Pattern::I16x8(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(got, 16, i) == u128::from(*e as u16)),
        V128Pattern::I32x4(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(got, 32, i) == u128::from(*e as u32)),
        V128Pattern::I64x2(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(got, 64, i) == u128::from(*e as u64)),
        V128Pattern::F32x4(l) => l.iter().enumerate().all(|(i, e)| {
            let bits = u32::try_from(lane(got, 32, i)).unwrap_or_default();
            f32_matches(e, bits)
        }),
        V128Pattern::F64x2(l) => l.iter().enumerate().all(|(i, e)| {
            let bits = u64::try_from(lane(got, 64, i)).unwrap_or_default();
            f64_matches(e, bits)
        }),
    }
}

fn describe_nan<T>(p: &NanPattern<T>, value: impl Fn(&T) -> String) -> String {
    match p {
        NanPattern::CanonicalNan => "nan:canonical".into(),
        NanPattern::ArithmeticNan => "nan:arithmetic".into(),
        NanPattern::Value(v) => value(v),
    }
}

fn describe_f32(bits: u32) -> String {
    format!("f32:{} (0x{bits:08x})", f32::from_bits(bits))
}

fn describe_f64(bits: u64) -> String {
    format!("f64:{} (0x{bits:016x})", f64::from_bits(bits))
}

/// A readable form of an expected result.
pub fn describe_expected(expected: &WastRetCore<'_>) -> String {
    match expected {
        WastRetCore::I32(v) => format!("i32:{v} (0x{:08x})", *v as u32),
        WastRetCore::I64(v) => format!("i64:{v} (0x{:016x})", *v as u64),
        WastRetCore::F32(p) => describe_nan(p, |v| describe_f32(v.bits)),
        WastRetCore::F64(p) => describe_nan(p, |v| describe_f64(v.bits)),
        WastRetCore::V128(p) => format!("v128 {p:?}"),
        WastRetCore::RefNull(None) => "ref.null".into(),
        WastRetCore::RefNull(Some(h)) => format!("ref.null {h:?}"),
        WastRetCore::RefExtern(None) => "ref.extern".into(),
        WastRetCore::RefExtern(Some(n)) => format!("ref.extern {n}"),
        WastRetCore::RefHost(n) => format!("ref.host {n}"),
        WastRetCore::RefFunc(_) => "ref.func".into(),
        WastRetCore::RefAny => "ref.any".into(),
        WastRetCore::RefEq => "ref.eq".into(),
        WastRetCore::RefArray => "ref.array".into(),
        WastRetCore::RefStruct => "ref.struct".into(),
        WastRetCore::RefI31 => "ref.i31".into(),
        WastRetCore::RefI31Shared => "ref.i31_shared".into(),
        WastRetCore::Either(options) => {
            let all: Vec<String> = options.iter().map(describe_expected).collect();
            format!("either({})", all.join(" | "))
        }
    }
}

/// A readable form of a runtime value.
pub fn describe_val(store: &Store<()>, val: &Val) -> String {
    match val {
        Val::I32(v) => format!("i32:{v} (0x{:08x})", *v as u32),
        Val::I64(v) => format!("i64:{v} (0x{:016x})", *v as u64),
        Val::F32(bits) => describe_f32(*bits),
        Val::F64(bits) => describe_f64(*bits),
        Val::V128(v) => format!("v128:0x{v:032x}"),
        Val::FuncRef(None) => "ref.null func".into(),
        Val::FuncRef(Some(_)) => "ref.func".into(),
        Val::ExternRef(None) => "ref.null extern".into(),
        Val::ExternRef(Some(r)) => match r.data(store).downcast_ref::<u32>() {
            Some(n) => format!("ref.extern {n}"),
            None => "ref.extern (host data)".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_patterns() {
        assert!(f32_is_canonical_nan(0x7fc0_0000));
        assert!(f32_is_canonical_nan(0xffc0_0000));
        assert!(!f32_is_canonical_nan(0x7fc0_0001));
        assert!(f32_is_arithmetic_nan(0x7fc0_0001));
        assert!(!f32_is_arithmetic_nan(0x7f80_0001));
        assert!(!f32_is_arithmetic_nan(0x7f80_0000));
        assert!(f64_is_canonical_nan(0xfff8_0000_0000_0000));
        assert!(!f64_is_canonical_nan(0x7ff8_0000_0000_0001));
        assert!(f64_is_arithmetic_nan(0x7ff8_0000_0000_0001));
        assert!(!f64_is_arithmetic_nan(0x7ff0_0000_0000_0001));
    }

    #[test]
    fn lanes() {
        let v = 0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10u128;
        assert_eq!(lane(v, 8, 0), 0x10);
        assert_eq!(lane(v, 32, 3), 0x0102_0304);
        assert_eq!(lane(v, 64, 1), 0x0102_0304_0506_0708);
    }
}
