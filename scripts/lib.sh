# Shared by scripts/test and scripts/setup: repo paths, the release build, the venv and the kernelspec.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
cd "$ROOT"

build_release() {
    echo "==> swift build -c release"
    swift build -c release
}

# Creates .venv if needed and brings its packages up to date with the given requirement arguments.
make_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        echo "==> creating $VENV"
        python3 -m venv "$VENV"
    fi
    echo "==> pip install $*"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet "$@"
}

# Installs the kernelspec into the venv (argv = this build's qama) and makes Jupyter look there first,
# so a user-level `qama` kernelspec elsewhere cannot shadow the one under test.
install_kernelspec() {
    echo "==> qama install --prefix .venv"
    "$ROOT/.build/release/qama" install --prefix "$VENV"
    export JUPYTER_PATH="$VENV/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
    export PATH="$VENV/bin:$PATH"
}
