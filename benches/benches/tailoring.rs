//! What tailoring buys (issue 21), side by side in one run: the same kernels with one setting
//! changed at a time, in the interpreter and in compiled code.
//!
//! ```text
//! cargo bench -p tailor-bench --bench tailoring                  # every comparison
//! cargo bench -p tailor-bench --bench tailoring -- --quick       # smaller sizes, 3 rounds
//! cargo bench -p tailor-bench --bench tailoring -- levels        # only one comparison
//! ```
//!
//! Comparisons (each a table; a ratio above 1 means the second setting is faster):
//! - `levels`: `--cpu x86-64-v1` (SSE2; generic elsewhere) against `--cpu native`, on the SIMD and
//!   composite kernels of the `levels` bench and the relaxed-SIMD kernel, per tier;
//! - `relaxed`: `--relaxed-simd deterministic` against `native` on the relaxed-SIMD kernel
//!   (`benches/kernels/relaxed/mixed.wat`, shaped so both give the same checksum), per tier.
//!
//! Each kernel is instantiated once per runner, run once to warm up (every result must equal the
//! first runner's, and for the `levels` kernels their plain-Rust reference), then timed in
//! interleaved rounds (the first runner rotates); the tables show medians. Compiled code is fast,
//! so its `n` is scaled until one call of the first runner takes at least 20 ms.

#[path = "common/runners.rs"]
#[expect(
    dead_code,
    reason = "this bench compares tailor with itself: no wasmi runner"
)]
mod runners;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use runners::{Runner, TailorRunner};
use tailor_bench::{Group, LEVEL_KERNELS};
use tailor_runtime::{Config, CpuProfile, Engine, RelaxedMode, Tier};

/// The relaxed-SIMD kernel.
const RELAXED: &str = include_str!("../kernels/relaxed/mixed.wat");

/// One kernel: its name, text, size and (for `levels` kernels) reference.
struct Kernel {
    name: &'static str,
    wat: &'static str,
    size: i32,
    reference: Option<fn(i32) -> i64>,
}

/// One setting of the engine.
#[derive(Clone)]
struct Setting {
    label: String,
    cpu: CpuProfile,
    relaxed: RelaxedMode,
}

impl Setting {
    fn engine(&self, tier: Tier) -> Engine {
        let mut config = Config::new();
        config
            .cpu(self.cpu.clone())
            .relaxed_simd(self.relaxed)
            .tier(tier);
        Engine::new(&config)
    }
}

struct Options {
    quick: bool,
    rounds: usize,
    only: Vec<String>,
}

fn parse_options() -> Result<Options, String> {
    let mut opts = Options {
        quick: false,
        rounds: 0,
        only: Vec::new(),
    };
    let mut rounds = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => opts.quick = true,
            "--rounds" => {
                let v = args.next().ok_or("--rounds needs a number")?;
                rounds = Some(
                    v.parse()
                        .map_err(|_| format!("--rounds {v}: not a number"))?,
                );
            }
            "--bench" => {}
            "-h" | "--help" => {
                println!(
                    "usage: cargo bench -p tailor-bench --bench tailoring -- [--quick] \
                     [--rounds N] [levels|relaxed]..."
                );
                std::process::exit(0);
            }
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            name => opts.only.push(name.to_owned()),
        }
    }
    opts.rounds = rounds.unwrap_or(if opts.quick { 3 } else { 9 });
    if opts.rounds == 0 {
        return Err("--rounds must be at least 1".into());
    }
    Ok(opts)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Times `k` under every setting on `tier`; returns `n` and the median time per setting.
fn bench(
    k: &Kernel,
    settings: &[Setting],
    tier: Tier,
    opts: &Options,
) -> Result<(i32, Vec<Duration>), String> {
    let mut runners: Vec<TailorRunner> = Vec::new();
    for s in settings {
        runners.push(
            TailorRunner::new(&s.engine(tier), k.wat)
                .map_err(|e| format!("{} ({}): {e}", k.name, s.label))?,
        );
    }
    // Size: the kernel's own, scaled up until the first runner takes 20 ms (compiled code).
    let mut n = if opts.quick {
        (k.size / 4).max(1)
    } else {
        k.size
    };
    loop {
        let start = Instant::now();
        runners[0].call(n)?;
        if start.elapsed() >= Duration::from_millis(20) || n >= i32::MAX / 2 {
            break;
        }
        n *= 2;
    }
    let want = match k.reference {
        Some(reference) => reference(n),
        None => runners[0].call(n)?,
    };
    let mut run = |i: usize| -> Result<Duration, String> {
        let start = Instant::now();
        let got = runners[i].call(n)?;
        let elapsed = start.elapsed();
        if got != want {
            return Err(format!(
                "{} ({}, {tier:?}) run({n}) returned {got}, expected {want}",
                k.name, settings[i].label
            ));
        }
        Ok(elapsed)
    };
    for i in 0..settings.len() {
        run(i)?;
    }
    let mut samples = vec![Vec::new(); settings.len()];
    for round in 0..opts.rounds {
        for step in 0..settings.len() {
            let i = (round + step) % settings.len();
            samples[i].push(run(i)?);
        }
    }
    Ok((n, samples.into_iter().map(median).collect()))
}

/// Prints one table: ms per run per setting and the ratio first/second.
fn table(
    title: &str,
    kernels: &[Kernel],
    settings: &[Setting; 2],
    opts: &Options,
) -> Result<(), String> {
    println!("\n### {title}\n");
    println!(
        "| kernel | tier | n | {} (ms) | {} (ms) | {} / {} |",
        settings[0].label, settings[1].label, settings[0].label, settings[1].label
    );
    println!("|---|---|---:|---:|---:|---:|");
    for tier in [Tier::Interp, Tier::Jit] {
        let mut logs = Vec::new();
        for k in kernels {
            let (n, t) = bench(k, settings, tier, opts)?;
            let ratio = t[0].as_secs_f64() / t[1].as_secs_f64();
            logs.push(ratio.ln());
            println!(
                "| {} | {} | {n} | {:.2} | {:.2} | {ratio:.2} |",
                k.name,
                tier.name(),
                t[0].as_secs_f64() * 1e3,
                t[1].as_secs_f64() * 1e3
            );
        }
        let geomean = (logs.iter().sum::<f64>() / logs.len() as f64).exp();
        println!(
            "| **geometric mean** | {} | | | | **{geomean:.2}** |",
            tier.name()
        );
    }
    Ok(())
}

/// The relaxed-SIMD kernel (its checksum is the first runner's: no plain-Rust reference).
fn relaxed_kernel() -> Kernel {
    Kernel {
        name: "relaxed",
        wat: RELAXED,
        size: 100,
        reference: None,
    }
}

fn run() -> Result<(), String> {
    let opts = parse_options()?;
    let wanted = |name: &str| opts.only.is_empty() || opts.only.iter().any(|o| o == name);
    let host = CpuProfile::host();
    let baseline = CpuProfile::preset("x86-64-v1")
        .ok()
        .filter(|p| p.arch() == host.arch())
        .unwrap_or_else(CpuProfile::generic);
    println!(
        "host: {host}\nbaseline: {baseline}\nrounds: {}, medians",
        opts.rounds
    );
    if wanted("levels") {
        let mut kernels: Vec<Kernel> = LEVEL_KERNELS
            .iter()
            .filter(|k| matches!(k.group, Group::Simd | Group::Composite))
            .filter(|k| !k.name.starts_with("control"))
            .map(|k| Kernel {
                name: k.name,
                wat: k.wat,
                size: k.quick_size,
                reference: Some(k.reference),
            })
            .collect();
        kernels.push(relaxed_kernel());
        let settings = [
            Setting {
                label: "baseline".into(),
                cpu: baseline.clone(),
                relaxed: RelaxedMode::Native,
            },
            Setting {
                label: "native".into(),
                cpu: host.clone(),
                relaxed: RelaxedMode::Native,
            },
        ];
        table(
            "--cpu x86-64-v1 (baseline) against --cpu native, SIMD kernels",
            &kernels,
            &settings,
            &opts,
        )?;
    }
    if wanted("relaxed") {
        let settings = [
            Setting {
                label: "deterministic".into(),
                cpu: host.clone(),
                relaxed: RelaxedMode::Deterministic,
            },
            Setting {
                label: "native".into(),
                cpu: host.clone(),
                relaxed: RelaxedMode::Native,
            },
        ];
        table(
            "--relaxed-simd deterministic against native, --cpu native",
            &[relaxed_kernel()],
            &settings,
            &opts,
        )?;
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
