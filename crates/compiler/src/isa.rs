//! `CpuProfile` → Cranelift `TargetIsa`: the one place where a profile becomes code-generation flags.

use crate::CompileError;
use cranelift_codegen::isa::{self, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use std::str::FromStr;
use tailor_cpu::{Arch, CpuProfile, Feature};

/// How hard Cranelift optimises (`-O none|speed|size`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OptLevel {
    /// No optimisation: fastest compile.
    None,
    /// Optimise for speed (the default).
    #[default]
    Speed,
    /// Optimise for speed and code size.
    Size,
}

impl OptLevel {
    /// The name as `-O` spells it.
    pub fn name(self) -> &'static str {
        match self {
            OptLevel::None => "none",
            OptLevel::Speed => "speed",
            OptLevel::Size => "size",
        }
    }

    /// Parses `none`, `speed` or `size` (also `0`, `2`, `s`).
    pub fn from_name(name: &str) -> Option<OptLevel> {
        match name {
            "none" | "0" => Some(OptLevel::None),
            "speed" | "2" | "3" => Some(OptLevel::Speed),
            "size" | "s" | "z" => Some(OptLevel::Size),
            _ => None,
        }
    }

    fn cranelift(self) -> &'static str {
        match self {
            OptLevel::None => "none",
            OptLevel::Speed => "speed",
            OptLevel::Size => "speed_and_size",
        }
    }
}

/// The Cranelift triple for a profile (Linux-style for every OS we know, as the code's ABI only
/// depends on architecture and calling convention).
pub fn cranelift_triple(profile: &CpuProfile) -> Result<target_lexicon::Triple, CompileError> {
    let arch = match profile.arch() {
        Arch::X86_64 => "x86_64",
        Arch::Aarch64 => "aarch64",
        Arch::Riscv64 => "riscv64gc",
        Arch::S390x => "s390x",
        Arch::Other(name) => {
            return Err(CompileError::Target {
                target: profile.triple().to_string(),
                reason: format!("Cranelift has no backend for {name}"),
            })
        }
    };
    let os = match profile.triple().os.as_str() {
        "macos" => "apple-darwin",
        "windows" => "pc-windows-msvc",
        "freebsd" => "unknown-freebsd",
        _ => "unknown-linux-gnu",
    };
    target_lexicon::Triple::from_str(&format!("{arch}-{os}")).map_err(|e| CompileError::Target {
        target: profile.triple().to_string(),
        reason: e.to_string(),
    })
}

/// The Cranelift ISA flags (`name`, enabled) a profile stands for, in a fixed order.
///
/// Every flag is set explicitly from the profile's features, never from Cranelift's named presets:
/// Cranelift's `x86-64-v3` preset, for one, does not set `has_avx`, which leaves out VEX encodings
/// and FMA that a user of an AVX2 machine expects.
pub fn isa_flags(profile: &CpuProfile) -> Vec<(&'static str, bool)> {
    use Feature::*;
    let table: &[(&'static str, &[Feature])] = match profile.arch() {
        Arch::X86_64 => &[
            ("has_sse3", &[Sse3]),
            ("has_ssse3", &[Ssse3]),
            ("has_sse41", &[Sse41]),
            ("has_sse42", &[Sse42]),
            ("has_popcnt", &[Popcnt]),
            ("has_cmpxchg16b", &[Cmpxchg16b]),
            ("has_avx", &[Avx]),
            ("has_avx2", &[Avx2]),
            ("has_fma", &[Fma]),
            ("has_bmi1", &[Bmi1]),
            ("has_bmi2", &[Bmi2]),
            ("has_lzcnt", &[Lzcnt]),
            ("has_avx512f", &[Avx512f]),
            ("has_avx512dq", &[Avx512dq]),
            ("has_avx512vl", &[Avx512vl]),
            ("has_avx512vbmi", &[Avx512vbmi]),
            ("has_avx512bitalg", &[Avx512bitalg]),
            ("has_avx512vnni", &[Avx512vnni]),
            ("has_avx_vnni", &[Avxvnni]),
        ],
        Arch::Aarch64 => &[
            ("has_lse", &[Lse]),
            ("has_fp16", &[Fp16]),
            ("has_dotprod", &[Dotprod]),
            ("has_i8mm", &[I8mm]),
        ],
        Arch::Riscv64 => &[
            ("has_m", &[M]),
            ("has_a", &[A]),
            ("has_f", &[F]),
            ("has_d", &[D]),
            ("has_v", &[V]),
            ("has_zca", &[C]),
            ("has_zcd", &[C, D]),
            ("has_zba", &[Zba]),
            ("has_zbb", &[Zbb]),
            ("has_zbs", &[Zbs]),
            ("has_zbc", &[Zbc]),
            ("has_zvbb", &[Zvbb]),
            ("has_zicsr", &[]),
            ("has_zifencei", &[]),
        ],
        Arch::S390x => &[("has_vxrs_ext2", &[VxrsExt2]), ("has_mie3", &[Mie3])],
        Arch::Other(_) => &[],
    };
    table
        .iter()
        .map(|(name, needs)| (*name, needs.iter().all(|f| profile.has(*f))))
        .collect()
}

/// The shared (target-independent) Cranelift flags tailor compiles with.
pub fn shared_flags(opt: OptLevel) -> Vec<(&'static str, &'static str)> {
    vec![
        ("opt_level", opt.cranelift()),
        (
            "enable_verifier",
            if cfg!(debug_assertions) {
                "true"
            } else {
                "false"
            },
        ),
        // Code is placed by tailor's own loader, which resolves absolute and PC-relative relocations.
        ("is_pic", "false"),
        ("enable_probestack", "false"),
        // Traps are explicit branches (the trap code is stored and the function returns); there is no
        // unwinder walking compiled frames, so no unwind tables are needed.
        ("unwind_info", "false"),
        ("preserve_frame_pointers", "true"),
        ("enable_multi_ret_implicit_sret", "true"),
    ]
}

/// Builds the Cranelift ISA for `profile` at `opt`.
pub fn build_isa(profile: &CpuProfile, opt: OptLevel) -> Result<OwnedTargetIsa, CompileError> {
    build_isa_with(profile, opt, false)
}

/// [`build_isa`] with Cranelift's single-pass register allocator instead of the backtracking one:
/// compile time linear in function size, at the cost of more spills. Used for the functions whose
/// register pressure would make the backtracking allocator's time grow with the square of their size
/// (see `compile.rs`); the code is interchangeable with [`build_isa`]'s.
pub(crate) fn build_fast_isa(
    profile: &CpuProfile,
    opt: OptLevel,
) -> Result<OwnedTargetIsa, CompileError> {
    build_isa_with(profile, opt, true)
}

fn build_isa_with(
    profile: &CpuProfile,
    opt: OptLevel,
    single_pass: bool,
) -> Result<OwnedTargetIsa, CompileError> {
    let target = profile.triple().to_string();
    let err = |reason: String| CompileError::Target {
        target: target.clone(),
        reason,
    };
    let mut shared = settings::builder();
    for (name, value) in shared_flags(opt) {
        shared
            .set(name, value)
            .map_err(|e| err(format!("flag {name}={value}: {e}")))?;
    }
    if single_pass {
        shared
            .set("regalloc_algorithm", "single_pass")
            .map_err(|e| err(format!("flag regalloc_algorithm=single_pass: {e}")))?;
    }
    let mut builder = isa::lookup(cranelift_triple(profile)?).map_err(|e| err(e.to_string()))?;
    for (name, on) in isa_flags(profile) {
        builder
            .set(name, if on { "true" } else { "false" })
            .map_err(|e| err(format!("flag {name}: {e}")))?;
    }
    builder
        .finish(settings::Flags::new(shared))
        .map_err(|e| err(e.to_string()))
}

#[cfg(test)]
mod tests {
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
}
