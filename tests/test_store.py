"""AnnotationStore: add, update, delete/restore, list, frames, settings, attempts, file safety."""

from __future__ import annotations

import sqlite3

import pytest

from helpers.annotations import AnnotationError
from helpers.store import SCHEMA_VERSION, AnnotationStore, StoreError, default_path


def test_add_get_list(store, make):
    a = store.add(make("nato-2", "90,000 troops"))
    b = store.add(make("lede-1", annotator="ben"))
    assert store.get(a.id) == a
    assert [x.id for x in store.list()] == [b.id, a.id]  # reading order
    assert [x.id for x in store.list(annotator="ana")] == [a.id]
    assert [x.id for x in store.list(part="lede")] == [b.id]
    assert len(store) == 2 and store.annotators() == ["ana", "ben"]


def test_add_twice_is_refused(store, make):
    a = store.add(make())
    with pytest.raises(AnnotationError, match="already in the store"):
        store.add(a)


def test_add_validates(store, make):

    with pytest.raises(AnnotationError):
        store.add(make().replace(start=0))
    assert store.list() == []


def test_update(store, make):
    a = store.add(make("nato-2"))
    b = store.update(a.id, verdict="refuted", note="wrong\x07", evidence={"who": "NATO"})
    assert b.verdict == "refuted" and b.note == "wrong" and b.evidence["who"] == "NATO"
    assert b.modified >= a.modified and b.created == a.created
    assert store.get(a.id) == b
    c = store.update(a.id, quote="90,000 troops")
    assert c.quote == "90,000 troops" and c.sentence_id == "nato-2" and c.verdict == "refuted"
    d = store.update(a.id, sentence_id="lede-2")
    assert d.part == "lede" and d.quote == store.article.sentence("lede-2").text
    with pytest.raises(AnnotationError, match="annotator"):
        store.update(a.id, annotator="eve")
    with pytest.raises(AnnotationError, match="claim_type"):
        store.update(a.id, claim_type="gossip")
    assert store.get(a.id) == d
    with pytest.raises(KeyError):
        store.update("nope", note="x")


def test_delete_and_restore(store, make):
    a = store.add(make())
    assert store.delete(a.id) == a
    assert store.list() == [] and len(store) == 0
    with pytest.raises(KeyError, match="deleted"):
        store.get(a.id)
    assert store.get(a.id, include_deleted=True) == a
    assert [x.id for x in store.list(include_deleted=True)] == [a.id]
    store.restore(a.id)
    assert store.get(a.id) == a
    with pytest.raises(KeyError):
        store.delete("no-such-id")


def test_to_frame(store, make):
    empty = store.to_frame()
    assert len(empty) == 0 and "evidence_who" in empty.columns and "quote" in empty.columns
    store.add(make("nato-2", "90,000 troops", confidence=3, techniques=["doubt"]))
    store.add(make("lede-1", annotator="ben"))
    gone = store.add(make("lede-2", annotator="ben"))
    store.delete(gone.id)
    f = store.to_frame()
    assert list(f["annotator"]) == ["ben", "ana"]
    assert f.loc[1, "techniques"] == ("doubt",) and f.loc[1, "confidence"] == 3
    assert len(store.to_frame(annotator="ben")) == 1
    g = store.to_frame(include_deleted=True)
    assert g["deleted"].tolist() == [False, True, False]


def test_settings_and_attempts(store):
    assert store.get_setting("annotator") is None
    assert store.get_setting("annotator", "x") == "x"
    store.set_setting("annotator", "ana")
    store.set_setting("annotator", "Ana")
    assert store.get_setting("annotator") == "Ana"
    assert len(store.attempts()) == 0
    store.record_attempt("ana", "q1", ["a", "b"], True)
    store.record_attempt("ben", "q1", "c", False)
    f = store.attempts()
    assert f["answer"].tolist() == [["a", "b"], "c"] and f["correct"].tolist() == [True, False]
    assert len(store.attempts("ben")) == 1
    with pytest.raises(AnnotationError):
        store.record_attempt("../x", "q1", "c", False)


def test_persists_and_reopens(tmp_path, make, article):
    p = tmp_path / "deep" / "er" / "s.sqlite"
    with AnnotationStore(p, article=article) as s:
        a = s.add(make())
    with AnnotationStore(p, article=article) as s:
        assert s.get(a.id) == a
    con = sqlite3.connect(p)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION


def test_env_var_and_default(tmp_path, monkeypatch):
    p = tmp_path / "env.sqlite"
    monkeypatch.setenv("ANNOTATIONS_DB", str(p))
    assert default_path() == p
    with AnnotationStore() as s:
        assert s.path == p
    assert p.exists()
    monkeypatch.delenv("ANNOTATIONS_DB")
    assert str(default_path()).endswith(".local/share/news-claims/annotations.sqlite")


def test_not_sqlite_is_left_untouched(tmp_path):
    p = tmp_path / "notes.sqlite"
    p.write_bytes(b"my essay, not a database\n" * 10)
    before = p.read_bytes()
    with pytest.raises(StoreError, match="not an SQLite") as e:
        AnnotationStore(p)
    assert str(p) in str(e.value)
    assert p.read_bytes() == before


def test_newer_schema_is_left_untouched(tmp_path):
    p = tmp_path / "new.sqlite"
    con = sqlite3.connect(p)
    con.executescript(
        f"CREATE TABLE schema_version (version INTEGER);"
        f"INSERT INTO schema_version VALUES ({SCHEMA_VERSION + 1});"
    )
    con.close()
    before = p.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        AnnotationStore(p)
    assert p.read_bytes() == before


def test_other_programs_database(tmp_path):
    p = tmp_path / "other.sqlite"
    con = sqlite3.connect(p)
    con.executescript("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');")
    con.close()
    with pytest.raises(StoreError, match="another program"):
        AnnotationStore(p)
    assert sqlite3.connect(p).execute("SELECT name FROM recipes").fetchall() == [("soup",)]


def test_folder_is_refused(tmp_path):
    with pytest.raises(StoreError, match="folder"):
        AnnotationStore(tmp_path)


def test_add_many_skips_existing(store, make):
    a, b = make(), make("lede-1")
    store.add(a)
    added, skipped = store.add_many([a, b])
    assert [x.id for x in added] == [b.id] and [x.id for x in skipped] == [a.id]
    assert len(store) == 2


def test_import_is_light():
    import subprocess
    import sys

    code = "import sys, helpers.store; print('pandas' in sys.modules, 'jsonschema' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
