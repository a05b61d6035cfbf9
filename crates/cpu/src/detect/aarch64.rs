//! Feature detection on AArch64 hosts (`is_aarch64_feature_detected!`).

use std::arch::is_aarch64_feature_detected;

use crate::Arch;

detect! {
    is_aarch64_feature_detected;
    Neon "neon", Fp16 "fp16", Crc "crc", Lse "lse", Lse2 "lse2", Rcpc "rcpc", Dotprod "dotprod",
    Aes "aes", Sha2 "sha2", Sha3 "sha3", Rdm "rdm", I8mm "i8mm", Sve "sve", Sve2 "sve2",
}

/// The host architecture.
pub(super) fn arch() -> Arch {
    Arch::Aarch64
}
