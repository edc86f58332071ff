"""`papermill -p` on a QAMA notebook: the `qama` translator (python/qama/papermill.py, installed from ./python)
writes an `inject(...)` cell that keeps each name's kind, and the run uses the injected values."""
import json
import os
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


# The example notebooks with a cell tagged `parameters`.

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def run_papermill(source: Path, target: Path, *parameters: str):
    env = {k: v for k, v in os.environ.items() if not k.startswith("QAMA_CIM")}  # the in-kernel machine
    run = subprocess.run([sys.executable, "-m", "papermill", str(source), str(target), "-k", "qama",
                          "--cwd", str(NOTEBOOKS), "--log-level", "ERROR", *parameters],
                         capture_output=True, text=True, timeout=600, env=env)
    assert run.returncode == 0, run.stderr
    return nbformat.read(target, as_version=4)


def cell_outputs(nb, cell_id):
    (cell,) = [c for c in nb.cells if c.get("id") == cell_id]
    return [o.get("text") or o.get("data", {}).get("text/plain") for o in cell.outputs]


def injected_source(nb):
    return [c.source for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]


@pytest.mark.parametrize("name, cell_id", [("02-penalty-weights", "02-penalty-weights-01"),
                                           ("06-coefficient-selection", "06-coefficient-selection-02")])
def test_example_notebooks_tag_their_parameter_declarations(name, cell_id):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    tagged = [c.get("id") for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert tagged == [cell_id]


def test_penalty_weights_notebook_takes_gamma(tmp_path):
    """02-penalty-weights declares `param γ = 0.05` and solves `low` at it before it sets γ = 2 itself. At γ = 4
    the best state has no head overlap, so it is the one the notebook finds at γ = 2 (raising γ only raises the
    energy of states with overlap, and that state has none): `low` becomes `high`, with the weight 4."""
    saved = nbformat.read(NOTEBOOKS / "02-penalty-weights.ipynb", as_version=4)
    nb = run_papermill(NOTEBOOKS / "02-penalty-weights.ipynb", tmp_path / "out.ipynb", "-p", "γ", "4")
    assert injected_source(nb) == ["// Parameters\ninject(γ: 4)\n"]
    high_terms = cell_outputs(saved, "02-penalty-weights-06")  # high.terms, solved at γ = 2
    assert high_terms[0].count("head overlap  2       0\n") == 1
    expected = [high_terms[0].replace("head overlap  2       0\n", "head overlap  4       0\n")]
    assert expected != cell_outputs(saved, "02-penalty-weights-05")  # what low.terms shows at γ = 0.05
    assert cell_outputs(nb, "02-penalty-weights-05") == expected
    assert cell_outputs(nb, "02-penalty-weights-05")[0].splitlines()[-1].split() == ["total", "-48.8012"]
    # sparsity(low) is the saved sparsity(high): 12 of the 48 bits.
    assert cell_outputs(nb, "02-penalty-weights-02") == cell_outputs(saved, "02-penalty-weights-04")
    assert "nonzero weights 12 of 48 (25 %)" in cell_outputs(nb, "02-penalty-weights-02")[0]
    # From `γ = 2` on, the notebook is what it was.
    for cell_id in ("02-penalty-weights-04", "02-penalty-weights-06", "02-penalty-weights-10"):
        assert cell_outputs(nb, cell_id) == cell_outputs(saved, cell_id)


def test_coefficient_selection_notebook_takes_beta_and_gamma(tmp_path):
    """06-coefficient-selection declares `param β = 0.16` and `param γ = 0.8` with the four models built from them,
    but every solve after it sets β and γ itself (the sweeps over the grid restore them afterwards; the last cell
    names 0.16 and 0.8), so no saved output shows them. A cell appended to a copy shows m1, whose summary
    prints its params: the injected values, still in place at the end."""
    saved = nbformat.read(NOTEBOOKS / "06-coefficient-selection.ipynb", as_version=4)
    copy = nbformat.read(NOTEBOOKS / "06-coefficient-selection.ipynb", as_version=4)
    copy.cells.append(nbformat.v4.new_code_cell("m1", id="appended-m1"))
    nbformat.write(copy, tmp_path / "in.ipynb")
    nb = run_papermill(tmp_path / "in.ipynb", tmp_path / "out.ipynb", "-p", "β", "0.5", "-p", "γ", "0.3")
    assert injected_source(nb) == ["// Parameters\ninject(β: 0.5, γ: 0.3)\n"]
    summary = cell_outputs(saved, "06-coefficient-selection-02")  # m1 as the parameters cell shows it
    assert summary[0].count("params       β = 0.16, γ = 0.8\n") == 1
    assert cell_outputs(nb, "appended-m1") == [summary[0].replace("β = 0.16, γ = 0.8", "β = 0.5, γ = 0.3")]
