//! SIMD memory operators: `v128` loads and stores, extending and splatting loads, `load*_zero`,
//! lane loads and stores; plus `v128.const` and `i8x16.shuffle` (operators with immediates).

use super::FuncTranslator;
use cranelift_codegen::ir::{types, InstBuilder, Type, Value};
use wasmparser::{MemArg, Operator};

/// A `v128.load*` flavour with a result other than the full 16 bytes.
#[derive(Debug, Clone, Copy)]
enum VLoad {
    /// `v128.load`.
    Full,
    /// `v128.load8x8_s` etc.: 8 bytes widened to the lane type.
    Extend { signed: bool, from_bits: u32 },
    /// `v128.load*_splat`: one scalar of this type copied to every lane.
    Splat(Type),
    /// `v128.load32_zero`/`load64_zero`: one scalar in lane 0, zeros elsewhere.
    Zero(Type),
}

impl FuncTranslator<'_, '_> {
    /// Loads a v128 from memory (all flavours but the lane loads).
    fn vload(&mut self, memarg: &MemArg, kind: VLoad) {
        let index = self.pop();
        let size = match kind {
            VLoad::Full => 16,
            VLoad::Extend { .. } => 8,
            VLoad::Splat(t) | VLoad::Zero(t) => t.bytes(),
        };
        let addr = self.heap_addr(memarg, index, size, false);
        let f = self.heap_flags();
        let ins = self.b.ins();
        let v = match kind {
            VLoad::Full => ins.load(types::I8X16, f, addr, 0),
            VLoad::Extend { signed, from_bits } => match (from_bits, signed) {
                (8, true) => ins.sload8x8(f, addr, 0),
                (8, false) => ins.uload8x8(f, addr, 0),
                (16, true) => ins.sload16x4(f, addr, 0),
                (16, false) => ins.uload16x4(f, addr, 0),
                (_, true) => ins.sload32x2(f, addr, 0),
                (_, false) => ins.uload32x2(f, addr, 0),
            },
            VLoad::Splat(t) => {
                let s = ins.load(t, f, addr, 0);
                self.b.ins().splat(vec_of(t), s)
            }
            VLoad::Zero(t) => {
                let s = ins.load(t, f, addr, 0);
                self.b.ins().scalar_to_vector(vec_of(t), s)
            }
        };
        self.push_vec(v);
    }

    /// `v128.load*_lane`: replaces lane `lane` (of type `lane_ty`) with a value from memory.
    fn vload_lane(&mut self, memarg: &MemArg, lane_ty: Type, lane: u8) {
        let (index, vec) = self.pop2();
        let addr = self.heap_addr(memarg, index, lane_ty.bytes(), false);
        let f = self.heap_flags();
        let s = self.b.ins().load(lane_ty, f, addr, 0);
        let vec = self.as_vec(vec, vec_of(lane_ty));
        let v = self.b.ins().insertlane(vec, s, lane);
        self.push_vec(v);
    }

    /// `v128.store*_lane`: stores lane `lane` (of type `lane_ty`).
    fn vstore_lane(&mut self, memarg: &MemArg, lane_ty: Type, lane: u8) {
        let (index, vec) = self.pop2();
        let vec = self.as_vec(vec, vec_of(lane_ty));
        let s = self.b.ins().extractlane(vec, lane);
        let addr = self.heap_addr(memarg, index, lane_ty.bytes(), true);
        let f = self.heap_flags();
        self.b.ins().store(f, s, addr, 0);
    }

    /// Handles the SIMD operators that touch memory or carry a 16-byte immediate; `false` if `op`
    /// is none of them.
    pub(super) fn simd_mem(&mut self, op: &Operator) -> bool {
        use types::{I16, I32, I64, I8};
        use Operator::*;
        match *op {
            V128Load { ref memarg } => self.vload(memarg, VLoad::Full),
            V128Load8x8S { ref memarg } => self.vload(
                memarg,
                VLoad::Extend {
                    signed: true,
                    from_bits: 8,
                },
            ),
            V128Load8x8U { ref memarg } => self.vload(
                memarg,
                VLoad::Extend {
                    signed: false,
                    from_bits: 8,
                },
            ),
            V128Load16x4S { ref memarg } => self.vload(
                memarg,
                VLoad::Extend {
                    signed: true,
                    from_bits: 16,
                },
            ),
            V128Load16x4U { ref memarg } => self.vload(
                memarg,
                VLoad::Extend {
                    signed: false,
                    from_bits: 16,
                },
            ),
            V128Load32x2S { ref memarg } => self.vload(
                memarg,
                VLoad::Extend {
                    signed: true,
                    from_bits: 32,
                },
            ),
            V128Load32x2U { ref memarg } => self.vload(
                memarg,
                VLoad::Extend {
                    signed: false,
                    from_bits: 32,
                },
            ),
            V128Load8Splat { ref memarg } => self.vload(memarg, VLoad::Splat(I8)),
            V128Load16Splat { ref memarg } => self.vload(memarg, VLoad::Splat(I16)),
            V128Load32Splat { ref memarg } => self.vload(memarg, VLoad::Splat(I32)),
            V128Load64Splat { ref memarg } => self.vload(memarg, VLoad::Splat(I64)),
            V128Load32Zero { ref memarg } => self.vload(memarg, VLoad::Zero(I32)),
            V128Load64Zero { ref memarg } => self.vload(memarg, VLoad::Zero(I64)),
            V128Store { ref memarg } => {
                let (index, v) = self.pop2();
                let v = self.as_vec(v, types::I8X16);
                let addr = self.heap_addr(memarg, index, 16, true);
                let f = self.heap_flags();
                self.b.ins().store(f, v, addr, 0);
            }
            V128Load8Lane { ref memarg, lane } => self.vload_lane(memarg, I8, lane),
            V128Load16Lane { ref memarg, lane } => self.vload_lane(memarg, I16, lane),
            V128Load32Lane { ref memarg, lane } => self.vload_lane(memarg, I32, lane),
            V128Load64Lane { ref memarg, lane } => self.vload_lane(memarg, I64, lane),
            V128Store8Lane { ref memarg, lane } => self.vstore_lane(memarg, I8, lane),
            V128Store16Lane { ref memarg, lane } => self.vstore_lane(memarg, I16, lane),
            V128Store32Lane { ref memarg, lane } => self.vstore_lane(memarg, I32, lane),
            V128Store64Lane { ref memarg, lane } => self.vstore_lane(memarg, I64, lane),
            V128Const { value } => {
                let v = self.vconst_bytes(*value.bytes());
                self.push(v);
            }
            I8x16Shuffle { lanes } => {
                let (a, b) = self.pop2();
                let a = self.as_vec(a, types::I8X16);
                let b = self.as_vec(b, types::I8X16);
                let mask = self.b.func.dfg.immediates.push(lanes.to_vec().into());
                let v = self.b.ins().shuffle(a, b, mask);
                self.push(v);
            }
            _ => return false,
        }
        true
    }

    /// An `i8x16` constant with these bytes (lane 0 first).
    pub(super) fn vconst_bytes(&mut self, bytes: [u8; 16]) -> Value {
        let c = self.b.func.dfg.constants.insert(bytes.to_vec().into());
        self.b.ins().vconst(types::I8X16, c)
    }
}

/// The 128-bit vector type with lanes of `lane`.
pub(super) fn vec_of(lane: Type) -> Type {
    lane.by(128 / lane.bits()).expect("128-bit vector type")
}
