//! AOT artifacts in the runtime: writing one from a compiled module, and loading one only after
//! checking that this host can run it (or falling back to the interpreter when asked).

use crate::compiled::{compile_error, CompiledCode};
use crate::{Engine, Error, Module};
use std::sync::Arc;
use tailor_compiler::{Artifact, CompileOptions, OptLevel};
use tailor_cpu::CpuProfile;

/// Compiles `wasm` (binary or text) for `profile` at `opt` and returns the artifact's bytes. The
/// target may be any architecture Cranelift supports; nothing is run.
pub fn compile_artifact(
    wasm: &[u8],
    profile: &CpuProfile,
    opt: OptLevel,
) -> Result<Vec<u8>, Error> {
    compile_artifact_limited(wasm, profile, opt, tailor_compiler::MAX_FUNCTION_SIZE)
}

/// [`compile_artifact`], refusing a function larger than `max_function_size` bytes of code with
/// [`Error::Resource`] naming it (see [`crate::Config::max_function_size`]).
pub fn compile_artifact_limited(
    wasm: &[u8],
    profile: &CpuProfile,
    opt: OptLevel,
    max_function_size: usize,
) -> Result<Vec<u8>, Error> {
    compile_artifact_with(wasm, &options(profile, opt, max_function_size))
}

/// Compiles `wasm` (binary or text) with every compiler option given (target, CPU, optimisation
/// level, relaxed-SIMD mode, pass pipeline, limits) and returns the artifact's bytes, which record
/// the relaxed-SIMD mode and the pass pipeline.
pub fn compile_artifact_with(wasm: &[u8], opts: &CompileOptions) -> Result<Vec<u8>, Error> {
    let info = tailor_module::Module::new(wasm)?;
    let compiled = tailor_compiler::compile_module(&info, opts).map_err(compile_error)?;
    Ok(Artifact::new(
        opts.profile.clone(),
        opts.opt,
        info.bytes.to_vec(),
        compiled.image,
    )
    .with_relaxed_simd(opts.relaxed_simd)
    .with_interpreted(compiled.interpreted)
    .with_passes(opts.passes.clone())
    .to_bytes())
}

/// Compiles `wasm` for `profile` into a relocatable object with the C ABI of `docs/c-abi.md`;
/// returns the object and its C header.
pub fn compile_object(
    wasm: &[u8],
    profile: &CpuProfile,
    opt: OptLevel,
) -> Result<(Vec<u8>, String), Error> {
    compile_object_limited(wasm, profile, opt, tailor_compiler::MAX_FUNCTION_SIZE)
}

/// [`compile_object`], refusing a function larger than `max_function_size` bytes of code with
/// [`Error::Resource`] naming it.
pub fn compile_object_limited(
    wasm: &[u8],
    profile: &CpuProfile,
    opt: OptLevel,
    max_function_size: usize,
) -> Result<(Vec<u8>, String), Error> {
    compile_object_with(wasm, &options(profile, opt, max_function_size))
}

/// [`compile_object`] with every compiler option given.
pub fn compile_object_with(wasm: &[u8], opts: &CompileOptions) -> Result<(Vec<u8>, String), Error> {
    let info = tailor_module::Module::new(wasm)?;
    let out = tailor_compiler::compile_object(&info, opts).map_err(compile_error)?;
    Ok((out.object, out.header))
}

/// Cranelift's disassembly of every defined function of `wasm` compiled for `profile`.
pub fn compile_disassembly(
    wasm: &[u8],
    profile: &CpuProfile,
    opt: OptLevel,
) -> Result<String, Error> {
    compile_disassembly_with(
        wasm,
        &options(profile, opt, tailor_compiler::MAX_FUNCTION_SIZE),
    )
}

/// [`compile_disassembly`] with every compiler option given.
pub fn compile_disassembly_with(wasm: &[u8], opts: &CompileOptions) -> Result<String, Error> {
    let info = tailor_module::Module::new(wasm)?;
    let mut opts = opts.clone();
    opts.disassemble = true;
    let compiled =
        tailor_compiler::compile_module(&info, &opts).map_err(|e| Error::Compile(e.to_string()))?;
    let mut out = format!(
        "; target {}, -O {}, relaxed SIMD {}, passes {}\n",
        opts.profile,
        opts.opt.name(),
        opts.relaxed_simd,
        opts.passes
    );
    for (i, text) in compiled.disassembly.iter().enumerate() {
        let f = info.num_imported_funcs + i as u32;
        out.push_str(&format!(
            "\n;; function {} ({})\n{text}",
            f,
            info.display_func_name(f)
        ));
    }
    Ok(out)
}

/// Compiler options for `profile` at `opt` with a function size limit, the rest default.
fn options(profile: &CpuProfile, opt: OptLevel, max_function_size: usize) -> CompileOptions {
    let mut opts = CompileOptions::new(profile.clone());
    opts.opt = opt;
    opts.max_function_size = max_function_size;
    opts
}

/// Parses and checks an artifact's layout (not whether this host can run it), for inspection.
pub fn read_artifact(bytes: &[u8]) -> Result<Artifact, Error> {
    Artifact::from_bytes(bytes).map_err(|e| Error::Compile(e.to_string()))
}

/// Whether `bytes` start like a tailor artifact.
pub fn is_artifact(bytes: &[u8]) -> bool {
    tailor_compiler::artifact::is_artifact(bytes)
}

/// Why an artifact's code computes other relaxed-SIMD results than the engine is configured for, if
/// it does: compiled in another mode, for a profile where the two modes differ, and the module
/// uses a relaxed-SIMD operator.
fn relaxed_refusal(
    art: &Artifact,
    info: &tailor_module::Module,
    engine_mode: tailor_cpu::RelaxedMode,
) -> Option<String> {
    use tailor_cpu::RelaxedSemantics;
    let differ = art.relaxed_simd != engine_mode
        && RelaxedSemantics::new(&art.profile, art.relaxed_simd)
            != RelaxedSemantics::new(&art.profile, engine_mode);
    (differ && tailor_compiler::uses_relaxed_simd(info)).then(|| {
        format!(
            "the artifact's relaxed SIMD was compiled {}, but the engine is configured for {}; \
             recompile it with --relaxed-simd {}",
            art.relaxed_simd, engine_mode, engine_mode
        )
    })
}

/// Why an artifact cannot run here, if it cannot: another tailor version, architecture or OS, or
/// CPU features this host lacks (named).
fn host_refusal(art: &Artifact, host: &CpuProfile) -> Option<String> {
    let ours = env!("CARGO_PKG_VERSION");
    if art.tailor_version != ours {
        return Some(format!(
            "the artifact was made by tailor {} and this is tailor {ours}; recompile it",
            art.tailor_version
        ));
    }
    if art.profile.triple() != host.triple() {
        return Some(format!(
            "the artifact was compiled for {}, but this host is {} (wrong architecture or OS)",
            art.profile.triple(),
            host.triple()
        ));
    }
    let missing = art.profile.missing_on(host);
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|f| f.name()).collect();
        return Some(format!(
            "this CPU lacks features the artifact's code needs: missing features: {}",
            names.join(", ")
        ));
    }
    None
}

impl Module {
    /// Loads an artifact made by `tailor compile` (or [`Module::serialize`]).
    ///
    /// Every size and offset is validated before anything is mapped executable, and the host must
    /// have the architecture, OS and every CPU feature the code was compiled for; otherwise this is an
    /// error naming what is missing — unless the engine was configured with
    /// [`Config::fallback_interp`](crate::Config::fallback_interp), in which case the embedded wasm is
    /// run by the interpreter and [`Module::load_notice`] says why.
    ///
    /// An artifact is native code: its layout is validated, but its code cannot be. Load only
    /// artifacts produced by `tailor compile` or [`Module::serialize`] that you trust (see
    /// `docs/artifact.md`, "Trust"); untrusted modules belong in `.wasm` form.
    pub fn from_artifact(engine: &Engine, bytes: &[u8]) -> Result<Module, Error> {
        let art = Artifact::from_bytes(bytes).map_err(|e| Error::Compile(e.to_string()))?;
        let info = tailor_module::Module::from_binary(&art.wasm)?;
        let refusal = host_refusal(&art, &CpuProfile::host())
            .or_else(|| relaxed_refusal(&art, &info, engine.config().relaxed_simd));
        if let Some(why) = refusal {
            if engine.config().fallback_interp {
                let mut m = Module::with_code(engine, info, None);
                Arc::get_mut(&mut m.inner).expect("fresh module").notice = Some(format!(
                    "note: running the embedded wasm in the interpreter: {why}"
                ));
                return Ok(m);
            }
            return Err(Error::Compile(format!("cannot run this artifact: {why}")));
        }
        let defined = info.bodies.len();
        if art.image.funcs.len() != defined {
            return Err(Error::Compile(format!(
                "invalid artifact: {} compiled functions for a module with {defined}",
                art.image.funcs.len()
            )));
        }
        let first = info.num_imported_funcs;
        if let Some(f) = art
            .interpreted
            .iter()
            .find(|&&f| f < first || f as usize >= info.funcs.len())
        {
            return Err(Error::Compile(format!(
                "invalid artifact: interpreted function {f} is not a defined function"
            )));
        }
        // Interpreted functions are never entered as machine code: their types need no trampoline.
        for (f, ty) in (first..).zip(&info.funcs[first as usize..]) {
            if art.interpreted.binary_search(&f).is_err() && art.image.trampoline(*ty).is_none() {
                return Err(Error::Compile(format!(
                    "invalid artifact: no trampoline for type {ty}"
                )));
            }
        }
        let code = CompiledCode::load(art.image, info.num_imported_funcs)?
            .with_interpreted(art.interpreted);
        let relaxed = tailor_cpu::RelaxedSemantics::new(&art.profile, art.relaxed_simd);
        Ok(Module::with_code_and_relaxed(
            engine,
            info,
            Some(Arc::new(code)),
            relaxed,
        ))
    }

    /// The artifact bytes of this compiled module (its code, target, CPU features, relaxed-SIMD
    /// mode, the functions left to the interpreter and the original wasm). Errors for an
    /// interpreted module.
    pub fn serialize(&self) -> Result<Vec<u8>, Error> {
        let code = self.inner.compiled.as_ref().ok_or_else(|| {
            Error::Compile("only a compiled module (jit tier) can be serialized".into())
        })?;
        let c = self.engine().config();
        Ok(Artifact::new(
            c.cpu.clone(),
            c.opt,
            self.inner.info.bytes.to_vec(),
            code.image().clone(),
        )
        .with_relaxed_simd(c.relaxed_simd)
        .with_interpreted(code.interpreted().to_vec())
        .with_passes(c.get_passes())
        .to_bytes())
    }

    /// Why a loaded artifact runs in the interpreter instead of as machine code, if it does.
    pub fn load_notice(&self) -> Option<&str> {
        self.inner.notice.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WAT: &str = "(module (func (export \"f\") (result i32) i32.const 7))";

    fn artifact_for(profile: &CpuProfile) -> Artifact {
        let bytes = compile_artifact(WAT.as_bytes(), profile, OptLevel::Speed).unwrap();
        Artifact::from_bytes(&bytes).unwrap()
    }

    #[test]
    fn missing_cpu_features_are_named() {
        let want =
            CpuProfile::for_target(Some("x86_64-linux"), Some("x86-64-v3"), Some("+avx512f"))
                .unwrap();
        let host = CpuProfile::for_target(Some("x86_64-linux"), Some("x86-64-v3"), None).unwrap();
        let why = host_refusal(&artifact_for(&want), &host).expect("refused");
        assert!(why.contains("missing features: avx512f"), "{why}");
        assert!(host_refusal(&artifact_for(&host), &host).is_none());
    }

    #[test]
    fn other_architectures_are_refused() {
        let want = CpuProfile::for_target(Some("aarch64-linux"), None, None).unwrap();
        let host = CpuProfile::for_target(Some("x86_64-linux"), Some("x86-64-v3"), None).unwrap();
        let why = host_refusal(&artifact_for(&want), &host).expect("refused");
        assert!(why.contains("wrong architecture"), "{why}");
    }

    #[test]
    fn another_relaxed_mode_is_refused_only_when_it_matters() {
        use tailor_cpu::RelaxedMode::{Deterministic, Native};
        let v3 = CpuProfile::preset("x86-64-v3").unwrap();
        let relaxed = "(module (func (export \"f\") (param v128 v128 v128) (result v128) \
            (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))";
        let wasm = wat::parse_str(relaxed).unwrap();
        let info = tailor_module::Module::new(&wasm).unwrap();
        let art =
            Artifact::from_bytes(&compile_artifact(&wasm, &v3, OptLevel::Speed).unwrap()).unwrap();
        assert_eq!(art.relaxed_simd, Native);
        assert!(relaxed_refusal(&art, &info, Native).is_none());
        let why = relaxed_refusal(&art, &info, Deterministic).expect("refused");
        assert!(why.contains("--relaxed-simd deterministic"), "{why}");
        // A module without relaxed operators runs in either mode.
        let plain = artifact_for(&v3);
        let info = tailor_module::Module::new(WAT.as_bytes()).unwrap();
        assert!(relaxed_refusal(&plain, &info, Deterministic).is_none());
        // A profile whose native mode is deterministic (s390x) runs in either mode.
        let z = CpuProfile::preset("s390x").unwrap();
        let art =
            Artifact::from_bytes(&compile_artifact(&wasm, &z, OptLevel::Speed).unwrap()).unwrap();
        let info = tailor_module::Module::new(&wasm).unwrap();
        assert!(relaxed_refusal(&art, &info, Deterministic).is_none());
    }

    #[test]
    fn simd_functions_of_a_target_without_vectors_stay_interpreted_in_the_artifact() {
        let wat = "(module (func (export \"plain\") (result i32) (i32.const 1)) \
            (func (export \"simd\") (result i32) (i32x4.extract_lane 0 (i32x4.splat (i32.const 2)))))";
        let wasm = wat::parse_str(wat).unwrap();
        let rv = CpuProfile::preset("riscv64gc").unwrap();
        let art =
            Artifact::from_bytes(&compile_artifact(&wasm, &rv, OptLevel::Speed).unwrap()).unwrap();
        assert_eq!(art.interpreted, vec![1]);
        // An object has no interpreter: still refused, with the reason.
        let e = compile_object(&wasm, &rv, OptLevel::Speed).unwrap_err();
        assert!(e.to_string().contains("vector extension"), "{e}");
    }
}
