"""Load on the hub machine: 30 students, one process each with its own store, save their work
and press Hand in at the same moment into one inbox. Every annotation is in every store, every
hand-in is in the inbox (30 files, each readable, none overwritten), and collect on the inbox
finds the 30 students and all their annotations."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import hub
from helpers.classroom.collect import collect
from helpers.classroom.inbox import handed_in, student_work
from helpers.formats import read_file
from helpers.store import AnnotationStore
from helpers.tools.hub_load import run_class, student_name

STUDENTS = 30
PER_STUDENT = 5


@pytest.mark.skipif(not hasattr(os, "fork"), reason="one forked process per student")
def test_thirty_students_hand_in_at_the_same_moment(tmp_path, article):
    inbox = hub.prepare_inbox(tmp_path / "inbox")
    done, elapsed = run_class(STUDENTS, inbox, tmp_path / "homes", PER_STUDENT)
    assert [d.error for d in done if d.error] == []
    assert [d.user for d in done] == [student_name(i) for i in range(1, STUDENTS + 1)]
    print(f"30 hand-ins at once: {elapsed:.2f} s")

    for d in done:  # every annotation and answer stayed in the student's own store
        store = AnnotationStore(d.store, article=article)
        try:
            assert len(store.list(annotator=d.user)) == PER_STUDENT, d.user
            assert [a["question_id"] for a in store.answers(d.user)] == ["lede-read-1"]
        finally:
            store.close()

    files = sorted(p for p in inbox.iterdir())
    assert len(files) == STUDENTS  # none lost, none overwritten, no temporary file left
    assert sorted(str(p) for p in files) == sorted(d.handin for d in done)
    for path in files:
        name = hub.parse_inbox_name(path.name)
        assert name is not None and name.part == "nato"
        result = read_file(path, article)
        assert result.errors == [] and len(result.annotations) == PER_STUDENT
        assert {a.annotator for a in result.annotations} == {name.user}  # its own work
        assert result.handed_in_by == [name.user]
        assert path.read_bytes() == Path(_local(done, name.user)).read_bytes()  # the same file

    table = handed_in(inbox, roster=[d.user for d in done])
    assert table.shape == (STUDENTS, 1) and table.notna().all().all()
    assert len(student_work(inbox, done[0].user).annotations) == PER_STUDENT

    results = collect(inbox)
    assert results.students == [d.user for d in done]
    assert len(results.annotations) == STUDENTS * PER_STUDENT
    assert results.rejected.empty and len(results.answers) == STUDENTS


def _local(done, user) -> str:
    return next(d.local for d in done if d.user == user)


def test_one_student_alone(tmp_path, article):
    inbox = hub.prepare_inbox(tmp_path / "inbox")
    (done,), elapsed = run_class(1, inbox, tmp_path / "homes", PER_STUDENT)
    assert done.error == "" and elapsed > 0
    assert [p.name for p in inbox.iterdir()] == [os.path.basename(done.handin)]
