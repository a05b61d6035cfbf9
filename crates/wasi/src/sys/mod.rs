//! The little that differs between host operating systems: OS error numbers, inode numbers of
//! directory entries, status-change times and positioned I/O. Everything else is portable
//! through `std` and cap-std.

#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub(crate) use unix::*;

#[cfg(not(unix))]
mod other;
#[cfg(not(unix))]
pub(crate) use other::*;
