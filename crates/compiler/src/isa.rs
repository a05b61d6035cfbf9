//! `CpuProfile` → Cranelift `TargetIsa`: the one place where a profile becomes code-generation flags.

use crate::lower::hooks_for;
use crate::CompileError;
use cranelift_codegen::isa::{self, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use std::str::FromStr;
use tailor_cpu::CpuProfile;

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
/// depends on architecture and calling convention); the architecture part comes from the target's
/// [`LoweringHooks`](crate::lower::LoweringHooks).
pub fn cranelift_triple(profile: &CpuProfile) -> Result<target_lexicon::Triple, CompileError> {
    let Some(arch) = hooks_for(profile).cranelift_arch() else {
        return Err(CompileError::Target {
            target: profile.triple().to_string(),
            reason: format!("Cranelift has no backend for {}", profile.arch().name()),
        });
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

/// The Cranelift ISA flags (`name`, enabled) a profile stands for, in a fixed order: the target's
/// flag table ([`LoweringHooks::isa_flags`](crate::lower::LoweringHooks::isa_flags)), each flag on
/// when the profile has every feature it needs.
///
/// Every flag is set explicitly from the profile's features, never from Cranelift's named presets:
/// Cranelift's `x86-64-v3` preset, for one, does not set `has_avx`, which leaves out VEX encodings
/// and FMA that a user of an AVX2 machine expects.
pub fn isa_flags(profile: &CpuProfile) -> Vec<(&'static str, bool)> {
    hooks_for(profile)
        .isa_flags()
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
#[path = "isa_tests.rs"]
mod tests;
