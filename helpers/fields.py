"""The field table: every field of an annotation record, declared once.

An annotation has two sorts of fields:

* **core fields**, the same for every scheme: who and when (``annotator``, ``created``,
  ``modified``), the record's ``id`` and the ``article_version`` it belongs to, and the target
  (``part``, ``sentence_id``, ``quote``, ``start``, ``end``, ``prefix``, ``suffix``). They are
  listed in ``CORE_BEFORE`` and ``CORE_AFTER`` below.
* **scheme fields**, declared in the scheme file (data/scheme.json): each with a ``kind``, its
  label and question, its choices or parts, and the W3C ``purpose`` its value gets in a hand-in.

Everything else is derived from these two: the record's attributes, the store's SQL columns, the
CSV columns, the W3C bodies, the widget's form controls and the fields the class's agreement is
measured on. Adding a field means adding it to the scheme file; a new *kind* means adding it to
``KINDS`` here and to each format's table of kinds.

The kinds:

``choice``   one id from ``choices`` (or nothing unless ``required``)
``choices``  any number of ids from ``choices``, each once (a tuple)

A choice may list in ``from`` the ids of another scheme it stands for (the simple scheme's
``fact`` gathers the full scheme's ``factual``, ``statistic`` and ``quote``): ``Field.gathered``
maps each id, its own and those, to the choice (``helpers.scheme.map_values`` uses it).
``parts``    a few named free texts (``parts``: id, label, purpose), a dict part -> text
``scale``    a whole number from ``minimum`` to ``maximum``, or nothing
``text``     free text of at most ``max_length`` characters ("" when empty)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from helpers.errors import AnnotationError

if TYPE_CHECKING:
    from helpers.scheme import Scheme

#: The record's own fields before and after the scheme's, in record order.
CORE_BEFORE = (
    "id",
    "article_version",
    "part",
    "sentence_id",
    "quote",
    "start",
    "end",
    "prefix",
    "suffix",
)
CORE_AFTER = ("annotator", "created", "modified")
CORE_FIELDS = CORE_BEFORE + CORE_AFTER
#: Core fields a student may change after saving (the target is then recomputed).
EDITABLE_CORE = ("sentence_id", "quote")
#: Core fields that are whole numbers (SQL INTEGER, CSV cells read back as int).
INTEGER_CORE = ("start", "end")

KINDS = ("choice", "choices", "parts", "scale", "text")
#: W3C Web Annotation motivations a body may carry as its purpose.
PURPOSES = (
    "assessing",
    "bookmarking",
    "classifying",
    "commenting",
    "describing",
    "editing",
    "highlighting",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "replying",
    "tagging",
)
ALLOWED_CONTROLS = "\t\n\r"


#: Said when a value is a choice of the scheme this one gathers from (``from``).
OTHER_SCHEME = (
    "is a choice of the full research scheme ({mine!r} here): set NEWS_CLAIMS_SCHEME=full to read "
    "work made with that scheme"
)


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    definition: str
    gathers: tuple[str, ...] = ()  # ids of another scheme this choice stands for (``from``)


@dataclass(frozen=True)
class TextPart:
    id: str
    label: str
    purpose: str
    hint: str = ""


@dataclass(frozen=True)
class Field:
    """One scheme field: what it is, how it is asked, and how it is written down."""

    name: str
    kind: str
    label: str
    question: str
    required: bool = False
    purpose: str | None = None
    choices: tuple[Choice, ...] = ()
    parts: tuple[TextPart, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = 10_000
    # derived once (see __post_init__): the ids, as a tuple in order and as a set
    choice_ids: tuple[str, ...] = field(init=False, repr=False, compare=False)
    part_ids: tuple[str, ...] = field(init=False, repr=False, compare=False)
    id_set: frozenset[str] = field(init=False, repr=False, compare=False)
    part_set: frozenset[str] = field(init=False, repr=False, compare=False)
    #: Each choice's id, and each id it gathers (``from``) -> the choice's id.
    gathered: dict[str, str] = field(init=False, repr=False, compare=False)
    #: The flat column names (CSV, class table): ``evidence_who`` … for parts.
    columns: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        derived = {
            "choice_ids": tuple(c.id for c in self.choices),
            "part_ids": tuple(p.id for p in self.parts),
        }
        derived["id_set"] = frozenset(derived["choice_ids"])
        derived["gathered"] = {
            **{other: c.id for c in self.choices for other in c.gathers},
            **{c.id: c.id for c in self.choices},
        }
        derived["part_set"] = frozenset(derived["part_ids"])
        derived["columns"] = (
            tuple(f"{self.name}_{p}" for p in derived["part_ids"])
            if self.kind == "parts"
            else (self.name,)
        )
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    def default(self) -> Any:
        """The empty value of this field (a new dict each time for parts)."""
        kind = self.kind
        if kind == "parts":
            return dict.fromkeys(self.part_ids, "")
        return () if kind == "choices" else "" if kind == "text" else None

    def choice(self, choice_id: str) -> Choice:
        for c in self.choices:
            if c.id == choice_id:
                return c
        raise AnnotationError(self.name, choice_id, ", ".join(self.choice_ids))

    # -- input --------------------------------------------------------------------------------
    def normalise(self, value: Any, old: Any = None) -> Any:
        """A value as typed or picked, made regular: text cleaned of control characters, ""
        for no choice made None, one id or None for ``choices`` made a tuple, parts merged
        into ``old``. Does not check; ``check`` does."""
        if self.kind == "text":
            return clean_text(value) if isinstance(value, str) else value
        if self.kind == "choice":
            return None if value == "" else value
        if self.kind == "scale":
            return None if value in ("", 0) and self.minimum not in (None, 0) else value
        if self.kind == "choices":
            if value is None:
                return ()
            if isinstance(value, str):
                return (value,) if value else ()
            return tuple(value) if isinstance(value, list | tuple) else value
        if self.kind == "parts":
            if value is None:
                value = {}
            if not isinstance(value, dict):
                return value
            merged = dict(old) if isinstance(old, dict) else self.default()
            for key, text in value.items():
                merged[key] = clean_text(text) if isinstance(text, str) else text
            return merged
        return value

    def check(self, value: Any) -> None:
        """Raise ``AnnotationError`` unless ``value`` is allowed for this field."""
        name = self.name
        if self.kind == "choice":
            allowed = ", ".join(self.choice_ids) + ("" if self.required else " (or nothing)")
            if value is None:
                if self.required:
                    raise AnnotationError(name, allowed=allowed, problem="is required")
            elif value not in self.id_set:
                problem = "is not text" if not isinstance(value, str) else self._unknown(value)
                raise AnnotationError(name, value, allowed, problem)
        elif self.kind == "choices":
            allowed = "none, one or more of " + ", ".join(self.choice_ids)
            if not isinstance(value, tuple):
                raise AnnotationError(name, value, allowed, "is not a list")
            for item in value:
                if item not in self.id_set:
                    raise AnnotationError(name, item, allowed, self._unknown(item))
            if len(set(value)) != len(value):
                raise AnnotationError(name, list(value), "each choice once", "names one twice")
            if self.required and not value:
                raise AnnotationError(name, allowed=allowed, problem="is required")
        elif self.kind == "parts":
            if not isinstance(value, dict):
                allowed = "an object with " + ", ".join(self.part_ids)
                raise AnnotationError(name, value, allowed, "is not an object")
            if value.keys() != self.part_set:
                for key in value:
                    if key not in self.part_set:
                        allowed = ", ".join(self.part_ids)
                        raise AnnotationError(
                            f"{name}.{key}", value[key], allowed, f"is not a part of the {name}"
                        )
                for key in self.part_ids:
                    if key not in value:
                        raise AnnotationError(f"{name}.{key}", allowed="text (may be empty)")
            for key in self.part_ids:
                check_text(f"{name}.{key}", value[key], self.max_length)
        elif self.kind == "scale":
            lo, hi = self.minimum, self.maximum
            if value is None:
                if self.required:
                    raise AnnotationError(name, allowed=f"a whole number from {lo} to {hi}")
            elif not (is_int(value) and lo <= value <= hi):
                raise AnnotationError(name, value, f"a whole number from {lo} to {hi} (or nothing)")
        elif self.kind == "text":
            check_text(name, value, self.max_length)
            if self.required and not value.strip():
                raise AnnotationError(name, value, "some text", "is empty")

    def _unknown(self, value: Any) -> str:
        """Why a value is not a choice: not one of them, or one of the scheme gathered from."""
        mine = self.gathered.get(value) if isinstance(value, str) else None
        return OTHER_SCHEME.format(mine=mine) if mine else "is not one of the choices"

    def is_empty(self, value: Any) -> bool:
        """True for "no answer": None, "", () or parts that are all empty."""
        if self.kind == "parts":
            return not any((value or {}).values())
        return value in (None, "", ())


# -- flat records: one column per value --------------------------------------------------------
def flatten(ann, scheme: Scheme) -> dict:
    """One annotation as a flat dict of ``scheme.flat_columns``: parts spread into their own
    columns, lists kept as tuples (a table cell)."""
    out = {name: getattr(ann, name) for name in CORE_BEFORE}
    values = ann.values
    for fld in scheme.table:
        value = values.get(fld.name)
        if fld.kind == "parts":
            value = value or {}
            for part_id, column in zip(fld.part_ids, fld.columns, strict=True):
                out[column] = value.get(part_id, "")
        else:
            out[fld.name] = value
    for name in CORE_AFTER:
        out[name] = getattr(ann, name)
    return out


def annotation_frame(annotations: list, scheme: Scheme):
    """A pandas table of annotations, one row each, with the columns of ``scheme.flat_columns``
    (scale fields as nullable whole numbers)."""
    import pandas as pd

    frame = pd.DataFrame.from_records(
        [flatten(a, scheme) for a in annotations], columns=list(scheme.flat_columns)
    )
    for fld in scheme.of_kind("scale"):
        frame[fld.name] = frame[fld.name].astype("Int64")
    return frame


# -- text rules, shared by every field that holds free text ---------------------------------------
def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def clean_text(text: str) -> str:
    """Remove control characters (keeping tab and new line); turn CR LF and CR into LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isprintable():
        return text
    return "".join(
        ch for ch in text if ch in "\t\n" or unicodedata.category(ch) not in ("Cc", "Cs")
    )


#: Control characters (Unicode category Cc) other than tab, LF and CR, and lone surrogates (Cs).
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def bad_char(text: str) -> tuple[int, str] | None:
    """The first control character (other than tab, LF, CR) or broken surrogate, or None."""
    found = _BAD_CHAR.search(text)
    return None if found is None else (found.start(), found.group())


def check_text(name: str, value: Any, max_length: int) -> None:
    """Raise ``AnnotationError`` unless ``value`` is text of at most ``max_length`` characters
    without control characters."""
    if isinstance(value, str) and len(value) <= max_length and not _BAD_CHAR.search(value):
        return
    allowed = f"text of at most {max_length:,} characters, without control characters"
    if not isinstance(value, str):
        raise AnnotationError(name, value, allowed, "is not text")
    if len(value) > max_length:
        raise AnnotationError(name, value, allowed, "is too long")
    bad = bad_char(value)
    if bad is not None:
        i, ch = bad
        kind = "a broken character" if unicodedata.category(ch) == "Cs" else "a control character"
        raise AnnotationError(name, value, allowed, f"contains {kind} ({ch!r}) at position {i}")
