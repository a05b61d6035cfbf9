//! Relaxed SIMD in the interpreter: every handler set this host can run, with its profile in both
//! modes, gives exactly the results `tailor_cpu::RelaxedSemantics` names for that profile and mode
//! (the spec tests accept any of the allowed results, so they cannot tell which one was chosen).

use tailor_cpu::{
    Dot, DotAdd, Laneselect, Madd, MinMax, Q15Mulr, RelaxedSemantics, Swizzle, TruncSigned,
};
use tailor_runtime::{
    Config, CpuProfile, Engine, HandlerSet, Instance, Module, RelaxedMode, Store, Tier, Val,
};

/// One function per relaxed operator, each on inputs where the allowed results differ.
const WAT: &str = r#"(module
  (func (export "madd") (result v128)
    (f32x4.relaxed_madd (v128.const i32x4 0x3f800800 0x3f800800 0x3f800800 0x3f800800)
                        (v128.const i32x4 0x3f800800 0x3f800800 0x3f800800 0x3f800800)
                        (v128.const i32x4 0xbf801000 0xbf801000 0xbf801000 0xbf801000)))
  (func (export "nmadd_f64") (result v128)
    (f64x2.relaxed_nmadd (v128.const i64x2 0x3ff0000000010000 0x3ff0000000010000)
                         (v128.const i64x2 0x3ff0000000010000 0x3ff0000000010000)
                         (v128.const i64x2 0x3ff0000000020000 0x3ff0000000020000)))
  (func (export "swizzle") (result v128)
    (i8x16.relaxed_swizzle (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
                           (v128.const i8x16 0x11 0x80 0x1f 0 0 0 0 0 0 0 0 0 0 0 0 0)))
  (func (export "trunc") (result v128)
    (i32x4.relaxed_trunc_f32x4_s (v128.const f32x4 nan 3e9 -3e9 -1.5)))
  (func (export "trunc_f64") (result v128)
    (i32x4.relaxed_trunc_f64x2_s_zero (v128.const f64x2 nan 3e9)))
  (func (export "laneselect") (result v128)
    (i32x4.relaxed_laneselect (v128.const i32x4 0x11111111 0x11111111 0x11111111 0x11111111)
                              (v128.const i32x4 0x22222222 0x22222222 0x22222222 0x22222222)
                              (v128.const i32x4 0x7fffffff 0x80000000 0 -1)))
  (func (export "min") (result v128)
    (f32x4.relaxed_min (v128.const f32x4 1 1 1 1) (v128.const f32x4 nan nan nan nan)))
  (func (export "q15") (result v128)
    (i16x8.relaxed_q15mulr_s (v128.const i16x8 -32768 0 0 0 0 0 0 0)
                             (v128.const i16x8 -32768 0 0 0 0 0 0 0)))
  (func (export "dot") (result v128)
    (i16x8.relaxed_dot_i8x16_i7x16_s (v128.const i8x16 127 127 0 0 0 0 0 0 0 0 0 0 0 0 0 0)
                                     (v128.const i8x16 -1 -1 0 0 0 0 0 0 0 0 0 0 0 0 0 0)))
  (func (export "dot_add") (result v128)
    (i32x4.relaxed_dot_i8x16_i7x16_add_s (v128.const i8x16 -128 -128 -128 -128 0 0 0 0 0 0 0 0 0 0 0 0)
                                         (v128.const i8x16 -1 -1 -1 -1 0 0 0 0 0 0 0 0 0 0 0 0)
                                         (v128.const i32x4 0 0 0 0)))
)"#;

fn i32x4(l: [u32; 4]) -> u128 {
    l.iter().rev().fold(0, |v, &x| v << 32 | u128::from(x))
}

/// What each function returns under `sem` (worked out by hand from the instruction definitions).
fn expected(sem: &RelaxedSemantics) -> Vec<(&'static str, u128)> {
    let min = 0x8000_0000;
    vec![
        // (1 + 2^-12)^2 - (1 + 2^-11) = 2^-24 when rounded once, 0 when the product is rounded.
        (
            "madd",
            match sem.madd {
                Madd::Fused => i32x4([0x3380_0000; 4]),
                Madd::Unfused => 0,
            },
        ),
        // (1 + 2^-35) - (1 + 2^-36)^2 = -2^-72 when fused.
        (
            "nmadd_f64",
            match sem.madd {
                Madd::Fused => 0xbb70_0000_0000_0000_bb70_0000_0000_0000,
                Madd::Unfused => 0,
            },
        ),
        (
            "swizzle",
            match sem.swizzle {
                Swizzle::Pshufb => 0x0f_00_01,
                Swizzle::Wasm => 0,
            },
        ),
        (
            "trunc",
            match sem.trunc_signed {
                TruncSigned::IntMin => i32x4([min, min, min, (-1i32) as u32]),
                TruncSigned::Saturating => i32x4([0, 0x7fff_ffff, min, (-1i32) as u32]),
            },
        ),
        (
            "trunc_f64",
            match sem.trunc_signed {
                TruncSigned::IntMin => i32x4([min, min, 0, 0]),
                TruncSigned::Saturating => i32x4([0, 0x7fff_ffff, 0, 0]),
            },
        ),
        (
            "laneselect",
            match sem.laneselect {
                Laneselect::TopBit => i32x4([0x2222_2222, 0x1111_1111, 0x2222_2222, 0x1111_1111]),
                Laneselect::Bitwise => i32x4([0x1111_1111, 0x2222_2222, 0x2222_2222, 0x1111_1111]),
            },
        ),
        (
            "min",
            match sem.min_max {
                MinMax::Pseudo => i32x4([0x3f80_0000; 4]),
                MinMax::Wasm => i32x4([0x7fc0_0000; 4]),
            },
        ),
        (
            "q15",
            match sem.q15mulr {
                Q15Mulr::Pmulhrsw => 0x8000,
                Q15Mulr::Saturating => 0x7fff,
            },
        ),
        (
            "dot",
            match sem.dot {
                Dot::SatUnsignedB => 0x7fff,
                Dot::Signed => u128::from((-254i16) as u16),
            },
        ),
        (
            "dot_add",
            match sem.dot_add {
                DotAdd::ExactSigned => 512,
                DotAdd::ExactUnsignedB => u128::from((-130560i32) as u32),
                DotAdd::SatPairsUnsignedB => u128::from((-65536i32) as u32),
            },
        ),
    ]
}

/// The profile that selects `set` (as the spec runner maps them).
fn profile_for(set: &HandlerSet) -> CpuProfile {
    match set.name() {
        "portable" => CpuProfile::generic(),
        name => CpuProfile::preset(name).expect("every handler set is named after a preset"),
    }
}

/// Runs every function with `profile` and `mode` in the interpreter and checks the results against
/// [`expected`]; returns the handler set that ran them and the number of results checked.
fn check(profile: CpuProfile, mode: RelaxedMode) -> (HandlerSet, usize) {
    let sem = RelaxedSemantics::new(&profile, mode);
    let mut config = Config::new();
    config.cpu(profile).tier(Tier::Interp).relaxed_simd(mode);
    let engine = Engine::new(&config);
    let set = engine.handler_set();
    let module = Module::new(&engine, WAT).expect("module");
    let mut store = Store::new(&engine, ());
    let inst = Instance::new(&mut store, &module, &[]).expect("instance");
    let mut checked = 0;
    for (name, want) in expected(&sem) {
        let f = inst.get_func(&store, name).expect("export");
        let mut out = [Val::V128(0)];
        f.call(&mut store, &[], &mut out).expect("call");
        let Val::V128(got) = out[0] else {
            panic!("{name}: not a v128")
        };
        // NaN lanes only need to be NaN (`min` under the wasm semantics).
        let same = got == want
            || (name == "min" && (0..4).all(|i| f32::from_bits((got >> (32 * i)) as u32).is_nan()));
        assert!(
            same,
            "{} {mode}: {name} = {got:#034x}, want {want:#034x} ({sem:?})",
            set.name()
        );
        checked += 1;
    }
    (set, checked)
}

#[test]
fn every_set_gives_the_profiles_relaxed_results() {
    let mut checked = 0;
    for set in HandlerSet::all() {
        for mode in [RelaxedMode::Native, RelaxedMode::Deterministic] {
            let (ran, n) = check(profile_for(&set), mode);
            assert_eq!(ran, set, "the profile selects the set");
            checked += n;
        }
    }
    println!("{checked} results checked");
    assert!(checked >= 20);
}

/// The results follow the profile, not the handler set that runs it: profiles of other CPUs (and
/// other architectures) run on whichever set this host picks for them, with their own semantics.
#[test]
fn results_follow_the_profile_whatever_set_runs_it() {
    for preset in [
        "x86-64-v1",
        "x86-64-v2",
        "x86-64-v3",
        "znver4",
        "neoverse-n1",
        "neoverse-v1",
        "s390x",
    ] {
        let profile = CpuProfile::preset(preset).expect("preset");
        for mode in [RelaxedMode::Native, RelaxedMode::Deterministic] {
            let (set, n) = check(profile.clone(), mode);
            println!(
                "{preset} {mode}: {n} results checked on the {} set",
                set.name()
            );
        }
    }
}

/// A loop of `n` iterations of one relaxed operator on loop-carried values, per kernel.
fn kernel(op: &str) -> String {
    let body = match op {
        "madd" => "(local.set $x (f32x4.relaxed_madd (local.get $x) (local.get $y) (local.get $z)))",
        "dot_add" => {
            "(local.set $x (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get $y) (local.get $z) (local.get $x)))"
        }
        "swizzle" => "(local.set $x (i8x16.relaxed_swizzle (local.get $x) (local.get $y)))",
        "laneselect" => {
            "(local.set $x (i32x4.relaxed_laneselect (local.get $y) (local.get $z) (local.get $x)))"
        }
        "trunc" => "(local.set $x (i32x4.relaxed_trunc_f32x4_s (local.get $x)))",
        _ => unreachable!("unknown kernel {op}"),
    };
    format!(
        r#"(module (func (export "run") (param $n i32) (result i32)
  (local $i i32) (local $x v128) (local $y v128) (local $z v128)
  (local.set $x (v128.const f32x4 1.5 -2.5 3.25 0.5))
  (local.set $y (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0x81))
  (local.set $z (v128.const f32x4 0.25 0.5 -0.75 1.0))
  (loop $l
    {body}
    (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
  (i32x4.extract_lane 0 (local.get $x))))"#
    )
}

/// Interpreter time of relaxed kernels in native and deterministic mode, for the host's best set:
/// `cargo test --release -p tailor-runtime --test relaxed_simd -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn bench_native_vs_deterministic() {
    let n = 20_000_000;
    for op in ["madd", "dot_add", "swizzle", "laneselect", "trunc"] {
        let mut line = format!("{op:>10}:");
        for mode in [RelaxedMode::Native, RelaxedMode::Deterministic] {
            let mut config = Config::new();
            config.tier(Tier::Interp).relaxed_simd(mode);
            let engine = Engine::new(&config);
            let module = Module::new(&engine, kernel(op)).expect("module");
            let mut store = Store::new(&engine, ());
            let inst = Instance::new(&mut store, &module, &[]).expect("instance");
            let run = inst.get_func(&store, "run").expect("run");
            let mut best = f64::MAX;
            for _ in 0..3 {
                let t = std::time::Instant::now();
                let mut out = [Val::I32(0)];
                run.call(&mut store, &[Val::I32(n)], &mut out)
                    .expect("call");
                best = best.min(t.elapsed().as_secs_f64());
            }
            line += &format!(
                "  {mode} {:.2} ns/iter ({})",
                best * 1e9 / f64::from(n),
                engine.handler_set().name()
            );
        }
        println!("{line}");
    }
}
