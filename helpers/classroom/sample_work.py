"""The synthetic class's other work: written answers, self-check tries and searches.

So that the class-results notebook can show what a real class hands in, each synthetic student
also answers the lessons' written questions (with text that says plainly it is synthetic),
tries each self-check question (right or wrong by profile), and searches the source pack (a
careless searcher opens the article itself or a copy site first). Deterministic for a seed.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from helpers.work import Answer, Attempt, SearchEvent

#: What a synthetic student types into the search box, by part.
QUERIES = {
    "lede": ("who runs BNN Breaking", "BNN Breaking"),
    "alliance": ("Séjourné Vilnius", "Macron troops Ukraine 26 February"),
    "nato": ("Steadfast Defender start date", "more than 1,100 combat vehicles"),
    "russia": ("Slutsky Gapon", "Slutsky LDPR"),
    "stakes": ("Stoltenberg no plans", "Scholz ground troops"),
}
#: Pages a careless searcher opens first (the article itself, a state-aligned channel).
CARELESS_FIRST = {"lede": "bnn-article", "russia": "pravda-fr-slutsky-2024-03-10"}
RIGHT_SHARE = {"careful": 0.9, "average": 0.7, "misser": 0.5, "disagreer": 0.6, "overtagger": 0.6}


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def student_work(
    name: str, profile: str, rng: random.Random, start: datetime
) -> tuple[list[Answer], list[Attempt], list[SearchEvent]]:
    """One synthetic student's answers, self-check tries and search steps, from ``start``."""
    from helpers.article import PART_IDS
    from helpers.questions import questions
    from helpers.search import search
    from helpers.selfcheck import load_selfcheck

    answers, attempts, searches = [], [], []
    when = start
    right = RIGHT_SHARE.get(profile, 0.7)
    for part in PART_IDS:
        for query in QUERIES[part][: 1 + rng.randrange(2)]:
            when += timedelta(seconds=rng.randrange(20, 90))
            searches.append(SearchEvent(name, "query", query, "", part, _stamp(when)))
            found = [result.id for result in search(query, limit=3)]
            careless = profile in ("misser", "overtagger") and part in CARELESS_FIRST
            opened = ([CARELESS_FIRST[part]] if careless else []) + found[:1]
            for source_id in opened:
                when += timedelta(seconds=rng.randrange(10, 60))
                searches.append(SearchEvent(name, "open", "", source_id, part, _stamp(when)))
            if found and rng.random() < right:
                when += timedelta(seconds=rng.randrange(5, 30))
                searches.append(SearchEvent(name, "evidence", "", found[0], part, _stamp(when)))
        for question in questions(part):
            if rng.random() < 0.85:
                when += timedelta(seconds=rng.randrange(30, 120))
                text = (
                    f"Synthetic answer ({profile} profile) to “{question.text[:40]}…”: "
                    "made up for the demonstration, not a real student's words."
                )
                answers.append(Answer(name, question.id, text, _stamp(when)))
        for item in load_selfcheck(part):
            for attempt in range(1 + (rng.random() > right)):
                when += timedelta(seconds=rng.randrange(10, 40))
                correct = attempt > 0 or rng.random() < right
                attempts.append(Attempt(name, item["id"], "(synthetic)", correct, _stamp(when)))
    return answers, attempts, searches
