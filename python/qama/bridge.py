"""The kernel's solvers from Python: `solve_qubo` runs `qama solve-qubo` on a numpy batch.

One process per call: the batch is sent as the float64 `.npy` numpy writes (`--format dense`, see
Sources/QAMABatch/QUBOBatch.swift: no encoding beyond a copy, 10× faster to prepare than sparse couplings),
solved inside the Swift process with the problems spread over every core, and the best sample and energy
of each problem come back as `.npy`. The solver is a QAMA expression ("sa(reads: 8, sweeps: 1000)"), so
its defaults are the kernel's own.
"""
from __future__ import annotations

import io
import os
import secrets
import signal
import shutil
import subprocess
import sys

import numpy as np

DEFAULT_SOLVER = "sa(reads: 8, sweeps: 1000)"

BUILD_HINT = ("build it with `swift build -c release` in the QAMA repository and run scripts/setup (which links "
              "it into .venv/bin), or set QAMA_BIN=/path/to/.build/release/qama")


class SolverError(RuntimeError):
    """`qama solve-qubo` failed (a bad solver expression, or the solver itself); the message is the kernel's."""


def _executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def qama_binary() -> str:
    """The `qama` executable: $QAMA_BIN, else `qama` next to this Python (the bin directory of the venv that
    `sys.executable` runs from, where scripts/setup links the build), else `qama` on PATH."""
    explicit = os.environ.get("QAMA_BIN")
    if explicit:
        if not _executable(explicit):
            raise FileNotFoundError(f"QAMA_BIN={explicit} is not an executable file; {BUILD_HINT}")
        return explicit
    # Not resolved: a venv's python is a symlink to the system interpreter, and the venv's bin is wanted.
    beside = os.path.join(os.path.dirname(sys.executable), "qama") if sys.executable else None
    if beside and _executable(beside):
        return beside
    found = shutil.which("qama")
    if found is not None:
        return found
    beside_text = (f"{beside} (next to sys.executable) is missing or not executable" if beside
                   else "sys.executable is empty, so there is no interpreter directory to look in")
    raise FileNotFoundError(f"the `qama` binary was not found: QAMA_BIN is not set, {beside_text}, and there is "
                            f"no `qama` on PATH ({os.environ.get('PATH', '')!r}); {BUILD_HINT}")


def _as_batch(Q) -> tuple[np.ndarray, bool]:
    """Q as a float64 [B, n, n] array, and whether it was a single [n, n] matrix. Checks before any work."""
    if not isinstance(Q, np.ndarray):
        raise TypeError(f"Q must be a numpy array, not {type(Q).__name__}")
    if Q.dtype == np.bool_ or not (np.issubdtype(Q.dtype, np.floating) or np.issubdtype(Q.dtype, np.integer)):
        raise TypeError(f"Q must hold real numbers (a float or integer dtype), not {Q.dtype}")
    if Q.ndim not in (2, 3):
        raise ValueError(f"Q must be one QUBO matrix [n, n] or a batch [B, n, n], got shape {Q.shape}")
    if Q.shape[-1] != Q.shape[-2]:
        raise ValueError(f"QUBO matrices must be square, got shape {Q.shape}")
    if Q.shape[-1] == 0 or (Q.ndim == 3 and Q.shape[0] == 0):
        raise ValueError(f"Q is empty (shape {Q.shape})")
    batch = np.asarray(Q, dtype=np.float64)
    if not np.isfinite(batch).all():
        bad = np.argwhere(~np.isfinite(batch))[0]
        raise ValueError(f"Q has a non-finite entry ({batch[tuple(bad)]}) at index {tuple(int(i) for i in bad)}")
    return (batch[None], True) if batch.ndim == 2 else (batch, False)


def _encode_dense(batch: np.ndarray) -> bytes:
    """The batch [B, n, n] as one float64 `.npy` array."""
    out = io.BytesIO()
    np.save(out, np.ascontiguousarray(batch, dtype=np.float64))
    return out.getvalue()


def _check_run_options(solver, seed, threads) -> int:
    if not isinstance(solver, str):
        raise TypeError(f"solver must be a QAMA solver expression string such as {DEFAULT_SOLVER!r}")
    if seed is None:
        seed = secrets.randbits(63)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= int(seed) < 2**64:
        raise ValueError(f"seed must be an integer in [0, 2**64), got {seed!r}")
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or threads < 1):
        raise ValueError(f"threads must be a positive integer, got {threads!r}")
    return int(seed)


def _failure(subcommand: str, status: int, stderr: str) -> str:
    """The exception's message for a failed `qama <subcommand>`: its own one-line error (status 2), or — when it
    died (a negative status is the signal that killed it) — which signal, and what it printed, which for a
    Swift trap is the runtime's "Fatal error: …" line. No such death is known; this says what one was."""
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        tail = stderr[-2000:] if stderr else "nothing on stderr"
        return (f"`qama {subcommand}` died of {name} (a crash in the solver process, please report it with the "
                f"input): {tail}")
    return stderr or f"`qama {subcommand}` exited with status {status} and printed nothing"


def _run(subcommand: str, options: list[str], payload: bytes, solver: str, seed: int, threads):
    """Runs `qama <subcommand>` with the payload on stdin; returns (samples uint8 [B, n], energies [B])."""
    command = [qama_binary(), subcommand, *options, "--solver", solver, "--seed", str(seed)]
    if threads is not None:
        command += ["--threads", str(int(threads))]
    done = subprocess.run(command, input=payload, capture_output=True)
    if done.returncode != 0:
        raise SolverError(_failure(subcommand, done.returncode, done.stderr.decode(errors="replace").strip()))
    out = io.BytesIO(done.stdout)
    samples = np.lib.format.read_array(out).astype(np.uint8)
    energies = np.lib.format.read_array(out)
    return samples, energies


def solve_qubo(Q, solver: str = DEFAULT_SOLVER, seed: int | None = None, threads: int | None = None):
    """Minimises xᵀQx over x ∈ {0,1}ⁿ for one matrix [n, n] or each of a batch [B, n, n].

    Returns (samples, energies): the best sample (uint8, [n] or [B, n]) and its energy (a float or [B]).
    `solver` is a QAMA solver expression ("sa(reads: 8, sweeps: 1000)", "sb(agents: 64)", "exact()");
    leave `seed:` and `threads:` out of it. `seed` fixes every problem's solve (problem p's stream is
    derived from the seed and p), so results never depend on `threads` (default: every core); None draws
    a fresh seed.
    """
    batch, single = _as_batch(Q)
    seed = _check_run_options(solver, seed, threads)
    samples, energies = _run("solve-qubo", ["--format", "dense"], _encode_dense(batch), solver, seed, threads)
    return (samples[0], float(energies[0])) if single else (samples, energies)


def _real_array(name: str, a, ndim: int, shape_text: str) -> np.ndarray:
    if not isinstance(a, np.ndarray):
        raise TypeError(f"{name} must be a numpy array, not {type(a).__name__}")
    if a.dtype == np.bool_ or not (np.issubdtype(a.dtype, np.floating) or np.issubdtype(a.dtype, np.integer)):
        raise TypeError(f"{name} must hold real numbers (a float or integer dtype), not {a.dtype}")
    if a.ndim != ndim:
        raise ValueError(f"{name} must be {shape_text}, got shape {a.shape}")
    if a.size == 0:
        raise ValueError(f"{name} is empty (shape {a.shape})")
    out = np.ascontiguousarray(a, dtype=np.float64)
    if not np.isfinite(out).all():
        bad = np.argwhere(~np.isfinite(out))[0]
        raise ValueError(f"{name} has a non-finite entry ({out[tuple(bad)]}) at index {tuple(int(i) for i in bad)}")
    return out


def solve_qama(query, key, field, alpha: float = 1.0, beta: float = 0.16, gamma: float = 0.8,
               solver: str = DEFAULT_SOLVER, seed: int | None = None, threads: int | None = None):
    """Minimises the v2 QAMA energy (DESIGN.md) of each problem of a batch given in its low-rank form:
    query and key [B, H, N, d] (after projection), the value field [B, H, N] (mean over d of V ⊙ e2v).

    The same Hamiltonian as `solve_qubo(qama.torch.v2_qubo(...))`, but H·N·d numbers a problem on the wire
    instead of (H·N)². The Swift side writes the couplings out for short sequences (the generic annealer is
    faster there) and runs `sa(...)` as the structured annealer (O(d) per step, O(H·N·d) memory) on long
    ones; see QAMABatch.expandsForAnnealing. Returns (samples uint8 [B, H·N] with index t·N + j, energies [B]); seeds
    and threads as `solve_qubo`.
    """
    q = _real_array("query", query, 4, "[B, H, N, d]")
    k = _real_array("key", key, 4, "[B, H, N, d]")
    h = _real_array("field", field, 3, "[B, H, N]")
    if k.shape != q.shape:
        raise ValueError(f"key must have query's shape {q.shape}, got {k.shape}")
    if h.shape != q.shape[:3]:
        raise ValueError(f"field must be [B, H, N] = {list(q.shape[:3])}, got shape {h.shape}")
    for name, value in (("alpha", alpha), ("beta", beta), ("gamma", gamma)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not np.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    seed = _check_run_options(solver, seed, threads)
    out = io.BytesIO()
    for array in (q, k, h):
        np.save(out, array)
    options = ["--alpha", repr(float(alpha)), "--beta", repr(float(beta)), "--gamma", repr(float(gamma))]
    return _run("solve-qama", options, out.getvalue(), solver, seed, threads)
