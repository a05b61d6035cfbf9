//! The lowering hooks' effect on compiled code, side by side in one run (issue 21):
//!
//! - relaxed-SIMD kernels (`benches/kernels/relaxed/{dot,float,swizzle}.wat`) compiled for the host
//!   CPU with `--relaxed-simd native` (the CPU's own instructions) and `deterministic`;
//! - small `memory.copy`/`memory.fill` with constant lengths (inlined) and with the same lengths read
//!   from globals (runtime calls).
//!
//! `cargo bench -p tailor-bench --bench relaxed` (`-- --quick` for fewer rounds). Each line is the best
//! of several runs; both variants must return the same checksum (the kernels avoid the inputs on
//! which relaxed results differ).

#[path = "common/runners.rs"]
#[expect(
    dead_code,
    reason = "this bench compares tailor with itself: no wasmi runner"
)]
mod runners;

use std::time::{Duration, Instant};

use runners::{Runner, TailorRunner};
use tailor_cpu::RelaxedMode;
use tailor_runtime::{Config, CpuProfile, Engine, Module, Tier};

/// A kernel compiled on `engine`, its `run(size) -> i64` timed: (checksum, best time).
fn time(engine: &Engine, wat: &str, size: i32, runs: usize) -> Result<(i64, Duration), String> {
    if !Module::new(engine, wat)
        .map_err(|e| e.to_string())?
        .is_compiled()
    {
        return Err("the module is not compiled".into());
    }
    let mut runner = TailorRunner::new(engine, wat)?;
    let mut best = Duration::MAX;
    let mut sum = 0;
    for _ in 0..runs {
        let t = Instant::now();
        sum = runner.call(size)?;
        best = best.min(t.elapsed());
    }
    Ok((sum, best))
}

fn engine(mode: RelaxedMode) -> Engine {
    let mut c = Config::new();
    c.tier(Tier::Jit);
    c.cpu(CpuProfile::host());
    c.relaxed_simd(mode);
    Engine::new(&c)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (runs, scale) = if quick { (3, 1) } else { (9, 5) };
    let native = engine(RelaxedMode::Native);
    let det = engine(RelaxedMode::Deterministic);
    println!("host CPU: {}", CpuProfile::host());
    println!(
        "{:<22} {:>12} {:>14} {:>8}",
        "kernel", "native ms", "determ. ms", "ratio"
    );
    let relaxed: [(&str, &str, i32); 3] = [
        ("dot", include_str!("../kernels/relaxed/dot.wat"), 20_000),
        (
            "float",
            include_str!("../kernels/relaxed/float.wat"),
            20_000,
        ),
        (
            "swizzle",
            include_str!("../kernels/relaxed/swizzle.wat"),
            20_000,
        ),
    ];
    let mut failed = false;
    for (name, wat, size) in relaxed {
        let size = size * scale;
        match (time(&native, wat, size, runs), time(&det, wat, size, runs)) {
            (Ok((a, ta)), Ok((b, tb))) => {
                let ratio = tb.as_secs_f64() / ta.as_secs_f64();
                println!(
                    "{:<22} {:>12.2} {:>14.2} {:>7.2}x",
                    format!("relaxed/{name}"),
                    ta.as_secs_f64() * 1e3,
                    tb.as_secs_f64() * 1e3,
                    ratio
                );
                println!("  checksum {a}, size {size}");
                if a != b {
                    println!("  checksums differ: native {a}, deterministic {b}");
                    failed = true;
                }
            }
            (a, b) => {
                println!("relaxed/{name}: {:?} / {:?}", a.err(), b.err());
                failed = true;
            }
        }
    }
    println!(
        "{:<22} {:>12} {:>14} {:>8}",
        "kernel", "inlined ms", "libcall ms", "ratio"
    );
    let size = 1000 * scale;
    match (
        time(
            &native,
            include_str!("../kernels/relaxed/small-copy-const.wat"),
            size,
            runs,
        ),
        time(
            &native,
            include_str!("../kernels/relaxed/small-copy-var.wat"),
            size,
            runs,
        ),
    ) {
        (Ok((a, ta)), Ok((b, tb))) => {
            println!(
                "{:<22} {:>12.2} {:>14.2} {:>7.2}x",
                "small-copy/fill",
                ta.as_secs_f64() * 1e3,
                tb.as_secs_f64() * 1e3,
                tb.as_secs_f64() / ta.as_secs_f64()
            );
            if a != b {
                println!("  checksums differ: inlined {a}, libcall {b}");
                failed = true;
            }
        }
        (a, b) => {
            println!("small-copy: {:?} / {:?}", a.err(), b.err());
            failed = true;
        }
    }
    if failed {
        std::process::exit(1);
    }
}
