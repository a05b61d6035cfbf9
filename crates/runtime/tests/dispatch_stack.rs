//! Every handler of every interpreter handler set runs in bounded native stack.
//!
//! The tail-call dispatch backend (`crates/interp/src/exec/dispatch_tail.rs`) relies on LLVM turning
//! the call of the next op's handler into a jump. Stable Rust cannot demand that; if the compiler
//! decides otherwise for one handler (a stack temporary it cannot prove private, say), every
//! execution of that op leaves a native frame behind and a long loop overflows the stack. So:
//!
//! 1. [`loop_covers_every_op`]: one loop body, generated from the interpreter's own op list (see
//!    `dispatch_stack/program.rs`), is translated and must contain every op of the op set except
//!    the few in [`NOT_IN_LOOP`], each with its reason.
//! 2. [`every_handler_set_runs_in_bounded_stack`]: that loop runs a million times on a thread with
//!    a 256 KiB stack, once per handler set this host can run. A handler that is not a sibling call
//!    leaves at least 16 bytes per execution: after about 16,000 iterations the stack is gone, and
//!    the process aborts with "thread 'stack-bound <set>' has overflowed its stack", naming the set.

#[path = "dispatch_stack/program.rs"]
mod program;

use std::sync::{Arc, OnceLock};

use tailor_cpu::{
    Dot, DotAdd, Feature, Laneselect, Madd, MinMax, Q15Mulr, RelaxedMode, RelaxedSemantics,
    Swizzle, TruncSigned,
};
use tailor_runtime::{
    Config, CpuProfile, Engine, Func, FuncType, HandlerSet, Linker, Module, Store, ValType,
};

/// Ops the loop does not execute, each with the reason. Everything else must be in the loop.
const NOT_IN_LOOP: &[(&str, &str)] = &[(
    "Trap",
    "ends the execution (returns `Done` instead of dispatching), so it cannot repeat in a loop",
)];

/// Iterations of the loop: a million with the tail-call backend (optimized builds). Unoptimized
/// builds use the loop backend, whose handlers return to the dispatch loop and so cannot leave
/// frames; their run only has to show the program works, and is kept short because it is slow.
/// `TAILOR_STACK_BOUND_ITERATIONS` overrides (`scripts/aarch64-check.sh` uses 100,000 under
/// qemu-user, still six times what a 16-byte leak per op needs to exhaust 256 KiB).
fn iterations() -> i32 {
    if let Some(n) = std::env::var("TAILOR_STACK_BOUND_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return n;
    }
    if tailor_runtime::DISPATCH_BACKEND == "tail-call" {
        1_000_000
    } else {
        2_000
    }
}

/// The loop body: for every op, a statement that brings it (fails if some operator found no shape).
fn loop_body() -> &'static str {
    static BODY: OnceLock<String> = OnceLock::new();
    BODY.get_or_init(|| {
        let (mut body, unmatched) = program::numeric_statements();
        assert!(
            unmatched.is_empty(),
            "no statement shape validates for these operators (extend dispatch_stack/program.rs): {unmatched:?}"
        );
        for s in program::control_statements() {
            assert!(program::validates(std::slice::from_ref(&s)), "invalid: {s}");
            body.push(s);
        }
        let body = program::minimal(body);
        println!("{} statements in the loop body", body.len());
        body.join("\n      ")
    })
}

/// Semantics choosing every non-deterministic relaxed-SIMD result (two, since
/// `relaxed_dot_i8x16_i7x16_add_s` has two others): with the deterministic ones, the loop's
/// relaxed statements translate to every relaxed-SIMD op and variant.
fn other_semantics() -> [RelaxedSemantics; 2] {
    let all = RelaxedSemantics {
        madd: Madd::Fused,
        swizzle: Swizzle::Pshufb,
        trunc_signed: TruncSigned::IntMin,
        laneselect: Laneselect::TopBit,
        min_max: MinMax::Pseudo,
        q15mulr: Q15Mulr::Pmulhrsw,
        dot: Dot::SatUnsignedB,
        dot_add: DotAdd::ExactUnsignedB,
    };
    [
        all,
        RelaxedSemantics {
            dot_add: DotAdd::SatPairsUnsignedB,
            ..all
        },
    ]
}

#[test]
fn loop_covers_every_op() {
    let mut seen = program::ops_of(loop_body());
    for sem in other_semantics() {
        seen.extend(program::ops_of_with(loop_body(), sem));
    }
    let names = tailor_interp::ops::NAMES;
    let missing: Vec<&str> = (0..names.len())
        .filter(|&d| !seen.contains(&(d as u16)))
        .map(|d| names[d])
        .collect();
    let expected: Vec<&str> = NOT_IN_LOOP.iter().map(|(n, _)| *n).collect();
    for (name, reason) in NOT_IN_LOOP {
        println!("not in the loop: {name}: {reason}");
    }
    println!(
        "{} of {} ops in the loop, {} listed as not in it",
        names.len() - missing.len(),
        names.len(),
        expected.len()
    );
    assert_eq!(
        missing, expected,
        "the loop must execute every op but those of NOT_IN_LOOP"
    );
}

/// The CPU profile that selects `set` (the spec runner uses the same mapping).
fn profile_for(set: &HandlerSet) -> CpuProfile {
    match set.name() {
        "portable" => CpuProfile::generic(),
        name => CpuProfile::preset(name).expect("every handler set is named after a preset"),
    }
}

/// The loop body of the relaxed-SIMD statements only (which become different ops under different
/// semantics).
fn relaxed_body() -> &'static str {
    static BODY: OnceLock<String> = OnceLock::new();
    BODY.get_or_init(|| {
        let (body, _) = program::numeric_statements();
        let relaxed: Vec<String> = body
            .into_iter()
            .filter(|s| s.contains(".relaxed_"))
            .collect();
        assert!(relaxed.len() >= 20, "{relaxed:?}");
        relaxed.join("\n      ")
    })
}

/// Profiles that select `set` and whose native relaxed-SIMD semantics differ from each other and
/// from the deterministic ones: `set`'s own profile, and that profile with one more feature of its
/// architecture (say `+fma` or `+avxvnni`), where the engine still picks `set`.
fn relaxed_profiles(set: &HandlerSet) -> Vec<(String, CpuProfile)> {
    let base = profile_for(set);
    let mut seen = vec![RelaxedSemantics::DETERMINISTIC];
    let mut out = Vec::new();
    let extra = Feature::of_arch(base.arch()).map(|f| format!("+{}", f.name()));
    for spec in std::iter::once(String::new()).chain(extra) {
        let Ok(p) = (if spec.is_empty() {
            Ok(base.clone())
        } else {
            base.clone().with_features(&spec)
        }) else {
            continue;
        };
        let sem = RelaxedSemantics::new(&p, RelaxedMode::Native);
        if seen.contains(&sem) || tailor_interp::HandlerSet::for_profile(&p) != *set {
            continue;
        }
        seen.push(sem);
        out.push((format!("native{spec}"), p));
    }
    out
}

/// Runs the loop `n` times with `set` on a thread with a 256 KiB stack; returns the loop count.
fn run_on_small_stack(wat: Arc<str>, set: HandlerSet, n: i32) -> std::thread::Result<i32> {
    run_on_small_stack_with(wat, set, profile_for(&set), RelaxedMode::Deterministic, n)
}

/// [`run_on_small_stack`] with the engine's profile `profile` (which must select `set`) and
/// relaxed-SIMD `mode`.
fn run_on_small_stack_with(
    wat: Arc<str>,
    set: HandlerSet,
    profile: CpuProfile,
    mode: RelaxedMode,
    n: i32,
) -> std::thread::Result<i32> {
    std::thread::Builder::new()
        .name(format!("stack-bound {}", set.name()))
        .stack_size(256 * 1024)
        .spawn(move || {
            let mut config = Config::new();
            config.cpu(profile);
            config.relaxed_simd(mode);
            let engine = Engine::new(&config);
            assert_eq!(engine.handler_set(), set, "the profile selects the set");
            let module = Module::new(&engine, wat.as_bytes()).expect("module compiles");
            let mut store = Store::new(&engine, ());
            let mut linker = Linker::new(&engine);
            let host = Func::new(
                &mut store,
                FuncType::new([ValType::I32], [ValType::I32]),
                |_c, args, results| {
                    results[0] = args[0];
                    Ok(())
                },
            );
            linker.define("env", "host", host).unwrap();
            let inst = linker.instantiate(&mut store, &module).unwrap();
            let run = inst
                .get_func(&store, "run")
                .unwrap()
                .typed::<(i32,), i32, _>(&store)
                .unwrap();
            run.call(&mut store, (n,)).expect("the loop runs")
        })
        .expect("thread starts")
        .join()
}

#[test]
fn every_handler_set_runs_in_bounded_stack() {
    let wat: Arc<str> = program::module(loop_body()).into();
    let n = iterations();
    // The sets run two at a time (the test machines have two cores).
    let sets = HandlerSet::all();
    println!(
        "dispatch backend {}, {n} iterations per set, sets: {}",
        tailor_runtime::DISPATCH_BACKEND,
        sets.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
    );
    for pair in sets.chunks(2) {
        let handles: Vec<_> = pair
            .iter()
            .map(|&set| {
                let wat = wat.clone();
                (
                    set,
                    std::thread::spawn(move || run_on_small_stack(wat, set, n)),
                )
            })
            .collect();
        for (set, h) in handles {
            let result = h.join().expect("runner thread");
            match result {
                Ok(count) => {
                    assert_eq!(count, n, "{}: the loop ran to the end", set.name());
                    println!("{}: {n} iterations in a 256 KiB stack", set.name());
                }
                Err(_) => panic!(
                    "handler set {}: the loop did not finish (see the thread's message above)",
                    set.name()
                ),
            }
        }
    }
}

/// The relaxed-SIMD variant ops run in bounded stack too, in every set, under every relaxed
/// semantics a profile selecting that set can have (the main loop uses the deterministic ones).
#[test]
fn relaxed_variants_run_in_bounded_stack() {
    let wat: Arc<str> = program::module(relaxed_body()).into();
    let n = iterations() / 4;
    let mut covered = std::collections::BTreeSet::new();
    for set in HandlerSet::all() {
        for (label, profile) in relaxed_profiles(&set) {
            let sem = RelaxedSemantics::new(&profile, RelaxedMode::Native);
            covered.extend(program::ops_of_with(relaxed_body(), sem));
            let count = run_on_small_stack_with(wat.clone(), set, profile, RelaxedMode::Native, n)
                .unwrap_or_else(|_| {
                    panic!(
                        "handler set {} ({label}): the loop did not finish",
                        set.name()
                    )
                });
            assert_eq!(
                count,
                n,
                "{} ({label}): the loop ran to the end",
                set.name()
            );
            println!(
                "{} ({label}): {n} iterations of the relaxed loop in a 256 KiB stack",
                set.name()
            );
        }
    }
    let names = tailor_interp::ops::NAMES;
    let ran: Vec<&str> = covered
        .iter()
        .map(|&d| names[d as usize])
        .filter(|n| program::is_relaxed_variant(n))
        .collect();
    println!(
        "relaxed variants executed: {} of {}: {ran:?}",
        ran.len(),
        tailor_interp::ops::RELAXED_VARIANT_NAMES.len()
    );
    assert!(
        !ran.is_empty() || HandlerSet::all().len() == 1,
        "no variant op ran"
    );
}
