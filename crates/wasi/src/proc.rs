//! `proc_exit`, `proc_raise` and `sched_yield`.

use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::memory::GuestMemory;

/// What `proc_exit(code)` raises: a host error carried by the trap that unwinds the guest.
///
/// An embedder finds it with `Error::trap()` → `Trap::reason()` → `TrapReason::Host(e)` →
/// `e.downcast_ref::<I32Exit>()`.
#[derive(Debug, thiserror::Error)]
#[error("exit with code {0}")]
pub struct I32Exit(pub i32);

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
