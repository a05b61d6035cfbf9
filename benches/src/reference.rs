//! Plain-Rust versions of the kernels: each computes exactly the checksum its `.wat` returns.
//!
//! Integer arithmetic wraps as in WebAssembly; float operations are done in the same order, so the
//! IEEE results (and therefore the bits) are identical.

/// `fib.wat`: `fib(n)` with wrapping `i32` additions, zero-extended.
pub(crate) fn fib(n: i32) -> i64 {
    fn fib(n: u32) -> u32 {
        if n < 2 {
            n
        } else {
            fib(n - 1).wrapping_add(fib(n - 2))
        }
    }
    i64::from(fib(n as u32))
}

/// `loop.wat`: xorshift64 feeding an accumulator.
pub(crate) fn xorshift_loop(n: i32) -> i64 {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut acc: u64 = 0;
    for _ in 0..(n as u32) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if x & 1 != 0 {
            acc = acc.wrapping_add(x >> 32);
        } else {
            acc = (acc ^ x).rotate_left(1);
        }
    }
    (acc ^ x) as i64
}

/// `sieve.wat`: `rounds` times the number of primes below 32768.
pub(crate) fn sieve(rounds: i32) -> i64 {
    const N: usize = 32768;
    let mut total = 0i64;
    for _ in 0..(rounds as u32) {
        let mut marked = vec![false; N];
        let mut count = 0;
        for i in 2..N {
            if !marked[i] {
                count += 1;
                let mut j = i * i;
                while j < N {
                    marked[j] = true;
                    j += i;
                }
            }
        }
        total += count;
    }
    total
}

/// `memsum.wat`: rounds of `a[i] += a[i-1] ^ r` over 16384 `i32`s, then their unsigned sum.
pub(crate) fn memsum(rounds: i32) -> i64 {
    const N: usize = 16384;
    let mut a: Vec<u32> = (0..N as u32).map(|i| i.wrapping_mul(0x9E37_79B1)).collect();
    for r in 0..(rounds as u32) {
        for i in 1..N {
            a[i] = a[i].wrapping_add(a[i - 1] ^ r);
        }
    }
    a.iter().map(|&v| i64::from(v)).sum()
}

/// `indirect.wat`: eight small functions chosen by `(acc ^ i) & 7`.
pub(crate) fn indirect(n: i32) -> i64 {
    let ops: [fn(u32) -> u32; 8] = [
        |x| x.wrapping_add(0x3C6E_F372),
        |x| x.wrapping_mul(0x0100_0193),
        |x| x ^ 0x5555_5555,
        |x| x.rotate_left(5),
        |x| x.wrapping_sub(7),
        |x| (x >> 1).wrapping_add(0x2545_F491),
        |x| x ^ (x << 3),
        |x| x.wrapping_add(x.count_ones()),
    ];
    let mut acc: u32 = 1;
    for i in 0..(n as u32) {
        acc = ops[((acc ^ i) & 7) as usize](acc);
    }
    i64::from(acc)
}

/// `float.wat`: Mandelbrot iteration counts and final magnitudes on an `n` x `n` grid.
pub(crate) fn mandelbrot(n: i32) -> i64 {
    let scale = 2.5 / f64::from(n);
    let mut iters: i64 = 0;
    let mut mag = 0.0f64;
    for y in 0..n {
        let ci = -1.25 + f64::from(y) * scale;
        for x in 0..n {
            let cr = -2.0 + f64::from(x) * scale;
            let (mut zr, mut zi, mut m) = (0.0f64, 0.0f64, 0.0f64);
            let mut k = 0;
            while k < 64 {
                let t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                k += 1;
                m = (zr * zr + zi * zi).sqrt();
                if m > 2.0 {
                    break;
                }
            }
            iters += k;
            mag += m;
        }
    }
    iters ^ mag.to_bits() as i64
}

/// `matmul.wat`: the bits of the sum of all entries of `A * B`.
pub(crate) fn matmul(n: i32) -> i64 {
    let n = n as usize;
    let a: Vec<f64> = (0..n * n)
        .map(|p| f64::from(((p / n + 2 * (p % n)) % 7) as i32 - 3))
        .collect();
    let b: Vec<f64> = (0..n * n)
        .map(|p| f64::from(((3 * (p / n) + p % n) % 5) as i32 - 2))
        .collect();
    let mut sum = 0.0f64;
    // The kernel stores all of C first and sums it afterwards in row-major order; summing each entry
    // as it is produced visits them in the same order.
    for i in 0..n {
        for j in 0..n {
            let mut acc = 0.0f64;
            for k in 0..n {
                acc += a[i * n + k] * b[k * n + j];
            }
            sum += acc;
        }
    }
    sum.to_bits() as i64
}
