"""CSV: one row per annotation, for spreadsheets and for the class table.

The columns are ``Scheme.flat_columns``: the core fields, then each scheme field
(a ``parts`` field spread into one column per part, ``evidence_who`` …), in record order.
``choices`` are joined with ';', an empty choice or scale is an empty cell. Files are written as
UTF-8 with a byte-order mark, so spreadsheet programs read them right, and no cell can run as a
formula in a spreadsheet (see ``spreadsheet_safe``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.annotations import Annotation, validate
from helpers.errors import AnnotationError, file_error
from helpers.fields import CORE_FIELDS, INTEGER_CORE, flatten
from helpers.formats.files import write_text

if TYPE_CHECKING:
    from helpers.article import Article
    from helpers.scheme import Scheme


#: A cell starting with one of these is a formula to a spreadsheet program (OWASP's CSV
#: injection advice); such cells, and cells starting with the escape mark itself, are written
#: with a leading apostrophe, which reading takes off again: the round trip stays exact.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE_MARK = "'"


def spreadsheet_safe(cell: Any) -> Any:
    """A cell that no spreadsheet runs as a formula (text only; other values unchanged)."""
    if isinstance(cell, str) and cell[:1] in (*FORMULA_STARTS, ESCAPE_MARK):
        return ESCAPE_MARK + cell
    return cell


def from_spreadsheet_safe(cell: str) -> str:
    """The cell as it was before ``spreadsheet_safe``."""
    return cell[1:] if cell[:1] == ESCAPE_MARK else cell


def write_rows(columns, rows) -> str:
    """CSV text (CR LF line ends) of a header and rows, every cell made ``spreadsheet_safe``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buf.getvalue()


def _scheme() -> Scheme:
    from helpers.scheme import load_scheme

    return load_scheme()


def annotation_to_row(ann: Annotation, scheme: Scheme | None = None) -> dict:
    """One annotation as a dict of CSV cells (all text), keyed by column."""
    scheme = scheme or _scheme()
    row = flatten(ann, scheme)
    for fld in scheme.table:
        if fld.kind == "choices":
            row[fld.name] = ";".join(row[fld.name])
        elif fld.kind in ("choice", "scale"):
            row[fld.name] = "" if row[fld.name] is None else str(row[fld.name])
    for name in INTEGER_CORE:
        row[name] = str(row[name])
    return row


def to_csv(annotations: list[Annotation], scheme: Scheme | None = None) -> str:
    """CSV text, one row per annotation; choices joined with ';'."""
    scheme = scheme or _scheme()
    columns = scheme.flat_columns
    rows = (annotation_to_row(ann, scheme) for ann in annotations)
    return write_rows(columns, ([row[c] for c in columns] for row in rows))


def write_csv(
    annotations: list[Annotation],
    path: str | Path,
    article: Article | None = None,
    overwrite: bool = False,
) -> Path:
    """Write CSV (UTF-8 with a byte-order mark, so spreadsheet programs read it right)."""
    return write_text(path, to_csv(annotations), overwrite, encoding="utf-8-sig")


def _int_cell(row: dict, column: str, allowed: str, empty_ok: bool = False) -> int | None:
    text = row[column].strip()
    if not text and empty_ok:
        return None
    try:
        return int(text)
    except ValueError:
        raise AnnotationError(column, row[column], allowed, "is not a whole number") from None


def row_to_annotation(row: dict, article: Article, scheme: Scheme | None = None) -> Annotation:
    """One CSV row (a dict by column name) back into a validated Annotation."""
    scheme = scheme or _scheme()
    for column in scheme.flat_columns:
        if row.get(column) is None:
            raise AnnotationError(column, allowed="a value in every column", problem="is missing")
    values = {}
    for fld in scheme.table:
        cell = row[fld.name] if fld.kind != "parts" else None
        if fld.kind == "choice":
            values[fld.name] = cell or None
        elif fld.kind == "choices":
            values[fld.name] = tuple(t.strip() for t in cell.split(";") if t.strip())
        elif fld.kind == "parts":
            values[fld.name] = {p: row[c] for p, c in zip(fld.part_ids, fld.columns, strict=True)}
        elif fld.kind == "scale":
            allowed = f"a whole number from {fld.minimum} to {fld.maximum}, or empty"
            values[fld.name] = _int_cell(row, fld.name, allowed, empty_ok=True)
        else:
            values[fld.name] = cell
    core = {name: row[name] for name in CORE_FIELDS}
    for name in INTEGER_CORE:
        core[name] = _int_cell(row, name, "a whole number")
    return validate(Annotation(values, **core), article, scheme)


def csv_records(path: str | Path, text: str, scheme: Scheme | None = None) -> list:
    """``(number, line, record)`` for each data line: a dict by column, or the
    ``AnnotationError`` that line gives (wrong number of cells, broken quoting)."""
    columns = (scheme or _scheme()).flat_columns
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise file_error(path, "is empty", "a header line and one line per annotation") from None
    except csv.Error as exc:
        raise file_error(path, f"is not valid CSV ({exc})", "a CSV file as exported") from None
    missing = [c for c in columns if c not in header]
    if missing:
        raise AnnotationError(
            "columns",
            ", ".join(missing),
            "the columns " + ", ".join(columns),
            "are missing from the header line",
            file=str(path),
        )
    records = []
    number = 0
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            number += 1
            problem = AnnotationError(
                "line", line, "a CSV line as exported", f"is not valid CSV ({exc})"
            )
            records.append((number, line, problem))
            break
        if not any(c.strip() for c in cells):
            continue  # blank line
        number += 1
        if len(cells) != len(header):
            problem = AnnotationError(
                "cells",
                len(cells),
                f"{len(header)} cells, one per column",
                "is the wrong number of cells",
            )
            records.append((number, line, problem))
            continue
        cells = [from_spreadsheet_safe(cell) for cell in cells]
        records.append((number, line, dict(zip(header, cells, strict=True))))
    return records
