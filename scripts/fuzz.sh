#!/usr/bin/env bash
# Runs the fuzz targets of fuzz/ for a bounded time each, from their seeds
# and the corpus earlier runs kept (fuzz/corpus/, not in git):
#   scripts/fuzz.sh [TARGET|all] [SECONDS]     (default: all, 180 s each)
# Installs cargo-fuzz into ~/.cache/zainab-alert/tools when missing.
# cargo-fuzz needs nightly compiler flags; RUSTC_BOOTSTRAP=1 lets the
# stable toolchain take them, for this build only. A crash leaves its input
# in fuzz/artifacts/TARGET/ and stops the run with a non-zero status.
set -euo pipefail

CARGO_FUZZ_VERSION=0.13.2
target=${1:-all}
seconds=${2:-180}
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$HOME/.cache/zainab-alert/tools"
export PATH="$tools/bin:$PATH"
export RUSTC_BOOTSTRAP=1
target_dir="${CARGO_TARGET_DIR:-$HOME/.cache/zainab-alert/target}-fuzz"
cd "$root"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz $CARGO_FUZZ_VERSION into $tools" >&2
    cargo install --locked --root "$tools" cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

if [ "$target" = all ]; then
    targets=$(cargo fuzz list)
else
    targets=$target
fi

for name in $targets; do
    corpus="fuzz/corpus/$name"
    mkdir -p "$corpus"
    if [ -d "fuzz/seeds/$name" ]; then
        cp -n "fuzz/seeds/$name"/* "$corpus"/
    fi
    options=(-max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048)
    if [ -f "fuzz/dicts/$name.dict" ]; then
        options+=(-dict="fuzz/dicts/$name.dict")
    fi
    echo "== $name: $seconds s from $(ls "$corpus" | wc -l) inputs" >&2
    cargo fuzz run --target-dir "$target_dir" "$name" "$corpus" -- "${options[@]}"
    echo "== $name: corpus now $(ls "$corpus" | wc -l) inputs, $(du -sh "$corpus" | cut -f1)" >&2
done
