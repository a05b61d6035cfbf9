//! Unit tests of the SIMD handlers (`simd.rs`) and of the op list (`simd_list.rs`), with
//! hand-computed expectations. Vectors are built here from plain lane arrays (little-endian, lane 0
//! lowest), independently of the helpers under test.

use super::*;
use crate::ops::simd_list::for_each_simd_op;

// -------------------------------------------------------------------------------------------------
// Vector construction and inspection, independent of `simd.rs`.
// -------------------------------------------------------------------------------------------------

macro_rules! shape {
    ($($mk:ident, $get:ident, $t:ty, $n:literal;)*) => {$(
        fn $mk(l: [$t; $n]) -> u128 {
            let mut bytes = [0u8; 16];
            for (chunk, x) in bytes.chunks_exact_mut(16 / $n).zip(l) {
                chunk.copy_from_slice(&x.to_le_bytes());
            }
            u128::from_le_bytes(bytes)
        }
        fn $get(v: u128) -> [$t; $n] {
            let bytes = v.to_le_bytes();
            std::array::from_fn(|i| {
                let w = 16 / $n;
                <$t>::from_le_bytes(bytes[i * w..(i + 1) * w].try_into().unwrap())
            })
        }
    )*};
}
shape! {
    i8s, get_i8, i8, 16;
    u8s, get_u8, u8, 16;
    i16s, get_i16, i16, 8;
    u16s, get_u16, u16, 8;
    i32s, get_i32, i32, 4;
    u32s, get_u32, u32, 4;
    i64s, get_i64, i64, 2;
    u64s, get_u64, u64, 2;
    f32s, get_f32, f32, 4;
    f64s, get_f64, f64, 2;
}

/// A 16-lane array from the first lanes given, the rest filled with `fill`.
fn pad<T: Copy, const N: usize>(first: &[T], fill: T) -> [T; N] {
    std::array::from_fn(|i| first.get(i).copied().unwrap_or(fill))
}

fn f32_bits(v: u128) -> [u32; 4] {
    get_u32(v)
}

fn f64_bits(v: u128) -> [u64; 2] {
    get_u64(v)
}

const NEG0_32: u32 = 0x8000_0000;
const NEG0_64: u64 = 0x8000_0000_0000_0000;

// -------------------------------------------------------------------------------------------------
// The op list.
// -------------------------------------------------------------------------------------------------

/// `(Variant, "visit_" + function)` of every entry of [`for_each_simd_op!`], checking at compile
/// time that each function exists with its family's signature.
macro_rules! our_ops {
    (
        {}
        simd_binary: [$(($bo:ident, $bf:ident)),* $(,)?]
        simd_unary: [$(($uo:ident, $uf:ident)),* $(,)?]
        simd_ternary: [$(($to:ident, $tf:ident)),* $(,)?]
        simd_test: [$(($qo:ident, $qf:ident)),* $(,)?]
        simd_shift: [$(($so:ident, $sf:ident)),* $(,)?]
        simd_splat: [$(($po:ident, $pf:ident)),* $(,)?]
        simd_extract: [$(($eo:ident, $ef:ident)),* $(,)?]
        simd_replace: [$(($ro:ident, $rf:ident)),* $(,)?]
        variant_binary: [$(($xbo:ident, $xbf:ident)),* $(,)?]
        variant_unary: [$(($xuo:ident, $xuf:ident)),* $(,)?]
        variant_ternary: [$(($xto:ident, $xtf:ident)),* $(,)?]
    ) => {{
        // The relaxed-SIMD variants are no wasm operators: only their signatures are checked.
        $(let _: fn(u128, u128) -> u128 = $xbf;)*
        $(let _: fn(u128) -> u128 = $xuf;)*
        $(let _: fn(u128, u128, u128) -> u128 = $xtf;)*
        let _ = [$(stringify!($xbo),)* $(stringify!($xuo),)* $(stringify!($xto),)*];
        $(let _: fn(u128, u128) -> u128 = $bf;)*
        $(let _: fn(u128) -> u128 = $uf;)*
        $(let _: fn(u128, u128, u128) -> u128 = $tf;)*
        $(let _: fn(u128) -> i32 = $qf;)*
        $(let _: fn(u128, i32) -> u128 = $sf;)*
        $(let _: fn(u64) -> u128 = $pf;)*
        $(let _: fn(u128, u8) -> u64 = $ef;)*
        $(let _: fn(u128, u8, u64) -> u128 = $rf;)*
        let families: [Vec<(&str, &str)>; 8] = [
            vec![$((stringify!($bo), concat!("visit_", stringify!($bf)))),*],
            vec![$((stringify!($uo), concat!("visit_", stringify!($uf)))),*],
            vec![$((stringify!($to), concat!("visit_", stringify!($tf)))),*],
            vec![$((stringify!($qo), concat!("visit_", stringify!($qf)))),*],
            vec![$((stringify!($so), concat!("visit_", stringify!($sf)))),*],
            vec![$((stringify!($po), concat!("visit_", stringify!($pf)))),*],
            vec![$((stringify!($eo), concat!("visit_", stringify!($ef)))),*],
            vec![$((stringify!($ro), concat!("visit_", stringify!($rf)))),*],
        ];
        families
    }};
}

/// `(proposal, Variant, visitor, has a memarg)` of every SIMD operator wasmparser knows.
macro_rules! wasmparser_ops {
    ($(
        @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })?
            => $visit:ident ($($ann:tt)*)
    )*) => {
        vec![$((
            stringify!($proposal),
            stringify!($op),
            stringify!($visit),
            [$($(stringify!($arg)),*)?].contains(&"memarg"),
        )),*]
    };
}

#[test]
fn list_covers_every_wasm2_simd_operator_once() {
    let families = for_each_simd_op!(our_ops {});
    let counts: Vec<usize> = families.iter().map(Vec::len).collect();
    // Hand count: 127 binary, 54 unary, 10 ternary, 9 tests, 12 shifts, 6 splats, 8 extracts,
    // 6 replaces = 232 = the 236 `@simd` operators minus 22 loads/stores, `v128.const` and
    // `i8x16.shuffle`, plus the 20 `@relaxed_simd` operators.
    assert_eq!(counts, [127, 54, 10, 9, 12, 6, 8, 6]);
    let mut ours: Vec<(&str, &str)> = families.concat();
    ours.sort_unstable();
    let before = ours.len();
    ours.dedup();
    assert_eq!(ours.len(), before, "duplicate entries in for_each_simd_op!");

    let all = wasmparser::for_each_visit_simd_operator!(wasmparser_ops);
    let mut theirs: Vec<(&str, &str)> = all
        .iter()
        .filter(|(proposal, op, _, memarg)| {
            (*proposal == "simd" || *proposal == "relaxed_simd")
                && !memarg
                && *op != "V128Const"
                && *op != "I8x16Shuffle"
        })
        .map(|&(_, op, visit, _)| (op, visit))
        .collect();
    theirs.sort_unstable();
    // Each entry names wasmparser's variant and a function named as wasmparser's visitor.
    assert_eq!(ours, theirs);
    assert_eq!(ours.len(), 232);
}

// -------------------------------------------------------------------------------------------------
// Bitwise ops and tests.
// -------------------------------------------------------------------------------------------------

#[test]
fn bitwise() {
    let a = 0xff00_ff00_ff00_ff00_1234_5678_9abc_def0_u128;
    let b = 0x0f0f_0f0f_0f0f_0f0f_ffff_0000_ffff_0000_u128;
    assert_eq!(v128_and(a, b), 0x0f00_0f00_0f00_0f00_1234_0000_9abc_0000);
    assert_eq!(v128_andnot(a, b), 0xf000_f000_f000_f000_0000_5678_0000_def0);
    assert_eq!(v128_or(a, b), 0xff0f_ff0f_ff0f_ff0f_ffff_5678_ffff_def0);
    assert_eq!(v128_xor(a, b), 0xf00f_f00f_f00f_f00f_edcb_5678_6543_def0);
    assert_eq!(v128_not(0), u128::MAX);
    // bitselect takes bits of `a` where the mask `c` is 1, of `b` where it is 0.
    let c = 0xffff_0000_ffff_0000_00ff_00ff_00ff_00ff_u128;
    assert_eq!(
        v128_bitselect(a, b, c),
        0xff00_0f0f_ff00_0f0f_ff34_0078_ffbc_00f0
    );
}

#[test]
fn any_true_all_true() {
    assert_eq!(v128_any_true(0), 0);
    assert_eq!(v128_any_true(1 << 127), 1);
    assert_eq!(i8x16_all_true(u8s([1; 16])), 1);
    assert_eq!(i8x16_all_true(u8s(pad(&[1, 1, 0], 0x80))), 0);
    // An i16 lane with a zero low byte is still non-zero; a vector of such lanes fails i8x16.
    assert_eq!(i16x8_all_true(u16s([0x100, 1, 0x8000, 2, 3, 4, 5, 6])), 1);
    assert_eq!(i16x8_all_true(u16s([0x100, 1, 0x8000, 2, 3, 4, 5, 0])), 0);
    assert_eq!(i8x16_all_true(u16s([0x100; 8])), 0);
    assert_eq!(i32x4_all_true(u32s([0x100_0000, 1, 2, 0x8000_0000])), 1);
    assert_eq!(i32x4_all_true(u32s([1, 0, 2, 3])), 0);
    // Non-zero only in the high half of lane 1 still counts as true.
    assert_eq!(i64x2_all_true(u64s([1, 1 << 40])), 1);
    assert_eq!(i64x2_all_true(u64s([0, u64::MAX])), 0);
    assert_eq!(i32x4_all_true(u64s([1, 1 << 40])), 0);
}

#[test]
fn bitmask() {
    let mut l = [0x7fu8; 16];
    l[0] = 0x80;
    l[3] = 0xff;
    l[15] = 0x81;
    assert_eq!(i8x16_bitmask(u8s(l)), 0x8009);
    assert_eq!(i8x16_bitmask(u128::MAX), 0xffff);
    assert_eq!(
        i16x8_bitmask(u16s([0x8000, 0x7fff, 0xffff, 0, 0, 0, 0, 0x8001])),
        0b1000_0101
    );
    assert_eq!(i16x8_bitmask(u8s(pad(&[0x00, 0x80], 0))), 1);
    assert_eq!(i16x8_bitmask(u8s(pad(&[0x80, 0x00], 0))), 0);
    assert_eq!(i32x4_bitmask(i32s([-1, 1, i32::MIN, 0x7fff_ffff])), 0b0101);
    assert_eq!(i64x2_bitmask(i64s([1, -1])), 0b10);
    assert_eq!(i64x2_bitmask(u32s([0, 0x8000_0000, 0x8000_0000, 0])), 0b01);
}

// -------------------------------------------------------------------------------------------------
// Shifts.
// -------------------------------------------------------------------------------------------------

#[test]
fn shifts_are_masked_by_lane_width() {
    assert_eq!(get_u8(i8x16_shl(u8s([0x81; 16]), 9)), [0x02; 16]);
    assert_eq!(get_u8(i8x16_shr_s(u8s([0x80; 16]), 7)), [0xff; 16]);
    assert_eq!(get_u8(i8x16_shr_s(u8s([0x80; 16]), 15)), [0xff; 16]);
    assert_eq!(get_u8(i8x16_shr_u(u8s([0x80; 16]), 15)), [0x01; 16]);
    assert_eq!(get_u8(i8x16_shr_u(u8s([0x80; 16]), 8)), [0x80; 16]);
    assert_eq!(get_u16(i16x8_shl(u16s([0x8001; 8]), 17)), [0x0002; 8]);
    assert_eq!(get_i16(i16x8_shr_s(i16s([-32768; 8]), 31)), [-1; 8]);
    assert_eq!(get_u16(i16x8_shr_u(u16s([0x8000; 8]), 15)), [1; 8]);
    assert_eq!(get_u32(i32x4_shl(u32s([1; 4]), -1)), [0x8000_0000; 4]);
    assert_eq!(
        get_i32(i32x4_shr_s(i32s([-8, 8, -1, 0x4000_0000]), 33)),
        [-4, 4, -1, 0x2000_0000]
    );
    assert_eq!(
        get_u32(i32x4_shr_u(u32s([0x8000_0000; 4]), 32)),
        [0x8000_0000; 4]
    );
    assert_eq!(get_u64(i64x2_shl(u64s([1, 3]), 65)), [2, 6]);
    assert_eq!(get_i64(i64x2_shr_s(i64s([i64::MIN, 16]), 63)), [-1, 0]);
    assert_eq!(
        get_u64(i64x2_shr_u(u64s([u64::MAX, 16]), 64)),
        [u64::MAX, 16]
    );
    assert_eq!(get_u64(i64x2_shr_u(u64s([u64::MAX, 16]), 127)), [1, 0]);
}

// -------------------------------------------------------------------------------------------------
// Lane access.
// -------------------------------------------------------------------------------------------------

#[test]
fn splat() {
    assert_eq!(get_u8(i8x16_splat(0x1ff)), [0xff; 16]);
    assert_eq!(get_u16(i16x8_splat(0x1_8001)), [0x8001; 8]);
    assert_eq!(get_u32(i32x4_splat(0xffff_fffe)), [0xffff_fffe; 4]);
    assert_eq!(
        get_u64(i64x2_splat(0x8000_0000_0000_0001)),
        [0x8000_0000_0000_0001; 2]
    );
    assert_eq!(
        get_f32(f32x4_splat(u64::from((-1.5f32).to_bits()))),
        [-1.5; 4]
    );
    assert_eq!(get_f64(f64x2_splat(2.25f64.to_bits())), [2.25; 2]);
}

#[test]
fn extract_lane_each_shape() {
    let v = u8s(std::array::from_fn(|i| 0xf0 | i as u8)); // bytes f0 f1 … ff
    assert_eq!(i8x16_extract_lane_s(v, 5), 0xffff_fff5);
    assert_eq!(i8x16_extract_lane_u(v, 5), 0xf5);
    assert_eq!(i8x16_extract_lane_s(u8s(pad(&[0x7f], 0)), 0), 0x7f);
    assert_eq!(i16x8_extract_lane_s(v, 7), 0xffff_fffe);
    assert_eq!(i16x8_extract_lane_u(v, 7), 0xfffe);
    assert_eq!(
        i16x8_extract_lane_s(i16s([0, 0x1234, 0, 0, 0, 0, 0, 0]), 1),
        0x1234
    );
    assert_eq!(i32x4_extract_lane(v, 2), 0xfbfa_f9f8);
    assert_eq!(i64x2_extract_lane(v, 1), 0xfffe_fdfc_fbfa_f9f8);
    assert_eq!(i64x2_extract_lane(v, 0), 0xf7f6_f5f4_f3f2_f1f0);
    let f = f32s([1.0, -2.0, f32::INFINITY, -0.0]);
    assert_eq!(f32x4_extract_lane(f, 1), u64::from((-2.0f32).to_bits()));
    assert_eq!(f32x4_extract_lane(f, 3), u64::from(NEG0_32));
    let d = f64s([3.5, -0.0]);
    assert_eq!(f64x2_extract_lane(d, 0), 3.5f64.to_bits());
    assert_eq!(f64x2_extract_lane(d, 1), NEG0_64);
}

#[test]
fn replace_lane_each_shape() {
    let v = u8s(std::array::from_fn(|i| i as u8));
    let mut want: [u8; 16] = std::array::from_fn(|i| i as u8);
    want[9] = 0x34;
    assert_eq!(get_u8(i8x16_replace_lane(v, 9, 0xffff_1234)), want);
    let w = i16x8_replace_lane(u16s([7; 8]), 7, 0xffff_8001);
    assert_eq!(get_u16(w), [7, 7, 7, 7, 7, 7, 7, 0x8001]);
    let w = i32x4_replace_lane(u32s([7; 4]), 0, 0x1_ffff_fffe);
    assert_eq!(get_u32(w), [0xffff_fffe, 7, 7, 7]);
    let w = i64x2_replace_lane(u64s([7; 2]), 1, u64::MAX - 1);
    assert_eq!(get_u64(w), [7, u64::MAX - 1]);
    let w = f32x4_replace_lane(f32s([1.0; 4]), 2, u64::from((-0.5f32).to_bits()));
    assert_eq!(get_f32(w), [1.0, 1.0, -0.5, 1.0]);
    let w = f64x2_replace_lane(f64s([1.0; 2]), 0, NEG0_64);
    assert_eq!(f64_bits(w), [NEG0_64, 1.0f64.to_bits()]);
}

#[test]
fn swizzle_and_shuffle() {
    let a = u8s(std::array::from_fn(|i| 0x10 + i as u8));
    let idx = u8s(pad(&[0, 15, 16, 255, 128, 1, 17, 3, 0x80], 2));
    let want = pad(&[0x10, 0x1f, 0, 0, 0, 0x11, 0, 0x13, 0], 0x12);
    assert_eq!(get_u8(i8x16_swizzle(a, idx)), want);
    let b = u8s(std::array::from_fn(|i| 0x20 + i as u8));
    let lanes = pad(&[0, 31, 16, 15, 1, 17], 30);
    assert_eq!(
        get_u8(i8x16_shuffle(a, b, lanes)),
        pad(&[0x10, 0x2f, 0x20, 0x1f, 0x11, 0x21], 0x2e)
    );
}

// -------------------------------------------------------------------------------------------------
// Comparisons.
// -------------------------------------------------------------------------------------------------

#[test]
fn integer_comparisons_signedness() {
    let a = u8s(pad(&[0x80, 1, 5], 0));
    let b = u8s(pad(&[0x01, 0x80, 5], 0));
    assert_eq!(get_u8(i8x16_lt_s(a, b)), pad(&[0xff, 0, 0], 0));
    assert_eq!(get_u8(i8x16_lt_u(a, b)), pad(&[0, 0xff, 0], 0));
    assert_eq!(get_u8(i8x16_ge_u(a, b)), pad(&[0xff, 0, 0xff], 0xff));
    assert_eq!(get_u8(i8x16_eq(a, b)), pad(&[0, 0, 0xff], 0xff));
    assert_eq!(get_u8(i8x16_ne(a, b)), pad(&[0xff, 0xff, 0], 0));
    let a = u16s([0x8000, 1, 0, 0, 0, 0, 0, 0]);
    let b = u16s([1, 0x8000, 0, 0, 0, 0, 0, 0]);
    assert_eq!(get_u16(i16x8_gt_s(a, b)), [0, 0xffff, 0, 0, 0, 0, 0, 0]);
    assert_eq!(get_u16(i16x8_gt_u(a, b)), [0xffff, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        get_u16(i16x8_le_u(a, b)),
        [0, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff]
    );
    let a = i32s([-1, 1, 3, i32::MIN]);
    let b = i32s([1, -1, 3, i32::MAX]);
    assert_eq!(get_u32(i32x4_lt_s(a, b)), [!0, 0, 0, !0]);
    assert_eq!(get_u32(i32x4_lt_u(a, b)), [0, !0, 0, 0]);
    assert_eq!(get_u32(i32x4_le_s(a, b)), [!0, 0, !0, !0]);
    let a = i64s([-1, 5]);
    let b = i64s([1, 5]);
    assert_eq!(get_u64(i64x2_lt_s(a, b)), [!0, 0]);
    assert_eq!(get_u64(i64x2_ge_s(a, b)), [0, !0]);
    assert_eq!(get_u64(i64x2_ne(a, b)), [!0, 0]);
}

#[test]
fn float_comparisons() {
    let a = f32s([f32::NAN, -0.0, 1.0, 2.0]);
    let b = f32s([f32::NAN, 0.0, 2.0, 1.0]);
    assert_eq!(get_u32(f32x4_eq(a, b)), [0, !0, 0, 0]);
    assert_eq!(get_u32(f32x4_ne(a, b)), [!0, 0, !0, !0]);
    assert_eq!(get_u32(f32x4_lt(a, b)), [0, 0, !0, 0]);
    assert_eq!(get_u32(f32x4_ge(a, b)), [0, !0, 0, !0]);
    let a = f64s([f64::NAN, -0.0]);
    let b = f64s([1.0, 0.0]);
    assert_eq!(get_u64(f64x2_le(a, b)), [0, !0]);
    assert_eq!(get_u64(f64x2_ne(a, b)), [!0, 0]);
    assert_eq!(get_u64(f64x2_gt(b, a)), [0, 0]);
}

// -------------------------------------------------------------------------------------------------
// Integer arithmetic.
// -------------------------------------------------------------------------------------------------

#[test]
fn add_sub_mul_saturating() {
    let a = i8s(pad(&[127, -128, 100, -1], 0));
    let b = i8s(pad(&[1, -1, 100, 1], 0));
    assert_eq!(get_i8(i8x16_add(a, b)), pad(&[-128, 127, -56, 0], 0));
    assert_eq!(get_i8(i8x16_add_sat_s(a, b)), pad(&[127, -128, 127, 0], 0));
    assert_eq!(get_u8(i8x16_add_sat_u(a, b)), pad(&[128, 255, 200, 255], 0));
    assert_eq!(get_i8(i8x16_sub_sat_s(a, b)), pad(&[126, -127, 0, -2], 0));
    assert_eq!(get_u8(i8x16_sub_sat_u(a, b)), pad(&[126, 0, 0, 254], 0));
    assert_eq!(get_u8(i8x16_sub(a, b)), pad(&[126, 0x81, 0, 0xfe], 0));
    let a = u16s([0xffff, 0x8000, 3, 0, 0, 0, 0, 0]);
    let b = u16s([1, 0x8000, 0xffff, 0, 0, 0, 0, 0]);
    assert_eq!(
        get_u16(i16x8_add_sat_u(a, b)),
        [0xffff, 0xffff, 0xffff, 0, 0, 0, 0, 0]
    );
    assert_eq!(
        get_i16(i16x8_add_sat_s(a, b)),
        [0, -32768, 2, 0, 0, 0, 0, 0]
    );
    assert_eq!(get_u16(i16x8_mul(a, b)), [0xffff, 0, 0xfffd, 0, 0, 0, 0, 0]);
    assert_eq!(
        get_u32(i32x4_mul(u32s([0x1_0001; 4]), u32s([0x1_0001; 4]))),
        [0x2_0001; 4]
    );
    assert_eq!(
        get_i64(i64x2_mul(i64s([i64::MIN, -3]), i64s([-1, 7]))),
        [i64::MIN, -21]
    );
    assert_eq!(
        get_u64(i64x2_sub(u64s([0, 5]), u64s([1, 2]))),
        [u64::MAX, 3]
    );
}

#[test]
fn min_max_integers() {
    let a = i8s(pad(&[-1, 5], 0));
    let b = i8s(pad(&[1, -5], 0));
    assert_eq!(get_i8(i8x16_min_s(a, b)), pad(&[-1, -5], 0));
    assert_eq!(get_i8(i8x16_min_u(a, b)), pad(&[1, 5], 0));
    assert_eq!(get_i8(i8x16_max_u(a, b)), pad(&[-1, -5], 0));
    let a = i32s([i32::MIN, -1, 0, 4]);
    let b = i32s([i32::MAX, 1, 0, 3]);
    assert_eq!(get_i32(i32x4_max_s(a, b)), [i32::MAX, 1, 0, 4]);
    assert_eq!(get_i32(i32x4_min_u(a, b)), [i32::MAX, 1, 0, 3]);
}

#[test]
fn avgr_u_rounds_up() {
    let a = u8s(pad(&[255, 0, 1, 0, 254], 7));
    let b = u8s(pad(&[255, 1, 2, 0, 255], 8));
    assert_eq!(get_u8(i8x16_avgr_u(a, b)), pad(&[255, 1, 2, 0, 255], 8));
    let a = u16s([65535, 0, 65535, 1, 0, 0, 0, 0]);
    let b = u16s([0, 0, 65535, 2, 0, 0, 0, 0]);
    assert_eq!(
        get_u16(i16x8_avgr_u(a, b)),
        [32768, 0, 65535, 2, 0, 0, 0, 0]
    );
}

#[test]
fn narrow_saturates() {
    let a = i16s([0, 127, 128, -129, -32768, 32767, -1, 300]);
    let b = i16s([-128, -127, 1, 2, 3, 4, 5, 255]);
    let want = [
        0, 127, 127, -128, -128, 127, -1, 127, -128, -127, 1, 2, 3, 4, 5, 127,
    ];
    assert_eq!(get_i8(i8x16_narrow_i16x8_s(a, b)), want);
    let a = i16s([-1, 0, 255, 256, -32768, 32767, 128, 1]);
    let want = [0, 0, 255, 255, 0, 255, 128, 1, 0, 0, 1, 2, 3, 4, 5, 255];
    assert_eq!(get_u8(i8x16_narrow_i16x8_u(a, b)), want);
    let a = i32s([65536, -65536, 32767, -32769]);
    let b = i32s([-32768, 1, i32::MAX, i32::MIN]);
    let want = [32767, -32768, 32767, -32768, -32768, 1, 32767, -32768];
    assert_eq!(get_i16(i16x8_narrow_i32x4_s(a, b)), want);
    let a = i32s([-5, 65535, 65536, 40000]);
    assert_eq!(
        get_u16(i16x8_narrow_i32x4_u(a, b)),
        [0, 65535, 65535, 40000, 0, 1, 65535, 0]
    );
}

#[test]
fn q15mulr_sat_s() {
    let a = i16s([-32768, 16384, -1, -32768, 32767, -1, 100, 1]);
    let b = i16s([-32768, 16384, 1, 32767, 32767, -1, -200, 16384]);
    assert_eq!(
        get_i16(i16x8_q15mulr_sat_s(a, b)),
        [32767, 8192, 0, -32767, 32766, 0, -1, 1]
    );
}

#[test]
fn dot_i16x8_s() {
    let a = i16s([-32768, -32768, 1, 2, -3, 4, 32767, 32767]);
    let b = i16s([-32768, -32768, 3, 4, 5, 6, 32767, 32767]);
    // 2^30 + 2^30 = 2^31 wraps to i32::MIN.
    assert_eq!(
        get_i32(i32x4_dot_i16x8_s(a, b)),
        [i32::MIN, 11, 9, 2_147_352_578]
    );
}

#[test]
fn extmul() {
    let a = i8s(std::array::from_fn(|i| {
        if i < 8 {
            -128
        } else {
            127 - i as i8
        }
    }));
    let b = i8s(std::array::from_fn(|i| if i < 8 { -128 } else { -1 }));
    assert_eq!(get_i16(i16x8_extmul_low_i8x16_s(a, b)), [16384; 8]);
    assert_eq!(
        get_i16(i16x8_extmul_high_i8x16_s(a, b)),
        [-119, -118, -117, -116, -115, -114, -113, -112]
    );
    assert_eq!(get_u16(i16x8_extmul_low_i8x16_u(a, b)), [16384; 8]);
    assert_eq!(
        get_u16(i16x8_extmul_high_i8x16_u(a, b)),
        [
            119 * 255,
            118 * 255,
            117 * 255,
            116 * 255,
            115 * 255,
            114 * 255,
            113 * 255,
            112 * 255
        ]
    );
    assert_eq!(
        get_u16(i16x8_extmul_low_i8x16_u(u8s([255; 16]), u8s([255; 16]))),
        [65025; 8]
    );

    let a = i16s([-32768, 2, 0, 0, -32768, -1, 3, 0]);
    let b = i16s([-32768, -3, 0, 0, -32768, 65535u16 as i16, 3, 0]);
    assert_eq!(get_i32(i32x4_extmul_low_i16x8_s(a, b)), [1 << 30, -6, 0, 0]);
    assert_eq!(get_i32(i32x4_extmul_high_i16x8_s(a, b)), [1 << 30, 1, 9, 0]);
    assert_eq!(
        get_u32(i32x4_extmul_low_i16x8_u(a, b)),
        [1 << 30, 2 * 65533, 0, 0]
    );
    assert_eq!(
        get_u32(i32x4_extmul_high_i16x8_u(a, b)),
        [1 << 30, 0xfffe_0001, 9, 0]
    );

    let a = u32s([0xffff_ffff, 2, 0x8000_0000, 3]);
    let b = u32s([0xffff_ffff, 5, 0x8000_0000, 0xffff_ffff]);
    assert_eq!(
        get_u64(i64x2_extmul_low_i32x4_u(a, b)),
        [0xffff_fffe_0000_0001, 10]
    );
    assert_eq!(get_i64(i64x2_extmul_low_i32x4_s(a, b)), [1, 10]);
    assert_eq!(get_i64(i64x2_extmul_high_i32x4_s(a, b)), [1 << 62, -3]);
    assert_eq!(
        get_u64(i64x2_extmul_high_i32x4_u(a, b)),
        [1 << 62, 3 * 0xffff_ffff]
    );
}

// -------------------------------------------------------------------------------------------------
// Integer unary ops.
// -------------------------------------------------------------------------------------------------

#[test]
fn abs_neg_popcnt() {
    assert_eq!(
        get_i8(i8x16_abs(i8s(pad(&[-128, -1, 5], 0)))),
        pad(&[-128, 1, 5], 0)
    );
    assert_eq!(
        get_i8(i8x16_neg(i8s(pad(&[-128, -1, 5], 0)))),
        pad(&[-128, 1, -5], 0)
    );
    assert_eq!(
        get_i16(i16x8_abs(i16s([i16::MIN, -7, 7, 0, 0, 0, 0, 0]))),
        [i16::MIN, 7, 7, 0, 0, 0, 0, 0]
    );
    assert_eq!(
        get_i32(i32x4_abs(i32s([i32::MIN, -7, 7, 0]))),
        [i32::MIN, 7, 7, 0]
    );
    assert_eq!(
        get_i32(i32x4_neg(i32s([i32::MIN, -7, 7, 0]))),
        [i32::MIN, 7, -7, 0]
    );
    assert_eq!(get_i64(i64x2_abs(i64s([i64::MIN, -9]))), [i64::MIN, 9]);
    assert_eq!(get_i64(i64x2_neg(i64s([1, -9]))), [-1, 9]);
    let v = u8s(pad(&[0, 0xff, 0x55, 0x80, 0x0f, 0xa5], 1));
    assert_eq!(get_u8(i8x16_popcnt(v)), pad(&[0, 8, 4, 1, 4, 4], 1));
}

#[test]
fn extend() {
    let v = i8s(std::array::from_fn(|i| {
        if i % 2 == 0 {
            -(i as i8) - 1
        } else {
            i as i8
        }
    }));
    // lanes: -1 1 -3 3 -5 5 -7 7 -9 9 -11 11 -13 13 -15 15
    assert_eq!(
        get_i16(i16x8_extend_low_i8x16_s(v)),
        [-1, 1, -3, 3, -5, 5, -7, 7]
    );
    assert_eq!(
        get_i16(i16x8_extend_high_i8x16_s(v)),
        [-9, 9, -11, 11, -13, 13, -15, 15]
    );
    assert_eq!(
        get_u16(i16x8_extend_low_i8x16_u(v)),
        [255, 1, 253, 3, 251, 5, 249, 7]
    );
    assert_eq!(
        get_u16(i16x8_extend_high_i8x16_u(v)),
        [247, 9, 245, 11, 243, 13, 241, 15]
    );
    let v = i16s([-1, 2, -3, 4, i16::MIN, 6, -7, i16::MAX]);
    assert_eq!(get_i32(i32x4_extend_low_i16x8_s(v)), [-1, 2, -3, 4]);
    assert_eq!(
        get_i32(i32x4_extend_high_i16x8_s(v)),
        [-32768, 6, -7, 32767]
    );
    assert_eq!(get_u32(i32x4_extend_low_i16x8_u(v)), [65535, 2, 65533, 4]);
    assert_eq!(
        get_u32(i32x4_extend_high_i16x8_u(v)),
        [32768, 6, 65529, 32767]
    );
    let v = i32s([-1, 2, i32::MIN, 4]);
    assert_eq!(get_i64(i64x2_extend_low_i32x4_s(v)), [-1, 2]);
    assert_eq!(
        get_i64(i64x2_extend_high_i32x4_s(v)),
        [i64::from(i32::MIN), 4]
    );
    assert_eq!(get_u64(i64x2_extend_low_i32x4_u(v)), [0xffff_ffff, 2]);
    assert_eq!(get_u64(i64x2_extend_high_i32x4_u(v)), [0x8000_0000, 4]);
}

#[test]
fn extadd_pairwise() {
    let v = i8s(pad(&[-128, -128, 127, 127, 1, -1, -5, 3], 0));
    assert_eq!(
        get_i16(i16x8_extadd_pairwise_i8x16_s(v)),
        [-256, 254, 0, -2, 0, 0, 0, 0]
    );
    assert_eq!(
        get_u16(i16x8_extadd_pairwise_i8x16_u(v)),
        [256, 254, 256, 254, 0, 0, 0, 0]
    );
    assert_eq!(
        get_u16(i16x8_extadd_pairwise_i8x16_u(u8s([255; 16]))),
        [510; 8]
    );
    let v = i16s([-32768, -32768, 32767, 32767, -1, -1, 5, -6]);
    assert_eq!(
        get_i32(i32x4_extadd_pairwise_i16x8_s(v)),
        [-65536, 65534, -2, -1]
    );
    assert_eq!(
        get_u32(i32x4_extadd_pairwise_i16x8_u(v)),
        [65536, 65534, 131070, 65535]
    );
}

// -------------------------------------------------------------------------------------------------
// Float ops.
// -------------------------------------------------------------------------------------------------

#[test]
fn float_min_max_nan_and_signed_zero() {
    let a = f32s([f32::NAN, -0.0, 0.0, 1.0]);
    let b = f32s([1.0, 0.0, -0.0, f32::NAN]);
    let min = get_f32(f32x4_min(a, b));
    assert!(min[0].is_nan() && min[3].is_nan());
    assert_eq!(f32_bits(f32x4_min(a, b))[1..3], [NEG0_32, NEG0_32]);
    let max = get_f32(f32x4_max(a, b));
    assert!(max[0].is_nan() && max[3].is_nan());
    assert_eq!(f32_bits(f32x4_max(a, b))[1..3], [0, 0]);
    assert_eq!(
        get_f32(f32x4_min(
            f32s([1.0, -3.0, 2.0, 5.0]),
            f32s([2.0, 3.0, -f32::INFINITY, 5.0])
        )),
        [1.0, -3.0, -f32::INFINITY, 5.0]
    );

    let a = f64s([-0.0, f64::NAN]);
    let b = f64s([0.0, -1.0]);
    assert_eq!(f64_bits(f64x2_min(a, b))[0], NEG0_64);
    assert_eq!(f64_bits(f64x2_max(a, b))[0], 0);
    assert_eq!(f64_bits(f64x2_max(b, a))[0], 0);
    assert_eq!(f64_bits(f64x2_min(b, a))[0], NEG0_64);
    assert!(get_f64(f64x2_min(a, b))[1].is_nan());
    assert!(get_f64(f64x2_max(b, a))[1].is_nan());
    assert_eq!(
        get_f64(f64x2_max(f64s([1.0, -1.0]), f64s([2.0, -2.0]))),
        [2.0, -1.0]
    );
}

#[test]
fn float_pmin_pmax() {
    let a = f32s([f32::NAN, 1.0, -0.0, 2.0]);
    let b = f32s([1.0, f32::NAN, 0.0, 1.0]);
    let r = get_f32(f32x4_pmin(a, b));
    assert!(r[0].is_nan());
    assert_eq!(
        f32_bits(f32x4_pmin(a, b))[1..],
        [1.0f32.to_bits(), NEG0_32, 1.0f32.to_bits()]
    );
    let r = get_f32(f32x4_pmax(a, b));
    assert!(r[0].is_nan());
    assert_eq!(
        f32_bits(f32x4_pmax(a, b))[1..],
        [1.0f32.to_bits(), NEG0_32, 2.0f32.to_bits()]
    );
    // Operands swapped, +0 comes out: pmin/pmax return `a` unless `b` is strictly better.
    assert_eq!(f32_bits(f32x4_pmin(b, a))[2], 0);
    let a = f64s([0.0, 3.0]);
    let b = f64s([-0.0, f64::NAN]);
    assert_eq!(f64_bits(f64x2_pmin(a, b)), [0, 3.0f64.to_bits()]);
    assert_eq!(f64_bits(f64x2_pmax(a, b)), [0, 3.0f64.to_bits()]);
    assert!(get_f64(f64x2_pmax(b, a))[1].is_nan());
    assert_eq!(
        get_f64(f64x2_pmax(f64s([1.0, 5.0]), f64s([2.0, 4.0]))),
        [2.0, 5.0]
    );
}

#[test]
fn float_arith() {
    let a = f32s([1.5, -2.0, 1.0, f32::INFINITY]);
    let b = f32s([0.25, 4.0, 3.0, f32::INFINITY]);
    assert_eq!(get_f32(f32x4_add(a, b)), [1.75, 2.0, 4.0, f32::INFINITY]);
    let d = get_f32(f32x4_sub(a, b));
    assert_eq!(d[..3], [1.25, -6.0, -2.0]);
    assert!(d[3].is_nan());
    assert_eq!(get_f32(f32x4_mul(a, b)), [0.375, -8.0, 3.0, f32::INFINITY]);
    assert_eq!(get_f32(f32x4_div(a, b))[..3], [6.0, -0.5, 1.0 / 3.0]);
    assert_eq!(
        get_f64(f64x2_add(f64s([0.1, 1e308]), f64s([0.2, 1e308]))),
        [0.1 + 0.2, f64::INFINITY]
    );
    assert_eq!(
        get_f64(f64x2_sub(f64s([1.0, 0.0]), f64s([3.0, 0.0]))),
        [-2.0, 0.0]
    );
    assert_eq!(
        get_f64(f64x2_mul(f64s([-1.5, 2.0]), f64s([2.0, 0.5]))),
        [-3.0, 1.0]
    );
    assert_eq!(
        get_f64(f64x2_div(f64s([1.0, -1.0]), f64s([0.0, 4.0]))),
        [f64::INFINITY, -0.25]
    );
    assert_eq!(
        get_f32(f32x4_sqrt(f32s([4.0, 2.25, 0.0, 1.0]))),
        [2.0, 1.5, 0.0, 1.0]
    );
    assert!(get_f64(f64x2_sqrt(f64s([-1.0, 9.0])))[0].is_nan());
    assert_eq!(get_f64(f64x2_sqrt(f64s([-0.0, 9.0])))[1], 3.0);
    assert_eq!(f64_bits(f64x2_sqrt(f64s([-0.0, 9.0])))[0], NEG0_64);
}

#[test]
fn float_abs_neg_are_bit_ops() {
    let v = u32s([0x7fa0_0001, 0xffc0_0001, NEG0_32, 0x3f80_0000]);
    assert_eq!(
        get_u32(f32x4_neg(v)),
        [0xffa0_0001, 0x7fc0_0001, 0, 0xbf80_0000]
    );
    assert_eq!(
        get_u32(f32x4_abs(v)),
        [0x7fa0_0001, 0x7fc0_0001, 0, 0x3f80_0000]
    );
    let v = u64s([0xfff4_0000_0000_0001, 1.0f64.to_bits()]);
    assert_eq!(
        get_u64(f64x2_abs(v)),
        [0x7ff4_0000_0000_0001, 1.0f64.to_bits()]
    );
    assert_eq!(
        get_u64(f64x2_neg(v)),
        [0x7ff4_0000_0000_0001, (-1.0f64).to_bits()]
    );
}

#[test]
fn rounding() {
    let v = f32s([0.5, 1.5, 2.5, -0.5]);
    assert_eq!(get_f32(f32x4_nearest(v)), [0.0, 2.0, 2.0, -0.0]);
    assert_eq!(f32_bits(f32x4_nearest(v))[3], NEG0_32);
    assert_eq!(
        get_f32(f32x4_nearest(f32s([-1.5, 3.5, 4.4, 8388609.0]))),
        [-2.0, 4.0, 4.0, 8388609.0]
    );
    assert_eq!(get_f32(f32x4_ceil(v)), [1.0, 2.0, 3.0, -0.0]);
    assert_eq!(f32_bits(f32x4_ceil(v))[3], NEG0_32);
    assert_eq!(get_f32(f32x4_floor(v)), [0.0, 1.0, 2.0, -1.0]);
    assert_eq!(
        get_f32(f32x4_trunc(f32s([-1.7, 1.7, -0.2, 1e10]))),
        [-1.0, 1.0, -0.0, 1e10]
    );
    let v = f64s([2.5, -3.5]);
    assert_eq!(get_f64(f64x2_nearest(v)), [2.0, -4.0]);
    assert_eq!(get_f64(f64x2_ceil(v)), [3.0, -3.0]);
    assert_eq!(get_f64(f64x2_floor(v)), [2.0, -4.0]);
    assert_eq!(get_f64(f64x2_trunc(v)), [2.0, -3.0]);
    assert_eq!(
        get_f64(f64x2_nearest(f64s([4503599627370497.0, -0.5]))),
        [4503599627370497.0, -0.0]
    );
    // A signalling NaN comes out quiet (payload and sign kept).
    let snan = u32s([0x7fa0_0000, 0xff80_0001, 0x7fa0_0000, 0x7fa0_0000]);
    for f in [f32x4_ceil, f32x4_floor, f32x4_trunc, f32x4_nearest] {
        assert_eq!(
            get_u32(f(snan)),
            [0x7fe0_0000, 0xffc0_0001, 0x7fe0_0000, 0x7fe0_0000]
        );
    }
    let snan = u64s([0x7ff4_0000_0000_0000, 0xfff0_0000_0000_0001]);
    for f in [f64x2_ceil, f64x2_floor, f64x2_trunc, f64x2_nearest] {
        assert_eq!(
            get_u64(f(snan)),
            [0x7ffc_0000_0000_0000, 0xfff8_0000_0000_0001]
        );
    }
}

// -------------------------------------------------------------------------------------------------
// Conversions.
// -------------------------------------------------------------------------------------------------

#[test]
fn trunc_sat_f32x4() {
    let v = f32s([f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 3e9]);
    assert_eq!(
        get_i32(i32x4_trunc_sat_f32x4_s(v)),
        [0, i32::MAX, i32::MIN, i32::MAX]
    );
    assert_eq!(
        get_u32(i32x4_trunc_sat_f32x4_u(v)),
        [0, u32::MAX, 0, 3_000_000_000]
    );
    let v = f32s([-1.9, 1.9, -3e9, 4.5e9]);
    assert_eq!(
        get_i32(i32x4_trunc_sat_f32x4_s(v)),
        [-1, 1, i32::MIN, i32::MAX]
    );
    assert_eq!(get_u32(i32x4_trunc_sat_f32x4_u(v)), [0, 1, 0, u32::MAX]);
    let v = f32s([-0.9, 2147483520.0, -2147483648.0, 4294967040.0]);
    assert_eq!(
        get_i32(i32x4_trunc_sat_f32x4_s(v)),
        [0, 2147483520, i32::MIN, i32::MAX]
    );
    assert_eq!(
        get_u32(i32x4_trunc_sat_f32x4_u(v)),
        [0, 2147483520, 0, 4294967040]
    );
}

#[test]
fn trunc_sat_f64x2_zero() {
    // The high two lanes of the result are zero whatever the input.
    let v = f64s([f64::NAN, f64::NEG_INFINITY]);
    assert_eq!(
        get_i32(i32x4_trunc_sat_f64x2_s_zero(v)),
        [0, i32::MIN, 0, 0]
    );
    assert_eq!(get_u32(i32x4_trunc_sat_f64x2_u_zero(v)), [0, 0, 0, 0]);
    let v = f64s([2147483647.9, -2147483648.9]);
    assert_eq!(
        get_i32(i32x4_trunc_sat_f64x2_s_zero(v)),
        [i32::MAX, i32::MIN, 0, 0]
    );
    assert_eq!(
        get_u32(i32x4_trunc_sat_f64x2_u_zero(v)),
        [2147483647, 0, 0, 0]
    );
    let v = f64s([4294967295.5, 4294967296.0]);
    assert_eq!(
        get_i32(i32x4_trunc_sat_f64x2_s_zero(v)),
        [i32::MAX, i32::MAX, 0, 0]
    );
    assert_eq!(
        get_u32(i32x4_trunc_sat_f64x2_u_zero(v)),
        [u32::MAX, u32::MAX, 0, 0]
    );
    let v = f64s([-0.9, f64::INFINITY]);
    assert_eq!(
        get_i32(i32x4_trunc_sat_f64x2_s_zero(v)),
        [0, i32::MAX, 0, 0]
    );
    assert_eq!(
        get_u32(i32x4_trunc_sat_f64x2_u_zero(v)),
        [0, u32::MAX, 0, 0]
    );
}

#[test]
fn convert() {
    let v = i32s([-1, 16777217, i32::MIN, 7]);
    assert_eq!(
        get_f32(f32x4_convert_i32x4_s(v)),
        [-1.0, 16777216.0, -2147483648.0, 7.0]
    );
    assert_eq!(
        get_f32(f32x4_convert_i32x4_u(v)),
        [4294967296.0, 16777216.0, 2147483648.0, 7.0]
    );
    // 16777219 is halfway between 16777218 and 16777220: ties to even.
    assert_eq!(
        get_f32(f32x4_convert_i32x4_s(i32s([16777219; 4]))),
        [16777220.0; 4]
    );
    let v = i32s([-1, 7, 99, 99]);
    assert_eq!(get_f64(f64x2_convert_low_i32x4_s(v)), [-1.0, 7.0]);
    assert_eq!(get_f64(f64x2_convert_low_i32x4_u(v)), [4294967295.0, 7.0]);
}

#[test]
fn demote_promote() {
    let v = f64s([1.0, f64::NAN]);
    let r = f32_bits(f32x4_demote_f64x2_zero(v));
    assert_eq!(r, [1.0f32.to_bits(), 0x7fc0_0000, 0, 0]);
    let v = u64s([0xfff8_0000_0000_0000, 1e300f64.to_bits()]);
    assert_eq!(
        f32_bits(f32x4_demote_f64x2_zero(v)),
        [0xffc0_0000, f32::INFINITY.to_bits(), 0, 0]
    );
    // 1 + 2^-24 is halfway between 1 and the next f32: ties to even gives 1.
    let v = f64s([1.0 + f64::powi(2.0, -24), -0.0]);
    assert_eq!(
        f32_bits(f32x4_demote_f64x2_zero(v)),
        [1.0f32.to_bits(), NEG0_32, 0, 0]
    );
    // A signalling NaN comes out quiet.
    let r = get_f32(f32x4_demote_f64x2_zero(u64s([0x7ff0_0000_0000_0001, 0])));
    assert!(r[0].is_nan() && r[0].to_bits() & 0x0040_0000 != 0);

    let v = f32s([1.5, -0.0, 9.0, 9.0]);
    assert_eq!(
        f64_bits(f64x2_promote_low_f32x4(v)),
        [1.5f64.to_bits(), NEG0_64]
    );
    let v = u32s([0x7fc0_0000, 0x7f80_0001, 0, 0]);
    let r = f64_bits(f64x2_promote_low_f32x4(v));
    assert_eq!(r[0], 0x7ff8_0000_0000_0000);
    assert!(f64::from_bits(r[1]).is_nan() && r[1] & 0x0008_0000_0000_0000 != 0);
    let v = f32s([f32::MAX, f32::MIN_POSITIVE, 0.0, 0.0]);
    assert_eq!(
        get_f64(f64x2_promote_low_f32x4(v)),
        [f64::from(f32::MAX), f64::from(f32::MIN_POSITIVE)]
    );
}

// -------------------------------------------------------------------------------------------------
// Relaxed-SIMD variants: the portable meanings (the reference every handler set is compared with)
// against hand-computed results at their corner cases.
// -------------------------------------------------------------------------------------------------

fn v8(l: [u8; 16]) -> u128 {
    u128::from_le_bytes(l)
}

fn v16(l: [u16; 8]) -> u128 {
    l.iter().rev().fold(0, |v, &x| v << 16 | u128::from(x))
}

fn v32(l: [u32; 4]) -> u128 {
    l.iter().rev().fold(0, |v, &x| v << 32 | u128::from(x))
}

fn v64(l: [u64; 2]) -> u128 {
    u128::from(l[1]) << 64 | u128::from(l[0])
}

#[test]
fn swizzle_pshufb_zeroes_on_the_top_bit_and_wraps_below() {
    let a = v8(core::array::from_fn(|i| 0xa0 + i as u8));
    let idx = v8([
        0x80, 0x11, 0x7f, 0x0f, 0xff, 0x10, 0x00, 0x8f, 3, 3, 3, 3, 3, 3, 3, 0x20,
    ]);
    let want = v8([
        0, 0xa1, 0xaf, 0xaf, 0, 0xa0, 0xa0, 0, 0xa3, 0xa3, 0xa3, 0xa3, 0xa3, 0xa3, 0xa3, 0xa0,
    ]);
    assert_eq!(i8x16_swizzle_pshufb(a, idx), want);
    // The deterministic swizzle gives 0 for every index >= 16.
    assert_eq!(i8x16_swizzle(a, idx) >> 8 & 0xff, 0);
}

#[test]
fn q15mulr_pmulhrsw_wraps_the_one_overflow() {
    let a = v16([0x8000, 0x4000, 0x8000, 0x7fff, 0xffff, 0, 0x8000, 0x0001]);
    let b = v16([0x8000, 0x4000, 0x7fff, 0x7fff, 0xffff, 5, 0x0001, 0x4000]);
    // -32768*-32768 = 2^30 -> (2^30 + 2^14) >> 15 = 32768, which wraps to -32768 (0x8000);
    // 2^28 -> 8192; -32768*32767 -> -32767; 32767^2 -> 32766; (-1)(-1) -> 0; 0; -1; 1*16384 -> 0.5 rounds up to 1.
    let want = v16([0x8000, 0x2000, 0x8001, 0x7ffe, 0, 0, 0xffff, 1]);
    assert_eq!(i16x8_q15mulr_pmulhrsw(a, b), want);
    assert_eq!(i16x8_q15mulr_sat_s(a, b) & 0xffff, 0x7fff);
}

#[test]
fn dot_sat_unsigned_b_saturates_pairs() {
    let a = v8([
        127, 127, 0x80, 0x80, 0xff, 2, 0x80, 0x7f, 0, 0, 1, 1, 0xff, 0xff, 3, 0,
    ]);
    let b = v8([
        255, 255, 255, 255, 0xff, 3, 1, 1, 9, 9, 0x80, 0x80, 0x80, 1, 7, 200,
    ]);
    // 127*255*2 = 64770 -> 32767; -128*255*2 -> -32768; -1*255 + 2*3 = -249; -128 + 127 = -1;
    // 0; 128 + 128 = 256 (b unsigned); -128 - 1 = -129; 21.
    let want = v16([
        0x7fff,
        0x8000,
        (-249i16) as u16,
        0xffff,
        0,
        256,
        (-129i16) as u16,
        21,
    ]);
    assert_eq!(i16x8_dot_i8x16_u8x16_sat(a, b), want);
}

#[test]
fn dot_add_unsigned_b_exact_and_with_saturated_pairs() {
    let a = v8([0x80; 16]);
    let b = v8([255; 16]);
    let c = v32([5, 0x7fff_ffff, 0, 0x8000_0000]);
    // Exact: 4 * (-128 * 255) = -130560, plus c (wrapping).
    let exact = |c: u32| c.wrapping_add((-130560i32) as u32);
    assert_eq!(
        i32x4_dot_i8x16_u8x16_add_exact(a, b, c),
        v32([exact(5), exact(0x7fff_ffff), exact(0), exact(0x8000_0000)])
    );
    // Pairs saturate to -32768 each: -65536 plus c.
    let sat = |c: u32| c.wrapping_add((-65536i32) as u32);
    assert_eq!(
        i32x4_dot_i8x16_u8x16_add_sat_pairs(a, b, c),
        v32([sat(5), sat(0x7fff_ffff), sat(0), sat(0x8000_0000)])
    );
    // Without saturation both agree: a = 1..16 signed, b = 1..16 unsigned.
    let a = v8(core::array::from_fn(|i| i as u8 + 1));
    let c = v32([1, 2, 3, 4]);
    let want = v32([
        1 + 1 + 4 + 9 + 16,
        2 + 25 + 36 + 49 + 64,
        3 + 81 + 100 + 121 + 144,
        4 + 169 + 196 + 225 + 256,
    ]);
    assert_eq!(i32x4_dot_i8x16_u8x16_add_exact(a, a, c), want);
    assert_eq!(i32x4_dot_i8x16_u8x16_add_sat_pairs(a, a, c), want);
}

#[test]
fn trunc_int_min_gives_i32_min_for_nan_and_out_of_range() {
    let min = i32::MIN as u32;
    let f = v32([0x7fc0_0000, 0x4f00_0000, 0x4eff_ffff, 0xbff3_3333]); // NaN, 2^31, 2147483520, -1.9
    assert_eq!(
        i32x4_trunc_f32x4_s_int_min(f),
        v32([min, min, 2147483520, (-1i32) as u32])
    );
    let f = v32([0xff80_0000, 0xcf00_0000, 0x8000_0000, 0x7f80_0000]); // -inf, -2^31, -0, +inf
    assert_eq!(i32x4_trunc_f32x4_s_int_min(f), v32([min, min, 0, min]));
    // f64: 2147483647.9999998 -> 2147483647; 2^31 -> MIN; -2147483648.9999998 -> -2^31;
    // -2147483649 -> MIN; NaN -> MIN; the high lanes are zero.
    let d = |x: u64, y: u64| i32x4_trunc_f64x2_s_zero_int_min(v64([x, y]));
    assert_eq!(
        d(0x41df_ffff_ffff_ffff, 0x41e0_0000_0000_0000),
        v32([0x7fff_ffff, min, 0, 0])
    );
    assert_eq!(
        d(0xc1e0_0000_001f_ffff, 0xc1e0_0000_0020_0000),
        v32([min, min, 0, 0])
    );
    assert_eq!(
        d(0x7ff8_0000_0000_0000, 0xbff0_0000_0000_0000),
        v32([min, (-1i32) as u32, 0, 0])
    );
    // The saturating (deterministic) truncation differs exactly there.
    assert_eq!(
        i32x4_relaxed_trunc_f32x4_s(v32([0x7fc0_0000, 0x4f00_0000, 0, 0])),
        v32([0, 0x7fff_ffff, 0, 0])
    );
}

#[test]
fn fused_madd_rounds_once() {
    // a = b = 1 + 2^-12: a*b = 1 + 2^-11 + 2^-24, which rounds (a tie, to even) to 1 + 2^-11.
    let a = v32([0x3f80_0800; 4]);
    let c = v32([0xbf80_1000; 4]); // -(1 + 2^-11)
    let tiny = v32([0x3380_0000; 4]); // 2^-24
    assert_eq!(f32x4_madd_fused(a, a, c), tiny);
    assert_eq!(f32x4_relaxed_madd(a, a, c), 0);
    assert_eq!(
        f32x4_nmadd_fused(a, a, c ^ v32([0x8000_0000; 4])),
        tiny ^ v32([0x8000_0000; 4])
    );
    // f64: a = 1 + 2^-36, a*a = 1 + 2^-35 + 2^-72.
    let a = v64([0x3ff0_0000_0001_0000; 2]);
    let c = v64([0xbff0_0000_0002_0000; 2]); // -(1 + 2^-35)
    let tiny = v64([0x3b70_0000_0000_0000; 2]); // 2^-72
    assert_eq!(f64x2_madd_fused(a, a, c), tiny);
    assert_eq!(f64x2_relaxed_madd(a, a, c), 0);
    assert_eq!(
        f64x2_nmadd_fused(a, a, c ^ v64([1 << 63; 2])),
        tiny ^ v64([1 << 63; 2])
    );
}

#[test]
fn laneselect_top_bit_takes_whole_lanes() {
    let a = v32([0x1111_1111; 4]);
    let b = v32([0x2222_2222; 4]);
    let m = v32([0x8000_0000, 0x7fff_ffff, 0xffff_ffff, 0x0000_0001]);
    assert_eq!(
        i32x4_laneselect_top_bit(a, b, m),
        v32([0x1111_1111, 0x2222_2222, 0x1111_1111, 0x2222_2222])
    );
    // The bitwise (deterministic) select mixes bits: 0x80000000 takes only the (clear) top bit
    // from `a`, 0x7fffffff the 31 others.
    assert_eq!(
        i32x4_relaxed_laneselect(a, b, m),
        v32([0x2222_2222, 0x1111_1111, 0x1111_1111, 0x2222_2223])
    );
    let m = v64([0x8000_0000_0000_0000, 0x7fff_ffff_ffff_ffff]);
    assert_eq!(
        i64x2_laneselect_top_bit(a, b, m),
        v64([0x1111_1111_1111_1111, 0x2222_2222_2222_2222])
    );
    let m = v8([
        0x80, 0x7f, 0xff, 0x01, 0, 0x80, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0xc0,
    ]);
    let want = v8([
        0x11, 0x22, 0x11, 0x22, 0x22, 0x11, 0x22, 0x11, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
        0x11,
    ]);
    assert_eq!(i8x16_laneselect_top_bit(a, b, m), want);
}

/// Where the relaxed specification says all results agree, the variants agree with the
/// deterministic ops, on the shared test inputs (random and edge-case lanes).
#[test]
fn variants_agree_with_the_deterministic_ops_where_they_must() {
    let v = crate::ops::simd_tests_support::inputs();
    for (i, &a) in v.iter().enumerate() {
        let b = v[(i * 7 + 3) % v.len()];
        // A mask whose lanes are all ones or all zeros (the sign of each lane of `b`, spread).
        let mask8 = build::<i8>(|j| lane::<i8>(b, j) >> 7);
        let mask32 = build::<i32>(|j| lane::<i32>(b, j) >> 31);
        let mask64 = build::<i64>(|j| lane::<i64>(b, j) >> 63);
        assert_eq!(
            i8x16_laneselect_top_bit(a, b, mask8),
            v128_bitselect(a, b, mask8)
        );
        assert_eq!(
            i32x4_laneselect_top_bit(a, b, mask32),
            v128_bitselect(a, b, mask32)
        );
        assert_eq!(
            i64x2_laneselect_top_bit(a, b, mask64),
            v128_bitselect(a, b, mask64)
        );
        // Indices below 16 select the same lane.
        let low = b & 0x0f0f_0f0f_0f0f_0f0f_0f0f_0f0f_0f0f_0f0f;
        assert_eq!(i8x16_swizzle_pshufb(a, low), i8x16_swizzle(a, low));
        // In-range, non-NaN lanes truncate alike.
        let ours = i32x4_trunc_f32x4_s_int_min(a);
        let sat = i32x4_trunc_sat_f32x4_s(a);
        for j in 0..4 {
            let x = lane::<f32>(a, j);
            if x > -2147483648.0 && x < 2147483648.0 {
                assert_eq!(lane::<i32>(ours, j), lane::<i32>(sat, j), "{x}");
            } else {
                assert_eq!(lane::<i32>(ours, j), i32::MIN, "{x}");
            }
        }
        // With `b` below 128 (non-negative either way) the unsigned-b dots equal the signed ones,
        // and the pairs cannot saturate (|a * b| <= 128 * 127 per product).
        let b7 = b & 0x7f7f_7f7f_7f7f_7f7f_7f7f_7f7f_7f7f_7f7f;
        assert_eq!(
            i16x8_dot_i8x16_u8x16_sat(a, b7),
            i16x8_relaxed_dot_i8x16_i7x16_s(a, b7)
        );
        let c = v[(i * 13 + 5) % v.len()];
        let exact = i32x4_relaxed_dot_i8x16_i7x16_add_s(a, b7, c);
        assert_eq!(i32x4_dot_i8x16_u8x16_add_exact(a, b7, c), exact);
        assert_eq!(i32x4_dot_i8x16_u8x16_add_sat_pairs(a, b7, c), exact);
        // pmulhrsw differs from the saturating q15mulr only for -32768 * -32768.
        let p = i16x8_q15mulr_pmulhrsw(a, b);
        let s = i16x8_q15mulr_sat_s(a, b);
        for j in 0..8 {
            let both_min = lane::<i16>(a, j) == i16::MIN && lane::<i16>(b, j) == i16::MIN;
            let want = if both_min {
                i16::MIN
            } else {
                lane::<i16>(s, j)
            };
            assert_eq!(lane::<i16>(p, j), want);
        }
    }
}
