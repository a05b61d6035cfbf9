//! Executable memory for compiled code: written while writable, then switched to read+execute.

use crate::sys;

/// A block of machine code mapped executable. Never writable and executable at once.
#[derive(Debug)]
pub struct CodeMemory {
    ptr: *mut u8,
    mapped: usize,
    len: usize,
}

// SAFETY: after `publish` the memory is immutable code; sharing its address between threads is fine.
unsafe impl Send for CodeMemory {}
// SAFETY: as above.
unsafe impl Sync for CodeMemory {}

/// Why code could not be mapped.
#[derive(Debug, thiserror::Error)]
pub enum CodeMemoryError {
    /// The OS refused to map or protect the memory.
    #[error("cannot map executable memory: {0}")]
    Os(#[from] std::io::Error),
    /// The patch step reported an error.
    #[error("{0}")]
    Patch(String),
}

impl CodeMemory {
    /// Maps `code`, lets `patch` edit the writable copy (apply relocations), then makes it executable.
    pub fn new(
        code: &[u8],
        patch: impl FnOnce(&mut [u8], usize) -> Result<(), String>,
    ) -> Result<CodeMemory, CodeMemoryError> {
        let page = sys::page_size();
        let mapped = code.len().max(1).div_ceil(page) * page;
        let ptr = sys::reserve(mapped)?;
        let mem = CodeMemory {
            ptr,
            mapped,
            len: code.len(),
        };
        // SAFETY: [ptr, ptr + mapped) is our fresh, page-aligned reservation.
        unsafe { sys::commit(ptr, mapped)? };
        // SAFETY: the range was just made writable and nothing else refers to it.
        let buf = unsafe { std::slice::from_raw_parts_mut(ptr, code.len()) };
        buf.copy_from_slice(code);
        patch(buf, ptr as usize).map_err(CodeMemoryError::Patch)?;
        // SAFETY: the range is ours; the slice above is no longer used.
        unsafe { sys::make_executable(ptr, mapped)? };
        crate::arch::flush_icache(ptr, code.len());
        Ok(mem)
    }

    /// The address of the first byte.
    pub fn base(&self) -> *const u8 {
        self.ptr
    }

    /// The code's length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is no code.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Drop for CodeMemory {
    fn drop(&mut self) {
        // SAFETY: ptr/mapped are exactly our reservation; the owner drops code only after every
        // instance that runs it.
        unsafe { sys::release(self.ptr, self.mapped) }
    }
}
