"""Malformed input on the shell socket is logged and dropped; the kernel keeps answering. Huge messages pass."""
import hashlib
import hmac
import json
import uuid

import pytest
import zmq


def _header(msg_type="kernel_info_request", **drop):
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": uuid.uuid4().hex,
              "username": "test", "date": "2026-01-01T00:00:00.000000Z", "version": "5.3"}
    for field in drop:
        header.pop(field)
    return json.dumps(header).encode()


def _signed(key: bytes, parts):
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for p in parts:
        mac.update(p)
    return [b"<IDS|MSG>", mac.hexdigest().encode()] + parts


def _bad_messages(key):
    ok_header = _header()
    return {
        "bad signature": [b"<IDS|MSG>", b"0" * 64, ok_header, b"{}", b"{}", b"{}"],
        "too few frames": [b"<IDS|MSG>", b"", ok_header],
        "no delimiter": [b"hello"],
        "invalid utf-8": _signed(key, [ok_header, b"{}", b"{}", b'{"code": "\xff\xfe"}']),
        "invalid json": _signed(key, [ok_header, b"{}", b"{}", b"{"]),
        "json not an object": _signed(key, [b"[1, 2]", b"{}", b"{}", b"{}"]),
        "missing header field": _signed(key, [_header(msg_type=None), b"{}", b"{}", b"{}"]),
        "unknown msg_type": _signed(key, [_header("frobnicate_request"), b"{}", b"{}", b"{}"]),
    }


@pytest.mark.parametrize("case", list(_bad_messages(b"k").keys()))
def test_bad_input_is_dropped_and_the_kernel_still_answers(kernel, case):
    info = kernel.km.get_connection_info()
    frames = _bad_messages(kernel.km.session.key)[case]
    ctx = zmq.Context.instance()
    for channel, port in (("shell", info["shell_port"]), ("control", info["control_port"])):
        sock = ctx.socket(zmq.DEALER)
        sock.linger = 0
        sock.connect(f"tcp://{info['ip']}:{port}")
        sock.send_multipart(frames)
        if case != "unknown msg_type":
            assert sock.poll(500) == 0, f"{case} on {channel} got a reply"
        sock.close()
    reply = kernel.kc.kernel_info(reply=True, timeout=10)
    assert reply["content"]["status"] == "ok"
    assert kernel.km.is_alive()


def test_replayed_message_is_rejected(kernel):
    info = kernel.km.get_connection_info()
    frames = _signed(kernel.km.session.key, [_header(), b"{}", b"{}", b"{}"])
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.linger = 0
    sock.connect(f"tcp://{info['ip']}:{info['shell_port']}")
    sock.send_multipart(frames)
    assert sock.poll(10000), "the original message is answered"
    sock.recv_multipart()
    sock.send_multipart(frames)
    assert sock.poll(500) == 0, "the replay is dropped"
    sock.close()


def test_a_100_mb_message_passes(kernel):
    padding = "x" * (100 * 1024 * 1024)
    msg = kernel.kc.session.msg("kernel_info_request", {"padding": padding})
    kernel.kc.shell_channel.send(msg)
    reply = kernel.shell_reply(msg["header"]["msg_id"], timeout=60)
    assert reply["msg_type"] == "kernel_info_reply"
    assert kernel.result_text("6 * 7") == "42"
