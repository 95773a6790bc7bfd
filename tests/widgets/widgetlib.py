"""What the widget tests share: a hostile string, the fixture questions, and filling in the
annotation form like a student would."""

from __future__ import annotations

from pathlib import Path

from helpers.widgets.annotator import ClaimAnnotator

XSS = "<img src=x onerror=alert(1)>"
XSS_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
FIXTURES = Path(__file__).parent.parent / "fixtures"
SELFCHECK = FIXTURES / "selfcheck"


def fill(w: ClaimAnnotator, sentence="nato-2", phrase="", **values):
    """Fill the form like a student would."""
    w.sentence.value = sentence
    w.phrase.value = phrase
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
