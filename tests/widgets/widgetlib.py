"""What the widget tests share: a hostile string, the fixture questions, filling in the
annotation form like a student would, and counting widget models."""

from __future__ import annotations

from pathlib import Path

from helpers.widgets.annotator import ClaimAnnotator

XSS = "<img src=x onerror=alert(1)>"
XSS_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
FIXTURES = Path(__file__).parent.parent / "fixtures"
SELFCHECK = FIXTURES / "selfcheck"


def fill(w: ClaimAnnotator, sentence="nato-2", phrase="", **values):
    """Fill the form like a student would: a whole sentence from the list, or a phrase
    selected in the text."""
    w.sentence.value = sentence
    if phrase:
        w.pick(sentence, phrase)
    w.claim_type.value = values.get("claim_type", "statistic")
    w.check_worthy.value = values.get("check_worthy", "yes")
    w.verdict.value = values.get("verdict", "")
    for tid in values.get("techniques", ()):
        w.techniques[tid].value = True
    for key, text in values.get("evidence", {}).items():
        w.evidence[key].value = text
    w.confidence.value = values.get("confidence", 0)
    w.note.value = values.get("note", "")


def walk(widget):
    """The widget and every widget inside it, depth first, in reading order."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def visible(widget) -> bool:
    return widget.layout.display != "none"


def select_words(w: ClaimAnnotator, start: int, end: int, anchor: int | None = None):
    """What the page sends when the student selects the text from ``start`` to ``end``."""
    w.picker.set_state({"start": start, "end": end, "anchor": start if anchor is None else anchor})


def models(widget) -> set:
    """Every widget model ``widget`` needs on the page: itself, its children, layouts, styles
    and any other widget its traits hold (each shared model once)."""
    import ipywidgets as widgets

    seen: dict[str, widgets.Widget] = {}
    todo = [widget]
    while todo:
        w = todo.pop()
        if not isinstance(w, widgets.Widget) or w.model_id in seen:
            continue
        seen[w.model_id] = w
        for name in w.keys:
            value = getattr(w, name, None)
            if isinstance(value, widgets.Widget):
                todo.append(value)
            elif isinstance(value, list | tuple):
                todo.extend(v for v in value if isinstance(v, widgets.Widget))
    return set(seen)
