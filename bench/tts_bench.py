#!/usr/bin/env python3
"""Time to target on Gset with exact 95% intervals: our SA, PT and PA against dwave-samplers' SA, in one run.

A run is one independent attempt: one SA read (ours or dwave-samplers'), one PT read (all its replicas), one
PA solve (its whole population). A run succeeds when its best cut reaches the target. Per solver and target:
successes k of N runs, p = k/N with the Clopper-Pearson 95% interval, and TTS99 = t * ln(0.01) / ln(1 - p)
(t itself once p >= 0.99), t = the mean CPU seconds of one run, all single-threaded; the TTS interval comes
from p's (the spread of t is not included). SA and PT runs are reads of one call (so t = CPU time / reads,
amortising the call's set-up, for dwave-samplers as for ours); PA runs are separate solves.

    bench/tts_bench.sh                       # installs bench/requirements.txt into .venv, builds, runs
    python bench/tts_bench.py [--no-build] [--scale 1.0] [--graphs G22,G43] [--json out.json]

--scale multiplies every run count (0.25 for a quick look; the default takes a few minutes).
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
from scipy.stats import beta as beta_dist  # noqa: E402

import release_build  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GSET = next(d for d in (os.path.join(os.path.dirname(REPO), "shared", "data", "gset"),
                        os.path.join(REPO, "data", "gset")) if os.path.exists(os.path.join(d, "G22")))
TARGETS = {"G22": [13340, 13355], "G43": [6655]}

# Solver settings per graph: (label, kind, settings, runs). kind "ours" runs `qama-bench solvers` with the
# settings as arguments; "dwave" runs dwave-samplers' SimulatedAnnealingSampler with (reads, sweeps).
CONFIGS = {
    "G22": [
        ("ours sa", "ours", ["sa", "--sweeps", "2000"], 200),
        ("ours sa", "ours", ["sa", "--sweeps", "5000"], 60),
        ("ours pt", "ours", ["pt", "--replicas", "24", "--sweeps", "2000", "--beta", "0.4,4"], 8),
        ("ours pa", "ours", ["pa", "--population", "50", "--sweeps", "400", "--beta", "0.3,3"], 20),
        ("dwave-samplers sa", "dwave", {"sweeps": 2000}, 100),
        ("dwave-samplers sa", "dwave", {"sweeps": 10000}, 20),
    ],
    "G43": [
        ("ours sa", "ours", ["sa", "--sweeps", "2000"], 200),
        ("ours pt", "ours", ["pt", "--replicas", "24", "--sweeps", "1000", "--beta", "0.4,4"], 8),
        ("ours pa", "ours", ["pa", "--population", "50", "--sweeps", "400", "--beta", "0.3,3"], 20),
        ("dwave-samplers sa", "dwave", {"sweeps": 2000}, 100),
    ],
}


def load_gset(name):
    with open(os.path.join(GSET, name)) as f:
        n, m = map(int, f.readline().split())
        edges = np.array([list(map(int, line.split())) for line in f if line.strip()], dtype=np.int64)
    i, j, w = edges[:, 0] - 1, edges[:, 1] - 1, edges[:, 2].astype(np.float64)
    assert len(w) == m
    return n, i, j, w


def ours(binary, graph, settings, runs):
    """(best cut per run, CPU seconds per run)."""
    path = os.path.join(GSET, graph)
    kind = settings[0]
    if kind == "pa":  # a run is a whole solve
        args = binary + [kind, path] + settings[1:] + ["--runs", str(runs), "--threads", "1", "--seed", "1"]
        r = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
        return np.array([x["best_cut"] for x in r["runs"]]), np.array([x["cpu_seconds"] for x in r["runs"]])
    args = binary + [kind, path] + settings[1:] + ["--reads", str(runs), "--threads", "1", "--seed", "1"]
    r = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    cuts = np.array(r["cuts"])
    return cuts, np.full(len(cuts), r["cpu_seconds"] / len(cuts))


def dwave(graph_data, settings, runs):
    from dwave.samplers import SimulatedAnnealingSampler
    n, i, j, w = graph_data
    J = {(int(a), int(b)): float(c) for a, b, c in zip(i, j, w)}
    h = {v: 0.0 for v in range(n)}
    cpu = time.process_time()
    res = SimulatedAnnealingSampler().sample_ising(h, J, num_reads=runs, num_sweeps=settings["sweeps"], seed=1)
    cpu = time.process_time() - cpu
    spins = np.array([[s[v] for v in range(n)] for s in res.samples()])
    cuts = (w.sum() - (spins[:, i] * spins[:, j] * w).sum(axis=1)) / 2
    return cuts, np.full(len(cuts), cpu / runs)


def clopper_pearson(k, n, confidence=0.95):
    a = 1 - confidence
    lo = 0.0 if k == 0 else beta_dist.ppf(a / 2, k, n - k + 1)
    hi = 1.0 if k == n else beta_dist.ppf(1 - a / 2, k + 1, n - k)
    return lo, hi


def tts99(p, t):
    if p >= 0.99:
        return t
    if p <= 0:
        return math.inf
    return t * math.log(0.01) / math.log1p(-p)


def fmt(x):
    return "inf" if math.isinf(x) else f"{x:.3g}"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--no-build", action="store_true")
    p.add_argument("--scratch-path", default=".build", help="where the release build is (swift build --scratch-path)")
    p.add_argument("--graphs", default="G22,G43")
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--json")
    a = p.parse_args()
    scratch = os.path.join(REPO, a.scratch_path)
    if not a.no_build:
        release_build.build(scratch)
    binary = release_build.solvers(scratch)

    rows, results = [], []
    for graph in a.graphs.split(","):
        data = load_gset(graph)
        for label, kind, settings, runs in CONFIGS[graph]:
            runs = max(4, int(round(runs * a.scale)))
            started = time.perf_counter()
            cuts, cpu = ours(binary, graph, settings, runs) if kind == "ours" else dwave(data, settings, runs)
            shown = " ".join(settings[1:]) if kind == "ours" else f"--sweeps {settings['sweeps']}"
            print(f"  {graph} {label} {shown}: {len(cuts)} runs in {time.perf_counter() - started:.1f} s wall, "
                  f"best cut {cuts.max():.0f}, mean {cuts.mean():.1f}", file=sys.stderr, flush=True)
            t = float(cpu.mean())
            for target in TARGETS[graph]:
                k, n = int((cuts >= target).sum()), len(cuts)
                lo, hi = clopper_pearson(k, n)
                results.append({"graph": graph, "target": target, "solver": label, "settings": shown, "runs": n,
                                "successes": k, "p": k / n, "p_low": lo, "p_high": hi, "t": t,
                                "tts": tts99(k / n, t), "tts_low": tts99(hi, t), "tts_high": tts99(lo, t),
                                "best_cut": float(cuts.max())})

    print("| graph | target | solver | settings | at target | p (95%) | CPU s/run | TTS99 s (95%) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['graph']} | {r['target']} | {r['solver']} | {r['settings']} | {r['successes']}/{r['runs']} | "
              f"{r['p']:.3f} ({r['p_low']:.3f}-{r['p_high']:.3f}) | {r['t']:.3g} | "
              f"{fmt(r['tts'])} ({fmt(r['tts_low'])}-{fmt(r['tts_high'])}) |")
    print()
    for graph in a.graphs.split(","):
        for target in TARGETS[graph]:
            rs = [r for r in results if r["graph"] == graph and r["target"] == target]
            best = min(rs, key=lambda r: r["tts"])
            mine = [r for r in rs if r["solver"].startswith("ours")]
            theirs = [r for r in rs if r["solver"].startswith("dwave")]
            line = f"- {graph} cut >= {target}: fastest {best['solver']} ({best['settings']}), TTS99 {fmt(best['tts'])} s"
            if mine and theirs:
                m, d = min(mine, key=lambda r: r["tts"]), min(theirs, key=lambda r: r["tts"])
                if math.isfinite(m["tts"]):
                    ratio = d["tts"] / m["tts"]
                    low = d["tts_low"] / m["tts_high"]
                    line += (f"; best of ours ({m['solver']}) vs best dwave-samplers SA: {fmt(ratio)}x faster "
                             f"(at least {fmt(low)}x at the interval ends)")
                else:
                    line += "; none of ours reached it"
            print(line)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
