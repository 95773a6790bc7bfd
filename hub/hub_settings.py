"""The class hub's settings, declared once: read by hub/jupyterhub_config.py (``make hub``) and
by the hub test (tests/hub/).

Everything can be changed with an environment variable before ``make hub`` (names in ``ENV``):
the ports, the state folder (hub database, cookie secret, homes, inbox; default build/hub/),
the class list (default hub/class.txt), the passwords (default: made up once and kept in the
state folder) and the isolated mode (separate system users).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sys
from pathlib import Path

HUB_DIR = Path(__file__).resolve().parent
ROOT = HUB_DIR.parent
NOTEBOOKS = ROOT / "notebooks"
#: The proxy in front of the hub, pinned in hub/package.json (``npm ci --prefix hub``).
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
SINGLEUSER = Path(sys.executable).with_name("jupyterhub-singleuser")

TEACHER = "teacher"
#: The teacher's system group in isolated mode: hand-ins in the inbox belong to it.
TEACHER_GROUP = "news-claims-teachers"
#: The hub's own settings (not the project's names shared with the notebooks: helpers/hub.py).
ENV = {
    "port": "NEWS_CLAIMS_HUB_PORT",  # where browsers connect (the proxy)
    "hub_port": "NEWS_CLAIMS_HUB_API_PORT",  # the hub itself, behind the proxy
    "proxy_api_port": "NEWS_CLAIMS_HUB_PROXY_API_PORT",
    "class_view_port": "NEWS_CLAIMS_CLASS_VIEW_PORT",
    "state": "NEWS_CLAIMS_HUB_STATE",
    "class_list": "NEWS_CLAIMS_HUB_CLASS",
    "password": "NEWS_CLAIMS_HUB_PASSWORD",
    "teacher_password": "NEWS_CLAIMS_HUB_TEACHER_PASSWORD",
    "isolated": "NEWS_CLAIMS_HUB_ISOLATED",
}
DEFAULT_PORTS = {"port": 8000, "hub_port": 8081, "proxy_api_port": 8001, "class_view_port": 8082}
#: JupyterHub's shared-password authenticator: the teacher (a hub admin) needs 32 characters.
MIN_PASSWORD, MIN_TEACHER_PASSWORD = 8, 32
#: Where a lesson opens after logging in.
DEFAULT_URL = "/lab/tree/00_start_here.ipynb"
_SETTINGS = Path(".jupyter/lab/user-settings")
#: Files every new home gets (relative path: JSON), written once: JupyterLab without the kernel
#: dialog and without news fetched from the web.
HOME_FILES = {
    _SETTINGS / "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "autoStartDefaultKernel": True,
        "windowingMode": "none",  # every cell drawn: widgets further down work as in a page
    },
    _SETTINGS / "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}
#: And a student's home: no nbgrader menus (the teacher's tool) in the student's JupyterLab.
STUDENT_HOME_FILES = {
    **HOME_FILES,
    Path(".jupyter/labconfig/page_config.json"): {
        "disabledExtensions": {"@jupyter/nbgrader": True},
    },
}
NOT_ISOLATED = (
    "This is a demonstration hub. All accounts here share one computer account, so someone "
    "who knows how could open another person's files. Try the lessons here, but do not keep "
    "private work on it."
)


def env(name: str, default: str = "") -> str:
    return os.environ.get(ENV[name], "").strip() or default


def port(name: str) -> int:
    return int(env(name, str(DEFAULT_PORTS[name])))


def isolated() -> bool:
    return env("isolated", "0") == "1"


def state_dir() -> Path:
    return Path(env("state", str(ROOT / "build" / "hub"))).resolve()


def class_list() -> Path:
    return Path(env("class_list", str(HUB_DIR / "class.txt"))).resolve()


_USER_RE = re.compile(r"[a-z][a-z0-9_-]{0,31}")


def students(path: Path | None = None) -> list[str]:
    """The student accounts: one user name a line ('#' starts a comment line); lowercase
    letters, digits, '-' and '_', starting with a letter (also a valid system user name)."""
    from helpers.hub import read_roster

    names = read_roster(path or class_list())
    bad = [n for n in names if n == TEACHER or not _USER_RE.fullmatch(n)]
    if bad:
        raise SystemExit(f"{class_list()}: not a user name for a student: {', '.join(bad)}")
    return names


def passwords(state: Path) -> dict[str, str]:
    """``{"student": …, "teacher": …}``: from the environment, else made up once and kept in
    ``state/passwords.json`` (readable by the hub's user only)."""
    kept = state / "passwords.json"
    saved = json.loads(kept.read_text(encoding="utf-8")) if kept.is_file() else {}
    found = {
        "student": env("password") or saved.get("student") or secrets.token_hex(5),
        "teacher": env("teacher_password") or saved.get("teacher") or secrets.token_hex(16),
    }
    if len(found["student"]) < MIN_PASSWORD:
        raise SystemExit(f"{ENV['password']}: at least {MIN_PASSWORD} characters, please.")
    if len(found["teacher"]) < MIN_TEACHER_PASSWORD:
        raise SystemExit(
            f"{ENV['teacher_password']}: at least {MIN_TEACHER_PASSWORD} characters, please."
        )
    if found != saved:
        state.mkdir(parents=True, exist_ok=True)
        fd = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(found, f)
    return found


def isolation_problems(students_: list[str], teacher: str = TEACHER,
                       group: str = TEACHER_GROUP, program: Path = SINGLEUSER,
                       python: Path = Path(sys.executable)) -> list[str]:
    """What stops the isolated mode here, in plain sentences (empty: nothing): every account a
    system user, the teacher in the teacher's group, the project's Python reachable by all."""
    import grp
    import pwd

    problems = []
    missing = []
    for name in [teacher, *students_]:
        try:
            pwd.getpwnam(name)
        except KeyError:
            missing.append(name)
    if missing:
        problems.append(f"no system user for: {', '.join(missing)} (useradd --create-home NAME)")
    try:
        members = grp.getgrnam(group).gr_mem
    except KeyError:
        problems.append(f"no group {group} (groupadd {group}; usermod -aG {group} {teacher})")
    else:
        if teacher not in members and teacher not in missing:
            problems.append(f"{teacher} is not in the group {group} (usermod -aG {group} "
                            f"{teacher})")
    for path in (program, python.resolve()):  # the venv's python may be a link elsewhere
        closed = [f for f in reversed(path.parents) if f.exists() and not os.stat(f).st_mode & 1]
        if closed:
            problems.append(f"other users cannot reach {path}: {closed[0]} is closed to them "
                            "(install the project and its .venv where everyone can read it, "
                            "e.g. /opt/news-claims)")
            break
    return problems


def switch_file(state: Path) -> Path:
    """The teacher's class-view switches: in the teacher's own folder of the state folder."""
    return state / "teacher" / "class-view-switch.json"


def prepare_state(state: Path, teacher_user: str | None = None) -> Path:
    """The state folder: others may pass through it to the inbox (mode 0o711) but not list it;
    the hub's database and the passwords readable by the hub's user only; a folder of the
    teacher's own for the class-view switch, given to ``teacher_user`` (a system user) where
    users are separate. Returns that folder."""
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o711)
    database = state / "jupyterhub.sqlite"
    if not database.exists():  # SQLite keeps the mode of a file it finds
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    teacher = switch_file(state).parent
    teacher.mkdir(mode=0o700, exist_ok=True)
    if teacher_user:
        import pwd

        entry = pwd.getpwnam(teacher_user)
        os.chown(teacher, entry.pw_uid, entry.pw_gid)
    return teacher


# -- the lessons in each home -------------------------------------------------------------------
def student_lessons(state: Path) -> Path:
    """The student copies (no teacher notes, reveals left to the teacher), built when the
    notebooks changed since the last build; the folder they are in."""
    from helpers.tools.student_copies import lesson_notebooks, make_copies

    out = state / "lessons" / "student"
    sources = lesson_notebooks(NOTEBOOKS)
    built = [out / p.name for p in sources]
    if not all(b.is_file() and b.stat().st_mtime >= p.stat().st_mtime
               for b, p in zip(built, sources, strict=True)):
        make_copies(out, NOTEBOOKS, quiet=True)
    return out


def teacher_lessons() -> list[Path]:
    """Every notebook, the teacher's own (class results, live view) included."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def place_lessons(home: Path, notebooks: list[Path], owner: tuple[int, int] | None = None,
                  files: dict[Path, dict] | None = None) -> list[Path]:
    """Copy each notebook into ``home`` unless it is there already (a student's work is never
    replaced; a new lesson arrives at the next login), and ``files`` (default ``HOME_FILES``)
    the first time. ``owner`` (uid, gid): give what was made to that system user (isolated
    mode). Returns what was made."""
    made = []
    if not home.exists():
        home.mkdir(parents=True, mode=0o700)
        made.append(home)
    for src in notebooks:
        target = home / src.name
        if not target.exists():
            shutil.copyfile(src, target)
            made.append(target)
    for name, value in (HOME_FILES if files is None else files).items():
        target = home / name
        if not target.exists():
            for folder in reversed(name.parents):
                if folder != Path(".") and not (home / folder).exists():
                    (home / folder).mkdir(mode=0o700)
                    made.append(home / folder)
            target.write_text(json.dumps(value, indent=1), encoding="utf-8")
            made.append(target)
    if owner is not None:
        for path in made:
            os.chown(path, *owner, follow_symlinks=False)
    return made


def banner(url: str, names: list[str], pw: dict[str, str], state: Path, inbox: Path) -> str:
    """What ``make hub`` prints once the configuration is read."""
    shown = ", ".join(names[:6]) + (f" … ({len(names)} in all)" if len(names) > 6 else "")
    lines = [
        "",
        "=" * 78,
        f"  The class hub: open {url} in a browser (Ctrl+C here stops it)",
        f"  Students ({class_list()}): {shown}",
        f"      password: {pw['student']}",
        f"  Teacher: {TEACHER}",
        f"      password: {pw['teacher']}",
        f"  Homes: {state / 'homes'}    Hand-ins arrive in: {inbox}",
    ]
    if not isolated():
        lines.append("  Not isolated: every account runs as the same system user (a demo).")
    lines += ["=" * 78, ""]
    return "\n".join(lines)
