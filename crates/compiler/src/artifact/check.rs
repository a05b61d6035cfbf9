//! The first checks of reading an artifact: magic, format version, total length and checksum (the
//! preamble and the trailer), then the split of the body into its sections, in order.

use super::reader::Reader;
use super::{err, is_artifact, sha256, CHECKSUM, FORMAT_VERSION, MAGIC, PREAMBLE, SECTIONS};
use crate::CompileError;

/// Checks the preamble and the checksum of `bytes`; returns the body (everything but the checksum).
pub(super) fn checked_body(bytes: &[u8]) -> Result<&[u8], CompileError> {
    check_magic(bytes)?;
    let mut r = Reader {
        bytes,
        pos: MAGIC.len(),
        what: "the preamble",
    };
    check_version(r.u32()?)?;
    check_total(r.u64()?, bytes.len())?;
    if bytes.len() < PREAMBLE + CHECKSUM {
        return Err(err(format!(
            "truncated at byte {} while reading the checksum",
            bytes.len()
        )));
    }
    let body_end = bytes.len() - CHECKSUM;
    if sha256(&bytes[..body_end]) != bytes[body_end..] {
        return Err(err(
            "checksum mismatch: the file was modified or corrupted".to_string()
        ));
    }
    Ok(&bytes[..body_end])
}

fn check_magic(bytes: &[u8]) -> Result<(), CompileError> {
    if bytes.len() < MAGIC.len() || !is_artifact(bytes) {
        return Err(err(if bytes.starts_with(b"\0asm") {
            "not a tailor artifact (bad magic): this is a plain wasm module".to_string()
        } else {
            "not a tailor artifact (bad magic)".to_string()
        }));
    }
    Ok(())
}

fn check_version(version: u32) -> Result<(), CompileError> {
    if version != FORMAT_VERSION {
        return Err(err(format!(
            "format version {version} is not supported by this tailor (expects \
             {FORMAT_VERSION}); recompile the module with this tailor"
        )));
    }
    Ok(())
}

/// `total` is the length the preamble records, `len` the file's.
fn check_total(total: u64, len: usize) -> Result<(), CompileError> {
    if total != len as u64 {
        return Err(err(if total > len as u64 {
            format!(
                "truncated: the file is {len} bytes but its header says {total} (incomplete \
                 copy or download?)"
            )
        } else {
            format!("the file is {len} bytes but its header says {total} (trailing data appended?)")
        }));
    }
    Ok(())
}

/// The body of an artifact split into its sections (in the order of [`SECTIONS`]).
pub(super) struct Sections<'a> {
    body: &'a [u8],
    /// Where each section's payload starts in `body`.
    starts: Vec<usize>,
    /// Each section's payload.
    payloads: Vec<&'a [u8]>,
}

impl<'a> Sections<'a> {
    /// Splits `body` (checked by [`checked_body`]): every section must come in order, with its
    /// length within the body, and nothing may follow the last.
    pub(super) fn split(body: &'a [u8]) -> Result<Sections<'a>, CompileError> {
        let mut r = Reader {
            bytes: body,
            pos: PREAMBLE,
            what: "the section list",
        };
        let mut payloads = Vec::with_capacity(SECTIONS.len());
        let mut starts = Vec::with_capacity(SECTIONS.len());
        for (id, name) in SECTIONS {
            r.what = name;
            let found = r.u32()?;
            if found != id {
                return Err(err(format!(
                    "expected section {id} ({name}) at byte {}, found section id {found}",
                    r.pos - 4
                )));
            }
            let len = r.u64()?;
            starts.push(r.pos);
            payloads.push(r.take_u64(len)?);
        }
        if r.pos != body.len() {
            return Err(err(format!(
                "{} unexpected bytes after the last section at byte {}",
                body.len() - r.pos,
                r.pos
            )));
        }
        Ok(Sections {
            body,
            starts,
            payloads,
        })
    }

    /// The payload of section `i` (an index into [`SECTIONS`]).
    pub(super) fn payload(&self, i: usize) -> &'a [u8] {
        self.payloads[i]
    }

    /// A reader of section `i` that stops at the section's end (positions stay file offsets).
    pub(super) fn reader(&self, i: usize) -> Reader<'a> {
        Reader {
            bytes: &self.body[..self.starts[i] + self.payloads[i].len()],
            pos: self.starts[i],
            what: SECTIONS[i].1,
        }
    }

    /// Checks that `r`, a reader of section `i`, read all of it.
    pub(super) fn end(&self, i: usize, r: &Reader<'_>) -> Result<(), CompileError> {
        let want = self.starts[i] + self.payloads[i].len();
        if r.pos != want {
            return Err(err(format!(
                "{} section has {} unexpected trailing bytes at byte {}",
                SECTIONS[i].1,
                want - r.pos,
                r.pos
            )));
        }
        Ok(())
    }
}
