"""Written answers, self-check attempts and search steps in the W3C hand-in file.

Each is a W3C Annotation in the same collection as the claim annotations:

* a written answer: ``motivation`` ``replying``, one TextualBody (purpose ``replying``) with the
  text, ``modified`` the time it was last typed;
* a self-check attempt: ``motivation`` ``assessing``, one TextualBody (purpose ``assessing``) with
  the answer given, ``nc:correct`` true or false, ``created`` the time of the try.

The target of both is the question, ``urn:news-claims:question:<question id>`` (with
``nc:question`` giving the id alone). A search step (a query typed, a result opened, a source
used as evidence) is a ``bookmarking`` annotation whose target is ``urn:news-claims:search`` with
``nc:search`` (the kind of step), ``nc:source`` and ``nc:part``. Ids are stable: an answer's
id comes from the student and the question (one answer each), an attempt's from the student,
question and time.

Which article: a hand-in written for an article (``handin_document(..., article=...)``, as the
hand-in button writes them) carries the article in every item, as annotations do: the target's
``source`` is the article's address and ``nc:articleVersion`` its sha256 (``work_article``
reads them back). An item without them (a hand-in from before there was more than one article)
is about the unit's own article. Another article's ids also name the article.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from helpers.errors import AnnotationError
from helpers.formats.files import single
from helpers.formats.w3c import ITEM_CONTEXT, NS, annotator_iri
from helpers.work import Answer, Attempt, SearchEvent

if TYPE_CHECKING:
    from helpers.article import Article

QUESTION = f"{NS}question:"
SEARCH = f"{NS}search"
MOTIVATIONS = {"replying": "answer", "assessing": "attempt"}


def _id(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, NS + '/'.join(parts))}"


def _item(kind: str, annotator: str, question_id: str, value: str, when: dict, key: str) -> dict:
    return {
        "@context": list(ITEM_CONTEXT),
        "id": _id(kind, annotator, question_id, key),
        "type": "Annotation",
        "motivation": kind,
        **when,
        "creator": {
            "id": annotator_iri(annotator),
            "type": "Person",
            "name": annotator,
            "nickname": annotator,
        },
        "body": [{"type": "TextualBody", "purpose": kind, "value": value}],
        "target": {"id": QUESTION + question_id, "type": "Text", "nc:question": question_id},
    }


def answer_to_w3c(answer: Answer) -> dict:
    """A written answer as a W3C Annotation (JSON-LD dict)."""
    when = {"created": answer.modified, "modified": answer.modified}
    return _item("replying", answer.annotator, answer.question_id, answer.text, when, "")


def attempt_to_w3c(attempt: Attempt) -> dict:
    """A self-check attempt as a W3C Annotation (JSON-LD dict)."""
    doc = _item(
        "assessing",
        attempt.annotator,
        attempt.question_id,
        attempt.answer,
        {"created": attempt.created},
        attempt.created,
    )
    doc["nc:correct"] = attempt.correct
    return doc


def search_to_w3c(event: SearchEvent) -> dict:
    """One step of a student's search as a W3C Annotation (motivation ``bookmarking``)."""
    key = "/".join((event.kind, event.query, event.source_id, event.created))
    doc = _item("bookmarking", event.annotator, "", event.query or event.source_id, {}, key)
    doc["created"] = event.created
    doc["target"] = {
        "id": SEARCH,
        "type": "Text",
        "nc:search": event.kind,
        "nc:source": event.source_id,
        "nc:part": event.part,
    }
    return doc


def work_kind(item: Any) -> str | None:
    """'answer', 'attempt' or 'search' for a student-work item, None for anything else (an
    annotation)."""
    if not isinstance(item, dict):
        return None
    motivation = item.get("motivation")
    target = single(item.get("target"))
    if isinstance(target, dict) and "nc:question" in target:
        return MOTIVATIONS.get(motivation if isinstance(motivation, str) else None)
    if isinstance(target, dict) and "nc:search" in target and motivation == "bookmarking":
        return "search"
    return None


def w3c_to_work(item: dict) -> Answer | Attempt | SearchEvent:
    """A student-work item back into a checked ``Answer``, ``Attempt`` or ``SearchEvent``."""
    kind = work_kind(item)
    creator = single(item.get("creator"))
    if not isinstance(creator, dict) or not isinstance(creator.get("name"), str):
        raise AnnotationError("creator", creator, "a Person with a name", "has no name")
    bodies = item.get("body")
    body = single(bodies) if isinstance(bodies, list) else bodies
    if not isinstance(body, dict) or not isinstance(body.get("value"), str):
        raise AnnotationError("body", bodies, "one TextualBody with a text value", "is wrong")
    target = single(item.get("target"))
    name, value = creator["name"], body["value"]
    if kind == "search":
        step = target.get("nc:search")
        query = value if step == "query" else ""
        source, part = target.get("nc:source", ""), target.get("nc:part", "")
        return SearchEvent(name, step, query, source, part, item.get("created")).check()
    question_id = target.get("nc:question")
    if kind == "answer":
        return Answer(name, question_id, value, item.get("modified")).check()
    return Attempt(name, question_id, value, item.get("nc:correct"), item.get("created")).check()


#: A pair or a trio on one laptop hands in one file with all their names.
MAX_NAMES = 3


def check_names(names: Any) -> list[str]:
    """The names of who handed a file in: 1 to 3 distinct valid names."""
    from helpers.annotations import validate_annotator

    if not isinstance(names, list) or not 1 <= len(names) <= MAX_NAMES:
        raise AnnotationError(
            "nc:handedInBy", names, f"a list of 1 to {MAX_NAMES} names", "is wrong"
        )
    checked = [validate_annotator(name) for name in names]
    if len(set(checked)) != len(checked):
        raise AnnotationError("nc:handedInBy", names, "each name once", "names someone twice")
    return checked


def work_article(item: dict) -> tuple[str | None, str | None]:
    """The article address and version a student-work item names (None, None: none, the unit's
    own article)."""
    target = single(item.get("target"))
    if not isinstance(target, dict):
        return None, None
    return target.get("source"), target.get("nc:articleVersion")


def _about(item: dict, article: Article | None) -> dict:
    """``item`` with the article in its target (and in its id, for another article)."""
    if article is None:
        return item
    item["target"]["source"] = article.metadata["url"]
    item["target"]["nc:articleVersion"] = article.version
    if not article.is_default:
        item["id"] = _id(article.name, item["id"])
    return item


def handin_document(
    doc: dict,
    answers: list[Answer],
    attempts: list[Attempt],
    names: list[str],
    searches: list[SearchEvent] = (),
    article: Article | None = None,
) -> dict:
    """The W3C collection ``doc`` (from ``to_w3c``) with the written answers, self-check
    attempts and search steps added to its items, and who handed it in (``nc:handedInBy``).
    With ``article``, every one of them names the article (see the module's text)."""
    items = doc["first"]["items"]
    items += [_about(answer_to_w3c(a), article) for a in answers]
    items += [_about(attempt_to_w3c(a), article) for a in attempts]
    items += [_about(search_to_w3c(s), article) for s in searches]
    doc["total"] = len(items)
    if names:
        doc["@context"] = [doc["@context"], {"nc": NS}]
        doc["nc:handedInBy"] = check_names(list(names))
    return doc
