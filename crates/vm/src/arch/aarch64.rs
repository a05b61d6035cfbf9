//! AArch64: instruction-cache maintenance after writing code.

/// The address of an architecture-specific float/vector helper called `name` (none on AArch64).
pub fn float_libcall_address(_name: &str) -> Option<usize> {
    None
}

/// Makes freshly written code visible to instruction fetch: clean the data cache to the point of
/// unification and invalidate the instruction cache over the range, then synchronise.
pub fn flush_icache(start: *const u8, len: usize) {
    const LINE: usize = 64;
    let begin = start as usize & !(LINE - 1);
    let end = start as usize + len;
    let mut p = begin;
    while p < end {
        // SAFETY: cache maintenance by virtual address on mapped code memory has no other effect.
        unsafe { std::arch::asm!("dc cvau, {0}", in(reg) p) };
        p += LINE;
    }
    // SAFETY: barriers only.
    unsafe { std::arch::asm!("dsb ish") };
    let mut p = begin;
    while p < end {
        // SAFETY: as above.
        unsafe { std::arch::asm!("ic ivau, {0}", in(reg) p) };
        p += LINE;
    }
    // SAFETY: barriers only.
    unsafe { std::arch::asm!("dsb ish", "isb") };
}
