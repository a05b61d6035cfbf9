//! Linear memory (explicit bounds checks), globals, tables and bulk operations.

use super::FuncTranslator;
use crate::CompileError;
use cranelift_codegen::ir::{
    condcodes::IntCC, types, InstBuilder, InstructionData, Opcode, Type, Value,
};
use tailor_vm::{Libcall, TrapCode};
use wasmparser::{MemArg, MemArgTarget, Operator};

/// The largest constant length `memory.copy` and `memory.fill` are inlined for (bytes); longer or
/// variable lengths call the runtime.
pub(crate) const INLINE_BULK_MAX: u64 = 128;

/// The memory index a memarg addresses.
pub(crate) fn memory_of(m: &MemArg) -> u32 {
    match m.target {
        MemArgTarget::Memory(i) => i,
        MemArgTarget::Array(_) => 0,
    }
}

impl FuncTranslator<'_, '_> {
    /// Whether memory `mem` is indexed by `i64`.
    fn mem64(&self, mem: u32) -> bool {
        self.env.module.memories[mem as usize].memory64
    }

    /// The native address of a `size`-byte access at `index + memarg.offset` in memory
    /// `memarg.memory`, checked: when the bounds check fails (it traps at the next flush), the
    /// address is the scratch slot instead. A `store` also goes to the scratch slot while any earlier
    /// pending check failed, so that nothing after a trap is written.
    pub fn heap_addr(&mut self, memarg: &MemArg, index: Value, size: u32, store: bool) -> Value {
        let mem = memory_of(memarg);
        let wasm_index = index;
        let index = if self.mem64(mem) {
            index
        } else {
            self.b.ins().uextend(types::I64, index)
        };
        // Loaded even when the check is skipped (then it is dead code): the order of these loads
        // shapes register allocation.
        let len = match self.len_cache.get(mem as usize).copied().flatten() {
            Some(len) => len,
            None => self.memory_len(mem),
        };
        let base = self.vmctx_load(self.env.offsets.memory_base(mem));
        // The condition under which this access is out of bounds, if it may be.
        let oob = match memarg.offset.checked_add(size as u64) {
            // A check of the same index reaching at least as far was made on every path here, and
            // memories never shrink: this access is in bounds unless that check failed.
            Some(end_off)
                if self.env.bce
                    && self
                        .checked
                        .get((wasm_index, mem))
                        .is_some_and(|c| c.end >= end_off) =>
            {
                let c = self.checked.get((wasm_index, mem)).expect("just seen");
                c.cond.filter(|_| !self.flushed_since(c.epoch))
            }
            Some(end_off) if !self.mem64(mem) || end_off <= i64::MAX as u64 => {
                let (end, overflow) = if self.mem64(mem) {
                    let k = self.b.ins().iconst(types::I64, end_off as i64);
                    let (s, of) = self.b.ins().uadd_overflow(index, k);
                    (s, Some(of))
                } else {
                    (self.b.ins().iadd_imm_s(index, end_off as i64), None)
                };
                let oob = self.b.ins().icmp(IntCC::UnsignedGreaterThan, end, len);
                let oob = match overflow {
                    Some(of) => self.b.ins().bor(oob, of),
                    None => oob,
                };
                let deferred = self.trap_later(oob, TrapCode::MemoryOutOfBounds);
                let epoch = self.epoch();
                let cond = deferred.then_some(oob);
                self.checked.insert(
                    (wasm_index, mem),
                    super::CheckedAccess {
                        end: end_off,
                        cond,
                        epoch,
                    },
                );
                cond
            }
            _ => {
                // The static offset alone is past any possible memory.
                let yes = self.b.ins().iconst(types::I8, 1);
                self.trap_later(yes, TrapCode::MemoryOutOfBounds)
                    .then_some(yes)
            }
        };
        let addr = self.b.ins().iadd(base, index);
        let addr = if memarg.offset == 0 {
            addr
        } else {
            self.b.ins().iadd_imm_s(addr, memarg.offset as i64)
        };
        // A store after any failed check (its own included) must not write memory.
        let bad = if store { self.pending_failed() } else { oob };
        match bad {
            Some(bad) => self.redirect(bad, addr),
            None => addr,
        }
    }

    /// Loads memory `mem`'s current length in bytes.
    ///
    /// In a function that makes no call and no `memory.grow`, no memory can change size while it runs
    /// (there are no shared memories), so the load is marked read-only and Cranelift may hoist it out
    /// of loops; otherwise it is a plain load (alias analysis still merges loads between calls).
    pub fn memory_len(&mut self, mem: u32) -> Value {
        let mptr = self.vmctx_load(self.env.offsets.memory(mem));
        let f = if self.len_invariant {
            self.vm_readonly()
        } else {
            self.vm_flags()
        };
        self.b.ins().load(types::I64, f, mptr, 8)
    }

    fn load(&mut self, memarg: &MemArg, ty: Type, size: u32, ext: Option<bool>, to: Type) {
        let index = self.pop();
        let addr = self.heap_addr(memarg, index, size, false);
        let f = self.heap_flags();
        let v = match (size, ext) {
            (_, None) => self.b.ins().load(ty, f, addr, 0),
            (1, Some(true)) => self.b.ins().sload8(to, f, addr, 0),
            (1, Some(false)) => self.b.ins().uload8(to, f, addr, 0),
            (2, Some(true)) => self.b.ins().sload16(to, f, addr, 0),
            (2, Some(false)) => self.b.ins().uload16(to, f, addr, 0),
            (4, Some(true)) => self.b.ins().sload32(f, addr, 0),
            (_, Some(_)) => self.b.ins().uload32(f, addr, 0),
        };
        self.push(v);
    }

    fn store(&mut self, memarg: &MemArg, size: u32, narrow: bool) {
        let v = self.pop();
        let index = self.pop();
        let addr = self.heap_addr(memarg, index, size, true);
        let f = self.heap_flags();
        if narrow {
            match size {
                1 => self.b.ins().istore8(f, v, addr, 0),
                2 => self.b.ins().istore16(f, v, addr, 0),
                _ => self.b.ins().istore32(f, v, addr, 0),
            };
        } else {
            self.b.ins().store(f, v, addr, 0);
        }
    }

    /// An index operand of memory or table `idx64` kind, widened to i64.
    fn widen(&mut self, v: Value, is64: bool) -> Value {
        if is64 {
            v
        } else {
            self.b.ins().uextend(types::I64, v)
        }
    }

    /// A result that is i64 in the runtime and i32 for 32-bit memories/tables.
    fn narrow(&mut self, v: Value, is64: bool) -> Value {
        if is64 {
            v
        } else {
            self.b.ins().ireduce(types::I32, v)
        }
    }

    fn table64(&self, t: u32) -> bool {
        self.env.module.tables[t as usize].table64
    }

    fn c32(&mut self, v: u32) -> Value {
        self.b.ins().iconst(types::I32, v as i64)
    }

    /// The value of `len` when it is a constant of at most [`INLINE_BULK_MAX`] bytes (then
    /// `memory.copy` and `memory.fill` are inlined).
    fn small_const_len(&self, len: Value) -> Option<u32> {
        let dfg = &self.b.func.dfg;
        let inst = dfg.value_def(len).inst()?;
        let InstructionData::UnaryImm {
            opcode: Opcode::Iconst,
            imm,
        } = dfg.insts[inst]
        else {
            return None;
        };
        let bits = imm.bits() as u64;
        let n = if dfg.value_type(len) == types::I32 {
            bits & 0xffff_ffff
        } else {
            bits
        };
        (n <= INLINE_BULK_MAX).then_some(n as u32)
    }

    /// Traps now unless `[index, index + n)` lies in memory `mem`; returns the native address of
    /// `index`.
    fn checked_range(&mut self, mem: u32, index: Value, n: u32) -> Value {
        let is64 = self.mem64(mem);
        let index = self.widen(index, is64);
        let len = self.memory_len(mem);
        let k = self.b.ins().iconst(types::I64, i64::from(n));
        let oob = if is64 {
            let (end, overflow) = self.b.ins().uadd_overflow(index, k);
            let past = self.b.ins().icmp(IntCC::UnsignedGreaterThan, end, len);
            self.b.ins().bor(past, overflow)
        } else {
            let end = self.b.ins().iadd(index, k);
            self.b.ins().icmp(IntCC::UnsignedGreaterThan, end, len)
        };
        self.trap_if(oob, TrapCode::MemoryOutOfBounds);
        let base = self.vmctx_load(self.env.offsets.memory_base(mem));
        self.b.ins().iadd(base, index)
    }

    /// The pieces (offset, type) `n` bytes are moved in: the widest move the target's hooks allow,
    /// then 8, 4, 2 and 1 bytes for the tail.
    fn bulk_pieces(&self, n: u32) -> Vec<(u32, Type)> {
        let wide = self.env.hooks.bulk_move_type(self.env.profile);
        let mut pieces = Vec::new();
        let mut at = 0;
        for ty in [wide, types::I64, types::I32, types::I16, types::I8] {
            while n - at >= ty.bytes() {
                pieces.push((at, ty));
                at += ty.bytes();
            }
        }
        pieces
    }

    /// `memory.fill` of a constant `n` ≤ [`INLINE_BULK_MAX`] bytes: one bounds check (a trap before
    /// anything is written), then stores of the byte repeated.
    fn inline_fill(&mut self, mem: u32, dst: Value, val: Value, n: u32) {
        let addr = self.checked_range(mem, dst, n);
        let f = self.heap_flags();
        let byte = self.b.ins().ireduce(types::I8, val);
        let mut splats: Vec<(Type, Value)> = Vec::new();
        for (at, ty) in self.bulk_pieces(n) {
            let v = match splats.iter().find(|(t, _)| *t == ty) {
                Some((_, v)) => *v,
                None => {
                    let v = if ty.is_vector() {
                        self.b.ins().splat(ty, byte)
                    } else if ty == types::I8 {
                        byte
                    } else {
                        // The byte times 0x0101…: the same byte in every position, whatever the
                        // byte order.
                        let wide = self.b.ins().uextend(ty, byte);
                        let ones = (u64::MAX / 0xff) as i64;
                        self.b.ins().imul_imm_s(wide, ones)
                    };
                    splats.push((ty, v));
                    v
                }
            };
            self.b.ins().store(f, v, addr, at as i32);
        }
    }

    /// `memory.copy` of a constant `n` ≤ [`INLINE_BULK_MAX`] bytes: both ranges checked (a trap
    /// before anything is written), then every piece loaded before any is stored, so overlapping
    /// ranges copy as `memmove` does.
    fn inline_copy(&mut self, (dst_mem, dst): (u32, Value), (src_mem, src): (u32, Value), n: u32) {
        let s = self.checked_range(src_mem, src, n);
        let d = self.checked_range(dst_mem, dst, n);
        let f = self.heap_flags();
        let pieces = self.bulk_pieces(n);
        let loaded: Vec<Value> = pieces
            .iter()
            .map(|&(at, ty)| self.b.ins().load(ty, f, s, at as i32))
            .collect();
        for (&(at, _), v) in pieces.iter().zip(loaded) {
            self.b.ins().store(f, v, d, at as i32);
        }
    }

    /// Handles memory, global and table operators; `false` if `op` is not one.
    pub(super) fn memory(&mut self, op: &Operator) -> Result<bool, CompileError> {
        use types::{F32, F64, I32, I64};
        use Operator::*;
        match *op {
            I32Load { ref memarg } => self.load(memarg, I32, 4, None, I32),
            I64Load { ref memarg } => self.load(memarg, I64, 8, None, I64),
            F32Load { ref memarg } => self.load(memarg, F32, 4, None, F32),
            F64Load { ref memarg } => self.load(memarg, F64, 8, None, F64),
            I32Load8S { ref memarg } => self.load(memarg, I32, 1, Some(true), I32),
            I32Load8U { ref memarg } => self.load(memarg, I32, 1, Some(false), I32),
            I32Load16S { ref memarg } => self.load(memarg, I32, 2, Some(true), I32),
            I32Load16U { ref memarg } => self.load(memarg, I32, 2, Some(false), I32),
            I64Load8S { ref memarg } => self.load(memarg, I64, 1, Some(true), I64),
            I64Load8U { ref memarg } => self.load(memarg, I64, 1, Some(false), I64),
            I64Load16S { ref memarg } => self.load(memarg, I64, 2, Some(true), I64),
            I64Load16U { ref memarg } => self.load(memarg, I64, 2, Some(false), I64),
            I64Load32S { ref memarg } => self.load(memarg, I64, 4, Some(true), I64),
            I64Load32U { ref memarg } => self.load(memarg, I64, 4, Some(false), I64),
            I32Store { ref memarg } | F32Store { ref memarg } => self.store(memarg, 4, false),
            I64Store { ref memarg } | F64Store { ref memarg } => self.store(memarg, 8, false),
            I32Store8 { ref memarg } | I64Store8 { ref memarg } => self.store(memarg, 1, true),
            I32Store16 { ref memarg } | I64Store16 { ref memarg } => self.store(memarg, 2, true),
            I64Store32 { ref memarg } => self.store(memarg, 4, true),
            MemorySize { mem } => {
                let mptr = self.vmctx_load(self.env.offsets.memory(mem));
                let f = self.vm_flags();
                let len = self.b.ins().load(I64, f, mptr, 8);
                let pages = self.b.ins().ushr_imm_s(len, 16);
                let v = self.narrow(pages, self.mem64(mem));
                self.push(v);
            }
            MemoryGrow { mem } => {
                let is64 = self.mem64(mem);
                let d = self.pop();
                let d = self.widen(d, is64);
                let m = self.c32(mem);
                let r = self.libcall(Libcall::memory_grow, &[m, d], false);
                let v = self.narrow(r[0], is64);
                self.push(v);
            }
            MemoryFill { mem } => {
                let is64 = self.mem64(mem);
                let (dst, val, len) = self.pop3();
                if let Some(n) = self.small_const_len(len) {
                    self.inline_fill(mem, dst, val, n);
                    return Ok(true);
                }
                let dst = self.widen(dst, is64);
                let len = self.widen(len, is64);
                let m = self.c32(mem);
                self.libcall(Libcall::memory_fill, &[m, dst, val, len], true);
            }
            MemoryCopy { dst_mem, src_mem } => {
                let (dst, src, len) = self.pop3();
                if let Some(n) = self.small_const_len(len) {
                    self.inline_copy((dst_mem, dst), (src_mem, src), n);
                    return Ok(true);
                }
                let (d64, s64) = (self.mem64(dst_mem), self.mem64(src_mem));
                let dst = self.widen(dst, d64);
                let src = self.widen(src, s64);
                let len = self.widen(len, d64 && s64);
                let dm = self.c32(dst_mem);
                let sm = self.c32(src_mem);
                self.libcall(Libcall::memory_copy, &[dm, sm, dst, src, len], true);
            }
            MemoryInit { data_index, mem } => {
                let (dst, src, len) = self.pop3();
                let dst = self.widen(dst, self.mem64(mem));
                let m = self.c32(mem);
                let d = self.c32(data_index);
                self.libcall(Libcall::memory_init, &[m, d, dst, src, len], true);
            }
            DataDrop { data_index } => {
                let d = self.c32(data_index);
                self.libcall(Libcall::data_drop, &[d], false);
            }
            GlobalGet { global_index } => {
                let g = self.vmctx_load(self.env.offsets.global(global_index));
                let ty =
                    super::ir_type(self.env.module.globals[global_index as usize].content_type);
                let f = if self.env.module.globals[global_index as usize].mutable {
                    self.vm_flags()
                } else {
                    self.vm_readonly()
                };
                // The value is a 16-byte cell (`ValRaw`): a scalar sits in its low-order bytes.
                let off = self.cell_offset_ty(0, ty);
                let v = self.b.ins().load(ty, f, g, off);
                self.push(v);
            }
            GlobalSet { global_index } => {
                let v = self.pop();
                let g = self.vmctx_load(self.env.offsets.global(global_index));
                // After a failed check, the value goes to the scratch slot (a 16-byte cell too).
                let g = match self.pending_failed() {
                    Some(bad) => self.redirect(bad, g),
                    None => g,
                };
                let f = self.vm_flags();
                let ty = self.b.func.dfg.value_type(v);
                let off = self.cell_offset_ty(0, ty);
                self.b.ins().store(f, v, g, off);
            }
            TableGet { table } => {
                let i = self.pop();
                let i = self.widen(i, self.table64(table));
                let t = self.c32(table);
                let r = self.libcall(Libcall::table_get, &[t, i], true);
                self.push(r[0]);
            }
            TableSet { table } => {
                let (i, v) = self.pop2();
                let i = self.widen(i, self.table64(table));
                let t = self.c32(table);
                self.libcall(Libcall::table_set, &[t, i, v], true);
            }
            TableSize { table } => {
                let tptr = self.vmctx_load(self.env.offsets.table(table));
                let f = self.vm_flags();
                let len = self.b.ins().load(I64, f, tptr, 8);
                let v = self.narrow(len, self.table64(table));
                self.push(v);
            }
            TableGrow { table } => {
                let is64 = self.table64(table);
                let (init, delta) = self.pop2();
                let delta = self.widen(delta, is64);
                let t = self.c32(table);
                let r = self.libcall(Libcall::table_grow, &[t, init, delta], false);
                let v = self.narrow(r[0], is64);
                self.push(v);
            }
            TableFill { table } => {
                let is64 = self.table64(table);
                let (dst, val, len) = self.pop3();
                let dst = self.widen(dst, is64);
                let len = self.widen(len, is64);
                let t = self.c32(table);
                self.libcall(Libcall::table_fill, &[t, dst, val, len], true);
            }
            TableCopy {
                dst_table,
                src_table,
            } => {
                let (dst, src, len) = self.pop3();
                let (d64, s64) = (self.table64(dst_table), self.table64(src_table));
                let dst = self.widen(dst, d64);
                let src = self.widen(src, s64);
                let len = self.widen(len, d64 && s64);
                let dt = self.c32(dst_table);
                let st = self.c32(src_table);
                self.libcall(Libcall::table_copy, &[dt, st, dst, src, len], true);
            }
            TableInit { elem_index, table } => {
                let (dst, src, len) = self.pop3();
                let dst = self.widen(dst, self.table64(table));
                let t = self.c32(table);
                let e = self.c32(elem_index);
                self.libcall(Libcall::table_init, &[t, e, dst, src, len], true);
            }
            ElemDrop { elem_index } => {
                let e = self.c32(elem_index);
                self.libcall(Libcall::elem_drop, &[e], false);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
