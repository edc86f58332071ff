"""Output paths: stdin round trip, live display updates, batched streams, abort after an error."""
import time


def test_input_round_trips_over_stdin(kernel):
    msg_id = kernel.kc.execute('input("x? ")', allow_stdin=True)
    request = kernel.kc.get_stdin_msg(timeout=30)
    assert request["msg_type"] == "input_request"
    assert request["content"]["prompt"] == "x? "
    assert request["parent_header"]["msg_id"] == msg_id
    kernel.kc.input("Ada")
    reply = kernel.shell_reply(msg_id)
    assert reply["content"]["status"] == "ok"
    outputs = kernel.iopub_until_idle(msg_id)
    assert any("Ada" in m["content"].get("data", {}).get("text/plain", "") for m in outputs
               if m["msg_type"] == "execute_result")


def test_input_without_stdin_is_an_error_not_a_hang(kernel):
    reply, _ = kernel.execute('input("x? ")', allow_stdin=False)
    assert reply["content"]["status"] == "error"


def test_progress_display_is_updated_in_place(kernel):
    code = ("seed(1)\nlet m = qama(randn(4, 16, 8), randn(4, 16, 8), rand(4, 16, 8))\n"
            "let r = solve(m, sa(reads: 64, sweeps: 4000))")
    reply, iopub = kernel.execute(code, timeout=120)
    assert reply["content"]["status"] == "ok", reply["content"]
    displays = [m for m in iopub if m["msg_type"] == "display_data"]
    updates = [m for m in iopub if m["msg_type"] == "update_display_data"]
    assert displays and updates
    display_id = displays[0]["content"]["transient"]["display_id"]
    assert all(u["content"]["transient"]["display_id"] == display_id for u in updates)


def test_fast_output_is_batched_into_few_stream_messages(kernel):
    reply, iopub = kernel.execute("for i in 0..<3000 { print(i) }")
    assert reply["content"]["status"] == "ok"
    streams = [m for m in iopub if m["msg_type"] == "stream"]
    text = "".join(m["content"]["text"] for m in streams)
    assert text == "".join(f"{i}\n" for i in range(3000))
    assert len(streams) < 300


def test_an_error_aborts_the_cells_queued_behind_it(kernel):
    # The first cell waits on stdin, so the next two are surely received (queued) before it fails.
    first = kernel.kc.execute('let answer = input("go? ")\nundefined_name_xyz', allow_stdin=True)
    second = kernel.kc.execute("6 * 7")
    third = kernel.kc.execute("6 * 7", stop_on_error=False)
    assert kernel.kc.get_stdin_msg(timeout=30)["msg_type"] == "input_request"
    time.sleep(0.5)
    kernel.kc.input("go")
    assert kernel.shell_reply(first)["content"]["status"] == "error"
    assert kernel.shell_reply(second)["content"]["status"] == "aborted"
    assert kernel.shell_reply(third)["content"]["status"] == "aborted"
    # A cell sent after the error was seen runs normally.
    assert kernel.result_text("6 * 7") == "42"


def test_status_brackets_every_request(kernel):
    msg_id = kernel.kc.kernel_info()
    kernel.shell_reply(msg_id)
    states = [m["content"]["execution_state"] for m in kernel.iopub_until_idle(msg_id) if m["msg_type"] == "status"]
    assert states == ["busy", "idle"]


def test_comm_open_to_an_unknown_target_is_closed_back(kernel):
    msg = kernel.kc.session.msg("comm_open", {"comm_id": "c-1", "target_name": "nobody", "data": {}})
    kernel.kc.shell_channel.send(msg)
    closes = [m for m in kernel.iopub_until_idle(msg["header"]["msg_id"]) if m["msg_type"] == "comm_close"]
    assert closes and closes[0]["content"]["comm_id"] == "c-1"
    info = kernel.kc.comm_info()
    assert kernel.shell_reply(info)["content"]["comms"] == {}
