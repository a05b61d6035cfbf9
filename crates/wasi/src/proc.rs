//! `proc_exit`, `proc_raise` and `sched_yield`.

use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::memory::GuestMemory;
use tailor_runtime::Trap;

/// What `proc_exit(code)` raises for a code in `0..=125`: a host error carried by the trap that
/// unwinds the guest. The code is always in that range.
///
/// An embedder finds it with `Error::trap()` → `Trap::reason()` → `TrapReason::Host(e)` →
/// `e.downcast_ref::<I32Exit>()`.
#[derive(Debug, thiserror::Error)]
#[error("exit with code {0}")]
pub struct I32Exit(pub i32);

/// What `proc_exit(code)` raises for a code of 126 or more (a negative `i32` counts as its
/// unsigned value): WASI says such a call behaves like `unreachable`, and Wasmtime refuses it
/// ("exit with invalid exit status outside of [0..126)"). Shells reserve 126 and up for "cannot
/// execute", "not found" and signals, so the code is not passed on: the guest failed.
#[derive(Debug, thiserror::Error)]
#[error("proc_exit({0}): exit codes are 0..=125 (WASI treats a larger one as `unreachable`)")]
pub struct InvalidExitCode(pub u32);

/// `proc_exit(code)`: the trap that ends the guest, carrying [`I32Exit`] or [`InvalidExitCode`].
pub(crate) fn proc_exit(code: u32) -> Trap {
    match i32::try_from(code) {
        Ok(c) if c < 126 => Trap::host(I32Exit(c)),
        _ => Trap::host(InvalidExitCode(code)),
    }
}

/// `proc_raise(sig)`: the host delivers no signals (`ENOSYS`).
pub(crate) fn proc_raise(
    _ctx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    _sig: u32,
) -> Result<(), Errno> {
    Err(Errno::NOSYS)
}

/// `sched_yield()`.
pub(crate) fn sched_yield(_ctx: &mut WasiCtx, _mem: &mut GuestMemory) -> Result<(), Errno> {
    std::thread::yield_now();
    Ok(())
}
