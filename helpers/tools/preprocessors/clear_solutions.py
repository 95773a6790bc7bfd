"""Take the model answers out of answer cells (nbgrader's ClearSolutions, for our tags)."""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor

from helpers.tools.preprocessors.check_answer_cells import (
    BEGIN_SOLUTION,
    END_SOLUTION,
    cell_role,
    replace_region,
)

CODE_PLACEHOLDER = "# YOUR CODE HERE"
TEXT_PLACEHOLDER = "YOUR ANSWER HERE"


class ClearSolutions(Preprocessor):
    """Replace the ``### BEGIN SOLUTION`` … ``### END SOLUTION`` regions of answer cells.

    In an ``answer`` (markdown) cell the region and its markers go and "YOUR ANSWER HERE" ends
    the cell; in an ``autograded-answer`` (code) cell the markers stay around ``# YOUR CODE
    HERE``, so that nbgrader still finds the region. Run CheckAnswerCells first: a marker
    without its partner raises ValueError here.
    """

    def preprocess_cell(self, cell, resources, index):
        """Clear the solution region of one answer cell; leave other cells alone."""
        role = cell_role(cell)
        if role == "answer":
            replaced = replace_region(cell.source, BEGIN_SOLUTION, END_SOLUTION, None)
            if replaced is not None:
                cell.source = (replaced.rstrip("\n") + "\n\n" + TEXT_PLACEHOLDER).lstrip("\n")
        elif role == "autograded":
            replaced = replace_region(cell.source, BEGIN_SOLUTION, END_SOLUTION, CODE_PLACEHOLDER)
            if replaced is not None:
                cell.source = replaced
        return cell, resources
