//! [`CodeImage`]: the machine code of a whole module plus what a loader needs to run it.

/// Where a relocation points.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RelocTarget {
    /// The start of function `index` (module function index space) in this image.
    Func(u32),
    /// A runtime helper, by name (see `tailor_vm::float_libcalls::address`).
    Helper(String),
    /// An offset within this image.
    Image(u32),
}

/// The relocation kinds tailor emits (a subset of Cranelift's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelocKind {
    /// Absolute 64-bit address.
    Abs8,
    /// x86-64 32-bit PC-relative (call or data).
    X86PcRel4,
    /// AArch64 26-bit call/branch (`bl`, `b`).
    Arm64Call,
    /// Any other kind, by Cranelift's name: recorded for cross targets, never applied here.
    Other(u8),
}

/// One relocation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reloc {
    /// Byte offset in the image.
    pub offset: u32,
    /// How to patch.
    pub kind: RelocKind,
    /// What it refers to.
    pub target: RelocTarget,
    /// Added to the target address.
    pub addend: i64,
}

/// Machine code for every defined function of a module, plus trampolines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeImage {
    /// The code.
    pub code: Vec<u8>,
    /// Per defined function: (offset, length) in `code`.
    pub funcs: Vec<(u32, u32)>,
    /// Array-call trampolines: (type index, offset in `code`).
    pub trampolines: Vec<(u32, u32)>,
    /// Relocations to apply after mapping.
    pub relocs: Vec<Reloc>,
}

impl CodeImage {
    /// The trampoline for type index `ty`, if the image has one.
    pub fn trampoline(&self, ty: u32) -> Option<u32> {
        self.trampolines
            .iter()
            .find(|(t, _)| *t == ty)
            .map(|(_, off)| *off)
    }
}
