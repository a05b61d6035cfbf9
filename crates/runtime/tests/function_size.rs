//! `Config::max_function_size`: the JIT refuses a module with a function over the limit (naming it),
//! or with `Config::interp_oversized` runs that function in the interpreter while the rest is
//! compiled, calls going both ways.

use tailor_runtime::{Config, Engine, Error, Module, Store, Tier, TrapCode};

/// `big` is over 1,000 bytes of code; `small` and `indirect` are not. `big(x)` = `small(x)` plus
/// 128 loads of 0, and traps (out of bounds) for x = 1; `small(x)` = x + 1, or `big(x - 100)` for
/// x >= 100.
fn module_text() -> String {
    let mut loads = String::new();
    for k in 0..128 {
        loads += &format!(
            "(i32.add (i32.load offset={} \
             (i32.mul (i32.eq (local.get 0) (i32.const 1)) (i32.const 70000))))\n",
            4 * k
        );
    }
    format!(
        r#"(module
  (type $t (func (param i32) (result i32)))
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $big $small)
  (func $big (export "big") (param i32) (result i32)
    (call $small (local.get 0))
    {loads})
  (func $small (export "small") (param i32) (result i32)
    (if (result i32) (i32.ge_u (local.get 0) (i32.const 100))
      (then (call $big (i32.sub (local.get 0) (i32.const 100))))
      (else (i32.add (local.get 0) (i32.const 1)))))
  (func (export "indirect") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 0) (local.get 1))))"#
    )
}

fn engine(limit: usize, interp: bool) -> Engine {
    let mut config = Config::new();
    config
        .tier(Tier::Jit)
        .max_function_size(limit)
        .interp_oversized(interp);
    Engine::new(&config)
}

#[test]
fn a_function_over_the_limit_is_refused_by_name() {
    let err = Module::new(&engine(1000, false), module_text()).unwrap_err();
    assert!(matches!(err, Error::Resource(_)), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("function 0 (big)") && msg.contains("limit of 1000 bytes"),
        "{msg}"
    );
    // Under the limit, everything compiles.
    assert!(Module::new(&engine(1 << 20, false), module_text())
        .unwrap()
        .is_compiled());
}

#[test]
fn a_function_over_the_limit_runs_in_the_interpreter() {
    let engine = engine(1000, true);
    let module = Module::new(&engine, module_text()).unwrap();
    assert!(module.is_compiled());
    let mut store = Store::new(&engine, ());
    let inst = tailor_runtime::Instance::new(&mut store, &module, &[]).unwrap();
    let call = |store: &mut Store<()>, name: &str, x: i32| {
        let f = inst.get_func(store, name).unwrap();
        f.typed::<(i32,), i32, _>(store).unwrap().call(store, (x,))
    };
    // host -> interpreted -> compiled
    assert_eq!(call(&mut store, "big", 5).unwrap(), 6);
    // host -> compiled -> interpreted -> compiled
    assert_eq!(call(&mut store, "small", 105).unwrap(), 6);
    // an interpreted trap reaches the compiled caller and the host
    let e = call(&mut store, "small", 101).unwrap_err();
    assert_eq!(
        e.trap().and_then(|t| t.code()),
        Some(TrapCode::MemoryOutOfBounds)
    );
    // compiled call_indirect of the interpreted function
    let ind = inst.get_func(&store, "indirect").unwrap();
    let ind = ind.typed::<(i32, i32), i32, _>(&store).unwrap();
    assert_eq!(ind.call(&mut store, (7, 0)).unwrap(), 8);
    assert_eq!(ind.call(&mut store, (7, 1)).unwrap(), 8);
    // the store still works after the trap
    assert_eq!(call(&mut store, "small", 100).unwrap(), 1);
    // an artifact keeps the function in the interpreter: its list of interpreted functions is
    // stored, and the loaded module calls both ways again
    let bytes = module.serialize().unwrap();
    let loaded = Module::from_artifact(&engine, &bytes).unwrap();
    assert!(loaded.is_compiled());
    let mut store = Store::new(&engine, ());
    let inst = tailor_runtime::Instance::new(&mut store, &loaded, &[]).unwrap();
    let call = |store: &mut Store<()>, name: &str, x: i32| {
        let f = inst.get_func(store, name).unwrap();
        f.typed::<(i32,), i32, _>(store).unwrap().call(store, (x,))
    };
    assert_eq!(call(&mut store, "big", 5).unwrap(), 6);
    assert_eq!(call(&mut store, "small", 105).unwrap(), 6);
    let e = call(&mut store, "small", 101).unwrap_err();
    assert_eq!(
        e.trap().and_then(|t| t.code()),
        Some(TrapCode::MemoryOutOfBounds)
    );
}
