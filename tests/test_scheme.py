"""The scheme files load, keep their ids, and a broken copy gives a clear AnnotationError. The
full research scheme here (the tests run with NEWS_CLAIMS_SCHEME=full); the simple one, the
default, in test_simple_scheme.py."""

from __future__ import annotations

import json

import pytest

from helpers.annotations import AnnotationError
from helpers.scheme import FULL_SCHEME_PATH, SCHEME_PATH, load_scheme


def test_ids_and_labels():
    s = load_scheme()
    assert s.choice_ids("claim_type") == [
        "factual",
        "statistic",
        "quote",
        "prediction",
        "opinion",
        "framing",
    ]
    assert s.choice_ids("check_worthy") == ["yes", "no", "unsure"]
    assert s.choice_ids("verdict") == ["supported", "refuted", "misleading", "not_enough_info"]
    assert len(s.choice_ids("techniques")) == 14
    assert s.label("verdict", "refuted") == "Refuted"
    assert "contradicts" in s.definition("verdict", "refuted")
    assert s.field("confidence").maximum == 5
    assert s.field("evidence").part_ids == ("who", "original", "citation", "other_sources")
    assert s.field("note").max_length == 10000
    assert (s.field("confidence").minimum, s.field("confidence").maximum) == (1, 5)
    assert s.required("claim_type") and not s.required("verdict")


def test_unknown_field_and_choice():
    s = load_scheme()
    with pytest.raises(AnnotationError, match="colour"):
        s.field("colour")
    with pytest.raises(AnnotationError) as e:
        s.label("verdict", "true")
    assert e.value.field == "verdict" and e.value.value == "true"
    assert "supported" in str(e.value)


def _broken(tmp_path, change):
    data = json.loads(FULL_SCHEME_PATH.read_text(encoding="utf-8"))
    change(data)
    p = tmp_path / "scheme.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "change, needle",
    [
        (lambda d: d["fields"].pop("verdict"), "verdict"),
        (lambda d: d["fields"]["claim_type"]["choices"][0].pop("label"), "label"),
        (lambda d: d["fields"]["claim_type"]["choices"][1].update(id="factual"), "twice"),
        (lambda d: d["fields"]["claim_type"]["choices"][0].update(id="Fact ual"), "Fact ual"),
        (lambda d: d["fields"]["confidence"].update(minimum=9), "minimum"),
        (lambda d: d["fields"]["note"].update(max_length="long"), "long"),
        (lambda d: d.update(version=2), "version"),
    ],
)
def test_broken_scheme_is_rejected(tmp_path, change, needle):
    p = _broken(tmp_path, change)
    with pytest.raises(AnnotationError) as e:
        load_scheme(p)
    assert needle in str(e.value)
    assert str(p) in str(e.value)


def test_not_json_and_not_utf8(tmp_path):
    p = tmp_path / "scheme.json"
    p.write_text("{ not json", encoding="utf-8")
    with pytest.raises(AnnotationError, match="not valid JSON"):
        load_scheme(p)
    p2 = tmp_path / "scheme2.json"
    p2.write_bytes(b'{"version": 1, "about": "\xff"}')
    with pytest.raises(AnnotationError, match="UTF-8"):
        load_scheme(p2)
    with pytest.raises(AnnotationError, match="cannot be read"):
        load_scheme(tmp_path / "missing.json")


@pytest.mark.parametrize("path", [SCHEME_PATH, FULL_SCHEME_PATH], ids=["simple", "full"])
def test_the_shipped_schemes_match_their_json_schema(path):
    """The JSON Schema is for teachers' editors and this test; loading never imports it."""
    import jsonschema

    from helpers.scheme import SCHEME_SCHEMA

    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(SCHEME_SCHEMA)
    errors = list(jsonschema.Draft202012Validator(SCHEME_SCHEMA).iter_errors(data))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize(
    "change, needle",
    [
        (lambda d: d["fields"]["note"].update(kind="essay"), "essay"),
        (lambda d: d["fields"]["note"].pop("purpose"), "purpose"),
        (lambda d: d["fields"]["evidence"]["parts"][0].update(purpose="shouting"), "shouting"),
        (lambda d: d["fields"].update({"Bad Name": d["fields"]["note"]}), "Bad Name"),
    ],
)
def test_a_field_must_say_its_kind_and_purpose(tmp_path, change, needle):
    p = _broken(tmp_path, change)
    with pytest.raises(AnnotationError) as e:
        load_scheme(p)
    assert needle in str(e.value) and e.value.file == str(p)
