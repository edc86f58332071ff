"""qama.solve_qubo: the kernel's solvers on numpy QUBO batches through `qama solve-qubo`."""
import itertools
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import qama
from conftest import REPO, qama_binary


@pytest.fixture(autouse=True)
def built_binary(monkeypatch):
    monkeypatch.setenv("QAMA_BIN", str(qama_binary()))


def brute_force(Q):
    """Every state's energy xᵀQx; returns (lowest energy, the states reaching it)."""
    n = Q.shape[0]
    states = np.array(list(itertools.product([0, 1], repeat=n)), dtype=np.float64)
    energies = np.einsum("si,ij,sj->s", states, Q, states)
    best = energies.min()
    return best, states[energies == best].astype(np.uint8)


def integer_batch(b, n, seed):
    return np.random.default_rng(seed).integers(-5, 6, size=(b, n, n)).astype(np.float64)


def test_energies_are_exactly_x_Q_x_of_the_returned_samples():
    Q = integer_batch(6, 20, seed=1)
    samples, energies = qama.solve_qubo(Q, "sa(reads: 4, sweeps: 200)", seed=7)
    assert samples.shape == (6, 20) and samples.dtype == np.uint8 and set(np.unique(samples)) <= {0, 1}
    assert energies.shape == (6,)
    x = samples.astype(np.float64)
    np.testing.assert_array_equal(energies, np.einsum("bi,bij,bj->b", x, Q, x))


def test_float_energies_match_x_Q_x():
    Q = np.random.default_rng(2).normal(size=(3, 15, 15))
    samples, energies = qama.solve_qubo(Q, "sa(reads: 4, sweeps: 200)", seed=1)
    x = samples.astype(np.float64)
    np.testing.assert_allclose(energies, np.einsum("bi,bij,bj->b", x, Q, x), rtol=1e-12, atol=1e-12)


def test_small_ground_states_equal_brute_force():
    Q = integer_batch(5, 10, seed=3)
    exact_samples, exact_energies = qama.solve_qubo(Q, "exact()", seed=0)
    sa_samples, sa_energies = qama.solve_qubo(Q, "sa(reads: 8, sweeps: 500)", seed=0)
    for b in range(5):
        best, ground = brute_force(Q[b])
        assert exact_energies[b] == best and sa_energies[b] == best
        assert any((exact_samples[b] == g).all() for g in ground)
        assert any((sa_samples[b] == g).all() for g in ground)


def test_one_matrix_gives_one_sample():
    Q = np.diag([1.0, -2.0, 3.0, -4.0])  # minimum: x = (0, 1, 0, 1), energy −6
    sample, energy = qama.solve_qubo(Q, "exact()")
    np.testing.assert_array_equal(sample, [0, 1, 0, 1])
    assert energy == -6.0 and isinstance(energy, float)


def test_the_seed_fixes_the_result_whatever_the_thread_count():
    Q = np.random.default_rng(4).normal(size=(8, 40, 40))
    solver = "sa(reads: 2, sweeps: 20)"  # short runs, so different seeds differ
    first = qama.solve_qubo(Q, solver, seed=11, threads=1)
    again = qama.solve_qubo(Q, solver, seed=11, threads=2)
    wide = qama.solve_qubo(Q, solver, seed=11, threads=5)
    other = qama.solve_qubo(Q, solver, seed=12, threads=2)
    for run in (again, wide):
        np.testing.assert_array_equal(run[0], first[0])
        np.testing.assert_array_equal(run[1], first[1])
    assert not (other[0] == first[0]).all()


def test_each_problem_of_a_batch_gets_its_own_stream():
    Q = np.repeat(np.random.default_rng(5).normal(size=(1, 40, 40)), 6, axis=0)
    samples, _ = qama.solve_qubo(Q, "sa(reads: 1, sweeps: 5)", seed=3)
    assert len({s.tobytes() for s in samples}) > 1


@pytest.mark.parametrize("Q, error, words", [
    (np.zeros((3, 4)), ValueError, "square"),
    (np.zeros((2, 3, 4)), ValueError, "square"),
    (np.zeros(5), ValueError, "[n, n] or a batch [B, n, n]"),
    (np.zeros((1, 2, 3, 3)), ValueError, "[n, n] or a batch [B, n, n]"),
    (np.array([[0.0, np.nan], [1.0, 0.0]]), ValueError, "non-finite entry (nan) at index (0, 1)"),
    (np.array([[0.0, np.inf], [1.0, 0.0]]), ValueError, "non-finite entry (inf) at index (0, 1)"),
    (np.zeros((2, 2), dtype=complex), TypeError, "real numbers"),
    (np.zeros((2, 2), dtype=bool), TypeError, "real numbers"),
    (np.array([["a", "b"], ["c", "d"]]), TypeError, "real numbers"),
    ([[0.0, 1.0], [1.0, 0.0]], TypeError, "numpy array, not list"),
    (np.zeros((0, 0)), ValueError, "empty"),
])
def test_bad_input_is_refused_before_anything_runs(monkeypatch, Q, error, words):
    monkeypatch.setenv("QAMA_BIN", "/nonexistent/qama")  # would fail if anything were sent
    with pytest.raises(error) as info:
        qama.solve_qubo(Q)
    assert words in str(info.value)


@pytest.mark.parametrize("solver, words", [
    ("sa(reads: 0)", "sa() reads: must be at least 1, got 0"),
    ("sa(seed: 3)", "leave seed: to the batch"),
    ("sb(threads: 2)", "leave threads: to the batch"),
    ("anneal()", "NameError"),
    ("sa(reads: ", "SyntaxError: expected an expression, found the end of the solver expression"),
    ("1 + 2", "must give a Solver such as sa(), sb() or exact(), not Number"),
])
def test_a_bad_solver_expression_is_the_kernels_error(solver, words):
    with pytest.raises(qama.SolverError) as info:
        qama.solve_qubo(np.eye(3), solver, seed=0)
    assert words in str(info.value)


def test_exact_refuses_too_many_variables_with_the_solvers_message():
    with pytest.raises(qama.SolverError) as info:
        qama.solve_qubo(np.eye(40), "exact()", seed=0)
    assert "exact" in str(info.value)


# Finding the binary: $QAMA_BIN, else `qama` next to sys.executable (a venv's bin, where scripts/setup links
# the build), else PATH.

def fake_venv(root: Path, binary: Path | None) -> Path:
    """root/bin with a `python` (a symlink to this interpreter) and, given a binary, a symlink `qama` to it."""
    bin_dir = root / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    if binary is not None:
        (bin_dir / "qama").symlink_to(binary)
    return bin_dir


def test_the_binary_in_the_venvs_bin_is_found_without_QAMA_BIN_or_PATH(tmp_path, monkeypatch):
    bin_dir = fake_venv(tmp_path / "venv", qama_binary())
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    monkeypatch.delenv("QAMA_BIN")
    monkeypatch.setenv("PATH", "")
    assert qama.qama_binary() == str(bin_dir / "qama")
    sample, energy = qama.solve_qubo(np.diag([1.0, -2.0, 3.0, -4.0]), "exact()", seed=0)
    np.testing.assert_array_equal(sample, [0, 1, 0, 1])
    assert energy == -6.0


def test_QAMA_BIN_comes_first_then_the_venv_then_PATH(tmp_path, monkeypatch):
    real = qama_binary()
    bin_dir = fake_venv(tmp_path / "venv", real)
    on_path = tmp_path / "path"
    on_path.mkdir()
    (on_path / "qama").symlink_to(real)
    elsewhere = tmp_path / "elsewhere" / "qama"
    elsewhere.parent.mkdir()
    elsewhere.symlink_to(real)
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    monkeypatch.setenv("PATH", str(on_path))
    monkeypatch.setenv("QAMA_BIN", str(elsewhere))
    assert qama.qama_binary() == str(elsewhere)
    monkeypatch.delenv("QAMA_BIN")
    assert qama.qama_binary() == str(bin_dir / "qama")
    (bin_dir / "qama").unlink()
    assert qama.qama_binary() == str(on_path / "qama")


def test_a_missing_binary_names_every_place_looked_and_how_to_build_it(tmp_path, monkeypatch):
    bin_dir = fake_venv(tmp_path / "venv", None)
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    monkeypatch.delenv("QAMA_BIN")
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(FileNotFoundError) as info:
        qama.solve_qubo(np.eye(2))
    assert str(info.value) == (
        f"the `qama` binary was not found: QAMA_BIN is not set, {bin_dir}/qama (next to sys.executable) is missing "
        f"or not executable, and there is no `qama` on PATH ('{empty}'); build it with `swift build -c release` in "
        "the QAMA repository and run scripts/setup (which links it into .venv/bin), or set "
        "QAMA_BIN=/path/to/.build/release/qama")


def test_a_bad_QAMA_BIN_is_an_error_even_when_another_binary_exists(tmp_path, monkeypatch):
    bin_dir = fake_venv(tmp_path / "venv", qama_binary())
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    monkeypatch.setenv("QAMA_BIN", str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError) as info:
        qama.qama_binary()
    assert str(info.value).startswith(f"QAMA_BIN={tmp_path}/missing is not an executable file; build it")


def test_setup_links_the_build_into_the_venvs_bin(tmp_path):
    """scripts/lib.sh's link_binary_into_venv (run by install_kernelspec in scripts/setup and scripts/test), with
    VENV pointed at a temporary folder: .venv/bin/qama is a symlink to the repository's release build."""
    (tmp_path / "bin").mkdir()
    for _ in range(2):  # a second setup replaces the link
        subprocess.run(["bash", "-c", f'source "{REPO}/scripts/lib.sh" && VENV="$1" && link_binary_into_venv',
                        "link", str(tmp_path)], check=True, capture_output=True)
    assert os.readlink(tmp_path / "bin" / "qama") == str(REPO / ".build" / "release" / "qama")


# qama.solve_qama: the same v2 Hamiltonians in their low-rank form (query, key, value field).

def low_rank_batch(b, heads, tokens, d, seed):
    g = np.random.default_rng(seed)
    return g.normal(size=(b, heads, tokens, d)), g.normal(size=(b, heads, tokens, d)), g.normal(size=(b, heads, tokens))


def v2_matrices(q, k, h, alpha, beta, gamma):
    from qama.torch import v2_couplings, v2_qubo
    import torch
    return v2_qubo(v2_couplings(torch.from_numpy(q), torch.from_numpy(k)).numpy(), h, alpha, beta, gamma)


def test_low_rank_energies_are_x_Q_x_of_the_v2_qubo():
    q, k, h = low_rank_batch(4, 3, 7, 5, seed=6)
    samples, energies = qama.solve_qama(q, k, h, 1.3, 0.16, 0.8, solver="sa(reads: 4, sweeps: 100)", seed=2)
    assert samples.shape == (4, 21) and samples.dtype == np.uint8 and set(np.unique(samples)) <= {0, 1}
    x = samples.astype(np.float64)
    Q = v2_matrices(q, k, h, 1.3, 0.16, 0.8)
    np.testing.assert_allclose(energies, np.einsum("bi,bij,bj->b", x, Q, x), rtol=1e-12, atol=1e-12)


def test_low_rank_ground_states_equal_brute_force_of_the_qubo():
    q, k, h = low_rank_batch(3, 2, 5, 4, seed=8)
    Q = v2_matrices(q, k, h, 1.0, 0.16, 0.8)
    for solver in ("exact()", "sa(reads: 8, sweeps: 300)"):
        samples, energies = qama.solve_qama(q, k, h, solver=solver, seed=0)
        for b in range(3):
            best, ground = brute_force(Q[b])
            assert energies[b] == pytest.approx(best, abs=1e-12)
            assert any((samples[b] == g).all() for g in ground)


def test_low_rank_seed_fixes_the_result_whatever_the_thread_count():
    q, k, h = low_rank_batch(6, 4, 10, 3, seed=9)
    solver = "sa(reads: 1, sweeps: 3)"
    first = qama.solve_qama(q, k, h, solver=solver, seed=5, threads=1)
    for threads in (2, 7):
        again = qama.solve_qama(q, k, h, solver=solver, seed=5, threads=threads)
        np.testing.assert_array_equal(again[0], first[0])
        np.testing.assert_array_equal(again[1], first[1])
    assert not (qama.solve_qama(q, k, h, solver=solver, seed=6)[0] == first[0]).all()


@pytest.mark.parametrize("args, error, words", [
    ((np.zeros((1, 2, 3)), np.zeros((1, 2, 3)), np.zeros((1, 2))), ValueError, "query must be [B, H, N, d], got shape (1, 2, 3)"),
    ((np.zeros((1, 2, 3, 4)), np.zeros((1, 2, 3, 5)), np.zeros((1, 2, 3))), ValueError,
     "key must have query's shape (1, 2, 3, 4), got (1, 2, 3, 5)"),
    ((np.zeros((1, 2, 3, 4)), np.zeros((1, 2, 3, 4)), np.zeros((1, 3, 2))), ValueError,
     "field must be [B, H, N] = [1, 2, 3], got shape (1, 3, 2)"),
    ((np.zeros((1, 1, 1, 1)), np.full((1, 1, 1, 1), np.nan), np.zeros((1, 1, 1))), ValueError,
     "key has a non-finite entry (nan) at index (0, 0, 0, 0)"),
    ((np.zeros((1, 1, 1, 1), dtype=complex), np.zeros((1, 1, 1, 1)), np.zeros((1, 1, 1))), TypeError,
     "query must hold real numbers"),
    (([[[[0.0]]]], np.zeros((1, 1, 1, 1)), np.zeros((1, 1, 1))), TypeError, "query must be a numpy array, not list"),
])
def test_low_rank_bad_input_is_refused_before_anything_runs(monkeypatch, args, error, words):
    monkeypatch.setenv("QAMA_BIN", "/nonexistent/qama")
    with pytest.raises(error) as info:
        qama.solve_qama(*args)
    assert words in str(info.value)


def test_low_rank_bad_solver_is_the_kernels_error():
    with pytest.raises(qama.SolverError) as info:
        qama.solve_qama(np.zeros((1, 1, 2, 1)), np.zeros((1, 1, 2, 1)), np.zeros((1, 1, 2)), solver="sa(reads: 0)", seed=0)
    assert str(info.value) == "qama solve-qama: solver:1:4: ValueError: sa() reads: must be at least 1, got 0\n    sa(reads: 0)\n       ^"


def test_a_child_that_dies_raises_with_its_signal_and_its_last_words(tmp_path, monkeypatch):
    # A stand-in binary that prints what a Swift trap prints and dies of SIGILL (exit status −4 to Python).
    fake = tmp_path / "qama"
    fake.write_text("#!/bin/sh\ncat > /dev/null\necho 'Fatal error: Double value cannot be converted to Int' >&2\n"
                    "kill -ILL $$\n")
    fake.chmod(0o755)
    monkeypatch.setenv("QAMA_BIN", str(fake))
    with pytest.raises(qama.SolverError) as e:
        qama.solve_qubo(np.eye(2))
    assert str(e.value) == ("`qama solve-qubo` died of SIGILL (a crash in the solver process, please report it with "
                            "the input): Fatal error: Double value cannot be converted to Int")


def test_huge_but_finite_entries_are_the_kernels_error_not_a_death():
    # 1e308 above the diagonal: exact() died of SIGILL and sb() answered inf; now both name the input's scale.
    Q = np.triu(np.full((10, 10), 1e308), 1)
    for solver in ["exact()", "sb()"]:
        with pytest.raises(qama.SolverError) as e:
            qama.solve_qubo(Q, solver=solver)
        assert str(e.value) == ("qama solve-qubo: the model's coefficients are too large: |offset| + Σ|h| + Σ|J| is "
                                "beyond the largest Double (1.8e+308) (largest: Q(x0, x1) = 1e+308), beyond 1e+150, "
                                "the largest energy scale solvers compute with; scale the inputs down")


def test_a_fifo_or_a_folder_as_input_is_refused_at_once(tmp_path):
    fifo = tmp_path / "q.npy"
    os.mkfifo(fifo)
    for path, kind in [(fifo, "a FIFO (named pipe)"), (tmp_path, "a folder")]:
        done = subprocess.run([str(qama_binary()), "solve-qubo", str(path)], capture_output=True, text=True, timeout=30)
        assert done.returncode == 2
        assert done.stderr == (f"qama solve-qubo: cannot read {path}: it is {kind}; only regular files are read and "
                               "written\n")
    missing = tmp_path / "missing.npy"
    done = subprocess.run([str(qama_binary()), "solve-qubo", str(missing)], capture_output=True, text=True, timeout=30)
    assert done.stderr == f"qama solve-qubo: cannot read {missing}: no such file or directory\n"


@pytest.mark.parametrize("options, Q_scale, culprit", [
    (dict(alpha=1e308, gamma=1e308), 1, "α = 1e+308"),  # once SIGILL in the solver process
    (dict(), 1e169, "Q[0, 0, 0] = 1e+169"),
])
def test_huge_qama_inputs_name_the_input_that_is_too_large(options, Q_scale, culprit):
    Q = np.ones((1, 2, 5, 3)) * Q_scale
    with pytest.raises(qama.SolverError) as e:
        qama.solve_qama(Q, Q, np.full((1, 2, 5), 0.5), **options)
    assert f"(largest: {culprit})" in str(e.value) and "the model's coefficients are too large" in str(e.value)
