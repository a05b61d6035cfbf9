//! Reading an artifact: [`Artifact::from_bytes`], one function per section (after the preamble,
//! checksum and section list checks of `check`).

use super::check::{checked_body, Sections};
use super::reader::Reader;
use super::{err, patch_width, sha256, Artifact};
use crate::code_image::{CodeImage, Reloc, RelocKind, RelocTarget};
use crate::isa::OptLevel;
use crate::passes::{Pass, Pipeline};
use crate::CompileError;
use tailor_cpu::{Arch, CpuProfile, Feature, FeatureSet, RelaxedMode, Triple};

/// Indices into [`super::SECTIONS`].
const HEADER: usize = 0;
const MODULE_HASH: usize = 1;
const WASM: usize = 2;
const CODE: usize = 3;
const FUNCS: usize = 4;
const TRAMPOLINES: usize = 5;
const RELOCS: usize = 6;
const EXECUTION: usize = 7;
const PASSES: usize = 8;

/// What the header section holds.
struct Header {
    tailor_version: String,
    profile: CpuProfile,
    opt: OptLevel,
    cranelift_flags: Vec<(String, String)>,
}

impl Artifact {
    /// Parses and checks an artifact: magic, format version, length, checksum, then every section
    /// (see `docs/artifact.md` for the full list of checks). Whether the host can run the code
    /// (architecture, OS, CPU features, tailor version) is the loader's decision, not made here.
    pub fn from_bytes(bytes: &[u8]) -> Result<Artifact, CompileError> {
        let sections = Sections::split(checked_body(bytes)?)?;
        let header = header(&sections)?;
        let (module_hash, wasm) = module(&sections)?;
        let code = sections.payload(CODE).to_vec();
        let code_len = code.len() as u64;
        let funcs = function_table(&sections, code_len)?;
        let trampolines = trampoline_table(&sections, code_len)?;
        let relocs = relocations(&sections, code_len)?;
        let (relaxed_simd, interpreted) = execution(&sections, funcs.len())?;
        let passes = passes(&sections)?;
        Ok(Artifact {
            tailor_version: header.tailor_version,
            profile: header.profile,
            opt: header.opt,
            cranelift_flags: header.cranelift_flags,
            module_hash,
            wasm,
            image: CodeImage {
                code,
                funcs,
                trampolines,
                relocs,
            },
            relaxed_simd,
            interpreted,
            passes,
        })
    }
}

/// Section 8: the relaxed-SIMD mode and the functions left to the interpreter (strictly ascending;
/// at most one per defined function).
fn execution(
    sections: &Sections<'_>,
    defined: usize,
) -> Result<(RelaxedMode, Vec<u32>), CompileError> {
    let mut r = sections.reader(EXECUTION);
    let at = r.pos;
    let mode = match r.u8()? {
        0 => RelaxedMode::Native,
        1 => RelaxedMode::Deterministic,
        t => {
            return Err(err(format!(
                "unknown relaxed-SIMD mode tag {t} at byte {at} (0 native, 1 deterministic)"
            )))
        }
    };
    let n = r.count(4)?;
    if n > defined {
        return Err(err(format!(
            "{n} interpreted functions for {defined} defined functions"
        )));
    }
    let mut interpreted: Vec<u32> = Vec::with_capacity(n);
    for _ in 0..n {
        let f = r.u32()?;
        if interpreted.last().is_some_and(|&last| last >= f) {
            return Err(err(format!(
                "the interpreted functions are not in ascending order at function {f}"
            )));
        }
        interpreted.push(f);
    }
    sections.end(EXECUTION, &r)?;
    Ok((mode, interpreted))
}

/// Section 1: tailor version, target, CPU features, optimisation level, Cranelift flags.
fn header(sections: &Sections<'_>) -> Result<Header, CompileError> {
    let mut h = sections.reader(HEADER);
    let tailor_version = h.string()?;
    let arch_name = h.string()?;
    let arch = Arch::from_name(&arch_name).ok_or_else(|| {
        err(format!(
            "unknown target architecture `{arch_name}` (this tailor knows {})",
            Arch::KNOWN.map(Arch::name).join(", ")
        ))
    })?;
    let os = h.string()?;
    if os.is_empty() {
        return Err(err("the target operating system is empty".to_string()));
    }
    let features = features(&mut h, arch)?;
    let opt = opt_level(&mut h)?;
    let n = h.count(8)?;
    let mut cranelift_flags = Vec::with_capacity(n);
    for _ in 0..n {
        let name = h.string()?;
        let value = h.string()?;
        cranelift_flags.push((name, value));
    }
    sections.end(HEADER, &h)?;
    Ok(Header {
        tailor_version,
        profile: CpuProfile::new(Triple::new(arch, os), features),
        opt,
        cranelift_flags,
    })
}

/// The header's CPU features of `arch`; unknown names are an error naming them all.
fn features(h: &mut Reader<'_>, arch: Arch) -> Result<FeatureSet, CompileError> {
    let n = h.count(4)?;
    let mut features = FeatureSet::default();
    let mut unknown = Vec::new();
    for _ in 0..n {
        let name = h.string()?;
        match Feature::from_name(arch, &name) {
            Some(f) => features.insert(f),
            None => unknown.push(name),
        }
    }
    if !unknown.is_empty() {
        return Err(err(format!(
            "unknown CPU features for {arch}: {} (written by a different tailor?)",
            unknown.join(", ")
        )));
    }
    Ok(features)
}

/// The header's optimisation level (the tag `super::opt_tag` writes).
fn opt_level(h: &mut Reader<'_>) -> Result<OptLevel, CompileError> {
    let at = h.pos;
    match h.u8()? {
        0 => Ok(OptLevel::None),
        1 => Ok(OptLevel::Speed),
        2 => Ok(OptLevel::Size),
        t => Err(err(format!(
            "unknown optimisation level tag {t} at byte {at}"
        ))),
    }
}

/// Sections 2 and 3: the module hash and the wasm module, which must match it.
fn module(sections: &Sections<'_>) -> Result<([u8; 32], Vec<u8>), CompileError> {
    let hash = sections.payload(MODULE_HASH);
    let module_hash: [u8; 32] = hash.try_into().map_err(|_| {
        err(format!(
            "the module hash section is {} bytes, expected 32",
            hash.len()
        ))
    })?;
    let wasm = sections.payload(WASM).to_vec();
    if !wasm.starts_with(b"\0asm") {
        return Err(err(
            "the embedded module is not a wasm binary (bad wasm magic)".to_string(),
        ));
    }
    if sha256(&wasm) != module_hash {
        return Err(err(
            "module hash mismatch: the embedded wasm does not match the recorded hash".to_string(),
        ));
    }
    Ok((module_hash, wasm))
}

/// Section 5: (offset, length) of each defined function, within the code.
fn function_table(sections: &Sections<'_>, code_len: u64) -> Result<Vec<(u32, u32)>, CompileError> {
    let mut f = sections.reader(FUNCS);
    let n = f.count(8)?;
    let mut funcs = Vec::with_capacity(n);
    for i in 0..n {
        let offset = f.u32()?;
        let len = f.u32()?;
        if u64::from(offset) + u64::from(len) > code_len {
            return Err(err(format!(
                "function {i} (defined-function index) spans bytes {offset}..{} but the \
                 code is {code_len} bytes",
                u64::from(offset) + u64::from(len)
            )));
        }
        funcs.push((offset, len));
    }
    sections.end(FUNCS, &f)?;
    Ok(funcs)
}

/// Section 6: (type index, offset) of each trampoline, within the code, one per type.
fn trampoline_table(
    sections: &Sections<'_>,
    code_len: u64,
) -> Result<Vec<(u32, u32)>, CompileError> {
    let mut t = sections.reader(TRAMPOLINES);
    let n = t.count(8)?;
    let mut trampolines: Vec<(u32, u32)> = Vec::with_capacity(n);
    for _ in 0..n {
        let ty = t.u32()?;
        let offset = t.u32()?;
        if u64::from(offset) >= code_len {
            return Err(err(format!(
                "the trampoline for type {ty} starts at byte {offset} but the code is \
                 {code_len} bytes"
            )));
        }
        if trampolines.iter().any(|&(t2, _)| t2 == ty) {
            return Err(err(format!("two trampolines for type {ty}")));
        }
        trampolines.push((ty, offset));
    }
    sections.end(TRAMPOLINES, &t)?;
    Ok(trampolines)
}

/// Section 9: the pass pipeline, by name; an unknown or repeated name is an error.
fn passes(sections: &Sections<'_>) -> Result<Pipeline, CompileError> {
    let mut r = sections.reader(PASSES);
    let n = r.count(4)?;
    let mut passes = Vec::with_capacity(n);
    for _ in 0..n {
        let name = r.string()?;
        let pass = Pass::from_name(&name).ok_or_else(|| {
            err(format!(
                "unknown pass `{name}` in the pass pipeline (written by a different tailor?)"
            ))
        })?;
        if passes.contains(&pass) {
            return Err(err(format!("pass `{name}` is listed twice")));
        }
        passes.push(pass);
    }
    sections.end(PASSES, &r)?;
    Ok(Pipeline::from_passes(&passes))
}

/// Section 7: every relocation.
fn relocations(sections: &Sections<'_>, code_len: u64) -> Result<Vec<Reloc>, CompileError> {
    let mut r = sections.reader(RELOCS);
    let n = r.count(4 + 2 + 1 + 4 + 8)?;
    let mut relocs = Vec::with_capacity(n);
    for i in 0..n {
        relocs.push(relocation(&mut r, i, code_len)?);
    }
    sections.end(RELOCS, &r)?;
    Ok(relocs)
}

/// Relocation `i`: offset, kind, target, addend; what it patches and points at must be within the
/// code.
fn relocation(r: &mut Reader<'_>, i: usize, code_len: u64) -> Result<Reloc, CompileError> {
    let offset = r.u32()?;
    let kind = reloc_kind(r, i)?;
    let target = reloc_target(r, i)?;
    let addend = r.i64()?;
    let width = patch_width(kind);
    if u64::from(offset) + width > code_len {
        return Err(err(format!(
            "relocation {i} patches bytes {offset}..{} but the code is {code_len} bytes",
            u64::from(offset) + width
        )));
    }
    if let RelocTarget::Image(off) = target {
        if u64::from(off) > code_len {
            return Err(err(format!(
                "relocation {i} points at image offset {off} but the code is {code_len} bytes"
            )));
        }
    }
    Ok(Reloc {
        offset,
        kind,
        target,
        addend,
    })
}

/// The kind of relocation `i` (the two bytes `super::kind_tag` writes).
fn reloc_kind(r: &mut Reader<'_>, i: usize) -> Result<RelocKind, CompileError> {
    let at = r.pos;
    match (r.u8()?, r.u8()?) {
        (0, 0) => Ok(RelocKind::Abs8),
        (1, 0) => Ok(RelocKind::X86PcRel4),
        (2, 0) => Ok(RelocKind::Arm64Call),
        (3, k) => Ok(RelocKind::Other(k)),
        (t, p) => Err(err(format!(
            "relocation {i}: unknown kind tag {t} (payload {p}) at byte {at}"
        ))),
    }
}

/// The target of relocation `i`: a function, a named helper or an offset in the image.
fn reloc_target(r: &mut Reader<'_>, i: usize) -> Result<RelocTarget, CompileError> {
    let at = r.pos;
    match r.u8()? {
        0 => Ok(RelocTarget::Func(r.u32()?)),
        1 => {
            let name = r.string()?;
            if name.is_empty() {
                return Err(err(format!("relocation {i}: empty helper name")));
            }
            Ok(RelocTarget::Helper(name))
        }
        2 => Ok(RelocTarget::Image(r.u32()?)),
        t => Err(err(format!(
            "relocation {i}: unknown target tag {t} at byte {at}"
        ))),
    }
}
