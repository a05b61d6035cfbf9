//! The targets the harness proves: a CPU profile to compile for, the cross C compiler that links the
//! driver, and the qemu-user command (with the CPU model) that runs it.

use std::path::PathBuf;

/// One target and CPU model.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The name printed in the summary (also the `TAILOR_CROSS_TARGETS` filter name).
    pub name: &'static str,
    /// Target for `CpuProfile::for_target`.
    pub triple: &'static str,
    /// CPU preset for `CpuProfile::for_target`.
    pub cpu: &'static str,
    /// C compiler (links statically).
    pub cc: &'static str,
    /// The qemu-user binary.
    pub qemu: &'static str,
    /// Its `-cpu` argument.
    pub qemu_cpu: Option<&'static str>,
    /// Whether the SIMD scripts run (the CPU profile supports wasm SIMD).
    pub simd: bool,
}

/// Every target, in summary order.
pub const TARGETS: &[Target] = &[
    Target {
        name: "aarch64",
        triple: "aarch64-linux",
        cpu: "aarch64",
        cc: "aarch64-linux-gnu-gcc",
        qemu: "qemu-aarch64",
        qemu_cpu: None,
        simd: true,
    },
    Target {
        name: "riscv64gc",
        triple: "riscv64gc-linux",
        cpu: "riscv64gc",
        cc: "riscv64-linux-gnu-gcc",
        qemu: "qemu-riscv64",
        // qemu's rv64 enables the bit-manipulation extensions by default: turn them off so that a
        // stray Zb* instruction would fault.
        qemu_cpu: Some("rv64,zba=false,zbb=false,zbc=false,zbs=false,v=false"),
        simd: false,
    },
    Target {
        name: "riscv64gc+zbb",
        triple: "riscv64gc-linux",
        cpu: "riscv64gc+zbb",
        cc: "riscv64-linux-gnu-gcc",
        qemu: "qemu-riscv64",
        qemu_cpu: Some("rv64,zba=false,zbb=true,zbc=false,zbs=false,v=false"),
        simd: false,
    },
    Target {
        name: "riscv64gc+v",
        triple: "riscv64gc-linux",
        cpu: "riscv64gc+v",
        cc: "riscv64-linux-gnu-gcc",
        qemu: "qemu-riscv64",
        qemu_cpu: Some(
            "rv64,zba=false,zbb=false,zbc=false,zbs=false,v=true,vlen=128,elen=64,vext_spec=v1.0",
        ),
        simd: true,
    },
    Target {
        name: "s390x",
        triple: "s390x-linux",
        cpu: "s390x",
        cc: "s390x-linux-gnu-gcc",
        qemu: "qemu-s390x",
        qemu_cpu: Some(S390X_QEMU_CPU),
        simd: true,
    },
    Target {
        name: "x86-64-v1",
        triple: "x86_64-linux",
        cpu: "x86-64-v1",
        cc: X86_64_CC,
        qemu: "qemu-x86_64",
        qemu_cpu: Some("qemu64"),
        simd: true,
    },
    Target {
        name: "x86-64-v2",
        triple: "x86_64-linux",
        cpu: "x86-64-v2",
        cc: X86_64_CC,
        qemu: "qemu-x86_64",
        qemu_cpu: Some("Nehalem"),
        simd: true,
    },
];

/// qemu's CPU model for the `s390x` (z14) preset: qemu 7.2's TCG cannot provide `-cpu z14` (it
/// lacks crypto and other facilities tailor never uses); its `qemu` model has the vector facility.
const S390X_QEMU_CPU: &str = "qemu";

/// The x86-64 C compiler (the native gcc on x86-64 hosts; see [`cc_for`]).
const X86_64_CC: &str = "x86_64-linux-gnu-gcc";

/// The C compiler command for `t` on this host: `gcc` when it is the native one.
pub fn cc_for(t: &Target) -> &'static str {
    let native = match std::env::consts::ARCH {
        "x86_64" => Some(X86_64_CC),
        "aarch64" => Some("aarch64-linux-gnu-gcc"),
        "riscv64" => Some("riscv64-linux-gnu-gcc"),
        "s390x" => Some("s390x-linux-gnu-gcc"),
        _ => None,
    };
    if native == Some(t.cc) && find_in_path(t.cc).is_none() {
        "gcc"
    } else {
        t.cc
    }
}

/// Finds `program` in `PATH`.
pub fn find_in_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// The Debian packages that provide every tool (for the error message and CI).
pub const APT_LINE: &str = "apt-get install -y gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
gcc-riscv64-linux-gnu libc6-dev-riscv64-cross gcc-s390x-linux-gnu libc6-dev-s390x-cross qemu-user";

/// The spec scripts every target runs (without `.wast`).
pub const SCALAR_FILES: &[&str] = &[
    "i32",
    "i64",
    "f32",
    "f64",
    "f32_cmp",
    "f64_cmp",
    "f32_bitwise",
    "f64_bitwise",
    "conversions",
    "int_exprs",
    "float_exprs",
    "float_misc",
    "int_literals",
    "float_literals",
    "float_memory",
    "address",
    "align",
    "memory",
    "memory_grow",
    "memory_size",
    "memory_trap",
    "memory_redundancy",
    "endianness",
    "load",
    "store",
    "left-to-right",
    "block",
    "loop",
    "if",
    "br",
    "br_if",
    "br_table",
    "return",
    "call",
    "call_indirect",
    "select",
    "local_get",
    "local_set",
    "local_tee",
    "nop",
    "unreachable",
    "unwind",
    "fac",
    "switch",
    "labels",
    "stack",
    "traps",
    "bulk",
    "memory_fill",
    "memory_copy",
    "memory_init",
    "table_copy",
    "table_fill",
    "table_get",
    "table_grow",
    "table_init",
    "table_set",
    "table_size",
    "global",
    "forward",
    "func",
    "func_ptrs",
    "const",
    "start",
    "ref_func",
    "ref_is_null",
    "ref_null",
    "data",
    "elem",
    "linking",
    "imports",
    "exports",
    "names",
    "table",
    "custom",
    "comments",
    "token",
    "obsolete-keywords",
    "utf8-custom-section-id",
    "memory_size0",
    "memory_size1",
    "memory_size2",
    "memory_size3",
    "binary",
    "binary-leb128",
    "address0",
    "address1",
    "align0",
    "float_exprs0",
    "float_exprs1",
    "float_memory0",
    "load0",
    "load1",
    "load2",
    "store0",
    "store1",
    "store2",
    "memory_copy0",
    "memory_copy1",
    "memory_fill0",
    "memory_init0",
    "memory_trap0",
    "memory_trap1",
    "traps0",
    "data0",
    "data1",
    "data_drop0",
    "exports0",
    "imports0",
    "imports1",
    "imports2",
    "imports3",
    "imports4",
    "linking0",
    "linking1",
    "linking2",
    "linking3",
    "start0",
    "binary0",
    "table_copy_mixed",
    "table-sub",
    "unreached-valid",
    "local_init",
    "inline-module",
    "return_call",
    "return_call_indirect",
    "call_ref",
];

/// Whether a script needs wasm SIMD (`simd_*`).
pub fn is_simd_file(stem: &str) -> bool {
    stem.starts_with("simd_")
}
