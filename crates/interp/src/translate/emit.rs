//! Emitting ops and managing providers: the low-level half of the translator.

use super::{Prov, Translator};
use crate::ops::{Op, Slot};

impl Translator<'_> {
    /// The canonical slot of operand-stack height `h`.
    pub(crate) fn canon(&self, h: usize) -> Slot {
        self.locals + h as Slot
    }

    /// Emits an op that does not leave a fresh result on top of the stack.
    pub(crate) fn emit(&mut self, op: Op) -> usize {
        self.ops.push(op);
        self.last_producer = None;
        self.ops.len() - 1
    }

    /// Emits an op whose destination is the (new) top of stack.
    pub(crate) fn emit_producer(&mut self, op: Op) {
        self.ops.push(op);
        self.last_producer = Some(self.ops.len() - 1);
    }

    /// Emits `d = constant`.
    pub(crate) fn emit_const(&mut self, d: Slot, v: u64) {
        if v <= u32::MAX as u64 {
            self.emit(Op::Const32 { d, v: v as u32 });
        } else {
            self.emit(Op::Const64 {
                d,
                lo: v as u32,
                hi: (v >> 32) as u32,
            });
        }
    }

    /// Emits a move of provider `p` into slot `d` (nothing when it is already there).
    pub(crate) fn emit_move(&mut self, d: Slot, p: Prov) {
        match p {
            Prov::Slot(s) | Prov::Local(s) if s == d => {}
            Prov::Slot(s) | Prov::Local(s) => {
                self.emit(Op::Copy { d, s });
            }
            Prov::Const(v) => self.emit_const(d, v),
        }
    }

    /// Pushes a provider.
    pub(crate) fn push(&mut self, p: Prov) {
        self.push_flagged(p, false);
    }

    /// Pushes a provider, marking whether it is the high half of a `v128`.
    pub(crate) fn push_flagged(&mut self, p: Prov, hi: bool) {
        self.stack.push(p);
        self.hi.push(hi);
        self.max_height = self.max_height.max(self.stack.len());
    }

    /// Whether the top entry is the high half of a `v128`.
    pub(crate) fn top_is_wide(&self) -> bool {
        self.hi.last().copied().unwrap_or(false)
    }

    /// Cuts the operand stack to `n` entries.
    pub(crate) fn truncate_stack(&mut self, n: usize) {
        self.stack.truncate(n);
        self.hi.truncate(n);
    }

    /// Pushes canonical-slot entries for values with the given slot flags, starting at height `h`.
    pub(crate) fn push_canonical(&mut self, h: usize, flags: &[bool]) {
        self.truncate_stack(h);
        for (i, hi) in flags.iter().enumerate() {
            let s = self.canon(h + i);
            self.push_flagged(Prov::Slot(s), *hi);
        }
    }

    /// Pushes a fresh result in its canonical slot and returns that slot.
    pub(crate) fn push_result(&mut self) -> Slot {
        let d = self.canon(self.stack.len());
        self.push(Prov::Slot(d));
        d
    }

    /// Pops a provider (validation guarantees there is one).
    pub(crate) fn pop(&mut self) -> Prov {
        self.hi.pop();
        self.stack.pop().unwrap_or(Prov::Const(0))
    }

    /// Pops a value and returns a slot holding it (a constant is written to its canonical slot).
    pub(crate) fn pop_slot(&mut self) -> Slot {
        let p = self.pop();
        let h = self.stack.len();
        self.slot_of(p, h)
    }

    /// A slot holding provider `p`, which was at height `h` and has been consumed.
    pub(crate) fn slot_of(&mut self, p: Prov, h: usize) -> Slot {
        match p {
            Prov::Slot(s) | Prov::Local(s) => s,
            Prov::Const(v) => {
                if let Some(&s) = self.const_slots.get(&v) {
                    return s;
                }
                let d = self.canon(h);
                self.emit_const(d, v);
                d
            }
        }
    }

    /// Moves stack entry `i` into its canonical slot.
    pub(crate) fn materialize(&mut self, i: usize) {
        let d = self.canon(i);
        let p = self.stack[i];
        if p != Prov::Slot(d) {
            self.emit_move(d, p);
            self.stack[i] = Prov::Slot(d);
        }
    }

    /// Moves the top `n` entries into their canonical slots.
    pub(crate) fn materialize_top(&mut self, n: usize) {
        let len = self.stack.len();
        for i in len - n..len {
            self.materialize(i);
        }
    }

    /// Moves every entry into its canonical slot (done at every block boundary).
    pub(crate) fn materialize_all(&mut self) {
        for i in 0..self.stack.len() {
            self.materialize(i);
        }
    }

    /// Materializes every pending read of local `l` (before `l` is overwritten).
    pub(crate) fn materialize_local(&mut self, l: Slot) {
        for i in 0..self.stack.len() {
            if self.stack[i] == Prov::Local(l) {
                self.materialize(i);
            }
        }
    }

    /// If the top of stack was produced by the last op emitted, removes and returns that op.
    pub(crate) fn take_producer_of_top(&mut self) -> Option<Op> {
        let idx = self.last_producer?;
        if idx + 1 != self.ops.len() {
            return None;
        }
        let top = *self.stack.last()?;
        let mut op = self.ops[idx];
        match (top, op.dst_mut()) {
            (Prov::Slot(s), Some(d)) if *d == s => {
                self.last_producer = None;
                self.ops.pop()
            }
            _ => None,
        }
    }

    /// `local.set` of local index `index` (and the first half of `local.tee`).
    pub(crate) fn set_local_index(&mut self, index: u32) {
        let slot = self.local_slots[index as usize];
        if self.local_wide[index as usize] {
            let hi = self.pop();
            let lo = self.pop();
            self.materialize_local(slot);
            self.materialize_local(slot + 1);
            if lo != Prov::Local(slot) || hi != Prov::Local(slot + 1) {
                self.emit_move(slot, lo);
                self.emit_move(slot + 1, hi);
            }
        } else {
            self.set_local(slot);
        }
    }

    /// Pushes local index `index` (lazily: nothing is copied yet).
    pub(crate) fn get_local_index(&mut self, index: u32) {
        let slot = self.local_slots[index as usize];
        self.push(Prov::Local(slot));
        if self.local_wide[index as usize] {
            self.push_flagged(Prov::Local(slot + 1), true);
        }
        // `last_producer` stays: a lazy read emits nothing, so the producer is still the last op
        // (whoever uses it checks that its result slot is the operand they consume).
    }

    /// `local.set l` of a one-slot local at slot `l`.
    pub(crate) fn set_local(&mut self, l: Slot) {
        if let Some(mut producer) = self.take_producer_of_top() {
            self.pop();
            self.materialize_local(l);
            if let Some(d) = producer.dst_mut() {
                *d = l;
            }
            // Still the last op, now writing local `l`: a following read of `l` may take the value
            // from the register (see `chain`).
            self.emit_producer(producer);
            return;
        }
        let p = self.pop();
        if p == Prov::Local(l) {
            return;
        }
        self.materialize_local(l);
        self.emit_move(l, p);
    }

    /// Sets the branch offset of op `at` so that it jumps to op `target`; `target` becomes a merge
    /// point, so no register value may flow into it (see `chain`).
    pub(crate) fn patch(&mut self, at: usize, target: usize) {
        self.barrier = self.barrier.max(target);
        let off = target as i64 - at as i64;
        if let Some(o) = self.ops[at].branch_offset_mut() {
            *o = off as i32;
        }
    }

    /// The offset from the next op to be emitted back to `target`.
    pub(crate) fn back_offset(&self, target: usize) -> i32 {
        (target as i64 - self.ops.len() as i64) as i32
    }
}
