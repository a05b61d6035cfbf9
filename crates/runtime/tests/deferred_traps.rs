//! The compiler tier defers its trap checks (`crates/compiler/src/translate/mod.rs`): a failed check
//! only sets a flag, the checked operation is made harmless, and the flag is branched on before
//! anything that must not happen after a trap. These tests pin what a guest can observe: which trap
//! comes first, and that nothing after a trap is written to memory or globals, reaches the host or
//! runs a libcall. Every scenario runs on the interpreter (the reference) and the JIT, and again on
//! the JIT inside a function with 3,000 values live at once (compiled with the single-pass register
//! allocator).

use tailor_runtime::{Config, Engine, Linker, Module, Store, Tier, TrapCode, Val};

/// Scenarios: (name, body of `run`, a folded-expression sequence leaving one i32).
const SCENARIOS: &[(&str, &str)] = &[
    (
        "a store before a failed load is visible",
        "(i32.store (i32.const 0) (i32.const 7)) (drop (i32.load (i32.const 70000))) (i32.const 1)",
    ),
    (
        "a store after a failed load is not",
        "(drop (i32.load (i32.const 70000))) (i32.store (i32.const 4) (i32.const 9)) (i32.const 1)",
    ),
    (
        "a store that is itself out of bounds writes nothing",
        "(i64.store (i32.const 65532) (i64.const -1)) (i32.const 1)",
    ),
    (
        "global.set after a failed load does not happen",
        "(drop (i32.load (i32.const 70000))) (global.set $g (i32.const 5)) (i32.const 1)",
    ),
    (
        "division by zero first",
        "(drop (i32.div_u (i32.const 1) (global.get $zero))) (drop (i32.load (i32.const 70000))) \
         (i32.const 1)",
    ),
    (
        "out of bounds first, then division by zero",
        "(drop (i32.load (i32.const 70000))) (drop (i32.rem_s (i32.const 1) (global.get $zero))) \
         (i32.const 1)",
    ),
    (
        "overflow of INT_MIN / -1 after a visible store",
        "(i32.store (i32.const 8) (i32.const 3)) \
         (drop (i32.div_s (i32.const 0x80000000) (global.get $minus1))) (i32.const 1)",
    ),
    (
        "INT_MIN rem -1 is 0",
        "(i32.rem_s (i32.const 0x80000000) (global.get $minus1))",
    ),
    (
        "NaN conversion, then out of bounds",
        "(drop (i32.trunc_f64_s (global.get $nan))) (drop (i32.load (i32.const 70000))) (i32.const 1)",
    ),
    (
        "overflowing conversion, then division by zero",
        "(drop (i64.trunc_f64_u (f64.const 1e30))) (drop (i32.div_u (i32.const 1) (global.get $zero))) \
         (i32.const 1)",
    ),
    (
        "a callee's trap, then a store in the caller",
        "(call $boom) (i32.store (i32.const 12) (i32.const 1)) (i32.const 1)",
    ),
    (
        "a callee's store before its own trap is visible",
        "(call $store_then_trap) (i32.store (i32.const 16) (i32.const 1)) (i32.const 1)",
    ),
    (
        "the host is not called after a failed load",
        "(drop (i32.load (i32.const 70000))) (call $hit) (i32.const 1)",
    ),
    (
        "a libcall does not run after a failed load",
        "(drop (i32.load (i32.const 70000))) (memory.fill (i32.const 0) (i32.const 255) (i32.const 16)) \
         (i32.const 1)",
    ),
    (
        "a failed load inside a block, then a store",
        "(block (drop (i32.load (i32.const 70000))) (i32.store (i32.const 20) (i32.const 1))) \
         (i32.const 1)",
    ),
    (
        "a failed load as an if condition",
        "(if (i32.load (i32.const 70000)) (then (i32.store (i32.const 24) (i32.const 1))) \
         (else (i32.store (i32.const 28) (i32.const 1)))) (i32.const 1)",
    ),
    (
        "a loop whose exit depends on a failed load",
        "(loop $l (br_if $l (i32.eqz (i32.load (i32.const 70000))))) (i32.const 1)",
    ),
    (
        "stores of earlier iterations stay, the trapping one does not",
        "(local.set $i (i32.const 0)) \
         (loop $l (i32.store (i32.and (local.get $i) (i32.const 63)) (local.get $i)) \
           (drop (i32.load (i32.mul (local.get $i) (i32.const 8192)))) \
           (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l)) (i32.const 1)",
    ),
    (
        "a null reference, then a store",
        "(drop (ref.as_non_null (ref.null func))) (i32.store (i32.const 32) (i32.const 1)) (i32.const 1)",
    ),
    (
        "out of bounds memory before a table index out of bounds",
        "(drop (i32.load (i32.const 70000))) (call_indirect (type $v) (i32.const 5)) (i32.const 1)",
    ),
    (
        "checks that pass change nothing",
        "(i32.store (i32.const 36) (i32.const 11)) \
         (i32.add (i32.load (i32.const 36)) (i32.div_u (i32.const 100) (i32.load (i32.const 36))))",
    ),
    (
        "the same index checked twice, the wider check first",
        "(i32.store offset=8 (global.get $g) (i32.const 6)) \
         (i32.add (i32.load offset=8 (global.get $g)) (i32.load (global.get $g)))",
    ),
];

/// What a guest and its host can observe after `run`.
#[derive(Debug, PartialEq)]
struct Outcome {
    result: Result<i32, Option<TrapCode>>,
    memory: Vec<u8>,
    global: i32,
    host_calls: u32,
}

/// Live values that push `run` over the single-pass allocator's threshold.
const PADDING: usize = 3000;

fn module_text(body: &str, padded: bool) -> String {
    let (pre, post) = if padded {
        let mut pre = String::new();
        for k in 0..PADDING {
            pre += &format!("i32.const 0 i64.load offset={}\n", 8 * k);
        }
        let post = format!("{}drop\n", "i64.add\n".repeat(PADDING - 1));
        (pre, post)
    } else {
        (String::new(), String::new())
    };
    format!(
        r#"(module
  (import "host" "hit" (func $hit))
  (type $v (func))
  (memory (export "mem") 1)
  (global $g (export "g") (mut i32) (i32.const 0))
  (global $zero (mut i32) (i32.const 0))
  (global $minus1 (mut i32) (i32.const -1))
  (global $nan (mut f64) (f64.const nan))
  (table 1 funcref)
  (func $boom unreachable)
  (func $store_then_trap (i32.store (i32.const 40) (i32.const 5)) (drop (i32.load (i32.const 70000))))
  (func (export "run") (result i32) (local $r i32) (local $i i32)
{pre}
{body}
local.set $r
{post}
local.get $r))"#
    )
}

fn run(tier: Tier, body: &str, padded: bool) -> Outcome {
    let mut config = Config::new();
    config.tier(tier);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, module_text(body, padded)).expect("scenario compiles");
    assert_eq!(module.is_compiled(), tier == Tier::Jit);
    let mut store = Store::new(&engine, 0u32);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "hit",
            |mut caller: tailor_runtime::Caller<'_, u32>| {
                *caller.data_mut() += 1;
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let f = inst.get_func(&store, "run").unwrap();
    let f = f.typed::<(), i32, _>(&store).unwrap();
    let result = f
        .call(&mut store, ())
        .map_err(|e| e.trap().and_then(|t| t.code()));
    // The first 64 bytes, where the scenarios store, and the last 8.
    let data = inst.get_memory(&store, "mem").unwrap().data(&store);
    let memory = [&data[..64], &data[65528..]].concat();
    let global = match inst.get_global(&store, "g").unwrap().get(&store) {
        Val::I32(v) => v,
        other => panic!("g is {other:?}"),
    };
    Outcome {
        result,
        memory,
        global,
        host_calls: *store.data(),
    }
}

#[test]
fn compiled_code_traps_like_the_interpreter() {
    let mut failures = Vec::new();
    for (name, body) in SCENARIOS {
        let want = run(Tier::Interp, body, false);
        for padded in [false, true] {
            let got = run(Tier::Jit, body, padded);
            if got != want {
                failures.push(format!(
                    "{name} (jit{}):\n  interpreter {want:?}\n  jit         {got:?}",
                    if padded { ", 3,000 live values" } else { "" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_scenarios_trap_where_expected() {
    // The reference itself, so that a scenario cannot silently stop testing a trap.
    let code = |i: usize| run(Tier::Interp, SCENARIOS[i].1, false).result;
    assert_eq!(code(1), Err(Some(TrapCode::MemoryOutOfBounds)));
    assert_eq!(code(4), Err(Some(TrapCode::IntegerDivideByZero)));
    assert_eq!(code(5), Err(Some(TrapCode::MemoryOutOfBounds)));
    assert_eq!(code(8), Err(Some(TrapCode::InvalidConversionToInteger)));
    assert_eq!(code(9), Err(Some(TrapCode::IntegerOverflow)));
    assert_eq!(code(10), Err(Some(TrapCode::Unreachable)));
    assert_eq!(code(18), Err(Some(TrapCode::NullReference)));
    assert_eq!(code(20), Ok(20));
}
