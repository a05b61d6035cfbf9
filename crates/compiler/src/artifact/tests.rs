//! Tests of the artifact format: round trips, the SHA-256 vectors, and corrupted or hostile files.

use super::*;
use crate::code_image::{Reloc, RelocTarget};

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn sample() -> Artifact {
    let profile = CpuProfile::preset("x86-64-v3").unwrap();
    let wasm = wat::parse_str("(module (func (export \"f\") (result i32) i32.const 7))").unwrap();
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
fn artifact_execution_section_round_trips_and_is_checked() {
    let a = sample()
        .with_relaxed_simd(RelaxedMode::Deterministic)
        .with_interpreted(vec![0]);
    let bytes = a.to_bytes();
    let b = Artifact::from_bytes(&bytes).unwrap();
    assert_eq!(b.relaxed_simd, RelaxedMode::Deterministic);
    assert_eq!(b.interpreted, vec![0]);
    // The section comes last before the passes section (id, length, count, names) and the
    // checksum: tag, count, then the indices.
    let passes_len = 4
        + 8
        + 4
        + a.passes
            .passes()
            .iter()
            .map(|p| 4 + p.name().len())
            .sum::<usize>();
    let at = bytes.len() - CHECKSUM - passes_len - 9;
    assert_eq!(bytes[at + 1..at + 5], 1u32.to_le_bytes());
    assert_eq!(bytes[at], 1);
    let mut bad = bytes.clone();
    bad[at] = 7;
    reseal(&mut bad);
    let m = message(Artifact::from_bytes(&bad));
    assert!(m.contains("unknown relaxed-SIMD mode tag 7"), "{m}");
    // More interpreted functions than defined ones, or out of order.
    let three = sample().with_interpreted(vec![0, 1, 1]).to_bytes();
    let m = message(Artifact::from_bytes(&three));
    assert!(m.contains("3 interpreted functions for 2 defined"), "{m}");
    let unordered = sample().with_interpreted(vec![1, 0]).to_bytes();
    let m = message(Artifact::from_bytes(&unordered));
    assert!(m.contains("not in ascending order at function 0"), "{m}");
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
        m.contains("truncated at byte") && m.contains("passes"),
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
    b[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    reseal(&mut b);
    assert_eq!(
        message(Artifact::from_bytes(&b)),
        format!(
            "format version {} is not supported by this tailor (expects {FORMAT_VERSION}); \
             recompile the module with this tailor",
            FORMAT_VERSION + 1
        )
    );
    // Version 1 (before the passes section) is refused the same way.
    let mut b = bytes.clone();
    b[8..12].copy_from_slice(&1u32.to_le_bytes());
    reseal(&mut b);
    assert!(message(Artifact::from_bytes(&b)).contains("format version 1 is not supported"));
}

#[test]
fn artifact_records_the_pass_pipeline() {
    use crate::passes::{Pass, Pipeline};
    let a = sample();
    assert_eq!(a.passes, Pipeline::default_for(&a.profile));
    for p in [
        Pipeline::none(),
        Pipeline::from_passes(&[Pass::Verify, Pass::Bce]),
        Pipeline::all(),
    ] {
        let a = sample().with_passes(p.clone());
        let b = Artifact::from_bytes(&a.to_bytes()).unwrap();
        assert_eq!(b.passes, p);
    }
    // An unknown pass name (same length, so only the name changes) is named.
    let a = sample().with_passes(Pipeline::from_passes(&[Pass::Hoist]));
    let mut bytes = a.to_bytes();
    let at = bytes
        .windows(5)
        .rposition(|w| w == b"hoist")
        .expect("the pass name is in the file");
    bytes[at..at + 5].copy_from_slice(b"hoisy");
    reseal(&mut bytes);
    let m = message(Artifact::from_bytes(&bytes));
    assert!(m.contains("unknown pass `hoisy`"), "{m}");
    // A pass listed twice.
    let mut bytes = sample()
        .with_passes(Pipeline::from_passes(&[Pass::Bce, Pass::Hoist]))
        .to_bytes();
    let at = bytes.windows(5).rposition(|w| w == b"hoist").unwrap();
    bytes[at - 4..at].copy_from_slice(&3u32.to_le_bytes());
    bytes[at..at + 3].copy_from_slice(b"bce");
    // `hoist` became `bce` + 2 trailing bytes: a repeated pass and a length error; the repeat is
    // found first.
    reseal(&mut bytes);
    let m = message(Artifact::from_bytes(&bytes));
    assert!(m.contains("listed twice"), "{m}");
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
    // Sections 8 (execution: id, length, mode tag, the interpreted list) and 9 (passes: id,
    // length, then a count and the names) follow.
    let execution = 4 + 8 + 1 + 4 + 4 * a.interpreted.len();
    let passes_section_len = 4
        + 8
        + 4
        + a.passes
            .passes()
            .iter()
            .map(|p| 4 + p.name().len())
            .sum::<usize>();
    let start = bytes.len() - CHECKSUM - passes_section_len - execution - reloc_section_len;
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
