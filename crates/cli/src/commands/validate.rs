//! `tailor validate`: decode and validate a module.

use std::process::ExitCode;

use anyhow::Result;
use tailor_runtime::Engine;

use crate::args::ValidateOptions;
use crate::load;

/// Runs `tailor validate`.
pub fn run(opts: &ValidateOptions) -> Result<ExitCode> {
    load::module(&Engine::default(), &opts.file)?;
    if opts.verbose {
        println!("ok");
    }
    Ok(ExitCode::SUCCESS)
}
