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

// AArch64 with NEON (the baseline of every AArch64 Linux/macOS/Windows target), little-endian (the
// handlers read a `v128` as NEON lanes in memory order).
#[cfg(all(
    target_arch = "aarch64",
    target_feature = "neon",
    target_endian = "little"
))]
mod aarch64;
#[cfg(all(
    target_arch = "aarch64",
    target_feature = "neon",
    target_endian = "little"
))]
pub(crate) use aarch64::{arch_sets, select};

#[cfg(not(any(
    target_arch = "x86_64",
    all(
        target_arch = "aarch64",
        target_feature = "neon",
        target_endian = "little"
    )
)))]
mod arch_none;
#[cfg(not(any(
    target_arch = "x86_64",
    all(
        target_arch = "aarch64",
        target_feature = "neon",
        target_endian = "little"
    )
)))]
pub(crate) use arch_none::{arch_sets, select};
