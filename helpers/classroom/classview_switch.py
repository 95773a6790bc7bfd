"""The teacher's switch for the class view: on or off, lesson by lesson.

``set_class_view(article, part, on)`` writes the switch file (``$NEWS_CLAIMS_CLASS_VIEW_SWITCH``,
set by the hub: JSON ``{"<article>/<part>": false, "*": true}``) atomically, and
``class_view_on(article, part)`` reads it: the class-view service asks on every request, so a
switch works at once. The file is checked before it is read (a regular file, not a link, at most
``MAX_SWITCH_BYTES``); a switch file that is not what it should be counts as off (and is logged).
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
from pathlib import Path

from helpers.errors import printable
from helpers.hub import CLASS_VIEW_SWITCH_ENV
from helpers.paths import DEFAULT_ARTICLE, check_article_name

LOG = logging.getLogger("helpers.classview")

#: The switch file: one key per lesson (``<article>/<part>``) and ``ALL`` for every lesson.
ALL = "*"
MAX_SWITCH_BYTES = 64 * 1024
MAX_SWITCH_KEYS = 2000
_PART = re.compile(r"[A-Za-z0-9_.-]{1,40}")


# -- the teacher's switch --------------------------------------------------------------------
class SwitchError(ValueError):
    """A switch file that is not a small JSON object of lessons to true or false."""


def switch_path() -> Path | None:
    """The switch file (``$NEWS_CLAIMS_CLASS_VIEW_SWITCH``), or None off a hub."""
    value = os.environ.get(CLASS_VIEW_SWITCH_ENV, "").strip()
    return Path(value).expanduser() if value else None


def switch_key(article: str | None, part: str) -> str:
    """``<article>/<part>``, or ``ALL`` for ``part`` "*"."""
    if part == ALL:
        return ALL
    if not isinstance(part, str) or not _PART.fullmatch(part):
        raise ValueError(f"part: {str(part)[:60]!r} is not a lesson part")
    return f"{check_article_name(article or DEFAULT_ARTICLE)}/{part}"


def read_switch(path: str | Path) -> dict[str, bool]:
    """The switches in ``path`` (a missing file: none). ``SwitchError`` for anything that is
    not a small regular file holding a JSON object of lessons (``<article>/<part>`` or "*")
    to true or false. Checked before it is read."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise SwitchError(f"{path}: cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise SwitchError(f"{path}: is not a regular file")
    if info.st_size > MAX_SWITCH_BYTES:
        raise SwitchError(f"{path}: is {info.st_size:,} bytes (at most {MAX_SWITCH_BYTES:,})")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            data = f.read(MAX_SWITCH_BYTES + 1)
        doc = json.loads(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SwitchError(f"{path}: is not a JSON switch file ({type(exc).__name__})") from None
    if len(data) > MAX_SWITCH_BYTES or not isinstance(doc, dict) or len(doc) > MAX_SWITCH_KEYS:
        raise SwitchError(f"{path}: is not a JSON object of lessons to true or false")
    for key, value in doc.items():
        if not isinstance(value, bool):
            raise SwitchError(f"{path}: {printable(key)[:60]!r} is not true or false")
        if key != ALL:
            article, _, part = key.partition("/")
            try:
                switch_key(article, part)
            except ValueError:
                raise SwitchError(f"{path}: {printable(key)[:60]!r} is not a lesson") from None
    return doc


def class_view_on(article: str | None, part: str, path: str | Path | None = None) -> bool:
    """Whether the teacher lets students see the class view of this lesson: the lesson's own
    switch, else "*", else on. No switch file set (off a hub): on. A switch file that cannot
    be used: off (and logged)."""
    path = Path(path) if path is not None else switch_path()
    if path is None:
        return True
    try:
        switches = read_switch(path)
    except SwitchError as exc:
        LOG.warning("class view switched off: %s", exc)
        return False
    return switches.get(switch_key(article, part), switches.get(ALL, True))


class SwitchNote:
    """What ``set_class_view`` did, in a sentence (for the teacher's notebook)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def set_class_view(article: str | None, part: str, on: bool | None,
                   path: str | Path | None = None) -> SwitchNote:
    """Switch the class view of one lesson (``part`` "*": of every lesson, which also clears
    each lesson's own switch) on or off for students, in the switch file (default
    ``$NEWS_CLAIMS_CLASS_VIEW_SWITCH``), written atomically; ``on`` None changes nothing and
    says how it is now. Off a hub there is no class view: nothing is written, the note says so."""
    from helpers.formats.files import dump_json, write_text

    if on is not None and not isinstance(on, bool):
        raise ValueError("on: give True (students may see it), False, or None (just look)")
    key = switch_key(article, part)
    path = Path(path) if path is not None else switch_path()
    lesson = "every lesson" if key == ALL else f"lesson “{part}”"
    if path is None:
        return SwitchNote("There is no class hub here, so there is no class view to switch.")
    if on is None:
        on = class_view_on(article, part, path) if key != ALL else _all_on(path)
        verb = "is"
    else:
        try:
            switches = read_switch(path)
        except SwitchError as exc:
            LOG.warning("replacing a switch file that could not be used: %s", exc)
            switches = {}
        if key == ALL:
            switches = {}
        switches[key] = on
        write_text(path, dump_json(dict(sorted(switches.items()))), overwrite=True)
        os.chmod(path, 0o644)  # the service reads it, perhaps as another user; no secret in it
        verb = "is now"
    state = "on: students who have handed in can see" if on else "off: no student can see"
    return SwitchNote(f"The class view {verb} {state} what the class said, for {lesson}"
                      f"{_exceptions(path, on) if key == ALL else ''}.")


def _all_on(path: Path) -> bool:
    try:
        return read_switch(path).get(ALL, True)
    except SwitchError:
        return False


def _exceptions(path: Path, on: bool) -> str:
    """" (but off for: …)" naming the lessons switched the other way."""
    try:
        others = sorted(k for k, v in read_switch(path).items() if k != ALL and v != on)
    except SwitchError:
        return ""
    return f" (but {'off' if on else 'on'} for: {', '.join(others)})" if others else ""
