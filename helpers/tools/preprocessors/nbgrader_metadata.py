"""Give every cell the ``metadata.nbgrader`` that nbgrader's generate_assignment reads."""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor

from helpers.tools.preprocessors.check_answer_cells import cell_role

#: nbgrader 0.9 (requirements-dev.txt) reads schema 3; the unreleased schema 4 only changes the
#: number.
NBGRADER_SCHEMA_VERSION = 3
# role -> (grade_id prefix, grade, solution, locked)
ROLE_FLAGS = {
    "answer": ("answer", True, True, False),
    "autograded": ("autograded", False, True, False),
    "tests": ("tests", True, False, True),
    "locked": ("locked", False, False, True),
}


def nbgrader_cell_metadata(
    grade_id: str, *, grade=False, solution=False, locked=False, points=None
) -> dict:
    """The ``metadata.nbgrader`` of one cell; ``points`` (default 1) only on graded cells."""
    metadata = {
        "schema_version": NBGRADER_SCHEMA_VERSION,
        "grade": grade,
        "solution": solution,
        "locked": locked,
        "task": False,
        "grade_id": grade_id,
    }
    if grade:
        metadata["points"] = points if points is not None else 1
    return metadata


class NbgraderMetadata(Preprocessor):
    """Replace each cell's ``metadata.nbgrader`` by the one its role calls for.

    ``answer``: solution + graded; ``autograded-answer``: solution; ``autograder-tests``: graded
    + locked; any other cell: locked. Graded cells keep the ``points`` of the source's
    ``metadata.nbgrader`` (default 1). Every cell gets a unique ``grade_id`` made from its role
    and its id (or its position).
    """

    def preprocess(self, nb, resources):
        """Set the nbgrader metadata of every cell; return (nb, resources)."""
        used: set[str] = set()
        for index, cell in enumerate(nb.cells):
            points = cell.metadata.pop("nbgrader", {}).get("points")  # the rest is ours to set
            prefix, grade, solution, locked = ROLE_FLAGS[cell_role(cell)]
            cell.metadata["nbgrader"] = nbgrader_cell_metadata(
                _unique_grade_id(prefix, cell, index, used),
                grade=grade,
                solution=solution,
                locked=locked,
                points=(points or 1) if grade else None,
            )
        return nb, resources


def _unique_grade_id(prefix: str, cell, index: int, used: set[str]) -> str:
    """``<prefix>-<cell id>`` with anything but letters, digits, _ and - made '-'; a number is
    added when that is taken. The id is added to ``used``."""
    base = re.sub(r"[^A-Za-z0-9_-]", "-", f"{prefix}-{cell.get('id') or index}")
    grade_id, number = base, 2
    while grade_id in used:
        grade_id, number = f"{base}-{number}", number + 1
    used.add(grade_id)
    return grade_id
