//! Command-line values: parsing `--invoke` arguments by parameter type, printing results.

use anyhow::{bail, Context, Result};
use tailor_runtime::{Val, ValType};

/// Parses `text` as a value of type `ty`.
pub fn parse(ty: ValType, text: &str) -> Result<Val> {
    let val = match ty {
        ValType::I32 => Val::I32(parse_int(text, 32)? as i32),
        ValType::I64 => Val::I64(parse_int(text, 64)? as i64),
        ValType::F32 => Val::F32(parse_float(text, 32)? as u32),
        ValType::F64 => Val::F64(parse_float(text, 64)?),
        ValType::V128 => Val::V128(parse_int(text, 128)? as u128),
        ValType::Ref(_) => bail!("cannot pass a `{ty}` argument from the command line"),
    };
    Ok(val)
}

/// Parses an integer of `bits` bits: decimal or `0x` hex, optionally negative; accepts the signed and the
/// unsigned range and returns the two's-complement bits (zero-extended).
fn parse_int(text: &str, bits: u32) -> Result<i128> {
    let (neg, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let body = body.replace('_', "");
    let magnitude = match body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        Some(hex) => u128::from_str_radix(hex, 16),
        None => body.parse::<u128>(),
    }
    .ok()
    .with_context(|| format!("`{text}` is not an i{bits} (decimal or 0x hex)"))?;
    let max_unsigned = if bits == 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    };
    let max_negative = 1u128 << (bits - 1);
    if (!neg && magnitude > max_unsigned) || (neg && magnitude > max_negative) {
        bail!("`{text}` is out of range for i{bits}");
    }
    let value = if neg {
        magnitude.wrapping_neg()
    } else {
        magnitude
    };
    Ok((value & max_unsigned) as i128)
}

/// Parses a float of `bits` bits (32 or 64) to its bit pattern: a decimal number, `nan`, `inf` or
/// `infinity`, each optionally signed (`-0` is negative zero).
fn parse_float(text: &str, bits: u32) -> Result<u64> {
    let (neg, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (sign, quiet_nan, inf) = if bits == 32 {
        (1u64 << 31, 0x7fc0_0000, 0x7f80_0000)
    } else {
        (1u64 << 63, 0x7ff8_0000_0000_0000, 0x7ff0_0000_0000_0000)
    };
    let magnitude = match body.to_ascii_lowercase().as_str() {
        "nan" => Some(quiet_nan),
        "inf" | "infinity" => Some(inf),
        _ if body.starts_with(['+', '-']) => None,
        _ if bits == 32 => body.parse::<f32>().ok().map(|f| u64::from(f.to_bits())),
        _ => body.parse::<f64>().ok().map(f64::to_bits),
    }
    .with_context(|| format!("`{text}` is not an f{bits} (decimal, `nan`, `inf`, `-0`)"))?;
    Ok(if neg { magnitude | sign } else { magnitude })
}

/// Formats a result as `tailor run --invoke` prints it (as wasmtime does).
pub fn format(val: &Val) -> String {
    match val {
        Val::I32(v) => v.to_string(),
        Val::I64(v) => v.to_string(),
        Val::F32(bits) => f32::from_bits(*bits).to_string(),
        Val::F64(bits) => f64::from_bits(*bits).to_string(),
        Val::V128(bits) => format!("{bits:#034x}"),
        Val::FuncRef(None) | Val::ExternRef(None) => "null".to_string(),
        Val::FuncRef(Some(_)) => "<funcref>".to_string(),
        Val::ExternRef(Some(_)) => "<externref>".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i32_of(text: &str) -> i32 {
        match parse(ValType::I32, text).unwrap() {
            Val::I32(v) => v,
            _ => unreachable!(),
        }
    }

    fn f32_bits(text: &str) -> u32 {
        match parse(ValType::F32, text).unwrap() {
            Val::F32(v) => v,
            _ => unreachable!(),
        }
    }

    fn f64_bits(text: &str) -> u64 {
        match parse(ValType::F64, text).unwrap() {
            Val::F64(v) => v,
            _ => unreachable!(),
        }
    }

    #[test]
    fn integers() {
        assert_eq!(i32_of("30"), 30);
        assert_eq!(i32_of("-1"), -1);
        assert_eq!(i32_of("0xff"), 255);
        assert_eq!(i32_of("4294967295"), -1);
        assert_eq!(i32_of("-2147483648"), i32::MIN);
        assert!(parse(ValType::I32, "4294967296").is_err());
        assert!(parse(ValType::I32, "-2147483649").is_err());
        assert!(parse(ValType::I32, "abc").is_err());
        assert!(parse(ValType::I32, "--1").is_err());
        assert!(matches!(
            parse(ValType::I64, "0xffffffffffffffff").unwrap(),
            Val::I64(-1)
        ));
        assert!(matches!(
            parse(ValType::I64, "-9223372036854775808").unwrap(),
            Val::I64(i64::MIN)
        ));
    }

    #[test]
    fn floats() {
        assert_eq!(f32_bits("1.5"), 1.5f32.to_bits());
        assert_eq!(f32_bits("-0"), 0x8000_0000);
        assert_eq!(f32_bits("nan"), 0x7fc0_0000);
        assert_eq!(f32_bits("-inf"), 0xff80_0000);
        assert_eq!(f64_bits("inf"), f64::INFINITY.to_bits());
        assert_eq!(f64_bits("-NaN"), 0xfff8_0000_0000_0000);
        assert_eq!(f64_bits("0.1"), 0.1f64.to_bits());
        assert!(parse(ValType::F64, "x").is_err());
        assert!(parse(ValType::F64, "--1").is_err());
    }

    #[test]
    fn references_are_refused() {
        let err = parse(ValType::FUNCREF, "0").unwrap_err();
        assert!(err.to_string().contains("cannot pass"));
    }

    #[test]
    fn formatting() {
        assert_eq!(format(&Val::I32(-5)), "-5");
        assert_eq!(format(&Val::F32(1.5f32.to_bits())), "1.5");
        assert_eq!(format(&Val::F64(f64::NAN.to_bits())), "NaN");
        assert_eq!(format(&Val::FuncRef(None)), "null");
    }
}
