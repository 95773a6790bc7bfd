"""One annotation: which words of the article a student marked, and what they said about them.

The target follows W3C Web Annotation: a sentence id, the exact quote, its half-open offsets
``[start, end)`` into the article text, and the text just before and after (prefix, suffix).
The rest are the fields of the scheme (data/scheme.json), kept in ``values`` and readable as
attributes (``ann.claim_type``). The record's shape comes from the field table
(``helpers.fields``): nothing here lists the scheme's fields by hand.

Rules for free text (text fields and the parts of a parts field):

* an empty text is fine (it is the default);
* at most ``max_length`` characters (10,000 in the shipped scheme);
* any language, right-to-left text and emoji are kept exactly;
* control characters: ``Annotation.new`` and ``AnnotationStore.update`` (typing in the notebook)
  quietly remove them, because they are invisible and come from copy-paste; ``validate`` (every
  file that is imported) rejects them, so a file is never changed behind the student's back.
  Tab, new line and carriage return are not control characters for this rule.

Every problem raises ``AnnotationError``; its message names the field, the bad value and what is
allowed, and its attributes say where (file, record, record id) when that is known.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from helpers.errors import AnnotationError
from helpers.fields import CORE_AFTER, CORE_BEFORE, CORE_FIELDS
from helpers.target import check_target, locate

if TYPE_CHECKING:
    from helpers.article import Article
    from helpers.scheme import Scheme

_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
MAX_ANNOTATOR = 64

ALLOWED_HINT = {
    "id": "a UUID such as '6c3a2f6e-9d1b-4b7e-8f0a-2a1d5e7c9b10'",
    "article_version": "the sha256 of the article text (64 hexadecimal digits)",
    "start": "a whole number: where the quote starts in the article",
    "end": "a whole number: where the quote ends in the article",
    "created": "a UTC time such as '2024-03-10T09:30:00Z'",
    "modified": "a UTC time such as '2024-03-10T09:30:00Z'",
}


def _default_scheme() -> Scheme:
    from helpers.scheme import load_scheme

    return load_scheme()


def utc_now() -> str:
    """Now, in UTC, as ISO 8601 with microseconds and a final 'Z'."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Annotation:
    """One annotation. Build new ones with ``Annotation.new``; check with ``validate``.

    Core fields are attributes; the scheme's fields live in ``values`` (a dict, in the scheme's
    order) and read as attributes too. ``Annotation(**record)`` takes the core fields and the
    scheme fields as keywords.
    """

    __slots__ = (*CORE_FIELDS, "values")

    def __init__(self, values: dict | None = None, **fields_: Any):
        for name in CORE_FIELDS:
            object.__setattr__(self, name, fields_.pop(name, ""))
        merged = dict(values or {})
        merged.update(fields_)
        object.__setattr__(self, "values", merged)

    def __getattr__(self, name: str) -> Any:
        # only called when the normal look-up fails: the scheme's fields
        try:
            return object.__getattribute__(self, "values")[name]
        except KeyError:
            raise AttributeError(f"an annotation has no field {name!r}") from None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Annotation):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # mutable

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items())
        return f"Annotation({inner})"

    @classmethod
    def new(
        cls,
        article: Article,
        annotator: str,
        sentence_id: str,
        quote: str | None = None,
        *,
        scheme: Scheme | None = None,
        **values: Any,
    ) -> Annotation:
        """A new, validated annotation of ``quote`` inside sentence ``sentence_id``.

        ``quote=None`` takes the whole sentence. ``values`` are the scheme's fields
        (claim_type=…, check_worthy=…, …); the others get their empty value.
        """
        scheme = scheme or _default_scheme()
        for key in values:
            if key not in scheme.by_name:
                raise AnnotationError(
                    key, values[key], ", ".join(scheme.fields), "is not a field of an annotation"
                )
        start, end, sentence = locate(article, sentence_id, quote)
        prefix, suffix = article.context(start, end)
        now = utc_now()
        ann = cls(
            {f.name: f.default() for f in scheme.table},
            id=str(uuid.uuid4()),
            article_version=article.version,
            part=sentence.part,
            sentence_id=sentence.id,
            quote=article.text[start:end],
            start=start,
            end=end,
            prefix=prefix,
            suffix=suffix,
            annotator=validate_annotator(annotator),
            created=now,
            modified=now,
        )
        return validate(apply_changes(ann, values, scheme), article, scheme)

    def replace(self, **changes: Any) -> Annotation:
        """A copy with some fields (core or scheme) replaced; not validated."""
        record = self.to_dict(copy=False)
        record.update(changes)
        return Annotation(**record)

    def to_dict(self, copy: bool = True) -> dict:
        """A plain, JSON-ready dict in record order (tuples as lists, dicts copied)."""
        out = {name: getattr(self, name) for name in CORE_BEFORE}
        for name, value in self.values.items():
            if copy and isinstance(value, tuple):
                value = list(value)
            elif copy and isinstance(value, dict):
                value = dict(value)
            out[name] = value
        for name in CORE_AFTER:
            out[name] = getattr(self, name)
        return out

    @classmethod
    def from_dict(cls, record: Any, *, check: bool = True, scheme: Scheme | None = None):
        """The annotation from ``to_dict()`` output; every field must be there, no others."""
        scheme = scheme or _default_scheme()
        if not isinstance(record, dict):
            raise AnnotationError(
                "record", record, "an object with the fields of an annotation", "is not an object"
            )
        names = scheme.record_fields
        for key in record:
            if key not in names:
                raise AnnotationError(
                    str(key), record[key], ", ".join(names), "is not a field of an annotation"
                )
        for name in names:
            if name not in record:
                raise AnnotationError(name, allowed=ALLOWED_HINT.get(name, ""))
        values = {}
        for fld in scheme.table:
            value = record[fld.name]
            if fld.kind == "choices" and isinstance(value, list):
                value = tuple(value)
            elif fld.kind == "parts" and isinstance(value, dict):
                value = dict(value)
            values[fld.name] = value
        core = {name: record[name] for name in CORE_FIELDS}
        ann = cls(values, **core)
        return validate(ann, scheme=scheme) if check else ann


def apply_changes(ann: Annotation, changes: dict, scheme: Scheme | None = None) -> Annotation:
    """A copy of ``ann`` with scheme-field changes applied (text cleaned, parts merged).

    Does not validate and does not touch ``modified``; callers do.
    """
    scheme = scheme or _default_scheme()
    values = dict(ann.values)
    for name, value in changes.items():
        fld = scheme.by_name.get(name)
        values[name] = fld.normalise(value, values.get(name)) if fld else value
    copy = Annotation(values, **{name: getattr(ann, name) for name in CORE_FIELDS})
    return copy


def validate_annotator(name: Any) -> str:
    """The annotator id, stripped. 1-64 characters; no '/', '\\\\', '..' or control characters."""
    allowed = (
        f"a name of 1 to {MAX_ANNOTATOR} characters, without '/', '\\', '..' or control characters"
    )
    if not isinstance(name, str):
        raise AnnotationError("annotator", name, allowed, "is not text")
    stripped = name.strip()
    if not stripped:
        raise AnnotationError("annotator", name, allowed, "is empty")
    if len(stripped) > MAX_ANNOTATOR:
        raise AnnotationError("annotator", name, allowed, "is too long")
    if not stripped.isprintable():
        bad = next(
            (ch for ch in stripped if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")), None
        )
        if bad is not None:
            raise AnnotationError(
                "annotator", name, allowed, f"contains the control character {bad!r}"
            )
    for bad in ("/", "\\", ".."):
        if bad in stripped:
            raise AnnotationError("annotator", name, allowed, f"contains {bad!r}")
    return stripped


def check_time(name: str, value: Any) -> datetime:
    """The UTC time in ``value`` ('2024-03-10T09:30:00Z'); AnnotationError naming ``name``."""
    allowed = "a UTC time in ISO 8601 such as '2024-03-10T09:30:00Z'"
    if not isinstance(value, str) or not _TIME_RE.match(value):
        raise AnnotationError(name, value, allowed, "is not a UTC time ending in 'Z'")
    try:
        return datetime.fromisoformat(value[:-1] + "+00:00")
    except ValueError:
        raise AnnotationError(name, value, allowed, "is not a real date and time") from None


def validate(
    ann: Annotation, article: Article | None = None, scheme: Scheme | None = None
) -> Annotation:
    """Check every field of ``ann`` (and its target against ``article``); return it unchanged."""
    scheme = scheme or _default_scheme()
    if not isinstance(ann, Annotation):
        raise AnnotationError("record", ann, "an Annotation", "is not an annotation")
    _check_identity(ann, article)
    check_target(ann, article)
    values = ann.values
    if len(values) != len(scheme.table) or any(name not in values for name in scheme.fields):
        for name in values:
            if name not in scheme.by_name:
                allowed = ", ".join(scheme.fields)
                raise AnnotationError(name, values[name], allowed, "is not a field of the scheme")
    for fld in scheme.table:
        if fld.name not in values:
            raise AnnotationError(fld.name, allowed=fld.question)
        fld.check(values[fld.name])
    _check_who_and_when(ann)
    return ann


def _check_identity(ann: Annotation, article: Article | None) -> None:
    try:
        ok = isinstance(ann.id, str) and str(uuid.UUID(ann.id)) == ann.id
    except ValueError:
        ok = False
    if not ok:
        raise AnnotationError("id", ann.id, ALLOWED_HINT["id"] + ", in lower case", "is not a UUID")
    version = ann.article_version
    if not isinstance(version, str) or not _SHA256_RE.match(version):
        raise AnnotationError(
            "article_version", version, ALLOWED_HINT["article_version"], "is not a sha256"
        )
    if article is not None and version != article.version:
        raise AnnotationError(
            "article_version",
            version,
            f"{article.version} (this article)",
            "belongs to a different version of the article",
        )


def _check_who_and_when(ann: Annotation) -> None:
    name = validate_annotator(ann.annotator)
    if name != ann.annotator:
        raise AnnotationError(
            "annotator",
            ann.annotator,
            "a name without spaces at either end",
            "has spaces at the start or end",
        )
    created = check_time("created", ann.created)
    modified = check_time("modified", ann.modified)
    if modified < created:
        raise AnnotationError(
            "modified", ann.modified, f"{ann.created} (created) or later", "is before created"
        )
