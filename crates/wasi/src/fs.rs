//! `fd_*`: operations on open descriptors (files, directories, standard streams).

use crate::ctx::{Handle, WasiCtx};
use crate::errno::Errno;
use crate::memory::GuestMemory;
use crate::sys;
use crate::types::{fdflags, filetype, fstflags, rights, size, whence};
use cap_fs_ext::{DirExt, FileTypeExt, MetadataExt, SystemTimeSpec};
use cap_std::fs::Metadata;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Retries `f` while the host reports an interrupted call.
fn retry<R>(mut f: impl FnMut() -> io::Result<R>) -> io::Result<R> {
    loop {
        match f() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            r => return r,
        }
    }
}

/// The WASI file type of a host file type.
pub(crate) fn filetype_of(ft: cap_std::fs::FileType) -> u8 {
    if ft.is_dir() {
        filetype::DIRECTORY
    } else if ft.is_file() {
        filetype::REGULAR_FILE
    } else if ft.is_symlink() {
        filetype::SYMBOLIC_LINK
    } else if ft.is_char_device() {
        filetype::CHARACTER_DEVICE
    } else if ft.is_block_device() {
        filetype::BLOCK_DEVICE
    } else if ft.is_socket() {
        filetype::SOCKET_STREAM
    } else {
        filetype::UNKNOWN
    }
}

/// The file type reported for a standard stream: a character device when it is a terminal (so
/// wasi-libc line-buffers it), unknown otherwise.
fn stream_filetype(terminal: bool) -> u8 {
    if terminal {
        filetype::CHARACTER_DEVICE
    } else {
        filetype::UNKNOWN
    }
}

fn time_ns(t: io::Result<cap_std::time::SystemTime>) -> u64 {
    t.ok()
        .map(cap_std::time::SystemTime::into_std)
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, crate::clocks::nanos)
}

/// Writes a `filestat` record for `meta` at `out`.
pub(crate) fn write_filestat(
    mem: &mut GuestMemory,
    out: u32,
    meta: &Metadata,
) -> Result<(), Errno> {
    let mut rec = [0u8; size::FILESTAT as usize];
    rec[0..8].copy_from_slice(&meta.dev().to_le_bytes());
    rec[8..16].copy_from_slice(&meta.ino().to_le_bytes());
    rec[16] = filetype_of(meta.file_type());
    rec[24..32].copy_from_slice(&meta.nlink().to_le_bytes());
    rec[32..40].copy_from_slice(&meta.len().to_le_bytes());
    rec[40..48].copy_from_slice(&time_ns(meta.accessed()).to_le_bytes());
    rec[48..56].copy_from_slice(&time_ns(meta.modified()).to_le_bytes());
    rec[56..64].copy_from_slice(&sys::ctime_ns(meta).to_le_bytes());
    mem.write_bytes(out, &rec)
}

/// The access and modification times `fstflags` asks for (`EINVAL` for a contradictory request).
pub(crate) fn times_of(
    atim: u64,
    mtim: u64,
    flags: u16,
) -> Result<(Option<SystemTimeSpec>, Option<SystemTimeSpec>), Errno> {
    let one = |t: u64, set: u16, now: u16| -> Result<Option<SystemTimeSpec>, Errno> {
        match (flags & set != 0, flags & now != 0) {
            (true, true) => Err(Errno::INVAL),
            (true, false) => Ok(Some(SystemTimeSpec::Absolute(
                cap_std::time::SystemTime::from_std(UNIX_EPOCH + Duration::from_nanos(t)),
            ))),
            (false, true) => Ok(Some(SystemTimeSpec::SymbolicNow)),
            (false, false) => Ok(None),
        }
    };
    if flags & !(fstflags::ATIM | fstflags::ATIM_NOW | fstflags::MTIM | fstflags::MTIM_NOW) != 0 {
        return Err(Errno::INVAL);
    }
    Ok((
        one(atim, fstflags::ATIM, fstflags::ATIM_NOW)?,
        one(mtim, fstflags::MTIM, fstflags::MTIM_NOW)?,
    ))
}

fn std_time(spec: SystemTimeSpec) -> SystemTime {
    match spec {
        SystemTimeSpec::SymbolicNow => SystemTime::now(),
        SystemTimeSpec::Absolute(t) => t.into_std(),
    }
}

/// The regular file behind `fd`, if it holds the rights `needed`.
fn file(ctx: &WasiCtx, fd: u32, needed: u64) -> Result<&std::fs::File, Errno> {
    match &ctx.table.get_with(fd, needed)?.handle {
        Handle::File(f) => Ok(f),
        Handle::Dir(_) => Err(Errno::ISDIR),
        Handle::Stdin(_) | Handle::Stdout(_) => Err(Errno::SPIPE),
    }
}

/// Replaces the error `from` by `to` (an operation's own errno for a kind of descriptor).
fn instead(from: Errno, to: Errno) -> impl Fn(Errno) -> Errno {
    move |e| if e == from { to } else { e }
}

/// `fd_advise(fd, offset, len, advice)`: advice is only a hint; it is checked and dropped.
pub(crate) fn fd_advise(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    _offset: u64,
    _len: u64,
    advice: u32,
) -> Result<(), Errno> {
    let entry = ctx.table.get_with(fd, rights::FD_ADVISE)?;
    if advice > 5 {
        return Err(Errno::INVAL);
    }
    match entry.handle {
        Handle::File(_) => Ok(()),
        Handle::Dir(_) => Err(Errno::BADF),
        _ => Err(Errno::SPIPE),
    }
}

/// `fd_allocate(fd, offset, len)`: extends the file so that `offset + len` bytes exist.
pub(crate) fn fd_allocate(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    offset: u64,
    len: u64,
) -> Result<(), Errno> {
    let f = file(ctx, fd, rights::FD_ALLOCATE).map_err(instead(Errno::ISDIR, Errno::BADF))?;
    let end = offset.checked_add(len).ok_or(Errno::FBIG)?;
    if end > i64::MAX as u64 {
        return Err(Errno::FBIG);
    }
    if f.metadata()?.len() < end {
        f.set_len(end)?;
    }
    Ok(())
}

/// `fd_close(fd)`.
pub(crate) fn fd_close(ctx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32) -> Result<(), Errno> {
    ctx.table.remove(fd).map(drop)
}

fn sync(ctx: &WasiCtx, fd: u32, data_only: bool) -> Result<(), Errno> {
    let needed = if data_only {
        rights::FD_DATASYNC
    } else {
        rights::FD_SYNC
    };
    match &ctx.table.get_with(fd, needed)?.handle {
        Handle::File(f) if data_only => Ok(f.sync_data()?),
        Handle::File(f) => Ok(f.sync_all()?),
        Handle::Dir(_) => Ok(()),
        Handle::Stdin(_) | Handle::Stdout(_) => Err(Errno::INVAL),
    }
}

/// `fd_datasync(fd)`.
pub(crate) fn fd_datasync(ctx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32) -> Result<(), Errno> {
    sync(ctx, fd, true)
}

/// `fd_sync(fd)`.
pub(crate) fn fd_sync(ctx: &mut WasiCtx, _mem: &mut GuestMemory, fd: u32) -> Result<(), Errno> {
    sync(ctx, fd, false)
}

/// `fd_fdstat_get(fd, fdstat)`.
pub(crate) fn fd_fdstat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    out: u32,
) -> Result<(), Errno> {
    mem.check(out, size::FDSTAT)?;
    let entry = ctx.table.get(fd)?;
    let ft = match &entry.handle {
        Handle::File(f) => {
            Metadata::from_file(f).map_or(filetype::UNKNOWN, |m| filetype_of(m.file_type()))
        }
        Handle::Dir(_) => filetype::DIRECTORY,
        Handle::Stdin(i) => stream_filetype(i.is_terminal()),
        Handle::Stdout(o) => stream_filetype(o.is_terminal()),
    };
    let mut rec = [0u8; size::FDSTAT as usize];
    rec[0] = ft;
    rec[2..4].copy_from_slice(&entry.flags.to_le_bytes());
    rec[8..16].copy_from_slice(&entry.rights_base.to_le_bytes());
    rec[16..24].copy_from_slice(&entry.rights_inheriting.to_le_bytes());
    mem.write_bytes(out, &rec)
}

/// `fd_fdstat_set_flags(fd, flags)`: `APPEND` and `NONBLOCK` may change; the synchronous-I/O
/// flags cannot be changed after opening (`ENOTSUP`).
pub(crate) fn fd_fdstat_set_flags(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    flags: u32,
) -> Result<(), Errno> {
    let entry = ctx.table.get_mut_with(fd, rights::FD_FDSTAT_SET_FLAGS)?;
    let flags = u16::try_from(flags).map_err(|_| Errno::INVAL)?;
    let changeable = fdflags::APPEND | fdflags::NONBLOCK;
    let sync = fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC;
    if flags & !(changeable | sync) != 0 {
        return Err(Errno::INVAL);
    }
    if flags & sync != entry.flags & sync {
        return Err(Errno::NOTSUP);
    }
    if let Handle::File(f) = &entry.handle {
        if (flags ^ entry.flags) & fdflags::APPEND != 0 {
            sys::set_append(f, flags & fdflags::APPEND != 0)?;
        }
    }
    entry.flags = flags;
    Ok(())
}

/// `fd_fdstat_set_rights(fd, base, inheriting)`: rights can only be dropped (`ENOTCAPABLE` for
/// an attempt to add one); from then on every operation that needs a dropped right is refused
/// with `ENOTCAPABLE` on this descriptor, and descriptors `path_open` makes from it get no more
/// than its new inheriting rights.
pub(crate) fn fd_fdstat_set_rights(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    base: u64,
    inheriting: u64,
) -> Result<(), Errno> {
    let entry = ctx.table.get_mut(fd)?;
    if base & !entry.rights_base != 0 || inheriting & !entry.rights_inheriting != 0 {
        return Err(Errno::NOTCAPABLE);
    }
    entry.rights_base = base;
    entry.rights_inheriting = inheriting;
    Ok(())
}

/// `fd_filestat_get(fd, filestat)`.
pub(crate) fn fd_filestat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    out: u32,
) -> Result<(), Errno> {
    mem.check(out, size::FILESTAT)?;
    let meta = match &ctx.table.get_with(fd, rights::FD_FILESTAT_GET)?.handle {
        Handle::File(f) => Metadata::from_file(f)?,
        Handle::Dir(d) => d.dir_metadata()?,
        Handle::Stdin(i) => return write_stream_stat(mem, out, i.is_terminal()),
        Handle::Stdout(o) => return write_stream_stat(mem, out, o.is_terminal()),
    };
    write_filestat(mem, out, &meta)
}

fn write_stream_stat(mem: &mut GuestMemory, out: u32, terminal: bool) -> Result<(), Errno> {
    let mut rec = [0u8; size::FILESTAT as usize];
    rec[16] = stream_filetype(terminal);
    mem.write_bytes(out, &rec)
}

/// `fd_filestat_set_size(fd, size)`.
pub(crate) fn fd_filestat_set_size(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    len: u64,
) -> Result<(), Errno> {
    let f =
        file(ctx, fd, rights::FD_FILESTAT_SET_SIZE).map_err(instead(Errno::SPIPE, Errno::INVAL))?;
    if len > i64::MAX as u64 {
        return Err(Errno::FBIG);
    }
    Ok(f.set_len(len)?)
}

/// `fd_filestat_set_times(fd, atim, mtim, fst_flags)`.
pub(crate) fn fd_filestat_set_times(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    fd: u32,
    atim: u64,
    mtim: u64,
    flags: u32,
) -> Result<(), Errno> {
    let flags = u16::try_from(flags).map_err(|_| Errno::INVAL)?;
    let (a, m) = times_of(atim, mtim, flags)?;
    let entry = ctx.table.get_with(fd, rights::FD_FILESTAT_SET_TIMES)?;
    match &entry.handle {
        Handle::File(f) => {
            let mut t = std::fs::FileTimes::new();
            if let Some(a) = a {
                t = t.set_accessed(std_time(a));
            }
            if let Some(m) = m {
                t = t.set_modified(std_time(m));
            }
            Ok(f.set_times(t)?)
        }
        Handle::Dir(d) => Ok(d.set_times(".", a, m)?),
        Handle::Stdin(_) | Handle::Stdout(_) => Err(Errno::BADF),
    }
}

/// Reads into each iovec in turn until one is not filled; the byte count is written to `nread`.
fn read_into(
    mem: &mut GuestMemory,
    iovs: u32,
    count: u32,
    nread: u32,
    mut read: impl FnMut(&mut [u8], u64) -> io::Result<usize>,
) -> Result<(), Errno> {
    let iovs = mem.iovecs(iovs, count)?;
    mem.check(nread, 4)?;
    let mut total: u64 = 0;
    for v in iovs {
        let buf = mem.slice_mut(v.ptr, v.len)?;
        if buf.is_empty() {
            continue;
        }
        match retry(|| read(buf, total)) {
            Ok(n) => {
                total += n as u64;
                if n < buf.len() {
                    break;
                }
            }
            Err(e) if total == 0 => return Err(e.into()),
            Err(_) => break,
        }
    }
    mem.write_u32(nread, u32::try_from(total).unwrap_or(u32::MAX))
}

/// Writes each iovec in turn; the byte count is written to `nwritten`.
fn write_from(
    mem: &mut GuestMemory,
    iovs: u32,
    count: u32,
    nwritten: u32,
    mut write: impl FnMut(&[u8], u64) -> io::Result<()>,
) -> Result<(), Errno> {
    let iovs = mem.iovecs(iovs, count)?;
    mem.check(nwritten, 4)?;
    let mut total: u64 = 0;
    for v in iovs {
        let buf = mem.slice(v.ptr, v.len)?;
        if buf.is_empty() {
            continue;
        }
        match write(buf, total) {
            Ok(()) => total += buf.len() as u64,
            Err(e) if total == 0 => return Err(e.into()),
            Err(_) => break,
        }
    }
    mem.write_u32(nwritten, u32::try_from(total).unwrap_or(u32::MAX))
}

/// `fd_read(fd, iovs, iovs_len, nread)`.
pub(crate) fn fd_read(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    iovs: u32,
    count: u32,
    nread: u32,
) -> Result<(), Errno> {
    let entry = ctx.table.get_mut_with(fd, rights::FD_READ)?;
    match (&mut entry.handle, &mut entry.pos) {
        // A regular file: one `pread` at the position this table keeps.
        (Handle::File(f), Some(pos)) => read_into(mem, iovs, count, nread, |buf, _| {
            let n = sys::read_at(f, buf, *pos)?;
            *pos += n as u64;
            Ok(n)
        }),
        (Handle::File(f), None) => read_into(mem, iovs, count, nread, |buf, _| f.read(buf)),
        (Handle::Stdin(i), _) => read_into(mem, iovs, count, nread, |buf, _| i.read(buf)),
        (Handle::Dir(_), _) => Err(Errno::ISDIR),
        (Handle::Stdout(_), _) => Err(Errno::BADF),
    }
}

/// `fd_pread(fd, iovs, iovs_len, offset, nread)`.
pub(crate) fn fd_pread(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    iovs: u32,
    count: u32,
    offset: u64,
    nread: u32,
) -> Result<(), Errno> {
    let f = file(ctx, fd, rights::FD_READ | rights::FD_SEEK)?;
    read_into(mem, iovs, count, nread, |buf, done| {
        sys::read_at(f, buf, offset.saturating_add(done))
    })
}

/// `fd_write(fd, iovs, iovs_len, nwritten)`; descriptors with `APPEND` write at the end.
pub(crate) fn fd_write(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    iovs: u32,
    count: u32,
    nwritten: u32,
) -> Result<(), Errno> {
    let entry = ctx.table.get_mut_with(fd, rights::FD_WRITE)?;
    let append = entry.append();
    match (&mut entry.handle, &mut entry.pos) {
        // Append: the host descriptor has `O_APPEND`, so a plain write lands at the end
        // atomically; the position follows it to the new end.
        (Handle::File(f), pos) if append => write_from(mem, iovs, count, nwritten, |buf, _| {
            let end = sys::write_append(f, buf)?;
            if let Some(pos) = pos {
                *pos = end;
            }
            Ok(())
        }),
        // A regular file: `pwrite` at the position this table keeps.
        (Handle::File(f), Some(pos)) => write_from(mem, iovs, count, nwritten, |mut buf, _| {
            while !buf.is_empty() {
                let n = retry(|| sys::write_at(f, buf, *pos))?;
                if n == 0 {
                    return Err(io::ErrorKind::WriteZero.into());
                }
                buf = &buf[n..];
                *pos += n as u64;
            }
            Ok(())
        }),
        (Handle::File(f), None) => {
            write_from(mem, iovs, count, nwritten, |buf, _| f.write_all(buf))
        }
        (Handle::Stdout(o), _) => write_from(mem, iovs, count, nwritten, |buf, _| o.write_all(buf)),
        (Handle::Dir(_) | Handle::Stdin(_), _) => Err(Errno::BADF),
    }
}

/// `fd_pwrite(fd, iovs, iovs_len, offset, nwritten)`.
pub(crate) fn fd_pwrite(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    iovs: u32,
    count: u32,
    offset: u64,
    nwritten: u32,
) -> Result<(), Errno> {
    let needed = rights::FD_WRITE | rights::FD_SEEK;
    let f = file(ctx, fd, needed).map_err(instead(Errno::ISDIR, Errno::BADF))?;
    write_from(mem, iovs, count, nwritten, |mut buf, done| {
        let mut at = offset.saturating_add(done);
        while !buf.is_empty() {
            let n = retry(|| sys::write_at(f, buf, at))?;
            if n == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            buf = &buf[n..];
            at += n as u64;
        }
        Ok(())
    })
}

/// `fd_seek(fd, offset, whence, newoffset)`.
pub(crate) fn fd_seek(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    offset: i64,
    how: u32,
    out: u32,
) -> Result<(), Errno> {
    mem.check(out, 8)?;
    let pos = match how {
        whence::SET => SeekFrom::Start(u64::try_from(offset).map_err(|_| Errno::INVAL)?),
        whence::CUR => SeekFrom::Current(offset),
        whence::END => SeekFrom::End(offset),
        _ => return Err(Errno::INVAL),
    };
    // Asking where the position is needs `FD_TELL`; moving it `FD_SEEK` too.
    let needed = if offset == 0 && how == whence::CUR {
        rights::FD_TELL
    } else {
        rights::FD_SEEK | rights::FD_TELL
    };
    file(ctx, fd, needed).map_err(instead(Errno::ISDIR, Errno::BADF))?;
    let entry = ctx.table.get_mut(fd)?;
    let new = match (&entry.handle, &mut entry.pos) {
        // A regular file: only the position this table keeps moves (no system call but the
        // size for `END`). Before the start or past `i64::MAX` is `EINVAL`, as `lseek` says.
        (Handle::File(f), Some(cur)) => {
            let new = match pos {
                SeekFrom::Start(n) => Some(n),
                SeekFrom::Current(d) => cur.checked_add_signed(d),
                SeekFrom::End(d) => f.metadata()?.len().checked_add_signed(d),
            };
            let new = new.filter(|&n| n <= i64::MAX as u64).ok_or(Errno::INVAL)?;
            *cur = new;
            new
        }
        (Handle::File(f), None) => {
            let mut f = f;
            f.seek(pos)?
        }
        _ => return Err(Errno::SPIPE),
    };
    mem.write_u64(out, new)
}

/// `fd_tell(fd, offset)`.
pub(crate) fn fd_tell(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    out: u32,
) -> Result<(), Errno> {
    fd_seek(ctx, mem, fd, 0, whence::CUR, out)
}

/// `fd_renumber(from, to)`: moves `from` onto `to` (both must be open), closing what `to` was.
pub(crate) fn fd_renumber(
    ctx: &mut WasiCtx,
    _mem: &mut GuestMemory,
    from: u32,
    to: u32,
) -> Result<(), Errno> {
    ctx.table.get(from)?;
    ctx.table.get(to)?;
    if from == to {
        return Ok(());
    }
    let entry = ctx.table.remove(from)?;
    ctx.table.replace(to, entry)
}

/// `fd_prestat_get(fd, prestat)`.
pub(crate) fn fd_prestat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    out: u32,
) -> Result<(), Errno> {
    mem.check(out, size::PRESTAT)?;
    let name = ctx.table.get(fd)?.preopen.as_ref().ok_or(Errno::BADF)?;
    let len = u32::try_from(name.len()).map_err(|_| Errno::NAMETOOLONG)?;
    let mut rec = [0u8; size::PRESTAT as usize];
    rec[4..8].copy_from_slice(&len.to_le_bytes());
    mem.write_bytes(out, &rec)
}

/// `fd_prestat_dir_name(fd, path, path_len)`.
pub(crate) fn fd_prestat_dir_name(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    path: u32,
    len: u32,
) -> Result<(), Errno> {
    let name = ctx.table.get(fd)?.preopen.as_ref().ok_or(Errno::BADF)?;
    if (len as usize) < name.len() {
        return Err(Errno::NAMETOOLONG);
    }
    mem.write_bytes(path, name.as_bytes())
}

/// `fd_readdir(fd, buf, buf_len, cookie, bufused)`.
///
/// Entries are `.`, `..`, then the directory's names sorted bytewise, so a cookie (the index of
/// the next entry) means the same thing on every call. The last entry is cut off when the buffer
/// is full, as the specification asks (`bufused == buf_len` tells the guest to call again).
pub(crate) fn fd_readdir(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    buf: u32,
    buf_len: u32,
    cookie: u64,
    bufused: u32,
) -> Result<(), Errno> {
    mem.check(buf, buf_len)?;
    mem.check(bufused, 4)?;
    let dir = ctx.table.dir(fd, rights::FD_READDIR)?;
    let self_ino = dir.dir_metadata().map_or(0, |m| m.ino());
    let mut names = Vec::new();
    for entry in dir.entries()? {
        let entry = entry?;
        let ft = entry.file_type().map_or(filetype::UNKNOWN, filetype_of);
        let ino = sys::dirent_ino(&entry);
        names.push((entry.file_name().as_encoded_bytes().to_vec(), ft, ino));
    }
    names.sort();
    let dots = [
        (b".".to_vec(), filetype::DIRECTORY, self_ino),
        (b"..".to_vec(), filetype::DIRECTORY, 0),
    ];
    let start = usize::try_from(cookie).unwrap_or(usize::MAX);
    let cap = buf_len as usize;
    let mut out = Vec::with_capacity(cap.min(1 << 16));
    for (i, (name, ft, ino)) in dots.iter().chain(names.iter()).enumerate().skip(start) {
        if out.len() >= cap {
            break;
        }
        let namlen = u32::try_from(name.len()).map_err(|_| Errno::NAMETOOLONG)?;
        let mut head = [0u8; size::DIRENT];
        head[0..8].copy_from_slice(&(i as u64 + 1).to_le_bytes());
        head[8..16].copy_from_slice(&ino.to_le_bytes());
        head[16..20].copy_from_slice(&namlen.to_le_bytes());
        head[20] = *ft;
        out.extend_from_slice(&head);
        out.extend_from_slice(name);
    }
    out.truncate(cap);
    mem.write_bytes(buf, &out)?;
    mem.write_u32(bufused, out.len() as u32)
}
