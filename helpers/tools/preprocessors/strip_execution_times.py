"""Remove the execution timestamps nbclient may store in cell metadata."""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor


class StripExecutionTimes(Preprocessor):
    """Drop ``metadata.execution`` (when each cell ran) from every cell: noise in every diff."""

    def preprocess_cell(self, cell, resources, index):
        """Remove the cell's ``metadata.execution``, if any."""
        cell.metadata.pop("execution", None)
        return cell, resources
