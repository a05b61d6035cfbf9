//! Portable semantics of the Wasm 2.0 fixed-width SIMD (`v128`) instructions: one pure function per
//! instruction, named after it (`i8x16.add` → [`i8x16_add`]), in portable plain Rust.
//!
//! A `v128` is a `u128` with little-endian lanes: lane 0 is the lowest-order lane. Each function is
//! written with a few generic lane helpers ([`lane`], [`build`], [`map`], [`bin`], [`cmp`], ...),
//! so an op is one line. The list in `simd_list.rs` names every function here except
//! [`i8x16_shuffle`] once, grouped by signature; the interpreter derives its ops, translation and
//! execution from that list. Memory loads/stores and `v128.const` are outside this module.
//!
//! Scalar operands and results use the interpreter's slot form: an `i32` or `f32` is zero-extended
//! to `u64` (`f32` as its bits), an `i64` or `f64` fills the `u64`.

use super::scalar;

/// A lane type: an integer or float of 8, 16, 32 or 64 bits, read from and written to a `u128`.
trait Lane: Copy {
    /// Width of the lane in bits.
    const BITS: u32;
    /// The lane held in the low `BITS` bits of `v` (higher bits are ignored).
    fn from_u128(v: u128) -> Self;
    /// The lane's bits, zero-extended.
    fn to_u128(self) -> u128;
}

macro_rules! int_lane {
    ($($t:ty => $u:ty),* $(,)?) => {$(
        impl Lane for $t {
            const BITS: u32 = <$t>::BITS;
            #[inline(always)]
            fn from_u128(v: u128) -> Self {
                v as $t
            }
            #[inline(always)]
            fn to_u128(self) -> u128 {
                self as $u as u128
            }
        }
    )*};
}
int_lane!(i8 => u8, u8 => u8, i16 => u16, u16 => u16, i32 => u32, u32 => u32);
int_lane!(i64 => u64, u64 => u64);

macro_rules! float_lane {
    ($($t:ty => $u:ty),* $(,)?) => {$(
        impl Lane for $t {
            const BITS: u32 = <$u>::BITS;
            #[inline(always)]
            fn from_u128(v: u128) -> Self {
                <$t>::from_bits(v as $u)
            }
            #[inline(always)]
            fn to_u128(self) -> u128 {
                self.to_bits() as u128
            }
        }
    )*};
}
float_lane!(f32 => u32, f64 => u64);

// -------------------------------------------------------------------------------------------------
// Lane helpers.
// -------------------------------------------------------------------------------------------------

/// Number of `T` lanes in a `v128`.
#[inline(always)]
const fn count<T: Lane>() -> u32 {
    128 / T::BITS
}

/// All-ones in the low `T::BITS` bits.
#[inline(always)]
const fn ones<T: Lane>() -> u128 {
    u128::MAX >> (128 - T::BITS)
}

/// Lane `i` of `v`, as a `T` (`i < count::<T>()`).
#[inline(always)]
fn lane<T: Lane>(v: u128, i: u32) -> T {
    T::from_u128(v >> (i * T::BITS))
}

/// The vector whose `T` lane `i` is `f(i)`.
#[inline(always)]
fn build<T: Lane>(f: impl Fn(u32) -> T) -> u128 {
    (0..count::<T>()).fold(0, |r, i| r | f(i).to_u128() << (i * T::BITS))
}

/// Lane-wise `f` from `T` lanes to `R` lanes of the same width.
#[inline(always)]
fn map<T: Lane, R: Lane>(a: u128, f: impl Fn(T) -> R) -> u128 {
    build::<R>(|i| f(lane::<T>(a, i)))
}

/// Lane-wise binary `f` on `T` lanes.
#[inline(always)]
fn bin<T: Lane>(a: u128, b: u128, f: impl Fn(T, T) -> T) -> u128 {
    build::<T>(|i| f(lane::<T>(a, i), lane::<T>(b, i)))
}

/// Lane-wise comparison of `T` lanes: all ones where `f` holds, zero elsewhere.
#[inline(always)]
fn cmp<T: Lane>(a: u128, b: u128, f: impl Fn(T, T) -> bool) -> u128 {
    (0..count::<T>()).fold(0, |r, i| {
        let hit = f(lane::<T>(a, i), lane::<T>(b, i));
        r | if hit { ones::<T>() << (i * T::BITS) } else { 0 }
    })
}

/// Widens one half of `a` (the low half, or the high one if `high`) from `T` lanes to the twice as
/// wide `R` lanes with `f`.
#[inline(always)]
fn widen<T: Lane, R: Lane>(a: u128, high: bool, f: impl Fn(T) -> R) -> u128 {
    let off = if high { count::<R>() } else { 0 };
    build::<R>(|i| f(lane::<T>(a, i + off)))
}

/// Like [`widen`], for a binary `f` over the same half of `a` and `b` (the `extmul` family).
#[inline(always)]
fn widen2<T: Lane, R: Lane>(a: u128, b: u128, high: bool, f: impl Fn(T, T) -> R) -> u128 {
    let off = if high { count::<R>() } else { 0 };
    build::<R>(|i| f(lane::<T>(a, i + off), lane::<T>(b, i + off)))
}

/// Combines adjacent `T` lanes of `a` pairwise into the twice as wide `R` lanes with `f`.
#[inline(always)]
fn pairwise<T: Lane, R: Lane>(a: u128, f: impl Fn(T, T) -> R) -> u128 {
    build::<R>(|i| f(lane::<T>(a, 2 * i), lane::<T>(a, 2 * i + 1)))
}

/// Narrows the `T` lanes of `a` (low half of the result) and `b` (high half) into the half as wide
/// `R` lanes with `f`.
#[inline(always)]
fn narrow<T: Lane, R: Lane>(a: u128, b: u128, f: impl Fn(T) -> R) -> u128 {
    let n = count::<T>();
    build::<R>(|i| {
        f(if i < n {
            lane::<T>(a, i)
        } else {
            lane::<T>(b, i - n)
        })
    })
}

/// Whether every `T` lane of `a` is non-zero, as an `i32`.
#[inline(always)]
fn all_true<T: Lane>(a: u128) -> i32 {
    i32::from((0..count::<T>()).all(|i| (a >> (i * T::BITS)) & ones::<T>() != 0))
}

/// The sign (top) bit of each `T` lane of `a`, lane `i` in bit `i`.
#[inline(always)]
fn bitmask<T: Lane>(a: u128) -> i32 {
    (0..count::<T>()).fold(0, |m, i| {
        m | (((a >> ((i + 1) * T::BITS - 1)) & 1) as i32) << i
    })
}

/// Lane `l` of `a` as a `T`; the lane index (validated by wasm) is taken modulo the lane count.
#[inline(always)]
fn at<T: Lane>(a: u128, l: u8) -> T {
    lane::<T>(a, u32::from(l) % count::<T>())
}

/// `a` with lane `l` (modulo the lane count) replaced by `x`.
#[inline(always)]
fn replace<T: Lane>(a: u128, l: u8, x: T) -> u128 {
    let shift = (u32::from(l) % count::<T>()) * T::BITS;
    (a & !(ones::<T>() << shift)) | x.to_u128() << shift
}

/// `f32.demote_f64` for one lane: round to nearest; a NaN becomes a quiet NaN keeping the sign and
/// the top payload bits (so a canonical NaN stays canonical).
#[inline(always)]
fn demote(x: f64) -> f32 {
    if x.is_nan() {
        let bits = x.to_bits();
        let sign = ((bits >> 32) as u32) & 0x8000_0000;
        let payload = ((bits >> 29) as u32) & 0x003f_ffff;
        return f32::from_bits(sign | 0x7fc0_0000 | payload);
    }
    x as f32
}

/// `f64.promote_f32` for one lane: exact; a NaN becomes a quiet NaN keeping sign and payload.
#[inline(always)]
fn promote(x: f32) -> f64 {
    if x.is_nan() {
        let bits = u64::from(x.to_bits());
        let sign = (bits & 0x8000_0000) << 32;
        let payload = (bits & 0x003f_ffff) << 29;
        return f64::from_bits(sign | 0x7ff8_0000_0000_0000 | payload);
    }
    f64::from(x)
}

/// `q15mulr_sat_s` for one lane: `(x * y + 2^14) >> 15`, saturated.
#[inline(always)]
fn q15mulr(x: i16, y: i16) -> i16 {
    ((i32::from(x) * i32::from(y) + 0x4000) >> 15).clamp(-0x8000, 0x7fff) as i16
}

/// `pmin`: `y < x ? y : x` (NaN-oblivious, as the C `min` idiom).
#[inline(always)]
fn pmin<T: PartialOrd>(x: T, y: T) -> T {
    if y < x {
        y
    } else {
        x
    }
}

/// `pmax`: `x < y ? y : x`.
#[inline(always)]
fn pmax<T: PartialOrd>(x: T, y: T) -> T {
    if x < y {
        y
    } else {
        x
    }
}

/// Defines `pub(crate)`, `#[inline(always)]` functions `name(params) -> ret { body }`, one a line.
macro_rules! simd_fns {
    ($( $name:ident ( $($p:ident : $t:ty),* ) -> $ret:ty = $body:expr; )*) => {$(
        #[inline(always)]
        pub(crate) fn $name($($p: $t),*) -> $ret {
            $body
        }
    )*};
}

/// Binary ops `fn(a, b) -> v128`: `binary! { name(a, b) = body; }`.
macro_rules! binary {
    ($( $name:ident ( $a:ident, $b:ident ) = $body:expr; )*) => {
        simd_fns! { $( $name($a: u128, $b: u128) -> u128 = $body; )* }
    };
}

/// Unary ops `fn(a) -> v128`: `unary! { name(a) = body; }`.
macro_rules! unary {
    ($( $name:ident ( $a:ident ) = $body:expr; )*) => {
        simd_fns! { $( $name($a: u128) -> u128 = $body; )* }
    };
}

// -------------------------------------------------------------------------------------------------
// Bitwise ops on the whole vector (binary, unary and the one ternary op).
// -------------------------------------------------------------------------------------------------

binary! {
    v128_and(a, b) = a & b;
    v128_andnot(a, b) = a & !b;
    v128_or(a, b) = a | b;
    v128_xor(a, b) = a ^ b;
}
unary! {
    v128_not(a) = !a;
}
simd_fns! {
    v128_bitselect(a: u128, b: u128, c: u128) -> u128 = (a & c) | (b & !c);
}

// -------------------------------------------------------------------------------------------------
// Tests `fn(v128) -> i32`: any_true, all_true, bitmask.
// -------------------------------------------------------------------------------------------------

simd_fns! {
    v128_any_true(a: u128) -> i32 = i32::from(a != 0);
    i8x16_all_true(a: u128) -> i32 = all_true::<u8>(a);
    i16x8_all_true(a: u128) -> i32 = all_true::<u16>(a);
    i32x4_all_true(a: u128) -> i32 = all_true::<u32>(a);
    i64x2_all_true(a: u128) -> i32 = all_true::<u64>(a);
    i8x16_bitmask(a: u128) -> i32 = bitmask::<u8>(a);
    i16x8_bitmask(a: u128) -> i32 = bitmask::<u16>(a);
    i32x4_bitmask(a: u128) -> i32 = bitmask::<u32>(a);
    i64x2_bitmask(a: u128) -> i32 = bitmask::<u64>(a);
}

// -------------------------------------------------------------------------------------------------
// Shifts `fn(v128, i32) -> v128`: the count is taken modulo the lane width (which is exactly what
// `wrapping_shl`/`wrapping_shr` do); `shr_s` is arithmetic, `shr_u` logical.
// -------------------------------------------------------------------------------------------------

simd_fns! {
    i8x16_shl(a: u128, s: i32) -> u128 = map(a, |x: u8| x.wrapping_shl(s as u32));
    i8x16_shr_s(a: u128, s: i32) -> u128 = map(a, |x: i8| x.wrapping_shr(s as u32));
    i8x16_shr_u(a: u128, s: i32) -> u128 = map(a, |x: u8| x.wrapping_shr(s as u32));
    i16x8_shl(a: u128, s: i32) -> u128 = map(a, |x: u16| x.wrapping_shl(s as u32));
    i16x8_shr_s(a: u128, s: i32) -> u128 = map(a, |x: i16| x.wrapping_shr(s as u32));
    i16x8_shr_u(a: u128, s: i32) -> u128 = map(a, |x: u16| x.wrapping_shr(s as u32));
    i32x4_shl(a: u128, s: i32) -> u128 = map(a, |x: u32| x.wrapping_shl(s as u32));
    i32x4_shr_s(a: u128, s: i32) -> u128 = map(a, |x: i32| x.wrapping_shr(s as u32));
    i32x4_shr_u(a: u128, s: i32) -> u128 = map(a, |x: u32| x.wrapping_shr(s as u32));
    i64x2_shl(a: u128, s: i32) -> u128 = map(a, |x: u64| x.wrapping_shl(s as u32));
    i64x2_shr_s(a: u128, s: i32) -> u128 = map(a, |x: i64| x.wrapping_shr(s as u32));
    i64x2_shr_u(a: u128, s: i32) -> u128 = map(a, |x: u64| x.wrapping_shr(s as u32));
}

// -------------------------------------------------------------------------------------------------
// Lane access: splat `fn(u64) -> v128`, extract_lane `fn(v128, lane) -> u64` and replace_lane
// `fn(v128, lane, u64) -> v128`, scalars in slot form. The lane index is validated by wasm; it is
// taken modulo the lane count here so a bad index can never shift out of range.
// -------------------------------------------------------------------------------------------------

simd_fns! {
    i8x16_splat(x: u64) -> u128 = build(|_| x as u8);
    i16x8_splat(x: u64) -> u128 = build(|_| x as u16);
    i32x4_splat(x: u64) -> u128 = build(|_| x as u32);
    i64x2_splat(x: u64) -> u128 = build(|_| x);
    f32x4_splat(x: u64) -> u128 = build(|_| x as u32);
    f64x2_splat(x: u64) -> u128 = build(|_| x);

    i8x16_extract_lane_s(a: u128, l: u8) -> u64 = at::<i8>(a, l) as i32 as u32 as u64;
    i8x16_extract_lane_u(a: u128, l: u8) -> u64 = u64::from(at::<u8>(a, l));
    i16x8_extract_lane_s(a: u128, l: u8) -> u64 = at::<i16>(a, l) as i32 as u32 as u64;
    i16x8_extract_lane_u(a: u128, l: u8) -> u64 = u64::from(at::<u16>(a, l));
    i32x4_extract_lane(a: u128, l: u8) -> u64 = u64::from(at::<u32>(a, l));
    i64x2_extract_lane(a: u128, l: u8) -> u64 = at::<u64>(a, l);
    f32x4_extract_lane(a: u128, l: u8) -> u64 = u64::from(at::<u32>(a, l));
    f64x2_extract_lane(a: u128, l: u8) -> u64 = at::<u64>(a, l);

    i8x16_replace_lane(a: u128, l: u8, x: u64) -> u128 = replace(a, l, x as u8);
    i16x8_replace_lane(a: u128, l: u8, x: u64) -> u128 = replace(a, l, x as u16);
    i32x4_replace_lane(a: u128, l: u8, x: u64) -> u128 = replace(a, l, x as u32);
    i64x2_replace_lane(a: u128, l: u8, x: u64) -> u128 = replace(a, l, x);
    f32x4_replace_lane(a: u128, l: u8, x: u64) -> u128 = replace(a, l, x as u32);
    f64x2_replace_lane(a: u128, l: u8, x: u64) -> u128 = replace(a, l, x);
}

// -------------------------------------------------------------------------------------------------
// Byte permutations: swizzle (binary; an index >= 16 gives 0) and shuffle (immediate lane indices,
// 0..16 from `a`, 16..32 from `b`; validated by wasm, taken modulo 32 here).
// -------------------------------------------------------------------------------------------------

/// `i8x16.swizzle`: byte `i` of the result is byte `b[i]` of `a`, or 0 where `b[i] >= 16`.
///
/// Never inlined: a shift of a `u128` by a data-dependent amount is lowered through a stack
/// temporary, and a handler with one lost its tail call to the next handler (every executed
/// swizzle then left a native frame behind: `crates/runtime/tests/dispatch_stack.rs` catches that).
/// Out of line, the stack temporary is this function's, and the handler stays frameless.
#[inline(never)]
pub(crate) fn i8x16_swizzle(a: u128, b: u128) -> u128 {
    build(|i| {
        let j = lane::<u8>(b, i);
        if j < 16 {
            lane::<u8>(a, u32::from(j))
        } else {
            0
        }
    })
}

/// `i8x16.shuffle`: byte `i` of the result is byte `lanes[i]` of the 32 bytes `a ++ b`.
#[inline(always)]
pub(crate) fn i8x16_shuffle(a: u128, b: u128, lanes: [u8; 16]) -> u128 {
    build(|i| {
        let j = u32::from(lanes[i as usize] % 32);
        if j < 16 {
            lane::<u8>(a, j)
        } else {
            lane::<u8>(b, j - 16)
        }
    })
}

// -------------------------------------------------------------------------------------------------
// Integer comparisons (binary): all-ones lanes for true.
// -------------------------------------------------------------------------------------------------

binary! {
    i8x16_eq(a, b) = cmp(a, b, |x: u8, y| x == y);
    i8x16_ne(a, b) = cmp(a, b, |x: u8, y| x != y);
    i8x16_lt_s(a, b) = cmp(a, b, |x: i8, y| x < y);
    i8x16_lt_u(a, b) = cmp(a, b, |x: u8, y| x < y);
    i8x16_gt_s(a, b) = cmp(a, b, |x: i8, y| x > y);
    i8x16_gt_u(a, b) = cmp(a, b, |x: u8, y| x > y);
    i8x16_le_s(a, b) = cmp(a, b, |x: i8, y| x <= y);
    i8x16_le_u(a, b) = cmp(a, b, |x: u8, y| x <= y);
    i8x16_ge_s(a, b) = cmp(a, b, |x: i8, y| x >= y);
    i8x16_ge_u(a, b) = cmp(a, b, |x: u8, y| x >= y);

    i16x8_eq(a, b) = cmp(a, b, |x: u16, y| x == y);
    i16x8_ne(a, b) = cmp(a, b, |x: u16, y| x != y);
    i16x8_lt_s(a, b) = cmp(a, b, |x: i16, y| x < y);
    i16x8_lt_u(a, b) = cmp(a, b, |x: u16, y| x < y);
    i16x8_gt_s(a, b) = cmp(a, b, |x: i16, y| x > y);
    i16x8_gt_u(a, b) = cmp(a, b, |x: u16, y| x > y);
    i16x8_le_s(a, b) = cmp(a, b, |x: i16, y| x <= y);
    i16x8_le_u(a, b) = cmp(a, b, |x: u16, y| x <= y);
    i16x8_ge_s(a, b) = cmp(a, b, |x: i16, y| x >= y);
    i16x8_ge_u(a, b) = cmp(a, b, |x: u16, y| x >= y);

    i32x4_eq(a, b) = cmp(a, b, |x: u32, y| x == y);
    i32x4_ne(a, b) = cmp(a, b, |x: u32, y| x != y);
    i32x4_lt_s(a, b) = cmp(a, b, |x: i32, y| x < y);
    i32x4_lt_u(a, b) = cmp(a, b, |x: u32, y| x < y);
    i32x4_gt_s(a, b) = cmp(a, b, |x: i32, y| x > y);
    i32x4_gt_u(a, b) = cmp(a, b, |x: u32, y| x > y);
    i32x4_le_s(a, b) = cmp(a, b, |x: i32, y| x <= y);
    i32x4_le_u(a, b) = cmp(a, b, |x: u32, y| x <= y);
    i32x4_ge_s(a, b) = cmp(a, b, |x: i32, y| x >= y);
    i32x4_ge_u(a, b) = cmp(a, b, |x: u32, y| x >= y);

    i64x2_eq(a, b) = cmp(a, b, |x: u64, y| x == y);
    i64x2_ne(a, b) = cmp(a, b, |x: u64, y| x != y);
    i64x2_lt_s(a, b) = cmp(a, b, |x: i64, y| x < y);
    i64x2_gt_s(a, b) = cmp(a, b, |x: i64, y| x > y);
    i64x2_le_s(a, b) = cmp(a, b, |x: i64, y| x <= y);
    i64x2_ge_s(a, b) = cmp(a, b, |x: i64, y| x >= y);
}

// -------------------------------------------------------------------------------------------------
// Float comparisons (binary): IEEE ordered comparisons, `ne` is true when either lane is NaN.
// -------------------------------------------------------------------------------------------------

binary! {
    f32x4_eq(a, b) = cmp(a, b, |x: f32, y| x == y);
    f32x4_ne(a, b) = cmp(a, b, |x: f32, y| x != y);
    f32x4_lt(a, b) = cmp(a, b, |x: f32, y| x < y);
    f32x4_gt(a, b) = cmp(a, b, |x: f32, y| x > y);
    f32x4_le(a, b) = cmp(a, b, |x: f32, y| x <= y);
    f32x4_ge(a, b) = cmp(a, b, |x: f32, y| x >= y);

    f64x2_eq(a, b) = cmp(a, b, |x: f64, y| x == y);
    f64x2_ne(a, b) = cmp(a, b, |x: f64, y| x != y);
    f64x2_lt(a, b) = cmp(a, b, |x: f64, y| x < y);
    f64x2_gt(a, b) = cmp(a, b, |x: f64, y| x > y);
    f64x2_le(a, b) = cmp(a, b, |x: f64, y| x <= y);
    f64x2_ge(a, b) = cmp(a, b, |x: f64, y| x >= y);
}

// -------------------------------------------------------------------------------------------------
// Integer arithmetic (binary): wrapping add/sub/mul, saturating add/sub, min/max, rounding average,
// saturating narrow, q15 multiply, dot product and extending multiplies.
// -------------------------------------------------------------------------------------------------

binary! {
    i8x16_add(a, b) = bin(a, b, u8::wrapping_add);
    i8x16_add_sat_s(a, b) = bin(a, b, i8::saturating_add);
    i8x16_add_sat_u(a, b) = bin(a, b, u8::saturating_add);
    i8x16_sub(a, b) = bin(a, b, u8::wrapping_sub);
    i8x16_sub_sat_s(a, b) = bin(a, b, i8::saturating_sub);
    i8x16_sub_sat_u(a, b) = bin(a, b, u8::saturating_sub);
    i8x16_min_s(a, b) = bin(a, b, i8::min);
    i8x16_min_u(a, b) = bin(a, b, u8::min);
    i8x16_max_s(a, b) = bin(a, b, i8::max);
    i8x16_max_u(a, b) = bin(a, b, u8::max);
    i8x16_avgr_u(a, b) = bin(a, b, |x: u8, y| ((u16::from(x) + u16::from(y) + 1) >> 1) as u8);
    i8x16_narrow_i16x8_s(a, b) = narrow(a, b, |x: i16| x.clamp(-0x80, 0x7f) as i8);
    i8x16_narrow_i16x8_u(a, b) = narrow(a, b, |x: i16| x.clamp(0, 0xff) as u8);

    i16x8_add(a, b) = bin(a, b, u16::wrapping_add);
    i16x8_add_sat_s(a, b) = bin(a, b, i16::saturating_add);
    i16x8_add_sat_u(a, b) = bin(a, b, u16::saturating_add);
    i16x8_sub(a, b) = bin(a, b, u16::wrapping_sub);
    i16x8_sub_sat_s(a, b) = bin(a, b, i16::saturating_sub);
    i16x8_sub_sat_u(a, b) = bin(a, b, u16::saturating_sub);
    i16x8_mul(a, b) = bin(a, b, u16::wrapping_mul);
    i16x8_min_s(a, b) = bin(a, b, i16::min);
    i16x8_min_u(a, b) = bin(a, b, u16::min);
    i16x8_max_s(a, b) = bin(a, b, i16::max);
    i16x8_max_u(a, b) = bin(a, b, u16::max);
    i16x8_avgr_u(a, b) = bin(a, b, |x: u16, y| ((u32::from(x) + u32::from(y) + 1) >> 1) as u16);
    i16x8_narrow_i32x4_s(a, b) = narrow(a, b, |x: i32| x.clamp(-0x8000, 0x7fff) as i16);
    i16x8_narrow_i32x4_u(a, b) = narrow(a, b, |x: i32| x.clamp(0, 0xffff) as u16);
    i16x8_q15mulr_sat_s(a, b) = bin(a, b, q15mulr);
    i16x8_extmul_low_i8x16_s(a, b) = widen2(a, b, false, |x: i8, y| i16::from(x) * i16::from(y));
    i16x8_extmul_high_i8x16_s(a, b) = widen2(a, b, true, |x: i8, y| i16::from(x) * i16::from(y));
    i16x8_extmul_low_i8x16_u(a, b) = widen2(a, b, false, |x: u8, y| u16::from(x) * u16::from(y));
    i16x8_extmul_high_i8x16_u(a, b) = widen2(a, b, true, |x: u8, y| u16::from(x) * u16::from(y));

    i32x4_add(a, b) = bin(a, b, u32::wrapping_add);
    i32x4_sub(a, b) = bin(a, b, u32::wrapping_sub);
    i32x4_mul(a, b) = bin(a, b, u32::wrapping_mul);
    i32x4_min_s(a, b) = bin(a, b, i32::min);
    i32x4_min_u(a, b) = bin(a, b, u32::min);
    i32x4_max_s(a, b) = bin(a, b, i32::max);
    i32x4_max_u(a, b) = bin(a, b, u32::max);
    i32x4_dot_i16x8_s(a, b) = build(|i| {
        let p = |j| i32::from(lane::<i16>(a, j)) * i32::from(lane::<i16>(b, j));
        p(2 * i).wrapping_add(p(2 * i + 1))
    });
    i32x4_extmul_low_i16x8_s(a, b) = widen2(a, b, false, |x: i16, y| i32::from(x) * i32::from(y));
    i32x4_extmul_high_i16x8_s(a, b) = widen2(a, b, true, |x: i16, y| i32::from(x) * i32::from(y));
    i32x4_extmul_low_i16x8_u(a, b) = widen2(a, b, false, |x: u16, y| u32::from(x) * u32::from(y));
    i32x4_extmul_high_i16x8_u(a, b) = widen2(a, b, true, |x: u16, y| u32::from(x) * u32::from(y));

    i64x2_add(a, b) = bin(a, b, u64::wrapping_add);
    i64x2_sub(a, b) = bin(a, b, u64::wrapping_sub);
    i64x2_mul(a, b) = bin(a, b, u64::wrapping_mul);
    i64x2_extmul_low_i32x4_s(a, b) = widen2(a, b, false, |x: i32, y| i64::from(x) * i64::from(y));
    i64x2_extmul_high_i32x4_s(a, b) = widen2(a, b, true, |x: i32, y| i64::from(x) * i64::from(y));
    i64x2_extmul_low_i32x4_u(a, b) = widen2(a, b, false, |x: u32, y| u64::from(x) * u64::from(y));
    i64x2_extmul_high_i32x4_u(a, b) = widen2(a, b, true, |x: u32, y| u64::from(x) * u64::from(y));
}

// -------------------------------------------------------------------------------------------------
// Integer unary ops: abs (INT_MIN wraps), neg, popcnt, extend_low/high, extadd_pairwise.
// -------------------------------------------------------------------------------------------------

unary! {
    i8x16_abs(a) = map(a, i8::wrapping_abs);
    i8x16_neg(a) = map(a, i8::wrapping_neg);
    i8x16_popcnt(a) = map(a, |x: u8| x.count_ones() as u8);

    i16x8_abs(a) = map(a, i16::wrapping_abs);
    i16x8_neg(a) = map(a, i16::wrapping_neg);
    i16x8_extend_low_i8x16_s(a) = widen::<i8, i16>(a, false, i16::from);
    i16x8_extend_high_i8x16_s(a) = widen::<i8, i16>(a, true, i16::from);
    i16x8_extend_low_i8x16_u(a) = widen::<u8, u16>(a, false, u16::from);
    i16x8_extend_high_i8x16_u(a) = widen::<u8, u16>(a, true, u16::from);
    i16x8_extadd_pairwise_i8x16_s(a) = pairwise(a, |x: i8, y| i16::from(x) + i16::from(y));
    i16x8_extadd_pairwise_i8x16_u(a) = pairwise(a, |x: u8, y| u16::from(x) + u16::from(y));

    i32x4_abs(a) = map(a, i32::wrapping_abs);
    i32x4_neg(a) = map(a, i32::wrapping_neg);
    i32x4_extend_low_i16x8_s(a) = widen::<i16, i32>(a, false, i32::from);
    i32x4_extend_high_i16x8_s(a) = widen::<i16, i32>(a, true, i32::from);
    i32x4_extend_low_i16x8_u(a) = widen::<u16, u32>(a, false, u32::from);
    i32x4_extend_high_i16x8_u(a) = widen::<u16, u32>(a, true, u32::from);
    i32x4_extadd_pairwise_i16x8_s(a) = pairwise(a, |x: i16, y| i32::from(x) + i32::from(y));
    i32x4_extadd_pairwise_i16x8_u(a) = pairwise(a, |x: u16, y| u32::from(x) + u32::from(y));

    i64x2_abs(a) = map(a, i64::wrapping_abs);
    i64x2_neg(a) = map(a, i64::wrapping_neg);
    i64x2_extend_low_i32x4_s(a) = widen::<i32, i64>(a, false, i64::from);
    i64x2_extend_high_i32x4_s(a) = widen::<i32, i64>(a, true, i64::from);
    i64x2_extend_low_i32x4_u(a) = widen::<u32, u64>(a, false, u64::from);
    i64x2_extend_high_i32x4_u(a) = widen::<u32, u64>(a, true, u64::from);
}

// -------------------------------------------------------------------------------------------------
// Float arithmetic (binary): IEEE add/sub/mul/div (a NaN result may be any arithmetic NaN);
// `min`/`max` with wasm semantics (NaN if either is NaN, -0 < +0) shared with the scalar ops;
// `pmin`/`pmax` as `b < a ? b : a` / `a < b ? b : a`.
// -------------------------------------------------------------------------------------------------

binary! {
    f32x4_add(a, b) = bin(a, b, |x: f32, y| x + y);
    f32x4_sub(a, b) = bin(a, b, |x: f32, y| x - y);
    f32x4_mul(a, b) = bin(a, b, |x: f32, y| x * y);
    f32x4_div(a, b) = bin(a, b, |x: f32, y| x / y);
    f32x4_min(a, b) = bin(a, b, scalar::f32_min);
    f32x4_max(a, b) = bin(a, b, scalar::f32_max);
    f32x4_pmin(a, b) = bin::<f32>(a, b, pmin);
    f32x4_pmax(a, b) = bin::<f32>(a, b, pmax);

    f64x2_add(a, b) = bin(a, b, |x: f64, y| x + y);
    f64x2_sub(a, b) = bin(a, b, |x: f64, y| x - y);
    f64x2_mul(a, b) = bin(a, b, |x: f64, y| x * y);
    f64x2_div(a, b) = bin(a, b, |x: f64, y| x / y);
    f64x2_min(a, b) = bin(a, b, scalar::f64_min);
    f64x2_max(a, b) = bin(a, b, scalar::f64_max);
    f64x2_pmin(a, b) = bin::<f64>(a, b, pmin);
    f64x2_pmax(a, b) = bin::<f64>(a, b, pmax);
}

// -------------------------------------------------------------------------------------------------
// Float unary ops: abs/neg as sign-bit operations (NaN payload kept), sqrt, and the roundings
// ceil/floor/trunc/nearest (ties to even) that return a quiet NaN for any NaN (scalar helpers).
// -------------------------------------------------------------------------------------------------

unary! {
    f32x4_abs(a) = map(a, |x: u32| x & !(1 << 31));
    f32x4_neg(a) = map(a, |x: u32| x ^ (1 << 31));
    f32x4_sqrt(a) = map(a, f32::sqrt);
    f32x4_ceil(a) = map(a, scalar::f32_ceil);
    f32x4_floor(a) = map(a, scalar::f32_floor);
    f32x4_trunc(a) = map(a, scalar::f32_trunc);
    f32x4_nearest(a) = map(a, scalar::f32_nearest);

    f64x2_abs(a) = map(a, |x: u64| x & !(1 << 63));
    f64x2_neg(a) = map(a, |x: u64| x ^ (1 << 63));
    f64x2_sqrt(a) = map(a, f64::sqrt);
    f64x2_ceil(a) = map(a, scalar::f64_ceil);
    f64x2_floor(a) = map(a, scalar::f64_floor);
    f64x2_trunc(a) = map(a, scalar::f64_trunc);
    f64x2_nearest(a) = map(a, scalar::f64_nearest);
}

// -------------------------------------------------------------------------------------------------
// Conversions (unary). `trunc_sat` saturates and maps NaN to 0 (what Rust's `as` does); the `_zero`
// forms and `demote` fill the high two lanes with zero; `convert` rounds to nearest, ties to even.
// -------------------------------------------------------------------------------------------------

unary! {
    i32x4_trunc_sat_f32x4_s(a) = map(a, |x: f32| x as i32);
    i32x4_trunc_sat_f32x4_u(a) = map(a, |x: f32| x as u32);
    i32x4_trunc_sat_f64x2_s_zero(a) = build(|i| if i < 2 { lane::<f64>(a, i) as i32 } else { 0 });
    i32x4_trunc_sat_f64x2_u_zero(a) = build(|i| if i < 2 { lane::<f64>(a, i) as u32 } else { 0 });
    f32x4_convert_i32x4_s(a) = map(a, |x: i32| x as f32);
    f32x4_convert_i32x4_u(a) = map(a, |x: u32| x as f32);
    f64x2_convert_low_i32x4_s(a) = widen::<i32, f64>(a, false, f64::from);
    f64x2_convert_low_i32x4_u(a) = widen::<u32, f64>(a, false, f64::from);
    f32x4_demote_f64x2_zero(a) = build(|i| if i < 2 { demote(lane::<f64>(a, i)) } else { 0.0 });
    f64x2_promote_low_f32x4(a) = widen::<f32, f64>(a, false, promote);
}

#[cfg(test)]
#[path = "simd_tests.rs"]
mod tests;

// -------------------------------------------------------------------------------------------------
// Relaxed SIMD (Wasm 3.0). Each op may give one of several results. The ops named after the relaxed
// operators give the deterministic choice (the corresponding Wasm 2.0 op where one exists); the
// translator picks another op where the profile's `tailor_cpu::RelaxedSemantics` chooses another
// result (the variant ops below, or `pmin`/`pmax` for `relaxed_min`/`max`), so every handler set
// computes the same result for one profile.
// -------------------------------------------------------------------------------------------------

binary! {
    i8x16_relaxed_swizzle(a, b) = i8x16_swizzle(a, b);
    f32x4_relaxed_min(a, b) = f32x4_min(a, b);
    f32x4_relaxed_max(a, b) = f32x4_max(a, b);
    f64x2_relaxed_min(a, b) = f64x2_min(a, b);
    f64x2_relaxed_max(a, b) = f64x2_max(a, b);
    i16x8_relaxed_q15mulr_s(a, b) = i16x8_q15mulr_sat_s(a, b);
    i16x8_relaxed_dot_i8x16_i7x16_s(a, b) = build(|i| {
        let p = |j| i16::from(lane::<i8>(a, j)).wrapping_mul(i16::from(lane::<i8>(b, j)));
        p(2 * i).wrapping_add(p(2 * i + 1))
    });
}
unary! {
    i32x4_relaxed_trunc_f32x4_s(a) = i32x4_trunc_sat_f32x4_s(a);
    i32x4_relaxed_trunc_f32x4_u(a) = i32x4_trunc_sat_f32x4_u(a);
    i32x4_relaxed_trunc_f64x2_s_zero(a) = i32x4_trunc_sat_f64x2_s_zero(a);
    i32x4_relaxed_trunc_f64x2_u_zero(a) = i32x4_trunc_sat_f64x2_u_zero(a);
}
simd_fns! {
    f32x4_relaxed_madd(a: u128, b: u128, c: u128) -> u128 = f32x4_add(f32x4_mul(a, b), c);
    f32x4_relaxed_nmadd(a: u128, b: u128, c: u128) -> u128 = f32x4_add(f32x4_neg(f32x4_mul(a, b)), c);
    f64x2_relaxed_madd(a: u128, b: u128, c: u128) -> u128 = f64x2_add(f64x2_mul(a, b), c);
    f64x2_relaxed_nmadd(a: u128, b: u128, c: u128) -> u128 = f64x2_add(f64x2_neg(f64x2_mul(a, b)), c);
    i8x16_relaxed_laneselect(a: u128, b: u128, c: u128) -> u128 = v128_bitselect(a, b, c);
    i16x8_relaxed_laneselect(a: u128, b: u128, c: u128) -> u128 = v128_bitselect(a, b, c);
    i32x4_relaxed_laneselect(a: u128, b: u128, c: u128) -> u128 = v128_bitselect(a, b, c);
    i64x2_relaxed_laneselect(a: u128, b: u128, c: u128) -> u128 = v128_bitselect(a, b, c);
    i32x4_relaxed_dot_i8x16_i7x16_add_s(a: u128, b: u128, c: u128) -> u128 = build(|i| {
        let p = |j| i32::from(lane::<i8>(a, j)) * i32::from(lane::<i8>(b, j));
        (p(4 * i) + p(4 * i + 1) + p(4 * i + 2) + p(4 * i + 3)).wrapping_add(lane::<i32>(c, i))
    });
}

// -------------------------------------------------------------------------------------------------
// Relaxed-SIMD variants (`simd_list.rs`, `variant_*` lists): the other results the specification
// allows, each exactly what one CPU instruction computes (`tailor_cpu::relaxed` names which). Not
// named after wasm operators: the translator picks them for a relaxed operator when the profile's
// semantics ask for them. These portable versions are the reference every handler set must match.
// -------------------------------------------------------------------------------------------------

/// `pmaddubsw` for one pair: signed `x0, x1` times unsigned `y0, y1`, summed with `i16` saturation.
#[inline(always)]
fn maddubs(x0: i8, y0: u8, x1: i8, y1: u8) -> i16 {
    let sum = i32::from(x0) * i32::from(y0) + i32::from(x1) * i32::from(y1);
    sum.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16
}

/// `cvttps2dq`/`cvttpd2dq` for one lane: truncation toward zero, `i32::MIN` for NaN and for values
/// whose truncation is outside the `i32` range.
#[inline(always)]
fn trunc_int_min(x: f64) -> i32 {
    if x > -2147483649.0 && x < 2147483648.0 {
        x as i32
    } else {
        i32::MIN
    }
}

/// Each `T` lane from `a` where the top bit of `c`'s lane is set, else from `b` (`blendv`).
#[inline(always)]
fn blend_top_bit<T: Lane>(a: u128, b: u128, c: u128) -> u128 {
    let top = (0..count::<T>()).fold(0u128, |m, i| {
        let shift = i * T::BITS;
        if (c >> (shift + T::BITS - 1)) & 1 == 1 {
            m | ones::<T>() << shift
        } else {
            m
        }
    });
    (a & top) | (b & !top)
}

binary! {
    i8x16_swizzle_pshufb(a, b) = build(|i| {
        let idx = lane::<u8>(b, i);
        if idx & 0x80 != 0 { 0 } else { lane::<u8>(a, u32::from(idx & 15)) }
    });
    i16x8_q15mulr_pmulhrsw(a, b) = bin(a, b, |x: i16, y| {
        ((i32::from(x) * i32::from(y) + 0x4000) >> 15) as i16
    });
    i16x8_dot_i8x16_u8x16_sat(a, b) = build(|i| {
        let (j, k) = (2 * i, 2 * i + 1);
        maddubs(lane(a, j), lane(b, j), lane(a, k), lane(b, k))
    });
}
unary! {
    i32x4_trunc_f32x4_s_int_min(a) = map(a, |x: f32| trunc_int_min(f64::from(x)));
    i32x4_trunc_f64x2_s_zero_int_min(a) =
        build(|i| if i < 2 { trunc_int_min(lane::<f64>(a, i)) } else { 0 });
}
simd_fns! {
    f32x4_madd_fused(a: u128, b: u128, c: u128) -> u128 =
        build(|i| lane::<f32>(a, i).mul_add(lane(b, i), lane(c, i)));
    f32x4_nmadd_fused(a: u128, b: u128, c: u128) -> u128 =
        build(|i| (-lane::<f32>(a, i)).mul_add(lane(b, i), lane(c, i)));
    f64x2_madd_fused(a: u128, b: u128, c: u128) -> u128 =
        build(|i| lane::<f64>(a, i).mul_add(lane(b, i), lane(c, i)));
    f64x2_nmadd_fused(a: u128, b: u128, c: u128) -> u128 =
        build(|i| (-lane::<f64>(a, i)).mul_add(lane(b, i), lane(c, i)));
    i8x16_laneselect_top_bit(a: u128, b: u128, c: u128) -> u128 = blend_top_bit::<u8>(a, b, c);
    i32x4_laneselect_top_bit(a: u128, b: u128, c: u128) -> u128 = blend_top_bit::<u32>(a, b, c);
    i64x2_laneselect_top_bit(a: u128, b: u128, c: u128) -> u128 = blend_top_bit::<u64>(a, b, c);
    i32x4_dot_i8x16_u8x16_add_exact(a: u128, b: u128, c: u128) -> u128 = build(|i| {
        let p = |j| i32::from(lane::<i8>(a, j)) * i32::from(lane::<u8>(b, j));
        (p(4 * i) + p(4 * i + 1) + p(4 * i + 2) + p(4 * i + 3)).wrapping_add(lane::<i32>(c, i))
    });
    i32x4_dot_i8x16_u8x16_add_sat_pairs(a: u128, b: u128, c: u128) -> u128 = build(|i| {
        let pair = |j| i32::from(maddubs(lane(a, j), lane(b, j), lane(a, j + 1), lane(b, j + 1)));
        (pair(4 * i) + pair(4 * i + 2)).wrapping_add(lane::<i32>(c, i))
    });
}
