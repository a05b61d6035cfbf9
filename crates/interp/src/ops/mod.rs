//! The interpreter's op set and what each op means, defined once.
//!
//! - `list`: the op list (`for_each_op_family!`, `with_all_ops!`), each numeric op with its
//!   portable meaning;
//! - `scalar`: the scalar semantics that need more than one expression (division, rounding,
//!   truncation, `min`/`max`);
//! - `simd` and `simd_list`: the portable `v128` semantics and the list of `v128` op families;
//! - this module: the [`Op`] enum, its names and the translator's fusion tables, all generated from
//!   the list.
//!
//! Every op works on *slots*: 64-bit cells of the current frame (parameters, then locals, then one slot
//! per operand-stack height). Operands name slots directly, so `local.get`/`i32.add`/`local.set`
//! sequences become one op. Branch offsets are relative to the branch op and resolved at translation.
//!
//! The numeric families (binary, unary, comparison, conversion ops) are listed once in the
//! `for_each_*` macros of `list.rs`; the [`Op`] enum, its `Debug` disassembly and the executor's handlers are
//! all generated from those lists. `Op` is pinned at 16 bytes.

/// A slot index in the current frame.
pub type Slot = u32;

mod list;
pub(crate) mod scalar;
mod shape;
pub(crate) mod simd;
pub(crate) mod simd_list;
#[cfg(test)]
pub(crate) mod simd_tests_support;

pub(crate) use list::{for_each_op_family, with_all_ops, with_all_ops_simd};
pub(crate) use shape::Shape;

macro_rules! define_ops {
    (
        {
            { [$d:tt] $( $(#[$doc:meta])* $on:ident $({ $($of:ident : $oty:ty),* $(,)? })? ),* $(,)? }
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
        variant_binary: [$( ($xbn:ident, $xbf:ident) ),* $(,)?]
        variant_unary: [$( ($xun:ident, $xuf:ident) ),* $(,)?]
        variant_ternary: [$( ($xtn:ident, $xtf:ident) ),* $(,)?]
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
            $(
                #[doc = concat!("`", stringify!($xbn), "` (a relaxed-SIMD variant): `d = a op b` on `v128` slot pairs.")]
                $xbn { d: Slot, a: Slot, b: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($xun), "` (a relaxed-SIMD variant): `d = op a` on `v128` slot pairs.")]
                $xun { d: Slot, a: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($xtn), "` (a relaxed-SIMD variant): `d = op(d, b, c)` on `v128` slot pairs.")]
                $xtn { d: Slot, b: Slot, c: Slot },
            )*
        }

        /// Calls `$cb!` once per handler form of every listed op, with the form's operands and
        /// meaning (`arith`, `load`, `store`, `cond_branch`, `simd_<kind>` records), then once with
        /// `table [handlers in discriminant order] [their names]`. The executor's handler sets are
        /// generated from these records (`exec/handlers.rs`), so they never read the op list
        /// themselves. Visible to later modules through `#[macro_use]` on `ops`.
        macro_rules! for_each_op_form {
            ($d cb:ident) => {
                $(
                    $d cb!(arith $bn { d, a, b }, pure, $bt, $bf, (slot a), (slot b) => slot d);
                    $d cb!(arith $bni { d, a, imm }, pure, $bt, $bf, (slot a), (imm imm) => slot d);
                    $d cb!(arith $bra { d, b }, pure, $bt, $bf, (reg), (slot b) => slot d);
                    $d cb!(arith $bro { a, b }, pure, $bt, $bf, (slot a), (slot b) => reg);
                    $d cb!(arith $brao { b }, pure, $bt, $bf, (reg), (slot b) => reg);
                    $d cb!(arith $bira { d, imm }, pure, $bt, $bf, (reg), (imm imm) => slot d);
                    $d cb!(arith $biro { a, imm }, pure, $bt, $bf, (slot a), (imm imm) => reg);
                    $d cb!(arith $birao { imm }, pure, $bt, $bf, (reg), (imm imm) => reg);
                )*
                $(
                    $d cb!(arith $qn { d, a, b }, pure, $qt, $qf, (slot a), (slot b) => only slot d);
                    $d cb!(arith $qni { d, a, imm }, pure, $qt, $qf, (slot a), (imm imm) => only slot d);
                )*
                $(
                    $d cb!(arith $pn { d, a, b }, fallible, $pt, $pf, (slot a), (slot b) => slot d);
                    $d cb!(arith $pra { d, b }, fallible, $pt, $pf, (reg), (slot b) => slot d);
                    $d cb!(arith $pro { a, b }, fallible, $pt, $pf, (slot a), (slot b) => reg);
                    $d cb!(arith $prao { b }, fallible, $pt, $pf, (reg), (slot b) => reg);
                )*
                $(
                    $d cb!(arith $fqn { d, a, b }, fallible, $fqt, $fqf, (slot a), (slot b) => only slot d);
                )*
                $(
                    $d cb!(arith $un { d, a }, fallible, $ut, $uf, (slot a) => slot d);
                    $d cb!(arith $ura { d }, fallible, $ut, $uf, (reg) => slot d);
                    $d cb!(arith $uro { a }, fallible, $ut, $uf, (slot a) => reg);
                    $d cb!(arith $urao {}, fallible, $ut, $uf, (reg) => reg);
                )*
                $(
                    $d cb!(arith $tn { d, a }, fallible, $tt, $tf, (slot a) => only slot d);
                )*
                $(
                    $d cb!(load $ln { d, a, off }, off, $lsz, $lf, (slot a) => slot d);
                    $d cb!(load $lra { d, off }, off, $lsz, $lf, (reg) => slot d);
                    $d cb!(load $lro { a, off }, off, $lsz, $lf, (slot a) => reg);
                    $d cb!(load $lrao { off }, off, $lsz, $lf, (reg) => reg);
                )*
                $(
                    $d cb!(store $sn { a, v, off }, off, $ssz, $sf, (slot a), (slot v));
                    $d cb!(store $srv { a, off }, off, $ssz, $sf, (slot a), (reg));
                    $d cb!(store $sri { a, imm, off }, off, $ssz, $sf, (slot a), (imm imm));
                    $d cb!(store $sra { v, off }, off, $ssz, $sf, (reg), (slot v));
                )*
                $(
                    $d cb!(cond_branch $cn { a, b, off }, off, holds, $ct, $cf, (slot a), (slot b));
                    $d cb!(cond_branch $cni { a, imm, off }, off, holds, $ct, $cf, (slot a), (imm imm));
                    $d cb!(cond_branch $cra { b, off }, off, holds, $ct, $cf, (reg), (slot b));
                    $d cb!(cond_branch $cira { imm, off }, off, holds, $ct, $cf, (reg), (imm imm));
                )*
                $(
                    $d cb!(cond_branch $fcn { a, b, off }, off, holds, $fct, $fcf, (slot a), (slot b));
                    $d cb!(cond_branch $fcra { b, off }, off, holds, $fct, $fcf, (reg), (slot b));
                    $d cb!(cond_branch $fncra { b, off }, off, fails, $fct, $fcf, (reg), (slot b));
                    $d cb!(cond_branch $fncn { a, b, off }, off, fails, $fct, $fcf, (slot a), (slot b));
                )*
                $( $d cb!(simd_binary $vbn, $vbf); )*
                $( $d cb!(simd_unary $vun, $vuf); )*
                $( $d cb!(simd_ternary $vtn, $vtf); )*
                $( $d cb!(simd_test $vqn, $vqf); )*
                $( $d cb!(simd_shift $vsn, $vsf); )*
                $( $d cb!(simd_splat $vpn, $vpf); )*
                $( $d cb!(simd_extract $ven, $vef); )*
                $( $d cb!(simd_replace $vrn, $vrf); )*
                $( $d cb!(simd_binary $xbn, $xbf); )*
                $( $d cb!(simd_unary $xun, $xuf); )*
                $( $d cb!(simd_ternary $xtn, $xtf); )*
                $d cb!(table [
                    $( $bn, $bni, $bra, $bro, $brao, $bira, $biro, $birao, )*
                    $( $qn, $qni, )*
                    $( $pn, $pra, $pro, $prao, )*
                    $( $fqn, )*
                    $( $un, $ura, $uro, $urao, )*
                    $( $tn, )*
                    $( $ln, $lra, $lro, $lrao, )*
                    $( $sn, $srv, $sra, $sri, )*
                    $( $cn, $cni, $cra, $cira, )*
                    $( $fcn, $fncn, $fcra, $fncra, )*
                    $( $on, )*
                    $( $vbn, )* $( $vun, )* $( $vtn, )* $( $vqn, )*
                    $( $vsn, )* $( $vpn, )* $( $ven, )* $( $vrn, )*
                    $( $xbn, )* $( $xun, )* $( $xtn, )*
                ]);
            };
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
            $( stringify!($xbn), )* $( stringify!($xun), )* $( stringify!($xtn), )*
        ];

        /// The names of the relaxed-SIMD variant ops: ops no wasm operator names, which the
        /// translator picks for a relaxed operator when the profile's semantics ask for them.
        pub const RELAXED_VARIANT_NAMES: &[&str] = &[
            $( stringify!($xbn), )* $( stringify!($xun), )* $( stringify!($xtn), )*
        ];

        /// The number of [`Op`] variants.
        pub const OP_COUNT: usize = NAMES.len();

        impl Op {
            /// The variant's discriminant (its index in [`NAMES`]).
            pub fn discriminant(&self) -> u16 {
                // SAFETY: `Op` is `repr(u16)`, so it starts with its `u16` discriminant.
                unsafe { *(self as *const Op as *const u16) }
            }

            /// The [`Shape`] of a wasm operator of a listed family (how the translator turns it
            /// into ops), or `None` for operators the translator handles by hand.
            pub(crate) fn shape_of(op: &wasmparser::Operator<'_>) -> Option<Shape> {
                use wasmparser::Operator as O;
                Some(match *op {
                    $( O::$bn => Shape::BinaryImm(
                        |d, a, b| Op::$bn { d, a, b },
                        |d, a, imm| Op::$bni { d, a, imm },
                        std::mem::size_of::<$bt>() == 8,
                    ), )*
                    $( O::$qn => Shape::BinaryImm(
                        |d, a, b| Op::$qn { d, a, b },
                        |d, a, imm| Op::$qni { d, a, imm },
                        std::mem::size_of::<$qt>() == 8,
                    ), )*
                    $( O::$pn => Shape::Binary(|d, a, b| Op::$pn { d, a, b }), )*
                    $( O::$fqn => Shape::Binary(|d, a, b| Op::$fqn { d, a, b }), )*
                    $( O::$un => Shape::Unary(|d, a| Op::$un { d, a }), )*
                    $( O::$tn => Shape::Unary(|d, a| Op::$tn { d, a }), )*
                    $( O::$ln { memarg } => Shape::Load(memarg, |d, a, off| Op::$ln { d, a, off }), )*
                    $( O::$sn { memarg } => Shape::Store(memarg, |a, v, off| Op::$sn { a, v, off }), )*
                    $( O::$vbn => Shape::V128Binary(|d, a, b| Op::$vbn { d, a, b }), )*
                    $( O::$vun => Shape::V128Unary(|d, a| Op::$vun { d, a }), )*
                    $( O::$vtn => Shape::V128Ternary(|d, b, c| Op::$vtn { d, b, c }), )*
                    $( O::$vqn => Shape::V128Test(|d, a| Op::$vqn { d, a }), )*
                    $( O::$vsn => Shape::V128Shift(|d, a, s| Op::$vsn { d, a, s }), )*
                    $( O::$vpn => Shape::V128Splat(|d, a| Op::$vpn { d, a }), )*
                    $( O::$ven { lane } => Shape::V128Extract(lane, |d, a, lane| Op::$ven { d, a, lane }), )*
                    $( O::$vrn { lane } => Shape::V128Replace(lane, |d, x, lane| Op::$vrn { d, x, lane }), )*
                    _ => return None,
                })
            }

            /// For a memory-0 load op: its width in bytes and how those bytes (little-endian, in
            /// memory order) become the slot value. The executor uses it for the same load through
            /// another memory or a 64-bit offset.
            pub(crate) fn load_access(self) -> Option<(usize, fn(&[u8]) -> u64)> {
                match self {
                    $( Op::$ln { .. } => Some(($lsz, |b: &[u8]| {
                        let mut bytes = [0u8; $lsz];
                        bytes.copy_from_slice(&b[..$lsz]);
                        ($lf)(bytes)
                    })), )*
                    _ => None,
                }
            }

            /// For a memory-0 store op: its width in bytes and how a slot value becomes those bytes
            /// (written to the start of the buffer). The counterpart of [`Op::load_access`].
            pub(crate) fn store_access(self) -> Option<(usize, fn(u64, &mut [u8]))> {
                match self {
                    $( Op::$sn { .. } => Some(($ssz, |v: u64, out: &mut [u8]| {
                        let bytes: [u8; $ssz] = ($sf)(v);
                        out[..$ssz].copy_from_slice(&bytes);
                    })), )*
                    _ => None,
                }
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

// `[$]` lets `define_ops` write the `$` of the macro it defines (`for_each_op_form!`).
with_all_ops!(define_ops {
    [$]
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
