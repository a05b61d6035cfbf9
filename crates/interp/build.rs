//! Chooses the dispatch backend of the interpreter (DESIGN rule 3).
//!
//! The tail-call backend needs LLVM's sibling-call optimization, which optimized builds perform on
//! the targets listed here; everything else (debug builds, other targets, or the `portable-dispatch`
//! feature) uses the loop backend, which is plain stable Rust and always correct.

use std::env;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=OPT_LEVEL");
    println!("cargo::rustc-check-cfg=cfg(tailor_tail_dispatch)");
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
}
