"""Written tasks of the lessons: reading questions, SIFT notes, exit tickets, discussion and
synthesis prompts, read from ``data/lessons/<part>.json`` (key ``"questions"``).

No widgets here (``helpers.widgets.answer.AnswerBox`` shows one question and saves what the
student types), so the teacher's side and the tests read the questions without a front end.
A question is::

    {"id": "lede-read-1", "kind": "reading", "text": "What does the lede say France ..."}

Its id starts with its part (``lede-``) and is unique in the unit; ``kind`` is one of ``KINDS``.
Another article's questions are in its own lessons/ folder (``article=``: an Article or a name);
a part without that file has no questions yet.
"""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from helpers.errors import AnnotationError
from helpers.paths import DATA, DEFAULT_ARTICLE, article_folder, article_name
from helpers.work import check_question_id

LESSONS_DIR = DATA / "lessons"
#: The kinds of written task, in the order a lesson usually asks them.
KINDS = ("reading", "sift", "task", "exit", "discussion", "synthesis")
MAX_TEXT = 1000
#: A lesson file bigger than this is refused before it is read.
MAX_FILE_BYTES = 1024 * 1024


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


@lru_cache(maxsize=64)
def _load(part: str, folder: str, optional: bool = False) -> tuple[Question, ...]:
    path = Path(folder) / f"{part}.json"
    try:
        info = path.stat()
    except FileNotFoundError:
        if optional:
            return ()
        raise QuestionError(f"{path}: there is no lesson file for part {part!r}") from None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        raise QuestionError(f"{path}: is not a regular file of at most {MAX_FILE_BYTES:,} bytes")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QuestionError(f"{path}: cannot be read: {exc}") from None
    items = doc.get("questions", []) if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise QuestionError(f"{path}: 'questions' must be a list")
    found = tuple(_check(part, n, item, str(path)) for n, item in enumerate(items, 1))
    ids = [q.id for q in found]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise QuestionError(f"{path}: question ids used twice: {', '.join(twice)}")
    return found


def _part_ids(article) -> tuple[str, ...]:
    from helpers.article import Article, load_article

    return (article if isinstance(article, Article) else load_article(article)).part_ids


def _part(part: str, article=None) -> str:
    parts = _part_ids(article)
    if part not in parts:
        raise QuestionError(f"{part!r} is not a part; choose one of {', '.join(parts)}")
    return part


def questions(
    part: str, kind: str | None = None, folder: str | Path | None = None, article=None
) -> list:
    """The written tasks of one lesson (a list of ``Question``), in the data file's order;
    only those of ``kind`` when given. Raises QuestionError for an unknown part or a bad file."""
    optional = folder is None and article_name(article) != DEFAULT_ARTICLE
    folder = folder or article_folder(article) / "lessons"
    found = _load(_part(part, article), str(folder), optional)
    if kind is not None and kind not in KINDS:
        raise QuestionError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    return [q for q in found if kind is None or q.kind == kind]


def question(question_id: str, folder: str | Path | None = None, article=None) -> Question:
    """The written task with this id (``lede-read-1``); its part is the part id it starts with
    (the longest, for parts whose ids have '-' in them).

    Raises QuestionError naming the lesson's question ids when there is no such question.
    """
    parts = _part_ids(article)
    starts = [p for p in parts if str(question_id).startswith(f"{p}-")]
    if not starts:
        raise QuestionError(
            f"{question_id!r} is not a question id: it must start with a part "
            f"({', '.join(parts)}), e.g. '{parts[0]}-read-1'"
        )
    part = max(starts, key=len)
    found = questions(part, folder=folder, article=article)
    for q in found:
        if q.id == question_id:
            return q
    known = ", ".join(q.id for q in found) or "none yet"
    raise QuestionError(
        f"there is no question {question_id!r}; the questions of lesson {part!r} are: {known}"
    )
