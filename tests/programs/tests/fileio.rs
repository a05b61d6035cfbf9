//! Our file-I/O-heavy C program (`c/fileio_bench.c`: hundreds of small files, a large file read at
//! random offsets with `lseek`+`read` and `pread`, `pwrite`, `ftruncate`, readdir + stat,
//! rename, unlink, rmdir) built for wasm32-wasi with zig cc and run on tailor in a preopened
//! temporary directory. Its output must equal the same source built natively with the host's
//! `cc` and run on the host.

use std::path::{Path, PathBuf};
use std::process::Command;
use tailor_programs::{
    build_wasi_c, cache_key, fresh_dir, run_command, skip_or_panic, Skip, Status,
};
use tailor_runtime::{Engine, Module};

/// FILES FILE_KB BIG_MB RANDOM_READS: small enough for a debug build too.
const ARGS: [&str; 4] = ["300", "4", "2", "2000"];

fn cache() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("tailor-programs")
}

fn source() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("c/fileio_bench.c")
}

/// The same program built for the host, run on the host: the expected output.
fn native_output() -> Result<String, Skip> {
    let src = std::fs::read(source()).unwrap();
    let exe = cache().join(format!("fileio_bench-native-{}", cache_key(&[&src])));
    if !exe.is_file() {
        if tailor_test_support::find_in_path("cc").is_none() {
            return Err(Skip::missing(
                "the host C compiler `cc`",
                "install one (Debian: `apt-get install gcc`)",
            ));
        }
        std::fs::create_dir_all(cache()).unwrap();
        let tmp = exe.with_extension(format!("{}.tmp", std::process::id()));
        let status = Command::new("cc")
            .arg("-O2")
            .arg("-o")
            .arg(&tmp)
            .arg(source())
            .status()
            .expect("the host C compiler `cc` must exist");
        assert!(status.success(), "cc failed for fileio_bench.c");
        std::fs::rename(&tmp, &exe).unwrap();
    }
    let dir = fresh_dir(&cache(), "fileio-native").unwrap();
    let out = Command::new(&exe).arg(&dir).args(ARGS).output().unwrap();
    assert!(
        out.status.success(),
        "native fileio_bench failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(String::from_utf8(out.stdout).unwrap())
}

fn fileio_program_matches_native() -> Result<(), Skip> {
    let wasm = build_wasi_c(&cache(), "fileio_bench", &[source()], &["-O2"])
        .map_err(|e| skip_or_panic(e.context("cannot build fileio_bench")))?;
    let expected = native_output()?;
    let engine = Engine::default();
    let module = Module::from_file(&engine, &wasm).expect("fileio_bench.wasm must load");
    let dir = fresh_dir(&cache(), "fileio").unwrap();
    let mut args = vec!["fileio_bench", "/data"];
    args.extend(ARGS);
    let out = run_command(&engine, &module, &args, &[(dir.as_path(), "/data")])
        .expect("fileio_bench must run");
    assert_eq!(
        out.status,
        Status::Exit(0),
        "stdout:\n{}\nstderr:\n{}",
        out.stdout_text(),
        out.stderr_text()
    );
    assert_eq!(out.stdout_text(), expected);
    assert!(out.stdout_text().ends_with("ok\n"));
    // The program removed everything it made.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn main() {
    tailor_test_support::harness::run(
        "tailor-programs fileio",
        tailor_test_support::tests![fileio_program_matches_native],
    );
}
