"""The target of an annotation: which words of the article it marks.

``locate`` finds a quote inside a sentence; ``check_target`` checks a record's target fields
(part, sentence id, offsets, quote, prefix and suffix), against the article when it is given.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from helpers.errors import AnnotationError, ArticleError, show
from helpers.fields import is_int

if TYPE_CHECKING:
    from helpers.article import Article

_SENTENCE_RE = re.compile(r"^[a-z][a-z0-9-]*-[1-9][0-9]*$")
MAX_CONTEXT = 1000  # prefix / suffix length when no article is at hand
OFFSET_HINT = {
    "start": "a whole number: where the quote starts in the article",
    "end": "a whole number: where the quote ends in the article",
}


def locate(article: Article, sentence_id: str, quote: str | None):
    """``(start, end, sentence)`` of ``quote`` inside a sentence (whole sentence if None)."""
    try:
        sentence = article.sentence(sentence_id)
    except ArticleError as exc:
        raise TargetError(
            "sentence_id", sentence_id, exc.allowed, "is not a sentence of the article"
        ) from exc
    if quote is None:
        return sentence.start, sentence.end, sentence
    if not isinstance(quote, str):
        raise TargetError("quote", quote, "text copied from the sentence", "is not text")
    try:
        start, end = article.find(quote, within=sentence.id)
    except ArticleError as exc:
        problem = {
            "ambiguous": f"occurs more than once in sentence {sentence.id}",
            "empty": "is empty",
        }.get(exc.kind, f"does not occur in sentence {sentence.id}")
        raise TargetError("quote", quote, exc.allowed, problem) from exc
    return start, end, sentence


class TargetError(AnnotationError, ArticleError):
    """A quote or sentence id that is not in the article: catchable as either error type."""

    def __init__(self, field: str, value: Any, allowed: str, problem: str):
        AnnotationError.__init__(self, field, value, allowed, problem)
        self.kind, self.text = field, self.args[0]

    def _clone(self) -> TargetError:
        return TargetError(self.field, self.value, self.allowed, self.problem)

    _message = AnnotationError._message


def check_target(ann, article: Article | None) -> None:
    """Raise ``AnnotationError`` unless the record's target fields are consistent (and match
    ``article`` when given)."""
    from helpers.article import PART_IDS

    parts = PART_IDS if article is None else article.part_ids
    if ann.part not in parts:
        raise AnnotationError("part", ann.part, ", ".join(parts), "is not a part")
    if not isinstance(ann.sentence_id, str) or not _SENTENCE_RE.match(ann.sentence_id):
        raise AnnotationError(
            "sentence_id",
            ann.sentence_id,
            "a sentence id such as 'alliance-3'",
            "is not a sentence id",
        )
    if not ann.sentence_id.startswith(ann.part + "-"):
        raise AnnotationError(
            "sentence_id",
            ann.sentence_id,
            f"a sentence of part {ann.part!r}, such as '{ann.part}-1'",
            f"is not in part {ann.part!r}",
        )
    for name in ("start", "end"):
        value = getattr(ann, name)
        if not is_int(value):
            raise AnnotationError(name, value, OFFSET_HINT[name], "is not a whole number")
        if value < 0:
            raise AnnotationError(name, value, "0 or more", "is negative")
    if not isinstance(ann.quote, str) or not ann.quote:
        problem = "is empty" if ann.quote == "" else "is not text"
        raise AnnotationError("quote", ann.quote, "the exact words marked in the article", problem)
    if ann.end <= ann.start:
        raise AnnotationError(
            "end", ann.end, f"a number greater than start ({ann.start})", "is not after start"
        )
    if ann.end - ann.start != len(ann.quote):
        raise AnnotationError(
            "quote",
            ann.quote,
            f"exactly end - start = {ann.end - ann.start} characters, the text at the offsets",
            f"has {len(ann.quote)} characters, which does not fit its offsets",
        )
    for name in ("prefix", "suffix"):
        value = getattr(ann, name)
        if not isinstance(value, str) or len(value) > MAX_CONTEXT:
            problem = "is not text" if not isinstance(value, str) else "is too long"
            raise AnnotationError(name, value, f"text of at most {MAX_CONTEXT} characters", problem)
    if article is not None:
        _check_against_article(ann, article)


def _check_against_article(ann, article: Article) -> None:
    text = article.text
    try:
        sentence = article.sentence(ann.sentence_id)
    except ArticleError as exc:
        raise AnnotationError(
            "sentence_id", ann.sentence_id, exc.allowed, "is not a sentence of the article"
        ) from None
    if ann.end > len(text):
        raise AnnotationError(
            "end",
            ann.end,
            f"at most {len(text)} (the length of the article)",
            "is outside the text",
        )
    if not (sentence.start <= ann.start and ann.end <= sentence.end):
        raise AnnotationError(
            "start",
            ann.start,
            f"offsets inside sentence {sentence.id}, from {sentence.start} to {sentence.end}",
            f"with end {ann.end} is outside sentence {sentence.id}",
        )
    actual = text[ann.start : ann.end]
    if actual != ann.quote:
        raise AnnotationError(
            "quote",
            ann.quote,
            f"the text at [{ann.start}, {ann.end}): {show(actual)}",
            "does not match the article at its offsets",
        )
    before = text[max(0, ann.start - len(ann.prefix)) : ann.start]
    if before != ann.prefix:
        raise AnnotationError(
            "prefix",
            ann.prefix,
            f"the text just before the quote: {show(before)}",
            "does not match the article",
        )
    after = text[ann.end : ann.end + len(ann.suffix)]
    if after != ann.suffix:
        raise AnnotationError(
            "suffix",
            ann.suffix,
            f"the text just after the quote: {show(after)}",
            "does not match the article",
        )
