"""A chart that answers a lesson's exercise (the order of events in lesson 2, NATO's figures in
lesson 3) is drawn only when "Show what this move finds" opens after the student's own attempt:
no notebook stores it in a cell's output, the student's print pack never holds it, the
teacher's pack does."""

from __future__ import annotations

import json

import pytest

from helpers.article import PART_IDS
from helpers.lesson import Lesson
from helpers.lesson_parts import CHART_ANSWERS, FINDINGS_CHARTS
from helpers.questions import questions
from helpers.scheme import load_scheme
from helpers.tools import lesson_checks as checks
from helpers.tools import printpack

SECTIONS = list(zip(checks.SECTION_NOTEBOOKS, PART_IDS, strict=True))
CHART = "lesson-chart"  # the class of a chart's <figure>
WIDGET = "nbval-ignore-output"  # a widget cell: its stored output is the stand-in sentence


def _student_outputs(nb: dict):
    """(index, cell, stored outputs as text) of every code cell a student sees."""
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code" and not checks.is_teacher(cell):
            yield i, cell, json.dumps(cell.get("outputs", []), ensure_ascii=False)


@pytest.mark.parametrize("name, part", SECTIONS)
def test_no_stored_output_shows_a_chart_or_a_finding_after_the_exercise(name, part):
    """Outside a reveal, nothing after the exercise shows what the lesson finds either: every
    chart or table with a finding is behind a button that opens after the student's attempt."""
    nb = checks.load(name)
    stop = checks.exercise_index(nb)
    findings = checks.load_findings()
    phrases = [p for later in PART_IDS[PART_IDS.index(part):] for p in findings.get(later, [])]
    patterns = [checks._phrase_pattern(p) for p in phrases]
    for i, cell, stored in _student_outputs(nb):
        assert CHART not in stored, f"{name}, cell {i}: a chart in a stored output"
        if i > stop and WIDGET not in checks.tags(cell):
            seen = checks.seen_text(cell)
            assert not [p.pattern for p in patterns if p.search(seen)], (name, i)


@pytest.mark.parametrize("part", sorted(FINDINGS_CHARTS))
def test_the_findings_chart_opens_with_what_the_move_finds(part, store):
    reveal = Lesson(part).reveal_sift(store)
    assert reveal.content.outputs == ()
    reveal.toggle.value = True  # nobody has tried yet: it stays closed, nothing drawn
    assert reveal.content.outputs == () and not reveal.shown
    store.set_setting("annotator", "ana")
    store.save_answer("ana", questions(part)[0].id, "my own answer")
    reveal.toggle.value = True  # another answer of the part: not the task the chart answers
    assert reveal.content.outputs == () and not reveal.shown
    store.save_answer("ana", CHART_ANSWERS[part][0], "my own answer to the task")
    reveal.toggle.value = True
    shown = reveal.content.outputs[0]["data"]["text/html"]
    assert CHART in shown and Lesson(part).sift_findings_html() in shown


def test_a_part_without_a_chart_or_another_article_has_none():
    assert Lesson("lede").findings_chart() is None and Lesson("lede").findings_chart_html() == ""
    assert Lesson("text", article="end-of-unit").findings_chart() is None


def test_the_notebooks_draw_no_findings_chart_in_a_cell_of_its_own():
    """The methods that draw a findings chart are called in no lesson notebook: the reveal
    draws it."""
    for name, _part in SECTIONS:
        for cell in checks.load(name)["cells"]:
            calls = {f".{method}(" for method, _a, _k in FINDINGS_CHARTS.values()}
            assert not any(call in checks.source(cell) for call in calls), name


def test_the_chart_is_in_the_teacher_pack_only():
    scheme = load_scheme()
    for part in PART_IDS:
        student = "".join(printpack.student_sections(part, scheme))
        teacher = printpack.reveals_section(part, scheme)
        assert "<img" not in student
        assert (CHART in teacher) == (part in FINDINGS_CHARTS), part
    html = printpack.document("t", "f", [printpack.reveals_section("nato", scheme)])
    assert "img-src data:" in html and "default-src 'none'" in html


def test_every_chart_waits_for_the_task_it_answers():
    """Each findings chart names a task of its own part, asked before the reveal."""
    assert set(CHART_ANSWERS) == set(FINDINGS_CHARTS)
    for part, (question_id, not_ready) in CHART_ANSWERS.items():
        assert question_id in {q.id for q in questions(part)} and "First" in not_ready

