//! Architectures without specific helpers.

/// The address of an architecture-specific float/vector helper called `name` (none here).
pub fn float_libcall_address(_name: &str) -> Option<usize> {
    None
}

/// Makes freshly written code visible to instruction fetch. Compiled code is only run on x86-64 and
/// AArch64 hosts (the loader refuses others), so this is never reached with code to flush.
pub fn flush_icache(_start: *const u8, _len: usize) {}
