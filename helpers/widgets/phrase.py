"""PhrasePicker: pick a phrase of one part of the article with the mouse, a finger or the keys.

In a notebook::

    from helpers.widgets.phrase import PhrasePicker
    picker = PhrasePicker(load_article(), "nato")
    picker            # drag across words, or click a first and a last word
    picker.quote, picker.sentence_id, picker.start, picker.end

An anywidget: the front end is ``phrase.js`` and ``phrase.css`` beside this file (read at import,
no build step, nothing from the network), so it runs in JupyterLab, Voilà and offline. Python
sends the part once as data (paragraphs → sentences → words with their article offsets); the
page builds its text with ``textContent`` only, so nothing is ever HTML from Python.

The front end sets ``start``, ``end`` (article offsets, -1 when nothing is selected) and
``anchor`` (where the selection began). Python derives ``sentence_id`` and ``quote``
(== ``article.text[start:end]``): a selection that crosses a sentence boundary is cut to the
sentence where it began, and one outside the part is dropped; ``message`` says so under the text.
Nothing is saved here: whoever uses the picker stores the selection.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import anywidget
from traitlets import Int, List, Unicode, observe

from helpers.target import TargetError, locate

if TYPE_CHECKING:
    from helpers.article import Article, Part, Sentence

_HERE = Path(__file__).parent
ESM = (_HERE / "phrase.js").read_text(encoding="utf-8")
CSS = (_HERE / "phrase.css").read_text(encoding="utf-8")
_WORD = re.compile(r"\S+")


def part_words(article: Article, part_id: str) -> list:
    """The part as data for the page: paragraphs of sentences ``{"id", "number", "start",
    "end", "words"}``, each word ``{"text", "start", "end"}`` with article offsets."""
    return [
        [
            {
                "id": s.id,
                "number": s.number,
                "start": s.start,
                "end": s.end,
                "words": [
                    {"text": m.group(), "start": s.start + m.start(), "end": s.start + m.end()}
                    for m in _WORD.finditer(s.text)
                ],
            }
            for s in para
        ]
        for para in article.part(part_id).paragraphs
    ]


def resolve(
    article: Article, part: Part, start: int, end: int, anchor: int = -1
) -> tuple[int, int, Sentence | None, str]:
    """``(start, end, sentence, message)`` of a selection made on the page.

    Nothing selected (or a selection that is not in ``part``) gives ``(-1, -1, None,
    message)``; a selection crossing a sentence boundary is cut to the sentence that holds
    ``anchor`` (or ``start`` when the anchor is not inside the selection), and the message says
    so. Spaces at either end are dropped. The message is "" when all is well.
    """
    if start == -1 and end == -1:
        return -1, -1, None, ""
    outside = (
        f"That selection is not in the text of this part (“{part.title}”), so nothing is "
        "selected. Pick words in the text above."
    )
    if not (0 <= start < end <= len(article.text)):
        return -1, -1, None, outside
    where = anchor if start <= anchor < end else start
    sentence = next((s for s in part.sentences if s.start <= where < s.end), None)
    if sentence is None:  # e.g. the space between two sentences
        sentence = next((s for s in part.sentences if start <= s.start < end), None)
    if sentence is None:
        return -1, -1, None, outside
    lo, hi = max(start, sentence.start), min(end, sentence.end)
    text = article.text[lo:hi]
    lo, hi = lo + len(text) - len(text.lstrip()), hi - len(text) + len(text.rstrip())
    if lo >= hi:
        return -1, -1, None, outside
    message = ""
    if start < sentence.start or end > sentence.end:
        message = (
            f"A phrase stays inside one sentence, so your selection was cut to sentence "
            f"{sentence.number}, where it began."
        )
    return lo, hi, sentence, message


class PhrasePicker(anywidget.AnyWidget):
    """The text of one part with numbered sentences; the student selects a phrase in it.

    Synced traits: ``start``, ``end``, ``anchor`` (set by the page), and ``sentence_id``,
    ``quote``, ``message`` (set here). ``select()`` and ``clear()`` change the selection from
    Python.
    """

    _esm = ESM
    _css = CSS

    part = Unicode("").tag(sync=True)
    heading = Unicode("").tag(sync=True)
    paragraphs = List().tag(sync=True)
    start = Int(-1).tag(sync=True)
    end = Int(-1).tag(sync=True)
    anchor = Int(-1).tag(sync=True)
    sentence_id = Unicode("").tag(sync=True)
    quote = Unicode("").tag(sync=True)
    message = Unicode("").tag(sync=True)

    def __init__(self, article: Article, part: str, **kwargs):
        self._article = article
        self._part = article.part(part)  # ArticleError (kind 'part') for an unknown part
        self._resolved = (-1, -1, -1)
        super().__init__(
            part=part,
            heading=self._part.heading or "",
            paragraphs=part_words(article, part),
            **kwargs,
        )
        self.add_class("phrase-picker")
        self.add_class(f"phrase-picker-{part}")
        self._resolve()

    @observe("start", "end", "anchor")
    def _on_selection(self, _change=None) -> None:
        self._resolve()

    def _resolve(self) -> None:
        if (self.start, self.end, self.anchor) == self._resolved:
            return  # already derived (every trait of one front-end update calls us)
        start, end, sentence, message = resolve(
            self._article, self._part, self.start, self.end, self.anchor
        )
        anchor = self.anchor if start <= self.anchor < end else start
        self._resolved = (start, end, anchor)
        with self.hold_sync():
            self.start, self.end, self.anchor = start, end, anchor
            self.sentence_id = sentence.id if sentence else ""
            self.quote = self._article.text[start:end] if sentence else ""
            self.message = message

    def select(self, sentence_id: str, quote: str | None = None) -> None:
        """Select ``quote`` in a sentence of this part (the whole sentence when None).

        Raises TargetError (an AnnotationError and an ArticleError) for a sentence that is not
        in this part, or a quote that is not exactly once in the sentence.
        """
        start, end, sentence = locate(self._article, sentence_id, quote)
        if sentence.part != self.part:
            ids = self._part.sentences
            raise TargetError(
                "sentence_id",
                sentence_id,
                f"a sentence of part {self.part} ({ids[0].id} … {ids[-1].id})",
                f"is not in part {self.part}",
            )
        with self.hold_trait_notifications():
            self.start, self.end, self.anchor = start, end, start

    def clear(self) -> None:
        """Select nothing."""
        with self.hold_trait_notifications():
            self.start, self.end, self.anchor = -1, -1, -1
        self.message = ""

    def __repr__(self) -> str:  # the text/plain of the output: readable, no address
        if not self.quote:
            return f"PhrasePicker(part={self.part!r}, nothing selected)"
        return f"PhrasePicker(part={self.part!r}, {self.sentence_id}: {self.quote!r})"
