"""The synthetic class's other work: written answers, self-check tries and searches.

So that the class-results notebook can show what a real class hands in, each synthetic student
also answers the lessons' written questions (with text that says plainly it is synthetic),
tries each self-check question (right or wrong by profile), and searches the source pack (a
careless searcher opens the article itself or a copy site first). Deterministic for a seed.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

from helpers.classroom.answers import ARTICLE_SOURCE
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
#: How often a student answers a written question (a careful student answers them all).
ANSWER_SHARE = {"careful": 1.0}
ANSWER_USUAL = 0.85


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
            if rng.random() < ANSWER_SHARE.get(profile, ANSWER_USUAL):
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


# -- evidence: what a synthetic student writes in "What I found and where" ------------------
#: Per profile: (the least and the most share of their verdicts a student backs with
#: evidence, drawn once per student; the chance a piece of evidence says what the source says
#: and who is behind it, not only where; the chance its source is one the answer key names,
#: else the first search result for the claim, or the article itself).
EVIDENCE = {
    "careful": ((0.9, 1.0), 0.85, 1.0),
    "average": ((0.55, 1.0), 0.5, 0.9),
    "disagreer": ((0.5, 0.95), 0.35, 0.75),
    "overtagger": ((0.4, 0.85), 0.2, 0.6),
    "misser": ((0.0, 0.35), 0.1, 0.25),
}
#: A piece of evidence that is not full names where it was found this often; else only who.
WHERE_SHARE = 0.6
#: The key's and the pack's words for the teacher that a student would not write: "(general
#: knowledge)", "(the fact sheet cites …)"; a label inside brackets keeps the label.
_TEACHER_WORDS = (
    re.compile(r"[:;,]\s*general knowledge(?=\))", re.I),
    re.compile(r"\s*\([^()]*(?:fact sheet|general knowledge)[^()]*\)", re.I),
)


def plain(text: str) -> str:
    """``text`` (from the key or the source pack) without its words for the teacher."""
    for pattern in _TEACHER_WORDS:
        text = pattern.sub("", text)
    return text.strip()


def claim_query(quote: str, most: int = 4) -> str:
    """What a student types to check a claim: its names and figures (words after the first
    with a capital or a digit), else its first words of more than three letters."""
    words = [w.strip(".,;:!?\"“”'()") for w in quote.split()]
    picked = [w for w in words[1:] if w and (w[0].isupper() or any(c.isdigit() for c in w))]
    picked = picked or [w for w in words if len(w) > 3] or words
    return " ".join(dict.fromkeys(picked[:most]))


class EvidenceWriter:
    """One synthetic student's way of backing verdicts, by profile: how often (``rate``), how
    fully, and from which page of the article's source pack. Of their verdicts they back close
    to ``rate`` (a running credit, so that a share holds in a short hand-in too). ``judged``
    lists (key item, verdict) for every verdict given, ``used`` (sentence id, source id, the
    query that found it) for every page named with its address."""

    def __init__(self, profile: str, rng: random.Random, article):
        from helpers.sources import load_sources

        (low, high), self.full, self.keyed = EVIDENCE.get(profile, EVIDENCE["average"])
        self.rng, self.article = rng, article
        self.rate = rng.uniform(low, high)
        self.credit = rng.random()
        has_pack = article.is_default or (article.folder / "sources" / "pack.json").is_file()
        self.pack = load_sources(article=article) if has_pack else ()
        self.judged: list[tuple[dict, str]] = []
        self.used: list[tuple[str, str, str]] = []

    def _key_source(self, item: dict):
        """The first page the key names for the claim that is not a page to pass over first
        (the article itself, an aggregator, a copy site, a blog); None when there is none."""
        from helpers.classroom.answers import is_poor_first_click
        from helpers.classroom.grades import _address

        named = [_address(a) for a in item.get("sources") or ()]
        found = [s for a in named for s in self.pack if _address(s.url) == a]
        return next((s for s in found if not is_poor_first_click(s)), None)

    def _other_source(self, query: str):
        """The article itself when the pack has it, else the first result of a one-word
        search (``query``)."""
        from helpers.search import search

        for source in self.pack:
            if source.id == ARTICLE_SOURCE:
                return source
        found = search(query, limit=1, article=self.article)
        return found[0].source if found else None

    def write(self, item: dict, verdict) -> dict:
        """The evidence parts (full research scheme) for a verdict on the key item ``item``;
        {} when the student writes none."""
        rng = self.rng
        if verdict is None:
            return {}
        self.judged.append((item, verdict))
        self.credit += self.rate
        if not self.pack or self.credit < 1:
            return {}
        self.credit -= 1
        query = claim_query(item["quote"] or "")
        keyed = rng.random() < self.keyed
        source = self._key_source(item) if keyed else None
        if keyed and source is None:  # no page to trace it to: who wrote the claim, as the key
            who = plain((item.get("evidence") or {}).get("who", ""))
            return {"who": who} if who else {}
        if not keyed:
            query = claim_query(item["quote"] or "", most=1)
            source = self._other_source(query)
        if source is None:
            return {}
        if rng.random() < self.full:
            said = plain((item.get("evidence") or {}).get("original", "")) if keyed else ""
            if not said:  # the article itself says the claim; another page, its first line
                itself = source.id == ARTICLE_SOURCE and item.get("quote")
                line = item["quote"] if itself else (source.excerpts or ("",))[0]
                said = f"“{line}”" if line else ""
            others = plain((item.get("evidence") or {}).get("other_sources", "")) if keyed else ""
            self.used.append((item["sentence_id"], source.id, query))
            return {"who": f"{source.outlet} ({source.kind})", "original": said,
                    "citation": f"{source.title}, {source.outlet}: {source.url}",
                    "other_sources": others}
        if rng.random() < WHERE_SHARE:
            self.used.append((item["sentence_id"], source.id, query))
            return {"citation": f"{source.outlet}: {source.url}"}
        return {"citation": source.outlet}
