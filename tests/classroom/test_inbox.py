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


# -- hand-ins after seeing the class's answers -------------------------------------------------
T0 = datetime(2024, 3, 14, 9, 0, tzinfo=UTC)


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _deliver_at(folder, doc, user, part, minutes, n):
    path = folder / hub.inbox_name(user, ART, part, _at(minutes), f"{n:016x}")
    path.write_text(dump_json(doc))
    return path


def _opened(user, part, minutes):
    from helpers.classroom.classview_log import Opened

    return Opened(user, ART, part, _at(minutes))


def test_a_handin_after_seeing_the_class_is_marked(tmp_path, docs):
    from helpers.classroom.inbox import after_viewing, lesson_marks

    folder = hub.prepare_inbox(tmp_path / "inbox")
    a, b, c = sorted(docs)
    # a, the five-lesson route as meant: lede, sees the lede's view, then the next lesson
    _deliver_at(folder, docs[a], a, "lede", 0, 1)
    _deliver_at(folder, docs[a], a, "alliance", 50, 2)
    # b hands in early, sees the class's answers, then hands in the same lesson again
    _deliver_at(folder, docs[b], b, "alliance", 2, 3)
    again = _deliver_at(folder, docs[b], b, "alliance", 40, 4)
    # c, the three-lesson route: hands in from notebook 3 early, sees notebook 2's class
    # view, then hands in from notebook 3 again (and once from notebook 2)
    _deliver_at(folder, docs[c], c, "nato", 3, 5)
    resent = _deliver_at(folder, docs[c], c, "nato", 45, 6)
    from_02 = _deliver_at(folder, docs[c], c, "alliance", 46, 7)
    opened = [_opened(a, "lede", 10), _opened(a, "lede", 55), _opened(b, "alliance", 5),
              _opened(b, "alliance", 30), _opened(c, "alliance", 4), _opened(c, "stakes", 1)]
    scan = scan_inbox(folder)
    marks = after_viewing(scan, opened)
    assert set(marks) == {again, resent, from_02}
    assert marks[again].opened == _at(5) and marks[again].handed == _at(40)  # the first view
    assert marks[resent].viewed == (ART, "alliance") and marks[resent].lesson == (ART, "nato")
    cells = lesson_marks(scan, opened)
    assert set(cells) == {(b, (ART, "alliance")), (c, (ART, "nato")), (c, (ART, "alliance"))}
    assert cells[(b, (ART, "alliance"))].handed == handed_in(folder).loc[b, (ART, "alliance")]
    assert after_viewing(scan, []) == {} and after_viewing(scan, [_opened("x", "lede", 1)]) == {}
    work = student_work(folder, c, scan, opened)
    assert list(work.handins["viewed_part"]) == ["", "alliance", "alliance"]
    assert work.handins["viewed_time"].iloc[1] == _at(4)
    assert pd.isna(work.handins["viewed_time"].iloc[0])
    assert student_work(folder, a, scan, opened).handins["viewed_part"].tolist() == ["", ""]


def test_the_log_is_appended_whole_and_read_back(tmp_path):
    import threading

    from helpers.classroom.classview_log import read_opened, record_opened, views_log_path

    log = views_log_path(tmp_path / "teacher" / "switch.json")
    assert log == tmp_path / "teacher" / "class-view-opened.jsonl"
    log.parent.mkdir()
    users = [f"s{i:02d}" for i in range(30)]

    def student(user):
        for part in ("lede", "alliance", "nato"):
            record_opened(log, user, ART, part)

    threads = [threading.Thread(target=student, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records, problem = read_opened(log)
    assert problem == "" and len(records) == 90
    assert {(r.user, r.part) for r in records} == {(u, p) for u in users
                                                  for p in ("lede", "alliance", "nato")}
    assert records == sorted(records, key=lambda r: r.time)
    with pytest.raises(ValueError):
        record_opened(log, "ana", "../x", "lede")


def test_a_missing_or_hostile_log_is_named_never_raised(tmp_path, monkeypatch):
    from helpers.classroom import classview_log
    from helpers.classroom.classview_log import read_opened, record_opened

    log = tmp_path / "class-view-opened.jsonl"
    assert read_opened(log) == ([], "")  # nobody has opened the class view yet
    monkeypatch.delenv(hub.CLASS_VIEW_SWITCH_ENV, raising=False)
    assert read_opened() == ([], "")  # not on a hub
    secret = tmp_path / "secret"
    secret.write_text('{"user":"ana","article":"france-alliance","part":"lede",'
                      '"time":"2024-03-14T09:00:00.000000Z"}\n')
    log.symlink_to(secret)
    assert read_opened(log) == ([], "class-view-opened.jsonl is not a regular file; it was not "
                                    "read")
    log.unlink()
    os.mkfifo(log)
    assert "not a regular file" in read_opened(log)[1]  # never opened: no hang
    log.unlink()
    with open(log, "wb") as f:
        f.truncate(classview_log.MAX_LOG_BYTES + 1)
    assert "too big" in read_opened(log)[1]
    log.unlink()
    record_opened(log, "ana", ART, "lede", T0)
    with open(log, "ab") as f:
        f.write(b"not json\n[1]\n" + b'{"user":"../x","article":"a","part":"b","time":"t"}\n'
                + b'{"user":"ben","article":"' + b"a" * 600 + b'"}\n' + b"\xff\xfe\n"
                + b'{"user":"ben","article":"france-alliance","part":"lede","time":"2024')
    records, problem = read_opened(log)
    assert [(r.user, r.time) for r in records] == [("ana", T0)]
    assert problem == "5 line(s) of class-view-opened.jsonl are not records of the class view; " \
                      "skipped"  # the last line, being written, is not counted
    monkeypatch.setattr(classview_log, "MAX_LOG_RECORDS", 2)
    assert "more than 2 lines" in read_opened(log)[1]
    # the readers of the inbox go on whatever the log is
    folder = hub.prepare_inbox(tmp_path / "inbox")
    assert student_work(folder, "ana", opened=read_opened(log)[0]).empty


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another account needs root")
def test_the_log_the_hubs_root_service_writes_is_the_teachers(tmp_path):
    """On an isolated hub the service runs as root and writes into the teacher's own folder:
    the new log belongs to the folder's owner (the teacher reads it), mode 0o600."""
    from helpers.classroom.classview_log import ViewsLogError, read_opened, record_opened

    folder = tmp_path / "teacher"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    log = folder / "class-view-opened.jsonl"
    record_opened(log, "ana", ART, "lede")
    record_opened(log, "ben", ART, "lede")
    info = log.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (65534, 65534, 0o600)
    assert [r.user for r in read_opened(log)[0]] == ["ana", "ben"]
    (folder / "other").write_text("x")
    os.unlink(log)
    os.link(folder / "other", log)  # a second name of another file: never written
    with pytest.raises(ViewsLogError, match="not a regular file of its own"):
        record_opened(log, "ana", ART, "lede")
