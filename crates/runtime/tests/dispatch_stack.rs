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

#[test]
fn loop_covers_every_op() {
    let seen = program::ops_of(loop_body());
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

/// Runs the loop `n` times with `set` on a thread with a 256 KiB stack; returns the loop count.
fn run_on_small_stack(wat: Arc<str>, set: HandlerSet, n: i32) -> std::thread::Result<i32> {
    std::thread::Builder::new()
        .name(format!("stack-bound {}", set.name()))
        .stack_size(256 * 1024)
        .spawn(move || {
            let mut config = Config::new();
            config.cpu(profile_for(&set));
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
