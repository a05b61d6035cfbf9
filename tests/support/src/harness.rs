//! A test binary whose tests may skip: declare it with `harness = false` in `Cargo.toml` and call
//! [`run`] from its `main`. Each test is a plain function; a panic fails it (as under the standard
//! harness), `Err(Skip)` skips it. Skipped tests are reported as `ignored (<reason>)` and counted in
//! libtest's summary; after it come one `SKIP` line per reason and the line
//! `<suite>: N passed, N failed, N skipped`. With `TAILOR_REQUIRE_TOOLS` set a skip is a failure.
//! The usual libtest arguments (a name filter, `--list`, `--test-threads`, ...) work.

use crate::{require_tools, Skip, REQUIRE_TOOLS_ENV};
use libtest_mimic::{Arguments, Completion, Trial};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

/// One test: passes by returning `Ok`, skips with `Err`, fails by panicking.
pub type TestFn = fn() -> Result<(), Skip>;

/// The `(name, function)` list [`run`] takes, from the functions' names:
/// `run("tailor-wasi c_programs", tests![files, #[cfg(unix)] escape_attempts_are_refused])`.
#[macro_export]
macro_rules! tests {
    ($($(#[$attr:meta])* $name:ident),* $(,)?) => {
        &[$($(#[$attr])* (stringify!($name), $name as $crate::harness::TestFn)),*]
    };
}

/// Runs `tests` (name, function) as the test binary `suite` (e.g. `tailor-wasi c_programs`) and
/// exits with libtest's exit code.
pub fn run(suite: &str, tests: &[(&'static str, TestFn)]) -> ! {
    let args = Arguments::from_args();
    let skips: Arc<Mutex<BTreeMap<String, usize>>> = Arc::default();
    let trials = tests
        .iter()
        .map(|&(name, test)| {
            let skips = Arc::clone(&skips);
            Trial::ignorable_test(name, move || match test() {
                Ok(()) => Ok(Completion::Completed),
                Err(skip) if require_tools() => Err(format!(
                    "{skip} ({REQUIRE_TOOLS_ENV} is set: a missing tool is a failure)"
                )
                .into()),
                Err(skip) => {
                    let short = skip.reason().split(" — ").next().unwrap_or_default();
                    let short = short.to_string();
                    *skips
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .entry(skip.reason().to_string())
                        .or_default() += 1;
                    Ok(Completion::ignored_with(short))
                }
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    if !args.list {
        let skips = skips.lock().unwrap_or_else(PoisonError::into_inner);
        for (reason, n) in skips.iter() {
            let tests = if *n == 1 { "test" } else { "tests" };
            println!("SKIP {suite}: {n} {tests}: {reason}");
        }
        println!(
            "{suite}: {} passed, {} failed, {} skipped",
            conclusion.num_passed,
            conclusion.num_failed,
            skips.values().sum::<usize>()
        );
    }
    conclusion.exit()
}
