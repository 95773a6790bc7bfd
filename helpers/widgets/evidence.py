"""From the search box to the annotation: one click puts a source into the evidence.

``ClaimAnnotator`` registers itself here (the latest one of each part is the one on the page);
``connect(search_box, part)`` makes the search box's "Use as evidence" write the source (outlet,
date, the excerpt in quotation marks, the address) into the annotator's evidence field: a text
field gets a new line; a parts field (the research scheme) gets the address as the citation and
the rest under other sources. The student still checks it and presses Save.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from helpers.sources import Source
    from helpers.widgets.annotator import ClaimAnnotator

EVIDENCE_FIELD = "evidence"
_LIVE: dict[str, weakref.ref] = {}


def register(annotator: ClaimAnnotator) -> None:
    """Remember ``annotator`` as the one on the page for its part."""
    _LIVE[annotator.part] = weakref.ref(annotator)


def current(part: str) -> ClaimAnnotator | None:
    """The annotator on the page for ``part`` (None when there is none)."""
    found = _LIVE.get(part)
    return found() if found is not None else None


def evidence_line(source: Source, excerpt: str = "") -> str:
    """One line naming a source: outlet, date, the excerpt quoted (or the title), the address."""
    what = f"“{excerpt}”" if excerpt else source.title
    when = f", {source.date}" if source.date else ""
    return f"{source.outlet}{when}: {what} {source.url}".strip()


def add_evidence(annotator: ClaimAnnotator, source: Source, excerpt: str = "") -> str:
    """Write a source into the annotator's evidence field (not saved yet); returns what was
    added. Raises LookupError when the scheme has no evidence field."""
    entry = annotator.form.entries.get(EVIDENCE_FIELD)
    if entry is None:
        raise LookupError("this form has no evidence field")
    line = evidence_line(source, excerpt)
    control = entry.control
    if isinstance(control, dict):  # parts: citation + other sources
        if "citation" in control and not control["citation"].value.strip():
            control["citation"].value = source.url
        other = control.get("other_sources") or next(iter(control.values()))
        other.value = f"{other.value.rstrip()}\n{line}".strip()
    else:
        control.value = f"{control.value.rstrip()}\n{line}".strip()
    annotator._say(
        "info",
        f"Added to “{entry.field.label}”: {line}. Check it, then press Save annotation.",
    )
    return line


def connect(search_box, part: str) -> None:
    """Make ``search_box``'s "Use as evidence" fill the evidence of ``part``'s annotator."""

    def to_annotator(source: Source, excerpt: str) -> None:
        annotator = current(part)
        if annotator is None:
            raise LookupError(
                "The annotation form is not on the page yet: run the lesson (Run ▸ Run All "
                "Cells), then use the source again."
            )
        add_evidence(annotator, source, excerpt)

    search_box.on_evidence(to_annotator)
