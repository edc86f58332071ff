#!/usr/bin/env bash
# QAMA model build benchmark (DESIGN.md, "Performance"): for H = 8, d = 64, q = 4 and N = 256, 512,
# builds the model from random Q, K, V (γ as a param), re-weights γ, converts to Ising and runs a short
# simulated annealing, printing one JSON line per size (timings, couplings, VmHWM after each phase)
# followed by the peak RSS that /usr/bin/time -v measured for the whole process.
#
#   bench/qama_bench.sh [extra flags for qama-bench-attention, e.g. --sa-sweeps 100 --coupling dot]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="${QAMA_BENCH_SCRATCH:-$root/.build}"
cd "$root"
# The same build scripts/test makes (a no-op after it): building one product alone would rebuild everything.
swift build -c release --build-tests --scratch-path "$scratch" >&2
bin="$scratch/release/qama-bench-attention"
for tokens in 256 512; do
    log="$(mktemp)"
    /usr/bin/time -v "$bin" --heads 8 --tokens "$tokens" --features 64 --bits 4 --sa-reads 2 --sa-sweeps 20 "$@" 2>"$log"
    peak_kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")"
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")"
    echo "{\"tokens\": $tokens, \"time_v_max_rss_kb\": $peak_kb, \"time_v_wall\": \"$wall\"}"
    rm -f "$log"
done
