//! Translation of one validated function body into interpreter ops.
//!
//! The operand stack is tracked at translation time as *providers*: a value already in its canonical
//! slot (`locals + height`), a local that has not been copied yet, or a constant. Ops read providers'
//! slots directly, so `local.get` and constants cost nothing until a value must really move. Every
//! control-flow boundary materializes what crosses it, so all branches agree on where values are.

mod control;
mod emit;
mod operators;
mod simd;

use crate::code::{FuncCode, IndirectInfo, MemExt};
use crate::ops::{Op, Slot};
use std::collections::HashMap;
use std::rc::Rc;
use tailor_cpu::RelaxedSemantics;
use tailor_module::Module;
use wasmparser::{BinaryReader, OperatorsReader, ValType};

/// Slot flags of a type list: one `false` per value, plus a `true` after each `v128` (its high half).
pub(crate) fn slot_flags(types: &[ValType]) -> Vec<bool> {
    let mut flags = Vec::with_capacity(types.len());
    for t in types {
        flags.push(false);
        if *t == ValType::V128 {
            flags.push(true);
        }
    }
    flags
}

/// Why a function could not be translated.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TranslateError {
    /// The function uses an operator the interpreter does not execute yet.
    #[error("unsupported operator at byte offset {offset:#x}: {what}")]
    Unsupported {
        /// Byte offset of the operator.
        offset: usize,
        /// The operator.
        what: String,
    },
    /// The function is too large for the interpreter's slot encoding.
    #[error("function too large at byte offset {offset:#x}: {what}")]
    TooLarge {
        /// Byte offset of the function body.
        offset: usize,
        /// What overflowed.
        what: String,
    },
    /// The body could not be decoded (cannot happen for a validated module).
    #[error("cannot decode function body: {0}")]
    Decode(String),
}

impl From<wasmparser::BinaryReaderError> for TranslateError {
    fn from(e: wasmparser::BinaryReaderError) -> TranslateError {
        TranslateError::Decode(e.to_string())
    }
}

/// Where an operand-stack value currently is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prov {
    /// In its canonical slot (`locals + height`).
    Slot(Slot),
    /// Still in local slot `n` (not copied yet).
    Local(Slot),
    /// A constant, in slot representation (i32 zero-extended, floats as bits, null as 0).
    Const(u64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CtrlKind {
    Func,
    Block,
    Loop,
    If,
    Else,
}

/// Slot flags of a block type's parameters and results.
pub(crate) type BlockFlags = (Rc<[bool]>, Rc<[bool]>);

/// A control frame of the function being translated.
#[derive(Debug)]
pub(crate) struct Ctrl {
    pub kind: CtrlKind,
    /// Operand-stack height below the frame's parameters.
    pub height: usize,
    /// Slot flags of the parameters (`true` marks the high half of a `v128`); shared by every frame
    /// of the same block type, so deep nesting of wide block types costs no more than shallow.
    pub params: Rc<[bool]>,
    /// Slot flags of the results.
    pub results: Rc<[bool]>,
    /// First op of a loop (its branch target).
    pub start: usize,
    /// Branch ops to patch to the frame's end.
    pub fixups: Vec<usize>,
    /// For `if`: the branch to the `else` (or the end, without `else`).
    pub else_fixup: Option<usize>,
    /// Whether the rest of this frame is unreachable.
    pub unreachable: bool,
}

impl Ctrl {
    /// The number of values a branch to this frame carries.
    pub fn label_arity(&self) -> usize {
        if self.kind == CtrlKind::Loop {
            self.params.len()
        } else {
            self.results.len()
        }
    }
}

/// The translator's state for one function.
pub(crate) struct Translator<'m> {
    pub module: &'m Module,
    pub ops: Vec<Op>,
    pub stack: Vec<Prov>,
    /// Parallel to `stack`: whether the entry is the high half of a `v128`.
    pub hi: Vec<bool>,
    /// The first slot of every local (a `v128` local takes two).
    pub local_slots: Vec<u32>,
    /// Whether every local is a `v128`.
    pub local_wide: Vec<bool>,
    pub ctrls: Vec<Ctrl>,
    /// Parameters + declared locals: the first operand-stack slot.
    pub locals: u32,
    pub max_height: usize,
    /// The op whose destination is the top of stack, when it was the last op emitted.
    pub last_producer: Option<usize>,
    /// The first op after the most recent branch target: a value may pass in the register only
    /// between two ops at or after it.
    pub barrier: usize,
    /// Depth of blocks opened inside unreachable code.
    pub skip_depth: usize,
    pub mem_ext: Vec<MemExt>,
    pub indirect: Vec<IndirectInfo>,
    pub simd_mem: Vec<crate::code::SimdMemArg>,
    pub shuffles: Vec<[u8; 16]>,
    pub offset: usize,
    /// Slots of the function's results.
    pub num_results: usize,
    /// The frame slot holding each constant (by its bits) that has one.
    pub const_slots: HashMap<u64, Slot>,
    /// Slot flags of the function types used as block types so far (see [`Ctrl::params`]).
    pub block_types: HashMap<u32, BlockFlags>,
    /// The most ops this function may translate to (see [`max_ops`]).
    pub max_ops: usize,
    /// What the relaxed-SIMD operators compute (which op each becomes).
    pub relaxed: RelaxedSemantics,
}

/// Ops a function may have per byte of its body, beyond [`OPS_SLACK`]. Compiled C, C++ and Rust
/// translate to about 0.2 ops per byte (at most 0.9 in any function of QuickJS, resvg, Graphviz or
/// Boolector); only branches that carry many values (`br_if` to a block with hundreds of results,
/// thousands of times) need more, since each copies every value. Bounding the ratio bounds the
/// translation's memory (16 bytes per op) by the size of the input, whatever a module does.
pub const OPS_PER_BODY_BYTE: usize = 4;

/// Ops any function may have whatever its size.
pub const OPS_SLACK: usize = 1 << 16;

/// The most ops a function body of `body_len` bytes may translate to.
pub fn max_ops(body_len: usize) -> usize {
    body_len
        .saturating_mul(OPS_PER_BODY_BYTE)
        .saturating_add(OPS_SLACK)
}

impl Translator<'_> {
    /// An error once the translation is over its op budget ([`max_ops`]).
    pub(crate) fn check_size(&self) -> Result<(), TranslateError> {
        if self.ops.len() > self.max_ops {
            return Err(TranslateError::TooLarge {
                offset: self.offset,
                what: format!(
                    "its translation needs more than {} interpreter ops ({} per byte of its body)",
                    self.max_ops, OPS_PER_BODY_BYTE
                ),
            });
        }
        Ok(())
    }
}

/// The most constants that get their own frame slot (written on every call to the function).
const MAX_CONST_SLOTS: usize = 64;

/// Finds the wide constants of a body (`i64`, `f32`, `f64`, `v128` halves): each distinct bit pattern
/// gets a frame slot after the locals, filled on entry, so ops read it like a local instead of
/// re-materializing it every time.
fn scan_constants(
    bytes: &[u8],
    offset: usize,
    first_slot: u32,
) -> Result<(Vec<u64>, HashMap<u64, Slot>), TranslateError> {
    let mut reader = OperatorsReader::new(BinaryReader::new(bytes, offset as u64));
    let mut values = Vec::new();
    let mut slots = HashMap::new();
    let mut add = |v: u64, values: &mut Vec<u64>| {
        if values.len() < MAX_CONST_SLOTS && !slots.contains_key(&v) {
            slots.insert(v, first_slot + values.len() as u32);
            values.push(v);
        }
    };
    while !reader.eof() {
        match reader.read()? {
            wasmparser::Operator::I64Const { value } => add(value as u64, &mut values),
            wasmparser::Operator::F32Const { value } => add(value.bits() as u64, &mut values),
            wasmparser::Operator::F64Const { value } => add(value.bits(), &mut values),
            wasmparser::Operator::V128Const { value } => {
                let v = u128::from_le_bytes(*value.bytes());
                add(v as u64, &mut values);
                add((v >> 64) as u64, &mut values);
            }
            _ => {}
        }
    }
    Ok((values, slots))
}

/// Translates defined function `defined_index` of `module`, its relaxed-SIMD operators computing
/// `relaxed`.
pub fn translate_function(
    module: &Module,
    defined_index: u32,
    relaxed: &RelaxedSemantics,
) -> Result<FuncCode, TranslateError> {
    let func_index = module.num_imported_funcs + defined_index;
    let body = &module.bodies[defined_index as usize];
    let ty = module.func_type(func_index);
    let mut local_slots = Vec::new();
    let mut local_wide = Vec::new();
    let mut next: u64 = 0;
    let add_local = |t: ValType, next: &mut u64, slots: &mut Vec<u32>, wide: &mut Vec<bool>| {
        slots.push(*next as u32);
        wide.push(t == ValType::V128);
        *next += if t == ValType::V128 { 2 } else { 1 };
    };
    for p in ty.params() {
        add_local(*p, &mut next, &mut local_slots, &mut local_wide);
    }
    let num_params = next;
    let mut declared: u64 = 0;
    for (n, _) in &body.locals {
        declared += *n as u64;
    }
    if declared > 100_000 {
        return Err(TranslateError::TooLarge {
            offset: body.operators.start,
            what: format!("{declared} locals"),
        });
    }
    for (n, t) in &body.locals {
        for _ in 0..*n {
            add_local(*t, &mut next, &mut local_slots, &mut local_wide);
        }
    }
    let locals_end = next;
    let num_locals = locals_end - num_params;
    let bytes = &module.bytes[body.operators.clone()];
    let (consts, const_slots) = scan_constants(bytes, body.operators.start, locals_end as u32)?;
    let total = locals_end + consts.len() as u64;
    let results = slot_flags(ty.results());
    let mut t = Translator {
        module,
        ops: Vec::new(),
        stack: Vec::new(),
        hi: Vec::new(),
        local_slots,
        local_wide,
        ctrls: vec![Ctrl {
            kind: CtrlKind::Func,
            height: 0,
            params: Rc::from([]),
            results: results.clone().into(),
            start: 0,
            fixups: Vec::new(),
            else_fixup: None,
            unreachable: false,
        }],
        locals: total as u32,
        max_height: 0,
        last_producer: None,
        barrier: 0,
        skip_depth: 0,
        mem_ext: Vec::new(),
        indirect: Vec::new(),
        simd_mem: Vec::new(),
        shuffles: Vec::new(),
        offset: body.operators.start,
        num_results: results.len(),
        const_slots,
        block_types: HashMap::new(),
        max_ops: max_ops(bytes.len()),
        relaxed: *relaxed,
    };
    let mut reader = module.operators(body);
    while !t.ctrls.is_empty() {
        t.offset = reader.original_position() as usize;
        let op = reader.read()?;
        t.translate_operator(op)?;
        t.check_size()?;
    }
    let frame_size = total + t.max_height as u64 + 1;
    if frame_size > (u32::MAX / 2) as u64 || t.ops.len() > (i32::MAX / 2) as usize {
        return Err(TranslateError::TooLarge {
            offset: body.operators.start,
            what: "frame or code size".into(),
        });
    }
    Ok(FuncCode {
        ops: t.ops.into_boxed_slice(),
        frame_size: frame_size as u32,
        num_params: num_params as u32,
        num_locals: num_locals as u32,
        consts: consts.into_boxed_slice(),
        num_results: results.len() as u32,
        func_index,
        mem_ext: t.mem_ext.into_boxed_slice(),
        indirect: t.indirect.into_boxed_slice(),
        simd_mem: t.simd_mem.into_boxed_slice(),
        shuffles: t.shuffles.into_boxed_slice(),
    })
}
