"""Exchange formats, one module each, and the one reader every path goes through.

* ``helpers.formats.w3c``: W3C Web Annotation (JSON-LD), the hand-in format;
* ``helpers.formats.csvfile``: CSV, for spreadsheets and the class table;
* ``helpers.formats.claimreview``: schema.org ClaimReview (annotations with a verdict);
* ``helpers.formats.files``: safe reading (checked before anything is read) and atomic writing.

``read_file`` detects the format, checks every record (fields, scheme, article version, quote
against the text) and returns the good records together with one ``AnnotationError`` per bad
one; the error's ``file``, ``record``, ``record_id`` and ``field`` say where. A record about
another known article (``helpers.article.list_articles``: its address or version) is neither
read nor rejected: it is counted in ``ImportResult.other_articles``. ``import`` (into a
store) and the teacher's ``collect`` both read through it. Every writer refuses to replace an
existing file unless ``overwrite=True``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.errors import AnnotationError
from helpers.formats.claimreview import (
    annotation_to_claimreview,
    claimreview_to_annotation,
    to_claimreview,
    write_claimreview,
)
from helpers.formats.csvfile import (
    annotation_to_row,
    csv_records,
    row_to_annotation,
    to_csv,
    write_csv,
)
from helpers.formats.files import MAX_FILE_BYTES, parse_json, read_text
from helpers.formats.w3c import (
    annotation_to_w3c,
    annotator_iri,
    has_w3c_context,
    to_w3c,
    w3c_items,
    w3c_to_annotation,
    write_w3c,
)
from helpers.formats.work import check_names, w3c_to_work, work_article, work_kind
from helpers.paths import DEFAULT_ARTICLE, articles_dir
from helpers.work import Answer, Attempt, SearchEvent

if TYPE_CHECKING:
    from helpers.annotations import Annotation
    from helpers.article import Article
    from helpers.scheme import Scheme
    from helpers.store import AnnotationStore

FORMATS = ("w3c", "csv", "claimreview")
JSON_SUFFIXES = (".json", ".jsonld")
#: How far ahead of this computer's clock a time in a file may be. Generous on purpose: a laptop
#: set to the wrong time zone is up to 14 hours out, and its student's work must not be lost.
MAX_CLOCK_SKEW = timedelta(days=1)
#: A file with more records than this is refused whole (a hand-in holds a few dozen).
MAX_RECORDS = 10_000

__all__ = [
    "FORMATS",
    "MAX_FILE_BYTES",
    "ImportReport",
    "ImportResult",
    "annotation_to_claimreview",
    "annotation_to_row",
    "annotation_to_w3c",
    "annotator_iri",
    "claimreview_to_annotation",
    "export",
    "import_file",
    "read_file",
    "row_to_annotation",
    "to_claimreview",
    "to_csv",
    "to_w3c",
    "w3c_to_annotation",
    "write_claimreview",
    "write_csv",
    "write_w3c",
]


@dataclass
class ImportResult:
    """What ``read_file`` found: good annotations, written answers, self-check attempts and
    search steps (hand-in files), who handed the file in (if it says), and one error per
    rejected record."""

    annotations: list[Annotation] = field(default_factory=list)
    errors: list[AnnotationError] = field(default_factory=list)
    format: str = ""
    answers: list[Answer] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    searches: list[SearchEvent] = field(default_factory=list)
    handed_in_by: list[str] = field(default_factory=list)
    #: Records about another known article, by its name: left for that article's collect.
    other_articles: dict[str, int] = field(default_factory=dict)


@dataclass
class ImportReport:
    """What ``import_file`` did: added, skipped (id already stored) and rejected records, and
    how many records are about another article (not imported here)."""

    added: list[Annotation] = field(default_factory=list)
    skipped: list[Annotation] = field(default_factory=list)
    errors: list[AnnotationError] = field(default_factory=list)
    format: str = ""
    other_articles: dict[str, int] = field(default_factory=dict)


_CONVERT = {
    "w3c": w3c_to_annotation,
    "claimreview": claimreview_to_annotation,
    "csv": row_to_annotation,
}


def _records(path: Path, text: str, scheme: Scheme) -> tuple[str, list, dict]:
    """The format, the ``(number, line, record)`` triples of a file's text, and what every
    record of it is read with (the W3C document's ``@context``)."""
    suffix = path.suffix.lower()
    if suffix == ".csv" or (suffix not in JSON_SUFFIXES and text.lstrip()[:1] not in "{["):
        return "csv", csv_records(path, text, scheme), {}
    doc = parse_json(path, text)
    candidates = doc if isinstance(doc, list) else [doc]
    options = {}
    if any(isinstance(c, dict) and c.get("@type") == "ClaimReview" for c in candidates):
        fmt, items = "claimreview", candidates
    else:
        fmt, items = "w3c", w3c_items(doc)
        options["context"] = doc.get("@context") if isinstance(doc, dict) else None
        if isinstance(doc, dict) and "nc:handedInBy" in doc:
            options["names"] = check_names(doc["nc:handedInBy"])
    return fmt, [(number, None, item) for number, item in enumerate(items, 1)], options


def read_file(
    path: str | Path,
    article: Article | None = None,
    scheme: Scheme | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> ImportResult:
    """Read a W3C, ClaimReview (.json/.jsonld) or CSV file; never raises for bad input.

    Returns an ``ImportResult``: the good annotations, and one ``AnnotationError`` per rejected
    record. A file that cannot be read at all gives one error (field 'file') and no annotations.
    Nothing is read from a file over ``max_bytes`` or one that is not a regular file.
    """
    if article is None or isinstance(article, str):
        from helpers.article import load_article

        article = load_article(article)
    if scheme is None:
        from helpers.scheme import load_scheme

        scheme = load_scheme()
    path = Path(path)
    result = ImportResult()
    try:
        result.format, records, options = _records(path, read_text(path, max_bytes), scheme)
        if len(records) > MAX_RECORDS:
            raise AnnotationError(
                "file",
                str(path),
                f"at most {MAX_RECORDS:,} annotations in one file",
                f"holds {len(records):,} records",
                file=str(path),
            )
    except AnnotationError as exc:
        result.errors.append(exc if exc.file else exc.at(file=str(path)))
        return result
    result.handed_in_by = options.pop("names", [])
    convert = _CONVERT[result.format]
    latest = (datetime.now(UTC) + MAX_CLOCK_SKEW).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    first_seen: dict[str, int] = {}
    for number, line, record in records:
        try:
            if isinstance(record, AnnotationError):
                raise record
            other = _other_article(result.format, record, article)
            if other is not None:
                result.other_articles[other] = result.other_articles.get(other, 0) + 1
                continue
            if result.format == "w3c" and work_kind(record):
                _add_work(result, record, options["context"], latest)
                continue
            ann = convert(record, article, scheme, **options)
            _not_in_the_future(ann, latest)
            if ann.id in first_seen:
                raise AnnotationError(
                    "id",
                    ann.id,
                    "each id once in a file",
                    f"was already used by record {first_seen[ann.id]}",
                )
            first_seen[ann.id] = number
            result.annotations.append(ann)
        except AnnotationError as exc:
            where = {"file": str(path), "record": number, "line": line}
            result.errors.append(exc.at(record_id=_record_id(record), **where))
    return result


def _names_of(fmt: str, record: Any) -> tuple[Any, Any]:
    """The article address and version a record names (either may be None)."""
    if not isinstance(record, dict):
        return None, None
    if fmt == "csv":
        return None, record.get("article_version")
    if fmt == "claimreview":
        reviewed = record.get("itemReviewed")
        appearance = reviewed.get("appearance") if isinstance(reviewed, dict) else None
        url = appearance.get("url") if isinstance(appearance, dict) else None
        return url, record.get("nc:articleVersion")
    if work_kind(record):
        url, version = work_article(record)
        return (url, version) if url or version else (DEFAULT_URL, None)
    return work_article(record)


def _other_article(fmt: str, record: Any, article: Article) -> str | None:
    """The name of the other known article a record is about; None when it is about
    ``article`` or no known article (then it is read, and rejected if it does not fit)."""
    url, version = _names_of(fmt, record)
    if url == DEFAULT_URL:
        return None if article.is_default else DEFAULT_ARTICLE
    if (url is None or url == article.metadata["url"]) and version in (None, article.version):
        return None
    for name, (known_url, known_version) in _known_articles().items():
        if name != article.name and (url == known_url or version == known_version):
            return name
    return None


_KNOWN: dict[tuple, dict[str, tuple[str, str]]] = {}
DEFAULT_URL = "urn:news-claims:article:default"  # a work item that names no article


def _known_articles() -> dict[str, tuple[str, str]]:
    """Every article that can be loaded: name -> (address, version); cached per set of names."""
    from helpers.article import ArticleError, list_articles, load_article

    names = tuple(list_articles())
    key = (str(articles_dir()), names)
    if key not in _KNOWN:
        found = {}
        for name in names:
            try:
                loaded = load_article(name)
            except (ArticleError, ValueError):
                continue
            found[name] = (loaded.metadata["url"], loaded.version)
        _KNOWN[key] = found
    return _KNOWN[key]


def _add_work(result: ImportResult, record: dict, context: Any, latest: str) -> None:
    """A written answer or a self-check attempt of a hand-in file, checked, into ``result``."""
    if not has_w3c_context(record.get("@context", context)):
        raise AnnotationError(
            "@context",
            record.get("@context", context),
            "the W3C annotation context",
            "is missing or is not the W3C annotation context",
        )
    work = w3c_to_work(record)
    _not_in_the_future(work, latest)
    if isinstance(work, Answer):
        result.answers.append(work)
    elif isinstance(work, Attempt):
        result.attempts.append(work)
    else:
        result.searches.append(work)


def _not_in_the_future(ann: Annotation, latest: str) -> None:
    """Times after ``latest`` (now plus the clock skew allowed) are refused: a forged
    ``modified`` in 2099 must not win over a classmate's real annotation."""
    for name in ("created", "modified"):
        value = getattr(ann, name, "")
        if value[:19] > latest[:19]:
            raise AnnotationError(
                name,
                value,
                f"a time before {latest[:16]}Z (now, give or take a day)",
                "is in the future",
            )


def _record_id(record: Any) -> str | None:
    if isinstance(record, dict):
        rid = record.get("id") or record.get("identifier")
        if isinstance(rid, str) and len(rid) < 100:
            return rid.removeprefix("urn:uuid:")
    return None


def import_file(
    path: str | Path, store: AnnotationStore, article: Article | None = None
) -> ImportReport:
    """Read a file and add its good records to the store in one transaction.

    Ids already in the store are skipped (never overwritten); bad records are reported.
    """
    article = article or store.article
    result = read_file(path, article, store.scheme)
    added, skipped = store.add_many(result.annotations) if result.annotations else ([], [])
    return ImportReport(
        added=added,
        skipped=skipped,
        errors=result.errors,
        format=result.format,
        other_articles=result.other_articles,
    )


def export(
    fmt: str,
    annotations: list[Annotation],
    path: str | Path,
    article: Article,
    overwrite: bool = False,
) -> Path:
    """Write ``annotations`` in format ``fmt`` (w3c, csv or claimreview); returns the path."""
    writers = {"w3c": write_w3c, "csv": write_csv, "claimreview": write_claimreview}
    if fmt not in writers:
        raise AnnotationError("format", fmt, ", ".join(FORMATS), "is not a format")
    return writers[fmt](annotations, path, article, overwrite=overwrite)
