//! Handlers of ops whose semantics need more than one Rust expression. The portable versions live in
//! `portable.rs`; CPU-specific variants (a later issue) go in `x86_64.rs` / `aarch64.rs`.

mod portable;
pub(crate) use portable::*;
pub(crate) mod simd;
pub(crate) mod simd_list;
