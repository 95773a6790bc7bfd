"""Give every widget output a form a static page can show: its picture, or a card."""

from __future__ import annotations

import html
import re

from nbconvert.preprocessors import Preprocessor

from helpers.tools.preprocessors.link_decks import source_text
from helpers.tools.preprocessors.strip_widget_views import WIDGET_VIEW

INTERACTIVE_SENTENCE = "This exercise is interactive: open the notebook in JupyterLab to do it."

# The repr of an ipywidgets widget: "VBox(children=(...", "Dropdown(description='Verdict', ..."
WIDGET_REPR = re.compile(
    r"^\s*[A-Z][A-Za-z0-9]*\((children|layout|value|options|description|index|"
    r"tooltip|style|disabled|placeholder|_dom_classes|box_style|button_style|icon|"
    r"selected_index|titles|outputs|msg_id)="
)
SAYS_INTERACTIVE = re.compile(r"\s*[—–-]+\s*interactive in JupyterLab\.?$", re.IGNORECASE)
CARD_CLASS = 'class="interactive-card"'


def looks_like_widget_repr(text: str) -> bool:
    """True for the text/plain that ipywidgets gives a widget, such as ``VBox(children=(...``."""
    return bool(WIDGET_REPR.match(text or ""))


def interactive_card(fallback: str | None = None) -> str:
    """The HTML shown in a deck where a widget was: what the exercise is, and where to do it.

    ``fallback`` is the widget's own text/plain; it is shown (escaped) under the card's sentence
    unless it is a widget repr or says nothing more.
    """
    parts = [
        '<div class="interactive-card" role="note" style="border:2px dashed #2a6f97;'
        'border-radius:8px;background:#eef6fb;color:#123;padding:0.6em 0.9em;margin:0.4em 0">',
        f"<p><strong>Interactive exercise.</strong> {html.escape(INTERACTIVE_SENTENCE)}</p>",
    ]
    # the widget's own sentence, less any "interactive in JupyterLab" the card says already
    fallback = SAYS_INTERACTIVE.sub("", (fallback or "").strip())
    if fallback and not looks_like_widget_repr(fallback) and fallback != INTERACTIVE_SENTENCE:
        parts.append(f'<p class="interactive-card-what">{html.escape(fallback)}</p>')
    parts.append("</div>")
    return "".join(parts)


def is_card(output) -> bool:
    """True if ``output`` is an interactive card made by ``WidgetCards``."""
    return CARD_CLASS in source_text(output.get("data", {}).get("text/html"))


class WidgetCards(Preprocessor):
    """Turn every widget output into something a static page can show.

    A widget output is one that carries a live widget view, or whose only content is a widget's
    repr (``VBox(children=...)``: a notebook saved after its views were stripped). Its view is
    dropped; a readable HTML or image fallback the widget gave stays; otherwise the output
    becomes the "interactive exercise" card (with the widget's own sentence, when it gave one).
    A cell whose outputs are all such cards loses its code on the slide too. The number of
    cards made is added to ``resources["widget_cards"]``.
    """

    def preprocess_cell(self, cell, resources, index):
        """Replace the widget outputs of one cell; hide its code if only cards are left."""
        replaced = 0
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data:
                continue
            plain = source_text(data.get("text/plain"))
            has_view = WIDGET_VIEW in data
            only_repr = set(data) == {"text/plain"} and looks_like_widget_repr(plain)
            if not has_view and not only_repr:
                continue
            data.pop(WIDGET_VIEW, None)
            if any(kind == "text/html" or kind.startswith("image/") for kind in data):
                continue
            output["data"] = {
                "text/html": interactive_card(plain),
                "text/plain": INTERACTIVE_SENTENCE,
            }
            replaced += 1
        if replaced and all(is_card(output) for output in cell.get("outputs", [])):
            # the code that makes a widget means nothing on a slide: the card stands alone
            cell.setdefault("metadata", {})["transient"] = {"remove_source": True}
        resources["widget_cards"] = resources.get("widget_cards", 0) + replaced
        return cell, resources
