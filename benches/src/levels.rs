//! Kernels of the `levels` bench: one per instruction family, plus composite SIMD kernels.
//!
//! Each is a `.wat` module under `benches/kernels/levels/` (written by `generate.py` there) that
//! exports `run(n: i32) -> i64`. A per-family kernel runs `n` iterations of 8 applications of its
//! operation to data loaded from memory, folded into an accumulator (a dependency chain); a
//! composite kernel makes `n` passes over 64 KiB of data. Every kernel has a plain-Rust
//! [`LevelKernel::reference`] that computes the same checksum.

use crate::levels_reference as r;

/// Which table of the `levels` report a kernel belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// One `v128` instruction family.
    Simd,
    /// One scalar bit-manipulation or float-rounding instruction.
    Scalar,
    /// A small SIMD algorithm over an array.
    Composite,
}

/// One kernel of the `levels` bench: a module exporting `run(n: i32) -> i64`.
#[derive(Debug, Clone, Copy)]
pub struct LevelKernel {
    /// The instruction family (or, for composites, the file name under `benches/kernels/levels/`).
    pub name: &'static str,
    /// The table it is reported in.
    pub group: Group,
    /// What the tailored handler sets do differently for it, one line.
    pub what: &'static str,
    /// The module in WebAssembly text format.
    pub wat: &'static str,
    /// The `n` of a full bench run.
    pub size: i32,
    /// The `n` of a `--quick` run.
    pub quick_size: i32,
    /// A small `n` for correctness tests.
    pub test_size: i32,
    /// The checksum `run(n)` must return, computed in plain Rust.
    pub reference: fn(i32) -> i64,
}

/// Every kernel of the `levels` bench, in report order.
pub const LEVEL_KERNELS: &[LevelKernel] = &[
    LevelKernel {
        name: "i8x16.popcnt",
        group: Group::Simd,
        what: "SSSE3 pshufb nibble lookup at v2/v3",
        wat: include_str!("../kernels/levels/i8x16_popcnt.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::i8x16_popcnt,
    },
    LevelKernel {
        name: "i32x4.mul",
        group: Group::Simd,
        what: "SSE4.1 pmulld at v2/v3",
        wat: include_str!("../kernels/levels/i32x4_mul.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::i32x4_mul,
    },
    LevelKernel {
        name: "i16x8.q15mulr_sat_s",
        group: Group::Simd,
        what: "SSSE3 pmulhrsw at v2/v3",
        wat: include_str!("../kernels/levels/i16x8_q15mulr_sat_s.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::i16x8_q15mulr_sat_s,
    },
    LevelKernel {
        name: "f32x4.nearest",
        group: Group::Simd,
        what: "SSE4.1 roundps at v2/v3",
        wat: include_str!("../kernels/levels/f32x4_nearest.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::f32x4_nearest,
    },
    LevelKernel {
        name: "i8x16.swizzle",
        group: Group::Simd,
        what: "SSSE3 pshufb at v2/v3",
        wat: include_str!("../kernels/levels/i8x16_swizzle.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::i8x16_swizzle,
    },
    LevelKernel {
        name: "i8x16.add_sat_s",
        group: Group::Simd,
        what: "portable lane code at every level",
        wat: include_str!("../kernels/levels/i8x16_add_sat_s.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::i8x16_add_sat_s,
    },
    LevelKernel {
        name: "i16x8.extmul",
        group: Group::Simd,
        what: "portable lane code (extmul_low_i8x16_s, extmul_high_i8x16_u)",
        wat: include_str!("../kernels/levels/i16x8_extmul.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::i16x8_extmul,
    },
    LevelKernel {
        name: "i32x4.dot_i16x8_s",
        group: Group::Simd,
        what: "portable lane code at every level",
        wat: include_str!("../kernels/levels/i32x4_dot_i16x8_s.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::i32x4_dot_i16x8_s,
    },
    LevelKernel {
        name: "v128.bitselect",
        group: Group::Simd,
        what: "portable u128 and/or at every level",
        wat: include_str!("../kernels/levels/v128_bitselect.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::v128_bitselect,
    },
    LevelKernel {
        name: "f32x4.add+mul",
        group: Group::Simd,
        what: "portable lane loops the compiler vectorizes at every level",
        wat: include_str!("../kernels/levels/f32x4_add_mul.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::f32x4_add_mul,
    },
    LevelKernel {
        name: "control (v128)",
        group: Group::Simd,
        what: "v128.xor + i8x16.add: same shape, no level-specific op",
        wat: include_str!("../kernels/levels/v128_control.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::v128_control,
    },
    LevelKernel {
        name: "i64.popcnt",
        group: Group::Scalar,
        what: "POPCNT at v2/v3, bit tricks at baseline",
        wat: include_str!("../kernels/levels/i64_popcnt.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::i64_popcnt,
    },
    LevelKernel {
        name: "i32.clz",
        group: Group::Scalar,
        what: "LZCNT at v3, BSR at baseline/v2",
        wat: include_str!("../kernels/levels/i32_clz.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::i32_clz,
    },
    LevelKernel {
        name: "i32.ctz",
        group: Group::Scalar,
        what: "TZCNT at v3, BSF at baseline/v2",
        wat: include_str!("../kernels/levels/i32_ctz.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::i32_ctz,
    },
    LevelKernel {
        name: "f64.nearest",
        group: Group::Scalar,
        what: "SSE4.1 roundsd at v2/v3",
        wat: include_str!("../kernels/levels/f64_nearest.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::f64_nearest,
    },
    LevelKernel {
        name: "f64.floor",
        group: Group::Scalar,
        what: "SSE4.1 roundsd at v2/v3",
        wat: include_str!("../kernels/levels/f64_floor.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::f64_floor,
    },
    LevelKernel {
        name: "control (i64)",
        group: Group::Scalar,
        what: "i64.xor + i64.add: same shape, no level-specific op",
        wat: include_str!("../kernels/levels/i64_control.wat"),
        size: 500_000,
        quick_size: 100_000,
        test_size: 200,
        reference: r::i64_control,
    },
    LevelKernel {
        name: "popcount_sum",
        group: Group::Composite,
        what: "total popcount of 64 KiB (i8x16.popcnt + extadd_pairwise)",
        wat: include_str!("../kernels/levels/popcount_sum.wat"),
        size: 1_000,
        quick_size: 100,
        test_size: 2,
        reference: r::popcount_sum,
    },
    LevelKernel {
        name: "dot_i16",
        group: Group::Composite,
        what: "i16 dot product of two 32 KiB arrays (i32x4.dot_i16x8_s)",
        wat: include_str!("../kernels/levels/dot_i16.wat"),
        size: 1_000,
        quick_size: 100,
        test_size: 2,
        reference: r::dot_i16,
    },
    LevelKernel {
        name: "dot_f32",
        group: Group::Composite,
        what: "f32 dot product of two 32 KiB arrays (f32x4.mul + add)",
        wat: include_str!("../kernels/levels/dot_f32.wat"),
        size: 1_000,
        quick_size: 100,
        test_size: 2,
        reference: r::dot_f32,
    },
    LevelKernel {
        name: "classify",
        group: Group::Composite,
        what: "byte classification with two i8x16.swizzle nibble tables",
        wat: include_str!("../kernels/levels/classify.wat"),
        size: 1_000,
        quick_size: 100,
        test_size: 2,
        reference: r::classify,
    },
];

/// The level kernel called `name`, if any.
pub fn level_kernel(name: &str) -> Option<&'static LevelKernel> {
    LEVEL_KERNELS.iter().find(|k| k.name == name)
}
