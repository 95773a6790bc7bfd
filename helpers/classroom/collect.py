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

Speed: records in the layout this project writes are checked by a fast path with precomputed
look-ups (the article's sentences, the scheme's choices); a file where any record fails or looks
unusual is read again, whole, by ``helpers.formats.read_file``, so every error message is the
standard one. With more than 300 files a progress line is written to stderr (a plain line:
``tqdm`` is not among this project's dependencies, so it is not used).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.annotations import FLAT_FIELDS
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
        files = f"{n_read} of {n_all} files" if self.files_rejected else (
            f"{n_read} file{'s' if n_read != 1 else ''}"
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

        from helpers.formats import CSV_COLUMNS

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        df = self.annotations
        if not df.empty:
            out = df.copy()
            out["techniques"] = [";".join(t) for t in out["techniques"]]
            out["verdict"] = out["verdict"].fillna("")
            out["confidence"] = [
                "" if pd.isna(c) else str(int(c)) for c in out["confidence"]
            ]
            writer.writerows(out[list(CSV_COLUMNS)].itertuples(index=False, name=None))
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


# -- the fast path --------------------------------------------------------------------------------
_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_BAD_CHAR_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_FIELDS_W3C = {
    "claim_type",
    "check_worthy",
    "verdict",
    "techniques",
    "note",
    "evidence.who",
    "evidence.original",
    "evidence.citation",
    "evidence.other_sources",
}


class _Unusual(Exception):
    """The fast path is not sure: read the file the standard way."""


class _Checker:
    """Precomputed look-ups for checking records quickly (the same rules as ``validate``)."""

    def __init__(self, article: Article):
        from helpers.annotations import _TIME_RE, MAX_CONTEXT
        from helpers.scheme import EVIDENCE_PARTS, load_scheme

        scheme = load_scheme()
        self.article = article
        self.text = article.text
        self.version = article.version
        self.url = article.metadata["url"]
        self.sentences = {s.id: (s.part, s.start, s.end) for s in article.sentences}
        self.choices = {f: set(scheme.choice_ids(f)) for f in ("claim_type", "check_worthy",
                                                                "verdict", "techniques")}
        self.required = {f: scheme.required(f) for f in ("claim_type", "check_worthy", "verdict")}
        self.evidence_parts = EVIDENCE_PARTS  # the set the scheme checks; the table's order
        self.max_text = scheme.note_max_length
        self.confidence = scheme.confidence_range
        self.max_context = MAX_CONTEXT
        self.time_re = _TIME_RE
        self._names: dict[str, bool] = {}
        self._times: dict[str, datetime] = {}

    def name_ok(self, name: Any) -> bool:
        if not isinstance(name, str):
            return False
        ok = self._names.get(name)
        if ok is None:
            from helpers.annotations import AnnotationError, validate_annotator

            try:
                ok = validate_annotator(name) == name
            except AnnotationError:
                ok = False
            self._names[name] = ok
        return ok

    def time(self, value: Any) -> datetime:
        t = self._times.get(value) if isinstance(value, str) else None
        if t is None:
            if not isinstance(value, str) or not self.time_re.match(value):
                raise _Unusual
            try:
                t = datetime.fromisoformat(value[:-1] + "+00:00")
            except ValueError:
                raise _Unusual from None
            if len(self._times) < 100_000:
                self._times[value] = t
        return t

    def text_ok(self, value: Any) -> bool:
        return (
            isinstance(value, str)
            and len(value) <= self.max_text
            and _BAD_CHAR_RE.search(value) is None
        )

    def check(self, r: dict) -> tuple:
        """The row for the class table, or _Unusual. ``r`` holds the Annotation fields."""
        if not (isinstance(r["id"], str) and _UUID_RE.match(r["id"])):
            raise _Unusual
        if r["article_version"] != self.version:
            raise _Unusual
        s = self.sentences.get(r["sentence_id"])
        if s is None or s[0] != r["part"]:
            raise _Unusual
        start, end, quote = r["start"], r["end"], r["quote"]
        if type(start) is not int or type(end) is not int:
            raise _Unusual
        if not (s[1] <= start < end <= s[2]):
            raise _Unusual
        if not isinstance(quote, str) or self.text[start:end] != quote:
            raise _Unusual
        prefix, suffix = r["prefix"], r["suffix"]
        if not isinstance(prefix, str) or not isinstance(suffix, str):
            raise _Unusual
        if len(prefix) > self.max_context or len(suffix) > self.max_context:
            raise _Unusual
        if self.text[max(0, start - len(prefix)) : start] != prefix:
            raise _Unusual
        if self.text[end : end + len(suffix)] != suffix:
            raise _Unusual
        for f in ("claim_type", "check_worthy", "verdict"):
            v = r[f]
            if v is None:
                if self.required[f]:
                    raise _Unusual
            elif v not in self.choices[f]:
                raise _Unusual
        techniques = r["techniques"]
        if len(set(techniques)) != len(techniques) or not self.choices["techniques"].issuperset(
            techniques
        ):
            raise _Unusual
        evidence = r["evidence"]
        for p in self.evidence_parts:
            if not self.text_ok(evidence[p]):
                raise _Unusual
        if not self.text_ok(r["note"]):
            raise _Unusual
        c = r["confidence"]
        if c is not None and not (
            type(c) is int and self.confidence[0] <= c <= self.confidence[1]
        ):
            raise _Unusual
        if not self.name_ok(r["annotator"]):
            raise _Unusual
        if self.time(r["modified"]) < self.time(r["created"]):
            raise _Unusual
        return (
            r["id"], r["article_version"], r["part"], r["sentence_id"], quote, start, end,
            prefix, suffix, r["claim_type"], r["check_worthy"], r["verdict"], techniques,
            *(evidence[p] for p in self.evidence_parts),
            c, r["note"], r["annotator"], r["created"], r["modified"],
        )

    # -- W3C ------------------------------------------------------------------------------------
    def w3c_items(self, doc: Any) -> list:
        if not isinstance(doc, dict) or "@type" in doc:
            raise _Unusual
        if doc.get("type") == "AnnotationCollection":
            doc = doc.get("first")
            if not isinstance(doc, dict):
                raise _Unusual
        if doc.get("type") != "AnnotationPage" or not isinstance(doc.get("items"), list):
            raise _Unusual
        return doc["items"]

    def w3c_record(self, item: Any) -> dict:
        if not isinstance(item, dict) or item.get("type") != "Annotation":
            raise _Unusual
        ann_id = item.get("id")
        creator, target = item.get("creator"), item.get("target")
        if not (isinstance(ann_id, str) and ann_id.startswith("urn:uuid:")):
            raise _Unusual
        if not isinstance(creator, dict) or not isinstance(target, dict):
            raise _Unusual
        if target.get("source") != self.url:
            raise _Unusual
        sel = target.get("selector")
        if not isinstance(sel, list) or len(sel) != 2:
            raise _Unusual
        tqs, tps = sel
        if not (isinstance(tqs, dict) and isinstance(tps, dict)):
            raise _Unusual
        if tqs.get("type") != "TextQuoteSelector" or tps.get("type") != "TextPositionSelector":
            raise _Unusual
        if "nc:sentence" not in target or "start" not in tps or "end" not in tps:
            raise _Unusual
        values = {"claim_type": None, "check_worthy": None, "verdict": None, "note": ""}
        evidence = dict.fromkeys(self.evidence_parts, "")
        techniques: list = []
        seen = set()
        bodies = item.get("body", [])
        if not isinstance(bodies, list):
            raise _Unusual
        for b in bodies:
            if not isinstance(b, dict):
                raise _Unusual
            f, v = b.get("nc:field"), b.get("value")
            if f not in _FIELDS_W3C or not isinstance(v, str):
                raise _Unusual
            if f == "techniques":
                techniques.append(v)
                continue
            if f in seen:
                raise _Unusual
            seen.add(f)
            if f.startswith("evidence."):
                evidence[f[9:]] = v
            else:
                values[f] = v
        if "created" not in item or "exact" not in tqs:
            raise _Unusual
        return {
            "id": ann_id[9:],
            "article_version": target.get("nc:articleVersion"),
            "part": target.get("nc:part"),
            "sentence_id": target["nc:sentence"],
            "quote": tqs["exact"],
            "start": tps["start"],
            "end": tps["end"],
            "prefix": tqs.get("prefix", ""),
            "suffix": tqs.get("suffix", ""),
            "claim_type": values["claim_type"],
            "check_worthy": values["check_worthy"],
            "verdict": values["verdict"],
            "techniques": tuple(techniques),
            "evidence": evidence,
            "confidence": item.get("nc:confidence"),
            "note": values["note"],
            "annotator": creator.get("name"),
            "created": item["created"],
            "modified": item.get("modified", item["created"]),
        }

    # -- CSV ------------------------------------------------------------------------------------
    def csv_records(self, text: str) -> list[dict]:
        from helpers.formats import CSV_COLUMNS

        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error:
            raise _Unusual from None
        if not rows or list(rows[0]) != list(CSV_COLUMNS):
            raise _Unusual
        out = []
        for cells in rows[1:]:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(CSV_COLUMNS):
                raise _Unusual
            row = dict(zip(CSV_COLUMNS, cells, strict=True))
            try:
                start, end = int(row["start"].strip()), int(row["end"].strip())
                conf = row["confidence"].strip()
                confidence = int(conf) if conf else None
            except ValueError:
                raise _Unusual from None
            out.append(
                {
                    "id": row["id"],
                    "article_version": row["article_version"],
                    "part": row["part"],
                    "sentence_id": row["sentence_id"],
                    "quote": row["quote"],
                    "start": start,
                    "end": end,
                    "prefix": row["prefix"],
                    "suffix": row["suffix"],
                    "claim_type": row["claim_type"] or None,
                    "check_worthy": row["check_worthy"] or None,
                    "verdict": row["verdict"] or None,
                    "techniques": tuple(
                        t.strip() for t in row["techniques"].split(";") if t.strip()
                    ),
                    "evidence": {p: row[f"evidence_{p}"] for p in self.evidence_parts},
                    "confidence": confidence,
                    "note": row["note"],
                    "annotator": row["annotator"],
                    "created": row["created"],
                    "modified": row["modified"],
                }
            )
        return out

    def read(self, path: Path) -> list[tuple]:
        """The rows of a file in the usual layout, or _Unusual."""
        from helpers.formats import MAX_FILE_BYTES

        try:
            data = path.read_bytes()
        except OSError:
            raise _Unusual from None
        if len(data) > MAX_FILE_BYTES:
            raise _Unusual
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _Unusual from None
        if path.suffix.lower() == ".csv" or text.lstrip()[:1] not in ("{", "["):
            records = self.csv_records(text)
        else:
            try:
                doc = json.loads(text)
            except (ValueError, RecursionError):
                raise _Unusual from None
            records = [self.w3c_record(item) for item in self.w3c_items(doc)]
        rows = [self.check(r) for r in records]
        if len({r[0] for r in rows}) != len(rows):
            raise _Unusual  # an id twice in one file: let the standard reader name it
        return rows


def _standard_read(path: Path, article: Article) -> tuple[list[tuple], list]:
    """Read one file with helpers.formats.read_file: rows of the good records, and the errors."""
    from helpers.scheme import EVIDENCE_PARTS

    result = read_file_std(path, article)
    rows = []
    for ann in result.annotations:
        rows.append(
            (
                ann.id, ann.article_version, ann.part, ann.sentence_id, ann.quote, ann.start,
                ann.end, ann.prefix, ann.suffix, ann.claim_type, ann.check_worthy, ann.verdict,
                tuple(ann.techniques),
                *(ann.evidence[p] for p in EVIDENCE_PARTS),
                ann.confidence, ann.note, ann.annotator, ann.created, ann.modified,
            )
        )
    return rows, result.errors


def read_file_std(path: Path, article: Article):
    from helpers.formats import read_file

    return read_file(path, article)


# -- collect ---------------------------------------------------------------------------------------
_COLUMNS = FLAT_FIELDS


class _Progress:
    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled, self.step = total, enabled, max(1, total // 50)

    def update(self, done: int) -> None:
        if self.enabled and (done % self.step == 0 or done == self.total):
            end = "\n" if done == self.total else ""
            print(f"\rcollect: {done}/{self.total} files", end=end, file=sys.stderr, flush=True)


def _rejection(exc, path: Path, rel: str) -> dict:
    where = (exc.where or "").replace(str(path), rel, 1)
    record = where[len(rel):].strip(" ,") if where.startswith(rel) else where
    rec_id = ""
    m = re.search(r"\(id ([^)]*)\)", record)
    if m:
        rec_id = m.group(1)
        record = (record[: m.start()] + record[m.end():]).strip(" ,")
    if exc.field == "file":
        record = ""
    return {
        "file": rel,
        "record": record,
        "id": rec_id,
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

    folder = Path(folder) if folder is not None else SAMPLE_FOLDER
    if not folder.is_dir():
        raise CollectError(f"{folder} is not a folder (nothing to collect)")
    article = article or load_article()
    checker = _Checker(article)
    files, other = find_files(folder)
    bar = _Progress(len(files), len(files) > PROGRESS_MIN if progress is None else progress)
    rows: list[tuple] = []
    file_of: list[int] = []
    rejected: list[dict] = []
    files_rejected: list[str] = []
    rels = [p.relative_to(folder).as_posix() for p in files]
    for i, (path, rel) in enumerate(zip(files, rels, strict=True)):
        try:
            got = checker.read(path)
        except _Unusual:
            got, errors = _standard_read(path, article)
            for exc in errors:
                rejected.append(_rejection(exc, path, rel))
                if exc.field in ("file", "columns") or (exc.where or "").endswith(str(path)):
                    if rel not in files_rejected:
                        files_rejected.append(rel)
        rows.extend(got)
        file_of.extend([i] * len(got))
        bar.update(i + 1)
    table = pd.DataFrame.from_records(rows, columns=list(_COLUMNS))
    table["file"] = [rels[i] for i in file_of]
    table["confidence"] = table["confidence"].astype("Int64")
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
