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

Duplicates: the same annotation id in several files (a student who handed in twice) is kept
once, the copy with the latest ``modified`` time (a tie: the file that sorts last); the number of
extra copies merged away is reported. An annotation deleted between two hand-ins comes back
from the older file: a hand-in holds what the student had then.

Every file is read by ``helpers.formats.read_file``, the same reader ``import`` uses, so a file
is judged the same way wherever it is read and every error message is the standard one. With
more than 300 files a progress line is written to stderr (a plain line: ``tqdm`` is not among
this project's dependencies, so it is not used).
"""

from __future__ import annotations

import csv
import io
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.fields import flatten
from helpers.paths import DATA

if TYPE_CHECKING:
    import pandas as pd

    from helpers.article import Article

SUFFIXES = (".jsonld", ".json", ".csv")
OUTPUT_FILES = ("class_annotations.csv", "report.md", "rejected.csv")
SAMPLE_FOLDER = DATA / "sample_class"
PROGRESS_MIN = 300
REJECTED_COLUMNS = ("file", "record", "id", "field", "problem", "message")


class CollectError(ValueError):
    """A usage problem: no such folder, or output files that would be replaced."""


# -- the result -----------------------------------------------------------------------------------
@dataclass
class ClassResults:
    """What ``collect`` found. Paths are relative to ``folder`` and use '/'.

    ``files_read``: submission files that were read (some of their records may still have been
    rejected); ``files_rejected``: files that could not be read at all; ``ignored``: other files.
    """

    folder: Path
    annotations: pd.DataFrame
    rejected: pd.DataFrame
    files_read: list[str] = field(default_factory=list)
    files_rejected: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    duplicates: int = 0
    duplicate_ids: int = 0

    @property
    def students(self) -> list[str]:
        """Everyone with at least one accepted annotation, sorted."""
        if self.annotations.empty:
            return []
        return sorted(self.annotations["annotator"].unique())

    def source_line(self, sample: bool = False) -> str:
        """The source line for the class's charts: who, how many, from where."""
        where = (
            "synthetic sample class (data/sample_class)"
            if sample
            else f"hand-ins in {self.folder.name}/"
        )
        return f"{len(self.students)} students' annotations, {where}; answer key (data/key)"

    @property
    def ok(self) -> bool:
        return self.rejected.empty

    @property
    def exit_code(self) -> int:
        """The command line's exit code: 0 nothing rejected, 1 something was."""
        return 0 if self.ok else 1

    def summary(self) -> str:
        """One or two plain sentences: files, students, annotations, merged copies, rejections."""
        n_read = len(self.files_read)
        n_all = n_read + len(self.files_rejected)
        files = (
            f"{n_read} of {n_all} files"
            if self.files_rejected
            else (f"{n_read} file{'s' if n_read != 1 else ''}")
        )
        text = f"Read {files}: {len(self.students)} students, {len(self.annotations)} annotations"
        if self.duplicates:
            text += (
                f" ({self.duplicates} duplicate cop{'ies' if self.duplicates != 1 else 'y'} of "
                f"{self.duplicate_ids} annotation{'s' if self.duplicate_ids != 1 else ''} merged, "
                "keeping the latest)"
            )
        text += "."
        if self.rejected.empty:
            text += " Nothing was rejected."
        else:
            whole = len(self.files_rejected)
            records = len(self.rejected) - whole
            text += (
                f" Rejected: {whole} whole file{'s' if whole != 1 else ''} and {records} "
                f"record{'s' if records != 1 else ''} (see the report for each and why)."
            )
        if self.ignored:
            text += f" {len(self.ignored)} other file(s) ignored (not .jsonld, .json or .csv)."
        return text

    def report(self) -> str:
        """The report as Markdown."""
        lines = [
            "# Class hand-ins: collection report",
            "",
            self.summary(),
            "",
            "## Files",
            "",
            f"* read: {len(self.files_read)}",
            f"* rejected whole: {len(self.files_rejected)}",
            f"* ignored (not a submission file): {len(self.ignored)}",
            "",
        ]
        if self.ignored:
            lines += ["Ignored: " + ", ".join(f"`{p}`" for p in self.ignored), ""]
        lines += ["## Students", ""]
        if self.students:
            counts = self.annotations.groupby("annotator").size()
            lines += [f"* {s}: {int(counts[s])} annotations" for s in self.students]
        else:
            lines.append("No annotations were accepted.")
        lines += ["", "## Rejected", ""]
        if self.rejected.empty:
            lines.append("Nothing was rejected.")
        else:
            lines += [
                "Each line names the file, the record (empty: the whole file) and why.",
                "",
                "| file | record | id | field | problem |",
                "|---|---|---|---|---|",
            ]
            for r in self.rejected.itertuples(index=False):
                cells = [r.file, r.record, r.id, r.field, r.message]
                lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
        return "\n".join(lines) + "\n"

    def to_csv_text(self) -> str:
        """The class table in the CSV format of helpers.formats (readable by ``collect``)."""
        import pandas as pd

        from helpers.scheme import load_scheme

        scheme = load_scheme()
        columns = list(scheme.flat_columns)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(columns)
        if not self.annotations.empty:
            out = self.annotations[columns].copy()
            for fld in scheme.table:
                cells = out[fld.name] if fld.kind != "parts" else None
                if fld.kind == "choices":
                    out[fld.name] = [";".join(t) for t in cells]
                elif fld.kind in ("choice", "scale"):
                    out[fld.name] = ["" if pd.isna(c) else str(c) for c in cells]
            writer.writerows(out.itertuples(index=False, name=None))
        return buf.getvalue()

    def write(self, outdir: str | Path, force: bool = False) -> list[Path]:
        """Write class_annotations.csv, report.md and rejected.csv into ``outdir``."""
        outdir = Path(outdir)
        check_outdir(self.folder, outdir, force)
        outdir.mkdir(parents=True, exist_ok=True)
        texts = {
            "class_annotations.csv": self.to_csv_text(),
            "report.md": self.report(),
            "rejected.csv": self.rejected.to_csv(index=False, lineterminator="\r\n"),
        }
        paths = []
        for name, text in texts.items():
            path = outdir / name
            encoding = "utf-8-sig" if name.endswith(".csv") else "utf-8"
            path.write_text(text, encoding=encoding, newline="")
            paths.append(path)
        return paths


def _md_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")


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


# -- finding files --------------------------------------------------------------------------------
def find_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """``(submission files, other files)`` under ``folder``, sorted; hidden names skipped."""
    found, other = [], []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            (found if path.suffix.lower() in SUFFIXES else other).append(path)
    key = lambda p: p.relative_to(folder).as_posix()  # noqa: E731
    return sorted(found, key=key), sorted(other, key=key)


# -- collect ---------------------------------------------------------------------------------------
class _Progress:
    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled, self.step = total, enabled, max(1, total // 50)

    def update(self, done: int) -> None:
        if self.enabled and (done % self.step == 0 or done == self.total):
            end = "\n" if done == self.total else ""
            print(f"\rcollect: {done}/{self.total} files", end=end, file=sys.stderr, flush=True)


def _rejection(exc, path: Path, rel: str) -> dict:
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


def collect(
    folder: str | Path | None = None,
    *,
    article: Article | None = None,
    progress: bool | None = None,
) -> ClassResults:
    """Read every hand-in under ``folder`` (default: the synthetic class in data/sample_class).

    Never raises for bad files or records (they are in ``.rejected``); raises CollectError only
    when ``folder`` is not a folder. ``progress``: None = a stderr progress line when there are
    more than 300 files.
    """
    import pandas as pd

    from helpers.article import load_article
    from helpers.formats import read_file
    from helpers.scheme import load_scheme

    folder = Path(folder) if folder is not None else SAMPLE_FOLDER
    if not folder.is_dir():
        raise CollectError(f"{folder} is not a folder (nothing to collect)")
    article = article or load_article()
    scheme = load_scheme()
    files, other = find_files(folder)
    bar = _Progress(len(files), len(files) > PROGRESS_MIN if progress is None else progress)
    rows: list[dict] = []
    file_of: list[int] = []
    rejected: list[dict] = []
    files_rejected: list[str] = []
    rels = [p.relative_to(folder).as_posix() for p in files]
    for i, (path, rel) in enumerate(zip(files, rels, strict=True)):
        result = read_file(path, article, scheme)
        for exc in result.errors:
            rejected.append(_rejection(exc, path, rel))
            if exc.record is None and rel not in files_rejected:  # the whole file
                files_rejected.append(rel)
        rows.extend(flatten(ann, scheme) for ann in result.annotations)
        file_of.extend([i] * len(result.annotations))
        bar.update(i + 1)
    table = pd.DataFrame.from_records(rows, columns=list(scheme.flat_columns))
    table["file"] = [rels[i] for i in file_of]
    for fld in scheme.of_kind("scale"):
        table[fld.name] = table[fld.name].astype("Int64")
    duplicates = duplicate_ids = 0
    if not table.empty:
        table["_modified"] = pd.to_datetime(table["modified"], format="ISO8601", utc=True)
        table["_file"] = file_of
        copies = table.groupby("id")["id"].transform("size")
        duplicates = int(len(table) - table["id"].nunique())
        duplicate_ids = int(table.loc[copies > 1, "id"].nunique())
        table = table.sort_values(["id", "_modified", "_file"], kind="stable")
        table = table.drop_duplicates("id", keep="last").assign(copies=copies)
        table = table.drop(columns=["_modified", "_file"])
        table = table.sort_values(["annotator", "start", "created", "id"], kind="stable")
    else:
        table["copies"] = pd.Series(dtype=int)
    table = table.reset_index(drop=True)
    rejected_frame = pd.DataFrame(rejected, columns=list(REJECTED_COLUMNS))
    return ClassResults(
        folder=folder,
        annotations=table,
        rejected=rejected_frame,
        files_read=[r for r in rels if r not in set(files_rejected)],
        files_rejected=files_rejected,
        ignored=[p.relative_to(folder).as_posix() for p in other],
        duplicates=duplicates,
        duplicate_ids=duplicate_ids,
    )
