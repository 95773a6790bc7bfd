"""``AnswerBox``: a written answer to one question of a lesson, saved as the student types.

In a notebook::

    from helpers.lesson import Lesson
    Lesson("lede").answer("lede-read-1")

The question's text comes from data/lessons/<part>.json (``helpers.questions``). What is typed
is saved in the annotation store one second after the student stops typing (a
``threading.Timer``), at once when the box loses the focus, before any other widget of the
notebook saves, before the student changes and when the kernel stops (``save_pending``). Run
the cell again after a restart and the answer is back, read from the store.

The box itself is an anywidget (``answer.js``, ``answer.css``: no build step, nothing from the
network): the question is the label of a textarea, and the status line ("Saved at 10:42") is one
live region whose text changes in place. It is one widget model, so a lesson with many
questions still appears quickly.
"""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import anywidget
from traitlets import Unicode

from helpers.errors import AnnotationError
from helpers.questions import question as find_question
from helpers.widgets.base import (
    Composite,
    NameBox,
    hide,
    keep_pending,
    kernel_loop,
    layout,
    store_or_default,
    waiting_text,
    watch_student,
)
from helpers.widgets.html import traceback_text

_HERE = Path(__file__).parent
ESM = (_HERE / "answer.js").read_text(encoding="utf-8")
CSS = (_HERE / "answer.css").read_text(encoding="utf-8")
#: Seconds after the last keystroke before the answer is saved.
DELAY = 1.0
PLACEHOLDER = "Type your answer here. It is saved as you type."


class AnswerField(anywidget.AnyWidget):
    """The question, a textarea and a status line, in one model. Synced traits: ``value``
    (what is typed; set by the page), ``question``, ``question_id``, ``placeholder``, and the
    status line ``status``, ``kind`` ('ok', 'info', 'warn', 'error') and ``details`` (a
    traceback, folded away). The page sends ``{"event": "blur"}`` when the box loses the focus.
    """

    _esm = ESM
    _css = CSS

    question_id = Unicode("").tag(sync=True)
    question = Unicode("").tag(sync=True)
    placeholder = Unicode(PLACEHOLDER).tag(sync=True)
    value = Unicode("").tag(sync=True)
    status = Unicode("").tag(sync=True)
    kind = Unicode("info").tag(sync=True)
    details = Unicode("").tag(sync=True)


def _local_time(iso: str) -> str:
    """'10:42' for a UTC time of today, '12 Mar 10:42' for an older one (local time)."""
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except (AttributeError, ValueError):
        return str(iso)
    now = datetime.now().astimezone()
    return f"{when:%H:%M}" if when.date() == now.date() else f"{when:%d %b %H:%M}"


class AnswerBox(Composite):
    """A written answer to the question ``question_id`` (e.g. ``"lede-read-1"``).

    Saved in ``store`` (default: the student's own AnnotationStore) under the student's name;
    when no name is known yet a NameBox is shown inside. Attributes: ``question`` (a
    ``helpers.questions.Question``), ``field`` (the AnswerField: ``field.value`` is the text,
    ``field.status`` the status line), ``name_box`` (None while a name is known), ``annotator``
    (whose answer is shown, "" for nobody). ``flush()`` saves what is pending now.
    """

    def __init__(
        self, question_id: str, store=None, delay: float | None = None, article=None
    ):
        # QuestionError naming the lesson's ids; ``article``: an Article or name, None: the unit's
        self.question = find_question(question_id, article=article)
        self.store = store_or_default(store, article=article)
        self.delay = DELAY if delay is None else delay
        self.plain_text = f"{self.question.text}\n" + waiting_text("The answer box")
        self._lock = threading.RLock()
        self._timer: threading.Timer | None = None
        self._pending: str | None = None
        self._loading = False
        self._loop = kernel_loop()  # saves run in the kernel's thread when there is one
        self.field = AnswerField(
            question_id=self.question.id, question=self.question.text, layout=layout()
        )
        self.field.add_class("answer-field")
        self.annotator = self.store.student_name()
        self.name_box: NameBox | None = None
        super().__init__(children=self._children(), layout=layout(width="100%"))
        self.add_class("answer-box")
        self.add_class(f"answer-box-{self.question.id}")
        self._load()
        self.field.observe(self._on_value, names="value")
        self.field.on_msg(self._on_msg)
        watch_student(self)
        keep_pending(self)

    # -- the status line -------------------------------------------------------------------
    def _say(self, kind: str, text: str) -> None:
        with self.field.hold_sync():
            self.field.kind, self.field.status, self.field.details = kind, text, ""

    def _show_error(self, exc: BaseException) -> None:
        with self.field.hold_sync():
            self.field.kind = "error"
            self.field.status = (
                f"Not saved: {type(exc).__name__}: {exc}. What you typed stays in the box; "
                "tell your teacher if this keeps happening."
            )
            self.field.details = traceback_text(exc)

    # -- who -------------------------------------------------------------------------------
    def _children(self) -> list:
        """The field, under a NameBox once one is needed (it stays: "Working as …")."""
        if not self.annotator and self.name_box is None:
            self.name_box = NameBox(self.store)
        return [self.field] if self.name_box is None else [self.name_box, self.field]

    def _student_changed(self, name: str, source=None) -> None:
        """A NameBox of this notebook (``source``) remembered ``name`` ("" after Switch
        student). The NameBox inside the box stays only where the name was typed."""
        with self._lock:
            self.annotator = name
            children = self._children()
            if list(self.children) != children:
                self.children = children
            if self.name_box is not None:
                hide(self.name_box, bool(name) and source is not self.name_box)
            if name and self._pending is not None:
                self.flush()  # typed while nobody was known: it is the new student's
            else:
                self._cancel()
                self._pending = None
                self._load()

    # -- the store -------------------------------------------------------------------------
    def _load(self) -> None:
        """Show the student's saved answer (nothing for nobody)."""
        saved = None
        if self.annotator:
            saved = next(
                (
                    a
                    for a in self.store.answers(self.annotator)
                    if a["question_id"] == self.question.id
                ),
                None,
            )
        self._loading = True
        try:
            self.field.value = saved["text"] if saved else ""
        finally:
            self._loading = False
        if saved:
            self._say("ok", f"Saved at {_local_time(saved['modified'])} ({self.annotator}).")
        else:
            self._say("info", "")

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def flush(self) -> None:
        """Save the text typed since the last save, now (never raises: problems are shown in
        the status line, and the text stays in the box and pending)."""
        try:
            with self._lock:
                self._cancel()
                if self._pending is None:
                    return
                if not self.annotator:
                    self._say(
                        "warn",
                        "Not saved yet: type your name or student id above and click "
                        "“Remember my name”. What you typed stays in the box.",
                    )
                    return
                try:
                    saved = self.store.save_answer(
                        self.annotator, self.question.id, self._pending
                    )
                except AnnotationError as exc:
                    self._say("warn", f"Not saved: {exc}. What you typed stays in the box.")
                    return
                self._pending = None
                self._say("ok", f"Saved at {_local_time(saved)} ({self.annotator}).")
        except Exception as exc:  # noqa: BLE001 - shown to the student, with a traceback
            self._show_error(exc)

    def _later(self) -> None:
        """The timer's thread: save in the kernel's own thread when there is one."""
        if self._loop is not None and self._loop.is_running():
            try:
                self._loop.call_soon_threadsafe(self.flush)
                return
            except RuntimeError:  # the loop stopped meanwhile
                pass
        self.flush()

    def _on_value(self, change) -> None:
        if self._loading:
            return
        with self._lock:
            self._pending = change["new"]
            self._cancel()
            self._timer = threading.Timer(self.delay, self._later)
            self._timer.daemon = True
            self._timer.start()

    def _on_msg(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("event") == "blur":
            self.flush()

    @property
    def text(self) -> str:
        """What the box holds now."""
        return self.field.value
