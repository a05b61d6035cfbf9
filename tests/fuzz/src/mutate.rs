//! The second target: mutated modules and mutated artifacts fed to every loader.
//!
//! What is promised (docs/artifact.md, `Module::from_artifact`) and therefore checked:
//! - a module's bytes with flips, overwrites, insertions or truncation: `Module::new`,
//!   `Module::from_binary` (interpreter and JIT engines) return `Ok` or `Err`, never panic; a mutant
//!   the interpreter accepts must also compile on the JIT;
//! - an artifact with any byte changed, bytes inserted or removed, or truncated, *without* fixing its
//!   checksum: refused (`Artifact::from_bytes` and `Module::from_artifact` both return `Err`; with
//!   `fallback_interp` too, since a corrupt file is never fallen back from);
//! - an artifact whose preamble, header, hashes, tables or relocations were changed *and whose length
//!   and checksum were then recomputed* (a hand-edited file): loading returns `Ok` or `Err`, never
//!   panics, and never writes outside the code it maps (the process would crash). Such an artifact
//!   is not run: artifacts are trusted native code (docs/artifact.md, "Trust"), so one whose code or
//!   relocations were edited consistently may well load and would run whatever it now contains;
//!   [`code_edit_loads`] demonstrates exactly that and the harness reports it as documented, not as a
//!   bug;
//! - an artifact for a CPU this host cannot run: refused naming the missing features, or run in the
//!   interpreter with a notice under `fallback_interp`.

use std::panic::{self, AssertUnwindSafe};

use tailor_compiler::artifact::{sha256, Artifact};
use tailor_runtime::{CpuProfile, Engine, Module, OptLevel, Tier};

use crate::rng::Rng;
use crate::tiers::engine_config;

/// What the mutation target saw for one module.
#[derive(Debug, Clone, Default)]
pub struct MutationReport {
    /// Mutants fed to the loaders.
    pub mutants: usize,
    /// Checksum-fixed artifact mutants that loaded (allowed: see the module docs).
    pub fixed_accepted: usize,
    /// Broken promises: panics, corrupt artifacts accepted, valid mutants not compiled.
    pub problems: Vec<String>,
}

/// Runs the mutation target on module `wasm` (a valid module) with `mutants` mutants of each kind.
pub fn check_mutations(seed: u64, wasm: &[u8], mutants: usize) -> MutationReport {
    let mut rng = Rng::new(seed ^ 0x6d75_7461_7465);
    let mut report = MutationReport::default();
    let interp = Engine::new(&engine_config(&CpuProfile::host(), Tier::Interp));
    let jit = Engine::new(&engine_config(&CpuProfile::host(), Tier::Jit));
    for _ in 0..mutants {
        let mutant = mutate_bytes(wasm, &mut rng);
        report.mutants += 1;
        check_module_mutant(&mutant, &interp, &jit, &mut report);
    }
    let artifact = match crate::tiers::artifact(wasm, &CpuProfile::host(), OptLevel::Speed) {
        Ok(a) => a,
        Err(e) => {
            report
                .problems
                .push(format!("compile_artifact failed: {e}"));
            return report;
        }
    };
    let mut fallback = engine_config(&CpuProfile::host(), Tier::Jit);
    fallback.fallback_interp(true);
    let fallback = Engine::new(&fallback);
    for _ in 0..mutants {
        // Corrupt: the checksum must catch it.
        let mutant = mutate_bytes(&artifact, &mut rng);
        if mutant == artifact {
            continue;
        }
        report.mutants += 1;
        for engine in [&jit, &fallback] {
            match guarded(|| Module::from_artifact(engine, &mutant).map(drop)) {
                Ok(Ok(())) => report.problems.push(format!(
                    "a corrupted artifact ({} bytes, original {}) was accepted",
                    mutant.len(),
                    artifact.len()
                )),
                Ok(Err(_)) => {}
                Err(p) => report.problems.push(format!("from_artifact(corrupt): {p}")),
            }
        }
        // Hand-edited: the same kind of change outside the code, then the checksum recomputed.
        let mutant = fix_checksum(edit_metadata(&artifact, &mut rng));
        if mutant == artifact {
            // The edit was undone (the length field, the module hash) or wrote what was there.
            continue;
        }
        report.mutants += 1;
        let _ = guarded(|| Artifact::from_bytes(&mutant).map(drop)).map_err(|p| {
            report
                .problems
                .push(format!("Artifact::from_bytes(edited): {p}"))
        });
        match guarded(|| Module::from_artifact(&jit, &mutant).map(drop)) {
            Ok(Ok(())) => report.fixed_accepted += 1,
            Ok(Err(_)) => {}
            Err(p) => report.problems.push(format!("from_artifact(edited): {p}")),
        }
    }
    report
}

fn check_module_mutant(mutant: &[u8], interp: &Engine, jit: &Engine, report: &mut MutationReport) {
    let accepted = match guarded(|| {
        let m = Module::new(interp, mutant)?;
        m.translate_all()?;
        Ok::<_, tailor_runtime::Error>(())
    }) {
        Ok(r) => r.is_ok(),
        Err(p) => {
            report
                .problems
                .push(format!("Module::new(interp) on a mutant: {p}"));
            return;
        }
    };
    if let Err(p) = guarded(|| Module::from_binary(interp, mutant).map(drop)) {
        report
            .problems
            .push(format!("Module::from_binary on a mutant: {p}"));
    }
    match guarded(|| Module::new(jit, mutant).map(drop)) {
        Ok(Ok(())) => {}
        Ok(Err(e)) if accepted => report.problems.push(format!(
            "a mutant the interpreter accepts does not compile on the JIT: {e}"
        )),
        Ok(Err(_)) => {}
        Err(p) => report
            .problems
            .push(format!("Module::new(jit) on a mutant: {p}")),
    }
    if let Err(p) = guarded(|| Module::from_artifact(jit, mutant).map(drop)) {
        report
            .problems
            .push(format!("from_artifact on module bytes: {p}"));
    }
}

/// One to four random edits of `bytes`: bit flips, interesting bytes, 32-bit overwrites,
/// insertions, deletions, truncation.
pub fn mutate_bytes(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..rng.range(1, 4) {
        edit(&mut out, 0, bytes.len(), rng);
    }
    out
}

/// One edit inside `out[lo..hi]` (clamped to the current length).
fn edit(out: &mut Vec<u8>, lo: usize, hi: usize, rng: &mut Rng) {
    let hi = hi.min(out.len());
    if hi <= lo {
        out.push(rng.next_u32() as u8);
        return;
    }
    let at = rng.range(lo as u64, hi as u64 - 1) as usize;
    match rng.below(7) {
        0 => out[at] ^= 1 << rng.below(8),
        1 => out[at] = *rng.pick(&[0x00, 0x01, 0x7f, 0x80, 0xff, 0x40, 0x0b, 0x10]),
        2 => {
            let v: u32 = *rng.pick(&[0, 1, 0x7fff_ffff, 0xffff_ffff, 0x8000_0000, 0xffff, 64]);
            for (i, b) in v.to_le_bytes().iter().enumerate() {
                if let Some(x) = out.get_mut(at + i) {
                    *x = *b;
                }
            }
        }
        3 => {
            let n = rng.range(1, 16) as usize;
            let ins = rng.bytes(n);
            out.splice(at..at, ins);
        }
        4 => {
            let n = (rng.range(1, 16) as usize).min(out.len() - at);
            out.drain(at..at + n);
        }
        5 => out.truncate(at),
        _ => out[at] = rng.next_u32() as u8,
    }
}

/// The sections of an artifact: `(id, start of the section header, end of its payload)`.
fn sections(art: &[u8]) -> Vec<(u32, usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 20;
    let end = art.len().saturating_sub(32);
    while pos + 12 <= end {
        let id = u32::from_le_bytes(art[pos..pos + 4].try_into().unwrap_or_default());
        let len = u64::from_le_bytes(art[pos + 4..pos + 12].try_into().unwrap_or_default());
        let stop = (pos as u64 + 12).saturating_add(len).min(end as u64) as usize;
        out.push((id, pos, stop));
        pos = stop;
    }
    out
}

/// The section id of the machine code.
const CODE_SECTION: u32 = 4;

/// An edit of an artifact anywhere but in the machine code: the preamble, a section header, or the
/// payload of the header, module-hash, wasm, function-table, trampoline or relocation section. When
/// the embedded wasm changed, the module hash is recomputed too, so the edit gets past that check.
pub fn edit_metadata(art: &[u8], rng: &mut Rng) -> Vec<u8> {
    let secs = sections(art);
    let mut body = art[..art.len().saturating_sub(32)].to_vec();
    let (lo, hi) = match rng.below(4) {
        0 => (0, 20),
        _ => {
            let &(id, start, end) = rng.pick(&secs);
            // The code's header only (its bytes are machine code, not validated by design);
            // other sections: sometimes the header, mostly the payload.
            if id == CODE_SECTION || rng.chance(1, 3) {
                (start, start + 12)
            } else {
                (start, end)
            }
        }
    };
    edit(&mut body, lo, hi, rng);
    if rng.chance(1, 2) {
        rehash_module(&mut body);
    }
    body.extend_from_slice(&[0; 32]);
    body
}

/// Recomputes the module hash (section 2) from the embedded wasm (section 3), if both still parse.
fn rehash_module(body: &mut [u8]) {
    let secs = sections(body);
    let hash = secs.iter().find(|s| s.0 == 2).copied();
    let wasm = secs.iter().find(|s| s.0 == 3).copied();
    if let (Some((_, h, he)), Some((_, w, we))) = (hash, wasm) {
        if he - (h + 12) == 32 {
            let sum = sha256(&body[w + 12..we]);
            body[h + 12..he].copy_from_slice(&sum);
        }
    }
}

/// Sets the total length (bytes 12..20) to the file's length and recomputes the trailing SHA-256,
/// as someone editing an artifact by hand would.
pub fn fix_checksum(mut art: Vec<u8>) -> Vec<u8> {
    if art.len() < 52 {
        return art;
    }
    let len = art.len() as u64;
    art[12..20].copy_from_slice(&len.to_le_bytes());
    let n = art.len() - 32;
    let sum = sha256(&art[..n]);
    art[n..].copy_from_slice(&sum);
    art
}

/// Whether an artifact of `wasm` whose machine code was changed (and checksum recomputed) still
/// loads: the documented trust model says it does, since code cannot be validated.
pub fn code_edit_loads(wasm: &[u8]) -> Result<bool, String> {
    let art = crate::tiers::artifact(wasm, &CpuProfile::host(), OptLevel::Speed)?;
    let (_, start, end) = sections(&art)
        .into_iter()
        .find(|s| s.0 == CODE_SECTION)
        .ok_or("no code section")?;
    if end <= start + 12 {
        return Err("empty code section".into());
    }
    let mut edited = art.clone();
    edited[start + 12] ^= 0xff;
    let edited = fix_checksum(edited);
    let engine = Engine::new(&engine_config(&CpuProfile::host(), Tier::Jit));
    Ok(Module::from_artifact(&engine, &edited).is_ok())
}

/// An artifact for a profile this host cannot run is refused with the missing features named, and
/// runs in the interpreter under `fallback_interp`. `None` when every preset of the host's
/// architecture runs here (nothing to check).
pub fn check_foreign_artifact(wasm: &[u8]) -> Option<Result<(), String>> {
    let host = CpuProfile::host();
    let foreign = CpuProfile::presets_for(host.arch())
        .into_iter()
        .filter_map(|p| CpuProfile::preset(p).ok())
        .find(|p| p.check_runs_on(&host).is_err())?;
    Some((|| {
        let art = tailor_runtime::compile_artifact(wasm, &foreign, OptLevel::Speed)
            .map_err(|e| format!("compile_artifact: {e}"))?;
        let engine = Engine::new(&engine_config(&host, Tier::Jit));
        match Module::from_artifact(&engine, &art) {
            Ok(_) => return Err("an artifact for a CPU this host lacks was loaded".into()),
            Err(e) if e.to_string().contains("missing features") => {}
            Err(e) => return Err(format!("refused, but without naming the features: {e}")),
        }
        let mut c = engine_config(&host, Tier::Jit);
        c.fallback_interp(true);
        let m = Module::from_artifact(&Engine::new(&c), &art)
            .map_err(|e| format!("fallback_interp refused it: {e}"))?;
        if m.is_compiled() || m.load_notice().is_none() {
            return Err("fallback_interp: not interpreted, or no notice".into());
        }
        Ok(())
    })())
}

fn guarded<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
        p.downcast_ref::<&str>()
            .map(|s| format!("panicked: {s}"))
            .or_else(|| p.downcast_ref::<String>().map(|s| format!("panicked: {s}")))
            .unwrap_or_else(|| "panicked".into())
    })
}
