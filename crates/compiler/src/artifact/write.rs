//! Writing an artifact: [`Artifact::to_bytes`], one function per section payload.

use super::{kind_tag, opt_tag, sha256, Artifact, CHECKSUM, FORMAT_VERSION, MAGIC, PREAMBLE};
use crate::code_image::{CodeImage, RelocTarget};
use tailor_cpu::{Feature, RelaxedMode};

impl Artifact {
    /// Serialises the artifact (layout in `docs/artifact.md`).
    ///
    /// # Panics
    ///
    /// If a string, list or byte section exceeds `u32::MAX` entries or bytes (impossible for
    /// anything a wasm module compiles to, whose offsets are `u32`).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            PREAMBLE + 256 + self.wasm.len() + self.image.code.len() + CHECKSUM + 1024,
        );
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&0u64.to_le_bytes()); // total length, patched below

        put_section(&mut out, 1, &self.header());
        put_section(&mut out, 2, &self.module_hash);
        put_section(&mut out, 3, &self.wasm);
        put_section(&mut out, 4, &self.image.code);
        put_section(&mut out, 5, &u32_pairs(&self.image.funcs));
        put_section(&mut out, 6, &u32_pairs(&self.image.trampolines));
        put_section(&mut out, 7, &relocations(&self.image));
        put_section(&mut out, 8, &self.execution());
        put_section(&mut out, 9, &self.passes_section());

        let total = (out.len() + CHECKSUM) as u64;
        out[12..20].copy_from_slice(&total.to_le_bytes());
        let sum = sha256(&out);
        out.extend_from_slice(&sum);
        out
    }

    /// Section 1: tailor version, target, CPU features, optimisation level, Cranelift flags.
    fn header(&self) -> Vec<u8> {
        let mut s = Vec::new();
        put_str(&mut s, &self.tailor_version);
        put_str(&mut s, self.profile.arch().name());
        put_str(&mut s, &self.profile.triple().os);
        let features: Vec<Feature> = self.profile.features().iter().collect();
        put_u32(&mut s, count(features.len()));
        for f in features {
            put_str(&mut s, f.name());
        }
        s.push(opt_tag(self.opt));
        put_u32(&mut s, count(self.cranelift_flags.len()));
        for (name, value) in &self.cranelift_flags {
            put_str(&mut s, name);
            put_str(&mut s, value);
        }
        s
    }
}

impl Artifact {
    /// Section 8: the relaxed-SIMD mode (`u8`: 0 native, 1 deterministic), then the functions left
    /// to the interpreter (`list<u32>`, ascending function indices).
    fn execution(&self) -> Vec<u8> {
        let mut s = vec![match self.relaxed_simd {
            RelaxedMode::Native => 0,
            RelaxedMode::Deterministic => 1,
        }];
        put_u32(&mut s, count(self.interpreted.len()));
        for f in &self.interpreted {
            put_u32(&mut s, *f);
        }
        s
    }

    /// Section 9: the pass pipeline, as a count and the pass names in order.
    fn passes_section(&self) -> Vec<u8> {
        let mut s = Vec::new();
        put_u32(&mut s, count(self.passes.passes().len()));
        for p in self.passes.passes() {
            put_str(&mut s, p.name());
        }
        s
    }
}

/// Sections 5 and 6: a count, then the pairs (function table: offset and length of each defined
/// function's code; trampoline table: type index and offset of each trampoline).
fn u32_pairs(pairs: &[(u32, u32)]) -> Vec<u8> {
    let mut s = Vec::with_capacity(4 + 8 * pairs.len());
    put_u32(&mut s, count(pairs.len()));
    for &(a, b) in pairs {
        put_u32(&mut s, a);
        put_u32(&mut s, b);
    }
    s
}

/// Section 7: every relocation (offset, kind, target, addend).
fn relocations(image: &CodeImage) -> Vec<u8> {
    let mut s = Vec::new();
    put_u32(&mut s, count(image.relocs.len()));
    for r in &image.relocs {
        put_u32(&mut s, r.offset);
        let (kind, payload) = kind_tag(r.kind);
        s.push(kind);
        s.push(payload);
        match &r.target {
            RelocTarget::Func(i) => {
                s.push(0);
                put_u32(&mut s, *i);
            }
            RelocTarget::Helper(name) => {
                s.push(1);
                put_str(&mut s, name);
            }
            RelocTarget::Image(off) => {
                s.push(2);
                put_u32(&mut s, *off);
            }
        }
        s.extend_from_slice(&r.addend.to_le_bytes());
    }
    s
}

fn count(n: usize) -> u32 {
    u32::try_from(n).expect("artifact list or string longer than u32::MAX")
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, count(s.len()));
    out.extend_from_slice(s.as_bytes());
}

fn put_section(out: &mut Vec<u8>, id: u32, payload: &[u8]) {
    put_u32(out, id);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(payload);
}
