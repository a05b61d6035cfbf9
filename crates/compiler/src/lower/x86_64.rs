//! x86_64 lowering hooks: the ISA flags, and the SSSE3/SSE4.1 instructions relaxed SIMD uses in
//! native mode (`pshufb`, `pblendvb`/`blendvps`/`blendvpd`, `pmulhrsw`, `pmaddubsw`, `cvttps2dq`,
//! `cvttpd2dq`). Fused multiply-add, `minps`/`maxps` and `vpdpbusd` come from the common
//! target-neutral CLIF shapes, which Cranelift's x64 backend folds into those instructions.

use super::{IsaFlag, LoweringHooks, RelaxedOp};
use cranelift_codegen::ir::{types, InstBuilder, Value};
use cranelift_frontend::FunctionBuilder;
use tailor_cpu::{
    CpuProfile, Dot, DotAdd, Feature::*, Laneselect, Q15Mulr, RelaxedSemantics, Swizzle,
    TruncSigned,
};

/// The x86_64 hooks.
pub(crate) struct X86_64;

/// Cranelift's x64 flags.
const ISA_FLAGS: &[IsaFlag] = &[
    ("has_sse3", &[Sse3]),
    ("has_ssse3", &[Ssse3]),
    ("has_sse41", &[Sse41]),
    ("has_sse42", &[Sse42]),
    ("has_popcnt", &[Popcnt]),
    ("has_cmpxchg16b", &[Cmpxchg16b]),
    ("has_avx", &[Avx]),
    ("has_avx2", &[Avx2]),
    ("has_fma", &[Fma]),
    ("has_bmi1", &[Bmi1]),
    ("has_bmi2", &[Bmi2]),
    ("has_lzcnt", &[Lzcnt]),
    ("has_avx512f", &[Avx512f]),
    ("has_avx512dq", &[Avx512dq]),
    ("has_avx512vl", &[Avx512vl]),
    ("has_avx512vbmi", &[Avx512vbmi]),
    ("has_avx512bitalg", &[Avx512bitalg]),
    ("has_avx512vnni", &[Avx512vnni]),
    ("has_avx_vnni", &[Avxvnni]),
];

impl LoweringHooks for X86_64 {
    fn name(&self) -> &'static str {
        "x86_64"
    }

    fn cranelift_arch(&self) -> Option<&'static str> {
        Some("x86_64")
    }

    fn isa_flags(&self) -> &'static [IsaFlag] {
        ISA_FLAGS
    }

    fn relaxed_simd(
        &self,
        b: &mut FunctionBuilder,
        op: RelaxedOp,
        sem: &RelaxedSemantics,
        args: &[Value],
    ) -> Option<Value> {
        Some(match (op, args) {
            (RelaxedOp::Swizzle, &[a, s]) if sem.swizzle == Swizzle::Pshufb => {
                b.ins().x86_pshufb(a, s)
            }
            (RelaxedOp::TruncF32x4S, &[a]) if sem.trunc_signed == TruncSigned::IntMin => {
                b.ins().x86_cvtt2dq(types::I32X4, a)
            }
            (RelaxedOp::TruncF64x2SZero, &[a]) if sem.trunc_signed == TruncSigned::IntMin => {
                // The shape Cranelift lowers to one `cvttpd2dq` (upper lanes zero).
                let c = b.ins().x86_cvtt2dq(types::I64X2, a);
                let zero = b.func.dfg.constants.insert(vec![0u8; 16].into());
                let z = b.ins().vconst(types::I64X2, zero);
                b.ins().snarrow(c, z)
            }
            (RelaxedOp::Laneselect(ty), &[a, x, m])
                if sem.laneselect == Laneselect::TopBit
                    && [types::I8X16, types::I32X4, types::I64X2].contains(&ty) =>
            {
                b.ins().blendv(m, a, x)
            }
            (RelaxedOp::Q15Mulr, &[a, x]) if sem.q15mulr == Q15Mulr::Pmulhrsw => {
                b.ins().x86_pmulhrsw(a, x)
            }
            // `pmaddubsw` multiplies its first operand's bytes as signed, the second's as unsigned.
            (RelaxedOp::Dot, &[a, x]) if sem.dot == Dot::SatUnsignedB => {
                b.ins().x86_pmaddubsw(a, x)
            }
            (RelaxedOp::DotAdd, &[a, x, c]) if sem.dot_add == DotAdd::SatPairsUnsignedB => {
                // `pmaddubsw` (pairs saturate to i16), then `pmaddwd` with ones (the extadd
                // shape), plus `c`.
                let pairs = b.ins().x86_pmaddubsw(a, x);
                let l = b.ins().swiden_low(pairs);
                let h = b.ins().swiden_high(pairs);
                let quads = b.ins().iadd_pairwise(l, h);
                b.ins().iadd(quads, c)
            }
            _ => return None,
        })
    }

    fn default_passes(&self, _profile: &CpuProfile) -> &'static [&'static str] {
        &["bce", "hoist", "inline"]
    }
}
