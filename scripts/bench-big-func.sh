#!/usr/bin/env bash
# Compile time and peak memory of one big function (scripts/gen-big-func.py), for `tailor compile`,
# `tailor run --tier jit` and optionally `wasmtime compile`: one markdown row per size and tool.
#
#   scripts/bench-big-func.sh [-t TAILOR] [-w WASMTIME] [-k KIND] [-d DIR] SIZE...
#
# TAILOR defaults to target/release/tailor; without -w the Wasmtime rows are left out. KIND is a
# kind of gen-big-func.py (default `loads`). Each cell is one run under /usr/bin/time -v: CPU time
# (user + system; the machine is shared, so wall time is shown too) and peak RSS.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tailor="$here/../target/release/tailor"
wasmtime=""
kind=loads
dir=$(mktemp -d)
while getopts "t:w:k:d:" o; do
    case $o in
        t) tailor=$OPTARG ;;
        w) wasmtime=$OPTARG ;;
        k) kind=$OPTARG ;;
        d) dir=$OPTARG; mkdir -p "$dir" ;;
        *) sed -n '2,9p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { sed -n '2,9p' "$0"; exit 2; }

# Runs a command under /usr/bin/time -v; prints "cpu_s wall_s peak_mb exit".
measure() {
    local log="$dir/time.log" code=0
    /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$dir/stderr.log" || code=$?
    awk -v code="$code" '
        /User time/ { u = $NF } /System time/ { s = $NF }
        /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
        /Maximum resident/ { m = $NF / 1024 }
        END { printf "%.2f %.2f %.0f %s\n", u + s, w, m, code }' "$log"
}

echo "| $kind | body KB | tool | CPU s | wall s | peak RSS MB | exit |"
echo "|---:|---:|---|---:|---:|---:|---:|"
for n in "$@"; do
    wasm="$dir/$kind-$n.wasm"
    python3 "$here/gen-big-func.py" "$kind" "$n" "$wasm"
    kb=$(( $(stat -c %s "$wasm") / 1024 ))
    row() { read -r cpu wall mb code; echo "| $n | $kb | $1 | $cpu | $wall | $mb | $code |"; }
    measure "$tailor" compile "$wasm" -o "$dir/out.twasm" | row "tailor compile"
    measure "$tailor" run --tier jit --invoke f "$wasm" 0 | row "tailor run --tier jit"
    if [ -n "$wasmtime" ]; then
        measure "$wasmtime" compile "$wasm" -o "$dir/out.cwasm" | row "wasmtime compile"
    fi
done
