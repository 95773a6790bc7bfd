"""Check-yourself questions: read them from data/selfcheck/<part>.json and grade answers.

No widgets here (the SelfCheck widget in ``helpers.widgets.selfcheck`` shows the questions), so
the teacher's side and the tests can grade answers without a front end. A question is a dict::

    {"id": "nato-q1", "type": "multiple_choice", "prompt": "...",
     "choices": [{"id": "a", "text": "..."}, ...], "answer": "a",
     "explanation": "...", "source": "..."}
    {"id": "nato-q2", "type": "short_answer", "prompt": "...",
     "accept": ["32", "thirty-two"], "answer_text": "32 countries", ...}
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from helpers.paths import DATA

SELFCHECK_DIR = DATA / "selfcheck"
QUESTION_TYPES = ("multiple_choice", "short_answer")


def load_selfcheck(part: str, path: str | Path | None = None) -> list[dict]:
    """The questions of one part, checked, in the file's order.

    ``path`` is a file or a folder holding ``<part>.json`` (default: data/selfcheck). Returns a
    list of question dicts; raises ValueError naming the file, the question and what is wrong.
    """
    file = Path(path) if path else SELFCHECK_DIR
    if file.is_dir() or not file.suffix:
        file = file / f"{part}.json"
    try:
        doc = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{file}: there are no self-check questions for part {part!r}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{file}: cannot read the self-check questions: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("questions"), list):
        raise ValueError(f"{file}: expected an object with a list 'questions'")
    if doc.get("part", part) != part:
        raise ValueError(f"{file}: 'part' is {doc.get('part')!r}, expected {part!r}")
    seen: set[str] = set()
    for number, question in enumerate(doc["questions"], 1):
        qid = _check_question(question, f"{file}: question {number}")
        if qid in seen:
            raise ValueError(f"{file}: question {number} ({qid}): the id is used twice")
        seen.add(qid)
    return list(doc["questions"])


def _check_question(question: object, where: str) -> str:
    """Raise ValueError (starting with ``where``) unless ``question`` is a valid question; return
    its id."""
    if not isinstance(question, dict):
        raise ValueError(f"{where} is not an object")
    qid = question.get("id")
    if not isinstance(qid, str) or not qid:
        raise ValueError(f"{where}: 'id' must be non-empty text")
    where = f"{where} ({qid})"
    prompt = question.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise ValueError(f"{where}: 'prompt' must be non-empty text")
    kind = question.get("type")
    if kind == "multiple_choice":
        choices = question.get("choices")
        if not isinstance(choices, list) or len(choices) < 2:
            raise ValueError(f"{where}: 'choices' must list at least two choices")
        ids = []
        for choice in choices:
            if not (isinstance(choice, dict) and isinstance(choice.get("id"), str)):
                raise ValueError(f"{where}: every choice needs an 'id' and a 'text'")
            if not isinstance(choice.get("text"), str):
                raise ValueError(f"{where}: choice {choice['id']!r} has no 'text'")
            ids.append(choice["id"])
        if len(set(ids)) != len(ids):
            raise ValueError(f"{where}: two choices have the same id")
        if question.get("answer") not in ids:
            raise ValueError(
                f"{where}: 'answer' is {question.get('answer')!r}, not one of the choice ids "
                f"{', '.join(ids)}"
            )
    elif kind == "short_answer":
        accept = question.get("accept")
        if (
            not isinstance(accept, list)
            or not accept
            or not all(isinstance(a, str) and a.strip() for a in accept)
        ):
            raise ValueError(f"{where}: 'accept' must list the accepted answers as text")
    else:
        raise ValueError(
            f"{where}: 'type' is {kind!r}; use " + " or ".join(repr(t) for t in QUESTION_TYPES)
        )
    for key in ("explanation", "source", "answer_text"):
        if key in question and not isinstance(question[key], str):
            raise ValueError(f"{where}: {key!r} must be text")
    return qid


def fold_quotes(text: str) -> str:
    """``text`` with curly quotes made straight and en/em dashes made hyphens (for comparing
    what a student typed with the text; the length stays the same)."""
    return (
        text.replace("’", "'")
        .replace("‘", "'")
        .replace("“", '"')
        .replace("”", '"')
        .replace("–", "-")
        .replace("—", "-")
    )


def normalise_answer(text: str) -> str:
    """A short answer folded for comparison: case, spaces, quotes, thousands separators and
    the punctuation at either end do not count. Returns the folded text."""
    folded = fold_quotes(unicodedata.normalize("NFKC", str(text)).casefold())
    folded = re.sub(r"(?<=\d)[,\s'](?=\d{3}\b)", "", folded)
    folded = " ".join(folded.split())
    return folded.strip(" .!?;:\"'")


def check_answer(question: dict, answer: str | None) -> bool:
    """True when ``answer`` (a choice id, or typed text) is right for ``question``."""
    if answer is None:
        return False
    if question["type"] == "multiple_choice":
        return answer == question["answer"]
    given = normalise_answer(answer)
    return bool(given) and any(given == normalise_answer(a) for a in question["accept"])


def correct_answer_text(question: dict) -> str:
    """The right answer as a student reads it: the right choice's text, or the short answer
    (``answer_text`` if given, else the first accepted answer)."""
    if question["type"] == "multiple_choice":
        for choice in question["choices"]:
            if choice["id"] == question["answer"]:
                return choice["text"]
        return str(question["answer"])
    return question.get("answer_text") or question["accept"][0]


def answer_text(question: dict, answer: str) -> str:
    """What the student answered, as they read it: the chosen choice's text, or the typed
    text."""
    if question["type"] == "multiple_choice":
        return next((c["text"] for c in question["choices"] if c["id"] == answer), answer)
    return answer
