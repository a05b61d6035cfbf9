//! The program of the stack-bound test: one loop whose body executes every interpreter op.
//!
//! Nothing here lists the ops by hand where it can be derived. The numeric and SIMD wasm operators
//! are found from the interpreter's own op names ([`tailor_interp::ops::NAMES`]: `I32AddImmRa` is a
//! form of `i32.add`, `I8x16Swizzle` is `i8x16.swizzle`), each is given the statement shapes that
//! make the translator choose every form (slot operands, constant operands, register operands and
//! results, fused compare-and-branch, other memories), and the shapes that validate are kept. An op
//! added to the interpreter is therefore exercised without editing this file; only control, call,
//! memory, table and reference ops are written out in [`control_statements`]. The test then checks
//! statically (translating the module) that the loop really contains every op.

use std::collections::BTreeSet;
use std::sync::Arc;

use tailor_cpu::RelaxedSemantics;

/// The scalar value types, as wasm text names.
const SCALARS: [&str; 4] = ["i32", "i64", "f32", "f64"];

/// Suffixes that name a form of a numeric op rather than another op, longest first.
const FORM_SUFFIXES: [&str; 8] = ["ImmRao", "ImmRa", "ImmRo", "Imm", "Rao", "Ra", "Ro", "Rv"];

/// Interpreter ops whose names do not come from a single wasm operator: control flow, calls,
/// variables, memory and table instructions, fused branches. [`control_statements`] exercises them.
fn is_structural(name: &str) -> bool {
    const PREFIXES: [&str; 17] = [
        "Trap",
        "Br",
        "Return",
        "Copy",
        "Const",
        "Select",
        "Call",
        "Global",
        "Memory",
        "Table",
        "Ref",
        "Elem",
        "DataDrop",
        "LoadExt",
        "StoreExt",
        "V128Load",
        "V128Store",
    ];
    name == "I8x16Shuffle" || PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Whether `name` is a relaxed-SIMD variant: an op no wasm operator names, which the translator
/// picks for a relaxed operator under semantics other than the deterministic ones (the loop's
/// relaxed statements bring them; see [`ops_of_with`]).
pub fn is_relaxed_variant(name: &str) -> bool {
    tailor_interp::ops::RELAXED_VARIANT_NAMES.contains(&name)
}

/// `I8x16ExtractLaneS` → `i8x16.extract_lane_s`: snake case, the first `_` becomes the `.`.
fn wasm_name(op: &str) -> String {
    let mut snake = String::new();
    for (i, c) in op.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            snake.push('_');
        }
        snake.push(c.to_ascii_lowercase());
    }
    let snake = snake.replacen('_', ".", 1);
    // Where wasmparser's variant names break words differently from the text format.
    [
        ("and_not", "andnot"),
        ("q15_mulr", "q15mulr"),
        ("p_max", "pmax"),
        ("p_min", "pmin"),
        ("ext_add", "extadd"),
        ("ext_mul", "extmul"),
    ]
    .iter()
    .fold(snake, |s, (from, to)| s.replace(from, to))
}

/// The distinct wasm operators behind the interpreter's numeric and SIMD ops.
pub fn numeric_operators() -> BTreeSet<String> {
    tailor_interp::ops::NAMES
        .iter()
        .filter(|n| !is_structural(n) && !is_relaxed_variant(n))
        .map(|n| {
            let base = FORM_SUFFIXES
                .iter()
                .find_map(|s| n.strip_suffix(s))
                .unwrap_or(n);
            wasm_name(base)
        })
        .collect()
}

/// `t.add(a_t, b_t)`: a value of type `t` computed by the op just before the consumer, so the
/// consumer reads it from the register (its `Ra` form).
fn produce(t: &str) -> String {
    if t == "v128" {
        return "(i32x4.add (local.get $a_v128) (local.get $b_v128))".into();
    }
    format!("({t}.add (local.get $a_{t}) (local.get $b_{t}))")
}

/// `t.add(x, c_t)`: consumes `x` as the next op, so the producer of `x` writes the register (its
/// `Ro` form).
fn consume(t: &str, x: &str) -> String {
    format!("({t}.add {x} (local.get $c_{t}))")
}

/// A constant operand (the `Imm` forms).
fn constant(t: &str) -> String {
    format!("({t}.const 3)")
}

/// The statements that exercise `op` as a binary operator `(tin, tin) -> tout`.
fn binary_shapes(op: &str, tin: &str, tout: &str) -> Vec<String> {
    let a = format!("(local.get $a_{tin})");
    let b = format!("(local.get $b_{tin})");
    let (p, k) = (produce(tin), constant(tin));
    let set = |x: String| format!("(local.set $s_{tout} {x})");
    let mut v = Vec::new();
    for (l, r) in [(&a, &b), (&a, &k), (&p, &b), (&p, &k)] {
        let e = format!("({op} {l} {r})");
        v.push(set(e.clone()));
        v.push(set(consume(tout, &e)));
        if tout == "i32" {
            v.push(format!("(block $B (br_if $B {e}))"));
            v.push(format!("(if {e} (then (local.set $s_i32 (i32.const 1))))"));
        }
    }
    v
}

/// The statements that exercise `op` as a unary operator `tin -> tout`.
fn unary_shapes(op: &str, tin: &str, tout: &str) -> Vec<String> {
    let set = |x: String| format!("(local.set $s_{tout} {x})");
    let mut v = Vec::new();
    for x in [format!("(local.get $a_{tin})"), produce(tin)] {
        let e = format!("({op} {x})");
        v.push(set(e.clone()));
        v.push(set(consume(tout, &e)));
        if tout == "i32" {
            v.push(format!("(block $B (br_if $B {e}))"));
            v.push(format!("(if {e} (then (local.set $s_i32 (i32.const 1))))"));
        }
    }
    if tin == tout {
        // A chain of three: producer, both, consumer forms within the op itself (`f64.abs` and
        // `f64.neg` keep f64 bits in the integer register, so `f64.add` cannot be their partner).
        let a = format!("(local.get $a_{tin})");
        v.push(set(format!("({op} ({op} ({op} {a})))")));
    }
    v
}

/// `x` consumed by an op that reads the register class `x` was produced in: the float loads and
/// `f64.abs`/`neg` keep bits in the integer register; the `abs` of the same type reads them there.
fn consume_bits(t: &str, x: &str) -> String {
    match t {
        "f32" | "f64" => format!("({t}.abs {x})"),
        _ => consume(t, x),
    }
}

/// The statements that exercise a scalar load: memory 0 (the fast forms), memory 1 and a 64-bit
/// memory (the generic `LoadExt`).
fn load_shapes(op: &str, t: &str) -> Vec<String> {
    let set = |x: String| format!("(local.set $s_{t} {x})");
    let mut v = Vec::new();
    for addr in ["(local.get $p)".to_string(), produce("i32")] {
        let e = format!("({op} offset=8 {addr})");
        v.push(set(e.clone()));
        v.push(set(consume(t, &e)));
        v.push(set(consume_bits(t, &e)));
    }
    v.push(set(format!("({op} $m1 offset=8 (local.get $p))")));
    v.push(set(format!("({op} $m64 offset=8 (local.get $p64))")));
    v
}

/// The statements that exercise a scalar store, as [`load_shapes`] does for loads.
fn store_shapes(op: &str, t: &str) -> Vec<String> {
    let p = "(local.get $p)".to_string();
    let a = format!("(local.get $a_{t})");
    vec![
        format!("({op} offset=8 {p} {a})"),
        format!("({op} offset=8 {p} {})", produce(t)),
        format!("({op} offset=8 {} {a})", produce("i32")),
        format!("({op} offset=8 {p} {})", constant(t)),
        format!("({op} offset=8 {p} ({t}.const 0))"),
        format!("({op} offset=8 {p} {})", consume_bits(t, &a)),
        format!("({op} $m1 offset=8 {p} {a})"),
        format!("({op} $m64 offset=8 (local.get $p64) {a})"),
    ]
}

/// The candidate shapes of a SIMD operator, one per signature family (binary, unary, ternary, test,
/// shift, splat, extract lane, replace lane); the one that validates is kept.
fn simd_candidates(op: &str) -> Vec<Vec<String>> {
    let (a, b, c) = (
        "(local.get $a_v128)",
        "(local.get $b_v128)",
        "(local.get $c_v128)",
    );
    let mut v = vec![
        vec![format!("(local.set $s_v128 ({op} {a} {b}))")],
        vec![format!("(local.set $s_v128 ({op} {a}))")],
        vec![format!("(local.set $s_v128 ({op} {a} {b} {c}))")],
        vec![format!("(local.set $s_i32 ({op} {a}))")],
        vec![format!("(local.set $s_v128 ({op} {a} (local.get $b_i32)))")],
    ];
    for t in SCALARS {
        v.push(vec![format!(
            "(local.set $s_v128 ({op} (local.get $a_{t})))"
        )]);
        v.push(vec![format!("(local.set $s_{t} ({op} 1 {a}))")]);
        v.push(vec![format!(
            "(local.set $s_v128 ({op} 1 {a} (local.get $a_{t})))"
        )]);
    }
    v
}

/// Every candidate statement group for a numeric or SIMD operator, in the order they are tried.
fn candidates(op: &str) -> Vec<Vec<String>> {
    if op.starts_with("v128.")
        || op.contains("x16.")
        || op.contains("x8.")
        || op.contains("x4.")
        || op.contains("x2.")
    {
        return simd_candidates(op);
    }
    let ty = &op[..3];
    if op.contains(".load") {
        return vec![load_shapes(op, ty)];
    }
    if op.contains(".store") {
        return vec![store_shapes(op, ty)];
    }
    let mut v = Vec::new();
    for tout in SCALARS {
        v.push(binary_shapes(op, ty, tout));
    }
    for tin in SCALARS {
        for tout in SCALARS {
            v.push(unary_shapes(op, tin, tout));
        }
    }
    v
}

/// Wraps statements in the module the loop lives in (see [`module`]), for validation.
pub fn validates(statements: &[String]) -> bool {
    let wat = module(&statements.join("\n      "));
    tailor_module::Module::new(wat.as_bytes()).is_ok()
}

/// The loop body's statements for every numeric and SIMD operator, and the operators for which no
/// shape validated (which the caller reports as a failure).
pub fn numeric_statements() -> (Vec<String>, Vec<String>) {
    let mut body = Vec::new();
    let mut unmatched = Vec::new();
    for op in numeric_operators() {
        match candidates(&op).into_iter().find(|c| validates(c)) {
            Some(group) => body.extend(group),
            None => unmatched.push(op),
        }
    }
    (body, unmatched)
}

/// Control, call, variable, memory, table and reference instructions: the ops not derived from a
/// single numeric operator.
pub fn control_statements() -> Vec<String> {
    [
        // Constants, copies and select.
        "(local.set $s_i32 (i32.const 123456789))",
        "(local.set $s_i64 (i64.const 0x123456789abcdef))",
        "(local.set $s_f64 (f64.const 1.5))",
        "(local.set $s_i32 (local.get $a_i32))",
        "(local.set $s_i32 (select (local.get $a_i32) (local.get $b_i32) (local.get $c_i32)))",
        "(local.set $s_v128 (v128.const i32x4 1 2 3 4))",
        // Branches: plain, on a value in a slot or the register, tables, multi-value blocks.
        "(block $B (br $B))",
        "(block $B (br_if $B (local.get $a_i32)))",
        "(if (local.get $a_i32) (then (local.set $s_i32 (i32.const 2))))",
        "(block $B (br_if $B (i32.add (local.get $a_i32) (local.get $b_i32))))",
        "(if (i32.add (local.get $a_i32) (local.get $b_i32)) (then (local.set $s_i32 (i32.const 2))))",
        "(block $B (block $C (br_table $B $C $B (i32.and (local.get $i) (i32.const 3)))))",
        "(local.set $s_i64 (block $B (result i32 i64) (local.get $a_i32) (local.get $a_i64) (br $B))) (drop)",
        // Calls of every kind, and returns of none, one and many values.
        "(local.set $s_i32 (call $inc (local.get $a_i32)))",
        "(local.set $s_i32 (call $host (local.get $a_i32)))",
        "(local.set $s_i32 (call_indirect $t (type $ii) (local.get $a_i32) (i32.and (local.get $i) (i32.const 3))))",
        "(local.set $s_i32 (call_ref $ii (local.get $a_i32) (ref.func $inc)))",
        "(local.set $s_i32 (call $tail (local.get $a_i32)))",
        "(local.set $s_i32 (call $tail_import (local.get $a_i32)))",
        "(local.set $s_i32 (call $tail_indirect (local.get $a_i32)))",
        "(local.set $s_i32 (call $tail_ref (local.get $a_i32)))",
        "(call $none)",
        "(local.set $s_i64 (call $many (local.get $a_i32))) (drop)",
        // Globals.
        "(global.set $g (i64.add (global.get $g) (i64.const 3)))",
        "(global.set $gv (i32x4.add (global.get $gv) (local.get $a_v128)))",
        // Memory instructions, incl. v128 loads and stores of every shape.
        "(local.set $s_i32 (memory.size))",
        "(local.set $s_i32 (memory.grow (i32.const 0)))",
        "(memory.fill (i32.const 32) (i32.const 7) (i32.const 4))",
        "(memory.copy (i32.const 40) (i32.const 32) (i32.const 4))",
        "(memory.init $d (i32.const 48) (i32.const 0) (i32.const 4))",
        "(data.drop $d2)",
        "(local.set $s_v128 (v128.load offset=16 (local.get $p)))",
        "(v128.store offset=16 (local.get $p) (local.get $a_v128))",
        "(local.set $s_v128 (v128.load8x8_s (local.get $p)))",
        "(local.set $s_v128 (v128.load32_splat (local.get $p)))",
        "(local.set $s_v128 (v128.load64_zero (local.get $p)))",
        "(local.set $s_v128 (v128.load16_lane 1 (local.get $p) (local.get $a_v128)))",
        "(v128.store32_lane 1 (local.get $p) (local.get $a_v128))",
        "(local.set $s_v128 (v128.load $m1 (local.get $p)))",
        "(v128.store $m1 (local.get $p) (local.get $a_v128))",
        "(local.set $s_v128 (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (local.get $a_v128) (local.get $b_v128)))",
        // Tables and references.
        "(table.set $t (i32.const 3) (table.get $t (i32.const 1)))",
        "(local.set $s_i32 (table.size $t))",
        "(local.set $s_i32 (table.grow $t (ref.null func) (i32.const 0)))",
        "(table.fill $t2 (i32.const 0) (ref.func $inc) (i32.const 2))",
        "(table.copy $t2 $t (i32.const 0) (i32.const 1) (i32.const 2))",
        "(table.init $t2 $e (i32.const 2) (i32.const 0) (i32.const 1))",
        "(elem.drop $e2)",
        "(local.set $s_i32 (ref.is_null (ref.func $inc)))",
        "(local.set $s_i32 (ref.is_null (ref.as_non_null (table.get $t (i32.const 0)))))",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// The whole module: helpers, then `run(n)`, whose loop executes `body` `n` times and returns `n`.
pub fn module(body: &str) -> String {
    let mut locals = String::new();
    let mut init = String::new();
    for t in SCALARS.iter().chain(&["v128"]) {
        for (name, v) in [("a", 7), ("b", 3), ("c", 5), ("s", 0)] {
            locals.push_str(&format!("(local ${name}_{t} {t}) "));
            let value = match *t {
                "v128" => format!("(v128.const i32x4 {v} 2 {v} 4)"),
                "f32" | "f64" => format!("({t}.const {v}.5)"),
                _ => format!("({t}.const {v})"),
            };
            init.push_str(&format!("(local.set ${name}_{t} {value})\n    "));
        }
    }
    format!(
        r#"(module
  (import "env" "host" (func $host (param i32) (result i32)))
  (type $ii (func (param i32) (result i32)))
  (memory $m0 1 2)
  (memory $m1 1)
  (memory $m64 i64 1)
  (table $t 4 funcref)
  (table $t2 4 funcref)
  (elem (table $t) (i32.const 0) func $inc $dec $inc $host)
  (elem $e funcref (ref.func $inc))
  (elem $e2 funcref (ref.func $dec))
  (data $d "abcd")
  (data $d2 "efgh")
  (global $g (mut i64) (i64.const 0))
  (global $gv (mut v128) (v128.const i32x4 1 2 3 4))
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $dec (type $ii) (i32.sub (local.get 0) (i32.const 1)))
  (func $none (return))
  (func $many (param i32) (result i32 i64) (return (local.get 0) (i64.extend_i32_u (local.get 0))))
  (func $tail (type $ii) (return_call $inc (local.get 0)))
  (func $tail_import (type $ii) (return_call $host (local.get 0)))
  (func $tail_indirect (type $ii) (return_call_indirect $t (type $ii) (local.get 0) (i32.const 2)))
  (func $tail_ref (type $ii) (return_call_ref $ii (local.get 0) (ref.func $dec)))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $p i32) (local $p64 i64) {locals}
    {init}(local.set $p (i32.const 16))
    (local.set $p64 (i64.const 16))
    (loop $l
      {body}
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $i)))
"#
    )
}

/// The ops (discriminants) the interpreter translates `body` into, within the whole module, with
/// the deterministic relaxed-SIMD semantics.
pub fn ops_of(body: &str) -> BTreeSet<u16> {
    ops_of_with(body, RelaxedSemantics::DETERMINISTIC)
}

/// [`ops_of`] with the relaxed-SIMD operators computing `relaxed`.
pub fn ops_of_with(body: &str, relaxed: RelaxedSemantics) -> BTreeSet<u16> {
    let wat = module(body);
    let module = Arc::new(tailor_module::Module::new(wat.as_bytes()).expect("program validates"));
    let code = tailor_interp::ModuleCode::with_relaxed(module.clone(), relaxed);
    let mut ops = BTreeSet::new();
    for i in 0..module.bodies.len() as u32 {
        let func = code.func(i).expect("program translates");
        ops.extend(func.ops.iter().map(|op| op.discriminant()));
    }
    ops
}

/// Keeps only the statements that bring an op no earlier statement (or the module around the
/// loop) brought, so the loop executes every op at the least cost per iteration.
pub fn minimal(statements: Vec<String>) -> Vec<String> {
    let mut covered = ops_of("");
    statements
        .into_iter()
        .filter(|s| {
            let ops = ops_of(s);
            let new = !ops.is_subset(&covered);
            covered.extend(ops);
            new
        })
        .collect()
}
