#!/usr/bin/env bash
# Long-sequence QAMA benchmark (issue 19): v2, H = 8, d = 64, sa(reads: 1, sweeps: 100).
#
# 1. Scale: for N = 512, 4,096, 32,768, 65,536 the structured path (and the generic path, expanded through
#    ModelBuilder, where it fits: N ≤ 4,096), each in its own process so peak memory (VmHWM) is its own;
#    structured and generic runs alternate and repeat REPEATS times (default 3), medians printed side by side
#    with the generic/structured time ratio of each pair (both run in the same loop, as farm-bench does).
# 2. Quality: both paths in one process on one N = 512 model (and N = 4,096 with QUALITY_4096=1), one read
#    per solver seed 1…20: mean best energy ± standard error, the paired difference, the time ratio.
#
#   bench/longseq_bench.sh            # REPEATS=3 SIZES="512 4096 32768 65536" GENERIC_MAX=4096
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="${QAMA_BENCH_SCRATCH:-$root/.build}"
cd "$root"
swift build -c release --build-tests --scratch-path "$scratch" >&2
bin="$scratch/release/qama-bench-longseq"
repeats="${REPEATS:-3}"
sizes="${SIZES:-512 4096 32768 65536}"
generic_max="${GENERIC_MAX:-4096}"
results="$(mktemp)"

for tokens in $sizes; do
    for ((r = 0; r < repeats; r++)); do
        paths="structured"
        if ((tokens <= generic_max)); then paths="structured generic"; ((r % 2)) && paths="generic structured"; fi
        for path in $paths; do
            log="$(mktemp)"
            line="$(/usr/bin/time -v "$bin" scale --path "$path" --heads 8 --tokens "$tokens" --features 64 \
                --reads 1 --sweeps 100 --seed 1 2>"$log")"
            wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")"
            rm -f "$log"
            echo "$line" | tee -a "$results"
            echo "{\"tokens\": $tokens, \"path\": \"$path\", \"repeat\": $r, \"process_wall\": \"$wall\"}" >&2
        done
    done
done

python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def med(xs): return statistics.median(xs) if xs else float("nan")
print(f"{'N':>6} {'spins':>7} | {'structured build+solve s':>24} {'peak GB':>7} | {'generic build+solve s':>21} {'peak GB':>7} | {'solve ratio':>11} {'total ratio':>11}")
for n in sorted({r["tokens"] for r in rows}):
    s = [r for r in rows if r["tokens"] == n and r["path"] == "structured"]
    g = [r for r in rows if r["tokens"] == n and r["path"] == "generic"]
    st = med([r["build_seconds"] + r["solve_seconds"] for r in s]); sp = med([r["peak_rss_solve_bytes"] / 1e9 for r in s])
    sb = med([r["build_seconds"] for r in s]); ss = med([r["solve_seconds"] for r in s])
    line = f"{n:>6} {s[0]['variables']:>7} | {st:>12.2f} ({sb:.2f}+{ss:.2f}) {sp:>7.2f} |"
    if g:
        gt = med([r["build_seconds"] + r["solve_seconds"] for r in g]); gp = med([r["peak_rss_solve_bytes"] / 1e9 for r in g])
        gb = med([r["build_seconds"] for r in g]); gs = med([r["solve_seconds"] for r in g])
        # Ratios per repeat (the pair ran back to back), then their median.
        solve = med([b["solve_seconds"] / a["solve_seconds"] for a, b in zip(s, g)])
        total = med([(b["build_seconds"] + b["solve_seconds"]) / (a["build_seconds"] + a["solve_seconds"]) for a, b in zip(s, g)])
        line += f" {gt:>9.2f} ({gb:.2f}+{gs:.2f}) {gp:>7.2f} | {solve:>11.1f} {total:>11.1f}"
    else:
        line += f" {'does not fit':>21} {'':>7} |"
    print(line)
PY
rm -f "$results"

quality_sizes="512"
[[ "${QUALITY_4096:-0}" == 1 ]] && quality_sizes="512 4096"
for tokens in $quality_sizes; do
    "$bin" quality --heads 8 --tokens "$tokens" --features 64 --seeds "${SEEDS:-20}" --sweeps 100 --seed 1
done
