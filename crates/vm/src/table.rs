//! Tables: growable vectors of raw reference words, allocated fallibly and charged to a budget.

use crate::ResourceBudget;
use std::sync::Arc;
use wasmparser::RefType;

/// Why a table could not be created.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    /// The minimum size is larger than the maximum or the configured limit of one table.
    #[error(
        "table minimum of {elements} elements exceeds the limit of {limit} elements per table"
    )]
    TooLarge {
        /// Requested minimum.
        elements: u64,
        /// The limit (the declared maximum or the configured one).
        limit: u64,
    },
    /// The minimum size does not fit in what is left of the budget shared with other tables.
    #[error(
        "table minimum of {elements} elements exceeds the store's table-element limit: \
         {used} of {limit} elements are already in use"
    )]
    TotalTooLarge {
        /// Requested minimum.
        elements: u64,
        /// Elements the other tables of the budget use.
        used: u64,
        /// The budget's limit.
        limit: u64,
    },
    /// The allocator could not provide the elements.
    #[error("cannot allocate a table of {elements} elements")]
    Alloc {
        /// Requested minimum.
        elements: u64,
    },
}

/// A table of references (`0` is null). Owned by the store at a stable address.
///
/// `data` (offset 0) and `len` (offset 8) mirror the element vector so compiled code can index the
/// table directly; every method that can reallocate the vector refreshes them. Every allocation is
/// fallible: a table that cannot be allocated is an error, a growth that cannot be a failed `grow`.
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
    budget: Arc<ResourceBudget>,
}

/// `n` elements set to `init`, or `None` when the allocator refuses. Null tables are allocated zeroed,
/// so the operating system provides their pages lazily, on first write.
fn alloc_elements(n: usize, init: u64) -> Option<Vec<u64>> {
    if n == 0 {
        return Some(Vec::new());
    }
    if init != 0 {
        let mut v = Vec::new();
        v.try_reserve_exact(n).ok()?;
        v.resize(n, init);
        return Some(v);
    }
    let layout = std::alloc::Layout::array::<u64>(n).ok()?;
    // SAFETY: the layout has a non-zero size (n > 0 and u64 is not zero-sized).
    let ptr = unsafe { std::alloc::alloc_zeroed(layout) };
    if ptr.is_null() {
        return None;
    }
    // SAFETY: `ptr` was allocated by the global allocator with the layout of `[u64; n]`, is
    // zero-initialised (a valid `u64` is any bit pattern) and is owned by nobody else.
    Some(unsafe { Vec::from_raw_parts(ptr.cast::<u64>(), n, n) })
}

impl VMTable {
    /// A table of `min` elements set to `init`, growable to `max` (clamped to `limit`), charged to
    /// `budget`.
    #[expect(
        clippy::too_many_arguments,
        reason = "one constructor for every kind of table"
    )]
    pub fn new(
        ty: RefType,
        canon_elem: Option<u32>,
        min: u64,
        max: Option<u64>,
        index64: bool,
        init: u64,
        limit: u64,
        budget: Arc<ResourceBudget>,
    ) -> Result<VMTable, TableError> {
        let spec_max = if index64 { u64::MAX } else { u32::MAX as u64 };
        let max = max.unwrap_or(spec_max).min(limit);
        if min > max {
            return Err(TableError::TooLarge {
                elements: min,
                limit: max,
            });
        }
        if !budget.charge_table(min) {
            return Err(TableError::TotalTooLarge {
                elements: min,
                used: budget.table_used(),
                limit: budget.table_limit(),
            });
        }
        let elements = usize::try_from(min)
            .ok()
            .and_then(|n| alloc_elements(n, init));
        let Some(elements) = elements else {
            budget.refund_table(min);
            return Err(TableError::Alloc { elements: min });
        };
        let mut t = VMTable {
            data: std::ptr::null_mut(),
            len: 0,
            elements,
            max,
            ty,
            canon_elem,
            index64,
            budget,
        };
        t.sync();
        Ok(t)
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

    /// Grows by `delta` elements set to `init`; returns the old size or `None` when it cannot grow:
    /// past its maximum, its budget, or what the allocator gives (never an abort).
    pub fn grow(&mut self, delta: u64, init: u64) -> Option<u64> {
        let old = self.size();
        let new = old.checked_add(delta)?;
        if new > self.max {
            return None;
        }
        let new_len = usize::try_from(new).ok()?;
        if !self.budget.charge_table(delta) {
            return None;
        }
        if new_len > self.elements.capacity() && !self.reserve(new_len) {
            self.budget.refund_table(delta);
            return None;
        }
        self.elements.resize(new_len, init);
        self.sync();
        Some(old)
    }

    /// Makes room for `new_len` elements: twice the capacity (up to the maximum) so growing one
    /// element at a time stays linear, or exactly `new_len` if that much is refused.
    fn reserve(&mut self, new_len: usize) -> bool {
        let len = self.elements.len();
        let doubled = self
            .elements
            .capacity()
            .saturating_mul(2)
            .min(usize::try_from(self.max).unwrap_or(usize::MAX));
        if doubled > new_len && self.elements.try_reserve_exact(doubled - len).is_ok() {
            return true;
        }
        self.elements.try_reserve_exact(new_len - len).is_ok()
    }
}

impl Drop for VMTable {
    fn drop(&mut self) {
        self.budget.refund_table(self.elements.len() as u64);
    }
}

// SAFETY: `data` points into the table's own vector; the runtime serialises access per store.
unsafe impl Send for VMTable {}
// SAFETY: as above.
unsafe impl Sync for VMTable {}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(min: u64, init: u64, limit: u64, budget: &Arc<ResourceBudget>) -> VMTable {
        VMTable::new(
            RefType::FUNCREF,
            None,
            min,
            None,
            false,
            init,
            limit,
            budget.clone(),
        )
        .unwrap()
    }

    #[test]
    fn raw_view_follows_growth() {
        let mut t = table(2, 7, 1 << 20, &ResourceBudget::unlimited());
        assert_eq!(std::mem::offset_of!(VMTable, data), 0);
        assert_eq!(std::mem::offset_of!(VMTable, len), 8);
        t.grow(100, 9).unwrap();
        assert_eq!(t.len, 102);
        assert_eq!(t.data as *const u64, t.elements().as_ptr());
        assert_eq!(t.elements()[..3], [7, 7, 9]);
    }

    #[test]
    fn tables_share_their_budget() {
        let budget = ResourceBudget::new(u64::MAX, 100);
        let mut a = table(60, 0, 1 << 20, &budget);
        let b = VMTable::new(
            RefType::FUNCREF,
            None,
            50,
            None,
            false,
            0,
            1 << 20,
            budget.clone(),
        );
        assert_eq!(
            b.unwrap_err(),
            TableError::TotalTooLarge {
                elements: 50,
                used: 60,
                limit: 100
            }
        );
        let mut b = table(40, 0, 1 << 20, &budget);
        assert_eq!(a.grow(1, 0), None);
        drop(b);
        assert_eq!(a.grow(40, 3), Some(60));
        assert_eq!(budget.table_used(), 100);
        b = table(0, 0, 1 << 20, &budget);
        assert_eq!(b.grow(1, 0), None);
        assert_eq!(a.elements()[59..61], [0, 3]);
    }

    #[test]
    fn per_table_limit_and_refused_allocations_are_errors() {
        let unlimited = ResourceBudget::unlimited();
        let big = VMTable::new(
            RefType::FUNCREF,
            None,
            11,
            None,
            false,
            0,
            10,
            unlimited.clone(),
        );
        assert!(matches!(big, Err(TableError::TooLarge { .. })));
        // More than any allocator gives: an error, not an abort, and nothing stays charged.
        let budget = ResourceBudget::new(u64::MAX, u64::MAX);
        let huge = 1u64 << 60;
        let t = VMTable::new(
            RefType::FUNCREF,
            None,
            huge,
            None,
            true,
            5,
            u64::MAX,
            budget.clone(),
        );
        assert_eq!(t.unwrap_err(), TableError::Alloc { elements: huge });
        let t = VMTable::new(
            RefType::FUNCREF,
            None,
            huge,
            None,
            true,
            0,
            u64::MAX,
            budget.clone(),
        );
        assert_eq!(t.unwrap_err(), TableError::Alloc { elements: huge });
        assert_eq!(budget.table_used(), 0);
        let mut t = table(1, 0, u64::MAX, &budget);
        t.max = u64::MAX;
        assert_eq!(t.grow(huge, 1), None);
        assert_eq!(budget.table_used(), 1);
    }

    #[test]
    fn growing_one_element_at_a_time_is_amortised() {
        let mut t = table(0, 0, 1 << 20, &ResourceBudget::unlimited());
        let mut reallocations = 0;
        let mut data = t.data;
        for _ in 0..100_000 {
            t.grow(1, 1).unwrap();
            if t.data != data {
                reallocations += 1;
                data = t.data;
            }
        }
        assert!(reallocations < 40, "{reallocations} reallocations");
    }
}
