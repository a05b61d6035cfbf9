//! The compiler's cost stays linear in a function's size (issue 20), checked structurally, not timed.
//!
//! The functions are those of `scripts/gen-big-func.py`: N × `local.get 0; i64.load offset=8k`
//! followed by N-1 `i64.add`s (N values live at once, one bounds check per access), and its variants.
//! When every check ended its block, a function of 4,000 accesses took 1 GB to compile and one of
//! 8,000 took 4 GB: each of the N live values crossed each of the N blocks. Such functions now get
//! deferred checks (ordinary ones still branch per check). Three checks, none of them a timing:
//!
//! - the number of blocks in the machine code does not grow with N (the checks share one branch);
//! - peak heap use grows about 8× from 2,000 to 16,000 accesses (linear), not 64× (quadratic), counted
//!   by this test binary's global allocator;
//! - functions with that many values live at once use the single-pass register allocator, whose
//!   time is linear (the backtracking allocator's grows with the square of such a function).
//!
//! And the other ways a small body makes a big compile: `br_table` entries carrying many values,
//! `br_if`s carrying many values (stopped by the IR budget), deep nesting, frames too large to run.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use tailor_compiler::{compile_module, CompileError, CompileOptions, CompiledModule, Oversized};
use tailor_cpu::CpuProfile;
use tailor_module::Module;

/// Counts live heap bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// Allocations that would take the heap past this fail (and abort the test) rather than take the
/// machine's memory if the quadratic growth comes back: 16,000 accesses needed ~16 GB then.
const CAP: usize = 2 << 30;

/// Whether `size` more bytes stay under [`CAP`].
fn fits(size: usize) -> bool {
    LIVE.load(Ordering::Relaxed).saturating_add(size) <= CAP
}

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !fits(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract for `alloc` is passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !fits(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract for `alloc_zeroed` is passed on.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract for `dealloc` is passed on.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !fits(new_size.saturating_sub(layout.size())) {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract for `realloc` is passed on.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One test at a time: the counters are global.
static SERIAL: Mutex<()> = Mutex::new(());

/// A module whose function 0, `f(addr: i32) -> i64`, is the `kind` variant with `n` accesses.
fn big_function(kind: &str, n: usize) -> Vec<u8> {
    let mut body = String::new();
    let mut locals = String::new();
    let adds = "i64.add\n".repeat(n - 1);
    match kind {
        "loads" => {
            for k in 0..n {
                body += &format!("local.get 0 i64.load offset={}\n", 8 * k);
            }
            body += &adds;
        }
        "locals" | "stores" => {
            locals = format!("(local {})", "i64 ".repeat(n));
            for k in 0..n {
                body += &format!(
                    "local.get 0 i64.load offset={} local.set {}\n",
                    8 * k,
                    k + 1
                );
            }
            if kind == "stores" {
                for k in 0..n {
                    body += &format!(
                        "local.get 0 local.get {} i64.store offset={}\n",
                        k + 1,
                        8 * k
                    );
                }
            }
            for k in 0..n {
                body += &format!("local.get {}\n", k + 1);
            }
            body += &adds;
        }
        "div" => {
            locals = "(local i64)".into();
            body += "local.get 0 i32.const 1 i32.or i64.extend_i32_u local.set 1\n";
            for k in 0..n {
                body += &format!(
                    "local.get 0 i64.load offset={} local.get 1 i64.div_u\n",
                    8 * k
                );
            }
            body += &adds;
        }
        other => panic!("unknown kind {other}"),
    }
    let pages = (8 * n).div_ceil(65536).max(1);
    let wat = format!(
        "(module (memory {pages}) (func (export \"f\") (param i32) (result i64) {locals}\n{body}))"
    );
    wat::parse_str(&wat).expect("generated module parses")
}

/// Compiles `wasm` for the host on one thread.
fn compile(wasm: &[u8], disassemble: bool) -> CompiledModule {
    let module = Module::new(wasm).expect("valid module");
    let mut opts = CompileOptions::new(CpuProfile::host());
    opts.threads = 1;
    opts.disassemble = disassemble;
    compile_module(&module, &opts).expect("compiles")
}

/// Peak heap bytes while compiling `wasm` (above what was live before).
fn peak_bytes(wasm: &[u8]) -> usize {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    drop(compile(wasm, false));
    PEAK.load(Ordering::Relaxed) - base
}

/// Blocks in Cranelift's VCode disassembly (`block12:` lines).
fn blocks(disas: &str) -> usize {
    disas
        .lines()
        .filter(|l| {
            let l = l.trim();
            l.starts_with("block") && l.ends_with(':')
        })
        .count()
}

#[test]
fn checks_do_not_split_blocks() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    for kind in ["loads", "stores", "div"] {
        let counts: Vec<usize> = [2000, 16000]
            .iter()
            .map(|&n| blocks(&compile(&big_function(kind, n), true).disassembly[0]))
            .collect();
        // Entry, the stack check, the trap blocks, the return: a handful, whatever N is (one block
        // per access, as before, would be 2,000 and 16,000).
        assert!(
            counts.iter().all(|&c| c <= 12) && counts[0] == counts[1],
            "{kind}: blocks for 2,000 and 16,000 accesses: {counts:?}"
        );
    }
}

#[test]
fn peak_memory_is_linear_in_function_size() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    for kind in ["loads", "locals", "stores", "div"] {
        let small = peak_bytes(&big_function(kind, 2000));
        let big = peak_bytes(&big_function(kind, 16000));
        let ratio = big as f64 / small as f64;
        eprintln!(
            "{kind}: peak {} KiB at 2,000, {} KiB at 16,000 accesses: {ratio:.1}x",
            small >> 10,
            big >> 10
        );
        // 8× the size: about 8× the memory if linear, 64× if quadratic.
        assert!(
            ratio < 12.0,
            "{kind}: compile memory grew {ratio:.1}x for 8x the function size ({small} -> {big} bytes)"
        );
        assert!(
            big < 400 << 20,
            "{kind}: {big} bytes to compile 16,000 accesses"
        );
    }
}

#[test]
fn high_register_pressure_uses_the_single_pass_allocator() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    assert_eq!(
        compile(&big_function("loads", 16000), false).single_pass,
        vec![0]
    );
    assert_eq!(
        compile(&big_function("locals", 16000), false).single_pass,
        vec![0]
    );
    // Ordinary functions keep the backtracking allocator.
    assert!(compile(&big_function("loads", 100), false)
        .single_pass
        .is_empty());
}

/// `n` `br_if`s to one block, each carrying `arity` values: IR quadratic in the input.
fn wide_branches(n: usize, arity: usize) -> Vec<u8> {
    let results = "i32 ".repeat(arity);
    let mut body = format!("(block (result {results})\n");
    body += &"local.get 0\n".repeat(arity);
    body += &"local.get 0 br_if 0\n".repeat(n);
    body += ")\n";
    body += &"drop\n".repeat(arity - 1);
    let wat = format!("(module (func (export \"f\") (param i32) (result i32)\n{body}))");
    wat::parse_str(&wat).expect("generated module parses")
}

/// A `br_table` of `n` entries over 10 blocks that each take `arity` values.
fn wide_table(n: usize, arity: usize) -> Vec<u8> {
    let results = "i32 ".repeat(arity);
    let mut body = format!("(block (result {results})\n").repeat(10);
    body += &"local.get 0\n".repeat(arity);
    body += "local.get 0 br_table";
    for k in 0..n {
        body += &format!(" {}", k % 10);
    }
    body += " 0\n";
    body += &")\n".repeat(10);
    body += &"drop\n".repeat(arity - 1);
    let wat = format!("(module (func (export \"f\") (param i32) (result i32)\n{body}))");
    wat::parse_str(&wat).expect("generated module parses")
}

#[test]
fn branch_arguments_are_bounded() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // A table's entries share one edge block per target: 100,000 entries × 100 values compile
    // in about the memory of 100,000 entries.
    let peak = peak_bytes(&wide_table(100_000, 100));
    assert!(
        peak < 200 << 20,
        "br_table of 100,000 entries carrying 100 values: {peak} bytes"
    );
    // Branches that each carry their own values stop at the IR budget, early.
    let wasm = wide_branches(100_000, 1000);
    let module = Module::new(&wasm).unwrap();
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let err = compile_module(&module, &CompileOptions::new(CpuProfile::host())).unwrap_err();
    let peak = PEAK.load(Ordering::Relaxed) - base;
    assert!(
        matches!(err, CompileError::TranslationTooLarge { func: 0, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("too large"), "{err}");
    assert!(
        peak < 400 << 20,
        "{peak} bytes before the budget stopped it"
    );
}

#[test]
fn large_frames_are_refused_or_interpreted() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let module = Module::new(&big_function("loads", 16000)).unwrap();
    let mut opts = CompileOptions::new(CpuProfile::host());
    opts.max_frame_size = 64 << 10;
    let err = compile_module(&module, &opts).unwrap_err();
    assert!(
        matches!(
            err,
            CompileError::FrameTooLarge {
                func: 0,
                limit: 65536,
                ..
            }
        ),
        "{err}"
    );
    opts.oversized = Oversized::Interpret;
    assert_eq!(compile_module(&module, &opts).unwrap().interpreted, vec![0]);
}

#[test]
fn deep_nesting_uses_the_single_pass_allocator() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // 20,000 nested `if`/`loop` frames with results (backtracking allocation grows with the
    // square of the depth).
    let depth = 20_000;
    let mut body = String::new();
    for i in 0..depth {
        body += if i % 2 == 0 {
            "local.get 0 if (result i32)\n"
        } else {
            "loop (result i32)\n"
        };
    }
    body += "i32.const 7\n";
    for i in (0..depth).rev() {
        body += if i % 2 == 0 {
            "else i32.const 8 end\n"
        } else {
            "end\n"
        };
    }
    let wat = format!("(module (func (export \"f\") (param i32) (result i32)\n{body}))");
    let compiled = compile(&wat::parse_str(&wat).unwrap(), false);
    assert_eq!(compiled.single_pass, vec![0]);
}
