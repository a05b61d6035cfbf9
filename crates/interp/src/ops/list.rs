//! The op list: every op family of the interpreter, declared once (DESIGN rule 2).
//!
//! [`for_each_op_family!`] lists the numeric families with each op's meaning (a closure over
//! [`super::scalar`] helpers where one expression is not enough); `v128` families are listed in
//! [`super::simd_list`]. [`with_all_ops!`] hands both lists to `define_ops` (`ops/mod.rs`), the one
//! macro that reads them: it generates the [`Op`](super::Op) enum and its tables, the translator's
//! operator table, and `for_each_op_form!`, from which the executor builds its handler sets.

/// The numeric op families, listed once. `$m` receives `{ extra } binop: [...] plain: [...] unop: [...]
/// load: [...] store: [...] cmpbr: [...]` and derives what it needs (the [`Op`] enum, the executor's
/// handlers, the translator's fusion tables).
///
/// - `binop`: `(Name, NameImm, [register forms], operand type, result type, |a, b| expr)`, integer
///   arithmetic that cannot trap; the `Imm` form takes an `i32` constant right operand (sign-extended
///   for `i64` ops).
/// - `cmpop`: integer comparisons, `(Name, NameImm, operand type, bool, |a, b| condition)`.
/// - `plain`: `(Name, [register forms], operand type, result type, |a, b| -> Result<_, TrapCode>)`:
///   float arithmetic and trapping integer ops, no immediate form.
/// - `fcmp`: float comparisons, `(Name, operand type, bool, |a, b| condition)`.
/// - `unop`: `(Name, [register forms], operand type, result type, |a| -> Result<_, TrapCode>)`.
/// - `testop`: `eqz`, `(Name, operand type, bool, |a| condition)`.
///
/// Register forms pass a value between two consecutive ops in a register (the accumulator `r`)
/// instead of a slot: `Ra` reads operand `a` from it, `Ro` writes the result to it, `Rao` does both.
/// The translator uses them only when a producer's result is consumed by the very next op.
/// - `load`/`store`: memory 0 with a 32-bit offset: `(Name, bytes, conversion)`.
/// - `fcmpbr`: fused float compare-and-branch: `(BrIfName, BrIfNotName, Cmp, operand type,
///   |a, b| condition)`; `BrIfNot` branches when the condition is false (NaN makes `!(a < b)` differ
///   from `a >= b`, so float branches are negated explicitly).
/// - `cmpbr`: fused compare-and-branch: `(BrIfName, BrIfNameImm, Cmp, CmpImm, BrIfNegated,
///   BrIfNegatedImm, operand type, |a, b| condition)`; the branch is taken when the condition holds.
macro_rules! for_each_op_family {
    ($m:ident { $($extra:tt)* }) => {
        $m! {
            { $($extra)* }
            binop: [
                (I32Add, I32AddImm, [I32AddRa, I32AddRo, I32AddRao, I32AddImmRa, I32AddImmRo, I32AddImmRao], i32, i32, |a: i32, b: i32| a.wrapping_add(b)),
                (I32Sub, I32SubImm, [I32SubRa, I32SubRo, I32SubRao, I32SubImmRa, I32SubImmRo, I32SubImmRao], i32, i32, |a: i32, b: i32| a.wrapping_sub(b)),
                (I32Mul, I32MulImm, [I32MulRa, I32MulRo, I32MulRao, I32MulImmRa, I32MulImmRo, I32MulImmRao], i32, i32, |a: i32, b: i32| a.wrapping_mul(b)),
                (I32And, I32AndImm, [I32AndRa, I32AndRo, I32AndRao, I32AndImmRa, I32AndImmRo, I32AndImmRao], i32, i32, |a: i32, b: i32| a & b),
                (I32Or, I32OrImm, [I32OrRa, I32OrRo, I32OrRao, I32OrImmRa, I32OrImmRo, I32OrImmRao], i32, i32, |a: i32, b: i32| a | b),
                (I32Xor, I32XorImm, [I32XorRa, I32XorRo, I32XorRao, I32XorImmRa, I32XorImmRo, I32XorImmRao], i32, i32, |a: i32, b: i32| a ^ b),
                (I32Shl, I32ShlImm, [I32ShlRa, I32ShlRo, I32ShlRao, I32ShlImmRa, I32ShlImmRo, I32ShlImmRao], i32, i32, |a: i32, b: i32| a.wrapping_shl(b as u32)),
                (I32ShrS, I32ShrSImm, [I32ShrSRa, I32ShrSRo, I32ShrSRao, I32ShrSImmRa, I32ShrSImmRo, I32ShrSImmRao], i32, i32, |a: i32, b: i32| a.wrapping_shr(b as u32)),
                (I32ShrU, I32ShrUImm, [I32ShrURa, I32ShrURo, I32ShrURao, I32ShrUImmRa, I32ShrUImmRo, I32ShrUImmRao], i32, i32, |a: i32, b: i32| (a as u32).wrapping_shr(b as u32) as i32),
                (I32Rotl, I32RotlImm, [I32RotlRa, I32RotlRo, I32RotlRao, I32RotlImmRa, I32RotlImmRo, I32RotlImmRao], i32, i32, |a: i32, b: i32| a.rotate_left(b as u32)),
                (I32Rotr, I32RotrImm, [I32RotrRa, I32RotrRo, I32RotrRao, I32RotrImmRa, I32RotrImmRo, I32RotrImmRao], i32, i32, |a: i32, b: i32| a.rotate_right(b as u32)),
                (I64Add, I64AddImm, [I64AddRa, I64AddRo, I64AddRao, I64AddImmRa, I64AddImmRo, I64AddImmRao], i64, i64, |a: i64, b: i64| a.wrapping_add(b)),
                (I64Sub, I64SubImm, [I64SubRa, I64SubRo, I64SubRao, I64SubImmRa, I64SubImmRo, I64SubImmRao], i64, i64, |a: i64, b: i64| a.wrapping_sub(b)),
                (I64Mul, I64MulImm, [I64MulRa, I64MulRo, I64MulRao, I64MulImmRa, I64MulImmRo, I64MulImmRao], i64, i64, |a: i64, b: i64| a.wrapping_mul(b)),
                (I64And, I64AndImm, [I64AndRa, I64AndRo, I64AndRao, I64AndImmRa, I64AndImmRo, I64AndImmRao], i64, i64, |a: i64, b: i64| a & b),
                (I64Or, I64OrImm, [I64OrRa, I64OrRo, I64OrRao, I64OrImmRa, I64OrImmRo, I64OrImmRao], i64, i64, |a: i64, b: i64| a | b),
                (I64Xor, I64XorImm, [I64XorRa, I64XorRo, I64XorRao, I64XorImmRa, I64XorImmRo, I64XorImmRao], i64, i64, |a: i64, b: i64| a ^ b),
                (I64Shl, I64ShlImm, [I64ShlRa, I64ShlRo, I64ShlRao, I64ShlImmRa, I64ShlImmRo, I64ShlImmRao], i64, i64, |a: i64, b: i64| a.wrapping_shl(b as u32)),
                (I64ShrS, I64ShrSImm, [I64ShrSRa, I64ShrSRo, I64ShrSRao, I64ShrSImmRa, I64ShrSImmRo, I64ShrSImmRao], i64, i64, |a: i64, b: i64| a.wrapping_shr(b as u32)),
                (I64ShrU, I64ShrUImm, [I64ShrURa, I64ShrURo, I64ShrURao, I64ShrUImmRa, I64ShrUImmRo, I64ShrUImmRao], i64, i64, |a: i64, b: i64| (a as u64).wrapping_shr(b as u32) as i64),
                (I64Rotl, I64RotlImm, [I64RotlRa, I64RotlRo, I64RotlRao, I64RotlImmRa, I64RotlImmRo, I64RotlImmRao], i64, i64, |a: i64, b: i64| a.rotate_left(b as u32)),
                (I64Rotr, I64RotrImm, [I64RotrRa, I64RotrRo, I64RotrRao, I64RotrImmRa, I64RotrImmRo, I64RotrImmRao], i64, i64, |a: i64, b: i64| a.rotate_right(b as u32)),
            ]
            cmpop: [
                (I32Eq, I32EqImm, i32, bool, |a: i32, b: i32| a == b),
                (I32Ne, I32NeImm, i32, bool, |a: i32, b: i32| a != b),
                (I32LtS, I32LtSImm, i32, bool, |a: i32, b: i32| a < b),
                (I32LtU, I32LtUImm, i32, bool, |a: i32, b: i32| (a as u32) < (b as u32)),
                (I32GtS, I32GtSImm, i32, bool, |a: i32, b: i32| a > b),
                (I32GtU, I32GtUImm, i32, bool, |a: i32, b: i32| (a as u32) > (b as u32)),
                (I32LeS, I32LeSImm, i32, bool, |a: i32, b: i32| a <= b),
                (I32LeU, I32LeUImm, i32, bool, |a: i32, b: i32| (a as u32) <= (b as u32)),
                (I32GeS, I32GeSImm, i32, bool, |a: i32, b: i32| a >= b),
                (I32GeU, I32GeUImm, i32, bool, |a: i32, b: i32| (a as u32) >= (b as u32)),
                (I64Eq, I64EqImm, i64, bool, |a: i64, b: i64| a == b),
                (I64Ne, I64NeImm, i64, bool, |a: i64, b: i64| a != b),
                (I64LtS, I64LtSImm, i64, bool, |a: i64, b: i64| a < b),
                (I64LtU, I64LtUImm, i64, bool, |a: i64, b: i64| (a as u64) < (b as u64)),
                (I64GtS, I64GtSImm, i64, bool, |a: i64, b: i64| a > b),
                (I64GtU, I64GtUImm, i64, bool, |a: i64, b: i64| (a as u64) > (b as u64)),
                (I64LeS, I64LeSImm, i64, bool, |a: i64, b: i64| a <= b),
                (I64LeU, I64LeUImm, i64, bool, |a: i64, b: i64| (a as u64) <= (b as u64)),
                (I64GeS, I64GeSImm, i64, bool, |a: i64, b: i64| a >= b),
                (I64GeU, I64GeUImm, i64, bool, |a: i64, b: i64| (a as u64) >= (b as u64)),
            ]
            plain: [
                (I32DivS, [I32DivSRa, I32DivSRo, I32DivSRao], i32, i32, |a: i32, b: i32| crate::ops::scalar::i32_div_s(a, b)),
                (I32DivU, [I32DivURa, I32DivURo, I32DivURao], i32, i32, |a: i32, b: i32| crate::ops::scalar::i32_div_u(a, b)),
                (I32RemS, [I32RemSRa, I32RemSRo, I32RemSRao], i32, i32, |a: i32, b: i32| crate::ops::scalar::i32_rem_s(a, b)),
                (I32RemU, [I32RemURa, I32RemURo, I32RemURao], i32, i32, |a: i32, b: i32| crate::ops::scalar::i32_rem_u(a, b)),
                (I64DivS, [I64DivSRa, I64DivSRo, I64DivSRao], i64, i64, |a: i64, b: i64| crate::ops::scalar::i64_div_s(a, b)),
                (I64DivU, [I64DivURa, I64DivURo, I64DivURao], i64, i64, |a: i64, b: i64| crate::ops::scalar::i64_div_u(a, b)),
                (I64RemS, [I64RemSRa, I64RemSRo, I64RemSRao], i64, i64, |a: i64, b: i64| crate::ops::scalar::i64_rem_s(a, b)),
                (I64RemU, [I64RemURa, I64RemURo, I64RemURao], i64, i64, |a: i64, b: i64| crate::ops::scalar::i64_rem_u(a, b)),
                (F32Add, [F32AddRa, F32AddRo, F32AddRao], f32, f32, |a: f32, b: f32| Ok(a + b)),
                (F32Sub, [F32SubRa, F32SubRo, F32SubRao], f32, f32, |a: f32, b: f32| Ok(a - b)),
                (F32Mul, [F32MulRa, F32MulRo, F32MulRao], f32, f32, |a: f32, b: f32| Ok(a * b)),
                (F32Div, [F32DivRa, F32DivRo, F32DivRao], f32, f32, |a: f32, b: f32| Ok(a / b)),
                (F32Min, [F32MinRa, F32MinRo, F32MinRao], f32, f32, |a: f32, b: f32| Ok(crate::ops::scalar::f32_min(a, b))),
                (F32Max, [F32MaxRa, F32MaxRo, F32MaxRao], f32, f32, |a: f32, b: f32| Ok(crate::ops::scalar::f32_max(a, b))),
                (F32Copysign, [F32CopysignRa, F32CopysignRo, F32CopysignRao], f32, f32, |a: f32, b: f32| Ok(crate::ops::scalar::f32_copysign(a, b))),
                (F64Add, [F64AddRa, F64AddRo, F64AddRao], f64, f64, |a: f64, b: f64| Ok(a + b)),
                (F64Sub, [F64SubRa, F64SubRo, F64SubRao], f64, f64, |a: f64, b: f64| Ok(a - b)),
                (F64Mul, [F64MulRa, F64MulRo, F64MulRao], f64, f64, |a: f64, b: f64| Ok(a * b)),
                (F64Div, [F64DivRa, F64DivRo, F64DivRao], f64, f64, |a: f64, b: f64| Ok(a / b)),
                (F64Min, [F64MinRa, F64MinRo, F64MinRao], f64, f64, |a: f64, b: f64| Ok(crate::ops::scalar::f64_min(a, b))),
                (F64Max, [F64MaxRa, F64MaxRo, F64MaxRao], f64, f64, |a: f64, b: f64| Ok(crate::ops::scalar::f64_max(a, b))),
                (F64Copysign, [F64CopysignRa, F64CopysignRo, F64CopysignRao], f64, f64, |a: f64, b: f64| Ok(crate::ops::scalar::f64_copysign(a, b))),
            ]
            fcmp: [
                (F32Eq, f32, bool, |a: f32, b: f32| Ok(a == b)),
                (F32Ne, f32, bool, |a: f32, b: f32| Ok(a != b)),
                (F32Lt, f32, bool, |a: f32, b: f32| Ok(a < b)),
                (F32Gt, f32, bool, |a: f32, b: f32| Ok(a > b)),
                (F32Le, f32, bool, |a: f32, b: f32| Ok(a <= b)),
                (F32Ge, f32, bool, |a: f32, b: f32| Ok(a >= b)),
                (F64Eq, f64, bool, |a: f64, b: f64| Ok(a == b)),
                (F64Ne, f64, bool, |a: f64, b: f64| Ok(a != b)),
                (F64Lt, f64, bool, |a: f64, b: f64| Ok(a < b)),
                (F64Gt, f64, bool, |a: f64, b: f64| Ok(a > b)),
                (F64Le, f64, bool, |a: f64, b: f64| Ok(a <= b)),
                (F64Ge, f64, bool, |a: f64, b: f64| Ok(a >= b)),
            ]
            unop: [
                (I32Clz, [I32ClzRa, I32ClzRo, I32ClzRao], i32, i32, |a: i32| Ok(a.leading_zeros() as i32)),
                (I32Ctz, [I32CtzRa, I32CtzRo, I32CtzRao], i32, i32, |a: i32| Ok(a.trailing_zeros() as i32)),
                (I32Popcnt, [I32PopcntRa, I32PopcntRo, I32PopcntRao], i32, i32, |a: i32| Ok(a.count_ones() as i32)),
                (I32Extend8S, [I32Extend8SRa, I32Extend8SRo, I32Extend8SRao], i32, i32, |a: i32| Ok(a as i8 as i32)),
                (I32Extend16S, [I32Extend16SRa, I32Extend16SRo, I32Extend16SRao], i32, i32, |a: i32| Ok(a as i16 as i32)),
                (I64Clz, [I64ClzRa, I64ClzRo, I64ClzRao], i64, i64, |a: i64| Ok(a.leading_zeros() as i64)),
                (I64Ctz, [I64CtzRa, I64CtzRo, I64CtzRao], i64, i64, |a: i64| Ok(a.trailing_zeros() as i64)),
                (I64Popcnt, [I64PopcntRa, I64PopcntRo, I64PopcntRao], i64, i64, |a: i64| Ok(a.count_ones() as i64)),
                (I64Extend8S, [I64Extend8SRa, I64Extend8SRo, I64Extend8SRao], i64, i64, |a: i64| Ok(a as i8 as i64)),
                (I64Extend16S, [I64Extend16SRa, I64Extend16SRo, I64Extend16SRao], i64, i64, |a: i64| Ok(a as i16 as i64)),
                (I64Extend32S, [I64Extend32SRa, I64Extend32SRo, I64Extend32SRao], i64, i64, |a: i64| Ok(a as i32 as i64)),
                (F32Abs, [F32AbsRa, F32AbsRo, F32AbsRao], u32, u32, |a: u32| Ok(a & 0x7fff_ffff)),
                (F32Neg, [F32NegRa, F32NegRo, F32NegRao], u32, u32, |a: u32| Ok(a ^ 0x8000_0000)),
                (F32Sqrt, [F32SqrtRa, F32SqrtRo, F32SqrtRao], f32, f32, |a: f32| Ok(a.sqrt())),
                (F32Ceil, [F32CeilRa, F32CeilRo, F32CeilRao], f32, f32, |a: f32| Ok(crate::ops::scalar::f32_ceil(a))),
                (F32Floor, [F32FloorRa, F32FloorRo, F32FloorRao], f32, f32, |a: f32| Ok(crate::ops::scalar::f32_floor(a))),
                (F32Trunc, [F32TruncRa, F32TruncRo, F32TruncRao], f32, f32, |a: f32| Ok(crate::ops::scalar::f32_trunc(a))),
                (F32Nearest, [F32NearestRa, F32NearestRo, F32NearestRao], f32, f32, |a: f32| Ok(crate::ops::scalar::f32_nearest(a))),
                (F64Abs, [F64AbsRa, F64AbsRo, F64AbsRao], u64, u64, |a: u64| Ok(a & 0x7fff_ffff_ffff_ffff)),
                (F64Neg, [F64NegRa, F64NegRo, F64NegRao], u64, u64, |a: u64| Ok(a ^ 0x8000_0000_0000_0000)),
                (F64Sqrt, [F64SqrtRa, F64SqrtRo, F64SqrtRao], f64, f64, |a: f64| Ok(a.sqrt())),
                (F64Ceil, [F64CeilRa, F64CeilRo, F64CeilRao], f64, f64, |a: f64| Ok(crate::ops::scalar::f64_ceil(a))),
                (F64Floor, [F64FloorRa, F64FloorRo, F64FloorRao], f64, f64, |a: f64| Ok(crate::ops::scalar::f64_floor(a))),
                (F64Trunc, [F64TruncRa, F64TruncRo, F64TruncRao], f64, f64, |a: f64| Ok(crate::ops::scalar::f64_trunc(a))),
                (F64Nearest, [F64NearestRa, F64NearestRo, F64NearestRao], f64, f64, |a: f64| Ok(crate::ops::scalar::f64_nearest(a))),
                (I32WrapI64, [I32WrapI64Ra, I32WrapI64Ro, I32WrapI64Rao], i64, i32, |a: i64| Ok(a as i32)),
                (I64ExtendI32S, [I64ExtendI32SRa, I64ExtendI32SRo, I64ExtendI32SRao], i32, i64, |a: i32| Ok(a as i64)),
                (I64ExtendI32U, [I64ExtendI32URa, I64ExtendI32URo, I64ExtendI32URao], i32, i64, |a: i32| Ok(a as u32 as i64)),
                (I32TruncF32S, [I32TruncF32SRa, I32TruncF32SRo, I32TruncF32SRao], f32, i32, |a: f32| crate::ops::scalar::trunc_f32_i32(a)),
                (I32TruncF32U, [I32TruncF32URa, I32TruncF32URo, I32TruncF32URao], f32, i32, |a: f32| crate::ops::scalar::trunc_f32_u32(a)),
                (I32TruncF64S, [I32TruncF64SRa, I32TruncF64SRo, I32TruncF64SRao], f64, i32, |a: f64| crate::ops::scalar::trunc_f64_i32(a)),
                (I32TruncF64U, [I32TruncF64URa, I32TruncF64URo, I32TruncF64URao], f64, i32, |a: f64| crate::ops::scalar::trunc_f64_u32(a)),
                (I64TruncF32S, [I64TruncF32SRa, I64TruncF32SRo, I64TruncF32SRao], f32, i64, |a: f32| crate::ops::scalar::trunc_f32_i64(a)),
                (I64TruncF32U, [I64TruncF32URa, I64TruncF32URo, I64TruncF32URao], f32, i64, |a: f32| crate::ops::scalar::trunc_f32_u64(a)),
                (I64TruncF64S, [I64TruncF64SRa, I64TruncF64SRo, I64TruncF64SRao], f64, i64, |a: f64| crate::ops::scalar::trunc_f64_i64(a)),
                (I64TruncF64U, [I64TruncF64URa, I64TruncF64URo, I64TruncF64URao], f64, i64, |a: f64| crate::ops::scalar::trunc_f64_u64(a)),
                (I32TruncSatF32S, [I32TruncSatF32SRa, I32TruncSatF32SRo, I32TruncSatF32SRao], f32, i32, |a: f32| Ok(a as i32)),
                (I32TruncSatF32U, [I32TruncSatF32URa, I32TruncSatF32URo, I32TruncSatF32URao], f32, i32, |a: f32| Ok(a as u32 as i32)),
                (I32TruncSatF64S, [I32TruncSatF64SRa, I32TruncSatF64SRo, I32TruncSatF64SRao], f64, i32, |a: f64| Ok(a as i32)),
                (I32TruncSatF64U, [I32TruncSatF64URa, I32TruncSatF64URo, I32TruncSatF64URao], f64, i32, |a: f64| Ok(a as u32 as i32)),
                (I64TruncSatF32S, [I64TruncSatF32SRa, I64TruncSatF32SRo, I64TruncSatF32SRao], f32, i64, |a: f32| Ok(a as i64)),
                (I64TruncSatF32U, [I64TruncSatF32URa, I64TruncSatF32URo, I64TruncSatF32URao], f32, i64, |a: f32| Ok(a as u64 as i64)),
                (I64TruncSatF64S, [I64TruncSatF64SRa, I64TruncSatF64SRo, I64TruncSatF64SRao], f64, i64, |a: f64| Ok(a as i64)),
                (I64TruncSatF64U, [I64TruncSatF64URa, I64TruncSatF64URo, I64TruncSatF64URao], f64, i64, |a: f64| Ok(a as u64 as i64)),
                (F32ConvertI32S, [F32ConvertI32SRa, F32ConvertI32SRo, F32ConvertI32SRao], i32, f32, |a: i32| Ok(a as f32)),
                (F32ConvertI32U, [F32ConvertI32URa, F32ConvertI32URo, F32ConvertI32URao], i32, f32, |a: i32| Ok(a as u32 as f32)),
                (F32ConvertI64S, [F32ConvertI64SRa, F32ConvertI64SRo, F32ConvertI64SRao], i64, f32, |a: i64| Ok(a as f32)),
                (F32ConvertI64U, [F32ConvertI64URa, F32ConvertI64URo, F32ConvertI64URao], i64, f32, |a: i64| Ok(a as u64 as f32)),
                (F64ConvertI32S, [F64ConvertI32SRa, F64ConvertI32SRo, F64ConvertI32SRao], i32, f64, |a: i32| Ok(a as f64)),
                (F64ConvertI32U, [F64ConvertI32URa, F64ConvertI32URo, F64ConvertI32URao], i32, f64, |a: i32| Ok(a as u32 as f64)),
                (F64ConvertI64S, [F64ConvertI64SRa, F64ConvertI64SRo, F64ConvertI64SRao], i64, f64, |a: i64| Ok(a as f64)),
                (F64ConvertI64U, [F64ConvertI64URa, F64ConvertI64URo, F64ConvertI64URao], i64, f64, |a: i64| Ok(a as u64 as f64)),
                (F32DemoteF64, [F32DemoteF64Ra, F32DemoteF64Ro, F32DemoteF64Rao], f64, f32, |a: f64| Ok(a as f32)),
                (F64PromoteF32, [F64PromoteF32Ra, F64PromoteF32Ro, F64PromoteF32Rao], f32, f64, |a: f32| Ok(a as f64)),
            ]
            testop: [
                (I32Eqz, i32, bool, |a: i32| Ok(a == 0)),
                (I64Eqz, i64, bool, |a: i64| Ok(a == 0)),
            ]
            load: [
            (I32Load, [I32LoadRa, I32LoadRo, I32LoadRao], 4, |b: [u8; 4]| u32::from_le_bytes(b) as u64),
            (I64Load, [I64LoadRa, I64LoadRo, I64LoadRao], 8, |b: [u8; 8]| u64::from_le_bytes(b)),
            (F32Load, [F32LoadRa, F32LoadRo, F32LoadRao], 4, |b: [u8; 4]| u32::from_le_bytes(b) as u64),
            (F64Load, [F64LoadRa, F64LoadRo, F64LoadRao], 8, |b: [u8; 8]| u64::from_le_bytes(b)),
            (I32Load8S, [I32Load8SRa, I32Load8SRo, I32Load8SRao], 1, |b: [u8; 1]| b[0] as i8 as i32 as u32 as u64),
            (I32Load8U, [I32Load8URa, I32Load8URo, I32Load8URao], 1, |b: [u8; 1]| b[0] as u64),
            (I32Load16S, [I32Load16SRa, I32Load16SRo, I32Load16SRao], 2, |b: [u8; 2]| i16::from_le_bytes(b) as i32 as u32 as u64),
            (I32Load16U, [I32Load16URa, I32Load16URo, I32Load16URao], 2, |b: [u8; 2]| u16::from_le_bytes(b) as u64),
            (I64Load8S, [I64Load8SRa, I64Load8SRo, I64Load8SRao], 1, |b: [u8; 1]| b[0] as i8 as i64 as u64),
            (I64Load8U, [I64Load8URa, I64Load8URo, I64Load8URao], 1, |b: [u8; 1]| b[0] as u64),
            (I64Load16S, [I64Load16SRa, I64Load16SRo, I64Load16SRao], 2, |b: [u8; 2]| i16::from_le_bytes(b) as i64 as u64),
            (I64Load16U, [I64Load16URa, I64Load16URo, I64Load16URao], 2, |b: [u8; 2]| u16::from_le_bytes(b) as u64),
            (I64Load32S, [I64Load32SRa, I64Load32SRo, I64Load32SRao], 4, |b: [u8; 4]| i32::from_le_bytes(b) as i64 as u64),
            (I64Load32U, [I64Load32URa, I64Load32URo, I64Load32URao], 4, |b: [u8; 4]| u32::from_le_bytes(b) as u64),
            ]
            store: [
            (I32Store, [I32StoreRv, I32StoreRa, I32StoreImm], 4, |v: u64| (v as u32).to_le_bytes()),
            (I64Store, [I64StoreRv, I64StoreRa, I64StoreImm], 8, |v: u64| v.to_le_bytes()),
            (F32Store, [F32StoreRv, F32StoreRa, F32StoreImm], 4, |v: u64| (v as u32).to_le_bytes()),
            (F64Store, [F64StoreRv, F64StoreRa, F64StoreImm], 8, |v: u64| v.to_le_bytes()),
            (I32Store8, [I32Store8Rv, I32Store8Ra, I32Store8Imm], 1, |v: u64| [v as u8]),
            (I32Store16, [I32Store16Rv, I32Store16Ra, I32Store16Imm], 2, |v: u64| (v as u16).to_le_bytes()),
            (I64Store8, [I64Store8Rv, I64Store8Ra, I64Store8Imm], 1, |v: u64| [v as u8]),
            (I64Store16, [I64Store16Rv, I64Store16Ra, I64Store16Imm], 2, |v: u64| (v as u16).to_le_bytes()),
            (I64Store32, [I64Store32Rv, I64Store32Ra, I64Store32Imm], 4, |v: u64| (v as u32).to_le_bytes()),
            ]
            cmpbr: [
            (BrIfI32Eq, BrIfI32EqImm, [BrIfI32EqRa, BrIfI32EqImmRa, BrIfI32NeRa, BrIfI32NeImmRa], I32Eq, I32EqImm, BrIfI32Ne, BrIfI32NeImm, i32, |a: i32, b: i32| a == b),
            (BrIfI32Ne, BrIfI32NeImm, [BrIfI32NeRa, BrIfI32NeImmRa, BrIfI32EqRa, BrIfI32EqImmRa], I32Ne, I32NeImm, BrIfI32Eq, BrIfI32EqImm, i32, |a: i32, b: i32| a != b),
            (BrIfI32LtS, BrIfI32LtSImm, [BrIfI32LtSRa, BrIfI32LtSImmRa, BrIfI32GeSRa, BrIfI32GeSImmRa], I32LtS, I32LtSImm, BrIfI32GeS, BrIfI32GeSImm, i32, |a: i32, b: i32| a < b),
            (BrIfI32LtU, BrIfI32LtUImm, [BrIfI32LtURa, BrIfI32LtUImmRa, BrIfI32GeURa, BrIfI32GeUImmRa], I32LtU, I32LtUImm, BrIfI32GeU, BrIfI32GeUImm, i32, |a: i32, b: i32| (a as u32) < (b as u32)),
            (BrIfI32GtS, BrIfI32GtSImm, [BrIfI32GtSRa, BrIfI32GtSImmRa, BrIfI32LeSRa, BrIfI32LeSImmRa], I32GtS, I32GtSImm, BrIfI32LeS, BrIfI32LeSImm, i32, |a: i32, b: i32| a > b),
            (BrIfI32GtU, BrIfI32GtUImm, [BrIfI32GtURa, BrIfI32GtUImmRa, BrIfI32LeURa, BrIfI32LeUImmRa], I32GtU, I32GtUImm, BrIfI32LeU, BrIfI32LeUImm, i32, |a: i32, b: i32| (a as u32) > (b as u32)),
            (BrIfI32LeS, BrIfI32LeSImm, [BrIfI32LeSRa, BrIfI32LeSImmRa, BrIfI32GtSRa, BrIfI32GtSImmRa], I32LeS, I32LeSImm, BrIfI32GtS, BrIfI32GtSImm, i32, |a: i32, b: i32| a <= b),
            (BrIfI32LeU, BrIfI32LeUImm, [BrIfI32LeURa, BrIfI32LeUImmRa, BrIfI32GtURa, BrIfI32GtUImmRa], I32LeU, I32LeUImm, BrIfI32GtU, BrIfI32GtUImm, i32, |a: i32, b: i32| (a as u32) <= (b as u32)),
            (BrIfI32GeS, BrIfI32GeSImm, [BrIfI32GeSRa, BrIfI32GeSImmRa, BrIfI32LtSRa, BrIfI32LtSImmRa], I32GeS, I32GeSImm, BrIfI32LtS, BrIfI32LtSImm, i32, |a: i32, b: i32| a >= b),
            (BrIfI32GeU, BrIfI32GeUImm, [BrIfI32GeURa, BrIfI32GeUImmRa, BrIfI32LtURa, BrIfI32LtUImmRa], I32GeU, I32GeUImm, BrIfI32LtU, BrIfI32LtUImm, i32, |a: i32, b: i32| (a as u32) >= (b as u32)),
            (BrIfI64Eq, BrIfI64EqImm, [BrIfI64EqRa, BrIfI64EqImmRa, BrIfI64NeRa, BrIfI64NeImmRa], I64Eq, I64EqImm, BrIfI64Ne, BrIfI64NeImm, i64, |a: i64, b: i64| a == b),
            (BrIfI64Ne, BrIfI64NeImm, [BrIfI64NeRa, BrIfI64NeImmRa, BrIfI64EqRa, BrIfI64EqImmRa], I64Ne, I64NeImm, BrIfI64Eq, BrIfI64EqImm, i64, |a: i64, b: i64| a != b),
            (BrIfI64LtS, BrIfI64LtSImm, [BrIfI64LtSRa, BrIfI64LtSImmRa, BrIfI64GeSRa, BrIfI64GeSImmRa], I64LtS, I64LtSImm, BrIfI64GeS, BrIfI64GeSImm, i64, |a: i64, b: i64| a < b),
            (BrIfI64LtU, BrIfI64LtUImm, [BrIfI64LtURa, BrIfI64LtUImmRa, BrIfI64GeURa, BrIfI64GeUImmRa], I64LtU, I64LtUImm, BrIfI64GeU, BrIfI64GeUImm, i64, |a: i64, b: i64| (a as u64) < (b as u64)),
            (BrIfI64GtS, BrIfI64GtSImm, [BrIfI64GtSRa, BrIfI64GtSImmRa, BrIfI64LeSRa, BrIfI64LeSImmRa], I64GtS, I64GtSImm, BrIfI64LeS, BrIfI64LeSImm, i64, |a: i64, b: i64| a > b),
            (BrIfI64GtU, BrIfI64GtUImm, [BrIfI64GtURa, BrIfI64GtUImmRa, BrIfI64LeURa, BrIfI64LeUImmRa], I64GtU, I64GtUImm, BrIfI64LeU, BrIfI64LeUImm, i64, |a: i64, b: i64| (a as u64) > (b as u64)),
            (BrIfI64LeS, BrIfI64LeSImm, [BrIfI64LeSRa, BrIfI64LeSImmRa, BrIfI64GtSRa, BrIfI64GtSImmRa], I64LeS, I64LeSImm, BrIfI64GtS, BrIfI64GtSImm, i64, |a: i64, b: i64| a <= b),
            (BrIfI64LeU, BrIfI64LeUImm, [BrIfI64LeURa, BrIfI64LeUImmRa, BrIfI64GtURa, BrIfI64GtUImmRa], I64LeU, I64LeUImm, BrIfI64GtU, BrIfI64GtUImm, i64, |a: i64, b: i64| (a as u64) <= (b as u64)),
            (BrIfI64GeS, BrIfI64GeSImm, [BrIfI64GeSRa, BrIfI64GeSImmRa, BrIfI64LtSRa, BrIfI64LtSImmRa], I64GeS, I64GeSImm, BrIfI64LtS, BrIfI64LtSImm, i64, |a: i64, b: i64| a >= b),
            (BrIfI64GeU, BrIfI64GeUImm, [BrIfI64GeURa, BrIfI64GeUImmRa, BrIfI64LtURa, BrIfI64LtUImmRa], I64GeU, I64GeUImm, BrIfI64LtU, BrIfI64LtUImm, i64, |a: i64, b: i64| (a as u64) >= (b as u64)),
            ]
            fcmpbr: [
            (BrIfF32Eq, BrIfNotF32Eq, [BrIfF32EqRa, BrIfNotF32EqRa], F32Eq, f32, |a: f32, b: f32| a == b),
            (BrIfF32Ne, BrIfNotF32Ne, [BrIfF32NeRa, BrIfNotF32NeRa], F32Ne, f32, |a: f32, b: f32| a != b),
            (BrIfF32Lt, BrIfNotF32Lt, [BrIfF32LtRa, BrIfNotF32LtRa], F32Lt, f32, |a: f32, b: f32| a < b),
            (BrIfF32Gt, BrIfNotF32Gt, [BrIfF32GtRa, BrIfNotF32GtRa], F32Gt, f32, |a: f32, b: f32| a > b),
            (BrIfF32Le, BrIfNotF32Le, [BrIfF32LeRa, BrIfNotF32LeRa], F32Le, f32, |a: f32, b: f32| a <= b),
            (BrIfF32Ge, BrIfNotF32Ge, [BrIfF32GeRa, BrIfNotF32GeRa], F32Ge, f32, |a: f32, b: f32| a >= b),
            (BrIfF64Eq, BrIfNotF64Eq, [BrIfF64EqRa, BrIfNotF64EqRa], F64Eq, f64, |a: f64, b: f64| a == b),
            (BrIfF64Ne, BrIfNotF64Ne, [BrIfF64NeRa, BrIfNotF64NeRa], F64Ne, f64, |a: f64, b: f64| a != b),
            (BrIfF64Lt, BrIfNotF64Lt, [BrIfF64LtRa, BrIfNotF64LtRa], F64Lt, f64, |a: f64, b: f64| a < b),
            (BrIfF64Gt, BrIfNotF64Gt, [BrIfF64GtRa, BrIfNotF64GtRa], F64Gt, f64, |a: f64, b: f64| a > b),
            (BrIfF64Le, BrIfNotF64Le, [BrIfF64LeRa, BrIfNotF64LeRa], F64Le, f64, |a: f64, b: f64| a <= b),
            (BrIfF64Ge, BrIfNotF64Ge, [BrIfF64GeRa, BrIfNotF64GeRa], F64Ge, f64, |a: f64, b: f64| a >= b),
            ]
        }
    };
}
pub(crate) use for_each_op_family;

/// Calls `$m! { { { extra } <numeric families> } <SIMD families> }`: every op family of the
/// interpreter, numeric ones from [`for_each_op_family!`] and `v128` ones from
/// `ops::simd_list::for_each_simd_op!`.
macro_rules! with_all_ops {
    ($m:ident { $($extra:tt)* }) => {
        crate::ops::for_each_op_family! { with_all_ops_simd { $m { $($extra)* } } }
    };
}
pub(crate) use with_all_ops;

/// Second step of [`with_all_ops!`].
macro_rules! with_all_ops_simd {
    ({ $m:ident { $($extra:tt)* } } $($numeric:tt)*) => {
        crate::ops::simd_list::for_each_simd_op! { $m { { $($extra)* } $($numeric)* } }
    };
}
pub(crate) use with_all_ops_simd;
