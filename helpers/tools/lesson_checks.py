"""Checks on the lesson notebooks themselves, for the tests and the bench: time plans that add
up and name real activities, no finding shown before the exercise, and how many words a student
has to read.

A notebook is read as plain JSON (no kernel). "Students see" a cell unless it is tagged
``teacher``; what they see is a markdown cell's text, or a code cell's stored outputs (plain text
and HTML with the tags taken out). The article's own text (the cell that calls ``.text()``) is
not counted: it is what the lesson is about, not apparatus around it.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from helpers.paths import DATA, NOTEBOOKS

#: The section notebooks (one part of the article each), in order.
SECTION_NOTEBOOKS = (
    "01_the_lede.ipynb",
    "02_forming_the_alliance.ipynb",
    "03_nato_show_of_force.ipynb",
    "04_risking_the_fire.ipynb",
    "05_weighing_the_stakes.ipynb",
)
EXERCISE_CALL = ".annotator()"
ARTICLE_CALL = ".text()"
MAX_WORDS = 1000
#: Headings of what students do (a heading that starts with one of these is an activity).
ACTIVITY_HEADINGS = (
    "Getting started",
    "Read the text",
    "Reading questions",
    "SIFT move",
    "Annotate the claims",
    "What the move finds",
    "Check yourself",
    "Discuss",
    "What the sources say",
    "Hand in",
)
_TAG = re.compile(r"<[^>]+>")
_STYLE = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)
_HEADING = re.compile(r"^#{1,4}\s+(.+?)\s*$", re.M)
_PLAN_LABEL = re.compile(r"\*\*([^*]+?)\s*\((\d+)\s*minutes?\)\*\*")
_PLAN_ROW = re.compile(r"^\|\s*(\d+)\s*\|\s*\*\*(.+?)\*\*", re.M)
_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9'’.,-]*")


@dataclass(frozen=True)
class TimePlan:
    """One time-plan table: its label ("In class"), stated total and rows (minutes, activity)."""

    label: str
    total: int
    rows: tuple[tuple[int, str], ...]

    @property
    def minutes(self) -> int:
        return sum(m for m, _ in self.rows)


def load(name: str | Path) -> dict:
    """A notebook as JSON (a name is looked up in notebooks/)."""
    path = Path(name)
    if not path.is_absolute() and not path.exists():
        path = NOTEBOOKS / name
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def is_teacher(cell: dict) -> bool:
    return "teacher" in tags(cell)


def seen_text(cell: dict) -> str:
    """What a student reads in a cell: markdown, or the text of stored outputs (no HTML tags)."""
    if is_teacher(cell):
        return ""
    if cell["cell_type"] == "markdown":
        return source(cell)
    if cell["cell_type"] != "code" or ARTICLE_CALL in source(cell):
        return ""
    texts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "text/html" in data:
            markup = _STYLE.sub(" ", "".join(data["text/html"]))
            texts.append(html.unescape(_TAG.sub(" ", markup)))
        elif "text/plain" in data:
            texts.append("".join(data["text/plain"]))
        elif output.get("output_type") == "stream":
            texts.append("".join(output.get("text", "")))
    return "\n".join(texts)


def student_words(nb: dict) -> int:
    """Words a student reads in the notebook (markdown and outputs; not the article, not the
    teacher's cells, not image data)."""
    return sum(len(_WORD.findall(seen_text(cell))) for cell in nb["cells"])


def headings(nb: dict) -> list[str]:
    """Every markdown heading's text, in order (emphasis marks removed)."""
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            found += [h.replace("*", "").strip() for h in _HEADING.findall(source(cell))]
    return found


def time_plans(nb: dict) -> list[TimePlan]:
    """The time-plan tables: each bold "**Label (N minutes)**" followed by table rows
    ``| minutes | **Activity heading**: … |``."""
    plans = []
    for cell in nb["cells"]:
        text = source(cell)
        if cell["cell_type"] != "markdown" or "minutes" not in text:
            continue
        labels = list(_PLAN_LABEL.finditer(text))
        for i, label in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
            rows = tuple(
                (int(m), activity.strip().rstrip(":"))
                for m, activity in _PLAN_ROW.findall(text[label.end() : end])
            )
            if rows:
                plans.append(TimePlan(label.group(1).strip(), int(label.group(2)), rows))
    return plans


def exercise_index(nb: dict) -> int | None:
    """The index of the annotation exercise cell (None if the notebook has none)."""
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code" and EXERCISE_CALL in source(cell):
            return i
    return None


def load_findings(path: Path | None = None) -> dict[str, list[str]]:
    """data/key/findings.json: the phrases, per part, that give a finding away."""
    doc = json.loads((path or DATA / "key" / "findings.json").read_text(encoding="utf-8"))
    return doc["parts"]


def leaks(nb: dict, phrases: list[str]) -> list[tuple[int, str]]:
    """``(cell index, phrase)`` for each finding a student can read before the exercise."""
    stop = exercise_index(nb)
    patterns = [(phrase, _phrase_pattern(phrase)) for phrase in phrases]
    found = []
    for i, cell in enumerate(nb["cells"][: stop if stop is not None else len(nb["cells"])]):
        text = seen_text(cell)
        found += [(i, phrase) for phrase, pattern in patterns if pattern.search(text)]
    return found


def _phrase_pattern(phrase: str) -> re.Pattern:
    """The phrase as whole words, any case ("7 Mar" does not match "27 Mar")."""
    start = r"(?<!\w)" if phrase[:1].isalnum() else ""
    end = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return re.compile(start + re.escape(phrase) + end, re.IGNORECASE)
