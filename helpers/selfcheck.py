"""Check-yourself questions: read them from data/selfcheck/<part>.json and grade answers.

No widgets here (the SelfCheck widget in ``helpers.widgets.selfcheck`` shows the questions), so
the teacher's side and the tests can grade answers without a front end. A question is a dict::

    {"id": "nato-q1", "type": "multiple_choice", "prompt": "...",
     "choices": [{"id": "a", "text": "..."}, ...], "answer": "a",
     "explanation": "...", "source": "..."}
    {"id": "nato-q2", "type": "short_answer", "prompt": "...",
     "accept": ["32", "thirty-two"], "answer_text": "32 countries", ...}

A short answer may also have (all optional):

* ``"keywords"``: groups of words, e.g. ``[["priest"], ["led|leader", "bloody sunday"]]``. An
  answer with every item of any one group is right. An item is a word or a phrase, or several
  joined by "|" (any one of them will do); items match whole words, in any order, and not
  after "not" or "never".
* ``"names"``: full names, e.g. ``["Emmanuel Macron"]``. An answer with the surname is right.
* ``"hint"``: one plain sentence shown when an answer has some words of a group but not all.

How answers are compared (``normalise_answer``): case, accents, punctuation, "a"/"an"/"the",
"8th"/"8", "March 8"/"8 March"/"8 Mar", "90,000"/"90 000"/"90 thousand"/"ninety thousand" do not
count. A typo of one letter (one letter wrong, missing, extra, or two swapped) is forgiven in a
word of five letters or more, never in a number. When the keyword groups name a date or a
number, an answer that gives another date, year or number is not right, even with the words.
"""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from pathlib import Path

from helpers.answer_reading import (
    FILLER,
    NUMERIC_DATE,
    find_phrase,
    normalise_answer,
    numbers_in,
    same_words,
    tokens_of,
)
from helpers.paths import DATA, DEFAULT_ARTICLE, article_folder, article_name

SELFCHECK_DIR = DATA / "selfcheck"
#: A self-check file bigger than this is refused before it is read.
MAX_FILE_BYTES = 1024 * 1024
QUESTION_TYPES = ("multiple_choice", "short_answer")
#: Longer answers are not graded: the student is asked for a few words instead.
MAX_ANSWER_WORDS = 60
MAX_ANSWER_CHARS = 600

#: What the student reads (grade 8 reading level; never "wrong").
BLANK_MESSAGE = "Type an answer first: a few words are enough."
LONG_MESSAGE = (
    "That is a long answer. A few words are enough here: "
    "just the name, word or number the question asks for."
)


def load_selfcheck(part: str, path: str | Path | None = None, article=None) -> list[dict]:
    """The questions of one part, checked, in the file's order.

    ``path`` is a file or a folder holding ``<part>.json`` (default: the article's selfcheck/
    folder, data/selfcheck for the unit's own; ``article`` an Article or a name). Returns a list
    of question dicts (none yet: [] for another article without the file); raises ValueError
    naming the file, the question and what is wrong.
    """
    other = article_name(article) != DEFAULT_ARTICLE
    file = Path(path) if path else article_folder(article) / "selfcheck"
    if file.is_dir() or not file.suffix:
        file = file / f"{part}.json"
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            raise ValueError(f"{file}: is not a regular file of at most {MAX_FILE_BYTES:,} bytes")
        doc = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if other and not path:
            return []
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
        _check_short_answer_extras(question, where)
    else:
        raise ValueError(
            f"{where}: 'type' is {kind!r}; use " + " or ".join(repr(t) for t in QUESTION_TYPES)
        )
    for key in ("explanation", "source", "answer_text", "hint"):
        if key in question and not isinstance(question[key], str):
            raise ValueError(f"{where}: {key!r} must be text")
    return qid


def _check_short_answer_extras(question: dict, where: str) -> None:
    """Raise ValueError unless the optional 'keywords' and 'names' of a short answer are valid."""
    for accepted in question["accept"]:
        if not normalise_answer(accepted):
            raise ValueError(f"{where}: accepted answer {accepted!r} has no words to compare")
    keywords = question.get("keywords", [])
    if not isinstance(keywords, list) or not all(
        isinstance(group, list) and group and all(isinstance(i, str) for i in group)
        for group in keywords
    ):
        raise ValueError(
            f"{where}: 'keywords' must be a list of groups, each a non-empty list of words"
        )
    for group in keywords:
        for item in group:
            if not all(normalise_answer(alt) for alt in item.split("|")):
                raise ValueError(f"{where}: keyword {item!r} has no words to compare")
    names = question.get("names", [])
    if not isinstance(names, list) or not all(
        isinstance(n, str) and normalise_answer(n) for n in names
    ):
        raise ValueError(f"{where}: 'names' must list full names as text")


@dataclass(frozen=True)
class _Rules:
    """A short-answer question made ready to compare, for one way of reading digit groups."""

    accepted: list[list[str]]
    groups: list[list[list[list[str]]]]  # group -> item -> alternative -> words
    surnames: list[list[str]]
    given_names: set[str]
    dates: set[str] | None  # the dates allowed, or None when dates are not checked
    years: set[str] | None
    plain: set[str] | None


def _rules(question: dict, group_digits: bool) -> _Rules:
    def words(text: str) -> list[str]:
        return tokens_of(text, group_digits)

    accepted = [words(a) for a in question["accept"]]
    groups = [
        [[words(alt) for alt in item.split("|")] for item in group]
        for group in question.get("keywords", [])
    ]
    names = [words(n) for n in question.get("names", [])]
    key_dates, key_years, key_plain = numbers_in(
        [w for group in groups for item in group for alt in item for w in alt + [""]]
    )
    dates, years, plain = set(key_dates), set(key_years), set(key_plain)
    for words_ in accepted:
        more_dates, more_years, more_plain = numbers_in(words_)
        dates, years, plain = dates | more_dates, years | more_years, plain | more_plain
    return _Rules(
        accepted=accepted,
        groups=groups,
        surnames=[n[-1:] for n in names if n],
        given_names={w for n in names for w in n[:-1]},
        dates=dates if key_dates else None,
        years=years if key_dates or key_years else None,
        plain=plain if key_plain else None,
    )


def _number_problem(tokens: list[str], rules: _Rules) -> str:
    """A kind sentence about a date, year or number in the answer that the sources do not
    give (only for the kinds of numbers the keyword groups use), or ""."""
    dates, years, plain = numbers_in(tokens)
    if rules.dates is not None and dates - rules.dates:
        day, month = min(dates - rules.dates).split()
        return f"Check the date “{day} {month.title()}”: the sources give a different day."
    if rules.years is not None and years - rules.years:
        return f"Check the year {min(years - rules.years)}: the sources give a different year."
    if rules.plain is not None and plain - rules.plain:
        number = min(plain - rules.plain, key=lambda n: (len(n), n))
        return f"Check the number {number}: the sources give a different one."
    return ""


def _group_found(tokens: list[str], group: list[list[list[str]]]) -> list[bool]:
    """For each item of ``group``, whether the answer has it."""
    return [any(find_phrase(tokens, alt) for alt in item) for item in group]


@dataclass(frozen=True)
class Grade:
    """How an answer did: ``correct``; ``message``, one kind sentence for the student ("" when
    there is nothing to add); ``graded`` is False when there was nothing to grade (a blank
    answer, or one too long to be a short answer: ``message`` says what to do)."""

    correct: bool
    message: str = ""
    graded: bool = True


def grade_answer(question: dict, answer: str | None) -> Grade:
    """Grade ``answer`` (a choice id, or typed text) for ``question``; returns a ``Grade``."""
    if question["type"] == "multiple_choice":
        if answer is None or answer == "":
            return Grade(False, "Choose an answer first.", graded=False)
        return Grade(answer == question["answer"])
    text = "" if answer is None else str(answer)
    if len(text) > MAX_ANSWER_CHARS or len(text.split()) > MAX_ANSWER_WORDS:
        return Grade(False, LONG_MESSAGE, graded=False)
    if not tokens_of(text):
        return Grade(False, BLANK_MESSAGE, graded=False)
    right = Grade(True, f"Yes — the full answer: {correct_answer_text(question)}")
    problems: list[str] = []
    partial: tuple[int, list[str], list[str]] | None = None
    for group_digits in (True, False):  # "90 000" is one number; "133 166" may be two
        tokens, rules = tokens_of(text, group_digits), _rules(question, group_digits)
        if any(same_words(tokens, accepted) for accepted in rules.accepted):
            return right
        problem = _number_problem(tokens, rules)
        surname = any(find_phrase(tokens, s) for s in rules.surnames)
        found = [_group_found(tokens, group) for group in rules.groups]
        if not problem and (surname or any(all(f) for f in found)):
            return right
        problems += [problem] if problem else []
        said = [t for t in tokens if t not in FILLER]
        if said and not surname and all(t in rules.given_names for t in said):
            problems.append("Nearly: add the surname (the family name) too.")
        for group, items in zip(rules.groups, found, strict=True):
            if any(items) and not all(items) and (partial is None or sum(items) > partial[0]):
                labels = [" ".join(item[0]) for item in group]  # an item's first alternative
                partial = (
                    sum(items),
                    [label for label, f in zip(labels, items, strict=True) if f],
                    [label for label, f in zip(labels, items, strict=True) if not f],
                )
    return Grade(False, _close_message(question, text, problems, partial))


def _close_message(
    question: dict,
    text: str,
    problems: list[str],
    partial: tuple[int, list[str], list[str]] | None,
) -> str:
    """What the student can do about an answer that is not accepted (a kind sentence, or "")."""
    if problems:
        return problems[0]
    if _rules(question, True).dates is not None and NUMERIC_DATE.search(text):
        return (
            "Write the month as a word, like “1 May” or “May 1”, "
            "so that nobody mixes up the day and the month."
        )
    hint = question.get("hint", "")
    said = [t for t in tokens_of(text) if t not in FILLER]
    prompt = set(tokens_of(question.get("prompt", "")))
    if said and all(t in prompt for t in said):
        return " ".join(
            [
                "Your answer repeats words from the question.",
                hint or "Add the new fact it asks for.",
            ]
        )
    if partial:
        if hint:
            return hint
        has = " and ".join(f"“{w}”" for w in partial[1])
        needs = " and ".join(f"“{w}”" for w in partial[2])
        return f"Your answer has {has}, but not {needs}."
    if hint and any(t in prompt for t in said):
        return hint
    return ""


def check_answer(question: dict, answer: str | None) -> bool:
    """True when ``answer`` (a choice id, or typed text) is right for ``question``."""
    return grade_answer(question, answer).correct


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
