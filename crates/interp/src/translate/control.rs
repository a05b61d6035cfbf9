//! Control flow: blocks, branches, returns and calls.

use super::{slot_flags, BlockFlags, Ctrl, CtrlKind, Prov, TranslateError, Translator};
use crate::ops::Op;
use std::collections::HashMap;
use std::rc::Rc;
use wasmparser::BlockType;

/// How a branch needs to move its values.
struct BranchPlan {
    /// (destination slot, provider) moves, in ascending destination order.
    moves: Vec<(u32, Prov)>,
    /// Whether the branch targets the function frame (a return).
    is_return: bool,
}

impl Translator<'_> {
    /// The slot flags of a block type's parameters and results (shared by every frame of the same
    /// function type).
    fn block_arity(&mut self, bt: BlockType) -> BlockFlags {
        match bt {
            BlockType::Empty => (Rc::from([]), Rc::from([])),
            BlockType::Type(t) => (Rc::from([]), slot_flags(&[t]).into()),
            BlockType::FuncType(t) => {
                if let Some((p, r)) = self.block_types.get(&t) {
                    return (p.clone(), r.clone());
                }
                let f = self.module.type_at(t);
                let (p, r): BlockFlags = (
                    slot_flags(f.params()).into(),
                    slot_flags(f.results()).into(),
                );
                self.block_types.insert(t, (p.clone(), r.clone()));
                (p, r)
            }
        }
    }

    /// Whether the current code is unreachable.
    pub(crate) fn unreachable(&self) -> bool {
        self.ctrls.last().is_none_or(|c| c.unreachable)
    }

    /// Marks the rest of the current frame unreachable.
    pub(crate) fn set_unreachable(&mut self) {
        let c = self.ctrls.last_mut().expect("a control frame is open");
        c.unreachable = true;
        let h = c.height;
        self.truncate_stack(h);
    }

    fn push_ctrl(&mut self, kind: CtrlKind, bt: BlockType) {
        let (params, results) = self.block_arity(bt);
        self.materialize_all();
        let height = self.stack.len() - params.len();
        self.ctrls.push(Ctrl {
            kind,
            height,
            params,
            results,
            start: self.ops.len(),
            fixups: Vec::new(),
            else_fixup: None,
            unreachable: false,
        });
    }

    /// `block`
    pub(crate) fn op_block(&mut self, bt: BlockType) {
        self.push_ctrl(CtrlKind::Block, bt);
    }

    /// `loop`
    pub(crate) fn op_loop(&mut self, bt: BlockType) {
        self.push_ctrl(CtrlKind::Loop, bt);
        self.barrier = self.ops.len();
        self.last_producer = None;
    }

    /// `if`
    pub(crate) fn op_if(&mut self, bt: BlockType) {
        let fused = self.take_producer_of_top();
        let cond = self.pop();
        let h = self.stack.len();
        let branch = match fused {
            Some(cmp) => {
                // The comparison reads no slot that materialization writes, so it can follow it.
                self.push_ctrl(CtrlKind::If, bt);
                match cmp.fuse_branch(true, 0) {
                    Some(op) => {
                        let op = self.chain_branch(op);
                        self.emit(op)
                    }
                    None => {
                        self.emit(cmp);
                        let c = self.canon(h);
                        let op = self.chain_branch(Op::BrIfEqz { c, off: 0 });
                        self.emit(op)
                    }
                }
            }
            None => {
                let c = self.slot_of(cond, h);
                self.push_ctrl(CtrlKind::If, bt);
                let op = self.chain_branch(Op::BrIfEqz { c, off: 0 });
                self.emit(op)
            }
        };
        self.ctrls.last_mut().expect("if frame").else_fixup = Some(branch);
    }

    /// `else`
    pub(crate) fn op_else(&mut self) {
        let reachable = !self.unreachable();
        let c = self.ctrls.last_mut().expect("if frame");
        let (height, params, results) = (c.height, c.params.clone(), c.results.len());
        if reachable {
            self.materialize_top(results);
            let br = self.emit(Op::Br { off: 0 });
            self.ctrls.last_mut().expect("if frame").fixups.push(br);
        }
        let here = self.ops.len();
        let c = self.ctrls.last_mut().expect("if frame");
        c.kind = CtrlKind::Else;
        c.unreachable = false;
        if let Some(f) = c.else_fixup.take() {
            self.patch(f, here);
        }
        self.push_canonical(height, &params);
        self.last_producer = None;
    }

    /// `end`
    pub(crate) fn op_end(&mut self) {
        let reachable = !self.unreachable();
        let c = self.ctrls.pop().expect("a control frame is open");
        if c.kind == CtrlKind::Func {
            if reachable {
                self.emit_return(true);
            }
            return;
        }
        if reachable {
            self.materialize_top(c.results.len());
        }
        let here = self.ops.len();
        for f in &c.fixups {
            self.patch(*f, here);
        }
        if let Some(f) = c.else_fixup {
            self.patch(f, here);
        }
        self.push_canonical(c.height, &c.results);
        self.last_producer = None;
    }

    fn plan_branch(&self, depth: u32) -> BranchPlan {
        let idx = self.ctrls.len() - 1 - depth as usize;
        let target = &self.ctrls[idx];
        if target.kind == CtrlKind::Func {
            return BranchPlan {
                moves: Vec::new(),
                is_return: true,
            };
        }
        let arity = target.label_arity();
        let len = self.stack.len();
        let mut moves = Vec::new();
        for j in 0..arity {
            let d = self.canon(target.height + j);
            let p = self.stack[len - arity + j];
            let in_place = matches!(p, Prov::Slot(s) if s == d);
            if !in_place {
                moves.push((d, p));
            }
        }
        BranchPlan {
            moves,
            is_return: false,
        }
    }

    /// Emits the jump part of a branch to `depth` (after its moves): a `Br` for forward targets is
    /// recorded as a fixup of the target frame.
    fn emit_jump(&mut self, depth: u32, op: Op) {
        let idx = self.ctrls.len() - 1 - depth as usize;
        if self.ctrls[idx].kind == CtrlKind::Loop {
            let start = self.ctrls[idx].start;
            if op == (Op::Br { off: 0 }) && self.rotate_loop_back_edge(start) {
                return;
            }
            let mut op = op;
            let off = self.back_offset(start);
            if let Some(o) = op.branch_offset_mut() {
                *o = off;
            }
            self.emit(op);
        } else {
            let at = self.emit(op);
            self.ctrls[idx].fixups.push(at);
        }
    }

    /// A back edge to a loop whose first op is a conditional exit: instead of `Br` (and then the exit
    /// test), emit the negated test jumping straight into the loop body, followed by a `Br` to the
    /// original test (taken only when the loop ends). One op per iteration instead of two.
    fn rotate_loop_back_edge(&mut self, start: usize) -> bool {
        let Some(first) = self.ops.get(start).copied() else {
            return false;
        };
        let Some(negated) = first.negate_branch() else {
            return false;
        };
        let here = self.ops.len();
        let mut op = self.chain_branch(negated);
        if let Some(o) = op.branch_offset_mut() {
            *o = (start as i64 + 1 - here as i64) as i32;
        }
        self.emit(op);
        let off = self.back_offset(start);
        self.emit(Op::Br { off });
        true
    }

    /// Emits a return of the top results; `update_stack` is false inside conditional code, where the
    /// fall-through path must keep seeing the stack as it was.
    pub(crate) fn emit_return(&mut self, update_stack: bool) {
        let n = self.num_results;
        let len = self.stack.len();
        match n {
            0 => {
                self.emit(Op::Return);
            }
            1 => {
                let p = self.stack[len - 1];
                let s = match p {
                    Prov::Slot(s) | Prov::Local(s) => s,
                    Prov::Const(v) => {
                        let d = self.canon(len - 1);
                        self.emit_const(d, v);
                        d
                    }
                };
                self.emit(Op::Return1 { s });
            }
            _ => {
                for i in len - n..len {
                    let d = self.canon(i);
                    let p = self.stack[i];
                    if p != Prov::Slot(d) {
                        self.emit_move(d, p);
                        if update_stack {
                            self.stack[i] = Prov::Slot(d);
                        }
                    }
                }
                let s = self.canon(len - n);
                self.emit(Op::ReturnMany { s, n: n as u32 });
            }
        }
    }

    fn emit_moves(&mut self, moves: &[(u32, Prov)]) {
        for &(d, p) in moves {
            self.emit_move(d, p);
        }
    }

    /// `br depth`
    pub(crate) fn op_br(&mut self, depth: u32) {
        let plan = self.plan_branch(depth);
        if plan.is_return {
            self.emit_return(true);
        } else {
            self.emit_moves(&plan.moves);
            self.emit_jump(depth, Op::Br { off: 0 });
        }
        self.set_unreachable();
    }

    /// A conditional branch to `depth` taken when `cond` (a slot) is non-zero, or decided by the fused
    /// comparison `cmp`. The stack (values the branch carries) is left as it is.
    pub(crate) fn conditional_branch(&mut self, depth: u32, cond: u32, cmp: Option<Op>) {
        let plan = self.plan_branch(depth);
        if !plan.is_return && plan.moves.is_empty() {
            let op = match cmp.and_then(|c| c.fuse_branch(false, 0)) {
                Some(op) => op,
                None => {
                    if let Some(c) = cmp {
                        self.emit(c);
                    }
                    Op::BrIfNez { c: cond, off: 0 }
                }
            };
            let op = self.chain_branch(op);
            self.emit_jump(depth, op);
            return;
        }
        // Branch over the moves when the condition is false.
        let skip = match cmp.and_then(|c| c.fuse_branch(true, 0)) {
            Some(op) => {
                let op = self.chain_branch(op);
                self.emit(op)
            }
            None => {
                if let Some(c) = cmp {
                    self.emit(c);
                }
                let op = self.chain_branch(Op::BrIfEqz { c: cond, off: 0 });
                self.emit(op)
            }
        };
        if plan.is_return {
            self.emit_return(false);
        } else {
            self.emit_moves(&plan.moves);
            self.emit_jump(depth, Op::Br { off: 0 });
        }
        let here = self.ops.len();
        self.patch(skip, here);
        self.last_producer = None;
    }

    /// `br_if depth`
    pub(crate) fn op_br_if(&mut self, depth: u32) {
        let cmp = self.take_producer_of_top();
        let cond = self.pop();
        let h = self.stack.len();
        let c = match cmp {
            Some(_) => self.canon(h),
            None => self.slot_of(cond, h),
        };
        self.conditional_branch(depth, c, cmp);
    }

    /// `br_table`: one `Br` per entry, and one stub (moves, then the jump) per distinct target
    /// depth that needs moves, shared by every entry of that depth — so a huge table costs one op per
    /// entry, not one copy of the carried values per entry.
    pub(crate) fn op_br_table(
        &mut self,
        targets: &[u32],
        default: u32,
    ) -> Result<(), TranslateError> {
        let c = self.pop_slot();
        self.emit(Op::BrTable {
            c,
            len: targets.len() as u32,
        });
        // Per depth needing a stub: the entries that jump to it. Plans are made again when the stub
        // is emitted (the stack does not change in between), so at most one is held at a time.
        let mut stubs: Vec<(u32, Vec<usize>)> = Vec::new();
        let mut stub_of: HashMap<u32, usize> = HashMap::new();
        for &depth in targets.iter().chain(std::iter::once(&default)) {
            if let Some(&k) = stub_of.get(&depth) {
                let at = self.emit(Op::Br { off: 0 });
                stubs[k].1.push(at);
                continue;
            }
            let plan = self.plan_branch(depth);
            if plan.is_return || !plan.moves.is_empty() {
                let at = self.emit(Op::Br { off: 0 });
                stub_of.insert(depth, stubs.len());
                stubs.push((depth, vec![at]));
            } else {
                self.emit_jump(depth, Op::Br { off: 0 });
            }
        }
        for (depth, entries) in stubs {
            let here = self.ops.len();
            for at in entries {
                self.patch(at, here);
            }
            let plan = self.plan_branch(depth);
            if plan.is_return {
                self.emit_return(false);
            } else {
                self.emit_moves(&plan.moves);
                self.emit_jump(depth, Op::Br { off: 0 });
            }
            self.check_size()?;
        }
        self.set_unreachable();
        Ok(())
    }

    /// Prepares the top `n` arguments of a call in consecutive canonical slots; returns the first slot.
    pub(crate) fn prepare_args(&mut self, n: usize) -> u32 {
        self.materialize_top(n);
        let first = self.stack.len() - n;
        self.truncate_stack(first);
        self.canon(first)
    }

    /// Pushes call results (slot flags), which the callee leaves starting at the argument slot.
    pub(crate) fn push_call_results(&mut self, flags: &[bool]) {
        let h = self.stack.len();
        self.push_canonical(h, flags);
        self.last_producer = None;
    }

    /// `call f` / `return_call f`
    pub(crate) fn op_call(&mut self, f: u32, tail: bool) {
        let ty = self.module.func_type(f);
        let (np, nr) = (slot_flags(ty.params()).len(), slot_flags(ty.results()));
        let args = self.prepare_args(np);
        let imported = f < self.module.num_imported_funcs;
        let op = match (imported, tail) {
            (false, false) => Op::Call {
                f: f - self.module.num_imported_funcs,
                args,
            },
            (true, false) => Op::CallImport { f, args },
            (false, true) => Op::ReturnCall {
                f: f - self.module.num_imported_funcs,
                args,
            },
            (true, true) => Op::ReturnCallImport { f, args },
        };
        self.emit(op);
        if tail {
            self.set_unreachable();
        } else {
            self.push_call_results(&nr);
        }
    }

    /// `call_indirect` / `return_call_indirect`
    pub(crate) fn op_call_indirect(&mut self, type_index: u32, table: u32, tail: bool) {
        let ty = self.module.type_at(type_index);
        let (np, nr) = (slot_flags(ty.params()).len(), slot_flags(ty.results()));
        let idx = self.pop_slot();
        let args = self.prepare_args(np);
        let info = self.indirect.len() as u32;
        self.indirect
            .push(crate::code::IndirectInfo { table, type_index });
        if tail {
            self.emit(Op::ReturnCallIndirect { idx, args, info });
            self.set_unreachable();
        } else {
            self.emit(Op::CallIndirect { idx, args, info });
            self.push_call_results(&nr);
        }
    }

    /// `call_ref` / `return_call_ref`
    pub(crate) fn op_call_ref(&mut self, type_index: u32, tail: bool) {
        let ty = self.module.type_at(type_index);
        let (np, nr) = (slot_flags(ty.params()).len(), slot_flags(ty.results()));
        let r = self.pop_slot();
        let args = self.prepare_args(np);
        if tail {
            self.emit(Op::ReturnCallRef { r, args });
            self.set_unreachable();
        } else {
            self.emit(Op::CallRef { r, args });
            self.push_call_results(&nr);
        }
    }

    /// `br_on_null depth`: branch (dropping the reference) when it is null.
    pub(crate) fn op_br_on_null(&mut self, depth: u32) {
        let r = self.pop();
        let h = self.stack.len();
        let s = self.slot_of(r, h);
        self.conditional_branch_on(depth, s, true);
        let p = match r {
            Prov::Const(_) => Prov::Slot(self.canon(h)),
            other => other,
        };
        self.push(p);
    }

    /// `br_on_non_null depth`: branch (keeping the reference) when it is not null; else drop it.
    pub(crate) fn op_br_on_non_null(&mut self, depth: u32) {
        let len = self.stack.len();
        self.materialize(len - 1);
        let s = self.canon(len - 1);
        self.conditional_branch_on(depth, s, false);
        self.pop();
    }

    /// A conditional branch on slot `s` being zero (`when_zero`) or non-zero.
    fn conditional_branch_on(&mut self, depth: u32, s: u32, when_zero: bool) {
        if when_zero {
            self.conditional_branch(depth, s, Some(Op::I32Eqz { d: u32::MAX, a: s }));
        } else {
            self.conditional_branch(depth, s, None);
        }
    }

    /// Reports an operator the interpreter does not support.
    pub(crate) fn unsupported(&self, what: impl Into<String>) -> TranslateError {
        TranslateError::Unsupported {
            offset: self.offset,
            what: what.into(),
        }
    }
}
