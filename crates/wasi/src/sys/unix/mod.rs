//! Unix hosts.

use crate::errno::Errno;
use std::io::{self, Seek, Write};
use std::os::fd::AsRawFd;

/// OS error numbers (`errno.h`) and their WASI counterparts.
const TABLE: &[(i32, Errno)] = &[
    (libc::E2BIG, Errno::TOOBIG),
    (libc::EACCES, Errno::ACCES),
    (libc::EADDRINUSE, Errno::ADDRINUSE),
    (libc::EADDRNOTAVAIL, Errno::ADDRNOTAVAIL),
    (libc::EAFNOSUPPORT, Errno::AFNOSUPPORT),
    (libc::EAGAIN, Errno::AGAIN),
    (libc::EALREADY, Errno::ALREADY),
    (libc::EBADF, Errno::BADF),
    (libc::EBADMSG, Errno::BADMSG),
    (libc::EBUSY, Errno::BUSY),
    (libc::ECANCELED, Errno::CANCELED),
    (libc::ECHILD, Errno::CHILD),
    (libc::ECONNABORTED, Errno::CONNABORTED),
    (libc::ECONNREFUSED, Errno::CONNREFUSED),
    (libc::ECONNRESET, Errno::CONNRESET),
    (libc::EDEADLK, Errno::DEADLK),
    (libc::EDESTADDRREQ, Errno::DESTADDRREQ),
    (libc::EDOM, Errno::DOM),
    (libc::EDQUOT, Errno::DQUOT),
    (libc::EEXIST, Errno::EXIST),
    (libc::EFAULT, Errno::FAULT),
    (libc::EFBIG, Errno::FBIG),
    (libc::EHOSTUNREACH, Errno::HOSTUNREACH),
    (libc::EIDRM, Errno::IDRM),
    (libc::EILSEQ, Errno::ILSEQ),
    (libc::EINPROGRESS, Errno::INPROGRESS),
    (libc::EINTR, Errno::INTR),
    (libc::EINVAL, Errno::INVAL),
    (libc::EIO, Errno::IO),
    (libc::EISCONN, Errno::ISCONN),
    (libc::EISDIR, Errno::ISDIR),
    (libc::ELOOP, Errno::LOOP),
    (libc::EMFILE, Errno::MFILE),
    (libc::EMLINK, Errno::MLINK),
    (libc::EMSGSIZE, Errno::MSGSIZE),
    (libc::EMULTIHOP, Errno::MULTIHOP),
    (libc::ENAMETOOLONG, Errno::NAMETOOLONG),
    (libc::ENETDOWN, Errno::NETDOWN),
    (libc::ENETRESET, Errno::NETRESET),
    (libc::ENETUNREACH, Errno::NETUNREACH),
    (libc::ENFILE, Errno::NFILE),
    (libc::ENOBUFS, Errno::NOBUFS),
    (libc::ENODEV, Errno::NODEV),
    (libc::ENOENT, Errno::NOENT),
    (libc::ENOEXEC, Errno::NOEXEC),
    (libc::ENOLCK, Errno::NOLCK),
    (libc::ENOLINK, Errno::NOLINK),
    (libc::ENOMEM, Errno::NOMEM),
    (libc::ENOMSG, Errno::NOMSG),
    (libc::ENOPROTOOPT, Errno::NOPROTOOPT),
    (libc::ENOSPC, Errno::NOSPC),
    (libc::ENOSYS, Errno::NOSYS),
    (libc::ENOTCONN, Errno::NOTCONN),
    (libc::ENOTDIR, Errno::NOTDIR),
    (libc::ENOTEMPTY, Errno::NOTEMPTY),
    (libc::ENOTRECOVERABLE, Errno::NOTRECOVERABLE),
    (libc::ENOTSOCK, Errno::NOTSOCK),
    (libc::ENOTSUP, Errno::NOTSUP),
    (libc::EOPNOTSUPP, Errno::NOTSUP),
    (libc::ENOTTY, Errno::NOTTY),
    (libc::ENXIO, Errno::NXIO),
    (libc::EOVERFLOW, Errno::OVERFLOW),
    (libc::EOWNERDEAD, Errno::OWNERDEAD),
    (libc::EPERM, Errno::PERM),
    (libc::EPIPE, Errno::PIPE),
    (libc::EPROTO, Errno::PROTO),
    (libc::EPROTONOSUPPORT, Errno::PROTONOSUPPORT),
    (libc::EPROTOTYPE, Errno::PROTOTYPE),
    (libc::ERANGE, Errno::RANGE),
    (libc::EROFS, Errno::ROFS),
    (libc::ESPIPE, Errno::SPIPE),
    (libc::ESRCH, Errno::SRCH),
    (libc::ESTALE, Errno::STALE),
    (libc::ETIMEDOUT, Errno::TIMEDOUT),
    (libc::ETXTBSY, Errno::TXTBSY),
    (libc::EXDEV, Errno::XDEV),
];

/// The WASI error number for OS error number `code`, if there is one.
pub(crate) fn errno_from_os(code: i32) -> Option<Errno> {
    TABLE.iter().find(|(os, _)| *os == code).map(|(_, e)| *e)
}

/// The inode number of a directory entry (no extra system call).
pub(crate) fn dirent_ino(entry: &cap_std::fs::DirEntry) -> u64 {
    use std::os::unix::fs::DirEntryExt;
    entry.ino()
}

/// The last status change time, in nanoseconds since the epoch.
pub(crate) fn ctime_ns(meta: &cap_std::fs::Metadata) -> u64 {
    use cap_std::fs::MetadataExt;
    let secs = u64::try_from(meta.ctime()).unwrap_or(0);
    let nsec = u64::try_from(meta.ctime_nsec()).unwrap_or(0);
    secs.saturating_mul(1_000_000_000).saturating_add(nsec)
}

/// Reads at `offset` without moving the file position.
pub(crate) fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

/// Writes at `offset` without moving the file position.
pub(crate) fn write_at(file: &std::fs::File, buf: &[u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::write_at(file, buf, offset)
}

/// Turns the host descriptor's `O_APPEND` on or off: with it, every `write` lands at the end of
/// the file atomically (and `pwrite` appends too, as on Linux natively).
pub(crate) fn set_append(file: &std::fs::File, on: bool) -> io::Result<()> {
    let fd = file.as_raw_fd();
    // SAFETY: `fd` is an open descriptor borrowed from `file` for this call; `F_GETFL` takes no
    // argument and only reads the descriptor's status flags.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(io::Error::last_os_error());
    }
    let new = if on {
        flags | libc::O_APPEND
    } else {
        flags & !libc::O_APPEND
    };
    if new == flags {
        return Ok(());
    }
    // SAFETY: as above; `F_SETFL` takes an `int` of status flags and changes nothing but them.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, new) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Appends `buf` through the descriptor's `O_APPEND` (see [`set_append`]), one atomic `write`
/// per chunk the host accepts; returns the position after it, the new end of the file.
pub(crate) fn write_append(mut file: &std::fs::File, buf: &[u8]) -> io::Result<u64> {
    file.write_all(buf)?;
    file.stream_position()
}
