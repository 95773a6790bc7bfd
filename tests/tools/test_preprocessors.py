"""Each notebook preprocessor of helpers.tools.preprocessors, on a small in-memory notebook."""

from __future__ import annotations

import pytest
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.tools.nbtools import refresh_preprocessors
from helpers.tools.preprocessors import cell_tags, run_chain
from helpers.tools.preprocessors.allow_failing_tests import AllowFailingTests
from helpers.tools.preprocessors.check_answer_cells import (
    CheckAnswerCells,
    StudentCopyError,
    cell_role,
    replace_region,
)
from helpers.tools.preprocessors.clear_hidden_tests import ClearHiddenTests
from helpers.tools.preprocessors.clear_solutions import ClearSolutions
from helpers.tools.preprocessors.collapse_hidden_inputs import CollapseHiddenInputs
from helpers.tools.preprocessors.hide_setup import HideSetupCells
from helpers.tools.preprocessors.link_decks import LinkDecks
from helpers.tools.preprocessors.nbgrader_metadata import (
    NBGRADER_SCHEMA_VERSION,
    NbgraderMetadata,
)
from helpers.tools.preprocessors.strip_execution_times import StripExecutionTimes
from helpers.tools.preprocessors.strip_widget_views import WIDGET_VIEW, StripWidgetViews
from helpers.tools.preprocessors.widget_cards import INTERACTIVE_SENTENCE, WidgetCards
from helpers.tools.slides import slide_preprocessors
from helpers.tools.student_copies import student_copy_preprocessors

SOLVED = "x = None\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\nprint(x)"
TESTS = "assert x == 1\n### BEGIN HIDDEN TESTS\nassert x > 0\n### END HIDDEN TESTS"


def code(source="x", tags=(), outputs=(), **metadata):
    cell = new_code_cell(source, outputs=list(outputs), execution_count=4)
    if tags:
        cell.metadata["tags"] = list(tags)
    cell.metadata.update(metadata)
    return cell


def markdown(source="text", tags=()):
    cell = new_markdown_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def notebook(*cells):
    nb = new_notebook()
    nb.cells = list(cells)
    return nb


def stream(text="hello\n"):
    return new_output("stream", name="stdout", text=text)


def widget(plain="VBox(children=(Button(),))", **extra):
    return new_output(
        "display_data", data={WIDGET_VIEW: {"model_id": "m"}, "text/plain": plain, **extra}
    )


# --- the package -------------------------------------------------------------------------------


def test_cell_tags_is_a_new_list_and_empty_without_tags():
    cell = code(tags=["a", "b"])
    tags = cell_tags(cell)
    tags.append("c")
    assert cell.metadata["tags"] == ["a", "b"]
    assert cell_tags(code()) == []
    assert cell_tags({"metadata": {"tags": None}}) == []


def test_run_chain_applies_in_order_and_ignores_enabled():
    seen = []

    class Record(Preprocessor):
        label = ""

        def preprocess(self, nb, resources):
            seen.append(self.label)
            resources[self.label] = True
            return nb, resources

    first, second = Record(), Record()
    first.label, second.label = "first", "second"
    assert not first.enabled  # nbconvert's switch: off, yet the chain runs it
    nb = notebook()
    out, resources = run_chain(nb, [first, second])
    assert out is nb and seen == ["first", "second"]
    assert resources == {"first": True, "second": True}


def test_every_chain_is_made_of_preprocessors():
    for chain in (student_copy_preprocessors(), slide_preprocessors(), refresh_preprocessors()):
        assert chain and all(isinstance(step, Preprocessor) for step in chain)
    tag_removers = [
        step for step in student_copy_preprocessors() if type(step) is TagRemovePreprocessor
    ]
    assert [sorted(step.remove_cell_tags) for step in tag_removers] == [
        ["model-answer", "teacher"],
        [],
    ]
    assert sorted(tag_removers[1].remove_all_outputs_tags) == [
        "autograded-answer",
        "autograder-tests",
    ]


# --- refresh: stored outputs -------------------------------------------------------------------


def test_strip_widget_views_counts_and_drops_state():
    nb = notebook(code(outputs=[widget("Claim annotator"), stream()]), markdown())
    nb.metadata["widgets"] = {"state": {}}
    _, resources = run_chain(nb, [StripWidgetViews()])
    assert resources["widget_views_removed"] == 1
    assert nb.cells[0].outputs[0]["data"] == {"text/plain": "Claim annotator"}
    assert nb.cells[0].outputs[1] == stream()
    assert "widgets" not in nb.metadata
    assert run_chain(nb, [StripWidgetViews()])[1]["widget_views_removed"] == 0


def test_strip_execution_times_only_removes_execution():
    cell = code(execution={"iopub.status.busy": "2024-03-11T09:00:00Z"}, scrolled=True)
    nb = notebook(cell, markdown())
    run_chain(nb, [StripExecutionTimes()])
    assert dict(nb.cells[0].metadata) == {"scrolled": True}
    assert dict(nb.cells[1].metadata) == {}


def test_collapse_hidden_inputs_only_for_hide_input():
    nb = notebook(code(tags=["hide-input"]), code(tags=["remove-input"]), code())
    nb.cells[0].metadata["jupyter"] = {"outputs_hidden": False}
    run_chain(nb, [CollapseHiddenInputs()])
    assert nb.cells[0].metadata["jupyter"] == {"outputs_hidden": False, "source_hidden": True}
    assert "jupyter" not in nb.cells[1].metadata and "jupyter" not in nb.cells[2].metadata


# --- slides ------------------------------------------------------------------------------------


def test_hide_setup_cells_is_tag_remove_with_our_tags():
    nb = notebook(
        markdown("kept"),
        code("gone", tags=["remove-cell"]),
        code("setup()", tags=["hide-input"], outputs=[stream()]),
        code("noise()", tags=["remove-output"], outputs=[stream()], collapsed=True),
        code("plain()", outputs=[stream()]),
    )
    run_chain(nb, [HideSetupCells()])
    assert isinstance(HideSetupCells(), TagRemovePreprocessor)
    assert [cell.source for cell in nb.cells] == ["kept", "setup()", "noise()", "plain()"]
    assert nb.cells[1].metadata["transient"] == {"remove_source": True}
    assert nb.cells[1].outputs == [stream()]
    assert nb.cells[2].outputs == [] and nb.cells[2].metadata["collapsed"] is True
    assert "transient" not in nb.cells[3].metadata and nb.cells[3].outputs == [stream()]


def test_link_decks_rewrites_lesson_links_in_markdown_only():
    nb = notebook(
        markdown(["See [next](02_x.ipynb#part) ", "and [notes](notes.ipynb)."]),
        code("'[a](01_y.ipynb)'"),
    )
    run_chain(nb, [LinkDecks()])
    assert nb.cells[0].source == "See [next](02_x.slides.html) and [notes](notes.ipynb)."
    assert nb.cells[1].source == "'[a](01_y.ipynb)'"


def test_widget_cards_replace_views_and_reprs_but_keep_pictures():
    picture = widget("Exercise", **{"text/html": "<b>picture</b>"})
    saved_repr = new_output("display_data", data={"text/plain": "HBox(children=())"})
    nb = notebook(
        code("annotator", outputs=[widget("Claim annotator")]),
        code("picture", outputs=[picture]),
        code("mixed", outputs=[stream(), saved_repr]),
        code("table", outputs=[new_output("display_data", data={"text/plain": "a  b"})]),
    )
    _, resources = run_chain(nb, [WidgetCards()])
    assert resources["widget_cards"] == 2
    card = nb.cells[0].outputs[0]["data"]
    assert card["text/plain"] == INTERACTIVE_SENTENCE
    assert (
        'class="interactive-card"' in card["text/html"] and "Claim annotator" in card["text/html"]
    )
    assert nb.cells[0].metadata["transient"] == {"remove_source": True}
    assert nb.cells[1].outputs[0]["data"] == {
        "text/plain": "Exercise",
        "text/html": "<b>picture</b>",
    }
    assert "transient" not in nb.cells[1].metadata
    assert INTERACTIVE_SENTENCE in nb.cells[2].outputs[1]["data"]["text/html"]
    assert "transient" not in nb.cells[2].metadata  # it printed something too: the code stays
    assert nb.cells[3].outputs[0]["data"] == {"text/plain": "a  b"}


# --- student copies ----------------------------------------------------------------------------


def test_cell_role_order_and_replace_region():
    assert cell_role(markdown(tags=["autograder-tests", "answer"])) == "answer"
    assert cell_role(code(tags=["autograder-tests", "autograded-answer"])) == "autograded"
    assert cell_role(code(tags=["autograder-tests"])) == "tests"
    assert cell_role(code(tags=["teacher"])) == "locked"
    assert replace_region("a\n  BEGIN\n  b\n  END\nc", "BEGIN", "END", "# HERE") == (
        "a\n  BEGIN\n  # HERE\n  END\nc"
    )
    assert replace_region("a\nBEGIN\nb\nEND", "BEGIN", "END", None) == "a"
    assert replace_region("a", "BEGIN", "END", None) is None
    with pytest.raises(ValueError, match="without"):
        replace_region("BEGIN\nb", "BEGIN", "END", None)


def test_check_answer_cells_accepts_good_cells_and_changes_nothing():
    nb = notebook(
        markdown("Why?", ["answer"]),
        code(SOLVED, ["autograded-answer"]),
        code(TESTS, ["autograder-tests"]),
        code("print(1)"),
    )
    before = [dict(cell) for cell in nb.cells]
    run_chain(nb, [CheckAnswerCells()], {"metadata": {"name": "lesson.ipynb"}})
    assert [dict(cell) for cell in nb.cells] == before


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ([code("x", ["answer"])], "1 .*must be markdown"),
        ([markdown("x", ["autograded-answer"])], "must be code"),
        ([code(SOLVED, ["autograded-answer"])], "must be followed by a code cell"),
        ([code("x", ["autograded-answer"]), code(TESTS, ["autograder-tests"])], "needs '###"),
        ([markdown("x"), code(TESTS, ["autograder-tests"])], "2 .*must come right after"),
        (
            [
                code(SOLVED, ["autograded-answer"]),
                code("### END HIDDEN TESTS", ["autograder-tests"]),
            ],
            "END HIDDEN TESTS' without",
        ),
    ],
)
def test_check_answer_cells_names_the_notebook_cell_and_problem(cells, message):
    with pytest.raises(StudentCopyError, match="^lesson.ipynb, cell .*" + message):
        run_chain(notebook(*cells), [CheckAnswerCells()], {"metadata": {"name": "lesson.ipynb"}})


def test_clear_solutions():
    nb = notebook(
        markdown("Explain.\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION\n", ["answer"]),
        markdown("Write here.", ["answer"]),
        code(SOLVED, ["autograded-answer"]),
        code(SOLVED),  # not an answer: untouched
    )
    run_chain(nb, [ClearSolutions()])
    assert nb.cells[0].source == "Explain.\n\nYOUR ANSWER HERE"
    assert nb.cells[1].source == "Write here."
    assert nb.cells[2].source == (
        "x = None\n### BEGIN SOLUTION\n# YOUR CODE HERE\n### END SOLUTION\nprint(x)"
    )
    assert nb.cells[3].source == SOLVED


def test_clear_hidden_tests():
    nb = notebook(code(TESTS, ["autograder-tests"]), code(TESTS))
    run_chain(nb, [ClearHiddenTests()])
    assert nb.cells[0].source == "assert x == 1"
    assert nb.cells[1].source == TESTS


def test_allow_failing_tests_tags_tests_cells_once():
    nb = notebook(
        code(TESTS, ["autograder-tests"]),
        code(TESTS, ["autograder-tests", "raises-exception"]),
        code(SOLVED, ["autograded-answer"]),
    )
    run_chain(nb, [AllowFailingTests()])
    assert nb.cells[0].metadata["tags"] == ["autograder-tests", "raises-exception"]
    assert nb.cells[1].metadata["tags"] == ["autograder-tests", "raises-exception"]
    assert nb.cells[2].metadata["tags"] == ["autograded-answer"]


def test_nbgrader_metadata_by_role_with_points_and_unique_ids():
    nb = notebook(
        markdown("Why?", ["answer"]),
        code(SOLVED, ["autograded-answer"]),
        code(TESTS, ["autograder-tests"]),
        code("a"),
        code("b"),
    )
    for cell, cell_id in zip(nb.cells, ["q.1", "auto", "t", "same.id", "same-id"], strict=True):
        cell["id"] = cell_id
    nb.cells[2].metadata["nbgrader"] = {"points": 3, "grade_id": "old", "checksum": "x"}
    nb.cells[1].metadata["nbgrader"] = {"points": 5}
    run_chain(nb, [NbgraderMetadata()])
    metadata = [cell.metadata["nbgrader"] for cell in nb.cells]
    assert all(m["schema_version"] == NBGRADER_SCHEMA_VERSION and not m["task"] for m in metadata)
    flags = [(m["grade"], m["solution"], m["locked"], m.get("points")) for m in metadata]
    assert flags == [
        (True, True, False, 1),
        (False, True, False, None),  # not graded itself: no points
        (True, False, True, 3),
        (False, False, True, None),
        (False, False, True, None),
    ]
    assert [m["grade_id"] for m in metadata] == [
        "answer-q-1",
        "autograded-auto",
        "tests-t",
        "locked-same-id",
        "locked-same-id-2",
    ]
    assert "checksum" not in metadata[2]


def test_replace_reveals_leaves_a_note_and_keeps_the_slide():
    from nbformat.v4 import new_code_cell, new_notebook

    from helpers.tools.preprocessors.replace_reveals import NOTE, ReplaceReveals

    nb = new_notebook(
        cells=[
            new_code_cell(
                'Lesson("nato").reveal_sources()', metadata={"slideshow": {"slide_type": "slide"}}
            ),
            new_code_cell('Lesson("nato").annotator()'),
        ]
    )
    nb, _ = ReplaceReveals().preprocess(nb, {})
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source == NOTE
    assert nb.cells[0].metadata["slideshow"] == {"slide_type": "slide"}
    assert nb.cells[1].cell_type == "code"
