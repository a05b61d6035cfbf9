//! A budget of linear-memory bytes and table elements shared by several memories and tables.
//!
//! The runtime gives every store one budget; each [`crate::LinearMemory`] and [`crate::VMTable`]
//! charges its size to it when created and every growth when it happens, and refunds its size when
//! dropped. A creation or growth that would go over the budget fails (an error, or `-1` from
//! `memory.grow`/`table.grow`) before anything is allocated.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// One counter with a limit.
#[derive(Debug)]
struct Counter {
    limit: u64,
    used: AtomicU64,
}

impl Counter {
    fn new(limit: u64) -> Counter {
        Counter {
            limit,
            used: AtomicU64::new(0),
        }
    }

    fn charge(&self, n: u64) -> bool {
        self.used
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
                used.checked_add(n).filter(|&total| total <= self.limit)
            })
            .is_ok()
    }

    fn refund(&self, n: u64) {
        // Saturating: a refund never exceeds what was charged, but never wrap if it did.
        let _ = self
            .used
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
                Some(used.saturating_sub(n))
            });
    }

    fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    fn remaining(&self) -> u64 {
        self.limit.saturating_sub(self.used())
    }
}

/// Limits on the total size of a group of memories and tables (a store's), and what they use now.
#[derive(Debug)]
pub struct ResourceBudget {
    memory_bytes: Counter,
    table_elements: Counter,
}

impl ResourceBudget {
    /// A budget of `memory_bytes` bytes of linear memory and `table_elements` table elements in all.
    pub fn new(memory_bytes: u64, table_elements: u64) -> Arc<ResourceBudget> {
        Arc::new(ResourceBudget {
            memory_bytes: Counter::new(memory_bytes),
            table_elements: Counter::new(table_elements),
        })
    }

    /// A budget without limits (for memories and tables that belong to no store, such as in tests).
    pub fn unlimited() -> Arc<ResourceBudget> {
        ResourceBudget::new(u64::MAX, u64::MAX)
    }

    /// The most linear-memory bytes in all.
    pub fn memory_limit(&self) -> u64 {
        self.memory_bytes.limit
    }

    /// Linear-memory bytes in use.
    pub fn memory_used(&self) -> u64 {
        self.memory_bytes.used()
    }

    /// Linear-memory bytes that may still be added.
    pub fn memory_remaining(&self) -> u64 {
        self.memory_bytes.remaining()
    }

    /// The most table elements in all.
    pub fn table_limit(&self) -> u64 {
        self.table_elements.limit
    }

    /// Table elements in use.
    pub fn table_used(&self) -> u64 {
        self.table_elements.used()
    }

    /// Table elements that may still be added.
    pub fn table_remaining(&self) -> u64 {
        self.table_elements.remaining()
    }

    /// Takes `bytes` of linear memory from the budget; `false` (and nothing taken) if they do not fit.
    pub fn charge_memory(&self, bytes: u64) -> bool {
        self.memory_bytes.charge(bytes)
    }

    /// Gives back `bytes` of linear memory.
    pub fn refund_memory(&self, bytes: u64) {
        self.memory_bytes.refund(bytes)
    }

    /// Takes `n` table elements from the budget; `false` (and nothing taken) if they do not fit.
    pub fn charge_table(&self, n: u64) -> bool {
        self.table_elements.charge(n)
    }

    /// Gives back `n` table elements.
    pub fn refund_table(&self, n: u64) {
        self.table_elements.refund(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_up_to_the_limit_and_refunds() {
        let b = ResourceBudget::new(100, 10);
        assert!(b.charge_memory(60));
        assert!(!b.charge_memory(41));
        assert_eq!(b.memory_used(), 60);
        assert!(b.charge_memory(40));
        assert_eq!(b.memory_remaining(), 0);
        b.refund_memory(100);
        assert_eq!(b.memory_used(), 0);
        assert!(b.charge_table(10));
        assert!(!b.charge_table(1));
        assert!(!b.charge_table(u64::MAX));
        b.refund_table(3);
        assert_eq!(b.table_remaining(), 3);
    }
}
