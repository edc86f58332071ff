#!/usr/bin/env python3
"""Opens every example notebook in JupyterLab in headless Chromium and checks that its figures render.

For each notebook it saves a full-page screenshot (docs/screenshots/NAME.png by default) and counts, in the
DOM JupyterLab built, the figures it drew (SVG outputs, and SVG inside HTML outputs); it fails when that count falls short of the
number of SVG outputs saved in the notebook. The notebooks are shown with the outputs saved in them (the
ones `scripts/test` checks), so nothing is executed here. JupyterLab renders SVG only from trusted
notebooks (an untrusted one shows each figure's text/plain description), so they are trusted first with
`jupyter trust`, as `scripts/setup` does.

    scripts/screenshots            # builds, installs the kernelspec and Chromium if missing, then this
    .venv/bin/python scripts/screenshots.py [--out DIR] [--chromium PATH] [--port P] [NAME ...]
"""
import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_chromium(explicit):
    for candidate in ([explicit] if explicit else []) + ["chromium", "chromium-browser", "google-chrome"]:
        path = shutil.which(candidate) if candidate else None
        if path:
            return path
    sys.exit("screenshots: no Chromium found (apt-get install chromium, or pass --chromium PATH)")


def saved_svg_outputs(path: Path) -> int:
    nb = json.loads(path.read_text())
    return sum(1 for cell in nb["cells"] if cell["cell_type"] == "code"
               for o in cell.get("outputs", []) if "image/svg+xml" in o.get("data", {}))


def start_lab(port: int, token: str, settings: Path, workdir: Path, root: Path = NOTEBOOKS):
    # Render every cell, not only those in view, so the DOM holds every figure.
    tracker = settings / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    jupyter = Path(sys.executable).parent / "jupyter"
    log = open(workdir / "lab.log", "w")
    proc = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1", "--allow-root",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={workdir / 'workspaces'}"],
        stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.3)
    proc.kill()
    sys.exit("screenshots: JupyterLab did not start; see " + str(workdir / "lab.log"))


def chromium(binary, profile: Path, args):
    base = [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", f"--user-data-dir={profile}", "--virtual-time-budget=25000"]
    return subprocess.run(base + args, capture_output=True, text=True, timeout=180)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--chromium")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("only", nargs="*", help="only the notebooks whose names contain one of these (e.g. 08)")
    args = parser.parse_args()
    binary = find_chromium(args.chromium)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    port = args.port or free_port()
    token = secrets.token_hex(16)
    failures = []
    subprocess.run([str(Path(sys.executable).parent / "jupyter"), "trust", *map(str, sorted(NOTEBOOKS.glob("*.ipynb")))],
                   check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        lab = start_lab(port, token, tmp / "settings", tmp)
        try:
            print(f"{'notebook':<24} {'saved SVG outputs':>18} {'rendered in Lab':>16}  screenshot")
            for path in sorted(NOTEBOOKS.glob("*.ipynb")):
                if args.only and not any(name in path.name for name in args.only):
                    continue
                url = f"http://127.0.0.1:{port}/lab/tree/{path.name}?token={token}&reset"
                expected = saved_svg_outputs(path)
                dom = chromium(binary, tmp / "profile", ["--window-size=1280,1000", "--dump-dom", url]).stdout
                # An SVG output is drawn as an <img> of its data; a bundle that also has text/html (a sweep:
                # its table with the figure inline) is drawn as that HTML, whose <svg> is in the DOM.
                rendered = (len(re.findall(r'data-mime-type="image/svg\+xml"', dom))
                            + len(re.findall(r'<svg[^>]*>\s*<title>', dom)))
                shot = out / (path.stem + ".png")
                chromium(binary, tmp / "profile", ["--window-size=1280,2400", f"--screenshot={shot}", url])
                print(f"{path.stem:<24} {expected:>18} {rendered:>16}  {shot.relative_to(REPO) if shot.is_relative_to(REPO) else shot}")
                if rendered < expected or not shot.exists():
                    failures.append(path.name)
        finally:
            lab.terminate()
            try:
                lab.wait(timeout=20)
            except subprocess.TimeoutExpired:
                lab.kill()
    if failures:
        sys.exit("screenshots: figures missing in " + ", ".join(failures))


if __name__ == "__main__":
    main()
