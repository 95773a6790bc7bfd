"""Student copies of the notebooks: no model answers, no teacher notes, nbgrader-ready.

``python -m helpers student-copies --out build/student`` (``make student-copies``) writes a copy
of every lesson notebook (``notebooks/[0-9][0-9]_*.ipynb`` except the teacher's class-results
and live class view notebooks) into ``build/student/``. The tags on the cells decide what happens:

========================  =====================================================================
tag                       in the student copy
========================  =====================================================================
``teacher``               removed (teacher notes, the answer key)
``model-answer``          removed (model answers)
(a reveal)                a code cell calling ``Lesson(…).reveal_…()`` becomes a note: "Your
                          teacher will go through this with the class" (class mode: answers
                          stay with the teacher; in self-study, with the whole project, a reveal
                          opens only after the student's own attempt)
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

import copy
import re
import sys
from pathlib import Path

from helpers.paths import NOTEBOOKS, ROOT
from helpers.tools.preprocessors import run_chain
from helpers.tools.preprocessors.allow_failing_tests import AllowFailingTests
from helpers.tools.preprocessors.check_answer_cells import (
    ANSWER,
    AUTOGRADED,
    BEGIN_HIDDEN,
    BEGIN_SOLUTION,
    END_HIDDEN,
    END_SOLUTION,
    TESTS,
    CheckAnswerCells,
    StudentCopyError,
)
from helpers.tools.preprocessors.clear_hidden_tests import ClearHiddenTests
from helpers.tools.preprocessors.clear_solutions import (
    CODE_PLACEHOLDER,
    TEXT_PLACEHOLDER,
    ClearSolutions,
)
from helpers.tools.preprocessors.nbgrader_metadata import (
    NBGRADER_SCHEMA_VERSION,
    NbgraderMetadata,
)
from helpers.tools.preprocessors.replace_reveals import ReplaceReveals

__all__ = [
    "ANSWER",
    "AUTOGRADED",
    "BEGIN_HIDDEN",
    "BEGIN_SOLUTION",
    "CODE_PLACEHOLDER",
    "END_HIDDEN",
    "END_SOLUTION",
    "NBGRADER_SCHEMA_VERSION",
    "TESTS",
    "TEXT_PLACEHOLDER",
    "StudentCopyError",
    "dead_links",
    "lesson_notebooks",
    "make_copies",
    "student_copy",
]

#: Notebooks only the teacher uses: never copied.
TEACHER_NOTEBOOKS = ("06_class_results.ipynb", "08_live_class_view.ipynb")
REMOVE_TAGS = ("teacher", "model-answer")
DEFAULT_OUT = ROOT / "build" / "student"
_LINK_RE = re.compile(r"\]\(([^)#\s]+\.ipynb)(#[^)]*)?\)")


def lesson_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The notebooks to copy, in order: ``[0-9][0-9]_*.ipynb`` minus the teacher's."""
    return sorted(
        path
        for path in Path(folder).glob("[0-9][0-9]_*.ipynb")
        if path.name not in TEACHER_NOTEBOOKS
    )


def student_copy_preprocessors() -> list:
    """The chain that turns a lesson notebook into a student copy, in order."""
    from nbconvert.preprocessors import TagRemovePreprocessor

    return [
        TagRemovePreprocessor(remove_cell_tags=set(REMOVE_TAGS)),  # teacher notes, model answers
        ReplaceReveals(),  # the teacher goes through them with the class
        CheckAnswerCells(),
        ClearSolutions(),
        ClearHiddenTests(),
        # answers and tests start without outputs (other cells keep theirs: a copy reads well)
        TagRemovePreprocessor(
            remove_all_outputs_tags={AUTOGRADED, TESTS}, remove_metadata_fields=set()
        ),
        AllowFailingTests(),
        NbgraderMetadata(),
    ]


def student_copy(nb, name: str = "notebook"):
    """A student copy of a notebook (an nbformat NotebookNode); the original is not changed.

    ``name`` is used in error messages. Raises StudentCopyError when the tags break the
    conventions (e.g. an autograded answer without a tests cell after it, or without its
    solution markers).
    """
    nb = copy.deepcopy(nb)
    nb, _ = run_chain(nb, student_copy_preprocessors(), {"metadata": {"name": name}})
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
    names = {path.name for path in paths}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        copied = student_copy(nbformat.read(path, as_version=4), name=path.name)
        nbformat.validate(copied)
        target = out / path.name
        nbformat.write(copied, target)
        written.append(target)
        if not quiet:
            for link in dead_links(copied, names):
                print(
                    f"note: {path.name} links to {link}, which students do not get "
                    "(tag that cell 'teacher' or reword the link)",
                    file=sys.stderr,
                )
    return written


#: What a class folder leaves out of data/: the answer key (and the findings kept with it) and
#: the synthetic class (teachers' material).
CLASS_DATA_LEFT_OUT = ("key", "sample_class")
CLASS_FILES = ("README.md", "Makefile", "requirements.txt", "pyproject.toml")


def make_class_folder(out: str | Path, source: str | Path = NOTEBOOKS) -> Path:
    """A folder to give a class (``student-copies --class-folder``): the project without the
    answer key, the synthetic class or the teacher's notebook, with student copies of the
    lessons in its notebooks/ folder. Students set it up with ``make lab`` as usual. Returns
    ``out``, which is replaced each time (it is a build folder)."""
    import shutil

    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "helpers", out / "helpers", ignore=skip)
    shutil.copytree(
        ROOT / "data", out / "data", ignore=shutil.ignore_patterns(*CLASS_DATA_LEFT_OUT)
    )
    for name in CLASS_FILES:
        shutil.copy2(ROOT / name, out / name)
    for data in (out / "data", *sorted((out / "data" / "articles").glob("*/"))):
        _without_teacher_notes(data / "sources" / "pack.json")  # every article's own files
        _without_reveals(data / "lessons")
    make_copies(out / "notebooks", source, quiet=True)
    return out


#: What the reveals show (data/lessons/<part>.json): left out of a class folder.
REVEAL_KEYS = ("sources_say", "synthesis")
REVEAL_SIFT_KEYS = ("what_you_find",)


def _without_reveals(folder: Path) -> None:
    """The lessons' data without what the reveals show (the findings, what the sources say, the
    unit's findings): in class, the teacher goes through them."""
    import json

    for path in sorted(folder.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for key in REVEAL_KEYS:
            doc.pop(key, None)
        for key in REVEAL_SIFT_KEYS:
            doc.get("sift_move", {}).pop(key, None)
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _without_teacher_notes(pack: Path) -> None:
    """The source pack's ``trust`` notes are for teachers (some say what a source shows about
    the article): the class copy says where they are instead."""
    import json

    if not pack.is_file():
        return
    doc = json.loads(pack.read_text(encoding="utf-8"))
    for row in doc.get("sources", []):
        row["trust"] = "This note is in your teacher's copy."
    pack.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
