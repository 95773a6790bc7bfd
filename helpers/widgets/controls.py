"""Small anywidget controls that ipywidgets cannot make accessible, and the style sheet every
widget of the lessons shares (``controls.css``).

* ``RadioGroup``: one question, one choice. A ``role="radiogroup"`` named by its question, with
  ``aria-required`` and a visible "* (required)"; native radio inputs that share a ``name``, so
  the group is one Tab stop and the arrow keys move inside it; every option a target of at least
  24×24 CSS px. The Python API of ``ipywidgets.RadioButtons``: ``.value``, ``.options`` (pairs
  of label and value), ``.index``, ``.description``; a value that is not an option raises
  TraitError.
* ``StatusLine``: a widget's status line. ONE live region (``role="status"``), made once; a new
  ``value`` (HTML) changes only what is inside it.
* ``styles()``: the kernel's one ``SharedStyles`` model; any widget that holds it brings the
  shared style sheet (targets, focus ring, nothing wider than its cell) to the page, in
  JupyterLab and in Voilà alike, and hides the Font Awesome glyph of any button's ``icon=``
  from assistive technology (``aria-hidden``), so a button's name is its words only.

No build step and nothing from the network: ``controls.js`` and ``controls.css`` sit beside
this file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
from traitlets import Any as AnyTrait
from traitlets import Bool, Int, List, TraitError, Unicode, observe, validate

_HERE = Path(__file__).parent
ESM = (_HERE / "controls.js").read_text(encoding="utf-8")
CSS = (_HERE / "controls.css").read_text(encoding="utf-8")


def _pairs(options: Any) -> tuple[tuple[str, Any], ...]:
    """Options as ``((label, value), ...)``; a plain string is its own label."""
    pairs = []
    for option in options or ():
        if isinstance(option, (tuple, list)) and len(option) == 2:
            pairs.append((str(option[0]), option[1]))
        else:
            pairs.append((str(option), option))
    return tuple(pairs)


class RadioGroup(anywidget.AnyWidget):
    """One choice among ``options`` (see the module's docstring). Synced: ``description`` (the
    label), ``question`` (said with the label: the group's accessible name), ``required``,
    ``_labels`` and ``index`` (None for no choice). ``value`` and ``options`` live in Python."""

    _esm = ESM
    _css = CSS
    _kind = Unicode("radio").tag(sync=True)

    description = Unicode("").tag(sync=True)
    question = Unicode("").tag(sync=True)
    required = Bool(False).tag(sync=True)
    disabled = Bool(False).tag(sync=True)
    _labels = List(Unicode()).tag(sync=True)
    index = Int(None, allow_none=True).tag(sync=True)
    options = AnyTrait(())
    value = AnyTrait(None, allow_none=True)

    def __init__(self, options: Any = (), value: Any = None, **kwargs):
        super().__init__(**kwargs)
        self.options = options
        self.value = value

    @validate("options")
    def _valid_options(self, proposal):
        return _pairs(proposal["value"])

    @observe("options")
    def _options_changed(self, change):
        self._labels = [label for label, _ in self.options]
        if self.value is not None and self.value not in self._values():
            self.value = None
        else:
            self._show(self.value)

    def _values(self) -> list:
        return [value for _, value in self.options]

    @validate("value")
    def _valid_value(self, proposal):
        value = proposal["value"]
        if value is not None and value not in self._values():
            raise TraitError(f"Invalid selection: value not found: {value!r}")
        return value

    @observe("value")
    def _value_changed(self, change):
        self._show(change["new"])

    def _show(self, value: Any) -> None:
        index = None if value is None else self._values().index(value)
        if self.index != index:
            self.index = index

    @observe("index")
    def _index_changed(self, change):
        index = change["new"]
        value = None if index is None or not 0 <= index < len(self.options) else (
            self.options[index][1]
        )
        if self.value != value or (value is None and self.value is not None):
            self.value = value

    @property
    def label(self) -> str | None:
        """The label of the chosen option (None for no choice)."""
        return None if self.index is None else self.options[self.index][0]


class StatusLine(anywidget.AnyWidget):
    """A status line: one ``role="status"`` live region, made once; ``value`` (HTML, escaped by
    the caller: ``helpers.widgets.html``) is what it shows, "" for nothing."""

    _esm = ESM
    _css = CSS
    _kind = Unicode("status").tag(sync=True)
    value = Unicode("").tag(sync=True)


class SharedStyles(anywidget.AnyWidget):
    """Nothing to see: brings ``controls.css`` to the page (see ``styles``)."""

    _esm = ESM
    _css = CSS
    _kind = Unicode("styles").tag(sync=True)


_STYLES: list[SharedStyles] = []


def styles() -> SharedStyles:
    """The kernel's one SharedStyles model (made again after ``Widget.close_all()``)."""
    if not _STYLES or _STYLES[0].comm is None:
        _STYLES[:] = [SharedStyles()]
    return _STYLES[0]
