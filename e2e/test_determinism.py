"""Issue 12 item 1: the same script prints the same bytes in separate processes. Swift seeds its hash order
per process, so anything that iterated a Dictionary or Set (coefficient sums, param order, exported JSON,
constraint lists) used to change from run to run; a single process cannot see that."""
import subprocess

SCRIPT = """
seed(1)
let s = spin(12, name: "s")
for k in 0..<8 { let c = randn(12); print(ising(model(sum(i in 0..<12: c[i] * s[i])^2)).offset) }
let x = binary(4, name: "x")
param λ = 2
param μ = 3
param a = 0.5
let h = λ * x[0] + μ * x[1] + a * x[2] * x[3] + (λ + μ) * khot(x, 2, name: "two") + μ * onehot(x, name: "one")
let m = model(h)
m.params
m
let r = solve(m, sa(reads: 4, sweeps: 50, seed: 3))
r.terms
r.broken
qubo(m)
export(m, "{out}/model.json")
export(m, "{out}/model.qubo")
export(m, "{out}/model.mtx")
"""


def run_once(qama, tmp_path, k):
    out = tmp_path / f"run{k}"
    out.mkdir()
    script = tmp_path / f"script{k}.qama"
    script.write_text(SCRIPT.replace("{out}", str(out)))
    done = subprocess.run([str(qama), "run", str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    files = {name: (out / name).read_bytes() for name in ["model.json", "model.qubo", "model.mtx"]}
    return done.stdout, files


def test_separate_processes_print_the_same_bytes(qama, tmp_path):
    runs = [run_once(qama, tmp_path, k) for k in range(4)]
    first_stdout, first_files = runs[0]
    assert '["a", "λ", "μ"]' in first_stdout  # params in name order
    for stdout, files in runs[1:]:
        assert stdout == first_stdout
        assert files == first_files
