"""Student copies of the notebooks: no model answers, no teacher notes, nbgrader-ready.

``python -m helpers.tools.student_copies --out build/student`` (``make student-copies``) writes a
copy of
every lesson notebook (``notebooks/[0-9][0-9]_*.ipynb`` except the teacher's class-results
notebook) into ``build/student/``. The tags on the cells decide what happens:

========================  =====================================================================
tag                       in the student copy
========================  =====================================================================
``teacher``               removed (teacher notes, the answer key)
``model-answer``          removed (model answers, "what the sources say" reveals)
``answer`` (markdown)     kept: where the student writes; manually graded (nbgrader solution +
                          grade, 1 point). A ``### BEGIN SOLUTION`` … ``### END SOLUTION``
                          region in it is replaced by "YOUR ANSWER HERE".
``autograded-answer``     code; the region between ``### BEGIN SOLUTION`` and ``### END
                          SOLUTION`` is replaced by ``# YOUR CODE HERE`` (the markers stay, so
                          nbgrader still finds the region); nbgrader solution cell
``autograder-tests``      the cell right after an autograded answer: its asserts (nbgrader grade
                          + locked; points from ``metadata.nbgrader.points``, else 1). Any
                          ``### BEGIN HIDDEN TESTS`` region is removed. Tagged
                          ``raises-exception`` so that the copy still runs top to bottom
                          (nbclient and nbval go on past it) before the student has answered.
anything else             kept and locked (nbgrader ``locked``)
========================  =====================================================================

Every kept cell carries ``metadata.nbgrader`` (``schema_version``, ``grade``, ``solution``,
``locked``, ``task``, a unique ``grade_id``, and ``points`` on graded cells), so a teacher who
uses nbgrader can put the copies in a course's ``source/`` folder and run ``nbgrader
generate_assignment`` on them. The schema version is 3: that is what nbgrader 0.9 (the version
in requirements-dev.txt) reads; nbgrader's unreleased schema 4 only changes the number. Outputs
of answer and test cells are cleared; other stored outputs stay, so a copy reads well before it
is run. The source notebooks are never changed.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

from helpers.paths import NOTEBOOKS, ROOT

#: Notebooks only the teacher uses: never copied.
TEACHER_NOTEBOOKS = ("06_class_results.ipynb",)
REMOVE_TAGS = ("teacher", "model-answer")
ANSWER, AUTOGRADED, TESTS = "answer", "autograded-answer", "autograder-tests"
NBGRADER_SCHEMA_VERSION = 3
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
CODE_PLACEHOLDER = "# YOUR CODE HERE"
TEXT_PLACEHOLDER = "YOUR ANSWER HERE"
DEFAULT_OUT = ROOT / "build" / "student"
_LINK_RE = re.compile(r"\]\(([^)#\s]+\.ipynb)(#[^)]*)?\)")


class StudentCopyError(ValueError):
    """A notebook breaks the tag conventions (names the notebook, the cell and the problem)."""


def lesson_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The notebooks to copy, in order: ``[0-9][0-9]_*.ipynb`` minus the teacher's."""
    return sorted(
        p for p in Path(folder).glob("[0-9][0-9]_*.ipynb") if p.name not in TEACHER_NOTEBOOKS
    )


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _replace_region(source: str, begin: str, end: str, placeholder: str | None) -> str | None:
    """``source`` with every begin…end region replaced (markers kept when ``placeholder``)."""
    lines = source.split("\n")
    out: list[str] = []
    inside, found = False, False
    for line in lines:
        if begin in line:
            if inside:
                raise ValueError(f"{begin!r} twice without {end!r}")
            inside, found = True, True
            if placeholder is not None:
                indent = line[: len(line) - len(line.lstrip())]
                out += [line, indent + placeholder]
            continue
        if end in line:
            if not inside:
                raise ValueError(f"{end!r} without {begin!r}")
            inside = False
            if placeholder is not None:
                out.append(line)
            continue
        if not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{begin!r} without {end!r}")
    return "\n".join(out) if found else None


def _nbgrader(grade_id: str, *, grade=False, solution=False, locked=False, points=None) -> dict:
    meta = {
        "schema_version": NBGRADER_SCHEMA_VERSION,
        "grade": grade,
        "solution": solution,
        "locked": locked,
        "task": False,
        "grade_id": grade_id,
    }
    if grade:
        meta["points"] = points if points is not None else 1
    return meta


def _clear_outputs(cell) -> None:
    if cell.get("cell_type") == "code":
        cell["outputs"] = []
        cell["execution_count"] = None


def student_copy(nb, name: str = "notebook"):
    """A student copy of a notebook (an nbformat NotebookNode); the original is not changed.

    Raises StudentCopyError when the tags break the conventions (e.g. an autograded answer
    without a tests cell after it, or without its solution markers).
    """
    nb = copy.deepcopy(nb)
    kept = [c for c in nb.cells if not set(_tags(c)) & set(REMOVE_TAGS)]
    used: set[str] = set()

    def grade_id(kind: str, cell, index: int) -> str:
        raw = str(cell.get("id") or index)
        base = re.sub(r"[^A-Za-z0-9_-]", "-", f"{kind}-{raw}")
        gid, n = base, 2
        while gid in used:
            gid, n = f"{base}-{n}", n + 1
        used.add(gid)
        return gid

    for index, cell in enumerate(kept):
        tags = _tags(cell)
        where = f"{name}, cell {index + 1} (id {cell.get('id', '?')})"
        points = cell.metadata.pop("nbgrader", {}).get("points")  # the rest is ours to set
        if ANSWER in tags:
            if cell.cell_type != "markdown":
                raise StudentCopyError(f"{where}: a cell tagged 'answer' must be markdown")
            try:
                replaced = _replace_region(cell.source, BEGIN_SOLUTION, END_SOLUTION, None)
            except ValueError as exc:
                raise StudentCopyError(f"{where}: {exc}") from None
            if replaced is not None:
                cell.source = (replaced.rstrip("\n") + "\n\n" + TEXT_PLACEHOLDER).lstrip("\n")
            cell.metadata["nbgrader"] = _nbgrader(
                grade_id("answer", cell, index), grade=True, solution=True, points=points or 1
            )
        elif AUTOGRADED in tags:
            if cell.cell_type != "code":
                raise StudentCopyError(f"{where}: a cell tagged 'autograded-answer' must be code")
            nxt = kept[index + 1] if index + 1 < len(kept) else None
            if nxt is None or TESTS not in _tags(nxt) or nxt.cell_type != "code":
                raise StudentCopyError(
                    f"{where}: an autograded answer must be followed by a code cell tagged "
                    "'autograder-tests'"
                )
            try:
                replaced = _replace_region(
                    cell.source, BEGIN_SOLUTION, END_SOLUTION, CODE_PLACEHOLDER
                )
            except ValueError as exc:
                raise StudentCopyError(f"{where}: {exc}") from None
            if replaced is None:
                raise StudentCopyError(
                    f"{where}: an autograded answer needs '{BEGIN_SOLUTION}' and "
                    f"'{END_SOLUTION}' around the model answer"
                )
            cell.source = replaced
            _clear_outputs(cell)
            cell.metadata["nbgrader"] = _nbgrader(
                grade_id("autograded", cell, index), solution=True
            )
        elif TESTS in tags:
            prev = kept[index - 1] if index else None
            if prev is None or AUTOGRADED not in _tags(prev):
                raise StudentCopyError(
                    f"{where}: a cell tagged 'autograder-tests' must come right after a cell "
                    "tagged 'autograded-answer'"
                )
            try:
                replaced = _replace_region(cell.source, BEGIN_HIDDEN, END_HIDDEN, None)
            except ValueError as exc:
                raise StudentCopyError(f"{where}: {exc}") from None
            if replaced is not None:
                cell.source = replaced
            _clear_outputs(cell)
            if "raises-exception" not in tags:
                cell.metadata["tags"] = [*tags, "raises-exception"]
            cell.metadata["nbgrader"] = _nbgrader(
                grade_id("tests", cell, index), grade=True, locked=True, points=points or 1
            )
        else:
            cell.metadata["nbgrader"] = _nbgrader(grade_id("locked", cell, index), locked=True)
    nb.cells = kept
    return nb


def dead_links(nb, available: set[str]) -> list[str]:
    """Notebook links in markdown cells that point at notebooks not in ``available``."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for target, _ in _LINK_RE.findall(cell.source):
                if "/" not in target and target not in available and target not in found:
                    found.append(target)
    return found


def make_copies(
    out: str | Path = DEFAULT_OUT, source: str | Path = NOTEBOOKS, quiet: bool = False
) -> list[Path]:
    """Write the student copy of every lesson notebook into ``out``; return the paths.

    Copies are rewritten each time (``out`` is a build folder). Warns on stderr about links to
    notebooks that are not among the copies (e.g. to the teacher's notebook).
    """
    import nbformat

    out = Path(out)
    paths = lesson_notebooks(Path(source))
    names = {p.name for p in paths}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        copy_ = student_copy(nb, name=path.name)
        nbformat.validate(copy_)
        target = out / path.name
        nbformat.write(copy_, target)
        written.append(target)
        if not quiet:
            for link in dead_links(copy_, names):
                print(
                    f"note: {path.name} links to {link}, which students do not get "
                    "(tag that cell 'teacher' or reword the link)",
                    file=sys.stderr,
                )
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.tools.student_copies",
        description="Write student copies of the lesson notebooks: no model answers or teacher "
        "notes, nbgrader metadata on every cell.",
    )
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="folder for the copies")
    parser.add_argument("--source", default=str(NOTEBOOKS), help="folder of the notebooks")
    args = parser.parse_args(argv)
    try:
        written = make_copies(args.out, args.source)
    except StudentCopyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(f"{len(written)} student copies in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
