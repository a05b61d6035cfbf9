//! `tailor run`: instantiate a module and call `_start` or the `--invoke` function.

use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use tailor_runtime::{Extern, Func, Instance, Linker, Store, TrapReason, Val};
use tailor_wasi::{I32Exit, WasiCtx, WasiCtxBuilder};

use crate::args::RunOptions;
use crate::{load, values};

/// Runs `tailor run`.
pub fn run(opts: &RunOptions) -> Result<ExitCode> {
    // Checked before the engine options, which refuse --passes without --tier jit.
    if opts.engine.passes.is_some() && tailor_runtime::is_artifact(&load::read(&opts.file)?) {
        bail!(
            "--passes has no effect on an artifact, whose code was compiled by `tailor compile` \
             (give --passes there; `tailor inspect` shows the artifact's pipeline)"
        );
    }
    let engine = opts.engine.engine()?;
    let (module, _) = load::module(&engine, &opts.file)?;
    let wasi = wasi_context(opts)?;
    let mut store = Store::new(&engine, wasi);
    let mut linker = Linker::new(&engine);
    tailor_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx)?;
    let instance = match linker.instantiate(&mut store, &module) {
        Ok(instance) => instance,
        Err(e) => {
            if let Some(code) = exit_code(&e) {
                return Ok(code);
            }
            return Err(e).with_context(|| format!("cannot instantiate {}", opts.file.display()));
        }
    };

    let (name, func) = entry_point(&instance, &store, opts)?;
    let ty = func.ty(&store);
    let params = ty.params();
    if opts.invoke.is_none() {
        // `_start`: the arguments went to the guest's argv.
        return match func.call(&mut store, &[], &mut []) {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(e) => match exit_code(&e) {
                Some(code) => Ok(code),
                None => Err(e.into()),
            },
        };
    }
    if params.len() != opts.args.len() {
        let types: Vec<String> = params.iter().map(ToString::to_string).collect();
        bail!(
            "function `{name}` takes {} argument(s) ({}), but {} were given",
            params.len(),
            types.join(", "),
            opts.args.len()
        );
    }
    let args = params
        .iter()
        .zip(&opts.args)
        .enumerate()
        .map(|(i, (ty, text))| {
            values::parse(*ty, text).with_context(|| format!("argument {} of `{name}`", i + 1))
        })
        .collect::<Result<Vec<Val>>>()?;
    let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
    if let Err(e) = func.call(&mut store, &args, &mut results) {
        return match exit_code(&e) {
            Some(code) => Ok(code),
            None => Err(e.into()),
        };
    }
    for result in &results {
        println!("{}", values::format(result));
    }
    Ok(ExitCode::SUCCESS)
}

/// The function to call: `--invoke NAME`, else `_start`.
fn entry_point<T>(
    instance: &Instance,
    store: &Store<T>,
    opts: &RunOptions,
) -> Result<(String, Func)> {
    let exported = || {
        let names: Vec<String> = instance
            .exports(store)
            .into_iter()
            .filter(|(_, ext)| matches!(ext, Extern::Func(_)))
            .map(|(name, _)| name)
            .collect();
        if names.is_empty() {
            "it exports no functions".to_string()
        } else {
            format!("exported functions: {}", names.join(", "))
        }
    };
    match &opts.invoke {
        Some(name) => match instance.get_func(store, name) {
            Some(func) => Ok((name.clone(), func)),
            None => bail!("the module exports no function `{name}` ({})", exported()),
        },
        None => {
            let Some(func) = instance.get_func(store, "_start") else {
                bail!(
                    "the module exports no `_start` function; use --invoke NAME to call one ({})",
                    exported()
                );
            };
            Ok(("_start".to_string(), func))
        }
    }
}

/// The process exit code a guest asked for with WASI `proc_exit`, if this error is that. The code
/// is in 0..=125 (tailor-wasi turns a larger one into the trap `InvalidExitCode`, which ends tailor
/// with [`crate::exit::TRAP`] like any other trap).
fn exit_code(e: &tailor_runtime::Error) -> Option<ExitCode> {
    let trap = e.trap()?;
    match trap.reason() {
        TrapReason::Host(err) => {
            let code = err.downcast_ref::<I32Exit>()?.0;
            u8::try_from(code)
                .ok()
                .filter(|c| *c < 126)
                .map(ExitCode::from)
        }
        _ => None,
    }
}

/// The WASI context described by `--dir`, `--env`, `--inherit-env` and the program arguments.
fn wasi_context(opts: &RunOptions) -> Result<WasiCtx> {
    let mut builder = WasiCtxBuilder::new();
    builder.inherit_stdio();
    let argv0 = opts.file.display().to_string();
    builder.arg(&argv0);
    if opts.invoke.is_none() {
        builder.args(&opts.args);
    }
    if opts.inherit_env {
        builder.inherit_env();
    }
    for setting in &opts.envs {
        let Some((key, value)) = setting.split_once('=') else {
            bail!("--env expects NAME=VALUE, got `{setting}`");
        };
        if key.is_empty() {
            bail!("--env expects NAME=VALUE, got `{setting}`");
        }
        builder.env(key, value);
    }
    for dir in &opts.dirs {
        let (host, guest) = match dir.split_once("::") {
            Some((host, guest)) => (host, guest),
            None => (dir.as_str(), dir.as_str()),
        };
        builder
            .preopened_dir(host, guest)
            .with_context(|| format!("cannot give the guest directory `{host}`"))?;
    }
    Ok(builder.build())
}
