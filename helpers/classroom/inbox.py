"""The teacher's inbox, read: who has handed in which lesson, and one student's work.

On a class hub each Hand in puts a new file into the teacher's inbox, named
``<user>--<article>--<part>--<UTC time>--<random>.jsonld`` (see ``helpers.hub``). On a laptop the
teacher gathers the files into a folder by hand; their names are ``<name>-<UTC time>.jsonld``
(the Hand in button's; ``<article>-<name>-<UTC time>.jsonld`` for another article), which say
who and when but not which lesson ("the whole unit")::

    from helpers.classroom.inbox import handed_in, student_work
    handed_in("/srv/news-claims/inbox", roster=["ana", "ben"])   # student x lesson: latest time
    student_work("/srv/news-claims/inbox", "ana")                # annotations, answers, ...

``handed_in`` reads file names only (cheap enough to refresh during a lesson); ``student_work``
reads one student's files through ``helpers.formats.read_file``, the reader ``collect`` uses:
each file is checked before it is read (a regular file, not a link, at most
``collect.MAX_HANDIN_BYTES``), bad records are reported by file and never stop the rest. The
inbox itself is flat: links, folders, pipes and devices in it are listed as skipped, never
followed or read; hidden names (a hand-in being written) are left alone.

After handing in, a student may open the class view (what the class said), and may then hand in
again: ``after_viewing`` finds such hand-ins from the class-view service's log
(``helpers.classroom.classview_log``), and ``student_work`` shows them with the lesson viewed
and when.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from helpers import hub
from helpers.classroom.classview_log import first_opened
from helpers.classroom.collect import MAX_HANDIN_BYTES
from helpers.classroom.report import (
    ANSWER_COLUMNS,
    ATTEMPT_COLUMNS,
    SEARCH_COLUMNS,
    CollectError,
)
from helpers.errors import printable
from helpers.paths import DEFAULT_ARTICLE

if TYPE_CHECKING:
    import pandas as pd

#: The lesson of a file whose name does not say one (a laptop's hand-in: all the work).
WHOLE_UNIT = "all"
#: More entries than this in one inbox folder is not a class's (30 students x 20 hand-ins).
MAX_INBOX_FILES = 20_000
#: The newest hand-ins of one student that are read (each holds all the work until then).
MAX_FILES_PER_STUDENT = 200
HANDIN_COLUMNS = ("file", "article", "part", "time", "viewed_part", "viewed_time")
PROBLEM_COLUMNS = ("file", "problem")
#: A hand-in saved by the Hand in button on a laptop: ``<name>-<UTC time>(-n).jsonld``.
_LAPTOP_NAME = re.compile(r"^(?P<user>.+?)-(?P<time>\d{8}T\d{6})Z(?:-\d+)?\.jsonld$")


@dataclass(frozen=True)
class Entry:
    """One hand-in file in the inbox, as its name says."""

    path: Path
    user: str
    article: str
    part: str
    time: datetime


@dataclass
class InboxScan:
    """What is in the inbox folder: the hand-ins (oldest first) and what was skipped, why."""

    folder: Path
    entries: list[Entry] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # file, problem

    @property
    def users(self) -> list[str]:
        return sorted({e.user for e in self.entries})


def _entry(path: Path) -> Entry | None:
    name = hub.parse_inbox_name(path.name)
    if name is not None:
        return Entry(path, name.user, name.article, name.part, name.time)
    laptop = _LAPTOP_NAME.match(path.name)
    if laptop:
        try:
            when = datetime.strptime(laptop["time"], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        except ValueError:
            return None
        user, article = laptop["user"], DEFAULT_ARTICLE
        for other in _other_articles():  # another article's hand-in: "<article>-<name>-…"
            if user.startswith(other + "-") and len(user) > len(other) + 1:
                user, article = user[len(other) + 1 :], other
                break
        return Entry(path, hub.user_slug(user), article, WHOLE_UNIT, when)
    return None


@lru_cache(maxsize=1)
def _other_articles() -> tuple[str, ...]:
    """The names of the articles besides the unit's own, longest first."""
    from helpers.article import list_articles

    try:
        names = list_articles()
    except Exception:  # noqa: BLE001 - an unreadable articles folder: the unit's article only
        return ()
    return tuple(sorted((n for n in names if n != DEFAULT_ARTICLE), key=len, reverse=True))


def scan_inbox(inbox: str | Path) -> InboxScan:
    """The hand-ins in ``inbox`` (file names only, nothing is read). ``CollectError`` when it is
    not a folder that can be listed."""
    folder = Path(inbox)
    found = InboxScan(folder)
    try:
        info = os.lstat(folder)
    except OSError as exc:
        raise CollectError(f"{printable(folder)} cannot be opened ({exc.strerror})") from None
    if not stat.S_ISDIR(info.st_mode):
        raise CollectError(f"{printable(folder)} is not a folder (no inbox there)")
    try:
        listing = os.scandir(folder)
    except OSError as exc:
        raise CollectError(f"{printable(folder)} cannot be listed ({exc.strerror})") from None

    def skip(name: str, problem: str) -> None:
        found.skipped.append({"file": printable(name), "problem": problem})

    with listing:
        for count, item in enumerate(listing):
            if count >= MAX_INBOX_FILES:
                skip("…", f"more than {MAX_INBOX_FILES:,} entries: the rest were not looked at")
                break
            if item.name.startswith("."):
                continue
            if item.is_symlink():
                skip(item.name, "is a link; it was not followed")
            elif item.is_dir(follow_symlinks=False):
                skip(item.name, "is a folder; hand-ins are files in the inbox itself")
            elif not item.is_file(follow_symlinks=False):
                skip(item.name, "is not a regular file (a pipe, socket or device)")
            elif (entry := _entry(Path(item.path))) is None:
                skip(item.name, "is not named like a hand-in")
            else:
                found.entries.append(entry)
    found.entries.sort(key=lambda e: (e.time, e.path.name))
    found.skipped.sort(key=lambda s: s["file"])
    return found


# -- who has handed in ----------------------------------------------------------------------------
@lru_cache(maxsize=32)
def part_order(article: str) -> tuple[str, ...]:
    """The article's parts in teaching order (none for an article this computer lacks)."""
    from helpers.article import load_article

    try:
        return tuple(p.id for p in load_article(article).parts)
    except Exception:  # noqa: BLE001 - an unknown article: its parts sort by name
        return ()


def holds(article: str, handed: str, part: str) -> bool:
    """Whether a hand-in of lesson ``handed`` holds the work on ``part`` of ``article``: a
    hand-in holds all the work so far, so a hand-in of ``part`` itself, of a later part of the
    article (on the three-lesson route students hand in once, at the end of notebooks 3 and 5)
    or of the whole unit does; an earlier part's does not."""
    if handed in (part, WHOLE_UNIT):
        return True
    order = part_order(article)
    return handed in order and part in order and order.index(handed) > order.index(part)


def lesson_order(lessons) -> list[tuple[str, str]]:
    """(article, part) pairs in teaching order: the unit's article first, parts as the article
    lists them, "the whole unit" last."""

    def key(lesson):
        article, part = lesson
        parts = part_order(article)
        return (
            article != DEFAULT_ARTICLE,
            article,
            part == WHOLE_UNIT,
            parts.index(part) if part in parts else len(parts),
            part,
        )

    return sorted(set(lessons), key=key)


def roster_names(roster: str | Path | list[str] | None = None) -> list[str]:
    """The class list as inbox user names: a list, a roster file, or None for
    ``$NEWS_CLAIMS_ROSTER`` (none: an empty list)."""
    names = list(roster) if isinstance(roster, list | tuple) else hub.read_roster(roster)
    return list(dict.fromkeys(hub.user_slug(n) for n in names))


def handed_in(
    inbox: str | Path, roster: str | Path | list[str] | None = None, scan: InboxScan | None = None
) -> pd.DataFrame:
    """A table with a row per student (the roster's first, in its order, then anyone else
    who handed in) and a column per lesson (``(article, part)``, in teaching order): the UTC
    time of the student's latest hand-in for it, empty (NaT) where there is none."""
    import pandas as pd

    scan = scan or scan_inbox(inbox)
    latest: dict[tuple[str, tuple[str, str]], datetime] = {}
    for e in scan.entries:  # oldest first: the latest wins
        latest[(e.user, (e.article, e.part))] = e.time
    names = roster_names(roster)
    users = names + sorted({u for u, _ in latest} - set(names))
    lessons = lesson_order(lesson for _, lesson in latest)
    columns = pd.MultiIndex.from_tuples(lessons, names=["article", "part"])
    table = pd.DataFrame(
        [[latest.get((u, lesson)) for lesson in lessons] for u in users],
        index=pd.Index(users, name="student", dtype=object),
        columns=columns,
    )
    return table.apply(lambda col: pd.to_datetime(col, utc=True)) if lessons else table


def not_handed_in(table: pd.DataFrame, lesson: tuple[str, str] | None = None) -> list[str]:
    """The students of ``handed_in``'s table with no hand-in for ``lesson`` (None: none at all)."""
    if table.shape[1] == 0:
        return list(table.index)
    if lesson is None:
        return list(table.index[table.isna().all(axis=1)])
    if lesson not in table.columns:
        return list(table.index)
    return list(table.index[table[lesson].isna()])


# -- hand-ins after seeing the class's answers -----------------------------------------------------
@dataclass(frozen=True)
class SeenFirst:
    """A hand-in (``lesson``, ``handed``) sent after its student had been shown the class view
    of ``viewed`` (a lesson it holds) at ``opened``, that lesson having been handed in before."""

    user: str
    lesson: tuple[str, str]
    handed: datetime
    viewed: tuple[str, str]
    opened: datetime


def after_viewing(scan: InboxScan, opened=()) -> dict[Path, SeenFirst]:
    """``{hand-in file: SeenFirst}`` for every hand-in in ``scan`` delivered after its student
    was first shown the class view of a lesson P it holds (``holds``), when the student had
    already handed in P (in a hand-in of P or of a later part) before that: handing in again
    after seeing the class's answers. ``opened``: the log's records (``read_opened``). A hand-in
    of the next lesson after seeing the last one's view is not marked; a second hand-in of the
    same or an earlier lesson is."""
    views: dict[tuple[str, str], list[tuple[datetime, str]]] = {}
    for (user, article, part), when in first_opened(opened).items():
        views.setdefault((user, article), []).append((when, part))
    marks: dict[Path, SeenFirst] = {}
    mine: dict[tuple[str, str], list[Entry]] = {}
    for e in scan.entries:  # oldest first
        mine.setdefault((e.user, e.article), []).append(e)
    for (user, article), entries in mine.items():
        for when, part in sorted(views.get((user, article), ())):
            before = [e for e in entries if e.time <= when]
            for e in entries:
                if e.path in marks or e.time <= when or not holds(article, e.part, part):
                    continue
                if any(holds(article, b.part, e.part) for b in before):
                    marks[e.path] = SeenFirst(user, (article, e.part), e.time, (article, part),
                                              when)
    return marks


def lesson_marks(scan: InboxScan, opened=()) -> dict[tuple[str, tuple[str, str]], SeenFirst]:
    """``{(student, (article, part)): SeenFirst}`` for the cells of ``handed_in``'s table whose
    latest hand-in came after seeing the class's answers (``after_viewing``)."""
    found: dict[tuple[str, tuple[str, str]], SeenFirst] = {}
    for mark in sorted(after_viewing(scan, opened).values(), key=lambda m: m.handed):
        found[(mark.user, mark.lesson)] = mark  # the latest hand-in of the cell
    return found


# -- one student's work ---------------------------------------------------------------------------
@dataclass
class StudentWork:
    """Everything one student handed in, in one place (the latest copy of each piece)."""

    user: str
    handins: pd.DataFrame  # file, article, part, time: every hand-in, oldest first
    annotations: pd.DataFrame  # one row per annotation (the flat columns, and file, article)
    answers: pd.DataFrame  # one row per question: the text typed last
    attempts: pd.DataFrame  # every self-check try once
    searches: pd.DataFrame  # every search step once
    problems: pd.DataFrame  # file, problem: what could not be read

    @property
    def empty(self) -> bool:
        return self.handins.empty


def _read(entry: Entry, scheme):
    """``read_file``'s result for one hand-in, or a problem sentence."""
    from helpers.article import load_article
    from helpers.formats import read_file

    try:
        info = os.lstat(entry.path)
    except OSError as exc:
        return f"cannot be opened ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file any more; it was not read"
    try:
        article = load_article(entry.article)
    except Exception:  # noqa: BLE001 - any reason: the teacher needs the name, not a traceback
        return f"is about the article {entry.article!r}, which this computer does not have"
    return read_file(entry.path, article, scheme, max_bytes=MAX_HANDIN_BYTES)


def student_work(inbox: str | Path, user: str, scan: InboxScan | None = None,
                 opened=()) -> StudentWork:
    """One student's annotations, written answers, self-check tries and searches from every
    hand-in of theirs in ``inbox`` (``user`` as in the file names; their newest
    ``MAX_FILES_PER_STUDENT``). An annotation handed in twice counts once: its latest copy.
    ``opened``: the class-view log's records; a hand-in sent after seeing the class's answers
    (``after_viewing``) has the lesson viewed and when in ``viewed_part``, ``viewed_time``."""
    import pandas as pd

    from helpers.fields import flatten
    from helpers.scheme import load_scheme

    scan = scan or scan_inbox(inbox)
    user = hub.user_slug(user)
    mine = [e for e in scan.entries if e.user == user][-MAX_FILES_PER_STUDENT:]
    scheme = load_scheme()
    rows, answers, attempts, searches, problems = [], [], [], [], []
    for entry in mine:
        name = printable(entry.path.name)
        result = _read(entry, scheme)
        if isinstance(result, str):
            problems.append({"file": name, "problem": result})
            continue
        for exc in result.errors:
            problems.append({"file": name, "problem": str(exc).replace(str(entry.path), name)})
        extra = {"file": name, "article": entry.article}
        rows += [{**flatten(a, scheme), **extra} for a in result.annotations]
        answers += [{**vars(a), **extra} for a in result.answers]
        attempts += [{**vars(a), **extra} for a in result.attempts]
        searches += [{**vars(s), **extra} for s in result.searches]
    marks = after_viewing(scan, opened) if opened else {}
    handins = pd.DataFrame(
        [(printable(e.path.name), e.article, e.part, e.time,
          marks[e.path].viewed[1] if e.path in marks else "",
          marks[e.path].opened if e.path in marks else None) for e in mine],
        columns=list(HANDIN_COLUMNS),
    )
    handins["viewed_time"] = pd.to_datetime(handins["viewed_time"], utc=True)
    table = pd.DataFrame(rows, columns=[*scheme.flat_columns, "file", "article"])
    table = table.drop_duplicates(["article", "id"], keep="last")  # files are oldest first
    answer_frame = pd.DataFrame(answers, columns=[*ANSWER_COLUMNS, "file", "article"])
    answer_frame = answer_frame.sort_values("modified", kind="stable").drop_duplicates(
        ["article", "annotator", "question_id"], keep="last"
    )
    return StudentWork(
        user=user,
        handins=handins,
        annotations=table.sort_values(["article", "start"], kind="stable").reset_index(drop=True),
        answers=answer_frame.sort_values(["article", "question_id"]).reset_index(drop=True),
        attempts=_once(attempts, ATTEMPT_COLUMNS),
        searches=_once(searches, SEARCH_COLUMNS),
        problems=pd.DataFrame(problems, columns=list(PROBLEM_COLUMNS)),
    )


def _once(rows: list[dict], columns) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=[*columns, "file", "article"])
    frame = frame.drop_duplicates(["article", *columns])
    return frame.sort_values("created", kind="stable").reset_index(drop=True)
