#!/usr/bin/env python3
"""Grammar-aware fuzzer for the QAMA kernel and its commands. Five targets (`--targets`, all by default):

    run      cells written from the language's grammar and the builtin list the binary reports (`help()`
             under `qama run`), and mutants of the example notebooks' cells, run by `qama run FILE`
    kernel   the same cells in a live kernel (jupyter_client), with is_complete, complete and inspect
             requests on every cell
    batch    `qama solve-qubo [--format dense|coo]` and `qama solve-qama` on generated and mutated .npy
             input (headers, shapes, dtypes, values, truncation; a directory, a FIFO, /dev/zero, a missing
             file) and mutated `--solver` expressions and options
    cim      `qama-cim serve`: random settings (it refuses them with exit 64 or starts and stops on SIGTERM),
             and random and mutated job bodies and requests against one running server
    widgets  `interact(...)` in a live kernel, then random comm_msg / comm_open / comm_close messages with
             mutated states to its widgets' comms and to made-up ones; the kernel must still answer `1 + 1`

What counts as a crash, per target:

    run      a death by signal, trap or allocation failure (an exit code that is not 0, 1 or 130), or a cell
             still running `--grace` seconds after SIGINT
    kernel   a kernel that dies, or a cell still running `--grace` seconds after interrupt_kernel
    batch    a death by signal, an exit code other than 0, 2 (the commands' error) or 64 (usage error), a
             Swift runtime trap or Foundation error dump on stderr, or a run longer than `--batch-timeout`
             (a FIFO must be refused at once: 5 s)
    cim      settings: a signal death, an exit code other than 64 without starting, no exit 0 within a few
             seconds of SIGTERM once started, or neither; bodies: a reply that is not HTTP with a JSON body,
             any 5xx, or a server that dies
    widgets  a kernel that dies or hangs, or does not answer `1 + 1` with 2 afterwards

Errors of the language (SyntaxError, ValueError, …) and refusals (exit 2, HTTP 4xx) are the expected outcome.

Every crash is saved in fuzz/regressions: `<target>-<hash>.qama` for cells (a `// mode:` line says which
target), `<target>-<hash>.json` for the other targets' cases. `replay` runs every file there again; the
test command runs `ci` (replay, then a fixed-seed, time-boxed run). Usage:

    fuzz/qama_fuzz.py ci                                  # what scripts/test runs (about a minute)
    fuzz/qama_fuzz.py run --seed 7 --seconds 600          # a longer run for developers
    fuzz/qama_fuzz.py replay                              # the regression corpus only
    fuzz/qama_fuzz.py run --targets batch,cim             # some targets only
    fuzz/qama_fuzz.py ci --address-space-kb 8000000       # children under `ulimit -v 8000000`, no QAMA_MEMORY_LIMIT_GB

Reproducible: one seed fixes every generated cell, file and case, per target (the outcome can still depend
on timing through the deadlines, and how many cases run depends on the machine's speed).
"""
import argparse
import base64
import hashlib
import http.client
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

ALL_TARGETS = ["run", "kernel", "batch", "cim", "widgets"]

# What a child process may use. By default: the budget the kernel checks against (QAMA_MEMORY_LIMIT_GB), and
# an address-space cap well above it, so an allocation the budget missed aborts (a crash we find) instead of
# swapping the machine. With --address-space-kb: that cap (RLIMIT_AS, as `ulimit -v` sets it) and no
# QAMA_MEMORY_LIMIT_GB, so the kernel's own budget must notice the cap (it reads RLIMIT_AS itself).
MEMORY_BUDGET_GB = "1"
ADDRESS_SPACE_CAP = 6 << 30
ADDRESS_SPACE_KB = None  # set by --address-space-kb

# What a Swift runtime trap or a Foundation error dump looks like on stderr.
TRAP = re.compile(r"Fatal error|Error Domain=|Swift runtime failure|Illegal instruction|Segmentation fault|"
                  r"Current stack trace|Thread \d+ crashed|Assertion failed|Precondition failed")


def binary() -> Path:
    explicit = os.environ.get("QAMA_BIN")
    return Path(explicit) if explicit else REPO / ".build" / "release" / "qama"


def cim_binary() -> Path:
    """`$QAMA_CIM_BIN` (as e2e/test_notebooks.py), else the qama-cim beside the qama under test, else the
    release build."""
    explicit = os.environ.get("QAMA_CIM_BIN")
    if explicit:
        return Path(explicit)
    beside = binary().resolve().parent / "qama-cim"
    return beside if beside.exists() else REPO / ".build" / "release" / "qama-cim"


def child_env(workdir: Path = None) -> dict:
    env = dict(os.environ)
    if ADDRESS_SPACE_KB is None:
        env["QAMA_MEMORY_LIMIT_GB"] = MEMORY_BUDGET_GB
    else:
        env.pop("QAMA_MEMORY_LIMIT_GB", None)
    env.pop("QAMA_CIM_TOKEN", None)
    env.pop("QAMA_CIM_URL", None)  # cim() runs the embedded machine, never someone's server
    return env


def limit_child():
    cap = ADDRESS_SPACE_KB * 1024 if ADDRESS_SPACE_KB is not None else ADDRESS_SPACE_CAP
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit {code}"


def tail(data, n=300) -> str:
    """The end of a child's stderr, or from its first trap line when it has one (a stack trace's end says little)."""
    text = data.decode(errors="replace") if isinstance(data, bytes) else data
    m = TRAP.search(text)
    if m:
        line_start = text.rfind("\n", 0, m.start()) + 1
        return text[line_start:].split("\n", 1)[0][:n].strip()
    return text[-n:].strip()


def remove(path: Path):
    """Whatever is at path (file, FIFO, directory) is gone afterwards."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        pass


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


# ---------------------------------------------------------------------------------------------- .npy

def npy_header(pairs, trailer=", }") -> str:
    """A header dict from (key, value text) pairs, as numpy writes it (`{'descr': '<f8', …, }`)."""
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + trailer


def npy_file(header: str, payload: bytes = b"", version=1, length_delta=0) -> bytes:
    h = header.encode("latin1", errors="replace")
    prefix = 10 if version == 1 else 12
    pad = (64 - (prefix + len(h) + 1) % 64) % 64
    h = h + b" " * pad + b"\n"
    if version == 1:
        return b"\x93NUMPY\x01\x00" + struct.pack("<H", max(0, len(h) + length_delta) & 0xFFFF) + h + payload
    return b"\x93NUMPY" + bytes([version, 0]) + struct.pack("<I", max(0, len(h) + length_delta)) + h + payload


def shape_text(shape) -> str:
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join(str(d) for d in shape) + ")"


def f8(values) -> bytes:
    return struct.pack(f"<{len(values)}d", *values)


# ---------------------------------------------------------------------------------------------- files

def write_files(workdir: Path, rng: random.Random) -> list:
    """Malformed and edge-case .npy, .csv and .json files, a FIFO and a folder; returns their names."""
    names = []

    def npy(name, header: str, payload: bytes = b"", version=1):
        (workdir / name).write_bytes(npy_file(header, payload, version))
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
    npy("empty_huge.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 0), }")
    npy("f4_note_f8.npy", "{'descr': '<f4', 'note': '<f8', 'fortran_order': False, 'shape': (2, 2), }", b"\0" * 16)
    npy("py2_long.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 2L), }", b"\0" * 32)
    npy("scalar.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", struct.pack("<d", 3.5))
    (workdir / "not_npy.npy").write_bytes(b"\x93NUMPY\x09")
    names.append("not_npy.npy")
    (workdir / "random.npy").write_bytes(b"\x93NUMPY\x01\x00" + bytes(rng.randrange(256) for _ in range(200)))
    names.append("random.npy")
    # Not regular files: load and save must refuse them before they open them (a FIFO would block).
    os.mkfifo(workdir / "fifo.npy")
    names.append("fifo.npy")
    (workdir / "folder.npy").mkdir()
    names.append("folder.npy")
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


# ---------------------------------------------------------------------------------------------- cells

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

    def interact(self):
        """An `interact` call with random controls: ranges, choices, toggles, steps from 1e300 to nan, a view
        that is not a function or that calls interact itself."""
        rng = self.rng
        view = rng.choice(["w", "w", "w", "v", "f", "h", "x", "1", "interact", "help", "{ g }"])
        args = [view] if rng.random() < 0.95 else []
        for name in rng.sample(["g", "k", "λ", "mode", "flag", "zz", "step"], rng.randint(0, 3)):
            kind = rng.randrange(7)
            if kind <= 1:
                args.append(f"{name}: {self.number()}{rng.choice(['...', '..<'])}{self.number()}")
            elif kind == 2:
                args.append(f"{name}: {rng.randint(-2, 2)}...{rng.choice(['4', '10', '1e300', '2^63', '0', '-1'])}")
            elif kind == 3:
                args.append(f"{name}: [{', '.join(self.number() for _ in range(rng.randint(0, 4)))}]")
            elif kind == 4:
                args.append(f"{name}: [{', '.join(self.string() for _ in range(rng.randint(0, 3)))}]")
            elif kind == 5:
                args.append(f"{name}: {rng.choice(['true', 'false', 'nil'])}")
            else:
                args.append(f"{name}: {self.expr(3)}")
        if rng.random() < 0.7:
            args.append("step: " + rng.choice(["1e300", "2^63", "0", "-1", "0/0", "1/0", "-1/0", "1e-300", "0.5",
                                               "2^53", "1e-320", self.number()]))
        if rng.random() < 0.2:
            args.append("manual: " + rng.choice(["true", "false", "1", self.number()]))
        if rng.random() < 0.05:
            args.append(f"{rng.choice(['g', 'nope'])}: 0...4")  # a repeated or unknown control
        return f"interact({', '.join(args)})"

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
        if r < 0.74:
            return self.interact()
        if r < 0.75:
            return f"func v() = {self.interact()}"
        return self.expr()

    def prelude(self):
        return self.rng.choice([
            "let x = binary(3, name: \"x\")",
            "let s = spin(4, name: \"s\")\nlet x = binary(2)",
            "param g = 1\nlet x = binary(2)\nlet m = model(g*x[0]*x[1])",
            "let x = binary(2)\nlet r = solve(x[0] + x[1] - 2*x[0]*x[1], exact())",
            "let t = randn(3, 3)\nlet x = binary(3)",
            "func f(n) = n\nlet x = binary(2)",
            "param g = 1\nparam k = 2\nvar mode = \"a\"\nvar flag = true\nfunc w() = g\nlet x = binary(2)",
            "param g = 1\nlet x = binary(3)\nfunc w() = solve(g*x[0]*x[1] - x[2], exact())\nfunc v() = interact(v, g: 0...4)",
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


def cell_fifos(cell: str) -> list:
    """Names a cell regression wants to be FIFOs in the scratch directory (`// fifo: NAME` lines)."""
    return re.findall(r"^// fifo: (\S+)\s*$", cell, re.M)


# ---------------------------------------------------------------------------------------------- batch cases

# Solver arguments: small values that finish at once, or values so large or invalid that they must be
# refused (a medium value, say a million reads, would be a legitimately long run, not a finding).
SMALL = ["1", "2", "3", "8"]
ABSURD = ["0", "-1", "0.5", "1e12", "1e15", "2^31", "2^53", "2^63", "2^64", "-2^63", "1e300", "-1e300", "0/0",
          "1/0", "-1/0", "1e-300", "\"x\"", "true", "[1, 2]", "nil"]
SOLVER_LABELS = {
    "sa": ["reads", "sweeps", "beta", "seed", "threads", "schedule"],
    "sb": ["agents", "steps", "dt", "seed", "threads", "reads"],
    "pt": ["replicas", "sweeps", "beta", "reads", "seed", "threads"],
    "exact": ["threads", "limit"],
    "cim": ["samples", "steps", "dt", "seed"],
}


class BatchCases:
    """Cases for `qama solve-qubo` / `qama solve-qama`: {"target": "batch", "argv": [...], "input": {...}}
    (see `BatchTarget.check`)."""

    SPECIAL = [float("nan"), float("inf"), -float("inf"), 1e308, -1e308, 1e200, -1e200, -0.0, 5e-324, 2.0 ** 63,
               2.0 ** 64, -2.0 ** 63, 1e300, 0.5]

    def __init__(self, rng: random.Random):
        self.rng = rng

    def value(self):
        r = self.rng.random()
        if r < 0.1:
            return self.rng.choice(self.SPECIAL)
        return round(self.rng.gauss(0, 2), 3)

    def values(self, count):
        return [self.value() if self.rng.random() < 0.3 else round(self.rng.gauss(0, 2), 3) for _ in range(count)]

    def array(self, shape, values, descr="'<f8'"):
        """An array as header pairs and payload, to mutate before it is written."""
        return {"pairs": [["'descr'", descr], ["'fortran_order'", "False"], ["'shape'", shape_text(shape)]],
                "payload": f8(values), "version": 1, "length_delta": 0, "trailer": ", }"}

    def arrays(self, command, fmt):
        rng = self.rng
        if command == "solve-qama":
            b, h, n, d = rng.randint(1, 2), rng.randint(1, 2), rng.randint(1, 6), rng.randint(1, 3)
            return [self.array((b, h, n, d), self.values(b * h * n * d)), self.array((b, h, n, d), self.values(b * h * n * d)),
                    self.array((b, h, n), self.values(b * h * n))]
        n = rng.randint(1, 8)
        if fmt == "coo":
            b = rng.randint(1, 3)
            rows = []
            for _ in range(rng.randint(0, 6)):
                i, j = sorted(rng.sample(range(n + 1), 2)) if n >= 1 else (0, 1)
                rows += [float(rng.randrange(b)), float(i), float(min(j, n - 1) if rng.random() < 0.9 else j), self.value()]
            return [self.array((b, n), self.values(b * n)), self.array((len(rows) // 4, 4), rows)]
        if rng.random() < 0.4:
            return [self.array((n, n), self.values(n * n))]
        b = rng.randint(1, 3)
        return [self.array((b, n, n), self.values(b * n * n))]

    @staticmethod
    def set_key(pairs, name, value):
        """Sets the header's key `name` (whatever its quotes), or adds it when a mutation removed it."""
        for pair in pairs:
            if pair[0].strip("'\"") == name:
                pair[1] = value
                return
        pairs.append([f"'{name}'", value])

    def mutate_array(self, a):
        rng = self.rng
        op = rng.randrange(14)
        pairs = a["pairs"]
        if op == 0:
            rng.shuffle(pairs)
        elif op == 1:
            pairs.insert(rng.randrange(len(pairs) + 1), [rng.choice(["'note'", "'descr2'", "'shape '", "'x'"]),
                                                          rng.choice(["'<f8'", "'<f4'", "(1, 2)", "'shape'", "None", "{}"])])
        elif op == 2:
            descr = rng.choice(["'<f4'", "'>f8'", "'<i8'", "'<i4'", "'|b1'", "'<c16'", "'<f2'", "'|u1'", "'O'",
                                "'<U3'", "'<f8 '", "'f8'", "'=f8'", "'<f16'", "'<f0'", "'<f99999999999999999999'",
                                "[('a', '<f8')]", "''", "'<'", "1"])
            self.set_key(pairs, "descr", descr)
            if descr in ("'<f4'", "'<i4'") and rng.random() < 0.5:
                a["payload"] = a["payload"][: len(a["payload"]) // 2]
            elif descr == "'<i8'":
                count = len(a["payload"]) // 8
                a["payload"] = struct.pack(f"<{count}q", *[rng.choice([0, 1, -1, 2 ** 63 - 1, -2 ** 63, 2 ** 53 + 1])
                                                             for _ in range(count)])
        elif op == 3:
            self.set_key(pairs, "shape", rng.choice([
                "(4611686018427387904, 0)", "(4611686018427387904, 0, 0)", "(0, 4611686018427387904)", "(0,)", "()",
                "(0, 0)", "(0, 0, 0)", "(-1, 3)", "(3, -1)", "(9223372036854775808, 1)", "(9223372036854775807, 2)",
                "(4294967296, 4294967296)", "(2L, 2L)", "(1L, 3L, 3L)", "(2, 2, 2, 2)", "(1, 1, 1, 1, 1)", "(3, 3)",
                "(2, 3)", "(1e3, 2)", "(2.0, 2)", "[2, 2]", "(2, 2,,)", "(2 2)", "None", "'(2, 2)'",
                "(" + "1, " * 40 + ")", "(99999999999999999999999, 1)"]))
        elif op == 4:
            self.set_key(pairs, "fortran_order", rng.choice(["True", "1", "None", "'False'", "false"]))
        elif op == 5 and pairs:
            del pairs[rng.randrange(len(pairs))]
        elif op == 6 and pairs:
            pairs.append(list(rng.choice(pairs)))
        elif op == 7:
            a["version"] = rng.choice([2, 3, 0, 9, 255])
        elif op == 8:
            a["length_delta"] = rng.choice([-1, 1, -64, 64, 1000, -10000, 65535])
        elif op == 9:
            a["trailer"] = rng.choice(["}", ", ", "", ",}", "} extra", ", }\x00", ", 'x': ", "}}"])
        elif op == 10:
            # values: specials, at random element positions
            data = bytearray(a["payload"])
            for _ in range(rng.randint(1, 4)):
                if len(data) >= 8:
                    k = rng.randrange(len(data) // 8) * 8
                    data[k:k + 8] = struct.pack("<d", rng.choice(self.SPECIAL))
            a["payload"] = bytes(data)
        elif op == 11:
            a["payload"] = a["payload"][: rng.randrange(len(a["payload"]) + 1)]
        elif op == 12:
            a["payload"] += bytes(rng.randrange(256) for _ in range(rng.choice([1, 7, 8, 64])))
        else:
            for k in range(len(pairs)):
                pairs[k][0] = pairs[k][0].replace("'", rng.choice(["\"", "'", ""]))

    def encode(self, a) -> bytes:
        return npy_file(npy_header(a["pairs"], a["trailer"]), a["payload"], a["version"], a["length_delta"])

    def solver(self):
        rng = self.rng
        r = rng.random()
        if r < 0.1:
            return rng.choice(["", "sa(", "sa())", "exact", "1", "help()", "x", "sa(reads: 1,, 2)", "sa(nope: 1)",
                               "\"sa()\"", "sa() + 1", "sa(reads: sa())", "λ()", "sa(reads: 1)\nsa()", "[sa()]",
                               "solve(1, sa())", "binary(2)", "sa(reads: 1e12)" * 2, "(" * 300 + "sa()" + ")" * 300,
                               "\x01", "sa(reads: \"\\(1)\")"])
        name = rng.choice(sorted(SOLVER_LABELS))
        args = []
        for label in rng.sample(SOLVER_LABELS[name], rng.randint(0, 2)):
            args.append(f"{label}: {rng.choice(SMALL + ABSURD if rng.random() < 0.7 else SMALL)}")
        if rng.random() < 0.05:
            args.append(rng.choice(SMALL + ABSURD))
        return f"{name}({', '.join(args)})"

    def option_value(self):
        return self.rng.choice(["0", "1", "2", "-1", "nan", "inf", "-inf", "1e308", "1e-308", "-0", "x", "",
                                str(2 ** 63), str(2 ** 63 - 1), str(2 ** 64), "1000000", "0.5"])

    def case(self) -> dict:
        rng = self.rng
        command = rng.choice(["solve-qubo", "solve-qubo", "solve-qama"])
        fmt = rng.choice(["dense", "coo"])
        arrays = self.arrays(command, fmt)
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            self.mutate_array(rng.choice(arrays))
        if rng.random() < 0.05:
            del arrays[rng.randrange(len(arrays))]
        elif rng.random() < 0.05:
            arrays.append(rng.choice(arrays))
        data = b"".join(self.encode(a) for a in arrays)
        r = rng.random()
        if r < 0.08:
            data = data[: rng.randrange(len(data) + 1)]
        elif r < 0.12:
            data += bytes(rng.randrange(256) for _ in range(rng.choice([1, 10, 100])))
        elif r < 0.18 and data:
            data = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            data = bytes(data)
        elif r < 0.2:
            data = bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 9, 100, 1000])))
        argv = [command]
        if command == "solve-qubo" and rng.random() < 0.8:
            argv += ["--format", fmt if rng.random() < 0.9 else rng.choice(["dense", "coo", "csr", ""])]
        if rng.random() < 0.6:
            argv += ["--solver", self.solver()]
        else:
            argv += ["--solver", rng.choice(["exact()", "sa(reads: 2, sweeps: 50)", "sb(agents: 4)", "pt(replicas: 2, sweeps: 20)"])]
        if rng.random() < 0.15:
            argv += ["--seed", self.option_value()]
        if rng.random() < 0.15:
            argv += ["--threads", rng.choice(["0", "1", "2", "-1", "1000000", str(2 ** 63 - 1), "x"])]
        if command == "solve-qama":
            for opt in ("--alpha", "--beta", "--gamma"):
                if rng.random() < 0.15:
                    argv += [opt, self.option_value()]
        r = rng.random()
        if r < 0.82:
            inp = {"kind": "file", "base64": base64.b64encode(data).decode()}
        elif r < 0.87:
            inp = {"kind": "stdin", "base64": base64.b64encode(data).decode()}
            if rng.random() < 0.5:
                argv.append("-")
        elif r < 0.91:
            inp = {"kind": "fifo"}
        elif r < 0.94:
            inp = {"kind": "dir"}
        elif r < 0.97:
            inp = {"kind": "path", "path": "/dev/zero"}
        else:
            inp = {"kind": "missing"}
        return {"target": "batch", "argv": argv, "input": inp}


# ---------------------------------------------------------------------------------------------- cim cases

CIM_OPTIONS = ["--grace", "--max-samples", "--spins", "--precision", "--workers", "--queue", "--steps", "--dt",
               "--retry-after", "--idle-timeout", "--retained-jobs", "--result-memory", "--max-body", "--port",
               "--profile", "--log-level"]
CIM_VALUES = ["0", "-1", "1", "2", "nan", "inf", "-inf", "1e300", "-1e300", "1e-300", "0.5", str(2 ** 63),
              str(2 ** 63 - 1), str(-2 ** 63), str(2 ** 64), "4000000000000", "65536", "65537", "100000", "1e3",
              "x", "", "257", "33", "8"]

CIM_PLAUSIBLE = {
    "--grace": ["0", "0.001", "1", "86400", "86401"], "--max-samples": ["1", "10000", "1000000", "4000000000000"],
    "--spins": ["1", "2", "550", "65536"], "--precision": ["2", "8", "32"], "--workers": ["1", "2", "256"],
    "--queue": ["1", "1000000", "0"], "--steps": ["1", "1000", "1000000"], "--dt": ["0.001", "0.075", "10"],
    "--retry-after": ["0", "1", "86400"], "--idle-timeout": ["0.001", "1", "86400"],
    "--retained-jobs": ["0", "1", "1000000000"], "--result-memory": ["0", "1", str(2 ** 43 - 1)],
    "--max-body": ["0", "1", str(2 ** 43 - 1)],
}


class CIMCases:
    """Cases for `qama-cim serve`: {"target": "cim", "kind": "settings", "args": [...]} or
    {"target": "cim", "kind": "bodies", "requests": [...]} (see `CIMTarget.check`)."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def settings(self) -> list:
        rng = self.rng
        args = []
        for option in rng.sample(CIM_OPTIONS, rng.randint(1, 3)):
            if option == "--port":
                value = rng.choice(["0", "-1", "65536", str(2 ** 63), "x", "1e3"])  # never a real port: others' servers
            elif option == "--profile":
                value = rng.choice(["simulator", "cpqc-550", "x", ""])
            elif option == "--log-level":
                # Not warning/error/critical: they hide the "listening" notice this target waits for (a server
                # started at --log-level critical looked hung; that was the fuzzer, not the server).
                value = rng.choice(["trace", "info", "notice", "x", ""])
            elif rng.random() < 0.4:
                value = rng.choice(CIM_PLAUSIBLE.get(option, CIM_VALUES))  # settings it may well start with
            else:
                value = rng.choice(CIM_VALUES)
            args += [option, value]
        if rng.random() < 0.05:
            args.append(rng.choice(["--bogus", "--grace", "extra"]))
        return args

    def job(self) -> dict:
        rng = self.rng
        n = rng.choice([1, 2, 3, 5, 8, 16, 40])
        pairs = set()
        for _ in range(rng.randint(0, 2 * n)):
            if n > 1:
                i, j = sorted(rng.sample(range(n), 2))
                pairs.add((i, j))
        body = {"ising": {"n": n, "h": [rng.randint(-127, 127) for _ in range(n)],
                          "J": [[i, j, rng.randint(-127, 127)] for i, j in sorted(pairs)]},
                "samples": rng.randint(1, 8), "mode": rng.choice(["optimize", "sample"]), "seed": rng.randrange(2 ** 64)}
        for key in ("samples", "mode", "seed"):
            if rng.random() < 0.1:
                del body[key]
        return body

    HUGE = [10 ** 15, 2 ** 63, 2 ** 63 - 1, 2 ** 64, -2 ** 63, -1, 0, 10 ** 400, 1e300, -1e300, 1.5, 1e-300,
            float("nan"), float("inf"), "3", None, True, [], {}, "x" * 100000]

    def mutate_job(self, body):
        rng = self.rng
        ising = body.get("ising") if isinstance(body.get("ising"), dict) else None
        op = rng.randrange(14)
        if op == 0 and ising is not None:
            ising["n"] = rng.choice(self.HUGE + [2000, 2001, 65536, 10 ** 12])
        elif op == 1:
            body["samples"] = rng.choice(self.HUGE + [10 ** 15, 10000, 10001, 4000000000000])
        elif op == 2:
            body[rng.choice(["mode", "seed"])] = rng.choice(self.HUGE + ["optimize", "sample", "Optimize", ""])
        elif op == 3 and ising is not None:
            h = ising.get("h")
            if isinstance(h, list) and h and rng.random() < 0.7:
                h[rng.randrange(len(h))] = rng.choice(self.HUGE + [127, 128, -128, -129, 0.5])
            else:
                ising["h"] = rng.choice([[], [0] * 3, [[1]], "x", None, [0] * rng.choice([1999, 2001])])
        elif op == 4 and ising is not None:
            J = ising.get("J")
            n = ising.get("n") if isinstance(ising.get("n"), int) else 2
            bad = rng.choice([[0, 1], [0, 0, 1], [0, n, 1], [-1, 0, 1], [1.5, 2, 1], [1e300, 0, 1], [0, 1, 1000],
                              [0, 1, 1, 1], [0, 1, float("nan")], ["0", "1", "1"], [None, 1, 1], 5, [],
                              [2 ** 63, 0, 1], [0, 2 ** 64, 1], [0, 1, 1e300], [1, 0, 1]])
            if isinstance(J, list):
                J.append(bad)
                if rng.random() < 0.2 and J:
                    J.extend([J[0]] * rng.choice([2, 1000]))  # duplicates
            else:
                ising["J"] = [bad]
        elif op == 5:
            body[rng.choice(["ising", "samples"])] = rng.choice([[], "x", None, 1, {}, [body.get("ising")]])
        elif op == 6:
            # nested JSON, expanded in text form by `encode` (json.dumps would recurse)
            body["__deep__"] = (rng.randrange(3), rng.choice([100, 1000, 10000, 100000]))
        elif op == 7:
            body[rng.choice(["x" * rng.choice([1, 1000, 100000]), "", "ising ", "ISING", "\u0000"])] = rng.choice(self.HUGE)
        elif op == 8 and ising is not None:
            ising[rng.choice(["extra", "offset", "J2", "h"])] = rng.choice(self.HUGE)
        elif op == 9 and ising is not None:
            n = rng.choice([200, 1000, 2000])
            ising["n"] = n
            ising["h"] = [1] * n
            ising["J"] = [[i, i + 1, 1] for i in range(n - 1)]
        elif op == 10 and ising is not None:
            for key in rng.sample(["n", "h", "J"], rng.randint(1, 2)):
                ising.pop(key, None)
        elif op == 11:
            body.pop("ising", None)
        elif op == 12:
            body["mode"] = "é" * rng.choice([1, 100000]) + "\ud800" * rng.randint(0, 1)
        else:
            body["samples"] = rng.choice([1, 10000, 10 ** 15])

    def encode(self, body) -> bytes:
        deep = body.pop("__deep__", None) if isinstance(body, dict) else None
        text = json.dumps(body, allow_nan=True)
        if deep:
            where, depth = deep
            opener, closer = [("[", "]"), ("{\"a\":", "}"), ("[{\"b\":[", "]}]")][where]
            text = text[:-1] + (", " if len(text) > 2 else "") + "\"deep\": " + opener * depth + "1" + closer * depth + "}"
        return text.encode("utf-8", errors="surrogatepass")

    def mutate_bytes(self, data: bytes) -> bytes:
        rng = self.rng
        op = rng.randrange(7)
        if op == 0:
            return data[: rng.randrange(len(data) + 1)]
        if op == 1:
            return data + rng.choice([b"garbage", b"}", b"\x00", b" " * 1000, b"{}"])
        if op == 2 and data:
            k = rng.randrange(len(data))
            return data[:k] + rng.choice([b"\xff", b"\xfe\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xe2\x82", b"\x80"]) + data[k:]
        if op == 3 and data:
            data = bytearray(data)
            for _ in range(rng.randint(1, 5)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            return bytes(data)
        if op == 4:
            return rng.choice([b"", b"null", b"[]", b"\"x\"", b"1e400", b"{", b"{\"ising\": }", b"\xef\xbb\xbf{}",
                               b"NaN", b"[" * 100000, b"{\"ising\": {\"n\": 1e999999}}"])
        if op == 5:
            return bytes(rng.randrange(256) for _ in range(rng.choice([1, 100, 10000])))
        return data.replace(b"1", b"1" * rng.choice([2, 400]), 1)

    def body(self) -> bytes:
        rng = self.rng
        body = self.job()
        if rng.random() < 0.7:
            for _ in range(rng.randint(1, 3)):
                self.mutate_job(body)
        data = self.encode(body)
        if rng.random() < 0.25:
            data = self.mutate_bytes(data)
        return data

    def requests(self) -> list:
        rng = self.rng
        reqs = []
        for _ in range(rng.randint(1, 3)):
            req = {"method": "POST", "path": "/v1/jobs"}
            req.update(encode_body(self.body()))
            if rng.random() < 0.1:
                req["content_type"] = rng.choice(["text/plain", "application/x-www-form-urlencoded", "", "application/json; charset=latin1"])
            reqs.append(req)
            for _ in range(rng.randint(0, 3)):
                r = rng.random()
                if r < 0.15:
                    reqs.append({"method": "WAIT", "seconds": rng.choice([0.05, 0.2, 0.5])})
                elif r < 0.45:
                    reqs.append({"method": "GET", "path": "/v1/jobs/{id}"})
                elif r < 0.75:
                    reqs.append({"method": "GET", "path": "/v1/jobs/{id}/result"})
                elif r < 0.85:
                    reqs.append({"method": "DELETE", "path": "/v1/jobs/{id}"})
                else:
                    reqs.append(self.odd_request())
        if rng.random() < 0.3:
            reqs.append(self.odd_request())
        return reqs

    def odd_request(self) -> dict:
        rng = self.rng
        method = rng.choice(["GET", "GET", "DELETE", "POST", "PUT", "PATCH", "OPTIONS"])
        path = rng.choice(["/v1/machine", "/v1/jobs", "/v1/jobs/", "/v1/jobs/{id}/result/x", "/v1/jobs/nope",
                           "/v1/jobs/" + "a" * rng.choice([100, 5000]), "/v1/jobs/%00", "/v1/jobs/..%2F..%2Fetc",
                           "/", "/v1", "/v2/jobs", "/v1/jobs/{id}/{id}", "/v1/jobs?x=1", "/v1/jobs/%ff%fe",
                           "/v1/jobs/00000000-0000-0000-0000-000000000000", "//v1//jobs"])
        req = {"method": method, "path": path}
        if method in ("POST", "PUT", "PATCH") and rng.random() < 0.7:
            req.update(encode_body(self.body()))
        return req

    def case(self) -> dict:
        if self.rng.random() < 0.25:
            return {"target": "cim", "kind": "settings", "args": self.settings()}
        return {"target": "cim", "kind": "bodies", "requests": self.requests()}


def encode_body(data: bytes) -> dict:
    """A body as a regression file holds it: text when it is UTF-8, base64 otherwise."""
    try:
        return {"body": data.decode("utf-8")}
    except UnicodeDecodeError:
        return {"body_base64": base64.b64encode(data).decode()}


def decode_body(req: dict):
    if "body" in req:
        return req["body"].encode("utf-8", errors="surrogatepass")
    if "body_base64" in req:
        return base64.b64decode(req["body_base64"])
    return None


# ---------------------------------------------------------------------------------------------- widget cases

WIDGET_SETUPS = [
    ("param g = 1\nfunc w() = g", "interact(w, g: 0...4, step: 0.5)"),
    ("param k = 2\nfunc w() = k * 2", "interact(w, k: 0...8)"),
    ("param g = 0.8\nfunc w() = g", "interact(w, g: [0.5, 0.8, 2])"),
    ("param g = 1\nvar mode = \"a\"\nvar flag = true\nfunc w() = g",
     "interact(w, g: 0...4, mode: [\"a\", \"b\"], flag: true, manual: true)"),
    ("let x = binary(3)\nparam g = 1\nfunc w() = solve(g*x[0]*x[1] - x[2], exact())", "interact(w, g: -2...2, step: 0.25)"),
    ("seed(3)\nlet Q = randn(1, 4, 2); let K = randn(1, 4, 2); let V = rand(1, 4, 2)\nparam γ = 0.8\n"
     "let m = qama(Q, K, V, gamma: γ)\nfunc w() = sparsity(solve(m, sa(reads: 2, sweeps: 50)))", "interact(w, γ: 0...4, step: 0.1)"),
]


class WidgetCases:
    """Cases for the widget comms: {"target": "widgets", "cells": [...], "messages": [...]} (see
    `WidgetsTarget.check`). A message's "comm" is the index of a widget the cells opened (its comm id replaces
    "@COMM@" in the content), or null for a made-up id already in the content."""

    KEYS = ["value", "min", "max", "step", "index", "outputs", "description", "_model_name", "layout", "children",
            "_options_labels", "disabled", "readout_format", "continuous_update", "style", "msg_id", "nope", ""]
    VALUES = ["1e308", "-1e308", "NaN", "Infinity", "-Infinity", "9223372036854775808", "18446744073709551616",
              "-9223372036854775809", "1" + "0" * 400, "0", "-1", "0.5", "3.5", "2", "true", "false", "null", "\"x\"",
              "\"\"", "\"IPY_MODEL_qama-widget-1\"", "[]", "[1, 2]", "{}", "{\"a\": 1}", "[[[[[]]]]]",
              "[{\"output_type\": \"display_data\", \"data\": {}}]", "\"" + "x" * 100000 + "\"", "1e-320", "-0"]

    # For generated interact calls (Generator.interact): the names they use.
    PRELUDE = ("param g = 1\nparam k = 2\nvar mode = \"a\"\nvar flag = true\nlet x = binary(2)\nfunc w() = g\n"
               "func v() = interact(v, g: 0...4)")

    def __init__(self, rng: random.Random, generator: Generator = None):
        self.rng = rng
        self.generator = generator

    def json_value(self, depth=0) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.75 or depth > 2:
            return rng.choice(self.VALUES)
        if r < 0.85:
            return "[" + ", ".join(self.json_value(depth + 1) for _ in range(rng.randint(0, 3))) + "]"
        if r < 0.95:
            return "{" + ", ".join(f"{json.dumps(rng.choice(self.KEYS))}: {self.json_value(depth + 1)}"
                                   for _ in range(rng.randint(0, 3))) + "}"
        return "[" * 10000 + "]" * 10000

    def state(self) -> str:
        rng = self.rng
        if rng.random() < 0.1:
            return self.json_value()
        keys = rng.sample(self.KEYS, rng.randint(0, 3))
        return "{" + ", ".join(f"{json.dumps(k)}: {self.json_value()}" for k in keys) + "}"

    def comm_id(self) -> tuple:
        """(comm index or None, comm_id JSON text)."""
        rng = self.rng
        r = rng.random()
        if r < 0.75:
            return rng.randrange(12), "\"@COMM@\""
        if r < 0.93:
            return None, json.dumps(rng.choice(["", "x", "qama-widget-0", "qama-widget-999999", "qama-widget--1",
                                                 "IPY_MODEL_qama-widget-1", "λ" * 1000, "a" * 100000, "\u0000"]))
        return None, rng.choice(["1", "null", "{}", "[]", "true", "1e308"])

    def message(self) -> dict:
        rng = self.rng
        comm, cid = self.comm_id()
        r = rng.random()
        if r < 0.7:
            msg_type = "comm_msg"
            method = rng.choice(["\"update\""] * 5 + ["\"request_state\"", "\"custom\"", "\"echo_update\"",
                                                      "\"request_states\"", "\"\"", "null", "1", "\"display\"", "\"nope\""])
            parts = [f"\"method\": {method}"]
            if rng.random() < 0.9:
                parts.append(f"\"state\": {self.state()}")
            if rng.random() < 0.5:
                parts.append("\"buffer_paths\": " + rng.choice(["[]", "[[\"value\"]]", "[[0]]", "\"x\"", "[[\"state\", \"value\"]]",
                                                                "[[]]", "null", "[[" + "\"a\", " * 100 + "\"b\"]]"]))
            if method == "\"custom\"" or rng.random() < 0.1:
                parts.append("\"content\": " + rng.choice(["{\"event\": \"click\"}", "{}", "null", self.json_value()]))
            data = "{" + ", ".join(parts) + "}" if rng.random() < 0.95 else self.json_value()
        elif r < 0.85:
            msg_type = "comm_open"
            data = "{\"state\": " + self.state() + ", \"buffer_paths\": []}"
        else:
            msg_type = "comm_close"
            data = rng.choice(["{}", "null", self.state()])
        fields = [f"\"comm_id\": {cid}"]
        if msg_type == "comm_open":
            fields.append("\"target_name\": " + rng.choice(["\"jupyter.widget\""] * 3 + ["\"jupyter.widget.control\"", "\"\"",
                                                                                       "\"nope\"", "5", "null"]))
        if rng.random() < 0.95:
            fields.append(f"\"data\": {data}")
        if rng.random() < 0.05:
            fields = rng.sample(fields, len(fields))[:-1]  # a key missing
        content = "{" + ", ".join(fields) + "}"
        msg = {"msg_type": msg_type, "comm": comm}
        if rng.random() < 0.04:
            raw = content.encode() + rng.choice([b"\xff", b"}", b"\x00", b"\xed\xa0\x80"])
            msg["content_base64"] = base64.b64encode(raw).decode()
        else:
            msg["content"] = content
        if rng.random() < 0.15:
            msg["buffers_base64"] = [base64.b64encode(bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 8, 1000])))).decode()
                                     for _ in range(rng.randint(1, 3))]
        return msg

    def case(self) -> dict:
        rng = self.rng
        if self.generator is not None and rng.random() < 0.2:
            cells = [self.PRELUDE, self.generator.interact()]
        else:
            cells = list(rng.choice(WIDGET_SETUPS))
        return {"target": "widgets", "cells": cells, "messages": [self.message() for _ in range(rng.randint(1, 12))]}


# ---------------------------------------------------------------------------------------------- targets

class Context:
    """What every target needs: binaries, the scratch directory, deadlines."""

    def __init__(self, qama: Path, cim: Path, workdir: Path, args):
        self.qama, self.cim, self.workdir = qama, cim, workdir
        self.timeout, self.grace, self.batch_timeout = args.timeout, args.grace, args.batch_timeout


class ScriptTarget:
    """`qama run FILE` per cell; SIGINT after `timeout`, and a crash when it is still alive `grace` later."""
    name = "run"
    unit = "cell"

    def __init__(self, ctx: Context):
        self.qama, self.workdir, self.timeout, self.grace = ctx.qama, ctx.workdir, ctx.timeout, ctx.grace

    def check(self, cell: str):
        """None when the script ended as a script may, else a description of the crash."""
        with FifosFor(self.workdir, cell):
            return self.run(cell)

    def run(self, cell: str):
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
                return f"{describe_exit(p.returncode)} after SIGINT: {tail(err)}"
            return None
        if p.returncode in (0, 1, 130):
            return None
        return f"{describe_exit(p.returncode)}: {tail(err)}"

    def close(self):
        pass


class FifosFor:
    """The FIFOs a cell regression asks for (`// fifo: NAME`), made in the scratch directory for the cell's
    run and removed afterwards."""

    def __init__(self, workdir: Path, cell: str):
        self.paths = [workdir / name for name in cell_fifos(cell)]

    def __enter__(self):
        for p in self.paths:
            remove(p)
            os.mkfifo(p)

    def __exit__(self, *exc):
        for p in self.paths:
            remove(p)


class KernelTarget:
    """One live kernel through jupyter_client: execute, is_complete, complete and inspect per cell. A crash
    is a dead kernel or a cell that does not end within `grace` seconds of interrupt_kernel."""
    name = "kernel"
    unit = "cell"

    def __init__(self, ctx: Context):
        self.qama, self.workdir, self.timeout, self.grace = ctx.qama, ctx.workdir, ctx.timeout, ctx.grace
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
        # The kernel's log goes to a file (its tail is part of a crash's description), not the fuzzer's output.
        self.log = self.workdir / f"kernel-{self.name}.log"
        with self.log.open("ab") as log:
            self.km.start_kernel(cwd=str(self.workdir), env=child_env(self.workdir), preexec_fn=limit_child,
                                 stdout=subprocess.DEVNULL, stderr=log)
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
        with FifosFor(self.workdir, cell):
            return self.run(cell)

    def run(self, cell: str):
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
        log = self.log.read_text(errors="replace") if self.log.exists() else ""
        self.log.unlink(missing_ok=True)
        self.start()
        state = "alive" if alive else f"dead, {describe_exit(code)}" if code is not None else "dead"
        return f"{why} (kernel {state})" + (f": {tail(log)}" if TRAP.search(log) else "")

    def close(self):
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=True)
        except Exception:
            pass


class WidgetsTarget(KernelTarget):
    """A live kernel of its own: the case's cells (the last one an `interact`), then its comm messages sent on
    shell as a front end sends them (content packed here, so NaN, huge integers and bytes that are not UTF-8
    reach the kernel as written), then `1 + 1`, which must answer 2. A crash is a dead kernel, a cell or the
    messages still running `grace` seconds after interrupt_kernel, or a wrong or missing answer."""
    name = "widgets"
    unit = "case"

    def check(self, case: dict):
        self.drain()
        opened = []
        for cell in case["cells"]:
            msg_id = self.kc.execute(cell)
            if self.reply(msg_id, self.timeout) is None:
                if not self.km.is_alive():
                    return self.died("the kernel died while executing a cell")
                self.km.interrupt_kernel()
                if self.reply(msg_id, self.grace) is None:
                    return self.died(f"hang: a cell still running {self.grace} s after interrupt")
            opened += self.opened_comms(msg_id)
        for m in case["messages"]:
            comm_id = opened[m["comm"] % len(opened)] if m.get("comm") is not None and opened else "qama-widget-0"
            if "content_base64" in m:
                content = base64.b64decode(m["content_base64"]).replace(b"@COMM@", comm_id.encode())
            else:
                content = m["content"].replace("@COMM@", comm_id).encode("utf-8", errors="surrogatepass")
            msg = self.kc.session.msg(m["msg_type"], {})
            msg["content"] = content  # already packed: Session.serialize sends bytes as they are
            msg["buffers"] = [base64.b64decode(b) for b in m.get("buffers_base64", [])]
            self.kc.shell_channel.send(msg)
        msg_id = self.kc.execute("1 + 1", user_expressions={"k": "1 + 1"})
        r = self.reply(msg_id, self.timeout + 10)
        if r is None:
            if not self.km.is_alive():
                return self.died("the kernel died handling the comm messages")
            self.km.interrupt_kernel()
            r = self.reply(msg_id, self.grace)
            if r is None:
                return self.died(f"hang: `1 + 1` unanswered {self.grace} s after interrupt")
            self.drain()
            return None  # interrupted re-draws; the kernel answered
        self.drain()
        expr = r["content"].get("user_expressions", {}).get("k", {})
        if r["content"].get("status") != "ok" or expr.get("status") != "ok" or expr["data"]["text/plain"] != "2":
            return f"`1 + 1` did not answer 2: {json.dumps(r['content'])[:300]}"
        return None

    def opened_comms(self, msg_id) -> list:
        """Comm ids the kernel opened on jupyter.widget while running msg_id (iopub up to its idle)."""
        found = []
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.05, deadline - time.time()))
            except Exception:
                break
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "comm_open" and msg["content"].get("target_name") == "jupyter.widget":
                found.append(msg["content"]["comm_id"])
            if msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
                break
        return found


class BatchTarget:
    """`qama solve-qubo` / `qama solve-qama` on a case's input: a file, stdin, a FIFO, a directory, a path
    such as /dev/zero, or a missing file. An optional "expect" ({"exit": [codes], "stdout_empty": true,
    "stderr": regex}) makes a regression stricter."""
    name = "batch"
    unit = "case"

    def __init__(self, ctx: Context):
        self.qama, self.workdir, self.timeout = ctx.qama, ctx.workdir, ctx.batch_timeout

    def check(self, case: dict):
        inp = case["input"]
        kind = inp["kind"]
        path = self.workdir / "batch-input.npy"
        out = self.workdir / "batch-output.npy"
        remove(path)
        remove(out)
        argv = [str(self.qama)] + case["argv"]
        data = None
        if kind in ("file", "stdin"):
            data = base64.b64decode(inp.get("base64", ""))
            if kind == "file":
                path.write_bytes(data)
                data = None
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "dir":
            path.mkdir()
        elif kind == "path":
            path = Path(inp["path"])
        if kind != "stdin":
            argv.append(str(path))
        timeout = 5.0 if kind == "fifo" else self.timeout
        with out.open("wb") as stdout:
            p = subprocess.Popen(argv, cwd=self.workdir, env=child_env(self.workdir), stdout=stdout,
                                 stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, preexec_fn=limit_child)
            try:
                _, err = p.communicate(input=data, timeout=timeout)
            except subprocess.TimeoutExpired:
                if kind == "fifo":
                    p.kill()
                    p.communicate()
                    remove(self.workdir / "batch-input.npy")
                    return f"hang: blocked on a FIFO for {timeout:.0f} s"
                # A long solve (`pt(sweeps: 2^31)` is a valid request) is not a hang if Ctrl-C ends it.
                p.send_signal(signal.SIGINT)
                try:
                    p.communicate(timeout=3)
                    remove(self.workdir / "batch-input.npy")
                    return None
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.communicate()
                    remove(self.workdir / "batch-input.npy")
                    return f"hang: still running {timeout:.0f} s in and 3 s after SIGINT"
        remove(self.workdir / "batch-input.npy")
        text = err.decode(errors="replace")
        if p.returncode < 0 or p.returncode not in (0, 2, 64):
            return f"{describe_exit(p.returncode)}: {tail(text)}"
        if TRAP.search(text):
            return f"runtime trap on stderr (exit {p.returncode}): {tail(text)}"
        expect = case.get("expect", {})
        if "exit" in expect and p.returncode not in expect["exit"]:
            return f"exit {p.returncode}, expected {expect['exit']}: {tail(text)}"
        if expect.get("stdout_empty") and out.stat().st_size:
            return f"exit {p.returncode} with {out.stat().st_size} bytes on stdout, expected none"
        if "stderr" in expect and not re.search(expect["stderr"], text):
            return f"stderr does not match {expect['stderr']!r}: {tail(text)}"
        return None

    def close(self):
        pass


class CIMTarget:
    """`qama-cim serve`. Settings cases start a server of their own; body cases go to one server started
    with the first and kept for the run (it must stay alive, and SIGTERM must stop it with exit 0 at the end)."""
    name = "cim"
    unit = "case"
    STOP_WITHIN = 5.0

    def __init__(self, ctx: Context):
        self.cim, self.workdir = ctx.cim, ctx.workdir
        self.server = self.port = self.log = None

    # -------------------------------------------------------------------------------- processes

    def spawn(self, args, log: Path):
        with log.open("wb") as err:
            return subprocess.Popen([str(self.cim), "serve", "--port", "0"] + args, cwd=self.workdir,
                                    env=child_env(self.workdir), stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=err, preexec_fn=limit_child)

    @staticmethod
    def listening_port(log: Path):
        text = log.read_text(errors="replace")
        m = re.search(r"port=(\d+)[^\n]*listening", text)
        return int(m.group(1)) if m else None

    def wait_start(self, p, log: Path, within=15.0):
        """("started", port) | ("exited", code) | ("neither", None)."""
        deadline = time.time() + within
        while time.time() < deadline:
            port = self.listening_port(log)
            if port is not None:
                return "started", port
            if p.poll() is not None:
                port = self.listening_port(log)
                return ("started", port) if port is not None else ("exited", p.returncode)
            time.sleep(0.02)
        return "neither", None

    def stop(self, p, within=None):
        """None when SIGTERM ends it with exit 0 within `within` seconds, else what went wrong."""
        within = within or self.STOP_WITHIN
        if p.poll() is not None:
            return f"died while serving ({describe_exit(p.returncode)})"
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=within)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            return f"still running {within:.0f} s after SIGTERM"
        return None if p.returncode == 0 else f"{describe_exit(p.returncode)} after SIGTERM"

    # -------------------------------------------------------------------------------- cases

    def check(self, case: dict):
        if case["kind"] == "settings":
            return self.settings(case["args"])
        return self.bodies(case["requests"])

    def settings(self, args):
        log = self.workdir / "cim-settings.log"
        p = self.spawn(args, log)
        try:
            state, value = self.wait_start(p, log)
            if state == "exited":
                text = log.read_text(errors="replace")
                if value != 64:
                    return f"{describe_exit(value)} without starting: {tail(text)}"
                if not text.strip():
                    return "exit 64 without a message"
                return f"runtime trap on stderr: {tail(text)}" if TRAP.search(text) else None
            if state == "neither":
                return "neither started (no \"listening\" in 15 s) nor refused its settings"
            why = self.expect_json(value, "GET", "/v1/machine", None, {})
            if why:
                return f"GET /v1/machine: {why}"
            why = self.stop(p)
            if why:
                return f"{why}: {tail(log.read_text(errors='replace'))}"
            text = log.read_text(errors="replace")
            return f"runtime trap on stderr: {tail(text)}" if TRAP.search(text) else None
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()

    def ensure_server(self):
        if self.server is not None and self.server.poll() is None:
            return None
        why = None
        if self.server is not None:
            why = f"the server died ({describe_exit(self.server.returncode)}): {tail(self.log.read_text(errors='replace'))}"
        self.log = self.workdir / f"cim-serve-{time.time_ns()}.log"
        self.server = self.spawn(["--workers", "1", "--grace", "1", "--queue", "16"], self.log)
        state, port = self.wait_start(self.server, self.log)
        if state != "started":
            raise SystemExit(f"qama-cim serve did not start: {self.log.read_text(errors='replace')}")
        self.port = port
        return why

    def bodies(self, requests):
        died = self.ensure_server()
        if died:
            return f"before this case: {died}"
        ids, created = [], []
        for req in requests:
            if req["method"] == "WAIT":
                time.sleep(req["seconds"])
                continue
            path = req["path"].replace("{id}", ids[-1] if ids else "none")
            headers = {}
            body = decode_body(req)
            if body is not None:
                headers["Content-Type"] = req.get("content_type", "application/json")
            result = {}
            why = self.expect_json(self.port, req["method"], path, body, headers, result)
            if why:
                return f"{req['method']} {path[:80]}: {why}"
            if req["method"] == "POST" and result.get("status") == 202 and isinstance(result.get("json"), dict):
                job = result["json"].get("id")
                if isinstance(job, str):
                    ids.append(job)
                    created.append(job)
        # Cancel what the case made, so the next case finds an idle machine (and DELETE is checked too).
        for job in created:
            why = self.expect_json(self.port, "DELETE", f"/v1/jobs/{job}", None, {})
            if why:
                return f"DELETE /v1/jobs/{job}: {why}"
        if self.server.poll() is not None:
            return f"the server died ({describe_exit(self.server.returncode)}): {tail(self.log.read_text(errors='replace'))}"
        return None

    @staticmethod
    def expect_json(port, method, path, body, headers, result=None):
        """None when the reply is HTTP, not 5xx, with a JSON body; else what is wrong."""
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            data = r.read()
        except (OSError, http.client.HTTPException) as e:
            return f"no HTTP reply ({type(e).__name__}: {e})"
        finally:
            conn.close()
        if r.status >= 500:
            return f"HTTP {r.status}: {tail(data)}"
        try:
            parsed = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return f"HTTP {r.status} with a body that is not JSON: {data[:200]!r}"
        if result is not None:
            result.update(status=r.status, json=parsed)
        return None

    def close(self):
        """Stops the body server; a server that does not stop with exit 0 is a crash reported here."""
        if self.server is None:
            return None
        why = self.stop(self.server, within=self.STOP_WITHIN + 1)  # --grace 1
        self.server = None
        return why


TARGET_CLASSES = {"run": ScriptTarget, "kernel": KernelTarget, "batch": BatchTarget, "cim": CIMTarget,
                  "widgets": WidgetsTarget}


# ---------------------------------------------------------------------------------------------- driving

def save_regression(case, target: str, why: str) -> Path:
    """A cell as <target>-<hash>.qama, another target's case as <target>-<hash>.json."""
    REGRESSIONS.mkdir(exist_ok=True)
    found = why.splitlines()[0][:200] if why else ""
    if isinstance(case, str):
        digest = hashlib.sha256(case.encode()).hexdigest()[:12]
        path = REGRESSIONS / f"{target}-{digest}.qama"
        path.write_text(f"// mode: {target}\n// found: {found}\n{case}\n")
        return path
    case = dict(case, target=target, found=found)
    text = json.dumps(case, indent=1, ensure_ascii=False)
    digest = hashlib.sha256(json.dumps({k: v for k, v in case.items() if k != "found"}, sort_keys=True).encode()).hexdigest()[:12]
    path = REGRESSIONS / f"{target}-{digest}.json"
    path.write_text(text + "\n", encoding="utf-8", errors="surrogatepass")
    return path


def regression_cases() -> list:
    """(path, target or mode, case) for every file in regressions/: cells (mode run, kernel or both) and cases."""
    cases = []
    for p in sorted(REGRESSIONS.glob("*")):
        if p.suffix == ".qama":
            text = p.read_text()
            m = re.match(r"// mode: (\w+)\n", text)
            cases.append((p, m.group(1) if m else "run", text))
        elif p.suffix == ".json":
            case = json.loads(p.read_text(encoding="utf-8", errors="surrogatepass"))
            cases.append((p, case["target"], case))
    return cases


def make_targets(kinds, ctx: Context) -> dict:
    return {k: TARGET_CLASSES[k](ctx) for k in kinds}


def close_targets(targets: dict) -> dict:
    """Closes every target; {target: why} for those whose closing is a crash (the CIM server's stop)."""
    problems = {}
    for kind, t in targets.items():
        try:
            why = t.close()
        except Exception as e:  # closing must not hide the summary
            why = f"closing failed: {e}"
        if why:
            problems[kind] = why
    return problems


def replay(ctx: Context, args) -> int:
    cases = regression_cases()
    wanted = set()
    for _, mode, _ in cases:
        wanted |= {"run", "kernel"} if mode == "both" else {mode}
    targets = make_targets([k for k in ALL_TARGETS if k in wanted and k in args.targets], ctx)
    failures = ran = 0
    try:
        for path, mode, case in cases:
            kinds = [k for k in targets if mode in (k, "both") and (mode != "both" or k in ("run", "kernel"))]
            ran += 1 if kinds else 0
            for kind in kinds:
                why = targets[kind].check(case)
                if why:
                    failures += 1
                    print(f"REGRESSION {path.name} [{kind}]: {why.splitlines()[0][:300]}", flush=True)
    finally:
        for kind, why in close_targets(targets).items():
            failures += 1
            print(f"REGRESSION [{kind}] at the end of the replay: {why}", flush=True)
    print(f"replayed {ran} regression case(s): {failures} crash(es)", flush=True)
    return failures


def fuzz(ctx: Context, args, files: list) -> int:
    targets = make_targets(args.targets, ctx)
    builtins = read_builtins(ctx.qama, ctx.workdir) if {"run", "kernel", "widgets"} & set(targets) else []
    corpus = corpus_cells()

    def rng_for(kind):
        return random.Random(f"{args.seed}/{kind}")  # one stream per target: its cases do not depend on the others'

    generators = {}
    for kind in targets:
        if kind in ("run", "kernel"):
            generators[kind] = Generator(rng_for(kind), builtins, files, corpus).cell
        elif kind == "batch":
            generators[kind] = BatchCases(rng_for(kind)).case
        elif kind == "cim":
            generators[kind] = CIMCases(rng_for(kind)).case
        else:
            rng = rng_for(kind)
            generators[kind] = WidgetCases(rng, Generator(rng, builtins, files, corpus)).case
    counts = {k: 0 for k in targets}
    spent = {k: 0.0 for k in targets}
    found = {k: 0 for k in targets}
    crashes = []
    deadline = time.time() + args.seconds
    try:
        while time.time() < deadline:
            # The target with the least time so far: the run's seconds are spread evenly over the targets.
            kind = min(targets, key=lambda k: (spent[k], ALL_TARGETS.index(k)))
            case = generators[kind]()
            t0 = time.time()
            why = targets[kind].check(case)
            spent[kind] += time.time() - t0
            counts[kind] += 1
            if why:
                found[kind] += 1
                path = save_regression(case, kind, why)
                crashes.append(path)
                print(f"CRASH [{kind}] {why.splitlines()[0][:200]} -> {path.relative_to(REPO)}", flush=True)
    finally:
        for kind, why in close_targets(targets).items():
            found[kind] += 1
            crashes.append(kind)
            print(f"CRASH [{kind}] at the end of the run: {why}", flush=True)
    per_target = "; ".join(f"{k}: {counts[k]} {targets[k].unit}(s), {found[k]} crash(es)"
                           for k in ALL_TARGETS if k in targets)
    print(f"seed {args.seed}, {args.seconds:.0f} s, {len(builtins)} builtins: {per_target}; "
          f"total {sum(counts.values())}, {len(crashes)} crash(es)", flush=True)
    return len(crashes)


def main():
    global ADDRESS_SPACE_KB
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["run", "replay", "ci"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=60, help="length of the fuzzing run, spread over the targets")
    ap.add_argument("--timeout", type=float, default=3.0, help="seconds a cell may run before it is interrupted")
    ap.add_argument("--grace", type=float, default=3.0, help="seconds after the interrupt before it counts as a hang")
    ap.add_argument("--batch-timeout", type=float, default=20.0, help="seconds a batch command may run")
    ap.add_argument("--targets", default=",".join(ALL_TARGETS), help="comma-separated: " + ", ".join(ALL_TARGETS))
    ap.add_argument("--address-space-kb", type=int, default=None, metavar="KB",
                    help="cap every child's address space (RLIMIT_AS) at KB kilobytes and leave QAMA_MEMORY_LIMIT_GB "
                         "unset, so the kernel's own budget must notice the cap (default: QAMA_MEMORY_LIMIT_GB=1 "
                         "under a 6 GB cap)")
    args = ap.parse_args()
    args.targets = [t for t in args.targets.split(",") if t]
    unknown = set(args.targets) - set(ALL_TARGETS)
    if unknown:
        raise SystemExit(f"unknown target(s) {', '.join(sorted(unknown))}; the targets are {', '.join(ALL_TARGETS)}")
    args.targets = [t for t in ALL_TARGETS if t in args.targets]
    if args.address_space_kb is not None:
        if args.address_space_kb <= 0:
            raise SystemExit("--address-space-kb must be positive")
        ADDRESS_SPACE_KB = args.address_space_kb
    qama = binary()
    if not qama.exists():
        raise SystemExit(f"{qama} is missing: build with `swift build -c release`")
    cim = cim_binary()
    if "cim" in args.targets and not cim.exists():
        raise SystemExit(f"{cim} is missing: build with `swift build -c release` (or set QAMA_CIM_BIN)")
    workdir = Path(tempfile.mkdtemp(prefix="qama-fuzz-"))
    try:
        files = write_files(workdir, random.Random(args.seed))
        ctx = Context(qama, cim, workdir, args)
        failures = 0
        if args.command in ("replay", "ci"):
            failures += replay(ctx, args)
        if args.command in ("run", "ci"):
            failures += fuzz(ctx, args, files)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
