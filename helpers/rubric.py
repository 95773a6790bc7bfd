"""The rubric: three levels, the tasks graded and, per task, the criteria with what each level
looks like, the thresholds that propose a level and an anchor answer at each level.

The rubric is declared once, in ``data/rubric.json`` (format below); everything else reads it
from here: the class results (``helpers.classroom.grades`` proposes a level per student and
task), the teacher notes (``rubric_html(task_id)`` in one line), the gradebook file (the
levels' points) and the level widget (the levels' labels)::

    {"levels": [{"id": "beginning", "label": "Beginning", "points": 1}, …],
     "tasks": [{"id": "end-of-unit", "title": "…", "article": "end-of-unit",
                "parts": ["text"],            # the article's parts it covers; null = all
                "criteria": [{"id": "claims",  # a measure: see MEASURES
                              "name": "Finds the claims worth checking",
                              "levels": {"beginning": "…", "developing": "…", "mastering": "…"},
                              "thresholds": {"developing": 0.34, "mastering": 0.67},
                              "anchors": {"beginning": "…", …}}]}]}

Levels are listed from the lowest up; each needs an id, a label and its points (what a
gradebook records). A criterion's ``thresholds`` give, for every level above the lowest, the
least value of its measure (0 to 1) that proposes that level; they must rise with the levels.

Reading refuses hostile input before it costs anything: the path must be a regular file of at
most ``MAX_BYTES`` (checked with ``stat`` first), the JSON must give each key once, and every
problem is a ``RubricError`` naming the file, the task, the criterion and the field. Core module:
plain ``json`` and ``html``, no pandas, no widgets.
"""

from __future__ import annotations

import html
import json
import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from helpers.display import HTML
from helpers.paths import DATA, check_article_name

RUBRIC_PATH = DATA / "rubric.json"
MAX_BYTES = 256 * 1024
MAX_TASKS = 50
MAX_CRITERIA = 12
MAX_TEXT = 2000
MIN_WRITTEN_WORDS = 15  #: fewer is not a written answer yet ("idk", a copied frame start)
#: The measures a criterion can be proposed from (``helpers.classroom.grades`` computes each
#: per student, on a 0–1 scale), with what each counts, in the teacher's words.
MEASURES = {
    "claims": "the share of the key's check-worthy claims the student annotated",
    "verdicts": "the share of the student's verdicts on the key's claims that match the key",
    "evidence": "the share of the student's verdicts that have evidence written with them",
    "sources": "the share of the sources the student used that are good sources for that claim",
    "written": f"the share of summing-up tasks answered with at least {MIN_WRITTEN_WORDS} words",
}
#: Measures counting whether the work is there, not how good: never the top level (the teacher's)
TOP_LEVEL_BY_TEACHER = ("written",)
_ID = re.compile(r"[a-z][a-z0-9-]{0,39}")


class RubricError(ValueError):
    """The rubric cannot be used: the message names the file, the task, the criterion and the
    field (attributes ``file`` and ``field``)."""

    def __init__(self, file: Any, where: str, problem: str):
        self.file, self.field = str(file), where
        super().__init__(f"{file}: {where}: {problem}" if where else f"{file}: {problem}")


@dataclass(frozen=True)
class Level:
    """One level of the rubric: id, label (what a teacher reads), points (the gradebook's)."""

    id: str
    label: str
    points: float


@dataclass(frozen=True)
class Criterion:
    """One criterion of a task: its measure (``id``), name, what each level looks like, the
    least value proposing each level (``thresholds``: (level id, value) from the lowest level,
    at 0, up) and an anchor answer per level."""

    id: str
    name: str
    levels: dict
    thresholds: tuple
    anchors: dict

    def level_for(self, value: float | None) -> str | None:
        """The level id ``value`` (0–1) reaches on this criterion; None for no value."""
        if value is None:
            return None
        reached = self.thresholds[0][0]
        for level, least in self.thresholds:
            if value >= least:
                reached = level
        return reached


@dataclass(frozen=True)
class Task:
    """A task graded: id (also the gradebook's assignment id), title, the article whose
    hand-ins it grades, its parts (None: all) and its criteria."""

    id: str
    title: str
    article: str
    parts: tuple | None
    criteria: tuple

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion of this task with that id (KeyError naming the task's criteria)."""
        for found in self.criteria:
            if found.id == criterion_id:
                return found
        known = ", ".join(c.id for c in self.criteria)
        raise KeyError(f"task {self.id!r} has no criterion {criterion_id!r} (it has: {known})")


@dataclass(frozen=True)
class Rubric:
    """The whole rubric: ``levels`` from the lowest up, ``tasks``, and the file it came from."""

    levels: tuple
    tasks: tuple
    path: str = ""

    def level(self, level_id: str) -> Level:
        """The level with that id (KeyError naming the levels)."""
        for found in self.levels:
            if found.id == level_id:
                return found
        raise KeyError(
            f"{level_id!r} is not a level of the rubric ({', '.join(self.level_ids)})"
        )

    @property
    def level_ids(self) -> tuple:
        """The levels' ids, lowest first."""
        return tuple(level.id for level in self.levels)

    def rank(self, level_id: str) -> int:
        """0 for the lowest level, 1 for the next …"""
        return self.level_ids.index(self.level(level_id).id)

    def task(self, task_id: str) -> Task:
        """The task with that id (KeyError naming the tasks)."""
        for found in self.tasks:
            if found.id == task_id:
                return found
        known = ", ".join(t.id for t in self.tasks) or "none"
        raise KeyError(f"the rubric has no task {task_id!r} (its tasks: {known})")


# -- reading and checking ---------------------------------------------------------------------
def _read(path: Path) -> Any:
    """The JSON in ``path``, checked with ``stat`` before anything is read."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise RubricError(path, "", "there is no rubric file here") from None
    except OSError as exc:
        raise RubricError(path, "", f"cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise RubricError(path, "", "is not a regular file")
    if info.st_size > MAX_BYTES:
        raise RubricError(path, "", f"is too big ({info.st_size:,} bytes; at most {MAX_BYTES:,})")
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise RubricError(path, "", f"is too big (at most {MAX_BYTES:,} bytes)")

    def once(pairs: list) -> dict:
        keys = [key for key, _ in pairs]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            raise RubricError(path, "", f"gives the key {twice[0][:60]!r} twice in one object")
        return dict(pairs)

    try:
        return json.loads(data.decode("utf-8-sig"), object_pairs_hook=once)
    except UnicodeDecodeError:
        raise RubricError(path, "", "is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise RubricError(
            path, "", f"is not valid JSON ({exc.msg}: line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise RubricError(path, "", "is nested too deep") from None


class _Checker:
    """Checks one rubric document; every error names the file and where in it."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, problem: str) -> RubricError:
        return RubricError(self.path, where, problem)

    def obj(self, value: Any, where: str, keys: set, optional: set = frozenset()) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, "must be an object")
        missing = sorted(keys - set(value))
        extra = sorted(set(value) - keys - set(optional))
        if missing:
            raise self.fail(where, f"lacks {', '.join(repr(k) for k in missing)}")
        if extra:
            raise self.fail(where, f"has unknown key(s) {', '.join(repr(k[:40]) for k in extra)}")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
            raise self.fail(where, f"must be text of 1 to {MAX_TEXT} characters")
        return value.strip()

    def ident(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not _ID.fullmatch(value):
            raise self.fail(
                where,
                f"{str(value)[:60]!r} is not an id (lowercase letters, digits and '-', "
                "starting with a letter, at most 40 characters)",
            )
        return value

    def list(self, value: Any, where: str, most: int) -> list:
        if not isinstance(value, list) or not value:
            raise self.fail(where, "must be a list with at least one entry")
        if len(value) > most:
            raise self.fail(where, f"has {len(value)} entries; at most {most}")
        return value

    def per_level(self, value: Any, where: str, level_ids: tuple) -> dict:
        self.obj(value, where, set(level_ids))
        return {level: self.text(value[level], f"{where}.{level}") for level in level_ids}

    def levels(self, doc: dict) -> tuple:
        found = []
        for n, item in enumerate(self.list(doc["levels"], "levels", 10), 1):
            where = f"levels[{n}]"
            self.obj(item, where, {"id", "label", "points"})
            points = item["points"]
            if isinstance(points, bool) or not isinstance(points, (int, float)) or points < 0:
                raise self.fail(f"{where}.points", "must be a number, 0 or more")
            found.append(Level(self.ident(item["id"], f"{where}.id"),
                               self.text(item["label"], f"{where}.label"), points))
        if len(found) < 2:
            raise self.fail("levels", "needs at least two levels, listed from the lowest up")
        ids = [level.id for level in found]
        if len(set(ids)) != len(ids):
            raise self.fail("levels", "gives a level id twice")
        if any(b.points <= a.points for a, b in zip(found, found[1:], strict=False)):
            raise self.fail("levels", "points must rise from the lowest level up")
        return tuple(found)

    def criterion(self, item: Any, where: str, level_ids: tuple) -> Criterion:
        self.obj(item, where, {"id", "name", "levels", "thresholds", "anchors"})
        measure = item["id"]
        if measure not in MEASURES:
            raise self.fail(f"{where}.id", f"{str(measure)[:60]!r} is not a measure; choose one "
                            f"of {', '.join(MEASURES)}")
        where = f"{where} ({measure!r})"
        above = level_ids[1:]
        self.obj(item["thresholds"], f"{where}.thresholds", set(above))
        thresholds, least = [(level_ids[0], 0.0)], 0.0
        for level in above:
            value = item["thresholds"][level]
            at = f"{where}.thresholds.{level}"
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            if not number or not 0 <= value <= 1:
                raise self.fail(at, "must be a number from 0 to 1")
            if value <= least:
                raise self.fail(at, "must be more than the threshold of the level below (the "
                                "lowest level's is 0)")
            thresholds.append((level, float(value)))
            least = value
        return Criterion(
            id=measure,
            name=self.text(item["name"], f"{where}.name"),
            levels=self.per_level(item["levels"], f"{where}.levels", level_ids),
            thresholds=tuple(thresholds),
            anchors=self.per_level(item["anchors"], f"{where}.anchors", level_ids),
        )

    def task(self, item: Any, where: str, level_ids: tuple) -> Task:
        self.obj(item, where, {"id", "title", "article", "parts", "criteria"})
        task_id = self.ident(item["id"], f"{where}.id")
        where = f"{where} ({task_id!r})"
        try:
            article = check_article_name(item["article"])
        except ValueError as exc:
            raise self.fail(f"{where}.article", str(exc)) from None
        parts = item["parts"]
        if parts is not None:
            parts = tuple(self.ident(p, f"{where}.parts[{n}]")
                          for n, p in enumerate(self.list(parts, f"{where}.parts", 40), 1))
        criteria = tuple(
            self.criterion(c, f"{where}.criteria[{n}]", level_ids)
            for n, c in enumerate(self.list(item["criteria"], f"{where}.criteria", MAX_CRITERIA), 1)
        )
        ids = [c.id for c in criteria]
        if len(set(ids)) != len(ids):
            raise self.fail(f"{where}.criteria", "uses a measure twice")
        return Task(task_id, self.text(item["title"], f"{where}.title"), article, parts, criteria)

    def rubric(self, doc: Any) -> Rubric:
        self.obj(doc, "", {"levels", "tasks"}, {"about", "version"})
        levels = self.levels(doc)
        level_ids = tuple(level.id for level in levels)
        tasks = tuple(
            self.task(t, f"tasks[{n}]", level_ids)
            for n, t in enumerate(self.list(doc["tasks"], "tasks", MAX_TASKS), 1)
        )
        ids = [t.id for t in tasks]
        if len(set(ids)) != len(ids):
            raise self.fail("tasks", "gives a task id twice (each is a gradebook column)")
        return Rubric(levels, tasks, str(self.path))


@lru_cache(maxsize=8)
def _load(path: str, mtime: int, size: int) -> Rubric:
    return _Checker(Path(path)).rubric(_read(Path(path)))


def load_rubric(path: str | Path | None = None) -> Rubric:
    """The checked rubric (default data/rubric.json); RubricError naming the file and the field
    for anything it cannot use. Read again when the file changes."""
    path = Path(path or RUBRIC_PATH)
    try:
        info = os.stat(path)
    except OSError:
        info = None
    return _load(str(path), info.st_mtime_ns if info else 0, info.st_size if info else -1)


def level_for(criterion: Criterion, value: float | None) -> str | None:
    """The level id a measure's ``value`` (0–1) reaches on ``criterion`` (None for None)."""
    return criterion.level_for(value)


# -- showing it ---------------------------------------------------------------------------------
def _threshold_words(criterion: Criterion, rubric: Rubric) -> str:
    bits = [f"{rubric.level(level).label} from {least:.0%}"
            for level, least in criterion.thresholds[1:]]
    if criterion.id in TOP_LEVEL_BY_TEACHER:
        bits[-1] = f"{rubric.levels[-1].label} only from you, reading the work"
    return "Proposed level: " + "; ".join(bits) + f" ({MEASURES[criterion.id]})."


def rubric_html(task_id: str, anchors: bool = True, path: str | Path | None = None) -> HTML:
    """The rubric of one task as a table (one row per criterion, one column per level), with
    the anchor answers under each level when ``anchors``, for the teacher notes: one line in a
    notebook cell. Every text from the rubric file is escaped."""
    rubric = load_rubric(path)
    task = rubric.task(task_id)
    e = html.escape
    head = "".join(
        f'<th scope="col">{e(level.label)} ({level.points:g})</th>' for level in rubric.levels
    )
    rows, lines = [], [f"{task.title}", ""]
    for criterion in task.criteria:
        cells = "".join(
            "<td>" + e(criterion.levels[level.id])
            + (f'<br><i>Anchor:</i> “{e(criterion.anchors[level.id])}”' if anchors else "")
            + "</td>"
            for level in rubric.levels
        )
        rows.append(
            f'<tr><th scope="row">{e(criterion.name)}<br>'
            f'<small>{e(_threshold_words(criterion, rubric))}</small></th>{cells}</tr>'
        )
        lines.append(f"{criterion.name}")
        for level in rubric.levels:
            lines.append(f"  {level.label}: {criterion.levels[level.id]}")
            if anchors:
                lines.append(f"    Anchor: “{criterion.anchors[level.id]}”")
        lines.append(f"  {_threshold_words(criterion, rubric)}")
    markup = (
        f'<table class="rubric"><caption>{e(task.title)}</caption>'
        f'<thead><tr><th scope="col">Criterion</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return HTML(markup, "\n".join(lines))
