"""The Lesson facade's widgets and banner (helpers/lesson.py): every widget cell of a lesson
builds on its own, as after a kernel restart, and says what to do when it is not running."""

import pytest

from helpers.article import PART_IDS
from helpers.lesson import Lesson
from helpers.questions import questions


def test_banner_says_how_to_use_the_lesson(monkeypatch):
    for name in ("VOILA_KERNEL_ID", "VOILA_REQUEST_URL", "VOILA_BASE_URL", "VOILA_SERVER_URL"):
        monkeypatch.delenv(name, raising=False)
    lab = Lesson("lede").banner()
    assert "How to use this lesson" in lab._repr_html_()
    assert "Run ▸ Run All Cells" in lab._repr_html_() and "reader mode" in lab._repr_html_()
    assert repr(lab).startswith("How to use this lesson: choose Run ▸ Run All Cells")
    monkeypatch.setenv("VOILA_KERNEL_ID", "k")  # reader mode: nothing to run
    reader = Lesson("lede").banner()
    assert "The page is ready" in reader._repr_html_() and "Run All" not in reader._repr_html_()
    assert "the page is ready" in repr(reader)


def test_answer_boxes_of_the_lesson(store):
    from helpers.widgets import AnswerBox

    lesson = Lesson("nato")
    first = questions("nato", "reading")[0]
    box = lesson.answer(first.id, store)
    assert isinstance(box, AnswerBox) and box.field.question == first.text
    with pytest.raises(ValueError, match="belongs to lesson 'lede', not 'nato'"):
        lesson.answer("lede-read-1", store)


@pytest.mark.parametrize("part", PART_IDS)
def test_every_widget_of_a_lesson_builds_on_its_own(part, store):
    """What a cell runs after a kernel restart: Lesson(part).<widget>(), nothing before it."""
    lesson = Lesson(part)
    shown = [lesson.annotator(store), lesson.selfcheck(store), lesson.reveal_sources(store),
             lesson.reveal_sift(), lesson.handin(store)]
    shown += [lesson.answer(q.id, store) for q in questions(part)]
    if part == "stakes":
        shown.append(lesson.reveal_synthesis())
    for widget in shown:  # what a stored output, a slide or a printout shows
        assert repr(widget).endswith("here when the lesson runs."), repr(widget)
