"""The store's file: its SQL schema (derived from the field table), opening, creating and
upgrading it, and turning annotations into rows and back. ``helpers.store`` uses it."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.annotations import Annotation
from helpers.errors import StoreError
from helpers.fields import CORE_AFTER, CORE_BEFORE, INTEGER_CORE

if TYPE_CHECKING:
    from helpers.fields import Field
    from helpers.scheme import Scheme

ENV_VAR = "ANNOTATIONS_DB"
SCHEMA_VERSION = 3
#: What each schema version added to the one before (applied in order, in one transaction, to
#: a copy kept beside the store first).
MIGRATIONS = {
    2: [
        """CREATE TABLE answers (
    annotator TEXT NOT NULL,
    question_id TEXT NOT NULL,
    text TEXT NOT NULL,
    modified TEXT NOT NULL,
    PRIMARY KEY (annotator, question_id)
)"""
    ],
    3: [
        """CREATE TABLE searches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    annotator TEXT NOT NULL,
    kind TEXT NOT NULL,
    query TEXT NOT NULL,
    source_id TEXT NOT NULL,
    part TEXT NOT NULL,
    created TEXT NOT NULL
)"""
    ],
}
#: The tables of a store of each version; one missing means the file is damaged.
TABLES = {
    1: ("schema_version", "annotations", "settings", "attempts"),
    2: ("schema_version", "annotations", "settings", "attempts", "answers"),
    3: ("schema_version", "annotations", "settings", "attempts", "answers", "searches"),
}
SQLITE_HEADER = b"SQLite format 3\x00"

#: SQL column declaration of each kind of scheme field (JSON text for lists and parts).
_SQL_KIND = {
    "choice": "TEXT",
    "choices": "TEXT NOT NULL DEFAULT '[]'",  # JSON list
    "parts": "TEXT NOT NULL DEFAULT '{}'",  # JSON object
    "scale": "INTEGER",
    "text": "TEXT NOT NULL DEFAULT ''",
}
_JSON_KINDS = ("choices", "parts")


def _column_sql(name: str, kind: str | None = None) -> str:
    if kind is not None:
        return f'"{name}" {_SQL_KIND[kind]}'
    sql_type = "INTEGER" if name in INTEGER_CORE else "TEXT"
    return f'"{name}" {sql_type} NOT NULL'


def _schema_sql(scheme: Scheme) -> str:
    columns = [
        *(_column_sql(name) for name in CORE_BEFORE),
        *(_column_sql(f.name, f.kind) for f in scheme.table),
        *(_column_sql(name) for name in CORE_AFTER),
        "deleted_at TEXT  -- NULL while the annotation is live",
    ]
    body = ",\n    ".join(["id TEXT PRIMARY KEY", *columns[1:]])
    return f"""
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE annotations (
    {body}
);
CREATE INDEX annotations_by_annotator ON annotations (annotator, start);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    annotator TEXT NOT NULL,
    question_id TEXT NOT NULL,
    answer TEXT NOT NULL,       -- JSON
    correct INTEGER NOT NULL,
    created TEXT NOT NULL
);
{";".join(statement for version in sorted(MIGRATIONS) for statement in MIGRATIONS[version])};
INSERT INTO schema_version (version) VALUES ({SCHEMA_VERSION});
"""


class Rows:
    """Annotation <-> SQL row, for one scheme (the column list is the record's fields)."""

    def __init__(self, scheme: Scheme):
        self.scheme = scheme
        self.columns = scheme.record_fields
        self.columns_sql = ", ".join(f'"{c}"' for c in self.columns)
        self.json_fields = tuple(f.name for f in scheme.table if f.kind in _JSON_KINDS)

    def to_row(self, ann: Annotation) -> tuple:
        record = ann.to_dict()
        for name in self.json_fields:
            record[name] = json.dumps(record[name], ensure_ascii=False)
        return tuple(record[c] for c in self.columns)

    def from_row(self, row: tuple) -> Annotation:
        record = dict(zip(self.columns, row, strict=False))
        for fld in self.scheme.table:
            value = record[fld.name]
            if fld.kind == "choices":
                record[fld.name] = tuple(json.loads(value))
            elif fld.kind == "parts":
                record[fld.name] = json.loads(value)
        ann = Annotation(**record)
        return self._from_earlier_scheme(ann) if self._is_earlier(ann) else ann

    def _is_earlier(self, ann: Annotation) -> bool:
        """True for a row saved under the research scheme (every store before the simple
        scheme became the default) and read under a scheme that gathers its choices."""
        for fld in self.scheme.table:
            value = ann.values.get(fld.name)
            if fld.kind == "choice" and value is not None and value not in fld.id_set:
                return bool(fld.gathered.get(value))
            if fld.kind == "text" and isinstance(value, str) and value.startswith('{"'):
                return True
        return False

    def _from_earlier_scheme(self, ann: Annotation) -> Annotation:
        """The row in this scheme's terms (``helpers.scheme.map_values``), as it reads today."""
        from helpers.scheme import FULL_SCHEME_PATH, load_scheme, map_annotation

        full = load_scheme(FULL_SCHEME_PATH)
        values = dict(ann.values)
        for fld in full.table:
            value = values.get(fld.name)
            if fld.kind == "parts" and isinstance(value, str):
                try:
                    values[fld.name] = json.loads(value) if value else fld.default()
                except ValueError:
                    values[fld.name] = {fld.part_ids[0]: value}
        return map_annotation(ann.replace(**values), full, self.scheme)


def fail(path: Path, problem: str, advice: str = "") -> StoreError:
    """A StoreError naming the store file, what is wrong and what to do."""
    advice = advice or (
        f"Nothing was changed in it. Move it away, or choose another file with "
        f"the {ENV_VAR} environment variable."
    )
    return StoreError(f"Annotation store {path}: {problem}. {advice}", file=str(path))


#: What to tell a student for each SQLite failure (by its primary result code).
_ADVICE = {
    sqlite3.SQLITE_READONLY: (
        "is read-only (or its folder is): nothing can be saved in it",
        "Your saved work is still in it. Ask for write access, or choose another file with "
        f"the {ENV_VAR} environment variable.",
    ),
    sqlite3.SQLITE_FULL: (
        "could not be written: the disk is full",
        "This change was not saved; everything saved before it is safe. Free some space and "
        "try again.",
    ),
    sqlite3.SQLITE_BUSY: (
        "is busy: another program has been writing to it for too long",
        "Nothing was changed. Close other notebooks that use it, then try again.",
    ),
    sqlite3.SQLITE_LOCKED: (
        "is locked by another program",
        "Nothing was changed. Close other notebooks that use it, then try again.",
    ),
    sqlite3.SQLITE_CORRUPT: (
        "is damaged (SQLite says: database disk image is malformed)",
        "Nothing was changed in it. Keep the file for your teacher, and choose another file "
        f"with the {ENV_VAR} environment variable to go on working.",
    ),
    sqlite3.SQLITE_NOTADB: (
        "is not an annotation store (it is not an SQLite database file)",
        "Nothing was changed in it. Move it away, or choose another file with "
        f"the {ENV_VAR} environment variable.",
    ),
    sqlite3.SQLITE_IOERR: (
        "could not be read or written (a disk or network error)",
        "This change was not saved; try again, and tell your teacher if it happens again.",
    ),
    sqlite3.SQLITE_CANTOPEN: (
        "cannot be opened",
        f"Check that its folder exists and can be written to, or choose another file with the "
        f"{ENV_VAR} environment variable.",
    ),
}


def translate(path: Path, exc: sqlite3.Error) -> StoreError:
    """The ``StoreError`` (what went wrong, what to do) for an SQLite error on ``path``."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    problem, advice = _ADVICE.get(code, (f"cannot be used ({exc})", ""))
    error = fail(path, problem, advice)
    error.__cause__ = exc
    return error


def backup(conn: sqlite3.Connection, path: Path) -> Path:
    """A timestamped copy of the store beside it (made before any change to its tables)."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    target = path.with_name(f"{path.name}.backup-{stamp}")
    with sqlite3.connect(str(target)) as copy:
        conn.backup(copy)
    copy.close()
    return target


def connect(path: Path, scheme: Scheme, timeout: float) -> sqlite3.Connection:
    """An open connection to the store at ``path``, created (or given new columns) as needed.

    Raises ``StoreError`` for a file that is not, or not yet, usable; it is left unchanged.
    """
    p = path
    if p.is_dir():
        raise fail(path, "is a folder, not a file")
    if p.exists() and not stat.S_ISREG(os.stat(p).st_mode):
        raise fail(path, "is not a regular file (a device, pipe or socket)")
    if p.exists():
        try:
            with open(p, "rb") as f:
                head = f.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise fail(path, f"cannot be read ({exc.strerror})") from exc
        if head and head != SQLITE_HEADER:
            raise fail(path, "is not an annotation store (it is not an SQLite database file)")
    else:
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise fail(path, f"its folder cannot be created ({exc.strerror})") from exc
    try:
        conn = sqlite3.connect(
            str(p), timeout=timeout, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise translate(path, exc) from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        _check_or_create_retrying(conn, path, scheme, timeout)
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise translate(path, exc) from exc
    return conn


def _version(conn: sqlite3.Connection, path: Path) -> int | None:
    """The schema version; None for an empty database. Raises StoreError for others'."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables:
        return None
    if "schema_version" not in tables:
        raise fail(
            path, "is an SQLite database of another program (it has no schema_version table)"
        )
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    version = row[0] if row else None
    if not isinstance(version, int):
        raise fail(path, "has an unreadable schema_version table")
    if version > SCHEMA_VERSION:
        raise fail(
            path,
            f"was made by a newer version of this code (schema version {version}; "
            f"this code knows up to {SCHEMA_VERSION})",
            "Nothing was changed in it. Update the notebooks (git pull) to use it.",
        )
    missing = sorted(set(TABLES.get(version, ())) - tables)
    if missing:
        raise fail(
            path,
            f"is damaged: its {missing[0]} table is missing",
            "Nothing was changed in it. Keep the file for your teacher, and choose another "
            f"file with the {ENV_VAR} environment variable to go on working.",
        )
    return version


def _check_or_create_retrying(
    conn: sqlite3.Connection, path: Path, scheme: Scheme, timeout: float
) -> None:
    """Two kernels opening a new store at the same moment: switching to WAL takes a lock
    that SQLite does not always wait for, so a busy answer is retried until ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return _check_or_create(conn, path, scheme)
        except sqlite3.OperationalError as exc:
            code = getattr(exc, "sqlite_errorcode", None) or 0
            busy = (code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _missing_columns(conn: sqlite3.Connection, scheme: Scheme) -> list[Field]:
    """Scheme fields without a column (a field added to the scheme since the store was
    made)."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(annotations)")}
    return [f for f in scheme.table if f.name not in have]


def _check_or_create(conn: sqlite3.Connection, path: Path, scheme: Scheme) -> None:
    version = _version(conn, path)
    if version == SCHEMA_VERSION and not _missing_columns(conn, scheme):  # the common case
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        return
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    if version is not None:  # an upgrade of a store with work in it: keep a copy first
        backup(conn, path)
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = _version(conn, path)  # checked again: another kernel may have won
        if found is None:
            for statement in _schema_sql(scheme).split(";"):
                if statement.strip():
                    conn.execute(statement)
        elif found < SCHEMA_VERSION:
            for number in range(found + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[number]:
                    conn.execute(statement)
            conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))
        for fld in _missing_columns(conn, scheme):  # a new field: a new, empty column
            conn.execute(f"ALTER TABLE annotations ADD COLUMN {_column_sql(fld.name, fld.kind)}")
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise


def rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite still has one (after a full disk it may not): the
    error that caused the rollback is the one to report, not the rollback's."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
