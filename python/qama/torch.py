"""The paper's v2 QAMA attention as a PyTorch module, solved by the kernel's solvers (`qama.solve_qubo`).

The formulas are DESIGN.md's "v2 (default)": per sample, one bit x[t, j] per head t and token j
(index t·N + j), couplings J_t = (Q_t K_tᵀ + K_t Q_tᵀ) / (2√d) with a zero diagonal, value field
h[t, j] = mean over d of V[t, j, :] ⊙ e2v, and the energy, minimised,

    E(x) = − α Σ_t Σ_{j≠k} J_t[j,k] x[t,j] x[t,k] − β·N Σ_t Σ_j h[t,j] x[t,j]
           + P Σ_j Σ_{t≠t'} x[t,j] x[t',j],      P = (γ/2)·√(2/π)·N/(H−1)  (H ≥ 2).

The output is the per-token energy Hs[t, j] = −(Σ_k J_t[j,k] x[t,j] x[t,k] + h[t,j] x[t,j]) times e2v,
heads concatenated (times `output_scale`, 1 by default: the paper's operator; see the class). The solve
is not differentiable; the gradient flows through Hs at the fixed solution
x into the projections and e2v (the paper's straight-through training).
"""
from __future__ import annotations

import math
import time

import numpy as np
import torch
from torch import nn

from .bridge import DEFAULT_SOLVER, solve_qama


def v2_couplings(q: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
    """J [..., N, N] = (q kᵀ + k qᵀ) / (2√d) with a zero diagonal, from q, k [..., N, d]."""
    d = q.shape[-1]
    j = (q @ k.transpose(-1, -2) + k @ q.transpose(-1, -2)) / (2 * math.sqrt(d))
    return j * (1 - torch.eye(j.shape[-1], dtype=j.dtype, device=j.device))


def v2_field(v: torch.Tensor, e2v: torch.Tensor) -> torch.Tensor:
    """h [..., N] = mean over d of v ⊙ e2v."""
    return (v * e2v).mean(-1)


def head_penalty(num_heads: int, tokens: int, gamma: float) -> float:
    """P = (γ/2)·√(2/π)·N/(H−1): the weight of each ordered pair of heads selecting the same token."""
    return 0.0 if num_heads < 2 else gamma / 2 * math.sqrt(2 / math.pi) * tokens / (num_heads - 1)


def v2_qubo(J: np.ndarray, h: np.ndarray, alpha: float, beta: float, gamma: float) -> np.ndarray:
    """The QUBO matrices [B, H·N, H·N] (energy xᵀQx) of J [B, H, N, N] and h [B, H, N]."""
    b, heads, n, _ = J.shape
    Q = np.zeros((b, heads * n, heads * n))
    for t in range(heads):
        block = slice(t * n, (t + 1) * n)
        Q[:, block, block] = -alpha * J[:, t]
    diagonal = np.arange(heads * n)
    Q[:, diagonal, diagonal] = -beta * n * h.reshape(b, heads * n)
    penalty = head_penalty(heads, n, gamma)
    if penalty:
        for t in range(heads):
            for u in range(heads):
                if t != u:
                    Q[:, t * n + np.arange(n), u * n + np.arange(n)] = penalty
    return Q


class QAMultiheadAttention(nn.Module):
    """QAMA attention: [B, N, d_model] → [B, N, d_model] (num_heads heads of d_model / num_heads).

    LayerNorm, bias-free Q/K/V projections, the v2 Hamiltonian of each sample solved (all samples in one
    `solve_qama` batch), output per-token energy × e2v. `seed` fixes the solves: call c of the module
    uses a seed derived from (seed, c), so a training run reproduces. `solver_seconds` accumulates the
    wall time spent in the solver (the bridge call).

    `output_scale` multiplies the output (default 1, the operator as DESIGN.md defines it). The per-token
    energy sums a token's couplings over every selected token, so it grows with N where softmax attention
    (weights summing to 1) does not: 1/N makes it a per-token mean, which keeps the branch at the scale of
    the residual it is added to (experiments/digits.py uses that; see its docstring).
    """

    def __init__(self, d_model: int, num_heads: int, solver: str = DEFAULT_SOLVER, alpha: float = 1.0,
                 beta: float = 0.16, gamma: float = 0.8, seed: int = 0, output_scale: float = 1.0):
        super().__init__()
        if d_model % num_heads:
            raise ValueError(f"d_model ({d_model}) must be a multiple of num_heads ({num_heads})")
        self.d_model, self.num_heads, self.head_dim = d_model, num_heads, d_model // num_heads
        self.solver, self.alpha, self.beta, self.gamma, self.seed = solver, alpha, beta, gamma, seed
        self.output_scale = output_scale
        self.norm = nn.LayerNorm(d_model)
        self.to_q = nn.Linear(d_model, d_model, bias=False)
        self.to_k = nn.Linear(d_model, d_model, bias=False)
        self.to_v = nn.Linear(d_model, d_model, bias=False)
        self.e2v = nn.Parameter(torch.ones(self.head_dim))
        self.calls = 0
        self.solver_seconds = 0.0
        self.last_selection: torch.Tensor | None = None

    def heads(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Per-head q, k, v [B, H, N, d] after LayerNorm and projection."""
        b, n, _ = x.shape
        x = self.norm(x)
        split = lambda t: t.view(b, n, self.num_heads, self.head_dim).transpose(1, 2)  # noqa: E731
        return split(self.to_q(x)), split(self.to_k(x)), split(self.to_v(x))

    def qubo(self, x: torch.Tensor) -> np.ndarray:
        """The v2 QUBO matrices [B, H·N, H·N] of the input x [B, N, d_model]."""
        q, k, v = self.heads(x)
        return v2_qubo(v2_couplings(q, k).detach().double().numpy(), v2_field(v, self.e2v).detach().double().numpy(),
                       self.alpha, self.beta, self.gamma)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 3 or x.shape[-1] != self.d_model:
            raise ValueError(f"expected input [B, N, {self.d_model}], got {tuple(x.shape)}")
        b, n, _ = x.shape
        q, k, v = self.heads(x)
        J = v2_couplings(q, k)
        h = v2_field(v, self.e2v)
        seed = int(np.random.SeedSequence([self.seed, self.calls]).generate_state(1, np.uint64)[0])
        self.calls += 1
        started = time.perf_counter()
        # The solver gets the low-rank form (q, k, h) and never the H·N × H·N matrices (see `solve_qama`).
        detached = lambda t: t.detach().double().numpy()  # noqa: E731
        samples, _ = solve_qama(detached(q), detached(k), detached(h), self.alpha, self.beta, self.gamma,
                                self.solver, seed=seed)
        self.solver_seconds += time.perf_counter() - started
        selected = torch.from_numpy(samples.astype(np.float32)).to(J.dtype).view(b, self.num_heads, n)
        self.last_selection = selected
        # Hs[t, j] = −x_j (Σ_k J[j,k] x_k + h_j): differentiable in J and h at the fixed x.
        energy = -selected * ((J @ selected.unsqueeze(-1)).squeeze(-1) + h)
        out = energy.unsqueeze(-1) * self.e2v * self.output_scale  # [B, H, N, d]
        return out.transpose(1, 2).reshape(b, n, self.d_model)
