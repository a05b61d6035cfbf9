//! Handlers of ops whose semantics need more than one Rust expression, and the CPU-specific handler
//! sets. The portable versions live in `portable.rs` and `simd.rs`; per-architecture sets (the whole
//! executor compiled for a CPU level, plus intrinsic versions of some ops) live in `<arch>.rs`
//! (DESIGN rule 1), or `arch_none.rs` where the build has none.

mod portable;
pub(crate) use portable::*;
pub(crate) mod simd;
pub(crate) mod simd_list;

#[cfg(target_arch = "x86_64")]
mod x86_64;
#[cfg(target_arch = "x86_64")]
pub(crate) use x86_64::{arch_sets, select};

#[cfg(not(target_arch = "x86_64"))]
mod arch_none;
#[cfg(not(target_arch = "x86_64"))]
pub(crate) use arch_none::{arch_sets, select};
