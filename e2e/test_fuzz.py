"""The fuzzer's CI run (issue 13): replay every regression case in fuzz/regressions, then a fixed-seed,
time-boxed run against `qama run` and a live kernel. It must find nothing; what it finds is saved as a new
regression case (see fuzz/README.md)."""
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_fuzzer_finds_no_crash(qama):
    seconds = os.environ.get("QAMA_FUZZ_SECONDS", "60")
    p = subprocess.run([sys.executable, str(REPO / "fuzz" / "qama_fuzz.py"), "ci", "--seed", "1", "--seconds", seconds],
                       capture_output=True, text=True, timeout=float(seconds) + 600,
                       env={**os.environ, "QAMA_BIN": str(qama)})
    print(p.stdout)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    assert "replayed" in p.stdout and ": 0 crash(es)" in p.stdout
