# Shared by scripts/test and scripts/setup: repo paths, the release build, the venv and the kernelspec.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
cd "$ROOT"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi
}

# Installs the Debian packages the build and the venv need, only when they are missing.
ensure_system_packages() {
    local missing=()
    if ! command -v pkg-config >/dev/null || ! pkg-config --exists libzmq libcrypto; then
        missing+=(libzmq3-dev libssl-dev pkg-config)
    fi
    if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
        missing+=(python3-venv)
    fi
    if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

apt_install() {
    echo "==> apt-get install $*"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}

# Builds the executables and the tests in one configuration: `swift test -c release --skip-build` then
# reuses it (building the two separately makes SwiftPM rebuild everything twice).
build_release() {
    echo "==> swift build -c release --build-tests"
    swift build -c release --build-tests
}

# Creates .venv if needed and brings its packages up to date with the given requirement arguments plus
# the repository's Python package (python/: papermill parameters for QAMA notebooks). Skips pip when
# neither the arguments nor the files they name changed since the last successful install (a stamp in
# .venv, one line per set of arguments), so a second `scripts/setup` or `scripts/test` starts at once.
make_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        echo "==> creating $VENV"
        python3 -m venv "$VENV"
    fi
    local stamp="$VENV/.qama-requirements"
    local wanted
    wanted="$(printf '%s\n' "$@"; cat "$ROOT"/e2e/requirements.txt; find "$ROOT/python" -type f \( -name '*.py' -o -name '*.toml' \) -print0 | sort -z | xargs -0 cat)"
    wanted="$(printf '%s' "$wanted" | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && grep -qx "$wanted" "$stamp"; then
        echo "==> $VENV is up to date"
        return
    fi
    echo "==> pip install $* ./python"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet "$@" "$ROOT/python"
    echo "$wanted" >>"$stamp"
}

# Installs the kernelspec into the venv (argv = this build's qama) and makes Jupyter look there first,
# so a user-level `qama` kernelspec elsewhere cannot shadow the one under test.
install_kernelspec() {
    echo "==> qama install --prefix .venv"
    "$ROOT/.build/release/qama" install --prefix "$VENV"
    export JUPYTER_PATH="$VENV/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
    export PATH="$VENV/bin:$PATH"
}
