"""Proposed levels: each student's measures on a task of the rubric, and the level they propose.

From a collected class (``collect(...)``, the hand-ins of the task's article) and a task of the
rubric (``helpers.rubric``), ``propose(results, task)`` gives one ``Proposal`` per student: the
measures below (0 to 1, or None: nothing to compute them from), the level each criterion
reaches by its thresholds, the proposed level and the reasons in plain words. The teacher
confirms or changes each level (``gradebook.LevelsFile``): a proposal is never a grade.

The measures (``MEASURES`` in helpers.rubric names them; each counts only the task's parts):

* ``claims``: the share of the key's check-worthy claims the student annotated (their quote
  overlaps the key's: ``helpers.key.match_key``);
* ``verdicts``: on the key's claims the student annotated, where the key or the student gives a
  verdict, the share where they match. The key's rule: opinions, predictions and framing get
  no verdict, so a verdict on one is a mismatch, and so is a blank where the key has one;
* ``evidence``: the share of the student's annotations with a verdict that have something
  written in the evidence (the simple scheme's "What I found and where"; the research scheme's
  four evidence boxes). "Use as evidence" in the search box writes the source there;
* ``sources``: of the pages of the source pack the student used (as evidence from the search
  box, or named by their address in the evidence), the share that are good sources for that
  claim or part: the key names them for it, or the pack lists them for it and they are not a
  page to pass over (the article itself, a practice page, an aggregator, a copy site, a blog:
  ``helpers.classroom.answers.is_poor_first_click``) nor a ``NOT_EVIDENCE_KINDS`` page;
* ``written``: the share of the summing-up tasks (``WRITTEN_KIND`` questions) with at least
  ``MIN_WORDS`` words: only whether it is there, so never the top level (the teacher's).

**The proposed level is the lowest level any computable criterion reaches**: a level is
proposed when every criterion that could be computed reaches it, as a rubric's level describes
all of its look-fors at once. A measure that cannot be computed (no key yet, no verdict, no
source used) is left out and said so; with none left, the teacher decides. No hand-in for the
task's parts: no proposal (``handed_in`` False), never a lowest level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from helpers.rubric import MEASURES, MIN_WRITTEN_WORDS, TOP_LEVEL_BY_TEACHER, load_rubric
from helpers.sources import CLAIM_WHOLE_ARTICLE

if TYPE_CHECKING:
    import pandas as pd

    from helpers.classroom.report import ClassResults
    from helpers.rubric import Rubric, Task

#: The kind of written task the ``written`` measure counts (see helpers.questions.KINDS).
WRITTEN_KIND = "synthesis"
MIN_WORDS = MIN_WRITTEN_WORDS  # fewer is not a written answer yet (declared with the measures)
#: The field the evidence is written in (the search box's "Use as evidence" writes there too:
#: helpers.widgets.evidence.EVIDENCE_FIELD, the same name, which this layer cannot import).
EVIDENCE_FIELD = "evidence"
#: Kinds of page never evidence for a claim the pack lists them for, unless the key names them.
NOT_EVIDENCE_KINDS = ("state-aligned network",)
_URL_START = re.compile(r"^(https?://)?(www\.)?")


@dataclass
class Proposal:
    """One student's proposed level on one task: ``level`` (a level id, or None when no
    criterion could be computed or nothing was handed in), ``measures`` (measure -> value 0–1
    or None), ``levels`` (measure -> the level its criterion reaches, or None) and ``reasons``
    (one plain sentence per criterion)."""

    student: str
    task: str
    level: str | None
    handed_in: bool
    measures: dict = field(default_factory=dict)
    levels: dict = field(default_factory=dict)
    reasons: tuple = ()

    @property
    def why(self) -> str:
        """The reasons in one paragraph."""
        return " ".join(self.reasons)


def _share(done: int, of: int) -> float | None:
    return done / of if of else None


def _pct(done: int, of: int, what: str) -> str:
    """"4 of 6 ``what`` (67%)"."""
    return f"{done} of {of} {what} ({done / of:.0%})" if of else f"{done} of {of} {what}"


# -- what the task covers --------------------------------------------------------------------
class _TaskData:
    """The task's article, parts, key, source pack and summing-up questions, and the class's
    annotations, answers and searches in those parts."""

    def __init__(self, results: ClassResults, task: Task):
        from helpers.article import load_article

        self.task = task
        self.article = load_article(task.article)
        self.parts = tuple(task.parts or self.article.part_ids)
        notes = results.annotations
        self.annotations = notes[notes["part"].isin(self.parts)] if len(notes) else notes
        answers = results.answers
        if answers is not None and len(answers):
            ours = answers["question_id"].str.startswith(tuple(f"{p}-" for p in self.parts))
            answers = answers[ours & (answers["text"].str.strip() != "")]
        self.answers = answers
        searches = results.searches
        if searches is not None and len(searches):
            searches = searches[searches["part"].isin(self.parts)]
        self.searches = searches
        found = set(self.annotations["annotator"]) if len(self.annotations) else set()
        if self.answers is not None:
            found |= set(self.answers["annotator"])
        self.students = sorted(found)
        self.key = self._key()
        self.questions = self._questions()

    def _key(self) -> pd.DataFrame | None:
        """The key's claims in the task's parts, or None when there are none (yet)."""
        from helpers.key import key_frame, load_key

        self.key_items = load_key(article=self.article)["items"]
        if not self.key_items:
            return None
        frame = key_frame({"items": self.key_items})
        frame = frame[frame["part"].isin(self.parts)]
        return frame if len(frame) else None

    def _questions(self) -> list[str]:
        """The ids of the summing-up questions in the task's parts."""
        from helpers.questions import questions

        return [q.id for part in self.parts
                for q in questions(part, kind=WRITTEN_KIND, article=self.article)]

    def sources(self) -> tuple:
        """The article's source pack (none when it has no pack file)."""
        from helpers.sources import load_sources

        if not (self.article.folder / "sources" / "pack.json").is_file():
            return ()
        return load_sources(article=self.article)


# -- the measures ----------------------------------------------------------------------------
def _claims_and_verdicts(data: _TaskData) -> tuple[dict, dict]:
    """Per student, (value, reason) for ``claims`` and for ``verdicts``."""
    from helpers.key import NO_VERDICT, match_key

    claims, verdicts = {}, {}
    if data.key is None:
        for student in data.students:
            claims[student] = verdicts[student] = (None, "the answer key has no claims here yet")
        return claims, verdicts
    matched = match_key(data.annotations, data.key, data.students)
    for student, rows in matched.groupby("annotator"):
        worthy = rows[rows["key_worthy"]]
        found, of = int(worthy["flagged"].sum()), len(worthy)
        claims[student] = (
            _share(found, of),
            f"found {_pct(found, of, 'check-worthy claims')}" if of
            else "the key has no check-worthy claim here",
        )
        done = rows[rows["flagged"].astype(bool)]
        judged = done[(done["verdict"] != NO_VERDICT) | (done["key_verdict"] != NO_VERDICT)]
        same = int((judged["verdict"] == judged["key_verdict"]).sum())
        verdicts[student] = (
            _share(same, len(judged)),
            f"{_pct(same, len(judged), 'verdicts')} match the key" if len(judged)
            else "no verdict on the key's claims to compare",
        )
    return claims, verdicts


def _evidence_columns(columns) -> list[str]:
    """The class table's columns of the evidence field (its parts in the research scheme)."""
    return [c for c in columns if c == EVIDENCE_FIELD or c.startswith(EVIDENCE_FIELD + "_")]


def _written(cell) -> bool:
    return isinstance(cell, str) and bool(cell.strip())


def _evidence(data: _TaskData) -> dict:
    notes = data.annotations
    out = {}
    if not len(notes):
        return {s: (None, "no verdict given") for s in data.students}
    columns = _evidence_columns(notes.columns)
    verdict = notes["verdict"]
    given = notes[verdict.notna() & (verdict.astype(str).str.strip() != "")]
    for student in data.students:
        rows = given[given["annotator"] == student]
        backed = sum(any(_written(row[c]) for c in columns) for _, row in rows.iterrows())
        out[student] = (
            _share(backed, len(rows)),
            f"evidence written for {_pct(backed, len(rows), 'verdicts')}" if len(rows)
            else "no verdict given",
        )
    return out


def _address(text: str) -> str:
    """An address compared without its scheme, "www.", a final "/" or a cut-off "…"."""
    return _URL_START.sub("", text.strip().lower()).rstrip("…").rstrip("/")


def _key_addresses(data: _TaskData) -> dict:
    """Sentence id and part -> the addresses the key's items there name."""
    named: dict[str, set] = {}
    for item in data.key_items:
        for where in (item["sentence_id"], item["part"]):
            named.setdefault(where, set()).update(_address(s) for s in item.get("sources") or ())
    return named


def good_source(source, where: str, key_named: dict) -> bool:
    """True when ``source`` is a good source for ``where`` (a sentence id or a part id): never a
    page to pass over; else the key names it there, or the pack lists it there and it is not
    of a ``NOT_EVIDENCE_KINDS`` kind (a page on the whole article, e.g. who runs the site,
    counts in every part)."""
    from helpers.classroom.answers import is_poor_first_click

    if is_poor_first_click(source):
        return False
    if _address(source.url) in key_named.get(where, ()):
        return True
    bears = source.bears_on(where) or source.bears_on(CLAIM_WHOLE_ARTICLE)
    return bears and source.kind not in NOT_EVIDENCE_KINDS


def _sources(data: _TaskData) -> dict:
    pack = {s.id: s for s in data.sources()}
    addresses = [(s, _address(s.url)) for s in pack.values()]
    key_named = _key_addresses(data)
    used: dict[str, dict] = {s: {} for s in data.students}  # student -> (part, id) -> good?

    def use(student: str, part: str, source, where: str) -> None:
        if student in used:
            mark = (part, source.id)
            used[student][mark] = used[student].get(mark, False) or good_source(
                source, where, key_named)

    steps = data.searches
    if steps is not None and len(steps):
        for step in steps[steps["kind"] == "evidence"].itertuples():
            if step.source_id in pack:
                use(step.annotator, step.part, pack[step.source_id], step.part)
    notes = data.annotations
    columns = _evidence_columns(notes.columns) if len(notes) else []
    for _, row in notes.iterrows() if len(notes) else ():
        text = " ".join(row[c] for c in columns if _written(row[c]))
        text = text.lower().replace("https://", "").replace("http://", "").replace("www.", "")
        for source, address in addresses:
            if address and address in text:
                use(row["annotator"], row["part"], source, row["sentence_id"])
    out = {}
    for student, marks in used.items():
        good = sum(marks.values())
        out[student] = (
            _share(good, len(marks)),
            f"{_pct(good, len(marks), 'sources used')} are good sources for their claims"
            if marks else "no source from the source pack used",
        )
    return out


def _written_measure(data: _TaskData) -> dict:
    if not data.questions:
        return {s: (None, "no summing-up task in these parts") for s in data.students}
    answers = data.answers
    out = {}
    for student in data.students:
        done = 0
        if answers is not None and len(answers):
            mine = answers[(answers["annotator"] == student)
                           & answers["question_id"].isin(data.questions)]
            done = int((mine["text"].str.split().str.len() >= MIN_WORDS).sum())
        of = len(data.questions)
        out[student] = (
            _share(done, of),
            f"wrote {_pct(done, of, 'summing-up tasks')} with at least {MIN_WORDS} words",
        )
    return out


def task_measures(results: ClassResults, task: Task) -> dict:
    """Per student who handed in something for the task's parts: measure -> (value 0–1 or
    None, the reason in plain words). Only the measures the task's criteria use."""
    data = _TaskData(results, task)
    wanted = {c.id for c in task.criteria}
    found: dict[str, dict] = {}
    if wanted & {"claims", "verdicts"}:
        found["claims"], found["verdicts"] = _claims_and_verdicts(data)
    compute = {"evidence": _evidence, "sources": _sources, "written": _written_measure}
    for measure in wanted & set(compute):
        found[measure] = compute[measure](data)
    return {s: {m: found[m][s] for m in MEASURES if m in wanted} for s in data.students}


# -- the proposals ---------------------------------------------------------------------------
def propose(
    results: ClassResults,
    task: Task | str,
    rubric: Rubric | None = None,
    students: list[str] | None = None,
    measures: dict | None = None,
) -> list[Proposal]:
    """One Proposal per student (those who handed in something for the task, and
    ``students``, who may have handed in nothing), sorted by name. ``results`` must be the
    hand-ins of the task's article (``collect(folder, article=task.article)``); ``measures``,
    when given, are ``task_measures(results, task)`` already computed."""
    rubric = rubric or load_rubric()
    task = rubric.task(task) if isinstance(task, str) else task
    measures = task_measures(results, task) if measures is None else measures
    proposals = []
    for student in sorted(set(measures) | set(students or ())):
        mine = measures.get(student)
        if mine is None:
            proposals.append(Proposal(student, task.id, None, False,
                                      reasons=("Nothing handed in for this task yet.",)))
            continue
        levels, reasons = {}, []
        for criterion in task.criteria:
            value, reason = mine[criterion.id]
            levels[criterion.id] = criterion.level_for(value)
            if criterion.id in TOP_LEVEL_BY_TEACHER and value is not None:
                top, below = rubric.levels[-1], rubric.levels[-2].id
                levels[criterion.id] = min(levels[criterion.id], below, key=rubric.rank)
                reason += f"; whether it is good enough for {top.label} is for you to judge"
            shown = rubric.level(levels[criterion.id]).label if value is not None else (
                "not computed")
            reasons.append(f"{criterion.name}: {shown} ({reason}).")
        reached = [lv for lv in levels.values() if lv is not None]
        level = min(reached, key=rubric.rank) if reached else None
        if level is None:
            reasons.append("Nothing could be computed: judge this one yourself.")
        proposals.append(Proposal(student, task.id, level, True,
                                  {m: v for m, (v, _) in mine.items()}, levels, tuple(reasons)))
    return proposals


def proposals_table(proposals: list[Proposal], rubric: Rubric | None = None) -> pd.DataFrame:
    """The proposals as a table for the teacher: student, proposed level, then why."""
    import pandas as pd

    from helpers.errors import printable

    rubric = rubric or load_rubric()
    rows = [
        {
            "student": printable(p.student),
            "proposed level": rubric.level(p.level).label if p.level else (
                "" if not p.handed_in else "(for you to judge)"),
            "why": p.why,
        }
        for p in proposals
    ]
    return pd.DataFrame(rows, columns=["student", "proposed level", "why"])


def levels_summary(proposals: dict, rubric: Rubric | None = None) -> str:
    """One line per task: how many students handed in and the levels proposed, most first
    from the top level down, or "no hand-ins yet"."""
    rubric = rubric or load_rubric()
    lines = []
    for task_id, found in proposals.items():
        title, handed = rubric.task(task_id).title, [p for p in found if p.handed_in]
        if not handed:
            lines.append(f"{title}: no hand-ins yet.")
            continue
        levels = [p.level for p in handed]
        bits = [f"{levels.count(lv.id)} {lv.label}" for lv in reversed(rubric.levels)
                if lv.id in levels]
        bits += [f"{levels.count(None)} for you to judge"] if None in levels else []
        lines.append(f"{title}: {len(handed)} students handed in; proposed: {', '.join(bits)}.")
    return "\n".join(lines)


def results_for(folder, article: str):
    """The class's hand-ins of ``article`` under ``folder`` (None: the synthetic sample)."""
    from helpers.classroom.collect import collect

    return collect(folder, article=article)


def class_proposals(folder=None, rubric: Rubric | None = None) -> dict:
    """Task id -> the proposals of every task of the rubric, each from the hand-ins of its
    article under ``folder`` (None: the synthetic sample class); every student who handed in
    for any task has a proposal for every task (handed_in False where nothing is there)."""
    rubric = rubric or load_rubric()
    articles = dict.fromkeys(t.article for t in rubric.tasks)
    collected = {article: results_for(folder, article) for article in articles}
    measures = {t.id: task_measures(collected[t.article], t) for t in rubric.tasks}
    everyone = sorted({student for found in measures.values() for student in found})
    return {
        t.id: propose(collected[t.article], t, rubric, everyone, measures[t.id])
        for t in rubric.tasks
    }
