"""The teacher's inbox, read: who handed in which lesson (with the class list), one student's
work in one place, hostile things in the inbox named and never followed, collect on an inbox."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from helpers import hub
from helpers.classroom.collect import MAX_HANDIN_BYTES, collect
from helpers.classroom.inbox import (
    WHOLE_UNIT,
    handed_in,
    lesson_order,
    not_handed_in,
    roster_names,
    scan_inbox,
    student_work,
)
from helpers.classroom.report import CollectError
from helpers.classroom.sample_class import generate
from helpers.formats.files import dump_json

ART = "france-alliance"


@pytest.fixture
def docs():
    """Three synthetic students' hand-in documents (annotations, answers, tries, searches)."""
    return {name.rsplit("-", 1)[0]: doc for name, doc, _a, _p in generate(n_students=3)}


@pytest.fixture
def inbox(tmp_path, docs):
    folder = hub.prepare_inbox(tmp_path / "inbox")
    a, b, _c = sorted(docs)
    hub.deliver(dump_json(docs[a]), a, ART, "lede", folder)
    hub.deliver(dump_json(docs[a]), a, ART, "nato", folder)
    hub.deliver(dump_json(docs[a]), a, ART, "nato", folder)  # again, later
    hub.deliver(dump_json(docs[b]), b, ART, "nato", folder)
    return folder


def test_handed_in_with_a_roster(inbox, docs):
    a, b, c = sorted(docs)
    table = handed_in(inbox, roster=["dora", a, c])
    assert list(table.index) == ["dora", a, c, b]  # the class list first, then the others
    assert list(table.columns) == [(ART, "lede"), (ART, "nato")]  # teaching order
    entries = scan_inbox(inbox).entries
    latest_nato = max(e.time for e in entries if e.user == a and e.part == "nato")
    assert table.loc[a, (ART, "nato")] == latest_nato
    assert not pd.isna(table.loc[b, (ART, "nato")]) and pd.isna(table.loc[b, (ART, "lede")])
    assert not_handed_in(table) == ["dora", c]
    assert not_handed_in(table, (ART, "lede")) == ["dora", c, b]
    assert not_handed_in(table, ("other", "text")) == ["dora", a, c, b]


def test_roster_from_the_environment(inbox, tmp_path, monkeypatch):
    roster = tmp_path / "class.txt"
    roster.write_text("# 10B\nzoe\nAna María\n", encoding="utf-8")
    monkeypatch.setenv(hub.ROSTER_ENV, str(roster))
    assert roster_names() == ["zoe", "Ana_Maria"]  # as the inbox names them
    assert handed_in(inbox).index[:2].tolist() == ["zoe", "Ana_Maria"]
    monkeypatch.delenv(hub.ROSTER_ENV)
    assert "zoe" not in handed_in(inbox).index


def test_an_empty_inbox_and_a_missing_one(tmp_path):
    empty = hub.prepare_inbox(tmp_path / "inbox")
    table = handed_in(empty, roster=["ana"])
    assert list(table.index) == ["ana"] and table.shape[1] == 0
    assert not_handed_in(table) == ["ana"]
    with pytest.raises(CollectError, match="cannot be opened"):
        handed_in(tmp_path / "none")
    (tmp_path / "file").write_text("x")
    with pytest.raises(CollectError, match="not a folder"):
        scan_inbox(tmp_path / "file")


def test_student_work_in_one_place(inbox, docs):
    a, b, c = sorted(docs)
    work = student_work(inbox, a)
    assert len(work.handins) == 3 and list(work.handins["part"]) == ["lede", "nato", "nato"]
    assert work.problems.empty, work.problems["problem"].tolist()[:3]
    items = docs[a]["first"]["items"]
    n_annotations = sum(1 for i in items if i["motivation"] not in
                        ("replying", "assessing", "bookmarking"))
    assert len(work.annotations) == n_annotations  # three copies, each annotation once
    assert set(work.annotations["annotator"]) == {a}
    n_answers = sum(1 for i in items if i["motivation"] == "replying")
    assert len(work.answers) == n_answers and n_answers > 0
    assert len(work.attempts) > 0 and len(work.searches) > 0
    assert work.problems.empty and not work.empty
    assert student_work(inbox, c).empty


def test_hostile_things_in_the_inbox(inbox, tmp_path, docs):
    a = sorted(docs)[0]
    secret = tmp_path / "secret.jsonld"
    secret.write_text(dump_json(docs[a]))
    when = datetime(2024, 3, 10, 10, 0, tzinfo=UTC)

    def name(part, i):
        return hub.inbox_name(a, ART, part, when + timedelta(seconds=i), f"{i:016x}")

    (inbox / name("russia", 1)).symlink_to(secret)  # a link: never followed
    os.mkfifo(inbox / name("russia", 2))  # a pipe: never opened
    (inbox / name("russia", 3)).mkdir()  # a folder
    with open(inbox / name("stakes", 4), "wb") as f:  # too big: refused before reading
        f.truncate(MAX_HANDIN_BYTES + 1)
    (inbox / name("stakes", 5)).write_text('{"type": "AnnotationCollection", ')  # cut off
    stranger = hub.inbox_name(a, "no-such-article", "text", when, "f" * 16)
    (inbox / stranger).write_text(dump_json(docs[a]))
    (inbox / "notes.txt").write_text("not a hand-in")
    (inbox / ".half-written.part").write_text("{")
    scan = scan_inbox(inbox)
    problems = {s["file"]: s["problem"] for s in scan.skipped}
    assert problems[name("russia", 1)] == "is a link; it was not followed"
    assert "not a regular file" in problems[name("russia", 2)]
    assert "is a folder" in problems[name("russia", 3)]
    assert problems["notes.txt"] == "is not named like a hand-in"
    assert ".half-written.part" not in problems
    table = handed_in(inbox)
    assert (ART, "russia") not in table.columns and (ART, "stakes") in table.columns
    work = student_work(inbox, a, scan)
    said = dict(zip(work.problems["file"], work.problems["problem"], strict=True))
    assert "too big" in said[name("stakes", 4)]
    assert "cut off" in said[name("stakes", 5)]
    assert "which this computer does not have" in said[stranger]
    assert str(tmp_path) not in " ".join(said.values())  # file names, not the teacher's paths
    assert len(work.annotations) > 0  # the good hand-ins still count


def test_laptop_hand_ins_say_who_and_when(tmp_path, docs, monkeypatch):
    a = sorted(docs)[0]
    folder = tmp_path / "gathered"
    folder.mkdir()
    (folder / f"{a}-20240314T093200Z.jsonld").write_text(dump_json(docs[a]))
    (folder / f"{a}-20240314T093200Z-2.jsonld").write_text(dump_json(docs[a]))
    table = handed_in(folder)
    assert list(table.columns) == [(ART, WHOLE_UNIT)] and list(table.index) == [a]
    (folder / "no-such-article-ben-20240314T093200Z.jsonld").write_text("{}")
    assert "no-such-article-ben" in handed_in(folder).index  # not an article here: a name
    from helpers.classroom import inbox as inbox_module

    monkeypatch.setattr(inbox_module, "_other_articles", lambda: ("end-of-unit",))
    (folder / "end-of-unit-ben-20240314T093200Z.jsonld").write_text("{}")
    assert handed_in(folder).loc["ben", ("end-of-unit", WHOLE_UNIT)].year == 2024
    assert len(student_work(folder, a).handins) == 2


def test_lesson_order():
    lessons = [("zz-other", "b"), (ART, WHOLE_UNIT), (ART, "stakes"), (ART, "lede"),
               ("zz-other", "a")]
    assert lesson_order(lessons) == [
        (ART, "lede"), (ART, "stakes"), (ART, WHOLE_UNIT), ("zz-other", "a"), ("zz-other", "b")
    ]


def test_collect_reads_an_inbox(inbox, docs):
    a, b, _c = sorted(docs)
    results = collect(inbox)
    assert results.students == [a, b] and results.rejected.empty
    assert len(results.files_read) == 4
    expected = sum(
        1 for who in (a, b) for i in docs[who]["first"]["items"]
        if i["motivation"] not in ("replying", "assessing", "bookmarking")
    )
    assert len(results.annotations) == expected  # a's three hand-ins merged by id
