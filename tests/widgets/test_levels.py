"""The LevelsBoard: the teacher confirms or changes each student's level; the board is rebuilt
from the levels file, refuses a level changed elsewhere meanwhile and escapes every name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.classroom.gradebook import LevelsFile
from helpers.classroom.grades import Proposal
from helpers.rubric import load_rubric
from helpers.widgets.levels import LevelsBoard

from .widgetlib import XSS, XSS_ESCAPED

FIXTURE = Path(__file__).parent.parent / "fixtures" / "rubric.json"


@pytest.fixture
def rubric():
    return load_rubric(FIXTURE)


@pytest.fixture
def proposals():
    def p(student, task, level, handed_in=True):
        return Proposal(student, task, level, handed_in, reasons=(f"Because of {student}.",))

    return {
        "stakes-check": [p("ana", "stakes-check", "developing"),
                         p(XSS, "stakes-check", "beginning"),
                         p("cy", "stakes-check", None, handed_in=False)],
        "unit-handins": [p("ana", "unit-handins", "mastering")],
    }


@pytest.fixture
def levels(tmp_path, rubric):
    return LevelsFile(tmp_path / "levels.json", rubric)


def test_starts_on_the_first_task_and_student_with_the_proposal(proposals, levels, rubric):
    board = LevelsBoard(proposals, levels, rubric)
    assert board.task == "stakes-check" and board.student == XSS  # sorted: "<" before "a"
    board.student = "ana"
    assert board.student_choice.value == "ana"
    assert board.level.value == "developing"  # the proposal, until confirmed
    assert "proposed level <b>Developing</b>" in board.proposal.value
    assert "Because of ana." in board.proposal.value
    assert board.value == {}
    assert repr(board).startswith("The board to confirm each student's level")
    labels = [label for label, _ in board.student_choice.options]
    assert "cy (no hand-in)" in labels


def test_click_confirm_saves_and_the_board_is_rebuilt_from_the_file(proposals, levels, rubric):
    board = LevelsBoard(proposals, levels, rubric)
    board.student = "ana"
    board.level.value = "mastering"
    board.confirm_button.click()
    assert "Saved: ana, Mastering." in board.status.value
    assert board.value == {"ana": {"stakes-check": "mastering"}}
    saved = json.loads(levels.path.read_text(encoding="utf-8"))
    entry = saved["levels"]["ana"]["stakes-check"]
    assert entry["level"] == "mastering" and entry["proposed"] == "developing"
    again = LevelsBoard(proposals, LevelsFile(levels.path, rubric), rubric)  # after a restart
    assert again.value == board.value
    again.student = "ana"
    assert again.level.value == "mastering"
    assert "Confirmed: Mastering" in again.proposal.value
    assert "<td>Mastering</td>" in again.table.value
    again.withdraw_button.click()
    assert again.value == {} and "the proposal counts again" in again.status.value
    assert levels.level("ana", "stakes-check") is None


def test_a_level_changed_elsewhere_is_not_overwritten(proposals, levels, rubric):
    board = LevelsBoard(proposals, levels, rubric)
    board.student = "ana"
    levels.confirm("ana", "stakes-check", "beginning", by="mr-o")  # another notebook
    board.level.value = "mastering"
    board.confirm_button.click()
    assert "changed meanwhile" in board.status.value and "mr-o" in board.status.value
    assert levels.level("ana", "stakes-check") == "beginning"
    assert board.value == {"ana": {"stakes-check": "beginning"}}  # reloaded: it shows it now
    board.level.value = "mastering"
    board.confirm_button.click()  # now the teacher has seen it
    assert levels.level("ana", "stakes-check") == "mastering"


def test_names_are_escaped_and_a_bad_file_is_shown_not_raised(proposals, levels, rubric):
    board = LevelsBoard(proposals, levels, rubric)
    assert XSS not in board.proposal.value and XSS_ESCAPED in board.proposal.value
    assert XSS not in board.table.value and XSS_ESCAPED in board.table.value
    levels.path.write_text("{broken", encoding="utf-8")
    board.reload()
    assert "not valid JSON" in board.status.value
    board.level.value = "mastering"
    board.confirm_button.click()
    assert "not valid JSON" in board.status.value
    assert levels.path.read_text(encoding="utf-8") == "{broken"  # never replaced


def test_task_switch_and_nothing_to_withdraw(proposals, levels, rubric):
    board = LevelsBoard(proposals, levels, rubric)
    board.task_choice.value = "unit-handins"
    assert board.task == "unit-handins" and board.student == "ana"
    assert board.level.value == "mastering"
    board.withdraw_button.click()
    assert "no confirmation to withdraw" in board.status.value


def test_the_board_brings_the_shared_style_sheet(proposals, levels, rubric):
    """Its drop-downs keep their arrow keys in JupyterLab (the style sheet's page observer; by
    keyboard in tests/browser/test_teacher_widgets.py); the level is a RadioGroup."""
    from helpers.widgets.controls import RadioGroup, styles

    board = LevelsBoard(proposals, levels, rubric)
    assert styles() in board.children and isinstance(board.level, RadioGroup)
