"""Class mode: a reveal (what the move finds, what the sources say, the unit's findings) becomes
a note that the teacher will go through it with the class, so a student copy holds no answer a
student could open before the class gets there."""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from nbformat.v4 import new_markdown_cell
from traitlets import Unicode

REVEAL_CALL = ".reveal_"
NOTE = "*Your teacher will go through this with the class, after everyone has had a go.*"


class ReplaceReveals(Preprocessor):
    """A code cell that calls ``Lesson(…).reveal_…()`` becomes a markdown cell with ``note``
    (its slide metadata kept)."""

    note = Unicode(NOTE).tag(config=True)

    def preprocess(self, nb, resources):
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and REVEAL_CALL in cell.source:
                replacement = new_markdown_cell(self.note)
                slideshow = cell.get("metadata", {}).get("slideshow")
                if slideshow:
                    replacement.metadata["slideshow"] = slideshow
                nb.cells[index] = replacement
        return nb, resources
