#!/usr/bin/env bash
# The whole test suite: unit and integration tests against the embedded
# SQLite default, then the integration tests again against a throwaway
# PostgreSQL cluster. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install.sh
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/zainab-alert/target}

echo "== tests on SQLite"
cargo test --workspace --locked

echo "== integration tests on PostgreSQL 15"
pg_dir=$(mktemp -d /tmp/zainab-pg.XXXXXX)
trap 'scripts/pg-cluster.sh stop "$pg_dir"' EXIT
url=$(scripts/pg-cluster.sh start "$pg_dir")
ZA_TEST_DATABASE_URL=$url cargo test -p zainab-tests --locked --test api
