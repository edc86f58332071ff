"""The paper's v2 QAMA attention as a PyTorch module, solved by the kernel's solvers (`qama.solve_qama`).

The formulas are DESIGN.md's "v2 (default)": per sample, one bit x[t, j] per head t and token j
(index t·N + j), couplings J_t = (Q_t K_tᵀ + K_t Q_tᵀ) / (2√d) with a zero diagonal, value field
h[t, j] = mean over d of V[t, j, :] ⊙ e2v, and the energy, minimised,

    E(x) = − α Σ_t Σ_{j≠k} J_t[j,k] x[t,j] x[t,k] − β·N Σ_t Σ_j h[t,j] x[t,j]
           + P Σ_j Σ_{t≠t'} x[t,j] x[t',j],      P = (γ/2)·√(2/π)·N/(H−1)  (H ≥ 2).

The output is the per-token energy Hs[t, j] = −(Σ_k J_t[j,k] x[t,j] x[t,k] + h[t,j] x[t,j]) times e2v,
heads concatenated (times `output_scale`, 1 by default: the paper's operator; see the class), then the
output projection. The solve is not differentiable; the gradient flows through Hs at the fixed solution
x into the projections and e2v (the paper's straight-through training).

`QAMultiheadAttention` takes `torch.nn.MultiheadAttention`'s constructor and call, so it can replace one
(for example `TransformerEncoderLayer.self_attn`); its class docstring says what each argument means here.
"""
from __future__ import annotations

import math
import time

import numpy as np

try:
    import torch
except ModuleNotFoundError as error:  # the package itself needs only numpy
    raise ModuleNotFoundError("qama.torch needs PyTorch, which the qama package does not install by itself: "
                              "pip install './python[torch]' (the qama[torch] extra) or torch", name="torch") from error
from torch import nn
from torch.nn import functional as F

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


_NAME = "QAMultiheadAttention"


class QAMultiheadAttention(nn.Module):
    """QAMA attention with `torch.nn.MultiheadAttention`'s constructor and call.

    ``QAMultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False,
    add_zero_attn=False, kdim=None, vdim=None, batch_first=False, device=None, dtype=None, *, solver=...,
    alpha=1.0, beta=0.16, gamma=0.8, seed=0, output_scale=1.0, norm=False, output_projection=True)``

    ``attn(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
    average_attn_weights=True, is_causal=False) -> (attn_output, attn_weights)``

    The parameters are torch's: ``in_proj_weight`` [3E, E] (or ``q_proj_weight``, ``k_proj_weight``,
    ``v_proj_weight`` when kdim or vdim differ from embed_dim), ``in_proj_bias`` [3E] (with ``bias=True``)
    and ``out_proj`` (Linear(E, E), with a bias when ``bias=True``), initialised as torch initialises them
    (the same seed gives the same values as ``nn.MultiheadAttention``, and its ``state_dict`` loads with
    ``strict=False``), plus QAMA's ``e2v`` [E / num_heads] (ones). Shapes follow torch: (L, N, E) with ``batch_first=False``, (N, L, E)
    with ``batch_first=True``, (L, E) unbatched; the output has the query's shape.

    What happens: query, key and value are projected (and split into heads, d = E / num_heads); the v2
    Hamiltonian of each sample (module docstring) is solved, all samples in one `solve_qama` batch; the
    output is the per-token energy times e2v at the solution (times ``output_scale``), heads concatenated,
    through ``out_proj``. QAMA selects tokens of one sequence: token j is query j and key j, so the key
    and value must have the query's length (L = S); cross-attention between sequences of different
    lengths has no QAMA Hamiltonian and raises ValueError.

    The weights (``need_weights=True``) are QAMA's selection, not softmax probabilities: for head t,
    ``W_t[j, k] = x[t, j]·x[t, k]`` — 1 where query token j and key token k are both selected, else 0 —
    and the output is ``−Σ_k W_t[j, k]·M_t[j, k]`` times e2v, with M_t = J_t off the diagonal and h_t on
    it. Softmax weights are positive, sum to 1 over the keys and multiply the values; these are 0/1, a
    row sums to the number of selected tokens (0 for an unselected query token, whose output is exactly
    zero before out_proj's bias), and they multiply the couplings and the value field. Shape (N, L, S)
    averaged over heads (``average_attn_weights=True``: the fraction of heads selecting the pair), (N,
    num_heads, L, S) otherwise, without N for unbatched input; None with ``need_weights=False``.

    Arguments, as QAMA honours them:

    - ``dropout``: dropout on the weights W during training, as torch applies it to softmax weights (the
      dropped pairs leave the output; the rest scale by 1/(1 − p)); the solve is unaffected.
    - ``key_padding_mask`` (N, S) or (S,): bool (True = padding) or float (0 = keep, −inf = padding, what
      ``TransformerEncoderLayer`` passes; other values would be added to softmax scores, which QAMA does
      not have, and raise ValueError). A padded token is never selected: its couplings are removed and its
      bits forced to 0, and the Hamiltonian is the one of the n unpadded tokens (N = n in β·N and P; the
      solver gets J scaled by N_padded / n, which has the same minimisers). So its key column and its query
      row of W are 0 and its output is out_proj's bias alone; an exact solver selects the same tokens as on
      the unpadded sequence.
    - ``attn_mask`` and ``is_causal=True`` raise NotImplementedError: QAMA selects tokens jointly (one
      minimisation over all of them, with symmetric couplings), so a mask on (query, key) pairs cannot keep
      a query from depending on the keys it masks.
    - ``add_bias_kv`` and ``add_zero_attn`` raise NotImplementedError: they add a key/value token with no
      query, and QAMA's tokens are query and key at once.
    - ``bias``: ``in_proj_bias`` and ``out_proj.bias``, as in torch.

    QAMA's own options (keyword-only): ``solver`` (a QAMA solver expression), ``alpha``, ``beta``,
    ``gamma`` (the Hamiltonian's weights; assignable between calls); ``seed``: call c of the module
    solves with a seed derived from (seed, c), so a training run reproduces; ``output_scale`` multiplies
    the per-token energy (default 1, the operator as DESIGN.md defines it; the per-token energy sums a
    token's couplings over every selected token, so it grows with N where softmax attention does not:
    1/N makes it a per-token mean, as experiments/digits.py uses); ``norm=True`` puts a LayerNorm(E) in
    front of the projections (SimpleViT's pre-norm; needs kdim = vdim = E); ``output_projection=False``
    drops ``out_proj`` (the per-head outputs concatenated are the output).

    As ``TransformerEncoderLayer.self_attn`` the module always runs: torch's fused softmax kernel for
    inference is never used in its place (see ``_qkv_same_embed_dim`` below), and ``TransformerEncoder``
    warns at construction that it will not use nested tensors.

    After a call, ``last_selection`` is the selection x [N, num_heads, L] (N = 1 for unbatched input) and
    ``solver_seconds`` the wall time spent in the solver so far.
    """

    # torch's TransformerEncoderLayer / TransformerEncoder read this attribute of `self_attn` and, when it
    # is True (with batch_first, bias, eval mode and no grad), call their fused softmax kernel with
    # in_proj_weight and out_proj instead of self_attn.forward. False keeps every call in this module.
    _qkv_same_embed_dim = False

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 add_bias_kv: bool = False, add_zero_attn: bool = False, kdim: int | None = None,
                 vdim: int | None = None, batch_first: bool = False, device=None, dtype=None, *,
                 solver: str = DEFAULT_SOLVER, alpha: float = 1.0, beta: float = 0.16, gamma: float = 0.8,
                 seed: int = 0, output_scale: float = 1.0, norm: bool = False, output_projection: bool = True):
        super().__init__()
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(f"{_NAME}: embed_dim and num_heads must be positive, got embed_dim={embed_dim}, "
                             f"num_heads={num_heads}")
        if embed_dim % num_heads:
            raise ValueError(f"{_NAME}: embed_dim ({embed_dim}) must be a multiple of num_heads ({num_heads})")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"{_NAME}: dropout must be in [0, 1), got {dropout}")
        if add_bias_kv:
            raise NotImplementedError(f"{_NAME}: add_bias_kv=True is not supported: it appends a learned key/value "
                                      "token with no query, and a QAMA token is query and key at once")
        if add_zero_attn:
            raise NotImplementedError(f"{_NAME}: add_zero_attn=True is not supported: it appends a zero key/value "
                                      "token with no query, and a QAMA token is query and key at once")
        factory = {"device": device, "dtype": dtype}
        self.embed_dim, self.num_heads, self.head_dim = embed_dim, num_heads, embed_dim // num_heads
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self.dropout, self.batch_first = dropout, batch_first
        self.add_zero_attn, self.bias_k, self.bias_v = False, None, None
        if norm and (self.kdim != embed_dim or self.vdim != embed_dim):
            raise ValueError(f"{_NAME}: norm=True needs kdim and vdim equal to embed_dim ({embed_dim}), "
                             f"got kdim={self.kdim}, vdim={self.vdim}")
        self._packed = self.kdim == embed_dim and self.vdim == embed_dim
        if self._packed:
            self.in_proj_weight = nn.Parameter(torch.empty((3 * embed_dim, embed_dim), **factory))
            for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                self.register_parameter(name, None)
        else:
            self.q_proj_weight = nn.Parameter(torch.empty((embed_dim, embed_dim), **factory))
            self.k_proj_weight = nn.Parameter(torch.empty((embed_dim, self.kdim), **factory))
            self.v_proj_weight = nn.Parameter(torch.empty((embed_dim, self.vdim), **factory))
            self.register_parameter("in_proj_weight", None)
        if bias:
            self.in_proj_bias = nn.Parameter(torch.empty(3 * embed_dim, **factory))
        else:
            self.register_parameter("in_proj_bias", None)
        # Created before the in-projection is initialised, as torch does: the same seed, the same values.
        self.out_proj = nn.Linear(embed_dim, embed_dim, bias=bias, **factory) if output_projection else None
        self._reset_parameters()
        self.norm = nn.LayerNorm(embed_dim, **factory) if norm else None
        self.e2v = nn.Parameter(torch.ones(self.head_dim, **factory))
        self.solver, self.alpha, self.beta, self.gamma, self.seed = solver, alpha, beta, gamma, seed
        self.output_scale = output_scale
        self.calls = 0
        self.solver_seconds = 0.0
        self.last_selection: torch.Tensor | None = None

    def _reset_parameters(self):
        """torch.nn.MultiheadAttention's initialisation."""
        for weight in (self.in_proj_weight, self.q_proj_weight, self.k_proj_weight, self.v_proj_weight):
            if weight is not None:
                nn.init.xavier_uniform_(weight)
        if self.in_proj_bias is not None:
            nn.init.constant_(self.in_proj_bias, 0.0)
            if self.out_proj is not None:
                nn.init.constant_(self.out_proj.bias, 0.0)

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        # Weights saved by the module before it took torch's layout (experiments/results/digits_qama.pt):
        # bias-free to_q, to_k, to_v Linear layers, which are the three blocks of in_proj_weight.
        legacy = [f"{prefix}to_{name}.weight" for name in "qkv"]
        if self._packed and all(key in state_dict for key in legacy):
            state_dict[f"{prefix}in_proj_weight"] = torch.cat([state_dict.pop(key) for key in legacy])
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    # Shapes.

    def _batch_first(self, query, key, value):
        """query, key, value as [N, L, E] tensors (the same object where the same tensor was given), and whether
        the input was unbatched. Checks every shape first."""
        for name, tensor in (("query", query), ("key", key), ("value", value)):
            if not isinstance(tensor, torch.Tensor):
                raise TypeError(f"{_NAME}: {name} must be a torch.Tensor, not {type(tensor).__name__}")
            if tensor.is_nested:
                raise ValueError(f"{_NAME}: {name} is a nested tensor, which is not supported (build "
                                 "TransformerEncoder with enable_nested_tensor=False and pass a key_padding_mask)")
        batched = "(N, L, E)" if self.batch_first else "(L, N, E)"
        if query.dim() not in (2, 3):
            raise ValueError(f"{_NAME}: query must be (L, E) unbatched or {batched} batched, got shape {tuple(query.shape)}")
        unbatched = query.dim() == 2
        layout = "(L, E)" if unbatched else batched
        for name, tensor, width in (("query", query, self.embed_dim), ("key", key, self.kdim), ("value", value, self.vdim)):
            if tensor.dim() != query.dim() or tensor.shape[-1] != width:
                given = "" if name == "query" else f" (query: {tuple(query.shape)})"
                raise ValueError(f"{_NAME}: {name} must be {layout} with E = {width} features, got shape "
                                 f"{tuple(tensor.shape)}{given}")

        def layout_to_batch_first(t):
            return t.unsqueeze(0) if unbatched else t if self.batch_first else t.transpose(0, 1)

        q = layout_to_batch_first(query)
        k = q if key is query else layout_to_batch_first(key)
        v = q if value is query else k if value is key else layout_to_batch_first(value)
        if k.shape[:2] != v.shape[:2]:
            raise ValueError(f"{_NAME}: key and value must have the same batch size and length (N, S), got key "
                             f"{tuple(key.shape)} and value {tuple(value.shape)}")
        if k.shape[0] != q.shape[0]:
            raise ValueError(f"{_NAME}: key and query must have the same batch size, got key {tuple(key.shape)} and "
                             f"query {tuple(query.shape)}")
        if k.shape[1] != q.shape[1]:
            raise ValueError(f"{_NAME}: QAMA selects tokens of one sequence, so the key and value must have the "
                             f"query's length: L = {q.shape[1]} query tokens, S = {k.shape[1]} key tokens")
        return q, k, v, unbatched

    def _heads(self, query, key, value):
        """Per-head q, k, v [N, H, L, d] from batch-first query, key, value (normalised once per distinct tensor)."""
        if self.norm is not None:
            normed_query = self.norm(query)
            normed_key = normed_query if key is query else self.norm(key)
            value = normed_query if value is query else normed_key if value is key else self.norm(value)
            query, key = normed_query, normed_key
        if self._packed:
            w_q, w_k, w_v = self.in_proj_weight.chunk(3)
        else:
            w_q, w_k, w_v = self.q_proj_weight, self.k_proj_weight, self.v_proj_weight
        b_q, b_k, b_v = self.in_proj_bias.chunk(3) if self.in_proj_bias is not None else (None, None, None)
        b, n = query.shape[:2]
        split = lambda t: t.reshape(b, n, self.num_heads, self.head_dim).transpose(1, 2)  # noqa: E731
        return split(F.linear(query, w_q, b_q)), split(F.linear(key, w_k, b_k)), split(F.linear(value, w_v, b_v))

    def heads(self, query: torch.Tensor, key: torch.Tensor | None = None,
              value: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Per-head q, k, v [N, H, L, d] (N = 1 for unbatched input) after the norm and the in-projection.
        Inputs as `forward`'s (key defaults to query, value to key)."""
        key = query if key is None else key
        value = key if value is None else value
        return self._heads(*self._batch_first(query, key, value)[:3])

    def qubo(self, query: torch.Tensor, key: torch.Tensor | None = None, value: torch.Tensor | None = None) -> np.ndarray:
        """The v2 QUBO matrices [N, H·L, H·L] of the inputs (as `heads`'), no padding mask."""
        q, k, v = self.heads(query, key, value)
        return v2_qubo(v2_couplings(q, k).detach().double().cpu().numpy(),
                       v2_field(v, self.e2v).detach().double().cpu().numpy(), self.alpha, self.beta, self.gamma)

    def _padding(self, key_padding_mask, batch: int, tokens: int, unbatched: bool):
        """The mask as bool [N, S] (True = padding), or None."""
        if key_padding_mask is None:
            return None
        if not isinstance(key_padding_mask, torch.Tensor):
            raise TypeError(f"{_NAME}: key_padding_mask must be a torch.Tensor, not {type(key_padding_mask).__name__}")
        expected = (tokens,) if unbatched else (batch, tokens)
        if tuple(key_padding_mask.shape) != expected:
            raise ValueError(f"{_NAME}: key_padding_mask must have shape {expected} ({'(S,)' if unbatched else '(N, S)'}), "
                             f"got {tuple(key_padding_mask.shape)}")
        mask = key_padding_mask.reshape(batch, tokens)
        if mask.dtype == torch.bool:
            return mask
        if not torch.is_floating_point(mask):
            raise TypeError(f"{_NAME}: key_padding_mask must be bool (True = padding) or float (−inf = padding), "
                            f"not {mask.dtype}")
        padded = mask == float("-inf")
        if not ((mask == 0) | padded).all():
            bad = mask[~((mask == 0) | padded)][0].item()
            raise ValueError(f"{_NAME}: a float key_padding_mask may only hold 0 (keep) and −inf (padding), got {bad}: "
                             "other values are added to softmax scores, and QAMA has no scores")
        return padded

    def forward(self, query: torch.Tensor, key: torch.Tensor, value: torch.Tensor,
                key_padding_mask: torch.Tensor | None = None, need_weights: bool = True,
                attn_mask: torch.Tensor | None = None, average_attn_weights: bool = True,
                is_causal: bool = False) -> tuple[torch.Tensor, torch.Tensor | None]:
        if attn_mask is not None:
            raise NotImplementedError(f"{_NAME}: attn_mask is not supported: QAMA selects tokens in one joint "
                                      "minimisation with symmetric couplings, so masking (query, key) pairs cannot "
                                      "keep a query from depending on the keys it masks; use key_padding_mask for padding")
        if is_causal:
            raise NotImplementedError(f"{_NAME}: is_causal=True is not supported: QAMA selects tokens in one joint "
                                      "minimisation over the whole sequence, so a token's output depends on later tokens")
        query, key, value, unbatched = self._batch_first(query, key, value)
        b, n = query.shape[:2]
        padding = self._padding(key_padding_mask, b, n, unbatched)
        q, k, v = self._heads(query, key, value)
        J = v2_couplings(q, k)
        h = v2_field(v, self.e2v)
        seed = int(np.random.SeedSequence([self.seed, self.calls]).generate_state(1, np.uint64)[0])
        self.calls += 1
        # The solver gets the low-rank form (q, k, h) and never the H·N × H·N matrices (see `solve_qama`).
        detached = lambda t: t.detach().double().cpu().numpy()  # noqa: E731
        q_np, k_np, h_np = detached(q), detached(k), detached(h)
        if padding is not None:
            # A padded token's q and k are 0 (no couplings: its bits are independent of every other token's,
            # so forcing them to 0 below leaves the rest a minimiser) and J is scaled by N / n, which makes
            # the solver's energy N/n times the Hamiltonian of the n kept tokens (β·N and P grow with N).
            keep = (~padding).cpu().numpy()
            kept = keep.sum(1)
            scale = np.where(kept > 0, n / np.maximum(kept, 1), 1.0)
            q_np = q_np * (keep * scale[:, None])[:, None, :, None]
            k_np = k_np * keep[:, None, :, None]
            h_np = h_np * keep[:, None, :]
        started = time.perf_counter()
        samples, _ = solve_qama(q_np, k_np, h_np, self.alpha, self.beta, self.gamma, self.solver, seed=seed)
        self.solver_seconds += time.perf_counter() - started
        selected = torch.from_numpy(samples.astype(np.float32)).to(J.dtype).view(b, self.num_heads, n).to(J.device)
        if padding is not None:
            selected = selected * (~padding).to(selected.dtype)[:, None, :]
        self.last_selection = selected
        weights = None
        dropping = self.training and self.dropout > 0
        if need_weights or dropping:
            weights = selected.unsqueeze(-1) * selected.unsqueeze(-2)  # [N, H, L, S]: x_j x_k
            if dropping:
                weights = F.dropout(weights, p=self.dropout)
        if dropping:
            # Hs[t, j] = −Σ_k W[j,k] M[j,k], M = J off the diagonal and h on it (x_j² = x_j).
            energy = -(weights * (J + torch.diag_embed(h))).sum(-1)
        else:
            # Hs[t, j] = −x_j (Σ_k J[j,k] x_k + h_j): differentiable in J and h at the fixed x.
            energy = -selected * ((J @ selected.unsqueeze(-1)).squeeze(-1) + h)
        out = energy.unsqueeze(-1) * self.e2v * self.output_scale  # [N, H, L, d]
        out = out.transpose(1, 2).reshape(b, n, self.embed_dim)
        if self.out_proj is not None:
            out = self.out_proj(out)
        if unbatched:
            out = out.squeeze(0)
        elif not self.batch_first:
            out = out.transpose(0, 1)
        if not need_weights:
            return out, None
        if average_attn_weights:
            weights = weights.mean(1)
        return out, weights.squeeze(0) if unbatched else weights
