"""Self-check questions and their grading (helpers/selfcheck.py), without widgets."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers.answer_reading import normalise_answer, typo_distance
from helpers.selfcheck import (
    BLANK_MESSAGE,
    LONG_MESSAGE,
    SELFCHECK_DIR,
    answer_text,
    check_answer,
    correct_answer_text,
    grade_answer,
    load_selfcheck,
)

PARTS = ("lede", "alliance", "nato", "russia", "stakes")
SHIPPED = {q["id"]: q for part in PARTS for q in load_selfcheck(part)}

#: Made-up questions for what the shipped ones do not show.
LED = {
    "id": "led",
    "type": "short_answer",
    "prompt": "Who led the march that ended in Bloody Sunday?",
    "accept": ["gapon", "georgy gapon"],
    "names": ["Georgy Gapon"],
    "keywords": [["priest", "led|leader"]],
}
TROOPS = {
    "id": "troops",
    "type": "short_answer",
    "prompt": "How many troops take part?",
    "accept": ["90,000", "90,000 troops"],
}
#: A short answer with a year beside the name (once shipped as lede-q6).
REFORGER = {
    "id": "reforger",
    "type": "short_answer",
    "prompt": "Reuters, citing NATO, named two earlier exercises of similar size. Which of them "
    "had more troops than Steadfast Defender 2024?",
    "accept": ["reforger", "reforger 1988", "reforger '88", "reforger 88"],
    "keywords": [["reforger"]],
    "answer_text": "Reforger 1988, with 125,000 troops.",
}
MADE_UP = {"led": LED, "troops": TROOPS, "reforger": REFORGER}


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
        (
            {
                "questions": [
                    {
                        "id": "q",
                        "type": "short_answer",
                        "prompt": "p",
                        "accept": ["1"],
                        "keywords": ["priest"],
                    }
                ]
            },
            "'keywords' must be a list of groups",
        ),
        (
            {
                "questions": [
                    {
                        "id": "q",
                        "type": "short_answer",
                        "prompt": "p",
                        "accept": ["1"],
                        "keywords": [["the|priest"]],
                    }
                ]
            },
            "keyword 'the|priest' has no words to compare",
        ),
        (
            {
                "questions": [
                    {
                        "id": "q",
                        "type": "short_answer",
                        "prompt": "p",
                        "accept": ["1"],
                        "names": "Macron",
                    }
                ]
            },
            "'names' must list full names",
        ),
        (
            {"questions": [{"id": "q", "type": "short_answer", "prompt": "p", "accept": ["?!"]}]},
            "accepted answer '?!' has no words",
        ),
        (
            {
                "questions": [
                    {"id": "q", "type": "short_answer", "prompt": "p", "accept": ["1"], "hint": 2}
                ]
            },
            "'hint' must be text",
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


#: Words of the project's own notes that students never see.
JARGON = ("fact sheet", "stored", "teaching note", "background knowledge", "first floated")


@pytest.mark.parametrize("part", PARTS)
def test_most_questions_ask_for_a_judgement_not_recall(part):
    """5-7 questions a part, at most a third of them recall of this story's dates, names and
    numbers; the rest a judgement a student can use on other news."""
    questions = load_selfcheck(part)
    assert 5 <= len(questions) <= 7, part
    kinds = [q.get("kind") for q in questions]
    assert set(kinds) <= {"recall", "judgement"}, kinds
    assert 3 * kinds.count("recall") <= len(questions), kinds
    for q in questions:
        shown = [
            q["prompt"],
            q["explanation"],
            q["source"],
            q.get("answer_text", ""),
            q.get("hint", ""),
            *(c["text"] for c in q.get("choices", [])),
        ]
        for text in shown:
            assert not any(word in text.lower() for word in JARGON), (q["id"], text)


@pytest.mark.parametrize(
    "typed, folded",
    [
        ("  Thirty-Two. ", "32"),
        ("90,000", "90000"),
        ("90 000 troops", "90000 troops"),
        ("90\u202f000", "90000"),
        ("90 thousand", "90000"),
        ("ninety thousand", "90000"),
        ("one hundred and twenty-five thousand", "125000"),
        ("NATO’s “largest”", "nato largest"),
        ("ｆｕｌｌ width", "full width"),
        ("Séjourné", "sejourne"),
        ("The A.I. chop-shop", "ai chop shop"),
        ("8th March", "8 march"),
        ("March 8th, 2024", "8 march 2024"),
        ("on the eighth of March", "on 8 march"),
        ("8 Mar. 2024", "8 march 2024"),
        ("2024-03-08", "8 march 2024"),
        ("Febuary 3", "3 february"),
        ("7 March to 10 March", "7 march to 10 march"),
        ("the one who led", "one who led"),  # a lone "one" is a word
        ("first", "first"),  # ordinal words are numbers only in dates
        ("Gap\u200bon\x00\n", "gapon"),
    ],
)
def test_normalise_answer(typed, folded):
    assert normalise_answer(typed) == folded


@pytest.mark.parametrize(
    "a, b, distance",
    [
        ("priest", "priest", 0),
        ("preist", "priest", 1),  # two letters swapped
        ("prist", "priest", 1),  # one missing
        ("priests", "priest", 1),  # one extra
        ("pribst", "priest", 1),  # one wrong
        ("gaponov", "gapon", 2),
        ("sunday", "monday", 2),
        ("", "abc", 2),
    ],
)
def test_typo_distance(a, b, distance):
    assert typo_distance(a, b) == distance == typo_distance(b, a)


# question, typed, right
GRADING = [
    # the two examples
    ("russia-q3", "A priest who led Bloody Sunday", True),
    ("alliance-q8", "Emmanuel Macron, the president", True),
    # names: the surname is enough, a typo in it is forgiven; not a longer name, not negated
    ("alliance-q8", "Macron", True),
    ("alliance-q8", "MACRON!!", True),
    ("alliance-q8", "Emmanuel Macrón", True),  # accents do not count
    ("alliance-q8", "Emmanuel", False),
    ("alliance-q8", "who", False),
    ("alliance-q8", "Macorn", True),
    ("alliance-q8", "President of France", True),
    ("alliance-q8", "the French president", True),
    ("alliance-q8", "Macron, not Séjourné", True),
    ("alliance-q8", "Séjourné", False),
    ("alliance-q8", "not Macron", False),
    ("alliance-q8", "Emmanuel Macronov", False),
    ("alliance-q8", "Putin, the president", False),
    ("alliance-q8", "the president", False),
    # key words as whole words, in any phrasing
    ("russia-q3", "priest", True),
    ("russia-q3", "an Orthodox priest", True),
    ("russia-q3", "Preist", True),
    ("russia-q3", "Father Gapon", True),
    ("russia-q3", "he led the workers' march to the Winter Palace", True),
    ("russia-q3", "the Tsar", False),
    ("russia-q3", "not a priest", False),
    ("russia-q3", "priesthood", False),
    ("russia-q3", "Gapon", False),  # only repeats the question
    ("russia-q3", "he was killed on Bloody Sunday", False),
    ("led", "Gapon", True),
    ("led", "Father Gapon", True),
    ("led", "a priest who led Bloody Sunday", True),
    ("led", "the Tsar", False),
    ("led", "Gaponov", False),
    ("led", "Georgy", False),
    # dates: "8 March" in any unambiguous form; another day or year stays wrong
    ("alliance-q3", "8 March", True),
    ("alliance-q3", "8th March", True),
    ("alliance-q3", "March 8", True),
    ("alliance-q3", "March 8th, 2024", True),
    ("alliance-q3", "on Friday the 8th of March", True),
    ("alliance-q3", "the eighth of March", True),
    ("alliance-q3", "8 Mar.", True),
    ("alliance-q3", "2024-03-08", True),
    ("alliance-q3", "8/3", True),  # listed in the file's accepted answers
    ("alliance-q3", "9 March", False),
    ("alliance-q3", "8 March 2023", False),
    ("alliance-q3", "8 March or 9 March", False),
    ("alliance-q3", "3/8", False),  # month first or day first? not guessed
    ("alliance-q3", "8 Marhc 2024", True),  # a typo in a month name cannot make another month
    ("nato-q1", "January 22nd, 2024", True),
    ("nato-q1", "24th of Jan", True),
    ("nato-q1", "in late January", True),
    ("nato-q1", "between 22 and 24 January 2024", True),
    ("nato-q1", "18 January", False),
    ("nato-q1", "in early January", False),
    ("nato-q1", "January 2023", False),
    # numbers: separators and words, never a typo
    ("troops", "90,000", True),
    ("troops", "90 000", True),
    ("troops", "90000", True),
    ("troops", "90 thousand", True),
    ("troops", "ninety thousand troops", True),
    ("troops", "80,000", False),
    ("troops", "9,000", False),
    ("troops", "900,000", False),
    ("troops", "90,001", False),
    ("nato-q6", "133 and 166", True),
    ("nato-q6", "166 / 133", True),
    ("nato-q6", "133,166", True),
    ("nato-q6", "133 tanks (Reuters) and 166 tanks (NATO's video)", True),
    ("nato-q6", "one hundred thirty-three and one hundred sixty-six", True),
    ("nato-q6", "133", False),
    ("nato-q6", "133 and 165", False),
    ("nato-q6", "133 and 166 and 533", False),
    ("stakes-q6", "three", True),
    ("stakes-q6", "3 days: 7 March to 10 March", True),
    ("stakes-q6", "4 days", False),
    ("stakes-q6", "3 or 4 days", False),
    ("stakes-q6", "30 days", False),
    ("stakes-q6", "3,000 days", False),
    # punctuation, articles, accents, case
    ("lede-q9", "The A.I. chop-shop", True),
    ("lede-q9", "a chop shop for AI news", True),
    ("lede-q9", "chop", False),
    ("lede-q9", "content farm", False),
    ("russia-q7", "the L.D.P.R.", True),
    ("russia-q7", "Liberal Democratic Party of Russia", True),
    ("russia-q7", "United Russia", False),
    ("reforger", "REFORGER (1988)", True),
    ("reforger", "Reforger 1988, with 125,000 troops", True),
    ("reforger", "Reforjer", True),
    ("reforger", "Trident Juncture", False),
    # control characters
    ("alliance-q8", "Mac\u200bron", True),
    ("alliance-q8", "\tMacron\r\n", True),
    ("alliance-q8", "Macron\x00\x1b", True),
]


@pytest.mark.parametrize("qid, typed, right", GRADING)
def test_grading_is_forgiving_but_not_about_facts(qid, typed, right):
    question = SHIPPED.get(qid) or MADE_UP[qid]
    grade = grade_answer(question, typed)
    assert grade.correct is right and check_answer(question, typed) is right
    assert grade.graded
    assert "wrong" not in grade.message.lower()
    if right:
        assert grade.message == f"Yes — the full answer: {correct_answer_text(question)}"


# question, typed, what the kind message says
MESSAGES = [
    ("alliance-q3", "9 March", "Check the date “9 March”"),
    ("alliance-q3", "8 March 2023", "Check the year 2023"),
    ("alliance-q3", "3/8", "Write the month as a word"),
    ("nato-q6", "133 and 165", "Check the number 165"),
    ("nato-q6", "133", "two numbers"),  # the question's hint
    ("stakes-q6", "a few days", "Count the days"),
    ("russia-q3", "Gapon", "repeats words from the question. Say what Gapon's job was"),
    ("russia-q3", "Bloody Sunday", "Say what Gapon's job was, or what he led."),
    ("alliance-q8", "Emmanuel", "add the surname"),
    ("led", "a priest", "Your answer has “priest”, but not “led”."),
    ("russia-q3", "the Tsar", ""),  # nothing to add: the feedback shows the answer
]


@pytest.mark.parametrize("qid, typed, says", MESSAGES)
def test_a_close_answer_is_told_what_is_missing(qid, typed, says):
    question = SHIPPED.get(qid) or MADE_UP[qid]
    grade = grade_answer(question, typed)
    assert not grade.correct and grade.graded
    assert says in grade.message if says else grade.message == ""


@pytest.mark.parametrize("typed", ["", "   ", "\t\n", " . ", "\u200b", "\x00\x01", None])
def test_a_blank_answer_is_not_graded_and_is_asked_for_kindly(typed):
    grade = grade_answer(SHIPPED["russia-q3"], typed)
    assert grade == grade_answer(TROOPS, typed)
    assert not grade.correct and not grade.graded and grade.message == BLANK_MESSAGE


@pytest.mark.parametrize(
    "typed",
    [
        "x" * 10_000,
        "priest " * 1_500,
        "Gapon was a priest " + "y" * 9_980,
        "\x00" * 10_000,
        "٣" * 10_000,  # digits of another script
    ],
)
def test_a_very_long_answer_is_handled_quickly(typed):
    start = time.perf_counter()
    grade = grade_answer(SHIPPED["russia-q3"], typed)
    normalise_answer(typed)
    assert time.perf_counter() - start < 0.5
    assert not grade.correct and not grade.graded and grade.message == LONG_MESSAGE


def test_a_long_answer_within_the_limit_is_graded_quickly():
    typed = "Gapon was an Orthodox priest. " + "He led the march on Bloody Sunday. " * 7
    start = time.perf_counter()
    assert check_answer(SHIPPED["russia-q3"], typed)
    assert not check_answer(SHIPPED["russia-q3"], "a" * 40 + " tsar " + "b" * 500)
    assert time.perf_counter() - start < 0.5


def test_every_shipped_accepted_answer_and_keyword_group_is_right():
    for question in [*SHIPPED.values(), REFORGER]:
        if question["type"] != "short_answer":
            continue
        for accepted in question["accept"]:
            assert check_answer(question, accepted), (question["id"], accepted)
            assert check_answer(question, f"  {accepted.upper()}. "), (question["id"], accepted)
        for group in question.get("keywords", []):
            typed = " and ".join(item.split("|")[-1] for item in group)
            assert check_answer(question, typed), (question["id"], typed)
        for name in question.get("names", []):
            assert check_answer(question, name), (question["id"], name)


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
    assert check_answer(short, "thirty two") and not check_answer(short, "thirty three")
    assert not check_answer(short, " . ")  # nothing left after folding
    assert not check_answer(short, "3") and not check_answer(short, "320")  # no typo in numbers
    assert grade_answer(mc, None).message == "Choose an answer first."
    assert grade_answer(mc, "b").message == ""  # the widget says "Not quite" and the answer
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
