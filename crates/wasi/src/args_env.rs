//! `args_*` and `environ_*`: NUL-terminated strings and the pointer arrays that index them.

use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::memory::GuestMemory;

/// Writes `list` as pointers at `ptrs` and NUL-terminated strings from `buf`.
fn write_strings(mem: &mut GuestMemory, list: &[String], ptrs: u32, buf: u32) -> Result<(), Errno> {
    let mut at = buf;
    for (i, s) in list.iter().enumerate() {
        let slot = u32::try_from(i)
            .ok()
            .and_then(|i| i.checked_mul(4))
            .and_then(|o| ptrs.checked_add(o))
            .ok_or(Errno::FAULT)?;
        mem.write_u32(slot, at)?;
        let len = u32::try_from(s.len()).map_err(|_| Errno::FAULT)?;
        mem.write_bytes(at, s.as_bytes())?;
        let nul = at.checked_add(len).ok_or(Errno::FAULT)?;
        mem.write_u8(nul, 0)?;
        at = nul.checked_add(1).ok_or(Errno::FAULT)?;
    }
    Ok(())
}

/// Writes the count of `list` and the bytes its strings need with their NULs.
fn write_sizes(mem: &mut GuestMemory, list: &[String], count: u32, size: u32) -> Result<(), Errno> {
    let n = u32::try_from(list.len()).map_err(|_| Errno::TOOBIG)?;
    let bytes: usize = list.iter().map(|s| s.len() + 1).sum();
    let bytes = u32::try_from(bytes).map_err(|_| Errno::TOOBIG)?;
    mem.check(count, 4)?;
    mem.check(size, 4)?;
    mem.write_u32(count, n)?;
    mem.write_u32(size, bytes)
}

/// `args_get(argv, argv_buf)`.
pub(crate) fn args_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    argv: u32,
    buf: u32,
) -> Result<(), Errno> {
    write_strings(mem, &ctx.args, argv, buf)
}

/// `args_sizes_get(argc, argv_buf_size)`.
pub(crate) fn args_sizes_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    count: u32,
    size: u32,
) -> Result<(), Errno> {
    write_sizes(mem, &ctx.args, count, size)
}

/// `environ_get(environ, environ_buf)`.
pub(crate) fn environ_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    env: u32,
    buf: u32,
) -> Result<(), Errno> {
    write_strings(mem, &ctx.env, env, buf)
}

/// `environ_sizes_get(count, buf_size)`.
pub(crate) fn environ_sizes_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    count: u32,
    size: u32,
) -> Result<(), Errno> {
    write_sizes(mem, &ctx.env, count, size)
}
