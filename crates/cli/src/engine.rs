//! Turning the engine options into an [`Engine`].

use anyhow::{bail, Context, Result};
use tailor_runtime::{Config, CpuProfile, Engine, OptLevel, Pipeline, RelaxedMode, Tier};

use crate::args::EngineOptions;

impl EngineOptions {
    /// The CPU profile chosen by `--cpu` and `--cpu-features`, checked to be runnable on this host.
    pub fn cpu_profile(&self) -> Result<CpuProfile> {
        let profile = CpuProfile::from_options(self.cpu.as_deref(), self.cpu_features.as_deref())?;
        profile
            .check_runs_on(&CpuProfile::host())
            .with_context(|| {
                // Name the profile as the user gave it; the missing features follow.
                let named = match (&self.cpu, &self.cpu_features) {
                    (Some(cpu), None) => format!("--cpu {cpu}"),
                    (Some(cpu), Some(list)) => format!("--cpu {cpu} --cpu-features {list}"),
                    (None, Some(list)) => format!("--cpu-features {list}"),
                    (None, None) => format!("CPU profile `{profile}`"),
                };
                format!("cannot run {named} on this host")
            })?;
        Ok(profile)
    }

    /// The engine configuration these options describe.
    pub fn config(&self) -> Result<Config> {
        let mut config = Config::new();
        let cpu = self.cpu_profile()?;
        config.cpu(cpu.clone());
        // Store totals; one memory or table may use all of it.
        if let Some(bytes) = self.max_memory {
            config.max_total_memory_bytes(bytes).max_memory_bytes(bytes);
        }
        if let Some(n) = self.max_table_elements {
            config.max_total_table_elements(n).max_table_elements(n);
        }
        if let Some(depth) = self.max_call_depth {
            config.max_call_depth(depth);
        }
        config.tier(match self.tier.as_str() {
            "interp" => Tier::Interp,
            _ => Tier::Jit,
        });
        config.fallback_interp(self.fallback.is_some());
        config.interp_oversized(self.fallback.is_some());
        if let Some(bytes) = self.max_function_size {
            config.max_function_size(usize::try_from(bytes).unwrap_or(usize::MAX));
        }
        config.relaxed_simd(self.relaxed_simd);
        if let Some(o) = &self.opt_level {
            config.opt_level(OptLevel::from_name(o).context("unknown optimisation level")?);
        }
        if let Some(list) = &self.passes {
            if self.tier == "interp" {
                bail!(
                    "--passes applies to the compiler tier and the interpreter runs no passes: \
                     add --tier jit"
                );
            }
            config.passes(parse_passes(list, &cpu)?);
        }
        Ok(config)
    }

    /// An engine configured by these options.
    pub fn engine(&self) -> Result<Engine> {
        Ok(Engine::new(&self.config()?))
    }
}

/// Parses `--relaxed-simd`'s value: `native` or `deterministic`.
pub fn parse_relaxed_mode(name: &str) -> Result<RelaxedMode, String> {
    RelaxedMode::from_name(name)
        .ok_or_else(|| format!("unknown relaxed-SIMD mode `{name}` (use native or deterministic)"))
}

/// Parses a `--passes` list against the default pipeline of `profile`.
pub fn parse_passes(list: &str, profile: &CpuProfile) -> Result<Pipeline> {
    Pipeline::parse_for(list, profile).map_err(|e| anyhow::anyhow!("--passes {list}: {e}"))
}

/// Parses a byte count with an optional binary suffix: `65536`, `64K`, `16MiB`, `4G`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let lower = text.trim().to_ascii_lowercase();
    let split = lower
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(lower.len());
    let (digits, suffix) = lower.split_at(split);
    let shift = match suffix.trim() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        other => return Err(format!("unknown size suffix `{other}` (use K, M, G or T)")),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size in bytes"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("65536"), Ok(65536));
        assert_eq!(parse_size("64K"), Ok(65536));
        assert_eq!(parse_size("16MiB"), Ok(16 << 20));
        assert_eq!(parse_size("4 GB"), Ok(4 << 30));
        assert!(parse_size("4X").is_err());
        assert!(parse_size("").is_err());
        assert!(parse_size("99999999999999999999T").is_err());
    }
}
