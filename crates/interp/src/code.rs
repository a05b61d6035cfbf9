//! Translated code: one [`FuncCode`] per defined function, translated lazily and cached per module.

use crate::ops::Op;
use crate::translate::{translate_function, TranslateError};
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{Arc, OnceLock};
use tailor_cpu::RelaxedSemantics;
use tailor_module::Module;

/// Where a slow-path load or store goes: any memory, any offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemExt {
    /// The memory index.
    pub mem: u32,
    /// The static offset.
    pub offset: u64,
    /// Which load/store: the opcode of the equivalent memory-0 op.
    pub kind: Op,
}

/// Which `v128` memory access a [`SimdMemArg`] describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimdMemKind {
    /// `v128.load` / `v128.store`
    Full,
    /// `v128.load8x8_s`
    Load8x8S,
    /// `v128.load8x8_u`
    Load8x8U,
    /// `v128.load16x4_s`
    Load16x4S,
    /// `v128.load16x4_u`
    Load16x4U,
    /// `v128.load32x2_s`
    Load32x2S,
    /// `v128.load32x2_u`
    Load32x2U,
    /// `v128.load8_splat`
    Splat8,
    /// `v128.load16_splat`
    Splat16,
    /// `v128.load32_splat`
    Splat32,
    /// `v128.load64_splat`
    Splat64,
    /// `v128.load32_zero`
    Zero32,
    /// `v128.load64_zero`
    Zero64,
    /// `v128.load8_lane` / `v128.store8_lane`
    Lane8,
    /// `v128.load16_lane` / `v128.store16_lane`
    Lane16,
    /// `v128.load32_lane` / `v128.store32_lane`
    Lane32,
    /// `v128.load64_lane` / `v128.store64_lane`
    Lane64,
}

/// Where and how a `v128` load or store goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimdMemArg {
    /// The memory index.
    pub mem: u32,
    /// The static offset.
    pub offset: u64,
    /// Which access.
    pub kind: SimdMemKind,
    /// The lane of a lane access.
    pub lane: u8,
    /// For lane loads: the slot of the input vector.
    pub vec: u32,
}

/// Side information of a `call_indirect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndirectInfo {
    /// The table.
    pub table: u32,
    /// The expected type index (module index space).
    pub type_index: u32,
}

/// One translated function.
#[derive(Debug)]
pub struct FuncCode {
    /// The ops.
    pub ops: Box<[Op]>,
    /// Slots the frame needs: parameters, locals and the deepest operand stack.
    pub frame_size: u32,
    /// Number of parameters.
    pub num_params: u32,
    /// Number of declared locals (zeroed on entry).
    pub num_locals: u32,
    /// Constants written on entry to the slots right after the locals.
    pub consts: Box<[u64]>,
    /// Number of results.
    pub num_results: u32,
    /// The function index in its module.
    pub func_index: u32,
    /// Side table of slow-path loads and stores.
    pub mem_ext: Box<[MemExt]>,
    /// Side table of `call_indirect`s.
    pub indirect: Box<[IndirectInfo]>,
    /// Side table of `v128` memory accesses.
    pub simd_mem: Box<[SimdMemArg]>,
    /// Side table of `i8x16.shuffle` lane lists.
    pub shuffles: Box<[[u8; 16]]>,
}

/// The interpreter's code for one module: every defined function, translated on first use.
#[derive(Debug)]
pub struct ModuleCode {
    module: Arc<Module>,
    /// What the relaxed-SIMD operators compute.
    relaxed: RelaxedSemantics,
    funcs: Box<[OnceLock<Result<FuncCode, TranslateError>>]>,
    /// The translated code of each function once it exists (a fast path for calls).
    ready: Box<[AtomicPtr<FuncCode>]>,
}

impl ModuleCode {
    /// Prepares (but does not yet translate) the code of `module`, with the deterministic results
    /// of relaxed-SIMD operators ([`RelaxedSemantics::DETERMINISTIC`]).
    pub fn new(module: Arc<Module>) -> ModuleCode {
        ModuleCode::with_relaxed(module, RelaxedSemantics::DETERMINISTIC)
    }

    /// Prepares (but does not yet translate) the code of `module`, its relaxed-SIMD operators
    /// computing `relaxed` (the engine passes `RelaxedSemantics::new(profile, mode)`).
    pub fn with_relaxed(module: Arc<Module>, relaxed: RelaxedSemantics) -> ModuleCode {
        let funcs = (0..module.bodies.len()).map(|_| OnceLock::new()).collect();
        let ready = (0..module.bodies.len())
            .map(|_| AtomicPtr::new(std::ptr::null_mut()))
            .collect();
        ModuleCode {
            module,
            relaxed,
            funcs,
            ready,
        }
    }

    /// The module.
    pub fn module(&self) -> &Arc<Module> {
        &self.module
    }

    /// What the relaxed-SIMD operators of this code compute.
    pub fn relaxed(&self) -> &RelaxedSemantics {
        &self.relaxed
    }

    /// The code of defined function `defined_index` if it was already translated.
    #[inline(always)]
    pub fn ready(&self, defined_index: u32) -> Option<&FuncCode> {
        let ready = self.ready[defined_index as usize].load(Ordering::Acquire);
        // SAFETY: `ready[i]` only ever holds null or the address of the `FuncCode` inside `funcs[i]`,
        // which is initialized once and lives as long as `self`.
        (!ready.is_null()).then(|| unsafe { &*ready })
    }

    /// The code of defined function `defined_index`, translating it on first use.
    pub fn func(&self, defined_index: u32) -> Result<&FuncCode, &TranslateError> {
        let i = defined_index as usize;
        let ready = self.ready[i].load(Ordering::Acquire);
        if !ready.is_null() {
            // SAFETY: `ready[i]` only ever holds the address of the `FuncCode` inside `funcs[i]`,
            // which is initialized once and lives as long as `self`.
            return Ok(unsafe { &*ready });
        }
        let r = self.funcs[i]
            .get_or_init(|| translate_function(&self.module, defined_index, &self.relaxed))
            .as_ref();
        if let Ok(code) = r {
            self.ready[i].store(code as *const FuncCode as *mut FuncCode, Ordering::Release);
        }
        r
    }

    /// A listing of the translated code of defined function `defined_index`: one op per line with its
    /// index (branch offsets are relative to the op).
    pub fn disassemble(&self, defined_index: u32) -> String {
        use std::fmt::Write;
        match self.func(defined_index) {
            Ok(f) => {
                let mut out = format!(
                    "; frame {} slots: {} params, {} locals, {} constants {:?}\n",
                    f.frame_size,
                    f.num_params,
                    f.num_locals,
                    f.consts.len(),
                    f.consts
                );
                for (i, op) in f.ops.iter().enumerate() {
                    let _ = writeln!(out, "{i:5}  {op:?}");
                }
                out
            }
            Err(e) => format!("; cannot translate: {e}\n"),
        }
    }

    /// Translates every function now (reporting the first error).
    pub fn translate_all(&self) -> Result<(), TranslateError> {
        for i in 0..self.funcs.len() as u32 {
            self.func(i).map_err(Clone::clone)?;
        }
        Ok(())
    }
}
