"""Reading and writing files safely: the one place every format reads and writes through.

Reading: the path is checked with ``stat`` before anything is read (a regular file, not a
folder, FIFO or device; at most ``MAX_FILE_BYTES``), then read and decoded as UTF-8. JSON that is
nested too deep gives a clear error instead of a ``RecursionError``.

Writing: atomic (a temporary file, then a rename); an existing file is never replaced unless
``overwrite=True``.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from helpers.errors import AnnotationError, file_error

MAX_FILE_BYTES = 50 * 1024 * 1024


def read_text(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text; ``AnnotationError`` (field 'file') if it is missing, not a regular
    file, too big or not UTF-8. Nothing is read before the checks."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise file_error(path, "does not exist", "the path of an existing file") from None
    except OSError as exc:
        raise file_error(path, f"cannot be read ({exc.strerror})", "a readable file") from None
    if stat.S_ISDIR(info.st_mode):
        raise file_error(path, "is a folder", "a file")
    if not stat.S_ISREG(info.st_mode):
        raise file_error(path, "is not a regular file (a device, pipe or socket)", "a file")
    if info.st_size > max_bytes:
        raise file_error(
            path, f"is too big ({info.st_size:,} bytes)", f"at most {max_bytes:,} bytes"
        )
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise file_error(path, f"cannot be read ({exc.strerror})", "a readable file") from None
    if len(data) > max_bytes:  # it grew after the check
        raise file_error(path, "is too big", f"at most {max_bytes:,} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise file_error(
            path,
            f"is not UTF-8 text (byte {exc.start} is {data[exc.start]:#04x})",
            "a file saved as UTF-8 (in a spreadsheet: 'CSV UTF-8')",
        ) from None


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    """``object_pairs_hook`` for ``json.loads``: a key given twice in one object is an error
    (plain ``json`` would keep the last one silently)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


def parse_json(path: str | Path, text: str) -> Any:
    """The JSON document in ``text``; ``AnnotationError`` (field 'file') naming where it is
    broken, cut off, nested too deep, or gives one key twice in an object."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except _DuplicateKey as exc:
        raise file_error(
            path,
            f"gives the key {exc.key[:60]!r} twice in one object (which one counts?)",
            "each key once in each object, as exported",
        ) from None
    except json.JSONDecodeError as exc:
        cut = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        raise file_error(
            path,
            f"is not valid JSON ({exc.msg}: line {exc.lineno}, column {exc.colno})"
            + ("; it seems to be cut off" if cut else ""),
            "a complete JSON document, as exported",
        ) from None
    except RecursionError:
        raise file_error(
            path, "is nested too deep to be an annotation file", "a JSON document as exported"
        ) from None


def dump_json(doc: Any) -> str:
    """JSON text as the project writes it: UTF-8 characters kept, indented, a final newline."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _exists_error(path: Path) -> FileExistsError:
    return FileExistsError(
        f"{path} already exists; nothing was written. "
        "Choose another name, or use --force (overwrite=True) to replace it."
    )


def write_text(path: str | Path, text: str, overwrite: bool = False, encoding: str = "utf-8"):
    """Write ``text`` atomically and return the path; never replace an existing file unless
    ``overwrite`` (``FileExistsError``)."""
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; give a file name to write to.")
    if path.exists() and not overwrite:
        raise _exists_error(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the file appeared meanwhile
            except FileExistsError:
                raise _exists_error(path) from None
            except OSError:  # file systems without hard links
                if path.exists():
                    raise _exists_error(path) from None
                os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def need(record: dict, key: str, field: str, allowed: str, kind: type | tuple = str) -> Any:
    """``record[key]``, which must be present and of type ``kind`` (never a bool)."""
    if key not in record:
        raise AnnotationError(field, allowed=allowed, problem=f"is missing ({key!r} not found)")
    value = record[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise AnnotationError(field, value, allowed, "has the wrong type")
    return value


def urn_uuid(value: Any, field: str = "id") -> str:
    """The UUID of a 'urn:uuid:…' identifier."""
    if not isinstance(value, str) or not value.startswith("urn:uuid:"):
        raise AnnotationError(field, value, "'urn:uuid:' followed by a UUID", "is not a urn:uuid")
    return value[len("urn:uuid:") :]


def single(value: Any) -> Any:
    """A one-item list's item (JSON-LD allows either); anything else as it is."""
    return value[0] if isinstance(value, list) and len(value) == 1 else value
