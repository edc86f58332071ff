#!/usr/bin/env python3
"""Model-build benchmark: the QAMA-sized Hamiltonian built by IsingCore and by PyQUBO, same run.

For each size (heads H, tokens N, bits q) it runs the release-built `qama-bench model`
(a plain ModelBuilder loop and the Expression algebra, then re-weighting the param γ) and builds
the same expression with PyQUBO (compile, then `to_qubo` with γ as a Placeholder and again with a
new γ, which is PyQUBO's re-weighting). Prints a table of CPU seconds and ratios; `--json` writes
the raw figures. PyQUBO runs in a subprocess with a time limit, so a size it cannot finish is
reported as such instead of hanging the benchmark.

Usage: bench/model_bench.py [--sizes 2x64x4,8x256x4] [--pyqubo-timeout 900] [--no-build] [--json out.json]
Needs: swift; PyQUBO in the Python running this script (pip install pyqubo) for the comparison.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

import release_build

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRATCH = os.environ.get("QAMA_BENCH_SCRATCH", os.path.join(ROOT, ".build"))

PYQUBO_CHILD = r'''
import json, random, resource, sys, time
H, N, q = (int(a) for a in sys.argv[1:4])
from pyqubo import Array, Placeholder
cpu = lambda: time.process_time()
rng = random.Random(2504)
J = [[[rng.gauss(0, 1) for _ in range(N)] for _ in range(N)] for _ in range(H)]
h = [[rng.gauss(0, 1) for _ in range(N)] for _ in range(H)]
t0 = cpu()
x = Array.create("x", shape=(H, N, q), vartype="BINARY")
bit = [2 ** k / (2 ** q - 1) for k in range(q)]
terms = []
for t in range(H):
    w = [sum(bit[k] * x[t, i, k] for k in range(q)) for i in range(N)]
    for i in range(N):
        terms.append(-h[t][i] * w[i])
        for j in range(N):
            terms.append(-J[t][i][j] * w[i] * w[j])
energy = sum(terms)
if H > 1:
    pairs = H * (H - 1) / 2
    penalty = sum(x[t, i, k] * x[u, i, k] for t in range(H) for u in range(t + 1, H)
                  for i in range(N) for k in range(q)) / pairs
    energy = energy + Placeholder("gamma") * penalty
t1 = cpu()
model = energy.compile()
t2 = cpu()
qubo, offset = model.to_qubo(feed_dict={"gamma": 2.0})
t3 = cpu()
qubo2, offset2 = model.to_qubo(feed_dict={"gamma": 8.0})
t4 = cpu()
couplings = sum(1 for (a, b) in qubo if a != b)
print(json.dumps({"expression_s": t1 - t0, "compile_s": t2 - t1, "first_qubo_s": t3 - t2,
                  "reweight_qubo_s": t4 - t3, "build_s": t2 - t0, "couplings": couplings,
                  "variables": H * N * q, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
'''


def run_swift(size, build):
    if build:
        release_build.build(SCRATCH)
    H, N, q = size
    out = subprocess.run(release_build.command(SCRATCH, "model") + ["--heads", str(H), "--tokens", str(N), "--bits", str(q),
                                                                    "--repeats", "3"],
                         check=True, capture_output=True, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    best = {}
    for r in rows:  # best of the repeats per mode
        b = best.setdefault(r["mode"], dict(r))
        for k, v in r.items():
            if k.endswith("_s"):
                b[k] = min(b[k], v)
    return best


def run_pyqubo(size, timeout):
    try:
        import pyqubo  # noqa: F401
    except ImportError:
        return {"error": "PyQUBO is not installed for %s (pip install pyqubo)" % sys.executable}
    H, N, q = size
    try:
        # PyQUBO compiles recursively and overflows the default 8 MB stack from about a million
        # terms on (SIGSEGV): give the child the largest stack allowed.
        def big_stack():
            hard = resource.getrlimit(resource.RLIMIT_STACK)[1]
            resource.setrlimit(resource.RLIMIT_STACK, (hard, hard))
        p = subprocess.run([sys.executable, "-c", PYQUBO_CHILD, str(H), str(N), str(q)], capture_output=True,
                           text=True, timeout=timeout, preexec_fn=big_stack)
    except subprocess.TimeoutExpired:
        return {"error": "did not finish within %d s" % timeout}
    if p.returncode != 0:
        why = "killed by signal %d" % -p.returncode if p.returncode < 0 else "exit %d" % p.returncode
        return {"error": (p.stderr.strip().splitlines() or [why])[-1]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="2x64x4,8x64x4,8x128x4,8x256x4", help="HxNxq list")
    ap.add_argument("--pyqubo-timeout", type=int, default=900)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--no-pyqubo", action="store_true")
    ap.add_argument("--json", help="write the raw figures here")
    args = ap.parse_args()
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes.split(",")]
    results = []
    built = args.no_build
    for size in sizes:
        swift = run_swift(size, build=not built)
        built = True
        py = {"error": "skipped"} if args.no_pyqubo else run_pyqubo(size, args.pyqubo_timeout)
        results.append({"size": size, "swift": swift, "pyqubo": py})
        b, e = swift["builder"], swift["expression"]
        print("H=%d N=%d q=%d: %d variables, %d couplings" % (size + (b["variables"], b["couplings"])))
        print("  IsingCore ModelBuilder loop : build %.3f s CPU (%.3f s wall)" % (b["build_cpu_s"], b["build_wall_s"]))
        print("  IsingCore Expression algebra: build %.3f s CPU (sum %.3f + compile %.3f)"
              % (e["build_cpu_s"], e["expression_sum_s"], e["expression_compile_s"]))
        print("  IsingCore first isingProblem %.4f s; re-weight γ: isingProblem %.4f s, weighted %.4f s, "
              "in place %.5f s" % (b["first_ising_s"], b["reweight_ising_s"], b["reweight_weighted_s"],
                                   b["reweight_in_place_s"]))
        print("  re-weight speed-up over a rebuild (builder build + first isingProblem): %.0fx fresh, %.0fx in place"
              % ((b["build_cpu_s"] + b["first_ising_s"]) / b["reweight_ising_s"],
                 (b["build_cpu_s"] + b["first_ising_s"]) / b["reweight_in_place_s"]))
        if "error" in py:
            print("  PyQUBO: %s" % py["error"])
        else:
            print("  PyQUBO: expression %.3f s + compile %.3f s = %.3f s CPU; to_qubo %.3f s; re-weight (to_qubo) %.3f s; "
                  "%d couplings; max RSS %.0f MB" % (py["expression_s"], py["compile_s"], py["build_s"],
                                                      py["first_qubo_s"], py["reweight_qubo_s"], py["couplings"],
                                                      py["max_rss_mb"]))
            print("  ratios PyQUBO/IsingCore: build %.1fx (builder) %.1fx (expression); re-weight %.1fx (fresh) %.0fx (in place)"
                  % (py["build_s"] / b["build_cpu_s"], py["build_s"] / e["build_cpu_s"],
                     py["reweight_qubo_s"] / b["reweight_ising_s"], py["reweight_qubo_s"] / b["reweight_in_place_s"]))
        sys.stdout.flush()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
