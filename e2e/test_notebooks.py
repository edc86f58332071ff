"""Every example notebook runs through the installed kernelspec with nbclient, twice, with identical outputs.

This is what a researcher sharing a notebook relies on: no error output anywhere, figures arriving as
`image/svg+xml`, and byte-for-byte the same outputs on a second run — and the same outputs as the ones saved
in the repository, which were produced on another machine. The notebooks run with no environment variables
(no `QAMA_CIM_URL`: `cim()` runs its machine in the kernel); the remote-CIM notebook runs a second time
against a real `qama-cim serve --profile cpqc-550` started here on loopback, and must print the same bytes.

After a deliberate change to what the notebooks print, `scripts/test -k notebook --update-notebooks`
saves the new outputs.
"""
import copy
import json
import os
import secrets
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cim_binary() -> Path:
    explicit = os.environ.get("QAMA_CIM_BIN")
    if explicit:
        return Path(explicit)
    return REPO / ".build" / "release" / "qama-cim"


@pytest.fixture(scope="module")
def cim_server(tmp_path_factory):
    """A `qama-cim serve --profile cpqc-550` on a free loopback port: (url, token, log file)."""
    binary = _cim_binary()
    assert binary.exists(), f"{binary} is missing: build with `swift build -c release` first"
    token = secrets.token_hex(16)
    state = tmp_path_factory.mktemp("cim")
    token_file, log = state / "token", state / "serve.log"
    token_file.write_text(token)
    port = _free_port()
    # The log goes to a file: a pipe nobody reads would stall the server once full.
    proc = subprocess.Popen([str(binary), "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--token-file", str(token_file), "--profile", "cpqc-550"],
                            stdout=subprocess.DEVNULL, stderr=log.open("w"))
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            req = urllib.request.Request(url + "/v1/machine", headers={"Authorization": f"Bearer {token}"})
            with urllib.request.urlopen(req, timeout=1) as resp:
                if resp.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("qama-cim did not start: " + log.read_text(errors="replace"))
        time.sleep(0.1)
    yield url, token, log
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def no_cim_env(monkeypatch):
    """No CIM variables reach the kernel: what a plain nbclient run on a fresh machine sees."""
    for name in ("QAMA_CIM_URL", "QAMA_CIM_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def _execute(path: Path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="qama", timeout=600, allow_errors=True, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return nb


FIGURE_CALLS = ("sparsity(", "heatmap(", "landscape(", "compare(", "histogram(", "trace(", "plot(", "patchmap(")


def _check_figures(path, nb):
    """Every cell that makes a figure shows it as standalone SVG."""
    for cell in nb.cells:
        if cell.cell_type != "code" or not any(f in cell.source.splitlines()[-1] for f in FIGURE_CALLS):
            continue
        svgs = [o for o in cell.outputs if o.get("output_type") in ("display_data", "execute_result")
                and "image/svg+xml" in o.get("data", {})]
        assert svgs, f"{path.name}: the cell ending in `{cell.source.splitlines()[-1]}` shows no image/svg+xml"
        for o in svgs:
            svg = o["data"]["image/svg+xml"]
            svg = "".join(svg) if isinstance(svg, list) else svg
            assert svg.lstrip().startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in svg


def _outputs(nb):
    return [copy.deepcopy(c.get("outputs", [])) for c in nb.cells if c.cell_type == "code"]


def _same(x, y) -> bool:
    return json.dumps(x, sort_keys=True) == json.dumps(y, sort_keys=True)


def _cell_diff(path, label, a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if not _same(x, y):
            return f"{path.name}: code cell {i} differs ({label}):\n{json.dumps(x)[:2000]}\n---\n{json.dumps(y)[:2000]}"
    return f"{path.name}: {len(a)} vs {len(b)} code cells ({label})"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_twice_identically(path, no_cim_env, request):
    saved = _outputs(nbformat.read(path, as_version=4))
    first = _execute(path)
    errors = [(i, o) for i, cell in enumerate(_outputs(first)) for o in cell if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: error outputs: " + json.dumps(errors, indent=1)[:4000]
    stderr = [(i, o["text"]) for i, cell in enumerate(_outputs(first)) for o in cell
              if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    assert not stderr, f"{path.name}: stderr output: {stderr}"

    second = _execute(path)
    a, b = _outputs(first), _outputs(second)
    assert _same(a, b), _cell_diff(path, "first run, then second run", a, b)

    _check_figures(path, first)

    info = first.metadata.get("language_info", {})
    assert info.get("name") == "qama" and info.get("version"), "language_info with the language version"
    assert info.get("kernel_version"), "language_info with the kernel version"

    if request.config.getoption("--update-notebooks"):
        nbformat.write(first, path)
    elif any(saved):
        assert _same(saved, a), _cell_diff(path, "saved in the repository, then this run", saved, a) + \
            "\n(after a deliberate change: scripts/test -k notebook --update-notebooks)"


REMOTE_CIM = REPO / "notebooks" / "05-remote-cim.ipynb"


def test_remote_cim_notebook_on_a_served_machine(cim_server, monkeypatch):
    """With QAMA_CIM_URL set, the CIM notebook runs on `qama-cim serve` and prints what it saved (made embedded)."""
    url, token, log = cim_server
    monkeypatch.setenv("QAMA_CIM_URL", url)
    monkeypatch.setenv("QAMA_CIM_TOKEN", token)
    saved = _outputs(nbformat.read(REMOTE_CIM, as_version=4))
    served = _outputs(_execute(REMOTE_CIM))
    assert any(saved), "the saved notebook has outputs"
    assert _same(saved, served), _cell_diff(REMOTE_CIM, "saved (embedded machine), then on qama-cim serve", saved, served)
    # And the jobs did go to the server: one per cim solve in the notebook (1, plus 10 in the experiment).
    finished = [line for line in log.read_text().splitlines() if "job finished" in line and "status=done" in line]
    assert len(finished) == 11, log.read_text()[-2000:]


# Every other notebook that calls cim() means the embedded machine and says so in the call; it must print its
# saved bytes whatever the environment says, here with QAMA_CIM_URL pointing at a served machine of another
# profile (setup's cpqc-550), where notebook 08's table once came out different.
ENVIRONMENT_FREE = sorted(p for p in (REPO / "notebooks").glob("*.ipynb")
                          if p != REMOTE_CIM and "cim(" in p.read_text())


def test_there_is_a_cim_notebook_besides_the_remote_one():
    assert [p.name for p in ENVIRONMENT_FREE] == ["08-real-attention.ipynb"]


@pytest.mark.parametrize("path", ENVIRONMENT_FREE, ids=lambda p: p.stem)
def test_embedded_cim_notebooks_ignore_QAMA_CIM_URL(path, cim_server, monkeypatch):
    url, token, log = cim_server
    monkeypatch.setenv("QAMA_CIM_URL", url)
    monkeypatch.setenv("QAMA_CIM_TOKEN", token)
    queued = log.read_text().count("job queued")
    saved = _outputs(nbformat.read(path, as_version=4))
    served = _outputs(_execute(path))
    assert _same(saved, served), _cell_diff(path, "saved, then with QAMA_CIM_URL set", saved, served)
    assert log.read_text().count("job queued") == queued  # nothing went to the server
