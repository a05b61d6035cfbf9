//! The operator-by-operator translation.

use super::{Prov, TranslateError, Translator};
use crate::code::MemExt;
use crate::op::Op;
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
        macro_rules! bin {
            ($name:ident) => {
                self.binop(|d, a, b| Op::$name { d, a, b })
            };
        }
        macro_rules! bini {
            ($name:ident, $imm:ident, $is64:expr) => {
                self.binop_imm(
                    |d, a, b| Op::$name { d, a, b },
                    |d, a, imm| Op::$imm { d, a, imm },
                    $is64,
                )
            };
        }
        macro_rules! un {
            ($name:ident) => {
                self.unop(|d, a| Op::$name { d, a })
            };
        }
        macro_rules! ld {
            ($m:expr, $name:ident) => {
                self.load($m, |d, a, off| Op::$name { d, a, off })
            };
        }
        macro_rules! st {
            ($m:expr, $name:ident) => {
                self.store($m, |a, v, off| Op::$name { a, v, off })
            };
        }
        if self.translate_simd_memory(&op)? || self.translate_simd_family(&op) {
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
            O::I32Load { memarg } => ld!(memarg, I32Load),
            O::I64Load { memarg } => ld!(memarg, I64Load),
            O::F32Load { memarg } => ld!(memarg, F32Load),
            O::F64Load { memarg } => ld!(memarg, F64Load),
            O::I32Load8S { memarg } => ld!(memarg, I32Load8S),
            O::I32Load8U { memarg } => ld!(memarg, I32Load8U),
            O::I32Load16S { memarg } => ld!(memarg, I32Load16S),
            O::I32Load16U { memarg } => ld!(memarg, I32Load16U),
            O::I64Load8S { memarg } => ld!(memarg, I64Load8S),
            O::I64Load8U { memarg } => ld!(memarg, I64Load8U),
            O::I64Load16S { memarg } => ld!(memarg, I64Load16S),
            O::I64Load16U { memarg } => ld!(memarg, I64Load16U),
            O::I64Load32S { memarg } => ld!(memarg, I64Load32S),
            O::I64Load32U { memarg } => ld!(memarg, I64Load32U),
            O::I32Store { memarg } => st!(memarg, I32Store),
            O::I64Store { memarg } => st!(memarg, I64Store),
            O::F32Store { memarg } => st!(memarg, F32Store),
            O::F64Store { memarg } => st!(memarg, F64Store),
            O::I32Store8 { memarg } => st!(memarg, I32Store8),
            O::I32Store16 { memarg } => st!(memarg, I32Store16),
            O::I64Store8 { memarg } => st!(memarg, I64Store8),
            O::I64Store16 { memarg } => st!(memarg, I64Store16),
            O::I64Store32 { memarg } => st!(memarg, I64Store32),
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
            O::RefIsNull => un!(I64Eqz),
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

            O::I32Eqz => un!(I32Eqz),
            O::I32Eq => bini!(I32Eq, I32EqImm, false),
            O::I32Ne => bini!(I32Ne, I32NeImm, false),
            O::I32LtS => bini!(I32LtS, I32LtSImm, false),
            O::I32LtU => bini!(I32LtU, I32LtUImm, false),
            O::I32GtS => bini!(I32GtS, I32GtSImm, false),
            O::I32GtU => bini!(I32GtU, I32GtUImm, false),
            O::I32LeS => bini!(I32LeS, I32LeSImm, false),
            O::I32LeU => bini!(I32LeU, I32LeUImm, false),
            O::I32GeS => bini!(I32GeS, I32GeSImm, false),
            O::I32GeU => bini!(I32GeU, I32GeUImm, false),
            O::I64Eqz => un!(I64Eqz),
            O::I64Eq => bini!(I64Eq, I64EqImm, true),
            O::I64Ne => bini!(I64Ne, I64NeImm, true),
            O::I64LtS => bini!(I64LtS, I64LtSImm, true),
            O::I64LtU => bini!(I64LtU, I64LtUImm, true),
            O::I64GtS => bini!(I64GtS, I64GtSImm, true),
            O::I64GtU => bini!(I64GtU, I64GtUImm, true),
            O::I64LeS => bini!(I64LeS, I64LeSImm, true),
            O::I64LeU => bini!(I64LeU, I64LeUImm, true),
            O::I64GeS => bini!(I64GeS, I64GeSImm, true),
            O::I64GeU => bini!(I64GeU, I64GeUImm, true),
            O::F32Eq => bin!(F32Eq),
            O::F32Ne => bin!(F32Ne),
            O::F32Lt => bin!(F32Lt),
            O::F32Gt => bin!(F32Gt),
            O::F32Le => bin!(F32Le),
            O::F32Ge => bin!(F32Ge),
            O::F64Eq => bin!(F64Eq),
            O::F64Ne => bin!(F64Ne),
            O::F64Lt => bin!(F64Lt),
            O::F64Gt => bin!(F64Gt),
            O::F64Le => bin!(F64Le),
            O::F64Ge => bin!(F64Ge),
            O::I32Clz => un!(I32Clz),
            O::I32Ctz => un!(I32Ctz),
            O::I32Popcnt => un!(I32Popcnt),
            O::I32Add => bini!(I32Add, I32AddImm, false),
            O::I32Sub => bini!(I32Sub, I32SubImm, false),
            O::I32Mul => bini!(I32Mul, I32MulImm, false),
            O::I32DivS => bin!(I32DivS),
            O::I32DivU => bin!(I32DivU),
            O::I32RemS => bin!(I32RemS),
            O::I32RemU => bin!(I32RemU),
            O::I32And => bini!(I32And, I32AndImm, false),
            O::I32Or => bini!(I32Or, I32OrImm, false),
            O::I32Xor => bini!(I32Xor, I32XorImm, false),
            O::I32Shl => bini!(I32Shl, I32ShlImm, false),
            O::I32ShrS => bini!(I32ShrS, I32ShrSImm, false),
            O::I32ShrU => bini!(I32ShrU, I32ShrUImm, false),
            O::I32Rotl => bini!(I32Rotl, I32RotlImm, false),
            O::I32Rotr => bini!(I32Rotr, I32RotrImm, false),
            O::I64Clz => un!(I64Clz),
            O::I64Ctz => un!(I64Ctz),
            O::I64Popcnt => un!(I64Popcnt),
            O::I64Add => bini!(I64Add, I64AddImm, true),
            O::I64Sub => bini!(I64Sub, I64SubImm, true),
            O::I64Mul => bini!(I64Mul, I64MulImm, true),
            O::I64DivS => bin!(I64DivS),
            O::I64DivU => bin!(I64DivU),
            O::I64RemS => bin!(I64RemS),
            O::I64RemU => bin!(I64RemU),
            O::I64And => bini!(I64And, I64AndImm, true),
            O::I64Or => bini!(I64Or, I64OrImm, true),
            O::I64Xor => bini!(I64Xor, I64XorImm, true),
            O::I64Shl => bini!(I64Shl, I64ShlImm, true),
            O::I64ShrS => bini!(I64ShrS, I64ShrSImm, true),
            O::I64ShrU => bini!(I64ShrU, I64ShrUImm, true),
            O::I64Rotl => bini!(I64Rotl, I64RotlImm, true),
            O::I64Rotr => bini!(I64Rotr, I64RotrImm, true),
            O::F32Abs => un!(F32Abs),
            O::F32Neg => un!(F32Neg),
            O::F32Ceil => un!(F32Ceil),
            O::F32Floor => un!(F32Floor),
            O::F32Trunc => un!(F32Trunc),
            O::F32Nearest => un!(F32Nearest),
            O::F32Sqrt => un!(F32Sqrt),
            O::F32Add => bin!(F32Add),
            O::F32Sub => bin!(F32Sub),
            O::F32Mul => bin!(F32Mul),
            O::F32Div => bin!(F32Div),
            O::F32Min => bin!(F32Min),
            O::F32Max => bin!(F32Max),
            O::F32Copysign => bin!(F32Copysign),
            O::F64Abs => un!(F64Abs),
            O::F64Neg => un!(F64Neg),
            O::F64Ceil => un!(F64Ceil),
            O::F64Floor => un!(F64Floor),
            O::F64Trunc => un!(F64Trunc),
            O::F64Nearest => un!(F64Nearest),
            O::F64Sqrt => un!(F64Sqrt),
            O::F64Add => bin!(F64Add),
            O::F64Sub => bin!(F64Sub),
            O::F64Mul => bin!(F64Mul),
            O::F64Div => bin!(F64Div),
            O::F64Min => bin!(F64Min),
            O::F64Max => bin!(F64Max),
            O::F64Copysign => bin!(F64Copysign),
            O::I32WrapI64 => un!(I32WrapI64),
            O::I32TruncF32S => un!(I32TruncF32S),
            O::I32TruncF32U => un!(I32TruncF32U),
            O::I32TruncF64S => un!(I32TruncF64S),
            O::I32TruncF64U => un!(I32TruncF64U),
            O::I64ExtendI32S => un!(I64ExtendI32S),
            O::I64ExtendI32U => un!(I64ExtendI32U),
            O::I64TruncF32S => un!(I64TruncF32S),
            O::I64TruncF32U => un!(I64TruncF32U),
            O::I64TruncF64S => un!(I64TruncF64S),
            O::I64TruncF64U => un!(I64TruncF64U),
            O::F32ConvertI32S => un!(F32ConvertI32S),
            O::F32ConvertI32U => un!(F32ConvertI32U),
            O::F32ConvertI64S => un!(F32ConvertI64S),
            O::F32ConvertI64U => un!(F32ConvertI64U),
            O::F32DemoteF64 => un!(F32DemoteF64),
            O::F64ConvertI32S => un!(F64ConvertI32S),
            O::F64ConvertI32U => un!(F64ConvertI32U),
            O::F64ConvertI64S => un!(F64ConvertI64S),
            O::F64ConvertI64U => un!(F64ConvertI64U),
            O::F64PromoteF32 => un!(F64PromoteF32),
            // Reinterpretations keep the bits: the slot already holds them.
            O::I32ReinterpretF32
            | O::I64ReinterpretF64
            | O::F32ReinterpretI32
            | O::F64ReinterpretI64 => {}
            O::I32Extend8S => un!(I32Extend8S),
            O::I32Extend16S => un!(I32Extend16S),
            O::I64Extend8S => un!(I64Extend8S),
            O::I64Extend16S => un!(I64Extend16S),
            O::I64Extend32S => un!(I64Extend32S),
            O::I32TruncSatF32S => un!(I32TruncSatF32S),
            O::I32TruncSatF32U => un!(I32TruncSatF32U),
            O::I32TruncSatF64S => un!(I32TruncSatF64S),
            O::I32TruncSatF64U => un!(I32TruncSatF64U),
            O::I64TruncSatF32S => un!(I64TruncSatF32S),
            O::I64TruncSatF32U => un!(I64TruncSatF32U),
            O::I64TruncSatF64S => un!(I64TruncSatF64S),
            O::I64TruncSatF64U => un!(I64TruncSatF64U),
            other => return Err(self.unsupported(format!("{other:?}"))),
        }
        Ok(())
    }
}
