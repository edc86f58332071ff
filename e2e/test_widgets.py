"""Widgets through jupyter_client, as a front end drives them: `interact` opens the widget comms, a slider
update (comm_msg method "update" with state and buffer_paths) re-draws the figure into the Output widget,
moves queued behind a busy kernel coalesce into one re-draw, errors and interrupts show in the output area
with the controls alive, and the param keeps the slider's value for later cells. The widget states are
checked against ipywidgets 8 itself (the same keys and model/view identities as its get_state())."""
import time

import ipywidgets
import pytest

SETUP = """seed(3)
let Q = randn(2, 16, 8); let K = randn(2, 16, 8); let V = rand(2, 16, 8)
param γ = 0.8
param β = 0.16
let m = qama(Q, K, V, gamma: γ, beta: β)
func view() = sparsity(solve(m, sa(reads: 8, sweeps: 500)))"""

VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def opened_widgets(iopub):
    """comm_id → state of every comm_open on the jupyter.widget target."""
    return {m["content"]["comm_id"]: m["content"]["data"]["state"] for m in iopub
            if m["msg_type"] == "comm_open" and m["content"]["target_name"] == "jupyter.widget"}


def find(widgets, model, **state):
    return next(i for i, s in widgets.items()
                if s["_model_name"] == model and all(s.get(k) == v for k, v in state.items()))


def send_update(kernel, comm_id, state):
    """What @jupyter-widgets/base sends when the user moves a control."""
    msg = kernel.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {
        "method": "update", "state": state, "buffer_paths": []}})
    kernel.kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


def comm_msgs(iopub, comm_id, method):
    return [m for m in iopub if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id
            and m["content"]["data"].get("method") == method]


def svg_of(outputs):
    [only] = outputs
    assert only["output_type"] == "display_data", only
    return only["data"]["image/svg+xml"]


@pytest.fixture
def interact(kernel):
    reply, _ = kernel.execute(SETUP)
    assert reply["content"]["status"] == "ok", reply["content"]
    reply, iopub = kernel.execute("interact(view, γ: 0...4, β: 0...1, step: 0.05)", timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    widgets = opened_widgets(iopub)
    return kernel, iopub, widgets


def test_interact_shows_a_widget_view_with_a_text_fallback(interact):
    kernel, iopub, widgets = interact
    [result] = [m for m in iopub if m["msg_type"] == "execute_result"]
    data = result["content"]["data"]
    box = find(widgets, "VBoxModel")
    assert data[VIEW_MIME] == {"model_id": box, "version_major": 2, "version_minor": 0}
    assert data["text/plain"] == ("interact · γ = 0.8 (0…4 step 0.05) · β = 0.16 (0…1 step 0.05)")
    gamma = widgets[find(widgets, "FloatSliderModel", description="γ")]
    assert (gamma["min"], gamma["max"], gamma["step"], gamma["value"]) == (0.0, 4.0, 0.05, 0.8)
    assert gamma["readout_format"] == ".2f"
    # Children are referenced by model id and opened before the box that holds them.
    ids = list(widgets)
    for child in widgets[box]["children"]:
        assert child.startswith("IPY_MODEL_") and ids.index(child[len("IPY_MODEL_"):]) < ids.index(box)
    area = widgets[find(widgets, "OutputModel")]
    assert svg_of(area["outputs"]).startswith("<svg")


def ipywidgets_reference():
    """_model_name → a fresh ipywidgets 8 widget's get_state(), for every model we open (styles and layout too)."""
    reference = {}
    for cls in (ipywidgets.FloatSlider, ipywidgets.IntSlider, ipywidgets.Dropdown, ipywidgets.ToggleButton,
                ipywidgets.Button, ipywidgets.Label, ipywidgets.HBox, ipywidgets.VBox, ipywidgets.Output):
        widget = cls()
        for part in (widget, getattr(widget, "style", None), widget.layout):
            if part is not None:
                state = part.get_state()
                reference[state["_model_name"]] = state
    return reference


def test_widget_states_match_ipywidgets_8(kernel):
    reply, _ = kernel.execute(SETUP + '\nparam k = 2\nvar mode = "a"\nvar flag = true')
    assert reply["content"]["status"] == "ok", reply["content"]
    reply, iopub = kernel.execute('interact(view, γ: [0.5, 0.8, 2], k: 0...8, mode: ["a", "b"], flag: true, manual: true)',
                                  timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    widgets = opened_widgets(iopub)
    reply, iopub = kernel.execute("interact(view, γ: 0...4, step: 0.05)", timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    widgets.update(opened_widgets(iopub))
    reference = ipywidgets_reference()
    for state in widgets.values():
        expected = reference[state["_model_name"]]
        assert set(state) == set(expected), state["_model_name"]
        for key in ("_model_module", "_model_module_version", "_view_module", "_view_module_version", "_view_name"):
            assert state[key] == expected[key], (state["_model_name"], key)
    assert {s["_model_name"] for s in widgets.values()} == set(reference)
    k = widgets[find(widgets, "IntSliderModel", description="k")]
    assert (k["min"], k["max"], k["step"], k["value"]) == (0, 8, 1, 2)
    gamma = widgets[find(widgets, "DropdownModel", description="γ")]
    assert (gamma["_options_labels"], gamma["index"]) == (["0.5", "0.8", "2"], 1)
    assert widgets[find(widgets, "ToggleButtonModel", description="flag")]["value"] is True


def test_a_slider_move_re_draws_and_the_param_keeps_its_value(interact):
    kernel, _, widgets = interact
    slider = find(widgets, "FloatSliderModel", description="γ")
    area = find(widgets, "OutputModel")
    label = find(widgets, "LabelModel")
    before = svg_of(widgets[area]["outputs"])

    msg_id = send_update(kernel, slider, {"value": 3.5})
    iopub = kernel.iopub_until_idle(msg_id, timeout=60)
    [echo] = comm_msgs(iopub, slider, "echo_update")
    assert echo["content"]["data"]["state"] == {"value": 3.5}
    assert echo["parent_header"]["msg_id"] == msg_id
    [redraw] = comm_msgs(iopub, area, "update")
    after = svg_of(redraw["content"]["data"]["state"]["outputs"])
    assert after != before
    [status] = comm_msgs(iopub, label, "update")
    assert status["content"]["data"]["state"] == {"value": "γ = 3.5 · β = 0.16"}
    assert kernel.result_text("γ") == "γ = 3.5 (param)"

    # Back to the first value: the same figure, byte for byte (each re-draw starts from the same seed).
    iopub = kernel.iopub_until_idle(send_update(kernel, slider, {"value": 0.8}), timeout=60)
    [redraw] = comm_msgs(iopub, area, "update")
    assert svg_of(redraw["content"]["data"]["state"]["outputs"]) == before


def test_out_of_range_values_are_clamped_and_the_front_end_corrected(interact):
    kernel, _, widgets = interact
    slider = find(widgets, "FloatSliderModel", description="β")
    iopub = kernel.iopub_until_idle(send_update(kernel, slider, {"value": 7}), timeout=60)
    [correction] = comm_msgs(iopub, slider, "update")
    assert correction["content"]["data"]["state"] == {"value": 1.0}
    assert kernel.result_text("β") == "β = 1 (param)"


def test_moves_queued_behind_a_busy_kernel_coalesce_into_one_re_draw(interact):
    kernel, _, widgets = interact
    slider = find(widgets, "FloatSliderModel", description="γ")
    area = find(widgets, "OutputModel")
    # A cell waiting for input keeps the kernel busy while the moves arrive.
    blocker = kernel.kc.execute('input("go? ")', allow_stdin=True)
    kernel.kc.get_stdin_msg(timeout=30)
    moves = [send_update(kernel, slider, {"value": v}) for v in (1.0, 1.5, 2.0, 2.5, 3.0)]
    time.sleep(0.2)
    kernel.kc.input("y")
    assert kernel.shell_reply(blocker)["content"]["status"] == "ok"
    # One batch: every move's busy first, its idle after the batch; gather the lot, then sort by parent.
    pending, seen = set(moves), []
    while pending:
        m = kernel.kc.get_iopub_msg(timeout=60)
        parent = m["parent_header"].get("msg_id")
        if parent in moves:
            seen.append(m)
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                pending.discard(parent)
    redraws = []
    for msg_id in moves:
        mine = [m for m in seen if m["parent_header"]["msg_id"] == msg_id]
        assert len(comm_msgs(mine, slider, "echo_update")) == 1
        redraws += comm_msgs(mine, area, "update")
    assert len(redraws) == 1 and redraws[0]["parent_header"]["msg_id"] == moves[-1]
    assert kernel.result_text("γ") == "γ = 3 (param)"
    # The coalesced figure is the one a single move to 3 draws.
    send_update(kernel, slider, {"value": 0.5})
    kernel.iopub_until_idle(send_update(kernel, slider, {"value": 0.5}), timeout=60)
    iopub = kernel.iopub_until_idle(send_update(kernel, slider, {"value": 3.0}), timeout=60)
    assert comm_msgs(iopub, area, "update")[0]["content"]["data"]["state"]["outputs"] == \
        redraws[0]["content"]["data"]["state"]["outputs"]


def test_an_error_shows_in_the_output_area_and_the_controls_stay_alive(kernel):
    reply, iopub = kernel.execute('var which = "nope"\nfunc g() = graph(which)\ninteract(g, which: ["nope", "G1"])')
    assert reply["content"]["status"] == "ok", reply["content"]
    widgets = opened_widgets(iopub)
    area = widgets[find(widgets, "OutputModel")]
    [error] = area["outputs"]
    assert error["output_type"] == "error" and error["ename"] == "ValueError", error
    dropdown = find(widgets, "DropdownModel", description="which")
    assert widgets[dropdown]["_options_labels"] == ["nope", "G1"] and widgets[dropdown]["index"] == 0
    iopub = kernel.iopub_until_idle(send_update(kernel, dropdown, {"index": 1}), timeout=60)
    [redraw] = comm_msgs(iopub, find(widgets, "OutputModel"), "update")
    [shown] = redraw["content"]["data"]["state"]["outputs"]
    assert shown["output_type"] == "display_data" and "800" in shown["data"]["text/plain"]
    assert kernel.result_text("which") == '"G1"'


def test_interrupt_stops_a_re_solve(kernel):
    reply, _ = kernel.execute(SETUP + "\nfunc slow() = sparsity(solve(m, sa(reads: 64, sweeps: 1000000)))")
    assert reply["content"]["status"] == "ok"
    reply, iopub = kernel.execute("interact(slow, γ: 0...4, step: 0.05, manual: true)", timeout=60)
    widgets = opened_widgets(iopub)
    button = find(widgets, "ButtonModel", description="Run")
    area = find(widgets, "OutputModel")
    msg = kernel.kc.session.msg("comm_msg", {"comm_id": button, "data": {"method": "custom", "content": {"event": "click"}}})
    kernel.kc.shell_channel.send(msg)
    while True:  # wait until the kernel is busy with the click
        m = kernel.kc.get_iopub_msg(timeout=30)
        if m["parent_header"].get("msg_id") == msg["header"]["msg_id"] and m["msg_type"] == "status":
            break
    time.sleep(0.3)
    t0 = time.monotonic()
    kernel.km.interrupt_kernel()
    iopub = kernel.iopub_until_idle(msg["header"]["msg_id"], timeout=30)
    assert time.monotonic() - t0 < 5
    [redraw] = comm_msgs(iopub, area, "update")
    [error] = redraw["content"]["data"]["state"]["outputs"]
    assert error["output_type"] == "error" and error["ename"] == "Interrupted"
    assert kernel.result_text("6 * 7") == "42"


def test_request_state_and_comm_info(interact):
    kernel, _, widgets = interact
    slider = find(widgets, "FloatSliderModel", description="γ")
    msg = kernel.kc.session.msg("comm_msg", {"comm_id": slider, "data": {"method": "request_state"}})
    kernel.kc.shell_channel.send(msg)
    [full] = comm_msgs(kernel.iopub_until_idle(msg["header"]["msg_id"]), slider, "update")
    assert full["content"]["data"]["state"] == widgets[slider]
    msg_id = kernel.kc.comm_info(target_name="jupyter.widget")
    comms = kernel.shell_reply(msg_id)["content"]["comms"]
    assert set(widgets) <= set(comms) and all(c["target_name"] == "jupyter.widget" for c in comms.values())
