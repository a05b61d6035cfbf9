//! `tailor-fuzz`: differential fuzzing campaigns.
//!
//! ```text
//! tailor-fuzz [--secs N] [--seed N] [--jobs N] [--out DIR]   a campaign (default 60 s, seed 0,
//!                                                          1 job, failures in ./fuzz-failures)
//! tailor-fuzz --replay SEED [--print]                        one module, every detail (or its text)
//! tailor-fuzz --wasm FILE [--plan-seed N] [--canonical-nans] [--fuel N]
//!                                                          a given .wasm/.wat through every tier
//!                                                          (as --replay prints it, to reduce by hand)
//! ```
//!
//! A campaign runs its jobs as child processes (`--worker`), so a crash (a signal, an abort, or a
//! hang: no new module for 300 s) of tailor is recorded with the module that caused it, saved in the
//! output directory, and the job continues with the next module.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tailor_fuzz::campaign::{self, Options};
use tailor_fuzz::{diff, gen, mutate, rng, tiers};

/// A worker on one module this long is taken to hang (modules take milliseconds).
const HANG_SECS: u64 = 300;

struct Args {
    secs: u64,
    seed: u64,
    jobs: u64,
    out: PathBuf,
    replay: Option<u64>,
    replay_plan: Option<u64>,
    wasm: Option<PathBuf>,
    /// `--wasm`: compare with wasmi as for a module whose float results the generator canonicalised.
    canonical_nans: bool,
    /// `--wasm`: the value the module's `__fuel` global is refilled with before each call.
    fuel: u32,
    worker: bool,
    print: bool,
    start: u64,
    stride: u64,
}

fn parse_u64(s: &str) -> Result<u64, String> {
    let r = match s.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => s.parse(),
    };
    r.map_err(|e| format!("not a number: {s}: {e}"))
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        secs: 60,
        seed: 0,
        jobs: 1,
        out: PathBuf::from("fuzz-failures"),
        replay: None,
        replay_plan: None,
        wasm: None,
        canonical_nans: false,
        fuel: 10_000,
        worker: false,
        print: false,
        start: 0,
        stride: 1,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--secs" => a.secs = parse_u64(&value()?)?,
            "--seed" => a.seed = parse_u64(&value()?)?,
            "--jobs" => a.jobs = parse_u64(&value()?)?.max(1),
            "--out" => a.out = PathBuf::from(value()?),
            "--replay" => a.replay = Some(parse_u64(&value()?)?),
            "--wasm" => a.wasm = Some(PathBuf::from(value()?)),
            "--plan-seed" => a.replay_plan = Some(parse_u64(&value()?)?),
            "--canonical-nans" => a.canonical_nans = true,
            "--fuel" => {
                let v = value()?;
                a.fuel =
                    u32::try_from(parse_u64(&v)?).map_err(|_| format!("--fuel {v}: too big"))?
            }
            "--worker" => a.worker = true,
            "--print" => a.print = true,
            "--start" => a.start = parse_u64(&value()?)?,
            "--stride" => a.stride = parse_u64(&value()?)?.max(1),
            "-h" | "--help" => {
                println!(
                    "tailor-fuzz [--secs N] [--seed N] [--jobs N] [--out DIR] | --replay SEED [--print] | --wasm FILE [--plan-seed N] [--canonical-nans] [--fuel N]"
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("tailor-fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(seed) = args.replay {
        let g = gen::generate(seed);
        if args.print {
            match wasmprinter::print_bytes(&g.wasm) {
                Ok(text) => println!("{text}"),
                Err(e) => eprintln!("tailor-fuzz: cannot print: {e}"),
            }
            return ExitCode::SUCCESS;
        }
        println!("knobs: {:?}", g.knobs);
        return check_one(
            &g.wasm,
            seed,
            (g.knobs.canonicalize_nans, g.knobs.fuel),
            Some(seed),
        );
    }
    if let Some(path) = &args.wasm {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("tailor-fuzz: cannot read {}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        let wasm = match wat::parse_bytes(&bytes) {
            Ok(w) => w.into_owned(),
            Err(e) => {
                eprintln!("tailor-fuzz: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        let plan_seed = args.replay_plan.unwrap_or(0);
        return check_one(&wasm, plan_seed, (args.canonical_nans, args.fuel), None);
    }
    if args.worker {
        return worker(&args);
    }
    supervise(&args)
}

/// Runs one module on every tier and prints everything.
fn check_one(
    wasm: &[u8],
    plan_seed: u64,
    (canon, fuel): (bool, u32),
    seed: Option<u64>,
) -> ExitCode {
    let mut all = match tiers::host_tiers() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("tailor-fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    all.push(tiers::aot_tier(seed.unwrap_or(0)));
    let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
    println!("tiers: {} + wasmi", names.join(", "));
    let wasm = wasm.to_vec();
    let all2 = all.clone();
    let report = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let mut r = diff::check_wasm(&wasm, plan_seed, canon, fuel, &all2);
            if let Some(seed) = seed {
                let m = mutate::check_mutations(seed, &wasm, 6);
                r.problems.extend(m.problems);
            }
            r
        })
        .map(|h| h.join());
    let Ok(Ok(report)) = report else {
        eprintln!("tailor-fuzz: the check thread failed");
        return ExitCode::from(2);
    };
    println!(
        "calls={} runs={} traps={} wasmi_compared={} wasmi_skipped={:?} inconclusive={} nan_tolerant={}",
        report.calls,
        report.runs,
        report.traps,
        report.wasmi_compared,
        report.wasmi_skipped,
        report.inconclusive,
        report.nan_tolerant
    );
    for p in &report.nan_divergent {
        println!("NaN-divergent (not a problem): {p}");
    }
    for p in &report.problems {
        println!("PROBLEM: {p}");
    }
    if report.problems.is_empty() {
        println!("ok");
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// A worker process: one interleaved share of the campaign; prints `progress` lines and a `final`
/// line with its counts and CPU seconds.
fn worker(args: &Args) -> ExitCode {
    let options = Options {
        seed: args.seed,
        budget: Duration::from_secs(args.secs),
        start: args.start,
        stride: args.stride,
        out_dir: Some(args.out.clone()),
        current_file: Some(current_file(&args.out, args.start % args.stride)),
        ..Options::default()
    };
    let mut last = Instant::now();
    let result = campaign::run(&options, |s| {
        if last.elapsed() >= Duration::from_secs(10) {
            println!("progress {} cpu={:.0}", s.line(), cpu_seconds());
            last = Instant::now();
        }
    });
    match result {
        Ok(s) => {
            println!("final {} cpu={:.0}", s.line(), cpu_seconds());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tailor-fuzz worker: {e}");
            ExitCode::from(2)
        }
    }
}

fn current_file(out: &Path, job: u64) -> PathBuf {
    out.join(format!("current-{job}"))
}

/// This process's user + system CPU time in seconds (Linux `/proc/self/stat`, 100 ticks a second;
/// 0 elsewhere).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the `)`.
    (ticks(11) + ticks(12)) / 100.0
}

/// The totals of every worker run.
#[derive(Default)]
struct Totals {
    counts: Vec<(String, u64)>,
    cpu: f64,
    crashes: Vec<String>,
}

impl Totals {
    fn add_line(&mut self, line: &str) {
        for field in line.split_whitespace() {
            let Some((k, v)) = field.split_once('=') else {
                continue;
            };
            if k == "cpu" {
                self.cpu += v.parse::<f64>().unwrap_or(0.0);
                continue;
            }
            let v: u64 = v.parse().unwrap_or(0);
            match self.counts.iter_mut().find(|(name, _)| name == k) {
                Some((_, total)) => *total += v,
                None => self.counts.push((k.to_string(), v)),
            }
        }
    }

    fn get(&self, k: &str) -> u64 {
        self.counts
            .iter()
            .find(|(n, _)| n == k)
            .map_or(0, |(_, v)| *v)
    }
}

/// Runs `--jobs` workers until the budget is spent, restarting a worker after a crash with the
/// module after the one that crashed it.
fn supervise(args: &Args) -> ExitCode {
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("tailor-fuzz: cannot find this executable: {e}");
            return ExitCode::from(2);
        }
    };
    let _ = std::fs::create_dir_all(&args.out);
    let tiers = match tiers::host_tiers() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("tailor-fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    let names: Vec<&str> = tiers.iter().map(|t| t.name.as_str()).collect();
    println!(
        "tailor-fuzz: seed {} for {} s, {} job(s); tiers: {}, aot[rotating level and opt level], wasmi; failures in {}",
        args.seed,
        args.secs,
        args.jobs,
        names.join(", "),
        args.out.display()
    );
    let started = Instant::now();
    let budget = Duration::from_secs(args.secs);
    let totals = Arc::new(Mutex::new(Totals::default()));
    std::thread::scope(|scope| {
        for job in 0..args.jobs {
            let totals = Arc::clone(&totals);
            let exe = &exe;
            scope.spawn(move || {
                let mut start = args.start + job;
                while started.elapsed() + Duration::from_secs(1) < budget {
                    let left = budget.saturating_sub(started.elapsed()).as_secs().max(1);
                    let next = run_worker(exe, args, start, left, &totals);
                    match next {
                        Some(n) => start = n,
                        None => break,
                    }
                }
            });
        }
    });
    let totals = totals.lock().unwrap_or_else(PoisonError::into_inner);
    let mismatches = totals.get("problems");
    println!(
        "tailor-fuzz: {:.0} s wall, {:.0} CPU-s in workers; modules={} calls={} runs={} \
         wasmi_compared={} wasmi_skipped={} inconclusive={} nan_tolerant={} nan_divergent={} \
         mutants={} edited_accepted={} problems={} crashes={}",
        started.elapsed().as_secs_f64(),
        totals.cpu,
        totals.get("modules"),
        totals.get("calls"),
        totals.get("runs"),
        totals.get("wasmi_compared"),
        totals.get("wasmi_skipped"),
        totals.get("inconclusive"),
        totals.get("nan_tolerant"),
        totals.get("nan_divergent"),
        totals.get("mutants"),
        totals.get("edited_accepted"),
        mismatches,
        totals.crashes.len()
    );
    for c in &totals.crashes {
        println!("CRASH {c}");
    }
    if mismatches == 0 && totals.crashes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Runs one worker from module index `start`; returns the index to restart from after a crash, or
/// `None` when it finished its budget.
fn run_worker(
    exe: &Path,
    args: &Args,
    start: u64,
    secs: u64,
    totals: &Mutex<Totals>,
) -> Option<u64> {
    let job = start % args.jobs;
    let stride = args.jobs;
    let file = current_file(&args.out, start % stride);
    let _ = std::fs::remove_file(&file);
    let child = Command::new(exe)
        .args([
            "--worker",
            "--seed",
            &args.seed.to_string(),
            "--secs",
            &secs.to_string(),
        ])
        .args([
            "--start",
            &start.to_string(),
            "--stride",
            &stride.to_string(),
        ])
        .arg("--out")
        .arg(&args.out)
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!("tailor-fuzz: cannot start a worker: {e}");
            return None;
        }
    };
    let stdout = child.stdout.take();
    let child = Mutex::new(child);
    let hung = AtomicBool::new(false);
    let done = AtomicBool::new(false);
    let mut last_line = String::new();
    let status = std::thread::scope(|scope| {
        // The watchdog: a worker that has been on one module for HANG_SECS is killed, and the
        // module is recorded as a hang.
        scope.spawn(|| {
            while !done.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_secs(2));
                let stale = std::fs::metadata(&file)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age > Duration::from_secs(HANG_SECS));
                if stale && !done.load(Ordering::SeqCst) {
                    hung.store(true, Ordering::SeqCst);
                    let _ = child.lock().unwrap_or_else(PoisonError::into_inner).kill();
                    return;
                }
            }
        });
        if let Some(out) = stdout {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                println!("[job {job}] {line}");
                if line.starts_with("progress ") || line.starts_with("final ") {
                    last_line = line;
                }
            }
        }
        let status = child.lock().unwrap_or_else(PoisonError::into_inner).wait();
        done.store(true, Ordering::SeqCst);
        status
    });
    let status = status.ok()?;
    let mut t = totals.lock().unwrap_or_else(PoisonError::into_inner);
    t.add_line(&last_line);
    if status.success() {
        return None;
    }
    // A crash: name the module, save it, and go on after it.
    let index = std::fs::read_to_string(&file)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok());
    let Some(index) = index else {
        let what = format!("worker {status} before naming its module (from index {start})");
        eprintln!("CRASH {what}");
        t.crashes.push(what);
        return Some(start + stride);
    };
    let seed = rng::module_seed(args.seed, index);
    let g = gen::generate(seed);
    let how = if hung.load(Ordering::SeqCst) {
        format!("hang: no progress for {HANG_SECS} s, killed")
    } else {
        format!("worker {status}")
    };
    let what = format!(
        "seed {seed:#018x} (index {index} of --seed {}): {how}",
        args.seed
    );
    eprintln!("CRASH {what}");
    campaign::save_failure(
        &args.out,
        seed,
        &g.wasm,
        &[format!("crash: {how}")],
        &format!("{:?}", g.knobs),
    );
    t.crashes.push(what);
    Some(index + stride)
}
