//! `random_get`: bytes from the operating system's CSPRNG.

use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::memory::GuestMemory;
use cap_rand::TryRngCore;

/// `random_get(buf, buf_len)`.
pub(crate) fn random_get(
    _ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    buf: u32,
    len: u32,
) -> Result<(), Errno> {
    let out = mem.slice_mut(buf, len)?;
    cap_rand::rngs::OsRng::default(cap_rand::ambient_authority())
        .try_fill_bytes(out)
        .map_err(|_| Errno::IO)
}
