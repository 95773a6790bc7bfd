"""Small, reusable steps for driving JupyterLab 4 in Playwright."""

from __future__ import annotations

import time

# JavaScript run in the page: the app object exists because Lab runs with expose_app_in_browser.
_KERNEL_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!w || !w.sessionContext || !w.sessionContext.session) return false;
  const k = w.sessionContext.session.kernel;
  return !!k && k.status === 'idle' && k.connectionStatus === 'connected';
}"""

_ALL_RUN = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const cells = w.content.model.cells;
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    if (c.type === 'code' && c.sharedModel.getSource().trim() && c.executionCount == null)
      return false;
  }
  return w.sessionContext.session.kernel.status === 'idle';
}"""

_ERRORS = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const cells = w.content.model.cells, errs = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    if (c.type !== 'code') continue;
    for (let j = 0; j < c.outputs.length; j++) {
      const o = c.outputs.get(j).toJSON();
      if (o.output_type === 'error') errs.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
    }
  }
  return errs;
}"""


def open_notebook(page, lab, name: str):
    page.goto(lab.notebook_url(name))
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=60_000)
    page.wait_for_function(_KERNEL_IDLE, timeout=60_000)


def run_all(page, timeout: float = 120):
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    # run-all first clears execution counts; give the kernel a moment to start working
    time.sleep(0.5)
    page.wait_for_function(_ALL_RUN, timeout=timeout * 1000)


def error_outputs(page) -> list[str]:
    return page.evaluate(_ERRORS)


def restart_and_reload(page, lab, name: str):
    """Restart the kernel, reload the page (every widget view is gone) and wait for the kernel.

    The restart goes through the kernel object: the menu command would open a confirmation
    dialog and wait for it.
    """
    page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart()"
    )
    page.reload()
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=60_000)
    page.wait_for_function(_KERNEL_IDLE, timeout=60_000)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """A server the tests start on 127.0.0.1 (JupyterLab, Voilà): launch, wait, stop, log."""

    name = "server"

    def __init__(self, log):
        self.log = log
        self.proc = None
        self._logfile = None

    def launch(self, cmd, cwd, env, ready_url: str, timeout: float):
        """Start ``cmd`` and return once ``ready_url`` answers 200 (or raise with the log)."""
        import subprocess
        import urllib.request

        self._logfile = open(self.log, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=self._logfile, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(ready_url, timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not start in {timeout}s:\n{self.log.read_text()}")

    def stop(self):
        import subprocess

        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self._logfile:
            self._logfile.close()


LOCAL = ("http://127.0.0.1", "http://localhost", "data:", "blob:")


def watch_offline(page, also_allow: tuple[str, ...] = ()) -> dict:
    """Block every request that would leave the machine, and record what happened.

    Returns a dict of lists, filled as the page runs: ``blocked`` (requests aborted because they
    were not local), ``failed`` (requests that failed) and ``errors`` (uncaught page errors).
    Routing is on the browser context, so pop-ups (e.g. reveal.js speaker notes) are watched too.
    """
    seen = {"blocked": [], "failed": [], "errors": []}
    allowed = LOCAL + tuple(also_allow)

    def route(r):
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            seen["blocked"].append(r.request.url)
            r.abort()

    page.context.route("**/*", route)
    page.context.on("requestfailed", lambda r: seen["failed"].append(f"{r.url}: {r.failure}"))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    return seen


def centre(box) -> tuple[float, float]:
    """The middle of an element's bounding box, where a finger or a mouse presses."""
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def drag(page, words, first: int, last: int) -> None:
    """Drag the mouse from word ``first`` to word ``last`` of a phrase picker's ``words``
    (a locator), as a student selects a phrase."""
    words.nth(first).scroll_into_view_if_needed()
    page.mouse.move(*centre(words.nth(first).bounding_box()))
    page.mouse.down()
    page.mouse.move(*centre(words.nth(last).bounding_box()), steps=8)
    page.mouse.up()


#: The smallest target a finger may be asked to hit, in CSS px (WCAG 2.2, 2.5.8 Target Size).
MIN_TARGET = 24


class Finger:
    """Tap a control and keep its size."""

    def __init__(self, page):
        self.page = page
        self.sizes: list[tuple[str, float, float]] = []

    def tap(self, locator, what: str) -> None:
        locator.scroll_into_view_if_needed()
        box = locator.bounding_box()
        self.sizes.append((what, round(box["width"], 1), round(box["height"], 1)))
        locator.tap()

    def small(self) -> list[tuple[str, float, float]]:
        return [s for s in self.sizes if s[1] < MIN_TARGET or s[2] < MIN_TARGET]
