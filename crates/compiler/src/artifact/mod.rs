//! The on-disk AOT artifact (`.twasm`): a [`CodeImage`] plus everything a loader needs to decide
//! whether it may run it, and the original wasm bytes to fall back on.
//!
//! The byte layout, the versioning policy and what the loader checks are documented in
//! `docs/artifact.md`; this folder is the only implementation of that layout:
//! - this file: the [`Artifact`] type, the layout's constants and the tags shared by both directions;
//! - `write`: [`Artifact::to_bytes`];
//! - `check`: the preamble and checksum checks, and the split of the body into its sections;
//! - `read`: [`Artifact::from_bytes`], one function per section;
//! - `reader`: the bounds-checked cursor reading uses.
//!
//! Reading is defensive: every length is checked against the bytes that remain before anything is
//! allocated, every offset is checked against the code, and the whole file is covered by a SHA-256
//! checksum. A corrupted or hostile file yields [`CompileError::Artifact`], never a panic.

mod check;
mod read;
mod reader;
#[cfg(test)]
mod tests;
mod write;

use sha2::{Digest, Sha256};

use crate::code_image::{CodeImage, RelocKind};
use crate::isa::{isa_flags, shared_flags, OptLevel};
use crate::passes::Pipeline;
use crate::CompileError;
use tailor_cpu::{CpuProfile, RelaxedMode};

/// The first 8 bytes of every artifact: `\0twasm\r\n` (distinct from wasm's `\0asm`; the `\r\n`
/// catches text-mode line-ending conversion).
pub const MAGIC: [u8; 8] = *b"\0twasm\r\n";

/// The artifact format version this build writes and the only one it reads.
pub const FORMAT_VERSION: u32 = 2;

/// Size of the fixed preamble: magic, format version, total length.
const PREAMBLE: usize = 8 + 4 + 8;
/// Size of the trailing checksum.
const CHECKSUM: usize = 32;

/// Section ids, in the order they appear.
const SECTIONS: [(u32, &str); 9] = [
    (1, "header"),
    (2, "module hash"),
    (3, "wasm module"),
    (4, "code"),
    (5, "function table"),
    (6, "trampoline table"),
    (7, "relocations"),
    (8, "execution"),
    (9, "passes"),
];

/// Whether `bytes` start like a tailor artifact (as opposed to a `.wasm` or `.wat` file).
///
/// Only the magic is checked; [`Artifact::from_bytes`] does the rest.
pub fn is_artifact(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// A compiled module as stored on disk: the code, the CPU it was tailored for, the exact Cranelift
/// flags it was built with, and the original module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    /// The version of tailor that wrote the artifact (`CARGO_PKG_VERSION`).
    pub tailor_version: String,
    /// The target and CPU features the code was compiled for.
    pub profile: CpuProfile,
    /// The optimisation level the code was compiled at.
    pub opt: OptLevel,
    /// The exact ISA and shared Cranelift flags the code was built with, as (name, value).
    pub cranelift_flags: Vec<(String, String)>,
    /// SHA-256 of [`Artifact::wasm`].
    pub module_hash: [u8; 32],
    /// The original module bytes (run by the interpreter under `--fallback interp`).
    pub wasm: Vec<u8>,
    /// The machine code, function and trampoline tables, and relocations.
    pub image: CodeImage,
    /// What the relaxed-SIMD operators of the code compute ([`RelaxedMode`]).
    pub relaxed_simd: RelaxedMode,
    /// Defined functions left to the interpreter (function indices, ascending): their code is a
    /// stand-in, and the loader gives them no native code
    /// ([`CompiledModule::interpreted`](crate::CompiledModule::interpreted)).
    pub interpreted: Vec<u32>,
    /// The pass pipeline the code was compiled with (section 8, since format version 2).
    pub passes: Pipeline,
}

impl Artifact {
    /// An artifact of this build of tailor for `image`, compiled from `wasm` for `profile` at `opt`:
    /// fills in the tailor version, the Cranelift flags [`crate::isa::build_isa`] uses, and the
    /// module hash.
    pub fn new(profile: CpuProfile, opt: OptLevel, wasm: Vec<u8>, image: CodeImage) -> Artifact {
        let profile_for_passes = profile.clone();
        let cranelift_flags = isa_flags(&profile)
            .into_iter()
            .map(|(name, on)| (name.to_string(), on.to_string()))
            .chain(
                shared_flags(opt)
                    .into_iter()
                    .map(|(name, value)| (name.to_string(), value.to_string())),
            )
            .collect();
        Artifact {
            tailor_version: env!("CARGO_PKG_VERSION").to_string(),
            profile,
            opt,
            cranelift_flags,
            module_hash: sha256(&wasm),
            wasm,
            image,
            relaxed_simd: RelaxedMode::Native,
            interpreted: Vec::new(),
            passes: Pipeline::default_for(&profile_for_passes),
        }
    }

    /// This artifact, its code compiled with relaxed SIMD in `mode` (the default is native).
    pub fn with_relaxed_simd(mut self, mode: RelaxedMode) -> Artifact {
        self.relaxed_simd = mode;
        self
    }

    /// This artifact with `interpreted` (function indices, ascending) left to the interpreter.
    pub fn with_interpreted(mut self, interpreted: Vec<u32>) -> Artifact {
        self.interpreted = interpreted;
        self
    }

    /// The artifact with `passes` recorded as the pipeline its code was compiled with ([`Artifact::new`]
    /// records the profile's default pipeline).
    pub fn with_passes(mut self, passes: Pipeline) -> Artifact {
        self.passes = passes;
        self
    }
}

/// SHA-256 (FIPS 180-4) of `data`: the module hash and the artifact checksum.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// How many bytes a relocation of `kind` patches (at least one for kinds tailor cannot apply).
fn patch_width(kind: RelocKind) -> u64 {
    match kind {
        RelocKind::Abs8 => 8,
        RelocKind::X86PcRel4 | RelocKind::Arm64Call => 4,
        RelocKind::Other(_) => 1,
    }
}

/// The byte that stores `opt` (read back by `read::opt_level`).
fn opt_tag(opt: OptLevel) -> u8 {
    match opt {
        OptLevel::None => 0,
        OptLevel::Speed => 1,
        OptLevel::Size => 2,
    }
}

/// The two bytes (kind, payload) that store `kind` (read back by `read::reloc_kind`).
fn kind_tag(kind: RelocKind) -> (u8, u8) {
    match kind {
        RelocKind::Abs8 => (0, 0),
        RelocKind::X86PcRel4 => (1, 0),
        RelocKind::Arm64Call => (2, 0),
        RelocKind::Other(k) => (3, k),
    }
}

/// An artifact error with `msg`.
fn err(msg: String) -> CompileError {
    CompileError::Artifact(msg)
}
