//! The compiler tier meets the rest of the object model: compiled code calls interpreted code, host
//! functions (which call back into compiled code) and the reverse, in one store.

use tailor_runtime::{
    compile_artifact, Config, CpuProfile, Engine, Func, Linker, Module, OptLevel, Store, Tier,
    Trap, TrapCode,
};

/// Interpreted: `double`, and `call_triple`, which calls the compiled module's `triple`.
const INTERP: &str = r#"(module
  (import "jit" "triple" (func $triple (param i32) (result i32)))
  (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func (export "call_triple") (param i32) (result i32) (call $triple (local.get 0))))"#;

/// Compiled: `triple`, `quad` (through the interpreted `double`), `via_host` and `host_trap`.
const JIT: &str = r#"(module
  (import "host" "call_back" (func $cb (param i32) (result i32)))
  (import "host" "fail" (func $fail))
  (import "interp" "double" (func $double (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $double $quad)
  (type $t (func (param i32) (result i32)))
  (func (export "triple") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func $quad (export "quad") (param i32) (result i32) (call $double (call $double (local.get 0))))
  (func (export "indirect") (param i32 i32) (result i32) (call_indirect (type $t) (local.get 0) (local.get 1)))
  (func (export "via_host") (param i32) (result i32) (i32.add (call $cb (local.get 0)) (i32.const 1)))
  (func (export "host_trap") (call $fail)))"#;

fn jit_engine() -> Engine {
    let mut config = Config::new();
    config.tier(Tier::Jit).fallback_interp(true);
    Engine::new(&config)
}

#[test]
fn compiled_interpreted_and_host_code_call_each_other() {
    let engine = jit_engine();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    // The interpreted module: an artifact for another architecture, run by the interpreter.
    let other = CpuProfile::for_target(
        Some(if std::env::consts::ARCH == "aarch64" {
            "x86_64-linux"
        } else {
            "aarch64-linux"
        }),
        None,
        None,
    )
    .unwrap();
    // Instantiation order: the compiled module needs `double`, the interpreted one needs `triple`;
    // break the cycle with a forwarding host function defined before either exists.
    let triple_slot: std::sync::Arc<std::sync::Mutex<Option<Func>>> = Default::default();
    let slot = triple_slot.clone();
    linker
        .func_wrap(
            "jit",
            "triple",
            move |mut caller: tailor_runtime::Caller<'_, ()>, x: i32| {
                let f = slot.lock().unwrap().expect("triple defined");
                let f = f.typed::<(i32,), i32, _>(caller.store()).unwrap();
                f.call(caller.store_mut(), (x,))
                    .map_err(|e| Trap::host(e.to_string()))
            },
        )
        .unwrap();
    let interp_art = compile_artifact(INTERP.as_bytes(), &other, OptLevel::Speed).unwrap();
    let interp = Module::from_artifact(&engine, &interp_art).unwrap();
    assert!(!interp.is_compiled());
    assert!(interp.load_notice().unwrap().contains("interpreter"));
    let interp_inst = linker.instantiate(&mut store, &interp).unwrap();
    linker.instance(&mut store, "interp", interp_inst).unwrap();

    linker
        .func_wrap(
            "host",
            "fail",
            |_: tailor_runtime::Caller<'_, ()>| -> Result<(), Trap> {
                Err(Trap::host("the host says no"))
            },
        )
        .unwrap();
    let quad_slot: std::sync::Arc<std::sync::Mutex<Option<Func>>> = Default::default();
    let qs = quad_slot.clone();
    linker
        .func_wrap(
            "host",
            "call_back",
            move |mut caller: tailor_runtime::Caller<'_, ()>, x: i32| {
                // Re-enter compiled code from a host function that compiled code called.
                let f = qs.lock().unwrap().expect("quad defined");
                let f = f.typed::<(i32,), i32, _>(caller.store()).unwrap();
                f.call(caller.store_mut(), (x,))
                    .map_err(|e| Trap::host(e.to_string()))
            },
        )
        .unwrap();
    let jit = Module::new(&engine, JIT).unwrap();
    assert!(jit.is_compiled());
    let jit_inst = linker.instantiate(&mut store, &jit).unwrap();
    *triple_slot.lock().unwrap() = jit_inst.get_func(&store, "triple");
    *quad_slot.lock().unwrap() = jit_inst.get_func(&store, "quad");

    let call = |store: &mut Store<()>, inst: tailor_runtime::Instance, name: &str, args: (i32,)| {
        let f = inst.get_func(store, name).unwrap();
        f.typed::<(i32,), i32, _>(store).unwrap().call(store, args)
    };
    // compiled -> interpreted (twice)
    assert_eq!(call(&mut store, jit_inst, "quad", (5,)).unwrap(), 20);
    // interpreted -> host -> compiled
    assert_eq!(
        call(&mut store, interp_inst, "call_triple", (7,)).unwrap(),
        21
    );
    // compiled -> host -> compiled -> interpreted
    assert_eq!(call(&mut store, jit_inst, "via_host", (3,)).unwrap(), 13);
    // call_indirect through a table holding an interpreted and a compiled function
    let ind = jit_inst.get_func(&store, "indirect").unwrap();
    let ind = ind.typed::<(i32, i32), i32, _>(&store).unwrap();
    assert_eq!(ind.call(&mut store, (4, 0)).unwrap(), 8);
    assert_eq!(ind.call(&mut store, (4, 1)).unwrap(), 16);
    let e = ind.call(&mut store, (4, 2)).unwrap_err();
    assert_eq!(
        e.trap().and_then(|t| t.code()),
        Some(TrapCode::TableOutOfBounds)
    );
    // a host error raised under compiled code reaches the caller intact
    let f = jit_inst.get_func(&store, "host_trap").unwrap();
    let e = f
        .typed::<(), (), _>(&store)
        .unwrap()
        .call(&mut store, ())
        .unwrap_err();
    assert!(e.to_string().contains("the host says no"), "{e}");
    // and the store still works afterwards
    assert_eq!(call(&mut store, jit_inst, "quad", (1,)).unwrap(), 4);
}

#[test]
fn deep_recursion_in_compiled_code_is_a_trap() {
    let engine = jit_engine();
    let module = Module::new(
        &engine,
        r#"(module (func $f (export "f") (param i32) (result i32)
             (i32.add (call $f (i32.add (local.get 0) (i32.const 1))) (i32.const 1))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let inst = tailor_runtime::Instance::new(&mut store, &module, &[]).unwrap();
    let f = inst.get_func(&store, "f").unwrap();
    let f = f.typed::<(i32,), i32, _>(&store).unwrap();
    for _ in 0..3 {
        let e = f.call(&mut store, (0,)).unwrap_err();
        assert_eq!(
            e.trap().and_then(|t| t.code()),
            Some(TrapCode::StackOverflow)
        );
    }
}
