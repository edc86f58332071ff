#!/usr/bin/env bash
# Long-sequence QAMA from the language (issue 19): a `qama run` script builds an 8-head v2 model of N tokens
# (d = 64, Q, K ~ randn, V ~ rand) and solves it with sa(reads: 1, sweeps: 100); /usr/bin/time -v gives the
# process's wall time and peak RSS. Each size runs REPEATS times (default 3), alternating with an
# inputs-only script (same seed, no qama()/solve()), so "build + solve" = full wall − inputs-only wall, per
# pair; medians printed. The solve's own seconds (r.time) are printed too.
#
#   bench/longseq_language.sh                       # N = 65536, layout auto (structured at this size)
#   TOKENS=4096 LAYOUTS="structured generic" bench/longseq_language.sh   # both paths side by side
#   SKIP_BUILD=1 ...                                # use the release qama already built
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source "$root/scripts/lib.sh"
[[ -n "${SKIP_BUILD:-}" ]] || build_release >&2
bin="$root/.build/release/qama"
tokens="${TOKENS:-65536}"
layouts="${LAYOUTS:-auto}"
repeats="${REPEATS:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

inputs="seed(1)
let Q = randn(8, $tokens, 64)
let K = randn(8, $tokens, 64)
let V = rand(8, $tokens, 64)"
echo "$inputs" > "$work/inputs.qama"
for layout in $layouts; do
    cat > "$work/full-$layout.qama" <<QAMA
$inputs
let m = qama(Q, K, V)
let r = solve(m, sa(reads: 1, sweeps: 100, seed: 1, layout: "$layout"))
print("solve_seconds \(r.time) best_energy \(r.energy)")
QAMA
done

measure() {  # script → "wall_seconds peak_kB cpu_seconds" (and the script's own output on stderr)
    local log="$work/time.log"
    /usr/bin/time -v "$bin" run "$1" 2>"$log" | sed 's/^/    /' >&2
    awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; w = s}
                /User time/ {u = $2} /System time/ {y = $2}
                /Maximum resident set size/ {m = $2} END {print w, m, u + y}' "$log"
}

results="$work/results"
for ((r = 0; r < repeats; r++)); do
    for layout in $layouts; do
        read -r base _ basecpu < <(measure "$work/inputs.qama")
        read -r full peak fullcpu < <(measure "$work/full-$layout.qama")
        echo "$layout $base $full $peak $basecpu $fullcpu" | tee -a "$results" >&2
    done
done

python3 - "$results" "$tokens" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
n = int(sys.argv[2])
print(f"H = 8, N = {n}, d = 64 ({8 * n} spins), sa(reads: 1, sweeps: 100); medians of {len(rows) // len({r[0] for r in rows})}")
print("time = process wall seconds (CPU seconds, user + system); build + solve = full run − inputs-only run, per pair")
print(f"{'layout':>10} | {'inputs only':>16} | {'full run':>16} | {'build + solve':>16} | {'peak RSS GB':>11}")
out = {}
for layout in dict.fromkeys(r[0] for r in rows):
    rs = [r for r in rows if r[0] == layout]
    base = statistics.median(float(r[1]) for r in rs)
    full = statistics.median(float(r[2]) for r in rs)
    delta = statistics.median(float(r[2]) - float(r[1]) for r in rs)
    peak = statistics.median(float(r[3]) for r in rs) / 1e6
    bcpu = statistics.median(float(r[4]) for r in rs)
    fcpu = statistics.median(float(r[5]) for r in rs)
    dcpu = statistics.median(float(r[5]) - float(r[4]) for r in rs)
    out[layout] = (delta, dcpu)
    cell = lambda w, c: f"{w:.2f} ({c:.2f})"
    print(f"{layout:>10} | {cell(base, bcpu):>16} | {cell(full, fcpu):>16} | {cell(delta, dcpu):>16} | {peak:11.2f}")
if "structured" in out and "generic" in out:
    g, st = out["generic"], out["structured"]
    print(f"generic / structured (build + solve): {g[0] / st[0]:.1f}x wall ({g[1] / st[1]:.1f}x CPU)")
PY
