#!/usr/bin/env bash
# Side-by-side run of tailor's interpreter against the peer interpreters on the WASI workloads of
# ../shared/bench (see its README and BENCHMARKS.md, "WASI workloads beside the peer runtimes").
#
#   scripts/bench-peers.sh                      # everything: copy bench, install peers, build, run
#   scripts/bench-peers.sh --skip-install       # peers already installed in DEST/.peers
#   scripts/bench-peers.sh --runner example     # run tailor through tests/programs' run_wasi example
#   scripts/bench-peers.sh -- --only matmul,crc32 --runs 5   # extra arguments for peers.sh
#
# Options:
#   --dest DIR        where the bench copy and .peers/ go (default: ../bench-work beside the repo;
#                     peers land in DIR/.peers, workloads in DIR/bench/workloads)
#   --bench-src DIR   the bench folder to copy (default: ../shared/bench beside the repo)
#   --skip-install    do not run install-peers.sh (it runs apt-get, pip and cargo install)
#   --no-apt          pass --no-apt to install-peers.sh
#   --runner cli|example
#                     cli (default): target/release/tailor run
#                     example: target/release/examples/run_wasi (tailor's Rust API + tailor-wasi)
#   --tailor "CMD"    run tailor as CMD instead of building it (e.g. "/path/to/tailor run")
#   --peers LIST      peer columns (default: the interpreters wamr-fast,wamr-classic,wasm3,wasmi,
#                     wasmtime-pulley; add wasmtime,wamr-aot for the compilers)
#   --out DIR         where the .md/.json results go (default: DEST/results)
# Everything after `--` goes to peers.sh unchanged.
#
# The machine should be otherwise idle: the script prints the load average before and after.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$(dirname "$REPO")/bench-work"
BENCH_SRC="$(dirname "$REPO")/shared/bench"
INSTALL=1 APT_FLAG="" RUNNER=cli OUT=""
PEERS="wamr-fast,wamr-classic,wasm3,wasmi,wasmtime-pulley"
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dest) DEST="$2"; shift 2 ;;
    --bench-src) BENCH_SRC="$2"; shift 2 ;;
    --skip-install) INSTALL=0; shift ;;
    --no-apt) APT_FLAG="--no-apt"; shift ;;
    --runner) RUNNER="$2"; shift 2 ;;
    --tailor) TAILOR_CMD="$2"; RUNNER=given; shift 2 ;;
    --peers) PEERS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
OUT="${OUT:-$DEST/results}"
mkdir -p "$DEST" "$OUT"
DEST="$(cd "$DEST" && pwd)"

echo "== tailor: release build ($RUNNER)"
case "$RUNNER" in
  cli)
    (cd "$REPO" && cargo build --release -p tailor-cli)
    TAILOR_CMD="$REPO/target/release/tailor run" ;;
  example)
    (cd "$REPO" && cargo build --release -p tailor-programs --example run_wasi)
    TAILOR_CMD="$REPO/target/release/examples/run_wasi" ;;
  given) ;;
  *) echo "--runner must be cli or example" >&2; exit 2 ;;
esac
# CARGO_TARGET_DIR moves the binaries
if [ "$RUNNER" != given ] && [ -n "${CARGO_TARGET_DIR:-}" ]; then
  TAILOR_CMD="${TAILOR_CMD/$REPO\/target/$CARGO_TARGET_DIR}"
fi

if [ ! -f "$DEST/bench/peers.sh" ]; then
  echo "== copying $BENCH_SRC to $DEST/bench"
  [ -f "$BENCH_SRC/peers.sh" ] || { echo "no bench at $BENCH_SRC (use --bench-src)" >&2; exit 1; }
  cp -r "$BENCH_SRC" "$DEST/bench"
fi
if [ "$INSTALL" = 1 ]; then
  echo "== installing peers into $DEST/.peers"
  bash "$DEST/bench/install-peers.sh" $APT_FLAG
fi
if [ ! -x "$DEST/bench/workloads/native/matmul" ] || [ ! -f "$DEST/bench/workloads/wasm/matmul.wasm" ]; then
  echo "== building workloads"
  bash "$DEST/bench/build-workloads.sh"
fi

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
echo "== load before: $(uptime)"
echo "== $DEST/bench/peers.sh --peers $PEERS --runtime 'tailor=$TAILOR_CMD' ${EXTRA[*]}"
bash "$DEST/bench/peers.sh" --peers "$PEERS" --runtime "tailor=$TAILOR_CMD" \
  --md "$OUT/peers-$stamp.md" --json "$OUT/peers-$stamp.json" "${EXTRA[@]}"
echo "== load after: $(uptime)"
python3 "$REPO/scripts/bench-summary.py" "$OUT/peers-$stamp.json" --column tailor \
  --interpreters wamr-fast,wamr-classic,wasm3,wasmi,wasmtime-pulley | tee "$OUT/summary-$stamp.md"
echo "results: $OUT/peers-$stamp.md, $OUT/peers-$stamp.json, $OUT/summary-$stamp.md"
