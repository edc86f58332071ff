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


def _memory_cgroup(tmp_name: str, limit: int):
    """A fresh memory cgroup limited to `limit` bytes (v2 when the unified hierarchy has the memory controller,
    else v1), or None where this machine does not let us make one (then the test is skipped: not every CI
    machine has a writable cgroup filesystem)."""
    import os
    from pathlib import Path
    v2 = Path("/sys/fs/cgroup")
    if (v2 / "cgroup.controllers").exists() and "memory" in (v2 / "cgroup.controllers").read_text().split():
        group, limit_file = v2 / tmp_name, "memory.max"
    elif (v2 / "memory" / "memory.limit_in_bytes").exists():
        group, limit_file = v2 / "memory" / tmp_name, "memory.limit_in_bytes"
    else:
        return None
    try:
        group.mkdir(exist_ok=True)
        (group / limit_file).write_text(str(limit))
    except OSError:
        return None
    return group


def test_a_cgroup_memory_limit_is_the_budget(qama, tmp_path):
    # A container's limit (JupyterHub on Kubernetes, a batch system): 2 GB for the process's cgroup. The budget
    # reads the cgroup the process is in (v1 or v2, hybrid machines included) and refuses ones(2^31) with what
    # the cgroup leaves, instead of the kernel's OOM killer ending the process.
    group = _memory_cgroup(f"qama-test-{tmp_path.name}", 2 * 1024 ** 3)
    if group is None:
        pytest.skip("no writable memory cgroup on this machine")
    try:
        script = tmp_path / "big.qama"
        script.write_text("let a = ones(2^31)\n")
        r = subprocess.run(["sh", "-c", f'echo $$ > {group}/cgroup.procs && exec "$0" run "$1"', str(qama), str(script)],
                           env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=60)
        assert r.returncode == 1, r.stderr
        first = r.stderr.splitlines()[0]
        assert "ValueError: ones(2147483648) needs about 17.2 GB; " in first, first
        available = float(first.split("; ")[1].split(" GB of memory is available")[0])
        assert 1.0 < available <= 2.15, first  # the cgroup's 2 GB less what the process uses
    finally:
        try:
            group.rmdir()
        except OSError:
            pass
