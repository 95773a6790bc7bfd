"""The lesson notebook of a teacher's own article, made from one template.

``article_notebook(article)`` builds it with nbformat, in step with the unit's own lessons: the
title with the article's label (a text written for the course says so first), outlet and date
(``11 March 2024``), the banner; then for each part its text, the search box (look for what
other sources say), the annotation exercise, the self-check, and only then "what the sources
say" (a reveal that opens once the student has tried the part); the hand-in at the end. The
buttons are named as the widgets label them (``SAVE_LABEL``, ``BUTTON_LABEL``). Every code cell
is ``from helpers.lesson import Lesson`` and one call on ``Lesson(part, article=NAME)``; widget
cells carry ``nbval-ignore-output``. The notebook is written without outputs: run it (or
``python -m helpers refresh``) to store them.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from helpers.formats.files import write_text
from helpers.lesson_parts import _long_date
from helpers.widgets.annotator import SAVE_LABEL
from helpers.widgets.handin_inbox import BUTTON_LABEL, GIVE_FILE, HANDED_IN

#: The tag of cells whose output nbval does not compare (widgets).
IGNORE_OUTPUT = "nbval-ignore-output"
_KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _markdown(text: str, slide: str = "slide"):
    return nbformat.v4.new_markdown_cell(text, metadata={"slideshow": {"slide_type": slide}})


def _call(part: str, name: str, call: str, widget: bool):
    tags = ["hide-input", IGNORE_OUTPUT] if widget else ["hide-input"]
    lesson = f"Lesson({json.dumps(part)}, article={json.dumps(name)})"
    source = f"from helpers.lesson import Lesson\n{lesson}.{call}"
    return nbformat.v4.new_code_cell(
        source,
        metadata={
            "jupyter": {"source_hidden": True},
            "slideshow": {"slide_type": "-"},
            "tags": tags,
        },
    )


def _md_text(text: str) -> str:
    """``text`` safe inside Markdown: its marks escaped, no HTML."""
    out = text.replace("\\", "\\\\")
    for mark in "`*_[]<>#|~":
        out = out.replace(mark, "\\" + mark)
    return " ".join(out.split())


def _title_cell(article):
    """The title, then the label of a text written for the course, outlet and date."""
    meta = article.metadata
    title = _md_text(str(meta.get("title") or article.name))
    label = f"**{_md_text(str(meta['label']))}**\n\n" if meta.get("label") else ""
    about = ", ".join(_md_text(x) for x in (str(meta.get("outlet") or ""),
                                              _long_date(meta.get("date"))) if x)
    return _markdown(
        f"# {title}\n\n{label}"
        + (f"From {about}.\n\n" if about else "")
        + "In this lesson you read an article part by part, look for what other sources say, "
        "mark its claims, check yourself and hand in your work. Choose **Run ▸ Run All "
        "Cells** first."
    )


def _part_cells(article, number: int, part) -> list:
    """One part: text → search → annotate the claims → check yourself → what the sources
    say, as in the unit's lessons."""
    name, total = article.name, len(article.parts)
    return [
        _markdown(
            f"## Part {number} of {total}: {_md_text(part.title)}\n\n"
            "Read the text. Each sentence has a number."
        ),
        _call(part.id, name, "text()", widget=False),
        _markdown(
            "### Look for other sources\n\nBefore you mark the claims, find out what other "
            "sources say. Type a few words from a claim and read the whole list of results "
            "before you open one.",
            "subslide",
        ),
        _call(part.id, name, "search()", widget=True),
        _markdown(
            "### Annotate the claims\n\n"
            "1. Type your first name or student number (once).\n"
            "2. Select a claim's words in the text, or pick a **Sentence**.\n"
            "3. Choose the kind of claim. Is it worth checking?\n"
            "4. Checked it? Choose a verdict, and say what you found and where.\n"
            f"5. Press **{SAVE_LABEL}**. Then the next claim.",
            "subslide",
        ),
        _call(part.id, name, "annotator()", widget=True),
        _markdown("### Check yourself\n\nAnswer, then read why.", "subslide"),
        _call(part.id, name, "selfcheck()", widget=True),
        _markdown(
            "### What the sources say\n\nOpen this after you have saved your own annotations: "
            "it shows what the sources say beside your verdicts.",
            "subslide",
        ),
        _call(part.id, name, "reveal_sources()", widget=True),
    ]


def _handin_cells(article) -> list:
    """Hand in: what the button does, with a teacher's link and without one."""
    return [
        _markdown(
            f"## Hand in\n\nPress **{BUTTON_LABEL}**. If you opened this lesson from your "
            "teacher's link, that sends your work to your teacher: the message under the "
            f"button then says **{HANDED_IN}**. If it does not, download the file with the "
            f"link under the button and {GIVE_FILE}."
        ),
        _call(article.parts[-1].id, article.name, "handin()", widget=True),
    ]


def article_notebook(article) -> nbformat.NotebookNode:
    """The lesson notebook of ``article`` (an ``Article`` whose ``name`` is its folder's)."""
    cells = [_title_cell(article), _call(article.parts[0].id, article.name, "banner()", False)]
    for number, part in enumerate(article.parts, 1):
        cells += _part_cells(article, number, part)
    cells += _handin_cells(article)
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(_KERNEL)
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["title"] = str(article.metadata.get("title") or article.name)
    return nb


def write_notebook(article, path: str | Path, overwrite: bool = False) -> Path:
    """Write the lesson notebook of ``article`` to ``path`` (FileExistsError unless
    ``overwrite``)."""
    nb = article_notebook(article)
    nbformat.validate(nb)
    return write_text(path, nbformat.writes(nb) + "\n", overwrite)
