//! Every `levels` kernel, at a small size, returns its plain-Rust reference checksum on every
//! handler set this host can run.

use tailor_bench::LEVEL_KERNELS;
use tailor_runtime::{Config, CpuProfile, Engine, HandlerSet, Instance, Module, Store};

/// The profile that selects `set`: `generic` for the portable set, else the preset of that name.
fn profile_for(set: &HandlerSet) -> CpuProfile {
    if set.name() == "portable" {
        CpuProfile::generic()
    } else {
        CpuProfile::preset(set.name()).expect("every handler set is named after a preset")
    }
}

#[test]
fn level_kernels_match_their_rust_reference_at_every_level() {
    for set in HandlerSet::all() {
        let mut config = Config::new();
        config.cpu(profile_for(&set));
        let engine = Engine::new(&config);
        assert_eq!(engine.handler_set(), set);
        for k in LEVEL_KERNELS {
            let module = Module::new(&engine, k.wat)
                .unwrap_or_else(|e| panic!("{}: module does not compile: {e}", k.name));
            let mut store = Store::new(&engine, ());
            let instance = Instance::new(&mut store, &module, &[])
                .unwrap_or_else(|e| panic!("{}: does not instantiate: {e}", k.name));
            let run = instance
                .get_func(&store, "run")
                .unwrap_or_else(|| panic!("{}: no `run` export", k.name))
                .typed::<(i32,), i64, _>(&store)
                .unwrap_or_else(|e| panic!("{}: `run` has the wrong type: {e}", k.name));
            let expected = (k.reference)(k.test_size);
            for _ in 0..2 {
                let got = run
                    .call(&mut store, (k.test_size,))
                    .unwrap_or_else(|e| panic!("{}: trapped: {e}", k.name));
                assert_eq!(
                    got,
                    expected,
                    "{} at {}: run({})",
                    k.name,
                    set.name(),
                    k.test_size
                );
            }
        }
    }
}

#[test]
fn level_kernel_references_are_not_trivial() {
    for k in LEVEL_KERNELS {
        let a = (k.reference)(k.test_size);
        let b = (k.reference)(k.test_size + 1);
        assert_ne!(
            a, b,
            "{}: the checksum does not depend on the work done",
            k.name
        );
    }
}
