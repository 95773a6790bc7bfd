"""What a lesson shows that is not a widget: the text, tables, charts and the HTML of its
reveals, for ``helpers.lesson.Lesson`` (a mixin: it uses the lesson's ``part``, ``article``,
``data`` and ``key``). Every piece of data inside the HTML is escaped."""

from __future__ import annotations

import html
import os
from datetime import date

from helpers import context
from helpers.cite import linked, named_sources
from helpers.display import HTML

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
#: The box around a text written for the course, and its label caption (Lesson.text()).
POST_STYLE = "border:2px solid #c69500;border-radius:4px;padding:0.2em 0.9em;max-width:700px"
LABEL_STYLE = (
    "margin:0.4em 0;padding:0.2em 0.5em;background:#fff3cd;color:#3d2e00;font-weight:bold"
)
PLAIN_LAB = (
    "How to use this lesson: choose Run ▸ Run All Cells, or open the lesson in reader mode. "
    "Your work is saved on this computer as you go."
)
PLAIN_READER = (
    "How to use this lesson: the page is ready. Read from the top, type in the boxes and click "
    "the buttons. Your work is saved on this computer as you go."
)
#: The chart that shows what a part's SIFT move finds (the unit's own article only): the
#: ``LessonMaterial`` method that draws it and its arguments. It answers the exercise, so it is
#: drawn only inside "Show what this move finds" (``Lesson.reveal_sift``) and printed only in
#: the teacher's print pack (``make print``), never in a cell of its own.
FINDINGS_CHARTS: dict[str, tuple[str, tuple, dict]] = {
    "alliance": ("timeline", ("2024-02-26", "2024-03-10"), {
        "match": "Macron: .nothing|Scholz rules out|Séjourné meets|BNN Breaking publishes"}),
    "nato": ("exercise_figures", (), {}),
}
#: The written task each findings chart answers: "what the move finds" opens only once it is
#: answered, with what to do first (``not_ready``) while it is not.
CHART_ANSWERS: dict[str, tuple[str, str]] = {
    "alliance": ("alliance-task-1", "First put the events in order above (your own answer), "
                 "then come back."),
    "nato": ("nato-sift-1", "First fill in the numbers table above (your own answer), then "
             "come back."),
}


def in_reader_mode() -> bool:
    """True in a kernel that Voilà started (reader mode): there is nothing to run there."""
    return any(os.environ.get(name) for name in VOILA_VARIABLES)


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def _long_date(iso) -> str:
    """'2024-03-11' as '11 March 2024' (anything else as it is)."""
    try:
        day = date.fromisoformat(str(iso))
    except ValueError:
        return "" if iso is None else str(iso)
    return f"{day.day} {day:%B %Y}"



class LessonMaterial:
    """The lesson's material (see the module's text); ``helpers.lesson.Lesson`` adds the data
    and the widgets."""

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
        """The part of the article, sentences numbered (every character escaped). A text whose
        metadata has a ``label`` (one written for the course) comes in a box that shows the
        label as a caption above it (with the headline, outlet and date on its first part), so
        a screenshot of the post keeps the label."""
        markup = self.article.render(self.part)
        meta = self.article.metadata
        if not meta.get("label"):
            return HTML(markup)
        head = ""
        if self.part == self.article.part_ids[0]:
            byline = ", ".join(_e(x) for x in (meta.get("outlet"), _long_date(meta.get("date")))
                               if x)
            head = (f'<p class="article-headline" style="margin:0.3em 0"><strong>'
                    f"{_e(meta.get('title'))}</strong><br><small>{byline}</small></p>")
        return HTML(
            f'<div class="article-post" style="{POST_STYLE}"><p class="article-label" '
            f'style="{LABEL_STYLE}">{_e(meta["label"])}</p>{head}{markup}</div>'
        )

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
            f"<dt>Published by</dt><dd>{_e(m.get('outlet') or 'not given')}</dd>"
            f"<dt>Date</dt><dd>{_e(m.get('date') or 'not given')}</dd>"
            f"<dt>Title</dt><dd>{_e(m.get('title') or 'not given')}</dd>"
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

    def findings_chart(self):
        """The chart of what this part's SIFT move finds (``FINDINGS_CHARTS``), or None: drawn
        now, so call it only where the findings may be shown."""
        spec = FINDINGS_CHARTS.get(self.part) if self.article.is_default else None
        if spec is None:
            return None
        method, args, kwargs = spec
        return getattr(self, method)(*args, **kwargs)

    def findings_chart_html(self) -> str:
        """The findings chart as HTML (its picture, alt text and sources), or ""."""
        chart = self.findings_chart()
        return chart._repr_html_() if chart is not None else ""

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
        s = self.data.get("sift_move")
        if not s:
            return "<p><em>There are no findings for this part yet.</em></p>"
        sources = linked(s["source"])
        return f"<p>{linked(s['what_you_find'])}</p><p><small>Sources: {sources}</small></p>"

    def sources_say_html(self) -> str:
        """'What the sources say' about each checked claim of this part (for the reveal)."""
        rows = []
        for item in self.data.get("sources_say", []):
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
        if not items:  # another article whose teacher has not written them yet
            return ("<p>There is no answer key for this part yet, so there is nothing to compare "
                    "your verdicts with. Your teacher can add it.</p>")
        return f'<ul class="sources-say" style="list-style:none;padding-left:0">{items}</ul>'

    def your_work_html(self, store=None) -> str:
        """The student's own verdicts beside the sources', claim by claim (check-worthy claims
        of the key only), from the store: what a self-learner needs to check themselves."""
        from helpers.key import key_frame, match_key
        from helpers.scheme import load_scheme
        from helpers.store import AnnotationStore

        store = store if store is not None else AnnotationStore(article=self.article)
        name = store.get_setting("annotator")
        mine = store.to_frame(annotator=name, part=self.part) if name else None
        if mine is None or mine.empty:
            return (
                "<p><em>You have not saved any annotations for this part yet: annotate first, "
                "then open this again to compare your verdicts with the sources'.</em></p>"
            )
        scheme = load_scheme()
        key = key_frame(article=self.article)
        if key.empty:
            return "<p><em>There is no answer key for this text yet.</em></p>"
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
