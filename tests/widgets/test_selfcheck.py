"""The SelfCheck widget: feedback, recorded attempts, restored answers, escaped text."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from helpers.store import AnnotationStore
from helpers.widgets import SelfCheck

from .widgetlib import SELFCHECK, XSS, XSS_ESCAPED, walk


def test_selfcheck_multiple_choice(named):
    sc = SelfCheck("nato", store=named, path=SELFCHECK)
    assert [q["id"] for q in sc.questions] == ["nato-q1", "nato-q2"]
    sc.buttons["nato-q1"].click()  # nothing chosen
    assert "Choose an answer first" in sc.feedback["nato-q1"].value
    assert len(named.attempts("ana")) == 0
    sc.answers["nato-q1"].value = "b"
    sc.buttons["nato-q1"].click()
    fb = sc.feedback["nato-q1"].value
    assert "Not quite" in fb and "90,000" in fb and "Source:" in fb
    assert "NATO&#x27;s Show of Force" in fb  # the source, escaped
    sc.answers["nato-q1"].value = "a"
    sc.buttons["nato-q1"].click()
    assert "Right" in sc.feedback["nato-q1"].value
    att = named.attempts("ana")
    assert list(att["question_id"]) == ["nato-q1", "nato-q1"]
    assert list(att["answer"]) == ["b", "a"] and list(att["correct"]) == [False, True]


@pytest.mark.parametrize(
    "typed, right",
    [
        ("32", True),
        (" Thirty-Two. ", True),
        ("thirty two", True),
        ("33", False),
        ("thirty-three", False),
        ("3", False),
    ],
)
def test_selfcheck_short_answer(named, typed, right):
    sc = SelfCheck("nato", store=named, path=SELFCHECK)
    sc.answers["nato-q2"].value = typed
    sc.buttons["nato-q2"].click()
    fb = sc.feedback["nato-q2"].value
    assert ("Right" in fb) is right and ("Not quite" in fb) is (not right)
    assert "90,000 troops from 32 countries" in fb.replace("&#x27;", "'")
    assert ("Yes — the full answer: 32" in fb) is right
    assert "wrong" not in fb.lower()
    assert list(named.attempts("ana")["correct"]) == [right]


@pytest.mark.parametrize(
    "typed, says",
    [
        ("", "Type an answer first: a few words are enough."),
        ("  \t ", "Type an answer first: a few words are enough."),
        ("32 " * 100, "That is a long answer. A few words are enough here"),
    ],
)
def test_selfcheck_blank_or_long_answer_is_asked_again_and_not_recorded(named, typed, says):
    sc = SelfCheck("nato", store=named, path=SELFCHECK)
    sc.answers["nato-q2"].value = typed
    sc.buttons["nato-q2"].click()
    fb = sc.feedback["nato-q2"].value
    assert says in fb and "Not quite" not in fb
    assert len(named.attempts("ana")) == 0


def test_selfcheck_says_what_is_missing(named):
    sc = SelfCheck("nato", store=named, path=SELFCHECK)
    sc.answers["nato-q2"].value = "countries"
    sc.buttons["nato-q2"].click()
    fb = sc.feedback["nato-q2"].value
    assert "Not quite" in fb and "Your answer repeats words from the question." in fb
    assert list(named.attempts("ana")["correct"]) == [False]


def test_selfcheck_escapes_answers_and_prompts(named):
    sc = SelfCheck("nato", store=named, path=SELFCHECK)
    sc.answers["nato-q2"].value = XSS
    sc.buttons["nato-q2"].click()
    fb = sc.feedback["nato-q2"].value
    assert "<img" not in fb and XSS_ESCAPED in fb
    prompts = [x.value for x in walk(sc) if isinstance(x, widgets.HTML)]
    assert any("&lt;b&gt;not bold&lt;/b&gt;" in p for p in prompts)
    assert not any("<b>not bold" in p for p in prompts)


def test_selfcheck_without_a_name_gives_feedback_but_records_nothing(wstore):
    sc = SelfCheck("nato", store=wstore, path=SELFCHECK)
    sc.answers["nato-q1"].value = "a"
    sc.buttons["nato-q1"].click()
    assert "Right" in sc.feedback["nato-q1"].value
    assert "Not recorded" in sc.feedback["nato-q1"].value
    assert len(wstore.attempts()) == 0
    sc.name.value = "ana"
    sc.buttons["nato-q1"].click()
    assert list(wstore.attempts()["annotator"]) == ["ana"]
    assert wstore.get_setting("annotator") == "ana"


def test_selfcheck_restores_last_answers_after_restart(db, art):
    s1 = AnnotationStore(db, article=art)
    s1.set_setting("annotator", "ana")
    sc = SelfCheck("nato", store=s1, path=SELFCHECK)
    sc.answers["nato-q2"].value = "33"
    sc.buttons["nato-q2"].click()
    sc.answers["nato-q2"].value = "32"
    sc.buttons["nato-q2"].click()
    s1.close()
    s2 = AnnotationStore(db, article=art)
    sc2 = SelfCheck("nato", store=s2, path=SELFCHECK)
    assert sc2.answers["nato-q2"].value == "32"
    assert "Last time you answered" in sc2.feedback["nato-q2"].value
    assert "Right" in sc2.feedback["nato-q2"].value
    assert sc2.answers["nato-q1"].value is None and sc2.feedback["nato-q1"].value == ""
    s2.close()


def test_selfcheck_error_in_callback_is_shown(named, monkeypatch):
    sc = SelfCheck("nato", store=named, path=SELFCHECK)

    def boom(*a, **k):
        raise OSError("store is read-only")

    monkeypatch.setattr(named, "record_attempt", boom)
    sc.answers["nato-q1"].value = "a"
    sc.buttons["nato-q1"].click()
    assert "store is read-only" in sc.status.value


def test_selfcheck_missing_file_is_a_message(named, tmp_path):
    sc = SelfCheck("stakes", store=named, path=tmp_path)
    assert sc.questions == []
    assert "no self-check questions for part &#x27;stakes&#x27;" in sc.status.value
