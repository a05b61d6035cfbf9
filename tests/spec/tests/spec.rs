//! The spec test suite: one trial per `.wast` file under the test-suite root, then one summary line
//! `N passed, N failed, N skipped` (directives, over the files that ran) and the skips by reason.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use libtest_mimic::{Arguments, Completion, Trial};
use tailor_runtime::{CpuProfile, Engine, HandlerSet, Pipeline, RelaxedMode, Tier};
use tailor_spec::suite_files;
use tailor_wast::{run_wast_file, testsuite_root, RunConfig, Summary};

/// Failed directives listed per failing file.
const MAX_FAILURES_SHOWN: usize = 20;

fn main() {
    let args = Arguments::from_args();
    let root = testsuite_root();
    let files = match suite_files(&root) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("cannot list the test suite at {}: {e}", root.display());
            std::process::exit(2);
        }
    };
    // The whole suite runs once per interpreter handler set this host can execute: the portable set
    // (profile `generic`) and every CPU level the host supports.
    let levels: Vec<(String, CpuProfile)> = HandlerSet::all()
        .into_iter()
        .map(|set| {
            let profile = match set.name() {
                "portable" => CpuProfile::generic(),
                name => CpuProfile::preset(name).unwrap_or_else(|e| {
                    eprintln!("no CPU preset for handler set {name}: {e}");
                    std::process::exit(2);
                }),
            };
            (set.name().to_string(), profile)
        })
        .collect();
    // Then once per compiler tier (for the host CPU): JIT, and AOT through an artifact file; and
    // the JIT with no pass at all and with every pass (`passes`), so that no pass is needed for
    // correctness and none breaks it. `TAILOR_SPEC_TIERS` (e.g. `interp` or `jit,aot,passes`)
    // narrows the runs.
    let tiers =
        std::env::var("TAILOR_SPEC_TIERS").unwrap_or_else(|_| "interp,jit,aot,passes".into());
    let wanted = |t: &str| tiers.split(',').any(|x| x.trim() == t);
    let mut runs: Vec<Run> = Vec::new();
    if wanted("interp") {
        // Each set runs the whole suite with the relaxed-SIMD results of its profile (native mode),
        // and the relaxed-SIMD files again in deterministic mode (`LEVEL[deterministic]`).
        for (level, profile) in &levels {
            runs.push((
                level.clone(),
                profile.clone(),
                Tier::Interp,
                false,
                RelaxedMode::Native,
                None,
            ));
            runs.push((
                format!("{level}[deterministic]"),
                profile.clone(),
                Tier::Interp,
                false,
                RelaxedMode::Deterministic,
                None,
            ));
        }
    }
    if wanted("jit") {
        // The JIT for the host CPU, and for every other preset of the host's architecture that this
        // host can run (on x86-64: v1 uses libcalls for rounding and pshufb, v2 SSE4.1, v3 AVX2/VEX).
        let host = CpuProfile::host();
        let mut jits = vec![("jit".to_string(), host.clone())];
        for preset in tailor_runtime::CpuProfile::presets_for(host.arch()) {
            let Ok(p) = CpuProfile::preset(preset) else {
                continue;
            };
            if p.features() != host.features() && p.check_runs_on(&host).is_ok() {
                jits.push((format!("jit[{preset}]"), p));
            }
        }
        // Every JIT run in both relaxed-SIMD modes: the deterministic one only over the relaxed
        // files (the others do not depend on the mode).
        for (name, p) in jits {
            runs.push((
                format!("{name}[deterministic]"),
                p.clone(),
                Tier::Jit,
                false,
                RelaxedMode::Deterministic,
                None,
            ));
            runs.push((name, p, Tier::Jit, false, RelaxedMode::Native, None));
        }
    }
    if wanted("aot") {
        runs.push((
            "aot".into(),
            CpuProfile::host(),
            Tier::Jit,
            true,
            RelaxedMode::Native,
            None,
        ));
    }
    if wanted("passes") {
        for (name, passes) in [("none", Pipeline::none()), ("all", Pipeline::all())] {
            runs.push((
                format!("jit[passes={name}]"),
                CpuProfile::host(),
                Tier::Jit,
                false,
                RelaxedMode::Native,
                Some(passes),
            ));
        }
    }
    let total = Arc::new(Mutex::new(Summary::default()));
    let mut per_level = Vec::new();
    let mut trials = Vec::new();
    for (level, profile, tier, aot, mode, passes) in &runs {
        let summary = Arc::new(Mutex::new(Summary::default()));
        per_level.push((level.clone(), Arc::clone(&summary)));
        for name in &files {
            if *mode == RelaxedMode::Deterministic && !name.contains("relaxed") {
                continue;
            }
            trials.push(trial(
                &root,
                name.clone(),
                (level, *tier, *aot, *mode),
                profile,
                passes.clone(),
                vec![Arc::clone(&summary), Arc::clone(&total)],
            ));
        }
    }
    let conclusion = libtest_mimic::run(&args, trials);
    if !args.list {
        println!();
        for (level, summary) in &per_level {
            let s = summary.lock().unwrap_or_else(PoisonError::into_inner);
            println!("{level}: {}", s.counts_line());
        }
        // Handler sets built in that this host cannot run (the AVX-512 sets on an AVX2 machine):
        // a counted skip with the reason, never a silent one.
        let unavailable = HandlerSet::unavailable();
        for (set, missing) in &unavailable {
            let names: Vec<&str> = missing.iter().map(|f| f.name()).collect();
            println!("{set}: SKIPPED, the host lacks {}", names.join(", "));
        }
        println!("handler sets skipped on this host: {}", unavailable.len());
        let summary = total.lock().unwrap_or_else(PoisonError::into_inner);
        print!("{summary}");
    }
    conclusion.exit();
}

/// One configuration of the suite: its name, CPU profile, tier, whether through an artifact, the
/// relaxed-SIMD mode, and the pass pipeline (`None`: the default).
type Run = (
    String,
    CpuProfile,
    Tier,
    bool,
    RelaxedMode,
    Option<Pipeline>,
);

fn trial(
    root: &std::path::Path,
    name: String,
    (level, tier, aot, mode): (&str, Tier, bool, RelaxedMode),
    profile: &CpuProfile,
    passes: Option<Pipeline>,
    summaries: Vec<Arc<Mutex<Summary>>>,
) -> Trial {
    let path: PathBuf = root.join(&name);
    let root = root.to_path_buf();
    let level = level.to_string();
    let profile = profile.clone();
    Trial::ignorable_test(format!("spec[{level}]::{name}"), move || {
        let mut config = RunConfig::for_suite(root);
        config.engine.cpu(profile);
        config.engine.tier(tier);
        config.engine.relaxed_simd(mode);
        config.aot = aot;
        if let Some(passes) = passes {
            config.engine.passes(passes);
        }
        // The dispatch proof: the engine must execute with exactly the handler set under test (the
        // compiler tiers check in the runner that every module really is machine code).
        let chosen = Engine::new(&config.engine).handler_set();
        let set = level.strip_suffix("[deterministic]").unwrap_or(&level);
        if tier == Tier::Interp && chosen.name() != set {
            return Err(format!(
                "expected handler set {set}, the engine chose {}",
                chosen.name()
            )
            .into());
        }
        let report = run_wast_file(&path, &config);
        for summary in &summaries {
            summary
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .add(&report);
        }
        if report.failed > 0 {
            Err(report.failure_message(MAX_FAILURES_SHOWN).into())
        } else if report.is_skipped_file() {
            let reasons: Vec<_> = report.skips.iter().map(|s| s.reason).collect();
            Ok(Completion::ignored_with(reasons.join("; ")))
        } else {
            Ok(Completion::Completed)
        }
    })
}
