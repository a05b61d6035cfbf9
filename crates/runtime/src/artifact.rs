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
    let mut opts = CompileOptions::new(profile.clone());
    opts.opt = opt;
    opts.max_function_size = max_function_size;
    compile_artifact_with(wasm, &opts)
}

/// Compiles `wasm` (binary or text) with `opts` (target, CPU, optimisation level, pass pipeline,
/// limits) and returns the artifact's bytes, which record the pass pipeline.
pub fn compile_artifact_with(wasm: &[u8], opts: &CompileOptions) -> Result<Vec<u8>, Error> {
    let info = tailor_module::Module::new(wasm)?;
    let compiled = tailor_compiler::compile_module(&info, opts).map_err(compile_error)?;
    Ok(Artifact::new(
        opts.profile.clone(),
        opts.opt,
        info.bytes.to_vec(),
        compiled.image,
    )
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
    let mut opts = CompileOptions::new(profile.clone());
    opts.opt = opt;
    opts.max_function_size = max_function_size;
    compile_object_with(wasm, &opts)
}

/// Compiles `wasm` with `opts` into a relocatable object with the C ABI of `docs/c-abi.md`;
/// returns the object and its C header.
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
    let mut opts = CompileOptions::new(profile.clone());
    opts.opt = opt;
    compile_disassembly_with(wasm, &opts)
}

/// Cranelift's disassembly of every defined function of `wasm` compiled with `opts`.
pub fn compile_disassembly_with(wasm: &[u8], opts: &CompileOptions) -> Result<String, Error> {
    let info = tailor_module::Module::new(wasm)?;
    let mut opts = opts.clone();
    opts.disassemble = true;
    let compiled =
        tailor_compiler::compile_module(&info, &opts).map_err(|e| Error::Compile(e.to_string()))?;
    let mut out = format!(
        "; target {}, -O {}, passes {}\n",
        opts.profile,
        opts.opt.name(),
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

/// Parses and checks an artifact's layout (not whether this host can run it), for inspection.
pub fn read_artifact(bytes: &[u8]) -> Result<Artifact, Error> {
    Artifact::from_bytes(bytes).map_err(|e| Error::Compile(e.to_string()))
}

/// Whether `bytes` start like a tailor artifact.
pub fn is_artifact(bytes: &[u8]) -> bool {
    tailor_compiler::artifact::is_artifact(bytes)
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
        if let Some(why) = host_refusal(&art, &CpuProfile::host()) {
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
        for ty in &info.funcs[info.num_imported_funcs as usize..] {
            if art.image.trampoline(*ty).is_none() {
                return Err(Error::Compile(format!(
                    "invalid artifact: no trampoline for type {ty}"
                )));
            }
        }
        let code = CompiledCode::load(art.image, info.num_imported_funcs)?;
        Ok(Module::with_code(engine, info, Some(Arc::new(code))))
    }

    /// The artifact bytes of this compiled module (its code, target, CPU features and the original
    /// wasm). Errors for an interpreted module.
    pub fn serialize(&self) -> Result<Vec<u8>, Error> {
        let code = self.inner.compiled.as_ref().ok_or_else(|| {
            Error::Compile("only a compiled module (jit tier) can be serialized".into())
        })?;
        if code.has_interpreted() {
            return Err(Error::Compile(
                "a module with functions left to the interpreter (over the function size limit) \
                 cannot be serialized"
                    .into(),
            ));
        }
        let c = self.engine().config();
        Ok(Artifact::new(
            c.cpu.clone(),
            c.opt,
            self.inner.info.bytes.to_vec(),
            code.image().clone(),
        )
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
}
