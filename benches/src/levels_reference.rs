//! Plain-Rust versions of the `levels` kernels (`benches/kernels/levels/*.wat`): each computes
//! exactly the checksum its module returns. The per-family kernels replay the module's loop with
//! scalar lane arithmetic; the composite kernels are computed another way where that is cheap
//! (a total popcount, per-lane sums multiplied by the number of passes, scalar table lookups).

/// Bytes of linear memory every kernel fills.
const MEM: usize = 65536;

/// How a kernel shapes the xorshift32 data it writes to memory (see `generate.py`).
#[derive(Clone, Copy)]
enum Fill {
    Bytes,
    Odd,
    Idx,
    Shr,
    Shl,
    F32,
    F64,
}

fn fill(kind: Fill) -> Vec<u8> {
    let mut mem = vec![0u8; MEM];
    let mut x: u32 = 0x9e37_79b9;
    let step = if matches!(kind, Fill::F64) { 8 } else { 4 };
    for p in (0..MEM).step_by(step) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let scaled = |v: f64| v * (1.0 / 2_097_152.0);
        match kind {
            Fill::Bytes => mem[p..p + 4].copy_from_slice(&x.to_le_bytes()),
            Fill::Odd => mem[p..p + 4].copy_from_slice(&(x | 1).to_le_bytes()),
            Fill::Idx => mem[p..p + 4].copy_from_slice(&(x & 0x1f1f_1f1f).to_le_bytes()),
            Fill::Shr => mem[p..p + 4].copy_from_slice(&(x >> (x & 31)).to_le_bytes()),
            Fill::Shl => mem[p..p + 4].copy_from_slice(&(x << (x >> 27)).to_le_bytes()),
            Fill::F32 => {
                let v = (x as i32 as f32) * (1.0 / 2_097_152.0);
                mem[p..p + 4].copy_from_slice(&v.to_le_bytes());
            }
            Fill::F64 => {
                mem[p..p + 8].copy_from_slice(&scaled(f64::from(x as i32)).to_le_bytes());
            }
        }
    }
    mem
}

fn load128(mem: &[u8], p: usize) -> u128 {
    u128::from_le_bytes(mem[p..p + 16].try_into().unwrap())
}

fn load64(mem: &[u8], p: usize) -> u64 {
    u64::from_le_bytes(mem[p..p + 8].try_into().unwrap())
}

fn load32(mem: &[u8], p: usize) -> u32 {
    u32::from_le_bytes(mem[p..p + 4].try_into().unwrap())
}

/// The `v128` checksum of the modules: low lane xor the high lane rotated by 32.
fn v128_sum(v: u128) -> i64 {
    ((v as u64) ^ ((v >> 64) as u64).rotate_left(32)) as i64
}

const INT_INIT: u128 = u128::from_le_bytes(lanes32_bytes([
    0x0123_4567,
    0x89ab_cdef,
    0x0f1e_2d3c,
    0x4b5a_6978,
]));

const fn lanes32_bytes(l: [u32; 4]) -> [u8; 16] {
    let mut b = [0u8; 16];
    let mut i = 0;
    while i < 4 {
        let w = l[i].to_le_bytes();
        b[4 * i] = w[0];
        b[4 * i + 1] = w[1];
        b[4 * i + 2] = w[2];
        b[4 * i + 3] = w[3];
        i += 1;
    }
    b
}

fn f32_init() -> u128 {
    from_f32([1.5, -2.25, 0.75, 3.0])
}

// Lane views of a v128 (little-endian, as in wasm).
fn u8s(v: u128) -> [u8; 16] {
    v.to_le_bytes()
}
fn from_u8s(b: [u8; 16]) -> u128 {
    u128::from_le_bytes(b)
}
fn u16s(v: u128) -> [u16; 8] {
    std::array::from_fn(|i| (v >> (16 * i)) as u16)
}
fn from_u16s(l: [u16; 8]) -> u128 {
    l.iter()
        .enumerate()
        .fold(0, |v, (i, &x)| v | u128::from(x) << (16 * i))
}
fn u32s(v: u128) -> [u32; 4] {
    std::array::from_fn(|i| (v >> (32 * i)) as u32)
}
fn from_u32s(l: [u32; 4]) -> u128 {
    l.iter()
        .enumerate()
        .fold(0, |v, (i, &x)| v | u128::from(x) << (32 * i))
}
fn f32s(v: u128) -> [f32; 4] {
    u32s(v).map(f32::from_bits)
}
fn from_f32(l: [f32; 4]) -> u128 {
    from_u32s(l.map(f32::to_bits))
}

/// Replays a `v128` micro kernel: `n` iterations, 8 applications each, at 128 bytes per iteration.
/// `app(acc, L(j), L(j+1), j)` is one application.
fn simd_loop(n: i32, kind: Fill, init: u128, app: impl Fn(u128, u128, u128, usize) -> u128) -> i64 {
    let mem = fill(kind);
    let mut acc = init;
    for i in 0..n.max(0) as u32 {
        let p = ((i << 7) & 0xff80) as usize;
        for j in 0..8 {
            let l = load128(&mem, p + 16 * j);
            let m = load128(&mem, p + 16 * ((j + 1) % 8));
            acc = app(acc, l, m, j);
        }
    }
    v128_sum(acc)
}

/// Replays an `i64`/`f64` micro kernel (bits in a `u64`), 64 bytes per iteration.
fn loop64(n: i32, kind: Fill, app: impl Fn(u64, u64) -> u64) -> i64 {
    let mem = fill(kind);
    let mut acc = 0u64;
    for i in 0..n.max(0) as u32 {
        let p = ((i << 6) & 0xffc0) as usize;
        for j in 0..8 {
            acc = app(acc, load64(&mem, p + 8 * j));
        }
    }
    acc as i64
}

/// Replays an `i32` micro kernel, 32 bytes per iteration.
fn loop32(n: i32, kind: Fill, app: impl Fn(u32, u32) -> u32) -> i64 {
    let mem = fill(kind);
    let mut acc = 0u32;
    for i in 0..n.max(0) as u32 {
        let p = ((i << 5) & 0xffe0) as usize;
        for j in 0..8 {
            acc = app(acc, load32(&mem, p + 4 * j));
        }
    }
    i64::from(acc)
}

fn i8x16_add(a: u128, b: u128) -> u128 {
    let (a, b) = (u8s(a), u8s(b));
    from_u8s(std::array::from_fn(|i| a[i].wrapping_add(b[i])))
}
fn i16x8_add(a: u128, b: u128) -> u128 {
    let (a, b) = (u16s(a), u16s(b));
    from_u16s(std::array::from_fn(|i| a[i].wrapping_add(b[i])))
}
fn i32x4_add(a: u128, b: u128) -> u128 {
    let (a, b) = (u32s(a), u32s(b));
    from_u32s(std::array::from_fn(|i| a[i].wrapping_add(b[i])))
}
fn f32x4_add(a: u128, b: u128) -> u128 {
    let (a, b) = (f32s(a), f32s(b));
    from_f32(std::array::from_fn(|i| a[i] + b[i]))
}

pub(crate) fn i8x16_popcnt(n: i32) -> i64 {
    simd_loop(n, Fill::Bytes, INT_INIT, |acc, l, _, _| {
        i8x16_add(acc, from_u8s(u8s(l).map(|b| b.count_ones() as u8)))
    })
}

pub(crate) fn i32x4_mul(n: i32) -> i64 {
    simd_loop(n, Fill::Odd, INT_INIT, |acc, l, _, _| {
        let (a, b) = (u32s(acc), u32s(l));
        from_u32s(std::array::from_fn(|i| a[i].wrapping_mul(b[i])))
    })
}

pub(crate) fn i16x8_q15mulr_sat_s(n: i32) -> i64 {
    let k = from_u16s([
        0x1234, 0xdcbb, 0x3456, 0xba99, 0x5678, 0x9877, 0x789a, 0xe433,
    ]);
    simd_loop(n, Fill::Bytes, INT_INIT, |acc, l, _, _| {
        let (a, b) = (u16s(acc), u16s(l));
        let q = std::array::from_fn(|i| {
            let p = i32::from(a[i] as i16) * i32::from(b[i] as i16);
            ((p + 0x4000) >> 15).clamp(-32768, 32767) as u16
        });
        i16x8_add(from_u16s(q), k)
    })
}

pub(crate) fn f32x4_nearest(n: i32) -> i64 {
    simd_loop(n, Fill::F32, f32_init(), |acc, l, _, _| {
        f32x4_add(acc, from_f32(f32s(l).map(f32::round_ties_even)))
    })
}

pub(crate) fn i8x16_swizzle(n: i32) -> i64 {
    let k = from_u8s([1, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53]);
    simd_loop(n, Fill::Idx, INT_INIT, |acc, l, _, _| {
        let (a, s) = (u8s(acc), u8s(l));
        let r = std::array::from_fn(|i| a.get(usize::from(s[i])).copied().unwrap_or(0));
        i8x16_add(from_u8s(r), k)
    })
}

pub(crate) fn i8x16_add_sat_s(n: i32) -> i64 {
    simd_loop(n, Fill::Bytes, INT_INIT, |acc, l, _, _| {
        let (a, b) = (u8s(acc), u8s(l));
        from_u8s(std::array::from_fn(|i| {
            (a[i] as i8).saturating_add(b[i] as i8) as u8
        }))
    })
}

pub(crate) fn i16x8_extmul(n: i32) -> i64 {
    simd_loop(n, Fill::Bytes, INT_INIT, |acc, l, _, j| {
        let (a, b) = (u8s(acc), u8s(l));
        let r = std::array::from_fn(|i| {
            if j % 2 == 0 {
                (i16::from(a[i] as i8) * i16::from(b[i] as i8)) as u16
            } else {
                u16::from(a[8 + i]) * u16::from(b[8 + i])
            }
        });
        i16x8_add(acc, from_u16s(r))
    })
}

pub(crate) fn i32x4_dot_i16x8_s(n: i32) -> i64 {
    simd_loop(n, Fill::Bytes, INT_INIT, |acc, l, _, _| {
        i32x4_add(acc, dot_i16x8_s(acc, l))
    })
}

fn dot_i16x8_s(a: u128, b: u128) -> u128 {
    let (a, b) = (u16s(a), u16s(b));
    let prod = |k: usize| i32::from(a[k] as i16) * i32::from(b[k] as i16);
    from_u32s(std::array::from_fn(|i| {
        prod(2 * i).wrapping_add(prod(2 * i + 1)) as u32
    }))
}

pub(crate) fn v128_bitselect(n: i32) -> i64 {
    simd_loop(n, Fill::Bytes, INT_INIT, |acc, l, m, _| {
        (l & acc) | (m & !acc)
    })
}

pub(crate) fn f32x4_add_mul(n: i32) -> i64 {
    simd_loop(n, Fill::F32, f32_init(), |acc, l, _, _| {
        let (a, b) = (f32s(acc), f32s(l));
        from_f32(std::array::from_fn(|i| (a[i] + b[i]) * 0.5))
    })
}

pub(crate) fn v128_control(n: i32) -> i64 {
    simd_loop(n, Fill::Bytes, INT_INIT, |acc, l, _, _| {
        i8x16_add(acc, l ^ acc)
    })
}

pub(crate) fn i64_popcnt(n: i32) -> i64 {
    loop64(n, Fill::Bytes, |acc, l| {
        acc.wrapping_add(u64::from(l.count_ones()))
    })
}

pub(crate) fn i32_clz(n: i32) -> i64 {
    loop32(n, Fill::Shr, |acc, l| acc.wrapping_add(l.leading_zeros()))
}

pub(crate) fn i32_ctz(n: i32) -> i64 {
    loop32(n, Fill::Shl, |acc, l| acc.wrapping_add(l.trailing_zeros()))
}

pub(crate) fn f64_nearest(n: i32) -> i64 {
    loop64(n, Fill::F64, |acc, l| {
        (f64::from_bits(acc) + f64::from_bits(l).round_ties_even()).to_bits()
    })
}

pub(crate) fn f64_floor(n: i32) -> i64 {
    loop64(n, Fill::F64, |acc, l| {
        (f64::from_bits(acc) + f64::from_bits(l).floor()).to_bits()
    })
}

pub(crate) fn i64_control(n: i32) -> i64 {
    loop64(n, Fill::Bytes, |acc, l| acc.wrapping_add(l ^ acc))
}

/// `popcount_sum`: `n` times the popcount of the data (the four `u32` lanes cannot wrap below
/// `n` = 32768: each gets at most 131072 bits per pass).
pub(crate) fn popcount_sum(n: i32) -> i64 {
    assert!(n < 32768, "popcount_sum: lanes would wrap");
    let mem = fill(Fill::Bytes);
    let total: i64 = mem.iter().map(|b| i64::from(b.count_ones())).sum();
    total * i64::from(n.max(0))
}

/// `dot_i16`: per-lane wrapping sums of one pass (computed in `i64`), times `n`.
pub(crate) fn dot_i16(n: i32) -> i64 {
    let mem = fill(Fill::Bytes);
    let half = MEM / 2;
    let mut lanes = [0i64; 4];
    for k in 0..half / 2 {
        let a = i16::from_le_bytes([mem[2 * k], mem[2 * k + 1]]);
        let b = i16::from_le_bytes([mem[half + 2 * k], mem[half + 2 * k + 1]]);
        lanes[(k % 8) / 2] += i64::from(a) * i64::from(b);
    }
    let lanes = lanes.map(|s| s.wrapping_mul(i64::from(n.max(0))) as u32);
    v128_sum(from_u32s(lanes))
}

/// `dot_f32`: the same lane-wise float sums in the same order.
pub(crate) fn dot_f32(n: i32) -> i64 {
    let mem = fill(Fill::F32);
    let half = MEM / 2;
    let mut acc = [0f32; 4];
    for _ in 0..n.max(0) {
        for p in (0..half).step_by(16) {
            let (a, b) = (f32s(load128(&mem, p)), f32s(load128(&mem, half + p)));
            for i in 0..4 {
                acc[i] += a[i] * b[i];
            }
        }
    }
    v128_sum(from_f32(acc))
}

/// `classify`: each byte's class `LO[b & 15] & HI[b >> 4]` by scalar lookup, summed per `u16` lane
/// over one pass, times `n`.
pub(crate) fn classify(n: i32) -> i64 {
    const LO: [u8; 16] = [
        0x16, 0x24, 0x41, 0x88, 0x03, 0x50, 0x0c, 0x81, 0x22, 0x44, 0x11, 0x99, 0x66, 0x07, 0xf0,
        0x38,
    ];
    const HI: [u8; 16] = [
        0x81, 0x42, 0x24, 0x18, 0x0f, 0xf0, 0x33, 0xcc, 0x55, 0xaa, 0x01, 0x80, 0x7e, 0x3c, 0x99,
        0x66,
    ];
    let mem = fill(Fill::Bytes);
    let mut lanes = [0u64; 8];
    for (k, &b) in mem.iter().enumerate() {
        lanes[(k % 16) / 2] += u64::from(LO[usize::from(b & 15)] & HI[usize::from(b >> 4)]);
    }
    let lanes = lanes.map(|s| s.wrapping_mul(n.max(0) as u64) as u16);
    v128_sum(from_u16s(lanes))
}
