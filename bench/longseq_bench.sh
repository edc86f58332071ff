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
# Times are wall and CPU seconds: on a loaded machine the CPU seconds of these single-threaded runs are the
# steadier figure.
#
#   bench/longseq_bench.sh            # REPEATS=3 SIZES="512 4096 32768 65536" GENERIC_MAX=4096 SEEDS=20
#   SKIP_BUILD=1 bench/longseq_bench.sh   # use the release qama-bench already built
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
scratch="${QAMA_BENCH_SCRATCH:-$ROOT/.build}"
[[ -n "${SKIP_BUILD:-}" ]] || build_release "$scratch" >&2
bin="$scratch/release/qama-bench"
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
            line="$(/usr/bin/time -v "$bin" longseq scale --path "$path" --heads 8 --tokens "$tokens" --features 64 \
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
print("medians; time = build + solve in wall seconds (CPU seconds); ratio = generic/structured per back-to-back pair")
print(f"{'N':>6} {'spins':>7} | {'structured time':>22} {'peak GB':>7} | {'generic time':>22} {'peak GB':>7} | {'solve ratio wall (cpu)':>22} {'total ratio wall (cpu)':>22}")
for n in sorted({r["tokens"] for r in rows}):
    s = [r for r in rows if r["tokens"] == n and r["path"] == "structured"]
    g = [r for r in rows if r["tokens"] == n and r["path"] == "generic"]
    def times(rs):
        wall = med([r["build_seconds"] + r["solve_seconds"] for r in rs])
        cpu = med([r["build_cpu_seconds"] + r["solve_cpu_seconds"] for r in rs])
        return f"{wall:.2f} ({cpu:.2f})"
    line = f"{n:>6} {s[0]['variables']:>7} | {times(s):>22} {med([r['peak_rss_solve_bytes'] / 1e9 for r in s]):>7.2f} |"
    if g:
        # Ratios per repeat (the pair ran back to back), then their median.
        def ratio(key_wall, key_cpu):
            w = med([key_wall(b) / key_wall(a) for a, b in zip(s, g)])
            c = med([key_cpu(b) / key_cpu(a) for a, b in zip(s, g)])
            return f"{w:.1f} ({c:.1f})"
        solve = ratio(lambda r: r["solve_seconds"], lambda r: r["solve_cpu_seconds"])
        total = ratio(lambda r: r["build_seconds"] + r["solve_seconds"], lambda r: r["build_cpu_seconds"] + r["solve_cpu_seconds"])
        line += f" {times(g):>22} {med([r['peak_rss_solve_bytes'] / 1e9 for r in g]):>7.2f} | {solve:>22} {total:>22}"
    else:
        line += f" {'does not fit':>22} {'':>7} |"
    print(line)
    for r in s + g:
        print(f"       {r['path']:>10}: build {r['build_seconds']:.2f} s ({r['build_cpu_seconds']:.2f} cpu), solve {r['solve_seconds']:.2f} s ({r['solve_cpu_seconds']:.2f} cpu), best {r['best_energy']:.6g}, beta [{r['beta'][0]:.4g}, {r['beta'][1]:.4g}]")
PY
rm -f "$results"

quality_sizes="512"
[[ "${QUALITY_4096:-0}" == 1 ]] && quality_sizes="512 4096"
for tokens in $quality_sizes; do
    "$bin" longseq quality --heads 8 --tokens "$tokens" --features 64 --seeds "${SEEDS:-20}" --sweeps 100 --seed 1
done
