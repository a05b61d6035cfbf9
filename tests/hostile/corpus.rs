//! The hostile-module corpus: small, valid (or nearly valid) modules that try to make tailor spend
//! unbounded time or memory while decoding, validating, translating, compiling or instantiating them.
//!
//! Every module is generated here at test time (some are tens of megabytes), so the repository stays
//! small. `crates/cli/tests/hostile.rs` runs each one with the `tailor` binary in every tier under an
//! address-space cap and a time budget.

#[path = "encode.rs"]
pub mod encode;

use encode::{op, sleb, uleb, ModuleBuilder, FUNCREF, I32, I64};

/// How a case must end (beyond "never a signal, an abort or a panic", which holds for every case).
#[derive(Debug, Clone)]
pub enum Expect {
    /// Exit 0 and exactly this on stdout.
    Prints(&'static str),
    /// Exit 0, any output.
    Runs,
    /// Exit 2 (load, link or resource error) and stderr containing this.
    Refused(&'static str),
    /// Exit 1 (a trap) and stderr containing this.
    Traps(&'static str),
    /// Exit 0, or a clear error (exit 1 or 2) whose message contains one of these.
    RunsOrRefused(&'static [&'static str]),
}

/// One hostile module and how to run it.
pub struct Case {
    /// A short name (also the file name).
    pub name: &'static str,
    /// What the module tries to do.
    pub what: &'static str,
    /// The binary module.
    pub wasm: Vec<u8>,
    /// The function to invoke and its arguments.
    pub invoke: (&'static str, &'static [&'static str]),
    /// Extra options for `tailor run` (limits).
    pub options: &'static [&'static str],
    /// The expected end.
    pub expect: Expect,
    /// Time budget of one run (per tier) in seconds, for a release build.
    pub budget_secs: u64,
}

fn i32_const(code: &mut Vec<u8>, v: i32) {
    code.push(op::I32_CONST);
    sleb(code, v as i64);
}

fn local_get(code: &mut Vec<u8>, i: u32) {
    code.push(op::LOCAL_GET);
    uleb(code, i as u64);
}

fn local_set(code: &mut Vec<u8>, i: u32) {
    code.push(op::LOCAL_SET);
    uleb(code, i as u64);
}

fn fc(code: &mut Vec<u8>, sub: u32) {
    code.push(op::PREFIX_FC);
    uleb(code, sub as u64);
}

/// A module with one exported function `f` of `params -> results` made of `locals` and `code`.
fn one_func(params: &[u8], results: &[u8], locals: &[(u32, u8)], code: &[u8]) -> ModuleBuilder {
    let mut m = ModuleBuilder::default();
    let t = m.func_type(params, results);
    let f = m.func(t, locals, code);
    m.export_func("f", f);
    m
}

/// `n` locals of type i32 in one declaration, more than wasmparser accepts when `n` > 50,000.
fn locals_1m() -> Case {
    let mut code = Vec::new();
    local_get(&mut code, 999_999);
    code.push(op::END);
    Case {
        name: "locals_1m",
        what: "one function declaring a million i32 locals",
        wasm: one_func(&[], &[I32], &[(1_000_000, I32)], &code).finish(),
        invoke: ("f", &[]),
        options: &[],
        expect: Expect::Refused("too many locals"),
        budget_secs: 10,
    }
}

/// 50,000 locals (wasmparser's maximum), each read and written once.
fn locals_50k_touched() -> Case {
    let n = 49_999;
    let mut code = Vec::new();
    for i in 0..n {
        local_get(&mut code, i);
        i32_const(&mut code, 1);
        code.push(op::I32_ADD);
        local_set(&mut code, i + 1);
    }
    local_get(&mut code, n);
    code.push(op::END);
    Case {
        name: "locals_50k_chain",
        what: "50,000 locals, each computed from the previous one (a long chain of live values)",
        wasm: one_func(&[I32], &[I32], &[(n, I32)], &code).finish(),
        invoke: ("f", &["1"]),
        options: &[],
        expect: Expect::Prints("50000\n"),
        budget_secs: 20,
    }
}

/// `depth` nested blocks with a branch from the innermost to the outermost.
fn nesting_blocks(depth: u32) -> Case {
    let mut code = Vec::new();
    for _ in 0..depth {
        code.extend_from_slice(&[op::BLOCK, 0x40]);
    }
    local_get(&mut code, 0);
    code.push(op::BR_IF);
    uleb(&mut code, depth as u64 - 1);
    code.extend(std::iter::repeat_n(op::END, depth as usize));
    i32_const(&mut code, 42);
    code.push(op::END);
    Case {
        name: "nesting_blocks_100k",
        what: "100,000 nested blocks and a br_if from the innermost to the outermost",
        wasm: one_func(&[I32], &[I32], &[], &code).finish(),
        invoke: ("f", &["1"]),
        options: &[],
        expect: Expect::Prints("42\n"),
        budget_secs: 20,
    }
}

/// `depth` nested `if`s and `loop`s, each carrying an i32 result out.
fn nesting_results(depth: u32) -> Case {
    let mut code = Vec::new();
    for i in 0..depth {
        if i % 2 == 0 {
            local_get(&mut code, 0);
            code.extend_from_slice(&[op::IF, I32]);
        } else {
            code.extend_from_slice(&[op::LOOP, I32]);
        }
    }
    i32_const(&mut code, 7);
    for i in (0..depth).rev() {
        if i % 2 == 0 {
            code.extend_from_slice(&[0x05]); // else
            i32_const(&mut code, 8);
        }
        code.push(op::END);
    }
    code.push(op::END);
    Case {
        name: "nesting_if_loop_100k",
        what: "100,000 nested if/else and loop frames, each with an i32 result",
        wasm: one_func(&[I32], &[I32], &[], &code).finish(),
        invoke: ("f", &["1"]),
        options: &[],
        expect: Expect::Prints("7\n"),
        budget_secs: 20,
    }
}

/// A `br_table` of `n` targets spread over 10 blocks; each block returns its depth.
fn br_table_huge(n: u32) -> Case {
    let mut code = Vec::new();
    for _ in 0..10 {
        code.extend_from_slice(&[op::BLOCK, 0x40]);
    }
    local_get(&mut code, 0);
    code.push(op::BR_TABLE);
    uleb(&mut code, n as u64);
    for i in 0..n {
        uleb(&mut code, (i % 10) as u64);
    }
    uleb(&mut code, 9);
    for depth in 0..10 {
        code.push(op::END);
        i32_const(&mut code, depth);
        code.push(op::RETURN);
    }
    code.push(op::END);
    Case {
        name: "br_table_1m",
        what: "a br_table with a million targets",
        wasm: one_func(&[I32], &[I32], &[], &code).finish(),
        invoke: ("f", &["123457"]),
        options: &[],
        expect: Expect::Prints("7\n"),
        budget_secs: 20,
    }
}

/// A `br_table` whose million targets each carry 100 values to blocks at different stack heights.
fn br_table_values(n: u32, arity: u32) -> Case {
    let mut m = ModuleBuilder::default();
    let results = vec![I32; arity as usize];
    let bt = m.func_type(&[], &results);
    let ft = m.func_type(&[I32], &[I32]);
    let mut code = Vec::new();
    for _ in 0..10 {
        code.push(op::BLOCK);
        uleb(&mut code, bt as u64);
    }
    for k in 0..arity {
        i32_const(&mut code, k as i32);
    }
    local_get(&mut code, 0);
    code.push(op::BR_TABLE);
    uleb(&mut code, n as u64);
    for i in 0..n {
        uleb(&mut code, (i % 10) as u64);
    }
    uleb(&mut code, 0);
    code.extend(std::iter::repeat_n(op::END, 10));
    code.extend(std::iter::repeat_n(op::DROP, (arity - 1) as usize));
    code.push(op::END);
    let f = m.func(ft, &[], &code);
    m.export_func("f", f);
    Case {
        name: "br_table_1m_arity_100",
        what: "a br_table with a million targets, each carrying 100 values",
        wasm: m.finish(),
        invoke: ("f", &["5"]),
        options: &[],
        expect: Expect::RunsOrRefused(&["too large", "function"]),
        budget_secs: 30,
    }
}

/// `n` conditional branches that each carry `arity` values: translation output is n × arity.
fn br_if_wide(n: u32, arity: u32) -> Case {
    let mut m = ModuleBuilder::default();
    let results = vec![I32; arity as usize];
    let bt = m.func_type(&[], &results);
    let ft = m.func_type(&[I32], &[I32]);
    let mut code = Vec::new();
    code.push(op::BLOCK);
    uleb(&mut code, bt as u64);
    for _ in 0..arity {
        local_get(&mut code, 0);
    }
    for _ in 0..n {
        local_get(&mut code, 0);
        code.push(op::BR_IF);
        uleb(&mut code, 0);
    }
    code.push(op::END);
    code.extend(std::iter::repeat_n(op::DROP, (arity - 1) as usize));
    code.push(op::END);
    let f = m.func(ft, &[], &code);
    m.export_func("f", f);
    Case {
        name: "br_if_1m_arity_1000",
        what: "a million br_ifs, each carrying 1,000 values (output quadratic in the input)",
        wasm: m.finish(),
        invoke: ("f", &["0"]),
        options: &[],
        expect: Expect::RunsOrRefused(&["too large", "function"]),
        budget_secs: 30,
    }
}

/// A 64 MiB data segment.
fn data_giant() -> Case {
    let size: i32 = 64 << 20;
    let mut m = ModuleBuilder::default();
    m.memory(1024, Some(1024));
    let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
    m.data(0, &bytes);
    let mut code = Vec::new();
    i32_const(&mut code, size - 1);
    code.extend_from_slice(&[op::I32_LOAD8_U, 0, 0, op::END]);
    let t = m.func_type(&[], &[I32]);
    let f = m.func(t, &[], &code);
    m.export_func("f", f);
    Case {
        name: "data_64m",
        what: "one 64 MiB data segment",
        wasm: m.finish(),
        invoke: ("f", &[]),
        options: &[],
        expect: Expect::Prints("248\n"),
        budget_secs: 20,
    }
}

/// 100,000 data segments (wasmparser's maximum).
fn data_many() -> Case {
    let mut m = ModuleBuilder::default();
    m.memory(32, None);
    for i in 0..100_000 {
        m.data(i * 16, &[1; 16]);
    }
    let mut code = Vec::new();
    i32_const(&mut code, 99_999 * 16);
    code.extend_from_slice(&[op::I32_LOAD8_U, 0, 0, op::END]);
    let t = m.func_type(&[], &[I32]);
    let f = m.func(t, &[], &code);
    m.export_func("f", f);
    Case {
        name: "data_100k_segments",
        what: "100,000 active data segments",
        wasm: m.finish(),
        invoke: ("f", &[]),
        options: &[],
        expect: Expect::Prints("1\n"),
        budget_secs: 20,
    }
}

/// An element segment of ten million function references into a table of ten million.
fn elem_giant() -> Case {
    let n = 10_000_000u32;
    let mut m = ModuleBuilder::default();
    let t = m.func_type(&[], &[I32]);
    let ft = m.func_type(&[I32], &[I32]);
    let mut code = Vec::new();
    i32_const(&mut code, 5);
    code.push(op::END);
    let five = m.func(t, &[], &code);
    let mut code = Vec::new();
    local_get(&mut code, 0);
    code.push(op::CALL_INDIRECT);
    uleb(&mut code, t as u64);
    uleb(&mut code, 0);
    code.push(op::END);
    let f = m.func(ft, &[], &code);
    m.export_func("f", f);
    m.table(n as u64, Some(n as u64), None);
    m.elem(0, (0..n).map(|_| five));
    Case {
        name: "elem_10m",
        what: "an element segment of ten million function references",
        wasm: m.finish(),
        invoke: ("f", &["9999999"]),
        options: &[],
        expect: Expect::Prints("5\n"),
        budget_secs: 30,
    }
}

/// A million functions.
fn funcs_1m() -> Case {
    let n = 1_000_000;
    let mut m = ModuleBuilder::default();
    let t = m.func_type(&[], &[I32]);
    for i in 0..n {
        let mut code = Vec::new();
        i32_const(&mut code, i);
        code.push(op::END);
        m.func(t, &[], &code);
    }
    m.export_func("f", n as u32 - 1);
    Case {
        name: "funcs_1m",
        what: "a million small functions",
        wasm: m.finish(),
        invoke: ("f", &[]),
        options: &[],
        expect: Expect::Prints("999999\n"),
        budget_secs: 60,
    }
}

/// A million distinct function types.
fn types_1m() -> Case {
    let mut m = ModuleBuilder::default();
    let kinds = [I32, I64, 0x7d, 0x7c];
    for i in 0..999_999u32 {
        let params: Vec<u8> = (0..10)
            .map(|k| kinds[((i >> (2 * k)) & 3) as usize])
            .collect();
        m.func_type(&params, &[]);
    }
    let t = m.func_type(&[], &[I32]);
    let mut code = Vec::new();
    i32_const(&mut code, 3);
    code.push(op::END);
    let f = m.func(t, &[], &code);
    m.export_func("f", f);
    Case {
        name: "types_1m",
        what: "a million distinct function types",
        wasm: m.finish(),
        invoke: ("f", &[]),
        options: &[],
        expect: Expect::Prints("3\n"),
        budget_secs: 60,
    }
}

/// A million globals.
fn globals_1m() -> Case {
    let n = 1_000_000u32;
    let mut m = ModuleBuilder::default();
    for i in 0..n {
        let mut g = vec![I32, 0, op::I32_CONST];
        sleb(&mut g, i as i64);
        g.push(op::END);
        m.globals.push(g);
    }
    let t = m.func_type(&[], &[I32]);
    let mut code = vec![op::GLOBAL_GET];
    uleb(&mut code, n as u64 - 1);
    code.push(op::END);
    let f = m.func(t, &[], &code);
    m.export_func("f", f);
    Case {
        name: "globals_1m",
        what: "a million globals",
        wasm: m.finish(),
        invoke: ("f", &[]),
        options: &[],
        expect: Expect::Prints("999999\n"),
        budget_secs: 30,
    }
}

/// A million exports of one function: over wasmparser's limit on a module's type size.
fn exports_1m() -> Case {
    let mut m = one_func(&[], &[I32], &[], &[op::I32_CONST, 9, op::END]);
    for i in 0..999_999 {
        m.export_func(&format!("e{i}"), 0);
    }
    Case {
        name: "exports_1m",
        what: "a million exports",
        wasm: m.finish(),
        invoke: ("f", &[]),
        options: &[],
        expect: Expect::Refused("exceeds the limit"),
        budget_secs: 30,
    }
}

/// `count` tables of `size` elements, each initialised with `ref.func` when `init`.
fn tables(name: &'static str, what: &'static str, count: u32, size: u64, init: bool) -> Case {
    let mut m = one_func(&[], &[I32], &[], &[op::I32_CONST, 1, op::END]);
    for _ in 0..count {
        m.table(size, None, init.then_some(0));
    }
    Case {
        name,
        what,
        wasm: m.finish(),
        invoke: ("f", &[]),
        options: &[],
        expect: Expect::Refused("table"),
        budget_secs: 20,
    }
}

/// `table.grow` by huge amounts, and one element at a time up to the limit.
fn table_grow() -> Case {
    let mut m = ModuleBuilder::default();
    let t = m.func_type(&[], &[I32]);
    let mut code = Vec::new();
    // Grow by 0xffff_ffff: must fail.
    code.extend_from_slice(&[op::REF_FUNC, 0]);
    i32_const(&mut code, -1);
    fc(&mut code, op::TABLE_GROW);
    uleb(&mut code, 0);
    code.push(op::DROP);
    // Grow one at a time until it fails; return the final size.
    code.extend_from_slice(&[op::LOOP, 0x40]);
    code.extend_from_slice(&[op::REF_FUNC, 0]);
    i32_const(&mut code, 1);
    fc(&mut code, op::TABLE_GROW);
    uleb(&mut code, 0);
    i32_const(&mut code, -1);
    code.push(op::I32_EQ);
    code.extend_from_slice(&[op::IF, 0x40, 0x05, op::BR, 1, op::END, op::END]);
    fc(&mut code, op::TABLE_SIZE);
    uleb(&mut code, 0);
    code.push(op::END);
    let f = m.func(t, &[], &code);
    m.export_func("f", f);
    m.table(0, None, None);
    // ref.func needs a declarative element segment.
    let mut e = vec![3, 0, 1];
    uleb(&mut e, f as u64);
    m.elems.push(e);
    Case {
        name: "table_grow_to_limit",
        what: "table.grow by 2^32-1, then by one element at a time until it fails",
        wasm: m.finish(),
        invoke: ("f", &[]),
        options: &["--max-table-elements", "3000000"],
        expect: Expect::Prints("3000000\n"),
        budget_secs: 20,
    }
}

/// `count` memories of `pages` pages, each filled by the guest.
fn memories(
    name: &'static str,
    count: u32,
    pages: u32,
    options: &'static [&'static str],
    expect: Expect,
) -> Case {
    let mut m = ModuleBuilder::default();
    let t = m.func_type(&[], &[I32]);
    let mut code = Vec::new();
    for mem in 0..count {
        i32_const(&mut code, 0);
        i32_const(&mut code, 0x5a);
        i32_const(&mut code, (pages * 65536) as i32);
        fc(&mut code, op::MEMORY_FILL);
        uleb(&mut code, mem as u64);
    }
    code.extend_from_slice(&[op::MEMORY_SIZE, 0, op::END]);
    let f = m.func(t, &[], &code);
    m.export_func("f", f);
    for _ in 0..count {
        m.memory(pages as u64, None);
    }
    Case {
        name,
        what: "many memories without a maximum, each filled by the guest",
        wasm: m.finish(),
        invoke: ("f", &[]),
        options,
        expect,
        budget_secs: 20,
    }
}

/// `memory.grow 1` in a loop until it fails; returns the number of pages.
fn memory_grow(name: &'static str, options: &'static [&'static str], expect: Expect) -> Case {
    let mut code = vec![op::LOOP, 0x40];
    i32_const(&mut code, 1);
    code.extend_from_slice(&[op::MEMORY_GROW, 0]);
    i32_const(&mut code, -1);
    code.extend_from_slice(&[op::I32_EQ, op::IF, 0x40, 0x05, op::BR, 1, op::END, op::END]);
    code.extend_from_slice(&[op::MEMORY_SIZE, 0, op::END]);
    let mut m = one_func(&[], &[I32], &[], &code);
    m.memory(0, None);
    Case {
        name,
        what: "memory.grow by one page until it fails",
        wasm: m.finish(),
        invoke: ("f", &[]),
        options,
        expect,
        budget_secs: 20,
    }
}

/// A 64-bit memory grown by 2^40 pages (must fail), then by one page.
fn memory64_grow() -> Case {
    let mut code = vec![op::I64_CONST];
    sleb(&mut code, 1 << 40);
    code.extend_from_slice(&[
        op::MEMORY_GROW,
        0,
        op::I64_CONST,
        1,
        op::MEMORY_GROW,
        0,
        op::I64_ADD,
    ]);
    code.extend_from_slice(&[op::I32_WRAP_I64, op::END]);
    let mut m = one_func(&[], &[I32], &[], &code);
    m.memories.push(vec![0x04, 1]); // i64 index, no maximum, minimum 1
    Case {
        name: "memory64_grow_2p40",
        what: "memory.grow of a 64-bit memory by 2^40 pages, then by one",
        wasm: m.finish(),
        invoke: ("f", &[]),
        options: &[],
        expect: Expect::Prints("0\n"),
        budget_secs: 10,
    }
}

/// A 64-bit table whose minimum is 2^40 elements.
fn table64_huge() -> Case {
    let mut m = one_func(&[], &[I32], &[], &[op::I32_CONST, 1, op::END]);
    let mut t = vec![FUNCREF, 0x04];
    uleb(&mut t, 1 << 40);
    m.tables.push(t);
    Case {
        name: "table64_min_2p40",
        what: "a 64-bit table whose minimum is 2^40 elements",
        wasm: m.finish(),
        invoke: ("f", &[]),
        options: &[],
        expect: Expect::Refused("table"),
        budget_secs: 10,
    }
}

/// An active data segment that ends past its memory: a trap at instantiation.
fn data_out_of_bounds() -> Case {
    let mut m = one_func(&[], &[I32], &[], &[op::I32_CONST, 1, op::END]);
    m.memory(1, None);
    m.data(65536 - 8, &[7; 4096]);
    Case {
        name: "data_out_of_bounds",
        what: "a data segment that ends past the end of its memory",
        wasm: m.finish(),
        invoke: ("f", &[]),
        options: &[],
        expect: Expect::Traps("out of bounds"),
        budget_secs: 10,
    }
}

/// A million empty custom sections.
fn custom_sections() -> Case {
    let mut wasm = one_func(&[], &[I32], &[], &[op::I32_CONST, 4, op::END]).finish();
    for _ in 0..1_000_000 {
        encode::section(&mut wasm, 0, &[1, b'x']);
    }
    Case {
        name: "custom_sections_1m",
        what: "a million custom sections",
        wasm,
        invoke: ("f", &[]),
        options: &[],
        expect: Expect::Prints("4\n"),
        budget_secs: 20,
    }
}

/// A memory whose minimum is 4 GiB.
fn memory_min_4g() -> Case {
    let mut m = one_func(&[], &[I32], &[], &[op::MEMORY_SIZE, 0, op::END]);
    m.memory(65536, None);
    Case {
        name: "memory_min_4g",
        what: "a memory whose minimum is 4 GiB (twice the address-space cap)",
        wasm: m.finish(),
        invoke: ("f", &[]),
        options: &[],
        expect: Expect::Refused("memory"),
        budget_secs: 10,
    }
}

/// Unbounded recursion.
fn recursion() -> Case {
    let mut code = Vec::new();
    local_get(&mut code, 0);
    code.push(op::CALL);
    uleb(&mut code, 0);
    code.push(op::END);
    Case {
        name: "recursion",
        what: "a function that calls itself forever",
        wasm: one_func(&[I32], &[I32], &[(10, I64)], &code).finish(),
        invoke: ("f", &["1"]),
        options: &[],
        expect: Expect::Traps("call stack exhausted"),
        budget_secs: 20,
    }
}

/// One function of `n` loads from distinct offsets summed up: `n` values live at once (the shape
/// that makes the compiler's cost quadratic, issue 20).
fn big_loads(name: &'static str, n: u32, budget_secs: u64) -> Case {
    let mut code = Vec::new();
    for i in 0..n {
        local_get(&mut code, 0);
        code.push(op::I64_LOAD);
        code.push(3);
        uleb(&mut code, i as u64 * 8);
    }
    code.extend(std::iter::repeat_n(op::I64_ADD, (n - 1) as usize));
    code.push(op::I32_WRAP_I64);
    code.push(op::END);
    let mut m = one_func(&[I32], &[I32], &[], &code);
    m.memory(16, Some(16));
    Case {
        name,
        what: "one function of many loads whose results stay live until the end",
        wasm: m.finish(),
        invoke: ("f", &["0"]),
        options: &[],
        expect: Expect::Prints("0\n"),
        budget_secs,
    }
}

/// Every case of the corpus, in a fixed order.
pub fn cases() -> Vec<Case> {
    vec![
        locals_1m(),
        locals_50k_touched(),
        nesting_blocks(100_000),
        nesting_results(100_000),
        br_table_huge(1_000_000),
        br_table_values(1_000_000, 100),
        br_if_wide(1_000_000, 1000),
        data_giant(),
        data_many(),
        elem_giant(),
        funcs_1m(),
        types_1m(),
        globals_1m(),
        exports_1m(),
        tables(
            "tables_20x10m_ref_func",
            "20 tables of ten million elements initialised with ref.func",
            20,
            10_000_000,
            true,
        ),
        tables(
            "tables_20x10m_null",
            "20 tables of ten million null elements",
            20,
            10_000_000,
            false,
        ),
        tables(
            "tables_100k",
            "100,000 tables (the validator's maximum)",
            100_000,
            1,
            false,
        ),
        table_grow(),
        memories(
            "memories_100x16_capped",
            100,
            16,
            &["--max-memory", "1M"],
            Expect::Refused("memory"),
        ),
        memories("memories_100x16", 100, 16, &[], Expect::Prints("16\n")),
        memory_grow(
            "memory_grow_capped",
            &["--max-memory", "64M"],
            Expect::Prints("1024\n"),
        ),
        memory_grow("memory_grow_default", &[], Expect::Runs),
        memory_min_4g(),
        memory64_grow(),
        table64_huge(),
        data_out_of_bounds(),
        custom_sections(),
        recursion(),
        big_loads("loads_4k", 4_000, 60),
        big_loads("loads_64k", 64_000, 60),
    ]
}
