//! One differential check: a module through every tailor tier and wasmi, compared.

use std::panic::{self, AssertUnwindSafe};

use crate::gen::Generated;
use crate::oracle;
use crate::outcome::{compare, plan_calls, Call, CallOutcome, RunOutcome, Strictness, Verdict};
use crate::shape::{analyze, Shape};
use crate::tiers::{run_tailor, TailorTier};

/// The most calls made on one module.
pub const MAX_CALLS: usize = 48;

/// What one module showed.
#[derive(Debug, Clone, Default)]
pub struct ModuleReport {
    /// Calls made per runtime (the plan's length when instantiation succeeded).
    pub calls: usize,
    /// Runtimes that ran the module (tailor tiers plus wasmi when compared).
    pub runs: usize,
    /// The module was compared with wasmi bit for bit.
    pub wasmi_compared: bool,
    /// Why wasmi was not compared, when it was not.
    pub wasmi_skipped: Option<&'static str>,
    /// A comparison stopped early at a call where a runtime ran out of stack.
    pub inconclusive: bool,
    /// tailor's tiers were compared up to NaN bits (the module has NaNs with unspecified bits).
    pub nan_tolerant: bool,
    /// Differences between tiers on such a module that are not explained by NaN bits in the values
    /// compared, but may come from NaN bits that flowed into integer operations: not counted as
    /// problems, reported for review.
    pub nan_divergent: Vec<String>,
    /// Calls that trapped (in the reference tier).
    pub traps: usize,
    /// The module was refused by every runtime (counted, not an error when all agree).
    pub refused: bool,
    /// Disagreements and panics: each is a bug (of tailor, wasmi or the harness).
    pub problems: Vec<String>,
}

/// Runs a generated module on `tiers` and wasmi and compares.
pub fn check_generated(g: &Generated, tiers: &[TailorTier]) -> ModuleReport {
    check_wasm(
        &g.wasm,
        g.seed,
        g.knobs.canonicalize_nans,
        g.knobs.fuel,
        tiers,
    )
}

/// Runs `wasm` on `tiers` (the first is the reference) and on wasmi, with the call plan of
/// `plan_seed`, and compares. `nans_canonicalised`: the module's float results were
/// NaN-canonicalised by the generator (see [`Shape::wasmi_comparable`]); `fuel`: the value the
/// generator's fuel global is refilled with before every call, if the module exports it.
pub fn check_wasm(
    wasm: &[u8],
    plan_seed: u64,
    nans_canonicalised: bool,
    fuel: u32,
    tiers: &[TailorTier],
) -> ModuleReport {
    let mut report = ModuleReport::default();
    let shape = match analyze(wasm) {
        Ok(s) => s,
        Err(e) => {
            report
                .problems
                .push(format!("the module does not parse: {e}"));
            return report;
        }
    };
    if shape.has_imports {
        report.refused = true;
        return report;
    }
    let calls = plan_calls(&shape, plan_seed, MAX_CALLS, fuel);
    let mut runs: Vec<RunOutcome> = Vec::new();
    for tier in tiers {
        match guarded(&tier.name, || run_tailor(tier, wasm, &shape, &calls)) {
            Ok(run) => runs.push(run),
            Err(p) => report.problems.push(p),
        }
    }
    let verbose = std::env::var_os("TAILOR_FUZZ_VERBOSE").is_some();
    let Some(reference) = runs.first() else {
        return report;
    };
    if let Err(e) = &reference.load {
        // Every module the generator makes is valid and uses only features tailor implements.
        report
            .problems
            .push(format!("{} refused the module: {e}", reference.runtime));
    }
    report.runs = runs.len();
    report.calls = reference.calls.len();
    report.traps = reference
        .calls
        .iter()
        .filter(|c| matches!(c, CallOutcome::Trapped(_)))
        .count();
    for run in &runs {
        for c in &run.calls {
            if let CallOutcome::Failed(e) = c {
                report
                    .problems
                    .push(format!("{}: call failed: {e}", run.runtime));
            }
        }
    }
    // NaN bits the spec leaves open differ between tiers too (the interpreter's Rust float ops
    // may have their operands commuted by LLVM, Cranelift lowers `fmin` its own way): tiers are
    // compared bit for bit only on modules where every NaN has fixed bits.
    let how = if shape.nan_deterministic(nans_canonicalised) {
        Strictness::Exact
    } else {
        report.nan_tolerant = true;
        Strictness::NanTolerant
    };
    for other in &runs[1..] {
        match compare(reference, other, &calls, how) {
            Verdict::Agree => {}
            Verdict::Inconclusive(_) => report.inconclusive = true,
            // NaN bits that integer ops turned into other bits (`i32.reinterpret_f32`, lane
            // shuffles, ...) cannot be told apart from a wrong result here: kept for review.
            Verdict::Mismatch(m) if how == Strictness::NanTolerant => report.nan_divergent.push(m),
            Verdict::Mismatch(m) => report.problems.push(m),
        }
    }
    if !shape.wasmi_comparable(nans_canonicalised) {
        report.wasmi_skipped = Some(wasmi_skip_reason(&shape));
        return report;
    }
    match guarded(oracle::NAME, || oracle::run_wasmi(wasm, &shape, &calls)) {
        Ok(w) => {
            if verbose {
                print_run(reference, &calls);
                print_run(&w, &calls);
            }
            if w.load.is_err() {
                // wasmi refusing a module tailor accepts is wasmi's limitation, not a tailor bug.
                report.wasmi_skipped = Some("wasmi refused the module");
                return report;
            }
            report.runs += 1;
            report.wasmi_compared = true;
            match compare(reference, &w, &calls, Strictness::Oracle) {
                Verdict::Agree => {}
                Verdict::Inconclusive(_) => report.inconclusive = true,
                Verdict::Mismatch(m) => report.problems.push(m),
            }
        }
        Err(p) => report.problems.push(p),
    }
    report
}

/// Prints what a run did (`TAILOR_FUZZ_VERBOSE`, for `--replay`).
fn print_run(run: &RunOutcome, calls: &[Call]) {
    println!(
        "{}: load {:?}, instantiate {:?}",
        run.runtime, run.load, run.instantiate
    );
    for (i, (c, call)) in run.calls.iter().zip(calls).enumerate() {
        println!("  call #{i}: {}{:?} {c}", call.func, call.args);
    }
}

fn wasmi_skip_reason(shape: &Shape) -> &'static str {
    if shape.wasmi_select_bug {
        "wasmi 2.0.0 bug: division by a select(1, x, x == 0) divisor"
    } else if shape.relaxed_simd {
        "relaxed SIMD (implementation-defined results)"
    } else {
        "NaN-producing float ops not canonicalised (NaN bits may differ)"
    }
}

/// Runs `f`, turning a panic into a problem naming `who`.
fn guarded<R>(who: &str, f: impl FnOnce() -> R) -> Result<R, String> {
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
        let text = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(non-string payload)".into());
        format!("{who} panicked: {text}")
    })
}
