#!/usr/bin/env bash
# Builds and runs the whole platform on the embedded default: SQLite in
# ./data, migrations applied, jurisdictions loaded, and on first start a
# demo administrator whose password is printed once. The dashboard is built
# first and served at /.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install.sh
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/zainab-alert/target}
scripts/build-web.sh
export ZA_WEB_DIR=${ZA_WEB_DIR:-$PWD/frontend/dist}
exec cargo run --release --locked -p zainab-api --bin zainab -- serve "$@"
