"""``python -m helpers new-article``: a teacher's own article, from plain text to a lesson.

``make_article(TEXT_FILE, name, ...)`` reads the text safely (checked before reading: a regular
file of at most ``MAX_TEXT_BYTES``; not empty, not binary), tidies it and splits it into parts,
paragraphs and sentences (``helpers.sentences``), and writes ``data/articles/<name>/``:
article.txt and article.json (what ``helpers.article`` reads), sentences.txt (one sentence a line,
to merge or split: ``resplit(name)`` reads it back), the empty files to fill in (answer key,
self-checks, source pack, written questions; ``helpers.tools.article_format``), FORMAT.md, and
the lesson notebook (``helpers.tools.article_notebook``). An existing article is replaced only
with ``force``; the teacher's own files (key, self-checks, pack, questions) are never replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from helpers.errors import AnnotationError
from helpers.formats.files import dump_json, read_text, write_text
from helpers.paths import article_dir, check_article_name
from helpers.sentences import Layout, TextError, prepare
from helpers.tools.article_format import KEY_FILE, empty_files, format_md
from helpers.tools.sentences_file import (
    FILE_NAME as SENTENCES_FILE,
)
from helpers.tools.sentences_file import (
    SentenceFileError,
    read_sentences,
    write_sentences,
)

#: The biggest text file read (a long news article is 20-40 kB).
MAX_TEXT_BYTES = 200_000
TEXT_FILE = "article.txt"
NOTEBOOK_FILE = "lesson.ipynb"
#: Words left out when a heading is made into a part id.
_SMALL_WORDS = frozenset("a an and the of in on at to for from with by is are its it s".split())
_PART_WORD_CHARS = 20


class NewArticleError(ValueError):
    """The article cannot be made (the message says why and what to do)."""


@dataclass
class Made:
    """What ``make_article`` or ``resplit`` did: the folder, the files written and kept."""

    folder: Path
    article: object
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# -- reading the text -----------------------------------------------------------------------------
def read_source(path: str | Path, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """The text of ``path``, checked before anything is read; NewArticleError otherwise."""
    try:
        text = read_text(path, max_bytes)
    except AnnotationError as exc:
        problem = exc.problem
        if problem.startswith("is not UTF-8"):
            problem += ": is it a Word, PDF or picture file? Save the article as plain text"
        raise NewArticleError(f"{path} {problem} (expected {exc.allowed}).") from None
    if "\0" in text:
        raise NewArticleError(
            f"{path} holds NUL bytes: it is not a text file. Save the article as plain text "
            "(.txt, UTF-8) and try again."
        )
    if not text.strip():
        raise NewArticleError(f"{path} is empty: copy the article's text into it first.")
    return text


# -- the spine ------------------------------------------------------------------------------------
def _letters(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [w for w in re.findall(r"[a-z]+", ascii_text) if w not in _SMALL_WORDS]


def part_ids(layout: Layout) -> list[str]:
    """A part id for each part: a word of its heading (letters a-z only, unique), "opening"
    for text before the first heading, "text" when there is no heading at all."""
    ids: list[str] = []
    for number, part in enumerate(layout.parts):
        if part.heading is None:
            candidate = "text" if len(layout.parts) == 1 else "opening"
            words = []
        else:
            words = _letters(layout.text[slice(*part.heading)])
            candidate = words[0][:_PART_WORD_CHARS] if words else ""
        extra = iter(words[1:])
        while not candidate or candidate in ids:
            more = next(extra, None)
            candidate = (
                (candidate + more)[: 2 * _PART_WORD_CHARS]
                if more and candidate
                else "part" + "abcdefghijklmnopqrstuvwxyz"[number % 26] * (1 + number // 26)
            )
        ids.append(candidate)
    return ids


def _title(heading: str | None, only: bool) -> str:
    if heading is None:
        return "The whole text" if only else "The opening"
    short = heading.split(":", 1)[0].strip()
    return short or heading


def spine(layout: Layout, metadata: dict) -> dict:
    """article.json for ``layout`` (the structure of data/article.json)."""
    text = layout.text
    parts = []
    for part_id, part in zip(part_ids(layout), layout.parts, strict=True):
        heading = text[slice(*part.heading)] if part.heading else None
        number = 0
        paragraphs = []
        for paragraph in part.paragraphs:
            sentences = []
            for start, end in paragraph:
                number += 1
                sentences.append(
                    {"id": f"{part_id}-{number}", "start": start, "end": end,
                     "text": text[start:end]}
                )
            paragraphs.append(
                {"start": paragraph[0][0], "end": paragraph[-1][1], "sentences": sentences}
            )
        doc = {"id": part_id, "title": _title(heading, len(layout.parts) == 1)}
        if heading is None:
            doc["note"] = (
                "The whole text: it has no headings."
                if len(layout.parts) == 1
                else "The text before the first heading."
            )
        doc["heading"] = (
            {"text": heading, "start": part.heading[0], "end": part.heading[1]}
            if heading
            else None
        )
        doc["paragraphs"] = paragraphs
        parts.append(doc)
    meta = dict(metadata)
    if layout.headline:
        a, b = layout.headline
        meta["headline"] = {"text": text[a:b], "start": a, "end": b}
    else:
        meta.pop("headline", None)
    return {"metadata": meta, "parts": parts}


def check_date(value: str) -> str:
    """``value`` if it is a date YYYY-MM-DD (or empty); NewArticleError otherwise."""
    if value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise NewArticleError(f"--date {value!r} is not a date like 2024-03-10.") from None
    return value


def check_url(value: str) -> str:
    """``value`` if it is an http(s) address without spaces; NewArticleError otherwise."""
    if not re.fullmatch(r"https?://[^\s/]+\.[^\s]+", value) or len(value) > 500:
        raise NewArticleError(
            f"--source-url {value[:80]!r} is not a web address like https://example.org/news."
        )
    return value


# -- writing the folder ---------------------------------------------------------------------------
def _load(folder: Path, name: str):
    """The article just written, checked as every lesson will read it (cache cleared first:
    the files may have changed since it was last loaded in this process)."""
    from helpers import article as article_module

    getattr(article_module, "_cached", None) and article_module._cached.cache_clear()
    try:
        return article_module.load_article(name)
    except (ValueError, KeyError) as exc:  # pragma: no cover - a bug here, not the teacher's
        raise NewArticleError(f"{folder}: the article written cannot be read back: {exc}") from exc


def _write_teacher_files(folder: Path, doc: dict, made: Made) -> None:
    """The files to fill in: written when missing, never replaced; an answer key with no items
    yet gets the new text's version (it holds nothing of the teacher's)."""
    meta = doc["metadata"]
    ids = [p["id"] for p in doc["parts"]]
    for relative, content in empty_files(meta["title"], meta["sha256"], ids).items():
        path = folder / relative
        if path.exists():
            if relative == KEY_FILE:
                try:
                    key = json.loads(read_text(path))
                except (AnnotationError, ValueError):
                    key = None
                if isinstance(key, dict) and key.get("article_version") != meta["sha256"]:
                    if key.get("items"):
                        made.warnings.append(
                            f"{path} is for another version of the text: check each item's "
                            "sentence and quote, then set its article_version to "
                            f"{meta['sha256']}."
                        )
                    else:
                        key["article_version"] = meta["sha256"]
                        made.written.append(write_text(path, dump_json(key), overwrite=True))
                        continue
            made.kept.append(path)
        else:
            made.written.append(write_text(path, dump_json(content)))
    for kind in ("selfcheck", "lessons"):
        for path in sorted((folder / kind).glob("*.json")):
            if path.stem not in ids:
                made.warnings.append(
                    f"{path} is for a part this article no longer has ({path.stem}); the "
                    f"parts are {', '.join(ids)}."
                )


def _write(folder: Path, name: str, layout: Layout, metadata: dict, made: Made,
           sentences: bool, notebook: Path | None) -> Made:
    doc = spine(layout, metadata)
    made.written.append(write_text(folder / TEXT_FILE, layout.text, overwrite=True))
    made.written.append(write_text(folder / "article.json", dump_json(doc), overwrite=True))
    if sentences:
        made.written.append(
            write_text(folder / SENTENCES_FILE, write_sentences(layout, name), overwrite=True)
        )
    _write_teacher_files(folder, doc, made)
    article = _load(folder, name)
    made.article = article
    made.written.append(
        write_text(
            folder / "FORMAT.md",
            format_md(name, metadata["title"], article.part_ids, article.sentences[0].id),
            overwrite=True,
        )
    )
    from helpers.tools.article_notebook import write_notebook

    made.written.append(write_notebook(article, notebook or folder / NOTEBOOK_FILE, True))
    return made


def make_article(source: str | Path, name: str, title: str | None = None, date: str = "",
                 url: str | None = None, outlet: str = "", force: bool = False,
                 notebook: str | Path | None = None) -> Made:
    """Make the article ``name`` from the text file ``source`` (see the module's docstring).

    With ``force``, an existing article is made again: its sentence file is read back if the
    text has not changed (the teacher's merges and splits are kept). NewArticleError says what
    is wrong; nothing is written before the text and the name are checked."""
    try:
        name = check_article_name(name)
        folder = article_dir(name)
    except ValueError as exc:
        raise NewArticleError(str(exc)) from None
    if folder == article_dir(None):
        raise NewArticleError(f"{name!r} is the unit's own article; choose another name.")
    url = check_url(url) if url else f"urn:news-claims:article:{name}"
    date = check_date(date or "")
    raw = read_source(source)
    try:
        layout = prepare(raw)
    except TextError as exc:
        raise NewArticleError(f"{source}: {exc}") from None
    made = Made(folder=folder, article=None)
    if (folder / "article.json").exists():
        if not force:
            raise NewArticleError(
                f"the article {name!r} already exists ({folder}); nothing was written. Use "
                f"--force to make it again (your key, self-checks and sources are kept), or "
                f"--resplit {name} after editing its {SENTENCES_FILE}."
            )
        old = _old_text(folder)
        if old == layout.text and (folder / SENTENCES_FILE).is_file():
            layout = _read_sentence_file(folder, layout.text)
            made.warnings.append(f"The text is unchanged: kept the sentences of {SENTENCES_FILE}.")
            return _write(folder, name, layout, _metadata(name, title, date, url, outlet, source,
                                                          layout), made, False, _path(notebook))
    metadata = _metadata(name, title, date, url, outlet, source, layout)
    return _write(folder, name, layout, metadata, made, True, _path(notebook))


def _path(notebook: str | Path | None) -> Path | None:
    return Path(notebook) if notebook else None


def _old_text(folder: Path) -> str | None:
    try:
        return read_text(folder / TEXT_FILE, 4 * MAX_TEXT_BYTES)
    except AnnotationError:
        return None


def _read_sentence_file(folder: Path, text: str) -> Layout:
    try:
        content = read_text(folder / SENTENCES_FILE, 4 * MAX_TEXT_BYTES)
        return read_sentences(text, content)
    except AnnotationError as exc:
        raise NewArticleError(f"{folder / SENTENCES_FILE} {exc.problem}.") from None
    except SentenceFileError as exc:
        raise NewArticleError(f"{folder}: {exc}") from None


def _metadata(name, title, date, url, outlet, source, layout: Layout) -> dict:
    from helpers.article import article_version

    first = layout.parts[0].heading
    headline = layout.headline or (first if first and first[0] == 0 else None)
    headline = layout.text[slice(*headline)] if headline else None
    stem = Path(source).stem.replace("_", " ").replace("-", " ").strip()
    return {
        "name": name,
        "title": (title or "").strip() or headline or stem or name,
        "date": date,
        "outlet": outlet.strip(),
        "url": url,
        "text_file": TEXT_FILE,
        "sha256": article_version(layout.text),
        "language": "en",
        "source_note": f"Made with python -m helpers new-article from {Path(source).name}.",
    }


def resplit(name: str, notebook: str | Path | None = None) -> Made:
    """Read the article's sentence file back and make its parts and sentences again; the text,
    its metadata and the teacher's files stay as they are."""
    try:
        folder = article_dir(check_article_name(name))
    except ValueError as exc:
        raise NewArticleError(str(exc)) from None
    text = _old_text(folder)
    if text is None or not (folder / "article.json").is_file():
        raise NewArticleError(
            f"there is no article {name!r} to split again ({folder}); make it first with "
            f"python -m helpers new-article TEXT_FILE --name {name}."
        )
    layout = _read_sentence_file(folder, text)
    try:
        metadata = json.loads(read_text(folder / "article.json"))["metadata"]
    except (AnnotationError, ValueError, KeyError, TypeError) as exc:
        raise NewArticleError(f"{folder / 'article.json'} cannot be read: {exc}") from None
    made = Made(folder=folder, article=None)
    return _write(folder, name, layout, metadata, made, False, _path(notebook))
