"""The teacher's live view, wired: the inbox readers (``helpers.classroom.inbox``) given to the
widgets (``helpers.widgets.liveview``). Used by notebooks/08_live_class_view.ipynb::

    from helpers.tools.liveview import who_has_handed_in
    who_has_handed_in()          # on a hub: the class's inbox; on a laptop: the sample class

Which folder: the one given; else the teacher's inbox on a class hub (``$NEWS_CLAIMS_INBOX``);
else the synthetic sample class in data/sample_class, so the notebook shows something before a
class hands in. The class list: the one given, else ``$NEWS_CLAIMS_ROSTER``. On a hub, the
class-view service's log of who saw the class's answers (``helpers.classroom.classview_log``,
beside the teacher's switch) marks a hand-in sent after that; a log that is missing or cannot
be used marks nothing and is named, never an error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from helpers import hub
from helpers.classroom.classview_log import LOG_NAME, read_opened, views_log_path
from helpers.classroom.collect import SAMPLE_FOLDER
from helpers.classroom.inbox import (
    WHOLE_UNIT,
    handed_in,
    lesson_marks,
    roster_names,
    scan_inbox,
    student_work,
)
from helpers.paths import DEFAULT_ARTICLE
from helpers.widgets.liveview import HandInGrid, StudentWorkView

#: What the demo hub says about its accounts (``NEWS_CLAIMS_HUB_ISOLATED`` is not "1").
NOT_ISOLATED = (
    "On this demo hub the students' accounts are not kept apart from each other: anyone who "
    "can open a terminal here could read every hand-in. A school's hub gives each student a "
    "system account of their own (see the README, “A class beyond one machine”)."
)
SAMPLE_NOTE = (
    "These are made-up students (synthetic-01 to synthetic-30). Files gathered from laptops "
    "say who handed in and when, not which lesson: they are shown as the whole unit."
)
#: Column headings of one student's annotations that are not fields of the scheme.
HEADINGS = {"sentence_id": "Sentence", "quote": "Words marked"}


def class_folder(folder: str | Path | None = None) -> tuple[Path, str, tuple[str, ...]]:
    """The folder to read, how to name it to the teacher, and notes to show above the table."""
    if folder is not None:
        return Path(folder), f"the hand-ins in {Path(folder).name}/", ()
    inbox = hub.inbox_path()
    if inbox is not None:
        notes = () if hub.isolated() else (NOT_ISOLATED,)
        return inbox, "your class's hand-ins on this hub", notes
    return SAMPLE_FOLDER, "the synthetic sample class", (SAMPLE_NOTE,)


@lru_cache(maxsize=256)
def lesson_title(lesson: tuple[str, str]) -> str:
    """A column heading: the part's title ("The lede"), the article's name first for another
    article; "Whole unit" for a hand-in that does not say its lesson."""
    from helpers.article import load_article

    article, part = lesson
    prefix = "" if article == DEFAULT_ARTICLE else f"{article}: "
    if part == WHOLE_UNIT:
        return prefix + "Whole unit"
    try:
        return prefix + load_article(article).part(part).title
    except Exception:  # noqa: BLE001 - an article or part this computer does not have
        return prefix + part


def value_label(column: str, value: Any) -> str:
    """A heading (``value`` None) or a cell of one student's annotations: the scheme's label of
    a field and of a choice."""
    from helpers.scheme import load_scheme

    scheme = load_scheme()
    field = scheme.by_name.get(column)
    if value is None:
        return HEADINGS.get(column) or (field.label if field else column.replace("_", " "))
    if field is not None and field.kind == "choice" and value:
        try:
            return field.choice(value).label
        except Exception:  # noqa: BLE001 - a choice the scheme no longer has: its id
            return str(value)
    return "" if str(value) in ("nan", "None", "<NA>") else str(value)


def opened_views(views_log: str | Path | None = None) -> tuple[list, list[dict]]:
    """The class-view log's records (``views_log``, default the one beside the teacher's switch
    on a hub; none on a laptop) and, if it could not all be used, a skipped entry saying why."""
    path = Path(views_log) if views_log is not None else views_log_path()
    records, problem = read_opened(path) if path is not None else ([], "")
    name = path.name if path is not None else LOG_NAME
    if problem.startswith(name):
        problem = problem[len(name):].strip()
    skipped = [{"file": f"{name} (who saw the class's answers)", "problem": problem}]
    return records, skipped if problem else []


def who_has_handed_in(folder: str | Path | None = None,
                      roster: str | Path | list[str] | None = None,
                      views_log: str | Path | None = None) -> HandInGrid:
    """The table of who has handed in which lesson, with a Refresh button; a hand-in sent after
    the student saw the class's answers is marked."""
    path, where, notes = class_folder(folder)

    def load():
        scan = scan_inbox(path)
        names = roster_names(roster)
        records, problems = opened_views(views_log)
        return (handed_in(path, names, scan), scan.skipped + problems, names,
                lesson_marks(scan, records))

    return HandInGrid(load, lesson_title, where=where, notes=notes)


def one_students_work(folder: str | Path | None = None,
                      roster: str | Path | list[str] | None = None,
                      views_log: str | Path | None = None) -> StudentWorkView:
    """A drop-down of students; one student's annotations, answers, tries and searches, and
    which hand-ins came after they saw the class's answers."""
    path = class_folder(folder)[0]

    def students() -> list[str]:
        names = roster_names(roster)
        return names + [u for u in scan_inbox(path).users if u not in names]

    def load(name: str):
        return student_work(path, name, opened=opened_views(views_log)[0])

    return StudentWorkView(students, load, lesson_title, value_label)
