"""What every widget shares: the ``Composite`` base (a status line, a readable text/plain repr),
the ``guarded`` callback wrapper that shows an error in the widget, layout and button helpers,
and ``NameBox``, which asks once for the student's name."""

from __future__ import annotations

import functools
from collections.abc import Callable

import ipywidgets as widgets
from traitlets import Unicode

from helpers.annotations import validate_annotator
from helpers.errors import AnnotationError
from helpers.widgets.html import error_html, esc, message_html
from helpers.widgets.target import FormError

#: The store setting that remembers the student's name.
SETTING_ANNOTATOR = "annotator"
#: Descriptions as wide as their text (ipywidgets' default cuts long labels).
STYLE = {"description_width": "initial"}


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


def full_width(**kwargs) -> widgets.Layout:
    """A layout as wide as the cell, at most 700px."""
    return widgets.Layout(width="100%", max_width="700px", **kwargs)


def button(**kwargs) -> widgets.Button:
    """A Button as wide as its label (ipywidgets' default width cuts long labels)."""
    kwargs.setdefault("layout", widgets.Layout(width="auto", max_width="100%"))
    return widgets.Button(**kwargs)


def hide(widget: widgets.Widget, hidden: bool) -> None:
    """Hide or show ``widget`` (its place is freed while hidden)."""
    widget.layout.display = "none" if hidden else None


def wrap_row(children, **kwargs) -> widgets.HBox:
    """A row of widgets that wraps onto the next line on a narrow screen."""
    return widgets.HBox(
        children, layout=widgets.Layout(flex_flow="row wrap", align_items="center", **kwargs)
    )


def store_or_default(store=None, scheme=None):
    """``store``, or the student's own AnnotationStore (with ``scheme``) when it is None."""
    if store is not None:
        return store
    from helpers.store import AnnotationStore

    return AnnotationStore(scheme=scheme)


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


class NameBox(widgets.VBox):
    """Asks once for the student's name or id and remembers it in the store.

    Attributes: ``name`` (Text), ``name_button``, ``whoami`` (HTML), ``change_button``,
    ``message`` (HTML); trait ``annotator`` (the name in use, "" when none is known).
    """

    annotator = Unicode("")

    def __init__(self, store, **kwargs):
        self.store = store
        self._asking = False
        self.name = widgets.Text(
            description="Your name or student id",
            placeholder="e.g. ana or s1234567",
            tooltip="Used to keep your annotations apart from others' and to name your hand-in",
            style=STYLE,
            layout=widgets.Layout(width="100%", max_width="460px"),
        )
        self.name.add_class("annotator-name")
        self.name_button = button(
            description="Remember my name",
            tooltip="Save your name; you will not be asked again",
            icon="check",
        )
        self.name_button.add_class("name-save")
        self.whoami = widgets.HTML()
        self.whoami.add_class("annotator-whoami")
        self.change_button = button(description="Change name", tooltip="Use another name")
        self.change_button.add_class("name-change")
        self.message = widgets.HTML()
        self._ask_row = wrap_row([self.name, self.name_button])
        self._show_row = wrap_row([self.whoami, self.change_button])
        super().__init__(children=[self._ask_row, self._show_row, self.message], **kwargs)
        self.add_class("annotator-namebox")
        self.name_button.on_click(self._on_remember)
        self.change_button.on_click(self._on_change)
        self.annotator = store.get_setting(SETTING_ANNOTATOR) or ""
        self._sync()

    def _show_error(self, exc: BaseException) -> None:
        self.message.value = error_html(exc)

    def _sync(self) -> None:
        asking = self._asking or not self.annotator
        hide(self._ask_row, not asking)
        hide(self._show_row, asking)
        self.whoami.value = f"Working as <b>{esc(self.annotator)}</b>." if self.annotator else ""

    def remember(self, typed: str) -> str:
        """Check and store a name; returns it stripped. Raises AnnotationError with a clear
        message for a name that cannot be used."""
        name = validate_annotator(typed)
        self.store.set_setting(SETTING_ANNOTATOR, name)
        self._asking = False
        self.annotator = name
        self.name.value = ""
        self.message.value = ""
        self._sync()
        return name

    def resolve(self, required: bool = True) -> str | None:
        """The annotator: typed just now, remembered, or set by another widget meanwhile; None
        when nobody is known and not ``required``.

        Raises FormError when ``required`` and nobody is known; AnnotationError for a bad name.
        """
        typed = self.name.value.strip()
        if typed and (self._asking or not self.annotator):
            return self.remember(typed)
        if self.annotator:
            return self.annotator
        stored = self.store.get_setting(SETTING_ANNOTATOR)
        if stored:
            self.annotator = stored
            self._sync()
            return stored
        if required:
            raise FormError(
                "Type your name or student id in the box at the top first. Nothing was saved."
            )
        return None

    @guarded
    def _on_remember(self, _button=None) -> None:
        try:
            name = self.remember(self.name.value)
        except AnnotationError as exc:
            self.message.value = message_html("warn", f"That name cannot be used: {exc}")
            return
        self.message.value = message_html("ok", f"Thank you, {name}. Your name is remembered.")

    @guarded
    def _on_change(self, _button=None) -> None:
        self._asking = True
        self.name.value = self.annotator
        self.message.value = message_html(
            "info",
            "Type the new name and click “Remember my name”. Work saved under the old name "
            "stays saved under it.",
        )
        self._sync()
