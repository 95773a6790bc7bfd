"""``SelfCheck``: check-yourself questions with instant feedback, attempts kept in the store.

The questions and their grading are ``helpers.selfcheck`` (no widgets); this module shows them.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import ipywidgets as widgets
from traitlets import TraitError

from helpers.errors import AnnotationError
from helpers.selfcheck import grade_answer, load_selfcheck
from helpers.widgets.base import (
    Composite,
    NameBox,
    TextStyle,
    button,
    guarded,
    html,
    layout,
    save_pending,
    status_line,
    store_or_default,
    style,
    waiting_text,
)
from helpers.widgets.controls import RadioGroup
from helpers.widgets.html import esc, feedback_html, message_html


def _title(part: str, article=None) -> str:
    """“The lede” for a part of the article; the part's id otherwise."""
    try:
        from helpers.article import Article, load_article

        found = article if isinstance(article, Article) else load_article(article)
        return f"“{found.part(part).title}”"
    except Exception:  # noqa: BLE001 - a name for a text, never a reason to fail
        return f"part {part!r}"


def css_id(text: str) -> str:
    """``text`` made safe for a CSS class: runs of other characters become '-'."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "q"


class SelfCheck(Composite):
    """Check-yourself questions for a part, from data/selfcheck/<part>.json (or ``path``).

    Each question gets instant feedback with an explanation that names its source; attempts
    are recorded in the store (when the student's name is known). Attributes: ``questions``
    (list of dicts), ``answers`` / ``buttons`` / ``feedback`` (dicts by question id),
    ``name`` (Text, only shown when no name is remembered), ``status``.
    """

    def __init__(self, part: str, store=None, path: str | Path | None = None, article=None):
        self.part = part
        self.store = store_or_default(store, article=article)
        self.plain_text = waiting_text(
            f"The check-yourself questions for {_title(part, article)}", "appear"
        )
        self.status = status_line("selfcheck-status")
        self.name_box = NameBox(self.store)
        self.name = self.name_box.name
        self.answers: dict[str, widgets.Widget] = {}
        self.buttons: dict[str, widgets.Button] = {}
        self.feedback: dict[str, widgets.HTML] = {}
        self._by_id: dict[str, dict] = {}
        try:
            self.questions = load_selfcheck(part, path, article=article)
        except ValueError as exc:
            self.questions = []
            self.status.value = message_html("warn", str(exc))
        cards = [self._card(n, q) for n, q in enumerate(self.questions, 1)]
        if not self.questions and not self.status.value:  # another article: none written yet
            cards = [html("There are no self-check questions for this part yet.")]
        super().__init__(
            children=[
                html("<b>Check yourself</b> — answer, then click “Check”."),
                self.name_box,
                *cards,
                self.status,
            ],
            layout=layout(width="100%"),
        )
        self.add_class("selfcheck")
        self._restore()
        self.name_box.observe(self._on_student, names="annotator")

    def _card(self, number: int, question: dict) -> widgets.VBox:
        qid = question["id"]
        self._by_id[qid] = question
        prompt = html(
            '<div style="overflow-wrap:anywhere;line-height:1.4">'
            f"<b>Question {number}.</b> {esc(question['prompt'])}</div>",
            width="100%",
        )
        if question["type"] == "multiple_choice":
            answer = RadioGroup(
                description="Your answer",
                question=f"Question {number}. {question['prompt']}",
                options=[(c["text"], c["id"]) for c in question["choices"]],
                value=None,
                layout=layout(width="auto", max_width="100%"),
            )
        else:
            answer = widgets.Text(
                description="Your answer",
                placeholder="type your answer",
                continuous_update=False,  # sent when the box is left: before any button press
                style=style(TextStyle),
                layout=layout(width="100%", max_width="460px"),
            )
        answer.add_class("selfcheck-answer")
        check = button(description="Check", tooltip=f"Check your answer to question {number}")
        check.add_class("selfcheck-submit")
        feedback = status_line("selfcheck-feedback", width="100%")
        self.answers[qid], self.buttons[qid], self.feedback[qid] = answer, check, feedback
        check.on_click(functools.partial(self._on_check, qid))
        card = widgets.VBox(
            [prompt, answer, check, feedback],
            layout=layout(width="100%", border="1px solid #ddd", padding="6px", margin="4px 0"),
        )
        card.add_class("selfcheck-question")
        card.add_class(f"selfcheck-q-{css_id(qid)}")
        return card

    @guarded
    def _on_student(self, change=None) -> None:
        """Another student: their own answers, none of the one before."""
        for qid, answer in self.answers.items():
            answer.value = None if isinstance(answer, RadioGroup) else ""
            self.feedback[qid].value = ""
        self.status.value = ""
        self._restore()

    def _restore(self) -> None:
        """Show the last recorded answer of each question (after a restart)."""
        annotator = self.name_box.annotator
        if not annotator or not self.questions:
            return
        try:
            frame = self.store.attempts(annotator)
        except Exception as exc:  # noqa: BLE001 - shown to the student
            self._show_error(exc)
            return
        if frame is None or len(frame) == 0:
            return
        if not {"question_id", "answer"}.issubset(frame.columns):
            return
        for _, row in frame.iterrows():  # in the order recorded: the last one wins
            question = self._by_id.get(row["question_id"])
            if question is None:
                continue
            answer = str(row["answer"])
            try:
                self.answers[question["id"]].value = answer
            except TraitError:
                continue
            self.feedback[question["id"]].value = self._feedback_html(
                question, answer, grade_answer(question, answer), previous=True
            )

    @staticmethod
    def _feedback_html(question: dict, answer: str, grade, previous: bool = False) -> str:
        """Right or not, the explanation, and one kind sentence (``grade.message``): what is
        missing from an answer that is close, or the full answer to one that is right."""
        shown = feedback_html(question, answer, grade.correct, previous=previous)
        if grade.message:
            shown += message_html("ok" if grade.correct else "info", grade.message)
        return shown

    @guarded
    def _on_check(self, qid: str, _button=None) -> None:
        question = self._by_id[qid]
        value = self.answers[qid].value
        answer = "" if value is None else str(value)
        grade = grade_answer(question, answer)
        if not grade.graded:  # blank, or too long for a short answer: nothing is recorded
            self.feedback[qid].value = message_html("info", grade.message)
            return
        correct = grade.correct
        shown = self._feedback_html(question, answer, grade)
        try:
            annotator = self.name_box.resolve(required=False)
        except AnnotationError as exc:
            annotator = None
            shown += message_html("warn", f"Not recorded: that name cannot be used: {exc}")
        if annotator:
            save_pending()  # an answer being typed elsewhere in the notebook is saved first
            self.store.record_attempt(annotator, qid, answer, bool(correct))
        else:
            shown += message_html(
                "info", "Not recorded: type your name at the top to keep a record of your answers."
            )
        self.feedback[qid].value = shown
