"""The notebooks name the hand-in button as it is labelled and say what its message says when
the work reached the teacher (the words declared once in helpers/widgets/handin_inbox.py), and
the class-view notes tell the teacher the truth: an early hand-in opens the class's answers."""

from __future__ import annotations

import re

import pytest

from helpers.paths import NOTEBOOKS
from helpers.tools import lesson_checks as checks
from helpers.widgets.handin_inbox import BUTTON_LABEL, HANDED_IN

NOTEBOOK_FILES = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
#: A button named in bold or italics ("**Hand in**", "*Hand in*"), not an activity of a plan.
_NAMED = re.compile(r"(?<![|] )(\*{1,2})(Hand in[^*]*)\1")


def _markdown(nb: dict) -> list[str]:
    return [checks.source(c) for c in nb["cells"] if c["cell_type"] == "markdown"]


@pytest.mark.parametrize("name", NOTEBOOK_FILES)
def test_the_button_is_named_as_it_is_labelled(name):
    nb = checks.load(name)
    for text in _markdown(nb):
        for line in text.splitlines():
            if line.startswith("|") or line.startswith("#"):
                continue  # a plan's activity or a heading, not the button
            for _marks, named in _NAMED.findall(line):
                assert named == BUTTON_LABEL, (name, line)
    calls = [checks.source(c) for c in nb["cells"] if c["cell_type"] == "code"]
    if any(".handin()" in call for call in calls):
        student = "\n".join(t for t, c in zip(_markdown(nb), [c for c in nb["cells"]
                            if c["cell_type"] == "markdown"], strict=True)
                            if not checks.is_teacher(c))
        assert f"**{BUTTON_LABEL}**" in student and f"**{HANDED_IN}**" in student, name


def test_the_start_page_says_what_happens_with_and_without_the_teacher_s_link():
    start = "\n".join(_markdown(checks.load("00_start_here.ipynb")))
    assert f"**{BUTTON_LABEL}**" in start and f"**{HANDED_IN}**" in start
    assert "teacher's link" in start and "download the file" in start


@pytest.mark.parametrize("name", checks.SECTION_NOTEBOOKS)
def test_the_class_view_note_does_not_promise_that_nobody_copies(name):
    notes = "\n".join(checks.source(c) for c in checks.load(name)["cells"]
                      if checks.is_teacher(c))
    assert "nobody copies" not in notes and "fits in the hand-in minute" not in notes
    assert "does not stop copying" in notes and "switch its class view off" in notes
    assert "stay on the laptop until" not in notes  # a hub delivers them: both cases are said
    assert "inbox" in notes and "On a laptop" in notes
