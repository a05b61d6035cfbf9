//! Feature detection on x86-64 hosts (`is_x86_feature_detected!`).

use std::arch::is_x86_feature_detected;

use crate::Arch;

detect! {
    is_x86_feature_detected;
    Sse2 "sse2", Sse3 "sse3", Ssse3 "ssse3", Sse41 "sse4.1", Sse42 "sse4.2", Popcnt "popcnt",
    Cmpxchg16b "cmpxchg16b", Lzcnt "lzcnt", Bmi1 "bmi1", Bmi2 "bmi2", Movbe "movbe", Avx "avx",
    Avx2 "avx2", Fma "fma", F16c "f16c", Avx512f "avx512f", Avx512bw "avx512bw",
    Avx512cd "avx512cd", Avx512dq "avx512dq", Avx512vl "avx512vl", Avx512vbmi "avx512vbmi",
    Avx512vbmi2 "avx512vbmi2", Avx512bitalg "avx512bitalg", Avx512vpopcntdq "avx512vpopcntdq",
    Avx512vnni "avx512vnni", Avx512ifma "avx512ifma", Avx512bf16 "avx512bf16",
    Avx512fp16 "avx512fp16", Avxvnni "avxvnni", Gfni "gfni", Vpclmulqdq "vpclmulqdq",
}

/// The host architecture.
pub(super) fn arch() -> Arch {
    Arch::X86_64
}
