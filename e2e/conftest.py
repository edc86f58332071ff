"""Shared fixtures: the installed `qama` kernelspec, its binary, and running kernels driven by jupyter_client."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager

REPO = Path(__file__).resolve().parent.parent
KERNEL_NAME = "qama"


def pytest_addoption(parser):
    parser.addoption("--update-notebooks", action="store_true",
                     help="write each example notebook back with the outputs of its first run")


def qama_binary() -> Path:
    """The binary the installed kernelspec runs ($QAMA_BIN overrides, else the release build)."""
    explicit = os.environ.get("QAMA_BIN")
    if explicit:
        return Path(explicit)
    try:
        return Path(KernelSpecManager().get_kernel_spec(KERNEL_NAME).argv[0])
    except NoSuchKernel:
        return REPO / ".build" / "release" / "qama"


@pytest.fixture(scope="session")
def qama():
    binary = qama_binary()
    assert binary.exists(), f"{binary} is missing: build with `swift build -c release` and `qama install`"
    return binary


class RunningKernel:
    """A kernel started through the kernelspec, with a started blocking client."""

    def __init__(self, **manager_kwargs):
        self.km = KernelManager(kernel_name=KERNEL_NAME, **manager_kwargs)
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=30)

    def execute(self, code, timeout=30, **kwargs):
        """Runs code; returns (reply, iopub messages up to idle)."""
        msg_id = self.kc.execute(code, **kwargs)
        reply = self.shell_reply(msg_id, timeout)
        return reply, self.iopub_until_idle(msg_id, timeout)

    def shell_reply(self, msg_id, timeout=30):
        while True:
            msg = self.kc.get_shell_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def iopub_until_idle(self, msg_id, timeout=30):
        out = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            out.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return out

    def result_text(self, code):
        reply, iopub = self.execute(code)
        assert reply["content"]["status"] == "ok", reply["content"]
        results = [m for m in iopub if m["msg_type"] == "execute_result"]
        return results[-1]["content"]["data"]["text/plain"] if results else None

    def stop(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)


@pytest.fixture
def kernel():
    k = RunningKernel()
    yield k
    k.stop()


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purposes.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return sys.platform == "darwin"
