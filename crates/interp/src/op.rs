//! The interpreter's op set, defined once.
//!
//! Every op works on *slots*: 64-bit cells of the current frame (parameters, then locals, then one slot
//! per operand-stack height). Operands name slots directly, so `local.get`/`i32.add`/`local.set`
//! sequences become one op. Branch offsets are relative to the branch op and resolved at translation.
//!
//! The numeric families (binary, unary, comparison, conversion ops) are listed once in the
//! `for_each_*` macros below; the [`Op`] enum, its `Debug` disassembly and the executor's handlers are
//! all generated from those lists. `Op` is pinned at 16 bytes.

/// A slot index in the current frame.
pub type Slot = u32;

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
                (I32DivS, [I32DivSRa, I32DivSRo, I32DivSRao], i32, i32, |a: i32, b: i32| crate::handlers::i32_div_s(a, b)),
                (I32DivU, [I32DivURa, I32DivURo, I32DivURao], i32, i32, |a: i32, b: i32| crate::handlers::i32_div_u(a, b)),
                (I32RemS, [I32RemSRa, I32RemSRo, I32RemSRao], i32, i32, |a: i32, b: i32| crate::handlers::i32_rem_s(a, b)),
                (I32RemU, [I32RemURa, I32RemURo, I32RemURao], i32, i32, |a: i32, b: i32| crate::handlers::i32_rem_u(a, b)),
                (I64DivS, [I64DivSRa, I64DivSRo, I64DivSRao], i64, i64, |a: i64, b: i64| crate::handlers::i64_div_s(a, b)),
                (I64DivU, [I64DivURa, I64DivURo, I64DivURao], i64, i64, |a: i64, b: i64| crate::handlers::i64_div_u(a, b)),
                (I64RemS, [I64RemSRa, I64RemSRo, I64RemSRao], i64, i64, |a: i64, b: i64| crate::handlers::i64_rem_s(a, b)),
                (I64RemU, [I64RemURa, I64RemURo, I64RemURao], i64, i64, |a: i64, b: i64| crate::handlers::i64_rem_u(a, b)),
                (F32Add, [F32AddRa, F32AddRo, F32AddRao], f32, f32, |a: f32, b: f32| Ok(a + b)),
                (F32Sub, [F32SubRa, F32SubRo, F32SubRao], f32, f32, |a: f32, b: f32| Ok(a - b)),
                (F32Mul, [F32MulRa, F32MulRo, F32MulRao], f32, f32, |a: f32, b: f32| Ok(a * b)),
                (F32Div, [F32DivRa, F32DivRo, F32DivRao], f32, f32, |a: f32, b: f32| Ok(a / b)),
                (F32Min, [F32MinRa, F32MinRo, F32MinRao], f32, f32, |a: f32, b: f32| Ok(crate::handlers::f32_min(a, b))),
                (F32Max, [F32MaxRa, F32MaxRo, F32MaxRao], f32, f32, |a: f32, b: f32| Ok(crate::handlers::f32_max(a, b))),
                (F32Copysign, [F32CopysignRa, F32CopysignRo, F32CopysignRao], f32, f32, |a: f32, b: f32| Ok(crate::handlers::f32_copysign(a, b))),
                (F64Add, [F64AddRa, F64AddRo, F64AddRao], f64, f64, |a: f64, b: f64| Ok(a + b)),
                (F64Sub, [F64SubRa, F64SubRo, F64SubRao], f64, f64, |a: f64, b: f64| Ok(a - b)),
                (F64Mul, [F64MulRa, F64MulRo, F64MulRao], f64, f64, |a: f64, b: f64| Ok(a * b)),
                (F64Div, [F64DivRa, F64DivRo, F64DivRao], f64, f64, |a: f64, b: f64| Ok(a / b)),
                (F64Min, [F64MinRa, F64MinRo, F64MinRao], f64, f64, |a: f64, b: f64| Ok(crate::handlers::f64_min(a, b))),
                (F64Max, [F64MaxRa, F64MaxRo, F64MaxRao], f64, f64, |a: f64, b: f64| Ok(crate::handlers::f64_max(a, b))),
                (F64Copysign, [F64CopysignRa, F64CopysignRo, F64CopysignRao], f64, f64, |a: f64, b: f64| Ok(crate::handlers::f64_copysign(a, b))),
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
                (F32Ceil, [F32CeilRa, F32CeilRo, F32CeilRao], f32, f32, |a: f32| Ok(crate::handlers::f32_ceil(a))),
                (F32Floor, [F32FloorRa, F32FloorRo, F32FloorRao], f32, f32, |a: f32| Ok(crate::handlers::f32_floor(a))),
                (F32Trunc, [F32TruncRa, F32TruncRo, F32TruncRao], f32, f32, |a: f32| Ok(crate::handlers::f32_trunc(a))),
                (F32Nearest, [F32NearestRa, F32NearestRo, F32NearestRao], f32, f32, |a: f32| Ok(crate::handlers::f32_nearest(a))),
                (F64Abs, [F64AbsRa, F64AbsRo, F64AbsRao], u64, u64, |a: u64| Ok(a & 0x7fff_ffff_ffff_ffff)),
                (F64Neg, [F64NegRa, F64NegRo, F64NegRao], u64, u64, |a: u64| Ok(a ^ 0x8000_0000_0000_0000)),
                (F64Sqrt, [F64SqrtRa, F64SqrtRo, F64SqrtRao], f64, f64, |a: f64| Ok(a.sqrt())),
                (F64Ceil, [F64CeilRa, F64CeilRo, F64CeilRao], f64, f64, |a: f64| Ok(crate::handlers::f64_ceil(a))),
                (F64Floor, [F64FloorRa, F64FloorRo, F64FloorRao], f64, f64, |a: f64| Ok(crate::handlers::f64_floor(a))),
                (F64Trunc, [F64TruncRa, F64TruncRo, F64TruncRao], f64, f64, |a: f64| Ok(crate::handlers::f64_trunc(a))),
                (F64Nearest, [F64NearestRa, F64NearestRo, F64NearestRao], f64, f64, |a: f64| Ok(crate::handlers::f64_nearest(a))),
                (I32WrapI64, [I32WrapI64Ra, I32WrapI64Ro, I32WrapI64Rao], i64, i32, |a: i64| Ok(a as i32)),
                (I64ExtendI32S, [I64ExtendI32SRa, I64ExtendI32SRo, I64ExtendI32SRao], i32, i64, |a: i32| Ok(a as i64)),
                (I64ExtendI32U, [I64ExtendI32URa, I64ExtendI32URo, I64ExtendI32URao], i32, i64, |a: i32| Ok(a as u32 as i64)),
                (I32TruncF32S, [I32TruncF32SRa, I32TruncF32SRo, I32TruncF32SRao], f32, i32, |a: f32| crate::handlers::trunc_f32_i32(a)),
                (I32TruncF32U, [I32TruncF32URa, I32TruncF32URo, I32TruncF32URao], f32, i32, |a: f32| crate::handlers::trunc_f32_u32(a)),
                (I32TruncF64S, [I32TruncF64SRa, I32TruncF64SRo, I32TruncF64SRao], f64, i32, |a: f64| crate::handlers::trunc_f64_i32(a)),
                (I32TruncF64U, [I32TruncF64URa, I32TruncF64URo, I32TruncF64URao], f64, i32, |a: f64| crate::handlers::trunc_f64_u32(a)),
                (I64TruncF32S, [I64TruncF32SRa, I64TruncF32SRo, I64TruncF32SRao], f32, i64, |a: f32| crate::handlers::trunc_f32_i64(a)),
                (I64TruncF32U, [I64TruncF32URa, I64TruncF32URo, I64TruncF32URao], f32, i64, |a: f32| crate::handlers::trunc_f32_u64(a)),
                (I64TruncF64S, [I64TruncF64SRa, I64TruncF64SRo, I64TruncF64SRao], f64, i64, |a: f64| crate::handlers::trunc_f64_i64(a)),
                (I64TruncF64U, [I64TruncF64URa, I64TruncF64URo, I64TruncF64URao], f64, i64, |a: f64| crate::handlers::trunc_f64_u64(a)),
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
/// `handlers::simd_list::for_each_simd_op!`.
macro_rules! with_all_ops {
    ($m:ident { $($extra:tt)* }) => {
        crate::op::for_each_op_family! { with_all_ops_simd { $m { $($extra)* } } }
    };
}
pub(crate) use with_all_ops;

/// Second step of [`with_all_ops!`].
macro_rules! with_all_ops_simd {
    ({ $m:ident { $($extra:tt)* } } $($numeric:tt)*) => {
        crate::handlers::simd_list::for_each_simd_op! { $m { { $($extra)* } $($numeric)* } }
    };
}
pub(crate) use with_all_ops_simd;

macro_rules! define_ops {
    (
        {
            { $( $(#[$doc:meta])* $on:ident $({ $($of:ident : $oty:ty),* $(,)? })? ),* $(,)? }
            binop: [$( ($bn:ident, $bni:ident, [$bra:ident, $bro:ident, $brao:ident, $bira:ident, $biro:ident, $birao:ident], $bt:ident, $br:ident, $bf:expr) ),* $(,)?]
            cmpop: [$( ($qn:ident, $qni:ident, $qt:ident, $qr:ident, $qf:expr) ),* $(,)?]
            plain: [$( ($pn:ident, [$pra:ident, $pro:ident, $prao:ident], $pt:ident, $pr:ident, $pf:expr) ),* $(,)?]
            fcmp: [$( ($fqn:ident, $fqt:ident, $fqr:ident, $fqf:expr) ),* $(,)?]
            unop: [$( ($un:ident, [$ura:ident, $uro:ident, $urao:ident], $ut:ident, $ur:ident, $uf:expr) ),* $(,)?]
            testop: [$( ($tn:ident, $tt:ident, $tr:ident, $tf:expr) ),* $(,)?]
            load: [$( ($ln:ident, [$lra:ident, $lro:ident, $lrao:ident], $lsz:literal, $lf:expr) ),* $(,)?]
            store: [$( ($sn:ident, [$srv:ident, $sra:ident, $sri:ident], $ssz:literal, $sf:expr) ),* $(,)?]
            cmpbr: [$( ($cn:ident, $cni:ident, [$cra:ident, $cira:ident, $ncra:ident, $ncira:ident], $cop:ident, $copi:ident, $ncn:ident, $ncni:ident, $ct:ident, $cf:expr) ),* $(,)?]
            fcmpbr: [$( ($fcn:ident, $fncn:ident, [$fcra:ident, $fncra:ident], $fcop:ident, $fct:ident, $fcf:expr) ),* $(,)?]
        }
        simd_binary: [$( ($vbn:ident, $vbf:ident) ),* $(,)?]
        simd_unary: [$( ($vun:ident, $vuf:ident) ),* $(,)?]
        simd_ternary: [$( ($vtn:ident, $vtf:ident) ),* $(,)?]
        simd_test: [$( ($vqn:ident, $vqf:ident) ),* $(,)?]
        simd_shift: [$( ($vsn:ident, $vsf:ident) ),* $(,)?]
        simd_splat: [$( ($vpn:ident, $vpf:ident) ),* $(,)?]
        simd_extract: [$( ($ven:ident, $vef:ident) ),* $(,)?]
        simd_replace: [$( ($vrn:ident, $vrf:ident) ),* $(,)?]
    ) => {
        /// One interpreter op. See the module docs for the operand conventions.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[expect(missing_docs, reason = "operand fields follow the conventions in the module docs")]
        #[repr(u16)]
        pub enum Op {
            $(
                #[doc = concat!("`", stringify!($bn), "`: `d = a op b`.")]
                $bn { d: Slot, a: Slot, b: Slot },
                #[doc = concat!("`", stringify!($bn), "` with a constant right operand.")]
                $bni { d: Slot, a: Slot, imm: i32 },
                #[doc = concat!("`", stringify!($bn), "`: `d = r op b`.")]
                $bra { d: Slot, b: Slot },
                #[doc = concat!("`", stringify!($bn), "`: `r = a op b`.")]
                $bro { a: Slot, b: Slot },
                #[doc = concat!("`", stringify!($bn), "`: `r = r op b`.")]
                $brao { b: Slot },
                #[doc = concat!("`", stringify!($bn), "`: `d = r op imm`.")]
                $bira { d: Slot, imm: i32 },
                #[doc = concat!("`", stringify!($bn), "`: `r = a op imm`.")]
                $biro { a: Slot, imm: i32 },
                #[doc = concat!("`", stringify!($bn), "`: `r = r op imm`.")]
                $birao { imm: i32 },
            )*
            $(
                #[doc = concat!("`", stringify!($qn), "`: `d = a op b`.")]
                $qn { d: Slot, a: Slot, b: Slot },
                #[doc = concat!("`", stringify!($qn), "` with a constant right operand.")]
                $qni { d: Slot, a: Slot, imm: i32 },
            )*
            $(
                #[doc = concat!("`", stringify!($pn), "`: `d = a op b`.")]
                $pn { d: Slot, a: Slot, b: Slot },
                #[doc = concat!("`", stringify!($pn), "`: `d = r op b`.")]
                $pra { d: Slot, b: Slot },
                #[doc = concat!("`", stringify!($pn), "`: `r = a op b`.")]
                $pro { a: Slot, b: Slot },
                #[doc = concat!("`", stringify!($pn), "`: `r = r op b`.")]
                $prao { b: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($fqn), "`: `d = a op b`.")]
                $fqn { d: Slot, a: Slot, b: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($un), "`: `d = op a`.")]
                $un { d: Slot, a: Slot },
                #[doc = concat!("`", stringify!($un), "`: `d = op r`.")]
                $ura { d: Slot },
                #[doc = concat!("`", stringify!($un), "`: `r = op a`.")]
                $uro { a: Slot },
                #[doc = concat!("`", stringify!($un), "`: `r = op r`.")]
                $urao {},
            )*
            $(
                #[doc = concat!("`", stringify!($tn), "`: `d = op a`.")]
                $tn { d: Slot, a: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($ln), "` from memory 0: `d = mem[a + off]`.")]
                $ln { d: Slot, a: Slot, off: u32 },
                #[doc = concat!("`", stringify!($ln), "`: `d = mem[r + off]`.")]
                $lra { d: Slot, off: u32 },
                #[doc = concat!("`", stringify!($ln), "`: `r = mem[a + off]`.")]
                $lro { a: Slot, off: u32 },
                #[doc = concat!("`", stringify!($ln), "`: `r = mem[r + off]`.")]
                $lrao { off: u32 },
            )*
            $(
                #[doc = concat!("`", stringify!($sn), "` to memory 0: `mem[a + off] = v`.")]
                $sn { a: Slot, v: Slot, off: u32 },
                #[doc = concat!("`", stringify!($sn), "`: `mem[a + off] = r`.")]
                $srv { a: Slot, off: u32 },
                #[doc = concat!("`", stringify!($sn), "`: `mem[r + off] = v`.")]
                $sra { v: Slot, off: u32 },
                #[doc = concat!("`", stringify!($sn), "` of a constant (sign-extended to 64 bits).")]
                $sri { a: Slot, imm: i32, off: u32 },
            )*
            $(
                #[doc = concat!("Branch by `off` ops when `", stringify!($cop), "(a, b)` holds.")]
                $cn { a: Slot, b: Slot, off: i32 },
                #[doc = concat!("Branch by `off` ops when `", stringify!($cop), "(a, imm)` holds.")]
                $cni { a: Slot, imm: i32, off: i32 },
                #[doc = concat!("Branch by `off` ops when `", stringify!($cop), "(r, b)` holds.")]
                $cra { b: Slot, off: i32 },
                #[doc = concat!("Branch by `off` ops when `", stringify!($cop), "(r, imm)` holds.")]
                $cira { imm: i32, off: i32 },
            )*
            $(
                #[doc = concat!("Branch by `off` ops when `", stringify!($fcop), "(a, b)` holds.")]
                $fcn { a: Slot, b: Slot, off: i32 },
                #[doc = concat!("Branch by `off` ops when `", stringify!($fcop), "(a, b)` does not hold.")]
                $fncn { a: Slot, b: Slot, off: i32 },
                #[doc = concat!("Branch by `off` ops when `", stringify!($fcop), "(r, b)` holds.")]
                $fcra { b: Slot, off: i32 },
                #[doc = concat!("Branch by `off` ops when `", stringify!($fcop), "(r, b)` does not hold.")]
                $fncra { b: Slot, off: i32 },
            )*
            $( $(#[$doc])* $on $({ $($of: $oty),* })?, )*
            $(
                #[doc = concat!("`", stringify!($vbn), "`: `d = a op b` on `v128` slot pairs.")]
                $vbn { d: Slot, a: Slot, b: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($vun), "`: `d = op a` on `v128` slot pairs.")]
                $vun { d: Slot, a: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($vtn), "`: `d = op(d, b, c)` on `v128` slot pairs.")]
                $vtn { d: Slot, b: Slot, c: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($vqn), "`: `d (i32) = op a`.")]
                $vqn { d: Slot, a: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($vsn), "`: `d = a shifted by s (i32)`.")]
                $vsn { d: Slot, a: Slot, s: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($vpn), "`: `d = splat(a)`.")]
                $vpn { d: Slot, a: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($ven), "`: `d = a[lane]`.")]
                $ven { d: Slot, a: Slot, lane: u32 },
            )*
            $(
                #[doc = concat!("`", stringify!($vrn), "`: `d[lane] = x`.")]
                $vrn { d: Slot, x: Slot, lane: u32 },
            )*
        }

        /// The name of every [`Op`] variant, in discriminant order.
        pub const NAMES: &[&str] = &[
            $( stringify!($bn), stringify!($bni), stringify!($bra), stringify!($bro), stringify!($brao),
               stringify!($bira), stringify!($biro), stringify!($birao), )*
            $( stringify!($qn), stringify!($qni), )*
            $( stringify!($pn), stringify!($pra), stringify!($pro), stringify!($prao), )*
            $( stringify!($fqn), )*
            $( stringify!($un), stringify!($ura), stringify!($uro), stringify!($urao), )*
            $( stringify!($tn), )*
            $( stringify!($ln), stringify!($lra), stringify!($lro), stringify!($lrao), )*
            $( stringify!($sn), stringify!($srv), stringify!($sra), stringify!($sri), )* $( stringify!($cn), stringify!($cni), stringify!($cra), stringify!($cira), )*
            $( stringify!($fcn), stringify!($fncn), stringify!($fcra), stringify!($fncra), )*
            $( stringify!($on), )*
            $( stringify!($vbn), )* $( stringify!($vun), )* $( stringify!($vtn), )* $( stringify!($vqn), )*
            $( stringify!($vsn), )* $( stringify!($vpn), )* $( stringify!($ven), )* $( stringify!($vrn), )*
        ];

        /// The number of [`Op`] variants.
        pub const OP_COUNT: usize = NAMES.len();

        impl Op {
            /// The variant's discriminant (its index in [`NAMES`]).
            pub fn discriminant(&self) -> u16 {
                // SAFETY: `Op` is `repr(u16)`, so it starts with its `u16` discriminant.
                unsafe { *(self as *const Op as *const u16) }
            }

            /// The destination slot of an op that writes exactly one fresh slot, for retargeting its
            /// result straight into a local.
            pub(crate) fn dst_mut(&mut self) -> Option<&mut Slot> {
                match self {
                    $( Op::$bn { d, .. } | Op::$bni { d, .. } | Op::$bra { d, .. } | Op::$bira { d, .. } => Some(d), )*
                    $( Op::$qn { d, .. } | Op::$qni { d, .. } => Some(d), )*
                    $( Op::$pn { d, .. } | Op::$pra { d, .. } => Some(d), )*
                    $( Op::$fqn { d, .. } => Some(d), )*
                    $( Op::$un { d, .. } | Op::$ura { d, .. } => Some(d), )*
                    $( Op::$tn { d, .. } => Some(d), )*
                    $( Op::$ln { d, .. } | Op::$lra { d, .. } => Some(d), )*
                    Op::Copy { d, .. }
                    | Op::Const32 { d, .. }
                    | Op::Const64 { d, .. }
                    | Op::GlobalGet { d, .. }
                    | Op::LoadExt { d, .. }
                    | Op::MemorySize { d, .. }
                    | Op::TableGet { d, .. }
                    | Op::TableSize { d, .. }
                    | Op::RefFunc { d, .. } => Some(d),
                    _ => None,
                }
            }

            /// The fused compare-and-branch op for a comparison op whose result decides a branch:
            /// taken when the comparison is true (`negate == false`) or false (`negate == true`).
            pub(crate) fn fuse_branch(self, negate: bool, off: i32) -> Option<Op> {
                match (self, negate) {
                    $(
                        (Op::$cop { a, b, .. }, false) => Some(Op::$cn { a, b, off }),
                        (Op::$copi { a, imm, .. }, false) => Some(Op::$cni { a, imm, off }),
                        (Op::$cop { a, b, .. }, true) => Some(Op::$ncn { a, b, off }),
                        (Op::$copi { a, imm, .. }, true) => Some(Op::$ncni { a, imm, off }),
                    )*
                    $(
                        (Op::$fcop { a, b, .. }, false) => Some(Op::$fcn { a, b, off }),
                        (Op::$fcop { a, b, .. }, true) => Some(Op::$fncn { a, b, off }),
                    )*
                    (Op::I32Eqz { a, .. }, false) => Some(Op::BrIfEqz { c: a, off }),
                    (Op::I32Eqz { a, .. }, true) => Some(Op::BrIfNez { c: a, off }),
                    _ => None,
                }
            }

            /// Whether the value this op leaves in a register is in the float register (`f64`).
            pub(crate) fn reg_float_out(&self) -> bool {
                use crate::exec::slots::RegVal;
                match self {
                    $( Op::$bn { .. } | Op::$bni { .. } | Op::$bra { .. } | Op::$bro { .. } | Op::$brao { .. }
                        | Op::$bira { .. } | Op::$biro { .. } | Op::$birao { .. } => <$br as RegVal>::FLOAT, )*
                    $( Op::$pn { .. } | Op::$pra { .. } | Op::$pro { .. } | Op::$prao { .. } => <$pr as RegVal>::FLOAT, )*
                    $( Op::$un { .. } | Op::$ura { .. } | Op::$uro { .. } | Op::$urao { .. } => <$ur as RegVal>::FLOAT, )*
                    _ => false,
                }
            }

            /// Whether this op's register operand is read from the float register (`f64`).
            pub(crate) fn reg_float_in(&self) -> bool {
                use crate::exec::slots::RegVal;
                match self {
                    $( Op::$bn { .. } | Op::$bni { .. } | Op::$bra { .. } | Op::$bro { .. } | Op::$brao { .. }
                        | Op::$bira { .. } | Op::$biro { .. } | Op::$birao { .. } => <$bt as RegVal>::FLOAT, )*
                    $( Op::$pn { .. } | Op::$pra { .. } | Op::$pro { .. } | Op::$prao { .. } => <$pt as RegVal>::FLOAT, )*
                    $( Op::$un { .. } | Op::$ura { .. } | Op::$uro { .. } | Op::$urao { .. } => <$ut as RegVal>::FLOAT, )*
                    $( Op::$fcn { .. } | Op::$fncn { .. } | Op::$fcra { .. } | Op::$fncra { .. } => <$fct as RegVal>::FLOAT, )*
                    _ => false,
                }
            }

            /// Whether `a op b` may be computed as `b op a`: integer ops that commute bit for bit, and
            /// float `add`/`mul`, which commute except for which input NaN's payload propagates when
            /// both are NaN, a choice the spec leaves open (any arithmetic NaN).
            pub(crate) fn is_commutative(&self) -> bool {
                matches!(
                    self,
                    Op::I32Add { .. } | Op::I32Mul { .. } | Op::I32And { .. } | Op::I32Or { .. }
                        | Op::I32Xor { .. } | Op::I64Add { .. } | Op::I64Mul { .. }
                        | Op::I64And { .. } | Op::I64Or { .. } | Op::I64Xor { .. }
                        | Op::F32Add { .. } | Op::F32Mul { .. } | Op::F64Add { .. } | Op::F64Mul { .. }
                )
            }

            /// The slot a conditional branch tests (its operand `a`), if it has a register form.
            pub(crate) fn branch_operand(&self) -> Option<Slot> {
                match *self {
                    $( Op::$cn { a, .. } | Op::$cni { a, .. } => Some(a), )*
                    $( Op::$fcn { a, .. } | Op::$fncn { a, .. } => Some(a), )*
                    Op::BrIfNez { c, .. } | Op::BrIfEqz { c, .. } => Some(c),
                    _ => None,
                }
            }

            /// The form of this producer that leaves its result in the register instead of a slot.
            pub(crate) fn reg_out(self) -> Option<Op> {
                match self {
                    $(
                        Op::$bn { a, b, .. } => Some(Op::$bro { a, b }),
                        Op::$bni { a, imm, .. } => Some(Op::$biro { a, imm }),
                        Op::$bra { b, .. } => Some(Op::$brao { b }),
                        Op::$bira { imm, .. } => Some(Op::$birao { imm }),
                    )*
                    $(
                        Op::$pn { a, b, .. } => Some(Op::$pro { a, b }),
                        Op::$pra { b, .. } => Some(Op::$prao { b }),
                    )*
                    $(
                        Op::$un { a, .. } => Some(Op::$uro { a }),
                        Op::$ura { .. } => Some(Op::$urao {}),
                    )*
                    $(
                        Op::$ln { a, off, .. } => Some(Op::$lro { a, off }),
                        Op::$lra { off, .. } => Some(Op::$lrao { off }),
                    )*
                    _ => None,
                }
            }

            /// The form of this store that stores the constant `imm` (sign-extended to 64 bits).
            pub(crate) fn store_imm(self, imm: i32) -> Option<Op> {
                match self {
                    $( Op::$sn { a, off, .. } => Some(Op::$sri { a, imm, off }), )*
                    _ => None,
                }
            }

            /// The form of this store that takes the stored value (`Some(true)` selects operand `v`)
            /// or the address (`Some(false)`) from the register.
            pub(crate) fn store_reg_in(self, value: bool) -> Option<Op> {
                match (self, value) {
                    $(
                        (Op::$sn { a, off, .. }, true) => Some(Op::$srv { a, off }),
                        (Op::$sn { v, off, .. }, false) => Some(Op::$sra { v, off }),
                    )*
                    _ => None,
                }
            }

            /// The form of this op that takes its operand `a` from the register.
            pub(crate) fn reg_in(self) -> Option<Op> {
                match self {
                    $(
                        Op::$bn { d, b, .. } => Some(Op::$bra { d, b }),
                        Op::$bni { d, imm, .. } => Some(Op::$bira { d, imm }),
                        Op::$bro { b, .. } => Some(Op::$brao { b }),
                        Op::$biro { imm, .. } => Some(Op::$birao { imm }),
                    )*
                    $(
                        Op::$pn { d, b, .. } => Some(Op::$pra { d, b }),
                        Op::$pro { b, .. } => Some(Op::$prao { b }),
                    )*
                    $(
                        Op::$un { d, .. } => Some(Op::$ura { d }),
                        Op::$uro { .. } => Some(Op::$urao {}),
                    )*
                    $(
                        Op::$ln { d, off, .. } => Some(Op::$lra { d, off }),
                        Op::$lro { off, .. } => Some(Op::$lrao { off }),
                    )*
                    $(
                        Op::$cn { b, off, .. } => Some(Op::$cra { b, off }),
                        Op::$cni { imm, off, .. } => Some(Op::$cira { imm, off }),
                    )*
                    $(
                        Op::$fcn { b, off, .. } => Some(Op::$fcra { b, off }),
                        Op::$fncn { b, off, .. } => Some(Op::$fncra { b, off }),
                    )*
                    Op::BrIfNez { off, .. } => Some(Op::BrIfNezR { off }),
                    Op::BrIfEqz { off, .. } => Some(Op::BrIfEqzR { off }),
                    _ => None,
                }
            }

            /// The conditional branch taken exactly when `self` is not taken (same operands and offset).
            pub(crate) fn negate_branch(self) -> Option<Op> {
                match self {
                    $(
                        Op::$cn { a, b, off } => Some(Op::$ncn { a, b, off }),
                        Op::$cni { a, imm, off } => Some(Op::$ncni { a, imm, off }),
                        Op::$cra { b, off } => Some(Op::$ncra { b, off }),
                        Op::$cira { imm, off } => Some(Op::$ncira { imm, off }),
                    )*
                    Op::BrIfNezR { off } => Some(Op::BrIfEqzR { off }),
                    Op::BrIfEqzR { off } => Some(Op::BrIfNezR { off }),
                    $(
                        Op::$fcn { a, b, off } => Some(Op::$fncn { a, b, off }),
                        Op::$fncn { a, b, off } => Some(Op::$fcn { a, b, off }),
                        Op::$fcra { b, off } => Some(Op::$fncra { b, off }),
                        Op::$fncra { b, off } => Some(Op::$fcra { b, off }),
                    )*
                    Op::BrIfNez { c, off } => Some(Op::BrIfEqz { c, off }),
                    Op::BrIfEqz { c, off } => Some(Op::BrIfNez { c, off }),
                    _ => None,
                }
            }

            /// Mutable access to the branch offset of a branch op.
            pub(crate) fn branch_offset_mut(&mut self) -> Option<&mut i32> {
                match self {
                    $( Op::$cn { off, .. } | Op::$cni { off, .. } | Op::$cra { off, .. } | Op::$cira { off, .. } => Some(off), )*
                    Op::BrIfNezR { off } | Op::BrIfEqzR { off } => Some(off),
                    $( Op::$fcn { off, .. } | Op::$fncn { off, .. } | Op::$fcra { off, .. } | Op::$fncra { off, .. } => Some(off), )*
                    Op::Br { off } | Op::BrIfNez { off, .. } | Op::BrIfEqz { off, .. } => Some(off),
                    _ => None,
                }
            }
        }
    };
}

with_all_ops!(define_ops {
    /// Trap with the given [`tailor_vm::TrapCode`] index.
    Trap { code: u32 },
    /// Jump by `off` ops.
    Br { off: i32 },
    /// Jump by `off` ops when slot `c` (an `i32` or a reference) is non-zero.
    BrIfNez { c: Slot, off: i32 },
    /// Jump by `off` ops when slot `c` (an `i32` or a reference) is zero.
    BrIfEqz { c: Slot, off: i32 },
    /// Jump by `off` ops when the register is non-zero.
    BrIfNezR { off: i32 },
    /// Jump by `off` ops when the register is zero.
    BrIfEqzR { off: i32 },
    /// Jump to the `min(c, len)`-th of the `len + 1` `Br` ops that follow.
    BrTable { c: Slot, len: u32 },
    /// Return from a function without results.
    Return,
    /// Return one result, read from slot `s`.
    Return1 { s: Slot },
    /// Return `n` results, read from slots `s..s + n`.
    ReturnMany { s: Slot, n: u32 },
    /// `d = s`.
    Copy { d: Slot, s: Slot },
    /// `d = v` (zero-extended 32-bit constant: `i32` or `f32` bits).
    Const32 { d: Slot, v: u32 },
    /// `d = (hi << 32) | lo`.
    Const64 { d: Slot, lo: u32, hi: u32 },
    /// `d = if c != 0 { d } else { b }`.
    Select { d: Slot, b: Slot, c: Slot },
    /// Call defined function `f` (module index space) with arguments from slot `args`.
    Call { f: u32, args: Slot },
    /// Call function `f` through its `VMFunc` (imports), arguments from slot `args`.
    CallImport { f: u32, args: Slot },
    /// `call_indirect` through the table entry in slot `idx`; `info` indexes the side table.
    CallIndirect { idx: Slot, args: Slot, info: u32 },
    /// `call_ref` to the reference in slot `r`.
    CallRef { r: Slot, args: Slot },
    /// Tail call of defined function `f`.
    ReturnCall { f: u32, args: Slot },
    /// Tail call through the `VMFunc` of function `f`.
    ReturnCallImport { f: u32, args: Slot },
    /// Tail `call_indirect`.
    ReturnCallIndirect { idx: Slot, args: Slot, info: u32 },
    /// Tail `call_ref`.
    ReturnCallRef { r: Slot, args: Slot },
    /// `d = global g`.
    GlobalGet { d: Slot, g: u32 },
    /// `global g = s`.
    GlobalSet { g: u32, s: Slot },
    /// `d, d + 1 = global g` (a `v128`).
    GlobalGetV128 { d: Slot, g: u32 },
    /// `global g = s, s + 1` (a `v128`).
    GlobalSetV128 { g: u32, s: Slot },
    /// A load with any memory and offset; `ext` indexes the side table.
    LoadExt { d: Slot, a: Slot, ext: u32 },
    /// A store with any memory and offset; `ext` indexes the side table.
    StoreExt { a: Slot, v: Slot, ext: u32 },
    /// `d = memory.size mem`.
    MemorySize { d: Slot, mem: u32 },
    /// `s = memory.grow mem (s)`.
    MemoryGrow { s: Slot, mem: u32 },
    /// `memory.fill mem` with (dst, value, len) in `s..s + 3`.
    MemoryFill { s: Slot, mem: u32 },
    /// `memory.copy dst src` with (dst, src, len) in `s..s + 3`.
    MemoryCopy { s: Slot, dst: u32, src: u32 },
    /// `memory.init mem data` with (dst, src, len) in `s..s + 3`.
    MemoryInit { s: Slot, mem: u32, data: u32 },
    /// `data.drop`.
    DataDrop { data: u32 },
    /// `d = table t [idx]`.
    TableGet { d: Slot, idx: Slot, t: u32 },
    /// `table t [idx] = v`.
    TableSet { idx: Slot, v: Slot, t: u32 },
    /// `d = table.size t`.
    TableSize { d: Slot, t: u32 },
    /// `table.grow t` with (init, delta) in `s..s + 2`; result in `s`.
    TableGrow { s: Slot, t: u32 },
    /// `table.fill t` with (index, value, len) in `s..s + 3`.
    TableFill { s: Slot, t: u32 },
    /// `table.copy dst src` with (dst, src, len) in `s..s + 3`.
    TableCopy { s: Slot, dst: u32, src: u32 },
    /// `table.init t elem` with (dst, src, len) in `s..s + 3`.
    TableInit { s: Slot, t: u32, elem: u32 },
    /// `elem.drop`.
    ElemDrop { elem: u32 },
    /// `d = ref.func f`.
    RefFunc { d: Slot, f: u32 },
    /// Trap with "null reference" when slot `a` is null.
    RefAsNonNull { a: Slot },
    /// `v128.load` from memory 0 into `d, d + 1`.
    V128Load { d: Slot, a: Slot, off: u32 },
    /// `v128.store` of `v, v + 1` to memory 0.
    V128Store { a: Slot, v: Slot, off: u32 },
    /// Any other `v128` load (extending, splat, zero, lane, other memories); `ext` indexes the side table.
    V128LoadExt { d: Slot, a: Slot, ext: u32 },
    /// Any other `v128` store (lanes, other memories); `ext` indexes the side table.
    V128StoreExt { a: Slot, v: Slot, ext: u32 },
    /// `d = i8x16.shuffle(d, b)` with the lane list `shuffles[idx]`.
    I8x16Shuffle { d: Slot, b: Slot, idx: u32 },
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn op_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Op>(), 16);
    }

    #[test]
    fn names_follow_discriminants() {
        let samples = [
            Op::I32Add { d: 0, a: 0, b: 0 },
            Op::Trap { code: 0 },
            Op::Return,
            Op::I8x16Shuffle { d: 0, b: 0, idx: 0 },
            Op::I8x16Swizzle { d: 0, a: 0, b: 0 },
            Op::BrIfI64GeUImm {
                a: 0,
                imm: 0,
                off: 0,
            },
        ];
        for op in samples {
            let name = format!("{op:?}");
            let name = name.split([' ', '{']).next().unwrap_or_default();
            assert_eq!(NAMES[op.discriminant() as usize], name);
        }
    }
}
