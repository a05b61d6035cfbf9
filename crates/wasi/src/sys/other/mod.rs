//! Hosts other than Unix: portable fallbacks.

use crate::errno::Errno;
use std::io::{self, Read, Seek, SeekFrom, Write};

/// No OS error number table here: the error's kind decides.
pub(crate) fn errno_from_os(_code: i32) -> Option<Errno> {
    None
}

/// Unknown inode number (wasi-libc then asks `fstatat`).
pub(crate) fn dirent_ino(_entry: &cap_std::fs::DirEntry) -> u64 {
    0
}

/// The creation time stands in for the status change time.
pub(crate) fn ctime_ns(meta: &cap_std::fs::Metadata) -> u64 {
    meta.created()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// Reads at `offset`, restoring the file position afterwards.
pub(crate) fn read_at(mut file: &std::fs::File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    let pos = file.stream_position()?;
    file.seek(SeekFrom::Start(offset))?;
    let r = file.read(buf);
    file.seek(SeekFrom::Start(pos))?;
    r
}

/// Writes at `offset`, restoring the file position afterwards.
pub(crate) fn write_at(mut file: &std::fs::File, buf: &[u8], offset: u64) -> io::Result<usize> {
    let pos = file.stream_position()?;
    file.seek(SeekFrom::Start(offset))?;
    let r = file.write(buf);
    file.seek(SeekFrom::Start(pos))?;
    r
}

/// No host append flag to set here: [`write_append`] seeks to the end itself.
pub(crate) fn set_append(_file: &std::fs::File, _on: bool) -> io::Result<()> {
    Ok(())
}

/// Appends `buf` at the end of the file (seek, then write: not atomic against other writers);
/// returns the position after it.
pub(crate) fn write_append(mut file: &std::fs::File, buf: &[u8]) -> io::Result<u64> {
    file.seek(SeekFrom::End(0))?;
    file.write_all(buf)?;
    file.stream_position()
}
