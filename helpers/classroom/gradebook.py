"""The teacher's confirmed levels (``levels.json``) and the gradebook file a learning platform
imports (``grades.csv``).

**The levels file** sits in the class's output folder (beside ``class-results/report.md``)::

    {"about": "…", "version": 1,
     "levels": {"<student>": {"<task id>": {"level": "developing", "proposed": "beginning",
                                             "by": "teacher", "at": "2024-03-20T10:15:00Z",
                                             "history": [{"level": …, "by": …, "at": …}]}}}}

``LevelsFile.confirm`` reads the file, changes one student's level for one task and writes it
back atomically (a temporary file, then a rename), under a lock where the system has one, so two
notebooks confirming at once lose nothing. It never overwrites silently: given ``expected`` (the
level the teacher saw), a level changed meanwhile elsewhere is refused with a message saying by
whom and when; every earlier decision stays in ``history``. ``level=None`` withdraws a
confirmation (the proposal counts again). Reading checks the file before it costs anything: a
regular file of at most ``MAX_BYTES``, each key once, at most ``MAX_STUDENTS`` students; a bad
entry is a ``LevelsError`` naming the file, the student, the task and the field.

**The gradebook** (``gradebook_rows``, ``gradebook_csv``): one row per student, one column per
task of the rubric (its assignment). A confirmed level wins over a proposed one; a student with
no hand-in for a task gets an empty cell, never 0. Levels go out as their points (rubric:
Beginning 1, Developing 2, Mastering 3). ``FORMATS``:

* ``canvas``: Canvas's gradebook import columns ``Student, ID, SIS User ID, SIS Login ID,
  Section`` (the name as the student typed it; the ids left for Canvas to match), then one
  column per task, named by its title, holding points;
* ``moodle``: ``Student`` (map it to username or email at import), then one column per task,
  named by its title, holding points (a scale grade item imports by number: 1 = its first item);
* ``plain``: ``student``, then per task its points, its level's label and whether the teacher
  confirmed it or it is only proposed.

Every cell goes through ``helpers.formats.csvfile.spreadsheet_safe`` (a name starting with
``=`` cannot run as a formula).
"""

from __future__ import annotations

import contextlib
import getpass
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.formats.csvfile import write_rows
from helpers.formats.files import dump_json, parse_json, read_text, write_text
from helpers.rubric import load_rubric

if TYPE_CHECKING:
    from helpers.classroom.grades import Proposal
    from helpers.rubric import Rubric

LEVELS_NAME = "levels.json"
MAX_BYTES = 4 * 1024 * 1024
MAX_STUDENTS = 5000
MAX_HISTORY = 20
MAX_TEXT = 200
FORMATS = ("canvas", "moodle", "plain")
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
STATUS = {"confirmed": "confirmed", "proposed": "proposed"}
_ABOUT = (
    "The levels a teacher confirmed or changed (notebook 06, Proposed levels), per student and "
    "task; earlier decisions under history. Written by the notebook: edit with care."
)


class LevelsError(ValueError):
    """The levels file cannot be used, or a level cannot be saved (the message says why)."""


class LevelsConflict(LevelsError):
    """The level was changed elsewhere since it was shown: nothing was saved."""


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _teacher() -> str:
    try:
        return getpass.getuser() or "teacher"
    except (OSError, KeyError):  # no user name in this environment
        return "teacher"


@contextlib.contextmanager
def _locked(path: Path):
    """An exclusive lock on ``path``'s lock file while the body runs (none where the system
    has no ``fcntl``: the write is still atomic)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class LevelsFile:
    """The confirmed levels of one class: ``read()``, ``level(student, task)``, ``confirm``."""

    def __init__(self, path: str | Path, rubric: Rubric | None = None):
        path = Path(path)
        self.path = path / LEVELS_NAME if path.is_dir() else path
        self.rubric = rubric or load_rubric()

    def _fail(self, where: str, problem: str) -> LevelsError:
        return LevelsError(f"{self.path}: {where}: {problem}" if where else f"{self.path}: "
                           f"{problem}")

    def _text(self, value, where: str, empty: bool = False) -> str:
        if not isinstance(value, str) or len(value) > MAX_TEXT or not (empty or value.strip()):
            raise self._fail(where, f"must be text of at most {MAX_TEXT} characters")
        return value

    def _entry(self, entry, where: str, nested: bool = False) -> dict:
        if not isinstance(entry, dict) or not {"level", "by", "at"} <= set(entry):
            raise self._fail(where, "must be an object with 'level', 'by' and 'at'")
        level = entry["level"]
        if level is not None and level not in self.rubric.level_ids:
            raise self._fail(f"{where}.level", f"{str(level)[:40]!r} is not a level of the "
                             f"rubric ({', '.join(self.rubric.level_ids)})")
        proposed = entry.get("proposed")
        if proposed is not None and proposed not in self.rubric.level_ids:
            raise self._fail(f"{where}.proposed", f"{str(proposed)[:40]!r} is not a level")
        found = {
            "level": level,
            "proposed": proposed,
            "by": self._text(entry["by"], f"{where}.by", empty=True),
            "at": self._text(entry["at"], f"{where}.at", empty=True),
        }
        if nested:
            return found
        history = entry.get("history", [])
        if not isinstance(history, list) or len(history) > MAX_HISTORY:
            raise self._fail(f"{where}.history", f"must be a list of at most {MAX_HISTORY}")
        found["history"] = [self._entry(h, f"{where}.history[{n}]", nested=True)
                            for n, h in enumerate(history, 1)]
        return found

    def read(self) -> dict:
        """Student -> task id -> entry (level, proposed, by, at, history); {} with no file."""
        if not self.path.exists():
            return {}
        try:
            doc = parse_json(self.path, read_text(self.path, max_bytes=MAX_BYTES))
        except ValueError as exc:  # AnnotationError: says the file and why
            raise LevelsError(str(exc)) from None
        levels = doc.get("levels") if isinstance(doc, dict) else None
        if not isinstance(levels, dict):
            raise self._fail("levels", "must be an object: student -> task -> level")
        if len(levels) > MAX_STUDENTS:
            raise self._fail("levels", f"has {len(levels):,} students; at most {MAX_STUDENTS:,}")
        out = {}
        for student, tasks in levels.items():
            where = f"student {self._text(student, 'a student name')[:60]!r}"
            if not isinstance(tasks, dict) or len(tasks) > 100:
                raise self._fail(where, "must be an object: task id -> level")
            out[student] = {
                self._text(task, f"{where}: task"): self._entry(entry, f"{where}, task {task!r}")
                for task, entry in tasks.items()
            }
        return out

    def level(self, student: str, task: str) -> str | None:
        """The confirmed level id of ``student`` on ``task`` (None: not confirmed)."""
        return self.read().get(student, {}).get(task, {}).get("level")

    def confirm(self, student: str, task: str, level: str | None, proposed: str | None = None,
                by: str | None = None, expected: str | None | object = ...) -> dict:
        """Save ``level`` (a level id; None withdraws the confirmation) for ``student`` on
        ``task``, read–merge–write, atomically. ``expected``: the confirmed level the teacher
        saw (None: none); when the file says otherwise, LevelsConflict and nothing is saved.
        Returns the entry saved."""
        self._text(student, "student")
        title = self.rubric.task(task).title
        if level is not None:
            self.rubric.level(level)
        with _locked(self.path):
            levels = self.read()
            before = levels.get(student, {}).get(task)
            now = before["level"] if before else None
            if expected is not ... and expected != now:
                shown = self.rubric.level(now).label if now else "not confirmed"
                raise LevelsConflict(
                    f"{student}'s level for “{title}” was changed meanwhile (now: {shown}, by "
                    f"{before['by']} at {before['at']}); nothing was saved. Look again, "
                    "then confirm."
                )
            history = []
            if before:
                history = [*before["history"],
                           {k: before[k] for k in ("level", "proposed", "by", "at")}]
            entry = {"level": level, "proposed": proposed, "by": by or _teacher(), "at": _now(),
                     "history": history[-MAX_HISTORY:]}
            levels.setdefault(student, {})[task] = entry
            doc = {"about": _ABOUT, "version": 1, "levels": levels}
            write_text(self.path, dump_json(doc), overwrite=True)
        return entry


# -- the gradebook -------------------------------------------------------------------------------
@dataclass
class Grade:
    """One cell of the gradebook: the level id ("" for no hand-in) and whether it is
    confirmed."""

    level: str
    confirmed: bool


def grades(proposals: dict, confirmed: dict) -> dict:
    """Student -> task id -> Grade: the confirmed level where there is one, else the proposed
    level; a student with no hand-in for a task and no confirmed level has Grade("")."""
    out: dict[str, dict] = {}
    for task_id, found in proposals.items():
        for p in found:
            mine = confirmed.get(p.student, {}).get(task_id, {}).get("level")
            if mine:
                cell = Grade(mine, True)
            else:
                cell = Grade(p.level or "", False)
            out.setdefault(p.student, {})[task_id] = cell
    return out


def gradebook_rows(proposals: dict[str, list[Proposal]], confirmed: dict,
                   fmt: str = "plain", rubric: Rubric | None = None) -> tuple[list, list]:
    """``(header, rows)`` of the gradebook in ``fmt`` (see ``FORMATS``); one row per student,
    sorted, cells as text."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: choose one of {', '.join(FORMATS)}")
    rubric = rubric or load_rubric()
    tasks = [rubric.task(task_id) for task_id in proposals]
    cells = grades(proposals, confirmed)

    def points(grade: Grade) -> str:
        return f"{rubric.level(grade.level).points:g}" if grade.level else ""

    if fmt == "plain":
        header = ["student"]
        for task in tasks:
            header += [f"{task.id} points", f"{task.id} level", f"{task.id} status"]
    else:
        first = list(CANVAS_COLUMNS) if fmt == "canvas" else ["Student"]
        header = first + [task.title for task in tasks]
    rows = []
    for student in sorted(cells):
        row = [student] + ([""] * (len(CANVAS_COLUMNS) - 1) if fmt == "canvas" else [])
        for task in tasks:
            grade = cells[student].get(task.id, Grade("", False))
            if fmt == "plain":
                label = rubric.level(grade.level).label if grade.level else ""
                status = (STATUS["confirmed"] if grade.confirmed else STATUS["proposed"]) if (
                    grade.level) else ""
                row += [points(grade), label, status]
            else:
                row.append(points(grade))
        rows.append(row)
    return header, rows


def gradebook_csv(proposals: dict, confirmed: dict, fmt: str = "plain",
                  rubric: Rubric | None = None) -> str:
    """The gradebook as CSV text (every cell spreadsheet-safe, CR LF line ends)."""
    header, rows = gradebook_rows(proposals, confirmed, fmt, rubric)
    return write_rows(header, rows)


def summary(proposals: dict, confirmed: dict) -> dict:
    """How many cells are confirmed, only proposed, empty (no hand-in) or for the teacher to
    judge (handed in, nothing computable, not confirmed)."""
    counts = dict.fromkeys(("confirmed", "proposed", "empty", "to judge"), 0)
    handed = {(p.student, t): p.handed_in for t, found in proposals.items() for p in found}
    for student, tasks in grades(proposals, confirmed).items():
        for task_id, grade in tasks.items():
            if grade.confirmed:
                counts["confirmed"] += 1
            elif grade.level:
                counts["proposed"] += 1
            elif handed[(student, task_id)]:
                counts["to judge"] += 1
            else:
                counts["empty"] += 1
    return counts


def write_gradebook(out: str | Path, proposals: dict, confirmed: dict, fmt: str = "plain",
                    rubric: Rubric | None = None, force: bool = False) -> Path:
    """Write the gradebook to ``out`` (UTF-8; with a byte-order mark for ``plain``, which
    spreadsheet programs open); an existing file is kept unless ``force``."""
    text = gradebook_csv(proposals, confirmed, fmt, rubric)
    encoding = "utf-8-sig" if fmt == "plain" else "utf-8"
    return write_text(out, text, overwrite=force, encoding=encoding)
