"""Plain text to an article's spine: tidy the text, find its headings, paragraphs and sentences.

``prepare(raw)`` returns a ``Layout``: the tidied text (what ``article.txt`` stores) and, for each
part, its heading and its paragraphs of sentences as ``[start, end)`` offsets into that text
(Python string indices, as ``helpers.article`` reads them).

Tidying (``normalise``): Unicode NFC; one line ending ("\\n"); tabs and odd spaces become one
space, no spaces at either end of a line; soft hyphens and zero-width spaces removed; lines of a
paragraph joined into one line (a list item keeps its own line); one blank line between
paragraphs; Markdown heading marks (``## ``) removed from the heading's line.

Headings: a Markdown heading (``## Heading``, or a line underlined with ``===``/``---``), or a
paragraph of one short line without end punctuation that is followed by a paragraph. Each heading
starts a part. Two headings in a row at the very top: the first is the headline (the title), not
a part; elsewhere a heading with no text under it is read as a paragraph.

Sentences: split by sentencex (a maintained rule-based splitter that works offline), then three
rules of ours: an ellipsis "…" followed by a capital ends a sentence (as "..." does); a piece that
starts with a small letter belongs to the sentence before it ("bn. in 2023"); "No.", "Vol.",
"p." and the like before a number do not end a sentence. A list item is never joined to the next.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

Span = tuple[int, int]

#: Longest line read as a heading (characters and words).
HEADING_MAX_CHARS = 100
HEADING_MAX_WORDS = 14
_END_PUNCTUATION = ".!?,;:…"
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«([¿¡"
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?$")
_RULE = re.compile(r"^(?:[-=*_]\s*){3,}$")
_UNDERLINE = re.compile(r"^(?:={3,}|-{3,})$")
#: A list item's mark at the start of a line: -, *, •, 1. or 1) or a) and a space.
BULLET = re.compile(r"^(?:[-*•‣◦+–]|\d{1,3}[.)]|[a-z]\))\s+")
_DROPPED = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))
_NEWLINES = re.compile(r"\r\n|[\r\x85\u2028\u2029\x0b\x0c]")
_SPACES = re.compile(r"[^\S\n]+")
#: Short words that, before a number, do not end a sentence ("No. 10", "Vol. 3", "p. 45").
NUMBER_WORDS = frozenset("no nos vol p pp art ch fig sec para nr op cl".split())


class TextError(ValueError):
    """The text cannot be made into an article (the message says why and where)."""


@dataclass(frozen=True)
class PartLayout:
    """One part: its heading's span (or None) and its paragraphs of sentence spans."""

    heading: Span | None
    paragraphs: tuple[tuple[Span, ...], ...]

    @property
    def sentences(self) -> tuple[Span, ...]:
        return tuple(s for para in self.paragraphs for s in para)


@dataclass(frozen=True)
class Layout:
    """The tidied text, the headline's span (if any) and the parts."""

    text: str
    headline: Span | None
    parts: tuple[PartLayout, ...]

    def sentence_texts(self) -> list[str]:
        return [self.text[a:b] for part in self.parts for a, b in part.sentences]


@dataclass
class _Block:
    kind: str  # "heading", "paragraph" or "list"
    lines: list[str]  # a paragraph has one line; a list one line an item
    markdown: bool = False  # a heading marked as one (## or underlined)


# -- tidying --------------------------------------------------------------------------------------
def _check_characters(text: str) -> None:
    for number, line in enumerate(text.split("\n"), 1):
        for column, char in enumerate(line, 1):
            if unicodedata.category(char) == "Cc" and char != "\t":
                what = "a NUL byte" if char == "\0" else f"the control character U+{ord(char):04X}"
                raise TextError(
                    f"line {number}, column {column} holds {what}: this does not look like a "
                    "plain text file. Save the article as plain text (.txt, UTF-8) and try again."
                )


def _lines(raw: str) -> list[str]:
    text = unicodedata.normalize("NFC", _NEWLINES.sub("\n", raw).translate(_DROPPED))
    _check_characters(text)
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


def _raw_blocks(lines: list[str]) -> list[_Block]:
    """Blocks of lines between blank lines; Markdown headings and underlines recognised."""
    blocks: list[_Block] = []
    current: list[str] = []

    def close():
        if current:
            blocks.append(_block(current))
            current.clear()

    for line in lines:
        heading = _MARKDOWN_HEADING.match(line)
        if not line:
            close()
        elif _UNDERLINE.match(line) and len(current) == 1 and not BULLET.match(current[0]):
            blocks.append(_Block("heading", [current[0]], markdown=True))
            current.clear()
        elif _RULE.match(line):
            close()
        elif heading and heading.group(1).strip("# "):
            close()
            blocks.append(_Block("heading", [heading.group(1).strip()], markdown=True))
        else:
            current.append(line)
    close()
    return blocks


def _block(lines: list[str]) -> _Block:
    """A paragraph (its lines joined) or a list (an item a line, wrapped lines joined)."""
    if not any(BULLET.match(line) for line in lines[1:]):
        return _Block("paragraph", [" ".join(lines)])
    items: list[str] = []
    for line in lines:
        if BULLET.match(line) or not items:
            items.append(line)
        else:
            items[-1] += " " + line
    return _Block("list", items)


def _looks_like_heading(block: _Block) -> bool:
    if block.kind != "paragraph":
        return False
    line = block.lines[0]
    core = line.rstrip(_CLOSERS)
    return (
        len(line) <= HEADING_MAX_CHARS
        and len(line.split()) <= HEADING_MAX_WORDS
        and any(c.isalpha() for c in line)
        and not BULLET.match(line)
        and bool(core)
        and core[-1] not in _END_PUNCTUATION
    )


def _blocks(raw: str) -> tuple[_Block | None, list[_Block]]:
    """The headline (if any) and the blocks, each heading kind decided."""
    blocks = _raw_blocks(_lines(raw))
    for number, block in enumerate(blocks[:-1]):
        if _looks_like_heading(block) and blocks[number + 1].kind != "heading":
            block.kind = "heading"
    headline = None
    if len(blocks) > 1 and blocks[0].kind == blocks[1].kind == "heading":
        headline = blocks.pop(0)
    for number, block in enumerate(blocks):
        following = blocks[number + 1] if number + 1 < len(blocks) else None
        if block.kind == "heading" and (following is None or following.kind == "heading"):
            block.kind = "paragraph"
    return headline, blocks


def normalise(raw: str) -> str:
    """The tidied text: what ``article.txt`` stores (see the module's docstring)."""
    headline, blocks = _blocks(raw)
    return "\n\n".join("\n".join(b.lines) for b in ([headline] if headline else []) + blocks)


# -- sentences ------------------------------------------------------------------------------------
def _starts_small(piece: str) -> bool:
    first = piece.lstrip(_OPENERS)[:1]
    return first.isalpha() and first.islower()


def _number_word_before(piece: str, following: str) -> bool:
    words = piece.split()
    last = words[-1].lower() if words else ""
    return last.endswith(".") and last[:-1] in NUMBER_WORDS and following[:1].isdigit()


def _ellipsis_ends(line: str, start: int, end: int) -> list[Span]:
    """``[start, end)`` cut after every "…" that is followed by a space and a capital."""
    spans = []
    for match in re.finditer(r"…(\s+)(?=[" + re.escape(_OPENERS) + r"]*[^\W\d_])", line[start:end]):
        after = line[start + match.end() :].lstrip(_OPENERS)[:1]
        if after.isupper():
            spans.append((start, start + match.start() + 1))
            start = start + match.end()
    return [*spans, (start, end)]


def split_sentences(line: str) -> list[Span]:
    """The sentences of one line of text (a paragraph or a list item) as ``[start, end)``
    spans into it, without spaces at either end."""
    from sentencex import segment

    pieces: list[Span] = []
    position = 0
    for piece in segment("en", line):
        start = line.index(piece, position) if piece else position
        position = start + len(piece)
        stripped = piece.strip()
        if stripped:
            start += len(piece) - len(piece.lstrip())
            pieces.extend(_ellipsis_ends(line, start, start + len(stripped)))
    merged: list[Span] = []
    for start, end in pieces:
        piece = line[start:end]
        if merged and (
            _starts_small(piece) or _number_word_before(line[slice(*merged[-1])], piece)
        ):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _item_spans(item: str, offset: int) -> list[Span]:
    mark = BULLET.match(item)
    skip = mark.end() if mark else 0
    return [(offset + skip + a, offset + skip + b) for a, b in split_sentences(item[skip:])]


def prepare(raw: str) -> Layout:
    """The tidied text with its headline, parts, paragraphs and sentences.

    Raises TextError when the text holds control characters or no sentence at all."""
    headline_block, blocks = _blocks(raw)
    text_parts: list[str] = []
    position = 0

    def place(line: str) -> int:
        nonlocal position
        start = position
        text_parts.append(line)
        position += len(line)
        return start

    def gap(separator: str) -> None:
        nonlocal position
        if text_parts:
            text_parts.append(separator)
            position += len(separator)

    headline = None
    if headline_block:
        start = place(headline_block.lines[0])
        headline = (start, position)
    parts: list[tuple[Span | None, list[tuple[Span, ...]]]] = []
    for block in blocks:
        gap("\n\n")
        if block.kind == "heading":
            start = place(block.lines[0])
            parts.append(((start, position), []))
            continue
        if not parts:
            parts.append((None, []))
        spans: list[Span] = []
        for number, item in enumerate(block.lines):
            if number:
                gap("\n")
            spans.extend(_item_spans(item, place(item)))
        if spans:
            parts[-1][1].append(tuple(spans))
    text = "".join(text_parts)
    kept = tuple(PartLayout(h, tuple(paras)) for h, paras in parts if paras)
    if not kept or not any(c.isalnum() for c in text):
        raise TextError("the text has no sentences: it is empty, or only spaces and marks")
    return Layout(text=text, headline=headline, parts=kept)
