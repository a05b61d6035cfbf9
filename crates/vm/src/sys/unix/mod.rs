//! Address-space management with `mmap`/`mprotect`/`munmap`.

use std::io;

/// Reserves `size` bytes of inaccessible address space (`size` is a multiple of the host page size).
pub fn reserve(size: usize) -> io::Result<*mut u8> {
    // SAFETY: an anonymous private PROT_NONE mapping at an address of the kernel's choosing does not
    // alias any existing Rust object; failure is reported through MAP_FAILED.
    let ptr = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            size,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if ptr == libc::MAP_FAILED {
        return Err(io::Error::last_os_error());
    }
    Ok(ptr.cast())
}

/// Makes `[ptr, ptr + size)` of a reservation readable and writable. New pages read as zero.
///
/// # Safety
/// The range must lie inside a live reservation made by [`reserve`] and be page aligned.
pub unsafe fn commit(ptr: *mut u8, size: usize) -> io::Result<()> {
    if size == 0 {
        return Ok(());
    }
    // SAFETY: the caller guarantees the range is inside our own reservation.
    let rc = unsafe { libc::mprotect(ptr.cast(), size, libc::PROT_READ | libc::PROT_WRITE) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Releases a whole reservation.
///
/// # Safety
/// `ptr`/`size` must be exactly a reservation made by [`reserve`] that nothing refers to any more.
pub unsafe fn release(ptr: *mut u8, size: usize) {
    // SAFETY: the caller guarantees the mapping is ours and unused.
    unsafe {
        libc::munmap(ptr.cast(), size);
    }
}

/// The process's address-space limit in bytes (`ulimit -v`, `RLIMIT_AS`), if it has one.
pub fn address_space_limit() -> Option<usize> {
    let mut r = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    let rc = unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut r) };
    if rc != 0 || r.rlim_cur == libc::RLIM_INFINITY {
        return None;
    }
    usize::try_from(r.rlim_cur).ok()
}

/// The host page size.
pub fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if size <= 0 {
        4096
    } else {
        size as usize
    }
}

/// Makes `[ptr, ptr + size)` of a reservation readable and executable, no longer writable.
///
/// # Safety
/// The range must lie inside a live reservation made by [`reserve`] and be page aligned, and no Rust
/// reference may be writing to it.
pub unsafe fn make_executable(ptr: *mut u8, size: usize) -> io::Result<()> {
    // SAFETY: the caller guarantees the range is inside our own reservation.
    let rc = unsafe { libc::mprotect(ptr.cast(), size, libc::PROT_READ | libc::PROT_EXEC) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}
