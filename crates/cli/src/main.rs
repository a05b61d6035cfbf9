//! `tailor`: the command-line interface of the tailor WebAssembly runtime.
//!
//! Exit codes: 0 success; 1–125 only what a guest passed to `proc_exit` (and 1 for failed
//! directives of `wast`); tailor's own outcomes are above 125, where no guest can exit (WASI's
//! `proc_exit` takes 0..=125): [`exit::ERROR`] and [`exit::TRAP`]. User errors are printed as one
//! `error: ...` line, never as a panic.

mod args;
mod commands;
mod engine;
mod load;
mod values;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// tailor's own exit codes: above 125, so that they never look like a guest's `proc_exit` code.
pub mod exit {
    /// tailor could not do what was asked: usage, I/O, load, validation, link and limit errors
    /// (shells use 126 for "found but cannot be executed").
    pub const ERROR: u8 = 126;
    /// The guest trapped, or called `proc_exit` with a code WASI does not allow (126 and up):
    /// 128 + SIGABRT, as Wasmtime exits on a trap.
    pub const TRAP: u8 = 134;
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // `--help` and `--version` are successes; everything else is a usage error.
            let _ = err.print();
            return if err.exit_code() == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(exit::ERROR)
            };
        }
    };
    let result = match cli.command {
        Command::Run(opts) => commands::run::run(&opts),
        Command::Validate(opts) => commands::validate::run(&opts),
        Command::Inspect(opts) => commands::inspect::run(&opts),
        Command::Wast(opts) => commands::wast::run(&opts),
        Command::Compile(opts) => commands::compile::run(&opts),
        Command::Targets => commands::targets::run(),
        Command::Passes(opts) => commands::passes::run(&opts),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", one_line(&err));
            ExitCode::from(exit_code_of(&err))
        }
    }
}

/// The error and its causes on one line (as `{:#}` prints them), leaving out a cause the line
/// already says: a trap raised by a host function names the host's error itself.
fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// [`exit::TRAP`] if the error is (or was caused by) a guest trap, [`exit::ERROR`] for everything
/// else.
fn exit_code_of(err: &anyhow::Error) -> u8 {
    let is_trap = err.chain().any(|cause| {
        cause.is::<tailor_runtime::Trap>()
            || cause
                .downcast_ref::<tailor_runtime::Error>()
                .is_some_and(|e| e.trap().is_some())
    });
    if is_trap {
        exit::TRAP
    } else {
        exit::ERROR
    }
}
