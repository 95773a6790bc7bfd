"""A real JupyterLab in a real Chromium, for the browser tests.

JupyterLab is started by the tests on 127.0.0.1 with a token, a throwaway annotation store, a
throwaway copy of notebooks/ (so hand-ins and saves never touch the repository) and settings that
keep dialogs and news toasts out of the way. Chromium is Debian's (`apt-get install chromium`),
driven by Playwright's Python API; `playwright install` is never used.

Where there is no chromium the tests skip with a message, except under CI=true, where they fail.
On failure a screenshot goes to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
from pathlib import Path

import pytest
from jlab import ServerProcess, free_port

from helpers.tools.chromium import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "autoStartDefaultKernel": True,
        "windowingMode": "none",  # render every cell, so off-screen outputs can be checked
    },
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def _need_browser():
    path = chromium_path()
    if path:
        return path
    message = (
        "Browser tests need Debian's chromium (apt-get install chromium, or `make test`, "
        "which installs it where apt-get exists; or set CHROMIUM=/path/to/chromium)."
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI=true but " + message)
    pytest.skip(message)


class Lab(ServerProcess):
    """A running JupyterLab server: its address, token, folders and environment."""

    name = "JupyterLab"

    def __init__(self, base_dir: Path):
        super().__init__(base_dir / "jupyterlab.log")
        self.base_dir = base_dir
        self.root_dir = base_dir / "notebooks"
        self.store_path = base_dir / "store" / "annotations.sqlite"
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90):
        shutil.copytree(
            ROOT / "notebooks",
            self.root_dir,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "handin"),
        )
        self.store_path.parent.mkdir(parents=True)
        settings = self.base_dir / "lab-settings"
        for name, value in LAB_SETTINGS.items():
            f = settings / name
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(json.dumps(value), encoding="utf-8")
        env = dict(os.environ)
        env.update(
            ANNOTATIONS_DB=str(self.store_path),
            JUPYTERLAB_SETTINGS_DIR=str(settings),
            JUPYTERLAB_WORKSPACES_DIR=str(self.base_dir / "workspaces"),
            JUPYTER_RUNTIME_DIR=str(self.base_dir / "runtime"),
        )
        cmd = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            "--ServerApp.allow_remote_access=False",
            "--LabApp.news_url=None",
            "--LabApp.expose_app_in_browser=True",
            "--allow-root",
        ]
        return self.launch(
            cmd, self.root_dir, env, f"{self.url}/api/status?token={self.token}", timeout
        )

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?token={self.token}&reset"


@pytest.fixture(scope="session")
def chromium():
    return _need_browser()


@pytest.fixture(scope="session")
def lab(chromium, tmp_path_factory):
    server = Lab(tmp_path_factory.mktemp("lab")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=list(CHROMIUM_ARGS))
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.dialogs = []  # every JavaScript dialog that fires, e.g. alert() from an injected payload

    def on_dialog(dialog):
        if dialog.type == "beforeunload":  # "leave the page?" on reload: yes, leave
            dialog.accept()
            return
        pg.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / f"{request.node.name}.png"
        try:
            pg.screenshot(path=str(shot), full_page=True)
            print(f"screenshot: {shot}")
        except Exception as exc:  # the page may be gone; the failure itself matters more
            print(f"no screenshot: {exc}")
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)
