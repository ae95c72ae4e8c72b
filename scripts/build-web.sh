#!/usr/bin/env bash
# Builds the dashboard (frontend/) for release with trunk into
# frontend/dist, which `zainab serve` serves at / when ZA_WEB_DIR points
# there, with the Urdu font. wasm-opt comes from the npm package binaryen in
# tests/e2e.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/zainab-alert/target}
export PATH="$PWD/tests/e2e/node_modules/.bin:$PATH"
cd frontend
trunk build --release --locked

# The Urdu face, Noto Nastaliq Urdu from Debian's fonts-noto-core (OFL;
# installed by scripts/install.sh), served from our own origin as the CSP
# asks; never committed.
mkdir -p dist/fonts
cp /usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Regular.ttf dist/fonts/
