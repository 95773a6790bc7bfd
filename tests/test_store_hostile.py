"""A damaged store or a hostile machine: always a clear StoreError, never a raw sqlite3
traceback, and never committed work lost without a word."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3

import pytest

from helpers.store import AnnotationStore, StoreError


@pytest.fixture
def saved(tmp_path, article, make):
    """A store file with two annotations in it, closed."""
    path = tmp_path / "s.sqlite"
    anns = [make("lede-1", note="one"), make("nato-2", note="two")]
    with AnnotationStore(path, article=article) as store:
        for ann in anns:
            store.add(ann)
    return path, anns


def test_closing_puts_every_annotation_in_the_main_file(tmp_path, saved, article):
    path, anns = saved
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    copy = tmp_path / "copied" / "s.sqlite"  # copied without its -wal
    copy.parent.mkdir()
    shutil.copy(path, copy)
    with AnnotationStore(copy, article=article) as store:
        assert {a.id for a in store.list()} == {a.id for a in anns}


def test_checkpoint_while_open(tmp_path, article, make):
    path = tmp_path / "s.sqlite"
    store = AnnotationStore(path, article=article)
    store.add(make("lede-1"))
    store.checkpoint()
    copy = tmp_path / "copy.sqlite"
    shutil.copy(path, copy)
    with AnnotationStore(copy, article=article) as other:
        assert len(other) == 1
    store.close()


def test_read_only_store(saved, article, make):
    path, anns = saved
    store = AnnotationStore(path, article=article)
    store._conn.close()  # as if the file could only be read (root ignores chmod)
    store._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    with pytest.raises(StoreError, match="read-only") as e:
        store.add(make("alliance-3"))
    assert e.value.file == str(path) and "ANNOTATIONS_DB" in str(e.value)
    assert len(store.list()) == 2  # reading still works
    store._conn.close()


def test_disk_full_keeps_what_was_saved(saved, article, make):
    path, anns = saved
    store = AnnotationStore(path, article=article)
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError, match="disk is full") as e:
        for _ in range(50):
            store.add(make("alliance-3", note="x" * 9000))
    assert "not saved" in str(e.value) and "safe" in str(e.value)
    store._conn.close()
    with AnnotationStore(path, article=article) as again:
        assert {a.id for a in anns} <= {a.id for a in again.list()}


def test_a_write_lock_held_too_long(saved, article, make):
    path, _ = saved
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        store = AnnotationStore(path, article=article, timeout=0.2)
        with pytest.raises(StoreError, match="busy"):
            store.add(make("alliance-3"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    store.add(make("alliance-3"))  # and it works once the other program lets go
    store.close()


def test_a_malformed_page(saved, article):
    path, _ = saved
    data = bytearray(path.read_bytes())
    for i in range(4096, min(len(data), 4096 * 3)):
        data[i] = 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged|not an annotation store") as e:
        with AnnotationStore(path, article=article) as store:
            store.list()
    assert "Traceback" not in str(e.value)


def test_a_table_missing_from_a_versioned_store(saved, article):
    path, _ = saved
    with sqlite3.connect(path) as con:
        con.execute("DROP TABLE attempts")
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="attempts table is missing"):
        AnnotationStore(path, article=article)
    assert path.read_bytes() == before


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_not_a_regular_file(tmp_path, article, kind):
    if kind == "fifo":
        path = tmp_path / "pipe.sqlite"
        os.mkfifo(path)
    else:
        path = "/dev/null"
    with pytest.raises(StoreError, match="not a regular file"):
        AnnotationStore(path, article=article)


def test_a_new_field_upgrades_a_copy_first(tmp_path, saved, article):
    from test_fields import extended_scheme

    path, anns = saved
    scheme = extended_scheme(tmp_path)
    with AnnotationStore(path, article=article, scheme=scheme) as store:
        assert len(store.list()) == 2
    backups = list(path.parent.glob("s.sqlite.backup-*"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as con:
        assert con.execute("SELECT count(*) FROM annotations").fetchone()[0] == 2
        columns = [r[1] for r in con.execute("PRAGMA table_info(annotations)")]
    con.close()
    assert "stance" not in columns  # the copy is the store as it was


def test_settings_survive(saved, article):
    path, _ = saved
    with AnnotationStore(path, article=article) as store:
        store.set_setting("annotator", {"name": "ana"})
    with AnnotationStore(path, article=article) as store:
        assert store.get_setting("annotator") == json.loads('{"name": "ana"}')
