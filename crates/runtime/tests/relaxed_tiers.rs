//! Relaxed SIMD per CPU (issue 21): for one CPU profile and `--relaxed-simd` mode, the interpreter
//! (the handler set the profile selects) and compiled code give the same bits for every relaxed
//! operator, on random and corner-case inputs, and `deterministic` gives the same results on every
//! profile. That each tier computes the choice `RelaxedSemantics` names is checked on inputs where
//! the choices differ by `relaxed_simd.rs` (interpreter) and `relaxed_compiled.rs` (compiled code). NaN lanes compare equal whatever their payload (docs/portability.md: NaN payloads may
//! differ between tiers, as the specification allows).
//!
//! Profiles this host cannot run are a counted skip, printed with the reason.

use tailor_runtime::{
    Config, CpuProfile, Engine, Instance, Linker, Module, RelaxedMode, Store, Tier, Val,
};

/// How a result's lanes compare.
#[derive(Clone, Copy, PartialEq)]
enum Lanes {
    Int,
    F32,
    F64,
}

/// (export name, operator, operand count, result lanes).
const OPS: &[(&str, &str, usize, Lanes)] = &[
    ("swizzle", "i8x16.relaxed_swizzle", 2, Lanes::Int),
    ("trunc_f32_s", "i32x4.relaxed_trunc_f32x4_s", 1, Lanes::Int),
    ("trunc_f32_u", "i32x4.relaxed_trunc_f32x4_u", 1, Lanes::Int),
    (
        "trunc_f64_s",
        "i32x4.relaxed_trunc_f64x2_s_zero",
        1,
        Lanes::Int,
    ),
    (
        "trunc_f64_u",
        "i32x4.relaxed_trunc_f64x2_u_zero",
        1,
        Lanes::Int,
    ),
    ("madd32", "f32x4.relaxed_madd", 3, Lanes::F32),
    ("nmadd32", "f32x4.relaxed_nmadd", 3, Lanes::F32),
    ("madd64", "f64x2.relaxed_madd", 3, Lanes::F64),
    ("nmadd64", "f64x2.relaxed_nmadd", 3, Lanes::F64),
    ("sel8", "i8x16.relaxed_laneselect", 3, Lanes::Int),
    ("sel16", "i16x8.relaxed_laneselect", 3, Lanes::Int),
    ("sel32", "i32x4.relaxed_laneselect", 3, Lanes::Int),
    ("sel64", "i64x2.relaxed_laneselect", 3, Lanes::Int),
    ("min32", "f32x4.relaxed_min", 2, Lanes::F32),
    ("max32", "f32x4.relaxed_max", 2, Lanes::F32),
    ("min64", "f64x2.relaxed_min", 2, Lanes::F64),
    ("max64", "f64x2.relaxed_max", 2, Lanes::F64),
    ("q15mulr", "i16x8.relaxed_q15mulr_s", 2, Lanes::Int),
    ("dot", "i16x8.relaxed_dot_i8x16_i7x16_s", 2, Lanes::Int),
    (
        "dot_add",
        "i32x4.relaxed_dot_i8x16_i7x16_add_s",
        3,
        Lanes::Int,
    ),
];

/// One module exporting every operator as `(v128, v128, v128) -> v128`.
fn module_text() -> String {
    let mut wat = String::from("(module\n");
    for (name, op, arity, _) in OPS {
        let args: String = (0..*arity).map(|i| format!(" (local.get {i})")).collect();
        wat.push_str(&format!(
            "  (func (export \"{name}\") (param v128 v128 v128) (result v128) ({op}{args}))\n"
        ));
    }
    wat.push(')');
    wat
}

/// An instance of the module on `tier` for `profile` in `mode`.
fn instance(profile: &CpuProfile, mode: RelaxedMode, tier: Tier) -> (Store<()>, Instance, Engine) {
    let mut config = Config::new();
    config.cpu(profile.clone()).relaxed_simd(mode).tier(tier);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, module_text()).expect("the module compiles");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("the module instantiates");
    (store, instance, engine)
}

fn call(store: &mut Store<()>, instance: &Instance, name: &str, args: [u128; 3]) -> u128 {
    let f = instance.get_func(store, name).expect("exported");
    let mut out = [Val::V128(0)];
    f.call(store, &args.map(Val::V128), &mut out)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    match out[0] {
        Val::V128(v) => v,
        ref other => panic!("{name} returned {other:?}"),
    }
}

/// Whether `a` and `b` are the same result: equal bits, or NaN in the same float lanes.
fn same(a: u128, b: u128, lanes: Lanes) -> bool {
    match lanes {
        Lanes::Int => a == b,
        Lanes::F32 => (0..4).all(|i| {
            let (x, y) = ((a >> (32 * i)) as u32, (b >> (32 * i)) as u32);
            x == y || (f32::from_bits(x).is_nan() && f32::from_bits(y).is_nan())
        }),
        Lanes::F64 => (0..2).all(|i| {
            let (x, y) = ((a >> (64 * i)) as u64, (b >> (64 * i)) as u64);
            x == y || (f64::from_bits(x).is_nan() && f64::from_bits(y).is_nan())
        }),
    }
}

fn f32s(v: [f32; 4]) -> u128 {
    v.iter()
        .enumerate()
        .fold(0, |acc, (i, f)| acc | (u128::from(f.to_bits()) << (32 * i)))
}

fn f64s(v: [f64; 2]) -> u128 {
    u128::from(v[0].to_bits()) | (u128::from(v[1].to_bits()) << 64)
}

fn i16s(v: [i16; 8]) -> u128 {
    v.iter()
        .enumerate()
        .fold(0, |acc, (i, x)| acc | (u128::from(*x as u16) << (16 * i)))
}

/// Random vectors mixed with corner cases: NaN, ±0, ±inf, values just out of `i32` range, `i16::MIN`
/// lanes, bytes with their top bit set, indices past 15.
fn inputs() -> Vec<[u128; 3]> {
    let specials = [
        f32s([f32::NAN, -0.0, 0.0, f32::INFINITY]),
        f32s([f32::NEG_INFINITY, 2147483648.0, -2147483904.0, 4294967296.0]),
        f32s([1.5, -1.5, 0.5, -2.5]),
        f32s([1.000_244_1, 1.000_244_1, -1.000_488_3, 3.0e38]),
        f64s([f64::NAN, -0.0]),
        f64s([2147483648.0, -2147483649.0]),
        f64s([1.0 + f64::EPSILON, -1.0e300]),
        i16s([i16::MIN, i16::MIN, i16::MAX, -1, 1, 0, i16::MIN, 12345]),
        u128::from_le_bytes([
            0x80, 0x8f, 0x10, 0x11, 0x1f, 0xff, 0x7f, 0x0f, 0x00, 0x81, 0x90, 0x40, 0x20, 0x05,
            0xf0, 0x0e,
        ]),
        u128::MAX,
        0,
        0x8000_0000_0000_0000_8000_0000_0000_0000,
    ];
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut random = || u128::from(next()) | (u128::from(next()) << 64);
    let mut out = Vec::new();
    for &a in &specials {
        for &b in &specials {
            out.push([a, b, specials[(a as usize ^ b as usize) % specials.len()]]);
        }
    }
    for _ in 0..2000 {
        let (a, b, c) = (random(), random(), random());
        out.push([a, b, c]);
    }
    out
}

/// Every profile to check, with why it is skipped here (if it is).
fn profiles() -> Vec<(&'static str, Option<String>)> {
    let host = CpuProfile::host();
    let names: &[&str] = if host.arch() == tailor_cpu::Arch::X86_64 {
        &["x86-64-v1", "x86-64-v2", "x86-64-v3", "x86-64-v4", "native"]
    } else {
        &["generic", "native"]
    };
    names
        .iter()
        .map(|&name| {
            let p = CpuProfile::preset(name).expect("known preset");
            let missing = p.missing_on(&host);
            let why = (!missing.is_empty()).then(|| {
                let names: Vec<&str> = missing.iter().map(|f| f.name()).collect();
                format!("the host lacks {}", names.join(", "))
            });
            (name, why)
        })
        .collect()
}

#[test]
fn interpreter_and_compiled_code_agree_per_profile_and_mode() {
    let inputs = inputs();
    let mut checked = 0;
    let mut skipped = Vec::new();
    let mut deterministic: Option<Vec<Vec<u128>>> = None;
    for (name, why) in profiles() {
        if let Some(why) = why {
            skipped.push(format!("{name}: {why}"));
            continue;
        }
        let profile = CpuProfile::preset(name).unwrap();
        for mode in [RelaxedMode::Native, RelaxedMode::Deterministic] {
            let (mut si, ii, _) = instance(&profile, mode, Tier::Interp);
            let (mut sj, ij, _) = instance(&profile, mode, Tier::Jit);
            let mut results = Vec::new();
            for (op, _, _, lanes) in OPS {
                let mut per_op = Vec::new();
                for args in &inputs {
                    let a = call(&mut si, &ii, op, *args);
                    let b = call(&mut sj, &ij, op, *args);
                    assert!(
                        same(a, b, *lanes),
                        "{name} {mode}: {op}({:#x}, {:#x}, {:#x}): interpreter {a:#034x}, \
                         compiled {b:#034x}",
                        args[0],
                        args[1],
                        args[2]
                    );
                    per_op.push(a);
                    checked += 1;
                }
                results.push(per_op);
            }
            if mode == RelaxedMode::Deterministic {
                match &deterministic {
                    None => deterministic = Some(results),
                    Some(first) => {
                        for (i, (op, _, _, lanes)) in OPS.iter().enumerate() {
                            for (j, args) in inputs.iter().enumerate() {
                                assert!(
                                    same(first[i][j], results[i][j], *lanes),
                                    "deterministic {op}({args:x?}) differs on {name}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    println!(
        "relaxed SIMD across tiers: {checked} results compared, {} profile(s) skipped",
        skipped.len()
    );
    for s in &skipped {
        println!("  skipped {s}");
    }
    assert!(checked > 0);
}
