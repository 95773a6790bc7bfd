"""The lesson notebook of a teacher's own article, made from one template.

``article_notebook(article)`` builds it with nbformat: the banner, then for each part its text,
the annotation exercise, the self-check, the search box and "what the sources say", and the hand-in
at the end. Every code cell is ``from helpers.lesson import Lesson`` and one call on
``Lesson(part, article=NAME)``; widget cells carry ``nbval-ignore-output``, like the unit's own
lessons. The notebook is written without outputs: run it (or ``python -m helpers refresh``) to
store them.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from helpers.formats.files import write_text

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


def article_notebook(article) -> nbformat.NotebookNode:
    """The lesson notebook of ``article`` (an ``Article`` whose ``name`` is its folder's)."""
    name = article.name
    meta = article.metadata
    title = _md_text(str(meta.get("title") or name))
    parts = article.parts
    first, last = parts[0].id, parts[-1].id
    about = ", ".join(_md_text(str(meta[k])) for k in ("outlet", "date") if meta.get(k))
    cells = [
        _markdown(
            f"# {title}\n\n"
            + (f"From {about}.\n\n" if about else "")
            + "In this lesson you read an article part by part, mark its claims, check "
            "yourself and hand in your work. Choose **Run ▸ Run All Cells** first."
        ),
        _call(first, name, "banner()", widget=False),
    ]
    for number, part in enumerate(parts, 1):
        heading = _md_text(part.title)
        cells += [
            _markdown(
                f"## Part {number} of {len(parts)}: {heading}\n\n"
                "Read the text. Each sentence has a number."
            ),
            _call(part.id, name, "text()", widget=False),
            _markdown(
                "### Mark the claims\n\n"
                "1. Type your first name or student number (once).\n"
                "2. Select a claim's words in the text, or pick a **Sentence**.\n"
                "3. Answer the questions about it and press **Save**.",
                "subslide",
            ),
            _call(part.id, name, "annotator()", widget=True),
            _markdown("### Check yourself\n\nAnswer, then read why.", "subslide"),
            _call(part.id, name, "selfcheck()", widget=True),
            _markdown(
                "### Search the sources\n\nType a few words from a claim and read the whole "
                "list of results before you open one.",
                "subslide",
            ),
            _call(part.id, name, "search()", widget=True),
            _markdown(
                "### What the sources say\n\nOpen it after you save your own answers.",
                "subslide",
            ),
            _call(part.id, name, "reveal_sources()", widget=True),
        ]
    cells += [
        _markdown("## Hand in\n\nPress **Hand in** and give the file to your teacher."),
        _call(last, name, "handin()", widget=True),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(_KERNEL)
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["title"] = str(meta.get("title") or name)
    return nb


def write_notebook(article, path: str | Path, overwrite: bool = False) -> Path:
    """Write the lesson notebook of ``article`` to ``path`` (FileExistsError unless
    ``overwrite``)."""
    nb = article_notebook(article)
    nbformat.validate(nb)
    return write_text(path, nbformat.writes(nb) + "\n", overwrite)
