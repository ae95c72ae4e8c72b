#!/usr/bin/env bash
# The whole test suite: unit and integration tests against the embedded
# SQLite default, then the integration tests again against a throwaway
# PostgreSQL cluster; the dashboard's unit tests, and its end-to-end tests
# in headless Chromium against the real server; then a scan of everything
# the servers logged for personal data. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install.sh
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/zainab-alert/target}

log_dir=$(mktemp -d /tmp/zainab-logs.XXXXXX)
export ZA_TEST_LOG_FILE=$log_dir/servers.jsonl
pg_dir=$(mktemp -d /tmp/zainab-pg.XXXXXX)
trap 'scripts/pg-cluster.sh stop "$pg_dir"; rm -rf "$log_dir"' EXIT

echo "== tests on SQLite"
cargo test --workspace --locked

echo "== dashboard unit tests"
cargo test --manifest-path frontend/Cargo.toml --locked

echo "== dashboard component tests in headless Chromium"
# From frontend/, where webdriver.json gives chromedriver its Chromium flags.
(cd frontend && CHROMEDRIVER=/usr/bin/chromedriver \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --locked --target wasm32-unknown-unknown --test browser)

echo "== dashboard end to end in headless Chromium"
scripts/build-web.sh
cargo build --locked -p zainab-api --bin zainab
ZA_E2E_SERVER="$CARGO_TARGET_DIR/debug/zainab" ZA_E2E_WEB_DIR="$PWD/frontend/dist" \
    ZA_E2E_ARTIFACTS="$CARGO_TARGET_DIR/e2e" npm test --prefix tests/e2e

echo "== integration tests on PostgreSQL 15"
url=$(scripts/pg-cluster.sh start "$pg_dir")
ZA_TEST_DATABASE_URL=$url cargo test -p zainab-tests --locked --test api

echo "== dashboard end to end on PostgreSQL 15"
# Each test file's server gets a fresh database of its own beside this one.
ZA_E2E_DATABASE_URL="$url" ZA_E2E_SERVER="$CARGO_TARGET_DIR/debug/zainab" \
    ZA_E2E_WEB_DIR="$PWD/frontend/dist" ZA_E2E_ARTIFACTS="$CARGO_TARGET_DIR/e2e-postgres" npm test --prefix tests/e2e

echo "== nothing personal in the servers' logs"
cargo test -p zainab-tests --locked --test log_scan -- --ignored
