//! End-to-end checks of the embedding API on small modules.

use tailor_runtime::{Engine, Func, Instance, Linker, Module, Store, Trap, TrapCode, Val};

fn instance(wat: &str) -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).expect("module compiles");
    let mut store = Store::new(&engine, ());
    let inst = Instance::new(&mut store, &module, &[]).expect("instantiates");
    (store, inst)
}

#[test]
fn recursive_fib() {
    let (mut store, inst) = instance(
        r#"(module (func $fib (export "fib") (param i32) (result i32)
            local.get 0 i32.const 2 i32.lt_s
            if (result i32) local.get 0
            else local.get 0 i32.const 1 i32.sub call $fib
                 local.get 0 i32.const 2 i32.sub call $fib i32.add end))"#,
    );
    let fib = inst.get_func(&store, "fib").unwrap();
    let mut out = [Val::I32(0)];
    fib.call(&mut store, &[Val::I32(20)], &mut out).unwrap();
    assert_eq!(out[0], Val::I32(6765));
    let typed = fib.typed::<(i32,), i32, _>(&store).unwrap();
    assert_eq!(typed.call(&mut store, (10,)).unwrap(), 55);
}

#[test]
fn loops_locals_and_memory() {
    let (mut store, inst) = instance(
        r#"(module (memory 1)
            (func (export "sum") (param $n i32) (result i64) (local $i i32) (local $acc i64)
              (loop $l
                (i32.store (i32.mul (local.get $i) (i32.const 4)) (local.get $i))
                (local.set $acc (i64.add (local.get $acc)
                   (i64.extend_i32_u (i32.load (i32.mul (local.get $i) (i32.const 4))))))
                (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
              (local.get $acc)))"#,
    );
    let f = inst.get_func(&store, "sum").unwrap();
    let t = f.typed::<(i32,), i64, _>(&store).unwrap();
    assert_eq!(t.call(&mut store, (1000,)).unwrap(), 499500);
}

#[test]
fn traps_name_code_and_function() {
    let (mut store, inst) = instance(
        r#"(module (memory 1)
            (func $oob (export "oob") (result i32) i32.const 65536 i32.load)
            (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
            (func $r (export "recurse") call $r))"#,
    );
    let err = inst
        .get_func(&store, "oob")
        .unwrap()
        .call(&mut store, &[], &mut [Val::I32(0)])
        .unwrap_err();
    let trap = err.trap().unwrap();
    assert_eq!(trap.code(), Some(TrapCode::MemoryOutOfBounds));
    assert_eq!(trap.func(), Some("oob"));
    let div = inst.get_func(&store, "div").unwrap();
    let e = div
        .call(&mut store, &[Val::I32(1), Val::I32(0)], &mut [Val::I32(0)])
        .unwrap_err();
    assert_eq!(
        e.trap().unwrap().code(),
        Some(TrapCode::IntegerDivideByZero)
    );
    let e = div
        .call(
            &mut store,
            &[Val::I32(i32::MIN), Val::I32(-1)],
            &mut [Val::I32(0)],
        )
        .unwrap_err();
    assert_eq!(e.trap().unwrap().code(), Some(TrapCode::IntegerOverflow));
    let e = inst
        .get_func(&store, "recurse")
        .unwrap()
        .call(&mut store, &[], &mut [])
        .unwrap_err();
    assert_eq!(e.trap().unwrap().code(), Some(TrapCode::StackOverflow));
}

#[test]
fn host_functions_through_linker() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "add" (func $add (param i32 i32) (result i32)))
            (import "env" "fail" (func $fail))
            (func (export "go") (param i32) (result i32) local.get 0 i32.const 5 call $add)
            (func (export "boom") call $fail))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, 0u32);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "add",
            |mut c: tailor_runtime::Caller<'_, u32>, a: i32, b: i32| {
                *c.data_mut() += 1;
                a + b
            },
        )
        .unwrap();
    linker
        .func_wrap(
            "env",
            "fail",
            |_c: tailor_runtime::Caller<'_, u32>| -> Result<(), Trap> {
                Err(Trap::host("host says no"))
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let go = inst
        .get_func(&store, "go")
        .unwrap()
        .typed::<(i32,), i32, _>(&store)
        .unwrap();
    assert_eq!(go.call(&mut store, (37,)).unwrap(), 42);
    assert_eq!(*store.data(), 1);
    let boom = inst.get_func(&store, "boom").unwrap();
    let e = boom.call(&mut store, &[], &mut []).unwrap_err();
    assert!(e.to_string().contains("host says no"), "{e}");
    let _ = Func::wrap(&mut store, |_c: tailor_runtime::Caller<'_, u32>| 1i64);
}

#[test]
fn host_recursion_into_wasm_is_bounded() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (import "env" "again" (func $again))
            (func (export "go") call $again))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, None::<Func>);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "again",
            |mut c: tailor_runtime::Caller<'_, Option<Func>>| -> Result<(), Trap> {
                let f = c.data().expect("set before the call");
                f.call(c.store_mut(), &[], &mut []).map_err(|e| match e {
                    tailor_runtime::Error::Trap(t) => t,
                    other => Trap::host(other.to_string()),
                })
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let go = inst.get_func(&store, "go").unwrap();
    *store.data_mut() = Some(go);
    let e = go.call(&mut store, &[], &mut []).unwrap_err();
    assert_eq!(e.trap().unwrap().code(), Some(TrapCode::StackOverflow));
}
