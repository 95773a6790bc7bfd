"""Point the links between lesson notebooks at the lessons' slide decks."""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor

LESSON_LINK = re.compile(r"\]\(\s*(\d\d_[^)\s/#]+)\.ipynb(#[^)\s]*)?\s*\)")


def source_text(source) -> str:
    """A cell source or output text as one string (nbformat allows a list of lines)."""
    return "".join(source) if isinstance(source, list) else str(source or "")


class LinkDecks(Preprocessor):
    """Rewrite markdown links such as ``](01_the_lede.ipynb#part)`` to
    ``](01_the_lede.slides.html)``; links to other files, folders or sites stay."""

    def preprocess_cell(self, cell, resources, index):
        """Rewrite the lesson links of a markdown cell; leave other cells alone."""
        if cell.get("cell_type") == "markdown":
            cell["source"] = LESSON_LINK.sub(r"](\1.slides.html)", source_text(cell["source"]))
        return cell, resources
