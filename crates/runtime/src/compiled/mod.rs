//! The compiler tier inside the runtime: mapping compiled code, building `VMContext`s, entering
//! compiled functions, and the libcalls compiled code makes.

mod entry;
mod libcalls;

pub(crate) use entry::{compiled_entry, init_vmctx, VmctxParts};

use crate::Error;
use tailor_compiler::{CodeImage, CompileError, CompileOptions};
use tailor_vm::{ArrayTrampoline, CodeMemory};

/// A module's machine code, mapped executable and relocated.
pub(crate) struct CompiledCode {
    memory: CodeMemory,
    image: CodeImage,
    /// Functions left to the interpreter (function indices, ascending): they get no native code.
    interpreted: Vec<u32>,
}

/// The runtime error for a compiler error: a function over a size limit is a resource limit.
pub(crate) fn compile_error(e: CompileError) -> Error {
    match e {
        CompileError::FunctionTooLarge { .. }
        | CompileError::TranslationTooLarge { .. }
        | CompileError::FrameTooLarge { .. } => Error::Resource(e.to_string()),
        e => Error::Compile(e.to_string()),
    }
}

impl CompiledCode {
    /// Maps `image` (compiled for this host) and applies its relocations.
    pub fn load(image: CodeImage, num_imported_funcs: u32) -> Result<CompiledCode, Error> {
        let memory = CodeMemory::new(&image.code, |buf, base| {
            tailor_compiler::link::apply_relocations(
                &image,
                buf,
                base,
                num_imported_funcs,
                &tailor_vm::float_libcalls::address,
            )
        })
        .map_err(|e| Error::Compile(e.to_string()))?;
        Ok(CompiledCode {
            memory,
            image,
            interpreted: Vec::new(),
        })
    }

    /// Compiles `info` for the host with `opts` and maps it.
    pub fn compile(
        info: &tailor_module::Module,
        opts: &CompileOptions,
    ) -> Result<CompiledCode, Error> {
        let compiled = tailor_compiler::compile_module(info, opts).map_err(compile_error)?;
        let mut code = CompiledCode::load(compiled.image, info.num_imported_funcs)?;
        code.interpreted = compiled.interpreted;
        Ok(code)
    }

    /// This code with `interpreted` (function indices, ascending) left to the interpreter: they get
    /// no native code (an artifact's list, checked by the loader).
    pub fn with_interpreted(mut self, interpreted: Vec<u32>) -> CompiledCode {
        self.interpreted = interpreted;
        self
    }

    /// The functions left to the interpreter (function indices, ascending).
    pub fn interpreted(&self) -> &[u32] {
        &self.interpreted
    }

    /// Whether function `func` (a function index) is left to the interpreter.
    pub fn is_interpreted(&self, func: u32) -> bool {
        self.interpreted.binary_search(&func).is_ok()
    }

    /// The image the code was mapped from.
    pub fn image(&self) -> &CodeImage {
        &self.image
    }

    /// The machine code of defined function `defined`.
    pub fn func(&self, defined: u32) -> *const u8 {
        let (off, _) = self.image.funcs[defined as usize];
        // SAFETY: the offset was checked against the code size when the image was made or read.
        unsafe { self.memory.base().add(off as usize) }
    }

    /// The array-call trampoline for type index `ty`.
    pub fn trampoline(&self, ty: u32) -> Option<ArrayTrampoline> {
        let off = self.image.trampoline(ty)?;
        // SAFETY: the offset lies inside the mapped, executable code and starts a function compiled
        // with the `ArrayTrampoline` signature (the C calling convention of the host).
        Some(unsafe {
            std::mem::transmute::<*const u8, ArrayTrampoline>(self.memory.base().add(off as usize))
        })
    }
}
