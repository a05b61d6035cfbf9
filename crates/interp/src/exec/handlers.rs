//! The op handlers, generated once per CPU level from the op lists (DESIGN rule 2).
//!
//! `define_handler_set!` expands, inside a module, to one `unsafe fn` per [`Op`] variant with the
//! [`Handler`] signature, followed by `TABLE` (the handlers in [`Op`] discriminant order) and
//! `TABLE_NAMES` (their names, checked against [`crate::ops::NAMES`] by a test). Each handler ends with
//! `next!`, which the dispatch backend defines: a tail call of the next op's handler, or a return to
//! the dispatch loop. The optional attributes (for example `#[target_feature(...)]`) are applied to
//! every handler, which is how a CPU level gets its own copy of the whole set.

/// See the module documentation.
macro_rules! define_handler_set {
    (
        {
            { [$simd:path] $(#[$attr:meta])* }
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
        use $simd as simd_impl;
        use $crate::exec::slots::{RegVal, SlotVal};
        use $crate::exec::state::{
            call_defined, call_func, call_target, do_return, mem0_ptr, mem_regs, return_call_func, trap, Ctx,
            Done, Handler,
        };
        use $crate::ops::Op;
        use tailor_vm::TrapCode;

        /// The next op of a conditional branch, computed without a branch of its own: the indirect
        /// jump to the next handler is then the only prediction (measured faster on data-dependent
        /// branches than a conditional jump followed by two indirect ones).
        #[inline(always)]
        fn branch(ip: *const Op, taken: bool, off: i32) -> *const Op {
            let delta = 1 + (taken as isize) * (off as isize - 1);
            ip.wrapping_offset(delta)
        }

        /// Reads the `v128` in slots `s, s + 1`.
        macro_rules! v128_at {
            ($fp:ident, $s:expr) => {
                (*$fp.add($s as usize) as u128) | ((*$fp.add($s as usize + 1) as u128) << 64)
            };
        }

        /// Writes a `v128` to slots `d, d + 1`.
        macro_rules! set_v128 {
            ($fp:ident, $d:expr, $v:expr) => {{
                let v: u128 = $v;
                *$fp.add($d as usize) = v as u64;
                *$fp.add($d as usize + 1) = (v >> 64) as u64;
            }};
        }

        /// Binds the fields of the op at `ip`, which is known to be the named variant.
        macro_rules! fields {
            ($ip:ident, $pat:pat) => {
                let $pat = *$ip else { std::hint::unreachable_unchecked() };
            };
        }

        /// A handler: the common signature, the safety argument and the body.
        macro_rules! handler {
            ($name:ident, |$ip:ident, $fp:ident, $mb:ident, $ml:ident, $cx:ident, $r:ident, $f:ident| $body:block) => {
                $(#[$attr])*
                #[doc = concat!("Executes `", stringify!($name), "`.")]
                pub(crate) unsafe fn $name($ip: *const Op, $fp: *mut u64, $mb: *mut u8, $ml: usize, $cx: *mut Ctx, $r: u64, $f: f64) -> Done {
                    let _ = ($r, $f);
                    // SAFETY: `ip` points to a `$name` op of validated, translated code; the slots it
                    // names lie in the current frame; `mb`/`ml` describe memory 0 of the running
                    // instance; `cx` is the live context (see `exec::state`).
                    unsafe { $body }
                }
            };
        }

        $(
            $crate::exec::handlers::arith!($bn { d, a, b }, pure, $bt, $bf, (slot a), (slot b) => slot d);
            $crate::exec::handlers::arith!($bni { d, a, imm }, pure, $bt, $bf, (slot a), (imm imm) => slot d);
            $crate::exec::handlers::arith!($bra { d, b }, pure, $bt, $bf, (reg), (slot b) => slot d);
            $crate::exec::handlers::arith!($bro { a, b }, pure, $bt, $bf, (slot a), (slot b) => reg);
            $crate::exec::handlers::arith!($brao { b }, pure, $bt, $bf, (reg), (slot b) => reg);
            $crate::exec::handlers::arith!($bira { d, imm }, pure, $bt, $bf, (reg), (imm imm) => slot d);
            $crate::exec::handlers::arith!($biro { a, imm }, pure, $bt, $bf, (slot a), (imm imm) => reg);
            $crate::exec::handlers::arith!($birao { imm }, pure, $bt, $bf, (reg), (imm imm) => reg);
        )*
        $(
            $crate::exec::handlers::arith!($qn { d, a, b }, pure, $qt, $qf, (slot a), (slot b) => only slot d);
            $crate::exec::handlers::arith!($qni { d, a, imm }, pure, $qt, $qf, (slot a), (imm imm) => only slot d);
        )*
        $(
            $crate::exec::handlers::arith!($pn { d, a, b }, fallible, $pt, $pf, (slot a), (slot b) => slot d);
            $crate::exec::handlers::arith!($pra { d, b }, fallible, $pt, $pf, (reg), (slot b) => slot d);
            $crate::exec::handlers::arith!($pro { a, b }, fallible, $pt, $pf, (slot a), (slot b) => reg);
            $crate::exec::handlers::arith!($prao { b }, fallible, $pt, $pf, (reg), (slot b) => reg);
        )*
        $(
            $crate::exec::handlers::arith!($fqn { d, a, b }, fallible, $fqt, $fqf, (slot a), (slot b) => only slot d);
        )*
        $(
            $crate::exec::handlers::arith!($un { d, a }, fallible, $ut, $uf, (slot a) => slot d);
            $crate::exec::handlers::arith!($ura { d }, fallible, $ut, $uf, (reg) => slot d);
            $crate::exec::handlers::arith!($uro { a }, fallible, $ut, $uf, (slot a) => reg);
            $crate::exec::handlers::arith!($urao {}, fallible, $ut, $uf, (reg) => reg);
        )*
        $(
            $crate::exec::handlers::arith!($tn { d, a }, fallible, $tt, $tf, (slot a) => only slot d);
        )*
        $(
            $crate::exec::handlers::load!($ln { d, a, off }, off, $lsz, $lf, (slot a) => slot d);
            $crate::exec::handlers::load!($lra { d, off }, off, $lsz, $lf, (reg) => slot d);
            $crate::exec::handlers::load!($lro { a, off }, off, $lsz, $lf, (slot a) => reg);
            $crate::exec::handlers::load!($lrao { off }, off, $lsz, $lf, (reg) => reg);
        )*
        $(
            $crate::exec::handlers::store!($sn { a, v, off }, off, $ssz, $sf, (slot a), (slot v));
            $crate::exec::handlers::store!($srv { a, off }, off, $ssz, $sf, (slot a), (reg));
            $crate::exec::handlers::store!($sri { a, imm, off }, off, $ssz, $sf, (slot a), (imm imm));
            $crate::exec::handlers::store!($sra { v, off }, off, $ssz, $sf, (reg), (slot v));
        )*
        $(
            $crate::exec::handlers::cond_branch!($cn { a, b, off }, off, holds, $ct, $cf, (slot a), (slot b));
            $crate::exec::handlers::cond_branch!($cni { a, imm, off }, off, holds, $ct, $cf, (slot a), (imm imm));
            $crate::exec::handlers::cond_branch!($cra { b, off }, off, holds, $ct, $cf, (reg), (slot b));
            $crate::exec::handlers::cond_branch!($cira { imm, off }, off, holds, $ct, $cf, (reg), (imm imm));
        )*
        $(
            $crate::exec::handlers::cond_branch!($fcn { a, b, off }, off, holds, $fct, $fcf, (slot a), (slot b));
            $crate::exec::handlers::cond_branch!($fcra { b, off }, off, holds, $fct, $fcf, (reg), (slot b));
            $crate::exec::handlers::cond_branch!($fncra { b, off }, off, fails, $fct, $fcf, (reg), (slot b));
            $crate::exec::handlers::cond_branch!($fncn { a, b, off }, off, fails, $fct, $fcf, (slot a), (slot b));
        )*

        handler!(Trap, |ip, _fp, _mb, _ml, cx, r, f| {
            fields!(ip, Op::Trap { code });
            trap(cx, TrapCode::ALL[code as usize])
        });
        handler!(Br, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::Br { off });
            $crate::exec::dispatch::next!(TABLE, ip.offset(off as isize), fp, mb, ml, cx, r, f)
        });
        handler!(BrIfNez, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::BrIfNez { c, off });
            let next = branch(ip, *fp.add(c as usize) != 0, off);
            $crate::exec::dispatch::next!(TABLE, next, fp, mb, ml, cx, r, f)
        });
        handler!(BrIfEqz, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::BrIfEqz { c, off });
            let next = branch(ip, *fp.add(c as usize) == 0, off);
            $crate::exec::dispatch::next!(TABLE, next, fp, mb, ml, cx, r, f)
        });
        handler!(BrIfNezR, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::BrIfNezR { off });
            let next = branch(ip, r != 0, off);
            $crate::exec::dispatch::next!(TABLE, next, fp, mb, ml, cx, r, f)
        });
        handler!(BrIfEqzR, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::BrIfEqzR { off });
            let next = branch(ip, r == 0, off);
            $crate::exec::dispatch::next!(TABLE, next, fp, mb, ml, cx, r, f)
        });
        handler!(BrTable, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::BrTable { c, len });
            let i = (*fp.add(c as usize) as u32).min(len);
            $crate::exec::dispatch::next!(TABLE, ip.add(1 + i as usize), fp, mb, ml, cx, r, f)
        });
        handler!(Return, |_ip, _fp, _mb, _ml, cx, r, f| {
            let (next, nfp) = do_return(cx);
            if next.is_null() {
                return Done::Return;
            }
            let (mb, ml) = mem_regs((*cx).inst);
            $crate::exec::dispatch::next!(TABLE, next, nfp, mb, ml, cx, r, f)
        });
        handler!(Return1, |ip, fp, _mb, _ml, cx, r, f| {
            fields!(ip, Op::Return1 { s });
            *fp = *fp.add(s as usize);
            let (next, nfp) = do_return(cx);
            if next.is_null() {
                return Done::Return;
            }
            let (mb, ml) = mem_regs((*cx).inst);
            $crate::exec::dispatch::next!(TABLE, next, nfp, mb, ml, cx, r, f)
        });
        handler!(ReturnMany, |ip, fp, _mb, _ml, cx, r, f| {
            fields!(ip, Op::ReturnMany { s, n });
            std::ptr::copy(fp.add(s as usize), fp, n as usize);
            let (next, nfp) = do_return(cx);
            if next.is_null() {
                return Done::Return;
            }
            let (mb, ml) = mem_regs((*cx).inst);
            $crate::exec::dispatch::next!(TABLE, next, nfp, mb, ml, cx, r, f)
        });
        handler!(Copy, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::Copy { d, s });
            *fp.add(d as usize) = *fp.add(s as usize);
            $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
        });
        handler!(Const32, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::Const32 { d, v });
            *fp.add(d as usize) = v as u64;
            $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
        });
        handler!(Const64, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::Const64 { d, lo, hi });
            *fp.add(d as usize) = ((hi as u64) << 32) | lo as u64;
            $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
        });
        handler!(Select, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::Select { d, b, c });
            if *fp.add(c as usize) as u32 == 0 {
                *fp.add(d as usize) = *fp.add(b as usize);
            }
            $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
        });
        handler!(Call, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::Call { f: callee, args });
            let (next, nfp) = call_defined(cx, ip, fp, callee, args);
            if next.is_null() {
                return Done::Trap;
            }
            $crate::exec::dispatch::next!(TABLE, next, nfp, mb, ml, cx, r, f)
        });
        handler!(CallImport, |ip, fp, _mb, _ml, cx, r, f| { call_any(ip, fp, cx, r, f) });
        handler!(CallIndirect, |ip, fp, _mb, _ml, cx, r, f| { call_any(ip, fp, cx, r, f) });
        handler!(CallRef, |ip, fp, _mb, _ml, cx, r, f| { call_any(ip, fp, cx, r, f) });
        handler!(ReturnCall, |ip, fp, _mb, _ml, cx, r, f| { return_call_any(ip, fp, cx, r, f) });
        handler!(ReturnCallImport, |ip, fp, _mb, _ml, cx, r, f| { return_call_any(ip, fp, cx, r, f) });
        handler!(ReturnCallIndirect, |ip, fp, _mb, _ml, cx, r, f| { return_call_any(ip, fp, cx, r, f) });
        handler!(ReturnCallRef, |ip, fp, _mb, _ml, cx, r, f| { return_call_any(ip, fp, cx, r, f) });
        handler!(GlobalGet, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::GlobalGet { d, g });
            *fp.add(d as usize) = (*(&*(*cx).inst).globals[g as usize]).value.get_u64();
            $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
        });
        handler!(GlobalSet, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::GlobalSet { g, s });
            let gp = (&*(*cx).inst).globals[g as usize];
            (*gp).value = tailor_vm::ValRaw::from_u64(*fp.add(s as usize));
            $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
        });
        handler!(GlobalGetV128, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(GlobalSetV128, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(LoadExt, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(StoreExt, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(MemorySize, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::MemorySize { d, mem });
            *fp.add(d as usize) = (*(&*(*cx).inst).memories[mem as usize]).pages();
            $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
        });
        handler!(MemoryGrow, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(MemoryFill, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(MemoryCopy, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(MemoryInit, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(DataDrop, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(TableGet, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(TableSet, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(TableSize, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(TableGrow, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(TableFill, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(TableCopy, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(TableInit, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(ElemDrop, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(RefFunc, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::RefFunc { d, f: func });
            *fp.add(d as usize) = (&*(*cx).inst).funcs[func as usize] as u64;
            $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
        });
        handler!(RefAsNonNull, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::RefAsNonNull { a });
            if *fp.add(a as usize) == 0 {
                return trap(cx, TrapCode::NullReference);
            }
            $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
        });
        handler!(V128Load, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::V128Load { d, a, off });
            let p = $crate::exec::handlers::mem0!(mb, ml, cx, *fp.add(a as usize), off, 16);
            set_v128!(fp, d, u128::from_le_bytes(std::ptr::read_unaligned(p as *const [u8; 16])));
            $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
        });
        handler!(V128Store, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::V128Store { a, v, off });
            let p = $crate::exec::handlers::mem0!(mb, ml, cx, *fp.add(a as usize), off, 16);
            std::ptr::write_unaligned(p as *mut [u8; 16], v128_at!(fp, v).to_le_bytes());
            $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
        });
        handler!(V128LoadExt, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(V128StoreExt, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });
        handler!(I8x16Shuffle, |ip, fp, _mb, _ml, cx, r, f| { slow(ip, fp, cx, r, f) });

        $(
            handler!($vbn, |ip, fp, mb, ml, cx, r, f| {
                fields!(ip, Op::$vbn { d, a, b });
                set_v128!(fp, d, simd_impl::$vbf(v128_at!(fp, a), v128_at!(fp, b)));
                $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
            });
        )*
        $(
            handler!($vun, |ip, fp, mb, ml, cx, r, f| {
                fields!(ip, Op::$vun { d, a });
                set_v128!(fp, d, simd_impl::$vuf(v128_at!(fp, a)));
                $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
            });
        )*
        $(
            handler!($vtn, |ip, fp, mb, ml, cx, r, f| {
                fields!(ip, Op::$vtn { d, b, c });
                set_v128!(fp, d, simd_impl::$vtf(v128_at!(fp, d), v128_at!(fp, b), v128_at!(fp, c)));
                $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
            });
        )*
        $(
            handler!($vqn, |ip, fp, mb, ml, cx, r, f| {
                fields!(ip, Op::$vqn { d, a });
                *fp.add(d as usize) = simd_impl::$vqf(v128_at!(fp, a)) as u32 as u64;
                $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
            });
        )*
        $(
            handler!($vsn, |ip, fp, mb, ml, cx, r, f| {
                fields!(ip, Op::$vsn { d, a, s });
                let count = *fp.add(s as usize) as u32 as i32;
                set_v128!(fp, d, simd_impl::$vsf(v128_at!(fp, a), count));
                $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
            });
        )*
        $(
            handler!($vpn, |ip, fp, mb, ml, cx, r, f| {
                fields!(ip, Op::$vpn { d, a });
                set_v128!(fp, d, simd_impl::$vpf(*fp.add(a as usize)));
                $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
            });
        )*
        $(
            handler!($ven, |ip, fp, mb, ml, cx, r, f| {
                fields!(ip, Op::$ven { d, a, lane });
                *fp.add(d as usize) = simd_impl::$vef(v128_at!(fp, a), lane as u8);
                $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
            });
        )*
        $(
            handler!($vrn, |ip, fp, mb, ml, cx, r, f| {
                fields!(ip, Op::$vrn { d, x, lane });
                set_v128!(fp, d, simd_impl::$vrf(v128_at!(fp, d), lane as u8, *fp.add(x as usize)));
                $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
            });
        )*

        /// Any call that does not name a defined function directly.
        ///
        /// # Safety
        /// As for every handler.
        #[inline(always)]
        unsafe fn call_any(ip: *const Op, fp: *mut u64, cx: *mut Ctx, r: u64, f: f64) -> Done {
            // SAFETY: as for every handler.
            unsafe {
                let (target, args) = call_target(cx, ip, fp);
                if target.is_null() {
                    return Done::Trap;
                }
                let (next, nfp) = call_func(cx, ip, fp, target, args);
                if next.is_null() {
                    return Done::Trap;
                }
                let (mb, ml) = mem_regs((*cx).inst);
                $crate::exec::dispatch::next!(TABLE, next, nfp, mb, ml, cx, r, f)
            }
        }

        /// Any tail call.
        ///
        /// # Safety
        /// As for every handler.
        #[inline(always)]
        unsafe fn return_call_any(ip: *const Op, fp: *mut u64, cx: *mut Ctx, r: u64, f: f64) -> Done {
            // SAFETY: as for every handler.
            unsafe {
                let (target, args) = call_target(cx, ip, fp);
                if target.is_null() {
                    return Done::Trap;
                }
                let (next, nfp) = return_call_func(cx, fp, target, args);
                if next.is_null() {
                    return if nfp.is_null() { Done::Return } else { Done::Trap };
                }
                let (mb, ml) = mem_regs((*cx).inst);
                $crate::exec::dispatch::next!(TABLE, next, nfp, mb, ml, cx, r, f)
            }
        }

        /// An op executed out of line by [`crate::exec::state::bulk::bulk`].
        ///
        /// # Safety
        /// As for every handler.
        #[inline(always)]
        unsafe fn slow(ip: *const Op, fp: *mut u64, cx: *mut Ctx, r: u64, f: f64) -> Done {
            // SAFETY: as for every handler.
            unsafe {
                if !$crate::exec::state::bulk::bulk(cx, fp, ip) {
                    return Done::Trap;
                }
                let (mb, ml) = mem_regs((*cx).inst);
                $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
            }
        }

        /// The handlers in [`Op`] discriminant order.
        pub(crate) static TABLE: [Handler; $crate::ops::OP_COUNT] = [
            $( $bn, $bni, $bra, $bro, $brao, $bira, $biro, $birao, )* $( $qn, $qni, )*
            $( $pn, $pra, $pro, $prao, )* $( $fqn, )* $( $un, $ura, $uro, $urao, )* $( $tn, )*
            $( $ln, $lra, $lro, $lrao, )* $( $sn, $srv, $sra, $sri, )* $( $cn, $cni, $cra, $cira, )*
            $( $fcn, $fncn, $fcra, $fncra, )*
            Trap, Br, BrIfNez, BrIfEqz, BrIfNezR, BrIfEqzR, BrTable, Return, Return1, ReturnMany, Copy, Const32,
            Const64, Select, Call, CallImport, CallIndirect, CallRef, ReturnCall, ReturnCallImport,
            ReturnCallIndirect, ReturnCallRef, GlobalGet, GlobalSet, GlobalGetV128, GlobalSetV128,
            LoadExt, StoreExt, MemorySize, MemoryGrow, MemoryFill, MemoryCopy, MemoryInit, DataDrop,
            TableGet, TableSet, TableSize, TableGrow, TableFill, TableCopy, TableInit, ElemDrop, RefFunc,
            RefAsNonNull, V128Load, V128Store, V128LoadExt, V128StoreExt, I8x16Shuffle,
            $( $vbn, )* $( $vun, )* $( $vtn, )* $( $vqn, )* $( $vsn, )* $( $vpn, )* $( $ven, )* $( $vrn, )*
        ];

        /// The names of [`TABLE`]'s handlers, in the same order (checked against [`crate::ops::NAMES`]).
        #[cfg(test)]
        pub(crate) const TABLE_NAMES: [&str; $crate::ops::OP_COUNT] = [
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
            "Trap", "Br", "BrIfNez", "BrIfEqz", "BrIfNezR", "BrIfEqzR", "BrTable", "Return", "Return1", "ReturnMany", "Copy",
            "Const32", "Const64", "Select", "Call", "CallImport", "CallIndirect", "CallRef",
            "ReturnCall", "ReturnCallImport", "ReturnCallIndirect", "ReturnCallRef", "GlobalGet",
            "GlobalSet", "GlobalGetV128", "GlobalSetV128", "LoadExt", "StoreExt", "MemorySize",
            "MemoryGrow", "MemoryFill", "MemoryCopy", "MemoryInit", "DataDrop", "TableGet", "TableSet",
            "TableSize", "TableGrow", "TableFill", "TableCopy", "TableInit", "ElemDrop", "RefFunc",
            "RefAsNonNull", "V128Load", "V128Store", "V128LoadExt", "V128StoreExt", "I8x16Shuffle",
            $( stringify!($vbn), )* $( stringify!($vun), )* $( stringify!($vtn), )* $( stringify!($vqn), )*
            $( stringify!($vsn), )* $( stringify!($vpn), )* $( stringify!($ven), )* $( stringify!($vrn), )*
        ];
    };
}

pub(crate) use define_handler_set;

/// An operand of a generated handler: `slot x` reads slot `x`, `reg` the register, `imm x` the
/// immediate `x` (sign-extended to `$t`).
macro_rules! operand {
    ($t:ty, $fp:ident, $r:ident, $f:ident, slot $s:ident) => {
        <$t as SlotVal>::from_slot(*$fp.add($s as usize))
    };
    ($t:ty, $fp:ident, $r:ident, $f:ident, reg) => {
        <$t as RegVal>::from_regs($r, $f)
    };
    ($t:ty, $fp:ident, $r:ident, $f:ident, imm $i:ident) => {
        $i as $t
    };
}
pub(crate) use operand;

/// The value an op's meaning computes: `pure` meanings return it, `fallible` ones a `Result` whose
/// error traps.
macro_rules! value {
    (pure, $cx:ident, $e:expr) => {
        $e
    };
    (fallible, $cx:ident, $e:expr) => {
        match $e {
            Ok(v) => v,
            Err(code) => return trap($cx, code),
        }
    };
}
pub(crate) use value;

/// One handler of an arithmetic, comparison or test op in one of its forms: the operands (see
/// [`operand!`]), the meaning `$fun` (see [`value!`]), and where the result goes (see [`deliver!`]). Used inside [`define_handler_set!`], whose `handler!` and `fields!` it calls.
macro_rules! arith {
    ($name:ident $fields:tt, $kind:ident, $t:ty, $fun:expr, ($($x:tt)*) $(, ($($y:tt)*))? => $($dst:tt)*) => {
        handler!($name, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::$name $fields);
            let v = $crate::exec::handlers::value!(
                $kind,
                cx,
                ($fun)(
                    $crate::exec::handlers::operand!($t, fp, r, f, $($x)*)
                    $(, $crate::exec::handlers::operand!($t, fp, r, f, $($y)*))?
                )
            );
            let (r, f) = $crate::exec::handlers::deliver!(fp, r, f, v, $($dst)*);
            $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
        });
    };
}
pub(crate) use arith;

/// Delivers the result `v` of an arithmetic handler and gives the registers to continue with:
/// `slot d` puts it in its register and slot `d`, `reg` only in its register, `only slot d` only in
/// slot `d` (comparisons and tests, whose results never travel in a register).
macro_rules! deliver {
    ($fp:ident, $r:ident, $f:ident, $v:ident, slot $d:ident) => {{
        let regs = RegVal::put($v, $r, $f);
        *$fp.add($d as usize) = SlotVal::to_slot($v);
        regs
    }};
    ($fp:ident, $r:ident, $f:ident, $v:ident, reg) => {
        RegVal::put($v, $r, $f)
    };
    ($fp:ident, $r:ident, $f:ident, $v:ident, only slot $d:ident) => {{
        *$fp.add($d as usize) = SlotVal::to_slot($v);
        ($r, $f)
    }};
}
pub(crate) use deliver;

/// Where a handler's result goes besides the register: `slot d` writes slot `d`, `reg` nowhere else.
macro_rules! result {
    ($fp:ident, $v:expr, slot $d:ident) => {
        *$fp.add($d as usize) = $v
    };
    ($fp:ident, $v:expr, reg) => {
        ()
    };
}
pub(crate) use result;

/// One handler of a memory-0 load in one of its register forms: the offset field, the address
/// operand, and where the loaded value goes (always the register, also slot `d` for `slot d`).
macro_rules! load {
    ($name:ident $fields:tt, $off:ident, $size:literal, $conv:expr, ($($a:tt)*) => $($dst:tt)*) => {
        handler!($name, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::$name $fields);
            let addr = $crate::exec::handlers::operand!(u64, fp, r, f, $($a)*);
            let p = $crate::exec::handlers::mem0!(mb, ml, cx, addr, $off, $size);
            let r = ($conv)(std::ptr::read_unaligned(p as *const [u8; $size]));
            $crate::exec::handlers::result!(fp, r, $($dst)*);
            $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
        });
    };
}
pub(crate) use load;

/// One handler of a memory-0 store in one of its forms: the offset field, the address and the value
/// operands.
macro_rules! store {
    ($name:ident $fields:tt, $off:ident, $size:literal, $conv:expr, ($($a:tt)*), ($($v:tt)*)) => {
        handler!($name, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::$name $fields);
            let addr = $crate::exec::handlers::operand!(u64, fp, r, f, $($a)*);
            let p = $crate::exec::handlers::mem0!(mb, ml, cx, addr, $off, $size);
            let bytes: [u8; $size] = ($conv)($crate::exec::handlers::operand!(u64, fp, r, f, $($v)*));
            std::ptr::write_unaligned(p as *mut [u8; $size], bytes);
            $crate::exec::dispatch::next!(TABLE, ip.add(1), fp, mb, ml, cx, r, f)
        });
    };
}
pub(crate) use store;

/// The address of a memory-0 access of `$size` bytes at `addr + off`; traps (returns from the
/// handler) when it is out of bounds.
macro_rules! mem0 {
    ($mb:ident, $ml:ident, $cx:ident, $addr:expr, $off:expr, $size:literal) => {{
        let p = mem0_ptr($mb, $ml, $addr, $off as u64, $size);
        if p.is_null() {
            return trap($cx, TrapCode::MemoryOutOfBounds);
        }
        p
    }};
}
pub(crate) use mem0;

/// One handler of a compare-and-branch op in one of its forms: the offset field, whether the branch
/// is taken when the comparison `holds` or `fails`, the operand type, the comparison, and the
/// operands (see [`operand!`]).
macro_rules! cond_branch {
    ($name:ident $fields:tt, $off:ident, $when:ident, $t:ty, $cmp:expr, ($($x:tt)*), ($($y:tt)*)) => {
        handler!($name, |ip, fp, mb, ml, cx, r, f| {
            fields!(ip, Op::$name $fields);
            let x = $crate::exec::handlers::operand!($t, fp, r, f, $($x)*);
            let y = $crate::exec::handlers::operand!($t, fp, r, f, $($y)*);
            let next = branch(ip, $crate::exec::handlers::taken!($when, ($cmp)(x, y)), $off);
            $crate::exec::dispatch::next!(TABLE, next, fp, mb, ml, cx, r, f)
        });
    };
}
pub(crate) use cond_branch;

/// Whether a conditional branch is taken: when the condition `holds`, or when it `fails`.
macro_rules! taken {
    (holds, $c:expr) => {
        $c
    };
    (fails, $c:expr) => {
        !$c
    };
}
pub(crate) use taken;
