"""The kernel's solvers from Python: `solve_qubo` runs `qama solve-qubo` on a numpy batch.

One process per call: the batch is sent as sparse couplings (`--format coo`, see Sources/qama/QUBOBatch.swift),
solved inside the Swift process with the problems spread over every core, and the best sample and energy
of each problem come back as `.npy`. The solver is a QAMA expression ("sa(reads: 8, sweeps: 1000)"), so
its defaults are the kernel's own.
"""
from __future__ import annotations

import functools
import io
import os
import secrets
import shutil
import subprocess

import numpy as np

DEFAULT_SOLVER = "sa(reads: 8, sweeps: 1000)"

BUILD_HINT = ("build it with `swift build -c release` in the QAMA repository, then put .build/release on PATH "
              "or set QAMA_BIN=/path/to/.build/release/qama")


class SolverError(RuntimeError):
    """`qama solve-qubo` failed (a bad solver expression, or the solver itself); the message is the kernel's."""


def qama_binary() -> str:
    """The `qama` executable: $QAMA_BIN, else `qama` on PATH."""
    explicit = os.environ.get("QAMA_BIN")
    if explicit:
        if not (os.path.isfile(explicit) and os.access(explicit, os.X_OK)):
            raise FileNotFoundError(f"QAMA_BIN={explicit} is not an executable file; {BUILD_HINT}")
        return explicit
    found = shutil.which("qama")
    if found is None:
        raise FileNotFoundError(f"the `qama` binary is not on PATH and QAMA_BIN is not set; {BUILD_HINT}")
    return found


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


@functools.lru_cache(maxsize=8)
def _upper_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(n, 1)


def _encode_coo(batch: np.ndarray) -> bytes:
    """linear [B, n] (the diagonal), then couplings [m, 4]: (problem, i, j, Q_ij + Q_ji) for i < j, nonzero.
    Two gathers and one nonzero over the upper triangle: ~3× faster than masking the full matrices."""
    i, j = _upper_pairs(batch.shape[-1])
    upper = batch[:, i, j] + batch[:, j, i]
    p, k = np.nonzero(upper)
    couplings = np.empty((p.size, 4), dtype=np.float64)
    couplings[:, 0], couplings[:, 1], couplings[:, 2], couplings[:, 3] = p, i[k], j[k], upper[p, k]
    out = io.BytesIO()
    np.save(out, np.ascontiguousarray(np.diagonal(batch, axis1=1, axis2=2)))
    np.save(out, couplings)
    return out.getvalue()


def solve_qubo(Q, solver: str = DEFAULT_SOLVER, seed: int | None = None, threads: int | None = None):
    """Minimises xᵀQx over x ∈ {0,1}ⁿ for one matrix [n, n] or each of a batch [B, n, n].

    Returns (samples, energies): the best sample (uint8, [n] or [B, n]) and its energy (a float or [B]).
    `solver` is a QAMA solver expression ("sa(reads: 8, sweeps: 1000)", "sb(agents: 64)", "exact()");
    leave `seed:` and `threads:` out of it. `seed` fixes every problem's solve (problem p's stream is
    derived from the seed and p), so results never depend on `threads` (default: every core); None draws
    a fresh seed.
    """
    batch, single = _as_batch(Q)
    if not isinstance(solver, str):
        raise TypeError(f"solver must be a QAMA solver expression string such as {DEFAULT_SOLVER!r}")
    if seed is None:
        seed = secrets.randbits(63)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= int(seed) < 2**64:
        raise ValueError(f"seed must be an integer in [0, 2**64), got {seed!r}")
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or threads < 1):
        raise ValueError(f"threads must be a positive integer, got {threads!r}")
    command = [qama_binary(), "solve-qubo", "--format", "coo", "--solver", solver, "--seed", str(int(seed))]
    if threads is not None:
        command += ["--threads", str(int(threads))]
    done = subprocess.run(command, input=_encode_coo(batch), capture_output=True)
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()
        raise SolverError(message or f"`qama solve-qubo` exited with status {done.returncode}")
    out = io.BytesIO(done.stdout)
    samples = np.lib.format.read_array(out).astype(np.uint8)
    energies = np.lib.format.read_array(out)
    return (samples[0], float(energies[0])) if single else (samples, energies)
