"""Who opened the class view, and when: the record the teacher reads beside the switch.

The class view opens for a student once they have handed in a lesson; handing in again is
allowed (a newer copy). So a student who hands in early can read the class's answers and then
hand in again. Nothing stops that, but it is not hidden either: the class-view service writes a
line to this log each time it shows a student the class's work (``record_opened``), and the
teacher's live view marks a hand-in that came after it (``inbox.after_viewing``): a hand-in is
marked when its student had been shown the class's work for a lesson it holds, after already
handing that lesson in. It goes by times, not by what changed: a hand-in marked may hold
nothing new, and work changed in a hand-in of the next lesson is not marked.

The log is ``class-view-opened.jsonl`` in the folder of the teacher's switch file
(``$NEWS_CLAIMS_CLASS_VIEW_SWITCH``, the teacher's own folder on the hub: students cannot read
it), JSON lines ``{"user": …, "article": …, "part": …, "time": "…Z"}``. Each line is appended
with one ``write`` to a file opened with ``O_APPEND`` (whole lines, whoever writes at the same
moment), never through a link, and never past ``MAX_LOG_BYTES``: a full log is an error for the
service, which then does not show the view (a record that could not be kept is no record).
``read_opened`` checks the file before reading it (a regular file, not a link, at most
``MAX_LOG_BYTES``), reads at most ``MAX_LOG_RECORDS`` lines and never raises: it returns what it
could use and a sentence saying what it could not.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from helpers.classroom.classview_switch import switch_path
from helpers.errors import printable
from helpers.hub import MAX_USER_CHARS, user_slug

LOG_NAME = "class-view-opened.jsonl"
#: 40 students x 5 lessons x 100 openings is about 2 MB.
MAX_LOG_BYTES = 4 * 1024 * 1024
MAX_LOG_RECORDS = 50_000
MAX_LINE_BYTES = 512
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_SEGMENT = re.compile(r"[A-Za-z0-9_.-]{1,40}")
_USER = re.compile(rf"[A-Za-z0-9_.@+-]{{1,{MAX_USER_CHARS}}}")


class ViewsLogError(RuntimeError):
    """The log cannot take a record (full, not a regular file, cannot be written)."""


@dataclass(frozen=True)
class Opened:
    """A student was shown the class's work for one lesson, at ``time`` (UTC)."""

    user: str
    article: str
    part: str
    time: datetime


def views_log_path(switch: str | Path | None = None) -> Path | None:
    """The log beside the switch file (default ``$NEWS_CLAIMS_CLASS_VIEW_SWITCH``); None off
    a hub."""
    switch = Path(switch) if switch is not None else switch_path()
    return switch.parent / LOG_NAME if switch is not None else None


def _line(user: str, article: str, part: str, when: datetime) -> bytes:
    record = {"user": user_slug(user), "article": article, "part": part,
              "time": when.astimezone(UTC).strftime(TIME_FORMAT)}
    if not (_SEGMENT.fullmatch(article) and _SEGMENT.fullmatch(part)):
        raise ValueError(f"not a lesson: {printable(article)[:40]}/{printable(part)[:40]}")
    return (json.dumps(record, ensure_ascii=True, separators=(",", ":")) + "\n").encode()


def _open_for_append(path: Path) -> int:
    """A descriptor for appending to ``path``: a new file (given to the owner of its folder when
    this is root, so the teacher can read what the hub's service wrote), or the existing one
    if it is a regular file with one name. Never through a link."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
    try:
        fd = os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        fd = os.open(path, flags)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            os.close(fd)
            raise ViewsLogError(f"{path} is not a regular file of its own") from None
        return fd
    if os.geteuid() == 0:
        folder = os.stat(path.parent)
        if folder.st_uid != 0:
            os.fchown(fd, folder.st_uid, folder.st_gid)
    return fd


def record_opened(path: str | Path, user: str, article: str, part: str,
                  when: datetime | None = None) -> Opened:
    """Append that ``user`` was shown the class view of ``article``/``part`` (at ``when``,
    default now). ``ViewsLogError`` when the log is full or cannot be written."""
    path = Path(path)
    when = when or datetime.now(UTC)
    line = _line(user, article, part, when)
    try:
        fd = _open_for_append(path)
    except OSError as exc:
        raise ViewsLogError(f"{path} cannot be written ({exc.strerror})") from None
    try:
        size = os.fstat(fd).st_size
        if size + len(line) > MAX_LOG_BYTES:
            raise ViewsLogError(f"{path} is full ({size:,} bytes; at most {MAX_LOG_BYTES:,})")
        if os.write(fd, line) != len(line):
            raise ViewsLogError(f"{path}: a record was cut short (the disk may be full)")
    except OSError as exc:
        raise ViewsLogError(f"{path} cannot be written ({exc.strerror})") from None
    finally:
        os.close(fd)
    return Opened(user_slug(user), article, part, when.astimezone(UTC))


def _record(text: bytes) -> Opened | None:
    try:
        doc = json.loads(text.decode("utf-8"))
        if not isinstance(doc, dict) or set(doc) != {"user", "article", "part", "time"}:
            return None
        user, article, part, when = doc["user"], doc["article"], doc["part"], doc["time"]
        if not all(isinstance(v, str) for v in (user, article, part, when)):
            return None
        if not (_USER.fullmatch(user) and _SEGMENT.fullmatch(article)
                and _SEGMENT.fullmatch(part)):
            return None
        moment = datetime.strptime(when, TIME_FORMAT).replace(tzinfo=UTC)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return Opened(user, article, part, moment)


def read_opened(path: str | Path | None = None) -> tuple[list[Opened], str]:
    """Every record in the log (default: beside ``$NEWS_CLAIMS_CLASS_VIEW_SWITCH``), oldest
    first, and "" or a sentence saying what could not be used. A missing log (nobody has opened
    the class view yet, or not on a hub) is no problem; nothing here raises."""
    path = Path(path) if path is not None else views_log_path()
    if path is None:
        return [], ""
    name = printable(path.name)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return [], ""
    except OSError as exc:
        return [], f"{name} cannot be opened ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        return [], f"{name} is not a regular file; it was not read"
    if info.st_size > MAX_LOG_BYTES:
        return [], f"{name} is too big ({info.st_size:,} bytes; at most {MAX_LOG_BYTES:,})"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            data = f.read(MAX_LOG_BYTES + 1)
    except OSError as exc:
        return [], f"{name} cannot be read ({exc.strerror})"
    lines = data.split(b"\n")
    if not data.endswith(b"\n"):
        lines = lines[:-1]  # a line being written right now
    records, bad = [], 0
    for count, text in enumerate(lines):
        if count >= MAX_LOG_RECORDS:
            return records, f"{name} has more than {MAX_LOG_RECORDS:,} lines; the rest were " \
                            "not read"
        if not text.strip():
            continue
        found = _record(text) if len(text) <= MAX_LINE_BYTES else None
        if found is None:
            bad += 1
        else:
            records.append(found)
    records.sort(key=lambda r: r.time)
    problem = f"{bad:,} line(s) of {name} are not records of the class view; skipped" if bad \
        else ""
    return records, problem


def first_opened(records) -> dict[tuple[str, str, str], datetime]:
    """``{(user, article, part): the first time that user was shown that lesson's view}``."""
    first: dict[tuple[str, str, str], datetime] = {}
    for r in records:
        key = (r.user, r.article, r.part)
        if key not in first or r.time < first[key]:
            first[key] = r.time
    return first
