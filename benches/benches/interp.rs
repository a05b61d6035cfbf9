//! tailor's interpreter beside wasmi 2, same process, same kernels, same inputs.
//!
//! ```text
//! cargo bench -p tailor-bench --bench interp                 # every kernel, full sizes
//! cargo bench -p tailor-bench --bench interp -- --quick      # small sizes, fewer rounds
//! cargo bench -p tailor-bench --bench interp -- fib loop     # only these kernels
//! TAILOR_BENCH_KERNELS=fib,loop cargo bench -p tailor-bench  # the same, from the environment
//! cargo bench -p tailor-bench --bench interp -- --rounds 21  # more timed rounds per kernel
//! ```
//!
//! For each kernel both runtimes compile and instantiate the module once (not timed), run it once
//! to warm up, then run it in interleaved rounds (tailor then wasmi, then wasmi then tailor, ...).
//! Every result is checked against the kernel's plain-Rust reference checksum. The report is a
//! Markdown table of the median time per runtime, the ratio tailor/wasmi, and the geometric mean
//! of the ratios.

#[path = "common/runners.rs"]
mod runners;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use runners::{Runner, TailorRunner, WasmiRunner};
use tailor_bench::{Kernel, KERNELS};

/// Command-line options (after `--` of `cargo bench`).
struct Options {
    quick: bool,
    rounds: usize,
    kernels: Vec<&'static Kernel>,
}

fn parse_options() -> Result<Options, String> {
    let mut quick = false;
    let mut rounds = None;
    let mut names: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--rounds" => {
                let n = args.next().ok_or("--rounds needs a number")?;
                rounds = Some(
                    n.parse()
                        .map_err(|_| format!("--rounds {n}: not a number"))?,
                );
            }
            "--kernels" => {
                let list = args.next().ok_or("--kernels needs a list like fib,loop")?;
                names.extend(list.split(',').map(str::to_owned));
            }
            // `cargo bench` passes `--bench` to every bench target.
            "--bench" => {}
            "-h" | "--help" => {
                println!(
                    "usage: cargo bench -p tailor-bench --bench interp -- [--quick] [--rounds N] \
                     [--kernels a,b | a b ...]\n(or TAILOR_BENCH_KERNELS=a,b); kernels: {}",
                    KERNELS
                        .iter()
                        .map(|k| k.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                std::process::exit(0);
            }
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            name => names.push(name.to_owned()),
        }
    }
    if names.is_empty() {
        if let Ok(list) = std::env::var("TAILOR_BENCH_KERNELS") {
            names.extend(list.split(',').filter(|s| !s.is_empty()).map(str::to_owned));
        }
    }
    let kernels = if names.is_empty() {
        KERNELS.iter().collect()
    } else {
        names
            .iter()
            .map(|n| tailor_bench::kernel(n).ok_or_else(|| format!("unknown kernel {n}")))
            .collect::<Result<_, _>>()?
    };
    let rounds = rounds.unwrap_or(if quick { 3 } else { 11 });
    if rounds == 0 {
        return Err("--rounds must be at least 1".into());
    }
    Ok(Options {
        quick,
        rounds,
        kernels,
    })
}

/// Median times of one kernel on both runtimes.
struct Row {
    name: &'static str,
    size: i32,
    tailor: Duration,
    wasmi: Duration,
}

impl Row {
    fn ratio(&self) -> f64 {
        self.tailor.as_secs_f64() / self.wasmi.as_secs_f64()
    }
}

/// Runs `r` once, checks the checksum, and returns the wall time.
fn timed(r: &mut dyn Runner, who: &str, k: &Kernel, size: i32, want: i64) -> Duration {
    let start = Instant::now();
    let got = r.call(size);
    let elapsed = start.elapsed();
    match got {
        Ok(v) if v == want => elapsed,
        Ok(v) => panic!("{who} {}({size}) returned {v}, expected {want}", k.name),
        Err(e) => panic!("{who} {}({size}) failed: {e}", k.name),
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    }
}

fn bench(k: &Kernel, opts: &Options) -> Result<Row, String> {
    let size = if opts.quick { k.quick_size } else { k.size };
    let want = (k.reference)(size);
    let mut tailor = TailorRunner::new(&tailor_runtime::Engine::default(), k.wat)
        .map_err(|e| format!("tailor: {}: {e}", k.name))?;
    let mut wasmi = WasmiRunner::new(k.wat).map_err(|e| format!("wasmi: {}: {e}", k.name))?;
    // Warm-up (also checks both results before any timing).
    timed(&mut tailor, "tailor", k, size, want);
    timed(&mut wasmi, "wasmi", k, size, want);
    let mut t = Vec::with_capacity(opts.rounds);
    let mut w = Vec::with_capacity(opts.rounds);
    for round in 0..opts.rounds {
        if round % 2 == 0 {
            t.push(timed(&mut tailor, "tailor", k, size, want));
            w.push(timed(&mut wasmi, "wasmi", k, size, want));
        } else {
            w.push(timed(&mut wasmi, "wasmi", k, size, want));
            t.push(timed(&mut tailor, "tailor", k, size, want));
        }
    }
    Ok(Row {
        name: k.name,
        size,
        tailor: median(t),
        wasmi: median(w),
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> ExitCode {
    let opts = match parse_options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "tailor interpreter vs wasmi 2: {} kernel(s), {} round(s) each, median wall time{}",
        opts.kernels.len(),
        opts.rounds,
        if opts.quick { " (--quick sizes)" } else { "" }
    );
    // The machine may be shared: say how busy it was (Linux only; silently skipped elsewhere).
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        eprintln!("load average at start: {}", load.trim());
    }
    let mut rows = Vec::new();
    for k in &opts.kernels {
        match bench(k, &opts) {
            Ok(row) => {
                eprintln!(
                    "  {:<9} tailor {:>9.2} ms   wasmi {:>9.2} ms   ratio {:.2}",
                    row.name,
                    ms(row.tailor),
                    ms(row.wasmi),
                    row.ratio()
                );
                rows.push(row);
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!();
    println!("| kernel | size | tailor (ms) | wasmi 2 (ms) | tailor/wasmi |");
    println!("|---|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {:.2} | {:.2} | {:.2} |",
            r.name,
            r.size,
            ms(r.tailor),
            ms(r.wasmi),
            r.ratio()
        );
    }
    if !rows.is_empty() {
        let geomean = (rows.iter().map(|r| r.ratio().ln()).sum::<f64>() / rows.len() as f64).exp();
        println!("| **geometric mean** | | | | **{geomean:.2}** |");
    }
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        eprintln!("load average at end: {}", load.trim());
    }
    ExitCode::SUCCESS
}
