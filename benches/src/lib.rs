//! Compute kernels for comparing tailor's interpreter with other WebAssembly runtimes.
//!
//! Each kernel is a `.wat` module under `benches/kernels/` that exports
//! `run(size: i32) -> i64`, returning a checksum of its work. [`KERNELS`] lists them with the sizes
//! the `interp` bench uses, and each carries a plain-Rust [`Kernel::reference`] that computes the
//! same checksum, so both the bench and the tests can check that a runtime computed the right thing.
//!
//! Run the bench with `cargo bench -p tailor-bench --bench interp` (see `BENCHMARKS.md`).
//!
//! The [`levels`] kernels (one per instruction family, plus composite SIMD kernels) serve the
//! `levels` bench, which runs tailor's interpreter at every handler set the host supports side by
//! side (`cargo bench -p tailor-bench --bench levels`); [`workloads`] runs the SIMD WASI programs
//! of `../shared/bench` through tailor's CLI at each `--cpu` level.

#![forbid(unsafe_code)]

pub mod levels;
mod levels_reference;
mod reference;
pub mod workloads;

pub use levels::{level_kernel, Group, LevelKernel, LEVEL_KERNELS};

/// One benchmark kernel: a module exporting `run(size: i32) -> i64`.
#[derive(Debug, Clone, Copy)]
pub struct Kernel {
    /// Short name, also the file name under `benches/kernels/` without `.wat`.
    pub name: &'static str,
    /// What the kernel stresses, one line.
    pub what: &'static str,
    /// The module in WebAssembly text format.
    pub wat: &'static str,
    /// The `size` argument of a full bench run (about 50–300 ms on tailor's interpreter).
    pub size: i32,
    /// The `size` argument of a `--quick` bench run.
    pub quick_size: i32,
    /// A small `size` for correctness tests (milliseconds even in a debug build).
    pub test_size: i32,
    /// The checksum `run(size)` must return, computed in plain Rust.
    pub reference: fn(i32) -> i64,
}

/// Every kernel, in the order the bench reports them.
pub const KERNELS: &[Kernel] = &[
    Kernel {
        name: "fib",
        what: "recursive calls",
        wat: include_str!("../kernels/fib.wat"),
        size: 32,
        quick_size: 27,
        test_size: 15,
        reference: reference::fib,
    },
    Kernel {
        name: "loop",
        what: "tight i64 loop (xorshift + branch)",
        wat: include_str!("../kernels/loop.wat"),
        size: 4_000_000,
        quick_size: 1_000_000,
        test_size: 10_000,
        reference: reference::xorshift_loop,
    },
    Kernel {
        name: "sieve",
        what: "byte loads/stores (sieve below 32768)",
        wat: include_str!("../kernels/sieve.wat"),
        size: 150,
        quick_size: 30,
        test_size: 2,
        reference: reference::sieve,
    },
    Kernel {
        name: "memsum",
        what: "i32 load/store loop over 64 KiB",
        wat: include_str!("../kernels/memsum.wat"),
        size: 500,
        quick_size: 60,
        test_size: 2,
        reference: reference::memsum,
    },
    Kernel {
        name: "indirect",
        what: "call_indirect over 8 functions",
        wat: include_str!("../kernels/indirect.wat"),
        size: 5_000_000,
        quick_size: 500_000,
        test_size: 10_000,
        reference: reference::indirect,
    },
    Kernel {
        name: "float",
        what: "f64 math with sqrt (Mandelbrot)",
        wat: include_str!("../kernels/float.wat"),
        size: 300,
        quick_size: 100,
        test_size: 20,
        reference: reference::mandelbrot,
    },
    Kernel {
        name: "matmul",
        what: "f64 matrix multiply in memory",
        wat: include_str!("../kernels/matmul.wat"),
        size: 180,
        quick_size: 60,
        test_size: 12,
        reference: reference::matmul,
    },
];

/// The kernel called `name`, if any.
pub fn kernel(name: &str) -> Option<&'static Kernel> {
    KERNELS.iter().find(|k| k.name == name)
}
