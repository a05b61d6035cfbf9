//! The bounds-checked little-endian cursor artifact reading uses.

use super::err;
use crate::CompileError;

/// A bounds-checked little-endian cursor; `what` names the part being read for error messages.
pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
    pub(super) what: &'static str,
}

impl<'a> Reader<'a> {
    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], CompileError> {
        match self.pos.checked_add(n) {
            Some(end) if end <= self.bytes.len() => {
                let s = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            _ => Err(self.truncated()),
        }
    }

    pub(super) fn take_u64(&mut self, n: u64) -> Result<&'a [u8], CompileError> {
        let n = usize::try_from(n).map_err(|_| self.truncated())?;
        self.take(n)
    }

    pub(super) fn truncated(&self) -> CompileError {
        err(format!(
            "truncated at byte {} while reading {}",
            self.bytes.len(),
            self.what
        ))
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], CompileError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    pub(super) fn u8(&mut self) -> Result<u8, CompileError> {
        Ok(self.array::<1>()?[0])
    }

    pub(super) fn u32(&mut self) -> Result<u32, CompileError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub(super) fn u64(&mut self) -> Result<u64, CompileError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    pub(super) fn i64(&mut self) -> Result<i64, CompileError> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    /// A `u32` element count, checked against the bytes left (each element takes at least
    /// `min_size` bytes), so a corrupted count cannot cause a huge allocation.
    pub(super) fn count(&mut self, min_size: usize) -> Result<usize, CompileError> {
        let at = self.pos;
        let n = self.u32()? as usize;
        let left = self.bytes.len() - self.pos;
        if n.saturating_mul(min_size) > left {
            return Err(err(format!(
                "truncated at byte {} while reading {}: the count at byte {at} says {n} \
                 entries, which do not fit in the {left} bytes left",
                self.bytes.len(),
                self.what
            )));
        }
        Ok(n)
    }

    pub(super) fn string(&mut self) -> Result<String, CompileError> {
        let len = self.u32()? as usize;
        let at = self.pos;
        let raw = self.take(len)?;
        String::from_utf8(raw.to_vec()).map_err(|_| {
            err(format!(
                "invalid UTF-8 in a string at byte {at} while reading {}",
                self.what
            ))
        })
    }
}
