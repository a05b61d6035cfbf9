//! WASI preview1 error numbers: the one list (DESIGN rule 2) and the mapping from host I/O errors.

use std::fmt;
use std::io;

/// A `wasi_snapshot_preview1` error number, as returned to the guest.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Errno(u16);

macro_rules! errnos {
    ($( $name:ident = $value:literal, $text:literal; )*) => {
        impl Errno {
            $(
                #[doc = $text]
                pub const $name: Errno = Errno($value);
            )*

            /// Every error number of the specification, in numeric order.
            pub const ALL: &'static [Errno] = &[$(Errno::$name),*];

            /// The specification's name without the `E` prefix (for example `NOENT`).
            pub fn name(self) -> &'static str {
                match self.0 {
                    $( $value => stringify!($name), )*
                    _ => "UNKNOWN",
                }
            }

            /// A short description.
            pub fn description(self) -> &'static str {
                match self.0 {
                    $( $value => $text, )*
                    _ => "unknown error",
                }
            }
        }
    };
}

errnos! {
    SUCCESS = 0, "No error occurred.";
    TOOBIG = 1, "Argument list too long.";
    ACCES = 2, "Permission denied.";
    ADDRINUSE = 3, "Address in use.";
    ADDRNOTAVAIL = 4, "Address not available.";
    AFNOSUPPORT = 5, "Address family not supported.";
    AGAIN = 6, "Resource unavailable, or operation would block.";
    ALREADY = 7, "Connection already in progress.";
    BADF = 8, "Bad file descriptor.";
    BADMSG = 9, "Bad message.";
    BUSY = 10, "Device or resource busy.";
    CANCELED = 11, "Operation canceled.";
    CHILD = 12, "No child processes.";
    CONNABORTED = 13, "Connection aborted.";
    CONNREFUSED = 14, "Connection refused.";
    CONNRESET = 15, "Connection reset.";
    DEADLK = 16, "Resource deadlock would occur.";
    DESTADDRREQ = 17, "Destination address required.";
    DOM = 18, "Mathematics argument out of domain of function.";
    DQUOT = 19, "Reserved (disk quota exceeded).";
    EXIST = 20, "File exists.";
    FAULT = 21, "Bad address.";
    FBIG = 22, "File too large.";
    HOSTUNREACH = 23, "Host is unreachable.";
    IDRM = 24, "Identifier removed.";
    ILSEQ = 25, "Illegal byte sequence.";
    INPROGRESS = 26, "Operation in progress.";
    INTR = 27, "Interrupted function.";
    INVAL = 28, "Invalid argument.";
    IO = 29, "I/O error.";
    ISCONN = 30, "Socket is connected.";
    ISDIR = 31, "Is a directory.";
    LOOP = 32, "Too many levels of symbolic links.";
    MFILE = 33, "File descriptor value too large.";
    MLINK = 34, "Too many links.";
    MSGSIZE = 35, "Message too large.";
    MULTIHOP = 36, "Reserved (multihop attempted).";
    NAMETOOLONG = 37, "Filename too long.";
    NETDOWN = 38, "Network is down.";
    NETRESET = 39, "Connection aborted by network.";
    NETUNREACH = 40, "Network unreachable.";
    NFILE = 41, "Too many files open in system.";
    NOBUFS = 42, "No buffer space available.";
    NODEV = 43, "No such device.";
    NOENT = 44, "No such file or directory.";
    NOEXEC = 45, "Executable file format error.";
    NOLCK = 46, "No locks available.";
    NOLINK = 47, "Reserved (link has been severed).";
    NOMEM = 48, "Not enough space.";
    NOMSG = 49, "No message of the desired type.";
    NOPROTOOPT = 50, "Protocol not available.";
    NOSPC = 51, "No space left on device.";
    NOSYS = 52, "Function not supported.";
    NOTCONN = 53, "The socket is not connected.";
    NOTDIR = 54, "Not a directory or a symbolic link to a directory.";
    NOTEMPTY = 55, "Directory not empty.";
    NOTRECOVERABLE = 56, "State not recoverable.";
    NOTSOCK = 57, "Not a socket.";
    NOTSUP = 58, "Not supported, or operation not supported on socket.";
    NOTTY = 59, "Inappropriate I/O control operation.";
    NXIO = 60, "No such device or address.";
    OVERFLOW = 61, "Value too large to be stored in data type.";
    OWNERDEAD = 62, "Previous owner died.";
    PERM = 63, "Operation not permitted.";
    PIPE = 64, "Broken pipe.";
    PROTO = 65, "Protocol error.";
    PROTONOSUPPORT = 66, "Protocol not supported.";
    PROTOTYPE = 67, "Protocol wrong type for socket.";
    RANGE = 68, "Result too large.";
    ROFS = 69, "Read-only file system.";
    SPIPE = 70, "Invalid seek.";
    SRCH = 71, "No such process.";
    STALE = 72, "Reserved (stale file handle).";
    TIMEDOUT = 73, "Connection timed out.";
    TXTBSY = 74, "Text file busy.";
    XDEV = 75, "Cross-device link.";
    NOTCAPABLE = 76, "Extension: Capabilities insufficient.";
}

impl Errno {
    /// The number the guest sees.
    pub fn raw(self) -> u16 {
        self.0
    }

    /// The error number with value `raw`, if the specification defines one.
    pub fn from_raw(raw: u16) -> Option<Errno> {
        Errno::ALL.get(usize::from(raw)).copied()
    }

    /// The WASI error number for a host I/O error.
    ///
    /// An OS error number is translated exactly where the host has one; otherwise the error's kind
    /// decides. cap-std reports a path that would leave its directory (`..`, an absolute path, a
    /// symlink pointing outside) as `PermissionDenied` without an OS error number: that becomes
    /// `PERM`, as in Wasmtime.
    pub fn from_io(error: &io::Error) -> Errno {
        if let Some(errno) = error.raw_os_error().and_then(crate::sys::errno_from_os) {
            return errno;
        }
        use io::ErrorKind as K;
        match error.kind() {
            K::NotFound => Errno::NOENT,
            K::PermissionDenied => Errno::PERM,
            K::ConnectionRefused => Errno::CONNREFUSED,
            K::ConnectionReset => Errno::CONNRESET,
            K::ConnectionAborted => Errno::CONNABORTED,
            K::NotConnected => Errno::NOTCONN,
            K::AddrInUse => Errno::ADDRINUSE,
            K::AddrNotAvailable => Errno::ADDRNOTAVAIL,
            K::BrokenPipe => Errno::PIPE,
            K::AlreadyExists => Errno::EXIST,
            K::WouldBlock => Errno::AGAIN,
            K::InvalidInput => Errno::INVAL,
            K::InvalidData => Errno::ILSEQ,
            K::TimedOut => Errno::TIMEDOUT,
            K::Interrupted => Errno::INTR,
            K::Unsupported => Errno::NOTSUP,
            K::OutOfMemory => Errno::NOMEM,
            K::NotADirectory => Errno::NOTDIR,
            K::IsADirectory => Errno::ISDIR,
            K::DirectoryNotEmpty => Errno::NOTEMPTY,
            K::ReadOnlyFilesystem => Errno::ROFS,
            K::StorageFull => Errno::NOSPC,
            K::NotSeekable => Errno::SPIPE,
            K::FileTooLarge => Errno::FBIG,
            K::ResourceBusy => Errno::BUSY,
            K::ExecutableFileBusy => Errno::TXTBSY,
            K::Deadlock => Errno::DEADLK,
            K::TooManyLinks => Errno::MLINK,
            K::ArgumentListTooLong => Errno::TOOBIG,
            K::CrossesDevices => Errno::XDEV,
            K::QuotaExceeded => Errno::DQUOT,
            K::InvalidFilename => Errno::NAMETOOLONG,
            _ => Errno::IO,
        }
    }
}

impl From<io::Error> for Errno {
    fn from(error: io::Error) -> Errno {
        Errno::from_io(&error)
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Errno::{}({})", self.name(), self.0)
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (errno {} {})",
            self.description(),
            self.0,
            self.name()
        )
    }
}

impl std::error::Error for Errno {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_match_the_specification() {
        assert_eq!(Errno::SUCCESS.raw(), 0);
        assert_eq!(Errno::BADF.raw(), 8);
        assert_eq!(Errno::FAULT.raw(), 21);
        assert_eq!(Errno::INVAL.raw(), 28);
        assert_eq!(Errno::NOENT.raw(), 44);
        assert_eq!(Errno::NOSYS.raw(), 52);
        assert_eq!(Errno::NOTSUP.raw(), 58);
        assert_eq!(Errno::PERM.raw(), 63);
        assert_eq!(Errno::NOTCAPABLE.raw(), 76);
        assert_eq!(Errno::ALL.len(), 77);
        for (i, e) in Errno::ALL.iter().enumerate() {
            assert_eq!(usize::from(e.raw()), i, "{e:?} out of order");
            assert_eq!(Errno::from_raw(e.raw()), Some(*e));
        }
        assert_eq!(Errno::from_raw(77), None);
        assert_eq!(Errno::LOOP.name(), "LOOP");
    }

    #[test]
    fn io_errors_map_to_errnos() {
        use io::ErrorKind as K;
        let kind = |k: K| Errno::from_io(&io::Error::new(k, "x"));
        assert_eq!(kind(K::NotFound), Errno::NOENT);
        assert_eq!(kind(K::AlreadyExists), Errno::EXIST);
        // cap-std's "a path led outside of the filesystem".
        assert_eq!(kind(K::PermissionDenied), Errno::PERM);
        assert_eq!(kind(K::Unsupported), Errno::NOTSUP);
        assert_eq!(kind(K::Other), Errno::IO);
    }

    #[cfg(unix)]
    #[test]
    fn os_errors_map_exactly() {
        let os = |n: i32| Errno::from_io(&io::Error::from_raw_os_error(n));
        assert_eq!(os(libc::EACCES), Errno::ACCES);
        assert_eq!(os(libc::EPERM), Errno::PERM);
        assert_eq!(os(libc::ELOOP), Errno::LOOP);
        assert_eq!(os(libc::ENOTEMPTY), Errno::NOTEMPTY);
        assert_eq!(os(libc::EXDEV), Errno::XDEV);
        assert_eq!(os(libc::ENOENT), Errno::NOENT);
        assert_eq!(os(libc::EBADF), Errno::BADF);
        assert_eq!(os(libc::ENOTDIR), Errno::NOTDIR);
        assert_eq!(os(libc::EISDIR), Errno::ISDIR);
        assert_eq!(os(libc::EEXIST), Errno::EXIST);
    }
}
