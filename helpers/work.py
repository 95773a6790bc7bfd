"""A student's work beside the annotations: written answers and self-check attempts.

Both reach the teacher in the hand-in file (``helpers.formats.work``) and are read back by
``collect``. Each is checked like an annotation: a valid name, a question id, text without
control characters, real UTC times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from helpers.annotations import check_time, validate_annotator
from helpers.errors import AnnotationError
from helpers.fields import check_text

MAX_ANSWER = 10_000
_QUESTION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$")


def check_question_id(value: Any) -> str:
    """A question id: letters, digits and ``_ . : -``, at most 100 characters."""
    if not isinstance(value, str) or not _QUESTION_ID.match(value):
        raise AnnotationError(
            "question_id", value, "an id such as 'lede-read-1'", "is not a question id"
        )
    return value


def check_name(annotator: str) -> str:
    """A student's name as the store keeps it (``validate_annotator``, no spaces at either
    end)."""
    if validate_annotator(annotator) != annotator:
        raise AnnotationError("annotator", annotator, "a name", "has spaces at either end")
    return annotator


@dataclass(frozen=True)
class Answer:
    """A written answer to one question (the latest text the student typed)."""

    annotator: str
    question_id: str
    text: str
    modified: str

    def check(self) -> Answer:
        """Raise ``AnnotationError`` for a bad field; returns the answer."""
        check_name(self.annotator)
        check_question_id(self.question_id)
        check_text("text", self.text, MAX_ANSWER)
        check_time("modified", self.modified)
        return self


@dataclass(frozen=True)
class Attempt:
    """One try at a self-check question, and whether it was right."""

    annotator: str
    question_id: str
    answer: str
    correct: bool
    created: str

    def check(self) -> Attempt:
        """Raise ``AnnotationError`` for a bad field; returns the attempt."""
        check_name(self.annotator)
        check_question_id(self.question_id)
        check_text("answer", self.answer, MAX_ANSWER)
        if not isinstance(self.correct, bool):
            raise AnnotationError("correct", self.correct, "true or false", "is not true or false")
        check_time("created", self.created)
        return self


#: What a search event records: a query typed, a result opened, a source used as evidence.
SEARCH_KINDS = ("query", "open", "evidence")
MAX_QUERY = 500


@dataclass(frozen=True)
class SearchEvent:
    """One step of a student's lateral reading: a query typed, a result opened, or a source
    used as evidence (``source_id`` names the source; ``part`` the lesson's part)."""

    annotator: str
    kind: str
    query: str
    source_id: str
    part: str
    created: str

    def check(self) -> SearchEvent:
        """Raise ``AnnotationError`` for a bad field; returns the event."""
        check_name(self.annotator)
        if self.kind not in SEARCH_KINDS:
            raise AnnotationError(
                "kind", self.kind, ", ".join(SEARCH_KINDS), "is not a search step"
            )
        check_text("query", self.query, MAX_QUERY)
        check_text("source_id", self.source_id, 100)
        check_text("part", self.part, 100)
        check_time("created", self.created)
        return self
