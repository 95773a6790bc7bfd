"""Notebook transformations as nbconvert preprocessors, one a file (nbgrader's layout).

Each class changes a notebook in place through ``preprocess(nb, resources)`` and returns
``(nb, resources)``, as every nbconvert preprocessor does; ``run_chain`` applies several in
order. The student copies (helpers.tools.student_copies), the slide decks (helpers.tools.slides)
and the stored outputs (helpers.tools.nbtools) are chains of these and of nbconvert's own
``TagRemovePreprocessor``.
"""

from __future__ import annotations

from collections.abc import Iterable


def cell_tags(cell) -> list[str]:
    """The tags of a notebook cell (``metadata.tags``), as a new list; [] when it has none."""
    return list(cell.get("metadata", {}).get("tags", []) or [])


def run_chain(nb, preprocessors: Iterable, resources: dict | None = None):
    """Apply ``preprocessors`` to ``nb`` in order (in place); return ``(nb, resources)``.

    ``preprocess`` is called directly: nbconvert's ``enabled`` switch is for exporters, which
    pick preprocessors from a configuration; a chain here always runs every step.
    """
    resources = {} if resources is None else resources
    for preprocessor in preprocessors:
        nb, resources = preprocessor.preprocess(nb, resources)
    return nb, resources
