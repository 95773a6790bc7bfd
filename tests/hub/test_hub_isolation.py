"""Where students are separate system users, as on a school's hub (the hub's isolated mode):
one student cannot read another's hand-in or annotation store, nor the hub's own files, and the
teacher can read every hand-in and set the class-view switch.

As root, the test creates throwaway system users (two students and a teacher) and a teacher
group, removed again afterwards even when the test fails. The inbox is prepared as the hub
prepares it (``helpers.hub.prepare_inbox``). The students act through ``runuser`` with Debian's
/usr/bin/python3 and a copy of helpers/hub.py (standard library only), because the project's
.venv under /root is not readable by other users. Not root: skipped with a message.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import helpers.hub as hub

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "hub"))
import hub_settings as hs  # noqa: E402

PYTHON = "/usr/bin/python3"

needs_root = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("useradd") or not os.path.exists(PYTHON),
    reason="needs root, useradd and /usr/bin/python3 to act as separate system users",
)

#: Run by each user: ``python3 act.py ACTION ...``; prints one line, what happened.
ACT = r'''
import errno, os, sqlite3, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nc_hub
action, args = sys.argv[1], sys.argv[2:]

def attempt(func):
    try:
        func()
        print("allowed")
    except PermissionError:
        print("denied")
    except OSError as exc:
        print("denied" if exc.errno in (errno.EPERM, errno.EACCES) else f"error {exc}")

if action == "hand-in":
    receipt = nc_hub.deliver('{"by": "%s"}' % args[1], args[1], "france-alliance", "lede", args[0])
    print(receipt.path)
elif action == "store":
    os.makedirs(os.path.dirname(args[0]), mode=0o700, exist_ok=True)
    with sqlite3.connect(args[0]) as db:
        db.execute("create table t (x)")
        db.execute("insert into t values ('my annotation')")
    print("stored")
elif action == "list":
    attempt(lambda: os.listdir(args[0]))
elif action == "read":
    attempt(lambda: open(args[0], "rb").read())
elif action == "overwrite":
    attempt(lambda: open(args[0], "r+b").write(b"x"))
elif action == "delete":
    attempt(lambda: os.unlink(args[0]))
elif action == "replace":  # a file of one's own, renamed over the other's
    def replace():
        mine = os.path.join(os.path.dirname(args[0]), "mine-" + os.urandom(4).hex())
        fd = os.open(mine, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        try:
            os.rename(mine, args[0])
        finally:
            if os.path.exists(mine):
                os.unlink(mine)
    attempt(replace)
elif action == "create":
    attempt(lambda: open(args[0], "x").write("{}"))
elif action == "read-store":  # the file's bytes, then through SQLite
    def read_store():
        open(args[0], "rb").read()
        db = sqlite3.connect(f"file:{args[0]}?mode=ro", uri=True)
        assert db.execute("select * from t").fetchall() == [("my annotation",)]
    attempt(read_store)
'''


class Users:
    """Throwaway system users and a group, removed by ``remove()`` (whatever happened)."""

    def __init__(self, base: Path):
        self.base = base
        self.tag = secrets.token_hex(3)
        self.users: list[str] = []
        self.group = f"nc-teachers-{self.tag}"

    def add_group(self) -> str:
        subprocess.run(["groupadd", self.group], check=True)
        return self.group

    def add(self, role: str, groups: tuple[str, ...] = ()) -> tuple[str, Path]:
        name = f"nc-{role}-{self.tag}"
        home = self.base / "home" / name
        cmd = ["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/sh"]
        if groups:
            cmd += ["--groups", ",".join(groups)]
        subprocess.run([*cmd, name], check=True)
        self.users.append(name)
        os.chmod(home, 0o700)  # a home of one's own, as on a school's hub
        return name, home

    def run(self, user: str, *args: str) -> str:
        done = subprocess.run(
            ["runuser", "-u", user, "--", PYTHON, str(self.base / "act.py"), *args],
            capture_output=True, text=True, timeout=30, cwd="/",
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def remove(self) -> None:
        for name in self.users:
            subprocess.run(["userdel", "--remove", name], capture_output=True)
        subprocess.run(["groupdel", self.group], capture_output=True)


@pytest.fixture
def users():
    base = Path(tempfile.mkdtemp(prefix="news-claims-isolation-"))
    os.chmod(base, 0o755)
    (base / "home").mkdir(mode=0o755)
    shutil.copyfile(hub.__file__, base / "nc_hub.py")  # standard library only
    (base / "act.py").write_text(ACT, encoding="utf-8")
    made = Users(base)
    try:
        yield made
    finally:
        made.remove()
        shutil.rmtree(base, ignore_errors=True)
    for name in made.users:
        with contextlib.suppress(KeyError):
            import pwd

            pwd.getpwnam(name)
            pytest.fail(f"the throwaway user {name} was not removed")


@needs_root
def test_students_cannot_reach_each_others_work_and_the_teacher_reads_every_hand_in(users):
    group = users.add_group()
    teacher, _ = users.add("teacher", (group,))
    anna, anna_home = users.add("anna")
    ben, _ = users.add("ben")
    # the state folder and the inbox as the isolated hub prepares them (hub/jupyterhub_config.py)
    state = users.base / "state"
    teacher_folder = hs.prepare_state(state, teacher)
    assert teacher_folder == hs.switch_file(state).parent
    hs.passwords(state)
    inbox = hub.prepare_inbox(state / "inbox", owner=teacher, group=group)

    # Anna hands in and saves an annotation in her own store, as herself
    handed_in = Path(users.run(anna, "hand-in", str(inbox), anna))
    store = anna_home / ".local" / "share" / "news-claims" / "annotations.sqlite"
    assert users.run(anna, "store", str(store)) == "stored"
    info = handed_in.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (
        _uid(anna), _gid(group), hub.HANDIN_MODE
    )

    # Ben hands in too, then tries everything on Anna's work, knowing where it is
    users.run(ben, "hand-in", str(inbox), ben)
    tries = {
        "list the inbox": ("list", str(inbox)),
        "read Anna's hand-in": ("read", str(handed_in)),
        "overwrite Anna's hand-in": ("overwrite", str(handed_in)),
        "delete Anna's hand-in": ("delete", str(handed_in)),
        "replace Anna's hand-in with his own file": ("replace", str(handed_in)),
        "read Anna's store": ("read-store", str(store)),
        "list Anna's home": ("list", str(anna_home)),
        "list the hub's state folder": ("list", str(state)),
        "read the hub's database": ("read", str(state / "jupyterhub.sqlite")),
        "read the passwords": ("read", str(state / "passwords.json")),
        "list the teacher's folder": ("list", str(teacher_folder)),
        "write the class-view switch": ("create", str(teacher_folder / "switch.json")),
    }
    outcome = {what: users.run(ben, *args) for what, args in tries.items()}
    assert outcome == {what: "denied" for what in tries}, outcome
    assert handed_in.read_text(encoding="utf-8") == f'{{"by": "{anna}"}}'  # unchanged

    # Anna can read her own store; the teacher lists the inbox and reads both hand-ins
    assert users.run(anna, "read-store", str(store)) == "allowed"
    assert users.run(teacher, "list", str(inbox)) == "allowed"
    assert users.run(teacher, "read", str(handed_in)) == "allowed"
    assert users.run(teacher, "create", str(teacher_folder / "switch.json")) == "allowed"
    assert len([p for p in inbox.iterdir() if hub.parse_inbox_name(p.name)]) == 2


@needs_root
def test_lessons_placed_in_a_students_home_belong_to_the_student(users, tmp_path):
    """The isolated hub copies the lessons as root: they must end up the student's own."""
    anna, anna_home = users.add("anna")
    lesson = tmp_path / "01_the_lede.ipynb"
    lesson.write_text("{}", encoding="utf-8")
    hs.place_lessons(anna_home, [lesson], owner=(_uid(anna), _gid(anna)))
    settings = anna_home / ".jupyter" / "lab" / "user-settings"
    for path in (anna_home / lesson.name, anna_home / ".jupyter", settings):
        assert path.stat().st_uid == _uid(anna), path
    assert users.run(anna, "overwrite", str(anna_home / lesson.name)) == "allowed"


def _uid(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_uid


def _gid(group: str) -> int:
    import grp

    return grp.getgrnam(group).gr_gid


def test_the_isolated_hub_says_what_is_missing(tmp_path):
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    program = closed / "jupyterhub-singleuser"
    program.touch()
    problems = hs.isolation_problems(["nc-nobody-here"], teacher="nc-no-teacher",
                                     group="nc-no-group", program=program, python=program)
    text = "\n".join(problems)
    assert "no system user for: nc-no-teacher, nc-nobody-here" in text
    assert "no group nc-no-group" in text
    assert f"other users cannot reach {program}" in text


@needs_root
def test_the_isolated_hub_starts_when_everything_is_there(users):
    group = users.add_group()
    teacher, _ = users.add("teacher", (group,))
    anna, _ = users.add("anna")
    program = users.base / "act.py"  # in a folder everyone can reach
    assert hs.isolation_problems([anna], teacher, group, program, program) == []
    ben, _ = users.add("ben")  # not the teacher's group
    assert hs.isolation_problems([anna], ben, group, program, program) == [
        f"{ben} is not in the group {group} (usermod -aG {group} {ben})"
    ]
