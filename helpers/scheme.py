"""The annotation scheme: the questions a student answers about a claim.

Two schemes ship, and a setting chooses which one the notebooks use:

* **simple** (the default, data/scheme.json): five questions a 15-year-old answers in about ten
  minutes: the kind of claim (fact, opinion or prediction, framing), worth checking?, what the
  sources say (holds up, needs correction, can't tell yet), six techniques, one evidence box;
* **full** (data/scheme_full.json): the research scheme, for older or advanced classes: six
  claim types, four verdicts, the 14 SemEval techniques, four evidence parts, confidence, note.

``load_scheme()`` without a path reads the environment variable ``NEWS_CLAIMS_SCHEME``
(``ENV_VAR``): unset or ``simple`` for the default, ``full`` for the research scheme, or the path
of a scheme file. Set it before starting Jupyter, for the teacher and the students alike: a
hand-in is read in the scheme it was made with (a record made with the full scheme, read with the
simple one, is rejected with a message that says to set ``NEWS_CLAIMS_SCHEME=full``).

**The mapping**, declared once in the simple scheme: each choice lists in ``from`` the full
scheme's ids it gathers (``fact``: ``factual``, ``statistic``, ``quote``); without ``from``, the
id it shares. ``map_values`` and ``map_annotation`` apply it: a technique the target lacks is
dropped, evidence parts become one text ("Who: …", a line per part given), confidence and note
are dropped. The answer key, in the full scheme's ids, is mapped so (``helpers.key.load_key``).

Teachers may edit labels, questions and definitions in a scheme file; the ids are what the store
and the exchange files record, so they must stay. Each field declares its ``kind`` (see
``helpers.fields``), so the scheme file is the one place a field is declared.

``load_scheme()`` checks the file with plain Python (fast: no JSON Schema library at run time;
the tests also check the shipped file against ``SCHEME_SCHEMA``) and raises ``AnnotationError``
naming the file, the field and what is wrong.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from helpers.errors import AnnotationError
from helpers.fields import (
    CORE_AFTER,
    CORE_BEFORE,
    CORE_FIELDS,
    EDITABLE_CORE,
    KINDS,
    PURPOSES,
    Choice,
    Field,
    TextPart,
)
from helpers.paths import DATA

SCHEME_PATH = DATA / "scheme.json"
FULL_SCHEME_PATH = DATA / "scheme_full.json"
#: The setting that chooses the scheme: unset, "simple", "full", or a scheme file's path.
ENV_VAR = "NEWS_CLAIMS_SCHEME"
SCHEMES = {"": SCHEME_PATH, "simple": SCHEME_PATH, "full": FULL_SCHEME_PATH}
SCHEME_VERSION = 1
#: Fields the lessons, the answer key and the class analysis read by name.
REQUIRED_FIELDS = ("claim_type", "check_worthy", "verdict")
MAX_SCHEME_BYTES = 1_000_000
_ID = re.compile(r"^[a-z][a-z0-9_]*$")

_TEXT = {"type": "string", "minLength": 1}
_ID_SCHEMA = {"type": "string", "pattern": _ID.pattern}
#: JSON Schema (draft 2020-12) of a scheme file, for the tests and for teachers' editors.
SCHEME_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "fields"],
    "properties": {
        "version": {"const": SCHEME_VERSION},
        "about": {"type": "string"},
        "fields": {
            "type": "object",
            "required": list(REQUIRED_FIELDS),
            "propertyNames": _ID_SCHEMA,
            "additionalProperties": {
                "type": "object",
                "required": ["kind", "label", "question"],
                "properties": {
                    "kind": {"enum": list(KINDS)},
                    "purpose": {"enum": list(PURPOSES)},
                    "label": _TEXT,
                    "question": _TEXT,
                    "required": {"type": "boolean"},
                    "choices": {
                        "type": "array",
                        "minItems": 2,
                        "items": {
                            "type": "object",
                            "required": ["id", "label", "definition"],
                            "properties": {"id": _ID_SCHEMA, "label": _TEXT, "definition": _TEXT,
                                           "from": {"type": "array", "items": _ID_SCHEMA,
                                                    "minItems": 1}},
                        },
                    },
                    "parts": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["id", "label", "purpose"],
                            "properties": {
                                "id": _ID_SCHEMA,
                                "label": _TEXT,
                                "purpose": {"enum": list(PURPOSES)},
                            },
                        },
                    },
                    "minimum": {"type": "integer"},
                    "maximum": {"type": "integer"},
                    "max_length": {"type": "integer", "minimum": 1},
                },
            },
        },
    },
}


@dataclass(frozen=True)
class Scheme:
    """The loaded scheme: ``table`` is the tuple of its fields (``helpers.fields.Field``), ``name``
    says which ("simple", "full" or the file's path)."""

    table: tuple[Field, ...]
    path: str
    data: dict

    @cached_property
    def name(self) -> str:
        found = [name for name, path in SCHEMES.items() if name and str(path) == self.path]
        return found[0] if found else self.path

    @cached_property
    def fields(self) -> tuple[str, ...]:
        """The scheme's field names, in the file's order."""
        return tuple(f.name for f in self.table)

    @cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.table}

    def field(self, name: str) -> Field:
        """One field (``helpers.fields.Field``); AnnotationError for an unknown name."""
        try:
            return self.by_name[name]
        except KeyError:
            raise AnnotationError(
                "field", name, ", ".join(self.fields), "is not a field of the scheme"
            ) from None

    def of_kind(self, *kinds: str) -> tuple[Field, ...]:
        """The fields of the given kinds, in the scheme's order."""
        return tuple(f for f in self.table if f.kind in kinds)

    def choice_ids(self, field: str) -> list[str]:
        """The ids a choice field accepts, in the file's order."""
        fld = self.field(field)
        if not fld.choices:
            raise AnnotationError("field", field, "a field with choices", "has no choices")
        return list(fld.choice_ids)

    def label(self, field: str, choice_id: str) -> str:
        """The label of one choice (``label("verdict", "refuted")`` → "Refuted"). An id this
        scheme gathers from another (``from``) gets its choice's label: the simple scheme labels
        the full scheme's "misleading" "Needs correction"."""
        fld = self.field(field)
        return fld.choice(fld.gathered.get(choice_id, choice_id)).label

    def definition(self, field: str, choice_id: str) -> str:
        """The one-line definition of one choice."""
        return self.field(field).choice(choice_id).definition

    def required(self, field: str) -> bool:
        return self.field(field).required

    @cached_property
    def columns(self) -> tuple[str, ...]:
        """The flat columns of the scheme's fields (``evidence_who`` … for parts)."""
        return tuple(c for f in self.table for c in f.columns)

    @cached_property
    def record_fields(self) -> tuple[str, ...]:
        """Every field of a record, in record order: the store's columns, ``to_dict``'s keys."""
        return (*CORE_BEFORE, *self.fields, *CORE_AFTER)

    @cached_property
    def flat_columns(self) -> tuple[str, ...]:
        """The same with parts spread into columns (CSV files, the class table)."""
        return (*CORE_BEFORE, *self.columns, *CORE_AFTER)

    @cached_property
    def editable_fields(self) -> tuple[str, ...]:
        """Fields a student may change after saving: every scheme field, and the target."""
        return (*self.fields, *EDITABLE_CORE)


def scheme_path(setting: str | None = None) -> Path:
    """The scheme file a setting names (default: the ``NEWS_CLAIMS_SCHEME`` environment
    variable): data/scheme.json for none or "simple", data/scheme_full.json for "full", else the
    setting as a path. AnnotationError for a path that is not a file."""
    if setting is None:
        setting = os.environ.get(ENV_VAR, "")
    setting = setting.strip()
    if setting.lower() in SCHEMES:
        return SCHEMES[setting.lower()]
    path = Path(setting).expanduser()
    if not path.is_file():
        allowed = "simple, full, or the path of a scheme file"
        raise AnnotationError(ENV_VAR, setting, allowed, "names no scheme file")
    return path


def load_scheme(path: str | Path | None = None) -> Scheme:
    """Read and check the scheme: ``path``, or the one ``NEWS_CLAIMS_SCHEME`` chooses (default
    data/scheme.json, the simple scheme); cached per path. ``load_scheme("full")`` names the
    research scheme."""
    if path is None or str(path).strip().lower() in SCHEMES:
        path = scheme_path(None if path is None else str(path))
    return _load(str(Path(path)))


def map_values(values: dict, source: Scheme, target: Scheme) -> dict:
    """The scheme fields ``values`` (field -> value, in ``source``'s terms) in ``target``'s: a
    choice becomes the target's choice that gathers it (``from``), a technique the target lacks
    is dropped, parts become one text ("Who: …" line by line, the parts given), a field the
    target lacks is dropped and one the source lacks is empty. Returns every field of
    ``target``, each checked. AnnotationError names a choice with no counterpart, or a field
    whose kinds do not map."""
    out = {}
    for fld in target.table:
        was, value = source.by_name.get(fld.name), values.get(fld.name)
        if was is None or was.is_empty(value):
            out[fld.name] = fld.default()
        elif (was.kind, fld.kind) == ("choice", "choice"):
            if fld.gathered.get(value) is None:
                raise AnnotationError(fld.name, value, ", ".join(fld.choice_ids),
                                      f"has no counterpart in the {target.name} scheme")
            out[fld.name] = fld.gathered[value]
        elif (was.kind, fld.kind) == ("choices", "choices"):
            found = (fld.gathered.get(v) for v in value)
            out[fld.name] = tuple(dict.fromkeys(v for v in found if v))
        elif (was.kind, fld.kind) == ("parts", "text"):
            given = [p for p in was.part_ids if str(value.get(p) or "").strip()]
            out[fld.name] = "\n".join(
                f"{p.replace('_', ' ').capitalize()}: {value[p].strip()}" for p in given
            )
        elif (was.kind, fld.kind) == ("parts", "parts"):
            out[fld.name] = {p: value.get(p, "") for p in fld.part_ids}
        elif was.kind == fld.kind:
            out[fld.name] = value
        else:
            raise AnnotationError(fld.name, value, f"a {fld.kind} value",
                                  f"cannot be mapped from a {was.kind} field")
        fld.check(out[fld.name])
    return out


def map_annotation(ann: Any, source: Scheme, target: Scheme) -> Any:
    """A copy of the annotation ``ann`` (made with ``source``) in ``target``'s terms: the same
    target and author, its fields mapped by ``map_values``."""
    core = {name: getattr(ann, name) for name in CORE_FIELDS}
    return type(ann)(map_values(ann.values, source, target), **core)


def _problem(path: str, where: str, value: Any, allowed: str, problem: str) -> AnnotationError:
    return AnnotationError(where, value, allowed, problem, file=path)


@lru_cache(maxsize=8)
def _load(path: str) -> Scheme:
    try:
        size = Path(path).stat().st_size
        if size > MAX_SCHEME_BYTES:
            raise _problem(path, "file", size, f"at most {MAX_SCHEME_BYTES:,} bytes", "is too big")
        data = json.loads(Path(path).read_bytes().decode("utf-8"))
    except OSError as exc:
        raise _problem(path, "file", path, "a readable scheme file",
                       f"cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise _problem(path, "file", path, "a file saved as UTF-8", "is not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise _problem(path, "file", path, "valid JSON", f"is not valid JSON ({where})") from exc
    except RecursionError:
        raise _problem(path, "file", path, "a scheme file", "is nested too deep") from None
    if not isinstance(data, dict):
        raise _problem(path, "(the whole file)", data, "an object", "is not an object")
    if data.get("version") != SCHEME_VERSION:
        raise _problem(path, "version", data.get("version"), str(SCHEME_VERSION), "is wrong")
    fields = data.get("fields")
    if not isinstance(fields, dict) or not fields:
        raise _problem(path, "fields", fields, "an object of fields", "is missing or empty")
    for name in REQUIRED_FIELDS:
        if name not in fields:
            raise _problem(path, f"fields.{name}", None, "a definition", "is missing")
    table = tuple(_field(path, name, spec) for name, spec in fields.items())
    return Scheme(table=table, path=path, data=data)


def _text(path: str, where: str, spec: dict, key: str) -> str:
    value = spec.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _problem(path, f"{where}.{key}", value, "some text", "is missing or empty")
    return value


def _ident(path: str, where: str, value: Any) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise _problem(path, where, value, "lower-case letters, digits and _", "is not an id")
    return value


def _items(path: str, where: str, raw: Any, minimum: int) -> list[tuple[str, str, dict]]:
    """``(id, where, item)`` for each object of a list of choices or parts: at least
    ``minimum`` of them, each an object with an id used once."""
    if not isinstance(raw, list) or len(raw) < minimum:
        raise _problem(path, where, raw, f"a list of {minimum} or more", "is wrong")
    found: list[tuple[str, str, dict]] = []
    for i, item in enumerate(raw):
        at = f"{where}.{i}"
        if not isinstance(item, dict):
            raise _problem(path, at, item, "an object", "is not an object")
        ident = _ident(path, f"{at}.id", item.get("id"))
        if any(ident == seen for seen, _at, _item in found):
            raise _problem(path, where, ident, "each id once", "is used twice")
        found.append((ident, at, item))
    return found


def _field(path: str, name: str, spec: Any) -> Field:
    where = f"fields.{name}"
    _ident(path, where, name)
    if not isinstance(spec, dict):
        raise _problem(path, where, spec, "an object", "is not an object")
    kind = spec.get("kind")
    if kind not in KINDS:
        raise _problem(path, f"{where}.kind", kind, ", ".join(KINDS), "is not a kind")
    purpose = spec.get("purpose")
    if purpose is not None and purpose not in PURPOSES:
        raise _problem(path, f"{where}.purpose", purpose, ", ".join(PURPOSES), "is not a purpose")
    if kind in ("choice", "choices", "text") and purpose is None:
        raise _problem(path, f"{where}.purpose", None, ", ".join(PURPOSES), "is missing")
    required = spec.get("required", False)
    if not isinstance(required, bool):
        raise _problem(path, f"{where}.required", required, "true or false", "is not a boolean")
    choices: list[Choice] = []
    parts: list[TextPart] = []
    extra: dict[str, int] = {}
    if kind in ("choice", "choices"):
        for cid, at, item in _items(path, f"{where}.choices", spec.get("choices"), 2):
            label, definition = _text(path, at, item, "label"), _text(path, at, item, "definition")
            raw = item.get("from", [])
            if not isinstance(raw, list) or (not raw and "from" in item):
                raise _problem(path, f"{at}.from", raw, "a list of ids", "is wrong")
            gathers = tuple(_ident(path, f"{at}.from", other) for other in raw)
            choices.append(Choice(cid, label, definition, gathers))
        owner: dict[str, str] = {}
        for choice in choices:  # an id stands for one choice: its own, or the one gathering it
            for other in {choice.id, *choice.gathers}:
                if owner.setdefault(other, choice.id) != choice.id:
                    raise _problem(path, where, other, "each id gathered once", "is gathered twice")
    elif kind == "parts":
        for pid, at, item in _items(path, f"{where}.parts", spec.get("parts"), 1):
            part_purpose = item.get("purpose")
            if part_purpose not in PURPOSES:
                raise _problem(path, f"{at}.purpose", part_purpose, ", ".join(PURPOSES), "is wrong")
            label = _text(path, at, item, "label")
            parts.append(TextPart(pid, label, part_purpose, item.get("sift", "")))
    if kind == "scale":
        for key in ("minimum", "maximum"):
            value = spec.get(key)
            if not isinstance(value, int) or isinstance(value, bool):
                raise _problem(path, f"{where}.{key}", value, "a whole number", "is wrong")
            extra[key] = value
        if extra["minimum"] > extra["maximum"]:
            raise _problem(path, where, spec, "minimum <= maximum", "is wrong")
    if kind in ("text", "parts"):
        value = spec.get("max_length", 10_000)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise _problem(
                path, f"{where}.max_length", value, "a whole number of 1 or more", "is wrong"
            )
        extra["max_length"] = value
    return Field(
        name=name,
        kind=kind,
        label=_text(path, where, spec, "label"),
        question=_text(path, where, spec, "question"),
        required=required,
        purpose=purpose,
        choices=tuple(choices),
        parts=tuple(parts),
        **extra,
    )
