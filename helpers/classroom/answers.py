"""The class's written answers, question by question, for the teacher and the projector.

``answers_by_question(results)`` gives one row per question (its text from the lessons' data,
how many students answered) and, side by side, the answers; ``anonymous=True`` (the default,
for the projector) shows "Student A", "Student B" … instead of names, the same letter for the
same student on every question. ``selfcheck_summary(results)`` counts the self-check tries.
``sources_used(results)`` and ``first_opened(results)`` show how the class searched: which
sources it used as evidence in each part, and how many first opened a page to pass over (the
article itself, an aggregator, a copy site, a blog, a practice page).
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

from helpers.display import HTML
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


def _question_texts(ids: list[str], article: str | None = None) -> dict[str, str]:
    from helpers.questions import QuestionError, question

    texts = {}
    for qid in ids:
        try:
            texts[qid] = question(qid, article=article).text
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
    texts = _question_texts(sorted(frame["question_id"].unique()), results.article)
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


def answers_board(results: ClassResults, part: str | None = None, limit: int = 3) -> HTML:
    """The written answers to each question (of ``part``, or all) as blocks for the projector:
    the question, then every student's answer beside a letter; at most ``limit`` questions."""
    import html

    table = answers_by_question(results)
    if part:
        table = table[table["question id"].str.startswith(f"{part}-")]
    if table.empty:
        return HTML("<p>No written answers yet.</p>", "No written answers yet.")
    blocks, lines = [], []
    for qid in list(dict.fromkeys(table["question id"]))[:limit]:
        rows = table[table["question id"] == qid]
        question = rows["question"].iloc[0]
        items = "".join(
            f"<li><b>{html.escape(r.student)}</b>: {html.escape(r.answer)}</li>"
            for r in rows.itertuples()
        )
        blocks.append(
            f'<div style="margin:0 0 1em 0"><h4 style="margin:0.3em 0">'
            f"{html.escape(question)}</h4>"
            f'<ul style="columns:2 320px;margin:0">{items}</ul></div>'
        )
        lines.append(f"{question} ({len(rows)} answers)")
    return HTML("".join(blocks), "\n".join(lines))


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


#: Kinds of page a careful reader passes over on a results page: copies of someone else's
#: reporting. (A state-aligned channel can be the original of a quote: tracing it is the task.)
CAREFUL_KINDS = ("aggregator", "mirror", "blog")
ARTICLE_SOURCE = "bnn-article"


def is_poor_first_click(source) -> bool:
    """True for a page to pass over first: the article itself, a practice page, or a kind in
    ``CAREFUL_KINDS``."""
    return source.id == ARTICLE_SOURCE or source.practice_page or source.kind in CAREFUL_KINDS


def _steps(results: ClassResults, kind: str):
    frame = results.searches
    if frame is None or frame.empty:
        return None
    return frame[(frame["kind"] == kind) & (frame["source_id"] != "")]


def sources_used(results: ClassResults) -> pd.DataFrame:
    """Per part and source used as evidence: its outlet, kind and how many students used it."""
    import pandas as pd

    from helpers.sources import SourceError, source

    columns = ["part", "source", "outlet", "kind", "students"]
    steps = _steps(results, "evidence")
    if steps is None or steps.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for (part, source_id), group in steps.groupby(["part", "source_id"], sort=True):
        try:
            found = source(source_id, article=results.article)
            outlet, kind = found.outlet, found.kind
        except (SourceError, KeyError):
            outlet, kind = "(not in this source pack)", ""
        rows.append([part, source_id, outlet, kind, group["annotator"].nunique()])
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["part", "students"], ascending=[True, False]).reset_index(drop=True)


def first_opened(results: ClassResults) -> pd.DataFrame:
    """Per part: how many students opened a result, and how many opened a page to pass over
    first (see ``is_poor_first_click``)."""
    import pandas as pd

    from helpers.sources import SourceError, source

    columns = [
        "part",
        "students who opened a result",
        "first opened the article, an aggregator or a copy site",
    ]
    steps = _steps(results, "open")
    if steps is None or steps.empty:
        return pd.DataFrame(columns=columns)
    first = steps.sort_values("created").groupby(["part", "annotator"]).first().reset_index()
    rows = []
    for part, group in first.groupby("part", sort=True):
        poor = 0
        for source_id in group["source_id"]:
            try:
                poor += is_poor_first_click(source(source_id, article=results.article))
            except (SourceError, KeyError):
                continue
        rows.append([part, len(group), poor])
    return pd.DataFrame(rows, columns=columns)
