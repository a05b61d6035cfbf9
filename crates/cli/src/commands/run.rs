//! `tailor run`: instantiate a module and call `_start` or the `--invoke` function.

use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use tailor_runtime::{Extern, Func, Instance, Linker, Store, Val};

use crate::args::RunOptions;
use crate::{load, values};

/// Runs `tailor run`.
pub fn run(opts: &RunOptions) -> Result<ExitCode> {
    let engine = opts.engine.engine()?;
    let (module, _) = load::module(&engine, &opts.file)?;
    let mut store = Store::new(&engine, ());
    let linker = Linker::new(&engine);
    let instance = linker
        .instantiate(&mut store, &module)
        .with_context(|| format!("cannot instantiate {}", opts.file.display()))?;

    let (name, func) = entry_point(&instance, &store, opts)?;
    let ty = func.ty(&store);
    let params = ty.params();
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
    func.call(&mut store, &args, &mut results)?;
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
            if !opts.args.is_empty() {
                bail!(
                    "arguments are passed only to --invoke functions (program arguments for `_start` \
                     come with WASI support)"
                );
            }
            Ok(("_start".to_string(), func))
        }
    }
}
