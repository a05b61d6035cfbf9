//! Per-ISA lowering hooks (DESIGN.md rule 1): every architecture-dependent translation choice goes
//! through [`LoweringHooks`]; the common translator never asks "is this x86?".
//!
//! The hooks of a target answer: the Cranelift triple's architecture name and ISA flags for a
//! profile (`isa.rs`), the byte order of the 16-byte value cells, whether wasm SIMD can be compiled
//! at all, how wide the inline `memory.copy`/`memory.fill` moves are, and which target instruction
//! computes a relaxed-SIMD operator when [`RelaxedSemantics`] chose a CPU's own result.

mod aarch64;
mod riscv64;
mod s390x;
mod x86_64;

use cranelift_codegen::ir::{types, InstBuilder, Type, Value};
use cranelift_frontend::FunctionBuilder;
use tailor_cpu::{Arch, CpuProfile, Feature, RelaxedSemantics};

/// One Cranelift ISA flag and the CPU features that must all be present to turn it on.
pub type IsaFlag = (&'static str, &'static [Feature]);

/// A relaxed-SIMD operator whose result depends on the CPU (the deterministic lowering and the
/// target-neutral CLIF shapes are the common translator's; a hook lowers the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelaxedOp {
    /// `i8x16.relaxed_swizzle(a: i8x16, s: i8x16)`.
    Swizzle,
    /// `i32x4.relaxed_trunc_f32x4_s(a: f32x4)`.
    TruncF32x4S,
    /// `i32x4.relaxed_trunc_f64x2_s_zero(a: f64x2)`.
    TruncF64x2SZero,
    /// `relaxed_laneselect(a, b, m)` on lanes of this type (`i8x16`, `i32x4`, `i64x2`): operands
    /// arrive bitcast to it.
    Laneselect(Type),
    /// `i16x8.relaxed_q15mulr_s(a: i16x8, b: i16x8)`.
    Q15Mulr,
    /// `i16x8.relaxed_dot_i8x16_i7x16_s(a: i8x16, b: i8x16)`.
    Dot,
    /// `i32x4.relaxed_dot_i8x16_i7x16_add_s(a: i8x16, b: i8x16, c: i32x4)`.
    DotAdd,
}

/// What a target may do differently from the common translation path.
pub trait LoweringHooks: Sync {
    /// The architecture's name.
    fn name(&self) -> &'static str;

    /// The architecture part of the Cranelift triple (`riscv64gc`, …); `None` when Cranelift has no
    /// backend for it.
    fn cranelift_arch(&self) -> Option<&'static str> {
        None
    }

    /// The Cranelift ISA flags of this architecture, each with the CPU features it needs (every flag
    /// is set explicitly from the profile, never from Cranelift's named presets).
    fn isa_flags(&self) -> &'static [IsaFlag] {
        &[]
    }

    /// Whether the target stores multi-byte values big-endian.
    fn big_endian(&self) -> bool {
        false
    }

    /// Byte offset of a value of type `ty` in 16-byte value cell `index` (argument arrays, globals):
    /// a scalar sits in the low-order bytes of the cell's `u128`, so at offset 0 little-endian and
    /// `16 - size` big-endian; a vector always fills the cell.
    fn cell_offset(&self, index: u32, ty: Type) -> i32 {
        let adj = if self.big_endian() && !ty.is_vector() {
            16 - ty.bytes()
        } else {
            0
        };
        (index * 16 + adj) as i32
    }

    /// `Err(reason)` when the target cannot compile wasm SIMD with this profile (the module is then
    /// refused with a clear error rather than handed to a backend that would panic).
    fn simd_support(&self, _profile: &CpuProfile) -> Result<(), String> {
        Ok(())
    }

    /// The widest load/store the inline `memory.copy`/`memory.fill` uses with this profile: a
    /// 128-bit vector type when the backend lowers vector loads and stores, else `i64`. (Cranelift
    /// 0.135 lowers only 128-bit vectors, so AVX's 32-byte and AVX-512's 64-byte moves are out of
    /// reach.)
    fn bulk_move_type(&self, profile: &CpuProfile) -> Type {
        if self.simd_support(profile).is_ok() {
            types::I8X16
        } else {
            types::I64
        }
    }

    /// Lowers relaxed-SIMD operator `op` on `args` (typed as [`RelaxedOp`] says) when `sem` chose a
    /// result this target computes with its own instruction; `None` leaves the operator to the
    /// common translator, which implements the deterministic choices and the target-neutral ones
    /// (fused `fma`, the `pmin`/`pmax` shape, [`dot_add_tree`] with `b` unsigned) and reports an
    /// error for a choice nobody lowers.
    fn relaxed_simd(
        &self,
        _b: &mut FunctionBuilder,
        _op: RelaxedOp,
        _sem: &RelaxedSemantics,
        _args: &[Value],
    ) -> Option<Value> {
        None
    }

    /// The default pass pipeline for `profile`, by pass name (see [`crate::passes::PASSES`]);
    /// `--passes` edits or replaces it.
    fn default_passes(&self, profile: &CpuProfile) -> &'static [&'static str];
}

/// `c + Σ a[4i+k] × b[4i+k]` exact in i32, the CLIF tree both Cranelift's x64 (`vpdpbusd`) and
/// aarch64 (`sdot`/`usdot`) backends fold into one instruction: `unsigned_b` widens `b` unsigned;
/// `unsigned_first` puts the unsigned-widened operand first in each product (the order aarch64's
/// `usdot` pattern matches; x64's `vpdpbusd` pattern wants it second).
pub(crate) fn dot_add_tree(
    b: &mut FunctionBuilder,
    (x, y, c): (Value, Value, Value),
    unsigned_b: bool,
    unsigned_first: bool,
) -> Value {
    let widen =
        |b: &mut FunctionBuilder, v: Value, unsigned: bool, high: bool| match (unsigned, high) {
            (false, false) => b.ins().swiden_low(v),
            (false, true) => b.ins().swiden_high(v),
            (true, false) => b.ins().uwiden_low(v),
            (true, true) => b.ins().uwiden_high(v),
        };
    let product = |b: &mut FunctionBuilder, high: bool| {
        let xa = widen(b, x, false, high);
        let yb = widen(b, y, unsigned_b, high);
        if unsigned_first {
            b.ins().imul(yb, xa)
        } else {
            b.ins().imul(xa, yb)
        }
    };
    let lo = product(b, false);
    let hi = product(b, true);
    let quad = |b: &mut FunctionBuilder, p: Value| {
        let l = b.ins().swiden_low(p);
        let h = b.ins().swiden_high(p);
        b.ins().iadd_pairwise(l, h)
    };
    let lo = quad(b, lo);
    let hi = quad(b, hi);
    let sums = b.ins().iadd_pairwise(lo, hi);
    b.ins().iadd(sums, c)
}

/// A target Cranelift has no backend for: every query answers "nothing".
struct NoBackend;

impl LoweringHooks for NoBackend {
    fn name(&self) -> &'static str {
        "unsupported"
    }

    fn default_passes(&self, _profile: &CpuProfile) -> &'static [&'static str] {
        &[]
    }
}

/// The hooks for `profile`'s architecture.
pub fn hooks_for(profile: &CpuProfile) -> &'static dyn LoweringHooks {
    match profile.arch() {
        Arch::X86_64 => &x86_64::X86_64,
        Arch::Aarch64 => &aarch64::Aarch64,
        Arch::Riscv64 => &riscv64::Riscv64,
        Arch::S390x => &s390x::S390x,
        Arch::Other(_) => &NoBackend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_follow_the_byte_order() {
        let le = hooks_for(&CpuProfile::preset("x86-64-v1").unwrap());
        let be = hooks_for(&CpuProfile::preset("s390x").unwrap());
        assert_eq!(le.cell_offset(2, types::I32), 32);
        assert_eq!(be.cell_offset(2, types::I32), 44);
        assert_eq!(be.cell_offset(1, types::F64), 24);
        assert_eq!(be.cell_offset(1, types::I8X16), 16);
    }

    #[test]
    fn bulk_moves_are_vectors_only_where_simd_compiles() {
        let rv = CpuProfile::preset("riscv64gc").unwrap();
        assert_eq!(hooks_for(&rv).bulk_move_type(&rv), types::I64);
        let rvv = CpuProfile::preset("riscv64gc+v").unwrap();
        assert_eq!(hooks_for(&rvv).bulk_move_type(&rvv), types::I8X16);
        let x = CpuProfile::preset("x86-64-v1").unwrap();
        assert_eq!(hooks_for(&x).bulk_move_type(&x), types::I8X16);
    }

    #[test]
    fn every_known_arch_has_a_backend() {
        for arch in Arch::KNOWN {
            let hooks = match arch {
                Arch::X86_64 => &x86_64::X86_64 as &dyn LoweringHooks,
                Arch::Aarch64 => &aarch64::Aarch64,
                Arch::Riscv64 => &riscv64::Riscv64,
                Arch::S390x => &s390x::S390x,
                Arch::Other(_) => &NoBackend,
            };
            assert!(hooks.cranelift_arch().is_some(), "{}", arch.name());
            assert!(!hooks.isa_flags().is_empty(), "{}", arch.name());
        }
        assert!(NoBackend.cranelift_arch().is_none());
    }
}
