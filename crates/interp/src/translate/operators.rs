//! The operator-by-operator translation.

use super::{Prov, TranslateError, Translator};
use crate::code::MemExt;
use crate::ops::{Op, Shape};
use wasmparser::{MemArg, MemArgTarget, Operator};

/// Whether an immediate form can take constant `v` (slot representation) of an op on `i64` or `i32`.
fn imm_for(v: u64, is64: bool) -> Option<i32> {
    if is64 {
        let x = v as i64;
        (x >= i32::MIN as i64 && x <= i32::MAX as i64).then_some(x as i32)
    } else {
        Some(v as u32 as i32)
    }
}

impl Translator<'_> {
    fn binop(&mut self, make: fn(u32, u32, u32) -> Op) {
        let b = self.pop();
        let hb = self.stack.len();
        let a = self.pop();
        let h = self.stack.len();
        let sa = self.slot_of(a, h);
        let sb = self.slot_of(b, hb);
        let d = self.push_result();
        let mut op = self.chain(sa, make(d, sa, sb));
        if op == make(d, sa, sb) && op.is_commutative() {
            // The temporary may be the right operand: swap it into the register position.
            let swapped = self.chain(sb, make(d, sb, sa));
            if swapped != make(d, sb, sa) {
                op = swapped;
            }
        }
        self.emit_producer(op);
    }

    /// Whether a store writes at most 32 bits (so a constant's high half does not matter).
    fn store_is_32(&self, make: fn(u32, u32, u32) -> Op) -> bool {
        !matches!(make(0, 0, 0), Op::I64Store { .. } | Op::F64Store { .. })
    }

    /// A store taking its value (`value`) or address from the register, when slot `s` holding it is a
    /// temporary written by the op just emitted.
    fn chain_store(&mut self, store: Op, s: u32, value: bool) -> Option<Op> {
        let idx = self.ops.len().checked_sub(1)?;
        if idx < self.barrier {
            return None;
        }
        let mut prev = self.ops[idx];
        // Stores take integer-register values only (slot representation).
        if prev.dst_mut().copied() != Some(s) || prev.reg_float_out() {
            return None;
        }
        let out = prev.reg_out()?;
        let input = store.store_reg_in(value)?;
        if s >= self.locals {
            self.ops[idx] = out;
        }
        Some(input)
    }

    /// When slot `s` (operand `a` of `consumer`) is a temporary written by the op just emitted, passes
    /// the value in the register instead: the producer switches to its register-output form and the
    /// consumer to its register-input form. Returns the op to emit.
    pub(crate) fn chain(&mut self, s: u32, consumer: Op) -> Op {
        let Some(idx) = self.ops.len().checked_sub(1) else {
            return consumer;
        };
        if idx < self.barrier {
            return consumer;
        }
        let mut prev = self.ops[idx];
        if prev.dst_mut().copied() != Some(s) || prev.reg_float_out() != consumer.reg_float_in() {
            return consumer;
        }
        match (prev.reg_out(), consumer.reg_in()) {
            (Some(out), Some(input)) => {
                // Producers with a register form also leave their result in the register when they
                // write a slot, so a local they just wrote can be read from the register too; a
                // temporary nobody else reads need not be written at all.
                if s >= self.locals {
                    self.ops[idx] = out;
                }
                input
            }
            _ => consumer,
        }
    }

    /// A conditional branch testing a value the previous op just produced reads it from the register.
    pub(crate) fn chain_branch(&mut self, branch: Op) -> Op {
        match branch.branch_operand() {
            Some(s) => self.chain(s, branch),
            None => branch,
        }
    }

    fn binop_imm(
        &mut self,
        make: fn(u32, u32, u32) -> Op,
        make_imm: fn(u32, u32, i32) -> Op,
        is64: bool,
    ) {
        if let Some(&Prov::Const(v)) = self.stack.last() {
            if let Some(imm) = imm_for(v, is64) {
                self.pop();
                let a = self.pop();
                let h = self.stack.len();
                let sa = self.slot_of(a, h);
                let d = self.push_result();
                let op = self.chain(sa, make_imm(d, sa, imm));
                self.emit_producer(op);
                return;
            }
        }
        self.binop(make);
    }

    /// Translates an operator of a listed op family by its shape (derived from the op list).
    fn translate_shape(&mut self, shape: Shape) {
        match shape {
            Shape::Binary(make) => self.binop(make),
            Shape::BinaryImm(make, make_imm, is64) => self.binop_imm(make, make_imm, is64),
            Shape::Unary(make) => self.unop(make),
            Shape::Load(m, make) => self.load(m, make),
            Shape::Store(m, make) => self.store(m, make),
            v128 => {
                let done = self.translate_v128_shape(v128);
                debug_assert!(done, "every shape is translated");
            }
        }
    }

    fn unop(&mut self, make: fn(u32, u32) -> Op) {
        let a = self.pop_slot();
        let d = self.push_result();
        let op = self.chain(a, make(d, a));
        self.emit_producer(op);
    }

    fn mem_ext(&mut self, m: &MemArg, kind: Op) -> Option<u32> {
        let memory = match m.target {
            MemArgTarget::Memory(i) => i,
            MemArgTarget::Array(_) => 0,
        };
        if memory == 0 && m.offset <= u32::MAX as u64 {
            return None;
        }
        self.mem_ext.push(MemExt {
            mem: memory,
            offset: m.offset,
            kind,
        });
        Some(self.mem_ext.len() as u32 - 1)
    }

    fn load(&mut self, m: MemArg, make: fn(u32, u32, u32) -> Op) {
        let a = self.pop_slot();
        let d = self.push_result();
        let op = match self.mem_ext(&m, make(0, 0, 0)) {
            None => self.chain(a, make(d, a, m.offset as u32)),
            Some(ext) => Op::LoadExt { d, a, ext },
        };
        self.emit_producer(op);
    }

    fn store(&mut self, m: MemArg, make: fn(u32, u32, u32) -> Op) {
        if let Some(&Prov::Const(c)) = self.stack.last() {
            // A constant that survives the round trip through a sign-extended i32 is stored directly.
            let imm = c as u32 as i32;
            let fits = imm as i64 as u64 == c || (imm as u32 as u64 == c && self.store_is_32(make));
            if fits && self.mem_ext(&m, make(0, 0, 0)).is_none() {
                self.pop();
                let a = self.pop_slot();
                if let Some(op) = make(a, 0, m.offset as u32).store_imm(imm) {
                    self.emit(op);
                    return;
                }
            }
        }
        let v = self.pop();
        let hv = self.stack.len();
        let a = self.pop();
        let h = self.stack.len();
        let sa = self.slot_of(a, h);
        let sv = self.slot_of(v, hv);
        let op = match self.mem_ext(&m, make(0, 0, 0)) {
            None => {
                let op = make(sa, sv, m.offset as u32);
                self.chain_store(op, sv, true)
                    .or_else(|| self.chain_store(op, sa, false))
                    .unwrap_or(op)
            }
            Some(ext) => Op::StoreExt { a: sa, v: sv, ext },
        };
        self.emit(op);
    }

    /// Materializes the top `n` operands and pops them; returns their first slot.
    fn operands(&mut self, n: usize) -> u32 {
        self.prepare_args(n)
    }

    /// Pops a `v128` and returns the first of two adjacent slots holding it.
    pub(crate) fn pop_v128_slot(&mut self) -> u32 {
        let hi = self.pop();
        let lo = self.pop();
        let h = self.stack.len();
        match (lo, hi) {
            (Prov::Slot(a), Prov::Slot(b)) | (Prov::Local(a), Prov::Local(b)) if b == a + 1 => a,
            _ => {
                let d = self.canon(h);
                self.emit_move(d, lo);
                self.emit_move(d + 1, hi);
                d
            }
        }
    }

    /// Pushes a fresh `v128` result in its canonical slots and returns the first.
    pub(crate) fn push_v128_result(&mut self) -> u32 {
        let d = self.canon(self.stack.len());
        self.push(Prov::Slot(d));
        self.push_flagged(Prov::Slot(d + 1), true);
        self.last_producer = None;
        d
    }

    /// `select` of two `v128`s (condition slot `c` already popped): one select per half.
    fn select_v128(&mut self, c: u32) {
        let b_hi = self.pop();
        let b_lo = self.pop();
        let a_hi = self.pop();
        let a_lo = self.pop();
        let h = self.stack.len();
        let d = self.canon(h);
        let sb_lo = self.slot_of(b_lo, h + 2);
        let sb_hi = self.slot_of(b_hi, h + 3);
        self.emit_move(d, a_lo);
        self.emit_move(d + 1, a_hi);
        self.push(Prov::Slot(d));
        self.push_flagged(Prov::Slot(d + 1), true);
        self.emit(Op::Select { d, b: sb_lo, c });
        self.emit(Op::Select {
            d: d + 1,
            b: sb_hi,
            c,
        });
    }

    fn push_const(&mut self, v: u64) {
        // Emits nothing, so the last producer stays the last op (see `get_local_index`).
        self.push(Prov::Const(v));
    }

    /// Translates one operator.
    pub(crate) fn translate_operator(&mut self, op: Operator<'_>) -> Result<(), TranslateError> {
        if self.unreachable() {
            match op {
                Operator::Block { .. } | Operator::Loop { .. } | Operator::If { .. } => {
                    self.skip_depth += 1;
                }
                Operator::Else if self.skip_depth == 0 => self.op_else(),
                Operator::End if self.skip_depth == 0 => self.op_end(),
                Operator::End => self.skip_depth -= 1,
                _ => {}
            }
            return Ok(());
        }
        if self.translate_simd_memory(&op)? {
            return Ok(());
        }
        if let Some(shape) = self.relaxed_shape(&op).or_else(|| Op::shape_of(&op)) {
            self.translate_shape(shape);
            return Ok(());
        }
        use Operator as O;
        match op {
            O::Unreachable => {
                self.emit(Op::Trap { code: 0 });
                self.set_unreachable();
            }
            O::Nop => {}
            O::Block { blockty } => self.op_block(blockty),
            O::Loop { blockty } => self.op_loop(blockty),
            O::If { blockty } => self.op_if(blockty),
            O::Else => self.op_else(),
            O::End => self.op_end(),
            O::Br { relative_depth } => self.op_br(relative_depth),
            O::BrIf { relative_depth } => self.op_br_if(relative_depth),
            O::BrTable { targets } => {
                let list: Vec<u32> = targets.targets().collect::<Result<_, _>>()?;
                self.op_br_table(&list, targets.default())?;
            }
            O::Return => {
                self.emit_return(true);
                self.set_unreachable();
            }
            O::Call { function_index } => self.op_call(function_index, false),
            O::ReturnCall { function_index } => self.op_call(function_index, true),
            O::CallIndirect {
                type_index,
                table_index,
            } => self.op_call_indirect(type_index, table_index, false),
            O::ReturnCallIndirect {
                type_index,
                table_index,
            } => self.op_call_indirect(type_index, table_index, true),
            O::CallRef { type_index } => self.op_call_ref(type_index, false),
            O::ReturnCallRef { type_index } => self.op_call_ref(type_index, true),
            O::BrOnNull { relative_depth } => self.op_br_on_null(relative_depth),
            O::BrOnNonNull { relative_depth } => self.op_br_on_non_null(relative_depth),
            O::Drop => {
                if self.top_is_wide() {
                    self.pop();
                }
                self.pop();
                self.last_producer = None;
            }
            O::Select | O::TypedSelect { .. } | O::TypedSelectMulti { .. } => {
                let c = self.pop_slot();
                if self.top_is_wide() {
                    self.select_v128(c);
                    return Ok(());
                }
                let b = self.pop();
                let hb = self.stack.len();
                let a = self.pop();
                let h = self.stack.len();
                let d = self.canon(h);
                let sb = self.slot_of(b, hb);
                self.emit_move(d, a);
                self.push(Prov::Slot(d));
                self.emit(Op::Select { d, b: sb, c });
            }
            O::LocalGet { local_index } => self.get_local_index(local_index),
            O::LocalSet { local_index } => self.set_local_index(local_index),
            O::LocalTee { local_index } => {
                self.set_local_index(local_index);
                self.get_local_index(local_index);
            }
            O::GlobalGet { global_index } => {
                if self.module.globals[global_index as usize].content_type
                    == wasmparser::ValType::V128
                {
                    let d = self.push_v128_result();
                    self.emit(Op::GlobalGetV128 { d, g: global_index });
                } else {
                    let d = self.push_result();
                    self.emit_producer(Op::GlobalGet { d, g: global_index });
                }
            }
            O::GlobalSet { global_index } => {
                if self.module.globals[global_index as usize].content_type
                    == wasmparser::ValType::V128
                {
                    let s = self.pop_v128_slot();
                    self.emit(Op::GlobalSetV128 { g: global_index, s });
                } else {
                    let s = self.pop_slot();
                    self.emit(Op::GlobalSet { g: global_index, s });
                }
            }
            O::MemorySize { mem } => {
                let d = self.push_result();
                self.emit_producer(Op::MemorySize { d, mem });
            }
            O::MemoryGrow { mem } => {
                let s = self.operands(1);
                self.push_result();
                self.emit(Op::MemoryGrow { s, mem });
            }
            O::MemoryFill { mem } => {
                let s = self.operands(3);
                self.emit(Op::MemoryFill { s, mem });
            }
            O::MemoryCopy { dst_mem, src_mem } => {
                let s = self.operands(3);
                self.emit(Op::MemoryCopy {
                    s,
                    dst: dst_mem,
                    src: src_mem,
                });
            }
            O::MemoryInit { data_index, mem } => {
                let s = self.operands(3);
                self.emit(Op::MemoryInit {
                    s,
                    mem,
                    data: data_index,
                });
            }
            O::DataDrop { data_index } => {
                self.emit(Op::DataDrop { data: data_index });
            }
            O::I32Const { value } => self.push_const(value as u32 as u64),
            O::I64Const { value } => self.push_const(value as u64),
            O::F32Const { value } => self.push_const(value.bits() as u64),
            O::F64Const { value } => self.push_const(value.bits()),
            O::RefNull { .. } => self.push_const(0),
            O::RefIsNull => self.unop(|d, a| Op::I64Eqz { d, a }),
            O::RefFunc { function_index } => {
                let d = self.push_result();
                self.emit_producer(Op::RefFunc {
                    d,
                    f: function_index,
                });
            }
            O::RefAsNonNull => {
                let len = self.stack.len();
                self.materialize(len - 1);
                let a = self.canon(len - 1);
                self.emit(Op::RefAsNonNull { a });
            }
            O::TableGet { table } => {
                let idx = self.pop_slot();
                let d = self.push_result();
                self.emit_producer(Op::TableGet { d, idx, t: table });
            }
            O::TableSet { table } => {
                let v = self.pop();
                let hv = self.stack.len();
                let i = self.pop();
                let h = self.stack.len();
                let idx = self.slot_of(i, h);
                let v = self.slot_of(v, hv);
                self.emit(Op::TableSet { idx, v, t: table });
            }
            O::TableSize { table } => {
                let d = self.push_result();
                self.emit_producer(Op::TableSize { d, t: table });
            }
            O::TableGrow { table } => {
                let s = self.operands(2);
                self.push_result();
                self.emit(Op::TableGrow { s, t: table });
            }
            O::TableFill { table } => {
                let s = self.operands(3);
                self.emit(Op::TableFill { s, t: table });
            }
            O::TableCopy {
                dst_table,
                src_table,
            } => {
                let s = self.operands(3);
                self.emit(Op::TableCopy {
                    s,
                    dst: dst_table,
                    src: src_table,
                });
            }
            O::TableInit { elem_index, table } => {
                let s = self.operands(3);
                self.emit(Op::TableInit {
                    s,
                    t: table,
                    elem: elem_index,
                });
            }
            O::ElemDrop { elem_index } => {
                self.emit(Op::ElemDrop { elem: elem_index });
            }

            // Reinterpretations keep the bits: the slot already holds them.
            O::I32ReinterpretF32
            | O::I64ReinterpretF64
            | O::F32ReinterpretI32
            | O::F64ReinterpretI64 => {}
            other => return Err(self.unsupported(format!("{other:?}"))),
        }
        Ok(())
    }
}
