//! `v128` loads and stores beyond the plain memory-0 forms.

use super::mem_ptr;
use crate::code::{SimdMemArg, SimdMemKind};
use tailor_vm::{LinearMemory, Trap};

/// Reads `N` bytes at `addr + arg.offset`.
///
/// # Safety
/// `mem` must be live.
unsafe fn read<const N: usize>(
    mem: *mut LinearMemory,
    addr: u64,
    off: u64,
) -> Result<[u8; N], Trap> {
    // SAFETY: `mem` is live; `mem_ptr` bounds-checks the access.
    unsafe {
        let p = mem_ptr(mem, addr, off, N as u64)?;
        Ok(std::ptr::read_unaligned(p as *const [u8; N]))
    }
}

fn widen<const N: usize, const W: usize>(bytes: [u8; 8], signed: bool) -> u128 {
    // N input lanes of 8 / N bytes each, widened to W-byte lanes.
    let in_size = 8 / N;
    let mut out = 0u128;
    for i in 0..N {
        let mut v: u64 = 0;
        for k in 0..in_size {
            v |= (bytes[i * in_size + k] as u64) << (8 * k);
        }
        if signed {
            let shift = 64 - 8 * in_size as u32;
            v = (((v << shift) as i64) >> shift) as u64;
        }
        let mask = if W == 8 {
            u64::MAX
        } else {
            (1u64 << (8 * W)) - 1
        };
        out |= ((v & mask) as u128) << (8 * W * i);
    }
    out
}

fn splat(v: u64, size: usize) -> u128 {
    let mut out = 0u128;
    let mut i = 0;
    while i < 16 {
        out |= (v as u128) << (8 * i);
        i += size;
    }
    out
}

fn lane_mask(size: usize, lane: u8) -> (u128, u32) {
    let shift = 8 * size as u32 * lane as u32;
    let mask = if size == 16 {
        u128::MAX
    } else {
        ((1u128 << (8 * size)) - 1) << shift
    };
    (mask, shift)
}

/// A `v128` load described by `arg`; `vec` is the input vector of a lane load.
///
/// # Safety
/// `mem` must be live.
pub(super) unsafe fn load(
    mem: *mut LinearMemory,
    addr: u64,
    arg: &SimdMemArg,
    vec: u128,
) -> Result<u128, Trap> {
    use SimdMemKind as K;
    let off = arg.offset;
    // SAFETY: forwarded from the caller.
    unsafe {
        Ok(match arg.kind {
            K::Full => u128::from_le_bytes(read::<16>(mem, addr, off)?),
            K::Load8x8S => widen::<8, 2>(read::<8>(mem, addr, off)?, true),
            K::Load8x8U => widen::<8, 2>(read::<8>(mem, addr, off)?, false),
            K::Load16x4S => widen::<4, 4>(read::<8>(mem, addr, off)?, true),
            K::Load16x4U => widen::<4, 4>(read::<8>(mem, addr, off)?, false),
            K::Load32x2S => widen::<2, 8>(read::<8>(mem, addr, off)?, true),
            K::Load32x2U => widen::<2, 8>(read::<8>(mem, addr, off)?, false),
            K::Splat8 => splat(read::<1>(mem, addr, off)?[0] as u64, 1),
            K::Splat16 => splat(u16::from_le_bytes(read::<2>(mem, addr, off)?) as u64, 2),
            K::Splat32 => splat(u32::from_le_bytes(read::<4>(mem, addr, off)?) as u64, 4),
            K::Splat64 => splat(u64::from_le_bytes(read::<8>(mem, addr, off)?), 8),
            K::Zero32 => u32::from_le_bytes(read::<4>(mem, addr, off)?) as u128,
            K::Zero64 => u64::from_le_bytes(read::<8>(mem, addr, off)?) as u128,
            K::Lane8 | K::Lane16 | K::Lane32 | K::Lane64 => {
                let size = lane_size(arg.kind);
                let v: u64 = match size {
                    1 => read::<1>(mem, addr, off)?[0] as u64,
                    2 => u16::from_le_bytes(read::<2>(mem, addr, off)?) as u64,
                    4 => u32::from_le_bytes(read::<4>(mem, addr, off)?) as u64,
                    _ => u64::from_le_bytes(read::<8>(mem, addr, off)?),
                };
                let (mask, shift) = lane_mask(size, arg.lane);
                (vec & !mask) | ((v as u128) << shift)
            }
        })
    }
}

fn lane_size(kind: SimdMemKind) -> usize {
    match kind {
        SimdMemKind::Lane8 => 1,
        SimdMemKind::Lane16 => 2,
        SimdMemKind::Lane32 => 4,
        SimdMemKind::Lane64 => 8,
        _ => 16,
    }
}

/// A `v128` store described by `arg` (full or one lane).
///
/// # Safety
/// `mem` must be live.
pub(super) unsafe fn store(
    mem: *mut LinearMemory,
    addr: u64,
    arg: &SimdMemArg,
    v: u128,
) -> Result<(), Trap> {
    let size = lane_size(arg.kind);
    let bytes = (v >> (8 * size as u32 * arg.lane as u32)).to_le_bytes();
    // SAFETY: `mem` is live; `mem_ptr` bounds-checks the access.
    unsafe {
        let p = mem_ptr(mem, addr, arg.offset, size as u64)?;
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), p, size);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widening_and_splats() {
        let b = [0x80, 0x01, 0xff, 0x7f, 0, 0, 0, 0];
        assert_eq!(widen::<8, 2>(b, true) & 0xffff_ffff, 0x0001_ff80);
        assert_eq!(widen::<8, 2>(b, false) & 0xffff_ffff, 0x0001_0080);
        assert_eq!(
            widen::<4, 4>(b, true) & u64::MAX as u128,
            0x0000_7fff_0000_0180
        );
        assert_eq!(splat(0xab, 1), u128::from_le_bytes([0xab; 16]));
        assert_eq!(lane_mask(4, 1), (0xffff_ffff_0000_0000, 32));
    }
}
