//! Linear memory: reserved once at a stable base address and grown in place.

use crate::{sys, ResourceBudget, WASM_PAGE_SIZE};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Why a linear memory could not be created.
#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    /// The minimum size is larger than the configured limit of one memory.
    #[error("memory minimum of {pages} pages exceeds the limit of {limit} bytes per memory")]
    TooLarge {
        /// Requested minimum in pages.
        pages: u64,
        /// The configured limit in bytes.
        limit: u64,
    },
    /// The minimum size does not fit in what is left of the budget shared with other memories.
    #[error(
        "memory minimum of {pages} pages ({bytes} bytes) exceeds the store's linear-memory limit: \
         {used} of {limit} bytes are already in use"
    )]
    TotalTooLarge {
        /// Requested minimum in pages.
        pages: u64,
        /// Requested minimum in bytes.
        bytes: u64,
        /// Bytes the other memories of the budget use.
        used: u64,
        /// The budget's limit in bytes.
        limit: u64,
    },
    /// The operating system refused to reserve even the minimum size.
    #[error("cannot reserve {bytes} bytes of address space for linear memory: {source}")]
    Reserve {
        /// The minimum size in bytes.
        bytes: u64,
        /// The OS error.
        source: std::io::Error,
    },
    /// The operating system refused to make the minimum size accessible.
    #[error("cannot commit {bytes} bytes of linear memory")]
    Commit {
        /// Bytes asked for.
        bytes: u64,
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
    budget: Arc<ResourceBudget>,
}

// SAFETY: the memory is plain bytes owned by this object; the runtime serialises access per store.
unsafe impl Send for LinearMemory {}
// SAFETY: as above; shared references only read the base and length.
unsafe impl Sync for LinearMemory {}

/// Bytes of address space reserved by the linear memories of this process.
static RESERVED: AtomicUsize = AtomicUsize::new(0);

/// How much address space a new memory that needs `need` bytes and could use `want` should ask for,
/// or `None` if it must not ask at all.
///
/// Under an address-space limit (`ulimit -v`), linear memories get room to grow from half of it, each
/// new one taking at most half of what the others left, and their minimum sizes from at most three
/// quarters of it: the rest of the process (heap, code, stacks) always keeps room, so a module with
/// many or huge memories is refused with a clear error instead of starving the allocator, whose
/// failures abort the process.
fn reservation_size(want: usize, need: usize) -> Option<usize> {
    let Some(limit) = sys::address_space_limit() else {
        return Some(want);
    };
    let reserved = RESERVED.load(Ordering::Relaxed);
    if reserved.saturating_add(need) > limit / 4 * 3 {
        return None;
    }
    let left = (limit / 2).saturating_sub(reserved);
    Some(want.min(need.max(left / 2)))
}

/// Reserves `want` bytes, or less when the operating system refuses that much: then half of the
/// largest power-of-two fraction of `want` that it gives, so the rest of the process keeps room, but
/// never less than `need`. Returns the base and the size.
fn reserve_at_most(want: usize, need: usize) -> std::io::Result<(*mut u8, usize)> {
    let host_page = sys::page_size();
    let round = |n: usize| (n.min(isize::MAX as usize / 2).div_ceil(host_page)).max(1) * host_page;
    let (want, need) = (round(want), round(need));
    let mut last_error = match sys::reserve(want) {
        Ok(base) => return Ok((base, want)),
        Err(e) => e,
    };
    let mut size = want;
    while size > need {
        size = round(size / 2).max(need);
        match sys::reserve(size) {
            Ok(base) => {
                let half = round(size / 2).max(need);
                if half == size {
                    return Ok((base, size));
                }
                // SAFETY: `base`/`size` is the reservation just made; nothing refers to it.
                unsafe { sys::release(base, size) };
                return sys::reserve(half).map(|base| (base, half));
            }
            Err(e) => last_error = e,
        }
    }
    Err(last_error)
}

impl LinearMemory {
    /// Creates a memory of `min_pages` pages that may grow to `max_pages` (the declared maximum, if any),
    /// never past `limit_bytes`, charging its size to `budget` (creation fails if the minimum does not
    /// fit; growth fails once the budget is spent).
    ///
    /// The address space reserved for growth is the smallest of the maximum, the limit and what is
    /// left of the budget; when the operating system refuses that much (an address-space limit), a
    /// smaller reservation is taken and the memory cannot grow past it.
    pub fn new(
        min_pages: u64,
        max_pages: Option<u64>,
        index64: bool,
        limit_bytes: u64,
        budget: Arc<ResourceBudget>,
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
        let min_bytes = min_pages * WASM_PAGE_SIZE;
        let remaining_pages = budget.memory_remaining() / WASM_PAGE_SIZE;
        if min_pages > remaining_pages {
            return Err(MemoryError::TotalTooLarge {
                pages: min_pages,
                bytes: min_bytes,
                used: budget.memory_used(),
                limit: budget.memory_limit(),
            });
        }
        let reserve_bytes = max_pages
            .min(remaining_pages)
            .saturating_mul(WASM_PAGE_SIZE);
        // More than the host's address space is clamped (and then falls back to what it gives).
        let want = usize::try_from(reserve_bytes).unwrap_or(usize::MAX);
        let need = usize::try_from(min_bytes).map_err(|_| MemoryError::Reserve {
            bytes: min_bytes,
            source: std::io::Error::from(std::io::ErrorKind::OutOfMemory),
        })?;
        let size = reservation_size(want, need).ok_or_else(|| MemoryError::Reserve {
            bytes: min_bytes,
            source: std::io::Error::other(
                "the process's address-space limit leaves no room for it (ulimit -v)",
            ),
        })?;
        let (base, reserved) =
            reserve_at_most(size, need).map_err(|source| MemoryError::Reserve {
                bytes: min_bytes,
                source,
            })?;
        RESERVED.fetch_add(reserved, Ordering::Relaxed);
        let mut mem = LinearMemory {
            base,
            len: 0,
            reserved,
            max_pages,
            index64,
            budget,
        };
        if mem.grow(min_pages).is_none() {
            return Err(MemoryError::Commit { bytes: min_bytes });
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
    /// memory cannot grow that far: past its maximum, its reservation or its budget.
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
        let added = (new_len - self.len) as u64;
        if !self.budget.charge_memory(added) {
            return None;
        }
        if new_len > self.len {
            let host_page = sys::page_size();
            let start = self.len.div_ceil(host_page) * host_page;
            let end = new_len.div_ceil(host_page) * host_page;
            if end > start {
                // SAFETY: [start, end) lies inside our reservation (end <= reserved, which is page aligned).
                let res = unsafe { sys::commit(self.base.add(start), end - start) };
                if res.is_err() {
                    self.budget.refund_memory(added);
                    return None;
                }
            }
        }
        self.len = new_len;
        Some(old)
    }

    /// The address space reserved for this memory in bytes: it never grows past this.
    pub fn reserved(&self) -> usize {
        self.reserved
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
        self.budget.refund_memory(self.len as u64);
        RESERVED.fetch_sub(self.reserved, Ordering::Relaxed);
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
        let mut m =
            LinearMemory::new(1, Some(3), false, 1 << 32, ResourceBudget::unlimited()).unwrap();
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
        let unlimited = ResourceBudget::unlimited;
        assert!(LinearMemory::new(10, None, false, 65536 * 4, unlimited()).is_err());
        let mut m = LinearMemory::new(0, None, true, 65536 * 4, unlimited()).unwrap();
        assert_eq!(m.grow(5), None);
        assert_eq!(m.grow(4), Some(0));
    }

    #[test]
    fn memories_share_their_budget() {
        let budget = ResourceBudget::new(5 * 65536, u64::MAX);
        let mut a = LinearMemory::new(2, None, false, 1 << 32, budget.clone()).unwrap();
        // Only what is left of the budget is reserved.
        assert_eq!(a.reserved(), 5 * 65536);
        let mut b = LinearMemory::new(2, None, false, 1 << 32, budget.clone()).unwrap();
        assert!(matches!(
            LinearMemory::new(2, None, false, 1 << 32, budget.clone()),
            Err(MemoryError::TotalTooLarge { used, .. }) if used == 4 * 65536
        ));
        assert_eq!(a.grow(2), None);
        assert_eq!(a.grow(1), Some(2));
        assert_eq!(b.grow(1), None);
        assert_eq!(budget.memory_used(), 5 * 65536);
        drop(a);
        assert_eq!(budget.memory_used(), 2 * 65536);
        // `b` reserved what was left when it was made: 3 pages.
        assert_eq!(b.reserved(), 3 * 65536);
        assert_eq!(b.grow(1), Some(2));
        assert_eq!(b.grow(1), None);
    }

    #[test]
    fn refused_reservations_fall_back_to_smaller_ones() {
        // Far more address space than any host gives one mapping: the fallback still yields a
        // reservation of at least the minimum.
        let huge = 1usize << 62;
        let (base, size) = reserve_at_most(huge, 65536).unwrap();
        assert!((65536..huge).contains(&size));
        // SAFETY: the reservation just made; nothing refers to it.
        unsafe { sys::release(base, size) };
    }
}
