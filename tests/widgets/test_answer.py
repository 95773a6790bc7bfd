"""AnswerBox without a browser: the page's typing is ``field.value``, its blur is the custom
message the page sends; the store is checked after each step."""

from __future__ import annotations

import time

import pytest

from helpers.questions import QuestionError, question
from helpers.store import AnnotationStore
from helpers.widgets import AnswerBox, ClaimAnnotator, SelfCheck
from helpers.widgets.answer import ESM, AnswerField

from .widgetlib import SELFCHECK, XSS, fill, models, visible


def saved(store, annotator="ana", question_id="lede-read-1"):
    found = [a for a in store.answers(annotator) if a["question_id"] == question_id]
    return found[0]["text"] if found else None


def blur(box):
    """What the page sends when the box loses the focus."""
    box._on_msg(box.field, {"event": "blur"}, [])


def test_the_question_and_an_empty_box(named):
    box = AnswerBox("lede-read-1", store=named)
    assert box.question == question("lede-read-1")
    assert box.field.question == question("lede-read-1").text
    assert box.field.value == "" and box.field.status == "" and box.text == ""
    assert box.name_box is None and list(box.children) == [box.field]  # the name is known
    assert isinstance(box.field, AnswerField) and box.field.question_id == "lede-read-1"


def test_saved_a_second_after_typing_stops(named):
    box = AnswerBox("lede-read-1", store=named, delay=0.05)
    box.field.value = "a coal"
    box.field.value = "a coalition"  # the timer starts again at every keystroke
    assert saved(named) is None
    deadline = time.monotonic() + 5
    while saved(named) is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert saved(named) == "a coalition"
    assert box.field.status.startswith("Saved at ") and "(ana)" in box.field.status
    assert box.field.kind == "ok"


def test_saved_at_once_on_blur_and_when_another_widget_saves(named, art):
    box = AnswerBox("lede-read-1", store=named, delay=60)
    box.field.value = "first"
    blur(box)
    assert saved(named) == "first"
    box.field.value = "second"
    w = ClaimAnnotator("nato", store=named, article=art)
    fill(w)
    w.save_button.click()  # another widget saves: the answer is saved first
    assert saved(named) == "second"
    box.field.value = "third"
    sc = SelfCheck("nato", store=named, path=SELFCHECK)
    sc.answers["nato-q1"].value = "a"
    sc.buttons["nato-q1"].click()
    assert saved(named) == "third"
    assert box._timer is None  # nothing left pending


def test_the_status_line_is_one_line_changed_in_place(named):
    box = AnswerBox("lede-read-1", store=named, delay=60)
    before = models(box)
    for text in ("a", "ab", "abc"):
        box.field.value = text
        blur(box)
    assert models(box) == before  # no new element for each message
    assert box.field.status.startswith("Saved at")
    assert '"aria-live", "polite"' in ESM and '"role", "status"' in ESM
    assert "textContent" in ESM and "innerHTML" not in ESM  # the question is text, not HTML


def test_rebuilt_from_the_store_after_a_restart(db, art):
    first = AnnotationStore(db, article=art)
    first.set_setting("annotator", "ana")
    box = AnswerBox("lede-read-2", store=first, delay=60)
    box.field.value = f"kept {XSS}"
    blur(box)
    first.close()
    again = AnnotationStore(db, article=art)
    box2 = AnswerBox("lede-read-2", store=again)
    assert box2.field.value == f"kept {XSS}"  # exactly as typed
    assert box2.field.status.startswith("Saved at")
    assert AnswerBox("lede-read-1", store=again).field.value == ""  # another question
    again.close()


def test_without_a_name_the_box_asks_for_it_and_keeps_the_text(wstore):
    box = AnswerBox("lede-read-1", store=wstore, delay=60)
    assert box.name_box is not None and list(box.children) == [box.name_box, box.field]
    box.field.value = "typed before the name"
    blur(box)
    assert box.field.kind == "warn" and "type your name" in box.field.status
    assert wstore.answers() == []
    box.name_box.name.value = "bo"
    box.name_box.name_button.click()  # the name arrives: the text is saved under it
    assert saved(wstore, "bo") == "typed before the name"
    assert box.annotator == "bo" and box.name_box in box.children


def test_switch_student_hides_the_answer_and_keeps_it(named):
    box = AnswerBox("lede-read-1", store=named, delay=60)
    other = AnswerBox("lede-read-2", store=named, delay=60)
    box.field.value = "ana's answer"
    other.field.value = "ana, typed just now"
    w = SelfCheck("nato", store=named, path=SELFCHECK)
    w.name_box.switch_button.click()
    assert saved(named, "ana", "lede-read-2") == "ana, typed just now"  # saved, not lost
    assert box.field.value == other.field.value == ""  # and hidden from the next student
    assert box.name_box is not None  # who are you?
    box.name_box.name.value = "bo"
    box.name_box.name_button.click()
    assert box.field.value == "" and other.annotator == "bo"
    box.field.value = "bo's answer"
    blur(box)
    assert saved(named, "bo") == "bo's answer" and saved(named, "ana") == "ana's answer"
    # back to ana: her answers come back
    box.name_box.switch_button.click()
    box.name_box.name.value = "ana"
    box.name_box.name_button.click()
    assert box.field.value == "ana's answer"


def test_problems_are_shown_and_the_text_stays(named, monkeypatch):
    box = AnswerBox("lede-read-1", store=named, delay=60)
    box.field.value = "x" * 10_001
    blur(box)
    assert box.field.kind == "warn" and "too long" in box.field.status
    assert box._pending is not None and saved(named) is None

    def broken(*args):
        raise RuntimeError(f"disk full {XSS}")

    monkeypatch.setattr(named, "save_answer", broken)
    box.field.value = "short"
    blur(box)  # must not raise
    assert box.field.kind == "error" and "RuntimeError" in box.field.status
    assert "Traceback" in box.field.details and box.field.value == "short"


def test_an_unknown_question_is_refused_clearly(named):
    with pytest.raises(QuestionError, match="the questions of lesson 'lede' are"):
        AnswerBox("lede-read-99", store=named)


def test_a_box_is_a_few_models(named):
    # the box and the field, and two layouts; a NameBox only while no name is known
    assert len(models(AnswerBox("lede-read-1", store=named))) <= 4


def test_the_name_is_asked_in_every_box_and_shown_only_where_it_was_typed(wstore):
    one = AnswerBox("lede-read-1", store=wstore)
    two = AnswerBox("lede-read-2", store=wstore)
    assert visible(one.name_box) and visible(two.name_box)
    two.name_box.name.value = "ana"
    two.name_box.name_button.click()
    assert not visible(one.name_box)  # "Working as ana" once is enough
    assert visible(two.name_box) and "ana" in two.name_box.whoami.value
    two.name_box.switch_button.click()
    assert visible(one.name_box) and visible(two.name_box)  # who is next?
