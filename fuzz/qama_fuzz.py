#!/usr/bin/env python3
"""Grammar-aware fuzzer for the QAMA kernel: it writes cells from the language's grammar and the builtin
list the binary reports (`help()` under `qama run`), mutates them and the example notebooks' cells, and runs
them through `qama run` and through a live kernel (jupyter_client), with is_complete, complete and inspect
requests on every cell.

A crash is any death by signal, trap or allocation failure (an exit code that is not 0, 1 or 130), a
kernel that dies, or a hang past the interrupt: a cell still running `--grace` seconds after SIGINT /
interrupt_kernel. Errors of the language (SyntaxError, ValueError, …) are the expected outcome.

Every crash is written to fuzz/regressions/<hash>.qama (a `// mode:` line says which target) and
`replay` runs every file there again; the test command runs `ci` (replay, then a fixed-seed, time-boxed
run). Usage:

    fuzz/qama_fuzz.py ci                                  # what scripts/test runs (about a minute)
    fuzz/qama_fuzz.py run --seed 7 --seconds 600          # a longer run for developers
    fuzz/qama_fuzz.py replay                              # the regression corpus only

Reproducible: one seed fixes every generated cell and file (the outcome can still depend on timing only
through the interrupt deadline).
"""
import argparse
import hashlib
import json
import os
import random
import re
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
REGRESSIONS = HERE / "regressions"
DICTIONARIES = HERE / "dictionaries"

# What a kernel process may use: the budget the kernel checks against (QAMA_MEMORY_LIMIT_GB), and an
# address-space cap well above it, so an allocation the budget missed aborts (a crash we find) instead of
# swapping the machine.
MEMORY_BUDGET_GB = "1"
ADDRESS_SPACE_CAP = 6 << 30


def binary() -> Path:
    explicit = os.environ.get("QAMA_BIN")
    return Path(explicit) if explicit else REPO / ".build" / "release" / "qama"


def child_env(workdir: Path) -> dict:
    env = dict(os.environ)
    env["QAMA_MEMORY_LIMIT_GB"] = MEMORY_BUDGET_GB
    env.pop("QAMA_CIM_TOKEN", None)
    return env


def limit_child():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


# ---------------------------------------------------------------------------------------------- builtins

def read_builtins(qama: Path, workdir: Path) -> list:
    """(name, labels, positional count) for every builtin, from `help()` as the binary prints it."""
    script = workdir / "help.qama"
    script.write_text("help()\n")
    out = subprocess.run([str(qama), "run", str(script)], capture_output=True, text=True, timeout=60,
                         env=child_env(workdir), cwd=workdir).stdout
    found = []
    for line in out.splitlines():
        m = re.match(r"^\s+([A-Za-z_][A-Za-z0-9_]*)\((.*)\)\s*$", line)
        if not m:
            continue
        name, params = m.group(1), m.group(2)
        labels = re.findall(r"([A-Za-z_][A-Za-z0-9_]*):", params)
        positional = len([p for p in re.split(r",\s*", params) if p and ":" not in p and p.strip()])
        found.append((name, labels, positional))
    if len(found) < 20:
        raise SystemExit(f"help() listed only {len(found)} builtins:\n{out}")
    return found


def read_dictionary(name: str) -> list:
    lines = (DICTIONARIES / name).read_text().splitlines()
    return [l for l in lines if l.strip() and not l.startswith("#")]


# ---------------------------------------------------------------------------------------------- files

def write_files(workdir: Path, rng: random.Random) -> list:
    """Malformed and edge-case .npy, .csv and .json files; returns their names."""
    names = []

    def npy(name, header: str, payload: bytes = b"", version=1):
        h = header.encode("latin1")
        pad = (64 - (10 + len(h) + 1) % 64) % 64
        h = h + b" " * pad + b"\n"
        if version == 1:
            raw = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h + payload
        else:
            raw = b"\x93NUMPY" + bytes([version, 0]) + struct.pack("<I", len(h)) + h + payload
        (workdir / name).write_bytes(raw)
        names.append(name)

    npy("huge_shape.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }")
    npy("overflow_shape.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 3), }")
    npy("big_claim.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }", b"\0" * 64)
    npy("truncated.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (10,), }", b"\0" * 16)
    npy("bad_descr.npy", "{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }", b"\0" * 32)
    npy("bad_size.npy", "{'descr': '<f0', 'fortran_order': False, 'shape': (2,), }", b"\0" * 32)
    npy("negative.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", b"\0" * 8)
    npy("no_shape.npy", "{'descr': '<f8', 'fortran_order': False, }", b"\0" * 8)
    npy("nan.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", struct.pack("<4d", float("nan"), float("inf"), -float("inf"), 1))
    npy("fortran.npy", "{'descr': '>i4', 'fortran_order': True, 'shape': (2, 3, 1), }", struct.pack(">6i", *range(6)))
    npy("v2_huge_header.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", b"\0" * 8, version=2)
    npy("zero_dims.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4294967296), }")
    npy("scalar.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", struct.pack("<d", 3.5))
    (workdir / "not_npy.npy").write_bytes(b"\x93NUMPY\x09")
    names.append("not_npy.npy")
    (workdir / "random.npy").write_bytes(b"\x93NUMPY\x01\x00" + bytes(rng.randrange(256) for _ in range(200)))
    names.append("random.npy")
    csvs = {
        "empty.csv": "",
        "cr_only.csv": "1,2\r3,4\r",
        "hex.csv": "0x10,1\n2,3\n",
        "ragged.csv": "1,2,3\n4\n5,6\n",
        "empty_field.csv": ",2\n3,4\n",
        "nan.csv": "nan,inf\n-inf,1\n",
        "header_only.csv": "a,b,c\n",
        "long_line.csv": ",".join(["1"] * 100000) + "\n",
        "quotes.csv": "\"1\",\"2\n",
        "binary.csv": "\x00\x01\x02,\xff\n",
    }
    for name, text in csvs.items():
        (workdir / name).write_bytes(text.encode("latin1"))
        names.append(name)
    jsons = {
        "model.json": '{"vartype": "binary", "variables": ["a"], "linear": {"a": 1e400}}',
        "deep.json": "[" * 5000 + "]" * 5000,
        "broken.json": '{"vartype": ',
    }
    for name, text in jsons.items():
        (workdir / name).write_text(text)
        names.append(name)
    return names


# ---------------------------------------------------------------------------------------------- generation

class Generator:
    """Cells from the language's grammar (see docs/LANGUAGE.md), biased towards the dictionaries."""

    def __init__(self, rng: random.Random, builtins: list, files: list, corpus: list):
        self.rng = rng
        self.builtins = builtins
        self.files = files
        self.corpus = corpus
        self.numbers = read_dictionary("numbers.dict")
        self.sizes = read_dictionary("sizes.dict")
        self.members = read_dictionary("members.dict")
        self.strings = read_dictionary("strings.dict")
        self.names = ["x", "s", "m", "r", "t", "g", "i", "n", "f", "q"]

    def number(self):
        return self.rng.choice(self.numbers) if self.rng.random() < 0.6 else str(self.rng.randint(-3, 12))

    def size(self):
        return self.rng.choice(self.sizes)

    def string(self):
        r = self.rng.random()
        if r < 0.4 and self.files:
            return json.dumps(self.rng.choice(self.files))
        return self.rng.choice(self.strings)

    def expr(self, depth=0):
        rng = self.rng
        if depth > 4:
            return self.atom()
        r = rng.random()
        if r < 0.25:
            return self.atom()
        if r < 0.45:
            return self.call(depth)
        if r < 0.60:
            op = rng.choice(["+", "-", "*", "/", "^", "%", "==", "<=", ">=", "&&", "||", "..<", "...", "<", "!="])
            return f"{self.expr(depth + 1)} {op} {self.expr(depth + 1)}"
        if r < 0.67:
            return f"{rng.choice(['-', '!', '+'])}{self.expr(depth + 1)}"
        if r < 0.75:
            return f"{self.expr(depth + 1)}[{', '.join(self.index() for _ in range(rng.randint(1, 3)))}]"
        if r < 0.82:
            return f"{self.expr(depth + 1)}.{rng.choice(self.members)}"
        if r < 0.87:
            return "[" + ", ".join(self.expr(depth + 1) for _ in range(rng.randint(0, 4))) + "]"
        if r < 0.92:
            v = rng.choice("ijk")
            return f"sum({v} in 0..<{self.size() if rng.random() < 0.3 else rng.randint(0, 5)}: {self.expr(depth + 1)})"
        if r < 0.96:
            return f"({self.expr(depth + 1)})"
        return self.nest()

    def index(self):
        return self.rng.choice([":", self.number(), f"0..<{self.rng.randint(0, 4)}", self.atom()])

    def atom(self):
        r = self.rng.random()
        if r < 0.35:
            return self.number()
        if r < 0.6:
            return self.rng.choice(self.names)
        if r < 0.7:
            return self.string()
        if r < 0.8:
            return self.rng.choice(["true", "false", "0/0", "1/0", "-1/0", "x[0]", "x[0]*x[1]"])
        return self.rng.choice([b[0] for b in self.builtins])

    def call(self, depth):
        name, labels, positional = self.rng.choice(self.builtins)
        args = []
        for _ in range(self.rng.choice([0, 1, 1, 2, 2, 3, positional])):
            args.append(self.rng.choice([self.size(), self.expr(depth + 1), self.number()]))
        for label in self.rng.sample(labels, k=min(len(labels), self.rng.randint(0, 3))):
            args.append(f"{label}: {self.rng.choice([self.size(), self.number(), self.string(), self.expr(depth + 1)])}")
        return f"{name}({', '.join(args)})"

    def nest(self):
        """Deep or long structures: brackets, unary chains, operator chains, member and call chains."""
        rng = self.rng
        n = rng.choice([50, 200, 300, 1000, 3000, 20000])
        kind = rng.randrange(9)
        if kind == 0:
            return "(" * n + "1" + ")" * n
        if kind == 1:
            return "+".join(["1"] * n)
        if kind == 2:
            return "-" * n + "1"
        if kind == 3:
            return "x" + ".energy" * n
        if kind == 4:
            return "[" * n + "]" * n
        if kind == 5:
            return "f" + "()" * n
        if kind == 6:
            return "2" + "^2" * n
        if kind == 7:
            return "\"" + "\\(\"" * min(n, 200) + "a" + "\")" * min(n, 200) + "\""
        return " && ".join(["true"] * n)

    def statement(self, depth=0):
        rng = self.rng
        r = rng.random()
        name = rng.choice(self.names)
        if r < 0.2:
            return f"let {name} = {self.expr()}"
        if r < 0.3:
            return f"var {name} = {self.expr()}"
        if r < 0.38:
            return f"param {rng.choice(['g', 'λ', 'μ'])} = {self.number()}"
        if r < 0.45:
            return f"{name} = {self.expr()}"
        if r < 0.5:
            return f"func {rng.choice(['f', 'h'])}({rng.choice(['', 'n', 'a, b'])}) = {self.expr()}"
        if r < 0.58 and depth < 3:
            body = "\n".join(self.statement(depth + 1) for _ in range(rng.randint(1, 3)))
            return f"for {rng.choice('ijk')} in {rng.choice(['0..<3', '0..<' + self.size(), self.expr()])} {{\n{body}\n}}"
        if r < 0.63 and depth < 3:
            return f"if {self.expr()} {{ {self.statement(depth + 1)} }} else {{ {self.statement(depth + 1)} }}"
        if r < 0.66:
            n = rng.choice([100, 200, 300, 1000])
            return "for i in 0..<1 { " * n + "1" + " }" * n
        if r < 0.68:
            return "if true { " * 300 + "1" + " }" * 300
        return self.expr()

    def prelude(self):
        return self.rng.choice([
            "let x = binary(3, name: \"x\")",
            "let s = spin(4, name: \"s\")\nlet x = binary(2)",
            "param g = 1\nlet x = binary(2)\nlet m = model(g*x[0]*x[1])",
            "let x = binary(2)\nlet r = solve(x[0] + x[1] - 2*x[0]*x[1], exact())",
            "let t = randn(3, 3)\nlet x = binary(3)",
            "func f(n) = n\nlet x = binary(2)",
        ])

    def cell(self):
        """A generated cell, or a mutant of one from the corpus."""
        if self.corpus and self.rng.random() < 0.3:
            return self.mutate(self.rng.choice(self.corpus))
        body = "\n".join(self.statement() for _ in range(self.rng.randint(1, 4)))
        return self.prelude() + "\n" + body

    def mutate(self, cell: str) -> str:
        rng = self.rng
        tokens = re.findall(r"[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:e-?\d+)?|\"[^\"\n]*\"|\S|\n", cell)
        if not tokens:
            return self.cell()
        for _ in range(rng.randint(1, 6)):
            k = rng.randrange(len(tokens))
            op = rng.randrange(6)
            if op == 0:
                del tokens[k]
            elif op == 1:
                tokens.insert(k, tokens[rng.randrange(len(tokens))])
            elif op == 2:
                tokens[k] = self.number() if re.match(r"\d", tokens[k]) else self.atom()
            elif op == 3:
                tokens.insert(k, self.rng.choice(["(", ")", "[", "]", "{", "}", ",", ":", ".", "\"", "\\(", "/*", "*/", ";", "\n"]))
            elif op == 4:
                tokens[k] = self.size() if re.match(r"\d", tokens[k]) else tokens[k]
            else:
                tokens.insert(k, self.expr(3))
            if not tokens:
                tokens = ["1"]
        out = ""
        for t in tokens:
            out += t if t == "\n" else t + " "
        return out


def corpus_cells() -> list:
    """Code cells of the example notebooks: real cells to mutate."""
    cells = []
    for nb in sorted((REPO / "notebooks").glob("*.ipynb")):
        for c in json.loads(nb.read_text())["cells"]:
            if c["cell_type"] == "code":
                src = "".join(c["source"])
                if "cim(" not in src and len(src) < 2000:
                    cells.append(src)
    return cells


# ---------------------------------------------------------------------------------------------- targets

class ScriptTarget:
    """`qama run FILE` per cell; SIGINT after `timeout`, and a crash when it is still alive `grace` later."""
    name = "run"

    def __init__(self, qama: Path, workdir: Path, timeout: float, grace: float):
        self.qama, self.workdir, self.timeout, self.grace = qama, workdir, timeout, grace

    def check(self, cell: str):
        """None when the script ended as a script may, else a description of the crash."""
        script = self.workdir / "cell.qama"
        script.write_text(cell)
        p = subprocess.Popen([str(self.qama), "run", str(script)], cwd=self.workdir, env=child_env(self.workdir),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=limit_child)
        try:
            _, err = p.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGINT)
            try:
                _, err = p.communicate(timeout=self.grace)
            except subprocess.TimeoutExpired:
                p.kill()
                p.communicate()
                return f"hang: still running {self.grace} s after SIGINT"
            if p.returncode != 130 and p.returncode not in (0, 1):
                return f"exit {p.returncode} after SIGINT: {err.decode(errors='replace')[-300:]}"
            return None
        if p.returncode in (0, 1, 130):
            return None
        return f"exit {p.returncode}: {err.decode(errors='replace')[-300:]}"

    def close(self):
        pass


class KernelTarget:
    """One live kernel through jupyter_client: execute, is_complete, complete and inspect per cell. A crash
    is a dead kernel or a cell that does not end within `grace` seconds of interrupt_kernel."""
    name = "kernel"

    def __init__(self, qama: Path, workdir: Path, timeout: float, grace: float):
        self.qama, self.workdir, self.timeout, self.grace = qama, workdir, timeout, grace
        self.km = self.kc = None
        self.start()

    def start(self):
        from jupyter_client.kernelspec import KernelSpecManager
        from jupyter_client.manager import KernelManager
        # A kernelspec of our own for the binary under test (the installed one may point elsewhere).
        spec = self.workdir / "kernels" / "qama-fuzz"
        spec.mkdir(parents=True, exist_ok=True)
        (spec / "kernel.json").write_text(json.dumps({
            "argv": [str(self.qama), "kernel", "-f", "{connection_file}"], "display_name": "QAMA (fuzz)",
            "language": "qama", "interrupt_mode": "signal"}))
        self.km = KernelManager(kernel_name="qama-fuzz",
                                kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec.parent)]))
        self.km.start_kernel(cwd=str(self.workdir), env=child_env(self.workdir), preexec_fn=limit_child)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        self.sentinel()

    def sentinel(self):
        self.kc.execute_interactive("let kept_by_the_kernel = 42", timeout=30)

    def reply(self, msg_id, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                msg = self.kc.get_shell_msg(timeout=max(0.05, deadline - time.time()))
            except Exception:
                if not self.km.is_alive():
                    return None
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        return None

    def check(self, cell: str):
        rng = random.Random(len(cell))
        for request in ("is_complete", "complete", "inspect"):
            if request == "is_complete":
                msg_id = self.kc.is_complete(cell)
            elif request == "complete":
                msg_id = self.kc.complete(cell, rng.randint(0, len(cell)))
            else:
                msg_id = self.kc.inspect(cell, rng.randint(0, len(cell)))
            if self.reply(msg_id, 10) is None:
                return self.died(f"{request}_request got no reply")
        msg_id = self.kc.execute(cell)
        if self.reply(msg_id, self.timeout) is None:
            if not self.km.is_alive():
                return self.died("the kernel died while executing")
            self.km.interrupt_kernel()
            if self.reply(msg_id, self.grace) is None:
                return self.died(f"hang: still running {self.grace} s after interrupt")
        self.drain()
        # The state survives: the binding made when the kernel started is still there.
        msg_id = self.kc.execute("kept_by_the_kernel", user_expressions={"k": "kept_by_the_kernel"})
        r = self.reply(msg_id, 10)
        if r is None:
            return self.died("no reply to the state check")
        expr = r["content"].get("user_expressions", {}).get("k", {})
        if expr.get("status") != "ok" or expr["data"]["text/plain"] != "42":
            self.sentinel()
            return None  # a cell may rebind names; not a crash
        return None

    def drain(self):
        while True:
            try:
                self.kc.get_iopub_msg(timeout=0.01)
            except Exception:
                return

    def died(self, why):
        alive = self.km.is_alive()
        code = None if alive else self.km.provisioner.process.poll() if self.km.provisioner else None
        self.close()
        self.start()
        return f"{why} (kernel {'alive' if alive else f'dead, exit {code}'})"

    def close(self):
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=True)
        except Exception:
            pass


# ---------------------------------------------------------------------------------------------- driving

def save_regression(cell: str, target: str, why: str) -> Path:
    REGRESSIONS.mkdir(exist_ok=True)
    digest = hashlib.sha256(cell.encode()).hexdigest()[:12]
    path = REGRESSIONS / f"{target}-{digest}.qama"
    path.write_text(f"// mode: {target}\n// found: {why.splitlines()[0][:200]}\n{cell}\n")
    return path


def regression_cases() -> list:
    cases = []
    for p in sorted(REGRESSIONS.glob("*.qama")):
        text = p.read_text()
        m = re.match(r"// mode: (\w+)\n", text)
        cases.append((p, m.group(1) if m else "run", text))
    return cases


def make_targets(kinds, qama, workdir, timeout, grace):
    return {k: (ScriptTarget if k == "run" else KernelTarget)(qama, workdir, timeout, grace) for k in kinds}


def replay(qama: Path, workdir: Path, args) -> int:
    cases = regression_cases()
    targets = make_targets(sorted({"run", "kernel"} & set(args.targets)), qama, workdir, args.timeout, args.grace)
    failures = 0
    try:
        for path, mode, text in cases:
            for kind, target in targets.items():
                if mode not in (kind, "both"):
                    continue
                why = target.check(text)
                if why:
                    failures += 1
                    print(f"REGRESSION {path.name} [{kind}]: {why}", flush=True)
    finally:
        for t in targets.values():
            t.close()
    print(f"replayed {len(cases)} regression case(s): {failures} crash(es)", flush=True)
    return failures


def fuzz(qama: Path, workdir: Path, args, files: list) -> int:
    rng = random.Random(args.seed)
    builtins = read_builtins(qama, workdir)
    gen = Generator(rng, builtins, files, corpus_cells())
    targets = make_targets(args.targets, qama, workdir, args.timeout, args.grace)
    counts = {k: 0 for k in targets}
    crashes = []
    deadline = time.time() + args.seconds
    try:
        while time.time() < deadline:
            cell = gen.cell()
            kind = rng.choice(sorted(targets))
            counts[kind] += 1
            why = targets[kind].check(cell)
            if why:
                path = save_regression(cell, kind, why)
                crashes.append(path)
                print(f"CRASH [{kind}] {why.splitlines()[0][:200]} -> {path.relative_to(REPO)}", flush=True)
    finally:
        for t in targets.values():
            t.close()
    print(f"seed {args.seed}: {sum(counts.values())} cells in {args.seconds:.0f} s "
          f"({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}), {len(builtins)} builtins, "
          f"{len(crashes)} crash(es)", flush=True)
    return len(crashes)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["run", "replay", "ci"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--timeout", type=float, default=3.0, help="seconds a cell may run before it is interrupted")
    ap.add_argument("--grace", type=float, default=3.0, help="seconds after the interrupt before it counts as a hang")
    ap.add_argument("--targets", default="run,kernel", help="comma-separated: run, kernel")
    args = ap.parse_args()
    args.targets = [t for t in args.targets.split(",") if t]
    qama = binary()
    if not qama.exists():
        raise SystemExit(f"{qama} is missing: build with `swift build -c release`")
    workdir = Path(tempfile.mkdtemp(prefix="qama-fuzz-"))
    try:
        files = write_files(workdir, random.Random(args.seed))
        failures = 0
        if args.command in ("replay", "ci"):
            failures += replay(qama, workdir, args)
        if args.command in ("run", "ci"):
            failures += fuzz(qama, workdir, args, files)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
