//! `sock_*`: the host grants no sockets, so every descriptor is refused with `ENOTSUP`
//! (`EBADF` when it is not open at all).

use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::memory::GuestMemory;

fn refuse(ctx: &WasiCtx, fd: u32) -> Result<(), Errno> {
    ctx.table.get(fd)?;
    Err(Errno::NOTSUP)
}

/// `sock_accept(fd, flags, fd_out)`.
pub(crate) fn sock_accept(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    _flags: u32,
    _out: u32,
) -> Result<(), Errno> {
    refuse(ctx, fd)
}

/// `sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen, ro_flags)`.
#[expect(clippy::too_many_arguments, reason = "the WASI signature")]
pub(crate) fn sock_recv(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    _data: u32,
    _len: u32,
    _flags: u32,
    _datalen: u32,
    _oflags: u32,
) -> Result<(), Errno> {
    refuse(ctx, fd)
}

/// `sock_send(fd, si_data, si_data_len, si_flags, so_datalen)`.
pub(crate) fn sock_send(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    _data: u32,
    _len: u32,
    _flags: u32,
    _datalen: u32,
) -> Result<(), Errno> {
    refuse(ctx, fd)
}

/// `sock_shutdown(fd, how)`.
pub(crate) fn sock_shutdown(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    _how: u32,
) -> Result<(), Errno> {
    refuse(ctx, fd)
}
