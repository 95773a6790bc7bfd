"""The article as data: parts, paragraphs and sentences with offsets into one canonical text.

The canonical text is ``data/article.txt`` exactly as shipped (word for word from the source);
``data/article.json`` gives its structure. Every offset is a Python string index (Unicode code
points) into that text, half-open ``[start, end)``, as W3C's TextPositionSelector counts them.
The article *version* is the sha256 of the text's UTF-8 bytes; every annotation carries it.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from helpers.errors import ArticleError
from helpers.paths import DATA

PART_IDS = ("lede", "alliance", "nato", "russia", "stakes")


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


def _build(data_dir: Path) -> Article:
    meta_path = data_dir / "article.json"
    try:
        doc = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArticleError(f"{meta_path}: cannot read the article structure: {exc}") from exc
    meta = doc["metadata"]
    text_path = data_dir / meta.get("text_file", "article.txt")
    text = text_path.read_bytes().decode("utf-8")
    version = article_version(text)
    if meta.get("sha256") != version:
        raise ArticleError(
            f"{text_path}: sha256 is {version} but {meta_path.name} expects {meta.get('sha256')}; "
            "the article text was changed"
        )
    parts = []
    for pdoc in doc["parts"]:
        paragraphs = []
        number = 0
        for para in pdoc["paragraphs"]:
            sents = []
            for sdoc in para["sentences"]:
                number += 1
                s = Sentence(
                    id=sdoc["id"],
                    part=pdoc["id"],
                    number=number,
                    start=sdoc["start"],
                    end=sdoc["end"],
                    text=sdoc["text"],
                )
                if text[s.start : s.end] != s.text or s.id != f"{pdoc['id']}-{number}":
                    raise ArticleError(
                        f"{meta_path}: sentence {s.id} does not match the text at "
                        f"[{s.start}, {s.end})"
                    )
                sents.append(s)
            paragraphs.append(tuple(sents))
        heading = pdoc.get("heading")
        if heading and text[heading["start"] : heading["end"]] != heading["text"]:
            raise ArticleError(f"{meta_path}: heading of {pdoc['id']} does not match the text")
        parts.append(
            Part(
                id=pdoc["id"],
                title=pdoc["title"],
                heading=heading["text"] if heading else None,
                note=pdoc.get("note"),
                paragraphs=tuple(paragraphs),
            )
        )
    if tuple(p.id for p in parts) != PART_IDS:
        raise ArticleError(f"{meta_path}: parts must be {PART_IDS}")
    return Article(text=text, version=version, metadata=meta, parts=tuple(parts))


@lru_cache(maxsize=4)
def _cached(data_dir: str) -> Article:
    return _build(Path(data_dir))


def load_article(data_dir: str | Path | None = None) -> Article:
    """The article, checked: offsets, headings and the sha256 version must all agree."""
    return _cached(str(Path(data_dir) if data_dir else DATA))
