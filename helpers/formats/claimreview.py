"""schema.org ClaimReview: the annotations that carry a verdict, as fact-checkers publish them.

The verdict is the ``reviewRating``. The ``reviewBody`` is the ``note`` field when the scheme
has one (the full scheme), else the ``evidence`` field when it is one text ("What I found and
where", the simple scheme). The ``citation`` is the ``citation`` part of a ``parts`` evidence
field, or a text evidence field the review body does not already hold. Every other scheme field
is kept as ``nc:<fieldName>`` (camelCase), the rest of the evidence as ``nc:evidence``, the target
as ``nc:`` properties, so an import gives back the same annotation.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.annotations import Annotation, validate
from helpers.errors import AnnotationError, ArticleError
from helpers.formats.files import dump_json, need, single, urn_uuid, write_text
from helpers.formats.w3c import NS_CONTEXT

if TYPE_CHECKING:
    from helpers.article import Article
    from helpers.fields import Field
    from helpers.scheme import Scheme

SCHEMA_CONTEXT = "https://schema.org"
VERDICT, NOTE, EVIDENCE, CITATION_PART = "verdict", "note", "evidence", "citation"


def _scheme() -> Scheme:
    from helpers.scheme import load_scheme

    return load_scheme()


def _property(name: str) -> str:
    head, *rest = name.split("_")
    return "nc:" + head + "".join(word.capitalize() for word in rest)


def _roles(scheme: Scheme) -> tuple[str | None, tuple[str, str | None] | None]:
    """The field that is the ``reviewBody`` (None: none) and the ``(field, part)`` that is the
    ``citation`` (part None: the whole text field; None: none), for this scheme."""
    texts = {f.name for f in scheme.of_kind("text")}
    body = NOTE if NOTE in texts else EVIDENCE if EVIDENCE in texts else None
    evidence = scheme.by_name.get(EVIDENCE)
    if evidence is not None and evidence.kind == "parts" and CITATION_PART in evidence.part_set:
        return body, (EVIDENCE, CITATION_PART)
    return body, ((EVIDENCE, None) if EVIDENCE in texts and body != EVIDENCE else None)


def _others(scheme: Scheme) -> list[Field]:
    """Scheme fields kept as nc: properties (all but the verdict, the review body and a whole
    text citation)."""
    body, citation = _roles(scheme)
    whole = citation[0] if citation and citation[1] is None else None
    return [f for f in scheme.table if f.name not in (VERDICT, body, whole)]


def annotation_to_claimreview(ann: Annotation, article: Article, scheme: Scheme | None = None):
    """One annotation that has a verdict as a schema.org ClaimReview (JSON-LD dict)."""
    scheme = scheme or _scheme()
    if ann.values.get(VERDICT) is None:
        raise AnnotationError(
            VERDICT,
            None,
            ", ".join(scheme.choice_ids(VERDICT)),
            "is empty: a ClaimReview needs a verdict",
        )
    meta = article.metadata
    doc: dict[str, Any] = {
        "@context": [SCHEMA_CONTEXT, NS_CONTEXT],
        "@type": "ClaimReview",
        "@id": f"urn:uuid:{ann.id}",
        "identifier": ann.id,
        "claimReviewed": ann.quote,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": scheme.label(VERDICT, ann.values[VERDICT]),
            "identifier": ann.values[VERDICT],
        },
        "itemReviewed": {
            "@type": "Claim",
            "appearance": {
                "@type": "NewsArticle",
                "url": meta["url"],
                "headline": meta.get("title", ""),
                "datePublished": meta.get("date", ""),
                "publisher": {"@type": "Organization", "name": meta.get("outlet", "")},
            },
        },
        "author": {"@type": "Person", "name": ann.annotator},
        "datePublished": ann.created,
        "dateModified": ann.modified,
    }
    body, citation = _roles(scheme)
    if body and ann.values.get(body):
        doc["reviewBody"] = ann.values[body]
    if citation:
        value = ann.values.get(citation[0])
        cited = value if citation[1] is None else (value or {}).get(citation[1])
        if cited:
            doc["citation"] = cited
    doc.update(
        {
            "nc:articleVersion": ann.article_version,
            "nc:part": ann.part,
            "nc:sentence": ann.sentence_id,
            "nc:start": ann.start,
            "nc:end": ann.end,
            "nc:prefix": ann.prefix,
            "nc:suffix": ann.suffix,
        }
    )
    for fld in _others(scheme):
        value = ann.values.get(fld.name)
        if fld.kind == "choices":
            value = list(value)
        elif fld.kind == "parts":
            value = {k: v for k, v in value.items() if (fld.name, k) != citation}
        if value is not None:
            doc[_property(fld.name)] = value
    return doc


def to_claimreview(annotations: list[Annotation], article: Article) -> list[dict]:
    """ClaimReviews for the annotations that carry a verdict (the others are left out)."""
    scheme = _scheme()
    return [
        annotation_to_claimreview(a, article, scheme) for a in annotations if a.values.get(VERDICT)
    ]


def write_claimreview(
    annotations: list[Annotation], path: str | Path, article: Article, overwrite: bool = False
) -> Path:
    """Write a JSON list of ClaimReviews (only annotations with a verdict)."""
    return write_text(path, dump_json(to_claimreview(annotations, article)), overwrite)


def _verdict(item: dict, scheme: Scheme) -> Any:
    rating = item.get("reviewRating")
    if not isinstance(rating, dict):
        raise AnnotationError(
            "reviewRating", rating, "a Rating with alternateName", "is missing or not an object"
        )
    verdict = rating.get("identifier")
    if verdict is None:
        name = rating.get("alternateName")
        ids = scheme.choice_ids(VERDICT)
        by_label = {scheme.label(VERDICT, i).casefold(): i for i in ids}
        verdict = name if name in ids else by_label.get(str(name).casefold(), name)
    return verdict


def _target(item: dict, article: Article, quote: str) -> dict:
    start, end = item.get("nc:start"), item.get("nc:end")
    if start is None or end is None:
        try:
            start, end = article.find(quote)
        except ArticleError as exc:
            raise AnnotationError(
                "claimReviewed",
                quote,
                "words copied exactly from the article",
                "cannot be found once in the article",
            ) from exc
    sentence, part = item.get("nc:sentence"), item.get("nc:part")
    if sentence is None and isinstance(start, int) and 0 <= start < len(article.text):
        found = article.sentence_at(start)
        sentence, part = found.id, found.part
    whole = isinstance(start, int) and isinstance(end, int)
    prefix, suffix = article.context(start, end) if whole else ("", "")
    return {
        "part": part,
        "sentence_id": sentence,
        "quote": quote,
        "start": start,
        "end": end,
        "prefix": item.get("nc:prefix", prefix),
        "suffix": item.get("nc:suffix", suffix),
    }


def claimreview_to_annotation(
    item: Any, article: Article, scheme: Scheme | None = None
) -> Annotation:
    """A ClaimReview (dict) back into a validated Annotation; offsets are found from the quote
    if absent."""
    scheme = scheme or _scheme()
    if not isinstance(item, dict) or item.get("@type") != "ClaimReview":
        kind = item.get("@type") if isinstance(item, dict) else item
        raise AnnotationError("@type", kind, "'ClaimReview'", "is not a ClaimReview")
    ann_id = item.get("identifier")
    if ann_id is None:
        ann_id = urn_uuid(item.get("@id"), "@id")
    item_reviewed = item.get("itemReviewed")
    appearance = item_reviewed.get("appearance") if isinstance(item_reviewed, dict) else None
    url = appearance.get("url") if isinstance(appearance, dict) else None
    if url != article.metadata["url"]:
        raise AnnotationError(
            "itemReviewed.appearance.url",
            url,
            article.metadata["url"],
            "is not the address of this article",
        )
    values = {f.name: f.default() for f in scheme.table}
    values[VERDICT] = _verdict(item, scheme)
    body, citation = _roles(scheme)
    if body:
        values[body] = item.get("reviewBody", "")
    for fld in _others(scheme):
        value = item.get(_property(fld.name), values[fld.name])
        if fld.kind == "choices" and isinstance(value, list):
            value = tuple(value)
        elif fld.kind == "parts":
            if not isinstance(value, dict):
                raise AnnotationError(_property(fld.name), value, "an object", "is not an object")
            value = {**fld.default(), **value}
        values[fld.name] = value
    if citation and citation[1] is None:
        values[citation[0]] = item.get("citation", "")
    elif citation and isinstance(values.get(citation[0]), dict):
        values[citation[0]][citation[1]] = item.get("citation", "")
    author = single(item.get("author"))
    quote = need(item, "claimReviewed", "quote", "the exact words of the claim")
    ann = Annotation(
        values,
        id=ann_id,
        article_version=item.get("nc:articleVersion", article.version),
        annotator=author.get("name") if isinstance(author, dict) else author,
        created=item.get("datePublished"),
        modified=item.get("dateModified", item.get("datePublished")),
        **_target(item, article, quote),
    )
    return validate(ann, article, scheme)
