#!/usr/bin/env bash
# WASI programs that do real I/O, side by side: SQLite (tests/programs/c/sqlite_driver.c + the
# amalgamation from the crates.io crate libsqlite3-sys) and our file-I/O-heavy C program
# (tests/programs/c/fileio_bench.c), on tailor, Wasmtime (Cranelift and Pulley), WAMR (fast and
# classic interpreters, LLVM AOT), wasmi, and natively (gcc -O2), timed with hyperfine.
# See BENCHMARKS.md, "WASI programs with real I/O".
#
#   scripts/bench-wasi-io.sh                    # after scripts/bench-peers.sh installed the peers
#   scripts/bench-wasi-io.sh --runs 5 --rows 50000
#
# Options:
#   --dest DIR       the folder holding bench/ and .peers/ (default ../bench-work, as bench-peers.sh)
#   --runner cli|example   how tailor runs (see bench-peers.sh; default cli)
#   --tailor "CMD"   run tailor as CMD instead of building it (e.g. "/path/to/tailor run")
#   --runs N         hyperfine runs per command (default 5)
#   --rows N         rows the SQLite driver inserts (default 50000)
#   --fileio "ARGS"  fileio_bench arguments FILES FILE_KB BIG_MB READS (default "2000 8 32 20000")
#   --out DIR        results folder (default DEST/results)
#   --skip-sqlite L  runtimes left out of the SQLite run (default wamr-classic: WAMR's classic
#                    interpreter needs ~55 s for 5,000 rows and over 5 minutes for 50,000)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$(dirname "$REPO")/bench-work"
RUNNER=cli RUNS=5 ROWS=50000 FILEIO_ARGS="2000 8 32 20000" OUT="" SKIP_SQLITE="wamr-classic"
while [ $# -gt 0 ]; do
  case "$1" in
    --dest) DEST="$2"; shift 2 ;;
    --runner) RUNNER="$2"; shift 2 ;;
    --tailor) TAILOR="$2"; RUNNER=given; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --rows) ROWS="$2"; shift 2 ;;
    --fileio) FILEIO_ARGS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --skip-sqlite) SKIP_SQLITE="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
DEST="$(cd "$DEST" && pwd)"
OUT="${OUT:-$DEST/results}"
P="$DEST/.peers"
W="$DEST/wasi-io"
mkdir -p "$OUT" "$W/data"
PY="$P/venv/bin/python"
[ -x "$PY" ] || { echo "peers not installed in $P: run scripts/bench-peers.sh first" >&2; exit 1; }
WT="$(ls "$P"/venv/lib/python3*/site-packages/wasmtime_cli/wasmtime | head -1)"
command -v hyperfine >/dev/null || { echo "hyperfine missing (apt-get install hyperfine)" >&2; exit 1; }

case "$RUNNER" in
  cli) (cd "$REPO" && cargo build --release -p tailor-cli); TAILOR="$REPO/target/release/tailor run" ;;
  example) (cd "$REPO" && cargo build --release -p tailor-programs --example run_wasi)
           TAILOR="$REPO/target/release/examples/run_wasi" ;;
  given) ;;
  *) echo "--runner must be cli or example" >&2; exit 2 ;;
esac
if [ "$RUNNER" != given ] && [ -n "${CARGO_TARGET_DIR:-}" ]; then TAILOR="${TAILOR/$REPO\/target/$CARGO_TARGET_DIR}"; fi

echo "== sources"
if ! SQLITE_DIR="$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/libsqlite3-sys-0.35.0/sqlite3 2>/dev/null | head -1)" \
   || [ -z "$SQLITE_DIR" ]; then
  mkdir -p "$W/fetch/src"
  printf '[package]\nname = "fetch-sqlite"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n[workspace]\n[dependencies]\nlibsqlite3-sys = { version = "=0.35.0", features = ["bundled"] }\n' \
    > "$W/fetch/Cargo.toml"
  : > "$W/fetch/src/lib.rs"
  cargo fetch --manifest-path "$W/fetch/Cargo.toml"
  SQLITE_DIR="$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/libsqlite3-sys-0.35.0/sqlite3 | head -1)"
fi
C="$REPO/tests/programs/c"
SQLITE_FLAGS=(-O2 -I"$SQLITE_DIR" -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION)
if [ ! -f "$W/sqlite_driver.wasm" ] || [ "$C/sqlite_driver.c" -nt "$W/sqlite_driver.wasm" ]; then
  echo "== building sqlite_driver (wasm32-wasi and native)"
  "$PY" -m ziglang cc -target wasm32-wasi "${SQLITE_FLAGS[@]}" -D_WASI_EMULATED_MMAN -D_WASI_EMULATED_GETPID \
    -o "$W/sqlite_driver.wasm" "$C/sqlite_driver.c" "$SQLITE_DIR/sqlite3.c" -lwasi-emulated-mman -lwasi-emulated-getpid
  gcc "${SQLITE_FLAGS[@]}" -o "$W/sqlite_driver" "$C/sqlite_driver.c" "$SQLITE_DIR/sqlite3.c" -lm
fi
if [ ! -f "$W/fileio_bench.wasm" ] || [ "$C/fileio_bench.c" -nt "$W/fileio_bench.wasm" ]; then
  echo "== building fileio_bench (wasm32-wasi and native)"
  "$PY" -m ziglang cc -target wasm32-wasi -O2 -o "$W/fileio_bench.wasm" "$C/fileio_bench.c"
  gcc -O2 -o "$W/fileio_bench" "$C/fileio_bench.c"
fi
for m in sqlite_driver fileio_bench; do
  [ -f "$W/$m.aot" ] && [ "$W/$m.aot" -nt "$W/$m.wasm" ] || "$P/bin/wamrc-upstream" -o "$W/$m.aot" "$W/$m.wasm" >/dev/null
done

D="$W/data"
# name|command prefix (the module and its arguments follow); every runtime sees D at the same path
runtimes() {  # $1 = module base name
  local m="$1"
  echo "native|$W/$m"
  echo "tailor|$TAILOR --dir $D $W/$m.wasm"
  echo "wasmtime|$WT run --dir $D::$D $W/$m.wasm"
  echo "wasmtime-pulley|$WT run --target pulley64 --dir $D::$D $W/$m.wasm"
  echo "wamr-aot|$P/bin/wamr-iwasm-aot --dir=$D $W/$m.aot"
  echo "wamr-fast|$P/bin/wamr-iwasm-fast --dir=$D $W/$m.wasm"
  echo "wamr-classic|$P/bin/wamr-iwasm-classic --dir=$D $W/$m.wasm"
  echo "wasmi|$P/bin/wasmi --dir $D $W/$m.wasm"
}

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
echo "== load before: $(uptime)"
for prog in sqlite_driver fileio_bench; do
  if [ "$prog" = sqlite_driver ]; then args="$D $ROWS"; prep="rm -rf $D/test.db $D/test.db-journal $D/test.db.lock"
  else args="$D $FILEIO_ARGS"; prep="rm -rf $D/fileio.tmp"; fi
  # correctness first: each runtime's stdout must equal native's
  eval "$prep"; expected="$("$W/$prog" $args)"
  cmds=()
  while IFS='|' read -r name cmd; do
    if [ "$prog" = sqlite_driver ] && [[ ",$SKIP_SQLITE," == *",$name,"* ]]; then
      echo "$prog on $name: skipped (--skip-sqlite)"; continue
    fi
    eval "$prep"
    if got="$($cmd $args 2>"$W/$name.$prog.stderr")" && [ "$got" = "$expected" ]; then
      cmds+=(-n "$name" "$cmd $args")
      echo "$prog on $name: output matches native"
    else
      echo "$prog on $name: FAILED or output differs (see $W/$name.$prog.stderr)"
    fi
  done < <(runtimes "$prog")
  hyperfine --runs "$RUNS" --warmup 1 --prepare "$prep" --export-markdown "$OUT/wasi-io-$prog-$stamp.md" \
    --export-json "$OUT/wasi-io-$prog-$stamp.json" "${cmds[@]}"
done
echo "== load after: $(uptime)"
echo "results: $OUT/wasi-io-*-$stamp.{md,json}"
