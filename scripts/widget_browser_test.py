#!/usr/bin/env python3
"""Drags a slider of `interact` in JupyterLab (headless Chromium, ipywidgets' Lab extension) and checks that
the figure below it changes; saves the screenshot as docs/screenshots/interact-slider.png.

It writes a small notebook into a temporary folder, opens it in JupyterLab with the `qama` kernel, runs its
cell with Shift-Enter, waits for the slider, drags its handle with real mouse events through the Chrome
DevTools protocol (over tornado's websocket client, which JupyterLab already brings), and compares the
figure's SVG before and after. Exits non-zero if the widget does not render or the figure does not change.
Run by `scripts/screenshots` after the notebook screenshots (it needs Chromium and a Lab with
jupyterlab_widgets, which `scripts/setup` installs), not by `scripts/test`:

    .venv/bin/python scripts/widget_browser_test.py [--out docs/screenshots] [--chromium PATH]
"""
import argparse
import asyncio
import base64
import json
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tornado.websocket import websocket_connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import REPO, find_chromium, free_port, start_lab  # noqa: E402

CELL = """seed(3)
let Q = randn(2, 16, 8); let K = randn(2, 16, 8); let V = rand(2, 16, 8)
param γ = 0
let m = qama(Q, K, V, gamma: γ)
func view() = sparsity(solve(m, sa(reads: 8, sweeps: 500)))
interact(view, γ: 0...4, step: 0.05)"""

# The figures as Lab shows them (an SVG output is an <img> with a data URL, inside the widget's output area).
FIGURE_JS = """(() => { const figures = [...document.querySelectorAll('.jp-OutputArea-output img, .jp-OutputArea-output svg')]
  .map(f => f.src || f.outerHTML).filter(f => f.includes('svg'));
  return figures.length ? figures.join('|') : null; })()"""
HANDLE_JS = """(() => { const h = document.querySelector('.widget-hslider .noUi-handle');
  if (!h) return null; const r = h.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"""
READOUT_JS = "(() => { const r = document.querySelector('.widget-hslider .widget-readout'); return r ? r.textContent : null; })()"


class DevTools:
    def __init__(self, ws):
        self.ws, self.next_id = ws, 0

    async def call(self, method, **params):
        self.next_id += 1
        ident = self.next_id
        self.ws.write_message(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            reply = json.loads(await self.ws.read_message())
            if reply.get("id") == ident:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    async def evaluate(self, expression):
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def wait_for(self, expression, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = await self.evaluate(expression)
            if value:
                return value
            await asyncio.sleep(0.25)
        raise SystemExit(f"widget browser test: timed out waiting for {what}")

    async def key(self, key, code, keycode, modifiers=0):
        for kind in ("rawKeyDown", "keyUp"):
            await self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code, windowsVirtualKeyCode=keycode,
                            modifiers=modifiers)

    async def mouse(self, kind, x, y):
        await self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                        buttons=0 if kind == "mouseReleased" else 1, clickCount=1)


async def drive(debug_port, url, shot):
    targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json/list"))
    page = next(t for t in targets if t["type"] == "page")
    ws = await websocket_connect(page["webSocketDebuggerUrl"], max_message_size=64 << 20)
    dev = DevTools(ws)
    await dev.call("Emulation.setDeviceMetricsOverride", width=1280, height=1000, deviceScaleFactor=1, mobile=False)
    await dev.call("Page.navigate", url=url)
    await dev.wait_for("document.querySelector('.jp-Notebook .jp-Cell') !== null", 90, "the notebook to open")
    await dev.wait_for("document.body.innerText.includes('QAMA')", 90, "the QAMA kernel")
    await asyncio.sleep(2)  # let the kernel connection settle
    await dev.evaluate("document.querySelector('.jp-Notebook .jp-Cell').click()")
    await dev.key("Escape", "Escape", 27)
    await dev.key("Enter", "Enter", 13, modifiers=8)  # Shift-Enter: run the cell
    handle = await dev.wait_for(HANDLE_JS, 120, "the slider to render")
    before = await dev.wait_for(FIGURE_JS, 60, "the first figure")
    readout_before = await dev.evaluate(READOUT_JS)
    x, y = handle
    await dev.mouse("mousePressed", x, y)
    for step in range(1, 11):
        await dev.mouse("mouseMoved", x + 16 * step, y)
        await asyncio.sleep(0.05)
    await dev.mouse("mouseReleased", x + 160, y)
    after = await dev.wait_for(f"(() => {{ const f = {FIGURE_JS}; return f && f !== {json.dumps(before)} ? f : null }})()",
                               60, "the figure to change after the drag")
    readout_after = await dev.evaluate(READOUT_JS)
    await asyncio.sleep(1)
    png = await dev.call("Page.captureScreenshot", format="png")
    shot.write_bytes(base64.b64decode(png["data"]))
    ws.close()
    return readout_before, readout_after, before != after


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--chromium")
    args = parser.parse_args()
    binary = find_chromium(args.chromium)
    shot = Path(args.out) / "interact-slider.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        root = tmp / "nb"
        root.mkdir()
        notebook = {"cells": [{"cell_type": "code", "execution_count": None, "id": "interact", "metadata": {},
                               "outputs": [], "source": CELL}],
                    "metadata": {"kernelspec": {"name": "qama", "display_name": "QAMA", "language": "qama"}},
                    "nbformat": 4, "nbformat_minor": 5}
        (root / "interact.ipynb").write_text(json.dumps(notebook))
        port, debug_port, token = free_port(), free_port(), secrets.token_hex(16)
        lab = start_lab(port, token, tmp / "settings", tmp, root=root)
        browser = subprocess.Popen([binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                    "--no-first-run", f"--user-data-dir={tmp / 'profile'}",
                                    f"--remote-debugging-port={debug_port}", "about:blank"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json/version", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit("widget browser test: Chromium's DevTools port did not open")
                    time.sleep(0.3)
            url = f"http://127.0.0.1:{port}/lab/tree/interact.ipynb?token={token}&reset"
            before, after, changed = asyncio.run(drive(debug_port, url, shot))
        finally:
            browser.terminate()
            lab.terminate()
            for proc in (browser, lab):
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
    print(f"slider γ {before} → {after}; figure changed: {changed}; screenshot {shot}")
    if not changed:
        raise SystemExit("widget browser test: the figure did not change")


if __name__ == "__main__":
    main()
