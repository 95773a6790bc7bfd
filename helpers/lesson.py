"""One lesson = one part of the article: its text, glossary, context, exercise and answers.

Every cell of a lesson notebook stands on its own, so it works after a kernel restart whichever
cell a student runs first::

    from helpers.lesson import Lesson
    Lesson("nato").annotator()     # the annotation exercise (a widget)

``text()``, ``glossary()``, ``people()``, ``organisations()``, ``timeline()``,
``timeline_table()``, ``exercise_figures()``, ``about_article()``, ``sift_steps()`` and
``banner()`` show the lesson's material; ``annotator()``, ``answer(question_id)``, ``search()``,
``selfcheck()``, ``handin()`` and the reveals (``reveal_sift()``, ``reveal_sources()``,
``reveal_synthesis()``: each opens once the student has tried) are the widgets; ``answer_key()``
is the teacher's.

The lesson's prose (objectives, time plan, discussion, teacher notes) lives in the notebook's
markdown, where teachers read and edit it. data/lessons/<part>.json holds what these helpers
render: the SIFT move's steps and findings, "what the sources say" about each checked claim,
the written tasks (``questions``, see ``helpers.questions``) and (for the last part) the unit's
findings. The answer key (the reference annotation of every check-worthy claim) is
data/key/answer_key.json. All are plain files a teacher can read.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from helpers import context
from helpers.article import PART_IDS, load_article
from helpers.cite import linked, named_sources
from helpers.paths import DATA

KEY_PATH = DATA / "key" / "answer_key.json"
VERDICT_STYLE = {
    "supported": ("#009E73", "✔"),
    "refuted": ("#D55E00", "✘"),
    "misleading": ("#E69F00", "≈"),
    "not_enough_info": ("#999999", "?"),
}

#: Environment variables Voilà sets in the kernels it starts (reader mode).
VOILA_VARIABLES = ("VOILA_KERNEL_ID", "VOILA_REQUEST_URL", "VOILA_BASE_URL", "VOILA_SERVER_URL")
BANNER_STYLE = (
    "border-left:6px solid #2a6f97;background:#eef6fb;color:#123;padding:0.5em 0.9em;"
    "margin:0.3em 0;max-width:700px;line-height:1.45;overflow-wrap:anywhere"
)
BANNER_LAB = (
    "<li>Choose <b>Run ▸ Run All Cells</b> (menu at the top), or ask your teacher for "
    "<b>reader mode</b>: the page without code.</li>"
    "<li>A box that says it “appears here when the lesson runs”? Choose "
    "<b>Run ▸ Run All Cells</b> again.</li>"
    "<li>Your work is saved on this computer as you go.</li>"
)
BANNER_READER = (
    "<li>The page is ready: read from the top, type in the boxes and click the buttons.</li>"
    "<li>Your work is saved on this computer as you go.</li>"
)
PLAIN_LAB = (
    "How to use this lesson: choose Run ▸ Run All Cells, or open the lesson in reader mode. "
    "Your work is saved on this computer as you go."
)
PLAIN_READER = (
    "How to use this lesson: the page is ready. Read from the top, type in the boxes and click "
    "the buttons. Your work is saved on this computer as you go."
)
#: The written answer that opens the unit's findings (``reveal_synthesis``).
SYNTHESIS_QUESTION = "stakes-synthesis-1"


class HTML:
    """Trusted HTML built here (every piece of data inside is escaped); ``plain`` is what a
    page that shows no HTML shows instead."""

    def __init__(self, markup: str, plain: str = "HTML output (open in JupyterLab to see it)"):
        self.markup = markup
        self.plain = plain

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.plain


def in_reader_mode() -> bool:
    """True in a kernel that Voilà started (reader mode): there is nothing to run there."""
    return any(os.environ.get(name) for name in VOILA_VARIABLES)


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def load_key(path: Path | None = None) -> list[dict]:
    """The answer key's items (every part)."""
    doc = json.loads((path or KEY_PATH).read_text(encoding="utf-8"))
    return doc["items"]


@dataclass
class Lesson:
    part: str

    def __post_init__(self):
        if self.part not in PART_IDS:
            raise ValueError(f"part: {self.part!r} is not a part; choose one of {PART_IDS}")

    # -- data ---------------------------------------------------------------------------------
    @cached_property
    def article(self):
        return load_article()

    @cached_property
    def data(self) -> dict:
        """data/lessons/<part>.json: ``sift_move``, ``sources_say``, ``questions``, (last part)
        ``synthesis``."""
        return json.loads((DATA / "lessons" / f"{self.part}.json").read_text(encoding="utf-8"))

    @cached_property
    def key(self) -> list[dict]:
        return [k for k in load_key() if k["part"] == self.part]

    # -- student-facing -----------------------------------------------------------------------
    def banner(self) -> HTML:
        """"How to use this lesson", at the top of the notebook: in JupyterLab, run all cells
        (or open reader mode); in reader mode, the page is ready."""
        reader = in_reader_mode()
        return HTML(
            f'<div class="lesson-banner" role="note" style="{BANNER_STYLE}">'
            '<p style="margin:0 0 0.3em 0"><strong>How to use this lesson</strong></p>'
            '<ul style="margin:0;padding-left:1.3em">'
            f"{BANNER_READER if reader else BANNER_LAB}</ul></div>",
            plain=PLAIN_READER if reader else PLAIN_LAB,
        )

    def text(self) -> HTML:
        """The part of the article, sentences numbered (every character escaped)."""
        return HTML(self.article.render(self.part))

    def glossary(self):
        """Words to know in this part, with where each definition comes from."""
        g = context.glossary(self.part)[["term", "definition", "source"]]
        return _table(g)

    def people(self, names: list[str], notes: bool = True):
        """People from data/context/people.csv, in the order given."""
        p = context.people(names)
        p = p.set_index("name").loc[[n for n in names if n in set(p["name"])]].reset_index()
        cols = ["name", "role", "note", "source", "status"] if notes else [
            "name", "role", "country", "source"]
        return _table(p[cols])

    def organisations(self, names: list[str]):
        o = context.load("organisations")
        o = o[o["name"].isin(names)][["name", "what", "note", "source", "status"]]
        return _table(o)

    def timeline(self, start: str, end: str, title: str | None = None,
                 match: str | None = None):
        """A chart of the dated events between two ISO dates, in their real order."""
        from helpers.charts import timeline_chart

        events = _match(context.timeline(start, end), match)
        return timeline_chart(
            events,
            title=title or f"What happened, in order: {start} to {end}",
            source=named_sources(events["source"]),
            label="short",
        )

    def timeline_table(self, start: str, end: str, match: str | None = None):
        """The same events as a table, each with its source; ``match`` filters by a regex."""
        t = _match(context.timeline(start, end), match)
        return _table(t[["date", "event", "source", "status"]])

    def about_article(self) -> HTML:
        """Who published the article, when, and where it can be found."""
        m = self.article.metadata
        return HTML(
            '<dl class="about-article">'
            f"<dt>Published by</dt><dd>{_e(m['outlet'])}</dd>"
            f"<dt>Date</dt><dd>{_e(m['date'])}</dd>"
            f"<dt>Title</dt><dd>{_e(m['title'])}</dd>"
            f"<dt>Address</dt><dd><code>{_e(m['url'])}</code></dd>"
            "<dt>Author, sources, links</dt><dd>none given in the text</dd></dl>"
        )

    def synthesis_html(self) -> str:
        """The unit's findings, one row per point, with the SIFT move that finds it."""
        syn = self.data.get("synthesis")
        if not syn:
            raise ValueError(f"the lesson {self.part!r} has no synthesis")
        rows = "".join(
            f"<tr><td>{i}</td><td>{_e(p['point'])}</td><td>{_e(p['part'])}</td>"
            f"<td>{_e(p['sift_move'])}</td><td><small>{linked(p['source'])}</small></td></tr>"
            for i, p in enumerate(syn["points"], start=1)
        )
        return (
            f"<p>{_e(syn['intro'])}</p><table class=\"lesson-table\"><thead><tr><th>#</th>"
            "<th>What the sources show</th><th>Part</th><th>SIFT move</th><th>Sources</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
        )

    def exercise_figures(self):
        from helpers.charts import exercise_chart

        return exercise_chart(context.figures())

    def sift_steps(self) -> HTML:
        """The SIFT move of this lesson, on a real claim of this part (without the findings)."""
        s = self.data["sift_move"]
        sentence = self.article.sentence(s["claim_sentence_id"])
        steps = "".join(f"<li>{_e(x)}</li>" for x in s["steps"])
        return HTML(
            f'<div class="sift-move"><p><strong>SIFT move: {_e(s["move"])}</strong></p>'
            f"<p>The claim (sentence {sentence.number}): <q>{_e(s['claim_quote'])}</q></p>"
            f"<ol>{steps}</ol></div>"
        )

    def sift_findings_html(self) -> str:
        s = self.data["sift_move"]
        sources = linked(s["source"])
        return f"<p>{linked(s['what_you_find'])}</p><p><small>Sources: {sources}</small></p>"

    def sources_say_html(self) -> str:
        """'What the sources say' about each checked claim of this part (for the reveal)."""
        rows = []
        for item in self.data["sources_say"]:
            colour, mark = VERDICT_STYLE.get(item.get("verdict") or "", ("#999999", "·"))
            sentence = self.article.sentence(item["sentence_id"]) if item.get(
                "sentence_id") else None
            where = f"sentence {sentence.number}: " if sentence else ""
            rows.append(
                f'<li style="margin-bottom:0.6em"><span style="color:{colour};font-weight:bold"'
                f' aria-hidden="true">{mark}</span> {where}<q>{_e(item["claim"])}</q><br>'
                f"{linked(item['what_sources_say'])}<br>"
                f"<small>Sources: {linked(item['source'])}</small></li>"
            )
        items = "".join(rows)
        return f'<ul class="sources-say" style="list-style:none;padding-left:0">{items}</ul>'

    def your_work_html(self, store=None) -> str:
        """The student's own verdicts beside the sources', claim by claim (check-worthy claims
        of the key only), from the store: what a self-learner needs to check themselves."""
        from helpers.key import key_frame, match_key
        from helpers.scheme import load_scheme
        from helpers.store import AnnotationStore

        store = store if store is not None else AnnotationStore()
        name = store.get_setting("annotator")
        mine = store.to_frame(annotator=name, part=self.part) if name else None
        if mine is None or mine.empty:
            return (
                "<p><em>You have not saved any annotations for this part yet: annotate first, "
                "then open this again to compare your verdicts with the sources'.</em></p>"
            )
        scheme = load_scheme()
        key = key_frame()
        key = key[(key["part"] == self.part) & (key["check_worthy"] == "yes")]
        matched = match_key(mine, key=key, students=[name])

        def label(value):
            if not isinstance(value, str) or value in ("", "none"):
                return "—"
            return scheme.label("verdict", value)

        rows, same = [], 0
        for _, r in matched.iterrows():
            quote = key.set_index("item").loc[r["item"], "quote"]
            yours = label(r["verdict"]) if r["flagged"] else "not annotated"
            agree = r["flagged"] and r["verdict"] == r["key_verdict"]
            same += bool(agree)
            rows.append(
                f"<tr><td><q>{_e(quote)}</q></td><td>{_e(yours)}</td>"
                f"<td>{_e(label(r['key_verdict']))}</td>"
                f"<td>{'✔ same' if agree else ''}</td></tr>"
            )
        return (
            f"<h4>Your verdicts and the sources' ({_e(name)})</h4>"
            f"<p>You gave the sources' verdict on {same} of the {len(rows)} check-worthy claims "
            "of this part. Where you differ, read what the sources say above and decide who "
            "has the better evidence.</p>"
            '<table class="lesson-table"><thead><tr><th>Claim</th><th>Your verdict</th>'
            "<th>The sources</th><th></th></tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )

    def answer_key(self):
        """The teacher's key for this part: every check-worthy claim, with verdict and sources."""
        import pandas as pd

        from helpers.scheme import load_scheme

        scheme = load_scheme()
        rows = []
        for k in self.key:
            s = self.article.sentence(k["sentence_id"])
            rows.append(
                {
                    "sentence": s.number,
                    "quote": k["quote"],
                    "claim type": scheme.label("claim_type", k["claim_type"]),
                    "check-worthy": scheme.label("check_worthy", k["check_worthy"]),
                    "verdict": scheme.label("verdict", k["verdict"]) if k.get("verdict") else "",
                    "techniques": ", ".join(
                        scheme.label("techniques", t) for t in k.get("techniques", [])
                    ),
                    "why": k.get("note", ""),
                    "sources": "; ".join(k.get("sources", [])),
                }
            )
        return _table(pd.DataFrame(rows))

    # -- widgets (imported only when used) ----------------------------------------------------
    def annotator(self, store=None):
        from helpers.widgets import ClaimAnnotator

        return ClaimAnnotator(self.part, store=store)

    def answer(self, question_id: str, store=None):
        """The box for a written answer to one of this lesson's questions (data/lessons/
        <part>.json, ``questions``), saved as the student types."""
        from helpers.questions import question
        from helpers.widgets import AnswerBox

        found = question(question_id)
        if found.part != self.part:
            raise ValueError(
                f"question {question_id!r} belongs to lesson {found.part!r}, not {self.part!r}"
            )
        return AnswerBox(question_id, store=store)

    def search(self, store=None):
        """The search box over the unit's source pack; "Use as evidence" on a page fills the
        evidence of this part's annotation form."""
        from helpers.widgets.evidence import connect
        from helpers.widgets.search import SearchBox

        box = SearchBox(self.part, store=store)
        connect(box, self.part)
        return box

    def selfcheck(self, store=None):
        from helpers.widgets import SelfCheck

        return SelfCheck(self.part, store=store)

    def reveal_sources(self, store=None):
        """What the sources say, beside the student's verdicts: opens once they tried the part."""
        from helpers.widgets.reveal import Reveal, tried

        return Reveal(lambda: self.sources_say_html() + self.your_work_html(store),
                      label="Show what the sources say", ready=lambda: tried(self.part, store))

    def reveal_sift(self, store=None):
        """What the SIFT move finds: opens once the student has tried the part."""
        from helpers.widgets.reveal import Reveal, tried

        return Reveal(self.sift_findings_html(), label="Show what this move finds",
                      ready=lambda: tried(self.part, store))

    def reveal_synthesis(self, store=None):
        """The unit's findings and model answers: open once the summing-up is written."""
        from helpers.widgets.reveal import NOT_SUMMED_UP, Reveal, tried

        return Reveal(self.synthesis_html(), label="Show the unit's findings",
                      ready=lambda: tried(self.part, store, SYNTHESIS_QUESTION),
                      not_ready=NOT_SUMMED_UP)

    def handin(self, store=None):
        """The hand-in button: annotations, written answers and self-check tries in one file."""
        from helpers.widgets import HandIn

        return HandIn(store=store)


def _match(df, pattern: str | None):
    if not pattern:
        return df.reset_index(drop=True)
    hit = df["short"].str.contains(pattern, regex=True) | df["event"].str.contains(
        pattern, regex=True)
    return df[hit].reset_index(drop=True)


def _table(df) -> HTML:
    """A left-aligned, wrapped HTML table (every cell escaped), numbered from 1 in a "#"
    column: no index, so no header cell is left empty."""
    df = df.reset_index(drop=True)
    df.insert(0, "#" if "#" not in df.columns else "no.", range(1, len(df) + 1))
    markup = df.to_html(escape=True, classes="lesson-table", border=0, na_rep="", index=False)
    cell = "text-align:left;white-space:normal;overflow-wrap:anywhere"
    markup = markup.replace("<td>", f'<td style="{cell}">')
    markup = markup.replace("<th>", '<th scope="col" style="text-align:left">')
    return HTML(markup)
