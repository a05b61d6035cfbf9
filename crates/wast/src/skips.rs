//! The one list of spec tests that are not run, each with its reason.
//!
//! A gap in conformance is an explicit, counted skip, never a silent one (DESIGN.md, "Testing"). Every
//! skipped directive is counted by the runner under the reason given here and printed in the summary.
//!
//! Patterns are matched against the file's path relative to the test-suite root, with `/` separators:
//! - a pattern ending in `/` matches every file under that folder (`proposals/`);
//! - otherwise `*` matches any run of characters except `/` (`simd_*.wast`), everything else literally.
//!
//! An entry with `lines` skips only the directives that start on those (1-based) lines of the file;
//! an entry without lines skips the whole file.

/// Reason for the GC files and GC-dependent directives.
pub const GC: &str = "GC is a later issue";
/// Reason for constant expressions reading a module-defined global.
pub const GC_CONST_GLOBAL: &str =
    "GC is a later issue: `global.get` of a module-defined global in a \
     constant expression came with GC (wasmparser validates it only with the gc feature)";
/// Reason for the exception-handling files and EH-dependent directives.
pub const EH: &str = "exception handling is a later issue";
/// Reason for the `proposals/` folder.
pub const PROPOSALS: &str = "proposals not yet in the standard are not enabled";
/// Reason for the `legacy/` folder.
pub const LEGACY: &str =
    "legacy exception handling (try/catch/delegate) is deprecated and not supported";

/// One entry of the skip list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skip {
    /// File pattern, relative to the test-suite root (see the module docs for the syntax).
    pub pattern: &'static str,
    /// 1-based lines of the directives to skip; empty skips the whole file.
    pub lines: &'static [u32],
    /// Why it is skipped; printed in the summary.
    pub reason: &'static str,
}

const fn file(pattern: &'static str, reason: &'static str) -> Skip {
    Skip {
        pattern,
        lines: &[],
        reason,
    }
}

const fn directives(pattern: &'static str, lines: &'static [u32], reason: &'static str) -> Skip {
    Skip {
        pattern,
        lines,
        reason,
    }
}

/// Every skip, in one place.
pub const SKIPS: &[Skip] = &[
    // Garbage collection.
    file("array*.wast", GC),
    file("struct.wast", GC),
    file("i31.wast", GC),
    file("br_on_cast*.wast", GC),
    file("ref_cast.wast", GC),
    file("ref_test.wast", GC),
    file("ref_eq.wast", GC),
    file("extern.wast", GC),
    file("type-canon.wast", GC),
    file("type-equivalence.wast", GC),
    file("type-rec.wast", GC),
    file("type-subtyping.wast", GC),
    file("binary-gc.wast", GC),
    // `table.init` of an `arrayref` table filled by `array.new_default`, and the `ref.eq` check on it.
    directives("table_init.wast", &[2272, 2286], GC),
    directives("table_init64.wast", &[2457, 2471], GC),
    // `global.get` of a global defined in the same module inside a constant expression, and the
    // assertions on the one such module that has exports (global.wast:634).
    directives("data.wast", &[89, 90], GC_CONST_GLOBAL),
    directives("elem.wast", &[178, 182], GC_CONST_GLOBAL),
    directives(
        "global.wast",
        &[373, 374, 634, 659, 660, 661, 663, 664],
        GC_CONST_GLOBAL,
    ),
    // Both modules return and hold `anyref`/`nullref` (and `exnref`) nulls; every assertion uses them.
    file("ref_null.wast", GC),
    // Exception handling.
    file("throw.wast", EH),
    file("throw_ref.wast", EH),
    file("try_table.wast", EH),
    file("tag.wast", EH),
    // Every module definition and module exports, imports or throws tags.
    file("instance.wast", EH),
    // Line 3 exports tags and is registered as "test" (19): the directives importing from "test"
    // (35 with its invokes 97-98, 128-134, 291-293) and the tag imports (239-255) depend on it.
    directives(
        "imports.wast",
        &[
            3, 19, 35, 97, 98, 128, 129, 130, 131, 132, 133, 134, 239, 243, 247, 251, 255, 291,
            292, 293,
        ],
        EH,
    ),
    // A module with named tags.
    directives("custom/name_annot.wast", &[34], EH),
    // Folders outside the standard.
    file("proposals/", PROPOSALS),
    file("legacy/", LEGACY),
];

/// The whole-file skip for `name` (a path relative to the test-suite root), if any.
pub fn file_skip(name: &str) -> Option<&'static Skip> {
    SKIPS
        .iter()
        .find(|s| s.lines.is_empty() && pattern_matches(s.pattern, name))
}

/// The skip for the directive starting on 1-based `line` of `name`, if any.
pub fn directive_skip(name: &str, line: u32) -> Option<&'static Skip> {
    SKIPS
        .iter()
        .find(|s| s.lines.contains(&line) && pattern_matches(s.pattern, name))
}

/// Whether `pattern` (see the module docs) matches the relative path `name`.
pub fn pattern_matches(pattern: &str, name: &str) -> bool {
    let name = name.replace('\\', "/");
    if pattern.ends_with('/') {
        return name.starts_with(pattern);
    }
    glob(pattern.as_bytes(), name.as_bytes())
}

/// `*` matches any run of bytes other than `/`; every other byte matches itself.
fn glob(pattern: &[u8], name: &[u8]) -> bool {
    match pattern.split_first() {
        None => name.is_empty(),
        Some((b'*', rest)) => {
            let mut i = 0;
            loop {
                if glob(rest, &name[i..]) {
                    return true;
                }
                if i == name.len() || name[i] == b'/' {
                    return false;
                }
                i += 1;
            }
        }
        Some((&c, rest)) => name.first() == Some(&c) && glob(rest, &name[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(pattern_matches("simd_*.wast", "simd_i8x16_arith.wast"));
        assert!(!pattern_matches("simd_*.wast", "custom/simd_x.wast"));
        assert!(pattern_matches("array*.wast", "array.wast"));
        assert!(pattern_matches("array*.wast", "array_copy.wast"));
        assert!(!pattern_matches("struct.wast", "struct2.wast"));
        assert!(pattern_matches(
            "proposals/",
            "proposals/threads/atomic.wast"
        ));
        assert!(!pattern_matches("proposals/", "i32.wast"));
        assert!(!pattern_matches("tag.wast", "custom/tag.wast"));
    }

    #[test]
    fn lookups() {
        assert_eq!(file_skip("relaxed_min_max.wast"), None);
        assert_eq!(file_skip("simd_lane.wast").map(|s| s.reason), None);
        assert_eq!(file_skip("i32.wast"), None);
        assert_eq!(file_skip("table_init.wast"), None);
        assert_eq!(
            directive_skip("table_init.wast", 2272).map(|s| s.reason),
            Some(GC)
        );
        assert_eq!(directive_skip("table_init.wast", 2271), None);
    }

    /// Every line entry must name the first line of a directive, or it would skip nothing.
    #[test]
    fn line_entries_name_directives() {
        let root = crate::testsuite_root();
        assert!(root.is_dir(), "no test suite at {}", root.display());
        for skip in SKIPS.iter().filter(|s| !s.lines.is_empty()) {
            let text = std::fs::read_to_string(root.join(skip.pattern)).expect(skip.pattern);
            let mut lexer = wast::lexer::Lexer::new(&text);
            lexer.allow_confusing_unicode(true);
            let buf = wast::parser::ParseBuffer::new_with_lexer(lexer).expect(skip.pattern);
            let script: wast::Wast<'_> = wast::parser::parse(&buf).expect(skip.pattern);
            let starts: Vec<u32> = script
                .directives
                .iter()
                .map(|d| d.span().linecol_in(&text).0 as u32 + 1)
                .collect();
            for line in skip.lines {
                assert!(
                    starts.contains(line),
                    "{}:{line} starts no directive",
                    skip.pattern
                );
            }
        }
    }
}
