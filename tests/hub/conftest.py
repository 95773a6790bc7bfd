"""A real JupyterHub for the hub tests, started as ``make hub`` starts it (hub/jupyterhub_config.py)
on 127.0.0.1 with free ports, a throwaway state folder (database, homes, inbox) and known
passwords; Debian's chromium driven by Playwright, one browser context per account.

The proxy is configurable-http-proxy from hub/node_modules (``npm ci --prefix hub``, run here
once when it is missing). Without npm or chromium the tests skip with a message, except under
CI=true, where they fail. On failure a screenshot of each open page goes to test-artifacts/.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "hub"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import hub_settings as hs  # noqa: E402
from jlab import ServerProcess, free_port  # noqa: E402

from helpers.tools.chromium import CHROMIUM_ARGS, chromium_path  # noqa: E402

ARTIFACTS = ROOT / "test-artifacts"
STUDENTS = ("student01", "student02", "student03", "student04", "student05")
PASSWORD = "class-password-for-tests"
TEACHER_PASSWORD = "teacher-password-for-the-hub-tests-only"
#: Added to the hub's configuration for the tests only: JupyterLab's app object in the page, so
#: the tests can tell when a kernel is idle (tests/browser/jlab.py).
OVERLAY = """c = get_config()  # noqa
load_subconfig({config!r})  # noqa
c.Spawner.args.append("--LabApp.expose_app_in_browser=True")
"""


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _skip_or_fail(message: str):
    if _in_ci():
        pytest.fail("CI=true but " + message)
    pytest.skip(message)


def ensure_proxy() -> Path:
    """configurable-http-proxy as ``make hub`` installs it (npm ci in hub/, once)."""
    marker = hs.HUB_DIR / "node_modules" / ".package-lock.json"
    lock = hs.HUB_DIR / "package-lock.json"
    if hs.PROXY.exists() and marker.is_file() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return hs.PROXY
    npm = shutil.which("npm")
    if not npm:
        _skip_or_fail(
            "The hub tests need npm once (apt-get install npm) to fetch configurable-http-proxy "
            "(hub/package.json)."
        )
    subprocess.run(
        [npm, "ci", "--prefix", str(hs.HUB_DIR), "--ignore-scripts", "--no-audit", "--no-fund",
         "--loglevel=error"],
        check=True,
        timeout=300,
    )
    return hs.PROXY


class Hub(ServerProcess):
    """A running JupyterHub: its address, state folder, accounts and passwords."""

    name = "JupyterHub"

    def __init__(self, state: Path):
        super().__init__(state.parent / "jupyterhub.log")
        self.state = state
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.class_list = state.parent / "class.txt"
        self.env = {}
        self.students = STUDENTS

    @property
    def homes(self) -> Path:
        return self.state / "homes"

    @property
    def inbox(self) -> Path:
        return self.state / "inbox"

    @property
    def switch(self) -> Path:
        """The teacher's class-view switches (hub/jupyterhub_config.py puts them there)."""
        return hs.switch_file(self.state)

    def start(self, timeout: float = 60):
        self.class_list.write_text("\n".join(STUDENTS) + "\n", encoding="utf-8")
        overlay = self.state.parent / "test_config.py"
        overlay.write_text(OVERLAY.format(config=str(hs.HUB_DIR / "jupyterhub_config.py")))
        self.env = dict(os.environ)
        self.env.pop("NEWS_CLAIMS_SCHEME", None)  # the classroom scheme, as make hub has it
        self.env.update({
            hs.ENV["port"]: str(self.port),
            hs.ENV["hub_port"]: str(free_port()),
            hs.ENV["proxy_api_port"]: str(free_port()),
            hs.ENV["class_view_port"]: str(free_port()),
            hs.ENV["state"]: str(self.state),
            hs.ENV["class_list"]: str(self.class_list),
            hs.ENV["password"]: PASSWORD,
            hs.ENV["teacher_password"]: TEACHER_PASSWORD,
            hs.ENV["isolated"]: "0",
        })
        cmd = [str(Path(sys.executable).with_name("jupyterhub")), "-f", str(overlay)]
        started = time.monotonic()
        self.launch(cmd, self.state.parent, self.env, f"{self.url}/hub/api/", timeout)
        print(f"\nhub up in {time.monotonic() - started:.1f} s at {self.url}")
        return self

    def stop(self):
        """Stop the hub (it stops the users' servers, the service and the proxy), then end any
        process of ours still running in the state folder."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                pass
        super().stop()
        for pid in leftover_processes(self.state.parent):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def password(self, user: str) -> str:
        return TEACHER_PASSWORD if user == hs.TEACHER else PASSWORD

    def lab_url(self, user: str, name: str) -> str:
        return f"{self.url}/user/{user}/lab/tree/{quote(name)}?reset"


def leftover_processes(folder: Path) -> list[int]:
    """Processes whose working folder is inside ``folder``: the proxy, the class-view service
    (started in the hub's folder), the users' servers and kernels (in their homes)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            if Path(os.readlink(proc / "cwd")).is_relative_to(folder):
                found.append(int(proc.name))
    return found


class Account:
    """One account's browser tab on the hub; ``notebook_url`` as tests/browser/jlab.py wants."""

    def __init__(self, hub: Hub, user: str, page):
        self.hub, self.user, self.page = hub, user, page

    def notebook_url(self, name: str) -> str:
        return self.hub.lab_url(self.user, name)


@pytest.fixture(scope="session")
def chromium():
    path = chromium_path()
    if not path:
        _skip_or_fail(
            "The hub tests need Debian's chromium (apt-get install chromium, or `make test`; or "
            "set CHROMIUM=/path/to/chromium)."
        )
    return path


@pytest.fixture(scope="session")
def hub(chromium, tmp_path_factory):
    ensure_proxy()
    state = tmp_path_factory.mktemp("hub") / "state"
    server = Hub(state)
    try:
        server.start()
        yield server
    finally:
        server.stop()
    assert leftover_processes(state.parent) == [], "the hub left processes running"


def _with_accounts(chromium: str, hub: Hub, name: str, scenario) -> None:
    """Run ``scenario(accounts)`` with Playwright and one Chromium of its own; ``accounts(user)``
    gives a browser context of its own to each account (cookies never shared). Screenshots of
    every page on failure; everything closed after."""
    from playwright.sync_api import sync_playwright

    opened: list[Account] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True,
                                    args=list(CHROMIUM_ARGS))

        def open_(user: str) -> Account:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.on("dialog", lambda d: d.accept() if d.type == "beforeunload" else d.dismiss())
            account = Account(hub, user, page)
            opened.append(account)
            return account

        try:
            scenario(open_)
        except BaseException:
            ARTIFACTS.mkdir(exist_ok=True)
            for account in opened:
                shot = ARTIFACTS / f"hub-{name}-{account.user}.png"
                with contextlib.suppress(Exception):
                    account.page.screenshot(path=str(shot), full_page=True)
                    print(f"screenshot: {shot}")
            raise
        finally:
            for account in opened:
                with contextlib.suppress(Exception):
                    account.page.context.close()
            browser.close()


@pytest.fixture
def in_browser(chromium, hub, request):
    """``in_browser(scenario)``: run ``scenario(accounts)`` in a thread of its own, with its own
    Playwright. Playwright's sync API allows one Playwright per thread, and in a whole test
    session the browser tests (tests/browser) keep theirs open in the main thread."""

    def run(scenario) -> None:
        outcome = {}

        def target():
            try:
                _with_accounts(chromium, hub, request.node.name, scenario)
            except BaseException as exc:  # noqa: BLE001 - handed to the test's own thread
                outcome["error"] = exc

        worker = threading.Thread(target=target, name="hub-browser")
        worker.start()
        worker.join()
        if "error" in outcome:
            raise outcome["error"]

    return run
