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
/// - `binop`: `(Name, NameImm, operand type, result type, |a, b| expr)`, cannot trap; the `Imm` form
///   takes an `i32` constant right operand (sign-extended for `i64` ops).
/// - `plain`: `(Name, operand type, result type, |a, b| -> Result<_, TrapCode>)`, no immediate form.
/// - `unop`: `(Name, operand type, result type, |a| -> Result<_, TrapCode>)`.
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
            (I32Add, I32AddImm, i32, i32, |a: i32, b: i32| a.wrapping_add(b)),
            (I32Sub, I32SubImm, i32, i32, |a: i32, b: i32| a.wrapping_sub(b)),
            (I32Mul, I32MulImm, i32, i32, |a: i32, b: i32| a.wrapping_mul(b)),
            (I32And, I32AndImm, i32, i32, |a: i32, b: i32| a & b),
            (I32Or, I32OrImm, i32, i32, |a: i32, b: i32| a | b),
            (I32Xor, I32XorImm, i32, i32, |a: i32, b: i32| a ^ b),
            (I32Shl, I32ShlImm, i32, i32, |a: i32, b: i32| a.wrapping_shl(b as u32)),
            (I32ShrS, I32ShrSImm, i32, i32, |a: i32, b: i32| a.wrapping_shr(b as u32)),
            (I32ShrU, I32ShrUImm, i32, i32, |a: i32, b: i32| (a as u32).wrapping_shr(b as u32) as i32),
            (I32Rotl, I32RotlImm, i32, i32, |a: i32, b: i32| a.rotate_left(b as u32)),
            (I32Rotr, I32RotrImm, i32, i32, |a: i32, b: i32| a.rotate_right(b as u32)),
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
            (I64Add, I64AddImm, i64, i64, |a: i64, b: i64| a.wrapping_add(b)),
            (I64Sub, I64SubImm, i64, i64, |a: i64, b: i64| a.wrapping_sub(b)),
            (I64Mul, I64MulImm, i64, i64, |a: i64, b: i64| a.wrapping_mul(b)),
            (I64And, I64AndImm, i64, i64, |a: i64, b: i64| a & b),
            (I64Or, I64OrImm, i64, i64, |a: i64, b: i64| a | b),
            (I64Xor, I64XorImm, i64, i64, |a: i64, b: i64| a ^ b),
            (I64Shl, I64ShlImm, i64, i64, |a: i64, b: i64| a.wrapping_shl(b as u32)),
            (I64ShrS, I64ShrSImm, i64, i64, |a: i64, b: i64| a.wrapping_shr(b as u32)),
            (I64ShrU, I64ShrUImm, i64, i64, |a: i64, b: i64| (a as u64).wrapping_shr(b as u32) as i64),
            (I64Rotl, I64RotlImm, i64, i64, |a: i64, b: i64| a.rotate_left(b as u32)),
            (I64Rotr, I64RotrImm, i64, i64, |a: i64, b: i64| a.rotate_right(b as u32)),
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
            (I32DivS, i32, i32, |a: i32, b: i32| crate::handlers::i32_div_s(a, b)),
            (I32DivU, i32, i32, |a: i32, b: i32| crate::handlers::i32_div_u(a, b)),
            (I32RemS, i32, i32, |a: i32, b: i32| crate::handlers::i32_rem_s(a, b)),
            (I32RemU, i32, i32, |a: i32, b: i32| crate::handlers::i32_rem_u(a, b)),
            (I64DivS, i64, i64, |a: i64, b: i64| crate::handlers::i64_div_s(a, b)),
            (I64DivU, i64, i64, |a: i64, b: i64| crate::handlers::i64_div_u(a, b)),
            (I64RemS, i64, i64, |a: i64, b: i64| crate::handlers::i64_rem_s(a, b)),
            (I64RemU, i64, i64, |a: i64, b: i64| crate::handlers::i64_rem_u(a, b)),
            (F32Add, f32, f32, |a: f32, b: f32| Ok(a + b)),
            (F32Sub, f32, f32, |a: f32, b: f32| Ok(a - b)),
            (F32Mul, f32, f32, |a: f32, b: f32| Ok(a * b)),
            (F32Div, f32, f32, |a: f32, b: f32| Ok(a / b)),
            (F32Min, f32, f32, |a: f32, b: f32| Ok(crate::handlers::f32_min(a, b))),
            (F32Max, f32, f32, |a: f32, b: f32| Ok(crate::handlers::f32_max(a, b))),
            (F32Copysign, f32, f32, |a: f32, b: f32| Ok(crate::handlers::f32_copysign(a, b))),
            (F32Eq, f32, bool, |a: f32, b: f32| Ok(a == b)),
            (F32Ne, f32, bool, |a: f32, b: f32| Ok(a != b)),
            (F32Lt, f32, bool, |a: f32, b: f32| Ok(a < b)),
            (F32Gt, f32, bool, |a: f32, b: f32| Ok(a > b)),
            (F32Le, f32, bool, |a: f32, b: f32| Ok(a <= b)),
            (F32Ge, f32, bool, |a: f32, b: f32| Ok(a >= b)),
            (F64Add, f64, f64, |a: f64, b: f64| Ok(a + b)),
            (F64Sub, f64, f64, |a: f64, b: f64| Ok(a - b)),
            (F64Mul, f64, f64, |a: f64, b: f64| Ok(a * b)),
            (F64Div, f64, f64, |a: f64, b: f64| Ok(a / b)),
            (F64Min, f64, f64, |a: f64, b: f64| Ok(crate::handlers::f64_min(a, b))),
            (F64Max, f64, f64, |a: f64, b: f64| Ok(crate::handlers::f64_max(a, b))),
            (F64Copysign, f64, f64, |a: f64, b: f64| Ok(crate::handlers::f64_copysign(a, b))),
            (F64Eq, f64, bool, |a: f64, b: f64| Ok(a == b)),
            (F64Ne, f64, bool, |a: f64, b: f64| Ok(a != b)),
            (F64Lt, f64, bool, |a: f64, b: f64| Ok(a < b)),
            (F64Gt, f64, bool, |a: f64, b: f64| Ok(a > b)),
            (F64Le, f64, bool, |a: f64, b: f64| Ok(a <= b)),
            (F64Ge, f64, bool, |a: f64, b: f64| Ok(a >= b)),
            ]
            unop: [
            (I32Eqz, i32, bool, |a: i32| Ok(a == 0)),
            (I32Clz, i32, i32, |a: i32| Ok(a.leading_zeros() as i32)),
            (I32Ctz, i32, i32, |a: i32| Ok(a.trailing_zeros() as i32)),
            (I32Popcnt, i32, i32, |a: i32| Ok(a.count_ones() as i32)),
            (I32Extend8S, i32, i32, |a: i32| Ok(a as i8 as i32)),
            (I32Extend16S, i32, i32, |a: i32| Ok(a as i16 as i32)),
            (I64Eqz, i64, bool, |a: i64| Ok(a == 0)),
            (I64Clz, i64, i64, |a: i64| Ok(a.leading_zeros() as i64)),
            (I64Ctz, i64, i64, |a: i64| Ok(a.trailing_zeros() as i64)),
            (I64Popcnt, i64, i64, |a: i64| Ok(a.count_ones() as i64)),
            (I64Extend8S, i64, i64, |a: i64| Ok(a as i8 as i64)),
            (I64Extend16S, i64, i64, |a: i64| Ok(a as i16 as i64)),
            (I64Extend32S, i64, i64, |a: i64| Ok(a as i32 as i64)),
            (F32Abs, u32, u32, |a: u32| Ok(a & 0x7fff_ffff)),
            (F32Neg, u32, u32, |a: u32| Ok(a ^ 0x8000_0000)),
            (F32Sqrt, f32, f32, |a: f32| Ok(a.sqrt())),
            (F32Ceil, f32, f32, |a: f32| Ok(crate::handlers::f32_ceil(a))),
            (F32Floor, f32, f32, |a: f32| Ok(crate::handlers::f32_floor(a))),
            (F32Trunc, f32, f32, |a: f32| Ok(crate::handlers::f32_trunc(a))),
            (F32Nearest, f32, f32, |a: f32| Ok(crate::handlers::f32_nearest(a))),
            (F64Abs, u64, u64, |a: u64| Ok(a & 0x7fff_ffff_ffff_ffff)),
            (F64Neg, u64, u64, |a: u64| Ok(a ^ 0x8000_0000_0000_0000)),
            (F64Sqrt, f64, f64, |a: f64| Ok(a.sqrt())),
            (F64Ceil, f64, f64, |a: f64| Ok(crate::handlers::f64_ceil(a))),
            (F64Floor, f64, f64, |a: f64| Ok(crate::handlers::f64_floor(a))),
            (F64Trunc, f64, f64, |a: f64| Ok(crate::handlers::f64_trunc(a))),
            (F64Nearest, f64, f64, |a: f64| Ok(crate::handlers::f64_nearest(a))),
            (I32WrapI64, i64, i32, |a: i64| Ok(a as i32)),
            (I64ExtendI32S, i32, i64, |a: i32| Ok(a as i64)),
            (I64ExtendI32U, i32, i64, |a: i32| Ok(a as u32 as i64)),
            (I32TruncF32S, f32, i32, |a: f32| crate::handlers::trunc_f32_i32(a)),
            (I32TruncF32U, f32, i32, |a: f32| crate::handlers::trunc_f32_u32(a)),
            (I32TruncF64S, f64, i32, |a: f64| crate::handlers::trunc_f64_i32(a)),
            (I32TruncF64U, f64, i32, |a: f64| crate::handlers::trunc_f64_u32(a)),
            (I64TruncF32S, f32, i64, |a: f32| crate::handlers::trunc_f32_i64(a)),
            (I64TruncF32U, f32, i64, |a: f32| crate::handlers::trunc_f32_u64(a)),
            (I64TruncF64S, f64, i64, |a: f64| crate::handlers::trunc_f64_i64(a)),
            (I64TruncF64U, f64, i64, |a: f64| crate::handlers::trunc_f64_u64(a)),
            (I32TruncSatF32S, f32, i32, |a: f32| Ok(a as i32)),
            (I32TruncSatF32U, f32, i32, |a: f32| Ok(a as u32 as i32)),
            (I32TruncSatF64S, f64, i32, |a: f64| Ok(a as i32)),
            (I32TruncSatF64U, f64, i32, |a: f64| Ok(a as u32 as i32)),
            (I64TruncSatF32S, f32, i64, |a: f32| Ok(a as i64)),
            (I64TruncSatF32U, f32, i64, |a: f32| Ok(a as u64 as i64)),
            (I64TruncSatF64S, f64, i64, |a: f64| Ok(a as i64)),
            (I64TruncSatF64U, f64, i64, |a: f64| Ok(a as u64 as i64)),
            (F32ConvertI32S, i32, f32, |a: i32| Ok(a as f32)),
            (F32ConvertI32U, i32, f32, |a: i32| Ok(a as u32 as f32)),
            (F32ConvertI64S, i64, f32, |a: i64| Ok(a as f32)),
            (F32ConvertI64U, i64, f32, |a: i64| Ok(a as u64 as f32)),
            (F64ConvertI32S, i32, f64, |a: i32| Ok(a as f64)),
            (F64ConvertI32U, i32, f64, |a: i32| Ok(a as u32 as f64)),
            (F64ConvertI64S, i64, f64, |a: i64| Ok(a as f64)),
            (F64ConvertI64U, i64, f64, |a: i64| Ok(a as u64 as f64)),
            (F32DemoteF64, f64, f32, |a: f64| Ok(a as f32)),
            (F64PromoteF32, f32, f64, |a: f32| Ok(a as f64)),
            ]
            load: [
            (I32Load, 4, |b: [u8; 4]| u32::from_le_bytes(b) as u64),
            (I64Load, 8, |b: [u8; 8]| u64::from_le_bytes(b)),
            (F32Load, 4, |b: [u8; 4]| u32::from_le_bytes(b) as u64),
            (F64Load, 8, |b: [u8; 8]| u64::from_le_bytes(b)),
            (I32Load8S, 1, |b: [u8; 1]| b[0] as i8 as i32 as u32 as u64),
            (I32Load8U, 1, |b: [u8; 1]| b[0] as u64),
            (I32Load16S, 2, |b: [u8; 2]| i16::from_le_bytes(b) as i32 as u32 as u64),
            (I32Load16U, 2, |b: [u8; 2]| u16::from_le_bytes(b) as u64),
            (I64Load8S, 1, |b: [u8; 1]| b[0] as i8 as i64 as u64),
            (I64Load8U, 1, |b: [u8; 1]| b[0] as u64),
            (I64Load16S, 2, |b: [u8; 2]| i16::from_le_bytes(b) as i64 as u64),
            (I64Load16U, 2, |b: [u8; 2]| u16::from_le_bytes(b) as u64),
            (I64Load32S, 4, |b: [u8; 4]| i32::from_le_bytes(b) as i64 as u64),
            (I64Load32U, 4, |b: [u8; 4]| u32::from_le_bytes(b) as u64),
            ]
            store: [
            (I32Store, 4, |v: u64| (v as u32).to_le_bytes()),
            (I64Store, 8, |v: u64| v.to_le_bytes()),
            (F32Store, 4, |v: u64| (v as u32).to_le_bytes()),
            (F64Store, 8, |v: u64| v.to_le_bytes()),
            (I32Store8, 1, |v: u64| [v as u8]),
            (I32Store16, 2, |v: u64| (v as u16).to_le_bytes()),
            (I64Store8, 1, |v: u64| [v as u8]),
            (I64Store16, 2, |v: u64| (v as u16).to_le_bytes()),
            (I64Store32, 4, |v: u64| (v as u32).to_le_bytes()),
            ]
            cmpbr: [
            (BrIfI32Eq, BrIfI32EqImm, I32Eq, I32EqImm, BrIfI32Ne, BrIfI32NeImm, i32, |a: i32, b: i32| a == b),
            (BrIfI32Ne, BrIfI32NeImm, I32Ne, I32NeImm, BrIfI32Eq, BrIfI32EqImm, i32, |a: i32, b: i32| a != b),
            (BrIfI32LtS, BrIfI32LtSImm, I32LtS, I32LtSImm, BrIfI32GeS, BrIfI32GeSImm, i32, |a: i32, b: i32| a < b),
            (BrIfI32LtU, BrIfI32LtUImm, I32LtU, I32LtUImm, BrIfI32GeU, BrIfI32GeUImm, i32, |a: i32, b: i32| (a as u32) < (b as u32)),
            (BrIfI32GtS, BrIfI32GtSImm, I32GtS, I32GtSImm, BrIfI32LeS, BrIfI32LeSImm, i32, |a: i32, b: i32| a > b),
            (BrIfI32GtU, BrIfI32GtUImm, I32GtU, I32GtUImm, BrIfI32LeU, BrIfI32LeUImm, i32, |a: i32, b: i32| (a as u32) > (b as u32)),
            (BrIfI32LeS, BrIfI32LeSImm, I32LeS, I32LeSImm, BrIfI32GtS, BrIfI32GtSImm, i32, |a: i32, b: i32| a <= b),
            (BrIfI32LeU, BrIfI32LeUImm, I32LeU, I32LeUImm, BrIfI32GtU, BrIfI32GtUImm, i32, |a: i32, b: i32| (a as u32) <= (b as u32)),
            (BrIfI32GeS, BrIfI32GeSImm, I32GeS, I32GeSImm, BrIfI32LtS, BrIfI32LtSImm, i32, |a: i32, b: i32| a >= b),
            (BrIfI32GeU, BrIfI32GeUImm, I32GeU, I32GeUImm, BrIfI32LtU, BrIfI32LtUImm, i32, |a: i32, b: i32| (a as u32) >= (b as u32)),
            (BrIfI64Eq, BrIfI64EqImm, I64Eq, I64EqImm, BrIfI64Ne, BrIfI64NeImm, i64, |a: i64, b: i64| a == b),
            (BrIfI64Ne, BrIfI64NeImm, I64Ne, I64NeImm, BrIfI64Eq, BrIfI64EqImm, i64, |a: i64, b: i64| a != b),
            (BrIfI64LtS, BrIfI64LtSImm, I64LtS, I64LtSImm, BrIfI64GeS, BrIfI64GeSImm, i64, |a: i64, b: i64| a < b),
            (BrIfI64LtU, BrIfI64LtUImm, I64LtU, I64LtUImm, BrIfI64GeU, BrIfI64GeUImm, i64, |a: i64, b: i64| (a as u64) < (b as u64)),
            (BrIfI64GtS, BrIfI64GtSImm, I64GtS, I64GtSImm, BrIfI64LeS, BrIfI64LeSImm, i64, |a: i64, b: i64| a > b),
            (BrIfI64GtU, BrIfI64GtUImm, I64GtU, I64GtUImm, BrIfI64LeU, BrIfI64LeUImm, i64, |a: i64, b: i64| (a as u64) > (b as u64)),
            (BrIfI64LeS, BrIfI64LeSImm, I64LeS, I64LeSImm, BrIfI64GtS, BrIfI64GtSImm, i64, |a: i64, b: i64| a <= b),
            (BrIfI64LeU, BrIfI64LeUImm, I64LeU, I64LeUImm, BrIfI64GtU, BrIfI64GtUImm, i64, |a: i64, b: i64| (a as u64) <= (b as u64)),
            (BrIfI64GeS, BrIfI64GeSImm, I64GeS, I64GeSImm, BrIfI64LtS, BrIfI64LtSImm, i64, |a: i64, b: i64| a >= b),
            (BrIfI64GeU, BrIfI64GeUImm, I64GeU, I64GeUImm, BrIfI64LtU, BrIfI64LtUImm, i64, |a: i64, b: i64| (a as u64) >= (b as u64)),
            ]
            fcmpbr: [
            (BrIfF32Eq, BrIfNotF32Eq, F32Eq, f32, |a: f32, b: f32| a == b),
            (BrIfF32Ne, BrIfNotF32Ne, F32Ne, f32, |a: f32, b: f32| a != b),
            (BrIfF32Lt, BrIfNotF32Lt, F32Lt, f32, |a: f32, b: f32| a < b),
            (BrIfF32Gt, BrIfNotF32Gt, F32Gt, f32, |a: f32, b: f32| a > b),
            (BrIfF32Le, BrIfNotF32Le, F32Le, f32, |a: f32, b: f32| a <= b),
            (BrIfF32Ge, BrIfNotF32Ge, F32Ge, f32, |a: f32, b: f32| a >= b),
            (BrIfF64Eq, BrIfNotF64Eq, F64Eq, f64, |a: f64, b: f64| a == b),
            (BrIfF64Ne, BrIfNotF64Ne, F64Ne, f64, |a: f64, b: f64| a != b),
            (BrIfF64Lt, BrIfNotF64Lt, F64Lt, f64, |a: f64, b: f64| a < b),
            (BrIfF64Gt, BrIfNotF64Gt, F64Gt, f64, |a: f64, b: f64| a > b),
            (BrIfF64Le, BrIfNotF64Le, F64Le, f64, |a: f64, b: f64| a <= b),
            (BrIfF64Ge, BrIfNotF64Ge, F64Ge, f64, |a: f64, b: f64| a >= b),
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
            binop: [$( ($bn:ident, $bni:ident, $bt:ident, $br:ident, $bf:expr) ),* $(,)?]
            plain: [$( ($pn:ident, $pt:ident, $pr:ident, $pf:expr) ),* $(,)?]
            unop: [$( ($un:ident, $ut:ident, $ur:ident, $uf:expr) ),* $(,)?]
            load: [$( ($ln:ident, $lsz:literal, $lf:expr) ),* $(,)?]
            store: [$( ($sn:ident, $ssz:literal, $sf:expr) ),* $(,)?]
            cmpbr: [$( ($cn:ident, $cni:ident, $cop:ident, $copi:ident, $ncn:ident, $ncni:ident, $ct:ident, $cf:expr) ),* $(,)?]
            fcmpbr: [$( ($fcn:ident, $fncn:ident, $fcop:ident, $fct:ident, $fcf:expr) ),* $(,)?]
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
            )*
            $(
                #[doc = concat!("`", stringify!($pn), "`: `d = a op b`.")]
                $pn { d: Slot, a: Slot, b: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($un), "`: `d = op a`.")]
                $un { d: Slot, a: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($ln), "` from memory 0: `d = mem[a + off]`.")]
                $ln { d: Slot, a: Slot, off: u32 },
            )*
            $(
                #[doc = concat!("`", stringify!($sn), "` to memory 0: `mem[a + off] = v`.")]
                $sn { a: Slot, v: Slot, off: u32 },
            )*
            $(
                #[doc = concat!("Branch by `off` ops when `", stringify!($cop), "(a, b)` holds.")]
                $cn { a: Slot, b: Slot, off: i32 },
                #[doc = concat!("Branch by `off` ops when `", stringify!($cop), "(a, imm)` holds.")]
                $cni { a: Slot, imm: i32, off: i32 },
            )*
            $(
                #[doc = concat!("Branch by `off` ops when `", stringify!($fcop), "(a, b)` holds.")]
                $fcn { a: Slot, b: Slot, off: i32 },
                #[doc = concat!("Branch by `off` ops when `", stringify!($fcop), "(a, b)` does not hold.")]
                $fncn { a: Slot, b: Slot, off: i32 },
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
            $( stringify!($bn), stringify!($bni), )* $( stringify!($pn), )* $( stringify!($un), )*
            $( stringify!($ln), )* $( stringify!($sn), )* $( stringify!($cn), stringify!($cni), )*
            $( stringify!($fcn), stringify!($fncn), )*
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
                    $( Op::$bn { d, .. } | Op::$bni { d, .. } => Some(d), )*
                    $( Op::$pn { d, .. } => Some(d), )*
                    $( Op::$un { d, .. } => Some(d), )*
                    $( Op::$ln { d, .. } => Some(d), )*
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

            /// The conditional branch taken exactly when `self` is not taken (same operands and offset).
            pub(crate) fn negate_branch(self) -> Option<Op> {
                match self {
                    $(
                        Op::$cn { a, b, off } => Some(Op::$ncn { a, b, off }),
                        Op::$cni { a, imm, off } => Some(Op::$ncni { a, imm, off }),
                    )*
                    $(
                        Op::$fcn { a, b, off } => Some(Op::$fncn { a, b, off }),
                        Op::$fncn { a, b, off } => Some(Op::$fcn { a, b, off }),
                    )*
                    Op::BrIfNez { c, off } => Some(Op::BrIfEqz { c, off }),
                    Op::BrIfEqz { c, off } => Some(Op::BrIfNez { c, off }),
                    _ => None,
                }
            }

            /// Mutable access to the branch offset of a branch op.
            pub(crate) fn branch_offset_mut(&mut self) -> Option<&mut i32> {
                match self {
                    $( Op::$cn { off, .. } | Op::$cni { off, .. } => Some(off), )*
                    $( Op::$fcn { off, .. } | Op::$fncn { off, .. } => Some(off), )*
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
    /// `d = n` slots from `s`, copied in ascending order.
    CopyMany { d: Slot, s: Slot, n: u32 },
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
