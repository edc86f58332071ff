#!/usr/bin/env bash
# Time-to-target benchmark (bench/tts_bench.py): installs its Python packages into .venv, builds the release
# benchmark driver, runs. Arguments pass through, e.g. `bench/tts_bench.sh --runs 40`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
make_venv -r bench/requirements.txt
build_release
exec "$VENV/bin/python" bench/tts_bench.py --no-build "$@"
