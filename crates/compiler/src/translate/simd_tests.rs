//! Every SIMD operator compiles, for every backend: one function per operator, plus every module
//! of the spec test suite's SIMD scripts.

use crate::{compile_module, CompileOptions};
use std::path::PathBuf;
use tailor_cpu::CpuProfile;

const PROFILES: [&str; 6] = [
    "x86-64-v1",
    "x86-64-v3",
    "x86-64-v4",
    "aarch64",
    "s390x",
    "riscv64gc+v",
];

/// `(operator, params, result)`; params and result are wasm type letters.
fn operators() -> Vec<(String, &'static str, &'static str)> {
    let mut ops: Vec<(String, &str, &str)> = Vec::new();
    let mut add = |names: &str, params: &'static str, result: &'static str| {
        for n in names.split_whitespace() {
            ops.push((n.replace('|', " "), params, result));
        }
    };
    add(
        "v128.not i8x16.abs i8x16.neg i8x16.popcnt i16x8.abs i16x8.neg i32x4.abs i32x4.neg \
         i64x2.abs i64x2.neg i16x8.extend_low_i8x16_s i16x8.extend_high_i8x16_s \
         i16x8.extend_low_i8x16_u i16x8.extend_high_i8x16_u i32x4.extend_low_i16x8_s \
         i32x4.extend_high_i16x8_s i32x4.extend_low_i16x8_u i32x4.extend_high_i16x8_u \
         i64x2.extend_low_i32x4_s i64x2.extend_high_i32x4_s i64x2.extend_low_i32x4_u \
         i64x2.extend_high_i32x4_u i16x8.extadd_pairwise_i8x16_s i16x8.extadd_pairwise_i8x16_u \
         i32x4.extadd_pairwise_i16x8_s i32x4.extadd_pairwise_i16x8_u f32x4.abs f32x4.neg \
         f32x4.sqrt f32x4.ceil f32x4.floor f32x4.trunc f32x4.nearest f64x2.abs f64x2.neg \
         f64x2.sqrt f64x2.ceil f64x2.floor f64x2.trunc f64x2.nearest i32x4.trunc_sat_f32x4_s \
         i32x4.trunc_sat_f32x4_u i32x4.trunc_sat_f64x2_s_zero i32x4.trunc_sat_f64x2_u_zero \
         f32x4.convert_i32x4_s f32x4.convert_i32x4_u f64x2.convert_low_i32x4_s \
         f64x2.convert_low_i32x4_u f32x4.demote_f64x2_zero f64x2.promote_low_f32x4 \
         i32x4.relaxed_trunc_f32x4_s i32x4.relaxed_trunc_f32x4_u \
         i32x4.relaxed_trunc_f64x2_s_zero i32x4.relaxed_trunc_f64x2_u_zero",
        "v",
        "v",
    );
    add(
        "v128.any_true i8x16.all_true i16x8.all_true i32x4.all_true i64x2.all_true \
         i8x16.bitmask i16x8.bitmask i32x4.bitmask i64x2.bitmask \
         i8x16.extract_lane_s|15 i8x16.extract_lane_u|3 i16x8.extract_lane_s|7 \
         i16x8.extract_lane_u|1 i32x4.extract_lane|3",
        "v",
        "i",
    );
    add("i64x2.extract_lane|1", "v", "l");
    add("f32x4.extract_lane|2", "v", "f");
    add("f64x2.extract_lane|1", "v", "d");
    add(
        "v128.and v128.andnot v128.or v128.xor i8x16.swizzle i8x16.narrow_i16x8_s \
         i8x16.narrow_i16x8_u i16x8.narrow_i32x4_s i16x8.narrow_i32x4_u \
         i8x16.add i8x16.add_sat_s i8x16.add_sat_u i8x16.sub i8x16.sub_sat_s i8x16.sub_sat_u \
         i8x16.min_s i8x16.min_u i8x16.max_s i8x16.max_u i8x16.avgr_u \
         i16x8.add i16x8.add_sat_s i16x8.add_sat_u i16x8.sub i16x8.sub_sat_s i16x8.sub_sat_u \
         i16x8.mul i16x8.min_s i16x8.min_u i16x8.max_s i16x8.max_u i16x8.avgr_u \
         i16x8.q15mulr_sat_s i16x8.extmul_low_i8x16_s i16x8.extmul_high_i8x16_s \
         i16x8.extmul_low_i8x16_u i16x8.extmul_high_i8x16_u \
         i32x4.add i32x4.sub i32x4.mul i32x4.min_s i32x4.min_u i32x4.max_s i32x4.max_u \
         i32x4.dot_i16x8_s i32x4.extmul_low_i16x8_s i32x4.extmul_high_i16x8_s \
         i32x4.extmul_low_i16x8_u i32x4.extmul_high_i16x8_u \
         i64x2.add i64x2.sub i64x2.mul i64x2.extmul_low_i32x4_s i64x2.extmul_high_i32x4_s \
         i64x2.extmul_low_i32x4_u i64x2.extmul_high_i32x4_u \
         f32x4.add f32x4.sub f32x4.mul f32x4.div f32x4.min f32x4.max f32x4.pmin f32x4.pmax \
         f64x2.add f64x2.sub f64x2.mul f64x2.div f64x2.min f64x2.max f64x2.pmin f64x2.pmax \
         i8x16.eq i8x16.ne i8x16.lt_s i8x16.lt_u i8x16.gt_s i8x16.gt_u i8x16.le_s i8x16.le_u \
         i8x16.ge_s i8x16.ge_u i16x8.eq i16x8.ne i16x8.lt_s i16x8.lt_u i16x8.gt_s i16x8.gt_u \
         i16x8.le_s i16x8.le_u i16x8.ge_s i16x8.ge_u i32x4.eq i32x4.ne i32x4.lt_s i32x4.lt_u \
         i32x4.gt_s i32x4.gt_u i32x4.le_s i32x4.le_u i32x4.ge_s i32x4.ge_u i64x2.eq i64x2.ne \
         i64x2.lt_s i64x2.gt_s i64x2.le_s i64x2.ge_s f32x4.eq f32x4.ne f32x4.lt f32x4.gt \
         f32x4.le f32x4.ge f64x2.eq f64x2.ne f64x2.lt f64x2.gt f64x2.le f64x2.ge \
         i8x16.relaxed_swizzle f32x4.relaxed_min f32x4.relaxed_max f64x2.relaxed_min \
         f64x2.relaxed_max i16x8.relaxed_q15mulr_s i16x8.relaxed_dot_i8x16_i7x16_s \
         i8x16.shuffle|0|17|2|19|4|21|6|23|8|25|10|27|12|29|14|31",
        "vv",
        "v",
    );
    add(
        "v128.bitselect f32x4.relaxed_madd f32x4.relaxed_nmadd f64x2.relaxed_madd \
         f64x2.relaxed_nmadd i8x16.relaxed_laneselect i16x8.relaxed_laneselect \
         i32x4.relaxed_laneselect i64x2.relaxed_laneselect i32x4.relaxed_dot_i8x16_i7x16_add_s",
        "vvv",
        "v",
    );
    add(
        "i8x16.shl i8x16.shr_s i8x16.shr_u i16x8.shl i16x8.shr_s i16x8.shr_u i32x4.shl \
         i32x4.shr_s i32x4.shr_u i64x2.shl i64x2.shr_s i64x2.shr_u \
         i8x16.replace_lane|9 i16x8.replace_lane|5 i32x4.replace_lane|2",
        "vi",
        "v",
    );
    add("i64x2.replace_lane|1", "vl", "v");
    add("f32x4.replace_lane|3", "vf", "v");
    add("f64x2.replace_lane|0", "vd", "v");
    add("i8x16.splat i16x8.splat i32x4.splat", "i", "v");
    add("i64x2.splat", "l", "v");
    add("f32x4.splat", "f", "v");
    add("f64x2.splat", "d", "v");
    add(
        "v128.load v128.load8x8_s v128.load8x8_u v128.load16x4_s v128.load16x4_u \
         v128.load32x2_s v128.load32x2_u v128.load8_splat v128.load16_splat \
         v128.load32_splat v128.load64_splat v128.load32_zero v128.load64_zero \
         v128.load|offset=7|align=1",
        "i",
        "v",
    );
    add(
        "v128.load8_lane|15 v128.load16_lane|7 v128.load32_lane|3 v128.load64_lane|1 \
         v128.load32_lane|offset=65536|0",
        "iv",
        "v",
    );
    add(
        "v128.store v128.store8_lane|1 v128.store16_lane|2 v128.store32_lane|3 \
         v128.store64_lane|0",
        "iv",
        "",
    );
    add("v128.const|i32x4|1|-2|3|0x7fffffff", "", "v");
    ops
}

fn wasm_type(c: char) -> &'static str {
    match c {
        'v' => "v128",
        'i' => "i32",
        'l' => "i64",
        'f' => "f32",
        _ => "f64",
    }
}

/// A module with one function per operator.
fn all_ops_module() -> String {
    let mut wat = String::from("(module (memory 1)\n");
    for (op, params, result) in operators() {
        wat.push_str("  (func");
        for p in params.chars() {
            wat.push_str(&format!(" (param {})", wasm_type(p)));
        }
        if let Some(r) = result.chars().next() {
            wat.push_str(&format!(" (result {})", wasm_type(r)));
        }
        for i in 0..params.len() {
            wat.push_str(&format!(" local.get {i}"));
        }
        wat.push_str(&format!(" {op})\n"));
    }
    wat.push_str(")\n");
    wat
}

fn compile_for_all(name: &str, bytes: &[u8]) {
    let module = tailor_module::Module::new(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    for p in PROFILES {
        let profile = CpuProfile::preset(p).unwrap();
        compile_module(&module, &CompileOptions::new(profile))
            .unwrap_or_else(|e| panic!("{name} for {p}: {e}"));
    }
}

#[test]
fn every_simd_operator_compiles_on_every_backend() {
    let ops = operators();
    assert!(ops.len() >= 256, "{} operators", ops.len());
    let bytes = wat::parse_str(all_ops_module()).unwrap();
    compile_for_all("all SIMD operators", &bytes);
}

/// Every relaxed-SIMD choice any preset makes has a lowering on its target: the operators compile
/// for every CPU preset that can compile SIMD, in both relaxed modes, and native mode really uses
/// the CPU's instructions where the semantics say so.
#[test]
fn relaxed_semantics_of_every_preset_lower() {
    use tailor_cpu::{Madd, RelaxedMode, RelaxedSemantics};
    let bytes = wat::parse_str(all_ops_module()).unwrap();
    let module = tailor_module::Module::new(&bytes).unwrap();
    let mut compiled = 0;
    for preset in tailor_cpu::PRESETS {
        let profile = CpuProfile::preset(preset.name).unwrap();
        if crate::lower::hooks_for(&profile)
            .simd_support(&profile)
            .is_err()
        {
            continue;
        }
        for mode in [RelaxedMode::Native, RelaxedMode::Deterministic] {
            let mut opts = CompileOptions::new(profile.clone());
            opts.relaxed_simd = mode;
            compile_module(&module, &opts)
                .unwrap_or_else(|e| panic!("{} ({mode}): {e}", preset.name));
            compiled += 1;
        }
    }
    assert!(compiled >= 20, "{compiled} preset/mode pairs compiled");
    // Fused in native mode where the profile has FMA: no separate multiply.
    let madd = wat::parse_str(
        "(module (func (param v128 v128 v128) (result v128) \
         (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))",
    )
    .unwrap();
    let madd = tailor_module::Module::new(&madd).unwrap();
    for (name, fused) in [("x86-64-v3", true), ("x86-64-v2", false)] {
        let profile = CpuProfile::preset(name).unwrap();
        for mode in [RelaxedMode::Native, RelaxedMode::Deterministic] {
            let sem = RelaxedSemantics::new(&profile, mode);
            let mut opts = CompileOptions::new(profile.clone());
            opts.relaxed_simd = mode;
            opts.disassemble = true;
            let disas = compile_module(&madd, &opts).unwrap().disassembly.join("\n");
            let want_fused = fused && mode == RelaxedMode::Native;
            assert_eq!(sem.madd == Madd::Fused, want_fused, "{name} {mode}");
            assert_eq!(
                disas.contains("vfmadd"),
                want_fused,
                "{name} {mode}:\n{disas}"
            );
            assert_eq!(
                disas.contains("mulps"),
                !want_fused,
                "{name} {mode}:\n{disas}"
            );
        }
    }
}

/// The spec test suite vendored in the repository (or `$TAILOR_TESTSUITE`).
fn testsuite() -> PathBuf {
    tailor_test_support::testsuite_dir()
}

/// The top-level `(module …)` forms of a `.wast` script given as text (not `binary`/`quote`, and
/// not the ones inside assertions).
fn text_modules(script: &str) -> Vec<String> {
    let bytes = script.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut i, mut start) = (0usize, 0usize, None);
    while i < bytes.len() {
        match bytes[i] {
            b';' if bytes.get(i + 1) == Some(&b';') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' if bytes.get(i + 1) == Some(&b';') => {
                let end = script[i..].find(";)").map_or(bytes.len(), |e| i + e + 2);
                i = end - 1;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'(' => {
                if depth == 0 && script[i..].starts_with("(module") {
                    start = Some(i);
                }
                depth += 1;
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    if let Some(s) = start.take() {
                        let m = &script[s..=i];
                        let head: Vec<&str> = m[7..].split_whitespace().take(2).collect();
                        let kind = head
                            .iter()
                            .find(|w| !w.starts_with('$'))
                            .copied()
                            .unwrap_or("");
                        if !kind.starts_with("binary")
                            && !kind.starts_with("quote")
                            && !kind.starts_with("definition")
                        {
                            out.push(m.to_string());
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[test]
fn spec_simd_modules_compile_on_every_backend() {
    let root = testsuite();
    let Ok(dir) = std::fs::read_dir(&root) else {
        eprintln!("no test suite at {}; skipped", root.display());
        return;
    };
    let mut files: Vec<PathBuf> = dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            (n.starts_with("simd_") || n.starts_with("relaxed_")) && n.ends_with(".wast")
        })
        .collect();
    files.sort();
    let mut count = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (k, m) in text_modules(&text).into_iter().enumerate() {
            let name = format!("{} module {k}", f.display());
            let bytes = wat::parse_str(&m).unwrap_or_else(|e| panic!("{name}: {e}"));
            compile_for_all(&name, &bytes);
            count += 1;
        }
    }
    eprintln!("{count} modules from {} files", files.len());
    assert!(files.is_empty() || count > 50, "{count} modules");
}

/// On a target that cannot compile SIMD (riscv64gc without V), the functions that need SIMD are
/// left to the interpreter and the rest is compiled; an object file (no interpreter) still refuses
/// the module.
#[test]
fn simd_functions_fall_back_to_the_interpreter_without_vector_support() {
    let wat = r#"(module
        (global $g v128 (v128.const i32x4 1 2 3 4))
        (func $plain (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
        (func $inner (param i32) (result i32) (i32x4.extract_lane 1 (i32x4.splat (local.get 0))))
        (func $sig (param v128) (result v128) (local.get 0))
        (func $calls_sig (result i32) (call $sig (global.get $g)) drop (i32.const 1))
        (func $global (result i32) (global.get $g) drop (i32.const 2))
        (func $block (result i32) (block (result v128) (global.get $g)) drop (i32.const 3))
        (func $calls_plain (result i32) (call $plain (call $inner (i32.const 4)))))"#;
    let bytes = wat::parse_str(wat).unwrap();
    let module = tailor_module::Module::new(&bytes).unwrap();
    let profile = CpuProfile::preset("riscv64gc").unwrap();
    let opts = CompileOptions::new(profile.clone());
    let compiled = compile_module(&module, &opts).unwrap();
    assert_eq!(compiled.interpreted, vec![1, 2, 3, 4, 5]);
    assert_eq!(compiled.image.funcs.len(), 7);
    // Trampolines only for the compiled functions' types: none takes or returns a v128.
    for (ty, _) in &compiled.image.trampolines {
        let f = module.type_at(*ty);
        assert!(
            !f.params().contains(&wasmparser::ValType::V128),
            "type {ty}"
        );
        assert!(
            !f.results().contains(&wasmparser::ValType::V128),
            "type {ty}"
        );
    }
    // With V everything is compiled.
    let with_v = CompileOptions::new(CpuProfile::preset("riscv64gc+v").unwrap());
    assert!(compile_module(&module, &with_v)
        .unwrap()
        .interpreted
        .is_empty());
    // An object has no interpreter.
    let e = crate::compile_object(&module, &opts)
        .unwrap_err()
        .to_string();
    assert!(e.contains("vector extension"), "{e}");
}
