//! [`CpuProfile`]: a target triple plus a CPU feature set.

use std::fmt;
use std::str::FromStr;

use crate::preset::{self, PresetKind};
use crate::{detect, Arch, CpuError, Feature, FeatureSet, Preset, Triple};

/// Which CPU code is tailored for: a target triple and the CPU features it may use.
///
/// `Display` prints the triple and the features as `--cpu-features` spells them, e.g.
/// `x86_64-linux +sse2,+popcnt`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CpuProfile {
    triple: Triple,
    features: FeatureSet,
}

impl CpuProfile {
    /// A profile of `triple` with `features`; features of other architectures are dropped.
    pub fn new(triple: Triple, features: FeatureSet) -> CpuProfile {
        let arch = triple.arch;
        let features = features.iter().filter(|f| f.arch() == arch).collect();
        CpuProfile { triple, features }
    }

    /// The host as detected (the `native` preset).
    pub fn host() -> CpuProfile {
        CpuProfile::new(Triple::host(), detect::host_features())
    }

    /// The host's architecture with its baseline features only (the `generic` preset).
    pub fn generic() -> CpuProfile {
        let triple = Triple::host();
        let features = preset::baseline(triple.arch).iter().copied().collect();
        CpuProfile::new(triple, features)
    }

    /// The profile of the preset called `name` (see [`PRESETS`](crate::PRESETS)).
    ///
    /// Presets of a fixed architecture take the host's operating system.
    pub fn preset(name: &str) -> Result<CpuProfile, CpuError> {
        let preset = Preset::find(name).ok_or_else(|| CpuError::UnknownCpu {
            name: name.to_string(),
            known: Preset::names(),
        })?;
        Ok(match (preset.kind, preset.kind.fixed()) {
            (_, Some((arch, features))) => {
                CpuProfile::new(Triple::new(arch, std::env::consts::OS), features)
            }
            (PresetKind::Native, None) => CpuProfile::host(),
            (_, None) => CpuProfile::generic(),
        })
    }

    /// The profile for the command-line options `--cpu NAME` (default `native`) and
    /// `--cpu-features LIST`.
    pub fn from_options(cpu: Option<&str>, features: Option<&str>) -> Result<CpuProfile, CpuError> {
        let profile = CpuProfile::preset(cpu.unwrap_or("native"))?;
        match features {
            Some(spec) => profile.with_features(spec),
            None => Ok(profile),
        }
    }

    /// Names of the fixed presets of `arch` (not `native`/`generic`), in listing order.
    pub fn presets_for(arch: Arch) -> Vec<&'static str> {
        crate::PRESETS
            .iter()
            .filter(|p| matches!(p.kind, PresetKind::Fixed(a, _) if a == arch))
            .map(|p| p.name)
            .collect()
    }

    /// The profile for compiling ahead of time: `--target TRIPLE` (default: the host), `--cpu NAME`
    /// (default: `native` for the host, the target's baseline otherwise) and `--cpu-features LIST`.
    ///
    /// A target is an architecture optionally followed by vendor/OS parts: `aarch64`,
    /// `aarch64-linux`, `riscv64gc-unknown-linux-gnu`, `x86_64-apple-darwin`.
    pub fn for_target(
        target: Option<&str>,
        cpu: Option<&str>,
        features: Option<&str>,
    ) -> Result<CpuProfile, CpuError> {
        let host = Triple::host();
        let triple = match target {
            None => None,
            Some(t) => {
                let mut parts = t.split('-');
                let arch = parts.next().and_then(Arch::from_name).ok_or_else(|| {
                    CpuError::UnknownTarget {
                        name: t.to_string(),
                    }
                })?;
                let rest: Vec<&str> = parts.collect();
                let os = if rest.iter().any(|p| p.starts_with("linux")) {
                    "linux".to_string()
                } else if rest.iter().any(|p| *p == "darwin" || *p == "macos") {
                    "macos".to_string()
                } else if rest.contains(&"windows") {
                    "windows".to_string()
                } else if rest.contains(&"freebsd") {
                    "freebsd".to_string()
                } else if rest.is_empty() || rest == ["unknown"] {
                    host.os.clone()
                } else {
                    return Err(CpuError::UnknownTarget {
                        name: t.to_string(),
                    });
                };
                Some(Triple::new(arch, os))
            }
        };
        let profile = match (triple, cpu) {
            (None, cpu) => CpuProfile::preset(cpu.unwrap_or("native"))?,
            (Some(t), None) if t == host => CpuProfile::host(),
            (Some(t), None) => {
                let features = preset::baseline(t.arch).iter().copied().collect();
                CpuProfile::new(t, features)
            }
            (Some(t), Some(name)) => {
                let p = CpuProfile::preset(name)?;
                let generic = matches!(name, "generic" | "native");
                if generic && t.arch != host.arch {
                    CpuProfile::new(
                        t.clone(),
                        preset::baseline(t.arch).iter().copied().collect(),
                    )
                } else if p.arch() != t.arch {
                    return Err(CpuError::CpuTargetMismatch {
                        cpu: name.to_string(),
                        cpu_arch: p.arch(),
                        target: t.arch,
                    });
                } else {
                    CpuProfile::new(t, p.features)
                }
            }
        };
        match features {
            Some(spec) => profile.with_features(spec),
            None => Ok(profile),
        }
    }

    /// This profile adjusted by a feature list such as `+popcnt,-avx2` (a bare name means `+name`).
    ///
    /// `+f` also enables what `f` requires; `-f` also disables what requires `f`. Items apply left to right.
    pub fn with_features(mut self, spec: &str) -> Result<CpuProfile, CpuError> {
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (enable, name) = match item.as_bytes()[0] {
                b'+' => (true, &item[1..]),
                b'-' => (false, &item[1..]),
                _ => (true, item),
            };
            let feature = self.feature_named(name.trim())?;
            if enable {
                self.features.enable(feature);
            } else {
                self.features.disable(feature);
            }
        }
        Ok(self)
    }

    fn feature_named(&self, name: &str) -> Result<Feature, CpuError> {
        let arch = self.arch();
        Feature::from_name(arch, name).ok_or_else(|| CpuError::UnknownFeature {
            name: name.to_string(),
            arch,
            known: Feature::of_arch(arch)
                .map(Feature::name)
                .collect::<Vec<_>>()
                .join(", "),
        })
    }

    /// The target triple.
    pub fn triple(&self) -> &Triple {
        &self.triple
    }

    /// The target architecture.
    pub fn arch(&self) -> Arch {
        self.triple.arch
    }

    /// The CPU features code for this profile may use.
    pub fn features(&self) -> FeatureSet {
        self.features
    }

    /// Whether code for this profile may use `feature`.
    pub fn has(&self, feature: Feature) -> bool {
        self.features.contains(feature)
    }

    /// The features of this profile that `host` lacks (all of them if the architectures differ).
    pub fn missing_on(&self, host: &CpuProfile) -> Vec<Feature> {
        self.features.difference(host.features).iter().collect()
    }

    /// Checks that code for this profile can run on `host`: same architecture, no missing feature.
    pub fn check_runs_on(&self, host: &CpuProfile) -> Result<(), CpuError> {
        if self.arch() != host.arch() {
            return Err(CpuError::ArchMismatch {
                profile: self.arch(),
                host: host.arch(),
            });
        }
        let missing = self.features.difference(host.features);
        if missing.is_empty() {
            Ok(())
        } else {
            Err(CpuError::MissingFeatures(missing))
        }
    }

    /// The name of the fixed preset this profile equals, if any (ignoring the operating system).
    pub fn preset_name(&self) -> Option<&'static str> {
        crate::PRESETS.iter().find_map(|p| match p.kind.fixed() {
            Some((arch, features)) if arch == self.arch() && features == self.features => {
                Some(p.name)
            }
            _ => None,
        })
    }
}

impl Default for CpuProfile {
    /// The host as detected.
    fn default() -> CpuProfile {
        CpuProfile::host()
    }
}

impl FromStr for CpuProfile {
    type Err = CpuError;

    /// Parses a preset name (see [`CpuProfile::preset`]).
    fn from_str(name: &str) -> Result<CpuProfile, CpuError> {
        CpuProfile::preset(name)
    }
}

impl fmt::Display for CpuProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.triple)?;
        for (i, feature) in self.features.iter().enumerate() {
            let sep = if i == 0 { " +" } else { ",+" };
            write!(f, "{sep}{feature}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x86(name: &str) -> CpuProfile {
        CpuProfile::preset(name).unwrap()
    }

    #[test]
    fn presets_resolve() {
        for p in crate::PRESETS {
            let profile = CpuProfile::preset(p.name).unwrap();
            if let PresetKind::Fixed(arch, _) = p.kind {
                assert_eq!(profile.arch(), arch);
                // Models with a level's features (haswell = x86-64-v3) are named by the level.
                let name = profile.preset_name().unwrap();
                assert_eq!(CpuProfile::preset(name).unwrap(), profile, "{}", p.name);
            }
        }
        assert_eq!(CpuProfile::preset("native").unwrap(), CpuProfile::host());
        assert_eq!(x86("x86-64-v3").features().len(), 15);
        let err = CpuProfile::preset("pentium").unwrap_err();
        assert!(err.to_string().contains("unknown CPU `pentium`"));
        assert!(err.to_string().contains("x86-64-v3"));
    }

    #[test]
    fn feature_lists_adjust_profiles() {
        let p = x86("x86-64-v1").with_features("+popcnt, avx2").unwrap();
        assert!(p.has(Feature::Popcnt) && p.has(Feature::Avx2) && p.has(Feature::Sse42));
        let p = x86("x86-64-v3").with_features("-avx,+lzcnt").unwrap();
        assert!(!p.has(Feature::Avx2) && !p.has(Feature::Fma) && p.has(Feature::Lzcnt));
        assert!(p.has(Feature::Sse42));
        assert_eq!(
            x86("x86-64-v2").with_features("").unwrap(),
            x86("x86-64-v2")
        );
        let err = x86("x86-64-v2").with_features("+neon").unwrap_err();
        assert!(matches!(err, CpuError::UnknownFeature { ref name, .. } if name == "neon"));
        let err = x86("aarch64").with_features("+avx2").unwrap_err();
        assert!(err.to_string().contains("for aarch64"));
        let p = CpuProfile::from_options(Some("aarch64"), Some("+lse")).unwrap();
        assert_eq!(p.preset_name(), Some("aarch64+lse"));
    }

    #[test]
    fn missing_features_on_a_host() {
        let host = x86("x86-64-v2");
        let v3 = x86("x86-64-v3");
        let missing = v3.missing_on(&host);
        assert_eq!(missing.len(), 8);
        assert!(missing.contains(&Feature::Avx2) && missing.contains(&Feature::Bmi2));
        assert!(host.missing_on(&v3).is_empty());
        assert!(host.check_runs_on(&v3).is_ok());
        let a = CpuProfile::for_target(Some("aarch64-linux"), None, None).unwrap();
        assert_eq!(a.arch(), Arch::Aarch64);
        let r = CpuProfile::for_target(
            Some("riscv64gc-unknown-linux-gnu"),
            Some("riscv64gc+v"),
            None,
        )
        .unwrap();
        assert!(r.has(Feature::V));
        assert!(CpuProfile::for_target(Some("aarch64"), Some("x86-64-v3"), None).is_err());
        assert!(CpuProfile::for_target(Some("mips"), None, None).is_err());
        let err = v3.check_runs_on(&host).unwrap_err();
        assert!(err
            .to_string()
            .contains("missing features: lzcnt, bmi1, bmi2"));
        let err = x86("aarch64").check_runs_on(&host).unwrap_err();
        assert!(matches!(err, CpuError::ArchMismatch { .. }));
    }

    #[test]
    fn host_runs_native_and_generic() {
        let host = CpuProfile::host();
        CpuProfile::generic().check_runs_on(&host).unwrap();
        CpuProfile::default().check_runs_on(&host).unwrap();
        assert!(host.to_string().starts_with(&Triple::host().to_string()));
    }

    #[test]
    fn display_uses_feature_list_syntax() {
        let p = x86("x86-64-v1").with_features("+popcnt").unwrap();
        assert_eq!(
            p.to_string(),
            format!("x86_64-{} +sse2,+popcnt", std::env::consts::OS)
        );
        let bare = CpuProfile::new(Triple::new(Arch::Other("mips"), "linux"), FeatureSet::EMPTY);
        assert_eq!(bare.to_string(), "mips-linux");
    }
}
