"""The teacher's sentence file (``sentences.txt``): one sentence a line, to merge or split.

``new-article`` writes it beside ``article.txt``; the teacher moves line breaks (never words) and
runs ``python -m helpers new-article --resplit NAME``. The file::

    # Notes like this one start with "# " and are left out.
    [headline] The headline, if the text starts with one
    [heading] A heading: it starts a new part (one lesson)
    The first sentence.
    The second sentence.

    A blank line starts a new paragraph.

``read_sentences(text, content)`` checks that the lines are the article's text, in order, with
nothing left out but spaces, line breaks and list marks (``- ``, ``1. ``), and returns the
``Layout`` they describe; ``SentenceFileError`` names the line and what is wrong.
"""

from __future__ import annotations

from helpers.sentences import BULLET, Layout, PartLayout, Span

HEADLINE = "[headline] "
HEADING = "[heading] "
NOTE = "# "
FILE_NAME = "sentences.txt"
HELP = """\
# The sentences of this article, one a line. To merge two sentences, put them on one line;
# to split one, break its line where the new sentence starts. Move line breaks only: the
# words must stay exactly as they are in article.txt (spaces do not matter).
# A blank line starts a new paragraph. A line starting with "[heading] " is a heading: it
# starts a new part, and each part is a lesson. "[headline] " marks the headline (first line).
# Lines starting with "# " are notes and are left out. When you are done, run:
#     python -m helpers new-article --resplit {name}
"""


class SentenceFileError(ValueError):
    """The sentence file does not match the article's text (names the line)."""


def write_sentences(layout: Layout, name: str) -> str:
    """The sentence file's text for ``layout`` (see the module's docstring)."""
    text = layout.text
    out = [HELP.format(name=name)]
    if layout.headline:
        out.append(HEADLINE + text[slice(*layout.headline)] + "\n")
    for number, part in enumerate(layout.parts):
        if number or layout.headline:
            out.append("\n")
        if part.heading:
            out.append(HEADING + text[slice(*part.heading)] + "\n")
        for index, paragraph in enumerate(part.paragraphs):
            if index:
                out.append("\n")
            out.extend(text[a:b] + "\n" for a, b in paragraph)
    return "".join(out)


def _skip(text: str, position: int) -> int:
    """Past spaces and line breaks, and a list mark at the start of a line."""
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        if position == 0 or text[position - 1] == "\n":
            mark = BULLET.match(text[position : position + 12])
            if mark:
                position += mark.end()
                continue
        break
    return position


def _find(text: str, position: int, words: str) -> Span | None:
    """The span of ``words`` at ``position`` (after any gap); spaces match any spaces."""
    start = _skip(text, position)
    cursor = start
    for index, word in enumerate(words.split()):
        if index:
            after = cursor
            while after < len(text) and text[after] in " \t":
                after += 1
            if after == cursor:
                return None
            cursor = after
        if not text.startswith(word, cursor):
            return None
        cursor += len(word)
    return start, cursor


def _inside_word(text: str, position: int) -> bool:
    return 0 < position < len(text) and text[position - 1].isalnum() and text[position].isalnum()


def _line_error(number: int, line: str, text: str, position: int) -> SentenceFileError:
    ahead = text[_skip(text, position) :].split("\n", 1)[0]
    ahead = ahead if len(ahead) <= 70 else ahead[:69] + "…"
    said = line if len(line) <= 70 else line[:69] + "…"
    return SentenceFileError(
        f"{FILE_NAME}, line {number}: the article goes on with “{ahead}” but the line says "
        f"“{said}”. Move line breaks only; the words must stay as in article.txt, in order, "
        "and a sentence cannot run over a paragraph or list item of article.txt."
    )


def read_sentences(text: str, content: str) -> Layout:
    """The layout the sentence file ``content`` gives the article ``text``; raises
    SentenceFileError naming the line that does not match."""
    headline: Span | None = None
    parts: list[tuple[Span | None, list[list[Span]]]] = []
    position = 0
    new_paragraph = True
    for number, raw in enumerate(content.split("\n"), 1):
        line = " ".join(raw.split())
        if raw.startswith(NOTE) or raw.strip() == "#":
            continue
        if not line:
            new_paragraph = True
            continue
        kind = "sentence"
        for marker, name in ((HEADLINE, "headline"), (HEADING, "heading")):
            if line.startswith(marker.strip()):
                kind, line = name, line[len(marker.strip()) :].strip()
        if not line:
            raise SentenceFileError(f"{FILE_NAME}, line {number}: the {kind} has no words")
        span = _find(text, position, line)
        if span is None:
            raise _line_error(number, line, text, position)
        if _inside_word(text, span[0]) or _inside_word(text, span[1]):
            raise SentenceFileError(
                f"{FILE_NAME}, line {number}: “{line[:70]}” starts or ends inside a word; "
                "break lines between words only"
            )
        position = span[1]
        if kind == "headline":
            if parts or headline:
                raise SentenceFileError(
                    f"{FILE_NAME}, line {number}: only the first line can be the headline"
                )
            headline = span
        elif kind == "heading":
            if parts and not parts[-1][1]:
                raise SentenceFileError(
                    f"{FILE_NAME}, line {number}: the heading before this one has no "
                    "sentences under it"
                )
            parts.append((span, []))
            new_paragraph = True
        else:
            if not parts:
                parts.append((None, []))
            if new_paragraph or not parts[-1][1]:
                parts[-1][1].append([])
            parts[-1][1][-1].append(span)
            new_paragraph = False
    rest = _skip(text, position)
    if rest < len(text):
        raise SentenceFileError(
            f"{FILE_NAME}: the article goes on after the last line with "
            f"“{text[rest:].split(chr(10), 1)[0][:70]}”; add it to the file"
        )
    if not parts or not parts[-1][1]:
        raise SentenceFileError(f"{FILE_NAME}: the last heading has no sentences under it")
    return Layout(
        text=text,
        headline=headline,
        parts=tuple(PartLayout(h, tuple(tuple(p) for p in paras)) for h, paras in parts),
    )
