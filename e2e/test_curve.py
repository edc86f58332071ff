"""CurveZMQ transport encryption as jupyter_client 8.10 provisions it."""
import zmq

from conftest import RunningKernel


def test_kernel_runs_with_required_transport_encryption():
    k = RunningKernel(transport_encryption="required")
    try:
        info = k.km.get_connection_info()
        assert info.get("curve_secretkey") and info.get("curve_publickey")
        assert k.kc.kernel_info(reply=True, timeout=10)["content"]["status"] == "ok"
        assert k.result_text("6 * 7") == "42"

        # A client without the server key gets nothing through.
        plain = zmq.Context.instance().socket(zmq.DEALER)
        plain.linger = 0
        plain.connect(f"tcp://{info['ip']}:{info['shell_port']}")
        msg = k.kc.session.msg("kernel_info_request", {})
        k.kc.session.send(plain, msg)
        assert plain.poll(1000) == 0
        plain.close()
    finally:
        k.stop()
