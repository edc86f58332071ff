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
# reuses it (building the two separately makes SwiftPM rebuild everything twice). $1, when given, is another
# build directory (SwiftPM's --scratch-path; the benchmarks' QAMA_BENCH_SCRATCH).
build_release() {
    echo "==> swift build -c release --build-tests${1:+ --scratch-path $1}"
    swift build -c release --build-tests ${1:+--scratch-path "$1"}
}

# What a user runs, and nothing else: the kernel (`qama`) and the CIM server (`qama-cim`), without the test
# targets `build_release` adds (scripts/setup; scripts/test builds those on top, reusing these modules).
build_products() {
    local product
    for product in qama qama-cim; do
        echo "==> swift build -c release --product $product"
        swift build -c release --product "$product"
    done
}

# Creates .venv if needed and brings its packages up to date with the given requirement arguments plus
# the repository's Python package (python/: papermill parameters for QAMA notebooks, the solvers from numpy).
# Skips pip when neither the arguments nor the requirement files they may name changed since the last
# successful install (a stamp in .venv, one line per set of arguments), so a second `scripts/setup` or
# `scripts/test` starts at once.
make_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        echo "==> creating $VENV"
        python3 -m venv "$VENV"
    fi
    local stamp="$VENV/.qama-requirements"
    local wanted
    wanted="$(printf '%s\n' "$@"; cat "$ROOT"/e2e/requirements.txt "$ROOT"/scripts/setup-requirements.txt; find "$ROOT/python" -type f \( -name '*.py' -o -name '*.toml' \) -print0 | sort -z | xargs -0 cat)"
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
# so a user-level `qama` kernelspec elsewhere cannot shadow the one under test. Links the build into
# .venv/bin too, where the Python package (`qama.solve_qubo`, qama.torch) looks for it after $QAMA_BIN
# and before PATH, so the venv's Python finds this build with no QAMA_BIN set.
install_kernelspec() {
    echo "==> qama install --prefix .venv"
    "$ROOT/.build/release/qama" install --prefix "$VENV"
    link_binary_into_venv
    export JUPYTER_PATH="$VENV/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
    export PATH="$VENV/bin:$PATH"
}

# .venv/bin/qama → .build/release/qama (a symlink, so a rebuild needs no new link).
link_binary_into_venv() {
    echo "==> .venv/bin/qama -> .build/release/qama"
    ln -sfn "$ROOT/.build/release/qama" "$VENV/bin/qama"
}

# Points the kernel at a simulated coherent Ising machine on loopback (QAMA_CIM_URL / QAMA_CIM_TOKEN) unless
# QAMA_CIM_URL is set already: reuses the machine an earlier call of this checkout started while it still
# answers with its token (a second `scripts/setup` never overwrites a live token), otherwise starts
# `qama-cim serve` on the first free port from QAMA_CIM_PORT (default 8780), stopped when this shell exits.
# State (pid, port, token, log) in QAMA_CIM_STATE (default .build/cim).
ensure_cim_machine() {
    if [ -n "${QAMA_CIM_URL:-}" ]; then return; fi
    local state="${QAMA_CIM_STATE:-$ROOT/.build/cim}" port
    mkdir -p "$state"
    # A machine an earlier `scripts/setup` of this checkout started and that still answers with its token
    # is reused as it is: a second setup must never overwrite the token a running Lab's kernels hold.
    if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null \
        && "$VENV/bin/python" - "$state" <<'PY' 2>/dev/null
import json, sys, urllib.request
state = sys.argv[1]
port, token = open(f"{state}/port").read().strip(), open(f"{state}/token").read().strip()
request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/machine", headers={"Authorization": f"Bearer {token}"})
# Notebook 05 asks for the CPQC-550 profile: a machine of another profile is not reused.
assert json.load(urllib.request.urlopen(request, timeout=2)).get("profile") == "cpqc-550"
PY
    then
        port="$(cat "$state/port")"
        echo "==> reusing the qama-cim already serving on 127.0.0.1:$port (pid $(cat "$state/pid"))"
    else
        # The first free port from QAMA_CIM_PORT (default 8780) on, so another program there is no failure.
        port="$("$VENV/bin/python" - "${QAMA_CIM_PORT:-8780}" <<'PY'
import socket, sys
start = int(sys.argv[1])
for port in range(start, start + 50):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
else:
    sys.exit(f"no free port in {start}..{start + 49} for qama-cim")
PY
)"
        "$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(16))' >"$state/token.new"
        mv "$state/token.new" "$state/token"
        echo "==> qama-cim serve on 127.0.0.1:$port (log: $state/serve.log)"
        "$ROOT/.build/release/qama-cim" serve --host 127.0.0.1 --port "$port" --token-file "$state/token" \
            --profile cpqc-550 >"$state/serve.log" 2>&1 &
        CIM_PID=$!
        echo "$CIM_PID" >"$state/pid"
        echo "$port" >"$state/port"
        CIM_STATE="$state"
        trap 'kill "$CIM_PID" 2>/dev/null || true; rm -f "$CIM_STATE/pid"' EXIT
        # Fail here, with the server's own words, rather than in notebook 05 with a 401 or a refused connection.
        for _ in $(seq 50); do
            grep -q "listening\|Server started" "$state/serve.log" 2>/dev/null && break
            kill -0 "$CIM_PID" 2>/dev/null || { cat "$state/serve.log" >&2; echo "qama-cim failed to start" >&2; exit 1; }
            sleep 0.1
        done
    fi
    export QAMA_CIM_URL="http://127.0.0.1:$port"
    QAMA_CIM_TOKEN="$(cat "$state/token")"
    export QAMA_CIM_TOKEN
}
