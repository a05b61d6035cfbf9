#!/usr/bin/env bash
# DESIGN.md rule 1: per-architecture code lives only in its named places.
#
# Fails (exit 1, listing each offending line) if `target_arch`, `is_*_feature_detected`, `std::arch`,
# `core::arch` or `triple().architecture` appear in a `.rs` file under crates/ or tests/ outside:
#   crates/cpu/src/detect/<arch>.rs          host feature detection
#   crates/interp/src/sets/<arch>.rs         CPU-specific interpreter handler sets (and sets/abi.rs)
#   crates/compiler/src/lower/<arch>.rs      per-ISA lowering hooks
#   crates/vm/src/arch/<arch>.rs             CPU context for traps and stack walking
#   crates/vm/src/sys/<os>/...               mmap, signals
# <arch> is one of the architecture names below, or `portable`.
#
# Exception: the `mod.rs` of the detect/, sets/, lower/ and arch/ folders may name `target_arch`,
# because choosing which <arch>.rs file is compiled for the host (`#[cfg(target_arch = ...)] mod x86_64;`)
# is itself per-architecture code; those files must do nothing else with it.
#
# Also outside those places, outside crates/cpu/src/ (the CPU table, which defines `Arch`) and
# crates/interp/build.rs (which decides once whether the NEON sets can be built): a path to an
# `Arch::` variant (matching on the architecture) or an architecture name in a string literal
# ("x86_64", "aarch64", "riscv64…", "s390x…"), except in test code (a `tests/` directory, `tests.rs`,
# `*_tests.rs`, and a file's lines from its top-level `#[cfg(test)]` on), which names the targets
# it tests.
#
# Comment lines (`//`, `///`, `//!`) are ignored, so documentation may mention the banned names.
# Usage: bash scripts/check-arch-rule.sh [ROOT]   (ROOT defaults to the repository root)
set -euo pipefail

root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
cd "$root"

arches='(x86_64|x86|aarch64|arm|riscv64|riscv32|s390x|powerpc64|wasm32|portable)'
allowed=(
    "^crates/cpu/src/detect/(mod|${arches})\.rs$"
    "^crates/interp/src/sets/(mod|abi|${arches})\.rs$"
    "^crates/compiler/src/lower/(mod|${arches})\.rs$"
    "^crates/vm/src/arch/(mod|${arches})\.rs$"
    "^crates/vm/src/sys/"
)
pattern='target_arch|is_[a-z0-9_]+_feature_detected|std::arch|core::arch|triple\(\)\.architecture'
arch_pattern='Arch::(X86_64|Aarch64|Riscv64|S390x|Other)|"[^"]*(x86_64|aarch64|riscv64|s390x)[^"]*"'

# Files where `Arch::` and architecture-name strings may appear besides the allowed places above.
names_allowed=(
    "^crates/cpu/src/"
    "(^|/)tests/"
    "(^|/)(tests|[a-z0-9_]+_tests)\.rs$"
    "^crates/interp/build\.rs$"
)

names_ok() {
    local file="$1" re
    for re in "${names_allowed[@]}"; do
        [[ "$file" =~ $re ]] && return 0
    done
    return 1
}

is_allowed() {
    local file="$1" re
    for re in "${allowed[@]}"; do
        [[ "$file" =~ $re ]] && return 0
    done
    return 1
}

offenders=0
while IFS= read -r -d '' file; do
    file="${file#./}"
    is_allowed "$file" && continue
    # grep -n prints "LINE:TEXT"; drop comment lines. The name rule reads the lines before the
    # file's top-level `#[cfg(test)]` (its unit tests, by convention last).
    while IFS= read -r hit; do
        text="${hit#*:}"
        [[ "$text" =~ ^[[:space:]]*// ]] && continue
        echo "$file:$hit"
        offenders=$((offenders + 1))
    done < <(
        grep -nE "$pattern" "$file" || true
        if ! names_ok "$file"; then
            awk '/^#\[cfg\(test\)\]/ { exit } { print NR ":" $0 }' "$file" | grep -E "^[0-9]+:.*($arch_pattern)" || true
        fi
    )
done < <(find ./crates ./tests -name target -prune -o -name '*.rs' -type f -print0 2>/dev/null)

if [[ $offenders -gt 0 ]]; then
    echo "check-arch-rule: $offenders line(s) with per-architecture code outside its named places" >&2
    echo "(DESIGN.md rule 1; allowed places are listed at the top of scripts/check-arch-rule.sh)" >&2
    exit 1
fi
echo "check-arch-rule: ok (per-architecture code only in its named places)"
