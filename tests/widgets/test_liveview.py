"""The teacher's live view: who has handed in (Refresh, the class list, errors shown, the demo
hub's plain warning) and one student's work in one place, everything escaped."""

from __future__ import annotations

import shutil

import pandas as pd

from helpers import hub
from helpers.formats.files import dump_json
from helpers.tools.liveview import one_students_work, value_label, who_has_handed_in
from helpers.widgets.liveview import NOT_YET, grid_html

from .widgetlib import XSS, XSS_ESCAPED

ART = "france-alliance"


def hand_in(inbox, user, part, answer="my answer"):
    """A small real hand-in: one written answer."""
    from helpers.formats.work import answer_to_w3c
    from helpers.work import Answer

    item = answer_to_w3c(Answer(user, "lede-read-1", answer, "2024-03-10T10:00:00.000000Z"))
    doc = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:5b2a7c0e-0d7e-4a53-9a56-0d3c2b9b9b9b",
        "type": "AnnotationCollection",
        "label": "hand-in",
        "total": 1,
        "first": {"type": "AnnotationPage", "items": [item]},
    }
    return hub.deliver(dump_json(doc), user, ART, part, inbox)


def test_who_has_handed_in_and_refresh(tmp_path, monkeypatch):
    monkeypatch.setenv(hub.INBOX_ENV, str(tmp_path / "inbox"))
    monkeypatch.setenv(hub.ISOLATED_ENV, "1")
    inbox = hub.prepare_inbox(tmp_path / "inbox")
    hand_in(inbox, "ana", "lede")
    view = who_has_handed_in(roster=["ana", "ben"])
    assert view.students == ["ana", "ben"] and view.missing == ["ben"] and view.refreshed
    assert "1 of the 2 students on the class list" in view.summary.value
    assert "Nothing yet from: ben" in view.summary.value
    assert NOT_YET in view.grid.value and "The lede" in view.grid.value
    assert "not kept apart" not in view.about.value  # an isolated hub says nothing
    hand_in(inbox, "ben", "nato")
    hand_in(inbox, "carl", "nato")
    view.refresh_button.click()
    assert view.missing == [] and view.students == ["ana", "ben", "carl"]
    assert "carl (not on the list)" in view.grid.value
    assert "1 more, not on the list" in view.summary.value
    assert view.grid.value.count("<th scope=\"col\">") == 3  # Student, two lessons


def test_the_demo_hub_says_its_users_are_not_kept_apart(tmp_path, monkeypatch):
    monkeypatch.setenv(hub.INBOX_ENV, str(hub.prepare_inbox(tmp_path / "inbox")))
    monkeypatch.setenv(hub.ISOLATED_ENV, "0")
    view = who_has_handed_in()
    assert "not kept apart" in view.about.value and view.students == []
    assert "No hand-ins yet" in view.grid.value


def test_errors_are_shown_not_raised(tmp_path):
    inbox = hub.prepare_inbox(tmp_path / "inbox")
    view = who_has_handed_in(inbox)
    shutil.rmtree(inbox)
    view.refresh_button.click()
    assert "cannot be opened" in view.status.value
    missing = who_has_handed_in(tmp_path / "never")
    assert "cannot be opened" in missing.status.value


def test_skipped_files_are_named(tmp_path):
    inbox = hub.prepare_inbox(tmp_path / "inbox")
    (inbox / "notes.txt").write_text("x")
    view = who_has_handed_in(inbox)
    assert "notes.txt is not named like a hand-in" in view.status.value and view.skipped == 1


def test_the_grid_escapes_everything():
    table = pd.DataFrame(
        [[pd.Timestamp("2024-03-10T10:42", tz="UTC")], [pd.NaT]],
        index=pd.Index([XSS, "ben"], name="student"),
        columns=pd.MultiIndex.from_tuples([(ART, "lede")], names=["article", "part"]),
    )
    markup = grid_html(table, lambda lesson: XSS, roster=["ben"])
    assert XSS not in markup and markup.count(XSS_ESCAPED) == 2
    assert "10 Mar" in markup and NOT_YET in markup


def test_one_students_work(tmp_path):
    inbox = hub.prepare_inbox(tmp_path / "inbox")
    hand_in(inbox, "ana", "lede", answer=f"first {XSS}")
    hand_in(inbox, "ben", "lede")
    view = one_students_work(inbox, roster=["ana", "ben", "chloe"])
    assert [v for _label, v in view.chooser.options] == ["", "ana", "ben", "chloe"]
    assert "Choose a student" in view.work.value
    view.chooser.value = "ana"
    assert view.student == "ana"
    assert "Written answers (1)" in view.work.value and XSS_ESCAPED in view.work.value
    assert XSS not in view.work.value and "Annotations (0)" in view.work.value
    view.chooser.value = "chloe"
    assert "has not handed anything in yet" in view.work.value
    hand_in(inbox, "dan", "nato")
    view.refresh_button.click()
    assert view.student == "chloe" and "dan" in [v for _label, v in view.chooser.options]


def test_the_sample_class_on_a_laptop(monkeypatch):
    monkeypatch.delenv(hub.INBOX_ENV, raising=False)
    view = who_has_handed_in()
    assert len(view.students) == 30 and view.missing == [] and "made-up" in view.about.value
    work = one_students_work()
    work.chooser.value = "synthetic-03"
    assert "Annotations (" in work.work.value and work.status.value == ""


def test_value_labels():
    assert value_label("quote", None) == "Words marked"
    assert value_label("verdict", None) != "verdict"
    assert value_label("verdict", "no-such-choice") == "no-such-choice"
    assert value_label("note", float("nan")) == ""


def test_the_live_view_notebook_is_the_teachers_only():
    from helpers.tools.student_copies import lesson_notebooks

    names = [p.name for p in lesson_notebooks()]
    assert "08_live_class_view.ipynb" not in names and "01_the_lede.ipynb" in names


def test_a_handin_after_seeing_the_class_is_marked(tmp_path, monkeypatch):
    import time

    from helpers.classroom.classview_log import record_opened
    from helpers.widgets.html import esc
    from helpers.widgets.liveview import AFTER_VIEW, FLAG

    after_view = esc(AFTER_VIEW)

    monkeypatch.setenv(hub.ISOLATED_ENV, "1")
    inbox = hub.prepare_inbox(tmp_path / "inbox")
    switch = tmp_path / "teacher" / "switch.json"
    switch.parent.mkdir()
    monkeypatch.setenv(hub.CLASS_VIEW_SWITCH_ENV, str(switch))  # the log is beside it
    log = switch.parent / "class-view-opened.jsonl"
    hand_in(inbox, "ana", "lede")
    hand_in(inbox, "ben", "nato")  # the three-lesson route: notebook 3's hand-in
    time.sleep(0.01)
    record_opened(log, "ana", ART, "lede")
    record_opened(log, "ben", ART, "alliance")  # notebook 2's class view
    view = who_has_handed_in(inbox, roster=["ana", "ben"])
    assert view.after_view == [] and after_view not in view.grid.value  # nothing sent since
    time.sleep(0.01)
    hand_in(inbox, "ana", "alliance")  # the next lesson: as meant, not marked
    hand_in(inbox, "ben", "nato", answer=f"better now {XSS}")  # again, after seeing 02's view
    view.refresh_button.click()
    assert view.after_view == ["ben"] and view.status.value == ""
    assert view.grid.value.count(after_view) == 1 and 'class="after-view"' in view.grid.value
    assert "for “Forming the Alliance”" in view.grid.value and "saw them" in view.grid.value
    assert esc(f"{FLAG} 1 hand-in came after the student had seen the class's answers: ben.") in (
        view.summary.value)
    work = one_students_work(inbox, roster=["ana", "ben"])
    work.chooser.value = "ben"
    assert work.work.value.count(after_view) == 1 and "1 after seeing" in work.work.value
    assert XSS not in work.work.value
    work.chooser.value = "ana"
    assert after_view not in work.work.value
    # a log that cannot be used: named, nothing marked, the table still there
    log.unlink()
    log.mkdir()
    view.refresh_button.click()
    assert view.after_view == [] and "ben" in view.students
    assert "class-view-opened.jsonl (who saw the class" in view.status.value
    assert "is not a regular file" in view.status.value
    work.chooser.value = "ben"
    assert after_view not in work.work.value and work.status.value == ""


def test_the_live_view_brings_the_shared_style_sheet(tmp_path):
    """The shared style sheet (focus ring, targets) comes with both views; its page observer
    keeps a drop-down's arrow keys from JupyterLab's shortcuts (the student drop-down is used
    by keyboard in tests/browser/test_teacher_widgets.py)."""
    from helpers.widgets.controls import ESM, styles

    inbox = hub.prepare_inbox(tmp_path / "inbox")
    assert styles() in who_has_handed_in(inbox).children
    assert styles() in one_students_work(inbox).children
    assert 'select.setAttribute("data-lm-suppress-shortcuts"' in ESM
