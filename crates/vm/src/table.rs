//! Tables: growable vectors of raw reference words.

use wasmparser::RefType;

/// A table of references (`0` is null). Owned by the store at a stable address.
#[derive(Debug)]
pub struct VMTable {
    /// The elements.
    pub elements: Vec<u64>,
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
        Some(VMTable {
            elements: vec![init; usize::try_from(min).ok()?],
            max,
            ty,
            canon_elem,
            index64,
        })
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
        Some(old)
    }
}
