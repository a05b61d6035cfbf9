//! tailor's cross-architecture proof harness.
//!
//! For each target (a CPU profile, a cross C compiler and a qemu-user CPU model) and each spec script,
//! every module is compiled to an ELF object with `tailor_compiler::object::compile_object`, a C
//! driver is generated that instantiates the modules through the C ABI of `docs/c-abi.md` (with the C
//! runtime `crates/compiler/c/tailor_rt.c`) and checks the script's assertions, and the statically
//! linked driver runs under qemu-user. See `tests/cross.rs` for the test and `docs/portability.md`
//! for the results.

pub mod cgen;
pub mod elf;
pub mod plan;
pub mod targets;

use cgen::ModuleObject;
use plan::FilePlan;
use std::collections::HashSet;
use std::io::Read as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};
use tailor_compiler::{CompileError, CompileOptions};
use tailor_cpu::CpuProfile;
use targets::Target;

/// How long one driver may run under qemu.
const RUN_TIMEOUT: Duration = Duration::from_secs(300);

/// The directory of `tailor.h` and `tailor_rt.c`.
pub fn c_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../crates/compiler/c")
}

/// What one script did on one target.
#[derive(Debug, Default, Clone)]
pub struct FileOutcome {
    /// The script's file name.
    pub file: String,
    /// Assertions that passed.
    pub passed: usize,
    /// Assertions (and module instantiations or compilations) that failed.
    pub failed: usize,
    /// Modules compiled and instantiated.
    pub modules: usize,
    /// Skipped directives (line, reason).
    pub skipped: Vec<(usize, String)>,
    /// One line per failure.
    pub failures: Vec<String>,
    /// Time spent compiling modules, linking the driver and running it.
    pub times: [Duration; 3],
}

/// The canonical type ids of the module header (`tailor_type_ids[] = { ... }`).
pub fn header_type_ids(header: &str) -> Option<Vec<u32>> {
    let at = header.find("tailor_type_ids[")?;
    let rest = &header[at..];
    let open = rest.find('{')?;
    let close = rest.find('}')?;
    rest[open + 1..close]
        .split(',')
        .map(|s| s.trim().trim_end_matches(['u', 'U']).parse().ok())
        .collect()
}

/// Compiles module `index` of a script for `profile` and writes its renamed object into `dir`.
fn compile_module(
    module: &tailor_module::Module,
    profile: &CpuProfile,
    index: usize,
    dir: &Path,
) -> Result<Result<ModuleObject, String>, String> {
    let mut opts = CompileOptions::new(profile.clone());
    opts.threads = 1;
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        tailor_compiler::object::compile_object(module, &opts)
    }));
    let mut out = match result {
        Ok(Ok(out)) => out,
        Ok(Err(CompileError::Unsupported { reason, .. })) => return Ok(Err(reason)),
        Ok(Err(e)) => return Err(format!("compile error: {e}")),
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| p.downcast_ref::<&str>().copied())
                .unwrap_or("?");
            return Err(format!("compiler panic: {msg}"));
        }
    };
    let tag = format!("m{index:05}");
    let symbols: HashSet<String> = elf::rename_defined(&mut out.object, &tag)?
        .into_iter()
        .collect();
    let type_ids = header_type_ids(&out.header).ok_or("no tailor_type_ids in the header")?;
    let want = format!(
        "#define TAILOR_VMCTX_BYTES {}",
        tailor_vm::VMOffsets::new(module).size()
    );
    if !out.header.contains(&want) {
        return Err(format!("header disagrees with VMOffsets: no `{want}`"));
    }
    std::fs::write(dir.join(format!("{tag}.o")), &out.object).map_err(|e| e.to_string())?;
    std::fs::write(dir.join(format!("{tag}.h")), &out.header).map_err(|e| e.to_string())?;
    Ok(Ok(ModuleObject {
        tag,
        symbols,
        type_ids,
    }))
}

/// Compiles `tailor_rt.c` for `t` into `dir`.
pub fn build_runtime(t: &Target, dir: &Path) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let out = dir.join("tailor_rt.o");
    let c = c_dir();
    let o = Command::new(targets::cc_for(t))
        .args(["-std=gnu11", "-O1", "-Wall", "-c"])
        .arg(c.join("tailor_rt.c"))
        .arg("-I")
        .arg(&c)
        .arg("-o")
        .arg(&out)
        .output()
        .map_err(|e| format!("{}: {e}", targets::cc_for(t)))?;
    if !o.status.success() {
        return Err(format!(
            "{} tailor_rt.c failed:\n{}",
            targets::cc_for(t),
            String::from_utf8_lossy(&o.stderr)
        ));
    }
    Ok(out)
}

/// Runs `cmd` with a timeout; returns (exit success, stdout, stderr).
fn run_with_timeout(
    cmd: &mut Command,
    timeout: Duration,
) -> Result<(bool, String, String), String> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break Some(s);
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = String::from_utf8_lossy(&out_t.join().unwrap_or_default()).into_owned();
    let err = String::from_utf8_lossy(&err_t.join().unwrap_or_default()).into_owned();
    match status {
        Some(s) => Ok((
            s.success(),
            out,
            format!(
                "{err}{}",
                if s.success() {
                    String::new()
                } else {
                    format!(" [{s}]")
                }
            ),
        )),
        None => Ok((false, out, format!("{err} [timed out after {timeout:?}]"))),
    }
}

/// A counting semaphore (bounds the qemu processes running at once).
pub struct Slots {
    free: Mutex<usize>,
    cv: Condvar,
}

impl Slots {
    /// `n` slots.
    pub fn new(n: usize) -> Slots {
        Slots {
            free: Mutex::new(n),
            cv: Condvar::new(),
        }
    }

    fn run<R>(&self, f: impl FnOnce() -> R) -> R {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.cv.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        drop(free);
        let r = f();
        *self.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.cv.notify_one();
        r
    }
}

/// Compiles, links and runs one script on one target, in `work/<target>/<script>`; at most
/// `qemu_slots` drivers run at once.
pub fn run_file(
    t: &Target,
    plan: &FilePlan,
    work: &Path,
    runtime: &Path,
    qemu_slots: &Slots,
) -> FileOutcome {
    let mut outcome = FileOutcome {
        file: plan.file.clone(),
        skipped: plan.skipped.clone(),
        ..FileOutcome::default()
    };
    let stem = plan.file.trim_end_matches(".wast");
    let dir = work.join(t.name).join(stem);
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        outcome.failed += 1;
        outcome.failures.push(format!("{}: {e}", dir.display()));
        return outcome;
    }
    let profile = match CpuProfile::for_target(Some(t.triple), Some(t.cpu), None) {
        Ok(p) => p,
        Err(e) => {
            outcome.failed += 1;
            outcome
                .failures
                .push(format!("profile {} {}: {e}", t.triple, t.cpu));
            return outcome;
        }
    };
    let t0 = Instant::now();
    let mut objects = Vec::new();
    for (i, pm) in plan.modules.iter().enumerate() {
        match compile_module(&pm.module, &profile, i, &dir) {
            Ok(o) => objects.push(o),
            Err(e) => {
                outcome.failed += 1;
                outcome
                    .failures
                    .push(format!("{}:{}: module: {e}", plan.file, pm.line));
                objects.push(Err(format!("failed: {e}")));
            }
        }
    }
    let driver = cgen::generate(plan, &objects);
    outcome.times[0] = t0.elapsed();
    let t1 = Instant::now();
    outcome.skipped.extend(driver.skipped.iter().cloned());
    outcome.skipped.sort();
    outcome.modules = driver.modules;
    let src = dir.join("driver.c");
    if let Err(e) = std::fs::write(&src, &driver.source) {
        outcome.failed += driver.assertions.max(1);
        outcome.failures.push(format!("{}: {e}", src.display()));
        return outcome;
    }
    let exe = dir.join("driver");
    let mut cc = Command::new(targets::cc_for(t));
    cc.args(["-static", "-O1", "-std=gnu11", "-w", "-I"])
        .arg(c_dir())
        .arg(&src);
    for o in objects.iter().flatten() {
        cc.arg(dir.join(format!("{}.o", o.tag)));
    }
    cc.arg(runtime).arg("-lm").arg("-o").arg(&exe);
    match run_with_timeout(&mut cc, RUN_TIMEOUT) {
        Ok((true, _, _)) => {}
        Ok((false, out, err)) => {
            outcome.failed += driver.assertions.max(1);
            let text = format!("{out}{err}");
            outcome.failures.push(format!(
                "{}: linking the driver failed: {}",
                plan.file,
                &text[..text.len().min(3000)]
            ));
            return outcome;
        }
        Err(e) => {
            outcome.failed += driver.assertions.max(1);
            outcome
                .failures
                .push(format!("{}: {}: {e}", plan.file, targets::cc_for(t)));
            return outcome;
        }
    }
    outcome.times[1] = t1.elapsed();
    let t2 = Instant::now();
    let mut q = Command::new(t.qemu);
    if let Some(cpu) = t.qemu_cpu {
        q.arg("-cpu").arg(cpu);
    }
    q.arg(&exe);
    let (_, out, err) = match qemu_slots.run(|| run_with_timeout(&mut q, RUN_TIMEOUT)) {
        Ok(r) => r,
        Err(e) => {
            outcome.failed += driver.assertions.max(1);
            outcome
                .failures
                .push(format!("{}: {}: {e}", plan.file, t.qemu));
            return outcome;
        }
    };
    outcome.times[2] = t2.elapsed();
    let mut counted = false;
    for line in out.lines() {
        if let Some(rest) = line.strip_prefix("FAIL ") {
            outcome.failures.push(format!("{}:{rest}", plan.file));
        } else if let Some((p, f)) = line.split_once(" passed, ") {
            if let (Ok(p), Some(Ok(f))) = (
                p.trim().parse::<usize>(),
                f.strip_suffix(" failed").map(|f| f.trim().parse::<usize>()),
            ) {
                outcome.passed += p;
                outcome.failed += f;
                counted = true;
            }
        } else if line.starts_with("CRASH") {
            outcome.failures.push(format!("{}: {line}", plan.file));
        }
    }
    if !counted {
        let done = outcome.failures.len();
        outcome.failed += driver.assertions.max(1);
        outcome.failures.push(format!(
            "{}: the driver did not finish ({} failures printed before): {}",
            plan.file,
            done,
            err.trim()
        ));
    }
    outcome
}
