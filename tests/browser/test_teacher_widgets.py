"""The teacher's widgets and the student's class-view button, operated in JupyterLab in
Chromium as people do: by keyboard only, by touch, and by mouse then keyboard.

1. ``LevelsBoard`` (notebooks/06, "Confirm or change each level"), keyboard only: from the
   notebook's last cell, the arrow keys move up to the board's cell (JupyterLab's command mode),
   Tab reaches the task drop-down, the student drop-down and the level choice, the arrow keys
   choose in each, Enter on "Confirm level" saves. levels.json holds the level; the cell, run
   again by Ctrl+Enter, shows it in its table and, the student chosen again, in its proposal;
   the level changed back and confirmed with Space is saved over it (the first in its history).
   A copy of 06 is opened from a folder of its own in the server's copy of notebooks/, so
   levels.json goes there; the folder is removed afterwards.
2. ``HandInGrid`` and ``StudentWorkView`` (notebooks/08, the synthetic sample class off a hub),
   touch only, on a laptop's touch screen: tap Refresh (the summary is read again), tap the
   student drop-down and choose a student (the choice is made in the browser's own picker,
   which a test reaches with ``select_option``): their work shows; tap "Refresh the list": the
   student stays chosen. Then the laptop's keyboard: Shift+Tab back to the drop-down and
   ArrowDown: the next student's work.
3. ``ClassView`` (lesson 1, after the hand-in), mouse then keyboard: click "See what the class
   said": off a hub it says there is no class on this computer; the cell run again, Tab to the
   button and Enter: the same message.

Every run checks that no cell shows an error and that the pointer used was the one meant (no
pointer at all for the keyboard). Found by this test and fixed: JupyterLab took a drop-down's
arrow keys (and letters: "D D" deletes a cell) as its own shortcuts, so no drop-down could be
used by keyboard (ipywidgets issue 3912); the shared style sheet's page observer
(helpers/widgets/controls.js) now marks every widget drop-down as keeping its keys, and the
live view's widgets bring that style sheet as the levels board does.

The session's JupyterLab and Chromium (conftest.py); each test shuts its kernel down.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import shutil
import time
from pathlib import Path

import nbformat
import pytest
from jlab import MIN_TARGET, Finger, error_outputs, open_notebook, run_all

from helpers.classroom.gradebook import LevelsFile
from helpers.paths import NOTEBOOKS
from helpers.rubric import load_rubric
from helpers.widgets.classview import LABEL, NOT_ON_HUB

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # as in conftest.py
CLASS_RESULTS = "06_class_results.ipynb"
LIVE = "08_live_class_view.ipynb"
LESSON = "01_the_lede.ipynb"
STUDENT = "synthetic-04"  # in the sample class, handed in for both tasks (a level proposed)
SEEN = "synthetic-05"  # the student whose work the live view opens
NEXT = "synthetic-06"  # the next in the live view's drop-down
PAUSE_MS = 500  # a person's pause before pressing a button (see test_student_lesson.py)

ACTIVE = "(s) => !!document.activeElement && document.activeElement.matches(s)"
DESCRIBE = """() => { const e = document.activeElement;
  return e ? `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ` +
    `“${(e.innerText || e.value || '').slice(0, 40)}”` : 'nothing'; }"""
# every pointer that goes down on the page, by type: "mouse", "touch" (none for the keys)
POINTERS = """() => { window.pointersDown = [];
  addEventListener('pointerdown', (e) => window.pointersDown.push(e.pointerType), true); }"""
ACTIVE_CELL = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"
SHUTDOWN = "() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()"


# -- helpers ---------------------------------------------------------------------------------
def _cell_index(notebook: Path, call: str) -> int:
    """The index of the code cell that makes the widget (its source holds ``call``)."""
    cells = nbformat.read(notebook, as_version=4).cells
    return next(i for i, c in enumerate(cells) if c.cell_type == "code" and call in c.source)


def _pointers(page) -> set[str]:
    return set(page.evaluate("() => window.pointersDown"))


def _wait_text(page, selector: str, text: str, timeout: float = 30_000) -> None:
    page.wait_for_function(
        "([s, t]) => [...document.querySelectorAll(s)].some(e => e.innerText.includes(t))",
        arg=[selector, text],
        timeout=timeout,
    )


def _ran_clean(page, name: str) -> None:
    assert error_outputs(page) == [], f"{name}: a cell shows an error"


class Keys:
    """Tab to a control and count the presses; never a click (as in test_student_lesson)."""

    def __init__(self, page):
        self.page = page
        self.path: list[str] = []

    def to(self, selector: str, what: str, limit: int = 30) -> None:
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            self.path.append(self.page.evaluate(DESCRIBE))
            if self.page.evaluate(ACTIVE, selector):
                return
        steps = "\n  ".join(self.path[-limit:])
        pytest.fail(f"{limit} presses of Tab never reached {what} ({selector}):\n  {steps}")

    def up_to_cell(self, index: int) -> None:
        """In command mode, the arrow keys move up from the active cell to cell ``index``."""
        for _ in range(60):
            if self.page.evaluate(ACTIVE_CELL) == index:
                return
            self.page.keyboard.press("ArrowUp")
        pytest.fail(f"the arrow keys never reached cell {index}")

    def choose(self, select, value: str, limit: int = 40) -> None:
        """In the focused drop-down, ArrowDown until ``value`` is chosen."""
        for _ in range(limit):
            if select.input_value() == value:
                return
            self.page.keyboard.press("ArrowDown")
        pytest.fail(f"the arrow keys never chose {value!r}: at {select.input_value()!r}")


@contextlib.contextmanager
def _touch_page(browser, name: str):
    """A laptop with a touch screen, as many school laptops are, 1280×800: a new browser
    context of its own, a screenshot to test-artifacts/ when the run fails. (Not a phone's
    mobile mode: there a drop-down opens the phone's own picker and ignores a keyboard.)"""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("dialog", lambda d: d.accept() if d.type == "beforeunload" else d.dismiss())
    try:
        yield page
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        with contextlib.suppress(Exception):
            page.screenshot(path=str(ARTIFACTS / f"teacher-widgets-{name}.png"), full_page=True)
        raise
    finally:
        with contextlib.suppress(Exception):
            page.evaluate(SHUTDOWN)
        context.close()


# -- 1. the levels board, keyboard only ------------------------------------------------------
@pytest.fixture
def results_copy(lab):
    """A copy of 06 in a folder of its own in the server's notebooks (its RESULTS folder, and
    so levels.json, go there); the folder's path inside the server's root. Removed after."""
    folder = lab.root_dir / f"teacher-widgets-{secrets.token_hex(4)}"
    folder.mkdir()
    shutil.copy(NOTEBOOKS / CLASS_RESULTS, folder / CLASS_RESULTS)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _board_state(page) -> dict:
    return page.evaluate("""() => {
      const b = document.querySelector('.levels-board');
      const radios = [...b.querySelectorAll('input[type=radio]')];
      return {checked: radios.findIndex((r) => r.checked),
              proposal: b.querySelector('.levels-proposal').innerText,
              table: [...b.querySelectorAll('.levels-table tbody tr')]
                .map((r) => [...r.cells].map((c) => c.innerText.trim()))}; }""")


def test_levels_board_by_keyboard(lab, page, results_copy):
    """Arrow keys and Tab to a student and a level, Enter to confirm; saved and shown again."""
    began = time.monotonic()
    rubric = load_rubric()
    task = rubric.tasks[0]
    notebook = f"{results_copy.name}/{CLASS_RESULTS}"
    board_cell = _cell_index(NOTEBOOKS / CLASS_RESULTS, "LevelsBoard(")
    levels_json = results_copy / "class-results" / "levels.json"
    assert not levels_json.exists()

    open_notebook(page, lab, notebook)
    try:
        run_all(page)
        board = page.locator(".levels-board")
        board.wait_for(state="visible", timeout=60_000)
        _ran_clean(page, CLASS_RESULTS)
        page.evaluate(POINTERS)
        task_select, student_select = board.locator("select").nth(0), board.locator("select").nth(1)
        keys = Keys(page)

        # from the last cell (where Run All leaves the notebook), up to the board's cell
        keys.up_to_cell(board_cell)
        keys.to(".levels-board select", "the task drop-down")
        assert page.evaluate("(e) => e === document.activeElement", task_select.element_handle())
        page.keyboard.press("ArrowDown")  # the other task, and back: the arrows are the list's
        assert task_select.input_value() == rubric.tasks[1].title
        assert page.evaluate(ACTIVE_CELL) == board_cell, "an arrow key moved to another cell"
        page.keyboard.press("ArrowUp")
        assert task_select.input_value() == task.title
        page.wait_for_timeout(PAUSE_MS)  # the kernel lists the task's students again

        page.keyboard.press("Tab")
        assert page.evaluate("(e) => e === document.activeElement", student_select.element_handle())
        keys.choose(student_select, STUDENT)
        _wait_text(page, ".levels-board .levels-proposal", f"{STUDENT}: proposed level")
        shown = _board_state(page)
        proposed = re.search(r"proposed level (\w+)", shown["proposal"]).group(1)
        assert "Not confirmed yet" in shown["proposal"], shown
        assert shown["checked"] == [lv.label for lv in rubric.levels].index(proposed), shown

        # the level: one Tab stop, the arrows move from the proposal to the next level
        keys.to(".levels-board input[type=radio]", "the level choice")
        move = "ArrowDown" if shown["checked"] < len(rubric.levels) - 1 else "ArrowUp"
        page.keyboard.press(move)
        chosen = rubric.levels[shown["checked"] + (1 if move == "ArrowDown" else -1)]
        assert _board_state(page)["checked"] == rubric.level_ids.index(chosen.id)

        keys.to(".levels-board button.mod-primary", "“Confirm level”")
        assert board.locator("button.mod-primary").inner_text().strip() == "Confirm level"
        page.wait_for_timeout(PAUSE_MS)
        page.keyboard.press("Enter")
        _wait_text(page, ".levels-board .levels-status", f"Saved: {STUDENT}, {chosen.label}.")
        assert LevelsFile(levels_json).level(STUDENT, task.id) == chosen.id
        _wait_text(page, ".levels-board .levels-proposal", f"Confirmed: {chosen.label}")

        # the cell run again (off the button: down a cell and back, then Ctrl+Enter): a new
        # board, read from levels.json
        page.keyboard.press("ArrowDown")
        keys.up_to_cell(board_cell)
        page.evaluate("() => { document.querySelector('.levels-board').dataset.old = '1'; }")
        page.keyboard.press("Control+Enter")
        page.wait_for_function(
            "() => { const b = document.querySelectorAll('.levels-board');"
            " return b.length === 1 && !b[0].dataset.old; }", timeout=30_000)
        _ran_clean(page, CLASS_RESULTS)
        board = page.locator(".levels-board")
        _wait_text(page, ".levels-board .levels-table", chosen.label)
        row = next(r for r in _board_state(page)["table"] if r[0] == STUDENT)
        assert row[1:3] == [proposed, chosen.label], row
        student_select = board.locator("select").nth(1)
        keys.to(".levels-board select", "the task drop-down, in the new board")
        page.keyboard.press("Tab")
        keys.choose(student_select, STUDENT)
        _wait_text(page, ".levels-board .levels-proposal", f"Confirmed: {chosen.label}")
        assert _board_state(page)["checked"] == rubric.level_ids.index(chosen.id)

        # changed back to the proposal, confirmed with Space this time: saved over the first
        keys.to(".levels-board input[type=radio]", "the level choice, in the new board")
        page.keyboard.press("ArrowUp" if move == "ArrowDown" else "ArrowDown")
        back = next(lv for lv in rubric.levels if lv.label == proposed)
        keys.to(".levels-board button.mod-primary", "“Confirm level”, in the new board")
        page.wait_for_timeout(PAUSE_MS)
        page.keyboard.press("Space")
        _wait_text(page, ".levels-board .levels-status", f"Saved: {STUDENT}, {back.label}.")
        assert LevelsFile(levels_json).level(STUDENT, task.id) == back.id
        assert [h["level"] for h in LevelsFile(levels_json).read()[STUDENT][task.id]["history"]
                ] == [chosen.id]
        assert _pointers(page) == set(), "the keyboard-only run clicked"
        print(f"\nlevels board by keyboard: {time.monotonic() - began:.1f} s; Tab path:",
              *keys.path, sep="\n  ")
    finally:
        with contextlib.suppress(Exception):
            page.evaluate(SHUTDOWN)


# -- 2. the live class view, touch only ------------------------------------------------------
def test_live_view_by_touch(lab, browser):
    """Taps: Refresh reads the hand-ins again; the student drop-down opens one's work."""
    began = time.monotonic()
    with _touch_page(browser, "live-view") as page:
        open_notebook(page, lab, LIVE)
        run_all(page)
        grid = page.locator(".live-class-view")
        work = page.locator(".live-student-work")
        work.wait_for(state="visible", timeout=60_000)
        _ran_clean(page, LIVE)
        _wait_text(page, ".live-class-view .live-summary", "At ")
        page.evaluate(POINTERS)
        finger = Finger(page)

        before = grid.locator(".live-summary").inner_text()
        assert "synthetic sample class" in grid.locator(".live-about").inner_text()
        page.wait_for_timeout(1100)  # the summary's time is to the second: a new one
        finger.tap(grid.locator("button.live-refresh"), "“Refresh”")
        page.wait_for_function(
            "(t) => document.querySelector('.live-class-view .live-summary').innerText !== t",
            arg=before)
        after = grid.locator(".live-summary").inner_text()
        assert re.match(r"At \d\d:\d\d:\d\d: ", after), after
        assert before.split(": ", 1)[1] == after.split(": ", 1)[1]  # the same class, re-read
        assert grid.locator(".live-grid").count() == 1

        chooser = work.locator(".live-student select")
        finger.tap(chooser, "the student drop-down")
        assert page.evaluate("(e) => e === document.activeElement", chooser.element_handle())
        chooser.select_option(label=SEEN)  # what the browser's own picker does on a tap
        _wait_text(page, ".live-student-work .live-work", f"Hand-ins of {SEEN}")
        shown = work.locator(".live-work").inner_text()
        assert "Annotations (" in shown and "Annotations (0)" not in shown, shown[:400]

        refresh_list = work.locator("button").filter(has_text="Refresh the list")
        finger.tap(refresh_list, "“Refresh the list”")
        page.wait_for_timeout(PAUSE_MS)
        assert chooser.input_value() == SEEN  # the one shown stays chosen
        _wait_text(page, ".live-student-work .live-work", f"Hand-ins of {SEEN}")

        # the laptop's keyboard too: Shift+Tab back to the drop-down, ArrowDown: the next
        # student (the drop-down keeps its arrow keys; JupyterLab would move to the next cell)
        cell = page.evaluate(ACTIVE_CELL)
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("(e) => e === document.activeElement", chooser.element_handle())
        page.keyboard.press("ArrowDown")
        _wait_text(page, ".live-student-work .live-work", f"Hand-ins of {NEXT}")
        assert chooser.input_value() == NEXT and page.evaluate(ACTIVE_CELL) == cell
        _ran_clean(page, LIVE)
        assert _pointers(page) == {"touch"}
    print(f"\nlive view by touch: {time.monotonic() - began:.1f} s; tapped:", *finger.sizes,
          sep="\n  ")
    assert not finger.small(), f"touch targets under {MIN_TARGET}×{MIN_TARGET}: {finger.small()}"


# -- 3. the class view button, mouse then keyboard -------------------------------------------
def test_class_view_by_mouse_and_keyboard(lab, page):
    """Off a hub: the click and the Enter key both say there is no class on this computer."""
    began = time.monotonic()
    cell = _cell_index(NOTEBOOKS / LESSON, ".class_view(")
    open_notebook(page, lab, LESSON)
    try:
        run_all(page)
        box = page.locator(".class-view-box")
        box.wait_for(state="visible", timeout=60_000)
        _ran_clean(page, LESSON)
        button = box.locator("button.class-view-button")
        assert button.inner_text().strip() == LABEL
        assert box.locator(".class-view-status").inner_text().strip() == ""

        page.evaluate(POINTERS)
        button.click()
        _wait_text(page, ".class-view-box .class-view-status", NOT_ON_HUB)
        assert _pointers(page) == {"mouse"}

        # the keyboard: Ctrl+Enter runs the cell again (the focus is in it; a new button, no
        # message), Tab to the button, Enter. (The arrow keys of JupyterLab's command mode pass
        # over a cell whose code is hidden, as this one's is: Tab is the way in.)
        page.evaluate(POINTERS)
        keys = Keys(page)
        assert page.evaluate(ACTIVE_CELL) == cell
        box.evaluate("(e) => { e.dataset.old = '1'; }")
        page.keyboard.press("Control+Enter")
        page.wait_for_function(
            "() => { const b = document.querySelectorAll('.class-view-box');"
            " return b.length === 1 && !b[0].dataset.old; }", timeout=30_000)
        assert box.locator(".class-view-status").inner_text().strip() == ""
        keys.to(".class-view-box button.class-view-button", f"“{LABEL}”")
        page.keyboard.press("Enter")
        _wait_text(page, ".class-view-box .class-view-status", NOT_ON_HUB)
        assert box.locator(".class-view-content").inner_text().strip() == ""
        assert _pointers(page) == set(), "the keyboard run clicked"
        _ran_clean(page, LESSON)
        print(f"\nclass view by mouse and keyboard: {time.monotonic() - began:.1f} s")
    finally:
        with contextlib.suppress(Exception):
            page.evaluate(SHUTDOWN)
