//! Integer and float arithmetic, comparisons and conversions.

use super::FuncTranslator;
use crate::CompileError;
use cranelift_codegen::ir::{
    condcodes::{FloatCC, IntCC},
    types, InstBuilder, MemFlagsData, Type, Value,
};
use tailor_vm::TrapCode;
use wasmparser::Operator;

impl FuncTranslator<'_, '_> {
    fn unop(&mut self, f: impl FnOnce(&mut Self, Value) -> Value) {
        let a = self.pop();
        let v = f(self, a);
        self.push(v);
    }

    fn binop(&mut self, f: impl FnOnce(&mut Self, Value, Value) -> Value) {
        let (a, b) = self.pop2();
        let v = f(self, a, b);
        self.push(v);
    }

    fn icmp_op(&mut self, cc: IntCC) {
        self.binop(|t, a, b| {
            let c = t.b.ins().icmp(cc, a, b);
            t.b.ins().uextend(types::I32, c)
        });
    }

    fn fcmp_op(&mut self, cc: FloatCC) {
        self.binop(|t, a, b| {
            let c = t.b.ins().fcmp(cc, a, b);
            t.b.ins().uextend(types::I32, c)
        });
    }

    fn eqz(&mut self) {
        self.unop(|t, a| {
            let c = t.b.ins().icmp_imm_s(IntCC::Equal, a, 0);
            t.b.ins().uextend(types::I32, c)
        });
    }

    /// Division and remainder with wasm's traps made explicit (when deferred, a divisor that would
    /// trap is replaced by 1, so the hardware never faults).
    fn divrem(&mut self, signed: bool, rem: bool) {
        let (a, b) = self.pop2();
        let ty = self.b.func.dfg.value_type(b);
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
        let deferred = self.trap_later(zero, TrapCode::IntegerDivideByZero);
        // The divisor, or 1 where `bad` holds (only when the check was deferred).
        let safe = |t: &mut Self, bad: Value| {
            let one = t.b.ins().iconst(ty, 1);
            t.b.ins().select(bad, one, b)
        };
        let v = if signed {
            let min = if ty == types::I32 {
                i32::MIN as i64
            } else {
                i64::MIN
            };
            let minus1 = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
            if rem {
                // x rem -1 is 0; avoid the hardware fault of MIN rem -1.
                let bad = if deferred {
                    self.b.ins().bor(zero, minus1)
                } else {
                    minus1
                };
                let d = safe(self, bad);
                self.b.ins().srem(a, d)
            } else {
                let is_min = self.b.ins().icmp_imm_s(IntCC::Equal, a, min);
                let both = self.b.ins().band(is_min, minus1);
                let d = if self.trap_later(both, TrapCode::IntegerOverflow) {
                    let bad = self.b.ins().bor(zero, both);
                    safe(self, bad)
                } else {
                    b
                };
                self.b.ins().sdiv(a, d)
            }
        } else {
            let d = if deferred { safe(self, zero) } else { b };
            if rem {
                self.b.ins().urem(a, d)
            } else {
                self.b.ins().udiv(a, d)
            }
        };
        self.push(v);
    }

    /// Trapping float-to-int conversion: NaN is an invalid conversion, out of range an overflow.
    fn trunc_trapping(&mut self, to: Type, signed: bool) {
        let x = self.pop();
        let from = self.b.func.dfg.value_type(x);
        let nan = self.b.ins().fcmp(FloatCC::Unordered, x, x);
        self.trap_later(nan, TrapCode::InvalidConversionToInteger);
        // Exclusive bounds: the result is in range iff lo < x < hi.
        let (lo, hi): (f64, f64) = match (to == types::I32, signed) {
            (true, true) => (-2147483649.0, 2147483648.0),
            (true, false) => (-1.0, 4294967296.0),
            (false, true) => (-9223372036854777856.0, 9223372036854775808.0),
            (false, false) => (-1.0, 18446744073709551616.0),
        };
        let (lo, hi) = if from == types::F32 {
            // For f32 the signed lower bounds are not representable; use the next f32 below
            // instead and compare with >=.
            let lo32 = match (to == types::I32, signed) {
                (true, true) => -2147483904.0f32,
                (false, true) => -9223373136366403584.0f32,
                _ => -1.0f32,
            };
            (
                self.b.ins().f32const(lo32),
                self.b.ins().f32const(hi as f32),
            )
        } else {
            (self.b.ins().f64const(lo), self.b.ins().f64const(hi))
        };
        let too_low = self.b.ins().fcmp(FloatCC::LessThanOrEqual, x, lo);
        let too_high = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, hi);
        let bad = self.b.ins().bor(too_low, too_high);
        self.trap_later(bad, TrapCode::IntegerOverflow);
        // The saturating conversion never faults, whatever the checks found.
        let v = if signed {
            self.b.ins().fcvt_to_sint_sat(to, x)
        } else {
            self.b.ins().fcvt_to_uint_sat(to, x)
        };
        self.push(v);
    }

    fn reinterpret(&mut self, to: Type) {
        self.unop(|t, a| t.b.ins().bitcast(to, MemFlagsData::new(), a));
    }

    fn extend_from(&mut self, narrow: Type, wide: Type) {
        self.unop(|t, a| {
            let n = t.b.ins().ireduce(narrow, a);
            t.b.ins().sextend(wide, n)
        });
    }

    /// Handles numeric operators; `false` if `op` is not one.
    pub(super) fn numeric(&mut self, op: &Operator) -> Result<bool, CompileError> {
        use Operator::*;
        match *op {
            I32Const { value } => {
                let v = self.b.ins().iconst(types::I32, value as i64);
                self.push(v);
            }
            I64Const { value } => {
                let v = self.b.ins().iconst(types::I64, value);
                self.push(v);
            }
            F32Const { value } => {
                let v = self.b.ins().f32const(f32::from_bits(value.bits()));
                self.push(v);
            }
            F64Const { value } => {
                let v = self.b.ins().f64const(f64::from_bits(value.bits()));
                self.push(v);
            }
            I32Eqz | I64Eqz => self.eqz(),
            I32Eq | I64Eq => self.icmp_op(IntCC::Equal),
            I32Ne | I64Ne => self.icmp_op(IntCC::NotEqual),
            I32LtS | I64LtS => self.icmp_op(IntCC::SignedLessThan),
            I32LtU | I64LtU => self.icmp_op(IntCC::UnsignedLessThan),
            I32GtS | I64GtS => self.icmp_op(IntCC::SignedGreaterThan),
            I32GtU | I64GtU => self.icmp_op(IntCC::UnsignedGreaterThan),
            I32LeS | I64LeS => self.icmp_op(IntCC::SignedLessThanOrEqual),
            I32LeU | I64LeU => self.icmp_op(IntCC::UnsignedLessThanOrEqual),
            I32GeS | I64GeS => self.icmp_op(IntCC::SignedGreaterThanOrEqual),
            I32GeU | I64GeU => self.icmp_op(IntCC::UnsignedGreaterThanOrEqual),
            F32Eq | F64Eq => self.fcmp_op(FloatCC::Equal),
            F32Ne | F64Ne => self.fcmp_op(FloatCC::NotEqual),
            F32Lt | F64Lt => self.fcmp_op(FloatCC::LessThan),
            F32Gt | F64Gt => self.fcmp_op(FloatCC::GreaterThan),
            F32Le | F64Le => self.fcmp_op(FloatCC::LessThanOrEqual),
            F32Ge | F64Ge => self.fcmp_op(FloatCC::GreaterThanOrEqual),
            I32Clz | I64Clz => self.unop(|t, a| t.b.ins().clz(a)),
            I32Ctz | I64Ctz => self.unop(|t, a| t.b.ins().ctz(a)),
            I32Popcnt | I64Popcnt => self.unop(|t, a| t.b.ins().popcnt(a)),
            I32Add | I64Add => self.binop(|t, a, b| t.b.ins().iadd(a, b)),
            I32Sub | I64Sub => self.binop(|t, a, b| t.b.ins().isub(a, b)),
            I32Mul | I64Mul => self.binop(|t, a, b| t.b.ins().imul(a, b)),
            I32DivS | I64DivS => self.divrem(true, false),
            I32DivU | I64DivU => self.divrem(false, false),
            I32RemS | I64RemS => self.divrem(true, true),
            I32RemU | I64RemU => self.divrem(false, true),
            I32And | I64And => self.binop(|t, a, b| t.b.ins().band(a, b)),
            I32Or | I64Or => self.binop(|t, a, b| t.b.ins().bor(a, b)),
            I32Xor | I64Xor => self.binop(|t, a, b| t.b.ins().bxor(a, b)),
            I32Shl | I64Shl => self.binop(|t, a, b| t.b.ins().ishl(a, b)),
            I32ShrS | I64ShrS => self.binop(|t, a, b| t.b.ins().sshr(a, b)),
            I32ShrU | I64ShrU => self.binop(|t, a, b| t.b.ins().ushr(a, b)),
            I32Rotl | I64Rotl => self.binop(|t, a, b| t.b.ins().rotl(a, b)),
            I32Rotr | I64Rotr => self.binop(|t, a, b| t.b.ins().rotr(a, b)),
            F32Abs | F64Abs => self.unop(|t, a| t.b.ins().fabs(a)),
            F32Neg | F64Neg => self.unop(|t, a| t.b.ins().fneg(a)),
            F32Ceil | F64Ceil => self.unop(|t, a| t.b.ins().ceil(a)),
            F32Floor | F64Floor => self.unop(|t, a| t.b.ins().floor(a)),
            F32Trunc | F64Trunc => self.unop(|t, a| t.b.ins().trunc(a)),
            F32Nearest | F64Nearest => self.unop(|t, a| t.b.ins().nearest(a)),
            F32Sqrt | F64Sqrt => self.unop(|t, a| t.b.ins().sqrt(a)),
            F32Add | F64Add => self.binop(|t, a, b| t.b.ins().fadd(a, b)),
            F32Sub | F64Sub => self.binop(|t, a, b| t.b.ins().fsub(a, b)),
            F32Mul | F64Mul => self.binop(|t, a, b| t.b.ins().fmul(a, b)),
            F32Div | F64Div => self.binop(|t, a, b| t.b.ins().fdiv(a, b)),
            F32Min | F64Min => self.binop(|t, a, b| t.b.ins().fmin(a, b)),
            F32Max | F64Max => self.binop(|t, a, b| t.b.ins().fmax(a, b)),
            F32Copysign | F64Copysign => self.binop(|t, a, b| t.b.ins().fcopysign(a, b)),
            I32WrapI64 => self.unop(|t, a| t.b.ins().ireduce(types::I32, a)),
            I64ExtendI32S => self.unop(|t, a| t.b.ins().sextend(types::I64, a)),
            I64ExtendI32U => self.unop(|t, a| t.b.ins().uextend(types::I64, a)),
            I32Extend8S => self.extend_from(types::I8, types::I32),
            I32Extend16S => self.extend_from(types::I16, types::I32),
            I64Extend8S => self.extend_from(types::I8, types::I64),
            I64Extend16S => self.extend_from(types::I16, types::I64),
            I64Extend32S => self.extend_from(types::I32, types::I64),
            I32TruncF32S | I32TruncF64S => self.trunc_trapping(types::I32, true),
            I32TruncF32U | I32TruncF64U => self.trunc_trapping(types::I32, false),
            I64TruncF32S | I64TruncF64S => self.trunc_trapping(types::I64, true),
            I64TruncF32U | I64TruncF64U => self.trunc_trapping(types::I64, false),
            I32TruncSatF32S | I32TruncSatF64S => {
                self.unop(|t, a| t.b.ins().fcvt_to_sint_sat(types::I32, a))
            }
            I32TruncSatF32U | I32TruncSatF64U => {
                self.unop(|t, a| t.b.ins().fcvt_to_uint_sat(types::I32, a))
            }
            I64TruncSatF32S | I64TruncSatF64S => {
                self.unop(|t, a| t.b.ins().fcvt_to_sint_sat(types::I64, a))
            }
            I64TruncSatF32U | I64TruncSatF64U => {
                self.unop(|t, a| t.b.ins().fcvt_to_uint_sat(types::I64, a))
            }
            F32ConvertI32S | F32ConvertI64S => {
                self.unop(|t, a| t.b.ins().fcvt_from_sint(types::F32, a))
            }
            F32ConvertI32U | F32ConvertI64U => {
                self.unop(|t, a| t.b.ins().fcvt_from_uint(types::F32, a))
            }
            F64ConvertI32S | F64ConvertI64S => {
                self.unop(|t, a| t.b.ins().fcvt_from_sint(types::F64, a))
            }
            F64ConvertI32U | F64ConvertI64U => {
                self.unop(|t, a| t.b.ins().fcvt_from_uint(types::F64, a))
            }
            F32DemoteF64 => self.unop(|t, a| t.b.ins().fdemote(types::F32, a)),
            F64PromoteF32 => self.unop(|t, a| t.b.ins().fpromote(types::F64, a)),
            I32ReinterpretF32 => self.reinterpret(types::I32),
            I64ReinterpretF64 => self.reinterpret(types::I64),
            F32ReinterpretI32 => self.reinterpret(types::F32),
            F64ReinterpretI64 => self.reinterpret(types::F64),
            _ => return Ok(false),
        }
        Ok(true)
    }
}
