"""Issue 19 against the real kernel: a long structured QAMA solve (8 heads × 32,768 tokens, d = 64, v2: 262,144
spins, which the generic path would need 4.3·10⁹ couplings for) shows live progress, stops promptly on an
interrupt with the kernel alive and every binding kept, and a short one completes with its fixed final line."""
from conftest import RunningKernel

SETUP = """seed(19)
let Q = randn(8, 32768, 64)
let K = randn(8, 32768, 64)
let V = rand(8, 32768, 1)
let m = qama(Q, K, V)
m.couplings"""


def _setup(kernel: RunningKernel):
    assert kernel.result_text(SETUP) == str(8 * 32768 * 32767 // 2 + 32768 * 28)
    summary = kernel.result_text("m")
    assert "when expanded; held in structured form" in summary, summary


def test_long_structured_solve_shows_progress_and_stops_on_interrupt(kernel):
    _setup(kernel)
    # An explicit β range: the sweeps start at once (no default-range pass first).
    msg_id = kernel.kc.execute("let r = solve(m, sa(reads: 1, sweeps: 100000, beta: [0.001, 1], seed: 1))")
    progress = []
    while len(progress) < 3:  # the first display and two updates: the solve is running and reporting
        msg = kernel.kc.get_iopub_msg(timeout=120)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] in ("display_data", "update_display_data"):
            progress.append(msg)
    assert progress[0]["msg_type"] == "display_data"
    display_id = progress[0]["content"]["transient"]["display_id"]
    assert all(m["content"]["transient"]["display_id"] == display_id for m in progress)
    assert "sa · 1 reads · structured" in progress[-1]["content"]["data"]["text/plain"]
    kernel.km.interrupt_kernel()
    reply = kernel.shell_reply(msg_id, timeout=60)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "Interrupted"
    iopub = kernel.iopub_until_idle(msg_id, timeout=60)
    finals = [m for m in iopub if m["msg_type"] == "update_display_data"
              and m["content"]["transient"]["display_id"] == display_id]
    assert finals[-1]["content"]["data"]["text/plain"] == "sa · 1 reads · structured · interrupted"
    # The kernel is alive and kept every binding; r was never bound.
    assert kernel.result_text("m.variables") == "262144"
    assert kernel.result_text("Q.shape") == "[8, 32768, 64]"
    reply, _ = kernel.execute("r")
    assert reply["content"]["ename"] == "NameError"


def test_short_structured_solve_completes_with_terms(kernel):
    _setup(kernel)
    reply, iopub = kernel.execute("let r = solve(m, sa(reads: 1, sweeps: 2, seed: 1))\nr.terms", timeout=120)
    assert reply["content"]["status"] == "ok", reply["content"]
    text = [m for m in iopub if m["msg_type"] == "execute_result"][-1]["content"]["data"]["text/plain"]
    for name in ("query-key", "value", "head overlap"):
        assert name in text, text
    assert "layout: structured" in kernel.result_text("r")
    assert kernel.result_text("weights(r).shape") == "[8, 32768]"
    svg = kernel.result_text("sparsity(r)")
    assert "down-sampled: 32,768 tokens in 256 columns of 128 tokens" in svg, svg
