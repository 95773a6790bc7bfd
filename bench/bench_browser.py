"""How fast a lesson is usable in a real browser, printed as BENCH lines.

Voilà (reader mode, as students open lessons) serves a copy of notebooks/ plus a notebook that
shows one ipywidgets Button (the baseline). Debian's chromium, driven by Playwright, opens each
page in turn, best of 3, alternating, offline; the time is from asking for the page until the
lesson's "Save annotation" button (or the baseline's button) is visible and enabled.

``save_usable[01_the_lede]``: target ratio <= 1.3. Needs chromium (skips with a message).
Run: .venv/bin/python bench/bench_browser.py
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchlib import bench_line

from helpers.paths import NOTEBOOKS
from helpers.tools import slides
from helpers.tools.chromium import CHROMIUM_ARGS, chromium_path

LESSON = "01_the_lede.ipynb"
BASELINE = "zz_one_button.ipynb"
REPEAT = 3
BUTTON_CELL = "import ipywidgets as widgets\nwidgets.Button(description='Save annotation')"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def baseline_notebook(folder: Path) -> None:
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "source": BUTTON_CELL,
                "outputs": [],
                "execution_count": None,
            }
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / BASELINE).write_text(json.dumps(nb), encoding="utf-8")


def time_until_usable(page, url: str, selector: str) -> float:
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(f"{selector}:not([disabled])", state="visible", timeout=120_000)
    return time.perf_counter() - start


def main() -> None:
    chromium = chromium_path()
    if not chromium:
        print("# bench_browser: no chromium here (make test installs it): skipped")
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        root = Path(tmp) / "notebooks"
        shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        baseline_notebook(root)
        port = free_port()
        env = slides.reader_env()
        env.update(ANNOTATIONS_DB=str(Path(tmp) / "store.sqlite"), JUPYTER_RUNTIME_DIR=tmp)
        command = slides.reader_command(root, port, "127.0.0.1", open_browser=False)
        server = subprocess.Popen(
            command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(120):
                try:
                    urllib.request.urlopen(base + "/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.5)
            with sync_playwright() as play:
                browser = play.chromium.launch(
                    executable_path=chromium,
                    args=list(CHROMIUM_ARGS),
                )
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.route(
                    "**/*",
                    lambda route: (
                        route.continue_() if route.request.url.startswith(base) else route.abort()
                    ),
                )
                lesson, button = [], []
                for _ in range(REPEAT):
                    button.append(
                        time_until_usable(page, f"{base}/voila/render/{BASELINE}", ".widget-button")
                    )
                    lesson.append(
                        time_until_usable(page, f"{base}/voila/render/{LESSON}", ".claim-save")
                    )
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    bench_line(
        f"save_usable[{LESSON.removesuffix('.ipynb')}]", min(lesson), "s", min(button), "ratio<=1.3"
    )


if __name__ == "__main__":
    sys.exit(main())
