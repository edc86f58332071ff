"""qama.torch.QAMultiheadAttention: DESIGN.md's v2 operator in PyTorch, solved by the kernel."""
import importlib.util
import itertools
import math
import warnings

import numpy as np
import pytest
import torch
from torch import nn

from conftest import REPO, qama_binary
from qama.bridge import solve_qama
from qama.torch import QAMultiheadAttention, v2_couplings, v2_field


@pytest.fixture(autouse=True)
def built_binary(monkeypatch):
    monkeypatch.setenv("QAMA_BIN", str(qama_binary()))


def module(d_model=8, heads=2, solver="exact()", **kwargs):
    """The operator as experiments/digits.py uses it: LayerNorm in front, batch first, no output projection, so
    the output is the per-token energy × e2v itself."""
    torch.manual_seed(0)
    options = dict(batch_first=True, norm=True, output_projection=False) | kwargs
    m = QAMultiheadAttention(d_model, heads, solver=solver, **options).double()
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
    out, _ = m(x_in, x_in, x_in)
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
    out, _ = m(x_in, x_in, x_in)
    assert out.shape == (3, 6, 16)
    per_head = out.view(3, 6, 4, 4).transpose(1, 2)  # [B, H, N, d]
    selection = m.last_selection
    assert 0 < int(selection.sum()) < selection.numel()
    assert (per_head[selection == 0] == 0).all()
    out.square().sum().backward()
    assert m.in_proj_weight.grad is not None and m.e2v.grad is not None
    for g in (*m.in_proj_weight.grad.chunk(3), m.e2v.grad):  # the q, k and v blocks each, and e2v
        assert torch.isfinite(g).all() and g.abs().sum() > 0


def test_each_call_uses_a_new_seed_and_the_module_seed_reproduces():
    x_in = torch.randn(4, 8, 16, dtype=torch.float64)
    a, b = module(16, 4, "sa(reads: 1, sweeps: 3)", seed=1), module(16, 4, "sa(reads: 1, sweeps: 3)", seed=1)
    runs_a = [a(x_in, x_in, x_in)[0].detach() for _ in range(3)]
    runs_b = [b(x_in, x_in, x_in)[0].detach() for _ in range(3)]
    for ra, rb in zip(runs_a, runs_b):
        assert torch.equal(ra, rb)
    assert not torch.equal(runs_a[0], runs_a[1])




def test_output_scale_multiplies_the_output_and_nothing_else():
    x_in = torch.randn(2, 3, 4, dtype=torch.float64)
    plain, scaled = module(d_model=4, heads=2), module(d_model=4, heads=2, output_scale=0.25)
    out, out_scaled = plain(x_in, x_in, x_in)[0], scaled(x_in, x_in, x_in)[0]
    assert torch.equal(plain.last_selection, scaled.last_selection)
    assert torch.equal(out_scaled, out * 0.25)  # a power of two: exact


# A drop-in for torch.nn.MultiheadAttention: constructor, parameters, call, shapes, masks, errors.

@pytest.mark.parametrize("options", [{}, {"bias": False}, {"kdim": 6, "vdim": 4}])
def test_the_same_seed_gives_nn_multihead_attentions_parameters(options):
    torch.manual_seed(7)
    theirs = nn.MultiheadAttention(8, 2, **options).state_dict()
    torch.manual_seed(7)
    ours = QAMultiheadAttention(8, 2, **options)
    mine = ours.state_dict()
    assert set(mine) == set(theirs) | {"e2v"}
    for key, value in theirs.items():
        assert torch.equal(mine[key], value), key
    loaded = ours.load_state_dict(theirs, strict=False)
    assert loaded.missing_keys == ["e2v"] and loaded.unexpected_keys == []


@pytest.mark.parametrize("batch_first", [True, False])
def test_as_self_attn_of_a_transformer_encoder_layer_one_optimizer_step(batch_first):
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0,
                                       batch_first=batch_first).double()
    layer.self_attn = QAMultiheadAttention(8, 2, batch_first=batch_first, solver="exact()").double()
    attention = layer.self_attn
    x = torch.randn((3, 5, 8) if batch_first else (5, 3, 8), dtype=torch.float64)
    target = torch.randn_like(x)
    optimiser = torch.optim.SGD(layer.parameters(), lr=0.1)
    before = attention.in_proj_weight.detach().clone()
    out = layer(x)
    assert out.shape == x.shape
    assert attention.calls == 1  # the layer went through the module
    assert 0 < int(attention.last_selection.sum()) < attention.last_selection.numel()
    (out - target).square().mean().backward()
    grad = attention.in_proj_weight.grad
    assert grad is not None and grad.shape == (24, 8)
    for name, block in zip("qkv", grad.chunk(3)):
        assert torch.isfinite(block).all() and block.abs().sum() > 0, f"in_proj_weight's {name} block"
    for p in (attention.in_proj_bias, attention.out_proj.weight, attention.e2v):
        assert p.grad is not None and torch.isfinite(p.grad).all() and p.grad.abs().sum() > 0
    optimiser.step()
    assert torch.isfinite(attention.in_proj_weight).all()
    assert not torch.equal(attention.in_proj_weight.detach(), before)


def test_torchs_fused_inference_path_never_bypasses_the_module():
    """In eval mode without grad, TransformerEncoderLayer calls a fused softmax kernel with self_attn's weights
    instead of self_attn when it looks like nn.MultiheadAttention (batch_first, bias, an even head count): the
    module must still be the one that runs, and give what the training-mode path gives."""
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0, batch_first=True).double()
    layer.self_attn = QAMultiheadAttention(8, 2, batch_first=True, solver="exact()").double()
    x = torch.randn(3, 5, 8, dtype=torch.float64)
    expected = layer(x).detach()
    layer.eval()
    with torch.no_grad():
        got = layer(x)
    assert layer.self_attn.calls == 2
    assert torch.equal(got, expected)
    # TransformerEncoder would turn a padded batch into a nested tensor in eval mode; it does not either.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "enable_nested_tensor is True, but self.use_nested_tensor is False …"
        encoder = nn.TransformerEncoder(layer, num_layers=1)
    attention = encoder.layers[0].self_attn  # a copy of the layer's
    calls = attention.calls
    padding = torch.tensor([[False] * 5, [False] * 3 + [True] * 2, [False] * 4 + [True]])
    encoder.train()
    expected = encoder(x, src_key_padding_mask=padding).detach()
    encoder.eval()
    with torch.no_grad():
        got = encoder(x, src_key_padding_mask=padding)
    assert attention.calls == calls + 2 and torch.equal(got, expected)


def outer(selection):
    """The weights QAMA reports: W[j, k] = x_j x_k per head, from a selection [N, H, L]."""
    return selection.unsqueeze(-1) * selection.unsqueeze(-2)


def test_shapes_follow_torchs_conventions():
    torch.manual_seed(0)
    seq_first = QAMultiheadAttention(8, 2, solver="exact()").double()  # batch_first=False, torch's default
    x = torch.randn(4, 3, 8, dtype=torch.float64)  # (L, N, E)
    out, weights = seq_first(x, x, x)
    assert out.shape == (4, 3, 8) and weights.shape == (3, 4, 4)
    selection = seq_first.last_selection
    assert selection.shape == (3, 2, 4)
    assert torch.equal(weights, outer(selection).mean(1))  # averaged over the heads: 0, 1/2 or 1
    per_head_out, per_head = seq_first(x, x, x, average_attn_weights=False)
    assert per_head.shape == (3, 2, 4, 4) and torch.equal(per_head, outer(selection))
    assert torch.equal(per_head_out, out)
    no_weights_out, none = seq_first(x, x, x, need_weights=False)
    assert none is None and torch.equal(no_weights_out, out)

    batch_first = QAMultiheadAttention(8, 2, batch_first=True, solver="exact()").double()
    batch_first.load_state_dict(seq_first.state_dict())
    x_bf = x.transpose(0, 1).contiguous()  # (N, L, E)
    out_bf, weights_bf = batch_first(x_bf, x_bf, x_bf)
    assert out_bf.shape == (3, 4, 8) and weights_bf.shape == (3, 4, 4)
    assert torch.equal(batch_first.last_selection, selection) and torch.equal(weights_bf, weights)
    torch.testing.assert_close(out_bf, out.transpose(0, 1), rtol=1e-13, atol=1e-13)

    sample = x[:, 1]  # (L, E): unbatched
    out_one, weights_one = seq_first(sample, sample, sample)
    assert out_one.shape == (4, 8) and weights_one.shape == (4, 4)
    assert torch.equal(seq_first.last_selection, selection[1:2])
    assert torch.equal(weights_one, weights[1])
    torch.testing.assert_close(out_one, out[:, 1], rtol=1e-13, atol=1e-13)
    _, heads_one = seq_first(sample, sample, sample, average_attn_weights=False)
    assert heads_one.shape == (2, 4, 4)
    assert seq_first(sample, sample, sample, need_weights=False)[1] is None


def test_kdim_and_vdim_get_their_own_projections():
    torch.manual_seed(0)
    m = QAMultiheadAttention(8, 2, kdim=6, vdim=4, batch_first=True, solver="exact()").double()
    assert m.in_proj_weight is None
    assert (m.q_proj_weight.shape, m.k_proj_weight.shape, m.v_proj_weight.shape) == ((8, 8), (8, 6), (8, 4))
    query, key, value = (torch.randn(2, 5, e, dtype=torch.float64) for e in (8, 6, 4))
    out, weights = m(query, key, value)
    assert out.shape == (2, 5, 8) and weights.shape == (2, 5, 5)
    out.square().sum().backward()
    for p in (m.q_proj_weight, m.k_proj_weight, m.v_proj_weight):
        assert p.grad is not None and torch.isfinite(p.grad).all() and p.grad.abs().sum() > 0


def test_a_padded_key_is_never_selected_and_the_rest_is_the_unpadded_problem():
    torch.manual_seed(1)
    m = QAMultiheadAttention(8, 2, batch_first=True, solver="exact()").double()
    with torch.no_grad():
        m.in_proj_bias.normal_()
        m.out_proj.bias.normal_()
    x = torch.randn(4, 6, 8, dtype=torch.float64)
    lengths = [6, 4, 3, 5]
    padding = torch.arange(6)[None, :] >= torch.tensor(lengths)[:, None]  # True = padding
    out, weights = m(x, x, x, key_padding_mask=padding, average_attn_weights=False)
    selection = m.last_selection.clone()
    for b, n in enumerate(lengths):
        assert (selection[b, :, n:] == 0).all()
        assert (weights[b, :, :, n:] == 0).all() and (weights[b, :, n:, :] == 0).all()
        assert torch.equal(out[b, n:], m.out_proj.bias.expand(6 - n, 8))  # nothing selected: only out_proj's bias
        # The kept tokens are solved as the sequence without its padding (β·N and P with N = n).
        alone, alone_weights = m(x[b:b + 1, :n], x[b:b + 1, :n], x[b:b + 1, :n], average_attn_weights=False)
        assert torch.equal(m.last_selection[0], selection[b, :, :n])
        assert torch.equal(alone_weights[0], weights[b, :, :n, :n])
        torch.testing.assert_close(alone[0], out[b, :n], rtol=1e-13, atol=1e-13)
    # A float mask of 0 and −inf (what TransformerEncoderLayer passes) is the same mask; so is an unbatched one.
    float_mask = torch.zeros(4, 6, dtype=torch.float64).masked_fill(padding, float("-inf"))
    assert torch.equal(m(x, x, x, key_padding_mask=float_mask)[0], out)
    one, _ = m(x[2], x[2], x[2], key_padding_mask=padding[2])
    assert torch.equal(m.last_selection[0], selection[2])
    torch.testing.assert_close(one, out[2], rtol=1e-13, atol=1e-13)


def test_dropout_drops_selected_pairs_in_training_only():
    torch.manual_seed(0)
    m = QAMultiheadAttention(8, 2, dropout=0.5, batch_first=True, solver="exact()", output_projection=False,
                             beta=1.0, gamma=0.2).double()
    x = torch.randn(2, 6, 8, dtype=torch.float64)
    m.eval()
    out_eval, weights_eval = m(x, x, x, average_attn_weights=False)
    full = outer(m.last_selection)
    assert torch.equal(weights_eval, full)
    m.train()
    torch.manual_seed(5)
    out_train, weights_train = m(x, x, x, average_attn_weights=False)
    assert torch.equal(outer(m.last_selection), full)  # the solve does not change
    # Each selected pair is dropped (0) or kept and scaled by 1 / (1 − p) = 2; both happen here.
    assert ((weights_train == 0) | (weights_train == 2 * full)).all()
    assert (weights_train == 2).any() and ((weights_train == 0) & (full == 1)).any()
    q, k, v = m.heads(x)
    energy = -(weights_train * (v2_couplings(q, k) + torch.diag_embed(v2_field(v, m.e2v)))).sum(-1)
    expected = (energy.unsqueeze(-1) * m.e2v).transpose(1, 2).reshape(2, 6, 8)
    torch.testing.assert_close(out_train, expected, rtol=1e-13, atol=1e-13)
    assert not torch.allclose(out_train, out_eval)


@pytest.mark.parametrize("options, error, message", [
    ({"embed_dim": 10, "num_heads": 4}, ValueError, "QAMultiheadAttention: embed_dim (10) must be a multiple of num_heads (4)"),
    ({"dropout": 1.0}, ValueError, "QAMultiheadAttention: dropout must be in [0, 1), got 1.0"),
    ({"add_bias_kv": True}, NotImplementedError, "QAMultiheadAttention: add_bias_kv=True is not supported: it appends a "
     "learned key/value token with no query, and a QAMA token is query and key at once"),
    ({"add_zero_attn": True}, NotImplementedError, "QAMultiheadAttention: add_zero_attn=True is not supported: it "
     "appends a zero key/value token with no query, and a QAMA token is query and key at once"),
    ({"norm": True, "kdim": 6}, ValueError, "QAMultiheadAttention: norm=True needs kdim and vdim equal to embed_dim (8), "
     "got kdim=6, vdim=8"),
])
def test_constructor_arguments_qama_cannot_honour_are_named(options, error, message):
    arguments = {"embed_dim": 8, "num_heads": 2} | options
    with pytest.raises(error) as info:
        QAMultiheadAttention(**arguments)
    assert str(info.value) == message


X = torch.zeros(4, 2, 8, dtype=torch.float64)  # (L, N, E) = 4 tokens, batch of 2


@pytest.mark.parametrize("arguments, options, error, message", [
    ((X, X, X), {"attn_mask": torch.zeros(4, 4, dtype=torch.bool)}, NotImplementedError,
     "QAMultiheadAttention: attn_mask is not supported: QAMA selects tokens in one joint minimisation with symmetric "
     "couplings, so masking (query, key) pairs cannot keep a query from depending on the keys it masks; use "
     "key_padding_mask for padding"),
    ((X, X, X), {"is_causal": True}, NotImplementedError,
     "QAMultiheadAttention: is_causal=True is not supported: QAMA selects tokens in one joint minimisation over the "
     "whole sequence, so a token's output depends on later tokens"),
    ((X, torch.zeros(5, 2, 8, dtype=torch.float64), torch.zeros(5, 2, 8, dtype=torch.float64)), {}, ValueError,
     "QAMultiheadAttention: QAMA selects tokens of one sequence, so the key and value must have the query's length: "
     "L = 4 query tokens, S = 5 key tokens"),
    ((X, X, X), {"key_padding_mask": torch.full((2, 4), 0.5, dtype=torch.float64)}, ValueError,
     "QAMultiheadAttention: a float key_padding_mask may only hold 0 (keep) and −inf (padding), got 0.5: other values "
     "are added to softmax scores, and QAMA has no scores"),
    ((X, X, X), {"key_padding_mask": torch.zeros(4, 2, dtype=torch.bool)}, ValueError,
     "QAMultiheadAttention: key_padding_mask must have shape (2, 4) ((N, S)), got (4, 2)"),
    ((X, X, X), {"key_padding_mask": torch.zeros(2, 4, dtype=torch.int64)}, TypeError,
     "QAMultiheadAttention: key_padding_mask must be bool (True = padding) or float (−inf = padding), not torch.int64"),
    ((X[None], X[None], X[None]), {}, ValueError,
     "QAMultiheadAttention: query must be (L, E) unbatched or (L, N, E) batched, got shape (1, 4, 2, 8)"),
    ((X, X[..., :6], X), {}, ValueError,
     "QAMultiheadAttention: key must be (L, N, E) with E = 8 features, got shape (4, 2, 6) (query: (4, 2, 8))"),
    ((X, X, X[:, :1]), {}, ValueError,
     "QAMultiheadAttention: key and value must have the same batch size and length (N, S), got key (4, 2, 8) and "
     "value (4, 1, 8)"),
])
def test_call_arguments_qama_cannot_honour_are_named_before_anything_is_solved(monkeypatch, arguments, options,
                                                                              error, message):
    monkeypatch.setenv("QAMA_BIN", "/nonexistent/qama")  # a solve would fail differently
    m = QAMultiheadAttention(8, 2).double()
    with pytest.raises(error) as info:
        m(*arguments, **options)
    assert str(info.value) == message
    assert m.calls == 0


# experiments/digits.py's configuration computes what the module computed before it took torch's interface.

class PreDropInAttention(nn.Module):
    """QAMultiheadAttention as it was before (commit e5a5745), with which experiments/results were trained:
    LayerNorm, bias-free to_q/to_k/to_v Linear layers, input and output [B, N, d_model]."""

    def __init__(self, d_model, num_heads, solver, seed, output_scale):
        super().__init__()
        self.d_model, self.num_heads, self.head_dim = d_model, num_heads, d_model // num_heads
        self.solver, self.alpha, self.beta, self.gamma, self.seed = solver, 1.0, 0.16, 0.8, seed
        self.output_scale = output_scale
        self.norm = nn.LayerNorm(d_model)
        self.to_q = nn.Linear(d_model, d_model, bias=False)
        self.to_k = nn.Linear(d_model, d_model, bias=False)
        self.to_v = nn.Linear(d_model, d_model, bias=False)
        self.e2v = nn.Parameter(torch.ones(self.head_dim))
        self.calls = 0

    def forward(self, x):
        b, n, _ = x.shape
        x = self.norm(x)
        split = lambda t: t.view(b, n, self.num_heads, self.head_dim).transpose(1, 2)  # noqa: E731
        q, k, v = split(self.to_q(x)), split(self.to_k(x)), split(self.to_v(x))
        J = v2_couplings(q, k)
        h = v2_field(v, self.e2v)
        seed = int(np.random.SeedSequence([self.seed, self.calls]).generate_state(1, np.uint64)[0])
        self.calls += 1
        detached = lambda t: t.detach().double().numpy()  # noqa: E731
        samples, _ = solve_qama(detached(q), detached(k), detached(h), self.alpha, self.beta, self.gamma,
                                self.solver, seed=seed)
        selected = torch.from_numpy(samples.astype(np.float32)).to(J.dtype).view(b, self.num_heads, n)
        self.last_selection = selected
        energy = -selected * ((J @ selected.unsqueeze(-1)).squeeze(-1) + h)
        out = energy.unsqueeze(-1) * self.e2v * self.output_scale
        return out.transpose(1, 2).reshape(b, n, self.d_model)


def digits_script():
    spec = importlib.util.spec_from_file_location("digits_experiment", REPO / "experiments" / "digits.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_digits_configuration_computes_the_pre_drop_in_numbers_bit_for_bit():
    digits = digits_script()
    solver = "sa(reads: 2, sweeps: 50)"
    torch.manual_seed(3)
    old = PreDropInAttention(digits.DIM, digits.HEADS, solver, digits.SEED, 1 / digits.TOKENS)
    old_rng = torch.get_rng_state()
    torch.manual_seed(3)
    new = digits.qama_attention(solver)
    assert torch.equal(torch.get_rng_state(), old_rng)  # SimpleViT's layers, built next, draw the same numbers
    assert torch.equal(new.in_proj_weight, torch.cat([old.to_q.weight, old.to_k.weight, old.to_v.weight]))
    x = torch.randn(4, digits.TOKENS, digits.DIM)  # float32, as in training
    upstream = torch.randn(4, digits.TOKENS, digits.DIM)
    out_old = old(x)
    out_new, weights = new(x, x, x, need_weights=False)
    assert weights is None
    assert torch.equal(new.last_selection, old.last_selection)
    assert 0 < int(new.last_selection.sum()) < new.last_selection.numel()
    assert torch.equal(out_new, out_old)
    (out_old * upstream).sum().backward()
    (out_new * upstream).sum().backward()
    assert torch.equal(new.in_proj_weight.grad, torch.cat([old.to_q.weight.grad, old.to_k.weight.grad,
                                                           old.to_v.weight.grad]))
    for name in ("norm.weight", "norm.bias", "e2v"):
        assert torch.equal(new.get_parameter(name).grad, old.get_parameter(name).grad), name
    # Weights saved before (experiments/results/digits_qama.pt is such a file) load into the new layout.
    again = digits.qama_attention(solver)
    again.load_state_dict(old.state_dict())
    assert torch.equal(again.in_proj_weight, new.in_proj_weight)


def test_the_shipped_qama_weights_load_into_the_digits_model():
    digits = digits_script()
    saved = torch.load(REPO / "experiments" / "results" / "digits_qama.pt")
    model = digits.SimpleViT(digits.qama_attention(digits.TRAIN_SOLVER))
    model.load_state_dict(dict(saved))
    blocks = model.attention.in_proj_weight.chunk(3)
    for block, name in zip(blocks, "qkv"):
        assert torch.equal(block, saved[f"attention.to_{name}.weight"])
