//! Constant expressions (global, table, element and data-segment initialisers).

use crate::ModuleError;
use wasmparser::{Operator, RefType};

/// One operator of a validated constant expression.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ConstOp {
    /// `i32.const`
    I32(i32),
    /// `i64.const`
    I64(i64),
    /// `f32.const` (bits)
    F32(u32),
    /// `f64.const` (bits)
    F64(u64),
    /// `v128.const`
    V128(u128),
    /// `ref.null`
    RefNull,
    /// `ref.func`
    RefFunc(u32),
    /// `global.get`
    GlobalGet(u32),
    /// `i32.add`
    I32Add,
    /// `i32.sub`
    I32Sub,
    /// `i32.mul`
    I32Mul,
    /// `i64.add`
    I64Add,
    /// `i64.sub`
    I64Sub,
    /// `i64.mul`
    I64Mul,
}

/// A validated constant expression, evaluated by the runtime at instantiation.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstExpr {
    /// The operators, in order, without the final `end`.
    pub ops: Vec<ConstOp>,
}

impl ConstExpr {
    /// Reads a constant expression that the validator already accepted.
    pub fn read(expr: &wasmparser::ConstExpr<'_>) -> Result<ConstExpr, ModuleError> {
        let mut reader = expr.get_operators_reader();
        let mut ops = Vec::new();
        while !reader.eof() {
            let offset = reader.original_position() as usize;
            let op = match reader.read()? {
                Operator::I32Const { value } => ConstOp::I32(value),
                Operator::I64Const { value } => ConstOp::I64(value),
                Operator::F32Const { value } => ConstOp::F32(value.bits()),
                Operator::F64Const { value } => ConstOp::F64(value.bits()),
                Operator::V128Const { value } => ConstOp::V128(u128::from_le_bytes(*value.bytes())),
                Operator::RefNull { .. } => ConstOp::RefNull,
                Operator::RefFunc { function_index } => ConstOp::RefFunc(function_index),
                Operator::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
                Operator::I32Add => ConstOp::I32Add,
                Operator::I32Sub => ConstOp::I32Sub,
                Operator::I32Mul => ConstOp::I32Mul,
                Operator::I64Add => ConstOp::I64Add,
                Operator::I64Sub => ConstOp::I64Sub,
                Operator::I64Mul => ConstOp::I64Mul,
                Operator::End => continue,
                other => {
                    return Err(ModuleError::Unsupported {
                        offset,
                        message: format!("constant expression operator {other:?}"),
                    })
                }
            };
            ops.push(op);
        }
        // Most expressions are one op: keep exactly what they need (modules may hold millions).
        ops.shrink_to_fit();
        Ok(ConstExpr { ops })
    }

    /// A `ref.func` expression for one function (element segments in function-index form).
    pub fn ref_func(index: u32) -> ConstExpr {
        ConstExpr {
            ops: vec![ConstOp::RefFunc(index)],
        }
    }

    /// A `ref.null` of the given type.
    pub fn ref_null(_ty: RefType) -> ConstExpr {
        ConstExpr {
            ops: vec![ConstOp::RefNull],
        }
    }
}
