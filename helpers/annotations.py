"""One annotation: which words of the article a student marked, and what they said about them.

The target follows W3C Web Annotation: a sentence id, the exact quote, its half-open offsets
``[start, end)`` into the article text, and the text just before and after (prefix, suffix).
The rest are the fields of the scheme (data/scheme.json).

Rules for free text (note and the evidence parts):

* an empty note is fine (it is the default);
* at most ``note.max_length`` characters (10,000), each of note and every evidence part;
* any language, right-to-left text and emoji are kept exactly;
* control characters: ``Annotation.new`` and ``AnnotationStore.update`` (typing in the notebook)
  quietly remove them, because they are invisible and come from copy-paste; ``validate`` (every
  file that is imported) rejects them, so a file is never changed behind the student's back.
  Tab, new line and carriage return are not control characters for this rule.

Every problem raises ``AnnotationError``; its message names the field, the bad value and what is
allowed, and where (file and record) when that is known.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from helpers.article import PART_IDS, ArticleError

if TYPE_CHECKING:
    from helpers.article import Article
    from helpers.scheme import Scheme

_MISSING = object()
_ALLOWED_CONTROLS = "\t\n\r"
_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
MAX_ANNOTATOR = 64
MAX_CONTEXT = 1000  # prefix / suffix length when no article is at hand


class AnnotationError(ValueError):
    """The one validation error. Attributes: field, value, allowed, where, problem."""

    def __init__(
        self,
        field: str,
        value: Any = _MISSING,
        allowed: str = "",
        where: str | None = None,
        problem: str | None = None,
    ):
        self.field = field
        self.value = None if value is _MISSING else value
        self.missing = value is _MISSING
        self.allowed = allowed
        self.where = where
        self.problem = problem or ("is missing" if value is _MISSING else "is not allowed")
        super().__init__(self._message())

    def _message(self) -> str:
        if self.field == "file":  # the whole file: name it once
            text = f"{self.where or self.value}: the file {self.problem}."
            return text + (f" Allowed: {self.allowed}." if self.allowed else "")
        head = f"{self.where}, field {self.field!r}" if self.where else f"field {self.field!r}"
        what = "the value" if self.missing else f"the value {_show(self.value)}"
        if self.missing:
            what = "a value"
        text = f"{head}: {what} {self.problem}."
        if self.allowed:
            text += f" Allowed: {self.allowed}."
        return text

    def at(self, where: str) -> AnnotationError:
        """The same error, saying where it happened (e.g. 'ana.jsonld record 3')."""
        where = f"{where}, {self.where}" if self.where else where
        value = _MISSING if self.missing else self.value
        err = AnnotationError(self.field, value, self.allowed, where, self.problem)
        err.__cause__ = self.__cause__
        return err

    def __reduce__(self):
        value = _MISSING if self.missing else self.value
        return (AnnotationError, (self.field, value, self.allowed, self.where, self.problem))


class _TargetError(AnnotationError, ArticleError):
    """A quote or sentence id that is not in the article: catchable as either error type."""


def _show(value: Any, n: int = 60) -> str:
    """A short, printable form of a value for messages."""
    if isinstance(value, str):
        r = repr(value if len(value) <= n else value[:n])
        if len(value) > n:
            r += f"… ({len(value):,} characters)"
        return r
    r = repr(value)
    return r if len(r) <= n + 2 else r[:n] + "…"


def utc_now() -> str:
    """Now, in UTC, as ISO 8601 with microseconds and a final 'Z'."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def clean_text(text: str) -> str:
    """Remove control characters (keeping tab and new line); turn CR LF and CR into LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch for ch in text if ch in "\t\n" or unicodedata.category(ch) not in ("Cc", "Cs")
    )


def _bad_char(text: str) -> tuple[int, str] | None:
    for i, ch in enumerate(text):
        cat = unicodedata.category(ch)
        if (cat == "Cc" and ch not in _ALLOWED_CONTROLS) or cat == "Cs":
            return i, ch
    return None


def validate_annotator(name: Any) -> str:
    """The annotator id, stripped. 1-64 characters; no '/', '\\\\', '..' or control characters."""
    allowed = (
        f"a name of 1 to {MAX_ANNOTATOR} characters, without '/', '\\', '..' or control characters"
    )
    if not isinstance(name, str):
        raise AnnotationError("annotator", name, allowed, problem="is not text")
    stripped = name.strip()
    if not stripped:
        raise AnnotationError("annotator", name, allowed, problem="is empty")
    if len(stripped) > MAX_ANNOTATOR:
        raise AnnotationError("annotator", name, allowed, problem="is too long")
    bad = next(
        (ch for ch in stripped if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")), None
    )
    if bad is not None:
        raise AnnotationError(
            "annotator", name, allowed, problem=f"contains the control character {bad!r}"
        )
    for bad in ("/", "\\", ".."):
        if bad in stripped:
            raise AnnotationError("annotator", name, allowed, problem=f"contains {bad!r}")
    return stripped


@dataclass
class Annotation:
    """One annotation. Build new ones with ``Annotation.new``; check with ``validate``."""

    id: str
    article_version: str
    part: str
    sentence_id: str
    quote: str
    start: int
    end: int
    prefix: str
    suffix: str
    claim_type: str | None
    check_worthy: str | None
    verdict: str | None = None
    techniques: tuple[str, ...] = ()
    evidence: dict = field(default_factory=lambda: dict.fromkeys(_evidence_parts(), ""))
    confidence: int | None = None
    note: str = ""
    annotator: str = ""
    created: str = ""
    modified: str = ""

    #: Fields a student may change after creating (``AnnotationStore.update``).
    EDITABLE = (
        "claim_type",
        "check_worthy",
        "verdict",
        "techniques",
        "evidence",
        "confidence",
        "note",
        "sentence_id",
        "quote",
    )

    @classmethod
    def new(
        cls,
        article: Article,
        annotator: str,
        sentence_id: str,
        quote: str | None = None,
        **fields_: Any,
    ) -> Annotation:
        """A new, validated annotation of ``quote`` inside sentence ``sentence_id``.

        ``quote=None`` takes the whole sentence. ``fields_`` are the scheme fields
        (claim_type, check_worthy, verdict, techniques, evidence, confidence, note).
        """
        scheme_fields = {
            "claim_type",
            "check_worthy",
            "verdict",
            "techniques",
            "evidence",
            "confidence",
            "note",
        }
        for key in fields_:
            if key not in scheme_fields:
                raise AnnotationError(
                    key,
                    fields_[key],
                    ", ".join(sorted(scheme_fields)),
                    problem="is not a field of an annotation",
                )
        start, end, sentence = locate(article, sentence_id, quote)
        prefix, suffix = article.context(start, end)
        now = utc_now()
        ann = cls(
            id=str(uuid.uuid4()),
            article_version=article.version,
            part=sentence.part,
            sentence_id=sentence.id,
            quote=article.text[start:end],
            start=start,
            end=end,
            prefix=prefix,
            suffix=suffix,
            claim_type=fields_.get("claim_type"),
            check_worthy=fields_.get("check_worthy"),
            annotator=validate_annotator(annotator),
            created=now,
            modified=now,
        )
        ann = apply_changes(ann, {k: v for k, v in fields_.items()})
        return validate(ann, article)

    def to_dict(self) -> dict:
        """A plain, JSON-ready dict (techniques as a list)."""
        d = asdict(self)
        d["techniques"] = list(self.techniques)
        d["evidence"] = dict(self.evidence)
        return d

    @classmethod
    def from_dict(cls, d: Any, *, check: bool = True, scheme: Scheme | None = None) -> Annotation:
        """The annotation from ``to_dict()`` output; every field must be there, no others."""
        if not isinstance(d, dict):
            raise AnnotationError(
                "record",
                d,
                "an object with the fields of an annotation",
                problem="is not an object",
            )
        names = [f.name for f in fields(cls)]
        for key in d:
            if key not in names:
                raise AnnotationError(
                    str(key), d[key], ", ".join(names), problem="is not a field of an annotation"
                )
        for name in names:
            if name not in d:
                raise AnnotationError(name, allowed=_ALLOWED_HINT.get(name, ""))
        values = dict(d)
        if isinstance(values["techniques"], list):
            values["techniques"] = tuple(values["techniques"])
        if isinstance(values["evidence"], dict):
            values["evidence"] = dict(values["evidence"])
        ann = cls(**values)
        return validate(ann, scheme=scheme) if check else ann


#: Every field of an annotation, in record order (the store's columns).
FIELDS = tuple(f.name for f in fields(Annotation))


def _flat_fields() -> tuple[str, ...]:
    from helpers.scheme import EVIDENCE_PARTS

    out: list[str] = []
    for name in FIELDS:
        out += [f"evidence_{p}" for p in EVIDENCE_PARTS] if name == "evidence" else [name]
    return tuple(out)


#: The same with the evidence parts spread into columns (CSV files, the class table).
FLAT_FIELDS = _flat_fields()

_ALLOWED_HINT = {
    "id": "a UUID such as '6c3a2f6e-9d1b-4b7e-8f0a-2a1d5e7c9b10'",
    "article_version": "the sha256 of the article text (64 hexadecimal digits)",
    "start": "a whole number: where the quote starts in the article",
    "end": "a whole number: where the quote ends in the article",
    "created": "a UTC time such as '2024-03-10T09:30:00Z'",
    "modified": "a UTC time such as '2024-03-10T09:30:00Z'",
}


def locate(article: Article, sentence_id: str, quote: str | None):
    """``(start, end, sentence)`` of ``quote`` inside a sentence (whole sentence if None)."""
    try:
        sentence = article.sentence(sentence_id)
    except ArticleError as exc:
        raise _TargetError(
            "sentence_id",
            sentence_id,
            str(exc).split(";", 1)[-1].strip(),
            problem="is not a sentence of the article",
        ) from exc
    if quote is None:
        return sentence.start, sentence.end, sentence
    if not isinstance(quote, str):
        raise _TargetError("quote", quote, "text copied from the sentence", problem="is not text")
    try:
        start, end = article.find(quote, within=sentence.id)
    except ArticleError as exc:
        msg = str(exc)
        if "more than once" in msg:
            problem = f"occurs more than once in sentence {sentence.id}"
            allowed = "a longer phrase that occurs only once"
        elif not quote.strip():
            problem, allowed = "is empty", "a phrase copied exactly from the sentence"
        else:
            problem = f"does not occur in sentence {sentence.id}"
            allowed = "a phrase copied exactly from the sentence, same capitals and punctuation"
        raise _TargetError("quote", quote, allowed, problem=problem) from exc
    return start, end, sentence


def apply_changes(ann: Annotation, changes: dict) -> Annotation:
    """A copy of ``ann`` with scheme-field changes applied (text cleaned, evidence merged).

    Does not validate and does not touch ``modified``; callers do.
    """
    changes = dict(changes)
    if "note" in changes and isinstance(changes["note"], str):
        changes["note"] = clean_text(changes["note"])
    if "techniques" in changes:
        t = changes["techniques"]
        if t is None:
            t = ()
        elif isinstance(t, str):
            t = (t,) if t else ()
        elif isinstance(t, list | tuple):
            t = tuple(t)
        changes["techniques"] = t
    if "evidence" in changes:
        ev = changes["evidence"]
        if ev is None:
            ev = {}
        if isinstance(ev, dict):
            merged = dict(ann.evidence)
            for k, v in ev.items():
                merged[k] = clean_text(v) if isinstance(v, str) else v
            ev = merged
        changes["evidence"] = ev
    if "verdict" in changes and changes["verdict"] == "":
        changes["verdict"] = None
    return replace(ann, **changes)


def _evidence_parts() -> list[str]:
    from helpers.scheme import EVIDENCE_PARTS

    return list(EVIDENCE_PARTS)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _check_text(name: str, value: Any, max_length: int, empty_ok: bool = True) -> None:
    allowed = f"text of at most {max_length:,} characters, without control characters"
    if not isinstance(value, str):
        raise AnnotationError(name, value, allowed, problem="is not text")
    if not empty_ok and not value:
        raise AnnotationError(name, value, allowed, problem="is empty")
    if len(value) > max_length:
        raise AnnotationError(name, value, allowed, problem="is too long")
    bad = _bad_char(value)
    if bad is not None:
        i, ch = bad
        kind = "a broken character" if unicodedata.category(ch) == "Cs" else "a control character"
        raise AnnotationError(
            name, value, allowed, problem=f"contains {kind} ({ch!r}) at position {i}"
        )


def _check_time(name: str, value: Any) -> datetime:
    allowed = "a UTC time in ISO 8601 such as '2024-03-10T09:30:00Z'"
    if not isinstance(value, str) or not _TIME_RE.match(value):
        raise AnnotationError(name, value, allowed, problem="is not a UTC time ending in 'Z'")
    try:
        return datetime.fromisoformat(value[:-1] + "+00:00")
    except ValueError:
        raise AnnotationError(name, value, allowed, problem="is not a real date and time") from None


def _check_choice(scheme: Scheme, name: str, value: Any, required: bool) -> None:
    ids = scheme.choice_ids(name)
    allowed = ", ".join(ids) + ("" if required else " (or nothing)")
    if value is None:
        if required:
            raise AnnotationError(name, allowed=allowed, problem="is required")
        return
    if value not in ids:
        problem = "is not text" if not isinstance(value, str) else "is not one of the choices"
        raise AnnotationError(name, value, allowed, problem=problem)


def validate(
    ann: Annotation, article: Article | None = None, scheme: Scheme | None = None
) -> Annotation:
    """Check every field of ``ann`` (and its target against ``article``); return it unchanged."""
    from helpers.scheme import load_scheme

    scheme = scheme or load_scheme()
    if not isinstance(ann, Annotation):
        raise AnnotationError("record", ann, "an Annotation", problem="is not an annotation")

    # identity
    try:
        ok = isinstance(ann.id, str) and str(uuid.UUID(ann.id)) == ann.id
    except ValueError:
        ok = False
    if not ok:
        raise AnnotationError(
            "id", ann.id, _ALLOWED_HINT["id"] + ", in lower case", problem="is not a UUID"
        )
    if not isinstance(ann.article_version, str) or not _SHA256_RE.match(ann.article_version):
        raise AnnotationError(
            "article_version",
            ann.article_version,
            _ALLOWED_HINT["article_version"],
            problem="is not a sha256",
        )
    if article is not None and ann.article_version != article.version:
        raise AnnotationError(
            "article_version",
            ann.article_version,
            f"{article.version} (this article)",
            problem="belongs to a different version of the article",
        )

    # target
    if ann.part not in PART_IDS:
        raise AnnotationError("part", ann.part, ", ".join(PART_IDS), problem="is not a part")
    if not isinstance(ann.sentence_id, str) or not re.match(
        r"^[a-z]+-[1-9][0-9]*$", ann.sentence_id
    ):
        raise AnnotationError(
            "sentence_id",
            ann.sentence_id,
            "a sentence id such as 'alliance-3'",
            problem="is not a sentence id",
        )
    if not ann.sentence_id.startswith(ann.part + "-"):
        raise AnnotationError(
            "sentence_id",
            ann.sentence_id,
            f"a sentence of part {ann.part!r}, such as '{ann.part}-1'",
            problem=f"is not in part {ann.part!r}",
        )
    for name in ("start", "end"):
        v = getattr(ann, name)
        if not _is_int(v):
            raise AnnotationError(name, v, _ALLOWED_HINT[name], problem="is not a whole number")
        if v < 0:
            raise AnnotationError(name, v, "0 or more", problem="is negative")
    if not isinstance(ann.quote, str) or not ann.quote:
        raise AnnotationError(
            "quote",
            ann.quote,
            "the exact words marked in the article",
            problem="is empty" if ann.quote == "" else "is not text",
        )
    if ann.end <= ann.start:
        raise AnnotationError(
            "end",
            ann.end,
            f"a number greater than start ({ann.start})",
            problem="is not after start",
        )
    if ann.end - ann.start != len(ann.quote):
        raise AnnotationError(
            "quote",
            ann.quote,
            f"exactly end - start = {ann.end - ann.start} characters, the text at the offsets",
            problem=f"has {len(ann.quote)} characters, which does not fit its offsets",
        )
    for name in ("prefix", "suffix"):
        v = getattr(ann, name)
        if not isinstance(v, str) or len(v) > MAX_CONTEXT:
            raise AnnotationError(
                name,
                v,
                f"text of at most {MAX_CONTEXT} characters",
                problem="is not text" if not isinstance(v, str) else "is too long",
            )
    if article is not None:
        _check_against_article(ann, article)

    # scheme fields
    _check_choice(scheme, "claim_type", ann.claim_type, scheme.required("claim_type"))
    _check_choice(scheme, "check_worthy", ann.check_worthy, scheme.required("check_worthy"))
    _check_choice(scheme, "verdict", ann.verdict, scheme.required("verdict"))
    tech_ids = scheme.choice_ids("techniques")
    tech_allowed = "none, one or more of " + ", ".join(tech_ids)
    if not isinstance(ann.techniques, tuple):
        raise AnnotationError("techniques", ann.techniques, tech_allowed, problem="is not a list")
    for t in ann.techniques:
        if t not in tech_ids:
            raise AnnotationError("techniques", t, tech_allowed, problem="is not a technique")
    if len(set(ann.techniques)) != len(ann.techniques):
        raise AnnotationError(
            "techniques",
            list(ann.techniques),
            "each technique once",
            problem="names a technique twice",
        )
    parts = scheme.evidence_parts()
    max_len = scheme.note_max_length
    if not isinstance(ann.evidence, dict):
        raise AnnotationError(
            "evidence",
            ann.evidence,
            "an object with " + ", ".join(parts),
            problem="is not an object",
        )
    for key in ann.evidence:
        if key not in parts:
            raise AnnotationError(
                f"evidence.{key}",
                ann.evidence[key],
                ", ".join(parts),
                problem="is not a part of the evidence",
            )
    for key in parts:
        if key not in ann.evidence:
            raise AnnotationError(f"evidence.{key}", allowed="text (may be empty)")
        _check_text(f"evidence.{key}", ann.evidence[key], max_len)
    lo, hi = scheme.confidence_range
    if ann.confidence is not None and not (_is_int(ann.confidence) and lo <= ann.confidence <= hi):
        raise AnnotationError(
            "confidence", ann.confidence, f"a whole number from {lo} to {hi} (or nothing)"
        )
    _check_text("note", ann.note, max_len)

    # who and when
    name = validate_annotator(ann.annotator)
    if name != ann.annotator:
        raise AnnotationError(
            "annotator",
            ann.annotator,
            "a name without spaces at either end",
            problem="has spaces at the start or end",
        )
    created = _check_time("created", ann.created)
    modified = _check_time("modified", ann.modified)
    if modified < created:
        raise AnnotationError(
            "modified",
            ann.modified,
            f"{ann.created} (created) or later",
            problem="is before created",
        )
    return ann


def _check_against_article(ann: Annotation, article: Article) -> None:
    text = article.text
    try:
        s = article.sentence(ann.sentence_id)
    except ArticleError:
        ids = f"{article.sentences[0].id} … {article.sentences[-1].id}"
        raise AnnotationError(
            "sentence_id",
            ann.sentence_id,
            f"a sentence id from {ids}",
            problem="is not a sentence of the article",
        ) from None
    if ann.end > len(text):
        raise AnnotationError(
            "end",
            ann.end,
            f"at most {len(text)} (the length of the article)",
            problem="is outside the text",
        )
    if not (s.start <= ann.start and ann.end <= s.end):
        raise AnnotationError(
            "start",
            ann.start,
            f"offsets inside sentence {s.id}, from {s.start} to {s.end}",
            problem=f"with end {ann.end} is outside sentence {s.id}",
        )
    actual = text[ann.start : ann.end]
    if actual != ann.quote:
        raise AnnotationError(
            "quote",
            ann.quote,
            f"the text at [{ann.start}, {ann.end}): {_show(actual)}",
            problem="does not match the article at its offsets",
        )
    before = text[max(0, ann.start - len(ann.prefix)) : ann.start]
    if before != ann.prefix:
        raise AnnotationError(
            "prefix",
            ann.prefix,
            f"the text just before the quote: {_show(before)}",
            problem="does not match the article",
        )
    after = text[ann.end : ann.end + len(ann.suffix)]
    if after != ann.suffix:
        raise AnnotationError(
            "suffix",
            ann.suffix,
            f"the text just after the quote: {_show(after)}",
            problem="does not match the article",
        )
