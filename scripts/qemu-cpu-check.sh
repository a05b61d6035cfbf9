#!/usr/bin/env bash
# CPU-tailoring check under emulated older x86-64 CPUs (issue 4): with qemu-user, `is_x86_feature_detected!`
# reports exactly the emulated model's features. For each model:
#   - `tailor targets` must show that `native` picks the expected (lower) handler set;
#   - the SIMD and integer spec files must pass with `native` there;
#   - forcing `--cpu x86-64-v3` must be refused with the missing features named (exit 126), never SIGILL;
#   - compiler tier (issues 5 and 6): the same spec files pass on the JIT (`--tier jit`, code for the
#     emulated CPU); an AOT artifact compiled on the host for the model's level (x86-64-v1 / v2) runs
#     there; one compiled for x86-64-v3 is refused by the loader naming the missing features (exit 126),
#     and runs in the interpreter with `--fallback interp`.
#   - under -cpu Haswell (issue 21): native picks x86-64-v3, `--cpu haswell` runs, `--cpu znver4` and
#     `--cpu sapphirerapids` are refused naming the missing AVX-512 features (exit 126, tailor's own
#     error code), and the relaxed-SIMD spec files pass in native and deterministic mode, interpreter
#     and JIT.
# Usage: scripts/qemu-cpu-check.sh [path/to/tailor]   (needs Debian's qemu-user: qemu-x86_64)
# Without qemu-x86_64 (or on a host that is not x86-64) it prints `SKIP ...` with the reason and
# exits 0; with TAILOR_REQUIRE_TOOLS set (as in .ci/run) a missing qemu-x86_64 is a failure.
# The spec files come from the suite vendored at tests/spec/testsuite ($TAILOR_TESTSUITE overrides).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tailor=${1:-target/release/tailor}
suite=${TAILOR_TESTSUITE:-tests/spec/testsuite}
if [[ $(uname -m) != x86_64 ]]; then
    echo "SKIP qemu CPU check: it emulates older x86-64 CPUs for an x86-64 tailor; this host is $(uname -m)"
    exit 0
fi
if ! command -v qemu-x86_64 >/dev/null; then
    echo "SKIP qemu CPU check: qemu-x86_64 not found — apt-get install qemu-user" \
        "(as root; bash scripts/test.sh run as root installs it)"
    if [[ -n ${TAILOR_REQUIRE_TOOLS:-} && $TAILOR_REQUIRE_TOOLS != 0 ]]; then
        echo "TAILOR_REQUIRE_TOOLS is set: failing" >&2
        exit 1
    fi
    exit 0
fi
[[ -x $tailor ]] || { echo "no tailor binary at $tailor (cargo build --release first)" >&2; exit 1; }

files=("$suite"/simd_*.wast "$suite"/i32.wast "$suite"/i64.wast "$suite"/int_exprs.wast "$suite"/conversions.wast)
status=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$tailor" compile --cpu x86-64-v3 examples/fib.wat -o "$scratch/fib-v3.twasm"
checks=0
for model in qemu64:portable:x86-64-v1 Nehalem:x86-64-v2:x86-64-v2; do
    cpu=${model%%:*}
    rest=${model#*:}
    want=${rest%%:*}
    level=${rest#*:}
    echo "== qemu-x86_64 -cpu $cpu (expect native = $want)"
    targets=$(qemu-x86_64 -cpu "$cpu" "$tailor" targets)
    got=$(sed -n 's/^`--cpu native` selects: //p' <<<"$targets")
    if [[ $got != "$want" ]]; then
        echo "FAIL: native selected '$got', expected '$want'"
        status=1
    else
        echo "ok: native selects $got"
    fi
    summary=$(qemu-x86_64 -cpu "$cpu" "$tailor" wast --cpu native "${files[@]}" | tail -n 1) || true
    echo "spec (SIMD + integer files): $summary"
    if [[ ! $summary =~ ^[0-9]+\ passed,\ 0\ failed ]]; then
        echo "FAIL: spec files did not all pass under -cpu $cpu"
        status=1
    fi
    set +e
    out=$(qemu-x86_64 -cpu "$cpu" "$tailor" run --cpu x86-64-v3 --invoke fib examples/fib.wat 10 2>&1)
    code=$?
    set -e
    if [[ $code -ne 126 || $out != *"missing features"* || $out != *avx2* ]]; then
        echo "FAIL: --cpu x86-64-v3 under -cpu $cpu gave exit $code: $out"
        status=1
    else
        echo "ok: --cpu x86-64-v3 refused: ${out#error: }"
    fi
    summary=$(qemu-x86_64 -cpu "$cpu" "$tailor" wast --tier jit "${files[@]}" | tail -n 1) || true
    echo "spec on the JIT (code for -cpu $cpu): $summary"
    if [[ ! $summary =~ ^[0-9]+\ passed,\ 0\ failed ]]; then
        echo "FAIL: spec files did not all pass on the JIT under -cpu $cpu"
        status=1
    fi
    "$tailor" compile --cpu "$level" examples/fib.wat -o "$scratch/fib-$level.twasm"
    out=$(qemu-x86_64 -cpu "$cpu" "$tailor" run --invoke fib "$scratch/fib-$level.twasm" 20 2>&1) || true
    if [[ $out != 6765 ]]; then
        echo "FAIL: the $level artifact under -cpu $cpu printed: $out"
        status=1
    else
        echo "ok: an artifact compiled for $level runs under -cpu $cpu"
    fi
    set +e
    out=$(qemu-x86_64 -cpu "$cpu" "$tailor" run --invoke fib "$scratch/fib-v3.twasm" 20 2>&1)
    code=$?
    set -e
    if [[ $code -ne 126 || $out != *"missing features"* || $out != *avx2* ]]; then
        echo "FAIL: the x86-64-v3 artifact under -cpu $cpu gave exit $code: $out"
        status=1
    else
        echo "ok: the x86-64-v3 artifact is refused: ${out#error: }"
    fi
    out=$(qemu-x86_64 -cpu "$cpu" "$tailor" run --fallback interp --invoke fib "$scratch/fib-v3.twasm" 20 2>/dev/null) || true
    if [[ $out != 6765 ]]; then
        echo "FAIL: --fallback interp under -cpu $cpu printed: $out"
        status=1
    else
        echo "ok: --fallback interp runs the embedded wasm"
    fi
    checks=$((checks + 7))
done
# Haswell (AVX2 + FMA, no AVX-512): CPU model names resolve; the AVX-512 models are refused naming
# what is missing; relaxed SIMD passes in both modes on the interpreter and the JIT (issue 21).
echo "== qemu-x86_64 -cpu Haswell (expect native = x86-64-v3; AVX-512 models refused)"
targets=$(qemu-x86_64 -cpu Haswell "$tailor" targets 2>/dev/null)
got=$(sed -n 's/^`--cpu native` selects: //p' <<<"$targets")
if [[ $got != x86-64-v3 ]]; then
    echo "FAIL: native selected '$got', expected 'x86-64-v3'"
    status=1
else
    echo "ok: native selects $got"
fi
out=$(qemu-x86_64 -cpu Haswell "$tailor" run --cpu haswell --invoke fib examples/fib.wat 20 2>/dev/null) || true
if [[ $out != 6765 ]]; then
    echo "FAIL: --cpu haswell under -cpu Haswell printed: $out"
    status=1
else
    echo "ok: --cpu haswell runs"
fi
for model in znver4:avx512vbmi sapphirerapids:avxvnni; do
    name=${model%%:*}
    feature=${model#*:}
    set +e
    qemu-x86_64 -cpu Haswell "$tailor" run --cpu "$name" --invoke fib examples/fib.wat 10 \
        >/dev/null 2>"$scratch/err"
    code=$?
    set -e
    # QEMU warns on stderr about the model's features TCG lacks; keep tailor's own lines.
    out=$(grep -v '^qemu-x86_64: warning' "$scratch/err" || true)
    if [[ $code -ne 126 || $out != *"cannot run --cpu $name"* || $out != *avx512f* || $out != *"$feature"* ]]; then
        echo "FAIL: --cpu $name under -cpu Haswell gave exit $code: $out"
        status=1
    else
        echo "ok: --cpu $name refused: ${out#error: }"
    fi
done
relaxed=("$suite"/relaxed_*.wast "$suite"/*_relaxed_*.wast)
for tier in interp jit; do
    for mode in native deterministic; do
        summary=$(qemu-x86_64 -cpu Haswell "$tailor" wast --tier "$tier" --relaxed-simd "$mode" \
            "${relaxed[@]}" 2>/dev/null | tail -n 1) || true
        echo "relaxed SIMD, $tier, $mode: $summary"
        if [[ ! $summary =~ ^[0-9]+\ passed,\ 0\ failed ]]; then
            echo "FAIL: relaxed SIMD files did not all pass ($tier, $mode) under -cpu Haswell"
            status=1
        fi
    done
done
checks=$((checks + 8))

if [[ $status -eq 0 ]]; then
    echo "qemu CPU check: $checks passed, 0 failed"
else
    echo "qemu CPU check: failed"
fi
exit $status
