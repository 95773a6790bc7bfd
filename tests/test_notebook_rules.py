"""The lessons keep their promises: time plans that add up and name activities that exist,
nothing found before the student's attempt, and no more than 1,000 words of apparatus."""

from __future__ import annotations

import pytest

from helpers.article import PART_IDS
from helpers.tools import lesson_checks as checks

SECTIONS = list(zip(checks.SECTION_NOTEBOOKS, PART_IDS, strict=True))


@pytest.mark.parametrize("name, part", SECTIONS)
def test_time_plans_add_up_and_name_real_activities(name, part):
    nb = checks.load(name)
    plans = checks.time_plans(nb)
    assert {p.label for p in plans} >= {"In class", "On your own"}, [p.label for p in plans]
    headings = checks.headings(nb)
    for plan in plans:
        assert plan.minutes == plan.total, (plan.label, plan.rows)
        for _minutes, activity in plan.rows:
            assert any(h.startswith(activity) or activity.startswith(h) for h in headings), (
                f"{name}: '{activity}' in the {plan.label} plan is not a heading of the notebook"
            )


@pytest.mark.parametrize("name, part", SECTIONS)
def test_every_student_activity_is_in_the_class_plan(name, part):
    nb = checks.load(name)
    [plan] = [p for p in checks.time_plans(nb) if p.label == "In class"]
    planned = " | ".join(activity for _m, activity in plan.rows)
    for heading in checks.headings(nb):
        if heading.startswith(checks.ACTIVITY_HEADINGS):
            assert heading.split(":")[0] in planned, f"{name}: '{heading}' has no time planned"


@pytest.mark.parametrize("name, part", SECTIONS)
def test_nothing_is_given_away_before_the_exercise(name, part):
    nb = checks.load(name)
    assert checks.exercise_index(nb) is not None, f"{name} has no annotation exercise"
    findings = checks.load_findings()
    later = PART_IDS[PART_IDS.index(part) :]  # this part's findings and those of later lessons
    phrases = [phrase for p in later for phrase in findings.get(p, [])]
    assert not checks.leaks(nb, phrases)


@pytest.mark.parametrize("name, part", SECTIONS)
def test_at_most_1000_words_around_the_article(name, part):
    assert checks.student_words(checks.load(name)) <= checks.MAX_WORDS


def test_the_checks_read_a_plan_and_find_a_leak():
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "## Read the text\n## Discuss"},
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": "**In class (15 minutes)**\n\n| Minutes | Activity |\n|---:|---|\n"
                "| 10 | **Read the text**: aloud |\n| 5 | **Discuss**: pairs |\n",
            },
            {"cell_type": "markdown", "metadata": {"tags": ["teacher"]}, "source": "more than 90"},
            {"cell_type": "markdown", "metadata": {}, "source": "It was MORE THAN 1,100."},
            {
                "cell_type": "code",
                "metadata": {},
                "source": "Lesson('x').annotator()",
                "outputs": [],
            },
            {"cell_type": "markdown", "metadata": {}, "source": "more than 1,100 after"},
        ]
    }
    [plan] = checks.time_plans(nb)
    assert (plan.label, plan.total, plan.minutes) == ("In class", 15, 15)
    assert checks.leaks(nb, ["more than 1,100", "more than 90"]) == [(3, "more than 1,100")]
    assert checks.leaks(nb, ["THAN 1,10", "was M"]) == []  # whole words only
    assert checks.student_words(nb) == 4 + 14 + 5 + 4
