//! A fuzzing campaign: modules `start, start + stride, ...` of a seed, for a time budget, with
//! counts, and every failing module written out for reproduction.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::diff::check_generated;
use crate::gen::generate;
use crate::mutate::check_mutations;
use crate::rng::module_seed;
use crate::tiers::{aot_tier, host_tiers};

/// How a campaign runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The base seed: module `i` is made from `module_seed(seed, i)`.
    pub seed: u64,
    /// The time budget.
    pub budget: Duration,
    /// The first module index.
    pub start: u64,
    /// The index step (several workers take interleaved indices).
    pub stride: u64,
    /// Where failing modules are written (`seed-<hex>.wasm` and `.txt`); `None`: not written.
    pub out_dir: Option<PathBuf>,
    /// Every how many modules the mutation target runs (0: never).
    pub mutate_every: u64,
    /// Mutants of each kind per mutation round.
    pub mutants: usize,
    /// The most modules (`u64::MAX`: only the budget limits).
    pub max_modules: u64,
    /// A file that holds the index of the module being run, written before each module, so that a
    /// supervisor can name the module that crashed the process.
    pub current_file: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            seed: 0,
            budget: Duration::from_secs(20),
            start: 0,
            stride: 1,
            out_dir: None,
            mutate_every: 4,
            mutants: 6,
            max_modules: u64::MAX,
            current_file: None,
        }
    }
}

/// The counts of a campaign.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Modules generated and run.
    pub modules: u64,
    /// Calls made, summed over every runtime.
    pub calls: u64,
    /// Runs (module × runtime).
    pub runs: u64,
    /// Modules also compared bit for bit with wasmi.
    pub wasmi_compared: u64,
    /// Modules not compared with wasmi (relaxed SIMD, NaN-producing ops, refused by wasmi).
    pub wasmi_skipped: u64,
    /// Modules whose comparison stopped early at a call that ran out of stack somewhere.
    pub inconclusive: u64,
    /// Modules whose tiers were compared up to NaN bits.
    pub nan_tolerant: u64,
    /// Modules among those whose tiers differed in a way NaN bits may explain (saved for review as
    /// `nan-seed-<hex>`; not problems).
    pub nan_divergent: u64,
    /// Calls that trapped (in the reference tier).
    pub traps: u64,
    /// Mutants fed to loaders.
    pub mutants: u64,
    /// Hand-edited (checksum-fixed) artifacts that loaded: allowed, counted.
    pub edited_accepted: u64,
    /// Modules with at least one problem (mismatch, panic, broken loader promise).
    pub failing_modules: u64,
    /// Problems in all.
    pub problems: u64,
    /// The first problems, with their seeds.
    pub first_problems: Vec<String>,
}

impl Stats {
    /// One line with every count.
    pub fn line(&self) -> String {
        format!(
            "modules={} calls={} runs={} wasmi_compared={} wasmi_skipped={} inconclusive={} \
             nan_tolerant={} nan_divergent={} traps={} mutants={} edited_accepted={} failing_modules={} problems={}",
            self.modules,
            self.calls,
            self.runs,
            self.wasmi_compared,
            self.wasmi_skipped,
            self.inconclusive,
            self.nan_tolerant,
            self.nan_divergent,
            self.traps,
            self.mutants,
            self.edited_accepted,
            self.failing_modules,
            self.problems
        )
    }
}

/// The module index a campaign is working on, for crash reports (`u64::MAX`: none).
pub static CURRENT_INDEX: AtomicU64 = AtomicU64::new(u64::MAX);

/// Runs a campaign on a thread with a stack big enough for deep guest recursion on every tier;
/// `progress` is called after every module.
pub fn run(options: &Options, progress: impl FnMut(&Stats) + Send) -> Result<Stats, String> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("fuzz".into())
            .stack_size(256 << 20)
            .spawn_scoped(scope, || run_here(options, progress))
            .map_err(|e| format!("cannot spawn the fuzz thread: {e}"))?
            .join()
            .map_err(|_| "the fuzz thread panicked".to_string())?
    })
}

fn run_here(options: &Options, mut progress: impl FnMut(&Stats)) -> Result<Stats, String> {
    let tiers = host_tiers()?;
    let started = Instant::now();
    let mut stats = Stats::default();
    let mut index = options.start;
    while started.elapsed() < options.budget && stats.modules < options.max_modules {
        CURRENT_INDEX.store(index, Ordering::SeqCst);
        if let Some(file) = &options.current_file {
            let _ = std::fs::write(file, index.to_string());
        }
        let seed = module_seed(options.seed, index);
        let g = generate(seed);
        let mut all = tiers.clone();
        all.push(aot_tier(seed));
        let r = check_generated(&g, &all);
        stats.modules += 1;
        stats.calls += (r.calls * r.runs) as u64;
        stats.runs += r.runs as u64;
        stats.wasmi_compared += u64::from(r.wasmi_compared);
        stats.wasmi_skipped += u64::from(r.wasmi_skipped.is_some());
        stats.inconclusive += u64::from(r.inconclusive);
        stats.nan_tolerant += u64::from(r.nan_tolerant);
        if !r.nan_divergent.is_empty() {
            stats.nan_divergent += 1;
            if let Some(dir) = &options.out_dir {
                let knobs = format!("{:?}", g.knobs);
                save_failure(&dir.join("nan"), seed, &g.wasm, &r.nan_divergent, &knobs);
            }
        }
        stats.traps += r.traps as u64;
        let mut problems = r.problems;
        if options.mutate_every > 0 && index.is_multiple_of(options.mutate_every) {
            let m = check_mutations(seed, &g.wasm, options.mutants);
            stats.mutants += m.mutants as u64;
            stats.edited_accepted += m.fixed_accepted as u64;
            problems.extend(m.problems);
        }
        if !problems.is_empty() {
            stats.failing_modules += 1;
            stats.problems += problems.len() as u64;
            let head = format!(
                "seed {seed:#018x} (index {index} of --seed {})",
                options.seed
            );
            for p in &problems {
                eprintln!("PROBLEM {head}: {p}");
                if stats.first_problems.len() < 20 {
                    stats.first_problems.push(format!("{head}: {p}"));
                }
            }
            if let Some(dir) = &options.out_dir {
                save_failure(dir, seed, &g.wasm, &problems, &format!("{:?}", g.knobs));
            }
        }
        progress(&stats);
        index += options.stride;
    }
    CURRENT_INDEX.store(u64::MAX, Ordering::SeqCst);
    Ok(stats)
}

/// Writes `seed-<hex>.wasm` and `seed-<hex>.txt` (the problems, the knobs, how to replay).
pub fn save_failure(
    dir: &std::path::Path,
    seed: u64,
    wasm: &[u8],
    problems: &[String],
    knobs: &str,
) {
    let _ = std::fs::create_dir_all(dir);
    let base = dir.join(format!("seed-{seed:016x}"));
    let _ = std::fs::write(base.with_extension("wasm"), wasm);
    let text = format!(
        "replay: cargo run --release -p tailor-fuzz -- --replay {seed:#x}\nknobs: {knobs}\n{}\n",
        problems.join("\n")
    );
    let _ = std::fs::write(base.with_extension("txt"), text);
}
