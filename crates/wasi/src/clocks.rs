//! `clock_res_get`, `clock_time_get` and the clock readings `poll_oneoff` shares.

use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::memory::GuestMemory;
use crate::types::clockid;
use std::time::{SystemTime, UNIX_EPOCH};

/// Nanoseconds of a duration, saturating.
pub(crate) fn nanos(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// The current reading of clock `id`, in nanoseconds (`EINVAL` for an unknown clock).
///
/// The monotonic clock counts from the context's creation. The host has no portable per-process
/// CPU-time clock, so the two CPU-time clocks report the same elapsed time (an upper bound of the
/// CPU time of a single-threaded guest).
pub(crate) fn now(ctx: &WasiCtx, id: u32) -> Result<u64, Errno> {
    match id {
        clockid::REALTIME => Ok(SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, nanos)),
        clockid::MONOTONIC | clockid::PROCESS_CPUTIME | clockid::THREAD_CPUTIME => {
            Ok(nanos(ctx.start.elapsed()))
        }
        _ => Err(Errno::INVAL),
    }
}

/// `clock_res_get(id, resolution)`.
pub(crate) fn clock_res_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    id: u32,
    out: u32,
) -> Result<(), Errno> {
    now(ctx, id)?;
    mem.write_u64(out, 1)
}

/// `clock_time_get(id, precision, time)`.
pub(crate) fn clock_time_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    id: u32,
    _precision: u64,
    out: u32,
) -> Result<(), Errno> {
    let t = now(ctx, id)?;
    mem.write_u64(out, t)
}
