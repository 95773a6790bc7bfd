"""The project's errors, each carrying where it happened as attributes.

Every error here has ``file``, ``record`` (1-based number in the file), ``record_id`` and
``field`` attributes (``None`` when not known). Code that reports errors reads these attributes;
nothing parses a message's text back. The message itself is a plain sentence for a person.
"""

from __future__ import annotations

from typing import Any

_MISSING = object()


class Located:
    """Mixin: ``file``, ``record``, ``record_id`` and ``field`` attributes, and ``at()``."""

    file: str | None = None
    record: int | None = None
    record_id: str | None = None
    line: int | None = None
    field: str | None = None

    def at(
        self,
        file: str | None = None,
        record: int | None = None,
        record_id: str | None = None,
        line: int | None = None,
    ):
        """The same error, saying where it happened. Returns a new error of the same type."""
        clone = self._clone()
        clone.file = file if file is not None else self.file
        clone.record = record if record is not None else self.record
        clone.record_id = record_id if record_id is not None else self.record_id
        clone.line = line if line is not None else self.line
        clone.args = (clone._message(),)
        clone.__cause__ = self.__cause__
        return clone

    @property
    def where(self) -> str | None:
        """'FILE record N (line L) (id X)', or None when nothing is known."""
        bits = [self.file] if self.file else []
        if self.record is not None:
            bits.append(f"record {self.record}")
        if self.line is not None:
            bits.append(f"(line {self.line})")
        if self.record_id:
            bits.append(f"(id {self.record_id})")
        return " ".join(bits) or None

    def _clone(self):  # pragma: no cover - each subclass defines it
        raise NotImplementedError

    def _message(self) -> str:  # pragma: no cover - each subclass defines it
        raise NotImplementedError


def printable(text: Any) -> str:
    """Text with control characters and escape sequences shown as ``\\xNN`` (for terminals and
    reports): a file name can never move the teacher's cursor or change their terminal."""
    text = "" if text is None else str(text)
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def show(value: Any, n: int = 60) -> str:
    """A short, printable form of a value for messages."""
    if isinstance(value, str):
        text = repr(value if len(value) <= n else value[:n])
        if len(value) > n:
            text += f"… ({len(value):,} characters)"
        return text
    text = repr(value)
    return text if len(text) <= n + 2 else text[:n] + "…"


class AnnotationError(Located, ValueError):
    """A value that is not allowed: names the field, the value, what is allowed and why.

    Attributes: ``field``, ``value``, ``allowed``, ``problem``, ``missing`` and the location
    (``file``, ``record``, ``record_id``).
    """

    def __init__(
        self,
        field: str,
        value: Any = _MISSING,
        allowed: str = "",
        problem: str | None = None,
        *,
        file: str | None = None,
        record: int | None = None,
        record_id: str | None = None,
    ):
        self.field = field
        self.missing = value is _MISSING
        self.value = None if self.missing else value
        self.allowed = allowed
        self.problem = problem or ("is missing" if self.missing else "is not allowed")
        self.file, self.record, self.record_id = file, record, record_id
        Exception.__init__(self, self._message())

    def _clone(self) -> AnnotationError:
        value = _MISSING if self.missing else self.value
        clone = type(self)(self.field, value, self.allowed, self.problem)
        return clone

    def _message(self) -> str:
        if self.field == "file":  # the whole file: name it once
            text = f"{self.file or self.value}: the file {self.problem}."
            return text + (f" Allowed: {self.allowed}." if self.allowed else "")
        head = f"{self.where}, field {self.field!r}" if self.where else f"field {self.field!r}"
        what = "a value" if self.missing else f"the value {show(self.value)}"
        text = f"{head}: {what} {self.problem}."
        return text + (f" Allowed: {self.allowed}." if self.allowed else "")

    def __reduce__(self):
        value = _MISSING if self.missing else self.value
        where = (self.file, self.record, self.record_id, self.line)
        return (_rebuild, (type(self), self.field, value, self.allowed, self.problem, where))


def _rebuild(cls, field, value, allowed, problem, where):
    return cls(field, value, allowed, problem).at(*where)


def file_error(path: Any, problem: str, allowed: str) -> AnnotationError:
    """An error about a whole file (it cannot be read, is too big, is not JSON …)."""
    return AnnotationError("file", str(path), allowed, problem, file=str(path))


class ArticleError(Located, ValueError):
    """The article data is inconsistent, or a look-up in it failed.

    ``kind`` says which look-up failed: 'part', 'sentence', 'offset', 'empty' (an empty quote),
    'absent' (the quote is not there) or 'ambiguous' (it occurs more than once); 'data' for a
    broken article file. ``allowed`` says what would have worked.
    """

    def __init__(self, message: str, kind: str = "data", allowed: str = "", field: str = ""):
        self.text, self.kind, self.allowed = message, kind, allowed
        self.field = field or kind
        Exception.__init__(self, message)

    def _clone(self) -> ArticleError:
        return type(self)(self.text, self.kind, self.allowed, self.field)

    def _message(self) -> str:
        return f"{self.where}: {self.text}" if self.where else self.text


class StoreError(Located, Exception):
    """The store file cannot be used (not SQLite, another program's, too new, unreadable)."""

    def __init__(self, message: str, *, file: str | None = None):
        self.text, self.file = message, file
        Exception.__init__(self, message)

    def _clone(self) -> StoreError:
        return type(self)(self.text, file=self.file)

    def _message(self) -> str:
        return self.text


class AgreementError(Located, ValueError):
    """The class data or the answer key cannot be analysed as asked."""

    def __init__(self, message: str, *, field: str | None = None, file: str | None = None):
        self.text, self.field, self.file = message, field, file
        Exception.__init__(self, message)

    def _clone(self) -> AgreementError:
        return type(self)(self.text, field=self.field, file=self.file)

    def _message(self) -> str:
        return self.text
