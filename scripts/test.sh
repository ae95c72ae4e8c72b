#!/usr/bin/env bash
# The whole test suite: unit and integration tests against the embedded
# SQLite default, then the integration tests again against a throwaway
# PostgreSQL cluster, then a scan of everything the servers logged for
# personal data. Installs what is missing first.
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

echo "== integration tests on PostgreSQL 15"
url=$(scripts/pg-cluster.sh start "$pg_dir")
ZA_TEST_DATABASE_URL=$url cargo test -p zainab-tests --locked --test api

echo "== nothing personal in the servers' logs"
cargo test -p zainab-tests --locked --test log_scan -- --ignored
