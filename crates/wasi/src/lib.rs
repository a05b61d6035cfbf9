//! WASI preview1 (`wasi_snapshot_preview1`) for tailor, with the filesystem reached only through
//! capabilities.
//!
//! Build a [`WasiCtx`] with [`WasiCtxBuilder`] (arguments, environment, preopened directories,
//! standard streams to files, the host's streams or in-memory pipes), keep it in the store's data,
//! and [`add_to_linker`] defines every preview1 function in a `tailor_runtime::Linker`:
//!
//! ```no_run
//! use tailor_runtime::{Engine, Linker, Module, Store};
//! use tailor_wasi::{add_to_linker, I32Exit, MemoryOutputPipe, OutputStream, WasiCtx, WasiCtxBuilder};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let engine = Engine::default();
//! let module = Module::from_file(&engine, "app.wasm")?;
//! let out = MemoryOutputPipe::new();
//! let ctx = WasiCtxBuilder::new()
//!     .arg("app")
//!     .env("KEY", "value")
//!     .preopened_dir("/tmp/sandbox", "/")?
//!     .stdout(OutputStream::Memory(out.clone()))
//!     .build();
//! let mut linker = Linker::<WasiCtx>::new(&engine);
//! add_to_linker(&mut linker, |ctx| ctx)?;
//! let mut store = Store::new(&engine, ctx);
//! let instance = linker.instantiate(&mut store, &module)?;
//! let start = instance.get_func(&store, "_start").expect("a command");
//! let code = match start.call(&mut store, &[], &mut []) {
//!     Ok(()) => 0,
//!     Err(e) => match e.trap().map(|t| t.reason()) {
//!         Some(tailor_runtime::TrapReason::Host(h)) => match h.downcast_ref::<I32Exit>() {
//!             Some(I32Exit(code)) => *code,
//!             None => return Err(e.into()),
//!         },
//!         _ => return Err(e.into()),
//!     },
//! };
//! println!("exit {code}: {}", String::from_utf8_lossy(&out.contents()));
//! # Ok(())
//! # }
//! ```
//!
//! Every guest pointer and length is bounds-checked (`EFAULT`); what the host cannot do answers
//! `ENOSYS`/`ENOTSUP`; only `proc_exit` ends the guest (with the [`I32Exit`] trap, or
//! [`InvalidExitCode`] for a code WASI does not allow: 126 and up).
//!
//! Rights are enforced: a descriptor can do only what its rights allow (`ENOTCAPABLE`
//! otherwise), `fd_fdstat_set_rights` can only drop rights, and `path_open` gives a new
//! descriptor no more than its directory's inheriting rights. Symlinks the guest makes or moves
//! cannot lead outside its directories. See `docs/wasi.md`.

mod args_env;
mod clocks;
mod ctx;
mod errno;
mod fs;
mod linker;
mod memory;
mod path;
mod poll;
mod proc;
mod random;
mod sock;
mod symlinks;
mod sys;
mod types;

pub use ctx::{InputStream, MemoryOutputPipe, OutputStream, WasiCtx, WasiCtxBuilder, WasiError};
pub use errno::Errno;
pub use linker::{add_to_linker, FUNCTIONS};
pub use proc::{I32Exit, InvalidExitCode};
