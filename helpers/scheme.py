"""The annotation scheme: the questions a student answers about a claim, read from data/scheme.json.

Teachers may edit labels, questions and definitions in that file; the ids are what the store and
the exchange files record, so they must stay. ``load_scheme()`` checks the file (with a JSON
Schema) and raises ``AnnotationError`` naming the file, the field and what is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from helpers.annotations import AnnotationError
from helpers.paths import DATA

SCHEME_PATH = DATA / "scheme.json"

#: The fields every scheme must define; the code reads these names.
CHOICE_FIELDS = ("claim_type", "check_worthy", "verdict", "techniques")
EVIDENCE_PARTS = ("who", "original", "citation", "other_sources")
FIELD_NAMES = (*CHOICE_FIELDS, "evidence", "confidence", "note")

_TEXT = {"type": "string", "minLength": 1}
_CHOICE = {
    "type": "object",
    "required": ["id", "label", "definition"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "label": _TEXT,
        "definition": _TEXT,
    },
}
_CHOICE_FIELD = {
    "type": "object",
    "required": ["label", "question", "required", "multiple", "choices"],
    "properties": {
        "label": _TEXT,
        "question": _TEXT,
        "required": {"type": "boolean"},
        "multiple": {"type": "boolean"},
        "choices": {"type": "array", "minItems": 2, "items": _CHOICE},
    },
}
#: JSON Schema (draft 2020-12) of data/scheme.json.
SCHEME_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "fields"],
    "properties": {
        "version": {"type": "integer", "const": 1},
        "about": {"type": "string"},
        "fields": {
            "type": "object",
            "required": list(FIELD_NAMES),
            "additionalProperties": False,
            "properties": {
                **{name: _CHOICE_FIELD for name in CHOICE_FIELDS},
                "evidence": {
                    "type": "object",
                    "required": ["label", "question", "parts"],
                    "properties": {
                        "label": _TEXT,
                        "question": _TEXT,
                        "parts": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["id", "label"],
                                "properties": {
                                    "id": {"enum": list(EVIDENCE_PARTS)},
                                    "label": _TEXT,
                                },
                            },
                        },
                    },
                },
                "confidence": {
                    "type": "object",
                    "required": ["label", "question", "minimum", "maximum"],
                    "properties": {
                        "label": _TEXT,
                        "question": _TEXT,
                        "minimum": {"type": "integer"},
                        "maximum": {"type": "integer"},
                    },
                },
                "note": {
                    "type": "object",
                    "required": ["label", "question", "max_length"],
                    "properties": {
                        "label": _TEXT,
                        "question": _TEXT,
                        "max_length": {"type": "integer", "minimum": 1},
                    },
                },
            },
        },
    },
}


@dataclass(frozen=True)
class Scheme:
    """The loaded scheme. ``data`` is the file's content; use the methods to read it."""

    data: dict
    path: str

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.data["fields"])

    def field(self, name: str) -> dict:
        """The definition of one field (label, question, choices ...)."""
        try:
            return self.data["fields"][name]
        except KeyError:
            raise AnnotationError(
                "field", name, ", ".join(self.fields), problem="is not a field of the scheme"
            ) from None

    def choice_ids(self, field: str) -> list[str]:
        """The ids a choice field accepts, in the file's order."""
        return [c["id"] for c in self._choices(field)]

    def label(self, field: str, choice_id: str) -> str:
        return self._choice(field, choice_id)["label"]

    def definition(self, field: str, choice_id: str) -> str:
        return self._choice(field, choice_id)["definition"]

    def required(self, field: str) -> bool:
        return bool(self.field(field).get("required", False))

    def evidence_parts(self) -> list[str]:
        return [p["id"] for p in self.field("evidence")["parts"]]

    @property
    def confidence_range(self) -> tuple[int, int]:
        f = self.field("confidence")
        return f["minimum"], f["maximum"]

    @property
    def note_max_length(self) -> int:
        return self.field("note")["max_length"]

    def _choices(self, field: str) -> list[dict]:
        f = self.field(field)
        if "choices" not in f:
            raise AnnotationError(
                "field", field, ", ".join(CHOICE_FIELDS), problem="has no choices"
            )
        return f["choices"]

    def _choice(self, field: str, choice_id: str) -> dict:
        for c in self._choices(field):
            if c["id"] == choice_id:
                return c
        raise AnnotationError(field, choice_id, ", ".join(self.choice_ids(field)))


def load_scheme(path: str | Path | None = None) -> Scheme:
    """Read and check the scheme (default data/scheme.json); cached per path."""
    return _load(str(Path(path) if path else SCHEME_PATH))


@lru_cache(maxsize=8)
def _load(path: str) -> Scheme:
    import jsonschema

    try:
        data = json.loads(Path(path).read_bytes().decode("utf-8"))
    except OSError as exc:
        raise AnnotationError(
            "file", path, "a readable scheme file", problem=f"cannot be read ({exc.strerror})"
        ) from exc
    except UnicodeDecodeError as exc:
        raise AnnotationError(
            "file", path, "a file saved as UTF-8", problem="is not UTF-8 text"
        ) from exc
    except json.JSONDecodeError as exc:
        raise AnnotationError(
            "file",
            path,
            "valid JSON",
            problem=f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
        ) from exc
    validator = jsonschema.Draft202012Validator(SCHEME_SCHEMA)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path) or "(the whole file)"
        raise AnnotationError(where, error.instance, error.message, where=path, problem="is wrong")
    for name in CHOICE_FIELDS:
        ids = [c["id"] for c in data["fields"][name]["choices"]]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise AnnotationError(
                f"fields.{name}.choices",
                dupes[0],
                "each id once",
                where=path,
                problem="is used twice",
            )
    parts = [p["id"] for p in data["fields"]["evidence"]["parts"]]
    if sorted(parts) != sorted(EVIDENCE_PARTS):
        raise AnnotationError(
            "fields.evidence.parts",
            parts,
            ", ".join(EVIDENCE_PARTS),
            where=path,
            problem="must list each evidence part once",
        )
    conf = data["fields"]["confidence"]
    if conf["minimum"] > conf["maximum"]:
        raise AnnotationError(
            "fields.confidence", conf, "minimum <= maximum", where=path, problem="is wrong"
        )
    return Scheme(data=data, path=path)
