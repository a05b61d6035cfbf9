//! Tables: growable vectors of raw reference words.

use wasmparser::RefType;

/// A table of references (`0` is null). Owned by the store at a stable address.
///
/// `data` (offset 0) and `len` (offset 8) mirror the element vector so compiled code can index the
/// table directly; every method that can reallocate the vector refreshes them.
#[repr(C)]
#[derive(Debug)]
pub struct VMTable {
    data: *mut u64,
    len: u64,
    elements: Vec<u64>,
    /// The most elements this table may hold.
    pub max: u64,
    /// The element type (in the defining module's index space for concrete types).
    pub ty: RefType,
    /// The canonical type id of a concrete element type, if any.
    pub canon_elem: Option<u32>,
    /// Whether the table is indexed by `i64` (table64).
    pub index64: bool,
}

impl VMTable {
    /// A table of `min` elements set to `init`, growable to `max` (clamped to `limit`).
    pub fn new(
        ty: RefType,
        canon_elem: Option<u32>,
        min: u64,
        max: Option<u64>,
        index64: bool,
        init: u64,
        limit: u64,
    ) -> Option<VMTable> {
        let spec_max = if index64 { u64::MAX } else { u32::MAX as u64 };
        let max = max.unwrap_or(spec_max).min(limit);
        if min > max {
            return None;
        }
        let mut t = VMTable {
            data: std::ptr::null_mut(),
            len: 0,
            elements: vec![init; usize::try_from(min).ok()?],
            max,
            ty,
            canon_elem,
            index64,
        };
        t.sync();
        Some(t)
    }

    fn sync(&mut self) {
        self.data = self.elements.as_mut_ptr();
        self.len = self.elements.len() as u64;
    }

    /// The elements.
    pub fn elements(&self) -> &[u64] {
        &self.elements
    }

    /// The elements, mutably (the length cannot change through this).
    pub fn elements_mut(&mut self) -> &mut [u64] {
        &mut self.elements
    }

    /// The current size.
    pub fn size(&self) -> u64 {
        self.elements.len() as u64
    }

    /// Grows by `delta` elements set to `init`; returns the old size or `None` when it cannot grow.
    pub fn grow(&mut self, delta: u64, init: u64) -> Option<u64> {
        let old = self.size();
        let new = old.checked_add(delta)?;
        if new > self.max {
            return None;
        }
        let new = usize::try_from(new).ok()?;
        self.elements.try_reserve(new - old as usize).ok()?;
        self.elements.resize(new, init);
        self.sync();
        Some(old)
    }
}

// SAFETY: `data` points into the table's own vector; the runtime serialises access per store.
unsafe impl Send for VMTable {}
// SAFETY: as above.
unsafe impl Sync for VMTable {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_view_follows_growth() {
        let mut t = VMTable::new(RefType::FUNCREF, None, 2, None, false, 7, 1 << 20).unwrap();
        assert_eq!(std::mem::offset_of!(VMTable, data), 0);
        assert_eq!(std::mem::offset_of!(VMTable, len), 8);
        t.grow(100, 9).unwrap();
        assert_eq!(t.len, 102);
        assert_eq!(t.data as *const u64, t.elements().as_ptr());
    }
}
