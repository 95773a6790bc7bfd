"""``HandIn``: a button that writes the student's annotations as a W3C JSON-LD file for the
teacher, never over an existing file, and offers it for download."""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote as url_quote

import ipywidgets as widgets

from helpers.annotations import Annotation
from helpers.article import Article, load_article
from helpers.errors import AnnotationError
from helpers.widgets.base import Composite, NameBox, button, guarded, store_or_default
from helpers.widgets.html import esc, message_html
from helpers.widgets.target import FormError

SUFFIX = ".jsonld"


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


class HandIn(Composite):
    """A "Hand in" button: writes the student's annotations as a W3C JSON-LD file.

    The file goes to ``folder`` (default: ./handin next to the notebook), named from the
    student's id and the time, never over an existing file. The widget shows the path and a
    download link. Attributes: ``button``, ``status`` (HTML), ``link`` (Output holding the
    download link), ``summary`` (HTML), ``name``; ``last_path`` after a hand-in.
    """

    def __init__(
        self, store=None, folder: str | Path | None = None, article: Article | None = None
    ):
        self.store = store_or_default(store)
        self.article = article or load_article()
        self.base = Path.cwd()
        self.folder = Path(folder) if folder else self.base / "handin"
        self.last_path: Path | None = None
        self.plain_text = "Hand-in button for your annotations — interactive in JupyterLab"
        self.name_box = NameBox(self.store)
        self.name = self.name_box.name
        self.summary = widgets.HTML()
        self.summary.add_class("handin-summary")
        self.button = button(
            description="Hand in my annotations",
            button_style="success",
            icon="paper-plane",
            tooltip="Write all your annotations to a file for your teacher",
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.button.add_class("handin-button")
        self.status = widgets.HTML()
        self.status.add_class("handin-status")
        self.link = widgets.Output(layout=widgets.Layout(width="100%"))
        self.link.add_class("handin-link")
        super().__init__(
            children=[self.name_box, self.summary, self.button, self.status, self.link],
            layout=widgets.Layout(width="100%"),
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
        for ann in anns:
            counts[ann.part] = counts.get(ann.part, 0) + 1
        parts = ", ".join(f"{self.article.part(p).title}: {n}" for p, n in counts.items())
        self.summary.value = (
            f"{esc(who)}: {len(anns)} annotation{'s' if len(anns) != 1 else ''}"
            + (f" ({esc(parts)})" if parts else "")
            + "."
        )

    @guarded
    def _on_name(self, change=None) -> None:
        self._update_summary()

    def hand_in(self) -> Path | None:
        """Write the file; returns its path (None when there is no name or nothing to hand
        in, with a message in ``status``)."""
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
            path = free_path(self.folder, name)
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
        count = f"{len(anns)} annotation{'s' if len(anns) != 1 else ''}"
        self.status.value = message_html(
            "ok",
            f"Handed in {count} as {written.resolve()}. Nothing was overwritten; hand in again "
            "to send a newer copy.",
        )
        href = relative_href(written.resolve(), self.base.resolve())
        if href:
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
        return written

    @guarded
    def _on_handin(self, _button=None) -> None:
        self.hand_in()
