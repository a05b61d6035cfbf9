//! tailor's tiers as the harness runs them: the interpreter at every handler set this host can run,
//! the JIT at the host CPU and at every preset of its architecture it can run, and AOT artifacts
//! (compiled, serialized, loaded back).

use tailor_runtime::{
    CpuProfile, Engine, Error, Extern, HandlerSet, Instance, Module, OptLevel, RelaxedMode, Store,
    Tier, TrapCode, Val,
};

use crate::gen::{MAX_MEMORY_BYTES, MAX_TABLE_ELEMENTS};
use crate::outcome::{Call, CallOutcome, RunOutcome, Snapshot, Value};
use crate::shape::{ExportKind, Shape};

/// How one tailor tier runs a module.
#[derive(Debug, Clone)]
pub enum TierKind {
    /// The interpreter with the handler set of this name.
    Interp,
    /// Compiled when loaded.
    Jit,
    /// Compiled ahead of time at this optimisation level, serialized, and loaded from the bytes.
    Aot(OptLevel),
}

/// One tailor configuration under test.
#[derive(Debug, Clone)]
pub struct TailorTier {
    /// Its name in reports: `interp[portable]`, `jit[x86-64-v2]`, `aot[host,speed]`, ...
    pub name: String,
    /// The CPU profile the engine is configured with.
    pub profile: CpuProfile,
    /// Interpreter, JIT or AOT.
    pub kind: TierKind,
}

/// The interpreter at every handler set this host can run (`portable` first), then the JIT at the
/// host profile and at every other preset of the host's architecture that the host can run.
pub fn host_tiers() -> Result<Vec<TailorTier>, String> {
    let mut tiers = Vec::new();
    for set in HandlerSet::all() {
        let profile = match set.name() {
            "portable" => CpuProfile::generic(),
            name => CpuProfile::preset(name).map_err(|e| format!("handler set {name}: {e}"))?,
        };
        // The proof that this tier really runs with that set.
        let chosen = Engine::new(&engine_config(&profile, Tier::Interp)).handler_set();
        if chosen.name() != set.name() {
            return Err(format!(
                "handler set {}: the engine chose {}",
                set.name(),
                chosen.name()
            ));
        }
        tiers.push(TailorTier {
            name: format!("interp[{}]", set.name()),
            profile,
            kind: TierKind::Interp,
        });
    }
    for (name, profile) in jit_profiles() {
        tiers.push(TailorTier {
            name: format!("jit[{name}]"),
            profile,
            kind: TierKind::Jit,
        });
    }
    Ok(tiers)
}

/// The profiles the JIT is run at: the host, then every other preset of its architecture that the
/// host can run.
pub fn jit_profiles() -> Vec<(String, CpuProfile)> {
    let host = CpuProfile::host();
    // `host=x86-64-v3` when the host's features are exactly a preset's (that preset is not run
    // twice).
    let name = match host.preset_name() {
        Some(p) => format!("host={p}"),
        None => "host".to_string(),
    };
    let mut out = vec![(name, host.clone())];
    for preset in CpuProfile::presets_for(host.arch()) {
        let Ok(p) = CpuProfile::preset(preset) else {
            continue;
        };
        if p.features() != host.features() && p.check_runs_on(&host).is_ok() {
            out.push((preset.to_string(), p));
        }
    }
    out
}

/// An AOT tier for module `seed`: the profile and opt level rotate with the seed, so a campaign
/// covers every (level, opt level) pair while each module pays for one artifact.
pub fn aot_tier(seed: u64) -> TailorTier {
    let profiles = jit_profiles();
    let (pname, profile) = profiles[(seed % profiles.len() as u64) as usize].clone();
    let opts = [OptLevel::Speed, OptLevel::None, OptLevel::Size];
    let opt = opts[((seed / 7) % 3) as usize];
    TailorTier {
        name: format!("aot[{pname},{}]", opt_name(opt)),
        profile,
        kind: TierKind::Aot(opt),
    }
}

fn opt_name(opt: OptLevel) -> &'static str {
    match opt {
        OptLevel::None => "none",
        OptLevel::Speed => "speed",
        OptLevel::Size => "size",
    }
}

/// The engine configuration every tailor tier uses: the same memory and table limits as wasmi,
/// and room for deep recursion in both tiers (the thread running this must have 64 MiB of stack).
///
/// Relaxed SIMD is deterministic: the tiers run at different CPU profiles, whose native relaxed
/// results differ by design (`tailor_cpu::RelaxedSemantics`); the deterministic profile is the same
/// everywhere. Native mode, interpreter against compiled code at one profile, is checked by
/// `crates/runtime/tests/relaxed_tiers.rs`.
pub fn engine_config(profile: &CpuProfile, tier: Tier) -> tailor_runtime::Config {
    let mut c = tailor_runtime::Config::new();
    c.cpu(profile.clone())
        .relaxed_simd(RelaxedMode::Deterministic)
        .tier(tier)
        .max_memory_bytes(MAX_MEMORY_BYTES)
        .max_table_elements(MAX_TABLE_ELEMENTS)
        .max_native_stack(8 << 20);
    c
}

/// An artifact of `wasm` for `profile` (which this host runs) at `opt`, compiled with
/// [`engine_config`] (so with its relaxed-SIMD mode, which the artifact records).
pub fn artifact(wasm: &[u8], profile: &CpuProfile, opt: OptLevel) -> Result<Vec<u8>, String> {
    let mut config = engine_config(profile, Tier::Jit);
    config.opt_level(opt);
    Module::new(&Engine::new(&config), wasm)
        .and_then(|m| m.serialize())
        .map_err(|e| format!("serialize: {e}"))
}

/// Runs `wasm` on `tier`: load, instantiate, make the calls, snapshot the exports.
pub fn run_tailor(tier: &TailorTier, wasm: &[u8], shape: &Shape, calls: &[Call]) -> RunOutcome {
    let mut out = RunOutcome {
        runtime: tier.name.clone(),
        load: Ok(()),
        instantiate: Ok(()),
        calls: Vec::new(),
        snapshot: Snapshot::default(),
    };
    let module = match load(tier, wasm) {
        Ok(m) => m,
        Err(e) => {
            out.load = Err(e);
            return out;
        }
    };
    let engine = module.engine().clone();
    let mut store = Store::new(&engine, ());
    let instance = match Instance::new(&mut store, &module, &[]) {
        Ok(i) => i,
        Err(e) => {
            let trap = e.trap().and_then(|t| t.code()).map(|c| format!("{c:?}"));
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

fn load(tier: &TailorTier, wasm: &[u8]) -> Result<Module, String> {
    match tier.kind {
        TierKind::Interp => {
            let engine = Engine::new(&engine_config(&tier.profile, Tier::Interp));
            let m = Module::new(&engine, wasm).map_err(|e| e.to_string())?;
            // Translate every body now: a function no call reaches is still checked.
            m.translate_all().map_err(|e| format!("translate: {e}"))?;
            Ok(m)
        }
        TierKind::Jit => {
            let engine = Engine::new(&engine_config(&tier.profile, Tier::Jit));
            let m = Module::new(&engine, wasm).map_err(|e| e.to_string())?;
            if !m.is_compiled() {
                return Err("the jit tier did not compile the module".into());
            }
            Ok(m)
        }
        TierKind::Aot(opt) => {
            let mut config = engine_config(&tier.profile, Tier::Jit);
            config.opt_level(opt);
            let engine = Engine::new(&config);
            let bytes = artifact(wasm, &tier.profile, opt)?;
            let m = Module::from_artifact(&engine, &bytes).map_err(|e| e.to_string())?;
            if !m.is_compiled() {
                return Err("the artifact was not loaded as machine code".into());
            }
            Ok(m)
        }
    }
}

fn call_one(store: &mut Store<()>, instance: &Instance, call: &Call) -> CallOutcome {
    if let Some((name, value)) = &call.reset {
        let set = instance
            .get_global(store, name)
            .map(|g| g.set(store, to_val(*value)));
        if !matches!(set, Some(Ok(()))) {
            return CallOutcome::Failed(format!("cannot set global {name}"));
        }
    }
    let Some(func) = instance.get_func(store, &call.func) else {
        return CallOutcome::Failed(format!("no exported function {}", call.func));
    };
    let args: Vec<Val> = call.args.iter().map(|a| to_val(*a)).collect();
    let mut results: Vec<Val> = call.results.iter().map(|t| Val::default_for(*t)).collect();
    match func.call(store, &args, &mut results) {
        Ok(()) => CallOutcome::Returned(results.iter().map(from_val).collect()),
        Err(Error::Trap(t)) => match t.code() {
            Some(TrapCode::StackOverflow) => CallOutcome::Exhausted,
            Some(code) => CallOutcome::Trapped(format!("{code:?}")),
            None => CallOutcome::Failed(format!("host trap: {t}")),
        },
        Err(e) => CallOutcome::Failed(e.to_string()),
    }
}

fn to_val(v: Value) -> Val {
    match v {
        Value::I32(x) => Val::I32(x as i32),
        Value::I64(x) => Val::I64(x as i64),
        Value::F32(x) => Val::F32(x),
        Value::F64(x) => Val::F64(x),
        Value::V128(x) => Val::V128(x),
        // The plan only passes null references.
        Value::FuncRef(_) => Val::FuncRef(None),
        Value::ExternRef(_) => Val::ExternRef(None),
    }
}

fn from_val(v: &Val) -> Value {
    match v {
        Val::I32(x) => Value::I32(*x as u32),
        Val::I64(x) => Value::I64(*x as u64),
        Val::F32(x) => Value::F32(*x),
        Val::F64(x) => Value::F64(*x),
        Val::V128(x) => Value::V128(*x),
        Val::FuncRef(f) => Value::FuncRef(f.is_some()),
        Val::ExternRef(r) => Value::ExternRef(r.is_some()),
    }
}

fn snapshot(store: &Store<()>, instance: &Instance, shape: &Shape) -> Snapshot {
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
                    .map(|i| match t.get(store, i) {
                        Some(Val::FuncRef(f)) => f.is_some(),
                        Some(Val::ExternRef(r)) => r.is_some(),
                        _ => false,
                    })
                    .collect();
                snap.tables.push((name.clone(), elems));
            }
            _ => {}
        }
    }
    snap
}
