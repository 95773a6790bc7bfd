"""Self-check questions and their grading (helpers/selfcheck.py), without widgets."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.selfcheck import (
    SELFCHECK_DIR,
    answer_text,
    check_answer,
    correct_answer_text,
    load_selfcheck,
    normalise_answer,
)


@pytest.mark.parametrize(
    "doc, message",
    [
        ({"questions": "x"}, "list 'questions'"),
        ({"part": "russia", "questions": []}, "expected 'nato'"),
        ({"questions": [{"id": "q", "type": "essay", "prompt": "p"}]}, "'type' is 'essay'"),
        (
            {
                "questions": [
                    {
                        "id": "q",
                        "type": "multiple_choice",
                        "prompt": "p",
                        "choices": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
                        "answer": "c",
                    }
                ]
            },
            "not one of the choice ids",
        ),
        (
            {"questions": [{"id": "q", "type": "short_answer", "prompt": "p", "accept": []}]},
            "'accept'",
        ),
        (
            {
                "questions": [
                    {"id": "q", "type": "short_answer", "prompt": "p", "accept": ["1"]},
                    {"id": "q", "type": "short_answer", "prompt": "p", "accept": ["1"]},
                ]
            },
            "used twice",
        ),
    ],
)
def test_load_selfcheck_names_the_problem(tmp_path, doc, message):
    path = tmp_path / "nato.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)):
        load_selfcheck("nato", path)


def test_shipped_selfcheck_files_load():
    files = sorted(SELFCHECK_DIR.glob("*.json")) if SELFCHECK_DIR.is_dir() else []
    if not files:
        pytest.skip("no data/selfcheck/*.json yet")
    for f in files:
        questions = load_selfcheck(f.stem, f)
        assert questions, f
        for q in questions:
            assert q.get("explanation") and q.get("source"), (f.name, q["id"])


@pytest.mark.parametrize(
    "typed, folded",
    [
        ("  Thirty-Two. ", "thirty-two"),
        ("90,000", "90000"),
        ("90 000 troops", "90000 troops"),
        ("NATO’s “largest”", "nato's \"largest"),
        ("ｆｕｌｌ width", "full width"),
    ],
)
def test_normalise_answer(typed, folded):
    assert normalise_answer(typed) == folded


def test_check_answer_and_the_right_answer():
    mc = {
        "id": "q1",
        "type": "multiple_choice",
        "prompt": "p",
        "choices": [{"id": "a", "text": "Yes"}, {"id": "b", "text": "No"}],
        "answer": "a",
    }
    assert check_answer(mc, "a") and not check_answer(mc, "b") and not check_answer(mc, None)
    assert correct_answer_text(mc) == "Yes"
    assert answer_text(mc, "b") == "No" and answer_text(mc, "zz") == "zz"
    short = {"id": "q2", "type": "short_answer", "prompt": "p", "accept": ["32", "thirty-two"]}
    assert check_answer(short, " Thirty-Two. ") and not check_answer(short, "33")
    assert not check_answer(short, " . ")  # nothing left after folding
    assert correct_answer_text(short) == "32"
    assert correct_answer_text({**short, "answer_text": "32 countries"}) == "32 countries"
    assert answer_text(short, "typed") == "typed"


def test_grading_needs_no_widgets():
    folder = Path(__file__).parent / "fixtures" / "selfcheck"
    code = (
        "import sys; from helpers.selfcheck import load_selfcheck, check_answer; "
        f"q = load_selfcheck('nato', {str(folder)!r})[0]; "
        "assert check_answer(q, q['answer']); "
        "assert 'ipywidgets' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
