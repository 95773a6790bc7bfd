"""A class on a JupyterHub: the names the hub, the notebooks and the teacher's tools share,
and the teacher's inbox that Hand in delivers into.

Standard library only (the hub's own Python imports it too, without the project's packages).

Environment variables the hub sets in every single-user server (declared here, once):

- ``NEWS_CLAIMS_INBOX``: the teacher's inbox folder. Unset: laptop mode (Hand in offers a
  download, as without a hub).
- ``ANNOTATIONS_DB``: the user's own annotation store, in their home.
- ``NEWS_CLAIMS_ROSTER``: a text file, one student user name a line (who has not handed in).
- ``NEWS_CLAIMS_CLASS_VIEW_URL``: the class-view service's URL, as the user's server reaches it.
- ``NEWS_CLAIMS_CLASS_VIEW_SWITCH``: the file holding the teacher's on/off switch per lesson.
- ``NEWS_CLAIMS_HUB_ISOLATED``: "1" when users are separate system users; "0" in the demo.

The inbox is a flat folder owned by the teacher (or the hub's user in the demo), mode
``0o3733`` (setgid to the teacher's group, sticky; others may add files but not list or read
them). Each hand-in is a new file, created with ``O_CREAT|O_EXCL|O_NOFOLLOW``, mode ``0o640``,
named ``<user>--<article>--<part>--<UTC time>--<16 random hex>.jsonld``: unguessable and never
written over.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

# -- the environment (one place) ---------------------------------------------------------------
INBOX_ENV = "NEWS_CLAIMS_INBOX"
STORE_ENV = "ANNOTATIONS_DB"  # the same name as helpers.store_file.ENV_VAR
ROSTER_ENV = "NEWS_CLAIMS_ROSTER"
CLASS_VIEW_URL_ENV = "NEWS_CLAIMS_CLASS_VIEW_URL"
CLASS_VIEW_SWITCH_ENV = "NEWS_CLAIMS_CLASS_VIEW_SWITCH"
ISOLATED_ENV = "NEWS_CLAIMS_HUB_ISOLATED"
#: Set by JupyterHub itself in every single-user server and kernel.
HUB_USER_ENV = "JUPYTERHUB_USER"
HUB_TOKEN_ENV = "JUPYTERHUB_API_TOKEN"
HUB_API_URL_ENV = "JUPYTERHUB_API_URL"
#: Every variable the hub sets for the project.
PROJECT_ENV = (INBOX_ENV, STORE_ENV, ROSTER_ENV, CLASS_VIEW_URL_ENV, CLASS_VIEW_SWITCH_ENV,
               ISOLATED_ENV)

# -- the inbox ---------------------------------------------------------------------------------
#: setgid (files get the teacher's group) + sticky (nobody removes another's file) + rwx-wx-wx.
INBOX_MODE = 0o3733
HANDIN_MODE = 0o640
SUFFIX = ".jsonld"
SEP = "--"
TIME_FORMAT = "%Y%m%dT%H%M%S"
TOKEN_HEX = 16
#: A roster is a short text file; more than this is not a class list.
MAX_ROSTER_BYTES = 256 * 1024
MAX_ROSTER_NAMES = 2000
MAX_USER_CHARS = 64
_CLASH_TRIES = 8
_NAME_RE = re.compile(
    r"^(?P<user>[A-Za-z0-9_.@+-]+?)--(?P<article>[a-z0-9-]+?)--(?P<part>[A-Za-z0-9_.-]+?)--"
    r"(?P<time>\d{8}T\d{6})\.(?P<ms>\d{3})Z--(?P<token>[0-9a-f]{16})\.jsonld$"
)


class InboxError(RuntimeError):
    """The inbox is missing, not a safe folder, or cannot be written. The message names the
    folder (for the teacher and the logs); ``plain`` says the same to a student, without it."""

    def __init__(self, message: str, plain: str | None = None):
        super().__init__(message)
        self.plain = plain or message


class Receipt(NamedTuple):
    """A hand-in delivered into the inbox: the file and when (UTC)."""

    path: Path
    time: datetime


class InboxName(NamedTuple):
    """What a hand-in's file name says."""

    user: str
    article: str
    part: str
    time: datetime
    token: str


def on_hub() -> bool:
    """True when the hub gave this server a teacher's inbox (``NEWS_CLAIMS_INBOX``)."""
    return bool(os.environ.get(INBOX_ENV, "").strip())


def inbox_path() -> Path | None:
    """The teacher's inbox (``$NEWS_CLAIMS_INBOX``), or None on a laptop."""
    value = os.environ.get(INBOX_ENV, "").strip()
    return Path(value).expanduser() if value else None


def roster_path() -> Path | None:
    """The class list (``$NEWS_CLAIMS_ROSTER``), or None."""
    value = os.environ.get(ROSTER_ENV, "").strip()
    return Path(value).expanduser() if value else None


def hub_user() -> str | None:
    """The JupyterHub user name of this server (``$JUPYTERHUB_USER``), or None."""
    return os.environ.get(HUB_USER_ENV, "").strip() or None


def isolated() -> bool:
    """True when the hub says its users are separate system users."""
    return os.environ.get(ISOLATED_ENV, "").strip() == "1"


def user_slug(user: str) -> str:
    """A user name as it appears in inbox file names: ASCII letters, digits and ``_.@+-``,
    never two '-' in a row, at most 64 characters ("student" when nothing is left)."""
    slug = unicodedata.normalize("NFKD", str(user)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9_.@+-]+", "_", slug)
    slug = re.sub(r"-{2,}", "-", slug).strip("-.")[:MAX_USER_CHARS].strip("-.")
    return slug or "student"


def _token(value: str, what: str, pattern: str) -> str:
    if not isinstance(value, str) or SEP in value or not re.fullmatch(pattern, value):
        raise ValueError(f"{what} {value!r} cannot go into an inbox file name")
    return value


def inbox_name(user: str, article: str, part: str, when: datetime | None = None,
               token: str | None = None) -> str:
    """``<user>--<article>--<part>--<UTC time>--<16 random hex>.jsonld``."""
    when = (when or datetime.now(UTC)).astimezone(UTC)
    stamp = f"{when.strftime(TIME_FORMAT)}.{when.microsecond // 1000:03d}Z"
    token = token or secrets.token_hex(TOKEN_HEX // 2)
    article = _token(article, "The article name", r"[a-z][a-z0-9-]{0,39}")
    part = _token(part, "The lesson part", r"[A-Za-z0-9_.-]{1,40}")
    return SEP.join((user_slug(user), article, part, stamp, token)) + SUFFIX


def parse_inbox_name(name: str) -> InboxName | None:
    """What an inbox file name says, or None when it is not a hand-in's name (anything else in
    the folder, e.g. a half-written ``.…part`` file)."""
    found = _NAME_RE.match(os.path.basename(str(name)))
    if not found or SEP in found["user"]:
        return None
    try:
        when = datetime.strptime(found["time"], TIME_FORMAT).replace(
            microsecond=int(found["ms"]) * 1000, tzinfo=UTC
        )
    except ValueError:
        return None
    return InboxName(found["user"], found["article"], found["part"], when, found["token"])


# -- setting the inbox up (the hub, as root or as the hub's user) ------------------------------
def _ids(owner: str | int | None, group: str | int | None) -> tuple[int, int]:
    uid = gid = -1
    if isinstance(owner, str):
        import pwd

        uid = pwd.getpwnam(owner).pw_uid
    elif owner is not None:
        uid = int(owner)
    if isinstance(group, str):
        import grp

        gid = grp.getgrnam(group).gr_gid
    elif group is not None:
        gid = int(group)
    return uid, gid


def prepare_inbox(path: str | Path, owner: str | int | None = None,
                  group: str | int | None = None) -> Path:
    """Create the inbox (or check an existing one) with mode 0o3733, owned by ``owner`` and
    ``group`` when given (user/group names or ids; needs root to give it away). Idempotent.

    Refuses a symbolic link, something that is not a folder, and a folder that others can
    still list after the modes were set (one this user may not change): ``InboxError``."""
    path = Path(path).expanduser()
    try:
        os.lstat(path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.mkdir(path, 0o700)  # closed until the modes below are set
        except FileExistsError:
            pass
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        if os.path.islink(path):
            raise InboxError(f"{path} is a symbolic link; the inbox must be a real folder.") \
                from None
        if exc.errno == errno.ENOTDIR:
            raise InboxError(f"{path} is not a folder; the inbox must be a folder.") from None
        raise InboxError(f"The inbox {path} cannot be opened ({exc.strerror}).") from None
    try:
        uid, gid = _ids(owner, group)
        if uid != -1 or gid != -1:
            os.fchown(fd, uid, gid)
        try:
            os.fchmod(fd, INBOX_MODE)
        except PermissionError:
            pass  # someone else's folder: accepted only if it is closed (checked below)
        mode = os.fstat(fd).st_mode
    finally:
        os.close(fd)
    if mode & (stat.S_IROTH | stat.S_IRGRP) or (mode & stat.S_IWOTH and not mode & stat.S_ISVTX):
        raise InboxError(
            f"The inbox {path} can be listed or emptied by others (mode {stat.filemode(mode)}); "
            f"its owner should set mode {INBOX_MODE:o} (chmod {INBOX_MODE:o} {path})."
        )
    return path


# -- handing in (the student's server) ---------------------------------------------------------
def _check_inbox(inbox: Path) -> None:
    def fail(problem: str) -> InboxError:
        return InboxError(f"The teacher's inbox {inbox} {problem}.",
                          f"Your teacher's hand-in folder {problem}.")

    try:
        info = os.lstat(inbox)
    except FileNotFoundError:
        raise fail("does not exist") from None
    except OSError as exc:
        raise fail(f"cannot be reached ({exc.strerror})") from None
    if stat.S_ISLNK(info.st_mode):
        raise fail("is a link, not a folder, so it was not used")
    if not stat.S_ISDIR(info.st_mode):
        raise fail("is not a folder")


def _write_new(path: Path, data: bytes) -> None:
    """A new file at ``path`` holding ``data``, never over anything (``FileExistsError``)."""
    fd = os.open(
        path,
        os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
        HANDIN_MODE,
    )
    try:
        os.fchmod(fd, HANDIN_MODE)  # whatever the umask: the teacher's group reads it
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _unlink_quietly(path)
        raise
    os.close(fd)


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def deliver(document_text: str, user: str, article: str, part: str,
            inbox: str | Path | None = None) -> Receipt:
    """Put a hand-in into the teacher's inbox (default ``$NEWS_CLAIMS_INBOX``) as a new file.

    Written under a hidden temporary name first, then linked to its final name, so the
    teacher never reads half a file; created with ``O_CREAT|O_EXCL|O_NOFOLLOW`` (never over
    any file, never through a link), mode 0o640, fsynced; a new random name on a clash.
    ``InboxError`` with a plain message when the inbox is missing or cannot be written (the
    work stays in the student's store)."""
    folder = Path(inbox).expanduser() if inbox else inbox_path()
    if folder is None:
        raise InboxError("There is no teacher's inbox here (not on a class hub).",
                         "There is no hand-in folder of your teacher's on this computer.")
    _check_inbox(folder)
    data = document_text.encode("utf-8")
    for _ in range(_CLASH_TRIES):
        when = datetime.now(UTC)
        name = inbox_name(user, article, part, when)
        final = folder / name
        temp = folder / f".{name}.part"
        try:
            _write_new(temp, data)
        except FileExistsError:
            continue
        except PermissionError:
            raise InboxError(
                f"The teacher's inbox {folder} does not let this user add a file.",
                "Your teacher's hand-in folder does not let you add a file.",
            ) from None
        except OSError as exc:
            raise InboxError(
                f"A hand-in could not be written into the teacher's inbox {folder} "
                f"({exc.strerror}).",
                f"Your hand-in could not be written into your teacher's folder ({exc.strerror}).",
            ) from None
        try:
            os.link(temp, final, follow_symlinks=False)
        except FileExistsError:
            _unlink_quietly(temp)
            continue
        except OSError:  # a file system without hard links: write the final name directly
            _unlink_quietly(temp)
            try:
                _write_new(final, data)
            except FileExistsError:
                continue
        else:
            _unlink_quietly(temp)
        return Receipt(final, when)
    raise InboxError(f"No free file name in the inbox {folder} after {_CLASH_TRIES} tries.")


# -- the class list ----------------------------------------------------------------------------
def read_roster(path: str | Path | None = None) -> list[str]:
    """The student user names in the roster file (default ``$NEWS_CLAIMS_ROSTER``), one a line;
    blank lines and lines starting with '#' skipped, duplicates once, order kept. An empty
    list when there is no roster. ``InboxError`` for a file that is not a small text file."""
    path = Path(path).expanduser() if path else roster_path()
    if path is None:
        return []
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InboxError(f"The class list {path} does not exist.") from None
    if not stat.S_ISREG(info.st_mode):
        raise InboxError(f"The class list {path} is not a regular file.")
    if info.st_size > MAX_ROSTER_BYTES:
        raise InboxError(
            f"The class list {path} is too big ({info.st_size:,} bytes; at most "
            f"{MAX_ROSTER_BYTES:,})."
        )
    with open(path, "rb") as f:
        data = f.read(MAX_ROSTER_BYTES + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InboxError(f"The class list {path} is not UTF-8 text.") from None
    names = [line.strip() for line in text.splitlines()]
    for number, name in enumerate(names, 1):
        if not name.startswith("#") and (len(name) > MAX_USER_CHARS or not name.isprintable()):
            raise InboxError(
                f"The class list {path}, line {number}: {name[:30]!r} is not a user name (one "
                f"name a line, at most {MAX_USER_CHARS} characters, no control characters)."
            )
    names = list(dict.fromkeys(n for n in names if n and not n.startswith("#")))
    if len(names) > MAX_ROSTER_NAMES:
        raise InboxError(
            f"The class list {path} has {len(names):,} names; at most {MAX_ROSTER_NAMES:,}."
        )
    return names
