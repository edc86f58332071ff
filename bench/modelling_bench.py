#!/usr/bin/env python3
"""Modelling benchmark: penalty models written as a user writes them, built by `qama run` and by PyQUBO and
the Amplify SDK in the same run, with the QUBOs checked equal.

Ten standard formulations (TSP, QAP, graph colouring, max-cut from an edge loop, number partitioning,
knapsack with an inequality constraint, exact cover, a dense quadratic form, a `for`-loop accumulation and a
user `func` inside a sum), each at three sizes about 4× apart in terms. For each size:

- ours: the whole `qama run model.qama` process (start-up, loading the data, building the expression with
  sums, loops and functions as written, compiling the model), wall seconds and peak memory, median of --runs;
- PyQUBO: expression + compile + to_qubo, in a child process, median of --repeats in-process repetitions;
- Amplify: building the polynomial (Poly arithmetic as written), likewise (the knapsack's inequality written
  out with its slack bits, as for PyQUBO: Amplify's `less_equal` keeps a constraint unexpanded until a solve);
- the QUBO (or Ising model, for spins) of ours, exported once more, against PyQUBO's: every coefficient and
  the offset equal to 1e-9 (relative), or the row says where they differ;
- with --baseline BIN, the same scripts run by another qama binary (say the previous release) and the ratio.

Ratios are theirs / ours (above 1: we are faster). Per-term figures divide by the QUBO's nonzeros.

Usage: bench/modelling_bench.py [--models tsp,qap,...] [--runs 5] [--repeats 3] [--baseline PATH] [--json out.json]
Needs: a release build (swift build -c release), GNU time (/usr/bin/time), numpy, and pyqubo and amplify in the Python running this
script (pip install -r bench/requirements.txt pyqubo amplify); a model whose library is missing is timed for
ours alone.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QAMA = os.environ.get("QAMA_BIN", os.path.join(ROOT, ".build", "release", "qama"))

# Each model: sizes (three, ~4x apart in terms), data(n, rng) -> dict of arrays and numbers, and the same
# formulation in the three modelling languages. QAMA scripts see the data as `load("<name>.npy")` tensors and
# the numbers as literals; Python code sees `D` (the arrays and numbers) and builds `H`.
MODELS = {
    "tsp": dict(
        sizes=[16, 25, 40],
        data=lambda n, rng: dict(n=n, d=np.round(rng.uniform(1, 10, (n, n)), 3)),
        qama="""
let d = load("d.npy")
let x = binary({n}, {n}, name: "x")
param λ = 10
let H = sum(i in 0..<{n}, j in 0..<{n}, t in 0..<{n}: d[i, j] * x[i, t] * x[j, (t + 1) % {n}])
    + λ * (sum(i in 0..<{n}: (sum(t in 0..<{n}: x[i, t]) - 1)^2) + sum(t in 0..<{n}: (sum(i in 0..<{n}: x[i, t]) - 1)^2))
""",
        pyqubo="""
n, d = D["n"], D["d"].tolist()
x = Array.create("x", shape=(n, n), vartype="BINARY")
lam = Placeholder("λ")
H = sum(d[i][j] * x[i, t] * x[j, (t + 1) % n] for i in range(n) for j in range(n) for t in range(n)) \\
    + lam * (sum((sum(x[i, t] for t in range(n)) - 1) ** 2 for i in range(n))
             + sum((sum(x[i, t] for i in range(n)) - 1) ** 2 for t in range(n)))
FEED = {"λ": 10}
""",
        amplify="""
n, d = D["n"], D["d"].tolist()
x = gen.array("Binary", (n, n))
H = asum(d[i][j] * x[i, t] * x[j, (t + 1) % n] for i in range(n) for j in range(n) for t in range(n)) \\
    + 10 * (asum((asum(x[i, t] for t in range(n)) - 1) ** 2 for i in range(n))
            + asum((asum(x[i, t] for i in range(n)) - 1) ** 2 for t in range(n)))
""",
    ),
    "qap": dict(
        sizes=[8, 11, 16],
        data=lambda n, rng: dict(n=n, F=rng.integers(0, 10, (n, n)).astype(float), Dist=rng.integers(1, 10, (n, n)).astype(float)),
        qama="""
let F = load("F.npy")
let Dist = load("Dist.npy")
let x = binary({n}, {n}, name: "x")
let H = sum(i in 0..<{n}, j in 0..<{n}, a in 0..<{n}, b in 0..<{n}: F[i, j] * Dist[a, b] * x[i, a] * x[j, b])
    + 200 * (sum(i in 0..<{n}: (sum(a in 0..<{n}: x[i, a]) - 1)^2) + sum(a in 0..<{n}: (sum(i in 0..<{n}: x[i, a]) - 1)^2))
""",
        pyqubo="""
n, F, Dist = D["n"], D["F"].tolist(), D["Dist"].tolist()
x = Array.create("x", shape=(n, n), vartype="BINARY")
H = sum(F[i][j] * Dist[a][b] * x[i, a] * x[j, b] for i in range(n) for j in range(n) for a in range(n) for b in range(n)) \\
    + 200 * (sum((sum(x[i, a] for a in range(n)) - 1) ** 2 for i in range(n))
             + sum((sum(x[i, a] for i in range(n)) - 1) ** 2 for a in range(n)))
""",
        amplify="""
n, F, Dist = D["n"], D["F"].tolist(), D["Dist"].tolist()
x = gen.array("Binary", (n, n))
H = asum(F[i][j] * Dist[a][b] * x[i, a] * x[j, b] for i in range(n) for j in range(n) for a in range(n) for b in range(n)) \\
    + 200 * (asum((asum(x[i, a] for a in range(n)) - 1) ** 2 for i in range(n))
             + asum((asum(x[i, a] for i in range(n)) - 1) ** 2 for a in range(n)))
""",
    ),
    "colouring": dict(
        sizes=[1000, 4000, 16000],
        data=lambda n, rng: dict(n=n, m=3 * n, K=4, E=random_edges(n, 3 * n, rng)),
        qama="""
let E = load("E.npy")
let x = binary({n}, {K}, name: "x")
let H = sum(v in 0..<{n}: (sum(c in 0..<{K}: x[v, c]) - 1)^2) + sum(k in 0..<{m}, c in 0..<{K}: x[E[k, 0], c] * x[E[k, 1], c])
""",
        pyqubo="""
n, m, K, E = D["n"], D["m"], D["K"], D["E"].astype(int).tolist()
x = Array.create("x", shape=(n, K), vartype="BINARY")
H = sum((sum(x[v, c] for c in range(K)) - 1) ** 2 for v in range(n)) + sum(x[E[k][0], c] * x[E[k][1], c] for k in range(m) for c in range(K))
""",
        amplify="""
n, m, K, E = D["n"], D["m"], D["K"], D["E"].astype(int).tolist()
x = gen.array("Binary", (n, K))
H = asum((asum(x[v, c] for c in range(K)) - 1) ** 2 for v in range(n)) + asum(x[E[k][0], c] * x[E[k][1], c] for k in range(m) for c in range(K))
""",
    ),
    "maxcut_loop": dict(
        sizes=[10000, 40000, 160000],
        data=lambda m, rng: dict(n=m // 4, m=m, E=random_edges(m // 4, m, rng), w=np.round(rng.uniform(0.5, 2, m), 3)),
        qama="""
let E = load("E.npy")
let w = load("w.npy")
let x = binary({n}, name: "x")
var H = 0
for k in 0..<{m} {
    H = H + w[k] * (2 * x[E[k, 0]] * x[E[k, 1]] - x[E[k, 0]] - x[E[k, 1]])
}
""",
        pyqubo="""
n, m, E, w = D["n"], D["m"], D["E"].astype(int).tolist(), D["w"].tolist()
x = Array.create("x", shape=(n,), vartype="BINARY")
H = 0
for k in range(m):
    H += w[k] * (2 * x[E[k][0]] * x[E[k][1]] - x[E[k][0]] - x[E[k][1]])
""",
        amplify="""
n, m, E, w = D["n"], D["m"], D["E"].astype(int).tolist(), D["w"].tolist()
x = gen.array("Binary", n)
H = 0
for k in range(m):
    H += w[k] * (2 * x[E[k][0]] * x[E[k][1]] - x[E[k][0]] - x[E[k][1]])
""",
    ),
    "partition": dict(
        sizes=[500, 1000, 2000],
        data=lambda n, rng: dict(n=n, a=rng.integers(1, 1000, n).astype(float)),
        qama="""
let a = load("a.npy")
let s = spin({n}, name: "s")
let H = (sum(i in 0..<{n}: a[i] * s[i]))^2
""",
        pyqubo="""
n, a = D["n"], D["a"].tolist()
s = Array.create("s", shape=(n,), vartype="SPIN")
H = sum(a[i] * s[i] for i in range(n)) ** 2
""",
        amplify="""
n, a = D["n"], D["a"].tolist()
s = gen.array("Ising", n)
H = asum(a[i] * s[i] for i in range(n)) ** 2
""",
    ),
    "knapsack": dict(
        sizes=[500, 1000, 2000],
        data=lambda n, rng: knapsack_data(n, rng),
        qama="""
let v = load("v.npy")
let w = load("w.npy")
let x = binary({n}, name: "x")
let H = -sum(i in 0..<{n}: v[i] * x[i]) + 5 * constraint(sum(i in 0..<{n}: w[i] * x[i]) <= {C}, name: "cap")
""",
        pyqubo="""
n, v, w, C, sw = D["n"], D["v"].tolist(), D["w"].tolist(), D["C"], D["slack"]
x = Array.create("x", shape=(n,), vartype="BINARY")
y = Array.create("slack_cap", shape=(len(sw),), vartype="BINARY")
H = -sum(v[i] * x[i] for i in range(n)) + 5 * (sum(w[i] * x[i] for i in range(n)) - C + sum(sw[k] * y[k] for k in range(len(sw)))) ** 2
""",
        amplify="""
n, v, w, C, sw = D["n"], D["v"].tolist(), D["w"].tolist(), D["C"], D["slack"]
x = gen.array("Binary", n)
y = gen.array("Binary", len(sw))
H = -asum(v[i] * x[i] for i in range(n)) + 5 * (asum(w[i] * x[i] for i in range(n)) - C + asum(sw[k] * y[k] for k in range(len(sw)))) ** 2
""",
    ),
    "exact_cover": dict(
        sizes=[250, 1000, 4000],
        data=lambda n, rng: dict(n=n, m=n // 2, A=(rng.uniform(0, 1, (n, n // 2)) < 12 / n).astype(float)),
        qama="""
let A = load("A.npy")
let x = binary({m}, name: "x")
let H = sum(u in 0..<{n}: (sum(j in 0..<{m} where A[u, j] == 1: x[j]) - 1)^2)
""",
        pyqubo="""
n, m, A = D["n"], D["m"], D["A"].tolist()
x = Array.create("x", shape=(m,), vartype="BINARY")
H = sum((sum(x[j] for j in range(m) if A[u][j] == 1) - 1) ** 2 for u in range(n))
""",
        amplify="""
n, m, A = D["n"], D["m"], D["A"].tolist()
x = gen.array("Binary", m)
H = asum((asum(x[j] for j in range(m) if A[u][j] == 1) - 1) ** 2 for u in range(n))
""",
    ),
    "dense": dict(
        sizes=[150, 300, 600],
        data=lambda n, rng: dict(n=n, w=np.round(rng.normal(0, 1, (n, n)), 4)),
        qama="""
let w = load("w.npy")
let x = binary({n}, name: "x")
let H = sum(i in 0..<{n}, j in 0..<{n}: w[i, j] * x[i] * x[j])
""",
        pyqubo="""
n, w = D["n"], D["w"].tolist()
x = Array.create("x", shape=(n,), vartype="BINARY")
H = sum(w[i][j] * x[i] * x[j] for i in range(n) for j in range(n))
""",
        amplify="""
n, w = D["n"], D["w"].tolist()
x = gen.array("Binary", n)
H = asum(w[i][j] * x[i] * x[j] for i in range(n) for j in range(n))
""",
    ),
    "loop": dict(
        sizes=[150, 300, 600],
        data=lambda n, rng: dict(n=n, w=np.round(rng.normal(0, 1, (n, n)), 4)),
        qama="""
let w = load("w.npy")
let x = binary({n}, name: "x")
var H = 0
for i in 0..<{n} {
    for j in 0..<{n} {
        H = H + w[i, j] * x[i] * x[j]
    }
}
""",
        pyqubo="""
n, w = D["n"], D["w"].tolist()
x = Array.create("x", shape=(n,), vartype="BINARY")
H = 0
for i in range(n):
    for j in range(n):
        H = H + w[i][j] * x[i] * x[j]
""",
        amplify="""
n, w = D["n"], D["w"].tolist()
x = gen.array("Binary", n)
H = 0
for i in range(n):
    for j in range(n):
        H = H + w[i][j] * x[i] * x[j]
""",
    ),
    "func": dict(
        sizes=[150, 300, 600],
        data=lambda n, rng: dict(n=n, w=np.round(rng.uniform(0, 1, (n, n)), 4)),
        qama="""
let w = load("w.npy")
let x = binary({n}, name: "x")
func disagree(i, j) = w[i, j] * (x[i] - x[j])^2
let H = sum(i in 0..<{n}, j in i+1..<{n}: disagree(i, j))
""",
        pyqubo="""
n, w = D["n"], D["w"].tolist()
x = Array.create("x", shape=(n,), vartype="BINARY")
def disagree(i, j):
    return w[i][j] * (x[i] - x[j]) ** 2
H = sum(disagree(i, j) for i in range(n) for j in range(i + 1, n))
""",
        amplify="""
n, w = D["n"], D["w"].tolist()
x = gen.array("Binary", n)
def disagree(i, j):
    return w[i][j] * (x[i] - x[j]) ** 2
H = asum(disagree(i, j) for i in range(n) for j in range(i + 1, n))
""",
    ),
}


def random_edges(n, m, rng):
    """m distinct undirected edges (u < v) of a random graph on n nodes."""
    seen, out = set(), []
    while len(out) < m:
        u, v = (int(t) for t in rng.integers(0, n, 2))
        if u == v or (min(u, v), max(u, v)) in seen:
            continue
        seen.add((min(u, v), max(u, v)))
        out.append((min(u, v), max(u, v)))
    return np.array(out, dtype=float)


def slack_weights(r):
    """The kernel's log-encoded slack weights for a range 0…r (IsingCore Constraints.slackWeights)."""
    weights, total, w = [], 0, 1
    while total + w < r:
        weights.append(w)
        total += w
        w *= 2
    return weights + [r - total] if r > 0 else []


def knapsack_data(n, rng):
    w = rng.integers(1, 20, n).astype(float)
    C = int(w.sum() // 2)
    return dict(n=n, C=C, v=rng.integers(1, 50, n).astype(float), w=w, slack=slack_weights(C))


# A child process builds one model `repeats` times with one library and writes the median time (and, for
# PyQUBO, the QUBO) as JSON: `python -c CHILD data.pkl code.py repeats out.json`.
CHILD_PREAMBLE = r'''
import json, pickle, statistics, sys, time
import numpy as np
D = pickle.load(open(sys.argv[1], "rb"))
code, repeats, out = open(sys.argv[2]).read(), int(sys.argv[3]), sys.argv[4]
times = []
'''

PYQUBO_CHILD = CHILD_PREAMBLE + r'''
from pyqubo import Array, Placeholder
for _ in range(repeats):
    t0 = time.perf_counter()
    scope = {"D": D, "Array": Array, "Placeholder": Placeholder, "FEED": {}}
    exec(code, scope)
    model = scope["H"].compile()
    spin = model.variables and "s[" in model.variables[0]
    if spin:
        h, J, offset = model.to_ising(feed_dict=scope["FEED"])
        terms = {**{(k, k): v for k, v in h.items()}, **J}
    else:
        terms, offset = model.to_qubo(feed_dict=scope["FEED"])
    times.append(time.perf_counter() - t0)
json.dump({"seconds": statistics.median(times), "vartype": "spin" if spin else "binary", "offset": offset,
           "terms": [[a, b, v] for (a, b), v in terms.items()]}, open(out, "w"))
'''

AMPLIFY_CHILD = CHILD_PREAMBLE + r'''
import amplify
for _ in range(repeats):
    t0 = time.perf_counter()
    exec(code, {"D": D, "gen": amplify.VariableGenerator(), "asum": amplify.sum})
    times.append(time.perf_counter() - t0)
json.dump({"seconds": statistics.median(times)}, open(out, "w"))
'''


def normalise(name):
    """`x[0,1]` (ours) and `x[0][1]` (PyQUBO) both become ('x', (0, 1))."""
    m = re.match(r"^([^\[]+)(.*)$", name)
    return m.group(1), tuple(int(t) for t in re.findall(r"-?\d+", m.group(2)))


def our_terms(path):
    """The exported model as {(a, b): value} (a == b: linear) and its offset, params applied."""
    m = json.load(open(path))
    params = m.get("params", {})
    names = [normalise(v) for v in m["variables"]]
    terms, offset = {}, 0.0
    for b in m["blocks"]:
        weight = 1.0 if b["param"] is None else params[b["param"]]
        offset += weight * b["offset"]
        for i, v in zip(b["linear"]["index"], b["linear"]["value"]):
            terms[(names[i], names[i])] = terms.get((names[i], names[i]), 0.0) + weight * v
        for i, j, v in zip(b["quadratic"]["i"], b["quadratic"]["j"], b["quadratic"]["value"]):
            key = tuple(sorted((names[i], names[j])))
            terms[key] = terms.get(key, 0.0) + weight * v
    return m["vartype"], terms, offset


def compare(ours, theirs):
    """None when equal to 1e-9 (relative), else where they first differ."""
    vartype, mine, my_offset = ours
    other = {}
    for a, b, v in theirs["terms"]:
        key = tuple(sorted((normalise(a), normalise(b))))
        other[key] = other.get(key, 0.0) + v
    if vartype != theirs["vartype"]:
        return f"vartype {vartype} vs {theirs['vartype']}"
    close = lambda x, y: abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))
    for key in sorted(set(mine) | set(other)):
        if not close(mine.get(key, 0.0), other.get(key, 0.0)):
            return f"{key}: {mine.get(key, 0.0)} vs {other.get(key, 0.0)}"
    if not close(my_offset, theirs["offset"]):
        return f"offset {my_offset} vs {theirs['offset']}"
    return None


def run_ours(binary, script, cwd, runs, timeout=None):
    """Median wall seconds and peak RSS (MB) of the whole `qama run` process, measured by GNU time (a small
    parent: a child forked from this Python process would count the parent's memory in its peak)."""
    walls, rss = [], []
    for _ in range(runs + 1):  # the first run warms the page cache and is not counted
        t0 = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "run", script], cwd=cwd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=timeout)
        walls.append(time.perf_counter() - t0)  # GNU time's own %e has 10 ms steps
        if r.returncode != 0:
            raise RuntimeError(f"{binary} run {script} failed: {r.stderr}")
        kb = r.stderr.strip().splitlines()[-1]
        rss.append(float(kb) / 1024)
    return statistics.median(walls[1:]), statistics.median(rss[1:])


def child(code_template, kind, data_path, work, repeats, timeout):
    code_path = os.path.join(work, f"{kind}.py")
    with open(code_path, "w") as f:
        f.write(code_template)
    out = os.path.join(work, f"{kind}.json")
    source = PYQUBO_CHILD if kind == "pyqubo" else AMPLIFY_CHILD
    try:
        r = subprocess.run([sys.executable, "-c", source, data_path, code_path, str(repeats), out],
                           capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout} s"}
    if r.returncode != 0:
        last = (r.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": last}
    return json.load(open(out))


def bench(name, spec, n, args):
    import pickle
    rng = np.random.default_rng(2504 + n)
    data = spec["data"](n, rng)
    work = tempfile.mkdtemp(prefix=f"bench-{name}-{n}-")
    for k, v in data.items():
        if isinstance(v, np.ndarray):
            np.save(os.path.join(work, f"{k}.npy"), v)
    data_path = os.path.join(work, "data.pkl")
    pickle.dump(data, open(data_path, "wb"))
    literals = {k: v for k, v in data.items() if not isinstance(v, (np.ndarray, list))}
    body = re.sub(r"\{(\w+)\}", lambda g: str(literals[g.group(1)]) if g.group(1) in literals else g.group(0), spec["qama"])
    script = os.path.join(work, "model.qama")
    with open(script, "w") as f:
        f.write(body + "let m = model(H);\n")
    check = os.path.join(work, "check.qama")
    with open(check, "w") as f:
        f.write(body + 'export(model(H), "ours.json")\n')
    row = {"model": name, "size": n}
    row["ours_s"], row["ours_mb"] = run_ours(args.qama, script, work, args.runs)
    if args.baseline:
        try:
            row["baseline_s"], row["baseline_mb"] = run_ours(args.baseline, script, work, 1, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            row["baseline_error"] = f"over {args.timeout:.0f} s"
        except RuntimeError as e:
            row["baseline_error"] = str(e).strip().splitlines()[-3 if len(str(e).strip().splitlines()) > 2 else -1][:60]
    subprocess.run([args.qama, "run", check], cwd=work, check=True, stdout=subprocess.DEVNULL)
    ours = our_terms(os.path.join(work, "ours.json"))
    row["nnz"] = len(ours[1])
    for kind in ("pyqubo", "amplify"):
        if kind in args.skip:
            continue
        r = child(spec[kind], kind, data_path, work, args.repeats, args.timeout)
        if "error" in r:
            row[kind + "_error"] = r["error"]
            continue
        row[kind + "_s"] = r["seconds"]
        if kind == "pyqubo":
            row["qubo_equal"] = compare(ours, r) or "equal"
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--sizes", default="all", help="'all', or an index list such as '1' (the middle size)")
    ap.add_argument("--runs", type=int, default=5, help="timed `qama run` processes per size (median)")
    ap.add_argument("--repeats", type=int, default=3, help="in-process repetitions for PyQUBO and Amplify (median)")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--qama", default=QAMA)
    ap.add_argument("--baseline", help="another qama binary to time on the same scripts")
    ap.add_argument("--skip", default="", help="comma list of pyqubo, amplify")
    ap.add_argument("--json", help="write every row here")
    args = ap.parse_args()
    args.skip = set(filter(None, args.skip.split(",")))
    for kind in ("pyqubo", "amplify"):
        try:
            __import__(kind)
        except ImportError:
            print(f"({kind} is not installed: its columns are skipped)")
            args.skip.add(kind)
    rows = []
    header = (f"{'model':<12} {'size':>7} {'nnz':>9} {'ours s':>8} {'MB':>6} {'ns/nnz':>7} {'PyQUBO s':>9} {'×':>6} "
              f"{'Amplify s':>9} {'×':>6}" + (f" {'base s':>8} {'×':>6}" if args.baseline else "") + "  QUBO")
    print(header)
    for name in args.models.split(","):
        spec = MODELS[name]
        sizes = spec["sizes"] if args.sizes == "all" else [spec["sizes"][int(k)] for k in args.sizes.split(",")]
        for n in sizes:
            r = bench(name, spec, n, args)
            rows.append(r)
            cell = lambda k: f"{r[k]:9.3f}" if k in r else f"{'—':>9}"
            ratio = lambda k: f"{r[k] / r['ours_s']:6.1f}" if k in r else f"{'—':>6}"
            line = (f"{name:<12} {n:>7} {r['nnz']:>9} {r['ours_s']:8.3f} {r['ours_mb']:6.0f} {1e9 * r['ours_s'] / max(1, r['nnz']):7.0f} "
                    f"{cell('pyqubo_s')} {ratio('pyqubo_s')} {cell('amplify_s')} {ratio('amplify_s')}")
            if args.baseline:
                line += (f" {r['baseline_s']:8.3f} {r['baseline_s'] / r['ours_s']:6.1f}" if "baseline_s" in r
                         else f" {'failed':>8} {'—':>6}")
            line += "  " + r.get("qubo_equal", r.get("pyqubo_error", "not checked"))
            print(line, flush=True)
    if args.json:
        json.dump(rows, open(args.json, "w"), indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
