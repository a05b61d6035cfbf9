//! How the translator turns a wasm operator of a listed op family into ops: the operand shape and
//! the op constructors. `Op::shape_of` (generated from the op list in `ops/mod.rs`) maps every
//! listed wasm operator to its [`Shape`], so the translator has one arm per shape, not one per op.

use super::{Op, Slot};
use wasmparser::MemArg;

/// The operand shape of a listed operator, with the constructors of its ops.
#[derive(Clone, Copy)]
pub(crate) enum Shape {
    /// `d = a op b` on two scalar operands.
    Binary(fn(Slot, Slot, Slot) -> Op),
    /// `d = a op b` with an immediate form for a constant right operand; `true` for `i64` operands
    /// (the immediate is sign-extended).
    BinaryImm(fn(Slot, Slot, Slot) -> Op, fn(Slot, Slot, i32) -> Op, bool),
    /// `d = op a` on a scalar operand.
    Unary(fn(Slot, Slot) -> Op),
    /// A scalar load: `d = mem[a + off]`.
    Load(MemArg, fn(Slot, Slot, u32) -> Op),
    /// A scalar store: `mem[a + off] = v`.
    Store(MemArg, fn(Slot, Slot, u32) -> Op),
    /// `d = a op b` on `v128` operands.
    V128Binary(fn(Slot, Slot, Slot) -> Op),
    /// `d = op a` on a `v128` operand.
    V128Unary(fn(Slot, Slot) -> Op),
    /// `d = op(d, b, c)` on `v128` operands, in place.
    V128Ternary(fn(Slot, Slot, Slot) -> Op),
    /// `d (i32) = op a` on a `v128` operand.
    V128Test(fn(Slot, Slot) -> Op),
    /// `d = a shifted by s (i32)`.
    V128Shift(fn(Slot, Slot, Slot) -> Op),
    /// `d (v128) = splat(a)` of a scalar.
    V128Splat(fn(Slot, Slot) -> Op),
    /// `d = a[lane]`.
    V128Extract(u8, fn(Slot, Slot, u32) -> Op),
    /// `d[lane] = x`, in place.
    V128Replace(u8, fn(Slot, Slot, u32) -> Op),
}
