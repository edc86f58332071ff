"""Start-up errors, shutdown, restart and parent death: clear exit codes and no process left behind."""
import json
import os
import socket
import subprocess
import sys
import time

from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

from conftest import RunningKernel, process_alive

EX_DATAERR, EX_NOINPUT, EX_UNAVAILABLE = 65, 66, 69


def _wait_gone(pid, timeout=15):
    deadline = time.monotonic() + timeout
    while process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not process_alive(pid)


def test_missing_connection_file_exits_with_a_clear_error(qama, tmp_path):
    result = subprocess.run([str(qama), "kernel", "-f", str(tmp_path / "nope.json")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == EX_NOINPUT
    assert "cannot read connection file" in result.stderr


def test_malformed_connection_file_exits_with_a_clear_error(qama, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    result = subprocess.run([str(qama), "kernel", "-f", str(path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == EX_DATAERR
    assert "malformed" in result.stderr


def test_port_in_use_exits_with_a_clear_error(qama, tmp_path):
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    try:
        path, _ = write_connection_file(str(tmp_path / "k.json"), ip="127.0.0.1", key=b"k")
        info = json.loads(open(path).read())
        info["shell_port"] = busy.getsockname()[1]
        open(path, "w").write(json.dumps(info))
        result = subprocess.run([str(qama), "kernel", "-f", path], capture_output=True, text=True, timeout=30)
        assert result.returncode == EX_UNAVAILABLE
        assert "in use" in result.stderr
    finally:
        busy.close()


def test_shutdown_request_ends_the_process_cleanly(qama, tmp_path):
    path, _ = write_connection_file(str(tmp_path / "k.json"), ip="127.0.0.1", key=b"secret")
    proc = subprocess.Popen([str(qama), "kernel", "-f", path], stderr=subprocess.PIPE)
    kc = BlockingKernelClient(connection_file=path)
    kc.load_connection_file()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=30)
        kc.shutdown()
        reply = kc.get_control_msg(timeout=10)
        assert reply["msg_type"] == "shutdown_reply" and reply["content"]["restart"] is False
        assert proc.wait(timeout=15) == 0
    finally:
        kc.stop_channels()
        if proc.poll() is None:
            proc.kill()


def test_restart_replaces_the_process_and_shutdown_leaves_none():
    k = RunningKernel()
    first = k.km.provisioner.pid
    assert k.result_text("var a = 1\na") == "1"
    k.km.restart_kernel(now=False)
    second = k.km.provisioner.pid
    assert second != first and _wait_gone(first)
    k.kc.wait_for_ready(timeout=30)
    assert k.result_text("6 * 7") == "42"
    k.stop()
    assert _wait_gone(second)


def test_kernel_exits_when_its_parent_dies(qama, tmp_path):
    path, _ = write_connection_file(str(tmp_path / "k.json"), ip="127.0.0.1", key=b"k")
    # An intermediate parent starts the kernel as jupyter_client does (JPY_PARENT_PID), prints its pid, and
    # exits at once — possibly before the kernel has even started watching.
    launcher = ("import os, subprocess, sys; env = dict(os.environ, JPY_PARENT_PID=str(os.getpid())); "
                "p = subprocess.Popen([sys.argv[1], 'kernel', '-f', sys.argv[2]], env=env, "
                "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); print(p.pid, flush=True)")
    out = subprocess.run([sys.executable, "-c", launcher, str(qama), path], capture_output=True, text=True, timeout=30)
    pid = int(out.stdout.strip())
    assert _wait_gone(pid, timeout=15), "orphaned kernel is still running"


def test_kernel_exits_when_its_parent_dies_while_it_runs(qama, tmp_path):
    path, _ = write_connection_file(str(tmp_path / "k.json"), ip="127.0.0.1", key=b"k")
    launcher = ("import subprocess, sys, time; p = subprocess.Popen([sys.argv[1], 'kernel', '-f', sys.argv[2]], "
                "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); print(p.pid, flush=True); time.sleep(30)")
    parent = subprocess.Popen([sys.executable, "-c", launcher, str(qama), path], stdout=subprocess.PIPE, text=True)
    pid = int(parent.stdout.readline())
    kc = BlockingKernelClient(connection_file=path)
    kc.load_connection_file()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=30)
    finally:
        kc.stop_channels()
    parent.kill()
    parent.wait()
    assert _wait_gone(pid, timeout=15), "orphaned kernel is still running"
