"""experiments/digits.py writes where it is told (--out, else a fresh git-ignored experiments/runs/<date-time>) and
never over what the repository ships (experiments/results/, notebooks/data/digits/) without --replace-shipped."""
import hashlib
import importlib.util
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from conftest import REPO, qama_binary

SCRIPT = REPO / "experiments" / "digits.py"
SHIPPED = sorted([*(REPO / "experiments" / "results").iterdir(), *(REPO / "notebooks" / "data" / "digits").iterdir()])


def digits_script():
    spec = importlib.util.spec_from_file_location("digits_experiment", SCRIPT)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def fingerprint():
    return {path.relative_to(REPO).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in SHIPPED}


def runs_folders():
    runs = REPO / "experiments" / "runs"
    return sorted(p.name for p in runs.iterdir()) if runs.exists() else []


def run_digits(*arguments, timeout=600):
    env = dict(os.environ, QAMA_BIN=str(qama_binary()), OMP_NUM_THREADS="1")
    return subprocess.run([sys.executable, str(SCRIPT), *arguments], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=REPO)


def test_the_shipped_files_are_there():
    names = [path.relative_to(REPO).as_posix() for path in SHIPPED]
    assert names == ["experiments/results/digits.json", "experiments/results/digits_qama.pt",
                     "experiments/results/digits_softmax.pt"] + [
        f"notebooks/data/digits/{name}.npy" for name in ["K", "Q", "V", "e2v", "images", "labels", "selection"]]


def test_a_quick_run_writes_into_out_and_leaves_the_shipped_files_alone(tmp_path):
    before, runs_before = fingerprint(), runs_folders()
    out = tmp_path / "run"
    done = run_digits("--quick", "--out", str(out))  # the smallest budget the script has: two epochs on a slice
    assert done.returncode == 0, done.stderr
    assert fingerprint() == before
    assert runs_folders() == runs_before  # --out given: no folder under experiments/runs either
    assert sorted(p.name for p in out.iterdir()) == ["digits", "digits.json", "digits_qama.pt", "digits_softmax.pt"]
    results = json.loads((out / "digits.json").read_text())
    assert (results["epochs"], results["train_images"], results["test_images"], results["batch"]) == (2, 256, 128, 32)
    for kind in ("softmax", "qama"):
        assert len(results[kind]["accuracy"]) == 2
        assert all(a * 128 == int(a * 128) for a in results[kind]["accuracy"])  # counts out of 128 test images
    assert sorted(results["qama_by_gamma"]) == ["0.0", "0.4", "0.8", "1.2", "1.6", "2.4"]
    arrays = {p.stem: np.load(p) for p in (out / "digits").iterdir()}
    assert {name: (a.shape, str(a.dtype)) for name, a in arrays.items()} == {
        "Q": ((32, 8, 16, 8), "float64"), "K": ((32, 8, 16, 8), "float64"), "V": ((32, 8, 16, 8), "float64"),
        "e2v": ((8,), "float64"), "selection": ((32, 8, 16), "uint8"), "images": ((32, 8, 8), "float64"),
        "labels": ((32,), "int64")}
    assert set(np.unique(arrays["selection"])) <= {0, 1}
    # The first 32 test images of the quick slice, as the script splits them.
    digits = digits_script()
    _, _, x_test, y_test = digits.data(True)
    np.testing.assert_array_equal(arrays["labels"], y_test[:32].numpy())
    np.testing.assert_array_equal(arrays["images"], x_test[:32].numpy().astype(np.float64))
    # The saved weights are the models the script builds.
    digits.SimpleViT(digits.qama_attention(digits.TRAIN_SOLVER)).load_state_dict(torch.load(out / "digits_qama.pt"))
    digits.SimpleViT(digits.SoftmaxAttention(digits.DIM, digits.HEADS)).load_state_dict(
        torch.load(out / "digits_softmax.pt"))


@pytest.mark.parametrize("arguments, message", [
    (["--out", "experiments/results"], "digits.py: --out experiments/results would overwrite files the repository "
     "ships (experiments/results/digits.json, experiments/results/digits_softmax.pt, experiments/results/digits_qama.pt); "
     "choose another folder, or pass --replace-shipped (and no --out) to replace them"),
    (["--out", "notebooks/data"], "digits.py: --out notebooks/data would overwrite files the repository ships ("
     + ", ".join(f"notebooks/data/digits/{n}.npy" for n in ["Q", "K", "V", "e2v", "selection", "images", "labels"])
     + "); choose another folder, or pass --replace-shipped (and no --out) to replace them"),
    (["--replace-shipped", "--quick"], "digits.py: --replace-shipped with --quick would ship a smoke run's results"),
    (["--replace-shipped", "--out", "somewhere"], "digits.py: --replace-shipped writes to experiments/results/ and "
     "notebooks/data/digits/; leave --out out"),
])
def test_replacing_shipped_files_needs_the_flag_and_is_refused_before_training(arguments, message):
    before, runs_before = fingerprint(), runs_folders()
    # --quick and a solver that fails at once: were the refusal missing, the run would stop before writing.
    extra = ["--solver", "sa(reads: 0)"] + ([] if "--quick" in arguments else ["--quick"])
    done = run_digits(*arguments, *extra, timeout=120)
    assert done.returncode == 1 and done.stderr.strip() == message
    assert "epoch" not in done.stdout
    assert fingerprint() == before and runs_folders() == runs_before


def test_without_out_each_run_gets_a_fresh_git_ignored_folder(tmp_path, monkeypatch):
    digits = digits_script()
    assert digits.RUNS == REPO / "experiments" / "runs"
    assert "/experiments/runs/" in (REPO / ".gitignore").read_text().splitlines()
    monkeypatch.setattr(digits.time, "strftime", lambda _: "20250102-030405")
    first, second, third = (digits.fresh_run_folder(tmp_path) for _ in range(3))
    assert [p.name for p in (first, second, third)] == ["20250102-030405", "20250102-030405-2", "20250102-030405-3"]
    assert all(p.is_dir() and not any(p.iterdir()) for p in (first, second, third))
