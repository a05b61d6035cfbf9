//! Calls: direct, through a function reference (`call_indirect`, `call_ref`, imports), tail calls,
//! and libcalls into the runtime.

use super::FuncTranslator;
use crate::CompileError;
use cranelift_codegen::ir::{
    self, condcodes::IntCC, types, AbiParam, ExtFuncData, ExternalName, InstBuilder, MemFlagsData,
    Signature, StackSlotData, StackSlotKind, UserExternalName, Value,
};
use tailor_vm::func::offsets as func_offsets;
use tailor_vm::{Libcall, TrapCode};
use wasmparser::Operator;

/// Size of one value cell in the array calling convention.
const CELL: u32 = 16;

impl FuncTranslator<'_, '_> {
    /// Calls libcall `l` with `args` (after the `VMContext`); checks for a trap afterwards (at the
    /// next flush) when `can_trap`. Returns the results. Callers flush pending checks before: a
    /// libcall must not run after a trap.
    pub fn libcall(&mut self, l: Libcall, args: &[Value], can_trap: bool) -> Vec<Value> {
        let sig = match self.libcall_sigs.get(&l) {
            Some(s) => *s,
            None => {
                let mut sig = Signature::new(self.env.isa.default_call_conv());
                sig.params.push(AbiParam::new(types::I64));
                // 32-bit values are zero-extended by the caller: some C ABIs (s390x) read the
                // whole register.
                let param = |t: &str| {
                    if t == "u32" {
                        AbiParam::new(types::I32).uext()
                    } else {
                        AbiParam::new(types::I64)
                    }
                };
                for p in l.params() {
                    sig.params.push(param(p));
                }
                if let Some(r) = l.result() {
                    sig.returns.push(param(r));
                }
                let s = self.b.import_signature(sig);
                self.libcall_sigs.insert(l, s);
                s
            }
        };
        let table = self.vmctx_load(tailor_vm::vmctx::header::libcalls);
        let f = self.vm_readonly();
        let callee = self
            .b
            .ins()
            .load(types::I64, f, table, (l as usize * 8) as i32);
        let mut all = vec![self.vmctx];
        all.extend_from_slice(args);
        let call = self.b.ins().call_indirect(sig, callee, &all);
        let results = self.b.inst_results(call).to_vec();
        if can_trap {
            self.check_trap();
        }
        results
    }

    fn sig_ref(&mut self, type_index: u32) -> ir::SigRef {
        if let Some(s) = self.sig_refs.get(&type_index) {
            return *s;
        }
        let s = self
            .b
            .import_signature(self.env.signature_of_type(type_index));
        self.sig_refs.insert(type_index, s);
        s
    }

    fn callee_ref(&mut self, func: u32) -> ir::FuncRef {
        if let Some(f) = self.callee_refs.get(&func) {
            return *f;
        }
        let sig = self.sig_ref(self.env.module.funcs[func as usize]);
        let name = self
            .b
            .func
            .declare_imported_user_function(UserExternalName::new(0, func));
        let r = self.b.import_function(ExtFuncData {
            name: ExternalName::user(name),
            signature: sig,
            colocated: true,
            patchable: false,
        });
        self.callee_refs.insert(func, r);
        r
    }

    /// Calls `funcref` (a `*const VMFunc`, known non-null) of type `type_index` with `args`:
    /// directly when it has compiled code, through the `call_slow` libcall otherwise.
    pub(super) fn call_funcref(
        &mut self,
        type_index: u32,
        funcref: Value,
        args: &[Value],
        tail: bool,
    ) {
        let sig = self.sig_ref(type_index);
        let ft = self.env.module.type_at(type_index).clone();
        let f = self.vm_flags();
        let code = self
            .b
            .ins()
            .load(types::I64, f, funcref, func_offsets::NATIVE_CODE as i32);
        let fast = self.b.create_block();
        let slow = self.b.create_block();
        // The results, then (when checks are deferred) the store context's trap code after the
        // call.
        let merge = self.b.create_block();
        for r in ft.results() {
            self.b.append_block_param(merge, super::ir_type(*r));
        }
        let deferred = self.defer_checks;
        if deferred {
            self.b.append_block_param(merge, types::I32);
        }
        self.b.ins().brif(code, fast, &[], slow, &[]);
        self.b.seal_block(fast);
        self.b.seal_block(slow);

        self.b.switch_to_block(fast);
        let callee_vmctx =
            self.b
                .ins()
                .load(types::I64, f, funcref, func_offsets::NATIVE_VMCTX as i32);
        let mut all = vec![callee_vmctx];
        all.extend_from_slice(args);
        if tail {
            self.b.ins().return_call_indirect(sig, code, &all);
        } else {
            let call = self.b.ins().call_indirect(sig, code, &all);
            let mut results = self.b.inst_results(call).to_vec();
            if deferred {
                results.push(self.load_trap_code());
            } else {
                self.check_trap();
            }
            self.b.ins().jump(merge, &super::args(&results));
        }

        self.b.switch_to_block(slow);
        self.b.set_cold_block(slow);
        let cells = ft.params().len().max(ft.results().len()).max(1) as u32;
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            cells * CELL,
            4,
        ));
        let base = self.b.ins().stack_addr(types::I64, slot, 0);
        let zero = self.b.ins().iconst(types::I64, 0);
        for i in 0..cells {
            // Clear each cell so narrow values read back with zero upper bits.
            self.b
                .ins()
                .store(MemFlagsData::trusted(), zero, base, (i * CELL) as i32);
            self.b
                .ins()
                .store(MemFlagsData::trusted(), zero, base, (i * CELL + 8) as i32);
        }
        for (i, a) in args.iter().enumerate() {
            let off = self.cell_offset(i as u32, *a);
            self.b.ins().store(MemFlagsData::trusted(), *a, base, off);
        }
        self.libcall(Libcall::call_slow, &[funcref, base], tail || !deferred);
        let mut results = Vec::new();
        for (i, r) in ft.results().iter().enumerate() {
            let ty = super::ir_type(*r);
            let off = self.cell_offset_ty(i as u32, ty);
            results.push(self.b.ins().load(ty, MemFlagsData::trusted(), base, off));
        }
        if tail {
            // The callee's trap, checked by the libcall, before returning.
            self.flush_traps();
            self.b.ins().return_(&results);
            self.set_unreachable();
        } else {
            if deferred {
                results.push(self.load_trap_code());
            }
            self.b.ins().jump(merge, &super::args(&results));
            self.b.switch_to_block(merge);
            self.b.seal_block(merge);
            let mut vals = self.b.block_params(merge).to_vec();
            if deferred {
                let code = vals.pop().expect("the trap code parameter");
                self.stack.extend(vals);
                self.callee_trapped(code);
            } else {
                self.stack.extend(vals);
            }
        }
    }

    /// Byte offset of value `v` in cell `i` (the low bytes of the cell hold a scalar).
    fn cell_offset(&self, i: u32, v: Value) -> i32 {
        let ty = self.b.func.dfg.value_type(v);
        self.cell_offset_ty(i, ty)
    }

    /// Byte offset of a value of type `ty` in cell `i` (the target's byte order).
    pub(super) fn cell_offset_ty(&self, i: u32, ty: ir::Type) -> i32 {
        self.env.cell_offset(i, ty)
    }

    /// Loads the function reference at `index` of table `table`, checking bounds and null.
    fn table_funcref(&mut self, table: u32, index: Value) -> Value {
        let is64 = self.env.module.tables[table as usize].table64;
        let index = if is64 {
            index
        } else {
            self.b.ins().uextend(types::I64, index)
        };
        let tptr = self.vmctx_load(self.env.offsets.table(table));
        let f = self.vm_flags();
        let len = self.b.ins().load(types::I64, f, tptr, 8);
        let oob = self
            .b
            .ins()
            .icmp(IntCC::UnsignedGreaterThanOrEqual, index, len);
        self.trap_if(oob, TrapCode::TableOutOfBounds);
        let data = self.b.ins().load(types::I64, f, tptr, 0);
        let off = self.b.ins().ishl_imm_s(index, 3);
        let addr = self.b.ins().iadd(data, off);
        let tf = MemFlagsData::trusted().with_alias_region(Some(self.region_table));
        let r = self.b.ins().load(types::I64, tf, addr, 0);
        let null = self.b.ins().icmp_imm_s(IntCC::Equal, r, 0);
        self.trap_if(null, TrapCode::IndirectCallToNull);
        r
    }

    /// Traps unless `funcref`'s canonical type is that of `type_index`.
    fn check_signature(&mut self, funcref: Value, type_index: u32) {
        let ids = self.vmctx_load(tailor_vm::vmctx::header::type_ids);
        let f = self.vm_readonly();
        let want = self
            .b
            .ins()
            .load(types::I32, f, ids, (type_index * 4) as i32);
        let vf = self.vm_readonly();
        let have = self
            .b
            .ins()
            .load(types::I32, vf, funcref, func_offsets::TYPE_ID as i32);
        let bad = self.b.ins().icmp(IntCC::NotEqual, want, have);
        self.trap_if(bad, TrapCode::BadSignature);
    }

    fn direct_call(&mut self, function_index: u32, tail: bool) {
        let ty = self.env.module.funcs[function_index as usize];
        let n = self.env.module.type_at(ty).params().len();
        let args = self.pop_n(n);
        if function_index < self.env.module.num_imported_funcs {
            let f = self.vmctx_load(self.env.offsets.func(function_index));
            self.call_funcref(ty, f, &args, tail);
            return;
        }
        let callee = self.callee_ref(function_index);
        let mut all = vec![self.vmctx];
        all.extend_from_slice(&args);
        if tail {
            self.b.ins().return_call(callee, &all);
            self.set_unreachable();
        } else {
            let call = self.b.ins().call(callee, &all);
            let results = self.b.inst_results(call).to_vec();
            self.check_trap();
            self.stack.extend(results);
        }
    }

    /// Handles call operators; `false` if `op` is not one.
    pub(super) fn calls(&mut self, op: &Operator) -> Result<bool, CompileError> {
        match *op {
            Operator::Call { function_index } => self.direct_call(function_index, false),
            Operator::ReturnCall { function_index } => self.direct_call(function_index, true),
            Operator::CallIndirect {
                type_index,
                table_index,
            }
            | Operator::ReturnCallIndirect {
                type_index,
                table_index,
            } => {
                let tail = matches!(op, Operator::ReturnCallIndirect { .. });
                let index = self.pop();
                let n = self.env.module.type_at(type_index).params().len();
                let args = self.pop_n(n);
                let f = self.table_funcref(table_index, index);
                self.check_signature(f, type_index);
                self.call_funcref(type_index, f, &args, tail);
                if tail {
                    self.set_unreachable();
                }
            }
            Operator::CallRef { type_index } | Operator::ReturnCallRef { type_index } => {
                let tail = matches!(op, Operator::ReturnCallRef { .. });
                let f = self.pop();
                let null = self.b.ins().icmp_imm_s(IntCC::Equal, f, 0);
                self.trap_if(null, TrapCode::NullReference);
                let n = self.env.module.type_at(type_index).params().len();
                let args = self.pop_n(n);
                self.call_funcref(type_index, f, &args, tail);
                if tail {
                    self.set_unreachable();
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
