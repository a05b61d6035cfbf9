//! Address-space management for hosts without `mmap`: the whole reservation is allocated zeroed up front.

use std::alloc::{alloc_zeroed, dealloc, Layout};
use std::io;

/// Allocates `size` zeroed bytes (there is no lazy reservation on this host).
pub fn reserve(size: usize) -> io::Result<*mut u8> {
    let layout = Layout::from_size_align(size.max(1), page_size())
        .map_err(|_| io::Error::from(io::ErrorKind::OutOfMemory))?;
    // SAFETY: the layout has a non-zero size.
    let ptr = unsafe { alloc_zeroed(layout) };
    if ptr.is_null() {
        return Err(io::Error::from(io::ErrorKind::OutOfMemory));
    }
    Ok(ptr)
}

/// Nothing to do: the memory is already accessible.
///
/// # Safety
/// The range must lie inside an allocation made by [`reserve`].
pub unsafe fn commit(_ptr: *mut u8, _size: usize) -> io::Result<()> {
    Ok(())
}

/// Frees an allocation made by [`reserve`].
///
/// # Safety
/// `ptr`/`size` must be exactly an allocation made by [`reserve`] that nothing refers to any more.
pub unsafe fn release(ptr: *mut u8, size: usize) {
    let layout =
        Layout::from_size_align(size.max(1), page_size()).expect("layout was valid at reserve");
    // SAFETY: the caller guarantees the allocation is ours, with this layout.
    unsafe { dealloc(ptr, layout) }
}

/// No address-space limit is known on this host.
pub fn address_space_limit() -> Option<usize> {
    None
}

/// The page size this module aligns to.
pub fn page_size() -> usize {
    4096
}

/// Executable memory is not supported on hosts without `mmap`: compiled code cannot run there.
///
/// # Safety
/// The range must lie inside an allocation made by [`reserve`].
pub unsafe fn make_executable(_ptr: *mut u8, _size: usize) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "this host cannot map executable memory",
    ))
}
