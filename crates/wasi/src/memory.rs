//! Bounds-checked access to the guest's linear memory.
//!
//! Every guest pointer and length goes through [`GuestMemory`]; a range that does not lie wholly
//! inside linear memory is `EFAULT`, never a trap or a panic. Values are little-endian and may be
//! unaligned.

use crate::errno::Errno;
use std::ops::Range;

/// The guest's linear memory during one host call (empty when the module exports no `memory`).
pub(crate) struct GuestMemory<'a> {
    bytes: &'a mut [u8],
}

/// One `iovec`/`ciovec`: a guest buffer address and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IoVec {
    /// Guest address of the buffer.
    pub ptr: u32,
    /// Length in bytes.
    pub len: u32,
}

impl<'a> GuestMemory<'a> {
    /// Wraps the bytes of linear memory.
    pub fn new(bytes: &'a mut [u8]) -> GuestMemory<'a> {
        GuestMemory { bytes }
    }

    /// The byte range `ptr .. ptr + len`, if it lies inside memory.
    pub fn range(&self, ptr: u32, len: u32) -> Result<Range<usize>, Errno> {
        let start = ptr as usize;
        let end = start.checked_add(len as usize).ok_or(Errno::FAULT)?;
        if end > self.bytes.len() {
            return Err(Errno::FAULT);
        }
        Ok(start..end)
    }

    /// The range for `count` elements of `size` bytes each.
    fn array_range(&self, ptr: u32, count: u32, size: u32) -> Result<Range<usize>, Errno> {
        let len = count.checked_mul(size).ok_or(Errno::FAULT)?;
        self.range(ptr, len)
    }

    /// Guest bytes `ptr .. ptr + len`.
    pub fn slice(&self, ptr: u32, len: u32) -> Result<&[u8], Errno> {
        let r = self.range(ptr, len)?;
        Ok(&self.bytes[r])
    }

    /// Guest bytes `ptr .. ptr + len`, writable.
    pub fn slice_mut(&mut self, ptr: u32, len: u32) -> Result<&mut [u8], Errno> {
        let r = self.range(ptr, len)?;
        Ok(&mut self.bytes[r])
    }

    /// Fails with `EFAULT` unless `ptr .. ptr + len` is inside memory (check before side effects).
    pub fn check(&self, ptr: u32, len: u32) -> Result<(), Errno> {
        self.range(ptr, len).map(|_| ())
    }

    fn read_array<const N: usize>(&self, ptr: u32) -> Result<[u8; N], Errno> {
        let s = self.slice(ptr, N as u32)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    /// Reads a byte.
    pub fn read_u8(&self, ptr: u32) -> Result<u8, Errno> {
        Ok(self.read_array::<1>(ptr)?[0])
    }

    /// Reads a little-endian `u16`.
    pub fn read_u16(&self, ptr: u32) -> Result<u16, Errno> {
        Ok(u16::from_le_bytes(self.read_array(ptr)?))
    }

    /// Reads a little-endian `u32`.
    pub fn read_u32(&self, ptr: u32) -> Result<u32, Errno> {
        Ok(u32::from_le_bytes(self.read_array(ptr)?))
    }

    /// Reads a little-endian `u64`.
    pub fn read_u64(&self, ptr: u32) -> Result<u64, Errno> {
        Ok(u64::from_le_bytes(self.read_array(ptr)?))
    }

    /// Writes bytes at `ptr`.
    pub fn write_bytes(&mut self, ptr: u32, data: &[u8]) -> Result<(), Errno> {
        let len = u32::try_from(data.len()).map_err(|_| Errno::FAULT)?;
        self.slice_mut(ptr, len)?.copy_from_slice(data);
        Ok(())
    }

    /// Writes a byte.
    pub fn write_u8(&mut self, ptr: u32, v: u8) -> Result<(), Errno> {
        self.write_bytes(ptr, &[v])
    }

    /// Writes a little-endian `u32`.
    pub fn write_u32(&mut self, ptr: u32, v: u32) -> Result<(), Errno> {
        self.write_bytes(ptr, &v.to_le_bytes())
    }

    /// Writes a little-endian `u64`.
    pub fn write_u64(&mut self, ptr: u32, v: u64) -> Result<(), Errno> {
        self.write_bytes(ptr, &v.to_le_bytes())
    }

    /// A UTF-8 string (`EILSEQ` when it is not valid UTF-8).
    pub fn read_str(&self, ptr: u32, len: u32) -> Result<&str, Errno> {
        std::str::from_utf8(self.slice(ptr, len)?).map_err(|_| Errno::ILSEQ)
    }

    /// An array of `count` iovecs at `ptr`; each buffer is bounds-checked too.
    pub fn iovecs(&self, ptr: u32, count: u32) -> Result<Vec<IoVec>, Errno> {
        let r = self.array_range(ptr, count, 8)?;
        let raw = &self.bytes[r];
        let mut out = Vec::with_capacity(count as usize);
        for chunk in raw.chunks_exact(8) {
            let v = IoVec {
                ptr: u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]),
                len: u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]),
            };
            self.check(v.ptr, v.len)?;
            out.push(v);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_bounds_accesses_work() {
        let mut bytes = vec![0u8; 64];
        let mut m = GuestMemory::new(&mut bytes);
        m.write_u32(60, 0xdead_beef).unwrap();
        assert_eq!(m.read_u32(60).unwrap(), 0xdead_beef);
        m.write_u64(3, u64::MAX - 1).unwrap(); // unaligned is fine
        assert_eq!(m.read_u64(3).unwrap(), u64::MAX - 1);
        m.write_bytes(0, &0x1234u16.to_le_bytes()).unwrap();
        assert_eq!(m.read_u16(0).unwrap(), 0x1234);
        assert_eq!(m.read_u8(0).unwrap(), 0x34);
        assert_eq!(m.slice(64, 0).unwrap(), &[] as &[u8]);
        m.write_bytes(10, b"hello").unwrap();
        assert_eq!(m.read_str(10, 5).unwrap(), "hello");
    }

    #[test]
    fn out_of_bounds_is_efault() {
        let mut bytes = vec![0u8; 64];
        let mut m = GuestMemory::new(&mut bytes);
        assert_eq!(m.read_u32(61), Err(Errno::FAULT));
        assert_eq!(m.read_u64(57), Err(Errno::FAULT));
        assert_eq!(m.write_u32(62, 1), Err(Errno::FAULT));
        assert_eq!(m.write_u8(64, 1), Err(Errno::FAULT));
        assert_eq!(m.slice(65, 0), Err(Errno::FAULT));
        assert_eq!(m.slice(0, 65), Err(Errno::FAULT));
        assert_eq!(m.slice(u32::MAX, u32::MAX), Err(Errno::FAULT));
        assert_eq!(m.slice_mut(1, u32::MAX).map(|_| ()), Err(Errno::FAULT));
        assert_eq!(m.check(40, 25), Err(Errno::FAULT));
        // A failed write leaves memory untouched.
        assert!(bytes.iter().all(|b| *b == 0));
    }

    #[test]
    fn empty_memory_faults_everything_but_empty_ranges() {
        let mut none: [u8; 0] = [];
        let m = GuestMemory::new(&mut none);
        assert_eq!(m.read_u8(0), Err(Errno::FAULT));
        assert!(m.check(0, 0).is_ok());
    }

    #[test]
    fn iovecs_are_checked() {
        let mut bytes = vec![0u8; 64];
        let mut m = GuestMemory::new(&mut bytes);
        m.write_u32(0, 32).unwrap();
        m.write_u32(4, 16).unwrap();
        m.write_u32(8, 48).unwrap();
        m.write_u32(12, 17).unwrap(); // 48 + 17 > 64
        assert_eq!(m.iovecs(0, 1).unwrap(), vec![IoVec { ptr: 32, len: 16 }]);
        assert_eq!(m.iovecs(0, 2), Err(Errno::FAULT));
        // The array itself out of bounds, and a count that overflows.
        assert_eq!(m.iovecs(60, 1), Err(Errno::FAULT));
        assert_eq!(m.iovecs(0, u32::MAX), Err(Errno::FAULT));
    }

    #[test]
    fn invalid_utf8_is_eilseq() {
        let mut bytes = vec![0xffu8; 8];
        let m = GuestMemory::new(&mut bytes);
        assert_eq!(m.read_str(0, 2), Err(Errno::ILSEQ));
    }
}
