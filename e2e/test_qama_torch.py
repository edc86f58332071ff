"""qama.torch.QAMultiheadAttention: DESIGN.md's v2 operator in PyTorch, solved by the kernel."""
import itertools
import math

import numpy as np
import pytest
import torch

from conftest import qama_binary
from qama.torch import QAMultiheadAttention


@pytest.fixture(autouse=True)
def built_binary(monkeypatch):
    monkeypatch.setenv("QAMA_BIN", str(qama_binary()))


def module(d_model=8, heads=2, solver="exact()", **kwargs):
    torch.manual_seed(0)
    m = QAMultiheadAttention(d_model, heads, solver=solver, **kwargs).double()
    with torch.no_grad():
        m.e2v.copy_(torch.linspace(0.5, 1.5, d_model // heads))  # not all ones, so e2v enters visibly
    return m


def loop_energy(q, k, v, e2v, x, alpha, beta, gamma):
    """DESIGN.md's v2 energy written out term by term, for one sample: q, k, v [H, N, d], x [H, N]."""
    H, N, d = q.shape
    J = lambda t, j, l: sum(q[t, j, c] * k[t, l, c] + k[t, j, c] * q[t, l, c] for c in range(d)) / (2 * math.sqrt(d))  # noqa: E731
    h = lambda t, j: sum(v[t, j, c] * e2v[c] for c in range(d)) / d  # noqa: E731
    P = gamma / 2 * math.sqrt(2 / math.pi) * N / (H - 1)
    e = 0.0
    for t in range(H):
        for j in range(N):
            for l in range(N):
                if j != l:
                    e -= alpha * J(t, j, l) * x[t, j] * x[t, l]
            e -= beta * N * h(t, j) * x[t, j]
    for j in range(N):
        for t in range(H):
            for u in range(H):
                if t != u:
                    e += P * x[t, j] * x[u, j]
    return e


def test_the_qubo_is_designs_energy_on_every_state():
    m = module(d_model=4, heads=2, alpha=1.3, beta=0.16, gamma=0.8)
    x_in = torch.randn(1, 3, 4, dtype=torch.float64)
    Q = m.qubo(x_in)[0]
    q, k, v = (a[0].detach().numpy() for a in m.heads(x_in))
    e2v = m.e2v.detach().numpy()
    assert Q.shape == (6, 6)
    for bits in itertools.product([0, 1], repeat=6):
        x = np.array(bits, dtype=np.float64)
        assert x @ Q @ x == pytest.approx(loop_energy(q, k, v, e2v, x.reshape(2, 3), 1.3, 0.16, 0.8), abs=1e-12)


def test_forward_selects_the_ground_state_and_outputs_the_per_token_energy():
    m = module(d_model=4, heads=2, gamma=0.8)
    x_in = torch.randn(2, 3, 4, dtype=torch.float64)
    out = m(x_in)
    assert out.shape == (2, 3, 4)
    for b in range(2):
        q, k, v = (a[b].detach().numpy() for a in m.heads(x_in))
        e2v = m.e2v.detach().numpy()
        states = [np.array(s, dtype=np.float64).reshape(2, 3) for s in itertools.product([0, 1], repeat=6)]
        energies = [loop_energy(q, k, v, e2v, s, 1.0, 0.16, 0.8) for s in states]
        x = states[int(np.argmin(energies))]
        np.testing.assert_array_equal(m.last_selection[b].numpy(), x)
        for t in range(2):
            for j in range(3):
                J = [(q[t, j] @ k[t, l] + k[t, j] @ q[t, l]) / (2 * math.sqrt(2)) if l != j else 0.0 for l in range(3)]
                hs = -(sum(J[l] * x[t, j] * x[t, l] for l in range(3)) + (v[t, j] @ e2v) / 2 * x[t, j])
                np.testing.assert_allclose(out[b, j, 2 * t:2 * t + 2].detach().numpy(), hs * e2v, rtol=1e-12, atol=1e-12)


def test_unselected_tokens_output_exactly_zero_and_gradients_reach_projections_and_e2v():
    m = module(d_model=16, heads=4, solver="sa(reads: 4, sweeps: 100)", seed=5)
    x_in = torch.randn(3, 6, 16, dtype=torch.float64)
    out = m(x_in)
    assert out.shape == (3, 6, 16)
    per_head = out.view(3, 6, 4, 4).transpose(1, 2)  # [B, H, N, d]
    selection = m.last_selection
    assert 0 < int(selection.sum()) < selection.numel()
    assert (per_head[selection == 0] == 0).all()
    out.square().sum().backward()
    for p in (m.to_q.weight, m.to_k.weight, m.to_v.weight, m.e2v):
        assert p.grad is not None and torch.isfinite(p.grad).all() and p.grad.abs().sum() > 0


def test_each_call_uses_a_new_seed_and_the_module_seed_reproduces():
    x_in = torch.randn(4, 8, 16, dtype=torch.float64)
    a, b = module(16, 4, "sa(reads: 1, sweeps: 3)", seed=1), module(16, 4, "sa(reads: 1, sweeps: 3)", seed=1)
    runs_a = [a(x_in).detach() for _ in range(3)]
    runs_b = [b(x_in).detach() for _ in range(3)]
    for ra, rb in zip(runs_a, runs_b):
        assert torch.equal(ra, rb)
    assert not torch.equal(runs_a[0], runs_a[1])


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError, match="multiple of num_heads"):
        QAMultiheadAttention(10, 4)
    with pytest.raises(ValueError, match=r"expected input \[B, N, 8\], got \(3, 8\)"):
        module()(torch.zeros(3, 8, dtype=torch.float64))


def test_output_scale_multiplies_the_output_and_nothing_else():
    x_in = torch.randn(2, 3, 4, dtype=torch.float64)
    plain, scaled = module(d_model=4, heads=2), module(d_model=4, heads=2, output_scale=0.25)
    out, out_scaled = plain(x_in), scaled(x_in)
    assert torch.equal(plain.last_selection, scaled.last_selection)
    assert torch.equal(out_scaled, out * 0.25)  # a power of two: exact
