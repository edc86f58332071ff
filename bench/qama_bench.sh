#!/usr/bin/env bash
# QAMA model build benchmark (DESIGN.md, "Performance"): builds the model from random Q, K, V (γ as a param),
# re-weights γ, converts to Ising and runs a short simulated annealing, printing one JSON line per size
# (timings, couplings, VmHWM after each phase) followed by the peak RSS that /usr/bin/time -v measured for
# the whole process. v2 (the published formulation, one bit per head and token) for H = 8, d = 64 and
# N = 49, 512, 2048; v1 (q = 4 bits) for N = 256, 512, side by side.
#
#   bench/qama_bench.sh [extra flags for `qama-bench attention`, e.g. --sa-sweeps 100]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
scratch="${QAMA_BENCH_SCRATCH:-$ROOT/.build}"
# The same build scripts/test makes (a no-op after it): building one product alone would rebuild everything.
build_release "$scratch" >&2
bin="$scratch/release/qama-bench"
run() {
    local formulation="$1" tokens="$2"; shift 2
    local log
    log="$(mktemp)"
    /usr/bin/time -v "$bin" attention --formulation "$formulation" --heads 8 --tokens "$tokens" --features 64 --sa-reads 2 --sa-sweeps 20 "$@" 2>"$log"
    peak_kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")"
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")"
    echo "{\"formulation\": \"$formulation\", \"tokens\": $tokens, \"time_v_max_rss_kb\": $peak_kb, \"time_v_wall\": \"$wall\"}"
    rm -f "$log"
}
for tokens in 49 512 2048; do run v2 "$tokens" "$@"; done
for tokens in 256 512; do run v1 "$tokens" --bits 4 "$@"; done
