"""What every widget shares: the ``Composite`` base (a status line, a readable text/plain repr),
the ``guarded`` callback wrapper that shows an error in the widget, layout and button helpers,
``NameBox``, which asks once for the student's name, and the kernel's two registers: who is
working (``announce_student``: "Switch student" in one widget reaches every widget of the
notebook) and what is typed but not saved yet (``save_pending``).

Fast to appear: every widget model costs the page a message and a view, so layouts and styles
are shared (``shared``): one Layout model for all the widgets laid out alike, instead of one
each. ``hide`` gives a widget its own layout before hiding it."""

from __future__ import annotations

import asyncio
import atexit
import functools
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle as CheckboxStyle
from ipywidgets.widgets.widget_bool import ToggleButtonStyle as ToggleButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle
from traitlets import Unicode

from helpers.annotations import validate_annotator
from helpers.errors import AnnotationError
from helpers.store_work import SETTING_ANNOTATOR
from helpers.widgets.controls import StatusLine, styles
from helpers.widgets.html import error_html, esc, message_html
from helpers.widgets.target import FormError

#: Descriptions as wide as their text (ipywidgets' default cuts long labels).
STYLE = {"description_width": "initial"}
#: When a widget that is not running appears (stored outputs, slides, printouts say this). The
#: lesson's banner says once what to do when a box says it: Run ▸ Run All Cells, or reader mode.
RUN_HINT = "when the lesson runs"
#: Seconds to wait, after Enter in the name box, for the box's value that the page sends next.
ENTER_WAIT = 0.5


def waiting_text(what: str, verb: str = "appears") -> str:
    """The text/plain of a widget that is not running: "``what`` appears here when the lesson
    runs." (the banner at the top of the lesson says how to make it run)."""
    return f"{what} {verb} here {RUN_HINT}."


def guarded(method: Callable) -> Callable:
    """Wrap a callback method: an exception is shown in the widget (``self._show_error``),
    never swallowed or lost in a log. Returns the wrapped method."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - shown to the student, with a traceback
            self._show_error(exc)
            return None

    return wrapper


# -- shared layouts and styles ----------------------------------------------------------------
_SHARED: dict[tuple, widgets.Widget] = {}


def shared(cls: type, **settings: Any) -> widgets.Widget:
    """The kernel's one ``cls`` (a Layout or a Style class) with these settings, made on first
    use: every widget given it shares one model. Never change it; ``hide`` copies it first."""
    key = (cls, tuple(sorted(settings.items())))
    found = _SHARED.get(key)
    if found is None or found.comm is None:  # new, or closed by Widget.close_all()
        found = cls(**settings)
        found._shared_settings = settings
        _SHARED[key] = found
    return found


def layout(**settings: Any) -> widgets.Layout:
    """A shared Layout (see ``shared``). A widget as wide as its box (``width="100%"``) has no
    margin on its sides: ipywidgets' 2px each side would make it 4px wider than the box, and the
    page would scroll sideways."""
    if settings.get("width") == "100%":
        settings.setdefault("margin", "2px 0")
    return shared(widgets.Layout, **settings)


def style(cls: type = DescriptionStyle, **settings: Any):
    """A shared style: descriptions as wide as their text unless ``settings`` say otherwise."""
    if issubclass(cls, DescriptionStyle) and not issubclass(cls, HTMLStyle):
        settings = {**STYLE, **settings}
    return shared(cls, **settings)


def html(value: str = "", css: str = "", **layout_settings: Any) -> widgets.HTML:
    """An HTML widget with a shared layout and style (and the CSS class ``css``)."""
    made = widgets.HTML(
        value, layout=layout(**layout_settings), style=shared(HTMLStyle)
    )
    if css:
        made.add_class(css)
    return made


def status_line(css: str = "", **layout_settings: Any) -> StatusLine:
    """A status line: ONE live region, made once, whose ``value`` (HTML) changes in place."""
    made = StatusLine(layout=layout(**layout_settings))
    if css:
        made.add_class(css)
    return made


def full_width(**kwargs) -> widgets.Layout:
    """A layout as wide as the cell, at most 700px (shared)."""
    return layout(width="100%", max_width="700px", **kwargs)


def button(**kwargs) -> widgets.Button:
    """A Button as wide as its label (ipywidgets' default width cuts long labels). No icon: a
    Font Awesome glyph would be read out as part of the button's name."""
    kwargs.pop("icon", None)
    kwargs.setdefault("layout", layout(width="auto", max_width="100%"))
    kwargs.setdefault("style", shared(widgets.ButtonStyle))
    return widgets.Button(**kwargs)


def hide(widget: widgets.Widget, hidden: bool) -> None:
    """Hide or show ``widget`` (its place is freed while hidden)."""
    settings = getattr(widget.layout, "_shared_settings", None)
    if settings is not None:
        if not hidden:
            return  # a shared layout is never hidden
        widget.layout = widgets.Layout(**settings)
    widget.layout.display = "none" if hidden else None


def wrap_row(children, **kwargs) -> widgets.HBox:
    """A row of widgets that wraps onto the next line on a narrow screen."""
    return widgets.HBox(
        children, layout=layout(flex_flow="row wrap", align_items="center", **kwargs)
    )


def store_or_default(store=None, scheme=None, article=None):
    """``store``, or the student's own AnnotationStore (with ``scheme``, of ``article``: the
    default one when None) when it is None."""
    if store is not None:
        return store
    from helpers.store import AnnotationStore

    return AnnotationStore(scheme=scheme, article=article)


# -- the kernel's registers: who is working, what is not saved yet -----------------------------
_WATCHERS: weakref.WeakSet = weakref.WeakSet()
_PENDING: weakref.WeakSet = weakref.WeakSet()


def _where(store) -> Any:
    path = getattr(store, "path", None)
    try:
        return Path(path).resolve() if path is not None else id(store)
    except (OSError, TypeError):
        return path


def watch_student(widget) -> None:
    """Tell ``widget`` (it has ``store`` and ``_student_changed(name, source)``) when a NameBox
    (``source``) of this kernel on the same store file remembers a name or switches student."""
    _WATCHERS.add(widget)


def announce_student(store, name: str, source=None) -> None:
    """``name`` works on ``store`` now ("" for nobody): every watching widget follows."""
    where = _where(store)
    for widget in list(_WATCHERS):
        if widget is not source and _where(widget.store) == where:
            widget._student_changed(name, source)


def keep_pending(widget) -> None:
    """Register ``widget`` (it has ``flush()``, which never raises) with ``save_pending``."""
    _PENDING.add(widget)


def save_pending() -> None:
    """Save now whatever a widget holds unsaved (an answer being typed): called before any
    other widget saves, before the student changes, and when the kernel stops."""
    for widget in list(_PENDING):
        try:
            widget.flush()
        except Exception:  # noqa: BLE001 - flush shows its own problems; at exit nothing can
            pass


atexit.register(save_pending)


class Composite(widgets.VBox):
    """Base of the widgets: a ``status`` line (HTML), guarded callbacks report to it, and a
    readable text/plain repr (``plain_text``) for static exports, slides and stored outputs."""

    plain_text = "Widget"

    def _show_error(self, exc: BaseException) -> None:
        self.status.value = error_html(exc)

    def _say(self, kind: str, text: str) -> None:
        self.status.value = message_html(kind, text)

    def __repr__(self) -> str:  # the text/plain of _repr_mimebundle_
        return self.plain_text

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle:  # ipywidgets cuts the text at 110 characters: ours is a whole sentence
            bundle["text/plain"] = self.plain_text
        return bundle


def kernel_loop():
    """The running event loop of the Jupyter kernel this runs in, or None outside a kernel
    (plain Python, tests: a loop another library left in the process never runs our calls)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class NameBox(widgets.VBox):
    """Asks once for the student's name or id and remembers it in the store.

    "Switch student" is for a computer that students share: the next student types their name;
    the work of the one before stays in the store and is hidden, in every widget of the
    notebook (``announce_student``). Attributes: ``name`` (Text), ``name_button``, ``whoami``
    (HTML), ``switch_button`` (also ``change_button``), ``message`` (HTML); trait ``annotator``
    (the name in use, "" when none is known).
    """

    annotator = Unicode("")

    def __init__(self, store, **kwargs):
        self.store = store
        self.name = widgets.Text(
            description="Your name or student id",
            placeholder="e.g. ana or s1234567",
            continuous_update=False,  # sent when the box is left: before any button press
            tooltip="Used to keep your work apart from others' and to name your hand-in",
            style=style(TextStyle),
            layout=layout(width="100%", max_width="460px"),
        )
        self.name.add_class("annotator-name")
        self.name_button = button(
            description="Remember my name",
            tooltip="Save your name; you will not be asked again",
        )
        self.name_button.add_class("name-save")
        self.whoami = html(css="annotator-whoami")
        self.switch_button = self.change_button = button(
            description="Switch student",
            tooltip="Another student at this computer: your work stays saved and is hidden, "
            "and the next student types their name",
        )
        self.switch_button.add_class("name-change")
        self.switch_button.add_class("name-switch")
        self.message = status_line("annotator-message")
        self._ask_row = wrap_row([self.name, self.name_button])
        self._show_row = wrap_row([self.whoami, self.switch_button])
        super().__init__(
            children=[self._ask_row, self._show_row, self.message, styles()], **kwargs
        )
        self.add_class("annotator-namebox")
        self.name_button.on_click(self._on_remember)
        self.switch_button.on_click(self._on_switch)
        self._entered = False  # Enter was pressed in the box; its value may be on its way
        self.name.on_msg(self._on_name_msg)  # Enter in the box: as "Remember my name"
        self.name.observe(self._on_name_value, names="value")
        self.annotator = store.student_name()
        self._sync()
        watch_student(self)

    def _show_error(self, exc: BaseException) -> None:
        self.message.value = error_html(exc)

    def _sync(self) -> None:
        hide(self._ask_row, bool(self.annotator))
        hide(self._show_row, not self.annotator)
        self.whoami.value = f"Working as <b>{esc(self.annotator)}</b>." if self.annotator else ""

    def _student_changed(self, name: str, source=None) -> None:
        """Another NameBox of this notebook remembered ``name`` ("" after Switch student)."""
        self.name.value = ""
        self.message.value = ""
        self.annotator = name
        self._sync()

    def remember(self, typed: str) -> str:
        """Check and store a name; returns it stripped. Every widget of the notebook works
        as this student from now on. Raises AnnotationError with a clear message for a name
        that cannot be used."""
        name = validate_annotator(typed)
        save_pending()  # what the student before typed is saved under their name
        self.store.set_setting(SETTING_ANNOTATOR, name)
        self._student_changed(name)
        announce_student(self.store, name, source=self)
        return name

    def switch(self) -> str:
        """Switch student: save what is pending, forget the name (the student's work stays in
        the store, hidden), ask the next student. Returns the name that was in use."""
        before = self.annotator
        save_pending()
        self.store.set_setting(SETTING_ANNOTATOR, "")
        self._student_changed("")
        announce_student(self.store, "", source=self)
        return before

    def resolve(self, required: bool = True) -> str | None:
        """The annotator: typed just now, or remembered in the store (the store wins: a name
        remembered or a student switched in another notebook meanwhile counts); None when
        nobody is known and not ``required``.

        Raises FormError when ``required`` and nobody is known; AnnotationError for a bad name.
        """
        stored = self.store.student_name()
        if stored != self.annotator:  # remembered or switched in another notebook meanwhile
            self._student_changed(stored)
            announce_student(self.store, stored, source=self)
        typed = self.name.value.strip()
        if typed and not self.annotator:
            return self.remember(typed)
        if self.annotator:
            return self.annotator
        if required:
            raise FormError(
                "Type your name or student id in the box at the top first. Nothing was saved."
            )
        return None

    def _on_name_msg(self, _widget, content, _buffers) -> None:
        """Enter in the box. The page sends the box's newest value just AFTER this message (or
        not at all when it did not change): remember when the value comes, or a moment later."""
        if not (isinstance(content, dict) and content.get("event") == "submit"):
            return
        self._entered = True
        loop = kernel_loop()
        if loop is None:  # not in a kernel (plain Python, tests): the value is current
            self._on_entered()
        else:
            loop.call_later(ENTER_WAIT, self._on_entered)

    def _on_name_value(self, _change=None) -> None:
        if self._entered:
            self._on_entered()

    def _on_entered(self) -> None:
        if self._entered:
            self._entered = False
            self._on_remember()

    @guarded
    def _on_remember(self, _button=None) -> None:
        try:
            name = self.remember(self.name.value)
        except AnnotationError as exc:
            self.message.value = message_html("warn", f"That name cannot be used: {exc}")
            self.name.focus()  # back to the box, to type it again
            return
        self.message.value = message_html("ok", f"Thank you, {name}. Your name is remembered.")
        # the row that asked is hidden now: the focus goes to the row shown in its place,
        # never to the page's body
        self.switch_button.focus()

    @guarded
    def _on_switch(self, _button=None) -> None:
        before = self.switch()
        self.name.focus()  # the button is hidden now: the next student types here
        self.message.value = message_html(
            "info",
            f"{before}'s work is saved on this computer and hidden now. Next student: type "
            "your name or student id and click “Remember my name”.",
        )
