//! Inputs and comparisons shared by the tests that check a handler set's SIMD overrides against
//! the portable meaning (`sets/<arch>.rs`) and the portable relaxed variants against hand-computed
//! values.

/// Lane values that hit the corner cases of the `v128` ops: for `f32` lanes NaNs (quiet,
/// signalling, negative, with payloads), ±0, ±inf, the edges of the `i32` and `u32` ranges, halves;
/// for integer lanes the extremes and bytes with the top bit set.
const F32_EDGES: &[u32] = &[
    0x7fc0_0000, // NaN
    0xffc0_0001, // -NaN with payload
    0x7f80_0001, // signalling NaN
    0x0000_0000, // +0
    0x8000_0000, // -0
    0x7f80_0000, // +inf
    0xff80_0000, // -inf
    0x4f00_0000, // 2^31
    0xcf00_0000, // -2^31
    0x4eff_ffff, // 2147483520 (largest below 2^31)
    0xcf00_0001, // -2147483904
    0x4f80_0000, // 2^32
    0x4f7f_ffff, // 4294967040 (largest below 2^32)
    0x3f00_0000, // 0.5
    0xbf00_0000, // -0.5
    0xbf7f_ffff, // -0.99999994
    0xbf80_0000, // -1
    0x3fc0_0000, // 1.5
    0x3f80_0800, // 1 + 2^-12
    0xbf80_1000, // -(1 + 2^-11)
    0x0000_0001, // smallest subnormal
    0x7f7f_ffff, // f32::MAX
];
const F64_EDGES: &[u64] = &[
    0x7ff8_0000_0000_0000, // NaN
    0xfff8_0000_0000_0001, // -NaN with payload
    0x8000_0000_0000_0000, // -0
    0x7ff0_0000_0000_0000, // +inf
    0xfff0_0000_0000_0000, // -inf
    0x41df_ffff_ffff_ffff, // 2147483647.9999998
    0x41e0_0000_0000_0000, // 2^31
    0xc1e0_0000_0000_0000, // -2^31
    0xc1e0_0000_001f_ffff, // -2147483648.9999998
    0xc1e0_0000_0020_0000, // -2147483649
    0x41ef_ffff_ffff_ffff, // 4294967295.9999995
    0x41f0_0000_0000_0000, // 2^32
    0xbfef_ffff_ffff_ffff, // -0.9999999999999999
    0x3ff0_0000_0001_0000, // 1 + 2^-36
    0x7fef_ffff_ffff_ffff, // f64::MAX
];
const I16_EDGES: &[u16] = &[0x8000, 0x7fff, 0xffff, 0x0001, 0x4000, 0xc000, 0x0000];
const I8_EDGES: &[u8] = &[
    0x80, 0xff, 0x7f, 0x00, 0x01, 0x0f, 0x10, 0x11, 0x1f, 0x20, 0x8f, 0xf0,
];

/// A xorshift generator, so the inputs are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[(self.next() % from.len() as u64) as usize]
    }
}

/// About 600 input vectors: random bits, then vectors whose lanes are each drawn from the edge
/// cases of one lane type (plus some random lanes), so every op meets its corner cases in every
/// lane position.
pub(crate) fn inputs() -> Vec<u128> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut v = vec![0, u128::MAX, 0x8000_8000_8000_8000_8000_8000_8000_8000];
    for _ in 0..150 {
        v.push(u128::from(rng.next()) << 64 | u128::from(rng.next()));
    }
    for _ in 0..120 {
        let mut x = 0u128;
        for i in 0..4 {
            let lane = if rng.next().is_multiple_of(5) {
                rng.next() as u32
            } else {
                rng.pick(F32_EDGES)
            };
            x |= u128::from(lane) << (32 * i);
        }
        v.push(x);
        let mut y = 0u128;
        for i in 0..2 {
            let lane = if rng.next().is_multiple_of(5) {
                rng.next()
            } else {
                rng.pick(F64_EDGES)
            };
            y |= u128::from(lane) << (64 * i);
        }
        v.push(y);
        let mut z = 0u128;
        for i in 0..8 {
            z |= u128::from(rng.pick(I16_EDGES)) << (16 * i);
        }
        v.push(z);
        let mut w = 0u128;
        for i in 0..16 {
            let lane = if rng.next().is_multiple_of(4) {
                rng.next() as u8
            } else {
                rng.pick(I8_EDGES)
            };
            w |= u128::from(lane) << (8 * i);
        }
        v.push(w);
    }
    v
}

/// Equality of float results: bit for bit, except that a NaN lane only has to be a NaN (the
/// specification lets NaN payloads differ), with lanes read as `f32` or as `f64`.
pub(crate) fn same_float(a: u128, b: u128) -> bool {
    let lanes32 = (0..4).all(|i| {
        let (x, y) = ((a >> (32 * i)) as u32, (b >> (32 * i)) as u32);
        x == y || (f32::from_bits(x).is_nan() && f32::from_bits(y).is_nan())
    });
    let lanes64 = (0..2).all(|i| {
        let (x, y) = ((a >> (64 * i)) as u64, (b >> (64 * i)) as u64);
        x == y || (f64::from_bits(x).is_nan() && f64::from_bits(y).is_nan())
    });
    a == b || lanes32 || lanes64
}
