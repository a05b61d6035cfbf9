//! Store-total limits (`Config::max_total_memory_bytes`, `max_total_table_elements`, counts of
//! instances, tables and memories) and the interpreter's translation bound, in every tier that runs
//! on this host: over a limit, instantiation is a clear `Error::Resource`, and `memory.grow` /
//! `table.grow` return -1 — never an abort.

use tailor_runtime::{
    Config, Engine, Error, Instance, Memory, MemoryType, Module, RefType, Store, Table, TableType,
    Tier, Val,
};

const PAGE: u64 = 65536;

fn engines(setup: impl Fn(&mut Config)) -> Vec<Engine> {
    [Tier::Interp, Tier::Jit]
        .into_iter()
        .map(|tier| {
            let mut c = Config::new();
            c.tier(tier);
            setup(&mut c);
            Engine::new(&c)
        })
        .collect()
}

fn resource_message(r: Result<Instance, Error>) -> String {
    match r {
        Err(Error::Resource(m)) => m,
        Err(e) => panic!("expected a resource error, got {e}"),
        Ok(_) => panic!("expected a resource error, got an instance"),
    }
}

fn memory_type(pages: u64) -> MemoryType {
    MemoryType {
        memory64: false,
        shared: false,
        initial: pages,
        maximum: None,
        page_size_log2: None,
    }
}

fn call_i32(store: &mut Store<()>, inst: &Instance, name: &str, args: &[Val]) -> i32 {
    let f = inst.get_func(&*store, name).expect("export");
    let mut out = [Val::I32(0)];
    f.call(store, args, &mut out).expect("call");
    match out[0] {
        Val::I32(v) => v,
        ref other => panic!("unexpected result {other:?}"),
    }
}

const GROW_MEMORY: &str = r#"(module (memory (export "m") 1)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#;

#[test]
fn memory_total_is_shared_by_every_memory_of_a_store() {
    for engine in engines(|c| {
        c.max_total_memory_bytes(4 * PAGE);
    }) {
        let module = Module::new(&engine, GROW_MEMORY).unwrap();
        let mut store = Store::new(&engine, ());
        let a = Instance::new(&mut store, &module, &[]).unwrap();
        let b = Instance::new(&mut store, &module, &[]).unwrap();
        // 2 of 4 pages used: each can add what the other leaves.
        assert_eq!(call_i32(&mut store, &a, "grow", &[Val::I32(3)]), -1);
        assert_eq!(call_i32(&mut store, &a, "grow", &[Val::I32(1)]), 1);
        assert_eq!(call_i32(&mut store, &b, "grow", &[Val::I32(1)]), 1);
        assert_eq!(call_i32(&mut store, &b, "grow", &[Val::I32(1)]), -1);
        // The embedder's growth and new memories count too.
        let m = a.get_memory(&store, "m").unwrap();
        assert!(matches!(m.grow(&mut store, 1), Err(Error::Resource(_))));
        let extra = Memory::new(&mut store, memory_type(1));
        assert!(matches!(extra, Err(Error::Resource(_))));
        let msg = resource_message(Instance::new(&mut store, &module, &[]));
        assert!(msg.contains("store's linear-memory limit"), "{msg}");
        assert!(msg.contains("262144"), "{msg}");
    }
}

#[test]
fn per_memory_limit_still_applies() {
    for engine in engines(|c| {
        c.max_memory_bytes(2 * PAGE);
    }) {
        let module = Module::new(&engine, GROW_MEMORY).unwrap();
        let mut store = Store::new(&engine, ());
        let a = Instance::new(&mut store, &module, &[]).unwrap();
        let b = Instance::new(&mut store, &module, &[]).unwrap();
        assert_eq!(call_i32(&mut store, &a, "grow", &[Val::I32(1)]), 1);
        assert_eq!(call_i32(&mut store, &a, "grow", &[Val::I32(1)]), -1);
        assert_eq!(call_i32(&mut store, &b, "grow", &[Val::I32(1)]), 1);
        let big = Module::new(&engine, "(module (memory 3))").unwrap();
        let msg = resource_message(Instance::new(&mut store, &big, &[]));
        assert!(msg.contains("per memory"), "{msg}");
    }
}

const TABLES: &str = r#"(module
    (table $t (export "t") 1000 funcref)
    (func $f (export "f") (result i32) (i32.const 1))
    (elem declare func $f)
    (func (export "grow") (param i32) (result i32) (table.grow $t (ref.func $f) (local.get 0))))"#;

#[test]
fn table_total_is_shared_by_every_table_of_a_store() {
    for engine in engines(|c| {
        c.max_total_table_elements(2500);
    }) {
        let module = Module::new(&engine, TABLES).unwrap();
        let mut store = Store::new(&engine, ());
        let a = Instance::new(&mut store, &module, &[]).unwrap();
        let b = Instance::new(&mut store, &module, &[]).unwrap();
        assert_eq!(call_i32(&mut store, &a, "grow", &[Val::I32(501)]), -1);
        assert_eq!(call_i32(&mut store, &a, "grow", &[Val::I32(400)]), 1000);
        assert_eq!(call_i32(&mut store, &b, "grow", &[Val::I32(101)]), -1);
        assert_eq!(call_i32(&mut store, &b, "grow", &[Val::I32(100)]), 1000);
        // Grown elements hold the init value and are callable.
        let t = b.get_table(&store, "t").unwrap();
        assert!(matches!(t.get(&store, 1099), Some(Val::FuncRef(Some(_)))));
        assert!(t.grow(&mut store, 1, Val::FuncRef(None)).is_err());
        let ty = TableType {
            element_type: RefType::FUNCREF,
            table64: false,
            initial: 1,
            maximum: None,
            shared: false,
        };
        assert!(matches!(
            Table::new(&mut store, ty, Val::FuncRef(None)),
            Err(Error::Resource(_))
        ));
        let msg = resource_message(Instance::new(&mut store, &module, &[]));
        assert!(msg.contains("store's table-element limit"), "{msg}");
    }
}

#[test]
fn huge_tables_are_refused_not_allocated() {
    // Twenty tables of ten million non-null elements: 1.6 GB if allocated. The store total refuses
    // the second one before it is.
    let mut wat = String::from(r#"(module (func $a) "#);
    for _ in 0..20 {
        wat.push_str("(table 10000000 funcref (ref.func $a)) ");
    }
    wat.push(')');
    for engine in engines(|_| {}) {
        let module = Module::new(&engine, &wat).unwrap();
        let mut store = Store::new(&engine, ());
        let msg = resource_message(Instance::new(&mut store, &module, &[]));
        assert!(msg.contains("10000000 of 10000000 elements"), "{msg}");
    }
}

#[test]
fn counts_of_instances_tables_and_memories_are_limited() {
    let engine = Engine::new(Config::new().max_instances(3).max_tables(3).max_memories(2));
    let plain = Module::new(&engine, "(module)").unwrap();
    let two_tables = Module::new(&engine, "(module (table 1 funcref) (table 1 funcref))").unwrap();
    let memory = Module::new(&engine, "(module (memory 0))").unwrap();
    let mut store = Store::new(&engine, ());
    Instance::new(&mut store, &two_tables, &[]).unwrap();
    Instance::new(&mut store, &memory, &[]).unwrap();
    let msg = resource_message(Instance::new(&mut store, &two_tables, &[]));
    assert!(msg.contains("limit of 3 tables"), "{msg}");
    Instance::new(&mut store, &plain, &[]).unwrap();
    let msg = resource_message(Instance::new(&mut store, &plain, &[]));
    assert!(msg.contains("limit of 3 instances"), "{msg}");
    let mut store = Store::new(&engine, ());
    Memory::new(&mut store, memory_type(0)).unwrap();
    Memory::new(&mut store, memory_type(0)).unwrap();
    let msg = resource_message(Instance::new(&mut store, &memory, &[]));
    assert!(msg.contains("limit of 2 memories"), "{msg}");
}

#[test]
fn a_translation_over_its_op_budget_is_a_clear_error() {
    // A thousand `br_if`s that each carry 300 values: 300,000 copies from a 3 KB body.
    let mut wat = String::from("(module (type $t (func (result");
    for _ in 0..300 {
        wat.push_str(" i32");
    }
    wat.push_str(r#"))) (func (export "f") (param i32) (result i32) (block (type $t)"#);
    for _ in 0..300 {
        wat.push_str(" local.get 0");
    }
    for _ in 0..1000 {
        wat.push_str(" (br_if 0 (local.get 0))");
    }
    wat.push(')');
    for _ in 0..299 {
        wat.push_str(" drop");
    }
    wat.push_str("))");
    let engine = Engine::default();
    let module = Module::new(&engine, &wat).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let f = inst.get_func(&store, "f").unwrap();
    let err = f
        .call(&mut store, &[Val::I32(0)], &mut [Val::I32(0)])
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("function too large"), "{msg}");
    assert!(msg.contains("interpreter ops"), "{msg}");
}
