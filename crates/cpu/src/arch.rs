//! Architectures and target triples.

use std::fmt;

/// A CPU architecture family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Arch {
    /// 64-bit x86 (`x86_64`, `amd64`).
    X86_64,
    /// 64-bit Arm (`aarch64`, `arm64`).
    Aarch64,
    /// 64-bit RISC-V.
    Riscv64,
    /// IBM Z (`s390x`), big-endian.
    S390x,
    /// Any other architecture, by its Rust name (`std::env::consts::ARCH`); it has no known features.
    Other(&'static str),
}

impl Arch {
    /// The architectures tailor knows features of.
    pub const KNOWN: [Arch; 4] = [Arch::X86_64, Arch::Aarch64, Arch::Riscv64, Arch::S390x];

    /// The canonical name, as in target triples.
    pub fn name(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86_64",
            Arch::Aarch64 => "aarch64",
            Arch::Riscv64 => "riscv64",
            Arch::S390x => "s390x",
            Arch::Other(name) => name,
        }
    }

    /// The name `tailor compile --target` documents for this architecture (`riscv64gc`: Cranelift's
    /// RISC-V target is RV64GC plus extensions).
    pub fn target_name(self) -> &'static str {
        match self {
            Arch::Riscv64 => "riscv64gc",
            other => other.name(),
        }
    }

    /// Parses an architecture name (`x86_64`, `amd64`, `aarch64`, `arm64`, `riscv64`, `s390x`); `None` if unknown.
    pub fn from_name(name: &str) -> Option<Arch> {
        match name {
            "x86_64" | "amd64" | "x86-64" => Some(Arch::X86_64),
            "aarch64" | "arm64" => Some(Arch::Aarch64),
            "riscv64" | "riscv64gc" => Some(Arch::Riscv64),
            "s390x" => Some(Arch::S390x),
            _ => None,
        }
    }

    /// Maps a Rust architecture name (as `std::env::consts::ARCH` spells it) to an `Arch`.
    pub fn from_rust_name(name: &'static str) -> Arch {
        Arch::from_name(name).unwrap_or(Arch::Other(name))
    }
}

impl fmt::Display for Arch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A compilation target: architecture and operating system.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Triple {
    /// The CPU architecture.
    pub arch: Arch,
    /// The operating system, as `std::env::consts::OS` spells it (`linux`, `macos`, `windows`, …).
    pub os: String,
}

impl Triple {
    /// A triple of the given architecture and operating system.
    pub fn new(arch: Arch, os: impl Into<String>) -> Triple {
        Triple {
            arch,
            os: os.into(),
        }
    }

    /// The triple of the machine this process runs on.
    pub fn host() -> Triple {
        Triple::new(crate::detect::host_arch(), std::env::consts::OS)
    }
}

impl fmt::Display for Triple {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.arch, self.os)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for arch in Arch::KNOWN {
            assert_eq!(Arch::from_name(arch.name()), Some(arch));
        }
        assert_eq!(Arch::from_name("arm64"), Some(Arch::Aarch64));
        assert_eq!(Arch::from_rust_name("mips"), Arch::Other("mips"));
    }

    #[test]
    fn triple_display() {
        assert_eq!(
            Triple::new(Arch::X86_64, "linux").to_string(),
            "x86_64-linux"
        );
        assert_eq!(Triple::host().os, std::env::consts::OS);
    }
}
