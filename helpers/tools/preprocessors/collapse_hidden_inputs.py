"""Show the code of ``hide-input`` cells collapsed in JupyterLab."""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor

from helpers.tools.preprocessors import cell_tags

HIDE_INPUT_TAG = "hide-input"


class CollapseHiddenInputs(Preprocessor):
    """Set ``metadata.jupyter.source_hidden`` on every cell tagged ``hide-input``.

    JupyterLab then shows such a cell with its code collapsed: students see no plumbing, and one
    click shows it.
    """

    def preprocess_cell(self, cell, resources, index):
        """Mark a ``hide-input`` cell's source as hidden; leave other cells alone."""
        if HIDE_INPUT_TAG in cell_tags(cell):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        return cell, resources
