//! The cross-architecture proof: spec scripts compiled ahead of time by tailor for each target and
//! CPU model, linked into C drivers and run under qemu-user (see `src/lib.rs`).
//!
//! `cargo test --release -p tailor-cross` runs everything; it needs the cross compilers and
//! qemu-user (`targets::APT_LINE`). A target whose tools are missing is skipped with a printed
//! `SKIP` line naming them and counted in the `total:` line (a failure instead when
//! `TAILOR_REQUIRE_TOOLS` is set, as in `scripts/test.sh` and `.ci/run`). Narrow it with
//! `TAILOR_CROSS_TARGETS=aarch64,s390x` and `TAILOR_CROSS_FILES=i32,simd_lane`;
//! `TAILOR_CROSS_VERBOSE=1` lists every skipped directive. The suite is the copy vendored at
//! `tests/spec/testsuite` (or `$TAILOR_TESTSUITE`).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use tailor_cross::plan::FilePlan;
use tailor_cross::targets::{self, Target, TARGETS};
use tailor_cross::{build_runtime, run_file, FileOutcome, Slots};

/// What target `t` lacks on this host, with the Debian packages that provide it: its C compiler,
/// the C library headers for it, and its qemu-user binary.
fn missing_tools(t: &Target) -> Vec<(String, &'static str)> {
    let cc = targets::cc_for(t);
    let triple = cc.strip_suffix("-gcc");
    let packages = match triple {
        Some("aarch64-linux-gnu") => "gcc-aarch64-linux-gnu libc6-dev-arm64-cross",
        Some("riscv64-linux-gnu") => "gcc-riscv64-linux-gnu libc6-dev-riscv64-cross",
        Some("s390x-linux-gnu") => "gcc-s390x-linux-gnu libc6-dev-s390x-cross",
        Some("x86_64-linux-gnu") => "gcc-x86-64-linux-gnu libc6-dev-amd64-cross",
        _ => "gcc libc6-dev",
    };
    let mut missing = Vec::new();
    if targets::find_in_path(cc).is_none() {
        missing.push((cc.to_string(), packages));
    } else if let Some(triple) = triple {
        // A cross compiler's headers live in /usr/<triple>/include, the host's in /usr/include/<triple>.
        let cross = Path::new("/usr").join(triple).join("include/stdio.h");
        let native = Path::new("/usr/include").join(triple);
        if !cross.is_file() && !native.is_dir() {
            missing.push((format!("the C library for {triple}"), packages));
        }
    }
    if targets::find_in_path(t.qemu).is_none() {
        missing.push((t.qemu.to_string(), "qemu-user"));
    }
    missing
}

fn filter(var: &str) -> Option<Vec<String>> {
    std::env::var(var)
        .ok()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.split(',')
                .map(|x| x.trim().trim_end_matches(".wast").to_string())
                .collect()
        })
}

/// The scripts: the fixed scalar list plus every `simd_*.wast`.
fn script_names(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = targets::SCALAR_FILES
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut simd: Vec<String> = std::fs::read_dir(root)
        .unwrap_or_else(|e| panic!("cannot read the test suite at {}: {e}", root.display()))
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".wast").map(str::to_string))
        .filter(|n| targets::is_simd_file(n))
        .collect();
    simd.sort();
    names.extend(simd);
    if let Some(only) = filter("TAILOR_CROSS_FILES") {
        names.retain(|n| only.contains(n));
    }
    names
}

fn main() {
    let started = Instant::now();
    let root = tailor_test_support::testsuite_dir();
    let mut selected: Vec<&Target> = TARGETS.iter().collect();
    if let Some(only) = filter("TAILOR_CROSS_TARGETS") {
        selected.retain(|t| only.iter().any(|o| o == t.name));
    }
    // Tools: a target whose C compiler, C library or qemu is missing is skipped (counted, and printed
    // with the packages that provide them), or fails the run under TAILOR_REQUIRE_TOOLS.
    let mut skipped_targets = Vec::new();
    selected.retain(|t| {
        let missing = missing_tools(t);
        let runnable = missing.is_empty();
        if !runnable {
            skipped_targets.push((t.name, missing));
        }
        runnable
    });
    for (name, missing) in &skipped_targets {
        let what: Vec<&str> = missing.iter().map(|(w, _)| w.as_str()).collect();
        let mut packages: Vec<&str> = missing.iter().map(|(_, p)| *p).collect();
        packages.dedup();
        println!(
            "SKIP tailor-cross {name}: {} not found — as root: `apt-get install {}` (or run \
             `bash scripts/test.sh` as root)",
            what.join(", "),
            packages.join(" ")
        );
    }
    if !skipped_targets.is_empty() && tailor_test_support::require_tools() {
        eprintln!(
            "tailor-cross: {} target(s) lack their tools and {} is set: failing",
            skipped_targets.len(),
            tailor_test_support::REQUIRE_TOOLS_ENV
        );
        std::process::exit(1);
    }

    // Parse the scripts once.
    let names = script_names(&root);
    let mut plans: Vec<FilePlan> = Vec::new();
    let mut parse_failures = Vec::new();
    for n in &names {
        let path = root.join(format!("{n}.wast"));
        match std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| FilePlan::parse(&format!("{n}.wast"), &text))
        {
            Ok(p) => plans.push(p),
            Err(e) => parse_failures.push(format!("{n}.wast: {e}")),
        }
    }

    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cross");
    let mut runtimes = BTreeMap::new();
    for t in &selected {
        match build_runtime(t, &work.join(t.name)) {
            Ok(p) => {
                runtimes.insert(t.name, p);
            }
            Err(e) => {
                eprintln!("tailor-cross: {}: {e}", t.name);
                std::process::exit(1);
            }
        }
    }

    // Jobs: every (target, script) pair the target can run, biggest scripts first.
    let mut jobs: Vec<(&Target, &FilePlan)> = Vec::new();
    for p in &plans {
        for t in &selected {
            if t.simd || !targets::is_simd_file(p.file.trim_end_matches(".wast")) {
                jobs.push((t, p));
            }
        }
    }
    jobs.sort_by_key(|(_, p)| std::cmp::Reverse(p.num_assertions() + 20 * p.modules.len()));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(&str, FileOutcome)>> = Mutex::new(Vec::new());
    // One more worker than cores keeps the CPUs busy while processes start and finish; at most
    // two drivers run under qemu at once.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()) + 1;
    let qemu_slots = Slots::new(2);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((t, p)) = jobs.get(i) else { break };
                let o = run_file(t, p, &work, &runtimes[t.name], &qemu_slots);
                results.lock().unwrap().push((t.name, o));
            });
        }
    });
    let results = results.into_inner().unwrap();

    // Report.
    let verbose = std::env::var_os("TAILOR_CROSS_VERBOSE").is_some();
    let (mut tp, mut tf, mut ts) = (0, 0, 0);
    let mut all_failures = Vec::new();
    for t in &selected {
        let mut mine: Vec<&FileOutcome> = results
            .iter()
            .filter(|(n, _)| *n == t.name)
            .map(|(_, o)| o)
            .collect();
        mine.sort_by(|a, b| a.file.cmp(&b.file));
        let passed: usize = mine.iter().map(|o| o.passed).sum();
        let failed: usize = mine.iter().map(|o| o.failed).sum();
        let modules: usize = mine.iter().map(|o| o.modules).sum();
        let skipped: usize = mine.iter().map(|o| o.skipped.len()).sum();
        println!(
            "{}: {passed} passed, {failed} failed ({} files, {modules} modules, {skipped} skipped)",
            t.name,
            mine.len()
        );
        for o in &mine {
            for f in &o.failures {
                all_failures.push(format!("[{}] {f}", t.name));
            }
            if verbose {
                for (line, why) in &o.skipped {
                    println!("  skipped {}:{line}: {why}", o.file);
                }
            }
        }
        if verbose {
            let sum = |k: usize| mine.iter().map(|o| o.times[k]).sum::<std::time::Duration>();
            println!(
                "  time: compile {:.1?}, cc {:.1?}, qemu {:.1?}",
                sum(0),
                sum(1),
                sum(2)
            );
            let mut slow: Vec<&&FileOutcome> = mine.iter().collect();
            slow.sort_by_key(|o| std::cmp::Reverse(o.times.iter().sum::<std::time::Duration>()));
            for o in slow.iter().take(5) {
                println!("  slow: {} {:.1?}", o.file, o.times);
            }
        }
        tp += passed;
        tf += failed;
        ts += skipped;
    }
    for f in &parse_failures {
        all_failures.push(format!("parse: {f}"));
    }
    tf += parse_failures.len();
    println!(
        "total: {tp} passed, {tf} failed, {ts} skipped ({} targets, {} targets skipped for missing \
         tools, {:.0?})",
        selected.len(),
        skipped_targets.len(),
        started.elapsed()
    );
    if !all_failures.is_empty() {
        println!("failures:");
        for f in all_failures.iter().take(400) {
            println!("  {f}");
        }
        if all_failures.len() > 400 {
            println!("  ... and {} more", all_failures.len() - 400);
        }
    }
    if tf > 0 {
        std::process::exit(1);
    }
}
