//! The 16-byte value cell that crosses every boundary between tiers and the host.

/// One WebAssembly value in raw form: numbers as their bits, references as their raw word.
///
/// `i32`/`f32` live in the low 32 bits, `i64`/`f64` and references in the low 64 bits, `v128` uses all 128.
/// A reference is `0` for null; a non-null `funcref` is the address of its [`crate::VMFunc`], a non-null
/// `externref` is an index into the store's host references plus one.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
#[repr(C, align(16))]
pub struct ValRaw(pub u128);

impl std::fmt::Debug for ValRaw {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ValRaw({:#x})", self.0)
    }
}

impl ValRaw {
    /// A cell holding an `i32`.
    pub fn i32(v: i32) -> ValRaw {
        ValRaw(v as u32 as u128)
    }
    /// A cell holding an `i64`.
    pub fn i64(v: i64) -> ValRaw {
        ValRaw(v as u64 as u128)
    }
    /// A cell holding `f32` bits.
    pub fn f32(bits: u32) -> ValRaw {
        ValRaw(bits as u128)
    }
    /// A cell holding `f64` bits.
    pub fn f64(bits: u64) -> ValRaw {
        ValRaw(bits as u128)
    }
    /// A cell holding a raw reference word.
    pub fn reference(raw: u64) -> ValRaw {
        ValRaw(raw as u128)
    }
    /// A cell holding a 64-bit slot (any scalar or reference).
    pub fn from_u64(raw: u64) -> ValRaw {
        ValRaw(raw as u128)
    }
    /// The `i32` in this cell.
    pub fn get_i32(self) -> i32 {
        self.0 as u32 as i32
    }
    /// The `i64` in this cell.
    pub fn get_i64(self) -> i64 {
        self.0 as u64 as i64
    }
    /// The `f32` bits in this cell.
    pub fn get_f32(self) -> u32 {
        self.0 as u32
    }
    /// The `f64` bits in this cell.
    pub fn get_f64(self) -> u64 {
        self.0 as u64
    }
    /// The low 64 bits (a scalar or a reference word).
    pub fn get_u64(self) -> u64 {
        self.0 as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_pinned() {
        assert_eq!(std::mem::size_of::<ValRaw>(), 16);
        assert_eq!(std::mem::align_of::<ValRaw>(), 16);
        assert_eq!(ValRaw::i32(-1).get_i64(), 0xffff_ffff);
        assert_eq!(ValRaw::i64(-1).get_i32(), -1);
    }
}
