"""The memory budget follows the process's own limits, not only the machine's: under an address-space cap
(`ulimit -v`, RLIMIT_AS, as a batch system or a container sets it) an oversized allocation is the budget's
ValueError naming the size and what the cap leaves, not an abort in the allocator (issue 26's first item)."""
import resource
import subprocess

import pytest

CAP = 8_000_000 * 1024  # `ulimit -v 8000000`: 8 GB of address space


def run_capped(qama, tmp_path, code):
    script = tmp_path / "big.qama"
    script.write_text(code + "\n")

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))

    env = {"PATH": "/usr/bin:/bin"}  # no QAMA_MEMORY_LIMIT_GB: the limits themselves must be found
    return subprocess.run([str(qama), "run", str(script)], preexec_fn=cap, env=env, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("code, needs", [
    ("let a = ones(2^31)", "ones(2147483648) needs about 17.2 GB"),
    ("let z = zeros(40000, 40000)", "zeros(40000, 40000) needs about 12.8 GB"),
])
def test_an_address_space_cap_is_the_budget(qama, tmp_path, code, needs):
    r = run_capped(qama, tmp_path, code)
    assert r.returncode == 1, r.stderr  # an error exit, not SIGABRT (-6)
    first = r.stderr.splitlines()[0]
    assert f"ValueError: {needs}; " in first, first
    # What the cap leaves: at most the cap, and more than the few hundred MB the process has mapped.
    available = float(first.split("; ")[1].split(" GB of memory is available")[0])
    assert 6.0 < available <= 8.2, first
