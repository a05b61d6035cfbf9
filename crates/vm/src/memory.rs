//! Linear memory: reserved once at a stable base address and grown in place.

use crate::{sys, WASM_PAGE_SIZE};

/// Why a linear memory could not be created.
#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    /// The minimum size is larger than the configured limit.
    #[error("memory minimum of {pages} pages exceeds the limit of {limit} bytes")]
    TooLarge {
        /// Requested minimum in pages.
        pages: u64,
        /// The configured limit in bytes.
        limit: u64,
    },
    /// The operating system refused the reservation.
    #[error("cannot reserve {bytes} bytes of address space for linear memory: {source}")]
    Reserve {
        /// Bytes asked for.
        bytes: u64,
        /// The OS error.
        source: std::io::Error,
    },
}

/// A linear memory. `base` and `len` are at fixed offsets (0 and 8) so compiled code and the
/// interpreter can read them through a raw pointer; `base` never changes after creation.
#[repr(C)]
#[derive(Debug)]
pub struct LinearMemory {
    base: *mut u8,
    len: usize,
    reserved: usize,
    max_pages: u64,
    index64: bool,
}

// SAFETY: the memory is plain bytes owned by this object; the runtime serialises access per store.
unsafe impl Send for LinearMemory {}
// SAFETY: as above; shared references only read the base and length.
unsafe impl Sync for LinearMemory {}

impl LinearMemory {
    /// Creates a memory of `min_pages` pages that may grow to `max_pages` (the declared maximum, if any),
    /// never past `limit_bytes`.
    pub fn new(
        min_pages: u64,
        max_pages: Option<u64>,
        index64: bool,
        limit_bytes: u64,
    ) -> Result<LinearMemory, MemoryError> {
        let spec_max = if index64 { 1u64 << 48 } else { 1u64 << 16 };
        let limit_pages = limit_bytes / WASM_PAGE_SIZE;
        let max_pages = max_pages.unwrap_or(spec_max).min(spec_max).min(limit_pages);
        if min_pages > max_pages {
            return Err(MemoryError::TooLarge {
                pages: min_pages,
                limit: limit_bytes,
            });
        }
        let host_page = sys::page_size() as u64;
        let reserve_bytes = (max_pages * WASM_PAGE_SIZE).max(host_page);
        let reserve_bytes = reserve_bytes.div_ceil(host_page) * host_page;
        let base = sys::reserve(reserve_bytes as usize).map_err(|source| MemoryError::Reserve {
            bytes: reserve_bytes,
            source,
        })?;
        let mut mem = LinearMemory {
            base,
            len: 0,
            reserved: reserve_bytes as usize,
            max_pages,
            index64,
        };
        if mem.grow(min_pages).is_none() {
            return Err(MemoryError::TooLarge {
                pages: min_pages,
                limit: limit_bytes,
            });
        }
        Ok(mem)
    }

    /// The base address. Stable for the memory's whole life.
    pub fn base(&self) -> *mut u8 {
        self.base
    }

    /// The current size in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the memory has zero bytes.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The current size in pages.
    pub fn pages(&self) -> u64 {
        self.len as u64 / WASM_PAGE_SIZE
    }

    /// The most pages this memory can ever have.
    pub fn max_pages(&self) -> u64 {
        self.max_pages
    }

    /// Whether the memory is indexed by `i64` (memory64).
    pub fn is_64(&self) -> bool {
        self.index64
    }

    /// Grows by `delta` pages; returns the old size in pages, or `None` (never an abort) when the
    /// memory cannot grow that far.
    pub fn grow(&mut self, delta: u64) -> Option<u64> {
        let old = self.pages();
        let new = old.checked_add(delta)?;
        if new > self.max_pages {
            return None;
        }
        let new_len = usize::try_from(new.checked_mul(WASM_PAGE_SIZE)?).ok()?;
        if new_len > self.reserved {
            return None;
        }
        if new_len > self.len {
            let host_page = sys::page_size();
            let start = self.len.div_ceil(host_page) * host_page;
            let end = new_len.div_ceil(host_page) * host_page;
            if end > start {
                // SAFETY: [start, end) lies inside our reservation (end <= reserved, which is page aligned).
                let res = unsafe { sys::commit(self.base.add(start), end - start) };
                res.ok()?;
            }
        }
        self.len = new_len;
        Some(old)
    }

    /// The memory's bytes.
    pub fn data(&self) -> &[u8] {
        // SAFETY: [base, base + len) is committed, readable and owned by this memory.
        unsafe { std::slice::from_raw_parts(self.base, self.len) }
    }

    /// The memory's bytes, mutably.
    pub fn data_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `data`, and `&mut self` guarantees exclusive access.
        unsafe { std::slice::from_raw_parts_mut(self.base, self.len) }
    }
}

impl Drop for LinearMemory {
    fn drop(&mut self) {
        // SAFETY: base/reserved are exactly the reservation made in `new`; nothing refers to it any more
        // because the owner drops memories only after every instance using them.
        unsafe { sys::release(self.base, self.reserved) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_in_place_and_refuses_past_max() {
        let mut m = LinearMemory::new(1, Some(3), false, 1 << 32).unwrap();
        let base = m.base();
        assert_eq!(m.len(), 65536);
        assert_eq!(m.grow(2), Some(1));
        assert_eq!(m.base(), base);
        assert_eq!(m.data()[3 * 65536 - 1], 0);
        assert_eq!(m.grow(1), None);
        assert_eq!(m.pages(), 3);
    }

    #[test]
    fn limit_is_enforced() {
        assert!(LinearMemory::new(10, None, false, 65536 * 4).is_err());
        let mut m = LinearMemory::new(0, None, true, 65536 * 4).unwrap();
        assert_eq!(m.grow(5), None);
        assert_eq!(m.grow(4), Some(0));
    }
}
