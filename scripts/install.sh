#!/usr/bin/env bash
# Installs what building, running and testing need, and only what is
# missing. Safe to run again: each step checks first.
set -euo pipefail

need_apt=()
have() { command -v "$1" >/dev/null 2>&1; }

have cc || need_apt+=(build-essential)
have python3 || need_apt+=(python3)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql-15)
# Kannel, the SMS gateway the tests send through, and its fake SMS centre.
[ -x /usr/sbin/bearerbox ] || need_apt+=(kannel)
[ -x /usr/lib/kannel/test/fakesmsc ] || need_apt+=(kannel-extras)
# The subscription tests run the npm `graphql-ws` client with node.
have node || need_apt+=(nodejs)
have npm || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "installing Debian packages: ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if have rustup; then
    installed=$(rustup component list --installed)
    for component in rustfmt clippy; do
        grep -q "^$component" <<<"$installed" || rustup component add "$component"
    done
fi

js_tests="$(cd "$(dirname "$0")/.." && pwd)/tests/js"
if [ ! -d "$js_tests/node_modules" ]; then
    echo "installing the npm packages of the subscription tests"
    npm ci --prefix "$js_tests" --no-audit --no-fund --silent
fi
