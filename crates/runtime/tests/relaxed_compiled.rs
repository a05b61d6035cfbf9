//! Relaxed SIMD in compiled code computes exactly what `tailor_cpu::RelaxedSemantics` chose for the
//! profile and mode (not merely one of the results the specification allows): each operator on the
//! inputs where the choices differ, for every CPU preset of the host's architecture this host runs,
//! in both modes, against a model of each choice written here.

use tailor_cpu::{
    Dot, DotAdd, Laneselect, Madd, MinMax, Q15Mulr, RelaxedMode, RelaxedSemantics, Swizzle,
    TruncSigned,
};
use tailor_runtime::{Config, CpuProfile, Engine, Instance, Module, Store, Tier, Val};

const WAT: &str = r#"(module
  (func (export "swizzle") (param v128 v128) (result v128)
    (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
  (func (export "trunc_f32") (param v128) (result v128)
    (i32x4.relaxed_trunc_f32x4_s (local.get 0)))
  (func (export "trunc_f64") (param v128) (result v128)
    (i32x4.relaxed_trunc_f64x2_s_zero (local.get 0)))
  (func (export "laneselect8") (param v128 v128 v128) (result v128)
    (i8x16.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "laneselect16") (param v128 v128 v128) (result v128)
    (i16x8.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "laneselect32") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "laneselect64") (param v128 v128 v128) (result v128)
    (i64x2.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "min") (param v128 v128) (result v128)
    (f32x4.relaxed_min (local.get 0) (local.get 1)))
  (func (export "max") (param v128 v128) (result v128)
    (f32x4.relaxed_max (local.get 0) (local.get 1)))
  (func (export "q15mulr") (param v128 v128) (result v128)
    (i16x8.relaxed_q15mulr_s (local.get 0) (local.get 1)))
  (func (export "dot") (param v128 v128) (result v128)
    (i16x8.relaxed_dot_i8x16_i7x16_s (local.get 0) (local.get 1)))
  (func (export "dot_add") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 0) (local.get 1) (local.get 2)))
  (func (export "madd") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "nmadd") (param v128 v128 v128) (result v128)
    (f64x2.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2))))"#;

fn v8(b: [u8; 16]) -> u128 {
    u128::from_le_bytes(b)
}
fn v16(l: [i16; 8]) -> u128 {
    let mut b = [0u8; 16];
    for (i, x) in l.iter().enumerate() {
        b[2 * i..2 * i + 2].copy_from_slice(&x.to_le_bytes());
    }
    v8(b)
}
fn v32(l: [u32; 4]) -> u128 {
    let mut b = [0u8; 16];
    for (i, x) in l.iter().enumerate() {
        b[4 * i..4 * i + 4].copy_from_slice(&x.to_le_bytes());
    }
    v8(b)
}
fn v64(l: [u64; 2]) -> u128 {
    u128::from(l[0]) | (u128::from(l[1]) << 64)
}
fn f32s(l: [f32; 4]) -> u128 {
    v32(l.map(f32::to_bits))
}
fn lanes32(v: u128) -> [u32; 4] {
    [0, 1, 2, 3].map(|i| (v >> (32 * i)) as u32)
}

/// Runs every case on `profile` in `mode`; returns the failures.
fn check(profile: &CpuProfile, mode: RelaxedMode) -> Vec<String> {
    let sem = RelaxedSemantics::new(profile, mode);
    let mut config = Config::new();
    config
        .tier(Tier::Jit)
        .cpu(profile.clone())
        .relaxed_simd(mode);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, WAT).unwrap();
    assert!(module.is_compiled());
    let mut store = Store::new(&engine, ());
    let inst = Instance::new(&mut store, &module, &[]).unwrap();
    let mut call = |name: &str, args: &[u128]| -> u128 {
        let f = inst.get_func(&store, name).unwrap();
        let params: Vec<Val> = args.iter().map(|a| Val::V128(*a)).collect();
        let mut out = [Val::V128(0)];
        f.call(&mut store, &params, &mut out).unwrap();
        match out[0] {
            Val::V128(v) => v,
            _ => unreachable!("a v128 result"),
        }
    };
    let failures = std::cell::RefCell::new(Vec::new());
    let expect = |what: &str, got: u128, want: u128| {
        if got != want {
            failures.borrow_mut().push(format!(
                "{what}: got {got:032x}, want {want:032x} ({sem:?})"
            ));
        }
    };

    // swizzle: indices in range, 16..31, top bit set with low bits, 0x70
    let a = v8(std::array::from_fn(|i| 100 + i as u8));
    let s = [
        0u8, 15, 16, 0x1f, 0x80, 0xff, 0x8f, 0x70, 3, 0x13, 0x40, 1, 2, 0x7f, 0x90, 5,
    ];
    let want = v8(s.map(|i| match sem.swizzle {
        Swizzle::Wasm if i < 16 => 100 + i,
        Swizzle::Wasm => 0,
        Swizzle::Pshufb if i & 0x80 != 0 => 0,
        Swizzle::Pshufb => 100 + (i & 15),
    }));
    expect("swizzle", call("swizzle", &[a, v8(s)]), want);

    // truncations: NaN, too large, too small, in range
    let (min, max) = (i32::MIN as u32, i32::MAX as u32);
    let int_min = sem.trunc_signed == TruncSigned::IntMin;
    let got = call("trunc_f32", &[f32s([f32::NAN, 3e9, -3e9, -1.5])]);
    let want = if int_min {
        [min, min, min, -1i32 as u32]
    } else {
        [0, max, min, -1i32 as u32]
    };
    expect("trunc_f32", got, v32(want));
    let got = call("trunc_f64", &[v64([f64::NAN.to_bits(), 1e10f64.to_bits()])]);
    let want = if int_min {
        [min, min, 0, 0]
    } else {
        [0, max, 0, 0]
    };
    expect("trunc_f64", got, v32(want));

    // laneselect: masks whose lanes are neither all ones nor all zeros
    let x = v64([0x1111_1111_1111_1111, 0x2222_2222_2222_2222]);
    let y = v64([0xaaaa_aaaa_aaaa_aaaa, 0xbbbb_bbbb_bbbb_bbbb]);
    let m = v64([0x8000_0000_0000_00ff, 0x7fff_ffff_0000_0080]);
    let bitwise = (x & m) | (y & !m);
    for (name, bits) in [
        ("laneselect8", 8),
        ("laneselect16", 16),
        ("laneselect32", 32),
        ("laneselect64", 64),
    ] {
        let want = if sem.laneselect == Laneselect::TopBit && bits != 16 {
            let mut w = 0u128;
            for lane in 0..128 / bits {
                let lane_mask = (u128::MAX >> (128 - bits)) << (lane * bits);
                let top = 1u128 << (lane * bits + bits - 1);
                w |= if m & top != 0 { x } else { y } & lane_mask;
            }
            w
        } else {
            bitwise
        };
        expect(name, call(name, &[x, y, m]), want);
    }

    // min/max: NaN in either operand, zeros of both signs
    let a = [f32::NAN, 0.0, -0.0, 1.0];
    let b = [1.0, -0.0, 0.0, f32::NAN];
    for (name, is_max) in [("min", false), ("max", true)] {
        let got = lanes32(call(name, &[f32s(a), f32s(b)]));
        for i in 0..4 {
            let g = f32::from_bits(got[i]);
            let ok = match sem.min_max {
                MinMax::Wasm => {
                    if a[i].is_nan() || b[i].is_nan() {
                        g.is_nan()
                    } else {
                        let want = match (is_max, a[i].is_sign_negative()) {
                            (false, true) | (true, false) => a[i],
                            _ => b[i],
                        };
                        got[i] == want.to_bits()
                    }
                }
                MinMax::Pseudo => {
                    let pick_b = if is_max { a[i] < b[i] } else { b[i] < a[i] };
                    got[i] == if pick_b { b[i] } else { a[i] }.to_bits()
                }
            };
            if !ok {
                failures
                    .borrow_mut()
                    .push(format!("{name} lane {i}: got {g:?} ({sem:?})"));
            }
        }
    }

    // q15mulr: -32768 * -32768
    let q = v16([i16::MIN; 8]);
    let want = match sem.q15mulr {
        Q15Mulr::Saturating => i16::MAX,
        Q15Mulr::Pmulhrsw => i16::MIN,
    };
    expect("q15mulr", call("q15mulr", &[q, q]), v16([want; 8]));

    // dot products: b bytes with the top bit set (-1 signed, 255 unsigned)
    let a = v8([0x80; 16]);
    let b = v8([0xff; 16]);
    let want = match sem.dot {
        Dot::Signed => 256,
        Dot::SatUnsignedB => i16::MIN,
    };
    expect("dot", call("dot", &[a, b]), v16([want; 8]));
    let c = v32([1; 4]);
    let want = match sem.dot_add {
        DotAdd::ExactSigned => 513,
        DotAdd::ExactUnsignedB => 4 * (-128 * 255) + 1,
        DotAdd::SatPairsUnsignedB => 2 * i32::from(i16::MIN) + 1,
    };
    expect(
        "dot_add",
        call("dot_add", &[a, b, c]),
        v32([want as u32; 4]),
    );

    // madd: (1 + 2^-23)^2 - (1 + 2^-22) is 2^-46 fused, 0 unfused
    let e = 1.0 + f32::EPSILON;
    let got = call(
        "madd",
        &[
            f32s([e; 4]),
            f32s([e; 4]),
            f32s([-(1.0 + 2.0 * f32::EPSILON); 4]),
        ],
    );
    let want = match sem.madd {
        Madd::Fused => 2f32.powi(-46),
        Madd::Unfused => 0.0,
    };
    expect("madd", got, f32s([want; 4]));
    // nmadd: -(x * x) + (1 + 2^-51) is -2^-104 fused, 0 unfused
    let d = 1.0 + f64::EPSILON;
    let got = call(
        "nmadd",
        &[
            v64([d.to_bits(); 2]),
            v64([d.to_bits(); 2]),
            v64([(1.0 + 2.0 * f64::EPSILON).to_bits(); 2]),
        ],
    );
    let want = match sem.madd {
        Madd::Fused => -(2f64.powi(-104)),
        Madd::Unfused => 0.0,
    };
    expect("nmadd", got, v64([want.to_bits(); 2]));
    failures.into_inner()
}

#[test]
fn compiled_relaxed_simd_follows_the_semantics_table() {
    let host = CpuProfile::host();
    let mut profiles = vec![host.clone()];
    for name in CpuProfile::presets_for(host.arch()) {
        if let Ok(p) = CpuProfile::preset(name) {
            if p.check_runs_on(&host).is_ok() {
                profiles.push(p);
            }
        }
    }
    let mut failures = Vec::new();
    let mut kinds = std::collections::HashSet::new();
    for p in &profiles {
        for mode in [RelaxedMode::Native, RelaxedMode::Deterministic] {
            kinds.insert(RelaxedSemantics::new(p, mode));
            for f in check(p, mode) {
                failures.push(format!("{p} {mode}: {f}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // At least the deterministic choices and the host's native ones were exercised.
    assert!(!kinds.is_empty());
}
