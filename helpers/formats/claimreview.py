"""schema.org ClaimReview: the annotations that carry a verdict, as fact-checkers publish them.

The verdict is the ``reviewRating``; the ``note`` field (if the scheme has one) the
``reviewBody``; the ``citation`` part of the ``evidence`` field the ``citation``. Every other
scheme field is kept as ``nc:<fieldName>`` (camelCase), the rest of the evidence as
``nc:evidence``, the target as ``nc:`` properties, so an import gives back the same annotation.
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
VERDICT, REVIEW_BODY, CITATION = "verdict", "note", ("evidence", "citation")


def _scheme() -> Scheme:
    from helpers.scheme import load_scheme

    return load_scheme()


def _property(name: str) -> str:
    head, *rest = name.split("_")
    return "nc:" + head + "".join(word.capitalize() for word in rest)


def _others(scheme: Scheme) -> list[Field]:
    """Scheme fields kept as nc: properties (all but the verdict and the review body)."""
    return [f for f in scheme.table if f.name not in (VERDICT, REVIEW_BODY)]


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
    if ann.values.get(REVIEW_BODY):
        doc["reviewBody"] = ann.values[REVIEW_BODY]
    parts_field, citation = CITATION
    if (ann.values.get(parts_field) or {}).get(citation):
        doc["citation"] = ann.values[parts_field][citation]
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
            value = {k: v for k, v in value.items() if (fld.name, k) != CITATION}
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
    if REVIEW_BODY in values:
        values[REVIEW_BODY] = item.get("reviewBody", "")
    for fld in _others(scheme):
        value = item.get(_property(fld.name), values[fld.name])
        if fld.kind == "choices" and isinstance(value, list):
            value = tuple(value)
        elif fld.kind == "parts":
            if not isinstance(value, dict):
                raise AnnotationError(_property(fld.name), value, "an object", "is not an object")
            value = {**fld.default(), **value}
        values[fld.name] = value
    parts_field, citation = CITATION
    if isinstance(values.get(parts_field), dict):
        values[parts_field][citation] = item.get("citation", "")
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
