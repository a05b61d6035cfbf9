//! `add_to_linker`: every `wasi_snapshot_preview1` function, wired to its implementation.
//!
//! Each host function finds the caller's exported `memory` (a module without one sees an empty
//! memory, so any pointer is `EFAULT`) and the [`WasiCtx`] in the store's data, runs, and returns
//! the errno as its `i32` result. Only `proc_exit` ends the guest, with a trap carrying
//! [`crate::I32Exit`] (or [`crate::InvalidExitCode`] for a code over 125).

use crate::ctx::WasiCtx;
use crate::errno::Errno;
use crate::memory::GuestMemory;
use crate::{args_env, clocks, fs, path, poll, proc, random, sock};
use tailor_runtime::{Caller, Error, Extern, Linker, Trap};

/// The import module name.
const MODULE: &str = "wasi_snapshot_preview1";

/// Runs `f` with the caller's WASI context and memory; the result becomes the errno.
fn call<T: 'static>(
    caller: &mut Caller<'_, T>,
    get: fn(&mut T) -> &mut WasiCtx,
    f: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> Result<(), Errno>,
) -> i32 {
    let memory = caller.get_export("memory").and_then(Extern::into_memory);
    let (bytes, data): (&mut [u8], &mut T) = match memory {
        Some(m) => m.data_and_store_mut(caller.store_mut()),
        None => (&mut [], caller.data_mut()),
    };
    let mut mem = GuestMemory::new(bytes);
    match f(get(data), &mut mem) {
        Ok(()) => 0,
        Err(e) => i32::from(e.raw()),
    }
}

/// Converts a wasm argument to the type the implementation takes (pointers, lengths and flags
/// are unsigned; the bits are kept).
trait Conv<T> {
    fn conv(self) -> T;
}
impl Conv<u32> for i32 {
    fn conv(self) -> u32 {
        self as u32
    }
}
impl Conv<u64> for i64 {
    fn conv(self) -> u64 {
        self as u64
    }
}
impl Conv<i64> for i64 {
    fn conv(self) -> i64 {
        self
    }
}

macro_rules! typed {
    ($linker:ident, $get:ident; $( $name:literal => $f:path [ $($arg:ident : $ty:ty),* ]; )*) => {$(
        $linker.func_wrap(MODULE, $name, move |mut caller: Caller<'_, T>, $($arg: $ty),*| -> i32 {
            call(&mut caller, $get, |ctx, mem| $f(ctx, mem, $(Conv::conv($arg)),*))
        })?;
    )*};
}

/// Defines every `wasi_snapshot_preview1` function in `linker`; `get` finds the [`WasiCtx`] in
/// the store's data.
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    get: fn(&mut T) -> &mut WasiCtx,
) -> Result<(), Error> {
    typed! { linker, get;
        "args_get" => args_env::args_get [argv: i32, buf: i32];
        "args_sizes_get" => args_env::args_sizes_get [count: i32, size: i32];
        "environ_get" => args_env::environ_get [env: i32, buf: i32];
        "environ_sizes_get" => args_env::environ_sizes_get [count: i32, size: i32];
        "clock_res_get" => clocks::clock_res_get [id: i32, out: i32];
        "clock_time_get" => clocks::clock_time_get [id: i32, precision: i64, out: i32];
        "fd_advise" => fs::fd_advise [fd: i32, offset: i64, len: i64, advice: i32];
        "fd_allocate" => fs::fd_allocate [fd: i32, offset: i64, len: i64];
        "fd_close" => fs::fd_close [fd: i32];
        "fd_datasync" => fs::fd_datasync [fd: i32];
        "fd_fdstat_get" => fs::fd_fdstat_get [fd: i32, out: i32];
        "fd_fdstat_set_flags" => fs::fd_fdstat_set_flags [fd: i32, flags: i32];
        "fd_fdstat_set_rights" => fs::fd_fdstat_set_rights [fd: i32, base: i64, inheriting: i64];
        "fd_filestat_get" => fs::fd_filestat_get [fd: i32, out: i32];
        "fd_filestat_set_size" => fs::fd_filestat_set_size [fd: i32, size: i64];
        "fd_filestat_set_times" => fs::fd_filestat_set_times [fd: i32, atim: i64, mtim: i64, flags: i32];
        "fd_pread" => fs::fd_pread [fd: i32, iovs: i32, count: i32, offset: i64, nread: i32];
        "fd_prestat_get" => fs::fd_prestat_get [fd: i32, out: i32];
        "fd_prestat_dir_name" => fs::fd_prestat_dir_name [fd: i32, path: i32, len: i32];
        "fd_pwrite" => fs::fd_pwrite [fd: i32, iovs: i32, count: i32, offset: i64, nwritten: i32];
        "fd_read" => fs::fd_read [fd: i32, iovs: i32, count: i32, nread: i32];
        "fd_readdir" => fs::fd_readdir [fd: i32, buf: i32, len: i32, cookie: i64, bufused: i32];
        "fd_renumber" => fs::fd_renumber [from: i32, to: i32];
        "fd_seek" => fs::fd_seek [fd: i32, offset: i64, whence: i32, out: i32];
        "fd_sync" => fs::fd_sync [fd: i32];
        "fd_tell" => fs::fd_tell [fd: i32, out: i32];
        "fd_write" => fs::fd_write [fd: i32, iovs: i32, count: i32, nwritten: i32];
        "path_create_directory" => path::path_create_directory [fd: i32, p: i32, len: i32];
        "path_filestat_get" => path::path_filestat_get [fd: i32, flags: i32, p: i32, len: i32, out: i32];
        "path_link" => path::path_link [old_fd: i32, old_flags: i32, old: i32, old_len: i32, new_fd: i32, new: i32, new_len: i32];
        "path_open" => path::path_open [fd: i32, dirflags: i32, p: i32, len: i32, oflags: i32, base: i64, inheriting: i64, fdflags: i32, out: i32];
        "path_filestat_set_times" => path::path_filestat_set_times [fd: i32, flags: i32, p: i32, len: i32, atim: i64, mtim: i64, fst_flags: i32];
        "path_readlink" => path::path_readlink [fd: i32, p: i32, len: i32, buf: i32, buf_len: i32, used: i32];
        "path_remove_directory" => path::path_remove_directory [fd: i32, p: i32, len: i32];
        "path_rename" => path::path_rename [fd: i32, old: i32, old_len: i32, new_fd: i32, new: i32, new_len: i32];
        "path_symlink" => path::path_symlink [old: i32, old_len: i32, fd: i32, new: i32, new_len: i32];
        "path_unlink_file" => path::path_unlink_file [fd: i32, p: i32, len: i32];
        "poll_oneoff" => poll::poll_oneoff [input: i32, output: i32, nsubs: i32, nevents: i32];
        "proc_raise" => proc::proc_raise [sig: i32];
        "random_get" => random::random_get [buf: i32, len: i32];
        "sched_yield" => proc::sched_yield [];
        "sock_accept" => sock::sock_accept [fd: i32, flags: i32, out: i32];
        "sock_recv" => sock::sock_recv [fd: i32, data: i32, len: i32, flags: i32, datalen: i32, oflags: i32];
        "sock_send" => sock::sock_send [fd: i32, data: i32, len: i32, flags: i32, datalen: i32];
        "sock_shutdown" => sock::sock_shutdown [fd: i32, how: i32];
    }

    linker.func_wrap(
        MODULE,
        "proc_exit",
        |_caller: Caller<'_, T>, code: i32| -> Result<(), Trap> {
            Err(proc::proc_exit(code as u32))
        },
    )?;

    Ok(())
}

/// The names of every function [`add_to_linker`] defines.
pub const FUNCTIONS: &[&str] = &[
    "args_get",
    "args_sizes_get",
    "environ_get",
    "environ_sizes_get",
    "clock_res_get",
    "clock_time_get",
    "fd_advise",
    "fd_allocate",
    "fd_close",
    "fd_datasync",
    "fd_fdstat_get",
    "fd_fdstat_set_flags",
    "fd_fdstat_set_rights",
    "fd_filestat_get",
    "fd_filestat_set_size",
    "fd_filestat_set_times",
    "fd_pread",
    "fd_prestat_get",
    "fd_prestat_dir_name",
    "fd_pwrite",
    "fd_read",
    "fd_readdir",
    "fd_renumber",
    "fd_seek",
    "fd_sync",
    "fd_tell",
    "fd_write",
    "path_create_directory",
    "path_filestat_get",
    "path_filestat_set_times",
    "path_link",
    "path_open",
    "path_readlink",
    "path_remove_directory",
    "path_rename",
    "path_symlink",
    "path_unlink_file",
    "poll_oneoff",
    "proc_exit",
    "proc_raise",
    "random_get",
    "sched_yield",
    "sock_accept",
    "sock_recv",
    "sock_send",
    "sock_shutdown",
];
