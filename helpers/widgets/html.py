"""The HTML the widgets show: status lines, the table of annotations, self-check feedback.

Pure functions (no ipywidgets): each returns a string of HTML in which every value that came
from a student, a data file or an exception is escaped.
"""

from __future__ import annotations

import html
import re
import traceback
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from helpers.errors import AnnotationError, ArticleError
from helpers.selfcheck import answer_text, correct_answer_text

if TYPE_CHECKING:
    from helpers.annotations import Annotation
    from helpers.article import Article
    from helpers.fields import Field
    from helpers.scheme import Scheme

#: Colours and marks of the status line, by kind.
MESSAGE_STYLES = {
    "ok": ("#1b5e20", "#e8f5e9", "✓"),
    "info": ("#0d47a1", "#e3f2fd", "ℹ"),
    "warn": ("#7a4f01", "#fff8e1", "!"),
    "error": ("#b71c1c", "#ffebee", "✗"),
}
#: Field kinds shown in their own column of the table; the others (free text) share the last.
TABLE_COLUMN_KINDS = ("choice", "choices", "scale")


def esc(value: Any) -> str:
    """``str(value)`` escaped for HTML text and attribute values."""
    return html.escape(str(value), quote=True)


def short(text: str, length: int) -> str:
    """``text`` on one line, cut to at most ``length`` characters with "…"."""
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def message_html(kind: str, text: str, details: str | None = None) -> str:
    """A status line. ``kind`` is 'ok', 'info', 'warn' or 'error'; ``details`` (e.g. a
    traceback) is folded away for the teacher. Returns HTML; everything is escaped."""
    fg, bg, mark = MESSAGE_STYLES.get(kind, MESSAGE_STYLES["info"])
    role = "alert" if kind in ("warn", "error") else "status"
    extra = ""
    if details:
        extra = (
            "<details><summary>Details for your teacher</summary>"
            f'<pre style="white-space:pre-wrap;overflow-wrap:anywhere">{esc(details)}</pre>'
            "</details>"
        )
    return (
        f'<div class="widget-message widget-message-{esc(kind)}" role="{role}" '
        f'aria-live="polite" style="color:{fg};background:{bg};padding:4px 8px;'
        f'border-radius:4px;overflow-wrap:anywhere;line-height:1.4">'
        f'<span aria-hidden="true">{mark}</span> {esc(text)}{extra}</div>'
    )


def error_html(exc: BaseException) -> str:
    """The status line for an unexpected error inside a callback: the error in a sentence, its
    traceback folded away. Returns escaped HTML."""
    return message_html(
        "error",
        f"Something went wrong: {type(exc).__name__}: {exc}. Nothing else was changed; "
        "try again, and tell your teacher if it keeps happening.",
        details=traceback_text(exc),
    )


def traceback_text(exc: BaseException) -> str:
    """The formatted traceback of ``exc`` (plain text)."""
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def prompt_html(field: Field) -> str:
    """The prompt above a field's control: its label in bold and its question."""
    return (
        f'<div style="line-height:1.4"><b>{esc(field.label)}</b> — {esc(field.question)}</div>'
    )


def choice_definitions_html(field: Field) -> str:
    """The definitions of a choice field, a list beside its radio buttons."""
    items = "".join(f"<li><b>{esc(c.label)}</b> — {esc(c.definition)}</li>" for c in field.choices)
    return (
        '<ul class="scheme-definitions" style="margin:0 0 0 1em;padding:0;font-size:90%;'
        f'line-height:1.35">{items}</ul>'
    )


def choices_definitions_html(field: Field) -> str:
    """The definitions of a many-choice field, folded under "What do these <name> mean?" (the
    field's name, e.g. "techniques", reads as the plural of one choice)."""
    items = "".join(f"<li><b>{esc(c.label)}</b>: {esc(c.definition)}</li>" for c in field.choices)
    return (
        '<details style="color:#444;font-size:90%;line-height:1.35">'
        f"<summary>What do these {esc(field.name.replace('_', ' '))} mean?</summary>"
        f'<ul style="margin:0.3em 0;padding-left:1.2em">{items}</ul></details>'
    )


def choice_label(field: Field, choice_id: str | None) -> str:
    """The label of one choice of ``field``; the id itself when the scheme no longer has it,
    "" for no choice."""
    if not choice_id:
        return ""
    try:
        return field.choice(choice_id).label
    except AnnotationError:
        return str(choice_id)


def sentence_number(article: Article, sentence_id: str) -> str:
    """The sentence's number in its part, or its id when the article has no such sentence."""
    try:
        return str(article.sentence(sentence_id).number)
    except ArticleError:
        return sentence_id


def _cell(field: Field, value: Any) -> str:
    """The table cell of a choice, choices or scale field (plain text, "—" for nothing)."""
    if field.kind == "choices":
        text = ", ".join(choice_label(field, v) for v in value or ())
    elif field.kind == "choice":
        text = choice_label(field, value)
    else:
        text = "" if value is None else str(value)
    return text or "—"


def _texts(field: Field, value: Any) -> list[str]:
    """The lines of the last column for a parts or text field (escaped HTML)."""
    if field.kind == "parts":
        labels = {p.id: p.label for p in field.parts}
        return [
            f"<b>{esc(labels.get(key, key))}</b> {esc(short(text, 200))}"
            for key, text in (value or {}).items()
            if text
        ]
    return [f"<b>{esc(field.label)}:</b> {esc(short(value, 300))}"] if value else []


def _joined_labels(fields: Iterable[Field]) -> str:
    """'Evidence and note' from the fields 'Evidence (SIFT)' and 'Note'."""
    words = [re.sub(r"\s*\([^)]*\)", "", f.label).strip() for f in fields]
    words = [w if i == 0 else w.lower() for i, w in enumerate(words)]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def annotations_table_html(
    annotations: Iterable[Annotation],
    article: Article,
    scheme: Scheme | None = None,
    caption: str = "Your annotations",
    editing: str = "",
) -> str:
    """An HTML table of annotations, one row each: the sentence, the words marked, a column for
    each choice, choices or scale field of the scheme, and one for the free texts. ``editing``
    (an annotation id) marks its row. Every value is escaped."""
    if scheme is None:
        from helpers.scheme import load_scheme

        scheme = load_scheme()
    anns = list(annotations)
    if not anns:
        return (
            f'<div class="claim-table-empty"><b>{esc(caption)}</b>: none yet. Select words in '
            "the text (or choose a sentence), fill in the form and click “Save annotation”.</div>"
        )
    columns = scheme.of_kind(*TABLE_COLUMN_KINDS)
    texts = [f for f in scheme.table if f.kind not in TABLE_COLUMN_KINDS]
    headings = ["#", "Sentence", "Words marked", *(f.label for f in columns), _joined_labels(texts)]
    out = [
        "<style>.claim-annotations td,.claim-annotations th{border:1px solid #ccc;"
        "padding:3px 5px;vertical-align:top;text-align:left;line-height:1.35;"
        "overflow-wrap:break-word}.claim-annotations td.long{overflow-wrap:anywhere;"
        "min-width:8em}</style>",
        '<table class="claim-annotations" style="border-collapse:collapse;width:100%;'
        'font-size:90%">',
        f'<caption style="text-align:left;font-weight:bold">{esc(caption)}</caption>',
        "<thead><tr>",
        *(f'<th scope="col">{esc(h)}</th>' for h in headings),
        "</tr></thead><tbody>",
    ]
    for i, ann in enumerate(anns, 1):
        values = ann.values
        lines = [line for f in texts for line in _texts(f, values.get(f.name))]
        mark = ' class="editing" style="background:#fff3b0"' if ann.id == editing else ""
        out.extend(
            [
                f'<tr data-annotation="{esc(ann.id)}"{mark}>',
                f"<td>{i}{' (editing)' if ann.id == editing else ''}</td>",
                f"<td>{esc(sentence_number(article, ann.sentence_id))}</td>",
                f'<td class="long">“{esc(short(ann.quote, 160))}”</td>',
                *(f"<td>{esc(_cell(f, values.get(f.name)))}</td>" for f in columns),
                f'<td class="long">{"<br>".join(lines) or "—"}</td>',
                "</tr>",
            ]
        )
    out.append("</tbody></table>")
    return "".join(out)


def feedback_html(question: dict, answer: str, correct: bool, previous: bool = False) -> str:
    """The feedback under a self-check question: right or not, what the student answered (and
    the right answer when it was wrong), the explanation and its source. ``previous`` says it is
    an answer recorded earlier. Returns escaped HTML."""
    shown = esc(short(answer_text(question, answer), 200))
    when = "Last time you answered" if previous else "You answered"
    if correct:
        head = f'<b style="color:#1b5e20">✓ Right.</b> {when} “{shown}”.'
    else:
        head = (
            f'<b style="color:#b71c1c">✗ Not quite.</b> {when} “{shown}”; '
            f"the answer is “{esc(correct_answer_text(question))}”."
        )
    parts = [
        '<div class="selfcheck-result" role="status" aria-live="polite" '
        f'style="line-height:1.4;overflow-wrap:anywhere">{head}'
    ]
    if question.get("explanation"):
        parts.append(f"<br>{esc(question['explanation'])}")
    if question.get("source"):
        parts.append(f'<br><span class="selfcheck-source">Source: {esc(question["source"])}</span>')
    parts.append("</div>")
    return "".join(parts)
