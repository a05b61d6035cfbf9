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
    # grep -n prints "LINE:TEXT"; drop comment lines.
    while IFS= read -r hit; do
        text="${hit#*:}"
        [[ "$text" =~ ^[[:space:]]*// ]] && continue
        echo "$file:$hit"
        offenders=$((offenders + 1))
    done < <(grep -nE "$pattern" "$file" || true)
done < <(find ./crates ./tests -name target -prune -o -name '*.rs' -type f -print0 2>/dev/null)

if [[ $offenders -gt 0 ]]; then
    echo "check-arch-rule: $offenders line(s) with per-architecture code outside its named places" >&2
    echo "(DESIGN.md rule 1; allowed places are listed at the top of scripts/check-arch-rule.sh)" >&2
    exit 1
fi
echo "check-arch-rule: ok (per-architecture code only in its named places)"
