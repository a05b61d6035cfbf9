//! The WASI state of one guest: arguments, environment, clocks and the descriptor table, and the
//! builder that makes it.

use crate::errno::Errno;
use crate::types::{fdflags, rights};
use cap_std::fs::Dir;
use std::io::{self, Cursor, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Errors of [`WasiCtxBuilder`].
#[derive(Debug, thiserror::Error)]
pub enum WasiError {
    /// A directory to preopen could not be opened.
    #[error("cannot open directory {path:?} for the guest: {source}")]
    PreopenDir {
        /// The host path given.
        path: PathBuf,
        /// Why it failed.
        source: io::Error,
    },
    /// The guest path of a preopen is empty or contains a NUL byte.
    #[error("invalid guest path {0:?} for a preopened directory")]
    InvalidGuestPath(String),
}

/// Where the guest's standard input comes from.
#[derive(Debug, Default)]
pub enum InputStream {
    /// The host process's standard input.
    Inherit,
    /// Nothing: every read is end of file.
    #[default]
    Empty,
    /// These bytes, then end of file.
    Bytes(Vec<u8>),
    /// A host file.
    File(std::fs::File),
}

/// Where the guest's standard output or error goes.
#[derive(Debug, Default)]
pub enum OutputStream {
    /// The host process's own stream (stdout for stdout, stderr for stderr).
    Inherit,
    /// Discarded.
    #[default]
    Null,
    /// An in-memory buffer the embedder can read.
    Memory(MemoryOutputPipe),
    /// A host file.
    File(std::fs::File),
}

/// An in-memory output buffer; clones share the same bytes.
#[derive(Debug, Clone, Default)]
pub struct MemoryOutputPipe {
    buf: Arc<Mutex<Vec<u8>>>,
}

impl MemoryOutputPipe {
    /// An empty pipe.
    pub fn new() -> MemoryOutputPipe {
        MemoryOutputPipe::default()
    }

    /// A copy of everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<u8>> {
        // A panic elsewhere while holding the lock leaves valid bytes: keep using them.
        self.buf.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn append(&self, data: &[u8]) {
        self.lock().extend_from_slice(data);
    }
}

/// Builds a [`WasiCtx`]: arguments, environment, preopened directories and standard streams.
#[derive(Debug, Default)]
pub struct WasiCtxBuilder {
    args: Vec<String>,
    env: Vec<(String, String)>,
    preopens: Vec<(Dir, String)>,
    stdin: InputStream,
    stdout: OutputStream,
    stderr: OutputStream,
}

impl WasiCtxBuilder {
    /// No arguments, no environment, no preopens, empty stdin, discarded stdout/stderr.
    pub fn new() -> WasiCtxBuilder {
        WasiCtxBuilder::default()
    }

    /// Appends one argument (the first is the program name, `argv[0]`).
    pub fn arg(&mut self, arg: &str) -> &mut Self {
        self.args.push(arg.to_string());
        self
    }

    /// Appends arguments.
    pub fn args<S: AsRef<str>>(&mut self, args: &[S]) -> &mut Self {
        self.args
            .extend(args.iter().map(|a| a.as_ref().to_string()));
        self
    }

    /// Sets an environment variable (a later value for the same key replaces the earlier one).
    pub fn env(&mut self, key: impl AsRef<str>, value: impl AsRef<str>) -> &mut Self {
        let (key, value) = (key.as_ref().to_string(), value.as_ref().to_string());
        match self.env.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.env.push((key, value)),
        }
        self
    }

    /// Copies the host process's environment (variables that are not valid UTF-8 are skipped).
    pub fn inherit_env(&mut self) -> &mut Self {
        for (k, v) in std::env::vars_os() {
            if let (Ok(k), Ok(v)) = (k.into_string(), v.into_string()) {
                self.env(k, v);
            }
        }
        self
    }

    /// Gives the guest the host directory `host_path`, visible as `guest_path` (for example `/`
    /// or `/data`). The guest reaches nothing outside it.
    pub fn preopened_dir(
        &mut self,
        host_path: impl AsRef<Path>,
        guest_path: &str,
    ) -> Result<&mut Self, WasiError> {
        if guest_path.is_empty() || guest_path.contains('\0') {
            return Err(WasiError::InvalidGuestPath(guest_path.to_string()));
        }
        let path = host_path.as_ref();
        let dir = Dir::open_ambient_dir(path, cap_std::ambient_authority()).map_err(|source| {
            WasiError::PreopenDir {
                path: path.to_path_buf(),
                source,
            }
        })?;
        self.preopens.push((dir, guest_path.to_string()));
        Ok(self)
    }

    /// Standard input.
    pub fn stdin(&mut self, stream: InputStream) -> &mut Self {
        self.stdin = stream;
        self
    }

    /// Standard output.
    pub fn stdout(&mut self, stream: OutputStream) -> &mut Self {
        self.stdout = stream;
        self
    }

    /// Standard error.
    pub fn stderr(&mut self, stream: OutputStream) -> &mut Self {
        self.stderr = stream;
        self
    }

    /// Standard input, output and error of the host process.
    pub fn inherit_stdio(&mut self) -> &mut Self {
        self.stdin = InputStream::Inherit;
        self.stdout = OutputStream::Inherit;
        self.stderr = OutputStream::Inherit;
        self
    }

    /// The context. Descriptors 0–2 are the standard streams; preopens follow from 3 in the
    /// order they were added. The builder is left empty.
    pub fn build(&mut self) -> WasiCtx {
        let b = std::mem::take(self);
        let mut table = FdTable::default();
        let stdin = match b.stdin {
            InputStream::Inherit => Input::Inherit,
            InputStream::Empty => Input::Bytes(Cursor::new(Vec::new())),
            InputStream::Bytes(v) => Input::Bytes(Cursor::new(v)),
            InputStream::File(f) => Input::File(f),
        };
        table.push(Entry::new(Handle::Stdin(stdin), rights::STDIN, 0));
        let out = |s: OutputStream, inherit: Output| match s {
            OutputStream::Inherit => inherit,
            OutputStream::Null => Output::Null,
            OutputStream::Memory(p) => Output::Memory(p),
            OutputStream::File(f) => Output::File(f),
        };
        let stdout = out(b.stdout, Output::Stdout);
        let stderr = out(b.stderr, Output::Stderr);
        table.push(Entry::new(Handle::Stdout(stdout), rights::STDOUT, 0));
        table.push(Entry::new(Handle::Stdout(stderr), rights::STDOUT, 0));
        for (dir, guest) in b.preopens {
            let mut e = Entry::new(Handle::Dir(dir), rights::DIR, rights::DIR | rights::FILE);
            e.preopen = Some(guest);
            table.push(e);
        }
        WasiCtx {
            args: b.args,
            env: b.env.into_iter().map(|(k, v)| format!("{k}={v}")).collect(),
            table,
            start: Instant::now(),
        }
    }
}

/// The WASI state of one guest; put it in the store's data and hand [`crate::add_to_linker`] a
/// function that finds it.
#[derive(Debug)]
pub struct WasiCtx {
    pub(crate) args: Vec<String>,
    /// `KEY=VALUE` strings.
    pub(crate) env: Vec<String>,
    pub(crate) table: FdTable,
    /// The origin of the monotonic clock and of the CPU-time clocks.
    pub(crate) start: Instant,
}

impl Default for WasiCtx {
    fn default() -> WasiCtx {
        WasiCtxBuilder::new().build()
    }
}

/// Standard input as the table holds it.
#[derive(Debug)]
pub(crate) enum Input {
    Inherit,
    Bytes(Cursor<Vec<u8>>),
    File(std::fs::File),
}

impl Input {
    pub fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Input::Inherit => io::stdin().read(buf),
            Input::Bytes(c) => c.read(buf),
            Input::File(f) => f.read(buf),
        }
    }

    /// Bytes known to be readable without blocking (for `poll_oneoff`).
    pub fn available(&self) -> u64 {
        match self {
            Input::Bytes(c) => (c.get_ref().len() as u64).saturating_sub(c.position()),
            _ => 1,
        }
    }

    pub fn is_terminal(&self) -> bool {
        matches!(self, Input::Inherit) && io::stdin().is_terminal()
    }
}

/// Standard output or error as the table holds it.
#[derive(Debug)]
pub(crate) enum Output {
    Stdout,
    Stderr,
    Null,
    Memory(MemoryOutputPipe),
    File(std::fs::File),
}

impl Output {
    pub fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout => {
                let mut out = io::stdout().lock();
                out.write_all(data)?;
                out.flush()
            }
            Output::Stderr => io::stderr().lock().write_all(data),
            Output::Null => Ok(()),
            Output::Memory(p) => {
                p.append(data);
                Ok(())
            }
            Output::File(f) => f.write_all(data),
        }
    }

    pub fn is_terminal(&self) -> bool {
        match self {
            Output::Stdout => io::stdout().is_terminal(),
            Output::Stderr => io::stderr().is_terminal(),
            _ => false,
        }
    }
}

/// What a descriptor refers to.
#[derive(Debug)]
pub(crate) enum Handle {
    Stdin(Input),
    Stdout(Output),
    File(std::fs::File),
    Dir(Dir),
}

impl Handle {
    /// Every right a descriptor of this kind can hold.
    pub fn max_rights(&self) -> u64 {
        match self {
            Handle::Stdin(_) => rights::STDIN,
            Handle::Stdout(_) => rights::STDOUT,
            Handle::File(_) => rights::FILE,
            Handle::Dir(_) => rights::DIR,
        }
    }
}

/// One open descriptor.
#[derive(Debug)]
pub(crate) struct Entry {
    pub handle: Handle,
    pub rights_base: u64,
    pub rights_inheriting: u64,
    /// `fdflags` as the guest set them. For files, the host descriptor's own append flag follows
    /// `APPEND` (set at `path_open`, changed by `fd_fdstat_set_flags`), so appends are atomic.
    pub flags: u16,
    /// The guest path, for preopened directories.
    pub preopen: Option<String>,
    /// The file position `fd_read`, `fd_write`, `fd_seek` and `fd_tell` use, for regular files:
    /// kept here so that a read or write is one positioned system call (`pread`/`pwrite`) and a
    /// seek none. `None` for everything else (pipes and devices use the host's own position).
    pub pos: Option<u64>,
}

impl Entry {
    pub fn new(handle: Handle, rights_base: u64, rights_inheriting: u64) -> Entry {
        Entry {
            handle,
            rights_base,
            rights_inheriting,
            flags: 0,
            preopen: None,
            pos: None,
        }
    }

    pub fn append(&self) -> bool {
        self.flags & fdflags::APPEND != 0
    }

    /// `ENOTCAPABLE` unless this descriptor holds every right in `needed` that its kind can hold.
    ///
    /// A right was then dropped (`fd_fdstat_set_rights`) or never passed on (`path_open` keeps
    /// only what the directory's inheriting rights allow). A right its kind never has is not
    /// checked here: the operation fails with that kind's own error (`EBADF`, `EISDIR`, `ESPIPE`,
    /// `ENOTDIR`), as it would on POSIX.
    pub fn require(&self, needed: u64) -> Result<(), Errno> {
        if needed & self.handle.max_rights() & !self.rights_base != 0 {
            return Err(Errno::NOTCAPABLE);
        }
        Ok(())
    }
}

/// The descriptor table: the lowest free number is reused first.
#[derive(Debug, Default)]
pub(crate) struct FdTable {
    slots: Vec<Option<Entry>>,
}

impl FdTable {
    /// Adds an entry at the lowest free descriptor.
    pub fn push(&mut self, entry: Entry) -> u32 {
        if let Some(i) = self.slots.iter().position(Option::is_none) {
            self.slots[i] = Some(entry);
            return i as u32;
        }
        self.slots.push(Some(entry));
        (self.slots.len() - 1) as u32
    }

    /// The entry for `fd` (`EBADF` if it is not open).
    pub fn get(&self, fd: u32) -> Result<&Entry, Errno> {
        self.slots
            .get(fd as usize)
            .and_then(Option::as_ref)
            .ok_or(Errno::BADF)
    }

    /// The entry for `fd`, mutably.
    pub fn get_mut(&mut self, fd: u32) -> Result<&mut Entry, Errno> {
        self.slots
            .get_mut(fd as usize)
            .and_then(Option::as_mut)
            .ok_or(Errno::BADF)
    }

    /// The entry for `fd` if it holds the rights `needed` (see [`Entry::require`]).
    pub fn get_with(&self, fd: u32, needed: u64) -> Result<&Entry, Errno> {
        let entry = self.get(fd)?;
        entry.require(needed)?;
        Ok(entry)
    }

    /// The entry for `fd`, mutably, if it holds the rights `needed`.
    pub fn get_mut_with(&mut self, fd: u32, needed: u64) -> Result<&mut Entry, Errno> {
        let entry = self.get_mut(fd)?;
        entry.require(needed)?;
        Ok(entry)
    }

    /// Removes `fd`.
    pub fn remove(&mut self, fd: u32) -> Result<Entry, Errno> {
        let entry = self
            .slots
            .get_mut(fd as usize)
            .and_then(Option::take)
            .ok_or(Errno::BADF)?;
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
        }
        Ok(entry)
    }

    /// Puts `entry` at `fd`, which must be open; the entry there before is dropped (closed).
    pub fn replace(&mut self, fd: u32, entry: Entry) -> Result<(), Errno> {
        let slot = self.get_mut(fd)?;
        *slot = entry;
        Ok(())
    }

    /// The directory behind `fd` (`EBADF` if not open, `ENOTDIR` if not a directory,
    /// `ENOTCAPABLE` if it lacks a right in `needed`).
    pub fn dir(&self, fd: u32, needed: u64) -> Result<&Dir, Errno> {
        match &self.get_with(fd, needed)?.handle {
            Handle::Dir(d) => Ok(d),
            _ => Err(Errno::NOTDIR),
        }
    }
}
