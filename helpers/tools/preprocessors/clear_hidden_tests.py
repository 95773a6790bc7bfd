"""Take the hidden tests out of autograder-tests cells (nbgrader's ClearHiddenTests)."""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor

from helpers.tools.preprocessors.check_answer_cells import (
    BEGIN_HIDDEN,
    END_HIDDEN,
    cell_role,
    replace_region,
)


class ClearHiddenTests(Preprocessor):
    """Remove every ``### BEGIN HIDDEN TESTS`` … ``### END HIDDEN TESTS`` region, markers
    included, from the cells tagged ``autograder-tests``."""

    def preprocess_cell(self, cell, resources, index):
        """Clear the hidden tests of one tests cell; leave other cells alone."""
        if cell_role(cell) == "tests":
            replaced = replace_region(cell.source, BEGIN_HIDDEN, END_HIDDEN, None)
            if replaced is not None:
                cell.source = replaced
        return cell, resources
