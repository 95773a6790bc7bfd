"""The student's work beside the annotations, in the same store: settings (the remembered
name), written answers, self-check tries and the search history. A mixin of
``helpers.store.AnnotationStore`` (it uses the store's ``_write`` and ``_read``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from helpers.annotations import utc_now, validate_annotator
from helpers.errors import AnnotationError
from helpers.fields import check_text, clean_text
from helpers.work import MAX_ANSWER, MAX_QUERY, SEARCH_KINDS, check_question_id

if TYPE_CHECKING:
    import pandas as pd


#: The setting that remembers the student's name.
SETTING_ANNOTATOR = "annotator"


class StudentWork:
    """Settings, written answers, self-check tries and searches (see the module's text)."""

    # -- settings and quiz attempts -------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        if rows:
            return json.loads(rows[0][0])
        fallback = getattr(self, "_settings_fallback", None)
        return default if fallback is None else _setting_from(fallback, key, default)

    def student_name(self) -> str:
        """The name this store remembers ("" after Switch student). On a class hub, before
        any name was remembered, the hub's user name, remembered as if typed."""
        from helpers.hub import hub_user

        stored = self.get_setting(SETTING_ANNOTATOR)
        user = hub_user() if stored is None else None
        if user:
            try:
                self.set_setting(SETTING_ANNOTATOR, validate_annotator(user))
                return validate_annotator(user)
            except AnnotationError:
                pass  # a hub name this unit cannot use: the student types one
        return stored or ""

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

    def save_answer(self, annotator: str, question_id: str, text: str) -> str:
        """Keep a student's written answer to a question (replacing their earlier text for it);
        returns the time saved. Control characters are removed; at most 10,000 characters."""
        annotator = validate_annotator(annotator)
        question_id = check_question_id(question_id)
        text = clean_text(text if isinstance(text, str) else str(text))
        check_text("text", text, MAX_ANSWER)
        now = utc_now()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO answers (annotator, question_id, text, modified) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (annotator, question_id) DO UPDATE SET text = excluded.text, "
                "modified = excluded.modified",
                (annotator, question_id, text, now),
            )
        return now

    def answers(self, annotator: str | None = None) -> list[dict]:
        """Written answers (annotator, question_id, text, modified), by question id."""
        sql = "SELECT annotator, question_id, text, modified FROM answers"
        params: tuple = () if annotator is None else (annotator,)
        if annotator is not None:
            sql += " WHERE annotator = ?"
        rows = self._read(sql + " ORDER BY question_id, annotator", params)
        return [
            dict(zip(("annotator", "question_id", "text", "modified"), r, strict=True))
            for r in rows
        ]

    def record_attempt(self, annotator: str, question_id: str, answer: Any, correct: bool) -> None:
        """Record one answer to a quiz question."""
        annotator = validate_annotator(annotator)
        question_id = check_question_id(question_id)
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

    def record_search(
        self, annotator: str, kind: str, query: str = "", source_id: str = "", part: str = ""
    ) -> str:
        """Keep one search event (``kind``: a ``query`` typed, a result ``open``-ed, a source
        used as ``evidence``); returns its time."""
        annotator = validate_annotator(annotator)
        if kind not in SEARCH_KINDS:
            raise AnnotationError("kind", kind, ", ".join(SEARCH_KINDS), "is not a search event")
        query = clean_text(query if isinstance(query, str) else str(query))[:MAX_QUERY]
        for name, value in (("source_id", source_id), ("part", part)):
            check_text(name, value, 100)
        now = utc_now()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO searches (annotator, kind, query, source_id, part, created) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (annotator, kind, query, source_id, part, now),
            )
        return now

    def searches(self, annotator: str | None = None) -> list[dict]:
        """The search history, oldest first: annotator, kind, query, source_id, part, created."""
        columns = ("annotator", "kind", "query", "source_id", "part", "created")
        sql = f"SELECT {', '.join(columns)} FROM searches"
        params: tuple = () if annotator is None else (annotator,)
        if annotator is not None:
            sql += " WHERE annotator = ?"
        return [
            dict(zip(columns, row, strict=True)) for row in self._read(sql + " ORDER BY id", params)
        ]


def _setting_from(path, key: str, default: Any) -> Any:
    """A setting read from another store file, opened read-only; ``default`` when the file
    is missing, not a store or busy (never an error: it only saves retyping)."""
    import sqlite3

    if not path.is_file():
        return default
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
        try:
            rows = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchall()
        finally:
            conn.close()
        return json.loads(rows[0][0]) if rows else default
    except (sqlite3.Error, ValueError, OSError):
        return default
