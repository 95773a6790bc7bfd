"""The synthetic class's end-of-unit check: written answers and searches on the check's post.

After the lessons the synthetic students (``helpers.classroom.sample_class``: the same names
and profiles) take the end-of-unit check, a post written for the course
(data/articles/end-of-unit). Their annotations come the way the lessons' do, from the post's
answer key; this module adds the rest of what the Hand in button sends for that post:

* searches: for each claim a student backed with a page of the check's source pack, what they
  typed (the claim's names and figures), the page they opened (a careless searcher opens the
  first result first) and "Use as evidence" on the page they named;
* the reading question answered briefly or fully, or not at all;
* the written verdict with the check's writing frame ("The claim I checked is … . I searched
  for … and found … . The source I trust most is … because … . So the claim … because … ."),
  as fully as the student backs their verdicts with evidence (their profile's skill): the whole
  frame (with why the source can be
  trusted, from the pack's note on the page), the frame without the why, an opinion of a few
  words, or nothing.

Every fact in an answer comes from the key or the source pack: the claim's own words, the
key's note on it (only when the student's verdict is the key's), the page's title, outlet and
trust note. Every answer starts with "(Synthetic)". Deterministic for a seed.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

from helpers.classroom.sample_work import plain
from helpers.work import Answer, Attempt, SearchEvent

#: How fully a student writes follows their skill at backing verdicts (the EvidenceWriter's
#: ``rate``, drawn by profile): from this rate up, the whole frame (0), the frame without the
#: why (1), a few words (2); below the last, nothing (3). On a bad day (``BAD_DAY``), one lower.
FRAME_FROM = (0.8, 0.45, 0.15)
BAD_DAY = 0.1
#: Profiles that open the first result before reading the list.
CARELESS = ("misser", "overtagger")
#: What a student writes who has not checked anything (an opinion of the post, no fact).
FEW_WORDS = (
    "This post is fake. I would not share it.",
    "It wants me to share it, so it is probably fake.",
    "I don't trust this post.",
)
MARK = "(Synthetic) "
_NOTE_START = re.compile(r"^(Holds up|Unverified)[:.]\s*")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9\")])\.\s+(?=[A-Z])")


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def _first_sentence(text: str) -> str:
    """The first sentence of a key note or a trust note, without a leading "Holds up:" or
    "Unverified." and without words for the teacher."""
    text = _NOTE_START.sub("", plain(text))
    return _SENTENCE_END.split(text, maxsplit=1)[0].rstrip(".") + "."


def _lower_article(text: str) -> str:
    """``text`` with a leading "A", "An" or "The" in lower case (to follow "it is")."""
    first, _, rest = text.partition(" ")
    return f"{first.lower()} {rest}" if first in ("A", "An", "The") else text


def _so_the_claim(verdict: str) -> str:
    """"So the claim holds up" in the simple scheme's words for a verdict (research-scheme
    id); "So I can't tell yet whether the claim holds up" for no verdict yet."""
    from helpers.scheme import load_scheme

    field = load_scheme("simple").by_name["verdict"]
    label, holds = (field.choice(field.gathered[v]).label.lower()
                    for v in (verdict, "supported"))
    return (f"So I {label} whether the claim {holds}" if verdict == "not_enough_info"
            else f"So the claim {label}")


def _frame(item: dict, verdict: str, source, query: str, why: bool) -> str:
    """The written verdict in the frame, on the key item ``item`` and the page ``source``: the
    why (who is behind the page) from the pack's trust note; a page of a kind that is never
    evidence (a state-aligned network) is named as the only one found, not trusted."""
    from helpers.classroom.grades import NOT_EVIDENCE_KINDS

    key_says = item.get("verdict") == verdict and item.get("note")
    reason = (f"because of what I found: {_first_sentence(item['note'])}" if key_says
              else "because of what I found there.")
    text = (f"The claim I checked is that “{item['quote']}”. I searched for “{query}” and found "
            f"{source.title} ({source.outlet}). ")
    trust = _lower_article(_first_sentence(source.trust).rstrip(".")) if source.trust else ""
    if why and trust and source.kind in NOT_EVIDENCE_KINDS:
        text += (f"It is the only page I found with it, and I do not trust it much, because it "
                 f"is {trust}. ")
    elif why and trust:
        text += f"The source I trust most is {source.outlet}, because it is {trust}. "
    return text + f"{_so_the_claim(verdict)} {reason}"


def _reading(article, quality: int) -> str:
    """The reading question (who wrote it, where its information comes from) at ``quality``
    (0 the whole answer … 2 a few words)."""
    outlet = article.metadata.get("outlet") or "A website"
    return (
        f"{outlet}. The post names no reporter and says its information comes from senior "
        "officials and sources it does not name, so I have to check each claim myself.",
        f"{outlet}. It does not say who its sources are.",
        "A news website.",
    )[quality]


def endofunit_work(
    name: str, profile: str, rng: random.Random, start: datetime, article, writer
) -> tuple[list[Answer], list[Attempt], list[SearchEvent]]:
    """One synthetic student's answers and searches on ``article`` (no self-check tries: the
    check has none), from ``start``. ``writer`` is the student's EvidenceWriter, after their
    annotations: the pages they named (``used``) and their verdicts (``judged``)."""
    from helpers.questions import questions
    from helpers.search import search

    pack = {s.id: s for s in writer.pack}
    part = article.part_ids[0]
    answers, searches, when = [], [], start
    checked = []  # (item, verdict, source, query)
    for item, verdict in writer.judged:
        used = [(sid, query) for sentence, sid, query in writer.used
                if sentence == item["sentence_id"]]
        if not used:
            continue
        used, query = [used[0][0]], used[0][1]
        when += timedelta(seconds=rng.randrange(20, 90))
        searches.append(SearchEvent(name, "query", query, "", part, _stamp(when)))
        found = [r.source.id for r in search(query, limit=3, article=article)]
        opened = ([found[0]] if found and profile in CARELESS else []) + used[:1]
        for source_id in dict.fromkeys(opened):
            when += timedelta(seconds=rng.randrange(10, 60))
            searches.append(SearchEvent(name, "open", "", source_id, part, _stamp(when)))
        when += timedelta(seconds=rng.randrange(5, 30))
        searches.append(SearchEvent(name, "evidence", "", used[0], part, _stamp(when)))
        checked.append((item, verdict, pack[used[0]], query))
    quality = sum(writer.rate < least for least in FRAME_FROM)
    if rng.random() < BAD_DAY:
        quality = min(3, quality + 1)
    if quality < 2 and not checked:
        quality = 2
    for question in questions(part, article=article):
        if quality == 3:
            break
        when += timedelta(seconds=rng.randrange(60, 300))
        if question.kind == "synthesis":
            if quality < 2:
                text = _frame(*rng.choice(checked), why=quality == 0)
            else:
                text = rng.choice(FEW_WORDS)
        else:
            text = _reading(article, quality)
        answers.append(Answer(name, question.id, MARK + text, _stamp(when)))
    return answers, [], searches
