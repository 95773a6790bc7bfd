"""``HandIn``: a button that writes the student's work as a W3C JSON-LD file for the teacher
(annotations, written answers and self-check tries, and the names of who worked together),
never over an existing file, shows a receipt and offers the file for download."""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote as url_quote

import ipywidgets as widgets

from helpers.annotations import Annotation, validate_annotator
from helpers.article import Article, load_article
from helpers.errors import AnnotationError
from helpers.widgets.base import (
    Composite,
    NameBox,
    TextStyle,
    button,
    guarded,
    html,
    layout,
    save_pending,
    status_line,
    store_or_default,
    style,
    waiting_text,
)
from helpers.widgets.handin_inbox import (
    BUTTON_LABEL,
    deliver_handin,
    delivered_text,
    file_receipt,
    in_a_file_text,
    not_delivered_text,
    receipt_text,
)
from helpers.widgets.html import esc, message_html
from helpers.widgets.target import FormError
from helpers.work import Answer, Attempt, SearchEvent

SUFFIX = ".jsonld"
#: Partners besides the student: a pair or a trio at one computer.
MAX_PARTNERS = 2


def handin_filename(annotator: str, when: datetime | None = None) -> str:
    """The file name of a hand-in: ``<annotator>-<UTC time>.jsonld``, the name reduced to
    ASCII letters, digits, '_', '.' and '-' (at most 40; "student" when nothing is left)."""
    when = when or datetime.now(UTC)
    slug = unicodedata.normalize("NFKD", annotator)
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", slug.encode("ascii", "ignore").decode()).strip("._")
    slug = re.sub(r"\.{2,}", ".", slug)[:40] or "student"
    return f"{slug}-{when.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}{SUFFIX}"


def free_path(folder: Path, name: str) -> Path:
    """``folder / name``, or with ``-2``, ``-3`` … before the suffix when that file exists."""
    path = folder / name
    stem, n = path.name[: -len(SUFFIX)], 2
    while path.exists():
        path = folder / f"{stem}-{n}{SUFFIX}"
        n += 1
    return path


def relative_href(path: Path, base: Path) -> str | None:
    """A URL-quoted link from ``base`` to ``path``; None when there is none (another drive)."""
    try:
        rel = os.path.relpath(path, base)
    except ValueError:  # another drive on Windows
        return None
    return url_quote(Path(rel).as_posix())


def partner_names(typed: str) -> list[str]:
    """The partners' names typed in "Worked with": separated by commas, semicolons, "&" or
    "and"; at most two. Raises FormError with a plain message for more, or a bad name."""
    found = [p.strip() for p in re.split(r"[,;&\n]|\band\b", typed or "") if p.strip()]
    if len(found) > MAX_PARTNERS:
        raise FormError(
            f"“Worked with” takes at most {MAX_PARTNERS} names (a pair or a trio at one "
            "computer); each student of a bigger group hands in on their own."
        )
    names = []
    for name in found:
        try:
            names.append(validate_annotator(name))
        except AnnotationError as exc:
            raise FormError(f"“{name}” in “Worked with” cannot be used as a name: {exc}") from None
    return names


def plural(count: int, one: str, many: str) -> str:
    """``"1 annotation"``, ``"2 annotations"``."""
    return f"{count} {one if count == 1 else many}"


def joined(names: list[str]) -> str:
    """'Ana', 'Ana and Ben', 'Ana, Ben and Chloe'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class HandIn(Composite):
    """A "Hand in" button: writes the student's work as a W3C JSON-LD file.

    The file holds the student's annotations (every part), written answers and self-check
    tries, all read from the store, and who handed it in (``nc:handedInBy``: the student and
    up to two partners typed in "Worked with"). It goes to ``folder`` (default: ./handin next
    to the notebook), named from the student's id and the time, never over an existing file.
    The widget shows a receipt (when, what, by whom) and a download link. Attributes:
    ``button``, ``partners`` (Text), ``status`` (HTML, the receipt), ``link`` (Output holding
    the download link), ``summary`` (HTML), ``name``; ``last_path`` and ``receipt`` after a
    hand-in.

    On a class hub (``inbox``, default ``$NEWS_CLAIMS_INBOX``) the same file also goes into the
    teacher's inbox, named after the lesson ``part`` (see ``handin_inbox``); ``delivered`` is
    then its ``helpers.hub.Receipt`` (None when the inbox could not take it: the message says
    so and the download link stays).
    """

    def __init__(
        self, store=None, folder: str | Path | None = None, article: Article | None = None,
        part: str | None = None, inbox: str | Path | None = None,
    ):
        from helpers.hub import inbox_path

        self.part = part
        self.inbox = Path(inbox) if inbox else inbox_path()
        self.delivered = None
        self.article = article if isinstance(article, Article) else load_article(article)
        self.store = store_or_default(store, article=self.article)
        self.base = Path.cwd()
        self.folder = Path(folder) if folder else self.base / "handin"
        self.last_path: Path | None = None
        self.receipt = ""
        self.plain_text = waiting_text("The hand-in button")
        self.name_box = NameBox(self.store)
        self.name = self.name_box.name
        self.partners = widgets.Text(
            description="Worked with (optional)",
            placeholder="your partners' names, e.g. ben, chloe",
            continuous_update=False,  # sent when the box is left: before any button press
            tooltip="Worked in a pair or a trio at this computer? Type the others' names "
            "(at most two, separated by commas): the file carries all your names",
            style=style(TextStyle),
            layout=layout(width="100%", max_width="460px"),
        )
        self.partners.add_class("handin-partners")
        self.summary = html(css="handin-summary")
        self.button = button(
            description=BUTTON_LABEL,
            button_style="success",
            tooltip="Write your annotations, answers and self-check tries to a file for your "
            "teacher",
        )
        self.button.add_class("handin-button")
        self.status = status_line("handin-status")
        self.link = widgets.Output(layout=layout(width="100%"))
        self.link.add_class("handin-link")
        super().__init__(
            children=[
                self.name_box,
                self.partners,
                self.summary,
                self.button,
                self.status,
                self.link,
            ],
            layout=layout(width="100%"),
        )
        self.add_class("handin")
        self.button.on_click(self._on_handin)
        self.name_box.observe(self._on_name, names="annotator")
        self._update_summary()

    # -- what there is to hand in --------------------------------------------------------------
    def work(self, annotator: str) -> tuple[list[Annotation], list[Answer], list[Attempt]]:
        """The student's annotations, written answers (not empty ones) and self-check tries,
        from the store."""
        anns = list(self.store.list(annotator=annotator))
        answers = [
            Answer(a["annotator"], a["question_id"], a["text"], a["modified"])
            for a in self.store.answers(annotator)
            if a["text"].strip()
        ]
        frame = self.store.attempts(annotator)
        attempts = [
            Attempt(annotator, str(r.question_id), str(r.answer), bool(r.correct), str(r.created))
            for r in frame.itertuples(index=False)
        ]
        return anns, answers, attempts

    def _update_summary(self) -> None:
        who = self.name_box.annotator
        if not who:
            self.summary.value = "Type your name above, then click the button to hand in."
            return
        anns, answers, attempts = self.work(who)
        counts: dict[str, int] = {}
        for ann in anns:
            counts[ann.part] = counts.get(ann.part, 0) + 1
        parts = ", ".join(f"{self.article.part(p).title}: {n}" for p, n in counts.items())
        self.summary.value = (
            f"{esc(who)}: {plural(len(anns), 'annotation', 'annotations')}"
            + (f" ({esc(parts)})" if parts else "")
            + f", {plural(len(answers), 'written answer', 'written answers')}, "
            + f"{plural(len(attempts), 'self-check try', 'self-check tries')}."
        )

    @guarded
    def _on_name(self, change=None) -> None:
        if change is not None and change["old"]:
            # another student: none of the names or the receipt of the one before
            self.partners.value = ""
            self.status.value = ""
            self.link.outputs = ()
            self.delivered = None
        self._update_summary()

    # -- handing in ----------------------------------------------------------------------------
    def hand_in(self) -> Path | None:
        """Write the file; returns its path (None when there is no name or nothing to hand
        in, with a message in ``status``)."""
        save_pending()  # an answer typed a moment ago goes into the file too
        try:
            partners = partner_names(self.partners.value)
            annotator = self.name_box.resolve(required=True)
            names = [annotator, *(p for p in dict.fromkeys(partners) if p != annotator)]
        except (FormError, AnnotationError) as exc:
            self._say("warn", str(exc).replace(" Nothing was saved.", ""))
            return None
        anns, answers, attempts = self.work(annotator)
        if not (anns or answers or attempts):
            self._say(
                "warn",
                "You have nothing to hand in yet: annotate a claim, answer a question or "
                "check yourself first.",
            )
            return None
        written = self._write(annotator, anns, answers, attempts, names)
        self.last_path = written
        self._update_summary()
        what = (
            f"{plural(len(anns), 'annotation', 'annotations')}, "
            f"{plural(len(answers), 'written answer', 'written answers')}, "
            f"{plural(len(attempts), 'self-check try', 'self-check tries')}, by {joined(names)}."
        )
        self.receipt = file_receipt(datetime.now(), what)
        href = relative_href(written.resolve(), self.base.resolve())
        if self.inbox is not None:
            self._to_inbox(annotator, written, what, bool(href))
        else:
            said = in_a_file_text(self.receipt, written, bool(href))
            self.status.value = message_html("ok", said)
        self._show_link(written, href)  # after the message: when the link shows, so does it
        return written

    def _write(self, annotator, anns, answers, attempts, names) -> Path:
        """The hand-in document, written atomically under a new name (never over a file)."""
        from helpers.formats.files import dump_json, write_text
        from helpers.formats.w3c import to_w3c
        from helpers.formats.work import handin_document

        self.store.checkpoint()  # the store file alone holds all the work, too
        searches = [SearchEvent(**step) for step in self.store.searches(annotator)]
        doc = handin_document(
            to_w3c(anns, self.article, self.store.scheme), answers, attempts, names, searches,
            article=self.article,
        )
        text = self.last_document = dump_json(doc)
        self.folder.mkdir(parents=True, exist_ok=True)
        name = handin_filename(annotator)
        if not self.article.is_default:  # another article's hand-ins start with its name
            name = f"{self.article.name}-{name}"
        for _ in range(100):
            path = free_path(self.folder, name)
            try:
                return Path(write_text(path, text, overwrite=False))
            except FileExistsError:
                continue
        raise FileExistsError(f"{self.folder}: could not find a free file name")  # pragma: no cover

    def _to_inbox(self, annotator: str, written: Path, what: str, link: bool) -> None:
        """Deliver the file just written into the teacher's inbox; the receipt or a warning
        (``link``: whether the download link is shown)."""
        self.delivered, problem = deliver_handin(
            self.last_document, annotator, self.article, self.part, self.inbox
        )
        if self.delivered is None:
            self.receipt = ""
            self.status.value = message_html("warn", not_delivered_text(problem, written, link))
            return
        self.receipt = receipt_text(self.delivered, self.article, self.part, what)
        self.status.value = message_html("ok", delivered_text(self.receipt, link))

    def _show_link(self, written: Path, href: str | None) -> None:
        """Show the download link of ``written`` (none without ``href``: another drive)."""
        if not href:
            self.link.outputs = ()
            return
        anchor = (
            f'<a href="{esc(href)}" download="{esc(written.name)}" class="handin-download">'
            f"⬇ Download {esc(written.name)}</a>"
        )
        self.link.outputs = (
            {
                "output_type": "display_data",
                "data": {"text/html": anchor, "text/plain": str(written)},
                "metadata": {},
            },
        )

    @guarded
    def _on_handin(self, _button=None) -> None:
        self.hand_in()
