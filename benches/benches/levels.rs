//! tailor's interpreter at every handler set this host can run (`portable`, `x86-64-v2`,
//! `x86-64-v3`), side by side in one run, beside wasmi 2.
//!
//! ```text
//! cargo bench -p tailor-bench --bench levels                        # kernels + WASI workloads
//! cargo bench -p tailor-bench --bench levels -- --quick             # small sizes, 3 rounds
//! cargo bench -p tailor-bench --bench levels -- i32.clz classify    # only these kernels
//! cargo bench -p tailor-bench --bench levels -- --no-workloads      # only the in-process kernels
//! cargo bench -p tailor-bench --bench levels -- --only-workloads    # only the WASI workloads
//! ```
//!
//! Part 1, in process: every kernel of [`tailor_bench::LEVEL_KERNELS`] is instantiated once per
//! handler set (an engine whose CPU profile selects that set) and once in wasmi 2, run once to
//! warm up, then timed in interleaved rounds (the starting runner rotates each round). Every
//! result must equal the kernel's plain-Rust reference. The report shows the median time per
//! runner and the ratios portable/level (above 1: the tailored level is faster) and best/wasmi.
//!
//! Part 2, as programs: the SIMD WASI workloads of `../shared/bench` run through
//! `target/release/tailor run --cpu LEVEL` (build it first with
//! `cargo build --release -p tailor-cli`; `$TAILOR_BIN` overrides the path) at each level, plus
//! the peers installed beside the workloads, in interleaved rounds; every output must equal the
//! native build's.

#[path = "common/runners.rs"]
mod runners;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use runners::{Runner, TailorRunner, WasmiRunner};
use tailor_bench::workloads::{self, Column, Workload};
use tailor_bench::{Group, LevelKernel, LEVEL_KERNELS};
use tailor_runtime::{Config, CpuProfile, Engine, HandlerSet};

/// The CPU profile whose engine selects `set`.
fn profile_for(set: &HandlerSet) -> Result<CpuProfile, String> {
    if set.name() == "portable" {
        Ok(CpuProfile::generic())
    } else {
        CpuProfile::preset(set.name()).map_err(|e| e.to_string())
    }
}

/// The kernel in tailor, at one handler set (checking the engine really selected it).
fn tailor_at(k: &LevelKernel, set: &HandlerSet) -> Result<TailorRunner, String> {
    let mut config = Config::new();
    config.cpu(profile_for(set)?);
    let engine = Engine::new(&config);
    if engine.handler_set() != *set {
        return Err(format!(
            "asked for {}, the engine selected {}",
            set.name(),
            engine.handler_set().name()
        ));
    }
    TailorRunner::new(&engine, k.wat)
}

/// Command-line options (after `--` of `cargo bench`).
struct Options {
    quick: bool,
    rounds: usize,
    workload_rounds: usize,
    kernels: Vec<&'static LevelKernel>,
    kernels_part: bool,
    workloads_part: bool,
}

fn parse_options() -> Result<Options, String> {
    let mut quick = false;
    let mut rounds = None;
    let mut workload_rounds = None;
    let mut names: Vec<String> = Vec::new();
    let (mut kernels_part, mut workloads_part) = (true, true);
    let mut args = std::env::args().skip(1);
    let number = |flag: &str, v: Option<String>| -> Result<usize, String> {
        let v = v.ok_or(format!("{flag} needs a number"))?;
        v.parse().map_err(|_| format!("{flag} {v}: not a number"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--rounds" => rounds = Some(number("--rounds", args.next())?),
            "--workload-rounds" => {
                workload_rounds = Some(number("--workload-rounds", args.next())?);
            }
            "--no-workloads" => workloads_part = false,
            "--only-workloads" => kernels_part = false,
            // `cargo bench` passes `--bench` to every bench target.
            "--bench" => {}
            "-h" | "--help" => {
                println!(
                    "usage: cargo bench -p tailor-bench --bench levels -- [--quick] [--rounds N] \
                     [--workload-rounds N] [--no-workloads | --only-workloads] [KERNEL...]\n\
                     kernels: {}",
                    LEVEL_KERNELS
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
    let kernels = if names.is_empty() {
        LEVEL_KERNELS.iter().collect()
    } else {
        // `cargo bench -p tailor-bench -- fib` also reaches this harness: names of the other
        // bench's kernels are skipped, not an error.
        let chosen: Vec<_> = LEVEL_KERNELS
            .iter()
            .filter(|k| names.iter().any(|n| n == k.name))
            .collect();
        for n in &names {
            if !LEVEL_KERNELS.iter().any(|k| k.name == n) {
                eprintln!("note: {n} is not a levels kernel (skipped)");
            }
        }
        workloads_part = false;
        chosen
    };
    let rounds = rounds.unwrap_or(if quick { 3 } else { 11 });
    let workload_rounds = workload_rounds.unwrap_or(if quick { 1 } else { 5 });
    if rounds == 0 || workload_rounds == 0 {
        return Err("rounds must be at least 1".into());
    }
    Ok(Options {
        quick,
        rounds,
        workload_rounds,
        kernels,
        kernels_part,
        workloads_part,
    })
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

/// Median times of one kernel on every runner: the handler sets in order, then wasmi.
struct Row {
    kernel: &'static LevelKernel,
    n: i32,
    times: Vec<Duration>,
}

/// Runs every runner on `k` in interleaved rounds; checks every result against the reference.
fn bench_kernel(
    k: &'static LevelKernel,
    sets: &[HandlerSet],
    opts: &Options,
) -> Result<Row, String> {
    let n = if opts.quick { k.quick_size } else { k.size };
    let want = (k.reference)(n);
    let mut runners: Vec<(String, Box<dyn Runner>)> = Vec::new();
    for set in sets {
        let r = tailor_at(k, set).map_err(|e| format!("tailor {}: {}: {e}", set.name(), k.name))?;
        runners.push((set.name().to_owned(), Box::new(r)));
    }
    let w = WasmiRunner::new(k.wat).map_err(|e| format!("wasmi: {}: {e}", k.name))?;
    runners.push(("wasmi".to_owned(), Box::new(w)));
    let timed = |i: usize, runners: &mut Vec<(String, Box<dyn Runner>)>| {
        let (who, r) = &mut runners[i];
        let start = Instant::now();
        let got = r.call(n);
        let elapsed = start.elapsed();
        match got {
            Ok(v) if v == want => Ok(elapsed),
            Ok(v) => Err(format!(
                "{who} {}({n}) returned {v}, expected {want}",
                k.name
            )),
            Err(e) => Err(format!("{who} {}({n}) failed: {e}", k.name)),
        }
    };
    for i in 0..runners.len() {
        timed(i, &mut runners)?; // warm-up, and the first check of every result
    }
    let mut samples = vec![Vec::with_capacity(opts.rounds); runners.len()];
    for round in 0..opts.rounds {
        for step in 0..runners.len() {
            let i = (round + step) % runners.len();
            samples[i].push(timed(i, &mut runners)?);
        }
    }
    Ok(Row {
        kernel: k,
        n,
        times: samples.into_iter().map(median).collect(),
    })
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn is_control(k: &LevelKernel) -> bool {
    k.name.starts_with("control")
}

/// Prints one group's table: per-application ns for the per-family kernels, ms per run for the
/// composites, then the ratios.
fn print_table(group: Group, rows: &[&Row], sets: &[HandlerSet]) {
    let (unit, scale): (&str, fn(&Row, Duration) -> f64) = match group {
        Group::Composite => ("ms/run", |_, d| secs(d) * 1e3),
        _ => ("ns/op", |r, d| secs(d) * 1e9 / (8.0 * f64::from(r.n))),
    };
    let best = sets.len() - 1;
    let mut header = format!(
        "| {} | n |",
        if group == Group::Composite {
            "kernel"
        } else {
            "op"
        }
    );
    let mut rule = "|---|---:|".to_owned();
    for s in sets {
        header += &format!(" {} ({unit}) |", s.name());
        rule += "---:|";
    }
    header += &format!(" wasmi 2 ({unit}) |");
    rule += "---:|";
    for s in &sets[1..] {
        header += &format!(" portable/{} |", s.name().trim_start_matches("x86-64-"));
        rule += "---:|";
    }
    header += &format!(
        " {}/wasmi |",
        sets[best].name().trim_start_matches("x86-64-")
    );
    rule += "---:|";
    println!("{header}\n{rule}");
    let mut logs = vec![Vec::new(); sets.len()];
    for r in rows {
        let mut line = format!("| {} | {} |", r.kernel.name, r.n);
        for d in &r.times {
            line += &format!(" {:.2} |", scale(r, *d));
        }
        for (i, d) in r.times[1..sets.len()].iter().enumerate() {
            let ratio = secs(r.times[0]) / secs(*d);
            line += &format!(" {ratio:.2} |");
            if !is_control(r.kernel) {
                logs[i + 1].push(ratio.ln());
            }
        }
        let vs_wasmi = secs(r.times[best]) / secs(r.times[sets.len()]);
        line += &format!(" {vs_wasmi:.2} |");
        if !is_control(r.kernel) {
            logs[0].push(vs_wasmi.ln());
        }
        println!("{line}");
    }
    if sets.len() > 1 && !logs[1].is_empty() {
        let gm = |v: &Vec<f64>| (v.iter().sum::<f64>() / v.len() as f64).exp();
        let mut line = "| **geometric mean** (without controls) | |".to_owned();
        line += &" |".repeat(sets.len() + 1);
        for l in &logs[1..] {
            line += &format!(" **{:.2}** |", gm(l));
        }
        line += &format!(" **{:.2}** |", gm(&logs[0]));
        println!("{line}");
    }
    println!();
}

fn run_kernels(opts: &Options, sets: &[HandlerSet]) -> Result<(), String> {
    let mut rows = Vec::new();
    for k in &opts.kernels {
        let row = bench_kernel(k, sets, opts)?;
        let mut line = format!("  {:<22}", k.name);
        for (i, d) in row.times.iter().enumerate() {
            let who = sets.get(i).map_or("wasmi", |s| s.name());
            line += &format!(" {who} {:.1} ms ", secs(*d) * 1e3);
        }
        eprintln!("{line}");
        rows.push(row);
    }
    println!();
    for (group, title) in [
        (
            Group::Simd,
            "SIMD instruction families (time per application, 8 per iteration)",
        ),
        (
            Group::Scalar,
            "Scalar bit-manipulation and rounding (time per application)",
        ),
        (
            Group::Composite,
            "Composite SIMD kernels (time per run of n passes over 64 KiB)",
        ),
    ] {
        let in_group: Vec<&Row> = rows.iter().filter(|r| r.kernel.group == group).collect();
        if !in_group.is_empty() {
            println!("{title}:\n");
            print_table(group, &in_group, sets);
        }
    }
    Ok(())
}

/// The tailor CLI: `$TAILOR_BIN`, else `target/release/tailor` of this workspace.
fn tailor_bin() -> PathBuf {
    std::env::var_os("TAILOR_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/tailor"),
        PathBuf::from,
    )
}

fn run_workloads(opts: &Options, sets: &[HandlerSet]) -> Result<(), String> {
    let Some(dir) = workloads::find_dir() else {
        eprintln!("note: no SIMD workloads found (set TAILOR_BENCH_WORKLOADS); skipped");
        return Ok(());
    };
    let bin = tailor_bin();
    if !bin.is_file() {
        eprintln!(
            "note: {} not found (cargo build --release -p tailor-cli); workloads skipped",
            bin.display()
        );
        return Ok(());
    }
    let list = workloads::simd_workloads(&dir);
    let mut columns: Vec<Column> = sets
        .iter()
        .map(|s| {
            let cpu = if s.name() == "portable" {
                "generic"
            } else {
                s.name()
            };
            Column::new(format!("tailor {cpu}"), &bin, &["run", "--cpu", cpu])
        })
        .collect();
    let levels = columns.len();
    columns.extend(workloads::peer_columns(&dir));
    eprintln!(
        "workloads: {} in {}, {} round(s) each; columns: {}",
        list.len(),
        dir.display(),
        opts.workload_rounds,
        columns
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut rows: Vec<(Workload, Vec<Duration>)> = Vec::new();
    for w in list {
        let expected = match &w.native {
            Some(native) => {
                let mut argv: Vec<OsString> = vec![native.clone().into_os_string()];
                argv.extend(w.args.iter().map(OsString::from));
                Some(workloads::run_once(&argv)?.1)
            }
            None => None,
        };
        let mut expected = expected;
        let mut samples = vec![Vec::new(); columns.len()];
        for round in 0..opts.workload_rounds {
            for step in 0..columns.len() {
                let i = (round + step) % columns.len();
                let (t, out) = workloads::run_once(&workloads::argv(&columns[i], &w))?;
                let want = expected.get_or_insert_with(|| out.clone());
                if out != *want {
                    return Err(format!(
                        "{} on {}: output {:?} differs from {:?}",
                        w.name,
                        columns[i].label,
                        out.trim(),
                        want.trim()
                    ));
                }
                samples[i].push(t);
            }
        }
        let times: Vec<Duration> = samples.into_iter().map(median).collect();
        eprintln!(
            "  {:<8} {}",
            w.name,
            times
                .iter()
                .zip(&columns)
                .map(|(t, c)| format!("{} {:.3} s", c.label, secs(*t)))
                .collect::<Vec<_>>()
                .join("  ")
        );
        rows.push((w, times));
    }
    println!(
        "SIMD WASI workloads (`.simd.wasm`, wall time in s of one process, median of {} round(s)):\n",
        opts.workload_rounds
    );
    let mut header = "| workload | args |".to_owned();
    let mut rule = "|---|---|".to_owned();
    for c in &columns {
        header += &format!(" {} (s) |", c.label);
        rule += "---:|";
    }
    for c in &columns[1..levels] {
        header += &format!(
            " generic/{} |",
            c.label.trim_start_matches("tailor x86-64-")
        );
        rule += "---:|";
    }
    println!("{header}\n{rule}");
    let mut logs = vec![Vec::new(); levels];
    for (w, times) in &rows {
        let mut line = format!("| {} | {} |", w.name, w.args.join(" "));
        for t in times {
            line += &format!(" {:.3} |", secs(*t));
        }
        for (i, t) in times[1..levels].iter().enumerate() {
            let ratio = secs(times[0]) / secs(*t);
            logs[i].push(ratio.ln());
            line += &format!(" {ratio:.2} |");
        }
        println!("{line}");
    }
    if levels > 1 && !rows.is_empty() {
        let mut line = "| **geometric mean** | |".to_owned();
        line += &" |".repeat(columns.len());
        for l in &logs[..levels - 1] {
            line += &format!(
                " **{:.2}** |",
                (l.iter().sum::<f64>() / l.len() as f64).exp()
            );
        }
        println!("{line}");
    }
    println!();
    Ok(())
}

fn main() -> ExitCode {
    let opts = match parse_options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let sets = HandlerSet::all();
    eprintln!(
        "tailor handler sets {} beside wasmi 2: {} kernel(s), {} round(s) each{}",
        sets.iter().map(|s| s.name()).collect::<Vec<_>>().join(", "),
        if opts.kernels_part {
            opts.kernels.len()
        } else {
            0
        },
        opts.rounds,
        if opts.quick { " (--quick sizes)" } else { "" }
    );
    // The machine may be shared: say how busy it was (Linux only; silently skipped elsewhere).
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        eprintln!("load average at start: {}", load.trim());
    }
    let mut result = Ok(());
    if opts.kernels_part && !opts.kernels.is_empty() {
        result = run_kernels(&opts, &sets);
    }
    if result.is_ok() && opts.workloads_part {
        result = run_workloads(&opts, &sets);
    }
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        eprintln!("load average at end: {}", load.trim());
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
