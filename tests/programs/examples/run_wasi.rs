//! Runs a WASI command module on tailor through the Rust API, with the process's stdio:
//!
//! ```text
//! cargo run --release -p tailor-programs --example run_wasi -- [--dir HOST[::GUEST]]... [--env K=V]... FILE [ARGS...]
//! ```
//!
//! The exit code is the guest's `proc_exit` code (0 when `_start` returns, 0..=125); as with
//! `tailor run`, a trap (or `proc_exit` with a code over 125) prints its message and exits 134,
//! and an error of the runner's own exits 126. Used by `scripts/bench-peers.sh` when the CLI is
//! not wanted.

use std::process::ExitCode;
use tailor_programs::{exit_status, wasi_linker, Host, Status};
use tailor_runtime::{Engine, Module, Store};
use tailor_wasi::WasiCtxBuilder;

fn main() -> ExitCode {
    match run() {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("run_wasi: {e:#}");
            ExitCode::from(126)
        }
    }
}

fn run() -> anyhow::Result<u8> {
    let mut args = std::env::args().skip(1);
    let mut builder = WasiCtxBuilder::new();
    builder.inherit_stdio();
    let file = loop {
        let Some(a) = args.next() else {
            anyhow::bail!("usage: run_wasi [--dir HOST[::GUEST]]... [--env K=V]... FILE [ARGS...]");
        };
        match a.as_str() {
            "--dir" => {
                let spec = args
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("--dir needs a value"))?;
                let (host, guest) = spec.split_once("::").unwrap_or((&spec, &spec));
                builder
                    .preopened_dir(host, guest)
                    .map_err(|e| anyhow::anyhow!("--dir {spec}: {e}"))?;
            }
            "--env" => {
                let kv = args
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("--env needs a value"))?;
                let (k, v) = kv.split_once('=').unwrap_or((&kv, ""));
                builder.env(k, v);
            }
            _ => break a,
        }
    };
    let rest: Vec<String> = args.collect();
    builder.arg(&file);
    builder.args(&rest);

    let engine = Engine::default();
    let module = Module::from_file(&engine, &file).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    let mut store = Store::new(
        &engine,
        Host {
            wasi: builder.build(),
        },
    );
    let linker = wasi_linker(&engine)?;
    let instance = linker
        .instantiate(&mut store, &module)
        .map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    let start = instance
        .get_func(&store, "_start")
        .ok_or_else(|| anyhow::anyhow!("{file}: no _start export"))?;
    match exit_status(start.call(&mut store, &[], &mut [])) {
        // tailor-wasi passes on only 0..=125.
        Status::Exit(code) => Ok(u8::try_from(code)?),
        Status::Trap(msg) => {
            eprintln!("run_wasi: {file}: {msg}");
            Ok(134)
        }
    }
}
