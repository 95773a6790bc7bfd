"""helpers/hub.py: the teacher's inbox (modes, new files only, no links followed, clashes,
clear messages), inbox file names, the roster, the environment names."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from helpers import hub
from helpers.paths import check_article_name

DOC = '{"type": "AnnotationCollection"}\n'


def as_user(uid: int, gid: int, func) -> int:
    """Run ``func()`` in a child process as another system user (root only); its exit code:
    0 when ``func`` returned, 1 when it raised ``InboxError``, 2 ``PermissionError``."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 3
        try:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            func()
            code = 0
        except hub.InboxError:
            code = 1
        except PermissionError:
            code = 2
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to act as other users"
)
NOBODY = 65534


@pytest.fixture
def shared(tmp_path_factory):
    """A folder other users can reach (pytest's own temporary folders are private)."""
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="news-claims-hub-")
    os.chmod(folder, 0o755)
    yield Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


def test_prepare_inbox_sets_the_modes_and_is_idempotent(tmp_path):
    inbox = hub.prepare_inbox(tmp_path / "class" / "inbox")
    mode = os.stat(inbox).st_mode
    assert stat.S_IMODE(mode) == hub.INBOX_MODE
    assert mode & stat.S_ISVTX and mode & stat.S_ISGID and not mode & stat.S_IROTH
    (inbox / "kept.jsonld").write_text(DOC)
    assert hub.prepare_inbox(inbox) == inbox  # again: same folder, same modes, files kept
    assert stat.S_IMODE(os.stat(inbox).st_mode) == hub.INBOX_MODE
    assert (inbox / "kept.jsonld").read_text() == DOC
    os.chmod(inbox, 0o755)  # opened up by mistake: closed again
    hub.prepare_inbox(inbox)
    assert stat.S_IMODE(os.stat(inbox).st_mode) == hub.INBOX_MODE


def test_prepare_inbox_refuses_a_link_or_a_file(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(hub.InboxError, match="symbolic link"):
        hub.prepare_inbox(tmp_path / "link")
    assert stat.S_IMODE(os.stat(real).st_mode) != hub.INBOX_MODE  # untouched through the link
    (tmp_path / "file").write_text("x")
    with pytest.raises(hub.InboxError, match="not a folder"):
        hub.prepare_inbox(tmp_path / "file")


@needs_root
def test_prepare_inbox_refuses_someone_elses_open_folder(shared):
    inbox = shared / "open"
    inbox.mkdir()
    os.chmod(inbox, 0o755)  # root's, listable by all: another user cannot close it
    assert as_user(NOBODY, NOBODY, lambda: hub.prepare_inbox(inbox)) == 1


def test_deliver_writes_a_new_private_file(tmp_path):
    old = os.umask(0o077)  # a strict umask: the teacher's group must still read the file
    try:
        inbox = hub.prepare_inbox(tmp_path / "inbox")
        receipt = hub.deliver(DOC, "Ana María", "france-alliance", "nato", inbox)
    finally:
        os.umask(old)
    assert receipt.path.parent == inbox and receipt.path.read_text() == DOC
    assert stat.S_IMODE(os.stat(receipt.path).st_mode) == hub.HANDIN_MODE
    assert receipt.time.tzinfo is not None
    assert os.listdir(inbox) == [receipt.path.name]  # no temporary file left
    name = hub.parse_inbox_name(receipt.path.name)
    assert name.user == "Ana_Maria" and name.article == "france-alliance" and name.part == "nato"
    assert abs((name.time - receipt.time).total_seconds()) < 0.002
    assert len(name.token) == 16 and int(name.token, 16) >= 0


def test_deliver_never_overwrites_and_retries_a_clash(tmp_path, monkeypatch):
    inbox = hub.prepare_inbox(tmp_path / "inbox")
    first = hub.deliver(DOC, "ana", "france-alliance", "nato", inbox)
    tokens = iter([first.path.name.split("--")[-1][:16], "0" * 16])
    monkeypatch.setattr(hub.secrets, "token_hex", lambda n: next(tokens))
    when = hub.parse_inbox_name(first.path.name).time
    monkeypatch.setattr(hub, "datetime", _Frozen.at(when))
    second = hub.deliver("other\n", "ana", "france-alliance", "nato", inbox)
    assert first.path.read_text() == DOC  # the clash left the first file alone
    assert second.path != first.path and second.path.name.endswith("--" + "0" * 16 + ".jsonld")
    assert sorted(os.listdir(inbox)) == sorted([first.path.name, second.path.name])


class _Frozen(datetime):
    moment: datetime

    @classmethod
    def at(cls, moment):
        return type("Frozen", (cls,), {"moment": moment})

    @classmethod
    def now(cls, tz=None):
        return cls.moment


def test_deliver_does_not_write_through_a_planted_link(tmp_path, monkeypatch):
    inbox = hub.prepare_inbox(tmp_path / "inbox")
    target = tmp_path / "victim.txt"
    target.write_text("precious")
    monkeypatch.setattr(hub.secrets, "token_hex", lambda n: "a" * 16)
    when = datetime(2024, 3, 10, 10, 42, tzinfo=UTC)
    monkeypatch.setattr(hub, "datetime", _Frozen.at(when))
    name = hub.inbox_name("ana", "france-alliance", "nato", when, "a" * 16)
    (inbox / name).symlink_to(target)
    (inbox / f".{name}.part").symlink_to(target)
    with pytest.raises(hub.InboxError, match="No free file name"):
        hub.deliver(DOC, "ana", "france-alliance", "nato", inbox)
    assert target.read_text() == "precious"


def test_deliver_explains_a_missing_or_wrong_inbox(tmp_path, monkeypatch):
    with pytest.raises(hub.InboxError, match="does not exist") as info:
        hub.deliver(DOC, "ana", "france-alliance", "nato", tmp_path / "none")
    assert str(tmp_path) in str(info.value) and str(tmp_path) not in info.value.plain
    (tmp_path / "file").write_text("x")
    with pytest.raises(hub.InboxError, match="not a folder"):
        hub.deliver(DOC, "ana", "france-alliance", "nato", tmp_path / "file")
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(hub.InboxError, match="link"):
        hub.deliver(DOC, "ana", "france-alliance", "nato", tmp_path / "link")
    monkeypatch.delenv(hub.INBOX_ENV, raising=False)
    assert not hub.on_hub() and hub.inbox_path() is None
    with pytest.raises(hub.InboxError, match="not on a class hub"):
        hub.deliver(DOC, "ana", "france-alliance", "nato")
    with pytest.raises(ValueError, match="cannot go into an inbox file name"):
        hub.deliver(DOC, "ana", "../etc", "nato", tmp_path / "real")
    with pytest.raises(ValueError, match="cannot go into an inbox file name"):
        hub.deliver(DOC, "ana", "france-alliance", "a--b", tmp_path / "real")


@needs_root
def test_students_add_files_but_never_read_list_or_replace_others(shared):
    inbox = hub.prepare_inbox(shared / "inbox", owner=0, group=0)
    teachers = hub.deliver(DOC, "t1", "france-alliance", "nato", inbox)  # root's: "another's"

    def student(action):
        return as_user(NOBODY, NOBODY, action)

    def overwrite():
        own = hub.deliver("mine\n", "s1", "france-alliance", "nato", inbox)
        os.replace(own.path, teachers.path)

    assert student(lambda: hub.deliver(DOC, "s1", "france-alliance", "nato", inbox)) == 0
    assert student(lambda: os.listdir(inbox)) == 2
    assert student(lambda: teachers.path.read_text()) == 2
    assert student(lambda: os.unlink(teachers.path)) == 2
    assert student(overwrite) == 2
    assert teachers.path.read_text() == DOC
    theirs = [p for p in inbox.iterdir() if p.name.startswith("s1--")]
    assert len(theirs) == 2 and all(p.stat().st_uid == NOBODY for p in theirs)
    assert all(p.stat().st_gid == 0 for p in theirs)  # the teacher's group (setgid)


@needs_root
def test_a_closed_inbox_gives_a_plain_message(shared):
    inbox = shared / "inbox"
    inbox.mkdir()
    os.chmod(inbox, 0o755)  # students may not add files

    def hand_in():
        try:
            hub.deliver(DOC, "s1", "france-alliance", "nato", inbox)
        except hub.InboxError as exc:
            assert "does not let" in exc.plain and str(inbox) not in exc.plain
            raise

    assert as_user(NOBODY, NOBODY, hand_in) == 1
    assert os.listdir(inbox) == []


def test_inbox_names_round_trip_and_refuse_strangers():
    when = datetime(2024, 3, 10, 10, 42, 5, 123456, tzinfo=UTC)
    name = hub.inbox_name("ana--evil", "end-of-unit", "text", when, "0123456789abcdef")
    assert name == "ana-evil--end-of-unit--text--20240310T104205.123Z--0123456789abcdef.jsonld"
    parsed = hub.parse_inbox_name(name)
    assert parsed == hub.InboxName(
        "ana-evil", "end-of-unit", "text", when.replace(microsecond=123000), "0123456789abcdef"
    )
    for other in ("ana-20240310T104205Z.jsonld", ".x.part", "a--b--c--d--e.jsonld",
                  name + ".part", name.replace(".jsonld", ".json")):
        assert hub.parse_inbox_name(other) is None
    assert hub.user_slug("../../etc/passwd") == "_.._etc_passwd"
    assert hub.user_slug("") == "student" and len(hub.user_slug("x" * 500)) == 64


def test_article_names_agree_with_the_project():
    for name in ("france-alliance", "end-of-unit", "a", "a" * 40):
        check_article_name(name)
        hub.inbox_name("ana", name, "text")
    for name in ("A", "1a", "a" * 41, "a_b", ""):
        with pytest.raises(ValueError):
            check_article_name(name)
        with pytest.raises(ValueError):
            hub.inbox_name("ana", name, "text")


def test_roster(tmp_path, monkeypatch):
    roster = tmp_path / "class.txt"
    roster.write_text("# class 10B\nana\n\nben\nana\n  chloe  \n", encoding="utf-8")
    assert hub.read_roster(roster) == ["ana", "ben", "chloe"]
    monkeypatch.setenv(hub.ROSTER_ENV, str(roster))
    assert hub.read_roster() == ["ana", "ben", "chloe"]
    monkeypatch.delenv(hub.ROSTER_ENV)
    assert hub.read_roster() == []
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(hub.MAX_ROSTER_BYTES + 1)
    with pytest.raises(hub.InboxError, match="too big"):
        hub.read_roster(big)
    with pytest.raises(hub.InboxError, match="not a regular file"):
        hub.read_roster(tmp_path)
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe")
    with pytest.raises(hub.InboxError, match="UTF-8"):
        hub.read_roster(tmp_path / "bad.txt")
    # a line that is no user name is named, never shown as a 200,000-character "student"
    (tmp_path / "long.txt").write_text("# " + "a long comment " * 10 + "\nana\n" + "[" * 200_000)
    with pytest.raises(hub.InboxError, match="line 3: .* is not a user name"):
        hub.read_roster(tmp_path / "long.txt")
    (tmp_path / "ctrl.txt").write_text("ana\nb\x1b[31men\n")
    with pytest.raises(hub.InboxError, match="line 2"):
        hub.read_roster(tmp_path / "ctrl.txt")


def test_environment_names_are_declared_once():
    from helpers.store_file import ENV_VAR

    assert hub.STORE_ENV == ENV_VAR
    assert len(set(hub.PROJECT_ENV)) == len(hub.PROJECT_ENV) == 6
