"""`papermill -p` on a QAMA notebook: the `qama` translator (python/qama/papermill.py, installed from ./python)
writes an `inject(...)` cell that keeps each name's kind, and the run uses the injected values."""
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

papermill = pytest.importorskip("papermill")

PARAMETERS = """param γ = 2
let n = 3
var title = "default"
let flags = [true]"""


def notebook(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "qama", "display_name": "QAMA", "language": "qama"}
    nb.metadata["language_info"] = {"name": "qama"}
    parameters = nbformat.v4.new_code_cell(PARAMETERS)
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        parameters,
        # γ is still a param (a model re-weights with it); n a plain number usable as a size.
        nbformat.v4.new_code_cell('let x = binary(n, name: "x")\nlet m = model(-γ * sum(i in 0..<n: x[i]))\nm.params'),
        nbformat.v4.new_code_cell("print(n, title, flags)\nsolve(m, exact()).energy"),
    ]
    path = tmp_path / "in.ipynb"
    nbformat.write(nb, path)
    return path


def outputs(nb, index):
    cell = [c for c in nb.cells if c.cell_type == "code"][index]
    return [o.get("text") or o.get("data", {}).get("text/plain") for o in cell.outputs]


def test_translator_writes_inject_cell():
    from qama.papermill import QamaTranslator

    code = QamaTranslator.codify({"γ": 4, "n": 5, "title": 'say "hi"\n', "on": True, "xs": [1, 2.5]})
    assert code == '// Parameters\ninject(γ: 4, n: 5, title: "say \\"hi\\"\\n", on: true, xs: [1, 2.5])\n'
    with pytest.raises(ValueError, match="not a QAMA identifier"):
        QamaTranslator.codify({"bad-name": 1})
    with pytest.raises(ValueError, match="no null value"):
        QamaTranslator.codify({"x": None})


def test_papermill_runs_with_parameters(tmp_path):
    source = notebook(tmp_path)
    target = tmp_path / "out.ipynb"
    run = subprocess.run([sys.executable, "-m", "papermill", str(source), str(target), "-k", "qama",
                          "-p", "γ", "4", "-p", "n", "2", "-p", "title", "run 2", "--log-level", "ERROR"],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    nb = nbformat.read(target, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert injected[0].source == '// Parameters\ninject(γ: 4, n: 2, title: "run 2")\n'
    # The injected values reached the cells below, and γ stayed a param of the model.
    assert outputs(nb, 2) == ['["γ"]']
    assert outputs(nb, 3) == ["2 run 2 [true]\n", "-8"]  # −γ·n at γ = 4, n = 2


def test_a_string_with_windows_line_ends_is_a_parameter(tmp_path):
    """papermill writes "\\r" for a carriage return; the lexer reads it back (it used to be a SyntaxError)."""
    source = notebook(tmp_path)
    target = tmp_path / "out.ipynb"
    run = subprocess.run([sys.executable, "-m", "papermill", str(source), str(target), "-k", "qama",
                          "-p", "title", "line 1\r\nline 2", "--log-level", "ERROR"],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    nb = nbformat.read(target, as_version=4)
    assert outputs(nb, 3) == ["3 line 1\r\nline 2 [true]\n", "-6"]


def test_help_notebook_lists_declarations(tmp_path):
    source = notebook(tmp_path)
    run = subprocess.run([sys.executable, "-m", "papermill", str(source), "--help-notebook", "-k", "qama"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    for line in ["γ: param (default 2)", "n: let (default 3)", 'title: var (default "default")']:
        assert line in run.stdout, run.stdout
