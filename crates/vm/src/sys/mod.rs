//! Operating-system services: reserving, committing and releasing address space.
//!
//! Per-OS code lives only below this folder (DESIGN.md rule 1).

#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub use unix::*;

#[cfg(not(unix))]
mod portable;
#[cfg(not(unix))]
pub use portable::*;
