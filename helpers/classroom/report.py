"""What ``collect`` found, for the teacher: a summary, a Markdown report and the files it writes.

Everything that comes from a hand-in (names, notes, file names, messages) is escaped for where
it goes: Markdown and HTML in report.md, formula-safe cells in the CSV files, and no control
character or escape sequence reaches the teacher's terminal (``printable``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.errors import printable
from helpers.formats.csvfile import write_rows
from helpers.formats.files import write_text
from helpers.paths import DEFAULT_ARTICLE, SAMPLE_CLASS

if TYPE_CHECKING:
    import pandas as pd

OUTPUT_FILES = (
    "class_annotations.csv",
    "report.md",
    "rejected.csv",
    "answers.csv",
    "selfchecks.csv",
    "searches.csv",
)
ANSWER_COLUMNS = ("annotator", "question_id", "text", "modified")
ATTEMPT_COLUMNS = ("annotator", "question_id", "answer", "correct", "created")
SEARCH_COLUMNS = ("annotator", "kind", "query", "source_id", "part", "created")


class CollectError(ValueError):
    """A usage problem: no such folder, or output files that would be replaced."""


REJECTED_COLUMNS = ("file", "record", "id", "field", "problem", "message")
#: Characters that start emphasis, code, links, images or table cells (``<``, ``>`` and ``&``
#: become HTML entities first, so no tag or comment survives).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|~])")

LIMITS_TEXT = """\
## What this report can and cannot tell you

* It checks every record: the fields and their choices, the quote against the article's text,
  times that are real and not in the future, each id once per file. A file that cannot be read is
  rejected whole; a bad record is rejected and the rest of its file is kept.
* It notices when an annotation id turns up under two names, or changed in a file that someone
  else handed in (a *conflict*: only the copy from its own author's file is kept), and when a
  name turns up in a file that someone else handed in (a *flag*: pairs on one laptop look like
  this too).
* It cannot prove who wrote a file. A name in a hand-in is typed by whoever used the laptop, and
  a file can be copied whole. If a result surprises you, ask the student; on a school hub the
  hand-in folder records which account handed in each file.
"""


def markdown_text(value: Any) -> str:
    """Text that Markdown and HTML show literally: no tags, comments, links or emphasis."""
    text = printable(value).replace("\n", " ").replace("\r", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return "".join(" " if unicodedata.category(ch) in ("Zl", "Zp") else ch for ch in text)


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


@dataclass
class ClassResults:
    """What ``collect`` found. Paths are relative to ``folder`` and use '/'.

    ``files_read``: submission files that were read (some of their records may still have been
    rejected); ``files_rejected``: files that could not be read at all; ``ignored``: other files;
    ``conflicts`` and ``flags``: see ``helpers.classroom.merge``.
    """

    folder: Path
    annotations: pd.DataFrame
    rejected: pd.DataFrame
    files_read: list[str] = field(default_factory=list)
    files_rejected: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    duplicates: int = 0
    duplicate_ids: int = 0
    conflicts: list[dict] = field(default_factory=list)
    flags: list[dict] = field(default_factory=list)
    answers: pd.DataFrame | None = None  # one row per student and question (latest text)
    attempts: pd.DataFrame | None = None  # every self-check try
    searches: pd.DataFrame | None = None  # every search step (query, result opened, evidence)
    handed_in_by: dict[str, list[str]] = field(default_factory=dict)  # file -> names
    article: str = DEFAULT_ARTICLE  # the article collected
    other_articles: dict[str, int] = field(default_factory=dict)  # name -> items skipped

    @property
    def students(self) -> list[str]:
        """Everyone with at least one accepted annotation, sorted."""
        if self.annotations.empty:
            return []
        return sorted(self.annotations["annotator"].unique())

    def source_line(self, sample: bool | None = None) -> str:
        """The source line for the class's charts: who, how many, from where (``sample``:
        None = whether the folder is the synthetic sample class)."""
        if sample is None:
            sample = self.folder.resolve() == SAMPLE_CLASS.resolve()
        where = (
            "synthetic sample class (data/sample_class)"
            if sample
            else f"hand-ins in {printable(self.folder.name)}/"
        )
        return f"{len(self.students)} students' annotations, {where}; answer key (data/key)"

    @property
    def ok(self) -> bool:
        """True when nothing was rejected and there is no conflict and no flag."""
        return self.rejected.empty and not self.conflicts and not self.flags

    @property
    def exit_code(self) -> int:
        """The command line's exit code: 0 all well, 1 something needs the teacher's eye (a
        rejection, a conflict or a flag)."""
        return 0 if self.ok else 1

    def summary(self) -> str:
        """A few plain sentences: files, students, annotations, merged copies, rejections,
        conflicts and flags."""
        n_read = len(self.files_read)
        n_all = n_read + len(self.files_rejected)
        files = f"{n_read} of {n_all} files" if self.files_rejected else _plural(n_read, "file")
        text = f"Read {files}: {len(self.students)} students, {len(self.annotations)} annotations"
        if self.duplicates:
            text += (
                f" ({_plural(self.duplicates, 'duplicate copy', 'duplicate copies')} of "
                f"{_plural(self.duplicate_ids, 'annotation')} merged, keeping the latest)"
            )
        text += "."
        if self.rejected.empty:
            text += " Nothing was rejected."
        else:
            whole = len(self.files_rejected)
            records = int((self.rejected["record"] != "").sum())
            text += (
                f" Rejected: {_plural(whole, 'whole file')} and {_plural(records, 'record')} "
                "(see the report for each and why)."
            )
        if self.conflicts:
            text += (
                f" {_plural(len(self.conflicts), 'conflict')}: the same annotation under two "
                "names, or changed in someone else's file (see the report)."
            )
        if self.flags:
            text += f" {_plural(len(self.flags), 'name')} found in someone else's hand-in."
        if self.answers is not None and len(self.answers):
            text += f" {_plural(len(self.answers), 'written answer')}"
            text += f" and {_plural(len(self.attempts), 'self-check try', 'self-check tries')}."
        if self.ignored:
            text += f" {len(self.ignored)} other file(s) ignored (not .jsonld, .json or .csv)."
        text += "".join(f" {line}" for line in self.other_article_lines())
        return printable(text)

    def other_article_lines(self) -> list[str]:
        """One sentence per other article with items in the folder: how many, and the command
        that reads them."""
        return [
            f"{_plural(count, 'item is', 'items are')} about another article: "
            f"run collect --article {name}."
            for name, count in self.other_articles.items()
        ]

    def report(self) -> str:
        """The report as Markdown; everything from the hand-ins is escaped."""
        md = markdown_text
        lines = [
            "# Class hand-ins: collection report",
            "",
            md(self.summary()),
            "",
            "## Files",
            "",
            f"* read: {len(self.files_read)}",
            f"* rejected whole: {len(self.files_rejected)}",
            f"* ignored (not a submission file): {len(self.ignored)}",
            "",
        ]
        if self.ignored:
            lines += ["Ignored: " + ", ".join(md(p) for p in self.ignored), ""]
        lines += ["## Students", ""]
        if self.students:
            counts = self.annotations.groupby("annotator").size()
            lines += [f"* {md(s)}: {int(counts[s])} annotations" for s in self.students]
        else:
            lines.append("No annotations were accepted.")
        lines += ["", "## Conflicts", ""]
        if self.conflicts:
            lines += _table(
                ["annotation id", "names", "files", "copy kept"],
                [
                    [c["id"], c["annotators"], c["files"], c["kept"] or "none"]
                    for c in self.conflicts
                ],
            )
        else:
            lines.append("No conflicts.")
        lines += ["", "## Flags", ""]
        if self.flags:
            lines.append(
                "Names found in a hand-in that someone else handed in (a pair that did not put "
                "both names on its hand-in looks like this too; ask before you decide):"
            )
            lines.append("")
            lines += _table(
                ["name", "files", "handed in by"],
                [[f["annotator"], f["files"], f["owners"]] for f in self.flags],
            )
        else:
            lines.append("No flags.")
        lines += ["", "## Rejected", ""]
        if self.rejected.empty:
            lines.append("Nothing was rejected.")
        else:
            lines += ["Each line names the file, the record (empty: the whole file) and why.", ""]
            lines += _table(
                ["file", "record", "id", "field", "problem"],
                [
                    [r.file, r.record, r.id, r.field, r.message]
                    for r in self.rejected.itertuples(index=False)
                ],
            )
        return "\n".join([*lines, "", LIMITS_TEXT])

    def to_csv_text(self) -> str:
        """The class table in the CSV format of helpers.formats (readable by ``collect``), with
        the file each row came from."""
        import pandas as pd

        from helpers.scheme import load_scheme

        scheme = load_scheme()
        columns = [*scheme.flat_columns, "file"]
        rows: list = []
        if not self.annotations.empty:
            out = self.annotations[columns].copy()
            for fld in scheme.table:
                if fld.kind == "choices":
                    out[fld.name] = [";".join(t) for t in out[fld.name]]
                elif fld.kind in ("choice", "scale"):
                    out[fld.name] = ["" if pd.isna(c) else str(c) for c in out[fld.name]]
            rows = out.itertuples(index=False, name=None)
        return write_rows(columns, rows)

    def write(self, outdir: str | Path, force: bool = False) -> list[Path]:
        """Write ``OUTPUT_FILES`` (the class table, the report, the rejected records, the written
        answers and the self-check tries) into ``outdir``, each file atomically; a link there is
        replaced, never written through. Returns the paths."""
        outdir = Path(outdir)
        check_outdir(self.folder, outdir, force)
        outdir.mkdir(parents=True, exist_ok=True)
        rejected = self.rejected[list(REJECTED_COLUMNS)].itertuples(index=False, name=None)
        texts = {
            "class_annotations.csv": self.to_csv_text(),
            "report.md": self.report(),
            "rejected.csv": write_rows(REJECTED_COLUMNS, rejected),
            "answers.csv": _frame_csv(self.answers, (*ANSWER_COLUMNS, "file")),
            "selfchecks.csv": _frame_csv(self.attempts, (*ATTEMPT_COLUMNS, "file")),
            "searches.csv": _frame_csv(self.searches, (*SEARCH_COLUMNS, "file")),
        }
        paths = []
        for name, text in texts.items():
            encoding = "utf-8-sig" if name.endswith(".csv") else "utf-8"
            paths.append(write_text(outdir / name, text, overwrite=True, encoding=encoding))
        return paths


def check_outdir(folder: Path, outdir: Path, force: bool) -> None:
    """CollectError if ``outdir`` is inside ``folder`` or would replace files without force."""
    try:
        inside = outdir.resolve().is_relative_to(Path(folder).resolve())
    except OSError:  # pragma: no cover - unreadable paths
        inside = False
    if inside:
        raise CollectError(
            f"the output folder {outdir} is inside the folder being collected ({folder}); "
            "choose an output folder outside it, so the hand-ins are never changed"
        )
    if outdir.exists() and not outdir.is_dir():
        raise CollectError(f"{outdir} is a file; give a folder for the results")
    there = [n for n in OUTPUT_FILES if (outdir / n).exists()]
    if there and not force:
        raise CollectError(
            f"{outdir} already has {', '.join(there)}; nothing was written. "
            "Choose another folder, or use --force to replace them."
        )


def _frame_csv(frame, columns: tuple[str, ...]) -> str:
    rows = [] if frame is None else frame[list(columns)].itertuples(index=False, name=None)
    return write_rows(columns, rows)


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(markdown_text(c) for c in row) + " |" for row in rows]
    return lines
