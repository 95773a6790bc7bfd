"""The article as data: parts, paragraphs and sentences with offsets into one canonical text.

The canonical text is ``data/article.txt`` exactly as shipped (word for word from the source);
``data/article.json`` gives its structure. That is the unit's own article (``DEFAULT_ARTICLE``);
another article has the same two files in ``data/articles/<name>/`` (``load_article(name)``,
``list_articles()``; see ``helpers.paths``). Every offset is a Python string index (Unicode code
points) into that text, half-open ``[start, end)``, as W3C's TextPositionSelector counts them.
The article *version* is the sha256 of the text's UTF-8 bytes; every annotation carries it.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import stat
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from helpers.errors import ArticleError
from helpers.paths import (
    DATA,
    DEFAULT_ARTICLE,
    article_dir,
    articles_dir,
    check_article_name,
)

#: The parts of the unit's own article (another article's parts are what its article.json says).
PART_IDS = ("lede", "alliance", "nato", "russia", "stakes")
#: Nothing bigger is read as an article's structure or text (the unit's is about 20 KB).
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
MAX_PARTS, MAX_SENTENCES = 40, 2000
_PART_ID = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


@dataclass(frozen=True)
class Sentence:
    id: str
    part: str
    number: int  # 1-based within its part
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    heading: str | None
    note: str | None
    paragraphs: tuple[tuple[Sentence, ...], ...]

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for para in self.paragraphs for s in para)

    @property
    def start(self) -> int:
        return self.sentences[0].start

    @property
    def end(self) -> int:
        return self.sentences[-1].end

    @property
    def word_count(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)


@dataclass(frozen=True)
class Article:
    text: str
    version: str
    metadata: dict
    parts: tuple[Part, ...]
    name: str = DEFAULT_ARTICLE  # ``DEFAULT_ARTICLE`` or the folder name in data/articles
    folder: Path = DATA  # where its files are (article.json, key/, selfcheck/, ...)

    @property
    def is_default(self) -> bool:
        """True for the unit's own article (the one in data/)."""
        return self.name == DEFAULT_ARTICLE

    @cached_property
    def part_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.parts)

    # -- look-ups -----------------------------------------------------------------------------
    def part(self, part_id: str) -> Part:
        """One part by id; ArticleError (kind 'part') naming the parts if there is none."""
        for p in self.parts:
            if p.id == part_id:
                return p
        parts = ", ".join(p.id for p in self.parts)
        raise ArticleError(
            f"part: unknown part {part_id!r}; the parts are {parts}", "part", parts
        )

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for p in self.parts for s in p.sentences)

    @cached_property
    def sentence_index(self) -> dict[str, Sentence]:
        """Every sentence by id."""
        return {s.id: s for s in self.sentences}

    def sentence(self, sentence_id: str) -> Sentence:
        """One sentence by id; ArticleError (kind 'sentence') if there is none."""
        try:
            return self.sentence_index[sentence_id]
        except (KeyError, TypeError):
            pass
        span = f"{self.sentences[0].id} … {self.sentences[-1].id}"
        raise ArticleError(
            f"sentence: unknown sentence id {sentence_id!r}; ids look like 'alliance-3' "
            f"(from {self.sentences[0].id} to {self.sentences[-1].id})",
            "sentence",
            f"a sentence id from {span}",
        )

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence that contains the character at ``offset``."""
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        raise ArticleError(
            f"offset: {offset} is not inside any sentence of the article", "offset"
        )

    def find(self, quote: str, within: str | None = None) -> tuple[int, int]:
        """Offsets ``(start, end)`` of an exact quote, optionally only inside one sentence id.

        Raises ArticleError when the quote is empty, absent, or occurs more than once.
        """
        if not isinstance(quote, str) or not quote.strip():
            raise ArticleError(
                "quote: an empty quote matches nothing; copy a phrase from the text",
                "empty",
                "a phrase copied exactly from the sentence",
            )
        lo, hi = 0, len(self.text)
        where = "the article"
        if within is not None:
            s = self.sentence(within)
            lo, hi, where = s.start, s.end, f"sentence {s.id}"
        first = self.text.find(quote, lo, hi)
        if first < 0 or first + len(quote) > hi:
            raise ArticleError(
                f"quote: {_short(quote)!r} does not occur in {where}; copy it exactly, "
                "with the same capitals and punctuation",
                "absent",
                "a phrase copied exactly from the sentence, same capitals and punctuation",
            )
        second = self.text.find(quote, first + 1, hi)
        if second >= 0 and second + len(quote) <= hi:
            raise ArticleError(
                f"quote: {_short(quote)!r} occurs more than once in {where} "
                f"(at {first} and {second}); make it longer so that it is unique",
                "ambiguous",
                "a longer phrase that occurs only once",
            )
        return first, first + len(quote)

    def context(self, start: int, end: int, width: int = 32) -> tuple[str, str]:
        """Prefix and suffix around ``[start, end)``, as a TextQuoteSelector carries them."""
        return self.text[max(0, start - width) : start], self.text[end : end + width]

    # -- display ------------------------------------------------------------------------------
    def render(self, part_id: str, highlight: str | None = None) -> str:
        """HTML of a part with numbered sentences; every character of the text is escaped.

        ``highlight`` is a sentence id to mark as selected.
        """
        part = self.part(part_id)
        out = [f'<div class="article-part" data-part="{html.escape(part.id)}" lang="en">']
        if part.heading:
            out.append(f"<h3>{html.escape(part.heading)}</h3>")
        for para in part.paragraphs:
            out.append("<p>")
            for s in para:
                cls = "sentence selected" if s.id == highlight else "sentence"
                style = (
                    "background:#fff3b0;outline:2px solid #b58900;"
                    if s.id == highlight
                    else ""
                )
                out.append(
                    f'<span class="{cls}" id="s-{html.escape(s.id)}" '
                    f'data-sentence="{html.escape(s.id)}" style="{style}">'
                    f'<sup class="sentence-number" title="sentence {html.escape(s.id)}">'
                    f"[{s.number}]</sup>&nbsp;{html.escape(s.text)}</span> "
                )
            out.append("</p>")
        out.append("</div>")
        return "".join(out)

    def summary(self):
        """A pandas table of the parts: title, heading, sentences, words."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "part": p.id,
                    "title": p.title,
                    "heading in the article": p.heading or "(none)",
                    "sentences": len(p.sentences),
                    "words": p.word_count,
                }
                for p in self.parts
            ]
        ).set_index("part")


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def article_version(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read(path: Path, meta_path: Path) -> bytes:
    """The bytes of one of the article's files, checked before anything is read: a regular
    file of at most ``MAX_ARTICLE_BYTES``."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ArticleError(f"{path}: cannot be read ({exc.strerror})") from exc
    if not stat.S_ISREG(info.st_mode):
        raise ArticleError(f"{path}: is not a regular file")
    if info.st_size > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{path}: is {info.st_size:,} bytes; an article file has at most "
            f"{MAX_ARTICLE_BYTES:,}"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot be read ({exc.strerror})") from exc


def _build(data_dir: Path, name: str | None = None) -> Article:
    """The article in ``data_dir``; ``name`` None: the folder's (the default article's for
    data/ and for a folder whose article.json names none)."""
    meta_path = data_dir / "article.json"
    if not data_dir.is_dir():
        raise ArticleError(
            f"{data_dir}: there is no article folder here"
            + (f" (article {name!r})" if name else ""),
            "missing",
        )
    try:
        doc = json.loads(_read(meta_path, meta_path).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArticleError(f"{meta_path}: cannot read the article structure: {exc}") from exc
    try:
        return _from_doc(doc, data_dir, meta_path, name)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        if isinstance(exc, ArticleError):
            raise
        raise ArticleError(
            f"{meta_path}: is not an article structure ({type(exc).__name__}: "
            f"{str(exc)[:120]}); see data/article.json for the layout"
        ) from exc


def _from_doc(doc: dict, data_dir: Path, meta_path: Path, name: str | None) -> Article:
    meta = dict(doc["metadata"])
    default = data_dir.resolve() == DATA.resolve() or (name is None and "name" not in meta)
    found = DEFAULT_ARTICLE if default else meta.get("name", name)
    if name is not None and found != name:
        raise ArticleError(f"{meta_path}: names the article {found!r}, not {name!r}")
    found = check_article_name(found)
    meta.setdefault("name", found)
    meta.setdefault("url", f"urn:news-claims:article:{found}")
    text_file = meta.get("text_file", "article.txt")
    if not isinstance(text_file, str) or "/" in text_file or "\\" in text_file:
        raise ArticleError(f"{meta_path}: text_file must be a file name in the same folder")
    text_path = data_dir / text_file
    try:
        text = _read(text_path, meta_path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{text_path}: is not UTF-8 text ({exc.reason})") from exc
    version = article_version(text)
    if meta.get("sha256") != version:
        raise ArticleError(
            f"{text_path}: sha256 is {version} but {meta_path.name} expects {meta.get('sha256')}; "
            "the article text was changed"
        )
    if not isinstance(doc["parts"], list) or not 0 < len(doc["parts"]) <= MAX_PARTS:
        raise ArticleError(f"{meta_path}: parts must be a list of 1 to {MAX_PARTS} parts")
    parts = []
    count = 0
    for pdoc in doc["parts"]:
        if not isinstance(pdoc["id"], str) or not _PART_ID.fullmatch(pdoc["id"][:41]):
            raise ArticleError(
                f"{meta_path}: part id {str(pdoc['id'])[:60]!r} must be lowercase letters and "
                "digits, words joined by '-'"
            )
        paragraphs = []
        number = 0
        for para in pdoc["paragraphs"]:
            sents = []
            for sdoc in para["sentences"]:
                number += 1
                count += 1
                if count > MAX_SENTENCES:
                    raise ArticleError(f"{meta_path}: more than {MAX_SENTENCES:,} sentences")
                s = Sentence(
                    id=sdoc["id"],
                    part=pdoc["id"],
                    number=number,
                    start=sdoc["start"],
                    end=sdoc["end"],
                    text=sdoc["text"],
                )
                if (
                    not isinstance(s.start, int)
                    or not isinstance(s.end, int)
                    or not 0 <= s.start < s.end <= len(text)
                    or text[s.start : s.end] != s.text
                    or s.id != f"{pdoc['id']}-{number}"
                ):
                    raise ArticleError(
                        f"{meta_path}: sentence {str(s.id)[:60]} does not match the text at "
                        f"[{s.start}, {s.end})"
                    )
                sents.append(s)
            paragraphs.append(tuple(sents))
        if not number:
            raise ArticleError(f"{meta_path}: part {pdoc['id']} has no sentence")
        heading = pdoc.get("heading")
        if heading and text[heading["start"] : heading["end"]] != heading["text"]:
            raise ArticleError(f"{meta_path}: heading of {pdoc['id']} does not match the text")
        parts.append(
            Part(
                id=pdoc["id"],
                title=str(pdoc["title"]),
                heading=heading["text"] if heading else None,
                note=pdoc.get("note"),
                paragraphs=tuple(paragraphs),
            )
        )
    ids = [p.id for p in parts]
    if found == DEFAULT_ARTICLE and tuple(ids) != PART_IDS:
        raise ArticleError(f"{meta_path}: parts must be {PART_IDS}")
    if len(set(ids)) != len(ids):
        raise ArticleError(f"{meta_path}: a part id is used twice ({', '.join(ids)})")
    return Article(
        text=text, version=version, metadata=meta, parts=tuple(parts), name=found, folder=data_dir
    )


@lru_cache(maxsize=16)
def _cached(data_dir: str, name: str | None) -> Article:
    return _build(Path(data_dir), name)


def load_article(name: str | Path | None = None) -> Article:
    """An article, checked: offsets, headings and the sha256 version must all agree.

    ``name``: None (or ``DEFAULT_ARTICLE``) for the unit's own article in data/, another
    article's name for data/articles/<name>/, or a ``Path`` to a folder holding article.json.
    Raises ArticleError naming the folder when there is no such article (ValueError for a name
    that cannot be one). Cached: loading it again costs nothing.
    """
    if isinstance(name, Path) or (isinstance(name, str) and ("/" in name or "\\" in name)):
        return _cached(str(Path(name)), None)
    key = None if name is None or name == DEFAULT_ARTICLE else name
    return _cached(str(article_dir(key)), key)


def list_articles() -> list[str]:
    """The names of every article: the default first, then data/articles/<name>/ (those with
    an article.json and a good name), sorted."""
    found = [DEFAULT_ARTICLE]
    folder = articles_dir()
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return found
    for entry in entries:
        try:
            check_article_name(entry.name)
        except ValueError:
            continue
        if entry.name != DEFAULT_ARTICLE and (Path(entry.path) / "article.json").is_file():
            found.append(entry.name)
    return found
