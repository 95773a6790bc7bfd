"""Reading a student's short answer the way a teacher would: case, accents, punctuation,
articles, ordinal suffixes, dates with a month name and number formats do not count; typos are
forgiven in longer words but never in numbers. Used by ``helpers.selfcheck`` to grade."""

from __future__ import annotations

import re
import unicodedata


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
NUMERIC_DATE = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\b")


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


def tokens_of(text: str, group_digits: bool = True) -> list[str]:
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
    return " ".join(tokens_of(text))


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


def same_words(given: list[str], wanted: list[str]) -> bool:
    return len(given) == len(wanted) and all(map(_same_word, given, wanted))


def _negated(tokens: list[str], at: int) -> bool:
    """Whether the words at ``at`` follow "not"/"never"… ("not a priest"; "not only" is no
    negation)."""
    one = tokens[at - 1] if at >= 1 else ""
    two = tokens[at - 2] if at >= 2 else ""
    return one in NEGATIONS or (two in NEGATIONS and one not in ("only", "just"))


def find_phrase(tokens: list[str], phrase: list[str]) -> bool:
    """Whether ``phrase`` stands in ``tokens`` as whole words, not negated."""
    width = len(phrase)
    return any(
        same_words(tokens[at : at + width], phrase) and not _negated(tokens, at)
        for at in range(len(tokens) - width + 1)
    )


def numbers_in(tokens: list[str]) -> tuple[set[str], set[str], set[str]]:
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
