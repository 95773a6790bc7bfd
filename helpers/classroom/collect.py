"""Collect a class's hand-ins: read every submission file in a folder into one table.

From a notebook::

    from helpers.classroom.collect import collect
    results = collect("handins/")        # a folder; None = the synthetic class in data/sample_class
    results.annotations                  # one row per annotation (pandas)
    results.rejected                     # one row per rejected file or record, and why
    results.files_read, results.students

From a terminal::

    python -m helpers collect handins/ --out class-results/

writes ``class_annotations.csv`` (the class table, in the CSV format of helpers.formats, so it
can be read back), ``report.md`` (what was read, merged, ignored and rejected) and
``rejected.csv`` into the output folder. Exit codes: 0 every file was read; 1 some files or
records were rejected (each is named in the report); 2 usage errors (no such folder, output files
that exist without ``--force``, an output folder inside the input folder).

What it reads: every ``.jsonld``, ``.json`` and ``.csv`` file under the folder, recursively (W3C
Web Annotation hand-ins, CSV exports and ClaimReview files, as ``helpers.formats.read_file``
reads them), skipping hidden files and folders (names starting with "."). Other files are listed
as ignored. Every record is checked as ``helpers.annotations.validate`` checks it; a bad record
is rejected and the rest of its file is kept; a file that cannot be read at all is rejected
whole; collecting goes on either way. The input folder is never written to.

Only regular files are read, each checked before it is read (at most ``MAX_HANDIN_BYTES``, at
most ``helpers.formats.MAX_RECORDS`` records); a link that points outside the folder, a folder
that cannot be opened, a pipe or a device is reported, never followed or read. At most
``MAX_ERRORS_PER_FILE`` rejected records are listed per file, then one line counts the rest.

Duplicates, conflicts and flags: see ``helpers.classroom.merge`` (a student who handed in twice
is merged, keeping the latest copy; an id under two names or changed in someone else's file is a
conflict; a name in someone else's file is flagged). An annotation deleted between two hand-ins
comes back from the older file: a hand-in holds what the student had then.

One article at a time: ``collect(folder, article="end-of-unit")`` (``--article NAME``) reads
the hand-ins about that article (default: the unit's own). Items about another known article in
the same folder are skipped and counted (``other_articles``; the summary says which command
reads them), never rejected.

Every file is read by ``helpers.formats.read_file``, the same reader ``import`` uses, so a file
is judged the same way wherever it is read and every error message is the standard one. With
more than 300 files a progress line is written to stderr (a plain line: ``tqdm`` is not among
this project's dependencies, so it is not used).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.classroom.merge import merge
from helpers.classroom.report import (
    ANSWER_COLUMNS,
    ATTEMPT_COLUMNS,
    REJECTED_COLUMNS,
    SEARCH_COLUMNS,
    ClassResults,
    CollectError,
)
from helpers.errors import printable
from helpers.fields import flatten
from helpers.paths import SAMPLE_CLASS

if TYPE_CHECKING:
    from helpers.article import Article
    from helpers.errors import AnnotationError

SUFFIXES = (".jsonld", ".json", ".csv")
SAMPLE_FOLDER = SAMPLE_CLASS
PROGRESS_MIN = 300
#: A hand-in of 60 annotations is about 100 KB; anything past this is not a hand-in.
MAX_HANDIN_BYTES = 5 * 1024 * 1024
MAX_ERRORS_PER_FILE = 20

__all__ = ["ClassResults", "CollectError", "collect", "find_files"]


# -- finding files --------------------------------------------------------------------------------
def _problem(rel: str, field: str, problem: str) -> dict:
    message = f"{rel}: {problem}."
    return dict(file=rel, record="", id="", field=field, problem=problem, message=message)


def find_files(folder: Path) -> tuple[list[Path], list[Path], list[dict]]:
    """``(submission files, other files, problems)`` under ``folder``, sorted; hidden names
    skipped. Links pointing outside ``folder`` and folders that cannot be opened are problems
    (rejected-table rows), never followed; links to folders inside it are not followed."""
    root_real = folder.resolve()
    found, other, problems = [], [], []

    def unreadable(exc: OSError) -> None:
        rel = Path(exc.filename).relative_to(folder).as_posix() if exc.filename else "?"
        problems.append(_problem(rel, "folder", f"cannot be opened ({exc.strerror})"))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        base = Path(root)
        keep = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            path = base / name
            if path.is_symlink():
                if not path.resolve().is_relative_to(root_real):
                    rel = path.relative_to(folder).as_posix()
                    problems.append(
                        _problem(
                            rel,
                            "file",
                            "is a link to a folder outside the hand-in folder; it was not followed",
                        )
                    )
                continue
            keep.append(name)
        dirs[:] = keep
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = base / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink() and not path.resolve().is_relative_to(root_real):
                problems.append(
                    _problem(
                        rel,
                        "file",
                        "is a link to a file outside the hand-in folder; it was not read",
                    )
                )
                continue
            (found if path.suffix.lower() in SUFFIXES else other).append(path)
    key = lambda p: p.relative_to(folder).as_posix()  # noqa: E731
    return sorted(found, key=key), sorted(other, key=key), problems


# -- collect ---------------------------------------------------------------------------------------
class _Progress:
    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled, self.step = total, enabled, max(1, total // 50)

    def update(self, done: int) -> None:
        if self.enabled and (done % self.step == 0 or done == self.total):
            end = "\n" if done == self.total else ""
            print(f"\rcollect: {done}/{self.total} files", end=end, file=sys.stderr, flush=True)


def _rejection(exc: AnnotationError, path: Path, rel: str) -> dict:
    """One row of the rejected table from an error's location attributes."""
    record = "" if exc.field == "file" or exc.record is None else f"record {exc.record}"
    if record and exc.line is not None:
        record += f" (line {exc.line})"
    return {
        "file": rel,
        "record": record,
        "id": exc.record_id or "",
        "field": exc.field,
        "problem": exc.problem,
        "message": str(exc).replace(str(path), rel),
    }


def _rejections(errors: list, path: Path, rel: str) -> list[dict]:
    """The rejected rows of one file, at most ``MAX_ERRORS_PER_FILE`` and a line for the rest."""
    rows = [_rejection(exc, path, rel) for exc in errors[:MAX_ERRORS_PER_FILE]]
    rest = len(errors) - len(rows)
    if rest > 0:
        problem = f"{rest:,} more records of this file were rejected too (not listed one by one)"
        rows.append(dict(_problem(rel, "records", problem), record="…"))
    return rows


def default_folder() -> Path:
    """Where the class's hand-ins are when no folder is named: the teacher's inbox on a class
    hub (``$NEWS_CLAIMS_INBOX``), else the synthetic sample class."""
    from helpers.hub import inbox_path

    return inbox_path() or SAMPLE_FOLDER


def collect(
    folder: str | Path | None = None,
    *,
    article: Article | str | None = None,
    progress: bool | None = None,
) -> ClassResults:
    """Read every hand-in under ``folder`` (default: ``default_folder()``, the inbox on a hub,
    else the synthetic class in data/sample_class).

    Returns a ``ClassResults``. Never raises for bad files or records (they are in
    ``.rejected``); raises ``CollectError`` only when ``folder`` is not a folder. ``progress``:
    None = a stderr progress line when there are more than 300 files.
    """
    import pandas as pd

    from helpers.article import load_article
    from helpers.formats import read_file
    from helpers.scheme import load_scheme

    folder = Path(folder) if folder is not None else default_folder()
    if not folder.is_dir():
        raise CollectError(f"{printable(folder)} is not a folder (nothing to collect)")
    article = article if article is not None and not isinstance(article, str) else (
        load_article(article)
    )
    scheme = load_scheme()
    files, other, rejected = find_files(folder)
    bar = _Progress(len(files), len(files) > PROGRESS_MIN if progress is None else progress)
    rows: list[dict] = []
    files_rejected = [r["file"] for r in rejected]
    rels = [p.relative_to(folder).as_posix() for p in files]
    answers: list[dict] = []
    attempts: list[dict] = []
    searches: list[dict] = []
    declared: dict[str, list[str]] = {}
    others: dict[str, int] = {}
    for i, (path, rel) in enumerate(zip(files, rels, strict=True)):
        result = read_file(path, article, scheme, max_bytes=MAX_HANDIN_BYTES)
        declared[rel] = result.handed_in_by
        for name, count in result.other_articles.items():
            others[name] = others.get(name, 0) + count
        answers += [{**vars(answer), "file": rel} for answer in result.answers]
        attempts += [{**vars(attempt), "file": rel} for attempt in result.attempts]
        searches += [{**vars(step), "file": rel} for step in result.searches]
        rejected += _rejections(result.errors, path, rel)
        if any(exc.record is None for exc in result.errors):  # the whole file
            files_rejected.append(rel)
        for ann in result.annotations:
            row = flatten(ann, scheme)
            row["content"] = hash(tuple(row.values()))
            row["file"] = rel
            rows.append(row)
        bar.update(i + 1)
    table = pd.DataFrame.from_records(rows, columns=[*scheme.flat_columns, "content", "file"])
    for fld in scheme.of_kind("scale"):
        table[fld.name] = table[fld.name].astype("Int64")
    merged = merge(table, {rel: i for i, rel in enumerate(rels)}, declared)
    return ClassResults(
        folder=folder,
        annotations=merged.table,
        rejected=pd.DataFrame(rejected, columns=list(REJECTED_COLUMNS)),
        files_read=[r for r in rels if r not in set(files_rejected)],
        files_rejected=files_rejected,
        ignored=[p.relative_to(folder).as_posix() for p in other],
        duplicates=merged.duplicates,
        duplicate_ids=merged.duplicate_ids,
        conflicts=merged.conflicts,
        flags=merged.flags,
        answers=_latest_answers(answers),
        attempts=_attempts(attempts),
        searches=_searches(searches),
        handed_in_by={rel: names for rel, names in declared.items() if names},
        article=article.name,
        other_articles=dict(sorted(others.items())),
    )


def _latest_answers(rows: list[dict]):
    """One row per student and question: the text typed last (a later hand-in wins)."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=[*ANSWER_COLUMNS, "file"])
    frame = frame.sort_values(["annotator", "question_id", "modified"], kind="stable")
    frame = frame.drop_duplicates(["annotator", "question_id"], keep="last")
    return frame.reset_index(drop=True)


def _searches(rows: list[dict]):
    """Every search step once (the same step in two hand-ins counts once), in order."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=[*SEARCH_COLUMNS, "file"])
    frame = frame.drop_duplicates(list(SEARCH_COLUMNS))
    return frame.sort_values(["annotator", "created"], kind="stable").reset_index(drop=True)


def _attempts(rows: list[dict]):
    """Every self-check attempt once (the same try in two hand-ins counts once), in order."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=[*ATTEMPT_COLUMNS, "file"])
    frame = frame.drop_duplicates(list(ATTEMPT_COLUMNS))
    return frame.sort_values(["annotator", "created"], kind="stable").reset_index(drop=True)
