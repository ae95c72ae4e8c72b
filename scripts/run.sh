#!/usr/bin/env bash
# Builds and runs the whole platform on the embedded default: SQLite in
# ./data, migrations applied, jurisdictions loaded, and on first start a
# demo administrator whose password is printed once.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install.sh
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/zainab-alert/target}
exec cargo run --release --locked -p zainab-api --bin zainab -- serve "$@"
