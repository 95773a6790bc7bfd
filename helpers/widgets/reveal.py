"""``Reveal``: a button that shows and hides a model answer, hidden until asked for."""

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
    shared,
    waiting_text,
)


class Reveal(Composite):
    """A button that shows and hides a model answer; hidden by default.

    ``content_html_or_markdown`` is HTML (when it starts with '<') or Markdown, or a callable
    returning HTML that is called each time the answer is opened (e.g. to compare with the
    student's latest annotations). It is put into the page only when first shown, so the answer
    is not in the notebook's saved widget state before then. ``fmt`` is 'auto', 'html' or
    'markdown'. Attributes: ``toggle`` (ToggleButton), ``content`` (Output), ``status``.
    """

    def __init__(
        self,
        content_html_or_markdown: str | Callable[[], str],
        label: str = "Show the model answer",
        hide_label: str | None = None,
        fmt: str = "auto",
    ):
        content = content_html_or_markdown
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
