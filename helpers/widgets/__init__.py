"""The widgets students touch: annotate a sentence, check yourself, reveal answers, hand in.

This is the only module that imports ipywidgets; ``import helpers`` does not import it. In a
notebook::

    from helpers.widgets import ClaimAnnotator, SelfCheck, Reveal, HandIn
    ClaimAnnotator("nato")

Every widget reads from and writes to the annotation store (``helpers.store``), never to the
saved widget state: restart the kernel, run the cell again and everything is back. Whatever a
student typed is escaped before it is shown. An error inside a callback is shown in the widget's
status line instead of disappearing into a log.

The logic that needs no browser lives in plain functions (``build_annotation``,
``annotations_table_html``, ``check_answer``, ``load_selfcheck`` ...), so that it can be tested
without a front end.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import traceback
import unicodedata
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

import ipywidgets as W
from ipywidgets.widgets.widget_bool import CheckboxStyle
from traitlets import TraitError, Unicode, validate

from helpers.annotations import Annotation, AnnotationError, validate_annotator
from helpers.article import Article, ArticleError, load_article
from helpers.paths import DATA
from helpers.scheme import Scheme, load_scheme

__all__ = [
    "ClaimAnnotator",
    "FormError",
    "HandIn",
    "NameBox",
    "Reveal",
    "SelfCheck",
    "annotations_table_html",
    "build_annotation",
    "check_answer",
    "check_phrase",
    "feedback_html",
    "handin_filename",
    "load_selfcheck",
    "message_html",
    "sentence_options",
]

SELFCHECK_DIR = DATA / "selfcheck"
SETTING_ANNOTATOR = "annotator"
#: The ids of the fields of an annotation that the form edits (and AnnotationStore.update takes).
FORM_FIELDS = tuple(f for f in Annotation.EDITABLE if f not in ("sentence_id", "quote"))


class FormError(ValueError):
    """Something the student must fix in the form before it can be saved (a plain message)."""


# ------------------------------------------------------------------------------------------------
# Pure functions: no widgets, unit-testable
# ------------------------------------------------------------------------------------------------
def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def message_html(kind: str, text: str, details: str | None = None) -> str:
    """A status line: ``kind`` is 'ok', 'info', 'warn' or 'error'; everything is escaped."""
    colours = {
        "ok": ("#1b5e20", "#e8f5e9", "✓"),
        "info": ("#0d47a1", "#e3f2fd", "ℹ"),
        "warn": ("#7a4f01", "#fff8e1", "!"),
        "error": ("#b71c1c", "#ffebee", "✗"),
    }
    fg, bg, mark = colours.get(kind, colours["info"])
    role = "alert" if kind in ("warn", "error") else "status"
    extra = ""
    if details:
        extra = (
            "<details><summary>Details for your teacher</summary>"
            f'<pre style="white-space:pre-wrap;overflow-wrap:anywhere">{_esc(details)}</pre>'
            "</details>"
        )
    return (
        f'<div class="widget-message widget-message-{_esc(kind)}" role="{role}" '
        f'aria-live="polite" style="color:{fg};background:{bg};padding:4px 8px;'
        f'border-radius:4px;overflow-wrap:anywhere;line-height:1.4">'
        f'<span aria-hidden="true">{mark}</span> {_esc(text)}{extra}</div>'
    )


def error_html(exc: BaseException) -> str:
    """The status line for an unexpected error inside a callback (escaped, with a traceback)."""
    tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return message_html(
        "error",
        f"Something went wrong: {type(exc).__name__}: {exc}. Nothing else was changed; "
        "try again, and tell your teacher if it keeps happening.",
        details=tb,
    )


def sentence_options(article: Article, part_id: str, words: int = 7) -> list[tuple[str, str]]:
    """Dropdown options for the sentences of a part: ``("2 · Involving 90,000 troops…", id)``."""
    options = [("— choose a sentence —", "")]
    for s in article.part(part_id).sentences:
        ws = s.text.split()
        label = " ".join(ws[:words]) + ("…" if len(ws) > words else "")
        options.append((f"{s.number} · {label}", s.id))
    return options


def _occurrences(text: str, phrase: str) -> list[int]:
    found, i = [], text.find(phrase)
    while i >= 0:
        found.append(i)
        i = text.find(phrase, i + 1)
    return found


def _fold_quotes(text: str) -> str:
    return (
        text.replace("’", "'")
        .replace("‘", "'")
        .replace("“", '"')
        .replace("”", '"')
        .replace("–", "-")
        .replace("—", "-")
    )


def check_phrase(article: Article, sentence_id: str, phrase: str | None) -> str | None:
    """The exact phrase to annotate, or None for the whole sentence.

    Raises FormError with a message a student understands when the phrase is not in the
    sentence, or occurs more than once in it.
    """
    sentence = article.sentence(sentence_id)
    phrase = (phrase or "").strip()
    if not phrase:
        return None
    where = f"sentence {sentence.number}"
    found = _occurrences(sentence.text, phrase)
    if not found:
        hint = "Copy it exactly from the sentence, with the same capitals and punctuation"
        if phrase.casefold() in sentence.text.casefold():
            hint = "It is there with different capital letters: copy it exactly"
        elif _fold_quotes(phrase) in _fold_quotes(sentence.text):
            hint = "Check the apostrophes, quotation marks and dashes: copy them from the text"
        raise FormError(
            f"The phrase “{_short(phrase, 80)}” is not in {where}. {hint}, or leave the "
            "phrase box empty to annotate the whole sentence. Nothing was saved."
        )
    if len(found) > 1:
        raise FormError(
            f"The phrase “{_short(phrase, 80)}” occurs {len(found)} times in {where}, so it is "
            "not clear which one you mean. Make it a few words longer. Nothing was saved."
        )
    return phrase


def build_annotation(
    article: Article,
    annotator: str,
    sentence_id: str,
    phrase: str | None,
    values: dict,
    scheme: Scheme | None = None,
) -> Annotation:
    """A validated Annotation from the form's values (see ``FORM_FIELDS``).

    Raises FormError (a sentence or a required choice is missing; the phrase is not exactly
    once in the sentence) or AnnotationError (a value the scheme does not allow).
    """
    scheme = scheme or load_scheme()
    if not sentence_id:
        raise FormError("Pick a sentence first, in the “Sentence” list. Nothing was saved.")
    if sentence_id not in {s.id for s in article.sentences}:
        raise FormError(f"There is no sentence {sentence_id!r} in the article. Nothing was saved.")
    for name in FORM_FIELDS:
        field = scheme.field(name)
        if field.get("required") and not values.get(name):
            raise FormError(
                f"Choose “{field['label']}” before saving ({field.get('question', '')}). "
                "Nothing was saved."
            )
    quote = check_phrase(article, sentence_id, phrase)
    fields = {k: values[k] for k in FORM_FIELDS if k in values}
    return Annotation.new(article, annotator, sentence_id, quote=quote, **fields)


def _label(scheme: Scheme, field: str, choice_id: str | None) -> str:
    if not choice_id:
        return ""
    try:
        return scheme.label(field, choice_id)
    except (AnnotationError, KeyError):
        return str(choice_id)


def annotations_table_html(
    annotations: Iterable[Annotation],
    article: Article,
    scheme: Scheme | None = None,
    caption: str = "Your annotations",
    editing: str = "",
) -> str:
    """An HTML table of annotations; every value is escaped. ``editing`` marks one row."""
    scheme = scheme or load_scheme()
    anns = list(annotations)
    if not anns:
        return (
            f'<div class="claim-table-empty"><b>{_esc(caption)}</b>: none yet. Pick a sentence, '
            "fill in the form and click “Save annotation”.</div>"
        )
    ev_labels = {p["id"]: p["label"] for p in scheme.field("evidence").get("parts", [])}
    cols = [
        "#",
        "Sentence",
        "Words marked",
        scheme.field("claim_type")["label"],
        scheme.field("check_worthy")["label"],
        scheme.field("verdict")["label"],
        scheme.field("techniques")["label"],
        scheme.field("confidence")["label"],
        "Evidence and note",
    ]
    out = [
        "<style>.claim-annotations td,.claim-annotations th{border:1px solid #ccc;"
        "padding:3px 5px;vertical-align:top;text-align:left;line-height:1.35;"
        "overflow-wrap:break-word}.claim-annotations td.long{overflow-wrap:anywhere;"
        "min-width:8em}</style>",
        '<table class="claim-annotations" style="border-collapse:collapse;width:100%;'
        'font-size:90%">',
        f'<caption style="text-align:left;font-weight:bold">{_esc(caption)}</caption>',
        "<thead><tr>",
        *(f'<th scope="col">{_esc(c)}</th>' for c in cols),
        "</tr></thead><tbody>",
    ]
    for i, a in enumerate(anns, 1):
        try:
            number = str(article.sentence(a.sentence_id).number)
        except ArticleError:
            number = a.sentence_id
        extra = []
        for key, value in (a.evidence or {}).items():
            if value:
                extra.append(f"<b>{_esc(ev_labels.get(key, key))}</b> {_esc(_short(value, 200))}")
        if a.note:
            note_label = _esc(scheme.field("note")["label"])
            extra.append(f"<b>{note_label}:</b> {_esc(_short(a.note, 300))}")
        techniques = ", ".join(_label(scheme, "techniques", t) for t in a.techniques)
        mark = ' class="editing" style="background:#fff3b0"' if a.id == editing else ""
        row = [
            f'<tr data-annotation="{_esc(a.id)}"{mark}>',
            f"<td>{i}{' (editing)' if a.id == editing else ''}</td>",
            f"<td>{_esc(number)}</td>",
            f'<td class="long">“{_esc(_short(a.quote, 160))}”</td>',
            f"<td>{_esc(_label(scheme, 'claim_type', a.claim_type))}</td>",
            f"<td>{_esc(_label(scheme, 'check_worthy', a.check_worthy))}</td>",
            f"<td>{_esc(_label(scheme, 'verdict', a.verdict) or '—')}</td>",
            f"<td>{_esc(techniques or '—')}</td>",
            f"<td>{_esc(a.confidence if a.confidence is not None else '—')}</td>",
            f'<td class="long">{"<br>".join(extra) or "—"}</td>',
            "</tr>",
        ]
        out.extend(row)
    out.append("</tbody></table>")
    return "".join(out)


def annotation_choice_label(i: int, ann: Annotation, article: Article, scheme: Scheme) -> str:
    """The text of one entry in the 'Annotation' list under the table (plain text)."""
    try:
        number = article.sentence(ann.sentence_id).number
    except ArticleError:
        number = ann.sentence_id
    kind = _label(scheme, "claim_type", ann.claim_type)
    return f"{i} · sentence {number} · {kind} · “{_short(ann.quote, 40)}”"


# -- self-check ----------------------------------------------------------------------------------
def load_selfcheck(part: str, path: str | Path | None = None) -> list[dict]:
    """The questions of data/selfcheck/<part>.json (or ``path``, a file or a folder), checked.

    Raises ValueError naming the file, the question and what is wrong.
    """
    p = Path(path) if path else SELFCHECK_DIR
    if p.is_dir() or not p.suffix:
        p = p / f"{part}.json"
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{p}: there are no self-check questions for part {part!r}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{p}: cannot read the self-check questions: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("questions"), list):
        raise ValueError(f"{p}: expected an object with a list 'questions'")
    if doc.get("part", part) != part:
        raise ValueError(f"{p}: 'part' is {doc.get('part')!r}, expected {part!r}")
    seen: set[str] = set()
    questions = []
    for n, q in enumerate(doc["questions"], 1):
        where = f"{p}: question {n}"
        if not isinstance(q, dict):
            raise ValueError(f"{where} is not an object")
        qid = q.get("id")
        if not isinstance(qid, str) or not qid:
            raise ValueError(f"{where}: 'id' must be non-empty text")
        where = f"{where} ({qid})"
        if qid in seen:
            raise ValueError(f"{where}: the id is used twice")
        seen.add(qid)
        if not isinstance(q.get("prompt"), str) or not q["prompt"].strip():
            raise ValueError(f"{where}: 'prompt' must be non-empty text")
        kind = q.get("type")
        if kind == "multiple_choice":
            choices = q.get("choices")
            if not isinstance(choices, list) or len(choices) < 2:
                raise ValueError(f"{where}: 'choices' must list at least two choices")
            ids = []
            for c in choices:
                if not (isinstance(c, dict) and isinstance(c.get("id"), str)):
                    raise ValueError(f"{where}: every choice needs an 'id' and a 'text'")
                if not isinstance(c.get("text"), str):
                    raise ValueError(f"{where}: choice {c['id']!r} has no 'text'")
                ids.append(c["id"])
            if len(set(ids)) != len(ids):
                raise ValueError(f"{where}: two choices have the same id")
            if q.get("answer") not in ids:
                raise ValueError(
                    f"{where}: 'answer' is {q.get('answer')!r}, not one of the choice ids "
                    f"{', '.join(ids)}"
                )
        elif kind == "short_answer":
            accept = q.get("accept")
            if (
                not isinstance(accept, list)
                or not accept
                or not all(isinstance(a, str) and a.strip() for a in accept)
            ):
                raise ValueError(f"{where}: 'accept' must list the accepted answers as text")
        else:
            raise ValueError(
                f"{where}: 'type' is {kind!r}; use 'multiple_choice' or 'short_answer'"
            )
        for key in ("explanation", "source", "answer_text"):
            if key in q and not isinstance(q[key], str):
                raise ValueError(f"{where}: {key!r} must be text")
        questions.append(q)
    return questions


def normalise_answer(text: str) -> str:
    """Fold a short answer for comparison: case, spaces, quotes, thousands separators, dots."""
    t = unicodedata.normalize("NFKC", str(text)).casefold()
    t = _fold_quotes(t)
    t = re.sub(r"(?<=\d)[,\s'](?=\d{3}\b)", "", t)
    t = " ".join(t.split())
    return t.strip(" .!?;:\"'")


def check_answer(question: dict, answer: str | None) -> bool:
    """Whether ``answer`` (a choice id, or typed text) is right."""
    if answer is None:
        return False
    if question["type"] == "multiple_choice":
        return answer == question["answer"]
    given = normalise_answer(answer)
    return bool(given) and any(given == normalise_answer(a) for a in question["accept"])


def correct_answer_text(question: dict) -> str:
    if question["type"] == "multiple_choice":
        for c in question["choices"]:
            if c["id"] == question["answer"]:
                return c["text"]
        return str(question["answer"])
    return question.get("answer_text") or question["accept"][0]


def feedback_html(question: dict, answer: str, correct: bool, previous: bool = False) -> str:
    """The feedback under a question: right or not, the answer, its explanation and source."""
    if question["type"] == "multiple_choice":
        shown = next((c["text"] for c in question["choices"] if c["id"] == answer), answer)
    else:
        shown = answer
    when = "Last time you answered" if previous else "You answered"
    if correct:
        head = f'<b style="color:#1b5e20">✓ Right.</b> {when} “{_esc(_short(shown, 200))}”.'
    else:
        head = (
            f'<b style="color:#b71c1c">✗ Not quite.</b> {when} “{_esc(_short(shown, 200))}”; '
            f"the answer is “{_esc(correct_answer_text(question))}”."
        )
    parts = [
        '<div class="selfcheck-result" role="status" aria-live="polite" '
        f'style="line-height:1.4;overflow-wrap:anywhere">{head}'
    ]
    if question.get("explanation"):
        parts.append(f"<br>{_esc(question['explanation'])}")
    if question.get("source"):
        source = _esc(question["source"])
        parts.append(f'<br><span class="selfcheck-source">Source: {source}</span>')
    parts.append("</div>")
    return "".join(parts)


# -- hand-in ------------------------------------------------------------------------------------
def handin_filename(annotator: str, when: datetime | None = None) -> str:
    """``<annotator>-<UTC timestamp>.jsonld`` with only safe characters in the name."""
    when = when or datetime.now(UTC)
    slug = unicodedata.normalize("NFKD", annotator)
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", slug.encode("ascii", "ignore").decode()).strip("._")
    slug = re.sub(r"\.{2,}", ".", slug)[:40] or "student"
    return f"{slug}-{when.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}.jsonld"


def _free_path(folder: Path, name: str) -> Path:
    path = folder / name
    stem, suffix, n = path.name[: -len(".jsonld")], ".jsonld", 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


def _relative_href(path: Path, base: Path) -> str | None:
    try:
        rel = os.path.relpath(path, base)
    except ValueError:  # another drive on Windows
        return None
    return url_quote(Path(rel).as_posix())


# ------------------------------------------------------------------------------------------------
# Widget helpers
# ------------------------------------------------------------------------------------------------
def _guarded(method: Callable) -> Callable:
    """Wrap a callback: an exception is shown in the widget's status, never swallowed."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - shown to the student, with a traceback
            self._show_error(exc)
            return None

    return wrapper


_STYLE = {"description_width": "initial"}


def _full(**kwargs) -> W.Layout:
    return W.Layout(width="100%", max_width="700px", **kwargs)


def _button(**kwargs) -> W.Button:
    """A button as wide as its label (ipywidgets' default width cuts long labels)."""
    kwargs.setdefault("layout", W.Layout(width="auto", max_width="100%"))
    return W.Button(**kwargs)


def _hide(widget: W.Widget, hidden: bool) -> None:
    widget.layout.display = "none" if hidden else None


def _wrap_row(children, **kwargs) -> W.HBox:
    return W.HBox(children, layout=W.Layout(flex_flow="row wrap", align_items="center", **kwargs))


class _Composite(W.VBox):
    """Common parts: a status line, guarded callbacks, a readable text/plain repr."""

    _what = "Widget"

    def _show_error(self, exc: BaseException) -> None:
        self.status.value = error_html(exc)

    def _say(self, kind: str, text: str) -> None:
        self.status.value = message_html(kind, text)

    def __repr__(self) -> str:  # the text/plain of _repr_mimebundle_ (static exports, slides)
        return self._what


class NameBox(W.VBox):
    """Asks once for the student's name or id and remembers it in the store.

    Attributes: ``name`` (Text), ``name_button``, ``whoami`` (HTML), ``change_button``,
    ``message`` (HTML); trait ``annotator``.
    """

    annotator = Unicode("")

    def __init__(self, store, **kwargs):
        self.store = store
        self._asking = False
        self.name = W.Text(
            description="Your name or student id",
            placeholder="e.g. ana or s1234567",
            tooltip="Used to keep your annotations apart from others' and to name your hand-in",
            style=_STYLE,
            layout=W.Layout(width="100%", max_width="460px"),
        )
        self.name.add_class("annotator-name")
        self.name_button = _button(
            description="Remember my name",
            tooltip="Save your name; you will not be asked again",
            icon="check",
        )
        self.name_button.add_class("name-save")
        self.whoami = W.HTML()
        self.whoami.add_class("annotator-whoami")
        self.change_button = _button(description="Change name", tooltip="Use another name")
        self.change_button.add_class("name-change")
        self.message = W.HTML()
        self._ask_row = _wrap_row([self.name, self.name_button])
        self._show_row = _wrap_row([self.whoami, self.change_button])
        super().__init__(children=[self._ask_row, self._show_row, self.message], **kwargs)
        self.add_class("annotator-namebox")
        self.name_button.on_click(self._on_remember)
        self.change_button.on_click(self._on_change)
        stored = store.get_setting(SETTING_ANNOTATOR)
        self.annotator = stored or ""
        self._sync()

    def _show_error(self, exc: BaseException) -> None:
        self.message.value = error_html(exc)

    def _sync(self) -> None:
        asking = self._asking or not self.annotator
        _hide(self._ask_row, not asking)
        _hide(self._show_row, asking)
        self.whoami.value = f"Working as <b>{_esc(self.annotator)}</b>." if self.annotator else ""

    def remember(self, typed: str) -> str:
        """Validate and store a name; raises AnnotationError with a clear message."""
        name = validate_annotator(typed)
        self.store.set_setting(SETTING_ANNOTATOR, name)
        self._asking = False
        self.annotator = name
        self.name.value = ""
        self.message.value = ""
        self._sync()
        return name

    def resolve(self, required: bool = True) -> str | None:
        """The annotator: typed just now, remembered, or set by another widget meanwhile.

        Raises FormError when ``required`` and nobody is known; AnnotationError for a bad name.
        """
        typed = self.name.value.strip()
        if typed and (self._asking or not self.annotator):
            return self.remember(typed)
        if self.annotator:
            return self.annotator
        stored = self.store.get_setting(SETTING_ANNOTATOR)
        if stored:
            self.annotator = stored
            self._sync()
            return stored
        if required:
            raise FormError(
                "Type your name or student id in the box at the top first. Nothing was saved."
            )
        return None

    @_guarded
    def _on_remember(self, _button=None) -> None:
        typed = self.name.value
        try:
            name = self.remember(typed)
        except AnnotationError as exc:
            self.message.value = message_html("warn", f"That name cannot be used: {exc}")
            return
        self.message.value = message_html("ok", f"Thank you, {name}. Your name is remembered.")

    @_guarded
    def _on_change(self, _button=None) -> None:
        self._asking = True
        self.name.value = self.annotator
        self.message.value = message_html(
            "info",
            "Type the new name and click “Remember my name”. Work saved under the old name "
            "stays saved under it.",
        )
        self._sync()


def _store_or_default(store):
    if store is not None:
        return store
    from helpers.store import AnnotationStore

    return AnnotationStore()


def _choice_definitions_html(scheme: Scheme, field: str) -> str:
    items = "".join(
        f"<li><b>{_esc(c['label'])}</b> — {_esc(c.get('definition', ''))}</li>"
        for c in scheme.field(field)["choices"]
    )
    return (
        '<ul class="scheme-definitions" style="margin:0 0 0 1em;padding:0;font-size:90%;'
        f'line-height:1.35">{items}</ul>'
    )


# ------------------------------------------------------------------------------------------------
# ClaimAnnotator
# ------------------------------------------------------------------------------------------------
class ClaimAnnotator(_Composite):
    """Annotate the sentences of one part of the article.

    ``ClaimAnnotator("nato")`` shows the part with numbered sentences, a form with every field
    of the scheme, and beneath it a table of the student's annotations of that part with Edit,
    Delete and Undo. Everything is read from and written to ``store`` (an AnnotationStore;
    default: the student's own store).

    Public API: ``on_submit(callback)`` (called with the saved Annotation), ``.data`` (the
    part's annotations as dicts), ``.to_frame()``. Traits: ``annotator``, ``selected``
    (sentence id), ``editing`` (id of the annotation being edited, or "").
    """

    annotator = Unicode("")
    selected = Unicode("")
    editing = Unicode("")

    def __init__(self, part: str, store=None, article: Article | None = None, scheme=None):
        self.article = article or load_article()
        self.part = self.article.part(part).id  # raises ArticleError naming the parts
        self.scheme = scheme or load_scheme()
        self.store = _store_or_default(store)
        self._what = f"Claim annotator for part {self.part!r} — interactive in JupyterLab"
        self._callbacks: list[Callable] = []
        self._deleted: list[str] = []
        self._ids: list[str] = []
        sch = self.scheme
        p = self.article.part(self.part)

        # -- who ------------------------------------------------------------------------------
        self.name_box = NameBox(self.store)
        self.name = self.name_box.name
        self.name_button = self.name_box.name_button

        # -- the text ---------------------------------------------------------------------------
        self.text = W.HTML(layout=W.Layout(width="100%"))
        self.text.add_class("claim-text")

        # -- the form ---------------------------------------------------------------------------
        self.sentence = W.Dropdown(
            description="Sentence",
            options=sentence_options(self.article, self.part),
            value="",
            tooltip="The sentence you annotate; its number is in [brackets] in the text",
            style=_STYLE,
            layout=_full(),
        )
        self.sentence.add_class("claim-sentence")
        self.sentence_preview = W.HTML()
        self.sentence_preview.add_class("claim-sentence-preview")
        self.phrase = W.Text(
            description="Exact phrase (optional)",
            placeholder="leave empty for the whole sentence, or copy a phrase from it",
            tooltip="Copy a phrase exactly from the chosen sentence; it must occur there once",
            style=_STYLE,
            layout=_full(),
        )
        self.phrase.add_class("claim-phrase")

        self.claim_type = self._radio("claim_type", required=True)
        self.check_worthy = self._radio("check_worthy", required=True)
        self.verdict = self._radio("verdict", required=False, none_label="Not checked yet")

        tf = sch.field("techniques")
        self.techniques: dict[str, W.Checkbox] = {}
        # one shared layout for the 14 boxes, and one HTML list of definitions beside them
        # (hover over a box for its definition too): a few models instead of ~90, so the
        # exercise appears quickly even on a slow laptop
        box_layout = W.Layout(width="auto", min_width="300px", max_width="100%")
        box_style = CheckboxStyle(description_width="initial")
        for c in tf["choices"]:
            box = W.Checkbox(
                value=False,
                description=c["label"],
                tooltip=c.get("definition", ""),
                indent=False,
                style=box_style,
                layout=box_layout,
            )
            box.add_class("claim-technique")
            box.add_class(f"claim-technique-{c['id']}")
            self.techniques[c["id"]] = box
        definitions = "".join(
            f"<li><b>{_esc(c['label'])}</b>: {_esc(c.get('definition', ''))}</li>"
            for c in tf["choices"]
        )
        self.technique_definitions = W.HTML(
            '<details style="color:#444;font-size:90%;line-height:1.35">'
            "<summary>What do these techniques mean?</summary>"
            f'<ul style="margin:0.3em 0;padding-left:1.2em">{definitions}</ul></details>',
            layout=W.Layout(width="100%"),
        )
        grid = W.GridBox(
            list(self.techniques.values()),
            layout=W.Layout(
                width="100%", grid_template_columns="repeat(auto-fill, minmax(300px, 1fr))"
            ),
        )
        techniques_box = W.VBox(
            [self._prompt(tf), grid, self.technique_definitions], layout=W.Layout(width="100%")
        )

        ef = sch.field("evidence")
        self.evidence: dict[str, W.Textarea] = {}
        for part_def in ef["parts"]:
            area = W.Textarea(
                description=part_def["label"],
                placeholder=part_def.get("sift", ""),
                tooltip=part_def.get("sift", ""),
                rows=2,
                style={"description_width": "17em"},
                layout=_full(),
            )
            area.add_class(f"claim-evidence-{part_def['id']}")
            self.evidence[part_def["id"]] = area

        cf = sch.field("confidence")
        lo, hi = sch.confidence_range
        conf_options = [("— not set —", 0)]
        for n in range(lo, hi + 1):
            word = " (a guess)" if n == lo else " (certain)" if n == hi else ""
            conf_options.append((f"{n}{word}", n))
        self.confidence = W.Dropdown(
            description=cf["label"],
            options=conf_options,
            value=0,
            tooltip=cf.get("question", ""),
            style=_STYLE,
            layout=W.Layout(width="100%", max_width="320px"),
        )
        self.confidence.add_class("claim-confidence")

        nf = sch.field("note")
        self.note = W.Textarea(
            description=nf["label"],
            placeholder=nf.get("question", ""),
            tooltip=nf.get("question", ""),
            rows=3,
            style=_STYLE,
            layout=_full(),
        )
        self.note.add_class("claim-note")

        self.cancel_button = _button(
            description="Cancel editing", tooltip="Leave the annotation as it was", icon="times"
        )
        self.cancel_button.add_class("claim-cancel")
        self.save_button = _button(
            description="Save annotation",
            button_style="primary",
            tooltip="Save this annotation (it is kept when the notebook closes)",
            icon="save",
        )
        self.save_button.add_class("claim-save")
        self.status = W.HTML()
        self.status.add_class("claim-status")

        # -- the table --------------------------------------------------------------------------
        self.table = W.HTML(layout=W.Layout(width="100%"))
        self.table.add_class("claim-table")
        self.choose = W.Dropdown(
            description="Annotation",
            options=[("— none yet —", "")],
            value="",
            tooltip="Pick one of your annotations to edit or delete",
            style=_STYLE,
            layout=_full(),
        )
        self.choose.add_class("claim-choose")
        self.edit_button = _button(
            description="Edit", tooltip="Load this annotation into the form", icon="pencil"
        )
        self.edit_button.add_class("claim-edit")
        self.delete_button = _button(
            description="Delete",
            tooltip="Delete this annotation (Undo brings it back)",
            icon="trash",
            button_style="danger",
        )
        self.delete_button.add_class("claim-delete")
        self.undo_button = _button(
            description="Undo delete",
            tooltip="Bring back the annotation deleted last",
            icon="undo",
        )
        self.undo_button.add_class("claim-undo")

        form = W.VBox(
            [
                W.HTML(
                    "<b>Your annotation</b> — pick a sentence, answer the questions, then "
                    "click “Save annotation”."
                ),
                self.sentence,
                self.sentence_preview,
                self.phrase,
                self._block("claim_type", self.claim_type),
                self._block("check_worthy", self.check_worthy),
                self._block("verdict", self.verdict),
                techniques_box,
                self._prompt(ef),
                *self.evidence.values(),
                self._prompt(cf),
                self.confidence,
                self._prompt(nf),
                self.note,
                _wrap_row([self.cancel_button, self.save_button]),
                self.status,
            ],
            layout=W.Layout(width="100%", border="1px solid #ddd", padding="6px"),
        )
        form.add_class("claim-form")
        manage = _wrap_row([self.choose, self.edit_button, self.delete_button, self.undo_button])
        heading = p.title if not p.heading else ""
        intro = W.HTML(
            f"<b>{_esc(heading)}</b>" if heading else "",
            layout=W.Layout(width="100%"),
        )
        super().__init__(
            children=[self.name_box, intro, self.text, form, self.table, manage],
            layout=W.Layout(width="100%"),
        )
        self.add_class("claim-annotator")
        self.add_class(f"claim-annotator-{self.part}")

        # -- wiring -----------------------------------------------------------------------------
        self.sentence.observe(self._on_sentence, names="value")
        self.save_button.on_click(self._on_save)
        self.cancel_button.on_click(self._on_cancel)
        self.edit_button.on_click(self._on_edit)
        self.delete_button.on_click(self._on_delete)
        self.undo_button.on_click(self._on_undo)
        self.name_box.observe(self._on_annotator_box, names="annotator")
        self.observe(self._on_selected, names="selected")
        self.observe(self._on_editing, names="editing")
        self.observe(self._on_annotator, names="annotator")

        self.annotator = self.name_box.annotator
        self._render_text()
        self._on_editing()
        self.refresh()

    # -- construction helpers ------------------------------------------------------------------
    def _prompt(self, field: dict) -> W.HTML:
        return W.HTML(
            f'<div style="line-height:1.4"><b>{_esc(field["label"])}</b> — '
            f"{_esc(field.get('question', ''))}</div>",
            layout=W.Layout(width="100%", margin="8px 0 0 0"),
        )

    def _radio(self, name: str, required: bool, none_label: str | None = None) -> W.RadioButtons:
        field = self.scheme.field(name)
        options = [(c["label"], c["id"]) for c in field["choices"]]
        if none_label:
            options.insert(0, (none_label, ""))
        radio = W.RadioButtons(
            description=field["label"] + (" *" if required else ""),
            options=options,
            value="" if none_label else None,
            tooltip=field.get("question", ""),
            style=_STYLE,
            layout=W.Layout(width="auto", flex="0 1 auto", max_width="100%"),
        )
        radio.add_class(f"claim-{name.replace('_', '-')}")
        return radio

    def _block(self, name: str, radio: W.RadioButtons) -> W.VBox:
        field = self.scheme.field(name)
        definitions = W.HTML(
            _choice_definitions_html(self.scheme, name), layout=W.Layout(flex="1 1 300px")
        )
        return W.VBox([self._prompt(field), _wrap_row([radio, definitions], width="100%")])

    # -- public API ----------------------------------------------------------------------------
    def on_submit(self, callback: Callable[[Annotation], Any]) -> None:
        """Call ``callback(annotation)`` after every save (new or edited)."""
        self._callbacks.append(callback)

    def annotations(self) -> list[Annotation]:
        """The student's annotations of this part, from the store."""
        if not self.annotator:
            return []
        return list(self.store.list(annotator=self.annotator, part=self.part))

    @property
    def data(self) -> list[dict]:
        """The student's annotations of this part, as dicts."""
        return [a.to_dict() for a in self.annotations()]

    def to_frame(self):
        """The student's annotations of this part as a pandas DataFrame."""
        if not self.annotator:
            import pandas as pd

            return pd.DataFrame()
        return self.store.to_frame(annotator=self.annotator, part=self.part)

    def form_values(self) -> dict:
        """The scheme fields as the form holds them now."""
        return {
            "claim_type": self.claim_type.value or None,
            "check_worthy": self.check_worthy.value or None,
            "verdict": self.verdict.value or None,
            "techniques": tuple(k for k, box in self.techniques.items() if box.value),
            "evidence": {k: area.value for k, area in self.evidence.items()},
            "confidence": self.confidence.value or None,
            "note": self.note.value,
        }

    def refresh(self) -> None:
        """Re-read the store and redraw the table and the list under it."""
        anns = self.annotations()
        title = self.article.part(self.part).title
        caption = (
            f"Your annotations of “{title}” ({self.annotator})"
            if self.annotator
            else f"Your annotations of “{title}”"
        )
        self.table.value = annotations_table_html(
            anns, self.article, self.scheme, caption=caption, editing=self.editing
        )
        self._ids = [a.id for a in anns]
        options = [
            (annotation_choice_label(i, a, self.article, self.scheme), a.id)
            for i, a in enumerate(anns, 1)
        ] or [("— none yet —", "")]
        keep = self.choose.value if self.choose.value in self._ids else None
        self.choose.options = options
        self.choose.value = keep or options[-1][1]
        empty = not anns
        self.edit_button.disabled = empty
        self.delete_button.disabled = empty
        self.undo_button.disabled = not self._deleted

    def reset_form(self, keep_sentence: bool = True) -> None:
        """Empty the form (the chosen sentence stays unless ``keep_sentence`` is False)."""
        if not keep_sentence:
            self.selected = ""
        self.phrase.value = ""
        self.claim_type.value = None
        self.check_worthy.value = None
        self.verdict.value = ""
        for box in self.techniques.values():
            box.value = False
        for area in self.evidence.values():
            area.value = ""
        self.confidence.value = 0
        self.note.value = ""

    def load(self, ann: Annotation) -> list[str]:
        """Put an annotation's values into the form; returns warnings about unknown values."""
        warnings = []
        self.selected = ann.sentence_id
        sentence = self.article.sentence(ann.sentence_id)
        whole = (ann.start, ann.end) == (sentence.start, sentence.end)
        self.phrase.value = "" if whole else ann.quote

        def put(widget, value, label):
            try:
                widget.value = value
            except TraitError:
                warnings.append(f"{label} {value!r} is not in the scheme any more")

        put(self.claim_type, ann.claim_type, "claim type")
        put(self.check_worthy, ann.check_worthy, "check-worthy")
        put(self.verdict, ann.verdict or "", "verdict")
        for k, box in self.techniques.items():
            box.value = k in ann.techniques
        for t in ann.techniques:
            if t not in self.techniques:
                warnings.append(f"technique {t!r} is not in the scheme any more")
        for k, area in self.evidence.items():
            area.value = (ann.evidence or {}).get(k, "") or ""
        put(self.confidence, ann.confidence or 0, "confidence")
        self.note.value = ann.note or ""
        return warnings

    # -- trait observers -----------------------------------------------------------------------
    @validate("selected")
    def _valid_selected(self, proposal):
        value = proposal["value"]
        ids = [s.id for s in self.article.part(self.part).sentences]
        if value and value not in ids:
            raise TraitError(
                f"sentence {value!r} is not in part {self.part!r}; pick one of {', '.join(ids)}"
            )
        return value

    def _render_text(self) -> None:
        self.text.value = (
            '<div style="max-width:100%;overflow-wrap:anywhere;line-height:1.5">'
            + self.article.render(self.part, highlight=self.selected or None)
            + "</div>"
        )
        if self.selected:
            s = self.article.sentence(self.selected)
            self.sentence_preview.value = (
                f'<div style="color:#333;font-size:92%;overflow-wrap:anywhere;line-height:1.4">'
                f"Sentence {s.number}: “{_esc(s.text)}”</div>"
            )
        else:
            self.sentence_preview.value = ""

    @_guarded
    def _on_selected(self, change=None) -> None:
        if self.sentence.value != self.selected:
            self.sentence.value = self.selected
        self._render_text()

    @_guarded
    def _on_sentence(self, change) -> None:
        self.selected = change["new"] or ""

    @_guarded
    def _on_editing(self, change=None) -> None:
        editing = bool(self.editing)
        self.save_button.description = "Save changes" if editing else "Save annotation"
        _hide(self.cancel_button, not editing)

    @_guarded
    def _on_annotator_box(self, change) -> None:
        self.annotator = change["new"] or ""

    @_guarded
    def _on_annotator(self, change=None) -> None:
        self.editing = ""
        self._deleted.clear()
        self.refresh()

    # -- button callbacks ----------------------------------------------------------------------
    @_guarded
    def _on_save(self, _button=None) -> None:
        try:
            annotator = self.name_box.resolve(required=True)
            ann = build_annotation(
                self.article,
                annotator,
                self.selected,
                self.phrase.value,
                self.form_values(),
                self.scheme,
            )
        except (FormError, AnnotationError, ArticleError) as exc:
            self._say("warn", str(exc) if isinstance(exc, FormError) else f"Not saved: {exc}")
            return
        number = self.article.sentence(ann.sentence_id).number
        if self.editing:
            changes = {k: getattr(ann, k) for k in FORM_FIELDS}
            changes["sentence_id"] = ann.sentence_id
            changes["quote"] = ann.quote
            try:
                saved = self.store.update(self.editing, **changes)
            except (AnnotationError, ArticleError) as exc:
                self._say("warn", f"Not saved: {exc}")
                return
            verb = "Changes saved"
        else:
            saved = self.store.add(ann)
            verb = "Saved"
        saved = saved if isinstance(saved, Annotation) else ann
        self.editing = ""
        self.reset_form(keep_sentence=True)
        self.refresh()
        if saved.id in self._ids:
            self.choose.value = saved.id
        self._say("ok", f"{verb}: sentence {number}, “{_short(saved.quote, 80)}”.")
        self._notify(saved)

    def _notify(self, ann: Annotation) -> None:
        for callback in list(self._callbacks):
            try:
                callback(ann)
            except Exception as exc:  # noqa: BLE001 - shown, not swallowed
                tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
                self.status.value += message_html(
                    "error",
                    f"The annotation was saved, but a callback failed: {type(exc).__name__}: {exc}",
                    details=tb,
                )

    @_guarded
    def _on_cancel(self, _button=None) -> None:
        self.editing = ""
        self.reset_form(keep_sentence=True)
        self.refresh()
        self._say("info", "Editing cancelled; the annotation is unchanged.")

    @_guarded
    def _on_edit(self, _button=None) -> None:
        ann_id = self.choose.value
        if not ann_id:
            self._say("info", "There is no annotation to edit yet.")
            return
        ann = self.store.get(ann_id)
        self.editing = ann.id
        warnings = self.load(ann)
        self.refresh()
        n = self._ids.index(ann.id) + 1 if ann.id in self._ids else "?"
        text = f"Editing annotation {n}: change the fields, then click “Save changes”."
        if warnings:
            text += " Note: " + "; ".join(warnings) + "."
        self._say("warn" if warnings else "info", text)

    @_guarded
    def _on_delete(self, _button=None) -> None:
        ann_id = self.choose.value
        if not ann_id:
            self._say("info", "There is no annotation to delete.")
            return
        n = self._ids.index(ann_id) + 1 if ann_id in self._ids else "?"
        ann = self.store.get(ann_id)
        self.store.delete(ann_id)
        self._deleted.append(ann_id)
        if self.editing == ann_id:
            self.editing = ""
            self.reset_form(keep_sentence=True)
        self.refresh()
        self._say(
            "ok",
            f"Deleted annotation {n} (“{_short(ann.quote, 60)}”). Click “Undo delete” to bring "
            "it back.",
        )

    @_guarded
    def _on_undo(self, _button=None) -> None:
        if not self._deleted:
            self._say("info", "Nothing to undo.")
            self.undo_button.disabled = True
            return
        ann_id = self._deleted.pop()
        self.store.restore(ann_id)
        self.refresh()
        if ann_id in self._ids:
            self.choose.value = ann_id
        ann = self.store.get(ann_id)
        self._say("ok", f"Brought back the annotation of “{_short(ann.quote, 60)}”.")


# ------------------------------------------------------------------------------------------------
# SelfCheck
# ------------------------------------------------------------------------------------------------
def _css_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "q"


class SelfCheck(_Composite):
    """Check-yourself questions for a part, from data/selfcheck/<part>.json.

    Each question gets instant feedback with an explanation that names its source; attempts
    are recorded in the store (when the student's name is known). Attributes: ``questions``
    (list of dicts), ``answers`` / ``buttons`` / ``feedback`` (dicts by question id),
    ``name`` (Text, only shown when no name is remembered), ``status``.
    """

    def __init__(self, part: str, store=None, path: str | Path | None = None):
        self.part = part
        self.store = _store_or_default(store)
        self._what = f"Self-check questions for part {part!r} — interactive in JupyterLab"
        self.status = W.HTML()
        self.status.add_class("selfcheck-status")
        self.name_box = NameBox(self.store)
        self.name = self.name_box.name
        self.answers: dict[str, W.Widget] = {}
        self.buttons: dict[str, W.Button] = {}
        self.feedback: dict[str, W.HTML] = {}
        self._by_id: dict[str, dict] = {}
        try:
            self.questions = load_selfcheck(part, path)
        except ValueError as exc:
            self.questions = []
            self.status.value = message_html("warn", str(exc))
        cards = [self._card(n, q) for n, q in enumerate(self.questions, 1)]
        super().__init__(
            children=[
                W.HTML("<b>Check yourself</b> — answer, then click “Check”."),
                self.name_box,
                *cards,
                self.status,
            ],
            layout=W.Layout(width="100%"),
        )
        self.add_class("selfcheck")
        self._restore()

    def _card(self, n: int, q: dict) -> W.VBox:
        qid = q["id"]
        self._by_id[qid] = q
        prompt = W.HTML(
            '<div style="overflow-wrap:anywhere;line-height:1.4">'
            f"<b>Question {n}.</b> {_esc(q['prompt'])}</div>",
            layout=W.Layout(width="100%"),
        )
        if q["type"] == "multiple_choice":
            answer = W.RadioButtons(
                description="Your answer",
                options=[(c["text"], c["id"]) for c in q["choices"]],
                value=None,
                style=_STYLE,
                layout=W.Layout(width="auto", max_width="100%"),
            )
        else:
            answer = W.Text(
                description="Your answer",
                placeholder="type your answer",
                style=_STYLE,
                layout=W.Layout(width="100%", max_width="460px"),
            )
        answer.add_class("selfcheck-answer")
        button = _button(description="Check", tooltip=f"Check your answer to question {n}")
        button.add_class("selfcheck-submit")
        feedback = W.HTML(layout=W.Layout(width="100%"))
        feedback.add_class("selfcheck-feedback")
        self.answers[qid], self.buttons[qid], self.feedback[qid] = answer, button, feedback
        button.on_click(functools.partial(self._on_check, qid))
        card = W.VBox(
            [prompt, answer, button, feedback],
            layout=W.Layout(width="100%", border="1px solid #ddd", padding="6px", margin="4px 0"),
        )
        card.add_class("selfcheck-question")
        card.add_class(f"selfcheck-q-{_css_id(qid)}")
        return card

    def _restore(self) -> None:
        """Show the last recorded answer of each question (after a restart)."""
        annotator = self.name_box.annotator
        if not annotator or not self.questions:
            return
        try:
            frame = self.store.attempts(annotator)
        except Exception as exc:  # noqa: BLE001
            self._show_error(exc)
            return
        if frame is None or len(frame) == 0:
            return
        if not {"question_id", "answer"}.issubset(frame.columns):
            return
        for _, row in frame.iterrows():  # in the order recorded: the last one wins
            q = self._by_id.get(row["question_id"])
            if q is None:
                continue
            answer = str(row["answer"])
            widget = self.answers[q["id"]]
            try:
                widget.value = answer
            except TraitError:
                continue
            self.feedback[q["id"]].value = feedback_html(
                q, answer, check_answer(q, answer), previous=True
            )

    @_guarded
    def _on_check(self, qid: str, _button=None) -> None:
        q = self._by_id[qid]
        value = self.answers[qid].value
        answer = "" if value is None else str(value)
        if not answer.strip():
            what = "Choose" if q["type"] == "multiple_choice" else "Type"
            self.feedback[qid].value = message_html("info", f"{what} an answer first.")
            return
        correct = check_answer(q, answer)
        html_out = feedback_html(q, answer, correct)
        try:
            annotator = self.name_box.resolve(required=False)
        except AnnotationError as exc:
            annotator = None
            html_out += message_html("warn", f"Not recorded: that name cannot be used: {exc}")
        if annotator:
            self.store.record_attempt(annotator, qid, answer, bool(correct))
        else:
            html_out += message_html(
                "info", "Not recorded: type your name at the top to keep a record of your answers."
            )
        self.feedback[qid].value = html_out


# ------------------------------------------------------------------------------------------------
# Reveal
# ------------------------------------------------------------------------------------------------
class Reveal(_Composite):
    """A button that shows and hides a model answer; hidden by default.

    ``content`` is HTML (when it starts with '<') or Markdown. It is put into the page only
    when first shown, so the answer is not in the notebook's saved widget state before then.
    Attributes: ``toggle`` (ToggleButton), ``content`` (Output), ``status``.
    """

    def __init__(
        self,
        content_html_or_markdown: str,
        label: str = "Show the model answer",
        hide_label: str | None = None,
        fmt: str = "auto",
    ):
        # a callable is called each time the answer is opened (e.g. to compare with the
        # student's latest annotations); it must return HTML
        self._make = content_html_or_markdown if callable(content_html_or_markdown) else None
        self.source = "" if self._make else str(content_html_or_markdown)
        if fmt == "auto":
            fmt = "html" if self._make or self.source.lstrip().startswith("<") else "markdown"
        if fmt not in ("html", "markdown"):
            raise ValueError(f"fmt must be 'auto', 'html' or 'markdown', not {fmt!r}")
        self.fmt = fmt
        self.label = label
        self.hide_label = hide_label or (
            "Hide" + label[4:] if label.lower().startswith("show") else "Hide"
        )
        self._what = f"{label} (hidden) — click the button in JupyterLab to see it"
        self.toggle = W.ToggleButton(
            value=False,
            description=label,
            tooltip=label,
            icon="eye",
            layout=W.Layout(width="auto", max_width="100%"),
        )
        self.toggle.add_class("reveal-toggle")
        self.content = W.Output(layout=W.Layout(width="100%", display="none"))
        self.content.add_class("reveal-content")
        self.status = W.HTML()
        super().__init__(
            children=[self.toggle, self.content, self.status], layout=W.Layout(width="100%")
        )
        self.add_class("reveal")
        self.toggle.observe(self._on_toggle, names="value")

    @property
    def shown(self) -> bool:
        return bool(self.toggle.value)

    def show(self) -> None:
        self.toggle.value = True

    def hide(self) -> None:
        self.toggle.value = False

    @_guarded
    def _on_toggle(self, change=None) -> None:
        shown = bool(self.toggle.value)
        if shown and self._make is not None:
            self.source = str(self._make())
            self.content.outputs = ()
        if shown and not self.content.outputs:
            mime = "text/html" if self.fmt == "html" else "text/markdown"
            self.content.outputs = (
                {
                    "output_type": "display_data",
                    "data": {mime: self.source, "text/plain": self.source},
                    "metadata": {},
                },
            )
        _hide(self.content, not shown)
        self.toggle.description = self.hide_label if shown else self.label
        self.toggle.icon = "eye-slash" if shown else "eye"


# ------------------------------------------------------------------------------------------------
# HandIn
# ------------------------------------------------------------------------------------------------
class HandIn(_Composite):
    """A "Hand in" button: writes the student's annotations as a W3C JSON-LD file.

    The file goes to ``folder`` (default: ./handin next to the notebook), named from the
    student's id and the time, never over an existing file. The widget shows the path and a
    download link. Attributes: ``button``, ``status`` (HTML), ``link`` (Output holding the
    download link), ``summary`` (HTML), ``name``; ``last_path`` after a hand-in.
    """

    def __init__(
        self, store=None, folder: str | Path | None = None, article: Article | None = None
    ):
        self.store = _store_or_default(store)
        self.article = article or load_article()
        self.base = Path.cwd()
        self.folder = Path(folder) if folder else self.base / "handin"
        self.last_path: Path | None = None
        self._what = "Hand-in button for your annotations — interactive in JupyterLab"
        self.name_box = NameBox(self.store)
        self.name = self.name_box.name
        self.summary = W.HTML()
        self.summary.add_class("handin-summary")
        self.button = _button(
            description="Hand in my annotations",
            button_style="success",
            icon="paper-plane",
            tooltip="Write all your annotations to a file for your teacher",
            layout=W.Layout(width="auto", max_width="100%"),
        )
        self.button.add_class("handin-button")
        self.status = W.HTML()
        self.status.add_class("handin-status")
        self.link = W.Output(layout=W.Layout(width="100%"))
        self.link.add_class("handin-link")
        super().__init__(
            children=[self.name_box, self.summary, self.button, self.status, self.link],
            layout=W.Layout(width="100%"),
        )
        self.add_class("handin")
        self.button.on_click(self._on_handin)
        self.name_box.observe(self._on_name, names="annotator")
        self._update_summary()

    def _annotations(self, annotator: str) -> list[Annotation]:
        return list(self.store.list(annotator=annotator))

    def _update_summary(self) -> None:
        who = self.name_box.annotator
        if not who:
            self.summary.value = "Type your name above, then click the button to hand in."
            return
        anns = self._annotations(who)
        counts: dict[str, int] = {}
        for a in anns:
            counts[a.part] = counts.get(a.part, 0) + 1
        parts = ", ".join(f"{self.article.part(p).title}: {n}" for p, n in counts.items())
        self.summary.value = (
            f"{_esc(who)}: {len(anns)} annotation{'s' if len(anns) != 1 else ''}"
            + (f" ({_esc(parts)})" if parts else "")
            + "."
        )

    @_guarded
    def _on_name(self, change=None) -> None:
        self._update_summary()

    def hand_in(self) -> Path | None:
        """Write the file; returns its path (None when there is nothing to hand in)."""
        from helpers.formats import write_w3c

        try:
            annotator = self.name_box.resolve(required=True)
        except (FormError, AnnotationError) as exc:
            self._say("warn", str(exc).replace(" Nothing was saved.", ""))
            return None
        anns = self._annotations(annotator)
        if not anns:
            self._say("warn", "You have no annotations to hand in yet: annotate a claim first.")
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        name = handin_filename(annotator)
        for _ in range(100):
            path = _free_path(self.folder, name)
            try:
                written = write_w3c(anns, path, self.article, overwrite=False)
                break
            except FileExistsError:
                continue
        else:  # pragma: no cover - 100 files in the same second
            raise FileExistsError(f"{self.folder}: could not find a free file name")
        written = Path(written) if written else path
        self.last_path = written
        self._update_summary()
        self.status.value = message_html(
            "ok",
            f"Handed in {len(anns)} annotation{'s' if len(anns) != 1 else ''} as "
            f"{written.resolve()}. Nothing was overwritten; hand in again to send a newer copy.",
        )
        href = _relative_href(written.resolve(), self.base.resolve())
        if href:
            anchor = (
                f'<a href="{_esc(href)}" download="{_esc(written.name)}" class="handin-download">'
                f"⬇ Download {_esc(written.name)}</a>"
            )
            self.link.outputs = (
                {
                    "output_type": "display_data",
                    "data": {"text/html": anchor, "text/plain": str(written)},
                    "metadata": {},
                },
            )
        return written

    @_guarded
    def _on_handin(self, _button=None) -> None:
        self.hand_in()
