"""Printable packs (``make print``): each lesson and the whole unit as PDF, for A4 or US Letter.

For each part of the article a **student pack**: the part with numbered sentences, the written
tasks with lines to write on, an annotation grid (one row per sentence; the columns and the
choices, as tick boxes, come from the scheme in use), the source pack's pages as cards and the
self-check questions (no answers). A separate **teacher pack** holds the answer key, the model
answers of the reveals (what the sources say, the SIFT move's finding and its chart, the summing
up) and the self-check answers with explanations: it must not be handed out.

Everything is read from the same data as the notebooks (helpers.article, questions, scheme,
sources, selfcheck, key and data/lessons/<part>.json) and HTML-escaped. Each pack is one HTML
file printed to PDF by Debian's chromium (headless, no network: the page allows no external
fonts, scripts or images but a chart's own). A section starts a page; rows and cards never split.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from helpers.article import PART_IDS, load_article
from helpers.paths import DATA
from helpers.tools.chromium import CHROMIUM_ARGS, chromium_path

DEFAULT_OUT = Path("build/print")
PAPERS = {"a4": "A4", "letter": "letter"}
CHROMIUM_FLAGS = ("--headless", *CHROMIUM_ARGS, "--no-pdf-header-footer")
TIMEOUT = 120
#: Lines to write on, by kind of written task.
LINES = {"reading": 4, "sift": 6, "task": 6, "exit": 4, "discussion": 6, "synthesis": 10}
UNIT = "Checking the news"
LINE = '<div class="line"></div>'
TEACHER_WARNING = "Teacher pack: it holds the answers. Do not hand it out."

CSS = """
@page { size: %(size)s; margin: 15mm 15mm 16mm 15mm;
  @bottom-center { content: "%(footer)s · page " counter(page) " of " counter(pages);
    font: 8pt "DejaVu Sans", "Liberation Sans", sans-serif; color: #555; } }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 11pt/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111;
  margin: 0; overflow-wrap: anywhere; hyphens: manual; }
section { break-before: page; }  section:first-of-type { break-before: auto; }
h1 { font-size: 16pt; margin: 0 0 2mm; }  h3 { font-size: 12pt; margin: 4mm 0 1mm; }
h2 { font-size: 14pt; margin: 0 0 3mm; border-bottom: 2px solid #333; padding-bottom: 1mm; }
h2, h3 { break-after: avoid; }
.who { display: flex; gap: 8mm; margin: 2mm 0 5mm; }
.who span { flex: 1; border-bottom: 1px solid #555; padding-top: 5mm; font-size: 9pt; }
.how { font-size: 9.5pt; color: #333; margin: 0 0 4mm; }
.warn { border: 2px solid #a00; color: #a00; font-weight: bold; padding: 1.5mm 3mm; }
.article p { font: 12pt/1.8 "DejaVu Serif", "Liberation Serif", serif; }
.n { display: inline-block; min-width: 6mm; border: 1px solid #333; border-radius: 2mm;
  font: bold 8.5pt/1.3 "DejaVu Sans", sans-serif; text-align: center; margin-right: 1mm; }
.task, .card, .check, .item, tr { break-inside: avoid; }
.task, .check { margin: 0 0 5mm; }  .line { height: 9mm; border-bottom: 1px solid #888; }
.kind { font-size: 8.5pt; text-transform: uppercase; letter-spacing: 0.05em; color: #555; }
table.grid { width: 100%%; border-collapse: collapse; font-size: 9pt; }
.grid th, .grid td { border: 1px solid #333; padding: 1.5mm; vertical-align: top; }
.grid th { background: #eee; text-align: left; }  .grid tbody tr { height: 40mm; }
.grid td.no { font-weight: bold; font-size: 11pt; text-align: center; width: 11mm; }
.grid td.ev { width: 38%%; }  .choice { display: block; margin: 0 0 1.2mm; }
.box { display: inline-block; width: 3.4mm; height: 3.4mm; border: 1px solid #111;
  vertical-align: -0.5mm; margin-right: 1.5mm; }
.legend { font-size: 8.5pt; margin: 0 0 3mm; padding-left: 4mm; }
.card, .item { border: 1px solid #555; border-radius: 2mm; padding: 2.5mm 3.5mm; margin: 0 0 3mm; }
.meta, .small { font-size: 9pt; color: #333; }  .answer { margin: 1mm 0; }
.url { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; }
.practice { display: inline-block; border: 1.5px solid #a60; color: #a60; font-weight: bold;
  font-size: 8.5pt; padding: 0 1.5mm; margin-bottom: 1mm; }
blockquote { margin: 1mm 0 1mm 4mm; font-style: italic; }  .pre { white-space: pre-wrap; }
.chart { break-inside: avoid; margin: 0 0 3mm; font-size: 9pt; }  .chart img { width: 100%%; }
"""


class PrintError(RuntimeError):
    """A pack could not be printed (no chromium, or chromium failed); the message says why."""


@dataclass(frozen=True)
class Pack:
    """One printed pack: its PDF, the parts in it, teacher or student, and its section count."""

    path: Path
    parts: tuple[str, ...]
    teacher: bool
    sections: int


def esc(value: object) -> str:
    """Text from data as HTML: every ``<``, ``&`` and quote escaped."""
    return html.escape(str(value), quote=True)


def lesson_title(part_id: str) -> str:
    part = load_article().part(part_id)
    return f"Lesson {PART_IDS.index(part_id) + 1} of {len(PART_IDS)}: {part.title}"


def _label(scheme, field: str, value) -> str:
    if value in (None, "", "none"):
        return "no verdict" if field == "verdict" else "—"
    try:
        return scheme.label(field, value)
    except Exception:  # an id the scheme in use does not know: show the id itself
        return str(value)


def _section(title: str, body: str, css: str = "", teacher: bool = False) -> str:
    warn = f'<p class="warn">{TEACHER_WARNING}</p>' if teacher else ""
    return f'<section class="{css}">{warn}<h2>{esc(title)}</h2>{body}</section>'


# -- the student pack ---------------------------------------------------------------------------
def article_section(part_id: str) -> str:
    article = load_article()
    part = article.part(part_id)
    head = (
        f"<h1>{esc(UNIT)}: {esc(article.metadata.get('title', ''))}</h1>"
        '<div class="who"><span>Name</span><span>Class</span><span>Date</span></div>'
        f'<p class="how">From {esc(article.metadata.get("outlet", ""))}, '
        f"{esc(article.metadata.get('date', ''))}. Read the part. Each sentence has a number: "
        "use it in the tasks and in the grid.</p>"
    )
    if part.heading:
        head += f"<h3>{esc(part.heading)}</h3>"
    if part.note:
        head += f'<p class="small">{esc(part.note)}</p>'
    paras = "".join(
        "<p>" + " ".join(
            f'<span class="s"><span class="n">{s.number}</span> {esc(s.text)}</span>'
            for s in para
        ) + "</p>"
        for para in part.paragraphs
    )
    return _section(f"{lesson_title(part_id)}: the article", head + paras, "article")


def tasks_section(part_id: str) -> str:
    from helpers.questions import questions

    body = "".join(
        f'<div class="task"><p><b>{n}.</b> <span class="kind">{esc(q.kind)}</span><br>'
        f"{esc(q.text)}</p>{LINE * LINES.get(q.kind, 5)}</div>"
        for n, q in enumerate(questions(part_id), 1)
    )
    return _section("Written tasks", body or "<p>No written tasks in this lesson.</p>")


GRID_FIELDS = ("claim_type", "check_worthy", "verdict")


def grid_section(part_id: str, scheme) -> str:
    fields = [scheme.field(name) for name in GRID_FIELDS]
    evidence = scheme.field("evidence")
    legend = "".join(
        f"<li><b>{esc(f.label)}</b>: "
        + "; ".join(f"<i>{esc(c.label)}</i>: {esc(c.definition)}" for c in f.choices)
        + "</li>"
        for f in fields
    )
    head = "".join(f"<th>{esc(f.label)}</th>" for f in fields)
    rows = ""
    for s in load_article().part(part_id).sentences:
        cells = "".join(
            "<td>" + "".join(
                f'<span class="choice"><span class="box"></span>{esc(c.label)}</span>'
                for c in f.choices
            ) + "</td>"
            for f in fields
        )
        rows += f'<tr><td class="no">{s.number}</td>{cells}<td class="ev"></td></tr>'
    body = (
        '<p class="how">One row per sentence. Tick one box in each column; write what you '
        "found, and where, in the last column.</p>"
        f'<ul class="legend">{legend}</ul>'
        f'<table class="grid"><thead><tr><th>No.</th>{head}<th>{esc(evidence.label)}</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
    return _section("Annotation grid", body)


def source_card(source) -> str:
    badge = (
        '<span class="practice">Practice page: not a real website</span><br>'
        if source.practice_page else ""
    )
    where = esc(source.url)
    if not source.url_complete:
        where += " (full address not recorded)"
    parts = [
        f'<div class="card">{badge}<b>{esc(source.title)}</b>',
        f'<div class="meta">{esc(source.outlet)}'
        + (f" — {esc(source.author)}" if source.author else "")
        + f" · {esc(source.date or 'date not known')} · {esc(source.kind)}</div>",
        f'<div class="url">{where}</div>',
    ]
    if source.summary:
        parts.append(f'<div class="small"><b>In our words:</b> {esc(source.summary)}</div>')
    if source.text:
        parts.append(f"<blockquote>{esc(source.text)}</blockquote>")
    parts += [f"<blockquote>“{esc(e)}”</blockquote>" for e in source.excerpts]
    return "".join(parts) + "</div>"


def sources_section(part_id: str) -> str:
    from helpers.sources import sources_for

    found = sources_for(part_id)
    body = (
        '<p class="how">The pages of the source pack that bear on this part. Pages marked '
        "“practice page” were written for the lesson: they are not real websites.</p>"
        + "".join(source_card(s) for s in found)
    )
    return _section("Source cards", body if found else "<p>No source cards for this part.</p>")


def selfcheck_section(part_id: str) -> str:
    from helpers.selfcheck import load_selfcheck

    body = ""
    for n, q in enumerate(load_selfcheck(part_id), 1):
        if q["type"] == "multiple_choice":
            answer = "".join(
                f'<span class="choice"><span class="box"></span>{esc(c["text"])}</span>'
                for c in q["choices"]
            )
        else:
            answer = LINE * 2
        body += f'<div class="check"><p><b>{n}.</b> {esc(q["prompt"])}</p>{answer}</div>'
    return _section("Check yourself", body)


def student_sections(part_id: str, scheme) -> list[str]:
    return [
        article_section(part_id), tasks_section(part_id), grid_section(part_id, scheme),
        sources_section(part_id), selfcheck_section(part_id),
    ]


# -- the teacher pack ---------------------------------------------------------------------------
def _if(html_format: str, value) -> str:
    """``html_format`` filled with the escaped value, or nothing for an empty value."""
    return html_format.format(esc(value)) if value else ""


def key_section(part_id: str, scheme, key: dict) -> str:
    body = ""
    for item in (i for i in key["items"] if i["part"] == part_id):
        answers = " · ".join(
            f"{esc(scheme.field(f).label)} <b>{esc(_label(scheme, f, item.get(f)))}</b>"
            for f in GRID_FIELDS
        )
        techniques = ", ".join(_label(scheme, "techniques", t) for t in item.get("techniques", ()))
        body += (
            f'<div class="item"><b>Sentence {item["number"]}:</b> “{esc(item["quote"])}”'
            f'<div class="meta">{answers}{_if(" · Techniques: {}", techniques)}</div>'
            + _if('<p class="answer">{}</p>', item.get("note"))
            + _if('<div class="pre small">{}</div>', item.get("evidence"))
            + _if('<p class="small"><b>Common mistakes:</b> {}</p>', item.get("common_mistakes"))
            + "</div>"
        )
    return _section(f"{lesson_title(part_id)}: answer key", body, teacher=True)


def _number(sentence_id: str) -> str:
    found = load_article().sentence_index.get(sentence_id)
    return f"sentence {found.number}" if found else esc(sentence_id)


def _reveal(head: str, answer, source) -> str:
    return (f'<div class="item">{head}' + _if('<p class="answer">{}</p>', answer)
            + _if('<div class="small">Sources: {}</div>', source) + "</div>")


def reveals_section(part_id: str, scheme) -> str:
    from helpers.lesson import Lesson

    lesson = json.loads((DATA / "lessons" / f"{part_id}.json").read_text(encoding="utf-8"))
    body = "<h3>What the sources say</h3>" + "".join(
        _reveal(f'<b>{_number(row.get("sentence_id", ""))}:</b> “{esc(row.get("claim", ""))}” '
                f'→ <b>{esc(_label(scheme, "verdict", row.get("verdict")))}</b>',
                row.get("what_sources_say"), row.get("source"))
        for row in lesson.get("sources_say", [])
    )
    move = lesson.get("sift_move")
    if move:
        body += f'<h3>SIFT move: {esc(move.get("move", ""))}</h3>' + _reveal(
            f'<b>{_number(move.get("claim_sentence_id", ""))}:</b> '
            f'“{esc(move.get("claim_quote", ""))}”', move.get("what_you_find"), move.get("source"))
        # the chart that answers the exercise (lesson_parts.FINDINGS_CHARTS): teacher pack only
        chart = Lesson(part_id).findings_chart_html()
        body += f'<div class="chart">{chart}</div>' if chart else ""
    synthesis = lesson.get("synthesis")
    if synthesis:
        body += "<h3>Summing up</h3>" + _reveal("", synthesis.get("intro"), None) + "".join(
            _reveal(f'<b>{esc(point.get("point", ""))}</b><div class="meta">'
                    f'{_number(point.get("sentence_id", ""))} · {esc(point.get("sift_move", ""))}'
                    "</div>", None, point.get("source"))
            for point in synthesis.get("points", [])
        )
    return _section("Model answers of the reveals", body, teacher=True)


def selfcheck_answers_section(part_id: str) -> str:
    from helpers.selfcheck import correct_answer_text, load_selfcheck

    body = "".join(
        f'<div class="check item"><p><b>{n}.</b> {esc(q["prompt"])}</p>'
        f'<p class="answer"><b>Answer:</b> {esc(correct_answer_text(q))}</p>'
        f'<p class="small">{esc(q.get("explanation", ""))}</p>'
        + (f'<div class="small">Source: {esc(q["source"])}</div>' if q.get("source") else "")
        + "</div>"
        for n, q in enumerate(load_selfcheck(part_id), 1)
    )
    return _section("Check yourself: answers", body, teacher=True)


def teacher_sections(part_id: str, scheme, key: dict) -> list[str]:
    return [
        key_section(part_id, scheme, key), reveals_section(part_id, scheme),
        selfcheck_answers_section(part_id),
    ]


# -- documents and printing ---------------------------------------------------------------------
def document(title: str, footer: str, sections: list[str], paper: str = "a4") -> str:
    """One pack as a whole HTML page (no external resource can load: see the CSP)."""
    footer = "".join(ch for ch in footer if ch.isalnum() or ch in " :·-")  # safe in CSS
    css = CSS % {"size": PAPERS[paper], "footer": footer}
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{esc(title)}</title><style>{css}</style></head><body>"
        + "".join(sections) + "</body></html>"
    )


def print_pdf(html_file: Path, pdf: Path, chromium: str) -> Path:
    """Print one HTML file to ``pdf`` with headless chromium; PrintError if no PDF comes out."""
    pdf.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="printpack-") as profile:
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
               f"--print-to-pdf={pdf}", html_file.resolve().as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrintError(f"chromium could not print {html_file.name}: {exc}") from None
    if not pdf.is_file() or pdf.read_bytes()[:5] != b"%PDF-":
        tail = " ".join((done.stderr or "").strip().splitlines()[-3:])
        raise PrintError(f"no PDF of {html_file.name} (chromium exit {done.returncode}) {tail}")
    return pdf


def build(out: str | Path = DEFAULT_OUT, paper: str = "a4", parts: tuple[str, ...] = PART_IDS,
          chromium: str | None = None) -> list[Pack]:
    """Write a student and a teacher pack for each part and for the whole unit into ``out``
    (PDF, with the HTML in ``out/html``); returns the packs. PrintError without chromium."""
    from helpers.key import load_key
    from helpers.scheme import load_scheme

    if paper not in PAPERS:
        raise PrintError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    chromium = chromium or chromium_path()
    if not chromium:
        raise PrintError("printing needs Debian's chromium (apt-get install chromium, or set "
                         "CHROMIUM=/path/to/chromium)")
    scheme, key = load_scheme(), load_key()
    out = Path(out)
    (out / "html").mkdir(parents=True, exist_ok=True)
    jobs = []  # (file stem, footer, sections, parts, teacher?)
    for part_id in parts:
        stem = f"lesson-{PART_IDS.index(part_id) + 1}-{part_id}"
        jobs.append((f"{stem}-student", f"Student pack · lesson {part_id}",
                     student_sections(part_id, scheme), (part_id,), False))
        jobs.append((f"{stem}-teacher", f"Teacher pack - answers · lesson {part_id}",
                     teacher_sections(part_id, scheme, key), (part_id,), True))
    for who, teacher in (("student", False), ("teacher", True)):
        every = [section for job in jobs if job[4] is teacher for section in job[2]]
        footer = "Teacher pack - answers" if teacher else "Student pack"
        jobs.append((f"unit-{who}", f"{footer} · whole unit", every, tuple(parts), teacher))
    packs = []
    for stem, footer, sections, in_pack, teacher in jobs:
        title = f"{UNIT}: {stem.replace('-', ' ')}"
        (out / "html" / f"{stem}.html").write_text(
            document(title, footer, sections, paper), encoding="utf-8")
        packs.append(Pack(out / f"{stem}.pdf", in_pack, teacher, len(sections)))
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        list(pool.map(lambda p: print_pdf(out / "html" / f"{p.path.stem}.html", p.path,
                                          chromium), packs))
    return packs
