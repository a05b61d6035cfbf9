//! The spec test suite: one trial per `.wast` file under the test-suite root, then one summary line
//! `N passed, N failed, N skipped` (directives, over the files that ran) and the skips by reason.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use libtest_mimic::{Arguments, Completion, Trial};
use tailor_spec::{run_wast_file, suite_files, testsuite_root, RunConfig, Summary};

/// Failed directives listed per failing file.
const MAX_FAILURES_SHOWN: usize = 20;

fn main() {
    let args = Arguments::from_args();
    let root = testsuite_root();
    let files = match suite_files(&root) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("cannot list the test suite at {}: {e}", root.display());
            std::process::exit(2);
        }
    };
    let summary = Arc::new(Mutex::new(Summary::default()));
    let trials = files
        .into_iter()
        .map(|name| trial(&root, name, Arc::clone(&summary)))
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    if !args.list {
        let summary = summary.lock().unwrap_or_else(PoisonError::into_inner);
        println!();
        print!("{summary}");
    }
    conclusion.exit();
}

fn trial(root: &std::path::Path, name: String, summary: Arc<Mutex<Summary>>) -> Trial {
    let path: PathBuf = root.join(&name);
    let root = root.to_path_buf();
    Trial::ignorable_test(format!("spec::{name}"), move || {
        let config = RunConfig::for_suite(root);
        let report = run_wast_file(&path, &config);
        summary
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .add(&report);
        if report.failed > 0 {
            Err(report.failure_message(MAX_FAILURES_SHOWN).into())
        } else if report.is_skipped_file() {
            let reasons: Vec<_> = report.skips.iter().map(|s| s.reason).collect();
            Ok(Completion::ignored_with(reasons.join("; ")))
        } else {
            Ok(Completion::Completed)
        }
    })
}
