//! Running one script: skip decisions, parsing, a big-stack thread, one directive at a time with
//! panics caught and counted as failures.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Once;

use tailor_runtime::Engine;
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::Wast;

use crate::directive::{self, WastContext};
use crate::report::{Failure, FileReport};
use crate::{skips, RunConfig};

/// Runs the script `text` named `name` (used for skip decisions and in messages).
pub fn run_source(name: &str, text: &str, config: &RunConfig) -> FileReport {
    let mut report = FileReport::new(name);
    if config.apply_skips {
        if let Some(skip) = skips::file_skip(name) {
            count_skipped_file(text, skip.reason, &mut report);
            return report;
        }
    }
    install_panic_hook();
    let joined = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name(format!("wast {name}"))
            .stack_size(config.stack_size)
            .spawn_scoped(scope, || run_on_this_thread(report, text, config))
            .map(|handle| handle.join())
    });
    match joined {
        Ok(Ok(report)) => report,
        Ok(Err(payload)) => {
            let mut report = FileReport::new(name);
            report.fail(whole_file_failure(format!(
                "the runner thread panicked: {}",
                panic_text(&*payload)
            )));
            report
        }
        Err(e) => {
            let mut report = FileReport::new(name);
            report.fail(whole_file_failure(format!(
                "cannot spawn the runner thread: {e}"
            )));
            report
        }
    }
}

/// A parse buffer over `text` that accepts "confusing" Unicode (bidi controls etc., `names.wast`).
fn parse_buffer(text: &str) -> Result<ParseBuffer<'_>, wast::Error> {
    let mut lexer = Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    ParseBuffer::new_with_lexer(lexer)
}

fn wast_error_text(mut e: wast::Error, name: &str, text: &str) -> String {
    e.set_path(Path::new(name));
    e.set_text(text);
    e.to_string()
}

/// Counts a skipped file: its directives if it parses, else 1.
fn count_skipped_file(text: &str, reason: &'static str, report: &mut FileReport) {
    let count = parse_buffer(text)
        .and_then(|buf| parser::parse::<Wast<'_>>(&buf).map(|w| w.directives.len()))
        .ok();
    match count {
        Some(n) => report.skip(reason, n, true, false),
        None => report.skip(reason, 1, true, true),
    }
}

fn whole_file_failure(message: String) -> Failure {
    Failure {
        line: 0,
        col: 0,
        kind: "file",
        message,
    }
}

fn run_on_this_thread(mut report: FileReport, text: &str, config: &RunConfig) -> FileReport {
    let parsed = parse_buffer(text).and_then(|buf| {
        let wast = parser::parse::<Wast<'_>>(&buf)?;
        run_directives(&mut report, wast, text, config);
        Ok(())
    });
    if let Err(e) = parsed {
        let message = format!(
            "the script does not parse: {}",
            wast_error_text(e, &report.name, text)
        );
        report.fail(whole_file_failure(message));
    }
    report
}

fn run_directives(report: &mut FileReport, wast: Wast<'_>, text: &str, config: &RunConfig) {
    let engine = Engine::new(&config.engine);
    let mut context = match catch(|| WastContext::new(engine, config.aot)) {
        Ok(Ok(context)) => Ok(context),
        Ok(Err(msg)) | Err(msg) => Err(msg),
    };
    let name = report.name.clone();
    for directive in wast.directives {
        let (line, col) = directive.span().linecol_in(text);
        let (line, col) = (line + 1, col + 1);
        if config.apply_skips {
            let skip = u32::try_from(line)
                .ok()
                .and_then(|l| skips::directive_skip(&name, l));
            if let Some(skip) = skip {
                report.skip(skip.reason, 1, false, false);
                continue;
            }
        }
        let kind = directive::kind(&directive);
        let outcome = match &mut context {
            Ok(context) => catch(|| context.run(directive)),
            Err(setup) => Err(format!("cannot set up the script: {setup}")),
        };
        match outcome {
            Ok(Ok(())) => report.pass(),
            Ok(Err(message)) | Err(message) => report.fail(Failure {
                line,
                col,
                kind,
                message,
            }),
        }
    }
    // Dropping the store runs runtime code too: a panic there must not lose the counts.
    if let Err(message) = catch(move || drop(context)) {
        report.fail(whole_file_failure(format!("dropping the store: {message}")));
    }
}

thread_local! {
    /// Set while this thread runs a directive under [`catch`]: its panics are recorded, not printed.
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    /// The message and location of the last panic caught on this thread.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs (once per process) a panic hook that records panics raised under [`catch`] instead of
/// printing them; panics elsewhere go to the previous hook.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CATCHING.with(Cell::get) {
                let location = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let text = format!("{}{location}", panic_text(info.payload()));
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into `Err("panic: ...")`.
fn catch<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    let was = CATCHING.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(was));
    result.map_err(|payload| {
        let recorded = LAST_PANIC.with(|p| p.borrow_mut().take());
        format!(
            "panic: {}",
            recorded.unwrap_or_else(|| panic_text(&*payload))
        )
    })
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(non-string panic payload)".to_string()
    }
}
