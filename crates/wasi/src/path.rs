//! `path_*`: operations on paths relative to a directory descriptor.
//!
//! Every path is resolved by cap-std inside the directory the descriptor holds: `..` above it,
//! absolute paths and symlinks leading outside (including ones the guest made) fail, and on Linux
//! the kernel enforces it (`openat2` with `RESOLVE_BENEATH`), so a race between a check and a use
//! cannot escape either. Such an attempt is `EPERM`, as in Wasmtime. Symlinks the guest makes or
//! moves must lead inside too ([`crate::symlinks`]), so host tools that follow them later stay
//! inside as well. Every call needs its right on the descriptor (`ENOTCAPABLE` once dropped).

use crate::ctx::{Entry, Handle, WasiCtx};
use crate::errno::Errno;
use crate::fs::{times_of, write_filestat};
use crate::memory::GuestMemory;
use crate::symlinks;
use crate::sys;
use crate::types::{fdflags, lookupflags, oflags, rights, size};
use cap_fs_ext::{
    DirExt, FollowSymlinks, OpenOptionsFollowExt, OpenOptionsMaybeDirExt, OpenOptionsSyncExt,
};
use cap_std::fs::{Dir, OpenOptions};

/// Reads a path argument.
fn path<'m>(mem: &'m GuestMemory, ptr: u32, len: u32) -> Result<&'m str, Errno> {
    let p = mem.read_str(ptr, len)?;
    if p.contains('\0') {
        return Err(Errno::ILSEQ);
    }
    Ok(p)
}

/// `path_create_directory(fd, path)`.
pub(crate) fn path_create_directory(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    p: u32,
    len: u32,
) -> Result<(), Errno> {
    let dir = ctx.table.dir(fd, rights::PATH_CREATE_DIRECTORY)?;
    Ok(dir.create_dir(path(mem, p, len)?)?)
}

/// `path_filestat_get(fd, flags, path, filestat)`.
pub(crate) fn path_filestat_get(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    flags: u32,
    p: u32,
    len: u32,
    out: u32,
) -> Result<(), Errno> {
    mem.check(out, size::FILESTAT)?;
    let dir = ctx.table.dir(fd, rights::PATH_FILESTAT_GET)?;
    let p = path(mem, p, len)?;
    let meta = if flags & lookupflags::SYMLINK_FOLLOW != 0 {
        dir.metadata(p)?
    } else {
        dir.symlink_metadata(p)?
    };
    write_filestat(mem, out, &meta)
}

/// `path_filestat_set_times(fd, flags, path, atim, mtim, fst_flags)`.
#[expect(clippy::too_many_arguments, reason = "the WASI signature")]
pub(crate) fn path_filestat_set_times(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    flags: u32,
    p: u32,
    len: u32,
    atim: u64,
    mtim: u64,
    fst: u32,
) -> Result<(), Errno> {
    let dir = ctx.table.dir(fd, rights::PATH_FILESTAT_SET_TIMES)?;
    let p = path(mem, p, len)?;
    let (a, m) = times_of(atim, mtim, u16::try_from(fst).map_err(|_| Errno::INVAL)?)?;
    if flags & lookupflags::SYMLINK_FOLLOW != 0 {
        Ok(dir.set_times(p, a, m)?)
    } else {
        Ok(dir.set_symlink_times(p, a, m)?)
    }
}

/// `path_link(old_fd, old_flags, old_path, new_fd, new_path)`. Following a symlink at the source
/// is not supported (`EINVAL`, as in Wasmtime).
#[expect(clippy::too_many_arguments, reason = "the WASI signature")]
pub(crate) fn path_link(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    old_fd: u32,
    old_flags: u32,
    old: u32,
    old_len: u32,
    new_fd: u32,
    new: u32,
    new_len: u32,
) -> Result<(), Errno> {
    let old_dir = ctx.table.dir(old_fd, rights::PATH_LINK_SOURCE)?;
    let new_dir = ctx.table.dir(new_fd, rights::PATH_LINK_TARGET)?;
    let (old, new) = (path(mem, old, old_len)?, path(mem, new, new_len)?);
    if old_flags & lookupflags::SYMLINK_FOLLOW != 0 {
        return Err(Errno::INVAL);
    }
    symlinks::check_link(old_dir, old, new_dir, new)?;
    Ok(old_dir.hard_link(old, new_dir, new)?)
}

/// `path_open(fd, dirflags, path, oflags, rights_base, rights_inheriting, fdflags, fd_out)`.
#[expect(clippy::too_many_arguments, reason = "the WASI signature")]
pub(crate) fn path_open(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    dirflags: u32,
    p: u32,
    len: u32,
    oflags: u32,
    base: u64,
    inheriting: u64,
    fdflags: u32,
    out: u32,
) -> Result<(), Errno> {
    mem.check(out, 4)?;
    let oflags = u16::try_from(oflags).map_err(|_| Errno::INVAL)?;
    let fdflags = u16::try_from(fdflags).map_err(|_| Errno::INVAL)?;
    let mut needed = rights::PATH_OPEN;
    if oflags & oflags::CREAT != 0 {
        needed |= rights::PATH_CREATE_FILE;
    }
    if oflags & oflags::TRUNC != 0 {
        needed |= rights::PATH_FILESTAT_SET_SIZE;
    }
    let parent = ctx.table.get_with(fd, needed)?;
    let Handle::Dir(dir) = &parent.handle else {
        return Err(Errno::NOTDIR);
    };
    let p = path(mem, p, len)?;
    let follow = if dirflags & lookupflags::SYMLINK_FOLLOW != 0 {
        FollowSymlinks::Yes
    } else {
        FollowSymlinks::No
    };
    // What the new descriptor may do: what was asked, within what the directory passes on. A
    // right asked for but not passed on is left out, not refused (wasi-libc asks for every right
    // that does not contradict the access mode), so `fd_fdstat_get` shows what the guest got.
    let base = base & parent.rights_inheriting;
    let inheriting = inheriting & parent.rights_inheriting;

    let mut regular = false;
    let handle = if oflags & oflags::DIRECTORY != 0 {
        if oflags & (oflags::CREAT | oflags::TRUNC) != 0 {
            return Err(Errno::INVAL);
        }
        let d = match follow {
            FollowSymlinks::Yes => dir.open_dir(p)?,
            FollowSymlinks::No => dir.open_dir_nofollow(p)?,
        };
        Handle::Dir(d)
    } else {
        let read = base & (rights::FD_READ | rights::FD_READDIR) != 0;
        let mut write = base
            & (rights::FD_WRITE
                | rights::FD_DATASYNC
                | rights::FD_ALLOCATE
                | rights::FD_FILESTAT_SET_SIZE)
            != 0
            || fdflags & fdflags::APPEND != 0;
        let mut opts = OpenOptions::new();
        if oflags & oflags::CREAT != 0 {
            write = true;
            if oflags & oflags::EXCL != 0 {
                opts.create_new(true);
            } else {
                opts.create(true);
            }
        }
        if oflags & oflags::TRUNC != 0 {
            write = true;
            opts.truncate(true);
        }
        opts.read(read || !write).write(write);
        opts.follow(follow).maybe_dir(!write);
        if fdflags & (fdflags::SYNC | fdflags::DSYNC | fdflags::RSYNC) != 0 {
            opts.sync(true);
        }
        let f = dir.open_with(p, &opts)?;
        let meta = f.metadata()?;
        if meta.is_dir() {
            Handle::Dir(Dir::from_std_file(f.into_std()))
        } else {
            let f = f.into_std();
            // The host descriptor appends by itself (`O_APPEND`), so an append is atomic. Set
            // after opening: cap-std refuses append together with truncate.
            if fdflags & fdflags::APPEND != 0 {
                sys::set_append(&f, true)?;
            }
            regular = meta.is_file();
            Handle::File(f)
        }
    };
    let mask = match handle {
        Handle::Dir(_) => rights::DIR,
        _ => rights::FILE,
    };
    let mut entry = Entry::new(handle, base & mask, inheriting);
    entry.flags = fdflags;
    if regular {
        entry.pos = Some(0);
    }
    let new_fd = ctx.table.push(entry);
    mem.write_u32(out, new_fd)
}

/// `path_readlink(fd, path, buf, buf_len, bufused)`: the link's contents, cut to fit.
#[expect(clippy::too_many_arguments, reason = "the WASI signature")]
pub(crate) fn path_readlink(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    p: u32,
    len: u32,
    buf: u32,
    buf_len: u32,
    bufused: u32,
) -> Result<(), Errno> {
    mem.check(buf, buf_len)?;
    mem.check(bufused, 4)?;
    let dir = ctx.table.dir(fd, rights::PATH_READLINK)?;
    let target = dir.read_link_contents(path(mem, p, len)?)?;
    let bytes = target.as_os_str().as_encoded_bytes();
    let n = bytes.len().min(buf_len as usize);
    mem.write_bytes(buf, &bytes[..n])?;
    mem.write_u32(bufused, n as u32)
}

/// `path_remove_directory(fd, path)`.
pub(crate) fn path_remove_directory(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    p: u32,
    len: u32,
) -> Result<(), Errno> {
    let dir = ctx.table.dir(fd, rights::PATH_REMOVE_DIRECTORY)?;
    Ok(dir.remove_dir(path(mem, p, len)?)?)
}

/// `path_rename(fd, old_path, new_fd, new_path)`.
#[expect(clippy::too_many_arguments, reason = "the WASI signature")]
pub(crate) fn path_rename(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    old: u32,
    old_len: u32,
    new_fd: u32,
    new: u32,
    new_len: u32,
) -> Result<(), Errno> {
    let old_dir = ctx.table.dir(fd, rights::PATH_RENAME_SOURCE)?;
    let new_dir = ctx.table.dir(new_fd, rights::PATH_RENAME_TARGET)?;
    let (old, new) = (path(mem, old, old_len)?, path(mem, new, new_len)?);
    symlinks::check_rename(old_dir, old, new_dir, new, fd == new_fd)?;
    Ok(old_dir.rename(old, new_dir, new)?)
}

/// `path_symlink(old_path, fd, new_path)`. A target that could lead outside the directory of
/// `fd` is refused (`EPERM`): an absolute one, or one climbing with `..` above it (see
/// [`symlinks`]).
pub(crate) fn path_symlink(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    old: u32,
    old_len: u32,
    fd: u32,
    new: u32,
    new_len: u32,
) -> Result<(), Errno> {
    let dir = ctx.table.dir(fd, rights::PATH_SYMLINK)?;
    let (old, new) = (path(mem, old, old_len)?, path(mem, new, new_len)?);
    symlinks::check_new(dir, new, old)?;
    Ok(DirExt::symlink(dir, old, new)?)
}

/// `path_unlink_file(fd, path)`.
pub(crate) fn path_unlink_file(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    p: u32,
    len: u32,
) -> Result<(), Errno> {
    let dir = ctx.table.dir(fd, rights::PATH_UNLINK_FILE)?;
    Ok(dir.remove_file(path(mem, p, len)?)?)
}
