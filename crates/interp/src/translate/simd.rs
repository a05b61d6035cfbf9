//! Translation of `v128` operators: memory accesses and constants, and the lane-wise families of the
//! SIMD op list by their [`Shape`].

use super::{Prov, TranslateError, Translator};
use crate::code::{SimdMemArg, SimdMemKind};
use crate::ops::{Op, Shape};
use tailor_cpu::{Dot, DotAdd, Laneselect, Madd, MinMax, Q15Mulr, Swizzle, TruncSigned};
use wasmparser::{MemArg, MemArgTarget, Operator};

fn memory_of(m: &MemArg) -> u32 {
    match m.target {
        MemArgTarget::Memory(i) => i,
        MemArgTarget::Array(_) => 0,
    }
}

impl Translator<'_> {
    fn simd_load(&mut self, m: MemArg, kind: SimdMemKind) {
        let a = self.pop_slot();
        let d = self.push_v128_result();
        let mem = memory_of(&m);
        if kind == SimdMemKind::Full && mem == 0 && m.offset <= u32::MAX as u64 {
            self.emit(Op::V128Load {
                d,
                a,
                off: m.offset as u32,
            });
            return;
        }
        let ext = self.simd_mem.len() as u32;
        self.simd_mem.push(SimdMemArg {
            mem,
            offset: m.offset,
            kind,
            lane: 0,
            vec: 0,
        });
        self.emit(Op::V128LoadExt { d, a, ext });
    }

    fn simd_load_lane(&mut self, m: MemArg, kind: SimdMemKind, lane: u8) {
        let vec = self.pop_v128_slot();
        let a = self.pop_slot();
        let d = self.push_v128_result();
        let ext = self.simd_mem.len() as u32;
        self.simd_mem.push(SimdMemArg {
            mem: memory_of(&m),
            offset: m.offset,
            kind,
            lane,
            vec,
        });
        self.emit(Op::V128LoadExt { d, a, ext });
    }

    fn simd_store(&mut self, m: MemArg, kind: SimdMemKind, lane: u8) {
        let v = self.pop_v128_slot();
        let a = self.pop_slot();
        let mem = memory_of(&m);
        if kind == SimdMemKind::Full && mem == 0 && m.offset <= u32::MAX as u64 {
            self.emit(Op::V128Store {
                a,
                v,
                off: m.offset as u32,
            });
            return;
        }
        let ext = self.simd_mem.len() as u32;
        self.simd_mem.push(SimdMemArg {
            mem,
            offset: m.offset,
            kind,
            lane,
            vec: 0,
        });
        self.emit(Op::V128StoreExt { a, v, ext });
    }

    /// Pops a `v128` into its canonical slots (the result of an op that updates it in place) and
    /// pushes the result entry there; returns the first slot.
    pub(crate) fn v128_in_place(&mut self) -> u32 {
        let hi = self.pop();
        let lo = self.pop();
        let h = self.stack.len();
        let d = self.canon(h);
        self.emit_move(d, lo);
        self.emit_move(d + 1, hi);
        self.push_v128_result()
    }

    /// Translates the `v128` memory and constant operators; returns `false` for anything else.
    pub(crate) fn translate_simd_memory(
        &mut self,
        op: &Operator<'_>,
    ) -> Result<bool, TranslateError> {
        use Operator as O;
        use SimdMemKind as K;
        match *op {
            O::V128Load { memarg } => self.simd_load(memarg, K::Full),
            O::V128Load8x8S { memarg } => self.simd_load(memarg, K::Load8x8S),
            O::V128Load8x8U { memarg } => self.simd_load(memarg, K::Load8x8U),
            O::V128Load16x4S { memarg } => self.simd_load(memarg, K::Load16x4S),
            O::V128Load16x4U { memarg } => self.simd_load(memarg, K::Load16x4U),
            O::V128Load32x2S { memarg } => self.simd_load(memarg, K::Load32x2S),
            O::V128Load32x2U { memarg } => self.simd_load(memarg, K::Load32x2U),
            O::V128Load8Splat { memarg } => self.simd_load(memarg, K::Splat8),
            O::V128Load16Splat { memarg } => self.simd_load(memarg, K::Splat16),
            O::V128Load32Splat { memarg } => self.simd_load(memarg, K::Splat32),
            O::V128Load64Splat { memarg } => self.simd_load(memarg, K::Splat64),
            O::V128Load32Zero { memarg } => self.simd_load(memarg, K::Zero32),
            O::V128Load64Zero { memarg } => self.simd_load(memarg, K::Zero64),
            O::V128Load8Lane { memarg, lane } => self.simd_load_lane(memarg, K::Lane8, lane),
            O::V128Load16Lane { memarg, lane } => self.simd_load_lane(memarg, K::Lane16, lane),
            O::V128Load32Lane { memarg, lane } => self.simd_load_lane(memarg, K::Lane32, lane),
            O::V128Load64Lane { memarg, lane } => self.simd_load_lane(memarg, K::Lane64, lane),
            O::V128Store { memarg } => self.simd_store(memarg, K::Full, 0),
            O::V128Store8Lane { memarg, lane } => self.simd_store(memarg, K::Lane8, lane),
            O::V128Store16Lane { memarg, lane } => self.simd_store(memarg, K::Lane16, lane),
            O::V128Store32Lane { memarg, lane } => self.simd_store(memarg, K::Lane32, lane),
            O::V128Store64Lane { memarg, lane } => self.simd_store(memarg, K::Lane64, lane),
            O::V128Const { value } => {
                let v = u128::from_le_bytes(*value.bytes());
                self.push(Prov::Const(v as u64));
                self.push_flagged(Prov::Const((v >> 64) as u64), true);
                self.last_producer = None;
            }
            O::I8x16Shuffle { lanes } => {
                let b = self.pop_v128_slot();
                let d = self.v128_in_place();
                let idx = self.shuffles.len() as u32;
                self.shuffles.push(lanes);
                self.emit(Op::I8x16Shuffle { d, b, idx });
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Translates a lane-wise `v128` operator of the SIMD op list, by its shape; `false` for a
    /// scalar shape.
    pub(crate) fn translate_v128_shape(&mut self, shape: Shape) -> bool {
        match shape {
            Shape::V128Binary(make) => {
                let b = self.pop_v128_slot();
                let a = self.pop_v128_slot();
                let d = self.push_v128_result();
                self.emit(make(d, a, b));
            }
            Shape::V128Unary(make) => {
                let a = self.pop_v128_slot();
                let d = self.push_v128_result();
                self.emit(make(d, a));
            }
            Shape::V128Ternary(make) => {
                let c = self.pop_v128_slot();
                let b = self.pop_v128_slot();
                let d = self.v128_in_place();
                self.emit(make(d, b, c));
            }
            Shape::V128Test(make) => {
                let a = self.pop_v128_slot();
                let d = self.push_result();
                self.emit(make(d, a));
            }
            Shape::V128Shift(make) => {
                let s = self.pop_slot();
                let a = self.pop_v128_slot();
                let d = self.push_v128_result();
                self.emit(make(d, a, s));
            }
            Shape::V128Splat(make) => {
                let a = self.pop_slot();
                let d = self.push_v128_result();
                self.emit(make(d, a));
            }
            Shape::V128Extract(lane, make) => {
                let a = self.pop_v128_slot();
                let d = self.push_result();
                self.emit(make(d, a, lane as u32));
            }
            Shape::V128Replace(lane, make) => {
                let x = self.pop_slot();
                let d = self.v128_in_place();
                self.emit(make(d, x, lane as u32));
            }
            _ => return false,
        }
        true
    }

    /// The shape of a relaxed-SIMD operator whose result under this translation's semantics is
    /// not the deterministic one (the op named after the operator): a variant op, or the Wasm 2.0
    /// op computing it. `None` for every other operator, and where the semantics choose the
    /// deterministic result (then [`Op::shape_of`] gives the operator's own op).
    pub(crate) fn relaxed_shape(&self, op: &Operator<'_>) -> Option<Shape> {
        use Operator as O;
        use Shape::{V128Binary as Bin, V128Ternary as Ter, V128Unary as Un};
        let r = &self.relaxed;
        let fused = r.madd == Madd::Fused;
        let top_bit = r.laneselect == Laneselect::TopBit;
        let pseudo = r.min_max == MinMax::Pseudo;
        let int_min = r.trunc_signed == TruncSigned::IntMin;
        Some(match *op {
            O::I8x16RelaxedSwizzle if r.swizzle == Swizzle::Pshufb => {
                Bin(|d, a, b| Op::I8x16SwizzlePshufb { d, a, b })
            }
            O::I16x8RelaxedQ15mulrS if r.q15mulr == Q15Mulr::Pmulhrsw => {
                Bin(|d, a, b| Op::I16x8Q15MulrPmulhrsw { d, a, b })
            }
            O::I16x8RelaxedDotI8x16I7x16S if r.dot == Dot::SatUnsignedB => {
                Bin(|d, a, b| Op::I16x8DotI8x16U8x16Sat { d, a, b })
            }
            O::F32x4RelaxedMin if pseudo => Bin(|d, a, b| Op::F32x4PMin { d, a, b }),
            O::F32x4RelaxedMax if pseudo => Bin(|d, a, b| Op::F32x4PMax { d, a, b }),
            O::F64x2RelaxedMin if pseudo => Bin(|d, a, b| Op::F64x2PMin { d, a, b }),
            O::F64x2RelaxedMax if pseudo => Bin(|d, a, b| Op::F64x2PMax { d, a, b }),
            O::I32x4RelaxedTruncF32x4S if int_min => Un(|d, a| Op::I32x4TruncF32x4SIntMin { d, a }),
            O::I32x4RelaxedTruncF64x2SZero if int_min => {
                Un(|d, a| Op::I32x4TruncF64x2SZeroIntMin { d, a })
            }
            O::F32x4RelaxedMadd if fused => Ter(|d, b, c| Op::F32x4MaddFused { d, b, c }),
            O::F32x4RelaxedNmadd if fused => Ter(|d, b, c| Op::F32x4NmaddFused { d, b, c }),
            O::F64x2RelaxedMadd if fused => Ter(|d, b, c| Op::F64x2MaddFused { d, b, c }),
            O::F64x2RelaxedNmadd if fused => Ter(|d, b, c| Op::F64x2NmaddFused { d, b, c }),
            O::I8x16RelaxedLaneselect if top_bit => {
                Ter(|d, b, c| Op::I8x16LaneselectTopBit { d, b, c })
            }
            O::I32x4RelaxedLaneselect if top_bit => {
                Ter(|d, b, c| Op::I32x4LaneselectTopBit { d, b, c })
            }
            O::I64x2RelaxedLaneselect if top_bit => {
                Ter(|d, b, c| Op::I64x2LaneselectTopBit { d, b, c })
            }
            O::I32x4RelaxedDotI8x16I7x16AddS => match r.dot_add {
                DotAdd::ExactSigned => return None,
                DotAdd::ExactUnsignedB => Ter(|d, b, c| Op::I32x4DotI8x16U8x16AddExact { d, b, c }),
                DotAdd::SatPairsUnsignedB => {
                    Ter(|d, b, c| Op::I32x4DotI8x16U8x16AddSatPairs { d, b, c })
                }
            },
            _ => return None,
        })
    }
}
