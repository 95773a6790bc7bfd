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
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from helpers.paths import DATA

SELFCHECK_DIR = DATA / "selfcheck"
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


# --- Normalising -----------------------------------------------------------------------------

MONTHS = (
    "january february march april may june july august september october november december"
).split()
MONTH_NUMBERS = {m: n for n, m in enumerate(MONTHS, 1)}
#: Short forms, read as months only next to a number ("8 Mar", "Jan 22").
MONTH_SHORT = {
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
    "jul": "july", "aug": "august", "sep": "september", "sept": "september", "oct": "october",
    "nov": "november", "dec": "december",
}  # fmt: skip
ARTICLES = frozenset({"a", "an", "the"})
NEGATIONS = frozenset({"not", "no", "never", "isnt", "wasnt", "arent", "werent", "neither", "nor"})
SMALL_NUMBERS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {
    w: 10 * n
    for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
ORDINALS = {
    w: n
    for n, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split(),
        1,
    )
} | {"twentieth": 20, "thirtieth": 30}
SCALES = {"thousand": 1000, "million": 1_000_000}
#: Letters that Unicode does not split into a letter and an accent.
LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
                         "ı": "i", "ß": "ss"})  # fmt: skip
#: Words that say nothing of their own (for "your answer repeats the question").
FILLER = frozenset(
    "is was were are be been he she it they his her its who what which when where and or of in "
    "on at to by for with from did do does that this i think answer".split()
)

_DIGIT_GROUPS = re.compile(r"\b\d{1,3}(?:[, '\u00a0\u202f\u2009]\d{3})+\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_ABBREVIATION = re.compile(r"\b(?:[^\W\d_]\.){2,}")
_ORDINAL_SUFFIX = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_NOT_A_WORD = re.compile(r"[^\w]+|_+")
_NUMERIC_DATE = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\b")


def _clean(text: str) -> str:
    """``text`` folded: compatibility forms, accents, case, control characters, quotes."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(LETTERS)
    text = unicodedata.normalize("NFKD", text)
    out = []
    for ch in text:
        if unicodedata.combining(ch):
            continue
        category = unicodedata.category(ch)
        if ch.isspace():
            out.append(" ")
        elif category[0] == "C":  # control, format (zero-width), surrogate, private, unassigned
            continue
        else:
            out.append(ch)
    return fold_quotes("".join(out))


def _iso_date(match: re.Match) -> str:
    year, month, day = (int(g) for g in match.groups())
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f" {day} {MONTHS[month - 1]} {year} "
    return match.group(0)


def _is_day(token: str) -> bool:
    return token.isdecimal() and len(token) <= 2 and 1 <= int(token) <= 31


def _is_year(token: str) -> bool:
    return token.isdecimal() and len(token) == 4 and 1000 <= int(token) <= 2999


def _read_number(tokens: list[str], start: int) -> tuple[int, int, bool]:
    """The number written in words (or digits and "thousand"/"million") at ``start``: (value,
    index after it, whether it is an ordinal like "eighth"); the index is ``start`` when none."""
    total, current, last, end, ordinal = 0, 0, None, start, False
    at = start
    while at < len(tokens):
        word = tokens[at]
        follows = tokens[at + 1] if at + 1 < len(tokens) else ""
        if last == "ordinal":
            break
        if word in SMALL_NUMBERS or word in ORDINALS:
            value = SMALL_NUMBERS.get(word, ORDINALS.get(word))
            if not (last in (None, "hundred", "scale", "and") or (last == "tens" and value < 10)):
                break
            current += value
            last = "ordinal" if word in ORDINALS else "small"
            ordinal = word in ORDINALS
        elif word in TENS:
            if last not in (None, "hundred", "scale", "and"):
                break
            current += TENS[word]
            last = "tens"
        elif word.isdecimal() and len(word) <= 9 and last is None and follows in SCALES:
            current, last = int(word), "digits"
        elif word == "hundred":
            if last not in (None, "small", "tens", "digits") or current >= 100:
                break
            current, last = (current or 1) * 100, "hundred"
        elif word in SCALES:
            if last not in (None, "small", "tens", "digits", "hundred"):
                break
            total, current, last = total + (current or 1) * SCALES[word], 0, "scale"
        elif (
            word == "and"
            and last in ("hundred", "scale")
            and (follows in SMALL_NUMBERS or follows in TENS)
        ):
            last = "and"
        else:
            break
        at += 1
        if last != "and":
            end = at
    if end == start or tokens[start:end] == ["one"]:  # "the one who": a word, not a number
        return 0, start, False
    return total + current, end, ordinal


def _near_month(tokens: list[str], start: int, end: int) -> bool:
    """Whether a month name stands next to tokens[start:end] ("eighth of March", "March 8")."""
    months = set(MONTHS) | set(MONTH_SHORT)
    before = tokens[start - 1] if start > 0 else ""
    after = tokens[end : end + 2]
    if after[:1] == ["of"]:
        after = after[1:]
    return before in months or (bool(after) and after[0] in months)


def _numbers_from_words(tokens: list[str]) -> list[str]:
    """``tokens`` with numbers in words written in digits ("thirty two" -> "32"); ordinal
    words only in dates ("the eighth of March")."""
    out: list[str] = []
    at = 0
    while at < len(tokens):
        value, end, ordinal = _read_number(tokens, at)
        if end == at or (ordinal and not _near_month(tokens, at, end)):
            out.append(tokens[at])
            at += 1
        else:
            out.append(str(value))
            at = end
    return out


def _month_of(tokens: list[str], at: int) -> str | None:
    """The month that tokens[at] names, or None. Short forms ("Mar") and typos ("Febuary")
    count only next to a number; no two month names are one typo apart."""
    word = tokens[at]
    if word in MONTH_NUMBERS:
        return word
    before = tokens[at - 1] if at > 0 else ""
    after = tokens[at + 1] if at + 1 < len(tokens) else ""
    near = (
        before.isdecimal()
        or after.isdecimal()
        or (before == "of" and at > 1 and tokens[at - 2].isdecimal())
    )
    if not near or not word.isalpha():
        return None
    if word in MONTH_SHORT:
        return MONTH_SHORT[word]
    if len(word) >= 5:
        for month in MONTHS:
            if len(month) >= 5 and typo_distance(word, month) <= 1:
                return month
    return None


def _dates(tokens: list[str]) -> list[str]:
    """``tokens`` with month names in full and dates written day first: "March 8th, 2024",
    "8th of March 2024" and "8 Mar 2024" all become "8 march 2024"."""
    tokens = [_month_of(tokens, i) or t for i, t in enumerate(tokens)]
    out: list[str] = []
    for token in tokens:  # "8 of march" -> "8 march"
        if token in MONTH_NUMBERS and len(out) >= 2 and out[-1] == "of" and _is_day(out[-2]):
            out.pop()
        out.append(token)
    for i in range(len(out) - 1):  # "march 8" -> "8 march", but not in "7 march 10 march"
        month, day = out[i], out[i + 1]
        if month in MONTH_NUMBERS and _is_day(day):
            day_before = i > 0 and _is_day(out[i - 1])
            month_after = i + 2 < len(out) and out[i + 2] in MONTH_NUMBERS
            if not day_before and not month_after:
                out[i], out[i + 1] = day, month
    return out


def _tokens(text: str, group_digits: bool = True) -> list[str]:
    """The words of ``text`` after folding (see ``normalise_answer``). With ``group_digits``,
    "90,000" and "90 000" are one number; without, two ("133, 166" or "133 166")."""
    text = _clean(str(text)).replace("&", " and ")
    text = _ISO_DATE.sub(_iso_date, text)
    if group_digits:
        text = _DIGIT_GROUPS.sub(lambda m: re.sub(r"\D", "", m.group(0)), text)
    text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)  # "a.i." -> "ai"
    text = re.sub(r"(?<=\w)'s\b", "", text)  # "France's" -> "France"
    text = re.sub(r"(?<=\w)'(?=\w)", "", text)  # "wasn't" -> "wasnt"
    text = _ORDINAL_SUFFIX.sub(r"\1", text)  # "8th" -> "8"
    tokens = _NOT_A_WORD.sub(" ", text).split()
    tokens = _dates(_numbers_from_words(tokens))
    return [t for t in tokens if t not in ARTICLES]


def normalise_answer(text: str) -> str:
    """A short answer folded for comparison: case, accents, punctuation, control characters,
    "a"/"an"/"the", ordinal endings ("8th"), the form of a date with a month name ("March 8" ->
    "8 march") and of a number ("90,000", "90 000", "90 thousand", "ninety thousand" ->
    "90000") do not count. Returns the folded words joined by single spaces."""
    return " ".join(_tokens(text))


# --- Comparing -------------------------------------------------------------------------------


def typo_distance(a: str, b: str) -> int:
    """The Damerau–Levenshtein distance (optimal string alignment) between ``a`` and ``b``: how
    many letters to change, add, remove or swap with a neighbour. Capped at 2 (enough to tell
    "one typo" from "more")."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > 1:
        return 2
    before, row = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
        if min(row) > 1:
            return 2
    return min(row[-1], 2)


def _same_word(given: str, wanted: str) -> bool:
    """Whether ``given`` is ``wanted``, forgiving one typo in a word of 5+ letters (never in a
    number)."""
    if given == wanted:
        return True
    return (
        len(wanted) >= 5
        and wanted.isalpha()
        and given.isalpha()
        and len(given) <= 40
        and typo_distance(given, wanted) <= 1
    )


def _same_words(given: list[str], wanted: list[str]) -> bool:
    return len(given) == len(wanted) and all(map(_same_word, given, wanted))


def _negated(tokens: list[str], at: int) -> bool:
    """Whether the words at ``at`` follow "not"/"never"… ("not a priest"; "not only" is no
    negation)."""
    one = tokens[at - 1] if at >= 1 else ""
    two = tokens[at - 2] if at >= 2 else ""
    return one in NEGATIONS or (two in NEGATIONS and one not in ("only", "just"))


def _find(tokens: list[str], phrase: list[str]) -> bool:
    """Whether ``phrase`` stands in ``tokens`` as whole words, not negated."""
    width = len(phrase)
    return any(
        _same_words(tokens[at : at + width], phrase) and not _negated(tokens, at)
        for at in range(len(tokens) - width + 1)
    )


def _numbers(tokens: list[str]) -> tuple[set[str], set[str], set[str]]:
    """The dates ("8 march"), years and other numbers in ``tokens``."""
    dates, years, plain = set(), set(), set()
    for at, token in enumerate(tokens):
        if not token.isdecimal():
            continue
        if _is_day(token) and at + 1 < len(tokens) and tokens[at + 1] in MONTH_NUMBERS:
            dates.add(f"{int(token)} {tokens[at + 1]}")
        elif _is_year(token):
            years.add(token)
        else:
            plain.add(str(int(token)) if len(token) < 30 else token)
    return dates, years, plain


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
        return _tokens(text, group_digits)

    accepted = [words(a) for a in question["accept"]]
    groups = [
        [[words(alt) for alt in item.split("|")] for item in group]
        for group in question.get("keywords", [])
    ]
    names = [words(n) for n in question.get("names", [])]
    key_dates, key_years, key_plain = _numbers(
        [w for group in groups for item in group for alt in item for w in alt + [""]]
    )
    dates, years, plain = set(key_dates), set(key_years), set(key_plain)
    for words_ in accepted:
        more_dates, more_years, more_plain = _numbers(words_)
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
    dates, years, plain = _numbers(tokens)
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
    return [any(_find(tokens, alt) for alt in item) for item in group]


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
    if not _tokens(text):
        return Grade(False, BLANK_MESSAGE, graded=False)
    right = Grade(True, f"Yes — the full answer: {correct_answer_text(question)}")
    problems: list[str] = []
    partial: tuple[int, list[str], list[str]] | None = None
    for group_digits in (True, False):  # "90 000" is one number; "133 166" may be two
        tokens, rules = _tokens(text, group_digits), _rules(question, group_digits)
        if any(_same_words(tokens, accepted) for accepted in rules.accepted):
            return right
        problem = _number_problem(tokens, rules)
        surname = any(_find(tokens, s) for s in rules.surnames)
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
    if _rules(question, True).dates is not None and _NUMERIC_DATE.search(text):
        return (
            "Write the month as a word, like “1 May” or “May 1”, "
            "so that nobody mixes up the day and the month."
        )
    hint = question.get("hint", "")
    said = [t for t in _tokens(text) if t not in FILLER]
    prompt = set(_tokens(question.get("prompt", "")))
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
