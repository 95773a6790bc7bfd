"""The field table: a field added to the scheme file reaches the store, W3C, CSV and ClaimReview
with nothing else edited."""

from __future__ import annotations

import json

import pytest

from helpers.annotations import Annotation
from helpers.errors import AnnotationError
from helpers.fields import KINDS
from helpers.formats import read_file, to_claimreview, to_csv, to_w3c, write_csv, write_w3c
from helpers.formats.claimreview import claimreview_to_annotation
from helpers.scheme import FULL_SCHEME_PATH as SCHEME_PATH
from helpers.scheme import load_scheme
from helpers.store import AnnotationStore


def extended_scheme(tmp_path):
    """The shipped scheme plus two new fields: a choice and a text."""
    data = json.loads(SCHEME_PATH.read_text(encoding="utf-8"))
    data["fields"]["stance"] = {
        "kind": "choice",
        "purpose": "classifying",
        "label": "Stance",
        "question": "Does the sentence take a side?",
        "required": False,
        "choices": [
            {"id": "for", "label": "For", "definition": "Argues for the alliance."},
            {"id": "against", "label": "Against", "definition": "Argues against it."},
        ],
    }
    data["fields"]["question_for_class"] = {
        "kind": "text",
        "purpose": "questioning",
        "label": "A question for the class",
        "question": "What would you ask the class about this claim?",
    }
    path = tmp_path / "scheme.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_scheme(path)


@pytest.fixture
def scheme(tmp_path):
    return extended_scheme(tmp_path)


@pytest.fixture
def rich(article, scheme):
    return Annotation.new(
        article,
        "ana",
        "nato-2",
        "90,000 troops",
        scheme=scheme,
        claim_type="statistic",
        check_worthy="yes",
        verdict="misleading",
        techniques=["exaggeration_minimisation"],
        evidence={"who": "NATO", "citation": "https://www.nato.int/"},
        confidence=4,
        note="more than",
        stance="against",
        question_for_class="Who counted?",
    )


def test_the_table_is_derived_from_the_scheme_file(scheme):
    assert scheme.fields[-2:] == ("stance", "question_for_class")
    assert "stance" in scheme.record_fields and "question_for_class" in scheme.flat_columns
    assert "evidence_who" in scheme.flat_columns and "evidence" not in scheme.flat_columns
    assert {f.kind for f in load_scheme().table} == set(KINDS)


def test_a_new_field_round_trips_through_the_store(tmp_path, article, scheme, rich):
    with AnnotationStore(tmp_path / "s.sqlite", article=article, scheme=scheme) as store:
        store.add(rich)
        assert store.get(rich.id) == rich
        changed = store.update(rich.id, stance="for", question_for_class="And why?")
        assert (changed.stance, changed.question_for_class) == ("for", "And why?")
        frame = store.to_frame()
        assert list(frame["stance"]) == ["for"]


def test_an_older_store_gets_the_new_columns_and_keeps_its_work(tmp_path, article, scheme, make):
    path = tmp_path / "old.sqlite"
    old = make("lede-1", note="before the new field")
    with AnnotationStore(path, article=article) as store:  # the shipped scheme
        store.add(old)
    with AnnotationStore(path, article=article, scheme=scheme) as store:
        again = store.get(old.id)
        assert again.note == "before the new field"
        assert again.stance is None and again.question_for_class == ""
        store.update(old.id, stance="for")
    with AnnotationStore(path, article=article) as store:  # and back: still readable
        assert store.get(old.id).note == "before the new field"


def test_a_new_field_round_trips_through_w3c_csv_and_claimreview(tmp_path, article, scheme, rich):
    doc = to_w3c([rich], article, scheme)
    bodies = {b["nc:field"]: b for b in doc["first"]["items"][0]["body"]}
    assert bodies["stance"]["purpose"] == "classifying"
    assert bodies["question_for_class"]["purpose"] == "questioning"
    (tmp_path / "a.jsonld").write_text(json.dumps(doc), encoding="utf-8")
    assert read_file(tmp_path / "a.jsonld", article, scheme).annotations == [rich]

    text = to_csv([rich], scheme)
    assert text.splitlines()[0].split(",") == list(scheme.flat_columns)
    (tmp_path / "a.csv").write_text(text, encoding="utf-8")
    assert read_file(tmp_path / "a.csv", article, scheme).annotations == [rich]

    import helpers.formats.claimreview as claimreview

    review = claimreview.annotation_to_claimreview(rich, article, scheme)
    assert review["nc:stance"] == "against" and review["nc:questionForClass"] == "Who counted?"
    assert claimreview_to_annotation(review, article, scheme) == rich


def test_the_shipped_scheme_rejects_an_unknown_field(article, scheme, rich):
    with pytest.raises(AnnotationError) as e:
        Annotation.new(
            article, "ana", "nato-2", claim_type="factual", check_worthy="yes", stance="for"
        )
    assert e.value.field == "stance"
    doc = to_w3c([rich], article, scheme)
    shipped = read_file_from(doc, article)
    assert not shipped.annotations and shipped.errors[0].field.endswith("nc:field")


def read_file_from(doc, article):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp())
    (folder / "x.jsonld").write_text(json.dumps(doc), encoding="utf-8")
    return read_file(folder / "x.jsonld", article)


def test_writers_use_the_default_scheme(tmp_path, article, make):
    ann = make("alliance-3", techniques=["loaded_language"], confidence=2)
    write_w3c([ann], tmp_path / "a.jsonld", article)
    write_csv([ann], tmp_path / "a.csv", article)
    for name in ("a.jsonld", "a.csv"):
        assert read_file(tmp_path / name, article).annotations == [ann]
    assert to_claimreview([ann], article) == []  # no verdict: no review


def test_the_control_character_rule_matches_unicode_exactly():
    """The fast pattern rejects exactly Unicode's control characters (but tab, LF, CR) and
    lone surrogates, for every code point."""
    import unicodedata

    from helpers.fields import bad_char

    wrong = []
    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        expected = (category == "Cc" and char not in "\t\n\r") or category == "Cs"
        if (bad_char(char) is not None) != expected:
            wrong.append(hex(code))
    assert not wrong
