"""Background for the lessons: people, organisations, a timeline, figures and a glossary.

Each table is a UTF-8 CSV in data/context/ and every row names its source (addresses from the
project's fact sheet). ``load(name)`` checks that: a missing column or a row without a source is
an error naming the file, the row and the column.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from helpers.paths import DATA

CONTEXT = DATA / "context"

REQUIRED = {
    "timeline": ["date", "short", "event", "who", "source", "status", "in_article"],
    "people": ["name", "role", "country", "in_article", "note", "source", "status"],
    "organisations": ["name", "what", "note", "source", "status"],
    "exercise_figures": ["exercise", "year", "measure", "value", "wording", "who_says", "source"],
    "glossary": ["term", "part", "definition", "source", "reveal"],
}
#: A glossary row with ``reveal`` "true" states what a lesson finds: it is shown only after the
#: exercise (``glossary(part, reveal=True)``), never among the words to know.
REVEAL_VALUES = ("true", "false")


class ContextError(ValueError):
    """A context table is missing, malformed, or has a row without a source."""


def check_rows(name: str, path: Path, rows: list[dict], header: list[str]) -> None:
    missing = [c for c in REQUIRED.get(name, ["source"]) if c not in header]
    if missing:
        raise ContextError(f"{path}: missing column(s) {', '.join(missing)}")
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        for column in ("source",):
            if not (row.get(column) or "").strip():
                raise ContextError(
                    f"{path}, row {number}: the column '{column}' is empty; every row must say "
                    "where its facts come from"
                )
        if name == "glossary" and row.get("reveal") not in REVEAL_VALUES:
            raise ContextError(
                f"{path}, row {number}: the column 'reveal' is {row.get('reveal')!r}; "
                "write true or false"
            )


@lru_cache(maxsize=16)
def _read(path: str):
    import pandas as pd

    p = Path(path)
    try:
        with p.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
            header = reader.fieldnames or []
    except FileNotFoundError as exc:
        raise ContextError(f"{p}: no such context table") from exc
    except UnicodeDecodeError as exc:
        raise ContextError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    check_rows(p.stem, p, rows, header)
    return pd.DataFrame(rows, columns=header)


def load(name: str, folder: Path | None = None):
    """One context table as a DataFrame (a copy: change it freely)."""
    return _read(str((folder or CONTEXT) / f"{name}.csv")).copy()


def timeline(start: str | None = None, end: str | None = None):
    """Dated events (ISO dates), optionally between ``start`` and ``end`` inclusive."""
    t = load("timeline")
    if start:
        t = t[t["date"] >= start]
    if end:
        t = t[t["date"] <= end]
    return t.sort_values("date", kind="stable").reset_index(drop=True)


def glossary(part: str | None = None, reveal: bool = False):
    """The words to know (``reveal=False``: reading support, shown before the exercise), or the
    terms that state what the lesson finds (``reveal=True``: shown only after it)."""
    g = load("glossary")
    if part:
        g = g[g["part"] == part]
    g = g[(g["reveal"] == "true") == reveal]
    return g.reset_index(drop=True)


def people(names: list[str] | None = None):
    p = load("people")
    if names:
        p = p[p["name"].isin(names)]
    return p.reset_index(drop=True)


def figures():
    f = load("exercise_figures")
    f["value"] = f["value"].astype(float)
    return f
