//! x86-64: the byte-shuffle helper Cranelift calls when the CPU lacks SSSE3's `pshufb`.

use std::arch::x86_64::__m128i;

/// `pshufb` semantics: byte `i` of the result is `a[b[i] & 15]`, or 0 when bit 7 of `b[i]` is set.
///
/// Cranelift passes and returns the vectors in XMM registers (System V), which is how Rust passes
/// `__m128i` to an `extern "C"` function on x86-64.
#[expect(
    improper_ctypes_definitions,
    reason = "Cranelift passes the vectors in XMM registers, as Rust does for __m128i"
)]
pub extern "C" fn x86_pshufb(a: __m128i, b: __m128i) -> __m128i {
    // SAFETY: `__m128i` and `[u8; 16]` have the same size and every bit pattern is valid for both.
    let (a, b) = unsafe {
        (
            std::mem::transmute::<__m128i, [u8; 16]>(a),
            std::mem::transmute::<__m128i, [u8; 16]>(b),
        )
    };
    let mut r = [0u8; 16];
    for (out, sel) in r.iter_mut().zip(b) {
        if sel & 0x80 == 0 {
            *out = a[(sel & 15) as usize];
        }
    }
    // SAFETY: as above.
    unsafe { std::mem::transmute::<[u8; 16], __m128i>(r) }
}

/// The address of an architecture-specific float/vector helper called `name`.
pub fn float_libcall_address(name: &str) -> Option<usize> {
    match name {
        "x86_pshufb" => Some(x86_pshufb as *const () as usize),
        _ => None,
    }
}

/// Makes freshly written code visible to instruction fetch (coherent on x86-64: nothing to do).
pub fn flush_icache(_start: *const u8, _len: usize) {}
