"""``Reveal``: a button that shows and hides a model answer, hidden until asked for, and (with
``ready``) only once the student has tried the task themselves."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from helpers.widgets.base import (
    Composite,
    ToggleButtonStyle,
    guarded,
    hide,
    html,
    layout,
    save_pending,
    shared,
    waiting_text,
)
from helpers.widgets.html import message_html

#: What the button says when it is pressed before the student has tried (``ready`` is False).
NOT_READY = "First annotate at least one claim above (or write your answer), then come back."
NOT_SUMMED_UP = "First write your answer under “Sum up the unit” above, then come back."


def tried(part: str, store=None, question_id: str | None = None, article=None) -> bool:
    """Whether the student at work (the name remembered in ``store``, default the student's
    own) has tried ``part``: at least one saved annotation of it, or a written answer to one of
    its questions; with ``question_id``, a written answer to that question. What is typed but
    not saved yet is saved first."""
    from helpers.questions import questions
    from helpers.store import AnnotationStore

    save_pending()
    own = store is None
    store = AnnotationStore(article=article) if own else store
    try:
        name = store.student_name()
        if not name:
            return False
        wanted = {question_id} if question_id else {
            q.id for q in questions(part, article=article)
        }
        if any(a["question_id"] in wanted and a["text"].strip() for a in store.answers(name)):
            return True
        return question_id is None and bool(store.list(annotator=name, part=part))
    finally:
        if own:
            store.close()


class Reveal(Composite):
    """A button that shows and hides a model answer; hidden by default.

    ``content_html_or_markdown`` is HTML (when it starts with '<') or Markdown, or a callable
    returning HTML that is called each time the answer is opened (e.g. to compare with the
    student's latest annotations). It is put into the page only when first shown, so the answer
    is not in the notebook's saved widget state before then. ``fmt`` is 'auto', 'html' or
    'markdown'.

    ``ready`` (optional, e.g. ``lambda: tried("nato")``) is asked each time the student presses
    the button: while it returns False the answer stays closed and the status line says
    ``not_ready`` (what to do first), so a self-learner tries before reading the answer.
    Attributes: ``toggle`` (ToggleButton), ``content`` (Output), ``status``.
    """

    def __init__(
        self,
        content_html_or_markdown: str | Callable[[], str],
        label: str = "Show the model answer",
        hide_label: str | None = None,
        fmt: str = "auto",
        ready: Callable[[], bool] | None = None,
        not_ready: str = NOT_READY,
    ):
        content = content_html_or_markdown
        self.ready = ready
        self.not_ready = not_ready
        self._make = content if callable(content) else None
        self.source = "" if self._make else str(content)
        if fmt == "auto":
            fmt = "html" if self._make or self.source.lstrip().startswith("<") else "markdown"
        if fmt not in ("html", "markdown"):
            raise ValueError(f"fmt must be 'auto', 'html' or 'markdown', not {fmt!r}")
        self.fmt = fmt
        self.label = label
        self.hide_label = hide_label or (
            "Hide" + label[4:] if label.lower().startswith("show") else "Hide"
        )
        self.plain_text = waiting_text(f"The button “{label}”")
        self.toggle = widgets.ToggleButton(
            value=False,
            description=label,
            tooltip=label,
            icon="eye",
            style=shared(ToggleButtonStyle),
            layout=layout(width="auto", max_width="100%"),
        )
        self.toggle.add_class("reveal-toggle")
        self.content = widgets.Output(layout=widgets.Layout(width="100%", display="none"))
        self.content.add_class("reveal-content")
        self.status = html()
        super().__init__(
            children=[self.toggle, self.content, self.status],
            layout=layout(width="100%"),
        )
        self.add_class("reveal")
        self.toggle.observe(self._on_toggle, names="value")

    @property
    def shown(self) -> bool:
        """Whether the answer is shown now."""
        return bool(self.toggle.value)

    def show(self) -> None:
        """Show the answer (as a click on the button does)."""
        self.toggle.value = True

    def hide(self) -> None:
        """Hide the answer."""
        self.toggle.value = False

    @guarded
    def _on_toggle(self, change=None) -> None:
        shown = bool(self.toggle.value)
        if shown and self.ready is not None and not self.ready():
            self.toggle.value = False  # calls back here: closed, with the label to show
            self.status.value = message_html("info", self.not_ready)
            return
        if shown:
            self.status.value = ""
        if shown and self._make is not None:
            self.source = str(self._make())
            self.content.outputs = ()
        if shown and not self.content.outputs:
            mime = "text/html" if self.fmt == "html" else "text/markdown"
            self.content.outputs = (
                {
                    "output_type": "display_data",
                    "data": {mime: self.source, "text/plain": self.source},
                    "metadata": {},
                },
            )
        hide(self.content, not shown)
        self.toggle.description = self.hide_label if shown else self.label
        self.toggle.icon = "eye-slash" if shown else "eye"
