"""Faults: two processes saving at once lose and duplicate nothing; a kernel killed with SIGKILL
in the middle of a burst of saves leaves a sound store holding every committed annotation."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from helpers.store import AnnotationStore

CHILD = r"""
import os, sys, time
from helpers.article import load_article
from helpers.annotations import Annotation
from helpers.store import AnnotationStore

db, who, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
article = load_article()
store = AnnotationStore(db, article=article)
sentences = article.sentences
anns = [Annotation.new(article, who, sentences[i % len(sentences)].id,
                       claim_type="factual", check_worthy="yes", note=f"{who} {i}")
        for i in range(count)]
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.001)
for ann in anns:
    store.add(ann)
    print(ann.id, flush=True)  # printed only after the commit returned
print("done", flush=True)
"""


def _spawn(db, who, count, go):
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), who, str(count), str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_ready(proc):
    line = proc.stdout.readline()
    assert line.strip() == "ready", proc.stderr.read()


def test_two_processes_500_each(tmp_path):
    """Both children also create the (new) store file at the same moment."""
    db, go = tmp_path / "shared.sqlite", tmp_path / "go"
    procs = [_spawn(db, who, 500, go) for who in ("kernel-a", "kernel-b")]
    for p in procs:
        _wait_ready(p)
    go.touch()
    printed = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        printed += [x for x in out.split() if x != "done"]
    with AnnotationStore(db) as s:
        stored = s.list()
        assert len(stored) == 1000
        assert {a.id for a in stored} == set(printed) and len(set(printed)) == 1000
        assert len(s.list(annotator="kernel-a")) == len(s.list(annotator="kernel-b")) == 500
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_sigkill_mid_burst_keeps_every_committed_record(tmp_path):
    db, go = tmp_path / "killed.sqlite", tmp_path / "go"
    AnnotationStore(db).close()
    proc = _spawn(db, "victim", 5000, go)
    _wait_ready(proc)
    go.touch()
    committed = []
    deadline = time.monotonic() + 20
    while len(committed) < 200 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        committed.append(line.strip())
    os.kill(proc.pid, signal.SIGKILL)
    rest, _ = proc.communicate(timeout=10)
    committed += [x for x in rest.split() if x != "done"]
    assert proc.returncode == -signal.SIGKILL, "the child finished before it was killed"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    with AnnotationStore(db) as s:
        stored = {a.id for a in s.list()}
        assert set(committed) <= stored
        assert len(stored) - len(committed) <= 1  # at most the save cut off before its print
        s.add_many([])  # still writable
