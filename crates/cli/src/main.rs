//! `tailor`: the command-line interface of the tailor WebAssembly runtime.
//!
//! Exit codes: 0 success, 1 a guest trap (or failed spec directives for `wast`), 2 usage, load and link
//! errors. User errors are printed as one `error: ...` line, never as a panic.

mod args;
mod commands;
mod engine;
mod load;
mod values;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(opts) => commands::run::run(&opts),
        Command::Validate(opts) => commands::validate::run(&opts),
        Command::Inspect(opts) => commands::inspect::run(&opts),
        Command::Wast(opts) => commands::wast::run(&opts),
        Command::Compile(opts) => commands::compile::run(&opts),
        Command::Targets => commands::targets::run(),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(exit_code_of(&err))
        }
    }
}

/// 1 if the error is (or was caused by) a guest trap, 2 for everything else.
fn exit_code_of(err: &anyhow::Error) -> u8 {
    let is_trap = err.chain().any(|cause| {
        cause.is::<tailor_runtime::Trap>()
            || cause
                .downcast_ref::<tailor_runtime::Error>()
                .is_some_and(|e| e.trap().is_some())
    });
    if is_trap {
        1
    } else {
        2
    }
}
