//! Chooses the dispatch backend of the interpreter (DESIGN rule 3), and names the one condition
//! under which the AArch64 handler sets are built (`tailor_neon_sets`: AArch64 with NEON,
//! little-endian, since the handlers read a `v128` as NEON lanes in memory order), so that
//! `src/sets/mod.rs` states it once.
//!
//! The tail-call backend needs LLVM's sibling-call optimization, which optimized builds perform on
//! the targets listed here; everything else (debug builds, other targets, or the `portable-dispatch`
//! feature) uses the loop backend, which is plain stable Rust and always correct.

use std::env;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=OPT_LEVEL");
    println!("cargo::rustc-check-cfg=cfg(tailor_tail_dispatch)");
    println!("cargo::rustc-check-cfg=cfg(tailor_neon_sets)");
    let opt = env::var("OPT_LEVEL").unwrap_or_default();
    let optimizing = matches!(opt.as_str(), "2" | "3" | "s" | "z");
    let arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let sibling_calls = matches!(
        arch.as_str(),
        "x86_64" | "aarch64" | "riscv64" | "s390x" | "loongarch64"
    );
    let forced_portable = env::var_os("CARGO_FEATURE_PORTABLE_DISPATCH").is_some();
    if optimizing && sibling_calls && !forced_portable {
        println!("cargo::rustc-cfg=tailor_tail_dispatch");
    }
    let features = env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    let endian = env::var("CARGO_CFG_TARGET_ENDIAN").unwrap_or_default();
    if arch == "aarch64" && features.split(',').any(|f| f == "neon") && endian == "little" {
        println!("cargo::rustc-cfg=tailor_neon_sets");
    }
}
