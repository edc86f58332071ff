#!/usr/bin/env python3
"""Our kernel against ipykernel, in the same run, through the same jupyter_client code path.

For each kernel: start to first kernel_info_reply (median over several starts), trivial-cell round trip
(execute_request → execute_reply and idle; median and p99), stream throughput (MB/s of printed output
received on iopub), and resident memory after warm-up. Then the ratios against the targets
(start ≤ 1/5, trivial cell ≤ 1/2, RSS ≤ 1/2 of ipykernel's). Last, ours alone: the widget re-draw latency
of `interact` — a slider update sent as a front end sends it, to the re-drawn figure's arrival — for a
2-head × 16-token QAMA model solved with sa(reads: 8, sweeps: 500), median over 20 moves (target ≤ 150 ms).

Run with the release build installed as the `qama` kernelspec (scripts/test does that into .venv):
    .venv/bin/python bench/kernel_bench.py [--starts 7] [--cells 300]
ipykernel and psutil are installed into the running Python's environment if missing.
"""
import argparse
import importlib.util
import statistics
import subprocess
import sys
import time

for module, package in (("ipykernel", "ipykernel"), ("psutil", "psutil")):
    if importlib.util.find_spec(module) is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", package], check=True)

import psutil  # noqa: E402
from jupyter_client.manager import KernelManager  # noqa: E402

LINE = "x" * 99  # + newline = 100 bytes per printed line

KERNELS = {
    "qama": {"trivial": "6 * 7", "stream": lambda n: f'for i in 0..<{n} {{ print("{LINE}") }}'},
    "python3": {"trivial": "6 * 7", "stream": lambda n: f'for i in range({n}): print("{LINE}")'},
}


def start(name):
    """Starts a kernel; returns it with the seconds from launch to its first kernel_info_reply."""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    msg_id = kc.kernel_info()  # queued by zmq until the kernel's shell socket is bound
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    seconds = time.perf_counter() - t0
    # Not timed: jupyter_client's readiness check (it also waits 0.2 s for iopub to settle, for any kernel).
    kc.wait_for_ready(timeout=60)
    return km, kc, seconds


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def run_cell(kc, code, timeout=300):
    """Sends code; returns (seconds to execute_reply and idle, bytes of stream text received)."""
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    replied = idle = False
    streamed = 0
    while not (replied and idle):
        if not replied:
            reply = kc.get_shell_msg(timeout=timeout)
            replied = reply["parent_header"].get("msg_id") == msg_id
            if replied:
                assert reply["content"]["status"] == "ok", reply["content"]
        while not idle:
            msg = kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                streamed += len(msg["content"]["text"].encode())
            idle = msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"
    return time.perf_counter() - t0, streamed


def measure(name, starts, cells, lines):
    spec = KERNELS[name]
    start_times = []
    for _ in range(starts):
        km, kc, seconds = start(name)
        start_times.append(seconds)
        stop(km, kc)

    km, kc, _ = start(name)
    try:
        for _ in range(20):  # warm-up
            run_cell(kc, spec["trivial"])
        rounds = sorted(run_cell(kc, spec["trivial"])[0] for _ in range(cells))
        process = psutil.Process(km.provisioner.pid)
        rss_idle = process.memory_info().rss
        seconds, streamed = run_cell(kc, spec["stream"](lines))
        expected = lines * (len(LINE) + 1)
        assert streamed == expected, f"{name}: received {streamed} bytes of stream output, expected {expected}"
        rss_after_stream = process.memory_info().rss
    finally:
        stop(km, kc)
    return {
        "start_s": statistics.median(start_times),
        "cell_median_s": statistics.median(rounds),
        "cell_p99_s": rounds[min(len(rounds) - 1, int(0.99 * len(rounds)))],
        "stream_mb_s": streamed / seconds / 1e6,
        "rss_mb": rss_idle / 1e6,
        "rss_stream_mb": rss_after_stream / 1e6,
    }


WIDGET_SETUP = """seed(3)
let Q = randn(2, 16, 8); let K = randn(2, 16, 8); let V = rand(2, 16, 8)
param γ = 0.8
let m = qama(Q, K, V, gamma: γ)
func view() = sparsity(solve(m, sa(reads: 8, sweeps: 500)))
interact(view, γ: 0...4, step: 0.05)"""


def widget_redraw(moves):
    """Seconds from each slider update (comm_msg "update") to the Output widget's re-drawn figure."""
    km, kc, _ = start("qama")
    try:
        msg_id = kc.execute(WIDGET_SETUP)
        opened = {}
        while True:
            msg = kc.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "comm_open":
                opened[msg["content"]["comm_id"]] = msg["content"]["data"]["state"]["_model_name"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        slider = next(i for i, name in opened.items() if name == "FloatSliderModel")
        area = next(i for i, name in opened.items() if name == "OutputModel")
        times = []
        for k in range(moves):
            msg = kc.session.msg("comm_msg", {"comm_id": slider, "data": {
                "method": "update", "state": {"value": round(0.2 + 0.15 * k, 2)}, "buffer_paths": []}})
            t0 = time.perf_counter()
            kc.shell_channel.send(msg)
            while True:
                out = kc.get_iopub_msg(timeout=60)
                if (out["msg_type"] == "comm_msg" and out["content"]["comm_id"] == area
                        and out["parent_header"].get("msg_id") == msg["header"]["msg_id"]):
                    times.append(time.perf_counter() - t0)
                    break
            while True:  # to idle, so moves do not queue up behind each other
                out = kc.get_iopub_msg(timeout=60)
                if (out["parent_header"].get("msg_id") == msg["header"]["msg_id"] and out["msg_type"] == "status"
                        and out["content"]["execution_state"] == "idle"):
                    break
    finally:
        stop(km, kc)
    return sorted(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=7)
    parser.add_argument("--cells", type=int, default=300)
    parser.add_argument("--lines", type=int, default=200_000, help="lines printed by the stream cell (100 B each)")
    parser.add_argument("--moves", type=int, default=20, help="slider moves for the widget re-draw latency")
    args = parser.parse_args()

    results = {name: measure(name, args.starts, args.cells, args.lines) for name in ("qama", "python3")}
    q, p = results["qama"], results["python3"]
    rows = [
        ("start → kernel_info_reply (median)", "start_s", 1e3, "ms", 1 / 5),
        ("trivial cell round trip (median)", "cell_median_s", 1e3, "ms", 1 / 2),
        ("trivial cell round trip (p99)", "cell_p99_s", 1e3, "ms", None),
        ("stream throughput", "stream_mb_s", 1, "MB/s", None),
        ("resident memory (after warm-up)", "rss_mb", 1, "MB", 1 / 2),
        ("resident memory (after stream cell)", "rss_stream_mb", 1, "MB", None),
    ]
    print(f"{'measure':38} {'qama':>12} {'ipykernel':>12} {'ratio':>8}  target")
    for label, key, scale, unit, target in rows:
        ratio = q[key] / p[key]
        verdict = "" if target is None else f"≤ {target:.2f}  {'met' if ratio <= target else 'MISSED'}"
        print(f"{label:38} {q[key] * scale:9.2f} {unit:<4}{p[key] * scale:9.2f} {unit:<4}{ratio:7.3f}  {verdict}")
    print(f"({args.starts} starts, {args.cells} trivial cells, {args.lines} printed lines of 100 B; python {sys.version.split()[0]})")
    redraws = widget_redraw(args.moves)
    median = statistics.median(redraws)
    print(f"widget re-draw (2 heads × 16 tokens, sa 8 reads × 500 sweeps): median {median * 1e3:.1f} ms, "
          f"max {redraws[-1] * 1e3:.1f} ms over {len(redraws)} moves  target ≤ 150 ms  {'met' if median <= 0.150 else 'MISSED'}")


if __name__ == "__main__":
    main()
