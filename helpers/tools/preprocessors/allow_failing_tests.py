"""Let a notebook run past its autograder tests before the student has answered."""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor

from helpers.tools.preprocessors import cell_tags
from helpers.tools.preprocessors.check_answer_cells import cell_role

RAISES_EXCEPTION = "raises-exception"


class AllowFailingTests(Preprocessor):
    """Add the ``raises-exception`` tag to every ``autograder-tests`` cell: nbclient and nbval
    go on past such a cell when its asserts fail, so a student copy runs top to bottom."""

    def preprocess_cell(self, cell, resources, index):
        """Tag one tests cell ``raises-exception`` (once); leave other cells alone."""
        tags = cell_tags(cell)
        if cell_role(cell) == "tests" and RAISES_EXCEPTION not in tags:
            cell.metadata["tags"] = [*tags, RAISES_EXCEPTION]
        return cell, resources
