"""One lesson = one part of the article: its text, glossary, context, exercise and answers.

Every cell of a lesson notebook stands on its own, so it works after a kernel restart whichever
cell a student runs first::

    from helpers.lesson import Lesson
    Lesson("nato").annotator()     # the annotation exercise (a widget)
    Lesson("text", article="end-of-unit").annotator()   # a part of another article

``article`` names the article (default: the unit's own, ``helpers.paths.DEFAULT_ARTICLE``);
every widget and table the lesson makes works on that article, its key, questions, self-checks,
source pack and store.

``text()``, ``glossary()``, ``people()``, ``organisations()``, ``timeline()``,
``timeline_table()``, ``exercise_figures()``, ``about_article()``, ``sift_steps()`` and
``banner()`` show the lesson's material (``helpers.lesson_parts``; a chart that answers the
exercise, ``findings_chart()``, is shown only inside ``reveal_sift()``); ``annotator()``,
``answer(question_id)``, ``search()``, ``selfcheck()``, ``handin()`` and the reveals
(``reveal_sift()``, ``reveal_sources()``, ``reveal_synthesis()``: each opens once the student has
tried) are the widgets; ``answer_key()`` is the teacher's.

The lesson's prose (objectives, time plan, discussion, teacher notes) lives in the notebook's
markdown, where teachers read and edit it. data/lessons/<part>.json holds what these helpers
render: the SIFT move's steps and findings, "what the sources say" about each checked claim,
the written tasks (``questions``, see ``helpers.questions``) and (for the last part) the unit's
findings. The answer key (the reference annotation of every check-worthy claim) is
data/key/answer_key.json. All are plain files a teacher can read.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

from helpers.article import Article, load_article
from helpers.lesson_parts import (  # noqa: F401  (the names lessons and tests import from here)
    BANNER_LAB,
    BANNER_READER,
    BANNER_STYLE,
    CHART_ANSWERS,
    HTML,
    PLAIN_LAB,
    PLAIN_READER,
    VERDICT_STYLE,
    VOILA_VARIABLES,
    LessonMaterial,
    in_reader_mode,
)
from helpers.paths import DATA

KEY_PATH = DATA / "key" / "answer_key.json"
#: The written answer that opens the unit's findings (``reveal_synthesis``).
SYNTHESIS_QUESTION = "stakes-synthesis-1"


def load_key(path: Path | None = None, article: Article | None = None) -> list[dict]:
    """The answer key's items (every part) of ``path``, else of the article's key (none yet:
    an empty list)."""
    if path is None and article is not None:
        path = article.folder / "key" / "answer_key.json"
        if not path.is_file() and not article.is_default:
            return []
    doc = json.loads((path or KEY_PATH).read_text(encoding="utf-8"))
    return doc["items"]


class Lesson(LessonMaterial):
    """One lesson: ``Lesson(part, article=None)``; ``article`` is an article's name (or a loaded
    ``Article``), None for the unit's own."""

    def __init__(self, part: str, article: str | Article | None = None):
        self.article: Article = article if isinstance(article, Article) else load_article(article)
        if part not in self.article.part_ids:
            raise ValueError(
                f"part: {part!r} is not a part; choose one of {self.article.part_ids}"
            )
        self.part = part

    def __repr__(self) -> str:
        extra = "" if self.article.is_default else f", article={self.article.name!r}"
        return f"Lesson({self.part!r}{extra})"

    # -- data ---------------------------------------------------------------------------------
    @cached_property
    def data(self) -> dict:
        """lessons/<part>.json of the article: ``sift_move``, ``sources_say``, ``questions``,
        (last part) ``synthesis``; {} when another article has none yet."""
        path = self.article.folder / "lessons" / f"{self.part}.json"
        if not self.article.is_default and not path.is_file():
            return {}
        return json.loads(path.read_text(encoding="utf-8"))

    @cached_property
    def key(self) -> list[dict]:
        return [k for k in load_key(article=self.article) if k["part"] == self.part]

    # -- widgets (imported only when used) ----------------------------------------------------
    def annotator(self, store=None):
        from helpers.widgets import ClaimAnnotator

        return ClaimAnnotator(self.part, store=store, article=self.article)

    def answer(self, question_id: str, store=None):
        """The box for a written answer to one of this lesson's questions (data/lessons/
        <part>.json, ``questions``), saved as the student types."""
        from helpers.questions import question
        from helpers.widgets import AnswerBox

        found = question(question_id, article=self.article)
        if found.part != self.part:
            raise ValueError(
                f"question {question_id!r} belongs to lesson {found.part!r}, not {self.part!r}"
            )
        return AnswerBox(question_id, store=store, article=self.article)

    def search(self, store=None):
        """The search box over the unit's source pack; "Use as evidence" on a page fills the
        evidence of this part's annotation form."""
        from helpers.widgets.evidence import connect
        from helpers.widgets.search import SearchBox

        box = SearchBox(self.part, store=store, article=self.article)
        connect(box, self.part)
        return box

    def selfcheck(self, store=None):
        from helpers.widgets import SelfCheck

        return SelfCheck(self.part, store=store, article=self.article)

    def reveal_sources(self, store=None):
        """What the sources say, beside the student's verdicts: opens once they tried the part."""
        from helpers.widgets.reveal import Reveal, tried

        return Reveal(lambda: self.sources_say_html() + self.your_work_html(store),
                      label="Show what the sources say",
                      ready=lambda: tried(self.part, store, article=self.article))

    def reveal_sift(self, store=None):
        """What the SIFT move finds, with the part's findings chart if it has one
        (``findings_chart``): opens once the student has tried the part, and the chart is drawn
        only then (it is in no cell's stored output)."""
        from helpers.widgets.reveal import NOT_READY, Reveal, tried

        question, not_ready = (
            CHART_ANSWERS.get(self.part, (None, NOT_READY)) if self.article.is_default
            else (None, NOT_READY)
        )
        shown: list[str] = []  # drawn once, when first opened

        def findings() -> str:
            if not shown:
                shown.append(self.sift_findings_html() + self.findings_chart_html())
            return shown[0]

        return Reveal(findings, label="Show what this move finds",
                      ready=lambda: tried(self.part, store, question, article=self.article),
                      not_ready=not_ready)

    def reveal_synthesis(self, store=None):
        """The unit's findings and model answers: open once the summing-up is written."""
        from helpers.widgets.reveal import NOT_SUMMED_UP, Reveal, tried

        return Reveal(self.synthesis_html(), label="Show the unit's findings",
                      ready=lambda: tried(self.part, store, SYNTHESIS_QUESTION,
                                          article=self.article),
                      not_ready=NOT_SUMMED_UP)

    def handin(self, store=None):
        """The hand-in button: annotations, written answers and self-check tries in one file."""
        from helpers.widgets import HandIn

        return HandIn(store=store, article=self.article, part=self.part)

    def class_view(self):
        """After handing in, on a class hub: what the class said about this lesson, no names."""
        from helpers.widgets.classview import ClassView

        return ClassView(self.part, article=self.article)
