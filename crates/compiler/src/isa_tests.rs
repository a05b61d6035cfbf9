//! Tests of `isa.rs` (one per target: a test-only file may name architectures).
use super::*;

#[test]
fn x86_64_v3_enables_avx_and_fma() {
    let p = CpuProfile::preset("x86-64-v3").unwrap();
    let flags = isa_flags(&p);
    assert!(flags.contains(&("has_avx", true)));
    assert!(flags.contains(&("has_fma", true)));
    assert!(flags.contains(&("has_avx512f", false)));
    let isa = build_isa(&p, OptLevel::Speed).unwrap();
    assert!(isa
        .isa_flags()
        .iter()
        .any(|f| f.name == "has_avx" && f.as_bool() == Some(true)));
}

#[test]
fn every_backend_builds() {
    for name in [
        "x86-64-v1",
        "x86-64-v4",
        "sapphirerapids",
        "znver5",
        "aarch64",
        "neoverse-v2",
        "rva23u64",
        "riscv64gc",
        "riscv64gc+v",
        "s390x",
        "s390x-z15",
    ] {
        let p = CpuProfile::preset(name).unwrap();
        build_isa(&p, OptLevel::Speed).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}
