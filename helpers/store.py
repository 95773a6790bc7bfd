"""Where annotations are kept: one SQLite file per user, outside the project's tracked files.

The file is ``AnnotationStore(path)``, else ``$ANNOTATIONS_DB``, else
``~/.local/share/news-claims/annotations.sqlite``. It is created on first use and never replaced:
a file that is not SQLite, belongs to another program, or was made by a newer version of this
code gives a ``StoreError`` and is left exactly as it was.

Every write is one transaction (``BEGIN IMMEDIATE``, WAL journal, ``busy_timeout``), so two
notebooks saving at once wait for each other instead of losing or duplicating anything, and a
kernel killed mid-save leaves every committed annotation in place. Deletes are soft (undo with
``restore``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.annotations import (
    FIELDS,
    Annotation,
    AnnotationError,
    apply_changes,
    clean_text,
    locate,
    utc_now,
    validate,
    validate_annotator,
)

if TYPE_CHECKING:
    import pandas as pd

    from helpers.article import Article
    from helpers.scheme import Scheme

SCHEMA_VERSION = 1
ENV_VAR = "ANNOTATIONS_DB"
DEFAULT_PATH = Path("~/.local/share/news-claims/annotations.sqlite")
SQLITE_HEADER = b"SQLite format 3\x00"

_COLUMNS = FIELDS
_COLS_SQL = ", ".join(f'"{c}"' for c in _COLUMNS)
_SCHEMA = f"""
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE annotations (
    id TEXT PRIMARY KEY,
    article_version TEXT NOT NULL,
    part TEXT NOT NULL,
    sentence_id TEXT NOT NULL,
    quote TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    prefix TEXT NOT NULL,
    suffix TEXT NOT NULL,
    claim_type TEXT,
    check_worthy TEXT,
    verdict TEXT,
    techniques TEXT NOT NULL,   -- JSON list
    evidence TEXT NOT NULL,     -- JSON object
    confidence INTEGER,
    note TEXT NOT NULL,
    annotator TEXT NOT NULL,
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    deleted_at TEXT             -- NULL while the annotation is live
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
INSERT INTO schema_version (version) VALUES ({SCHEMA_VERSION});
"""


class StoreError(Exception):
    """The store file cannot be used (not SQLite, another program's, too new, unreadable)."""


def default_path() -> Path:
    """``$ANNOTATIONS_DB`` if set, else ~/.local/share/news-claims/annotations.sqlite."""
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env).expanduser() if env else DEFAULT_PATH.expanduser()


def _to_row(ann: Annotation) -> tuple:
    d = ann.to_dict()
    d["techniques"] = json.dumps(d["techniques"], ensure_ascii=False)
    d["evidence"] = json.dumps(d["evidence"], ensure_ascii=False)
    return tuple(d[c] for c in _COLUMNS)


def _from_row(row: tuple) -> Annotation:
    d = dict(zip(_COLUMNS, row, strict=False))
    d["techniques"] = tuple(json.loads(d["techniques"]))
    d["evidence"] = json.loads(d["evidence"])
    return Annotation(**d)


class AnnotationStore:
    """The annotations of every student on this computer account, in one SQLite file."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        article: Article | None = None,
        scheme: Scheme | None = None,
        timeout: float = 10.0,
    ):
        self.path = Path(path).expanduser() if path else default_path()
        self._article = article
        self._scheme = scheme
        self._lock = threading.RLock()
        self._conn = self._open(timeout)

    # -- opening --------------------------------------------------------------------------------
    def _fail(self, problem: str, advice: str = "") -> StoreError:
        advice = advice or (
            f"Nothing was changed in it. Move it away, or choose another file with "
            f"the {ENV_VAR} environment variable."
        )
        return StoreError(f"Annotation store {self.path}: {problem}. {advice}")

    def _open(self, timeout: float) -> sqlite3.Connection:
        p = self.path
        if p.is_dir():
            raise self._fail("is a folder, not a file")
        if p.exists():
            try:
                with open(p, "rb") as f:
                    head = f.read(len(SQLITE_HEADER))
            except OSError as exc:
                raise self._fail(f"cannot be read ({exc.strerror})") from exc
            if head and head != SQLITE_HEADER:
                raise self._fail("is not an annotation store (it is not an SQLite database file)")
        else:
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise self._fail(f"its folder cannot be created ({exc.strerror})") from exc
        try:
            conn = sqlite3.connect(
                str(p), timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise self._fail(f"cannot be opened ({exc})") from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._check_or_create_retrying(conn, timeout)
        except StoreError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise self._fail(f"cannot be used ({exc})") from exc
        return conn

    def _version(self, conn: sqlite3.Connection) -> int | None:
        """The schema version; None for an empty database. Raises StoreError for others'."""
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None
        if "schema_version" not in tables:
            raise self._fail(
                "is an SQLite database of another program (it has no schema_version table)"
            )
        row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
        version = row[0] if row else None
        if not isinstance(version, int):
            raise self._fail("has an unreadable schema_version table")
        if version > SCHEMA_VERSION:
            raise self._fail(
                f"was made by a newer version of this code (schema version {version}; "
                f"this code knows up to {SCHEMA_VERSION})",
                "Nothing was changed in it. Update the notebooks (git pull) to use it.",
            )
        return version

    def _check_or_create_retrying(self, conn: sqlite3.Connection, timeout: float) -> None:
        """Two kernels opening a new store at the same moment: switching to WAL takes a lock
        that SQLite does not always wait for, so a busy answer is retried until ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self._check_or_create(conn)
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _check_or_create(self, conn: sqlite3.Connection) -> None:
        if self._version(conn) == SCHEMA_VERSION:  # the common case: read only
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            return
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            if self._version(conn) is None:  # checked again: another kernel may have won
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # -- plumbing -------------------------------------------------------------------------------
    @property
    def article(self) -> Article:
        if self._article is None:
            from helpers.article import load_article

            self._article = load_article()
        return self._article

    @property
    def scheme(self) -> Scheme:
        if self._scheme is None:
            from helpers.scheme import load_scheme

            self._scheme = load_scheme()
        return self._scheme

    @contextmanager
    def _write(self):
        """One write transaction; waits (busy_timeout) while another process writes."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"AnnotationStore({str(self.path)!r})"

    def __len__(self) -> int:
        return self._read("SELECT count(*) FROM annotations WHERE deleted_at IS NULL")[0][0]

    # -- annotations ----------------------------------------------------------------------------
    def add(self, ann: Annotation) -> Annotation:
        """Save a new annotation (validated against the article). Its id must be new."""
        validate(ann, self.article, self.scheme)
        try:
            with self._write() as conn:
                conn.execute(
                    f"INSERT INTO annotations ({_COLS_SQL}) VALUES "
                    f"({', '.join('?' * len(_COLUMNS))})",
                    _to_row(ann),
                )
        except sqlite3.IntegrityError:
            raise AnnotationError(
                "id", ann.id, "a new id", problem="is already in the store"
            ) from None
        return ann

    def add_many(self, anns: list[Annotation]) -> tuple[list[Annotation], list[Annotation]]:
        """Save several in one transaction; ids already stored are skipped, never overwritten.

        Returns ``(added, skipped)``.
        """
        for ann in anns:
            validate(ann, self.article, self.scheme)
        added, skipped = [], []
        with self._write() as conn:
            for ann in anns:
                cur = conn.execute(
                    f"INSERT OR IGNORE INTO annotations ({_COLS_SQL}) VALUES "
                    f"({', '.join('?' * len(_COLUMNS))})",
                    _to_row(ann),
                )
                (added if cur.rowcount == 1 else skipped).append(ann)
        return added, skipped

    def _get(self, conn: sqlite3.Connection, ann_id: str, include_deleted: bool) -> Annotation:
        row = conn.execute(
            f"SELECT {_COLS_SQL}, deleted_at FROM annotations WHERE id = ?", (ann_id,)
        ).fetchone()
        if row is None:
            raise KeyError(f"There is no annotation with id {ann_id!r} in {self.path}.")
        if row[-1] is not None and not include_deleted:
            raise KeyError(f"The annotation {ann_id!r} was deleted (restore it to use it again).")
        return _from_row(row[:-1])

    def get(self, ann_id: str, include_deleted: bool = False) -> Annotation:
        """One annotation by id; KeyError if there is none (or it was deleted)."""
        with self._lock:
            return self._get(self._conn, ann_id, include_deleted)

    def update(self, ann_id: str, **changes: Any) -> Annotation:
        """Change fields of a saved annotation; ``modified`` becomes now. Returns the new one.

        Editable: the scheme fields, and ``sentence_id``/``quote`` (the target is recomputed).
        ``evidence`` may give only some parts; the others are kept.
        """
        for key in changes:
            if key not in Annotation.EDITABLE:
                raise AnnotationError(
                    key,
                    changes[key],
                    ", ".join(Annotation.EDITABLE),
                    problem="cannot be changed",
                )
        with self._write() as conn:
            old = self._get(conn, ann_id, include_deleted=False)
            new = old
            if "sentence_id" in changes or "quote" in changes:
                sentence_id = changes.pop("sentence_id", old.sentence_id)
                default_quote = old.quote if sentence_id == old.sentence_id else None
                quote = changes.pop("quote", default_quote)
                start, end, sentence = locate(self.article, sentence_id, quote)
                prefix, suffix = self.article.context(start, end)
                new = apply_changes(new, {})
                new.sentence_id, new.part = sentence.id, sentence.part
                new.start, new.end = start, end
                new.quote = self.article.text[start:end]
                new.prefix, new.suffix = prefix, suffix
            new = apply_changes(new, changes)
            new.modified = max(utc_now(), old.modified)
            validate(new, self.article, self.scheme)
            sets = ", ".join(f'"{c}" = ?' for c in _COLUMNS[1:])
            conn.execute(f"UPDATE annotations SET {sets} WHERE id = ?", (*_to_row(new)[1:], ann_id))
        return new

    def delete(self, ann_id: str) -> Annotation:
        """Delete (softly: kept, so ``restore`` can undo it). Returns the annotation."""
        with self._write() as conn:
            ann = self._get(conn, ann_id, include_deleted=True)
            conn.execute(
                "UPDATE annotations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (utc_now(), ann_id),
            )
        return ann

    def restore(self, ann_id: str) -> Annotation:
        """Undo ``delete``. Returns the annotation."""
        with self._write() as conn:
            ann = self._get(conn, ann_id, include_deleted=True)
            conn.execute("UPDATE annotations SET deleted_at = NULL WHERE id = ?", (ann_id,))
        return ann

    def list(
        self,
        annotator: str | None = None,
        part: str | None = None,
        include_deleted: bool = False,
        sentence_id: str | None = None,
    ) -> list[Annotation]:
        """Annotations, filtered, in reading order (start offset, then creation time)."""
        return [
            _from_row(r[:-1]) for r in self._select(annotator, part, include_deleted, sentence_id)
        ]

    def _select(self, annotator, part, include_deleted, sentence_id) -> list[tuple]:
        where, params = [], []
        if not include_deleted:
            where.append("deleted_at IS NULL")
        for col, value in (("annotator", annotator), ("part", part), ("sentence_id", sentence_id)):
            if value is not None:
                where.append(f"{col} = ?")
                params.append(value)
        sql = f"SELECT {_COLS_SQL}, deleted_at FROM annotations"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self._read(sql + " ORDER BY start, created, id", tuple(params))

    def to_frame(
        self,
        annotator: str | None = None,
        part: str | None = None,
        include_deleted: bool = False,
        sentence_id: str | None = None,
    ) -> pd.DataFrame:
        """The same annotations as ``list`` as a pandas table, evidence parts as columns.

        With ``include_deleted=True`` a column ``deleted`` (True/False) is added.
        """
        import pandas as pd

        from helpers.scheme import EVIDENCE_PARTS

        columns = [c for c in _COLUMNS if c != "evidence"]
        ev_cols = [f"evidence_{p}" for p in EVIDENCE_PARTS]
        columns[columns.index("confidence") : columns.index("confidence")] = ev_cols
        records = []
        for row in self._select(annotator, part, include_deleted, sentence_id):
            ann = _from_row(row[:-1])
            d = ann.to_dict()
            ev = d.pop("evidence")
            d["techniques"] = tuple(d["techniques"])
            for p in EVIDENCE_PARTS:
                d[f"evidence_{p}"] = ev.get(p, "")
            if include_deleted:
                d["deleted"] = row[-1] is not None
            records.append(d)
        if include_deleted:
            columns.append("deleted")
        frame = pd.DataFrame.from_records(records, columns=columns)
        frame["confidence"] = frame["confidence"].astype("Int64")
        return frame

    def annotators(self) -> list[str]:
        """Everyone with at least one live annotation, sorted."""
        rows = self._read(
            "SELECT DISTINCT annotator FROM annotations WHERE deleted_at IS NULL ORDER BY 1"
        )
        return [r[0] for r in rows]

    # -- settings and quiz attempts -------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_setting(self, key: str, value: Any) -> None:
        """Keep a small JSON value (e.g. ``"annotator"``) in the store."""
        if not isinstance(key, str) or not key:
            raise AnnotationError("key", key, "a non-empty name", problem="is not a setting name")
        data = json.dumps(value, ensure_ascii=False)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, data),
            )

    def record_attempt(self, annotator: str, question_id: str, answer: Any, correct: bool) -> None:
        """Record one answer to a quiz question."""
        annotator = validate_annotator(annotator)
        if not isinstance(question_id, str) or not question_id.strip():
            raise AnnotationError(
                "question_id", question_id, "the id of a question", problem="is empty or not text"
            )
        try:
            data = json.dumps(answer, ensure_ascii=False)
        except (TypeError, ValueError):
            data = json.dumps(clean_text(str(answer)), ensure_ascii=False)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO attempts (annotator, question_id, answer, correct, created) "
                "VALUES (?, ?, ?, ?, ?)",
                (annotator, question_id, data, int(bool(correct)), utc_now()),
            )

    def attempts(self, annotator: str | None = None) -> pd.DataFrame:
        """Quiz answers, oldest first: annotator, question_id, answer, correct, created."""
        import pandas as pd

        sql = "SELECT annotator, question_id, answer, correct, created FROM attempts"
        params: tuple = ()
        if annotator is not None:
            sql += " WHERE annotator = ?"
            params = (annotator,)
        rows = self._read(sql + " ORDER BY id", params)
        frame = pd.DataFrame.from_records(
            [(a, q, json.loads(ans), bool(c), t) for a, q, ans, c, t in rows],
            columns=["annotator", "question_id", "answer", "correct", "created"],
        )
        frame["correct"] = frame["correct"].astype(bool)
        return frame
