"""Written answers side by side, anonymised for the projector; self-check tries counted."""

from __future__ import annotations

import pandas as pd

from helpers.classroom.answers import (
    answers_by_question,
    first_opened,
    selfcheck_summary,
    sources_used,
    student_letters,
)
from helpers.classroom.report import ClassResults


def results_with(answers, attempts=None, searches=None):
    return ClassResults(
        folder=None,
        annotations=pd.DataFrame(),
        rejected=pd.DataFrame(),
        answers=pd.DataFrame(answers, columns=["annotator", "question_id", "text", "modified"]),
        attempts=pd.DataFrame(
            attempts or [], columns=["annotator", "question_id", "answer", "correct", "created"]
        ),
        searches=pd.DataFrame(
            searches or [], columns=["annotator", "kind", "query", "source_id", "part", "created"]
        ),
    )


def test_answers_side_by_side_and_anonymous():
    results = results_with(
        [
            ("zoe", "lede-read-1", "A coalition", "2024-03-12T10:00:00Z"),
            ("ana", "lede-read-1", "An alliance", "2024-03-12T10:00:00Z"),
            ("ana", "lede-read-2", "  ", "2024-03-12T10:00:00Z"),
            ("ana", "nope-1", "<b>x</b>\x1b", "2024-03-12T10:00:00Z"),
        ]
    )
    table = answers_by_question(results)
    assert list(table["student"]) == ["Student A", "Student B", "Student A"]
    assert "ana" not in table.to_string() and "zoe" not in table.to_string()
    assert table["question"].iloc[0].startswith("What")  # the lesson's own wording
    assert "\x1b" not in table["answer"].iloc[-1]
    named = answers_by_question(results, anonymous=False)
    assert list(named["student"]) == ["ana", "zoe", "ana"]


def test_letters_are_stable_and_go_past_z():
    labels = student_letters([f"s{i:02d}" for i in range(30)])
    assert labels["s00"] == "Student A" and labels["s25"] == "Student Z"
    assert labels["s26"] == "Student AA"


def test_selfcheck_summary_and_empty_class():
    results = results_with(
        [],
        [
            ("ana", "lede-q1", "b", False, "2024-03-12T10:00:00Z"),
            ("ana", "lede-q1", "c", True, "2024-03-12T10:01:00Z"),
            ("zoe", "lede-q1", "c", True, "2024-03-12T10:00:00Z"),
        ],
    )
    summary = selfcheck_summary(results)
    assert summary.iloc[0].tolist() == ["lede-q1", 2, 1, 2]
    assert answers_by_question(results).empty


def test_how_the_class_searched():
    t = "2024-03-12T10:0{}:00Z".format
    results = results_with(
        [],
        searches=[
            ("ana", "query", "who runs BNN Breaking", "", "lede", t(0)),
            ("ana", "open", "", "bnn-article", "lede", t(1)),
            ("ana", "open", "", "wikipedia-bnn-breaking", "lede", t(2)),
            ("ana", "evidence", "", "wikipedia-bnn-breaking", "lede", t(3)),
            ("zoe", "open", "", "wikipedia-bnn-breaking", "lede", t(1)),
            ("zoe", "evidence", "", "wikipedia-bnn-breaking", "lede", t(2)),
            ("zoe", "evidence", "", "not-a-source", "lede", t(3)),
        ],
    )
    used = sources_used(results)
    assert used.iloc[0][["source", "students"]].tolist() == ["wikipedia-bnn-breaking", 2]
    assert "(not in this source pack)" in used["outlet"].tolist()
    assert first_opened(results).iloc[0].tolist() == ["lede", 2, 1]
    assert sources_used(results_with([])).empty and first_opened(results_with([])).empty


def test_the_board_groups_answers_by_question_and_escapes():
    from helpers.classroom.answers import answers_board

    results = results_with(
        [
            ("zoe", "lede-read-1", "<script>x</script>", "2024-03-12T10:00:00Z"),
            ("ana", "lede-read-1", "An alliance", "2024-03-12T10:00:00Z"),
        ]
    )
    board = answers_board(results, part="lede")
    assert "&lt;script&gt;" in board._repr_html_() and "<script>" not in board._repr_html_()
    assert "Student A" in board._repr_html_() and "zoe" not in board._repr_html_()
    assert repr(board).endswith("(2 answers)")
    assert repr(answers_board(results, part="nato")) == "No written answers yet."
