"""The tag conventions of answer cells, and a preprocessor that checks a notebook keeps them.

=====================  ===========================================================
tag                    role of the cell
=====================  ===========================================================
``answer``             a markdown cell where the student writes (manually graded)
``autograded-answer``  a code cell with a ``### BEGIN SOLUTION`` … ``### END
                       SOLUTION`` region, followed by an ``autograder-tests`` cell
``autograder-tests``   the code cell of asserts right after an autograded answer
=====================  ===========================================================

A cell with several of these tags takes the first role in this table.
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor

from helpers.tools.preprocessors import cell_tags

ANSWER, AUTOGRADED, TESTS = "answer", "autograded-answer", "autograder-tests"
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


class StudentCopyError(ValueError):
    """A notebook breaks the tag conventions (names the notebook, the cell and the problem)."""


def cell_role(cell) -> str:
    """The role a cell's tags give it: "answer", "autograded", "tests" or "locked" (the rest)."""
    tags = cell_tags(cell)
    if ANSWER in tags:
        return "answer"
    if AUTOGRADED in tags:
        return "autograded"
    if TESTS in tags:
        return "tests"
    return "locked"


def replace_region(source: str, begin: str, end: str, placeholder: str | None) -> str | None:
    """``source`` with every ``begin`` … ``end`` region taken out; None if it has none.

    With a ``placeholder`` the marker lines stay and the placeholder (indented as the begin
    marker) replaces what was between them; without one the markers go too. Raises ValueError
    for a marker without its partner.
    """
    lines = source.split("\n")
    kept: list[str] = []
    inside, found = False, False
    for line in lines:
        if begin in line:
            if inside:
                raise ValueError(f"{begin!r} twice without {end!r}")
            inside, found = True, True
            if placeholder is not None:
                indent = line[: len(line) - len(line.lstrip())]
                kept += [line, indent + placeholder]
            continue
        if end in line:
            if not inside:
                raise ValueError(f"{end!r} without {begin!r}")
            inside = False
            if placeholder is not None:
                kept.append(line)
            continue
        if not inside:
            kept.append(line)
    if inside:
        raise ValueError(f"{begin!r} without {end!r}")
    return "\n".join(kept) if found else None


class CheckAnswerCells(Preprocessor):
    """Raise StudentCopyError at the first cell that breaks the conventions; change nothing.

    Answer cells must be markdown; an autograded answer must be code, hold its solution markers
    and be followed by a code cell tagged ``autograder-tests``; a tests cell must come right
    after an autograded answer; no marker may lack its partner. The message names the notebook
    (``resources["metadata"]["name"]``), the cell (1-based, and its id) and the problem.
    """

    def preprocess(self, nb, resources):
        """Check every cell in order; return (nb, resources) unchanged when all is well."""
        name = resources.get("metadata", {}).get("name") or "notebook"
        cells = nb.cells
        for index, cell in enumerate(cells):
            where = f"{name}, cell {index + 1} (id {cell.get('id', '?')})"
            following = cells[index + 1] if index + 1 < len(cells) else None
            previous = cells[index - 1] if index else None
            problem = self._problem(cell, previous, following)
            if problem:
                raise StudentCopyError(f"{where}: {problem}")
        return nb, resources

    @staticmethod
    def _problem(cell, previous, following) -> str | None:
        """What is wrong with ``cell`` between its neighbours, or None."""
        role = cell_role(cell)
        if role == "answer":
            if cell.cell_type != "markdown":
                return "a cell tagged 'answer' must be markdown"
            return _region_problem(cell.source, BEGIN_SOLUTION, END_SOLUTION)
        if role == "autograded":
            if cell.cell_type != "code":
                return "a cell tagged 'autograded-answer' must be code"
            if (
                following is None
                or TESTS not in cell_tags(following)
                or following.cell_type != "code"
            ):
                return (
                    "an autograded answer must be followed by a code cell tagged 'autograder-tests'"
                )
            problem = _region_problem(cell.source, BEGIN_SOLUTION, END_SOLUTION)
            if problem:
                return problem
            if replace_region(cell.source, BEGIN_SOLUTION, END_SOLUTION, "") is None:
                return (
                    f"an autograded answer needs '{BEGIN_SOLUTION}' and '{END_SOLUTION}' around "
                    "the model answer"
                )
            return None
        if role == "tests":
            if previous is None or AUTOGRADED not in cell_tags(previous):
                return (
                    "a cell tagged 'autograder-tests' must come right after a cell tagged "
                    "'autograded-answer'"
                )
            return _region_problem(cell.source, BEGIN_HIDDEN, END_HIDDEN)
        return None


def _region_problem(source: str, begin: str, end: str) -> str | None:
    try:
        replace_region(source, begin, end, None)
    except ValueError as exc:
        return str(exc)
    return None
