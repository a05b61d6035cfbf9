//! The tail-call dispatch backend must run in bounded native stack: a long loop that executes every
//! kind of op runs on a thread with a small stack. If any handler failed to end in a real tail call,
//! the stack would grow with every op executed and this test would crash.

use tailor_runtime::{Engine, Func, FuncType, Linker, Module, Store, ValType};

const WAT: &str = r#"
(module
  (import "env" "host" (func $host (param i32) (result i32)))
  (type $ii (func (param i32) (result i32)))
  (memory 1 2)
  (table $t 4 funcref)
  (elem (table $t) (i32.const 0) func $inc $dec $inc $dec)
  (elem declare func $inc)
  (global $g (mut i64) (i64.const 0))
  (global $v (mut v128) (v128.const i32x4 1 2 3 4))
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $dec (type $ii) (i32.sub (local.get 0) (i32.const 1)))
  (func $tail (param i32) (result i32) (return_call $inc (local.get 0)))
  (func $tail_ind (param i32) (result i32) (return_call_indirect $t (type $ii) (local.get 0) (i32.const 2)))
  (func $many (param i32) (result i32 i64) (local.get 0) (i64.extend_i32_u (local.get 0)))
  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $acc i64) (local $f f64) (local $x i32) (local $v v128)
    (loop $l
      ;; integer, float, conversion ops
      (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (i32.popcnt (local.get $i)))))
      (local.set $f (f64.add (local.get $f) (f64.sqrt (f64.convert_i32_u (local.get $i)))))
      (local.set $x (i32.trunc_f64_s (f64.floor (local.get $f))))
      ;; memory: loads, stores, other forms, bulk ops
      (i32.store offset=8 (i32.const 0) (local.get $i))
      (local.set $x (i32.add (local.get $x) (i32.load8_u offset=8 (i32.const 0))))
      (i64.store (i32.const 16) (global.get $g))
      (memory.fill (i32.const 32) (i32.const 7) (i32.const 4))
      (memory.copy (i32.const 40) (i32.const 32) (i32.const 4))
      (local.set $x (i32.add (local.get $x) (memory.size)))
      ;; globals, v128
      (global.set $g (i64.add (global.get $g) (i64.const 3)))
      (local.set $v (i32x4.add (local.get $v) (global.get $v)))
      (global.set $v (local.get $v))
      (v128.store (i32.const 64) (local.get $v))
      (local.set $v (v128.load32_splat (i32.const 64)))
      (local.set $v (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 16 (local.get $v) (local.get $v)))
      (local.set $x (i32.add (local.get $x) (i32x4.extract_lane 0 (local.get $v))))
      ;; calls of every kind
      (local.set $x (call $inc (local.get $x)))
      (local.set $x (call_indirect $t (type $ii) (local.get $x) (i32.and (local.get $i) (i32.const 3))))
      (local.set $x (call_ref $ii (local.get $x) (ref.func $inc)))
      (local.set $x (call $host (local.get $x)))
      (local.set $x (call $tail (local.get $x)))
      (local.set $x (call $tail_ind (local.get $x)))
      (call $many (local.get $x)) (drop) (drop)
      ;; tables, refs, select, br_table
      (table.set $t (i32.const 3) (table.get $t (i32.const 1)))
      (local.set $x (select (local.get $x) (i32.const 1) (i32.and (local.get $i) (i32.const 1))))
      (block $a (block $b (br_table $a $b $a (i32.and (local.get $i) (i32.const 3)))) (nop))
      (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $x))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $acc)))
"#;

#[test]
fn long_loops_run_in_bounded_native_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let engine = Engine::default();
            let module = Module::new(&engine, WAT).expect("module compiles");
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
                .typed::<(i32,), i64, _>(&store)
                .unwrap();
            run.call(&mut store, (200_000,)).unwrap()
        })
        .unwrap();
    let acc = handle
        .join()
        .expect("the loop ran without exhausting the native stack");
    assert!(acc > 200_000);
}
