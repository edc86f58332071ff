"""The kernel binds ipc endpoints when the connection file says so, and answers every signature scheme
jupyter_client can be configured with."""
import pytest
from jupyter_client.manager import KernelManager

from conftest import RunningKernel


def test_ipc_transport(tmp_path):
    k = RunningKernel(transport="ipc", ip=str(tmp_path / "kernel-ipc"))
    try:
        assert k.km.get_connection_info()["transport"] == "ipc"
        assert k.result_text("6 * 7") == "42"
    finally:
        k.stop()


@pytest.mark.parametrize("scheme", ["hmac-sha1", "hmac-sha224", "hmac-sha384", "hmac-sha512"])
def test_signature_schemes(scheme):
    km = KernelManager(kernel_name="qama")
    km.session.signature_scheme = scheme
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=30)
        assert kc.kernel_info(reply=True, timeout=10)["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
