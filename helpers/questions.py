"""Written tasks of the lessons: reading questions, SIFT notes, exit tickets, discussion and
synthesis prompts, read from ``data/lessons/<part>.json`` (key ``"questions"``).

No widgets here (``helpers.widgets.answer.AnswerBox`` shows one question and saves what the
student types), so the teacher's side and the tests read the questions without a front end.
A question is::

    {"id": "lede-read-1", "kind": "reading", "text": "What does the lede say France ..."}

Its id starts with its part (``lede-``) and is unique in the unit; ``kind`` is one of ``KINDS``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from helpers.article import PART_IDS
from helpers.errors import AnnotationError
from helpers.paths import DATA
from helpers.work import check_question_id

LESSONS_DIR = DATA / "lessons"
#: The kinds of written task, in the order a lesson usually asks them.
KINDS = ("reading", "sift", "task", "exit", "discussion", "synthesis")
MAX_TEXT = 1000


@dataclass(frozen=True)
class Question:
    """One written task: its id (``lede-read-1``), part, kind and text (plain text)."""

    id: str
    part: str
    kind: str
    text: str


class QuestionError(ValueError):
    """A questions list that cannot be used, or a question id that is not in it."""


def _check(part: str, number: int, item: object, where: str) -> Question:
    if not isinstance(item, dict) or set(item) != {"id", "kind", "text"}:
        raise QuestionError(
            f"{where}: question {number} must be an object with exactly the keys "
            "'id', 'kind' and 'text'"
        )
    try:
        qid = check_question_id(item["id"])
    except AnnotationError:
        raise QuestionError(f"{where}: question {number}: {item['id']!r} is not an id") from None
    if not qid.startswith(f"{part}-"):
        raise QuestionError(f"{where}: question {qid!r} must start with '{part}-'")
    if item["kind"] not in KINDS:
        raise QuestionError(
            f"{where}: question {qid!r}: kind {item['kind']!r} is not one of {', '.join(KINDS)}"
        )
    text = item["text"]
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
        raise QuestionError(
            f"{where}: question {qid!r}: text must be 1 to {MAX_TEXT} characters of text"
        )
    return Question(qid, part, item["kind"], text.strip())


@lru_cache(maxsize=32)
def _load(part: str, folder: str) -> tuple[Question, ...]:
    path = Path(folder) / f"{part}.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    items = doc.get("questions", []) if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise QuestionError(f"{path}: 'questions' must be a list")
    found = tuple(_check(part, n, item, str(path)) for n, item in enumerate(items, 1))
    ids = [q.id for q in found]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise QuestionError(f"{path}: question ids used twice: {', '.join(twice)}")
    return found


def _part(part: str) -> str:
    if part not in PART_IDS:
        raise QuestionError(f"{part!r} is not a part; choose one of {', '.join(PART_IDS)}")
    return part


def questions(part: str, kind: str | None = None, folder: str | Path | None = None) -> list:
    """The written tasks of one lesson (a list of ``Question``), in the data file's order;
    only those of ``kind`` when given. Raises QuestionError for an unknown part or a bad file."""
    found = _load(_part(part), str(folder or LESSONS_DIR))
    if kind is not None and kind not in KINDS:
        raise QuestionError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    return [q for q in found if kind is None or q.kind == kind]


def question(question_id: str, folder: str | Path | None = None) -> Question:
    """The written task with this id (``lede-read-1``); its part is the id's first word.

    Raises QuestionError naming the lesson's question ids when there is no such question.
    """
    part = str(question_id).split("-", 1)[0]
    if part not in PART_IDS:
        raise QuestionError(
            f"{question_id!r} is not a question id: it must start with a part "
            f"({', '.join(PART_IDS)}), e.g. 'lede-read-1'"
        )
    found = questions(part, folder=folder)
    for q in found:
        if q.id == question_id:
            return q
    known = ", ".join(q.id for q in found) or "none yet"
    raise QuestionError(
        f"there is no question {question_id!r}; the questions of lesson {part!r} are: {known}"
    )
