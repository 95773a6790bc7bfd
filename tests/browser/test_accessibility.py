"""Accessibility: axe-core (WCAG 2.1 A and AA rules) on every page a student or a class sees.

1. Every lesson notebook in reader mode (Voilà), after a student has used it: a name typed,
   an annotation saved, a self-check answered, a model answer opened after that attempt, the
   work handed in (each step where the notebook has the widget for it).
2. Every slide of every deck (``make slides``), decks built once for the module.
3. The notebook area of every lesson in JupyterLab after Run All, JupyterLab's own chrome left
   out (``LAB_EXCLUDE``, listed in the README as known upstream issues).

axe-core comes from slides/node_modules (pinned in slides/package.json, installed by ``npm ci``
as for the slides) and is injected with ``add_script_tag``: no CDN, every non-local request is
blocked. A page passes with no critical and no serious violation; on failure each violation is
printed with its rule id, impact, help text and first targets, so it can be fixed.

One Voilà server, one JupyterLab and one Chromium for the module.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import nbformat
import pytest
from jlab import error_outputs, open_notebook, run_all, watch_offline
from test_reader import Reader, _open
from test_slide_decks import _ensure_npm_install

from helpers.paths import NOTEBOOKS
from helpers.tools import slides

pytestmark = pytest.mark.browser

AXE = slides.NODE_MODULES / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("critical", "serious")
LESSONS = [p.name for p in slides.lesson_notebooks()]
STUDENT = "axe-student"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # as in conftest.py
PAUSE_MS = 500  # a person's pause before pressing a button (see test_student_lesson.py)

#: JupyterLab's own chrome inside the notebook area, left out of the audit: known upstream
#: issues, not this project's content (each listed in README.md, "Accessibility"). The audit
#: covers every cell (``LAB_CELLS``), not the cells' container: JupyterLab gives that container
#: ``role=feed`` with cells that are not ``article``s (aria-required-children, critical).
LAB_CELLS = ".jp-NotebookPanel .jp-Notebook .jp-Cell"
LAB_EXCLUDE = {
    ".jp-InputArea-editor": "CodeMirror code editors: no accessible name "
    "(aria-input-field-name, serious)",
    ".jp-collapseHeadingButton": "the button that folds a heading's section: no text "
    "(button-name, critical)",
    ".jp-cell-toolbar": "the active cell's toolbar buttons (aria-pressed on toolbar buttons, "
    "aria-allowed-attr, as on the notebook toolbar)",
}

#: Violations in the project's own widgets that were still failing at the deadline of this test
#: (another change is fixing the widgets): rule id -> (the element, as CSS class in the first
#: failing node's HTML, and what is wrong). A page whose only critical or serious violations are
#: these is marked xfail, naming them; any other violation fails. Remove an entry once fixed.
PENDING: dict[str, tuple[str, str]] = {}  # rule -> (element, reason), while a fix is pending


def _pending(violation: dict) -> bool:
    known = PENDING.get(violation["id"])
    return bool(known) and len(violation["targets"]) == 1 and known[0] in violation["html"]


# -- axe ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def axe_script(chromium):
    _ensure_npm_install()
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix slides` (slides/package.json)")
    return str(AXE)


def _axe(page, axe_script: str, context: dict | None = None) -> list[dict]:
    """Run axe-core on the page (or ``context``) with the WCAG 2.1 A/AA rules; the violations."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=axe_script)
    return page.evaluate(
        """([context, tags]) => axe.run(context || document,
             {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
           .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
             targets: v.nodes.map(n => n.target.join(' ')),
             html: v.nodes.length ? v.nodes[0].html.slice(0, 160) : '',
             summary: v.nodes.length ? v.nodes[0].failureSummary : ''})))""",
        [context, TAGS],
    )


def _report(where: str, violations: list[dict]) -> str:
    lines = [f"{where}: {len(violations)} violation(s)"]
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}, {len(v['targets'])}×): {v['help']}")
        lines += [f"      {t}" for t in v["targets"][:3]]
        lines.append(f"      first: {v['html']}")
        lines += [f"      {line}" for line in v["summary"].splitlines()[:3]]
    return "\n".join(lines)


def _check(where: str, violations: list[dict], page=None) -> None:
    print("\n" + _report(where, violations))
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    if blocking and page is not None:
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / ("a11y-" + "".join(c if c.isalnum() else "-" for c in where) + ".png")
        with contextlib.suppress(Exception):
            page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot: {shot}")
    pending = [v for v in blocking if _pending(v)]
    if blocking and len(pending) == len(blocking):
        pytest.xfail("widget bug, being fixed (helpers/widgets): " + "; ".join(
            f"{v['id']} ({v['impact']}) on {PENDING[v['id']][0]}: {PENDING[v['id']][1]}"
            for v in pending))
    assert not blocking, "critical or serious accessibility violations:\n" + _report(
        where, blocking
    )


# -- 1. reader mode, after a student has used the lesson ------------------------------------------
@pytest.fixture(scope="module")
def reader(chromium, tmp_path_factory):
    server = Reader(tmp_path_factory.mktemp("a11y-reader")).start()
    yield server
    server.stop()


def _visible(locator):
    return locator.count() > 0 and locator.first.is_visible()


def _wait_text(page, locator, pattern: str, timeout: float = 30_000) -> None:
    page.wait_for_function(
        "([el, p]) => new RegExp(p).test(el.innerText)",
        arg=[locator.element_handle(), pattern],
        timeout=timeout,
    )


def _use_lesson(page) -> list[str]:
    """What a student does on the page, where the page has the widget for it; the steps done."""
    done = []
    name = page.locator(".annotator-name input:visible")
    if _visible(name):
        box = name.first.locator("xpath=ancestor::*[contains(@class,'annotator-namebox')][1]")
        name.first.fill(STUDENT)
        page.wait_for_timeout(PAUSE_MS)
        box.locator("button.name-save").click()
        page.wait_for_function(
            "(s) => document.body.innerText.includes(s)", arg=STUDENT, timeout=30_000
        )
        done.append("name")

    ann = page.locator(".claim-annotator").first
    if _visible(page.locator(".claim-annotator")):
        words = ann.locator(".phrase-word")
        words.nth(0).scroll_into_view_if_needed()
        first, last = words.nth(0).bounding_box(), words.nth(3).bounding_box()
        page.mouse.move(first["x"] + 3, first["y"] + first["height"] / 2)
        page.mouse.down()
        page.mouse.move(last["x"] + last["width"] - 3, last["y"] + last["height"] / 2, steps=5)
        page.mouse.up()
        _wait_text(page, ann.locator(".phrase-selected"), "Selected:")  # the kernel has it
        for group in (".claim-claim-type", ".claim-check-worthy", ".claim-verdict"):
            radio = ann.locator(f"{group} input[type=radio]")
            if radio.count():
                radio.first.check()
        page.wait_for_timeout(PAUSE_MS)
        ann.locator("button.claim-save").click()
        _wait_text(page, ann.locator(".claim-status"), "Saved")
        done.append("annotation")

    question = page.locator(".selfcheck-question").first
    if _visible(page.locator(".selfcheck-question")):
        radio = question.locator("input[type=radio]")
        if radio.count():
            radio.first.check()
        else:
            question.locator("input[type=text]").fill("I am not sure")
            question.locator("input[type=text]").press("Tab")
        page.wait_for_timeout(PAUSE_MS)
        question.locator("button.selfcheck-submit").click()
        _wait_text(page, question.locator(".selfcheck-feedback"), r"\S")
        done.append("self-check")

    toggle = page.locator("button.reveal-toggle")
    if toggle.count():
        toggle.first.scroll_into_view_if_needed()
        toggle.first.click()
        page.wait_for_timeout(PAUSE_MS)
        done.append("reveal")

    handin = page.locator(".handin").first
    if _visible(page.locator(".handin")):
        handin.locator(".handin-partners input").fill("axe-partner")
        page.wait_for_timeout(PAUSE_MS)
        handin.locator("button.handin-button").click()
        handin.locator("a.handin-download").wait_for(timeout=30_000)
        done.append("hand-in")
    return done


def _last_widget(notebook: str) -> str | None:
    """The widget that comes last on the lesson's page (the hand-in), to wait for."""
    nb = nbformat.read(NOTEBOOKS / notebook, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return ".handin .handin-button" if ".handin(" in code else None


@pytest.mark.parametrize("notebook", LESSONS)
def test_reader_mode_after_use(reader, page, axe_script, notebook):
    began = time.monotonic()
    seen = _open(page, reader.page_url(notebook))
    last = _last_widget(notebook)
    if last:
        page.locator(last).wait_for(state="visible", timeout=90_000)
    page.wait_for_load_state("networkidle")
    done = _use_lesson(page)
    violations = _axe(page, axe_script)
    print(f"\n{notebook}: used ({', '.join(done) or 'nothing to use'}), "
          f"{time.monotonic() - began:.1f} s")
    assert seen["blocked"] == [], "the page asked for something outside this machine"
    assert seen["errors"] == []
    _check(f"reader mode {notebook}", violations, page)


# -- 2. every slide of every deck -----------------------------------------------------------------
@pytest.fixture(scope="module")
def decks(axe_script, tmp_path_factory):
    """Every lesson's deck, built once for the module, as in test_slide_decks.py."""
    out = tmp_path_factory.mktemp("a11y-slides")
    sources = slides.lesson_notebooks()
    started = time.monotonic()
    built = slides.build(out, sources, log=lambda line: None)
    print(f"built {len(built)} decks in {time.monotonic() - started:.1f} s")
    return {src.name: deck for deck, src in zip(built, sources, strict=True)}


@pytest.mark.parametrize("notebook", LESSONS)
def test_every_slide(decks, page, axe_script, notebook):
    deck = decks[notebook]
    seen = watch_offline(page, also_allow=("file://",))
    page.goto(deck.as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15_000)
    page.evaluate("() => Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
    page.add_script_tag(path=axe_script)
    indices = page.evaluate(
        "() => Reveal.getSlides().map(s => Reveal.getIndices(s)).map(i => [i.h, i.v || 0])"
    )
    found: dict[str, dict] = {}
    for h, v in indices:
        page.evaluate("([h, v]) => Reveal.slide(h, v)", [h, v])
        for violation in _axe(page, axe_script, {"include": [".reveal .slides section.present"]}):
            kept = found.setdefault(violation["id"], {**violation, "targets": []})
            kept["targets"] += [f"slide {h}/{v}: {t}" for t in violation["targets"]]
    assert seen["blocked"] == []
    _check(f"deck {deck.name} ({len(indices)} slides)", list(found.values()))


# -- 3. the notebook area in JupyterLab -----------------------------------------------------------
@pytest.mark.parametrize("notebook", LESSONS)
def test_notebook_area_in_jupyterlab(lab, page, axe_script, notebook):
    open_notebook(page, lab, notebook)
    run_all(page)
    page.wait_for_timeout(500)
    assert error_outputs(page) == []
    context = {"include": [[LAB_CELLS]], "exclude": [[s] for s in LAB_EXCLUDE]}
    _check(f"JupyterLab {notebook}", _axe(page, axe_script, context), page)
