//! wasmi 2 as the independent oracle: the same plan, the same limits.

use wasmi::{
    Config, Engine, Extern, Instance, Linker, Module, Store, StoreLimits, StoreLimitsBuilder,
    TrapCode, Val,
};

use crate::gen::{MAX_MEMORY_BYTES, MAX_TABLE_ELEMENTS};
use crate::outcome::{Call, CallOutcome, RunOutcome, Snapshot, Value};
use crate::shape::{ExportKind, Shape};

/// The name of the oracle in reports.
pub const NAME: &str = "wasmi";

/// Runs `wasm` on wasmi: load, instantiate, make the calls, snapshot the exports.
pub fn run_wasmi(wasm: &[u8], shape: &Shape, calls: &[Call]) -> RunOutcome {
    let mut out = RunOutcome {
        runtime: NAME.into(),
        load: Ok(()),
        instantiate: Ok(()),
        calls: Vec::new(),
        snapshot: Snapshot::default(),
    };
    let mut config = Config::default();
    config
        .wasm_simd(true)
        .wasm_relaxed_simd(true)
        .wasm_memory64(true)
        .wasm_multi_memory(true)
        .wasm_tail_call(true)
        .wasm_extended_const(true)
        .set_max_recursion_depth(1 << 20)
        .set_max_stack_height(256 << 20);
    let engine = Engine::new(&config);
    let module = match Module::new(&engine, wasm) {
        Ok(m) => m,
        Err(e) => {
            out.load = Err(e.to_string());
            return out;
        }
    };
    let limits = StoreLimitsBuilder::new()
        .memory_size(MAX_MEMORY_BYTES as usize)
        .table_elements(MAX_TABLE_ELEMENTS as usize)
        .build();
    let mut store: Store<StoreLimits> = Store::new(&engine, limits);
    store.limiter(|l| l);
    let linker = Linker::<StoreLimits>::new(&engine);
    let instance = match linker.instantiate_and_start(&mut store, &module) {
        Ok(i) => i,
        Err(e) => {
            let trap = e.as_trap_code().map(|c| format!("{c:?}"));
            out.instantiate = Err((trap, e.to_string()));
            return out;
        }
    };
    for call in calls {
        out.calls.push(call_one(&mut store, &instance, call));
    }
    out.snapshot = snapshot(&store, &instance, shape);
    out
}

fn call_one(store: &mut Store<StoreLimits>, instance: &Instance, call: &Call) -> CallOutcome {
    if let Some((name, value)) = &call.reset {
        let set = instance
            .get_global(&*store, name)
            .map(|g| g.set(&mut *store, to_val(*value)));
        if !matches!(set, Some(Ok(()))) {
            return CallOutcome::Failed(format!("cannot set global {name}"));
        }
    }
    let Some(func) = instance.get_func(&*store, &call.func) else {
        return CallOutcome::Failed(format!("no exported function {}", call.func));
    };
    let args: Vec<Val> = call.args.iter().map(|a| to_val(*a)).collect();
    let ty = func.ty(&*store);
    let mut results: Vec<Val> = ty
        .results()
        .iter()
        .map(|t| Val::default_for_ty(*t))
        .collect();
    match func.call(&mut *store, &args, &mut results) {
        Ok(()) => CallOutcome::Returned(results.iter().map(from_val).collect()),
        Err(e) => match e.as_trap_code() {
            Some(TrapCode::StackOverflow) => CallOutcome::Exhausted,
            Some(code) => CallOutcome::Trapped(format!("{code:?}")),
            None => CallOutcome::Failed(e.to_string()),
        },
    }
}

fn to_val(v: Value) -> Val {
    match v {
        Value::I32(x) => Val::I32(x as i32),
        Value::I64(x) => Val::I64(x as i64),
        Value::F32(x) => Val::F32(wasmi::F32::from_bits(x)),
        Value::F64(x) => Val::F64(wasmi::F64::from_bits(x)),
        Value::V128(x) => Val::V128(wasmi::V128::from(x)),
        Value::FuncRef(_) => Val::FuncRef(wasmi::Nullable::Null),
        Value::ExternRef(_) => Val::ExternRef(wasmi::Nullable::Null),
    }
}

fn from_val(v: &Val) -> Value {
    match v {
        Val::I32(x) => Value::I32(*x as u32),
        Val::I64(x) => Value::I64(*x as u64),
        Val::F32(x) => Value::F32(x.to_bits()),
        Val::F64(x) => Value::F64(x.to_bits()),
        Val::V128(x) => Value::V128(x.as_u128()),
        Val::FuncRef(f) => Value::FuncRef(!f.is_null()),
        Val::ExternRef(r) => Value::ExternRef(!r.is_null()),
    }
}

fn snapshot(store: &Store<StoreLimits>, instance: &Instance, shape: &Shape) -> Snapshot {
    let mut snap = Snapshot::default();
    for (name, kind) in &shape.exports {
        match (kind, instance.get_export(store, name)) {
            (ExportKind::Global, Some(Extern::Global(g))) => {
                snap.globals.push((name.clone(), from_val(&g.get(store))));
            }
            (ExportKind::Memory, Some(Extern::Memory(m))) => {
                snap.memories
                    .push((name.clone(), m.size(store), m.data(store).to_vec()));
            }
            (ExportKind::Table, Some(Extern::Table(t))) => {
                let elems = (0..t.size(store))
                    .map(|i| t.get(store, i).is_some_and(|r| !r.is_null()))
                    .collect();
                snap.tables.push((name.clone(), elems));
            }
            _ => {}
        }
    }
    snap
}
