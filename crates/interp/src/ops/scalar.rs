//! Portable handlers: plain Rust, no `std::arch`.

use tailor_vm::TrapCode;

macro_rules! int_div {
    ($div_s:ident, $div_u:ident, $rem_s:ident, $rem_u:ident, $s:ty, $u:ty) => {
        pub(crate) fn $div_s(a: $s, b: $s) -> Result<$s, TrapCode> {
            if b == 0 {
                return Err(TrapCode::IntegerDivideByZero);
            }
            a.checked_div(b).ok_or(TrapCode::IntegerOverflow)
        }
        pub(crate) fn $div_u(a: $s, b: $s) -> Result<$s, TrapCode> {
            if b == 0 {
                return Err(TrapCode::IntegerDivideByZero);
            }
            Ok(((a as $u) / (b as $u)) as $s)
        }
        pub(crate) fn $rem_s(a: $s, b: $s) -> Result<$s, TrapCode> {
            if b == 0 {
                return Err(TrapCode::IntegerDivideByZero);
            }
            Ok(a.wrapping_rem(b))
        }
        pub(crate) fn $rem_u(a: $s, b: $s) -> Result<$s, TrapCode> {
            if b == 0 {
                return Err(TrapCode::IntegerDivideByZero);
            }
            Ok(((a as $u) % (b as $u)) as $s)
        }
    };
}
int_div!(i32_div_s, i32_div_u, i32_rem_s, i32_rem_u, i32, u32);
int_div!(i64_div_s, i64_div_u, i64_rem_s, i64_rem_u, i64, u64);

macro_rules! float_minmax {
    ($min:ident, $max:ident, $copysign:ident, $f:ty) => {
        pub(crate) fn $min(a: $f, b: $f) -> $f {
            if a.is_nan() || b.is_nan() {
                return a + b;
            }
            if a == b {
                // -0 is smaller than +0.
                return if a.is_sign_negative() { a } else { b };
            }
            if a < b {
                a
            } else {
                b
            }
        }
        pub(crate) fn $max(a: $f, b: $f) -> $f {
            if a.is_nan() || b.is_nan() {
                return a + b;
            }
            if a == b {
                return if a.is_sign_positive() { a } else { b };
            }
            if a > b {
                a
            } else {
                b
            }
        }
        pub(crate) fn $copysign(a: $f, b: $f) -> $f {
            a.copysign(b)
        }
    };
}
float_minmax!(f32_min, f32_max, f32_copysign, f32);
float_minmax!(f64_min, f64_max, f64_copysign, f64);

/// Defines a trapping float-to-int truncation: NaN traps with "invalid conversion", values whose
/// truncation is outside `(lo, hi)` (exclusive bounds, exact in the float type) trap with "overflow".
macro_rules! trunc {
    ($name:ident, $f:ty, $i:ty, $lo:expr, $hi:expr) => {
        pub(crate) fn $name(a: $f) -> Result<$i, TrapCode> {
            if a.is_nan() {
                return Err(TrapCode::InvalidConversionToInteger);
            }
            if !(a > $lo && a < $hi) {
                return Err(TrapCode::IntegerOverflow);
            }
            Ok(a as $i)
        }
    };
}
trunc!(trunc_f32_i32, f32, i32, -2147483904.0f32, 2147483648.0f32);
trunc!(trunc_f32_u32, f32, u32, -1.0f32, 4294967296.0f32);
trunc!(trunc_f64_i32, f64, i32, -2147483649.0f64, 2147483648.0f64);
trunc!(trunc_f64_u32, f64, u32, -1.0f64, 4294967296.0f64);
trunc!(
    trunc_f32_i64,
    f32,
    i64,
    -9223373136366403584.0f32,
    9223372036854775808.0f32
);
trunc!(trunc_f32_u64, f32, u64, -1.0f32, 18446744073709551616.0f32);
trunc!(
    trunc_f64_i64,
    f64,
    i64,
    -9223372036854777856.0f64,
    9223372036854775808.0f64
);
trunc!(trunc_f64_u64, f64, u64, -1.0f64, 18446744073709551616.0f64);

/// Defines a rounding op that returns a quiet NaN for any NaN input (libm may pass a signalling NaN
/// through unchanged, which wasm does not allow).
macro_rules! rounding {
    ($name:ident, $f:ty, $method:ident, $quiet:expr) => {
        pub(crate) fn $name(a: $f) -> $f {
            if a.is_nan() {
                return <$f>::from_bits(a.to_bits() | $quiet);
            }
            a.$method()
        }
    };
}
rounding!(f32_ceil, f32, ceil, 0x0040_0000);
rounding!(f32_floor, f32, floor, 0x0040_0000);
rounding!(f32_trunc, f32, trunc, 0x0040_0000);
rounding!(f32_nearest, f32, round_ties_even, 0x0040_0000);
rounding!(f64_ceil, f64, ceil, 0x0008_0000_0000_0000);
rounding!(f64_floor, f64, floor, 0x0008_0000_0000_0000);
rounding!(f64_trunc, f64, trunc, 0x0008_0000_0000_0000);
rounding!(f64_nearest, f64, round_ties_even, 0x0008_0000_0000_0000);
