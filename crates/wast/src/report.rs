//! Results: what one file did ([`FileReport`]) and the sum over many files ([`Summary`]).

use std::collections::BTreeMap;
use std::fmt;

/// One failed directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// 1-based line of the directive (0 when the failure concerns the whole file).
    pub line: usize,
    /// 1-based column of the directive.
    pub col: usize,
    /// The directive kind (`assert_return`, `module`, ...).
    pub kind: &'static str,
    /// What was expected and what happened.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.line, self.col, self.kind, self.message
        )
    }
}

/// Directives skipped for one reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkipCount {
    /// The reason from the skip list.
    pub reason: &'static str,
    /// How many directives were skipped for it.
    pub directives: usize,
    /// How many whole files were skipped for it.
    pub files: usize,
    /// How many of those files the `wast` parser could not read (each counted as 1 directive).
    pub unparsed_files: usize,
}

/// What running one `.wast` file did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileReport {
    /// The file's name (its path relative to the test-suite root when it is inside it).
    pub name: String,
    /// Directives that passed.
    pub passed: usize,
    /// Directives that failed.
    pub failed: usize,
    /// Directives that were skipped.
    pub skipped: usize,
    /// Every failed directive, in file order.
    pub failures: Vec<Failure>,
    /// The skips, by reason.
    pub skips: Vec<SkipCount>,
}

impl FileReport {
    /// An empty report for the file `name`.
    pub fn new(name: impl Into<String>) -> FileReport {
        FileReport {
            name: name.into(),
            ..FileReport::default()
        }
    }

    /// Counts a passed directive.
    pub fn pass(&mut self) {
        self.passed += 1;
    }

    /// Counts a failed directive.
    pub fn fail(&mut self, failure: Failure) {
        self.failed += 1;
        self.failures.push(failure);
    }

    /// Counts `directives` skipped directives for `reason`; `whole_file`/`unparsed` mark a file skip.
    pub fn skip(
        &mut self,
        reason: &'static str,
        directives: usize,
        whole_file: bool,
        unparsed: bool,
    ) {
        self.skipped += directives;
        let entry = match self.skips.iter_mut().find(|s| s.reason == reason) {
            Some(entry) => entry,
            None => {
                self.skips.push(SkipCount {
                    reason,
                    directives: 0,
                    files: 0,
                    unparsed_files: 0,
                });
                self.skips.last_mut().expect("just pushed")
            }
        };
        entry.directives += directives;
        entry.files += usize::from(whole_file);
        entry.unparsed_files += usize::from(unparsed);
    }

    /// Whether the whole file was skipped (nothing ran).
    pub fn is_skipped_file(&self) -> bool {
        self.passed == 0 && self.failed == 0 && self.skips.iter().any(|s| s.files > 0)
    }

    /// The failures as text, at most `limit` of them, with a count line first.
    pub fn failure_message(&self, limit: usize) -> String {
        let mut out = format!(
            "{}: {} of {} directives failed",
            self.name,
            self.failed,
            self.passed + self.failed + self.skipped
        );
        for failure in self.failures.iter().take(limit) {
            out.push_str(&format!("\n  {}:{failure}", self.name));
        }
        if self.failures.len() > limit {
            out.push_str(&format!("\n  ... and {} more", self.failures.len() - limit));
        }
        out
    }
}

/// Counts summed over files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Directives that passed.
    pub passed: usize,
    /// Directives that failed.
    pub failed: usize,
    /// Directives that were skipped.
    pub skipped: usize,
    /// Files that were run or skipped.
    pub files: usize,
    /// Skips by reason.
    pub skips: BTreeMap<&'static str, SkipCount>,
}

impl Summary {
    /// Adds one file's counts.
    pub fn add(&mut self, report: &FileReport) {
        self.passed += report.passed;
        self.failed += report.failed;
        self.skipped += report.skipped;
        self.files += 1;
        for s in &report.skips {
            let entry = self.skips.entry(s.reason).or_insert(SkipCount {
                reason: s.reason,
                directives: 0,
                files: 0,
                unparsed_files: 0,
            });
            entry.directives += s.directives;
            entry.files += s.files;
            entry.unparsed_files += s.unparsed_files;
        }
    }

    /// The line `N passed, N failed, N skipped`.
    pub fn counts_line(&self) -> String {
        format!(
            "{} passed, {} failed, {} skipped",
            self.passed, self.failed, self.skipped
        )
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in self.skips.values() {
            write!(f, "skipped: {} -> {} directives", s.reason, s.directives)?;
            if s.files > 0 {
                write!(f, " ({} whole files", s.files)?;
                if s.unparsed_files > 0 {
                    write!(
                        f,
                        "; {} of them do not parse with the wast crate and count as 1 each",
                        s.unparsed_files
                    )?;
                }
                write!(f, ")")?;
            }
            writeln!(f)?;
        }
        writeln!(f, "{}", self.counts_line())
    }
}
