"""Issue 12 item 12: `jupyter console --kernel qama` (installed by the test and set-up venv) works, and a
terminal front end — which prints each display once and ignores display updates — gets solver progress as
one stderr line rewritten with carriage returns, ending on the final line, instead of a frozen 0% bar."""
import os
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import RunningKernel

LONG_SOLVE = 'let g = graph("G1")\nsolve(maxcut(g), sa(reads: 4, sweeps: 3000, seed: 1)).energy'


def progress_messages(iopub):
    displays = [m for m in iopub if m["msg_type"] in ("display_data", "update_display_data")
                and m["content"].get("transient", {}).get("display_id")]
    stderr = "".join(m["content"]["text"] for m in iopub if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
    return displays, stderr


def test_a_notebook_client_gets_a_live_display():
    k = RunningKernel()
    try:
        reply, iopub = k.execute(LONG_SOLVE, timeout=120)
        assert reply["content"]["status"] == "ok"
        displays, stderr = progress_messages(iopub)
        assert displays and displays[-1]["content"]["data"]["text/plain"].startswith("sa · 4 reads · done")
        assert stderr == ""
    finally:
        k.stop()


def test_a_terminal_client_gets_a_rewritten_stderr_line():
    k = RunningKernel()
    try:
        k.kc.is_complete("1 +")  # what jupyter console sends on Enter
        k.kc.get_shell_msg(timeout=30)
        reply, iopub = k.execute(LONG_SOLVE, timeout=120)
        assert reply["content"]["status"] == "ok"
        displays, stderr = progress_messages(iopub)
        assert displays == []
        assert stderr.startswith("\r\x1b[2Ksa · 4 reads")
        assert stderr.endswith("\n")
        final = stderr.rstrip("\n").split("\r\x1b[2K")[-1]
        assert final.startswith("sa · 4 reads · done · best energy")
    finally:
        k.stop()


def test_jupyter_console_runs_cells():
    console = Path(sys.executable).parent / "jupyter-console"
    assert console.exists(), "jupyter-console is not installed in the test venv"
    # The prompts are coloured (escape sequences inside "In [1]"), so the patterns skip over them.
    child = pexpect.spawn(str(console), ["--kernel", "qama"], env={**os.environ, "TERM": "xterm"},
                          encoding="utf-8", timeout=60, dimensions=(40, 200))
    try:
        child.expect("In ")
        child.sendline("1 + 41")
        child.expect(r"Out\[")
        child.expect("42")
        child.expect("In ")
        child.sendline(LONG_SOLVE.replace("\n", "; "))
        child.expect("sa · 4 reads · done · best energy")
        child.expect(r"Out\[")
    finally:
        child.close(force=True)
