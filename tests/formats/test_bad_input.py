"""Catalogue of bad input. Every bad record gets one clear error naming the file, the record
and the field; every good record beside it is kept; nothing is written over an existing store
or export without an explicit flag.

Documented decisions tested here:
* an empty note is fine (it is the default);
* a note longer than 10,000 characters (e.g. 1 MB) is rejected;
* control characters: rejected in the annotator; in notes they are removed when typed in the
  notebook (Annotation.new / store.update) but rejected in imported files (never changed
  silently); tab and new line are allowed;
* right-to-left text and emoji are accepted and round-trip exactly;
* an id already in the store is skipped and reported, never overwritten; the same id twice in
  one file is an error for the second record.
"""

from __future__ import annotations

import copy
import csv
import io
import json

import pytest

from helpers.annotations import AnnotationError
from helpers.formats import (
    annotation_to_row,
    annotation_to_w3c,
    import_file,
    read_file,
    to_csv,
    to_w3c,
    write_w3c,
)
from helpers.store import AnnotationStore, StoreError
from helpers.tools import cli


@pytest.fixture
def three(make):
    """Three good annotations; the middle one is spoiled by each case."""
    return [
        make("lede-1", note="first"),
        make(
            "nato-2",
            "90,000 troops",
            verdict="misleading",
            confidence=3,
            techniques=["doubt"],
            evidence={"who": "NATO"},
            note="middle",
        ),
        make("stakes-4", annotator="ben", note="last"),
    ]


def _body(item, field, value=None, remove=False):
    bodies = [b for b in item["body"] if b.get("nc:field") != field]
    if not remove:
        bodies.append(
            {"type": "TextualBody", "purpose": "classifying", "value": value, "nc:field": field}
        )
    item["body"] = bodies


def _sel(item, kind):
    return next(s for s in item["target"]["selector"] if s["type"] == kind)


def _set_pos(start=None, end=None):
    def change(item):
        pos = _sel(item, "TextPositionSelector")
        if start is not None:
            pos["start"] = start
        if end is not None:
            pos["end"] = end

    return change


# (case id, change to the middle W3C item, field named in the error)
W3C_CASES = [
    ("offsets-past-end", _set_pos(5000, 5013), "end"),
    ("offset-negative", _set_pos(start=-5), "start"),
    ("end-before-start", _set_pos(1549, 1536), "end"),
    (
        "quote-not-at-offsets",
        lambda i: _sel(i, "TextQuoteSelector").update(exact="91,000 troops"),
        "quote",
    ),
    (
        "quote-wrong-length",
        lambda i: _sel(i, "TextQuoteSelector").update(exact="90,000 troops!"),
        "quote",
    ),
    ("offsets-in-other-sentence", _set_pos(17, 30), "start"),
    ("prefix-wrong", lambda i: _sel(i, "TextQuoteSelector").update(prefix="Excluding "), "prefix"),
    ("unknown-claim-type", lambda i: _body(i, "claim_type", "gossip"), "claim_type"),
    ("unknown-check-worthy", lambda i: _body(i, "check_worthy", "maybe"), "check_worthy"),
    ("unknown-verdict", lambda i: _body(i, "verdict", "true"), "verdict"),
    (
        "unknown-technique",
        lambda i: i["body"].append(
            {
                "type": "TextualBody",
                "purpose": "tagging",
                "value": "lying",
                "nc:field": "techniques",
            }
        ),
        "techniques",
    ),
    (
        "technique-twice",
        lambda i: i["body"].append(
            {
                "type": "TextualBody",
                "purpose": "tagging",
                "value": "doubt",
                "nc:field": "techniques",
            }
        ),
        "techniques",
    ),
    ("claim-type-missing", lambda i: _body(i, "claim_type", remove=True), "claim_type"),
    ("note-1MB", lambda i: _body(i, "note", "x" * 1_000_000), "note"),
    ("note-control-char", lambda i: _body(i, "note", "ring the bell\x07"), "note"),
    ("note-lone-surrogate", lambda i: _body(i, "note", "broken \ud800 text"), "note"),
    ("evidence-too-long", lambda i: _body(i, "evidence.who", "y" * 10_001), "evidence.who"),
    (
        "wrong-article-version",
        lambda i: i["target"].update({"nc:articleVersion": "0" * 64}),
        "article_version",
    ),
    (
        "article-version-not-sha",
        lambda i: i["target"].update({"nc:articleVersion": "v2"}),
        "article_version",
    ),
    (
        "other-article",
        lambda i: i["target"].update(source="https://example.com/other"),
        "target.source",
    ),
    ("unknown-sentence", lambda i: i["target"].update({"nc:sentence": "nato-99"}), "sentence_id"),
    (
        "sentence-of-other-part",
        lambda i: i["target"].update({"nc:sentence": "lede-2"}),
        "sentence_id",
    ),
    ("id-not-uuid", lambda i: i.update(id="urn:uuid:not-a-uuid"), "id"),
    ("id-not-urn", lambda i: i.update(id="42"), "id"),
    ("creator-missing", lambda i: i.pop("creator"), "creator"),
    ("created-missing", lambda i: i.pop("created"), "created"),
    ("created-not-a-date", lambda i: i.update(created="yesterday"), "created"),
    ("modified-before-created", lambda i: i.update(modified="2000-01-01T00:00:00Z"), "modified"),
    (
        "selector-missing",
        lambda i: i["target"].update(selector=[_sel(i, "TextQuoteSelector")]),
        "target.selector",
    ),
    ("start-is-text", _set_pos(start="1536"), "start"),
    ("confidence-is-text", lambda i: i.update({"nc:confidence": "high"}), "confidence"),
    ("confidence-out-of-range", lambda i: i.update({"nc:confidence": 9}), "confidence"),
    ("confidence-is-bool", lambda i: i.update({"nc:confidence": True}), "confidence"),
    (
        "body-value-not-text",
        lambda i: i["body"].insert(0, {"type": "TextualBody", "value": 7}),
        "body 1",
    ),
    (
        "annotator-path-traversal",
        lambda i: i["creator"].update(name="../../etc/passwd"),
        "annotator",
    ),
    ("annotator-control-char", lambda i: i["creator"].update(name="ana\x1b[31m"), "annotator"),
    ("annotator-too-long", lambda i: i["creator"].update(name="a" * 65), "annotator"),
    ("annotator-empty", lambda i: i["creator"].update(name="   "), "annotator"),
    ("not-an-object", lambda i: (i.clear(), i.update(type="Note")), "type"),
]


@pytest.mark.parametrize("change, field", [c[1:] for c in W3C_CASES], ids=[c[0] for c in W3C_CASES])
def test_bad_w3c_record(tmp_path, store, article, three, change, field):
    doc = to_w3c(three, article)
    change(doc["first"]["items"][1])
    path = tmp_path / "ana.jsonld"
    path.write_text(json.dumps(doc), encoding="utf-8")  # \ud800 stays an escape: valid UTF-8
    report = import_file(path, store)
    assert [a.id for a in report.added] == [three[0].id, three[2].id]  # good ones kept
    assert len(report.errors) == 1
    err = report.errors[0]
    assert err.field == field
    msg = str(err)
    assert "ana.jsonld record 2" in msg and repr(field) in msg and "Allowed:" in msg
    assert len(msg) < 600  # a 1 MB value is shortened in the message


def _csv_with(three, change):
    rows = [annotation_to_row(a) for a in three]
    change(rows[1])
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


CSV_CASES = [
    ("csv-start-not-number", lambda r: r.update(start="12a"), "start"),
    ("csv-confidence-not-number", lambda r: r.update(confidence="very"), "confidence"),
    ("csv-unknown-technique", lambda r: r.update(techniques="doubt;lying"), "techniques"),
    ("csv-claim-type-empty", lambda r: r.update(claim_type=""), "claim_type"),
    ("csv-quote-mismatch", lambda r: r.update(quote="90,000 tanks!"), "quote"),
    ("csv-annotator-traversal", lambda r: r.update(annotator="..\\..\\boot.ini"), "annotator"),
]


@pytest.mark.parametrize("change, field", [c[1:] for c in CSV_CASES], ids=[c[0] for c in CSV_CASES])
def test_bad_csv_record(tmp_path, store, three, change, field):
    path = tmp_path / "class.csv"
    path.write_text(_csv_with(three, change), encoding="utf-8")
    report = import_file(path, store)
    assert len(report.added) == 2 and len(report.errors) == 1
    err = report.errors[0]
    assert err.field == field
    assert "class.csv record 2 (line 3)" in str(err)


def test_csv_row_with_wrong_number_of_cells(tmp_path, store, three):
    text = to_csv(three).splitlines(keepends=True)
    text[2] = text[2].rstrip("\r\n") + ",extra,cells\r\n"
    path = tmp_path / "cells.csv"
    path.write_text("".join(text), encoding="utf-8")
    report = import_file(path, store)
    assert len(report.added) == 2 and report.errors[0].field == "cells"


def test_csv_missing_column(tmp_path, store, three):
    text = to_csv(three).replace("check_worthy", "checkworthy", 1)
    path = tmp_path / "cols.csv"
    path.write_text(text, encoding="utf-8")
    report = import_file(path, store)
    assert report.added == [] and report.errors[0].field == "columns"
    assert "check_worthy" in str(report.errors[0]) and "cols.csv" in str(report.errors[0])


# -- whole files that cannot be read ---------------------------------------------------------------
FILE_CASES = [
    ("non-utf8", "latin1.csv", "id,note\n1,caf\xe9\n".encode("latin-1"), "UTF-8"),
    ("utf16", "utf16.jsonld", '{"type": "AnnotationPage"}'.encode("utf-16"), "UTF-8"),
    ("truncated-json", "cut.jsonld", None, "cut off"),
    (
        "malformed-json",
        "bad.jsonld",
        b'{"type": "AnnotationPage", "items": [1,]}',
        "not valid JSON",
    ),
    ("empty-file", "empty.jsonld", b"", "empty"),
    ("json-not-annotations", "other.json", b'{"type": "Recipe", "name": "soup"}', "Recipe"),
    ("json-scalar", "scalar.json", b"[42]", "record"),
]


@pytest.mark.parametrize(
    "name, data, needle", [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_unreadable_files(tmp_path, store, article, three, name, data, needle):
    if data is None:
        data = json.dumps(to_w3c(three, article)).encode("utf-8")[:-40]
    path = tmp_path / name
    path.write_bytes(data)
    report = import_file(path, store)
    assert report.added == [] and len(report.errors) == 1
    msg = str(report.errors[0])
    assert name in msg and needle in msg
    assert len(store) == 0


def test_missing_file_is_reported(tmp_path, article):
    result = read_file(tmp_path / "nowhere.jsonld", article)
    assert "does not exist" in str(result.errors[0])


# -- documented behaviour: accepted input ----------------------------------------------------------
def test_empty_note_is_fine(store, make):
    a = store.add(make(note=""))
    assert store.get(a.id).note == ""


NOTES = [
    "עברית מימין לשמאל",
    "العربية: هل هذا صحيح؟",
    "mixed: NATO אומר 90,000 — 😀👩🏽‍🔬🇺🇦",
    "\u202eRLO override\u202c and \u200f marks",
    "tabs\tand\nnew lines",
    "x" * 10_000,
]


@pytest.mark.parametrize(
    "note",
    NOTES,
    ids=["hebrew", "arabic", "mixed-emoji", "bidi-controls", "tab-newline", "max-length"],
)
def test_rtl_and_emoji_round_trip_exactly(tmp_path, store, article, make, note):
    a = store.add(make(note=note, evidence={"who": note[:200]}))
    assert store.get(a.id).note == note
    for name in ("n.jsonld", "n.csv"):
        from helpers.formats import write_csv

        writer = write_w3c if name.endswith("jsonld") else write_csv
        path = writer([a], tmp_path / name, article)
        back = read_file(path, article)
        assert back.errors == [] and back.annotations[0].note == note
        assert back.annotations[0] == a


def test_typed_control_characters_are_removed(store, make):
    a = store.add(make(note="pasted\x00 from\x0c a PDF\x1b"))
    assert a.note == "pasted from a PDF"
    b = store.update(a.id, note="again\x07", evidence={"citation": "x\x08y"})
    assert b.note == "again" and b.evidence["citation"] == "xy"


def test_note_over_the_limit_is_rejected_when_typed(store, make):
    with pytest.raises(AnnotationError) as e:
        make(note="x" * 1_048_576)
    assert e.value.field == "note" and "1,048,576 characters" in str(e.value)


# -- duplicates ------------------------------------------------------------------------------------
def test_duplicate_ids_in_one_file(tmp_path, store, article, three):
    doc = to_w3c(three, article)
    doc["first"]["items"][2] = copy.deepcopy(doc["first"]["items"][0])
    path = tmp_path / "dupes.jsonld"
    path.write_text(json.dumps(doc), encoding="utf-8")
    report = import_file(path, store)
    assert len(report.added) == 2 and report.errors[0].field == "id"
    assert "record 3" in str(report.errors[0]) and "record 1" in str(report.errors[0])


def test_id_already_in_store_is_never_overwritten(tmp_path, store, article, three):
    store.add(three[1])
    changed = copy.deepcopy(annotation_to_w3c(three[1], article))
    _body(changed, "note", "a sneaky new note")
    path = tmp_path / "again.jsonld"
    path.write_text(json.dumps([changed]), encoding="utf-8")
    report = import_file(path, store)
    assert report.added == [] and [a.id for a in report.skipped] == [three[1].id]
    assert store.get(three[1].id).note == "middle"


# -- nothing written over existing files -----------------------------------------------------------
def test_store_that_is_not_sqlite(tmp_path, three, article, capsys):
    bad = tmp_path / "annotations.sqlite"
    bad.write_bytes(b"PK\x03\x04 a zip file, not a database")
    before = bad.read_bytes()
    with pytest.raises(StoreError) as e:
        AnnotationStore(bad)
    assert str(bad) in str(e.value) and "not an SQLite" in str(e.value)
    hand_in = write_w3c(three, tmp_path / "h.jsonld", article)
    assert cli.main(["import", str(hand_in), "--db", str(bad)]) == 2
    assert "not an SQLite" in capsys.readouterr().err
    assert bad.read_bytes() == before


def test_export_never_overwrites(tmp_path, store, three):
    store.add_many(three)
    out = tmp_path / "mine.jsonld"
    out.write_text("my earlier hand-in", encoding="utf-8")
    assert cli.main(["export", "--format", "w3c", "--out", str(out), "--db", str(store.path)]) == 2
    assert out.read_text(encoding="utf-8") == "my earlier hand-in"


def test_exit_code_1_names_each_rejected_record(tmp_path, store, article, three, capsys):
    doc = to_w3c(three, article)
    _body(doc["first"]["items"][0], "claim_type", "gossip")
    doc["first"]["items"][2]["creator"]["name"] = "../x"
    path = tmp_path / "mixed.jsonld"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert cli.main(["import", str(path), "--db", str(store.path)]) == 1
    err = capsys.readouterr().err
    assert "mixed.jsonld record 1" in err and "'claim_type'" in err
    assert "mixed.jsonld record 3" in err and "'annotator'" in err
    assert len(store) == 1
