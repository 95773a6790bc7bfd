"""Exchange formats: W3C Web Annotation (the hand-in), CSV (spreadsheets), ClaimReview (schema.org).

Every writer refuses to replace an existing file unless ``overwrite=True``. ``read_file`` detects
the format, checks every record (fields, scheme, article version, quote against the text) and
returns the good records together with one ``AnnotationError`` per bad one, naming the file, the
record number, the field, the bad value and what is allowed.

W3C mapping (one Annotation per record; every field survives the round trip):

* ``id`` ``urn:uuid:<id>``; ``creator`` a Person whose ``name`` is the annotator; ``created``,
  ``modified``; ``motivation`` ``classifying``.
* ``target``: ``source`` the article address, ``nc:articleVersion`` its sha256, ``nc:part``,
  ``nc:sentence``, and a TextQuoteSelector (exact, prefix, suffix) plus TextPositionSelector.
* ``body``: TextualBody values, each with a standard ``purpose`` and ``nc:field`` naming the
  scheme field: claim_type and check_worthy (classifying), verdict (assessing), each technique
  (tagging), note (commenting), evidence.citation (linking), the other evidence parts
  (commenting). ``nc:confidence`` sits on the annotation.
* ``nc:`` is this project's namespace, ``urn:news-claims:``, declared in each item's @context.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as url_quote

from helpers.annotations import FLAT_FIELDS, Annotation, AnnotationError, validate

if TYPE_CHECKING:
    from helpers.article import Article
    from helpers.scheme import Scheme
    from helpers.store import AnnotationStore

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SCHEMA_CONTEXT = "https://schema.org"
NS = "urn:news-claims:"
NS_CONTEXT = {"nc": NS}
ITEM_CONTEXT = [W3C_CONTEXT, NS_CONTEXT]
FORMATS = ("w3c", "csv", "claimreview")
MAX_FILE_BYTES = 50 * 1024 * 1024

CSV_COLUMNS = FLAT_FIELDS

# scheme field -> body purpose (W3C motivations)
_PURPOSE = {
    "claim_type": "classifying",
    "check_worthy": "classifying",
    "verdict": "assessing",
    "techniques": "tagging",
    "note": "commenting",
    "evidence.who": "commenting",
    "evidence.original": "commenting",
    "evidence.citation": "linking",
    "evidence.other_sources": "commenting",
}


@dataclass
class ImportResult:
    """What ``read_file`` found: good annotations, and one error per rejected record."""

    annotations: list[Annotation] = field(default_factory=list)
    errors: list[AnnotationError] = field(default_factory=list)
    format: str = ""


@dataclass
class ImportReport:
    """What ``import_file`` did: added, skipped (id already stored) and rejected records."""

    added: list[Annotation] = field(default_factory=list)
    skipped: list[Annotation] = field(default_factory=list)
    errors: list[AnnotationError] = field(default_factory=list)
    format: str = ""


def _default_article() -> Article:
    from helpers.article import load_article

    return load_article()


def _scheme() -> Scheme:
    from helpers.scheme import load_scheme

    return load_scheme()


# -- writing files --------------------------------------------------------------------------------
def _write_text(path: str | Path, text: str, overwrite: bool, encoding: str = "utf-8") -> Path:
    """Write atomically; never replace an existing file unless ``overwrite``."""
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; give a file name to write to.")
    if path.exists() and not overwrite:
        raise FileExistsError(
            f"{path} already exists; nothing was written. "
            "Choose another name, or use --force (overwrite=True) to replace it."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the file appeared meanwhile
            except FileExistsError:
                raise FileExistsError(
                    f"{path} already exists; nothing was written. "
                    "Choose another name, or use --force (overwrite=True) to replace it."
                ) from None
            except OSError:  # file systems without hard links
                if path.exists():
                    raise FileExistsError(f"{path} already exists; nothing was written.") from None
                os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _dump(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# -- W3C Web Annotation ---------------------------------------------------------------------------
def annotator_iri(annotator: str) -> str:
    return f"{NS}annotator:{url_quote(annotator, safe='')}"


def annotation_to_w3c(ann: Annotation, article: Article) -> dict:
    """One annotation as a standalone W3C Web Annotation (JSON-LD)."""
    bodies = []

    def body(fld: str, value: str) -> None:
        bodies.append(
            {"type": "TextualBody", "purpose": _PURPOSE[fld], "value": value, "nc:field": fld}
        )

    body("claim_type", ann.claim_type)
    body("check_worthy", ann.check_worthy)
    if ann.verdict is not None:
        body("verdict", ann.verdict)
    for t in ann.techniques:
        body("techniques", t)
    if ann.note:
        body("note", ann.note)
    for part in ("who", "original", "citation", "other_sources"):
        if ann.evidence.get(part):
            body(f"evidence.{part}", ann.evidence[part])
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
        "body": bodies,
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
    if ann.confidence is not None:
        doc["nc:confidence"] = ann.confidence
    return doc


def to_w3c(annotations: list[Annotation], article: Article) -> dict:
    """The submission document: an AnnotationCollection with its one page of items, in order."""
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
            "items": [annotation_to_w3c(a, article) for a in anns],
        },
    }


def write_w3c(
    annotations: list[Annotation], path: str | Path, article: Article, overwrite: bool = False
) -> Path:
    """Write the W3C submission file (JSON-LD). FileExistsError unless ``overwrite``."""
    return _write_text(path, _dump(to_w3c(annotations, article)), overwrite)


def _need(d: dict, key: str, fld: str, allowed: str, kind: type | tuple = str) -> Any:
    if key not in d:
        raise AnnotationError(fld, allowed=allowed, problem=f"is missing ({key!r} not found)")
    v = d[key]
    if not isinstance(v, kind) or isinstance(v, bool):
        raise AnnotationError(fld, v, allowed, problem="has the wrong type")
    return v


def _urn_uuid(value: Any, fld: str = "id") -> str:
    allowed = "'urn:uuid:' followed by a UUID"
    if not isinstance(value, str) or not value.startswith("urn:uuid:"):
        raise AnnotationError(fld, value, allowed, problem="is not a urn:uuid")
    return value[len("urn:uuid:") :]


def _one(value: Any) -> Any:
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def w3c_to_annotation(item: Any, article: Article, scheme: Scheme | None = None) -> Annotation:
    """One W3C annotation back into an Annotation (validated against the article)."""
    scheme = scheme or _scheme()
    if not isinstance(item, dict):
        raise AnnotationError("record", item, "a JSON object", problem="is not an annotation")
    types = item.get("type")
    if "Annotation" not in (types if isinstance(types, list) else [types]):
        raise AnnotationError("type", types, "'Annotation'", problem="is not an annotation type")
    ann_id = _urn_uuid(item.get("id"))
    creator = _one(item.get("creator"))
    if not isinstance(creator, dict) or not isinstance(creator.get("name"), str):
        raise AnnotationError(
            "creator", creator, "a Person with a name (the annotator)", problem="has no name"
        )
    target = _one(item.get("target"))
    if not isinstance(target, dict):
        raise AnnotationError(
            "target", target, "an object with a source and selectors", problem="is not an object"
        )
    source = target.get("source")
    if source != article.metadata["url"]:
        raise AnnotationError(
            "target.source",
            source,
            article.metadata["url"],
            problem="is not the address of this article",
        )
    version = _need(target, "nc:articleVersion", "article_version", "the sha256 of the article")
    selectors = target.get("selector")
    selectors = selectors if isinstance(selectors, list) else [selectors]
    tqs = next(
        (s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None
    )
    tps = next(
        (s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"),
        None,
    )
    if tqs is None or tps is None:
        raise AnnotationError(
            "target.selector",
            selectors,
            "a TextQuoteSelector and a TextPositionSelector",
            problem="lacks one of the two selectors",
        )
    quote = _need(tqs, "exact", "quote", "the exact words marked")
    prefix = tqs.get("prefix", "")
    suffix = tqs.get("suffix", "")
    start = _need(tps, "start", "start", "a whole number", int)
    end = _need(tps, "end", "end", "a whole number", int)
    sentence_id = target.get("nc:sentence")
    part = target.get("nc:part")
    if sentence_id is None and isinstance(start, int):
        s = article.sentence_at(start) if 0 <= start < len(article.text) else None
        sentence_id, part = (s.id, s.part) if s else (None, None)
    values: dict[str, Any] = {
        "claim_type": None,
        "check_worthy": None,
        "verdict": None,
        "techniques": [],
        "note": "",
        "evidence": dict.fromkeys(scheme.evidence_parts(), ""),
    }
    seen: set[str] = set()
    bodies = item.get("body", [])
    for i, b in enumerate(bodies if isinstance(bodies, list) else [bodies], 1):
        if not isinstance(b, dict) or not isinstance(b.get("value"), str):
            raise AnnotationError(
                f"body {i}", b, "a TextualBody with a text value", problem="is not a text body"
            )
        fld = b.get("nc:field") or _guess_field(b, scheme)
        if fld not in _PURPOSE:
            raise AnnotationError(
                f"body {i} nc:field",
                fld,
                ", ".join(_PURPOSE),
                problem="is not a field of an annotation",
            )
        if fld == "techniques":
            values["techniques"].append(b["value"])
            continue
        if fld in seen:
            raise AnnotationError(fld, b["value"], "one value", problem="is given twice")
        seen.add(fld)
        if fld.startswith("evidence."):
            values["evidence"][fld.split(".", 1)[1]] = b["value"]
        else:
            values[fld] = b["value"]
    ann = Annotation(
        id=ann_id,
        article_version=version,
        part=part,
        sentence_id=sentence_id,
        quote=quote,
        start=start,
        end=end,
        prefix=prefix,
        suffix=suffix,
        claim_type=values["claim_type"],
        check_worthy=values["check_worthy"],
        verdict=values["verdict"],
        techniques=tuple(values["techniques"]),
        evidence=values["evidence"],
        confidence=item.get("nc:confidence"),
        note=values["note"],
        annotator=creator["name"],
        created=item.get("created"),
        modified=item.get("modified", item.get("created")),
    )
    return validate(ann, article, scheme)


def _guess_field(body: dict, scheme: Scheme) -> str | None:
    """The field of a body made by another tool (no nc:field), from its purpose and value."""
    purpose = body.get("purpose")
    if purpose == "classifying":
        for fld in ("claim_type", "check_worthy"):
            if body["value"] in scheme.choice_ids(fld):
                return fld
    return {
        "assessing": "verdict",
        "tagging": "techniques",
        "commenting": "note",
        "linking": "evidence.citation",
    }.get(purpose)


def _w3c_items(doc: Any) -> list:
    """The annotation items of a submission document (collection, page, list or one)."""
    if isinstance(doc, list):
        return doc
    if not isinstance(doc, dict):
        raise AnnotationError(
            "file",
            doc,
            "an AnnotationCollection, AnnotationPage or list",
            problem="is not a W3C annotation document",
        )
    kind = doc.get("type")
    if kind == "AnnotationCollection":
        first = doc.get("first")
        if not isinstance(first, dict):
            raise AnnotationError(
                "first",
                first,
                "the first page written inside the file",
                problem="is not an embedded AnnotationPage",
            )
        doc = first
        kind = doc.get("type")
    if kind == "AnnotationPage":
        items = doc.get("items")
        if not isinstance(items, list):
            raise AnnotationError("items", items, "a list of annotations", problem="is not a list")
        return items
    if kind == "Annotation":
        return [doc]
    raise AnnotationError(
        "type",
        kind,
        "AnnotationCollection, AnnotationPage or Annotation",
        problem="is not a W3C annotation document type",
    )


# -- ClaimReview (schema.org) ---------------------------------------------------------------------
def annotation_to_claimreview(ann: Annotation, article: Article, scheme: Scheme | None = None):
    """One annotation that has a verdict as a schema.org ClaimReview (JSON-LD)."""
    scheme = scheme or _scheme()
    if ann.verdict is None:
        raise AnnotationError(
            "verdict",
            None,
            ", ".join(scheme.choice_ids("verdict")),
            problem="is empty: a ClaimReview needs a verdict",
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
            "alternateName": scheme.label("verdict", ann.verdict),
            "identifier": ann.verdict,
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
    if ann.note:
        doc["reviewBody"] = ann.note
    if ann.evidence.get("citation"):
        doc["citation"] = ann.evidence["citation"]
    doc.update(
        {
            "nc:articleVersion": ann.article_version,
            "nc:part": ann.part,
            "nc:sentence": ann.sentence_id,
            "nc:start": ann.start,
            "nc:end": ann.end,
            "nc:prefix": ann.prefix,
            "nc:suffix": ann.suffix,
            "nc:claimType": ann.claim_type,
            "nc:checkWorthy": ann.check_worthy,
            "nc:techniques": list(ann.techniques),
            "nc:evidence": {k: v for k, v in ann.evidence.items() if k != "citation"},
        }
    )
    if ann.confidence is not None:
        doc["nc:confidence"] = ann.confidence
    return doc


def to_claimreview(annotations: list[Annotation], article: Article) -> list[dict]:
    """ClaimReviews for the annotations that carry a verdict (the others are left out)."""
    scheme = _scheme()
    return [annotation_to_claimreview(a, article, scheme) for a in annotations if a.verdict]


def write_claimreview(
    annotations: list[Annotation], path: str | Path, article: Article, overwrite: bool = False
) -> Path:
    """Write a JSON list of ClaimReviews (only annotations with a verdict)."""
    return _write_text(path, _dump(to_claimreview(annotations, article)), overwrite)


def claimreview_to_annotation(
    item: Any, article: Article, scheme: Scheme | None = None
) -> Annotation:
    """A ClaimReview back into an Annotation; offsets are found from the quote if absent."""
    scheme = scheme or _scheme()
    if not isinstance(item, dict) or item.get("@type") != "ClaimReview":
        raise AnnotationError(
            "@type",
            item.get("@type") if isinstance(item, dict) else item,
            "'ClaimReview'",
            problem="is not a ClaimReview",
        )
    ann_id = item.get("identifier")
    if ann_id is None:
        ann_id = _urn_uuid(item.get("@id"), "@id")
    quote = _need(item, "claimReviewed", "quote", "the exact words of the claim")
    rating = item.get("reviewRating")
    if not isinstance(rating, dict):
        raise AnnotationError(
            "reviewRating",
            rating,
            "a Rating with alternateName",
            problem="is missing or not an object",
        )
    verdict = rating.get("identifier")
    if verdict is None:
        name = rating.get("alternateName")
        ids = scheme.choice_ids("verdict")
        by_label = {scheme.label("verdict", i).casefold(): i for i in ids}
        verdict = name if name in ids else by_label.get(str(name).casefold(), name)
    item_reviewed = item.get("itemReviewed")
    appearance = item_reviewed.get("appearance") if isinstance(item_reviewed, dict) else None
    url = appearance.get("url") if isinstance(appearance, dict) else None
    if url != article.metadata["url"]:
        raise AnnotationError(
            "itemReviewed.appearance.url",
            url,
            article.metadata["url"],
            problem="is not the address of this article",
        )
    author = _one(item.get("author"))
    annotator = author.get("name") if isinstance(author, dict) else author
    start, end = item.get("nc:start"), item.get("nc:end")
    if start is None or end is None:
        from helpers.article import ArticleError

        try:
            start, end = article.find(quote)
        except ArticleError as exc:
            raise AnnotationError(
                "claimReviewed",
                quote,
                "words copied exactly from the article",
                problem="cannot be found once in the article",
            ) from exc
    sentence = item.get("nc:sentence")
    part = item.get("nc:part")
    if sentence is None and isinstance(start, int) and 0 <= start < len(article.text):
        s = article.sentence_at(start)
        sentence, part = s.id, s.part
    prefix, suffix = (
        article.context(start, end) if isinstance(start, int) and isinstance(end, int) else ("", "")
    )
    evidence = dict.fromkeys(scheme.evidence_parts(), "")
    extra = item.get("nc:evidence", {})
    if not isinstance(extra, dict):
        raise AnnotationError("nc:evidence", extra, "an object", problem="is not an object")
    evidence.update(extra)
    evidence["citation"] = item.get("citation", "")
    techniques = item.get("nc:techniques", [])
    ann = Annotation(
        id=ann_id,
        article_version=item.get("nc:articleVersion", article.version),
        part=part,
        sentence_id=sentence,
        quote=quote,
        start=start,
        end=end,
        prefix=item.get("nc:prefix", prefix),
        suffix=item.get("nc:suffix", suffix),
        claim_type=item.get("nc:claimType"),
        check_worthy=item.get("nc:checkWorthy"),
        verdict=verdict,
        techniques=tuple(techniques) if isinstance(techniques, list) else techniques,
        evidence=evidence,
        confidence=item.get("nc:confidence"),
        note=item.get("reviewBody", ""),
        annotator=annotator,
        created=item.get("datePublished"),
        modified=item.get("dateModified", item.get("datePublished")),
    )
    return validate(ann, article, scheme)


# -- CSV ------------------------------------------------------------------------------------------
def annotation_to_row(ann: Annotation) -> dict:
    d = ann.to_dict()
    ev = d.pop("evidence")
    d["techniques"] = ";".join(ann.techniques)
    for k, v in ev.items():
        d[f"evidence_{k}"] = v
    d["verdict"] = d["verdict"] or ""
    d["confidence"] = "" if ann.confidence is None else str(ann.confidence)
    return {c: d[c] for c in CSV_COLUMNS}


def to_csv(annotations: list[Annotation]) -> str:
    """CSV text, one row per annotation; techniques joined with ';'."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for a in annotations:
        w.writerow(annotation_to_row(a))
    return buf.getvalue()


def write_csv(
    annotations: list[Annotation],
    path: str | Path,
    article: Article | None = None,
    overwrite: bool = False,
) -> Path:
    """Write CSV (UTF-8 with a byte-order mark, so spreadsheet programs read it right)."""
    return _write_text(path, to_csv(annotations), overwrite, encoding="utf-8-sig")


def _int_cell(row: dict, col: str, allowed: str, empty_ok: bool = False) -> int | None:
    text = row[col].strip()
    if not text and empty_ok:
        return None
    try:
        return int(text)
    except ValueError:
        raise AnnotationError(col, row[col], allowed, problem="is not a whole number") from None


def row_to_annotation(row: dict, article: Article, scheme: Scheme | None = None) -> Annotation:
    """One CSV row (a dict by column name) back into an Annotation."""
    scheme = scheme or _scheme()
    for col in CSV_COLUMNS:
        if row.get(col) is None:
            raise AnnotationError(col, allowed="a value in every column", problem="is missing")
    techniques = tuple(t.strip() for t in row["techniques"].split(";") if t.strip())
    ann = Annotation(
        id=row["id"],
        article_version=row["article_version"],
        part=row["part"],
        sentence_id=row["sentence_id"],
        quote=row["quote"],
        start=_int_cell(row, "start", "a whole number"),
        end=_int_cell(row, "end", "a whole number"),
        prefix=row["prefix"],
        suffix=row["suffix"],
        claim_type=row["claim_type"] or None,
        check_worthy=row["check_worthy"] or None,
        verdict=row["verdict"] or None,
        techniques=techniques,
        evidence={p: row[f"evidence_{p}"] for p in scheme.evidence_parts()},
        confidence=_int_cell(row, "confidence", "a whole number from 1 to 5, or empty", True),
        note=row["note"],
        annotator=row["annotator"],
        created=row["created"],
        modified=row["modified"],
    )
    return validate(ann, article, scheme)


# -- reading any file -----------------------------------------------------------------------------
def _file_error(path: Path, problem: str, allowed: str) -> AnnotationError:
    return AnnotationError("file", str(path), allowed, where=str(path), problem=problem)


def read_text(path: str | Path) -> str:
    """The file's text; AnnotationError (field 'file') if missing, too big or not UTF-8."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _file_error(
                path, f"is too big ({size:,} bytes)", f"at most {MAX_FILE_BYTES:,} bytes"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise _file_error(path, "does not exist", "the path of an existing file") from None
    except IsADirectoryError:
        raise _file_error(path, "is a folder", "a file") from None
    except OSError as exc:
        raise _file_error(path, f"cannot be read ({exc.strerror})", "a readable file") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _file_error(
            path,
            f"is not UTF-8 text (byte {exc.start} is {data[exc.start]:#04x})",
            "a file saved as UTF-8 (in a spreadsheet: 'CSV UTF-8')",
        ) from None


def read_file(path: str | Path, article: Article | None = None) -> ImportResult:
    """Read a W3C, ClaimReview (.json/.jsonld) or CSV file; never raises for bad records.

    A file that cannot be read at all gives one error (field 'file') and no annotations.
    """
    article = article or _default_article()
    path = Path(path)
    result = ImportResult()
    try:
        text = read_text(path)
        if path.suffix.lower() == ".csv" or text.lstrip()[:1] not in ("{", "["):
            result.format = "csv"
            records = _csv_records(path, text)
        else:
            records = _json_records(path, text, result)
    except AnnotationError as exc:
        result.errors.append(exc if exc.where else exc.at(str(path)))
        return result
    scheme = _scheme()
    convert = {
        "w3c": w3c_to_annotation,
        "claimreview": claimreview_to_annotation,
        "csv": row_to_annotation,
    }[result.format]
    first_seen: dict[str, int] = {}
    for number, label, record in records:
        where = f"{path} {label}"
        try:
            if isinstance(record, AnnotationError):
                raise record
            ann = convert(record, article, scheme)
            if ann.id in first_seen:
                raise AnnotationError(
                    "id",
                    ann.id,
                    "each id once in a file",
                    problem=f"was already used by record {first_seen[ann.id]}",
                )
            first_seen[ann.id] = number
            result.annotations.append(ann)
        except AnnotationError as exc:
            rid = _record_id(record)
            result.errors.append(exc.at(where + (f" (id {rid})" if rid else "")))
    return result


def _record_id(record: Any) -> str | None:
    if isinstance(record, dict):
        rid = record.get("id") or record.get("identifier")
        if isinstance(rid, str) and len(rid) < 100:
            return rid.removeprefix("urn:uuid:")
    return None


def _json_records(path: Path, text: str, result: ImportResult) -> list:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        cut = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        raise _file_error(
            path,
            f"is not valid JSON ({exc.msg}: line {exc.lineno}, column {exc.colno})"
            + ("; it seems to be cut off" if cut else ""),
            "a complete JSON document, as exported",
        ) from None
    candidates = doc if isinstance(doc, list) else [doc]
    if any(isinstance(c, dict) and c.get("@type") == "ClaimReview" for c in candidates):
        result.format = "claimreview"
        items = candidates
    else:
        result.format = "w3c"
        items = _w3c_items(doc)
    return [(i, f"record {i}", item) for i, item in enumerate(items, 1)]


def _csv_records(path: Path, text: str) -> list:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise _file_error(path, "is empty", "a header line and one line per annotation") from None
    except csv.Error as exc:
        raise _file_error(path, f"is not valid CSV ({exc})", "a CSV file as exported") from None
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise AnnotationError(
            "columns",
            ", ".join(missing),
            "the columns " + ", ".join(CSV_COLUMNS),
            where=str(path),
            problem="are missing from the header line",
        )
    records = []
    number = 0
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            number += 1
            records.append(
                (
                    number,
                    f"record {number} (line {line})",
                    AnnotationError(
                        "line", line, "a CSV line as exported", problem=f"is not valid CSV ({exc})"
                    ),
                )
            )
            break
        if not any(c.strip() for c in cells):
            continue  # blank line
        number += 1
        label = f"record {number} (line {line})"
        if len(cells) != len(header):
            records.append(
                (
                    number,
                    label,
                    AnnotationError(
                        "cells",
                        len(cells),
                        f"{len(header)} cells, one per column",
                        problem="is the wrong number of cells",
                    ),
                )
            )
            continue
        records.append((number, label, dict(zip(header, cells, strict=True))))
    return records


def import_file(
    path: str | Path, store: AnnotationStore, article: Article | None = None
) -> ImportReport:
    """Read a file and add its good records to the store in one transaction.

    Ids already in the store are skipped (never overwritten); bad records are reported.
    """
    article = article or store.article
    result = read_file(path, article)
    added, skipped = store.add_many(result.annotations) if result.annotations else ([], [])
    return ImportReport(added=added, skipped=skipped, errors=result.errors, format=result.format)


def export(
    fmt: str,
    annotations: list[Annotation],
    path: str | Path,
    article: Article,
    overwrite: bool = False,
) -> Path:
    """Write ``annotations`` in format ``fmt`` (w3c, csv or claimreview)."""
    writers = {"w3c": write_w3c, "csv": write_csv, "claimreview": write_claimreview}
    if fmt not in writers:
        raise AnnotationError("format", fmt, ", ".join(FORMATS), problem="is not a format")
    return writers[fmt](annotations, path, article, overwrite=overwrite)
