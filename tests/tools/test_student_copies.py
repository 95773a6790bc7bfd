"""Student copies: answers and teacher notes removed, nbgrader metadata on every cell, still
running top to bottom, and accepted by nbgrader's generate_assignment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.tools import cli
from helpers.tools.student_copies import (
    NBGRADER_SCHEMA_VERSION,
    StudentCopyError,
    lesson_notebooks,
    make_copies,
    student_copy,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "student_copies"
FIXTURE = FIXTURES / "01_fixture_lesson.ipynb"


def read(path):
    return nbformat.read(path, as_version=4)


def test_fixture_copy():
    original = read(FIXTURE)
    before = nbformat.writes(original)
    nb = student_copy(original, FIXTURE.name)
    assert nbformat.writes(original) == before  # the source is not changed
    nbformat.validate(nb)
    text = "\n".join(cell.source for cell in nb.cells)
    assert "Teacher note" not in text and "What the sources say" not in text
    assert "troops = 90_000" not in text and "90,000 troops, as NATO said" not in text
    assert "HIDDEN TESTS" not in text and "isinstance(troops, int)" not in text
    gradings = [cell.metadata["nbgrader"] for cell in nb.cells]
    assert all(grading["schema_version"] == NBGRADER_SCHEMA_VERSION for grading in gradings)
    ids = [grading["grade_id"] for grading in gradings]
    assert len(ids) == len(set(ids))
    by_tag = {}
    for cell in nb.cells:
        for tag in cell.metadata.get("tags", []):
            by_tag.setdefault(tag, []).append(cell)
    for cell in by_tag["answer"]:
        grading = cell.metadata["nbgrader"]
        assert (grading["solution"], grading["grade"], grading["locked"], grading["points"]) == (
            True,
            True,
            False,
            1,
        )
    assert by_tag["answer"][0].source == "YOUR ANSWER HERE"
    assert by_tag["answer"][1].source == "Write your reasoning here."
    (auto,) = by_tag["autograded-answer"]
    grading = auto.metadata["nbgrader"]
    assert (grading["solution"], grading["grade"], grading["locked"]) == (True, False, False)
    assert "points" not in grading
    assert auto.source.splitlines() == [
        "troops = None",
        "### BEGIN SOLUTION",
        "# YOUR CODE HERE",
        "### END SOLUTION",
        "print('answer saved')",
    ]
    (tests,) = by_tag["autograder-tests"]
    grading = tests.metadata["nbgrader"]
    assert (grading["solution"], grading["grade"], grading["locked"], grading["points"]) == (
        False,
        True,
        True,
        1,
    )
    assert "raises-exception" in tests.metadata["tags"]
    answer_tags = {"answer", "autograded-answer", "autograder-tests"}
    others = [cell for cell in nb.cells if not answer_tags & set(cell.metadata.get("tags", []))]
    assert all(cell.metadata["nbgrader"]["locked"] for cell in others)
    assert all(not cell.metadata["nbgrader"]["grade"] for cell in others)


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    for i, (kind, source, tags) in enumerate(cells):
        cell = (nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell)(
            source
        )
        cell.metadata["tags"] = list(tags)
        cell["id"] = f"x{i}"
        nb.cells.append(cell)
    return nb


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            [("code", "### BEGIN SOLUTION\nx = 1\n### END SOLUTION", ["autograded-answer"])],
            "must be followed by a code cell tagged 'autograder-tests'",
        ),
        (
            [("code", "x = 1", ["autograded-answer"]), ("code", "assert x", ["autograder-tests"])],
            "needs '### BEGIN SOLUTION'",
        ),
        ([("code", "assert x", ["autograder-tests"])], "must come right after"),
        ([("code", "x", ["answer"])], "must be markdown"),
        ([("markdown", "### BEGIN SOLUTION\nno end", ["answer"])], "without"),
    ],
)
def test_broken_conventions_are_named(cells, message):
    with pytest.raises(StudentCopyError, match=message):
        student_copy(_nb(*cells), "broken.ipynb")


def test_points_come_from_the_source_metadata():
    nb = _nb(
        ("code", "### BEGIN SOLUTION\nx = 1\n### END SOLUTION", ["autograded-answer"]),
        ("code", "assert x == 1", ["autograder-tests"]),
    )
    nb.cells[1].metadata["nbgrader"] = {"points": 3}
    copy = student_copy(nb)
    assert copy.cells[1].metadata["nbgrader"]["points"] == 3


def test_make_copies_skips_the_teachers_notebook(tmp_path, capsys):
    names = [path.name for path in lesson_notebooks()]
    assert "06_class_results.ipynb" not in names and "00_start_here.ipynb" in names
    written = make_copies(tmp_path / "student")
    assert [path.name for path in written] == names
    assert not (tmp_path / "student" / "06_class_results.ipynb").exists()
    # the teacher's notebook is linked only from teacher cells, which the copies leave out:
    # no copy is left with a dead link (the copy run would name it)
    assert "links to 06_class_results.ipynb" not in capsys.readouterr().err
    for path in written:
        assert "06_class_results.ipynb" not in path.read_text(encoding="utf-8"), path.name
    assert cli.main(["student-copies", "--out", str(tmp_path / "again")]) == 0


def _run(path: Path) -> None:
    from nbclient import NotebookClient

    nb = read(path)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()


def test_copies_run_top_to_bottom(tmp_path):
    out = tmp_path / "student"
    make_copies(out, source=FIXTURES, quiet=True)
    _run(out / FIXTURE.name)  # the failing tests cell is tagged raises-exception
    make_copies(out, quiet=True)
    _run(out / "00_start_here.ipynb")


def _nbgrader() -> str | None:
    found = shutil.which("nbgrader", path=str(Path(sys.executable).parent))
    return found or shutil.which("nbgrader")


@pytest.mark.skipif(_nbgrader() is None, reason="nbgrader is not installed")
def test_nbgrader_generate_assignment_accepts_the_copies(tmp_path):
    course = tmp_path / "course"
    source = course / "source" / "lesson"
    make_copies(source, source=FIXTURES, quiet=True)
    make_copies(source, quiet=True)  # the real notebooks (00_start_here and the lessons)
    assert (source / "00_start_here.ipynb").exists()
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.course_id = 'throwaway'\n",
        encoding="utf-8",
    )
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    proc = subprocess.run(
        [_nbgrader(), "generate_assignment", "lesson", "--force"],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "ERROR" not in log, log
    release = course / "release" / "lesson"
    for name in (FIXTURE.name, "00_start_here.ipynb"):
        nb = read(release / name)
        assert all(
            "checksum" in cell.metadata["nbgrader"]
            for cell in nb.cells
            if cell.metadata["nbgrader"]["grade"] or cell.metadata["nbgrader"]["locked"]
        )
    fixture = read(release / FIXTURE.name)
    auto = next(
        cell for cell in fixture.cells if "autograded-answer" in cell.metadata.get("tags", [])
    )
    assert "raise NotImplementedError()" in auto.source  # nbgrader found the solution region


def test_a_class_folder_has_no_answer_key(tmp_path):
    import json

    out = tmp_path / "class"
    assert cli.main(["student-copies", "--class-folder", "--out", str(out)]) == 0
    assert (out / "helpers" / "store.py").is_file() and (out / "Makefile").is_file()
    assert not (out / "data" / "key").exists() and not (out / "data" / "sample_class").exists()
    assert (out / "data" / "selfcheck").is_dir() and (out / "data" / "article.txt").is_file()
    for lesson in (out / "data" / "lessons").glob("*.json"):
        doc = json.loads(lesson.read_text("utf-8"))
        assert "sources_say" not in doc and "what_you_find" not in doc["sift_move"]
        assert doc["questions"]  # the written tasks stay
    for path in (out / "notebooks").glob("*.ipynb"):
        text = path.read_text("utf-8")
        assert ".reveal_" not in text
    pack = json.loads((out / "data" / "sources" / "pack.json").read_text("utf-8"))
    assert {row["trust"] for row in pack["sources"]} == {"This note is in your teacher's copy."}
    # every other article alike: no key, the pack's notes and the reveals left out
    other = out / "data" / "articles" / "end-of-unit"
    assert (other / "article.txt").is_file() and not (other / "key").exists()
    pack = json.loads((other / "sources" / "pack.json").read_text("utf-8"))
    assert {row["trust"] for row in pack["sources"]} == {"This note is in your teacher's copy."}
    for lesson in (other / "lessons").glob("*.json"):
        assert "sources_say" not in json.loads(lesson.read_text("utf-8"))
    names = sorted(p.name for p in (out / "notebooks").glob("*.ipynb"))
    assert "06_class_results.ipynb" not in names and "01_the_lede.ipynb" in names
    assert "08_live_class_view.ipynb" not in names and "07_end_of_unit_check.ipynb" in names
    for path in (out / "notebooks").glob("*.ipynb"):
        for cell in json.loads(path.read_text("utf-8"))["cells"]:
            assert not {"teacher", "model-answer"} & set(cell["metadata"].get("tags", []))
    code = (
        "import helpers; from helpers.article import load_article; "
        "from helpers.sources import load_sources; load_sources(); "
        "print(helpers.__file__.startswith(sys.argv[1]), load_article().parts[0].id)"
    )
    done = subprocess.run(
        [sys.executable, "-c", "import sys; " + code, str(out)],
        cwd=out,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(out), "PATH": "/usr/bin:/bin"},
    )
    assert done.stdout.strip() == "True lede", done.stderr
