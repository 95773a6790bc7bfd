"""helpers.questions: the written tasks of each lesson, read from data/lessons/<part>.json."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers.article import PART_IDS
from helpers.questions import KINDS, Question, QuestionError, question, questions


@pytest.mark.parametrize("part", PART_IDS)
def test_every_lesson_has_its_reading_questions(part):
    found = questions(part)
    reading = questions(part, "reading")
    assert reading
    assert [q.id for q in reading] == [f"{part}-read-{n}" for n in range(1, len(reading) + 1)]
    for q in found:
        assert isinstance(q, Question) and q.part == part and q.kind in KINDS
        assert q.id.startswith(f"{part}-") and q.text == q.text.strip() and q.text
        assert question(q.id) == q
    assert len({q.id for q in found}) == len(found)


def test_ids_are_unique_in_the_unit_and_kinds_are_asked_for():
    every = [q for part in PART_IDS for q in questions(part)]
    assert len({q.id for q in every}) == len(every)
    assert {q.kind for q in every} <= set(KINDS)
    assert questions("lede", "exit") == [q for q in questions("lede") if q.kind == "exit"]


def test_unknown_ids_parts_and_kinds_are_explained():
    with pytest.raises(QuestionError, match="the questions of lesson 'lede' are: lede-read-1"):
        question("lede-read-99")
    with pytest.raises(QuestionError, match="must start with a part"):
        question("sport-read-1")
    with pytest.raises(QuestionError, match="not a part"):
        questions("sport")
    with pytest.raises(QuestionError, match="not one of"):
        questions("lede", "essay")


@pytest.mark.parametrize(
    "items,message",
    [
        ({"questions": {"id": "x"}}, "must be a list"),
        ({"questions": [{"id": "lede-read-1", "kind": "reading"}]}, "exactly the keys"),
        ({"questions": [{"id": "nato-read-1", "kind": "reading", "text": "x"}]}, "'lede-'"),
        ({"questions": [{"id": "lede read", "kind": "reading", "text": "x"}]}, "not an id"),
        ({"questions": [{"id": "lede-1", "kind": "quiz", "text": "x"}]}, "kind 'quiz'"),
        ({"questions": [{"id": "lede-1", "kind": "exit", "text": " "}]}, "1 to 1000"),
        ({"questions": [{"id": "lede-1", "kind": "exit", "text": "a"}] * 2}, "used twice"),
    ],
)
def test_a_bad_questions_list_is_refused_clearly(tmp_path, items, message):
    (tmp_path / "lede.json").write_text(json.dumps(items), encoding="utf-8")
    with pytest.raises(QuestionError, match=message):
        questions("lede", folder=tmp_path)


def test_a_lesson_without_questions_has_none(tmp_path):
    (tmp_path / "nato.json").write_text('{"sift_move": {}}', encoding="utf-8")
    assert questions("nato", folder=tmp_path) == []
    with pytest.raises(QuestionError, match="none yet"):
        question("nato-read-1", folder=tmp_path)


def test_the_questions_module_needs_no_widgets():
    code = (
        "import sys, helpers.questions as q; q.questions('lede'); "
        "assert 'ipywidgets' not in sys.modules and 'pandas' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
