#!/usr/bin/env python3
"""Load test for the simulated CIM job server (`qama-cim serve`).

Starts the server on a free loopback port with a fresh token, fires many small jobs from several concurrent
clients (bounded by --jobs and --max-seconds), and reports jobs/s and latency percentiles (submit -> result).
Every job plants its own ground state, so a lost, duplicated or mixed-up job is detected: each result must
name its own job id, have its own size, and contain its own planted state. 429s are retried after
Retry-After, as the real client does. Optionally (--gset FILE) also solves a Gset graph on the machine and
reports the best cut. Standard library only.

    swift build -c release --build-tests
    python3 bench/cim_load.py --jobs 2000 --clients 8 --workers 2
"""
import argparse
import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def planted_problem(rng, n):
    """A chain whose unique ground state is `pattern` (integer couplings, as the machine requires)."""
    pattern = [rng.choice((-1, 1)) for _ in range(n)]
    h = [-2 * s for s in pattern]
    couplings = [[i, i + 1, -pattern[i] * pattern[i + 1]] for i in range(n - 1)]
    return pattern, {"n": n, "h": h, "J": couplings}


def energy(ising, spins):
    e = sum(h * s for h, s in zip(ising["h"], spins))
    return e + sum(v * spins[i] * spins[j] for i, j, v in ising["J"])


class Machine:
    def __init__(self, port, token, timeout=30):
        self.port, self.token, self.timeout = port, token, timeout
        self.conn = None

    def call(self, method, path, body=None):
        for attempt in range(3):  # a fresh connection if the kept-alive one was closed
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                headers = {"Authorization": "Bearer " + self.token}
                data = None
                if body is not None:
                    data = json.dumps(body).encode()
                    headers["Content-Type"] = "application/json"
                self.conn.request(method, path, body=data, headers=headers)
                reply = self.conn.getresponse()
                payload = reply.read()
                return reply.status, dict(reply.getheaders()), json.loads(payload) if payload else None
            except (ConnectionError, http.client.HTTPException):
                self.conn = None
                if attempt == 2:
                    raise


def run_job(machine, ising, samples, seed, stats):
    """Submit (retrying 429), poll with back-off, fetch the result. Returns (id, result, latency_s)."""
    start = time.perf_counter()
    while True:
        status, headers, body = machine.call("POST", "/v1/jobs", {"ising": ising, "samples": samples, "seed": seed})
        if status == 202:
            break
        if status in (429, 503):
            stats["retries"] += 1
            time.sleep(float(headers.get("Retry-After", "1")))
            continue
        raise RuntimeError(f"submit failed: {status} {body}")
    job_id = body["id"]
    delay = 0.005
    while True:
        status, _, state = machine.call("GET", f"/v1/jobs/{job_id}")
        if status != 200 or state["id"] != job_id:
            raise RuntimeError(f"status of {job_id}: {status} {state}")
        if state["status"] == "done":
            break
        if state["status"] in ("failed", "cancelled"):
            raise RuntimeError(f"job {job_id} {state['status']}: {state['error']}")
        time.sleep(delay)
        delay = min(0.5, delay * 1.6)
    status, _, result = machine.call("GET", f"/v1/jobs/{job_id}/result")
    if status != 200:
        raise RuntimeError(f"result of {job_id}: {status} {result}")
    return job_id, result, time.perf_counter() - start


def start_server(binary, token_file, args):
    command = [binary, "serve", "--port", "0", "--token-file", token_file, "--workers", str(args.workers),
               "--queue", str(args.queue), "--steps", str(args.steps), "--grace", "5"]
    log = tempfile.TemporaryFile(mode="w+")
    server = subprocess.Popen(command, stdout=log, stderr=log)
    deadline = time.time() + 30
    while time.time() < deadline:
        log.seek(0)
        match = re.search(r"port=(\d+).*listening", log.read())
        if match:
            return server, int(match.group(1)), log
        if server.poll() is not None:
            break
        time.sleep(0.05)
    log.seek(0)
    sys.exit("qama-cim did not start:\n" + log.read())


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def load(port, token, args):
    rng = random.Random(args.seed)
    jobs = []
    for k in range(args.jobs):
        n = rng.randint(args.min_spins, args.max_spins)
        pattern, ising = planted_problem(rng, n)
        jobs.append((k, pattern, ising, 1 + k % 4))
    lock = threading.Lock()
    next_job = [0]
    latencies, ids, failures, mismatches = [], [], [], []
    stats = {"retries": 0}
    stop_at = time.perf_counter() + args.max_seconds

    def client():
        machine = Machine(port, token)
        while time.perf_counter() < stop_at:
            with lock:
                if next_job[0] >= len(jobs):
                    return
                k, pattern, ising, samples = jobs[next_job[0]]
                next_job[0] += 1
            try:
                job_id, result, latency = run_job(machine, ising, samples, k, stats)
            except Exception as error:  # noqa: BLE001 - every failure is reported
                with lock:
                    failures.append(f"job {k}: {error}")
                continue
            ok = (result["id"] == job_id and len(result["spins"]) == samples
                  and all(len(row) == ising["n"] for row in result["spins"])
                  and all(energy(ising, row) == e for row, e in zip(result["spins"], result["energies"]))
                  and pattern in result["spins"])
            with lock:
                latencies.append(latency)
                ids.append(job_id)
                if not ok:
                    mismatches.append(k)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    machine = Machine(port, token)
    _, _, info = machine.call("GET", "/v1/machine")
    done = len(latencies)
    print(f"jobs submitted {next_job[0]}, completed {done}, failed {len(failures)}, "
          f"mismatched {len(mismatches)}, duplicate ids {len(ids) - len(set(ids))}, 429 retries {stats['retries']}")
    if done:
        print(f"throughput {done / elapsed:.1f} jobs/s over {elapsed:.2f} s with {args.clients} clients, "
              f"{args.workers} workers; latency p50 {1000 * statistics.median(latencies):.1f} ms, "
              f"p99 {1000 * percentile(latencies, 0.99):.1f} ms, max {1000 * max(latencies):.1f} ms")
    print(f"machine after the run: {info}")
    for line in failures[:5]:
        print("  failure:", line)
    return not failures and not mismatches and len(ids) == len(set(ids)) == next_job[0] \
        and info["queue"]["queued"] == 0 and info["queue"]["running"] == 0


def gset(port, token, path, samples, seed):
    with open(path) as f:
        n, m = map(int, f.readline().split())
        edges = [tuple(map(int, line.split())) for line in f if line.strip()]
    # Max-cut as Ising: minimise sum w s_i s_j; cut = (sum w - E) / 2.
    ising = {"n": n, "h": [0] * n, "J": [[i - 1, j - 1, w] for i, j, w in edges]}
    machine = Machine(port, token, timeout=600)
    _, result, latency = run_job(machine, ising, samples, seed, {"retries": 0})
    total = sum(w for _, _, w in edges)
    cuts = sorted(((total - e) / 2 for e in result["energies"]), reverse=True)
    print(f"{os.path.basename(path)} (n={n}, m={m}): best cut {cuts[0]:.0f}, median {statistics.median(cuts):.0f}, "
          f"worst {cuts[-1]:.0f} over {samples} samples; anneal {result['timing']['anneal_ms']:.0f} ms, "
          f"round trip {latency:.2f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "qama-cim"))
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queue", type=int, default=64)
    parser.add_argument("--steps", type=int, default=200, help="machine steps per sample for the load jobs")
    parser.add_argument("--min-spins", type=int, default=4)
    parser.add_argument("--max-spins", type=int, default=24)
    parser.add_argument("--max-seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--gset", help="also solve this rudy/Gset file on the machine (default steps 1000)")
    parser.add_argument("--gset-samples", type=int, default=16)
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"no qama-cim at {args.binary}: run `swift build -c release --build-tests` or pass --binary")

    with tempfile.NamedTemporaryFile("w", suffix=".token", delete=False) as f:
        token = "load-" + os.urandom(12).hex()
        f.write(token)
    ok = True
    try:
        server, port, log = start_server(args.binary, f.name, args)
        try:
            ok = load(port, token, args)
        finally:
            server.send_signal(signal.SIGTERM)
            code = server.wait(timeout=30)
            log.seek(0)
            text = log.read()
            print(f"server exited with {code} after SIGTERM; drained: {'all workers stopped' in text}; "
                  f"token in log: {token in text}")
            ok = ok and code == 0 and token not in text
        if args.gset:
            args.steps = 1000
            server, port, log = start_server(args.binary, f.name, args)
            try:
                gset(port, token, args.gset, args.gset_samples, args.seed)
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
    finally:
        os.unlink(f.name)
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
