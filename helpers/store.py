"""Where annotations are kept: one SQLite file per user, outside the project's tracked files.

The file is ``AnnotationStore(path)``, else ``$ANNOTATIONS_DB``, else
``~/.local/share/news-claims/annotations.sqlite``: that is the store of the unit's own article.
Another article (``AnnotationStore(article="end-of-unit")``) has its own file beside it,
``annotations-end-of-unit.sqlite`` (``<stem>-<name><suffix>`` of ``$ANNOTATIONS_DB``), so the
work on one text never mixes with the work on another and nothing in an existing store moves.
It is created on first use and never replaced:
a file that is not SQLite, belongs to another program, or was made by a newer version of this
code gives a ``StoreError`` and is left exactly as it was.

Every write is one transaction (``BEGIN IMMEDIATE``, WAL journal, ``busy_timeout``), so two
notebooks saving at once wait for each other instead of losing or duplicating anything, and a
kernel killed mid-save leaves every committed annotation in place. Deletes are soft (undo with
``restore``).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.annotations import (
    Annotation,
    apply_changes,
    utc_now,
    validate,
)
from helpers.errors import AnnotationError, StoreError
from helpers.fields import annotation_frame
from helpers.paths import DEFAULT_ARTICLE, check_article_name
from helpers.store_file import ENV_VAR, SCHEMA_VERSION, Rows, connect, rollback, translate
from helpers.store_work import StudentWork
from helpers.target import locate

__all__ = ["SCHEMA_VERSION", "AnnotationStore", "StoreError", "default_path"]

if TYPE_CHECKING:
    import pandas as pd

    from helpers.article import Article
    from helpers.scheme import Scheme

DEFAULT_PATH = Path("~/.local/share/news-claims/annotations.sqlite")


def default_path(article: str | None = None) -> Path:
    """``$ANNOTATIONS_DB`` if set, else ~/.local/share/news-claims/annotations.sqlite; for an
    article other than the default, ``<stem>-<name><suffix>`` in the same folder."""
    env = os.environ.get(ENV_VAR, "").strip()
    path = Path(env).expanduser() if env else DEFAULT_PATH.expanduser()
    if article is None or article == DEFAULT_ARTICLE:
        return path
    return path.with_name(f"{path.stem}-{check_article_name(article)}{path.suffix}")


class AnnotationStore(StudentWork):
    """The annotations of every student on this computer account, in one SQLite file.

    ``article``: an ``Article`` or an article's name (default: the unit's own); without a
    ``path`` it chooses the file (``default_path``).
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        article: Article | str | None = None,
        scheme: Scheme | None = None,
        timeout: float = 10.0,
    ):
        name = article if isinstance(article, str) or article is None else article.name
        self.article_name = check_article_name(name) if name is not None else DEFAULT_ARTICLE
        self.path = Path(path).expanduser() if path else default_path(self.article_name)
        self._article = None if isinstance(article, str) else article
        if scheme is None:
            from helpers.scheme import load_scheme

            scheme = load_scheme()
        self.scheme = scheme
        self._rows = Rows(scheme)
        self._lock = threading.RLock()
        self._conn = connect(self.path, scheme, timeout)
        #: Another article's store without a path of its own reads a setting it has never kept
        #: (the student's name) from the unit's store, so nobody types their name twice.
        self._settings_fallback = (
            default_path() if path is None and self.article_name != DEFAULT_ARTICLE else None
        )

    # -- plumbing -------------------------------------------------------------------------------
    @property
    def article(self) -> Article:
        if self._article is None:
            from helpers.article import load_article

            self._article = load_article(self.article_name)
        return self._article

    @contextmanager
    def _write(self):
        """One write transaction; waits (busy_timeout) while another process writes."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    rollback(self._conn)
                    raise
                self._conn.execute("COMMIT")
            except sqlite3.IntegrityError:
                raise
            except sqlite3.Error as exc:
                rollback(self._conn)
                raise translate(self.path, exc) from exc

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise translate(self.path, exc) from exc

    def checkpoint(self) -> None:
        """Copy every committed change from the ``-wal`` file into the store file itself, so
        the file alone holds all the work (done at hand-in and when the store is closed)."""
        with self._lock:
            try:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass  # another process is reading: the next checkpoint will do it

    def close(self) -> None:
        """Checkpoint and close the store."""
        with self._lock:
            self.checkpoint()
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
                    f"INSERT INTO annotations ({self._rows.columns_sql}) VALUES "
                    f"({', '.join('?' * len(self._rows.columns))})",
                    self._rows.to_row(ann),
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
                    f"INSERT OR IGNORE INTO annotations ({self._rows.columns_sql}) VALUES "
                    f"({', '.join('?' * len(self._rows.columns))})",
                    self._rows.to_row(ann),
                )
                (added if cur.rowcount == 1 else skipped).append(ann)
        return added, skipped

    def _get(self, conn: sqlite3.Connection, ann_id: str, include_deleted: bool) -> Annotation:
        row = conn.execute(
            f"SELECT {self._rows.columns_sql}, deleted_at FROM annotations WHERE id = ?",
            (ann_id,),
        ).fetchone()
        if row is None:
            raise KeyError(f"There is no annotation with id {ann_id!r} in {self.path}.")
        if row[-1] is not None and not include_deleted:
            raise KeyError(f"The annotation {ann_id!r} was deleted (restore it to use it again).")
        return self._rows.from_row(row[:-1])

    def get(self, ann_id: str, include_deleted: bool = False) -> Annotation:
        """One annotation by id; KeyError if there is none (or it was deleted)."""
        with self._lock:
            return self._get(self._conn, ann_id, include_deleted)

    def update(self, ann_id: str, **changes: Any) -> Annotation:
        """Change fields of a saved annotation; ``modified`` becomes now. Returns the new one.

        Editable: the scheme fields, and ``sentence_id``/``quote`` (the target is recomputed).
        ``evidence`` may give only some parts; the others are kept.
        """
        editable = self.scheme.editable_fields
        for key in changes:
            if key not in editable:
                raise AnnotationError(key, changes[key], ", ".join(editable), "cannot be changed")
        with self._write() as conn:
            old = self._get(conn, ann_id, include_deleted=False)
            new = old
            if "sentence_id" in changes or "quote" in changes:
                sentence_id = changes.pop("sentence_id", old.sentence_id)
                default_quote = old.quote if sentence_id == old.sentence_id else None
                quote = changes.pop("quote", default_quote)
                start, end, sentence = locate(self.article, sentence_id, quote)
                prefix, suffix = self.article.context(start, end)
                new = new.replace(
                    sentence_id=sentence.id,
                    part=sentence.part,
                    start=start,
                    end=end,
                    quote=self.article.text[start:end],
                    prefix=prefix,
                    suffix=suffix,
                )
            new = apply_changes(new, changes, self.scheme)
            new.modified = max(utc_now(), old.modified)
            validate(new, self.article, self.scheme)
            sets = ", ".join(f'"{c}" = ?' for c in self._rows.columns[1:])
            row = self._rows.to_row(new)[1:]
            conn.execute(f"UPDATE annotations SET {sets} WHERE id = ?", (*row, ann_id))
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
            self._rows.from_row(r[:-1])
            for r in self._select(annotator, part, include_deleted, sentence_id)
        ]

    def _select(self, annotator, part, include_deleted, sentence_id) -> list[tuple]:
        where, params = [], []
        if not include_deleted:
            where.append("deleted_at IS NULL")
        for col, value in (("annotator", annotator), ("part", part), ("sentence_id", sentence_id)):
            if value is not None:
                where.append(f"{col} = ?")
                params.append(value)
        sql = f"SELECT {self._rows.columns_sql}, deleted_at FROM annotations"
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
        rows = self._select(annotator, part, include_deleted, sentence_id)
        frame = annotation_frame([self._rows.from_row(row[:-1]) for row in rows], self.scheme)
        if include_deleted:
            frame["deleted"] = [row[-1] is not None for row in rows]
        return frame

    def annotators(self) -> list[str]:
        """Everyone with at least one live annotation, sorted."""
        rows = self._read(
            "SELECT DISTINCT annotator FROM annotations WHERE deleted_at IS NULL ORDER BY 1"
        )
        return [r[0] for r in rows]
