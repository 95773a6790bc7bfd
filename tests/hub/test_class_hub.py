"""A class on a real JupyterHub (``make hub``): three students and the teacher log in through
Chromium; each student opens lesson 1 in JupyterLab, annotates a claim and hands in, and the
hand-in lands in the teacher's inbox with a receipt; the lessons were placed in each home
(student copies for students, every notebook for the teacher) and each student's annotations
are in their own store in their home.

The hub is the one ``make hub`` starts (hub/jupyterhub_config.py), on 127.0.0.1 with free ports
and a throwaway state folder (tests/hub/conftest.py).
"""

from __future__ import annotations

import json
import re
import time

import hub_settings as hs
import pytest
from jlab import centre, error_outputs, open_notebook, run_all

from helpers import hub as names
from helpers.classroom.classview_log import read_opened, views_log_path
from helpers.classroom.collect import collect
from helpers.scheme import load_scheme
from helpers.store import AnnotationStore
from helpers.tools.student_copies import TEACHER_NOTEBOOKS

pytestmark = pytest.mark.browser

LESSON = "01_the_lede.ipynb"
LIVE_VIEW = "08_live_class_view.ipynb"
CLASS_RESULTS = "06_class_results.ipynb"
#: What a teacher does in a notebook: change the words ``old`` of a cell into ``new``.
EDIT_CELL = """([old, now]) => {
  const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i), src = c.sharedModel.getSource();
    if (src.includes(old)) c.sharedModel.setSource(src.replace(old, now));
  }
}"""
PART = "lede"
#: A phrase of the lede (word numbers in the part, as the picker shows them) and the verdict
#: each of the three students gives it.
FIRST, LAST = 8, 16
VERDICTS = {"student01": "needs_correction", "student02": "needs_correction",
            "student03": "cant_tell"}
HUMAN_PAUSE_MS = 500  # see tests/browser/test_student_lesson.py


def _label(field: str, choice: str) -> str:
    return load_scheme().label(field, choice)


def _choice(form, field: str, choice: str):
    css = "claim-" + field.replace("_", "-")
    exact = re.compile(rf"^\s*{re.escape(_label(field, choice))}\s*$")
    return form.locator(f".{css} label").filter(has_text=exact)


def _wait_text(page, selector: str, text: str, timeout: float = 30_000) -> None:
    page.wait_for_function(
        "([s, t]) => [...document.querySelectorAll(s)].some(e => e.innerText.includes(t))",
        arg=[selector, text],
        timeout=timeout,
    )


def _tags(notebook) -> set[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return {tag for cell in cells for tag in cell.get("metadata", {}).get("tags", [])}


def log_in(account, next_path: str) -> None:
    """The hub's login form, as a person fills it in; the hub then starts the server."""
    page, hub = account.page, account.hub
    page.goto(f"{hub.url}/hub/login?next={next_path}")
    # the demonstration hub says plainly that its accounts are not kept apart
    assert page.locator(".announcement").inner_text().strip() == hs.NOT_ISOLATED
    page.fill("#username_input", account.user)
    page.fill("#password_input", hub.password(account.user))
    page.click("#login_submit")


def wait_for_lab(account, timeout: float = 150) -> None:
    """Wait until the account's server is up and JupyterLab shows the notebook it opened."""
    page = account.page
    page.wait_for_url(re.compile(rf"/user/{account.user}/lab"), timeout=timeout * 1000)
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=timeout * 1000)


def remember_name(account) -> None:
    """On the hub the lesson already knows the student from their login: no name to type."""
    page, user = account.page, account.user
    _wait_text(page, f".claim-annotator-{PART} .annotator-whoami", user)
    assert not page.locator(f".claim-annotator-{PART} .annotator-name input").is_visible()


def annotate_and_hand_in(account) -> str:
    """Lesson 1, run and named: pick the phrase, choose, save, hand in; the receipt."""
    page, user = account.page, account.user
    ann = page.locator(f".claim-annotator-{PART}")
    word = ann.locator(".phrase-word")
    word.nth(FIRST).scroll_into_view_if_needed()
    page.mouse.move(*centre(word.nth(FIRST).bounding_box()))
    page.mouse.down()
    page.mouse.move(*centre(word.nth(LAST).bounding_box()), steps=6)
    page.mouse.up()
    _wait_text(page, f".claim-annotator-{PART} .phrase-selected", "Selected:")
    for field, choice in (("claim_type", "fact"), ("check_worthy", "yes"),
                          ("verdict", VERDICTS[user])):
        _choice(ann, field, choice).click()
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    ann.locator("button.claim-save").click()
    page.wait_for_function(
        "(p) => document.querySelectorAll(`.claim-annotator-${p} tr[data-annotation]`).length"
        " == 1",
        arg=PART,
    )

    handin = page.locator(".handin")
    handin.scroll_into_view_if_needed()
    handin.locator(".handin-button").click()
    _wait_text(page, ".handin .handin-status", "Handed in to your teacher at")
    return handin.locator(".handin-status").inner_text()


def see_the_class(account, expect: str) -> str:
    """Press "See what the class said" in the lesson; wait for ``expect`` in its message."""
    box = account.page.locator(".class-view-box")
    box.scroll_into_view_if_needed()
    box.locator(".class-view-button").click()
    _wait_text(account.page, ".class-view-box .class-view-status", expect)
    return box.inner_text()


def teacher_refreshes(account, expect: str) -> str:
    """The live view's Refresh; the summary once it says ``expect``."""
    live = account.page.locator(".live-class-view")
    live.locator(".live-refresh").click()
    _wait_text(account.page, ".live-class-view .live-summary", expect)
    return live.locator(".live-summary").inner_text()


def test_a_class_on_the_hub(hub, in_browser):
    in_browser(lambda accounts: a_lesson_on_the_hub(hub, accounts))


def a_lesson_on_the_hub(hub, accounts):
    """Three students and the teacher, each in a browser context of their own."""
    began = time.monotonic()
    students = [accounts(user) for user in hub.students[:3]]
    teacher = accounts(hs.TEACHER)
    # everyone logs in at once; the hub starts the four servers side by side
    for account in students:
        log_in(account, f"/hub/user-redirect/lab/tree/{LESSON}")
    log_in(teacher, f"/hub/user-redirect/lab/tree/{LIVE_VIEW}")
    for account in [*students, teacher]:
        wait_for_lab(account)
    print(f"four servers up {time.monotonic() - began:.1f} s after the first login")
    # nbgrader's menus are the teacher's, not the students'
    menus = {a.user: a.page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
             for a in (students[0], teacher)}
    assert "Nbgrader" in menus[hs.TEACHER] and "Nbgrader" not in menus[students[0].user], menus

    # the lessons were placed in each home: student copies for students, all for the teacher
    for account in students:
        home = hub.homes / account.user
        placed = {p.name for p in home.glob("*.ipynb")}
        assert LESSON in placed and not placed & set(TEACHER_NOTEBOOKS), placed
        assert "teacher" not in _tags(home / LESSON)  # no teacher notes
    teachers = {p.name for p in (hub.homes / hs.TEACHER).glob("*.ipynb")}
    assert {LIVE_VIEW, CLASS_RESULTS} <= teachers and set(TEACHER_NOTEBOOKS) <= teachers
    assert "teacher" in _tags(hub.homes / hs.TEACHER / LESSON)

    # the teacher's live view, before anyone has handed in
    open_notebook(teacher.page, teacher, LIVE_VIEW)
    run_all(teacher.page)
    assert error_outputs(teacher.page) == []
    _wait_text(teacher.page, ".live-summary", "0 of the 5 students")

    # each student runs lesson 1; the class view stays shut before their own hand-in
    for account in students:
        open_notebook(account.page, account, LESSON)
        run_all(account.page)
        assert error_outputs(account.page) == []
        remember_name(account)
    before = see_the_class(students[2], "Hand in this lesson first")
    # the second student writes a classmate's name in an answer: it must not reach the class
    box = students[1].page.locator(".answer-box-lede-read-1 textarea")
    box.fill(f"I asked {students[0].user}: a coalition that could send troops")
    students[1].page.locator(".answer-box-lede-read-2 textarea").focus()
    _wait_text(students[1].page, ".answer-box-lede-read-1 .answer-status", "Saved at")

    # each annotates a claim and hands in: a receipt with the time
    for account in students:
        receipt = annotate_and_hand_in(account)
        assert re.search(r"Handed in to your teacher at \d\d:\d\d", receipt), receipt
    print(f"three students handed in {time.monotonic() - began:.1f} s after the first login")

    # every hand-in is in the inbox, one file each, named by the hub account
    delivered = sorted(p.name for p in hub.inbox.iterdir() if not p.name.startswith("."))
    assert len(delivered) == 3, delivered
    assert {names.parse_inbox_name(n).user for n in delivered} == set(hub.students[:3])
    assert {names.parse_inbox_name(n).part for n in delivered} == {PART}

    # after their own hand-in: the class's counts, and no names anywhere
    after = see_the_class(students[2], "Here is what your class said")
    for choice, count in (("needs_correction", 2), ("cant_tell", 1)):
        assert f"{_label('verdict', choice)}: {count}" in after, after
    assert "[a classmate]" in after
    assert not any(user in text for user in hub.students for text in (before, after)), after
    # the service noted, where only the teacher reads it, who saw the class's answers and when
    seen = {(o.user, o.part) for o in read_opened(views_log_path(hub.switch))[0]}
    assert seen == {(students[2].user, PART)}, seen

    # the live view, refreshed: all three handed in, and who has not
    summary = teacher_refreshes(teacher, "3 of the 5 students")
    assert "Nothing yet from: student04, student05." in summary, summary
    grid = teacher.page.locator(".live-grid").inner_text()
    assert all(user in grid for user in hub.students[:3]) and grid.count("not yet") == 2, grid
    # one student's work in one place
    work = teacher.page.locator(".live-student-work")
    work.locator("select").select_option(students[1].user)
    _wait_text(teacher.page, ".live-student-work .live-work", f"Hand-ins of {students[1].user}")
    shown = work.locator(".live-work").inner_text()
    assert _label("verdict", VERDICTS[students[1].user]) in shown
    assert "a coalition that could send troops" in shown

    # the teacher switches the class view of the lesson off, in the live view's notebook
    teacher.page.evaluate(EDIT_CELL, ['"lede", None)', '"lede", False)'])
    run_all(teacher.page)
    assert error_outputs(teacher.page) == []
    _wait_text(teacher.page, ".jp-OutputArea-output", "is now off")
    see_the_class(students[0], "Your teacher has switched this off")

    # the class results read the inbox: on the hub it is where the notebook looks by default
    open_notebook(teacher.page, teacher, CLASS_RESULTS)
    run_all(teacher.page)
    assert error_outputs(teacher.page) == []
    _wait_text(teacher.page, ".jp-OutputArea-output", "Read 3 files: 3 students")
    print(f"teacher's views checked {time.monotonic() - began:.1f} s after the first login")

    # collect reads the inbox like any folder of hand-ins: the three students' annotations
    results = collect(hub.inbox)
    assert results.rejected.empty, results.rejected.to_dict("records")
    assert sorted(zip(results.annotations["annotator"], results.annotations["verdict"],
                      strict=True)) == sorted(VERDICTS.items())

    # each student's annotation is in their own store, in their own home
    for account in students:
        store_file = hub.homes / account.user / ".local/share/news-claims/annotations.sqlite"
        with AnnotationStore(store_file) as store:
            saved = store.list()
        assert [(a.annotator, a.verdict) for a in saved] == [
            (account.user, VERDICTS[account.user])
        ]
