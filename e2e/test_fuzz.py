"""The fuzzer's CI run (issues 13 and 26): replay every regression case in fuzz/regressions, then a fixed-seed,
time-boxed run against `qama run`, a live kernel, the batch commands (`qama solve-qubo`, `qama solve-qama`),
the CIM server (`qama-cim serve`) and the widget comms. The children run under an 8 GB address-space cap with
no QAMA_MEMORY_LIMIT_GB, so the kernel's own memory budget must notice the cap (and what it admits, such as
issue13-quad-huge's 3.2 GB randn, must still stop within the fuzzer's 3 s interrupt grace). It must find
nothing; what it finds is saved as a new regression case (see fuzz/README.md)."""
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_fuzzer_finds_no_crash(qama):
    seconds = os.environ.get("QAMA_FUZZ_SECONDS", "60")
    p = subprocess.run([sys.executable, str(REPO / "fuzz" / "qama_fuzz.py"), "ci", "--seed", "1", "--seconds", seconds,
                        "--address-space-kb", "8000000"],
                       capture_output=True, text=True, timeout=float(seconds) + 600,
                       env={**os.environ, "QAMA_BIN": str(qama)})
    print(p.stdout)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    assert "replayed" in p.stdout and ": 0 crash(es)" in p.stdout
    # Every target ran and none found a crash (the summary line: "run: 123 cell(s), 0 crash(es); …").
    for target, unit in (("run", "cell"), ("kernel", "cell"), ("batch", "case"), ("cim", "case"), ("widgets", "case")):
        m = re.search(rf"\b{target}: (\d+) {unit}\(s\), (\d+) crash\(es\)", p.stdout)
        assert m and int(m.group(1)) > 0 and m.group(2) == "0", (target, p.stdout[-3000:])
