"""The class's written answers, question by question, for the teacher and the projector.

``answers_by_question(results)`` gives one row per question (its text from the lessons' data,
how many students answered) and, side by side, the answers; ``anonymous=True`` (the default,
for the projector) shows "Student A", "Student B" … instead of names, the same letter for the
same student on every question. ``selfcheck_summary(results)`` counts the self-check tries.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

from helpers.errors import printable

if TYPE_CHECKING:
    import pandas as pd

    from helpers.classroom.report import ClassResults


def student_letters(names: list[str]) -> dict[str, str]:
    """A stable anonymous label for each name: Student A … Z, then AA, AB …"""
    letters = string.ascii_uppercase
    labels = {}
    for i, name in enumerate(sorted(set(names))):
        label = letters[i % 26] if i < 26 else letters[i // 26 - 1] + letters[i % 26]
        labels[name] = f"Student {label}"
    return labels


def _question_texts(ids: list[str]) -> dict[str, str]:
    from helpers.questions import QuestionError, question

    texts = {}
    for qid in ids:
        try:
            texts[qid] = question(qid).text
        except (QuestionError, KeyError):
            texts[qid] = "(a question this version of the lessons does not have)"
    return texts


def answers_by_question(results: ClassResults, anonymous: bool = True) -> pd.DataFrame:
    """One row per question and student (question id, question, student, answer), grouped by
    question in the lessons' order; names replaced by "Student A" … unless ``anonymous`` is
    False. Empty answers are left out. An empty class gives an empty table."""
    import pandas as pd

    columns = ["question id", "question", "student", "answer"]
    frame = results.answers
    if frame is None or frame.empty:
        return pd.DataFrame(columns=columns)
    frame = frame[frame["text"].str.strip() != ""]
    labels = student_letters(list(frame["annotator"])) if anonymous else {}
    texts = _question_texts(sorted(frame["question_id"].unique()))
    rows = [
        {
            "question id": row.question_id,
            "question": texts[row.question_id],
            "student": labels.get(row.annotator, printable(row.annotator)),
            "answer": printable(row.text),
        }
        for row in frame.sort_values(["question_id", "annotator"]).itertuples()
    ]
    return pd.DataFrame(rows, columns=columns)


def selfcheck_summary(results: ClassResults) -> pd.DataFrame:
    """Per self-check question: how many students tried it, how many were right at the first
    try, and how many got it right in the end."""
    import pandas as pd

    columns = ["question id", "students", "right first time", "right in the end"]
    tries = results.attempts
    if tries is None or tries.empty:
        return pd.DataFrame(columns=columns)
    tries = tries.sort_values(["question_id", "annotator", "created"])
    first = tries.groupby(["question_id", "annotator"])["correct"].first()
    ever = tries.groupby(["question_id", "annotator"])["correct"].any()
    table = pd.DataFrame(
        {
            "students": first.groupby(level=0).size(),
            "right first time": first.groupby(level=0).sum().astype(int),
            "right in the end": ever.groupby(level=0).sum().astype(int),
        }
    )
    return table.rename_axis("question id").reset_index()[columns]
