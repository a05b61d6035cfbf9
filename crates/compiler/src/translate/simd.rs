//! SIMD operators (`v128`, Wasm 2.0 fixed-width SIMD and the 20 relaxed-SIMD operators).
//!
//! A `v128` is an `i8x16` on the operand stack, in locals, parameters and results; each operator
//! bitcasts its operands to the lane type it needs (little-endian lane order, also on big-endian
//! targets) and its result back to `i8x16`. Memory operators, `v128.const` and `i8x16.shuffle`
//! are in [`super::simd_mem`].
//!
//! Relaxed SIMD computes what `tailor_cpu::RelaxedSemantics` chose for the profile and mode (the
//! interpreter follows the same table): in deterministic mode every relaxed operator gives the
//! result of its Wasm 2.0 counterpart (`swizzle`, `trunc_sat`, `min`/`max`, `q15mulr_sat`,
//! `bitselect`), `madd`/`nmadd` are an unfused multiply then add, and the dot products treat the
//! second operand as signed bytes; in native mode the target's lowering hooks pick the CPU's own
//! instruction.

use super::FuncTranslator;
use crate::lower::{dot_add_tree, RelaxedOp};
use crate::CompileError;
use cranelift_codegen::ir::{
    self,
    condcodes::{FloatCC, IntCC},
    types::{self, F32X4, F64X2, I16X8, I32X4, I64X2, I8X16},
    InstBuilder, MemFlagsData, Type, Value,
};
use tailor_cpu::{Dot, DotAdd, Laneselect, Madd, MinMax, Q15Mulr, Swizzle, TruncSigned};
use wasmparser::Operator;

/// Flags for a lane-reinterpreting vector bitcast: wasm's little-endian lane order everywhere.
fn le() -> MemFlagsData {
    MemFlagsData::new().with_endianness(ir::Endianness::Little)
}

/// Which shift.
#[derive(Debug, Clone, Copy)]
enum Shift {
    Shl,
    ShrS,
    ShrU,
}

impl FuncTranslator<'_, '_> {
    /// `v` as a vector of type `ty` (a bitcast unless it already is one).
    pub(super) fn as_vec(&mut self, v: Value, ty: Type) -> Value {
        if self.b.func.dfg.value_type(v) == ty {
            v
        } else {
            self.b.ins().bitcast(ty, le(), v)
        }
    }

    /// Pushes a vector result as `i8x16`.
    pub(super) fn push_vec(&mut self, v: Value) {
        let v = self.as_vec(v, I8X16);
        self.push(v);
    }

    /// Pops a v128 as a vector of type `ty`.
    fn pop_vec(&mut self, ty: Type) -> Value {
        let v = self.pop();
        self.as_vec(v, ty)
    }

    /// A lane-wise unary operator on `ty` lanes.
    fn v_un(&mut self, ty: Type, f: impl FnOnce(&mut Self, Value) -> Value) {
        let a = self.pop_vec(ty);
        let v = f(self, a);
        self.push_vec(v);
    }

    /// A binary operator on two `ty` vectors.
    fn v_bin(&mut self, ty: Type, f: impl FnOnce(&mut Self, Value, Value) -> Value) {
        let b = self.pop_vec(ty);
        let a = self.pop_vec(ty);
        let v = f(self, a, b);
        self.push_vec(v);
    }

    /// A ternary operator on three `ty` vectors.
    fn v_ter(&mut self, ty: Type, f: impl FnOnce(&mut Self, Value, Value, Value) -> Value) {
        let c = self.pop_vec(ty);
        let b = self.pop_vec(ty);
        let a = self.pop_vec(ty);
        let v = f(self, a, b, c);
        self.push_vec(v);
    }

    /// A v128 → i32 reduction (`any_true`, `all_true`, `bitmask`).
    fn v_reduce(&mut self, ty: Type, f: impl FnOnce(&mut Self, Value) -> Value) {
        let a = self.pop_vec(ty);
        let r = f(self, a);
        let v = if self.b.func.dfg.value_type(r) == types::I32 {
            r
        } else {
            self.b.ins().uextend(types::I32, r)
        };
        self.push(v);
    }

    /// Integer compare on `ty` lanes.
    fn v_icmp(&mut self, ty: Type, cc: IntCC) {
        self.v_bin(ty, |t, a, b| t.b.ins().icmp(cc, a, b));
    }

    /// Float compare on `ty` lanes.
    fn v_fcmp(&mut self, ty: Type, cc: FloatCC) {
        self.v_bin(ty, |t, a, b| t.b.ins().fcmp(cc, a, b));
    }

    /// A shift of `ty` lanes by an i32 amount taken modulo the lane width.
    fn v_shift(&mut self, ty: Type, kind: Shift) {
        let amount = self.pop();
        let a = self.pop_vec(ty);
        let amount = self
            .b
            .ins()
            .band_imm_s(amount, i64::from(ty.lane_bits() - 1));
        let ins = self.b.ins();
        let v = match kind {
            Shift::Shl => ins.ishl(a, amount),
            Shift::ShrS => ins.sshr(a, amount),
            Shift::ShrU => ins.ushr(a, amount),
        };
        self.push_vec(v);
    }

    /// `splat` of a scalar operand into `ty` (i8/i16 scalars arrive as i32).
    fn v_splat(&mut self, ty: Type) {
        let x = self.pop();
        let x = self.narrow_lane(x, ty.lane_type());
        let v = self.b.ins().splat(ty, x);
        self.push_vec(v);
    }

    /// An i32 operand reduced to an i8/i16 lane; other lane types unchanged.
    fn narrow_lane(&mut self, x: Value, lane: Type) -> Value {
        if lane == types::I8 || lane == types::I16 {
            self.b.ins().ireduce(lane, x)
        } else {
            x
        }
    }

    /// `extract_lane` of `ty`; `signed` is `Some` for the i8/i16 forms that extend to i32.
    fn v_extract(&mut self, ty: Type, lane: u8, signed: Option<bool>) {
        let a = self.pop_vec(ty);
        let x = self.b.ins().extractlane(a, lane);
        let x = match signed {
            Some(true) => self.b.ins().sextend(types::I32, x),
            Some(false) => self.b.ins().uextend(types::I32, x),
            None => x,
        };
        self.push(x);
    }

    /// `replace_lane` of `ty`.
    fn v_replace(&mut self, ty: Type, lane: u8) {
        let x = self.pop();
        let a = self.pop_vec(ty);
        let x = self.narrow_lane(x, ty.lane_type());
        let v = self.b.ins().insertlane(a, x, lane);
        self.push_vec(v);
    }

    /// `pmin` (`b < a ? b : a`) or `pmax` (`a < b ? b : a`) on `ty` lanes.
    fn v_pminmax(&mut self, ty: Type, max: bool) {
        self.v_bin(ty, |t, a, b| {
            let m = if max {
                t.b.ins().fcmp(FloatCC::LessThan, a, b)
            } else {
                t.b.ins().fcmp(FloatCC::LessThan, b, a)
            };
            let m = t.as_vec(m, ty);
            t.b.ins().bitselect(m, b, a)
        });
    }

    /// `extend_{low,high}` of `ty` (the narrow input type).
    fn v_widen(&mut self, ty: Type, signed: bool, high: bool) {
        self.v_un(ty, |t, a| {
            let ins = t.b.ins();
            match (signed, high) {
                (true, false) => ins.swiden_low(a),
                (true, true) => ins.swiden_high(a),
                (false, false) => ins.uwiden_low(a),
                (false, true) => ins.uwiden_high(a),
            }
        });
    }

    /// `extmul_{low,high}` of `ty` (the narrow input type).
    fn v_extmul(&mut self, ty: Type, signed: bool, high: bool) {
        self.v_bin(ty, |t, a, b| {
            let w = |t: &mut Self, x| {
                let ins = t.b.ins();
                match (signed, high) {
                    (true, false) => ins.swiden_low(x),
                    (true, true) => ins.swiden_high(x),
                    (false, false) => ins.uwiden_low(x),
                    (false, true) => ins.uwiden_high(x),
                }
            };
            let a = w(t, a);
            let b = w(t, b);
            t.b.ins().imul(a, b)
        });
    }

    /// `extadd_pairwise` of `ty` (the narrow input type).
    fn v_extadd(&mut self, ty: Type, signed: bool) {
        self.v_un(ty, |t, a| {
            let (lo, hi) = if signed {
                (t.b.ins().swiden_low(a), t.b.ins().swiden_high(a))
            } else {
                (t.b.ins().uwiden_low(a), t.b.ins().uwiden_high(a))
            };
            t.b.ins().iadd_pairwise(lo, hi)
        });
    }

    /// Signed products of the lanes of two `ty` vectors, widened: (low half, high half).
    fn widening_products(&mut self, a: Value, b: Value) -> (Value, Value) {
        let (al, bl) = (self.b.ins().swiden_low(a), self.b.ins().swiden_low(b));
        let lo = self.b.ins().imul(al, bl);
        let (ah, bh) = (self.b.ins().swiden_high(a), self.b.ins().swiden_high(b));
        let hi = self.b.ins().imul(ah, bh);
        (lo, hi)
    }

    /// `i32x4.trunc_sat_f64x2_{s,u}_zero`.
    fn v_trunc_sat_zero(&mut self, signed: bool) {
        self.v_un(F64X2, |t, a| {
            let zero = t.b.func.dfg.constants.insert(vec![0u8; 16].into());
            if signed {
                let c = t.b.ins().fcvt_to_sint_sat(I64X2, a);
                let z = t.b.ins().vconst(I64X2, zero);
                t.b.ins().snarrow(c, z)
            } else {
                let c = t.b.ins().fcvt_to_uint_sat(I64X2, a);
                let z = t.b.ins().vconst(I64X2, zero);
                t.b.ins().uunarrow(c, z)
            }
        });
    }

    /// `relaxed_madd` (`a * b + c`) or `relaxed_nmadd` (`-(a * b) + c`), unfused.
    fn v_madd(&mut self, ty: Type, negate: bool) {
        self.v_ter(ty, |t, a, b, c| {
            let p = t.b.ins().fmul(a, b);
            let p = if negate { t.b.ins().fneg(p) } else { p };
            t.b.ins().fadd(p, c)
        });
    }

    /// Handles SIMD operators; `false` if `op` is not one.
    pub(super) fn simd(&mut self, op: &Operator) -> Result<bool, CompileError> {
        if self.simd_mem(op) || self.simd_lanes(op) || self.simd_int(op) || self.simd_float(op) {
            return Ok(true);
        }
        self.simd_relaxed(op)
    }

    /// Splats, lane access, bitwise operators, comparisons, reductions, swizzle.
    fn simd_lanes(&mut self, op: &Operator) -> bool {
        use Operator::*;
        match *op {
            I8x16Splat => self.v_splat(I8X16),
            I16x8Splat => self.v_splat(I16X8),
            I32x4Splat => self.v_splat(I32X4),
            I64x2Splat => self.v_splat(I64X2),
            F32x4Splat => self.v_splat(F32X4),
            F64x2Splat => self.v_splat(F64X2),
            I8x16ExtractLaneS { lane } => self.v_extract(I8X16, lane, Some(true)),
            I8x16ExtractLaneU { lane } => self.v_extract(I8X16, lane, Some(false)),
            I16x8ExtractLaneS { lane } => self.v_extract(I16X8, lane, Some(true)),
            I16x8ExtractLaneU { lane } => self.v_extract(I16X8, lane, Some(false)),
            I32x4ExtractLane { lane } => self.v_extract(I32X4, lane, None),
            I64x2ExtractLane { lane } => self.v_extract(I64X2, lane, None),
            F32x4ExtractLane { lane } => self.v_extract(F32X4, lane, None),
            F64x2ExtractLane { lane } => self.v_extract(F64X2, lane, None),
            I8x16ReplaceLane { lane } => self.v_replace(I8X16, lane),
            I16x8ReplaceLane { lane } => self.v_replace(I16X8, lane),
            I32x4ReplaceLane { lane } => self.v_replace(I32X4, lane),
            I64x2ReplaceLane { lane } => self.v_replace(I64X2, lane),
            F32x4ReplaceLane { lane } => self.v_replace(F32X4, lane),
            F64x2ReplaceLane { lane } => self.v_replace(F64X2, lane),
            I8x16Swizzle => self.v_bin(I8X16, |t, a, b| t.b.ins().swizzle(a, b)),

            V128Not => self.v_un(I8X16, |t, a| t.b.ins().bnot(a)),
            V128And => self.v_bin(I8X16, |t, a, b| t.b.ins().band(a, b)),
            V128AndNot => self.v_bin(I8X16, |t, a, b| t.b.ins().band_not(a, b)),
            V128Or => self.v_bin(I8X16, |t, a, b| t.b.ins().bor(a, b)),
            V128Xor => self.v_bin(I8X16, |t, a, b| t.b.ins().bxor(a, b)),
            V128Bitselect => self.v_ter(I8X16, |t, a, b, c| t.b.ins().bitselect(c, a, b)),
            V128AnyTrue => self.v_reduce(I8X16, |t, a| t.b.ins().vany_true(a)),
            I8x16AllTrue => self.v_reduce(I8X16, |t, a| t.b.ins().vall_true(a)),
            I16x8AllTrue => self.v_reduce(I16X8, |t, a| t.b.ins().vall_true(a)),
            I32x4AllTrue => self.v_reduce(I32X4, |t, a| t.b.ins().vall_true(a)),
            I64x2AllTrue => self.v_reduce(I64X2, |t, a| t.b.ins().vall_true(a)),
            I8x16Bitmask => self.v_reduce(I8X16, |t, a| t.b.ins().vhigh_bits(types::I32, a)),
            I16x8Bitmask => self.v_reduce(I16X8, |t, a| t.b.ins().vhigh_bits(types::I32, a)),
            I32x4Bitmask => self.v_reduce(I32X4, |t, a| t.b.ins().vhigh_bits(types::I32, a)),
            I64x2Bitmask => self.v_reduce(I64X2, |t, a| t.b.ins().vhigh_bits(types::I32, a)),

            I8x16Eq => self.v_icmp(I8X16, IntCC::Equal),
            I8x16Ne => self.v_icmp(I8X16, IntCC::NotEqual),
            I8x16LtS => self.v_icmp(I8X16, IntCC::SignedLessThan),
            I8x16LtU => self.v_icmp(I8X16, IntCC::UnsignedLessThan),
            I8x16GtS => self.v_icmp(I8X16, IntCC::SignedGreaterThan),
            I8x16GtU => self.v_icmp(I8X16, IntCC::UnsignedGreaterThan),
            I8x16LeS => self.v_icmp(I8X16, IntCC::SignedLessThanOrEqual),
            I8x16LeU => self.v_icmp(I8X16, IntCC::UnsignedLessThanOrEqual),
            I8x16GeS => self.v_icmp(I8X16, IntCC::SignedGreaterThanOrEqual),
            I8x16GeU => self.v_icmp(I8X16, IntCC::UnsignedGreaterThanOrEqual),
            I16x8Eq => self.v_icmp(I16X8, IntCC::Equal),
            I16x8Ne => self.v_icmp(I16X8, IntCC::NotEqual),
            I16x8LtS => self.v_icmp(I16X8, IntCC::SignedLessThan),
            I16x8LtU => self.v_icmp(I16X8, IntCC::UnsignedLessThan),
            I16x8GtS => self.v_icmp(I16X8, IntCC::SignedGreaterThan),
            I16x8GtU => self.v_icmp(I16X8, IntCC::UnsignedGreaterThan),
            I16x8LeS => self.v_icmp(I16X8, IntCC::SignedLessThanOrEqual),
            I16x8LeU => self.v_icmp(I16X8, IntCC::UnsignedLessThanOrEqual),
            I16x8GeS => self.v_icmp(I16X8, IntCC::SignedGreaterThanOrEqual),
            I16x8GeU => self.v_icmp(I16X8, IntCC::UnsignedGreaterThanOrEqual),
            I32x4Eq => self.v_icmp(I32X4, IntCC::Equal),
            I32x4Ne => self.v_icmp(I32X4, IntCC::NotEqual),
            I32x4LtS => self.v_icmp(I32X4, IntCC::SignedLessThan),
            I32x4LtU => self.v_icmp(I32X4, IntCC::UnsignedLessThan),
            I32x4GtS => self.v_icmp(I32X4, IntCC::SignedGreaterThan),
            I32x4GtU => self.v_icmp(I32X4, IntCC::UnsignedGreaterThan),
            I32x4LeS => self.v_icmp(I32X4, IntCC::SignedLessThanOrEqual),
            I32x4LeU => self.v_icmp(I32X4, IntCC::UnsignedLessThanOrEqual),
            I32x4GeS => self.v_icmp(I32X4, IntCC::SignedGreaterThanOrEqual),
            I32x4GeU => self.v_icmp(I32X4, IntCC::UnsignedGreaterThanOrEqual),
            I64x2Eq => self.v_icmp(I64X2, IntCC::Equal),
            I64x2Ne => self.v_icmp(I64X2, IntCC::NotEqual),
            I64x2LtS => self.v_icmp(I64X2, IntCC::SignedLessThan),
            I64x2GtS => self.v_icmp(I64X2, IntCC::SignedGreaterThan),
            I64x2LeS => self.v_icmp(I64X2, IntCC::SignedLessThanOrEqual),
            I64x2GeS => self.v_icmp(I64X2, IntCC::SignedGreaterThanOrEqual),
            F32x4Eq => self.v_fcmp(F32X4, FloatCC::Equal),
            F32x4Ne => self.v_fcmp(F32X4, FloatCC::NotEqual),
            F32x4Lt => self.v_fcmp(F32X4, FloatCC::LessThan),
            F32x4Gt => self.v_fcmp(F32X4, FloatCC::GreaterThan),
            F32x4Le => self.v_fcmp(F32X4, FloatCC::LessThanOrEqual),
            F32x4Ge => self.v_fcmp(F32X4, FloatCC::GreaterThanOrEqual),
            F64x2Eq => self.v_fcmp(F64X2, FloatCC::Equal),
            F64x2Ne => self.v_fcmp(F64X2, FloatCC::NotEqual),
            F64x2Lt => self.v_fcmp(F64X2, FloatCC::LessThan),
            F64x2Gt => self.v_fcmp(F64X2, FloatCC::GreaterThan),
            F64x2Le => self.v_fcmp(F64X2, FloatCC::LessThanOrEqual),
            F64x2Ge => self.v_fcmp(F64X2, FloatCC::GreaterThanOrEqual),
            _ => return false,
        }
        true
    }

    /// Integer arithmetic, shifts, narrowing and widening.
    fn simd_int(&mut self, op: &Operator) -> bool {
        use Operator::*;
        macro_rules! bin {
            ($ty:expr, $m:ident) => {
                self.v_bin($ty, |t, a, b| t.b.ins().$m(a, b))
            };
        }
        macro_rules! un {
            ($ty:expr, $m:ident) => {
                self.v_un($ty, |t, a| t.b.ins().$m(a))
            };
        }
        match *op {
            I8x16Abs => un!(I8X16, iabs),
            I16x8Abs => un!(I16X8, iabs),
            I32x4Abs => un!(I32X4, iabs),
            I64x2Abs => un!(I64X2, iabs),
            I8x16Neg => un!(I8X16, ineg),
            I16x8Neg => un!(I16X8, ineg),
            I32x4Neg => un!(I32X4, ineg),
            I64x2Neg => un!(I64X2, ineg),
            I8x16Popcnt => un!(I8X16, popcnt),
            I8x16Add => bin!(I8X16, iadd),
            I16x8Add => bin!(I16X8, iadd),
            I32x4Add => bin!(I32X4, iadd),
            I64x2Add => bin!(I64X2, iadd),
            I8x16Sub => bin!(I8X16, isub),
            I16x8Sub => bin!(I16X8, isub),
            I32x4Sub => bin!(I32X4, isub),
            I64x2Sub => bin!(I64X2, isub),
            I16x8Mul => bin!(I16X8, imul),
            I32x4Mul => bin!(I32X4, imul),
            I64x2Mul => bin!(I64X2, imul),
            I8x16AddSatS => bin!(I8X16, sadd_sat),
            I8x16AddSatU => bin!(I8X16, uadd_sat),
            I8x16SubSatS => bin!(I8X16, ssub_sat),
            I8x16SubSatU => bin!(I8X16, usub_sat),
            I16x8AddSatS => bin!(I16X8, sadd_sat),
            I16x8AddSatU => bin!(I16X8, uadd_sat),
            I16x8SubSatS => bin!(I16X8, ssub_sat),
            I16x8SubSatU => bin!(I16X8, usub_sat),
            I8x16MinS => bin!(I8X16, smin),
            I8x16MinU => bin!(I8X16, umin),
            I8x16MaxS => bin!(I8X16, smax),
            I8x16MaxU => bin!(I8X16, umax),
            I16x8MinS => bin!(I16X8, smin),
            I16x8MinU => bin!(I16X8, umin),
            I16x8MaxS => bin!(I16X8, smax),
            I16x8MaxU => bin!(I16X8, umax),
            I32x4MinS => bin!(I32X4, smin),
            I32x4MinU => bin!(I32X4, umin),
            I32x4MaxS => bin!(I32X4, smax),
            I32x4MaxU => bin!(I32X4, umax),
            I8x16AvgrU => bin!(I8X16, avg_round),
            I16x8AvgrU => bin!(I16X8, avg_round),
            I16x8Q15MulrSatS => bin!(I16X8, sqmul_round_sat),
            I8x16Shl => self.v_shift(I8X16, Shift::Shl),
            I8x16ShrS => self.v_shift(I8X16, Shift::ShrS),
            I8x16ShrU => self.v_shift(I8X16, Shift::ShrU),
            I16x8Shl => self.v_shift(I16X8, Shift::Shl),
            I16x8ShrS => self.v_shift(I16X8, Shift::ShrS),
            I16x8ShrU => self.v_shift(I16X8, Shift::ShrU),
            I32x4Shl => self.v_shift(I32X4, Shift::Shl),
            I32x4ShrS => self.v_shift(I32X4, Shift::ShrS),
            I32x4ShrU => self.v_shift(I32X4, Shift::ShrU),
            I64x2Shl => self.v_shift(I64X2, Shift::Shl),
            I64x2ShrS => self.v_shift(I64X2, Shift::ShrS),
            I64x2ShrU => self.v_shift(I64X2, Shift::ShrU),
            I8x16NarrowI16x8S => bin!(I16X8, snarrow),
            I8x16NarrowI16x8U => bin!(I16X8, unarrow),
            I16x8NarrowI32x4S => bin!(I32X4, snarrow),
            I16x8NarrowI32x4U => bin!(I32X4, unarrow),
            I16x8ExtendLowI8x16S => self.v_widen(I8X16, true, false),
            I16x8ExtendHighI8x16S => self.v_widen(I8X16, true, true),
            I16x8ExtendLowI8x16U => self.v_widen(I8X16, false, false),
            I16x8ExtendHighI8x16U => self.v_widen(I8X16, false, true),
            I32x4ExtendLowI16x8S => self.v_widen(I16X8, true, false),
            I32x4ExtendHighI16x8S => self.v_widen(I16X8, true, true),
            I32x4ExtendLowI16x8U => self.v_widen(I16X8, false, false),
            I32x4ExtendHighI16x8U => self.v_widen(I16X8, false, true),
            I64x2ExtendLowI32x4S => self.v_widen(I32X4, true, false),
            I64x2ExtendHighI32x4S => self.v_widen(I32X4, true, true),
            I64x2ExtendLowI32x4U => self.v_widen(I32X4, false, false),
            I64x2ExtendHighI32x4U => self.v_widen(I32X4, false, true),
            I16x8ExtMulLowI8x16S => self.v_extmul(I8X16, true, false),
            I16x8ExtMulHighI8x16S => self.v_extmul(I8X16, true, true),
            I16x8ExtMulLowI8x16U => self.v_extmul(I8X16, false, false),
            I16x8ExtMulHighI8x16U => self.v_extmul(I8X16, false, true),
            I32x4ExtMulLowI16x8S => self.v_extmul(I16X8, true, false),
            I32x4ExtMulHighI16x8S => self.v_extmul(I16X8, true, true),
            I32x4ExtMulLowI16x8U => self.v_extmul(I16X8, false, false),
            I32x4ExtMulHighI16x8U => self.v_extmul(I16X8, false, true),
            I64x2ExtMulLowI32x4S => self.v_extmul(I32X4, true, false),
            I64x2ExtMulHighI32x4S => self.v_extmul(I32X4, true, true),
            I64x2ExtMulLowI32x4U => self.v_extmul(I32X4, false, false),
            I64x2ExtMulHighI32x4U => self.v_extmul(I32X4, false, true),
            I16x8ExtAddPairwiseI8x16S => self.v_extadd(I8X16, true),
            I16x8ExtAddPairwiseI8x16U => self.v_extadd(I8X16, false),
            I32x4ExtAddPairwiseI16x8S => self.v_extadd(I16X8, true),
            I32x4ExtAddPairwiseI16x8U => self.v_extadd(I16X8, false),
            I32x4DotI16x8S => self.v_bin(I16X8, |t, a, b| {
                let (lo, hi) = t.widening_products(a, b);
                t.b.ins().iadd_pairwise(lo, hi)
            }),
            _ => return false,
        }
        true
    }

    /// Float arithmetic and conversions.
    fn simd_float(&mut self, op: &Operator) -> bool {
        use Operator::*;
        macro_rules! bin {
            ($ty:expr, $m:ident) => {
                self.v_bin($ty, |t, a, b| t.b.ins().$m(a, b))
            };
        }
        macro_rules! un {
            ($ty:expr, $m:ident) => {
                self.v_un($ty, |t, a| t.b.ins().$m(a))
            };
        }
        match *op {
            F32x4Add => bin!(F32X4, fadd),
            F32x4Sub => bin!(F32X4, fsub),
            F32x4Mul => bin!(F32X4, fmul),
            F32x4Div => bin!(F32X4, fdiv),
            F32x4Min => bin!(F32X4, fmin),
            F32x4Max => bin!(F32X4, fmax),
            F64x2Add => bin!(F64X2, fadd),
            F64x2Sub => bin!(F64X2, fsub),
            F64x2Mul => bin!(F64X2, fmul),
            F64x2Div => bin!(F64X2, fdiv),
            F64x2Min => bin!(F64X2, fmin),
            F64x2Max => bin!(F64X2, fmax),
            F32x4PMin => self.v_pminmax(F32X4, false),
            F32x4PMax => self.v_pminmax(F32X4, true),
            F64x2PMin => self.v_pminmax(F64X2, false),
            F64x2PMax => self.v_pminmax(F64X2, true),
            F32x4Abs => un!(F32X4, fabs),
            F32x4Neg => un!(F32X4, fneg),
            F32x4Sqrt => un!(F32X4, sqrt),
            F32x4Ceil => un!(F32X4, ceil),
            F32x4Floor => un!(F32X4, floor),
            F32x4Trunc => un!(F32X4, trunc),
            F32x4Nearest => un!(F32X4, nearest),
            F64x2Abs => un!(F64X2, fabs),
            F64x2Neg => un!(F64X2, fneg),
            F64x2Sqrt => un!(F64X2, sqrt),
            F64x2Ceil => un!(F64X2, ceil),
            F64x2Floor => un!(F64X2, floor),
            F64x2Trunc => un!(F64X2, trunc),
            F64x2Nearest => un!(F64X2, nearest),
            I32x4TruncSatF32x4S => self.v_un(F32X4, |t, a| t.b.ins().fcvt_to_sint_sat(I32X4, a)),
            I32x4TruncSatF32x4U => self.v_un(F32X4, |t, a| t.b.ins().fcvt_to_uint_sat(I32X4, a)),
            I32x4TruncSatF64x2SZero => self.v_trunc_sat_zero(true),
            I32x4TruncSatF64x2UZero => self.v_trunc_sat_zero(false),
            F32x4ConvertI32x4S => self.v_un(I32X4, |t, a| t.b.ins().fcvt_from_sint(F32X4, a)),
            F32x4ConvertI32x4U => self.v_un(I32X4, |t, a| t.b.ins().fcvt_from_uint(F32X4, a)),
            F64x2ConvertLowI32x4S => self.v_un(I32X4, |t, a| {
                let w = t.b.ins().swiden_low(a);
                t.b.ins().fcvt_from_sint(F64X2, w)
            }),
            F64x2ConvertLowI32x4U => self.v_un(I32X4, |t, a| {
                let w = t.b.ins().uwiden_low(a);
                t.b.ins().fcvt_from_uint(F64X2, w)
            }),
            F32x4DemoteF64x2Zero => un!(F64X2, fvdemote),
            F64x2PromoteLowF32x4 => un!(F32X4, fvpromote_low),
            _ => return false,
        }
        true
    }

    /// Asks the target's hooks to lower relaxed operator `op` on `args` for the semantics chosen;
    /// an error when a CPU-specific choice has no lowering on this target.
    fn relaxed_hook(&mut self, op: RelaxedOp, args: &[Value]) -> Result<Value, CompileError> {
        let sem = self.env.relaxed;
        self.env
            .hooks
            .relaxed_simd(&mut self.b, op, &sem, args)
            .ok_or_else(|| {
                self.error(format!(
                    "relaxed SIMD {op:?}: the {} lowering hooks cannot compute {sem:?}",
                    self.env.hooks.name()
                ))
            })
    }

    /// A relaxed operator on `n` operands of the given types, lowered by the hooks when `native`
    /// (the semantics chose a CPU instruction), else by `common`.
    fn v_relaxed(
        &mut self,
        op: RelaxedOp,
        tys: &[Type],
        native: bool,
        common: impl FnOnce(&mut Self, &[Value]) -> Value,
    ) -> Result<(), CompileError> {
        let mut args = Vec::with_capacity(tys.len());
        for ty in tys.iter().rev() {
            args.push(self.pop_vec(*ty));
        }
        args.reverse();
        let v = if native {
            self.relaxed_hook(op, &args)?
        } else {
            common(self, &args)
        };
        self.push_vec(v);
        Ok(())
    }

    /// `relaxed_madd` (`a * b + c`) or `relaxed_nmadd` (`-(a * b) + c`) as the semantics say.
    fn v_relaxed_madd(&mut self, ty: Type, negate: bool) {
        if self.env.relaxed.madd == Madd::Fused {
            self.v_ter(ty, |t, a, b, c| {
                let a = if negate { t.b.ins().fneg(a) } else { a };
                t.b.ins().fma(a, b, c)
            });
        } else {
            self.v_madd(ty, negate);
        }
    }

    /// `relaxed_min`/`relaxed_max` as the semantics say.
    fn v_relaxed_minmax(&mut self, ty: Type, max: bool) {
        match (self.env.relaxed.min_max, max) {
            (MinMax::Pseudo, _) => self.v_pminmax(ty, max),
            (MinMax::Wasm, false) => self.v_bin(ty, |t, a, b| t.b.ins().fmin(a, b)),
            (MinMax::Wasm, true) => self.v_bin(ty, |t, a, b| t.b.ins().fmax(a, b)),
        }
    }

    /// The 20 relaxed-SIMD operators, computing what [`ModuleEnv::relaxed`](super::ModuleEnv)
    /// chose for the profile and mode: the deterministic choices and the target-neutral CLIF shapes
    /// here, CPU instructions through the target's [`LoweringHooks`](crate::lower::LoweringHooks).
    fn simd_relaxed(&mut self, op: &Operator) -> Result<bool, CompileError> {
        use Operator::*;
        let sem = self.env.relaxed;
        match *op {
            I8x16RelaxedSwizzle => self.v_relaxed(
                RelaxedOp::Swizzle,
                &[I8X16, I8X16],
                sem.swizzle != Swizzle::Wasm,
                |t, v| t.b.ins().swizzle(v[0], v[1]),
            )?,
            I32x4RelaxedTruncF32x4S => self.v_relaxed(
                RelaxedOp::TruncF32x4S,
                &[F32X4],
                sem.trunc_signed != TruncSigned::Saturating,
                |t, v| t.b.ins().fcvt_to_sint_sat(I32X4, v[0]),
            )?,
            I32x4RelaxedTruncF32x4U => {
                self.v_un(F32X4, |t, a| t.b.ins().fcvt_to_uint_sat(I32X4, a))
            }
            I32x4RelaxedTruncF64x2SZero => {
                if sem.trunc_signed == TruncSigned::Saturating {
                    self.v_trunc_sat_zero(true)
                } else {
                    self.v_relaxed(RelaxedOp::TruncF64x2SZero, &[F64X2], true, |_, v| v[0])?
                }
            }
            I32x4RelaxedTruncF64x2UZero => self.v_trunc_sat_zero(false),
            F32x4RelaxedMadd => self.v_relaxed_madd(F32X4, false),
            F32x4RelaxedNmadd => self.v_relaxed_madd(F32X4, true),
            F64x2RelaxedMadd => self.v_relaxed_madd(F64X2, false),
            F64x2RelaxedNmadd => self.v_relaxed_madd(F64X2, true),
            I8x16RelaxedLaneselect | I32x4RelaxedLaneselect | I64x2RelaxedLaneselect
                if sem.laneselect != Laneselect::Bitwise =>
            {
                let ty = match *op {
                    I8x16RelaxedLaneselect => I8X16,
                    I32x4RelaxedLaneselect => I32X4,
                    _ => I64X2,
                };
                self.v_relaxed(RelaxedOp::Laneselect(ty), &[ty, ty, ty], true, |_, v| v[0])?
            }
            I8x16RelaxedLaneselect
            | I16x8RelaxedLaneselect
            | I32x4RelaxedLaneselect
            | I64x2RelaxedLaneselect => {
                self.v_ter(I8X16, |t, a, b, c| t.b.ins().bitselect(c, a, b))
            }
            F32x4RelaxedMin => self.v_relaxed_minmax(F32X4, false),
            F32x4RelaxedMax => self.v_relaxed_minmax(F32X4, true),
            F64x2RelaxedMin => self.v_relaxed_minmax(F64X2, false),
            F64x2RelaxedMax => self.v_relaxed_minmax(F64X2, true),
            I16x8RelaxedQ15mulrS => self.v_relaxed(
                RelaxedOp::Q15Mulr,
                &[I16X8, I16X8],
                sem.q15mulr != Q15Mulr::Saturating,
                |t, v| t.b.ins().sqmul_round_sat(v[0], v[1]),
            )?,
            I16x8RelaxedDotI8x16I7x16S => self.v_relaxed(
                RelaxedOp::Dot,
                &[I8X16, I8X16],
                sem.dot != Dot::Signed,
                |t, v| {
                    // i16 products of signed bytes (exact), adjacent pairs added with wrapping.
                    let (lo, hi) = t.widening_products(v[0], v[1]);
                    t.b.ins().iadd_pairwise(lo, hi)
                },
            )?,
            I32x4RelaxedDotI8x16I7x16AddS => {
                let args = [I8X16, I8X16, I32X4];
                match sem.dot_add {
                    // Exact products summed in groups of four in i32, then `c` added (wrapping): the
                    // tree Cranelift folds into `sdot` (aarch64 dotprod), or with `b` unsigned into
                    // `vpdpbusd` (x86 VNNI); a target whose pattern wants another operand order
                    // lowers it in its hook.
                    DotAdd::ExactSigned => {
                        self.v_relaxed(RelaxedOp::DotAdd, &args, false, |t, v| {
                            dot_add_tree(&mut t.b, (v[0], v[1], v[2]), false, false)
                        })?
                    }
                    DotAdd::ExactUnsignedB => {
                        self.v_relaxed(RelaxedOp::DotAdd, &args, false, |t, v| {
                            let (sem, hooks) = (t.env.relaxed, t.env.hooks);
                            hooks
                                .relaxed_simd(&mut t.b, RelaxedOp::DotAdd, &sem, v)
                                .unwrap_or_else(|| {
                                    dot_add_tree(&mut t.b, (v[0], v[1], v[2]), true, false)
                                })
                        })?
                    }
                    DotAdd::SatPairsUnsignedB => {
                        self.v_relaxed(RelaxedOp::DotAdd, &args, true, |_, v| v[0])?
                    }
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

#[cfg(test)]
#[path = "simd_tests.rs"]
mod tests;
