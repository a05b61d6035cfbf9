//! The on-disk AOT artifact (`.twasm`): a [`CodeImage`] plus everything a loader needs to decide
//! whether it may run it, and the original wasm bytes to fall back on.
//!
//! The byte layout, the versioning policy and what the loader checks are documented in
//! `docs/artifact.md`; this file is the only implementation of that layout.
//!
//! Reading is defensive: every length is checked against the bytes that remain before anything is
//! allocated, every offset is checked against the code, and the whole file is covered by a SHA-256
//! checksum. A corrupted or hostile file yields [`CompileError::Artifact`], never a panic.

use crate::code_image::{CodeImage, Reloc, RelocKind, RelocTarget};
use crate::isa::{isa_flags, shared_flags, OptLevel};
use crate::CompileError;
use tailor_cpu::{Arch, CpuProfile, Feature, FeatureSet, Triple};

/// The first 8 bytes of every artifact: `\0twasm\r\n` (distinct from wasm's `\0asm`; the `\r\n`
/// catches text-mode line-ending conversion).
pub const MAGIC: [u8; 8] = *b"\0twasm\r\n";

/// The artifact format version this build writes and the only one it reads.
pub const FORMAT_VERSION: u32 = 1;

/// Size of the fixed preamble: magic, format version, total length.
const PREAMBLE: usize = 8 + 4 + 8;
/// Size of the trailing checksum.
const CHECKSUM: usize = 32;

/// Section ids, in the order they appear.
const SECTIONS: [(u32, &str); 7] = [
    (1, "header"),
    (2, "module hash"),
    (3, "wasm module"),
    (4, "code"),
    (5, "function table"),
    (6, "trampoline table"),
    (7, "relocations"),
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
}

impl Artifact {
    /// An artifact of this build of tailor for `image`, compiled from `wasm` for `profile` at `opt`:
    /// fills in the tailor version, the Cranelift flags [`crate::isa::build_isa`] uses, and the
    /// module hash.
    pub fn new(profile: CpuProfile, opt: OptLevel, wasm: Vec<u8>, image: CodeImage) -> Artifact {
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
        }
    }

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

        // 1: header.
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
        put_section(&mut out, 1, &s);

        // 2: module hash; 3: wasm; 4: code.
        put_section(&mut out, 2, &self.module_hash);
        put_section(&mut out, 3, &self.wasm);
        put_section(&mut out, 4, &self.image.code);

        // 5: function table.
        let mut s = Vec::with_capacity(4 + 8 * self.image.funcs.len());
        put_u32(&mut s, count(self.image.funcs.len()));
        for &(offset, len) in &self.image.funcs {
            put_u32(&mut s, offset);
            put_u32(&mut s, len);
        }
        put_section(&mut out, 5, &s);

        // 6: trampoline table.
        let mut s = Vec::with_capacity(4 + 8 * self.image.trampolines.len());
        put_u32(&mut s, count(self.image.trampolines.len()));
        for &(ty, offset) in &self.image.trampolines {
            put_u32(&mut s, ty);
            put_u32(&mut s, offset);
        }
        put_section(&mut out, 6, &s);

        // 7: relocations.
        let mut s = Vec::new();
        put_u32(&mut s, count(self.image.relocs.len()));
        for r in &self.image.relocs {
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
        put_section(&mut out, 7, &s);

        let total = (out.len() + CHECKSUM) as u64;
        out[12..20].copy_from_slice(&total.to_le_bytes());
        let sum = sha256(&out);
        out.extend_from_slice(&sum);
        out
    }

    /// Parses and checks an artifact: magic, format version, length, checksum, then every section
    /// (see `docs/artifact.md` for the full list of checks). Whether the host can run the code
    /// (architecture, OS, CPU features, tailor version) is the loader's decision, not made here.
    pub fn from_bytes(bytes: &[u8]) -> Result<Artifact, CompileError> {
        if bytes.len() < MAGIC.len() || !is_artifact(bytes) {
            return Err(err(if bytes.starts_with(b"\0asm") {
                "not a tailor artifact (bad magic): this is a plain wasm module".to_string()
            } else {
                "not a tailor artifact (bad magic)".to_string()
            }));
        }
        let mut r = Reader {
            bytes,
            pos: MAGIC.len(),
            what: "the preamble",
        };
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(err(format!(
                "format version {version} is not supported by this tailor (expects \
                 {FORMAT_VERSION}); recompile the module with this tailor"
            )));
        }
        let total = r.u64()?;
        if total != bytes.len() as u64 {
            return Err(err(if total > bytes.len() as u64 {
                format!(
                    "truncated: the file is {} bytes but its header says {total} (incomplete \
                     copy or download?)",
                    bytes.len()
                )
            } else {
                format!(
                    "the file is {} bytes but its header says {total} (trailing data appended?)",
                    bytes.len()
                )
            }));
        }
        if bytes.len() < PREAMBLE + CHECKSUM {
            return Err(err(format!(
                "truncated at byte {} while reading the checksum",
                bytes.len()
            )));
        }
        let body_end = bytes.len() - CHECKSUM;
        if sha256(&bytes[..body_end]) != bytes[body_end..] {
            return Err(err(
                "checksum mismatch: the file was modified or corrupted".to_string()
            ));
        }
        let body = &bytes[..body_end];
        let mut r = Reader {
            bytes: body,
            pos: PREAMBLE,
            what: "the section list",
        };

        let mut sections: Vec<&[u8]> = Vec::with_capacity(SECTIONS.len());
        let mut starts = Vec::with_capacity(SECTIONS.len());
        for (id, name) in SECTIONS {
            r.what = name;
            let found = r.u32()?;
            if found != id {
                return Err(err(format!(
                    "expected section {id} ({name}) at byte {}, found section id {found}",
                    r.pos - 4
                )));
            }
            let len = r.u64()?;
            starts.push(r.pos);
            sections.push(r.take_u64(len)?);
        }
        if r.pos != body.len() {
            return Err(err(format!(
                "{} unexpected bytes after the last section at byte {}",
                body.len() - r.pos,
                r.pos
            )));
        }
        let sec = |i: usize| Reader {
            bytes: body,
            pos: starts[i],
            what: SECTIONS[i].1,
        };
        let end = |i: usize, r: &Reader<'_>| -> Result<(), CompileError> {
            let want = starts[i] + sections[i].len();
            if r.pos != want {
                return Err(err(format!(
                    "{} section has {} unexpected trailing bytes at byte {}",
                    SECTIONS[i].1,
                    want - r.pos,
                    r.pos
                )));
            }
            Ok(())
        };

        // 1: header. The section reader reads within `body` but must stop at the section's end.
        let hdr = sections[0];
        let mut h = Reader {
            bytes: &body[..starts[0] + hdr.len()],
            ..sec(0)
        };
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
        let opt_at = h.pos;
        let opt = match h.u8()? {
            0 => OptLevel::None,
            1 => OptLevel::Speed,
            2 => OptLevel::Size,
            t => {
                return Err(err(format!(
                    "unknown optimisation level tag {t} at byte {opt_at}"
                )))
            }
        };
        let n = h.count(8)?;
        let mut cranelift_flags = Vec::with_capacity(n);
        for _ in 0..n {
            let name = h.string()?;
            let value = h.string()?;
            cranelift_flags.push((name, value));
        }
        end(0, &h)?;
        let profile = CpuProfile::new(Triple::new(arch, os), features);

        // 2: module hash; 3: wasm.
        let module_hash: [u8; 32] = sections[1].try_into().map_err(|_| {
            err(format!(
                "the module hash section is {} bytes, expected 32",
                sections[1].len()
            ))
        })?;
        let wasm = sections[2].to_vec();
        if !wasm.starts_with(b"\0asm") {
            return Err(err(
                "the embedded module is not a wasm binary (bad wasm magic)".to_string(),
            ));
        }
        if sha256(&wasm) != module_hash {
            return Err(err(
                "module hash mismatch: the embedded wasm does not match the recorded hash"
                    .to_string(),
            ));
        }

        // 4: code.
        let code = sections[3].to_vec();
        let code_len = code.len() as u64;

        // 5: function table.
        let mut f = Reader {
            bytes: &body[..starts[4] + sections[4].len()],
            ..sec(4)
        };
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
        end(4, &f)?;

        // 6: trampoline table.
        let mut t = Reader {
            bytes: &body[..starts[5] + sections[5].len()],
            ..sec(5)
        };
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
        end(5, &t)?;

        // 7: relocations.
        let mut rr = Reader {
            bytes: &body[..starts[6] + sections[6].len()],
            ..sec(6)
        };
        let n = rr.count(4 + 2 + 1 + 4 + 8)?;
        let mut relocs = Vec::with_capacity(n);
        for i in 0..n {
            let offset = rr.u32()?;
            let kind_at = rr.pos;
            let kind = match (rr.u8()?, rr.u8()?) {
                (0, 0) => RelocKind::Abs8,
                (1, 0) => RelocKind::X86PcRel4,
                (2, 0) => RelocKind::Arm64Call,
                (3, k) => RelocKind::Other(k),
                (t, p) => {
                    return Err(err(format!(
                        "relocation {i}: unknown kind tag {t} (payload {p}) at byte {kind_at}"
                    )))
                }
            };
            let target_at = rr.pos;
            let target = match rr.u8()? {
                0 => RelocTarget::Func(rr.u32()?),
                1 => {
                    let name = rr.string()?;
                    if name.is_empty() {
                        return Err(err(format!("relocation {i}: empty helper name")));
                    }
                    RelocTarget::Helper(name)
                }
                2 => RelocTarget::Image(rr.u32()?),
                t => {
                    return Err(err(format!(
                        "relocation {i}: unknown target tag {t} at byte {target_at}"
                    )))
                }
            };
            let addend = rr.i64()?;
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
                        "relocation {i} points at image offset {off} but the code is \
                         {code_len} bytes"
                    )));
                }
            }
            relocs.push(Reloc {
                offset,
                kind,
                target,
                addend,
            });
        }
        end(6, &rr)?;

        Ok(Artifact {
            tailor_version,
            profile,
            opt,
            cranelift_flags,
            module_hash,
            wasm,
            image: CodeImage {
                code,
                funcs,
                trampolines,
                relocs,
            },
        })
    }
}

/// How many bytes a relocation of `kind` patches (at least one for kinds tailor cannot apply).
fn patch_width(kind: RelocKind) -> u64 {
    match kind {
        RelocKind::Abs8 => 8,
        RelocKind::X86PcRel4 | RelocKind::Arm64Call => 4,
        RelocKind::Other(_) => 1,
    }
}

fn opt_tag(opt: OptLevel) -> u8 {
    match opt {
        OptLevel::None => 0,
        OptLevel::Speed => 1,
        OptLevel::Size => 2,
    }
}

fn kind_tag(kind: RelocKind) -> (u8, u8) {
    match kind {
        RelocKind::Abs8 => (0, 0),
        RelocKind::X86PcRel4 => (1, 0),
        RelocKind::Arm64Call => (2, 0),
        RelocKind::Other(k) => (3, k),
    }
}

fn err(msg: String) -> CompileError {
    CompileError::Artifact(msg)
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

/// A bounds-checked little-endian cursor; `what` names the part being read for error messages.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    what: &'static str,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], CompileError> {
        match self.pos.checked_add(n) {
            Some(end) if end <= self.bytes.len() => {
                let s = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            _ => Err(self.truncated()),
        }
    }

    fn take_u64(&mut self, n: u64) -> Result<&'a [u8], CompileError> {
        let n = usize::try_from(n).map_err(|_| self.truncated())?;
        self.take(n)
    }

    fn truncated(&self) -> CompileError {
        err(format!(
            "truncated at byte {} while reading {}",
            self.bytes.len(),
            self.what
        ))
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], CompileError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u8(&mut self) -> Result<u8, CompileError> {
        Ok(self.array::<1>()?[0])
    }

    fn u32(&mut self) -> Result<u32, CompileError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, CompileError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn i64(&mut self) -> Result<i64, CompileError> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    /// A `u32` element count, checked against the bytes left (each element takes at least
    /// `min_size` bytes), so a corrupted count cannot cause a huge allocation.
    fn count(&mut self, min_size: usize) -> Result<usize, CompileError> {
        let at = self.pos;
        let n = self.u32()? as usize;
        let left = self.bytes.len() - self.pos;
        if n.saturating_mul(min_size) > left {
            return Err(err(format!(
                "truncated at byte {} while reading {}: the count at byte {at} says {n} \
                 entries, which do not fit in the {left} bytes left",
                self.bytes.len(),
                self.what
            )));
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, CompileError> {
        let len = self.u32()? as usize;
        let at = self.pos;
        let raw = self.take(len)?;
        String::from_utf8(raw.to_vec()).map_err(|_| {
            err(format!(
                "invalid UTF-8 in a string at byte {at} while reading {}",
                self.what
            ))
        })
    }
}

/// SHA-256 (FIPS 180-4) of `data`: the module hash and the artifact checksum.
///
/// Implemented here because no hashing crate is a dependency of the workspace.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let compress = |h: &mut [u32; 8], block: &[u8]| {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = *h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, v) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(v);
        }
    };
    let mut blocks = data.chunks_exact(64);
    for block in &mut blocks {
        compress(&mut h, block);
    }
    // Padding: 0x80, zeros, then the bit length as a big-endian u64 (one or two final blocks).
    let rest = blocks.remainder();
    let mut tail = [0u8; 128];
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let tail_len = if rest.len() < 56 { 64 } else { 128 };
    let bits = (data.len() as u64).wrapping_mul(8);
    tail[tail_len - 8..tail_len].copy_from_slice(&bits.to_be_bytes());
    for block in tail[..tail_len].chunks_exact(64) {
        compress(&mut h, block);
    }
    let mut out = [0u8; 32];
    for (chunk, v) in out.chunks_exact_mut(4).zip(h) {
        chunk.copy_from_slice(&v.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    fn sample() -> Artifact {
        let profile = CpuProfile::preset("x86-64-v3").unwrap();
        let wasm =
            wat::parse_str("(module (func (export \"f\") (result i32) i32.const 7))").unwrap();
        let image = CodeImage {
            code: (0..200u32).map(|i| (i * 7) as u8).collect(),
            funcs: vec![(0, 64), (64, 40)],
            trampolines: vec![(0, 104), (3, 150)],
            relocs: vec![
                Reloc {
                    offset: 10,
                    kind: RelocKind::X86PcRel4,
                    target: RelocTarget::Func(1),
                    addend: -4,
                },
                Reloc {
                    offset: 20,
                    kind: RelocKind::Abs8,
                    target: RelocTarget::Helper("ceil_f32".into()),
                    addend: 0,
                },
                Reloc {
                    offset: 70,
                    kind: RelocKind::Arm64Call,
                    target: RelocTarget::Image(104),
                    addend: i64::MIN,
                },
                Reloc {
                    offset: 199,
                    kind: RelocKind::Other(42),
                    target: RelocTarget::Image(200),
                    addend: i64::MAX,
                },
            ],
        };
        Artifact::new(profile, OptLevel::Size, wasm, image)
    }

    /// Recomputes the length field and checksum of a hand-edited artifact.
    fn reseal(bytes: &mut Vec<u8>) {
        bytes.truncate(bytes.len() - CHECKSUM);
        let total = (bytes.len() + CHECKSUM) as u64;
        bytes[12..20].copy_from_slice(&total.to_le_bytes());
        let sum = sha256(bytes);
        bytes.extend_from_slice(&sum);
    }

    fn message(r: Result<Artifact, CompileError>) -> String {
        match r {
            Ok(_) => panic!("expected an error"),
            Err(CompileError::Artifact(m)) => m,
            Err(e) => panic!("expected an artifact error, got {e}"),
        }
    }

    /// A small xorshift generator (no `rand` in the workspace).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn artifact_sha256_matches_known_vectors() {
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hex(&sha256(&vec![b'a'; 1_000_000])),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn artifact_round_trips() {
        let a = sample();
        let bytes = a.to_bytes();
        assert!(is_artifact(&bytes));
        assert!(!is_artifact(&a.wasm));
        assert_eq!(&bytes[..8], b"\0twasm\r\n");
        let b = Artifact::from_bytes(&bytes).unwrap();
        assert_eq!(a, b);
        assert_eq!(b.to_bytes(), bytes);
        assert!(b
            .cranelift_flags
            .contains(&("has_avx2".to_string(), "true".to_string())));
        assert!(b
            .cranelift_flags
            .contains(&("opt_level".to_string(), "speed_and_size".to_string())));

        // Every known architecture, an empty image and every opt level.
        for (preset, opt) in [
            ("aarch64+lse", OptLevel::None),
            ("riscv64gc+v", OptLevel::Speed),
            ("s390x-z15", OptLevel::Size),
            ("x86-64-v1", OptLevel::Speed),
        ] {
            let p = CpuProfile::preset(preset).unwrap();
            let a = Artifact::new(p, opt, b"\0asm\x01\0\0\0".to_vec(), CodeImage::default());
            assert_eq!(Artifact::from_bytes(&a.to_bytes()).unwrap(), a, "{preset}");
        }
    }

    #[test]
    fn artifact_of_a_compiled_module_round_trips() {
        let wasm = wat::parse_str(
            "(module (func $f (export \"f\") (param i32) (result i32)
                local.get 0 i32.const 1 i32.add call $g)
               (func $g (param i32) (result i32) local.get 0 f32.convert_i32_s f32.ceil
                i32.trunc_f32_s))",
        )
        .unwrap();
        let profile = CpuProfile::preset("x86-64-v2").unwrap();
        let module = tailor_module::Module::new(&wasm).unwrap();
        let opts = crate::CompileOptions::new(profile.clone());
        let compiled = crate::compile_module(&module, &opts).unwrap();
        let a = Artifact::new(profile, opts.opt, wasm, compiled.image);
        assert_eq!(a.image.funcs.len(), 2);
        assert_eq!(Artifact::from_bytes(&a.to_bytes()).unwrap(), a);
    }

    #[test]
    fn artifact_truncations_are_errors() {
        let bytes = sample().to_bytes();
        for n in 0..bytes.len() {
            let m = message(Artifact::from_bytes(&bytes[..n]));
            assert!(
                m.contains("truncated") || m.contains("bad magic"),
                "length {n}: {m}"
            );
        }
        let m = message(Artifact::from_bytes(&bytes[..bytes.len() - 1]));
        assert!(m.contains("incomplete copy"), "{m}");
        let mut long = bytes.clone();
        long.push(0);
        assert!(message(Artifact::from_bytes(&long)).contains("trailing data"));
    }

    #[test]
    fn artifact_random_mutations_are_detected() {
        let bytes = sample().to_bytes();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..2000 {
            let mut b = bytes.clone();
            let at = (rng.next() % b.len() as u64) as usize;
            let delta = (rng.next() % 255 + 1) as u8;
            b[at] = b[at].wrapping_add(delta);
            let m = message(Artifact::from_bytes(&b));
            let expected = if at < 8 {
                "bad magic"
            } else if at < 12 {
                "format version"
            } else if at < 20 {
                "header says"
            } else {
                "checksum mismatch"
            };
            assert!(m.contains(expected), "byte {at}: {m}");
        }
    }

    #[test]
    fn artifact_resealed_mutations_never_panic() {
        // With a valid checksum the parser itself must reject (or accept) every mutation cleanly.
        let bytes = sample().to_bytes();
        let mut rng = Rng(0x1234_5678_9abc_def1);
        for i in 0..5000 {
            let mut b = bytes.clone();
            for _ in 0..1 + i % 3 {
                let at = PREAMBLE + (rng.next() % (b.len() - PREAMBLE - CHECKSUM) as u64) as usize;
                b[at] = rng.next() as u8;
            }
            reseal(&mut b);
            if let Ok(a) = Artifact::from_bytes(&b) {
                // Whatever was accepted is self-consistent: it serialises and reads back the same.
                assert_eq!(Artifact::from_bytes(&a.to_bytes()).unwrap(), a);
            }
        }
        // Truncated sections inside a resealed file report the section.
        let mut b = bytes.clone();
        b.truncate(b.len() - CHECKSUM - 3);
        b.extend_from_slice(&[0; CHECKSUM]);
        reseal(&mut b);
        let m = message(Artifact::from_bytes(&b));
        assert!(
            m.contains("truncated at byte") && m.contains("relocations"),
            "{m}"
        );
    }

    #[test]
    fn artifact_bad_magic_and_future_version() {
        let bytes = sample().to_bytes();
        let m = message(Artifact::from_bytes(&sample().wasm));
        assert!(m.contains("bad magic") && m.contains("plain wasm"), "{m}");
        assert!(message(Artifact::from_bytes(b"hello world")).contains("bad magic"));
        assert!(message(Artifact::from_bytes(b"")).contains("bad magic"));
        let mut b = bytes.clone();
        b[8..12].copy_from_slice(&3u32.to_le_bytes());
        reseal(&mut b);
        assert_eq!(
            message(Artifact::from_bytes(&b)),
            "format version 3 is not supported by this tailor (expects 1); recompile the \
             module with this tailor"
        );
    }

    /// The byte offset of relocation `index`'s `offset` field in `bytes`.
    fn reloc_offset_field(a: &Artifact, bytes: &[u8], index: usize) -> usize {
        let reloc_section_len = {
            let mut s = 4;
            for r in &a.image.relocs {
                s += 4 + 2 + 1 + 8;
                s += match &r.target {
                    RelocTarget::Helper(n) => 4 + n.len(),
                    _ => 4,
                };
            }
            s
        };
        let start = bytes.len() - CHECKSUM - reloc_section_len;
        let mut at = start + 4;
        for r in &a.image.relocs[..index] {
            at += 4 + 2 + 1 + 8;
            at += match &r.target {
                RelocTarget::Helper(n) => 4 + n.len(),
                _ => 4,
            };
        }
        at
    }

    #[test]
    fn artifact_reloc_past_the_code_is_refused() {
        let a = sample();
        let bytes = a.to_bytes();
        let code_len = a.image.code.len() as u32;
        // Relocation 1 is an Abs8: patching the last 7 bytes would write past the end.
        let at = reloc_offset_field(&a, &bytes, 1);
        assert_eq!(bytes[at..at + 4], 20u32.to_le_bytes());
        let mut b = bytes.clone();
        b[at..at + 4].copy_from_slice(&(code_len - 7).to_le_bytes());
        reseal(&mut b);
        let m = message(Artifact::from_bytes(&b));
        assert!(m.contains("relocation 1 patches bytes 193..201"), "{m}");
        // Exactly at the end is fine.
        let mut b = bytes.clone();
        b[at..at + 4].copy_from_slice(&(code_len - 8).to_le_bytes());
        reseal(&mut b);
        Artifact::from_bytes(&b).unwrap();
        // A huge offset cannot overflow the check.
        let mut b = bytes.clone();
        b[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        reseal(&mut b);
        assert!(message(Artifact::from_bytes(&b)).contains("relocation 1"));

        // Through the public API too: image offsets and function and trampoline tables.
        let mut bad = a.clone();
        bad.image.relocs[2].target = RelocTarget::Image(code_len + 1);
        assert!(message(Artifact::from_bytes(&bad.to_bytes())).contains("image offset 201"));
        let mut bad = a.clone();
        bad.image.funcs[1] = (190, 11);
        assert!(message(Artifact::from_bytes(&bad.to_bytes())).contains("function 1"));
        let mut bad = a.clone();
        bad.image.trampolines[1] = (3, code_len);
        assert!(message(Artifact::from_bytes(&bad.to_bytes())).contains("trampoline for type 3"));
        let mut bad = a.clone();
        bad.image.trampolines[1] = (0, 1);
        assert!(message(Artifact::from_bytes(&bad.to_bytes())).contains("two trampolines"));
        let mut bad = a;
        bad.wasm.push(0);
        assert!(message(Artifact::from_bytes(&bad.to_bytes())).contains("module hash mismatch"));
    }

    #[test]
    fn artifact_unknown_arch_and_features_are_named() {
        // Rename the architecture and a feature in place (same lengths), then reseal.
        let a = sample();
        let bytes = a.to_bytes();
        let find = |b: &[u8], pat: &[u8]| b.windows(pat.len()).position(|w| w == pat).unwrap();
        let mut b = bytes.clone();
        let at = find(&b, b"x86_64");
        b[at..at + 6].copy_from_slice(b"mips64");
        reseal(&mut b);
        let m = message(Artifact::from_bytes(&b));
        assert!(m.contains("unknown target architecture `mips64`"), "{m}");
        let mut b = bytes.clone();
        let at = find(&b, b"\x04\0\0\0avx2");
        b[at + 4..at + 8].copy_from_slice(b"avx9");
        let at = find(&b, b"\x04\0\0\0bmi2");
        b[at + 4..at + 8].copy_from_slice(b"neon");
        reseal(&mut b);
        let m = message(Artifact::from_bytes(&b));
        assert!(m.contains("unknown CPU features for x86_64: "), "{m}");
        assert!(m.contains("avx9") && m.contains("neon"), "{m}");
    }
}
