"""Issue 12 item 14: `scripts/setup` run while another one runs. Its machine step (`ensure_cim_machine` in
scripts/lib.sh) reuses a live machine and its token instead of overwriting the token a running Lab's
kernels hold, and moves to a free port when another program has the configured one."""
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def start_setup_step(state, port):
    """A shell that runs the machine step, prints URL and token, then waits (like setup waiting on Lab)."""
    script = f'source "{REPO}/scripts/lib.sh"; ensure_cim_machine; echo "URL $QAMA_CIM_URL"; echo "TOKEN $QAMA_CIM_TOKEN"; sleep 600'
    env = {k: v for k, v in os.environ.items() if not k.startswith("QAMA_CIM")}
    env.update(QAMA_CIM_STATE=str(state), QAMA_CIM_PORT=str(port))
    proc = subprocess.Popen(["bash", "-c", script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env, start_new_session=True)
    seen = {}
    deadline = time.time() + 60
    while "TOKEN" not in seen and time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        key, _, value = line.strip().partition(" ")
        seen[key] = value
    assert "TOKEN" in seen, f"no machine: {seen}"
    return proc, seen["URL"], seen["TOKEN"]


def machine_answers(url, token):
    request = urllib.request.Request(f"{url}/v1/machine", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=5) as reply:
        return reply.status == 200


def stop(proc):
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_second_setup_reuses_the_live_machine_and_token(tmp_path):
    port = free_port()
    first, url, token = start_setup_step(tmp_path, port)
    try:
        assert url == f"http://127.0.0.1:{port}"
        second, url2, token2 = start_setup_step(tmp_path, port)
        try:
            assert (url2, token2) == (url, token)
            assert (tmp_path / "token").read_text().strip() == token
            assert machine_answers(url, token)
        finally:
            stop(second)
        assert machine_answers(url, token), "the second setup leaving must not stop the first one's machine"
    finally:
        stop(first)


def test_a_busy_port_moves_the_machine_to_the_next_free_one(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc, url, token = start_setup_step(tmp_path, port)
        try:
            assert url != f"http://127.0.0.1:{port}"
            assert machine_answers(url, token)
        finally:
            stop(proc)
