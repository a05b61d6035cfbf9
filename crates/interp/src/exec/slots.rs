//! How values sit in 64-bit slots: `i32` and `f32` zero-extended, `i64`/`f64` as bits, references as
//! their raw word.

/// A value that can be read from and written to a slot.
pub(crate) trait SlotVal: Copy {
    fn from_slot(v: u64) -> Self;
    fn to_slot(self) -> u64;
}

impl SlotVal for i32 {
    #[inline(always)]
    fn from_slot(v: u64) -> i32 {
        v as u32 as i32
    }
    #[inline(always)]
    fn to_slot(self) -> u64 {
        self as u32 as u64
    }
}
impl SlotVal for u32 {
    #[inline(always)]
    fn from_slot(v: u64) -> u32 {
        v as u32
    }
    #[inline(always)]
    fn to_slot(self) -> u64 {
        self as u64
    }
}
impl SlotVal for i64 {
    #[inline(always)]
    fn from_slot(v: u64) -> i64 {
        v as i64
    }
    #[inline(always)]
    fn to_slot(self) -> u64 {
        self as u64
    }
}
impl SlotVal for u64 {
    #[inline(always)]
    fn from_slot(v: u64) -> u64 {
        v
    }
    #[inline(always)]
    fn to_slot(self) -> u64 {
        self
    }
}
impl SlotVal for f32 {
    #[inline(always)]
    fn from_slot(v: u64) -> f32 {
        f32::from_bits(v as u32)
    }
    #[inline(always)]
    fn to_slot(self) -> u64 {
        self.to_bits() as u64
    }
}
impl SlotVal for f64 {
    #[inline(always)]
    fn from_slot(v: u64) -> f64 {
        f64::from_bits(v)
    }
    #[inline(always)]
    fn to_slot(self) -> u64 {
        self.to_bits()
    }
}
impl SlotVal for bool {
    #[inline(always)]
    fn from_slot(v: u64) -> bool {
        v != 0
    }
    #[inline(always)]
    fn to_slot(self) -> u64 {
        self as u64
    }
}

/// Where a value travels between two consecutive ops: `f64` in the float register `f` (no
/// round trip through an integer register), everything else in the integer register `r`, in slot
/// representation.
pub(crate) trait RegVal: SlotVal {
    /// Whether the value travels in the float register.
    const FLOAT: bool;
    /// Reads the value from the registers.
    fn from_regs(r: u64, f: f64) -> Self;
    /// Puts the value into its register, returning both registers.
    fn put(self, r: u64, f: f64) -> (u64, f64);
}

macro_rules! int_reg {
    ($($t:ty),*) => {$(
        impl RegVal for $t {
            const FLOAT: bool = false;
            #[inline(always)]
            fn from_regs(r: u64, _f: f64) -> $t {
                <$t as SlotVal>::from_slot(r)
            }
            #[inline(always)]
            fn put(self, _r: u64, f: f64) -> (u64, f64) {
                (SlotVal::to_slot(self), f)
            }
        }
    )*};
}
int_reg!(i32, u32, i64, u64, f32, bool);

impl RegVal for f64 {
    const FLOAT: bool = true;
    #[inline(always)]
    fn from_regs(_r: u64, f: f64) -> f64 {
        f
    }
    #[inline(always)]
    fn put(self, r: u64, _f: f64) -> (u64, f64) {
        (r, self)
    }
}
