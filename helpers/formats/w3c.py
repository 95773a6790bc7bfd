"""W3C Web Annotation (JSON-LD): the hand-in format.

One Annotation per record; every field survives the round trip:

* ``id`` ``urn:uuid:<id>``; ``creator`` a Person whose ``name`` is the annotator; ``created``,
  ``modified``; ``motivation`` ``classifying``.
* ``target``: ``source`` the article address, ``nc:articleVersion`` its sha256, ``nc:part``,
  ``nc:sentence``, and a TextQuoteSelector (exact, prefix, suffix) plus TextPositionSelector.
* ``body``: TextualBody values, each with the ``purpose`` its field declares in the scheme and
  ``nc:field`` naming the field (``evidence.citation`` for a part): one body per choice, per
  text that is not empty, per part that is not empty. A ``scale`` field is a property of the
  annotation (``nc:confidence``).
* ``nc:`` is this project's namespace, ``urn:news-claims:``, declared in each item's @context.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as url_quote

from helpers.annotations import Annotation, validate
from helpers.errors import AnnotationError
from helpers.fields import PURPOSES
from helpers.formats.files import dump_json, need, single, urn_uuid, write_text

if TYPE_CHECKING:
    from helpers.article import Article
    from helpers.scheme import Scheme

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
NS = "urn:news-claims:"
NS_CONTEXT = {"nc": NS}
ITEM_CONTEXT = [W3C_CONTEXT, NS_CONTEXT]


def annotator_iri(annotator: str) -> str:
    return f"{NS}annotator:{url_quote(annotator, safe='')}"


def _bodies(ann: Annotation, scheme: Scheme) -> list[dict]:
    bodies = []

    def body(name: str, purpose: str, value: str) -> None:
        bodies.append({"type": "TextualBody", "purpose": purpose, "value": value, "nc:field": name})

    for fld in scheme.table:
        value = ann.values.get(fld.name)
        if fld.kind == "choice" and value is not None:
            body(fld.name, fld.purpose, value)
        elif fld.kind == "choices":
            for item in value:
                body(fld.name, fld.purpose, item)
        elif fld.kind == "text" and value:
            body(fld.name, fld.purpose, value)
        elif fld.kind == "parts":
            for part in fld.parts:
                if value.get(part.id):
                    body(f"{fld.name}.{part.id}", part.purpose, value[part.id])
    return bodies


def annotation_to_w3c(ann: Annotation, article: Article, scheme: Scheme | None = None) -> dict:
    """One annotation as a standalone W3C Web Annotation (JSON-LD dict)."""
    scheme = scheme or _scheme()
    doc = {
        "@context": list(ITEM_CONTEXT),
        "id": f"urn:uuid:{ann.id}",
        "type": "Annotation",
        "motivation": "classifying",
        "created": ann.created,
        "modified": ann.modified,
        "creator": {
            "id": annotator_iri(ann.annotator),
            "type": "Person",
            "name": ann.annotator,
            "nickname": ann.annotator,
        },
        "body": _bodies(ann, scheme),
        "target": {
            "type": "SpecificResource",
            "source": article.metadata["url"],
            "nc:articleVersion": ann.article_version,
            "nc:part": ann.part,
            "nc:sentence": ann.sentence_id,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": ann.quote,
                    "prefix": ann.prefix,
                    "suffix": ann.suffix,
                },
                {"type": "TextPositionSelector", "start": ann.start, "end": ann.end},
            ],
        },
    }
    for fld in scheme.of_kind("scale"):
        if ann.values.get(fld.name) is not None:
            doc[f"nc:{fld.name}"] = ann.values[fld.name]
    return doc


def to_w3c(annotations: list[Annotation], article: Article, scheme: Scheme | None = None) -> dict:
    """The submission document: an AnnotationCollection with its one page of items, in order."""
    scheme = scheme or _scheme()
    anns = list(annotations)
    key = article.version + "".join(a.id for a in anns)
    coll_id = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, NS + key)}"
    meta = article.metadata
    return {
        "@context": W3C_CONTEXT,
        "id": coll_id,
        "type": "AnnotationCollection",
        "label": f"Claim annotations of “{meta.get('title', '')}” "
        f"({meta.get('outlet', '')}, {meta.get('date', '')})",
        "total": len(anns),
        "first": {
            "id": f"{coll_id}#page-1",
            "type": "AnnotationPage",
            "partOf": coll_id,
            "startIndex": 0,
            "items": [annotation_to_w3c(a, article, scheme) for a in anns],
        },
    }


def write_w3c(
    annotations: list[Annotation], path: str | Path, article: Article, overwrite: bool = False
) -> Path:
    """Write the W3C submission file (JSON-LD). FileExistsError unless ``overwrite``."""
    return write_text(path, dump_json(to_w3c(annotations, article)), overwrite)


def _scheme() -> Scheme:
    from helpers.scheme import load_scheme

    return load_scheme()


class _BodyFields:
    """Where a body's value goes: ``nc:field`` -> (field, part), and guesses for bodies made by
    other tools (no ``nc:field``), from their purpose. Built once per scheme."""

    def __init__(self, scheme: Scheme):
        self.scheme = scheme
        self.table = scheme.table
        self.lists = tuple(f.name for f in scheme.of_kind("choices"))
        self.scales = tuple((f.name, f"nc:{f.name}") for f in scheme.of_kind("scale"))
        self.targets: dict[str, tuple] = {}
        for fld in scheme.table:
            if fld.kind == "parts":
                for part in fld.parts:
                    self.targets[f"{fld.name}.{part.id}"] = (fld, part.id)
            elif fld.kind != "scale":
                self.targets[fld.name] = (fld, None)
        self.by_purpose: dict[str, str] = {}
        order = ("choices", "choice", "text", "parts")  # text before parts for 'commenting'
        for kind in order:
            for name, (fld, part) in self.targets.items():
                if fld.kind == kind:
                    purpose = fld.purpose if part is None else _part(fld, part).purpose
                    self.by_purpose.setdefault(purpose, name)

    def guess(self, body: dict) -> str | None:
        purpose = body.get("purpose")
        if purpose == "classifying":
            for fld in self.scheme.of_kind("choice"):
                if fld.purpose == purpose and body["value"] in fld.id_set:
                    return fld.name
        return self.by_purpose.get(purpose)


def _part(fld, part_id):
    return next(p for p in fld.parts if p.id == part_id)


_BODY_FIELDS: dict[int, _BodyFields] = {}


def _body_fields(scheme: Scheme) -> _BodyFields:
    found = _BODY_FIELDS.get(id(scheme))
    if found is None or found.scheme is not scheme:
        found = _BODY_FIELDS[id(scheme)] = _BodyFields(scheme)
    return found


def has_w3c_context(context: Any) -> bool:
    """True if a JSON-LD ``@context`` is, or lists, the W3C annotation context."""
    return context == W3C_CONTEXT or (isinstance(context, list) and W3C_CONTEXT in context)


def w3c_to_annotation(
    item: Any, article: Article, scheme: Scheme | None = None, context: Any = W3C_CONTEXT
) -> Annotation:
    """One W3C annotation (a dict) back into a validated Annotation. ``context`` is the
    ``@context`` of the document around it (an item may also carry its own)."""
    scheme = scheme or _scheme()
    if not isinstance(item, dict):
        raise AnnotationError("record", item, "a JSON object", "is not an annotation")
    if not has_w3c_context(item.get("@context", context)):
        raise AnnotationError(
            "@context", item.get("@context", context), repr(W3C_CONTEXT),
            "is missing or is not the W3C annotation context",
        )
    types = item.get("type")
    if "Annotation" not in (types if isinstance(types, list) else [types]):
        raise AnnotationError("type", types, "'Annotation'", "is not an annotation type")
    motivations = item.get("motivation", [])
    for motivation in motivations if isinstance(motivations, list) else [motivations]:
        if motivation not in PURPOSES:
            raise AnnotationError(
                "motivation", motivation, ", ".join(PURPOSES), "is not a W3C motivation"
            )
    ann_id = urn_uuid(item.get("id"))
    creator = single(item.get("creator"))
    if not isinstance(creator, dict) or not isinstance(creator.get("name"), str):
        raise AnnotationError(
            "creator", creator, "a Person with a name (the annotator)", "has no name"
        )
    target = single(item.get("target"))
    if not isinstance(target, dict):
        raise AnnotationError(
            "target", target, "an object with a source and selectors", "is not an object"
        )
    source = target.get("source")
    if source != article.metadata["url"]:
        raise AnnotationError(
            "target.source", source, article.metadata["url"], "is not the address of this article"
        )
    version = need(target, "nc:articleVersion", "article_version", "the sha256 of the article")
    selectors = target.get("selector")
    selectors = selectors if isinstance(selectors, list) else [selectors]
    quote_selector = position = None
    for selector in selectors:
        if isinstance(selector, dict):
            kind = selector.get("type")
            if kind == "TextQuoteSelector" and quote_selector is None:
                quote_selector = selector
            elif kind == "TextPositionSelector" and position is None:
                position = selector
    if quote_selector is None or position is None:
        raise AnnotationError(
            "target.selector",
            selectors,
            "a TextQuoteSelector and a TextPositionSelector",
            "lacks one of the two selectors",
        )
    start = need(position, "start", "start", "a whole number", int)
    end = need(position, "end", "end", "a whole number", int)
    sentence_id, part = target.get("nc:sentence"), target.get("nc:part")
    if sentence_id is None:
        sentence = article.sentence_at(start) if 0 <= start < len(article.text) else None
        sentence_id, part = (sentence.id, sentence.part) if sentence else (None, None)
    ann = Annotation(
        _values_from_bodies(item, scheme),
        id=ann_id,
        article_version=version,
        part=part,
        sentence_id=sentence_id,
        quote=need(quote_selector, "exact", "quote", "the exact words marked"),
        start=start,
        end=end,
        prefix=quote_selector.get("prefix", ""),
        suffix=quote_selector.get("suffix", ""),
        annotator=creator["name"],
        created=item.get("created"),
        modified=item.get("modified", item.get("created")),
    )
    return validate(ann, article, scheme)


def _values_from_bodies(item: dict, scheme: Scheme) -> dict:
    fields = _body_fields(scheme)
    values = {f.name: f.default() for f in fields.table}
    lists: dict[str, list] = {name: [] for name in fields.lists}
    seen: set[str] = set()
    bodies = item.get("body", [])
    for number, body in enumerate(bodies if isinstance(bodies, list) else [bodies], 1):
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            raise AnnotationError(
                f"body {number}", body, "a TextualBody with a text value", "is not a text body"
            )
        name = body.get("nc:field") or fields.guess(body)
        target = fields.targets.get(name)
        if target is None:
            raise AnnotationError(
                f"body {number} nc:field",
                name,
                ", ".join(fields.targets),
                "is not a field of an annotation",
            )
        fld, part = target
        if fld.kind == "choices":
            lists[fld.name].append(body["value"])
            continue
        if name in seen:
            raise AnnotationError(name, body["value"], "one value", "is given twice")
        seen.add(name)
        if part is not None:
            values[fld.name][part] = body["value"]
        else:
            values[fld.name] = body["value"]
    for name, items in lists.items():
        values[name] = tuple(items)
    for name, key in fields.scales:
        values[name] = item.get(key)
    return values


def w3c_items(doc: Any) -> list:
    """The annotation items of a submission document (collection, page, list or one)."""
    if isinstance(doc, list):
        return doc
    if not isinstance(doc, dict):
        raise AnnotationError(
            "file",
            doc,
            "an AnnotationCollection, AnnotationPage or list",
            "is not a W3C annotation document",
        )
    kind = doc.get("type")
    if kind == "AnnotationCollection":
        first = doc.get("first")
        if not isinstance(first, dict):
            raise AnnotationError(
                "first",
                first,
                "the first page written inside the file",
                "is not an embedded AnnotationPage",
            )
        doc, kind = first, first.get("type")
    if kind == "AnnotationPage":
        items = doc.get("items")
        if not isinstance(items, list):
            raise AnnotationError("items", items, "a list of annotations", "is not a list")
        return items
    if kind == "Annotation":
        return [doc]
    raise AnnotationError(
        "type",
        kind,
        "AnnotationCollection, AnnotationPage or Annotation",
        "is not a W3C annotation document type",
    )
