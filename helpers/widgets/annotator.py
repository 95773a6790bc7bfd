"""``ClaimAnnotator``: annotate the sentences of one part of the article.

The form's fields come from the scheme (``helpers.widgets.form.SchemeForm``); this module adds
the student's name, the text, the sentence and phrase, Save/Cancel and the table of the
student's annotations with Edit, Delete and Undo. Everything is read from and written to the
annotation store, never to the saved widget state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from traitlets import TraitError, Unicode, validate

from helpers.annotations import Annotation
from helpers.article import Article, load_article
from helpers.errors import AnnotationError, ArticleError
from helpers.widgets.base import (
    STYLE,
    Composite,
    NameBox,
    button,
    full_width,
    guarded,
    hide,
    store_or_default,
    wrap_row,
)
from helpers.widgets.form import SchemeForm
from helpers.widgets.html import esc, message_html, short, traceback_text
from helpers.widgets.manage import AnnotationList
from helpers.widgets.target import (
    FormError,
    build_annotation,
    sentence_options,
)


class ClaimAnnotator(AnnotationList, Composite):
    """Annotate the sentences of one part of the article.

    ``ClaimAnnotator("nato")`` shows the part with numbered sentences, a form with every field
    of the scheme, and beneath it a table of the student's annotations of that part with Edit,
    Delete and Undo. Everything is read from and written to ``store`` (an AnnotationStore;
    default: the student's own store).

    Public API: ``on_submit(callback)`` (called with the saved Annotation), ``.data`` (the
    part's annotations as dicts), ``.to_frame()``, ``form_values()``, ``reset_form()``,
    ``load(annotation)``. Traits: ``annotator``, ``selected`` (sentence id), ``editing`` (id of
    the annotation being edited, or "").

    Each field's control is ``form.controls[name]`` and, unless the name is taken by the
    widget's own attributes, an attribute of the same name: ``w.claim_type`` (RadioButtons),
    ``w.techniques[id]`` (Checkbox), ``w.evidence[part]`` (Textarea), ``w.confidence``
    (Dropdown), ``w.note`` (Textarea).
    """

    annotator = Unicode("")
    selected = Unicode("")
    editing = Unicode("")

    def __init__(self, part: str, store=None, article: Article | None = None, scheme=None):
        self.article = article or load_article()
        self.part = self.article.part(part).id  # raises ArticleError naming the parts
        self.store = store_or_default(store, scheme)
        self.scheme = scheme or self.store.scheme
        self.plain_text = f"Claim annotator for part {self.part!r} — interactive in JupyterLab"
        self._callbacks: list[Callable] = []
        self._deleted: list[str] = []
        self._ids: list[str] = []

        # -- who ------------------------------------------------------------------------------
        self.name_box = NameBox(self.store)
        self.name = self.name_box.name
        self.name_button = self.name_box.name_button

        # -- the text ---------------------------------------------------------------------------
        self.text = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.text.add_class("claim-text")

        # -- the form: the target, then one control per field of the scheme ---------------------
        self.sentence = widgets.Dropdown(
            description="Sentence",
            options=sentence_options(self.article, self.part),
            value="",
            tooltip="The sentence you annotate; its number is in [brackets] in the text",
            style=STYLE,
            layout=full_width(),
        )
        self.sentence.add_class("claim-sentence")
        self.sentence_preview = widgets.HTML()
        self.sentence_preview.add_class("claim-sentence-preview")
        self.phrase = widgets.Text(
            description="Exact phrase (optional)",
            placeholder="leave empty for the whole sentence, or copy a phrase from it",
            tooltip="Copy a phrase exactly from the chosen sentence; it must occur there once",
            style=STYLE,
            layout=full_width(),
        )
        self.phrase.add_class("claim-phrase")
        self.form = SchemeForm(self.scheme)

        self.cancel_button = button(
            description="Cancel editing", tooltip="Leave the annotation as it was", icon="times"
        )
        self.cancel_button.add_class("claim-cancel")
        self.save_button = button(
            description="Save annotation",
            button_style="primary",
            tooltip="Save this annotation (it is kept when the notebook closes)",
            icon="save",
        )
        self.save_button.add_class("claim-save")
        self.status = widgets.HTML()
        self.status.add_class("claim-status")

        form_box = widgets.VBox(
            [
                widgets.HTML(
                    "<b>Your annotation</b> — pick a sentence, answer the questions, then "
                    "click “Save annotation”."
                ),
                self.sentence,
                self.sentence_preview,
                self.phrase,
                *self.form.children,
                wrap_row([self.cancel_button, self.save_button]),
                self.status,
            ],
            layout=widgets.Layout(width="100%", border="1px solid #ddd", padding="6px"),
        )
        form_box.add_class("claim-form")
        manage = self._build_list()
        part_def = self.article.part(self.part)
        heading = part_def.title if not part_def.heading else ""
        intro = widgets.HTML(
            f"<b>{esc(heading)}</b>" if heading else "", layout=widgets.Layout(width="100%")
        )
        super().__init__(
            children=[self.name_box, intro, self.text, form_box, self.table, manage],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("claim-annotator")
        self.add_class(f"claim-annotator-{self.part}")

        # -- wiring -----------------------------------------------------------------------------
        self.sentence.observe(self._on_sentence, names="value")
        self.save_button.on_click(self._on_save)
        self.cancel_button.on_click(self._on_cancel)
        self.name_box.observe(self._on_annotator_box, names="annotator")
        self.observe(self._on_selected, names="selected")
        self.observe(self._on_editing, names="editing")
        self.observe(self._on_annotator, names="annotator")

        self.annotator = self.name_box.annotator
        self._render_text()
        self._on_editing()
        self.refresh()

    def __getattr__(self, name: str) -> Any:
        # only asked when the normal look-up fails: the scheme's fields (w.claim_type, w.note)
        form = self.__dict__.get("form")
        if form is not None and name in form.entries:
            return form.entries[name].control
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    # -- public API ----------------------------------------------------------------------------
    def on_submit(self, callback: Callable[[Annotation], Any]) -> None:
        """Call ``callback(annotation)`` after every save (new or edited)."""
        self._callbacks.append(callback)

    def annotations(self) -> list[Annotation]:
        """The student's annotations of this part, from the store ([] when no name is known)."""
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
        """The scheme's fields as the form holds them now (field name -> value)."""
        return self.form.values()

    def reset_form(self, keep_sentence: bool = True) -> None:
        """Empty the form (the chosen sentence stays unless ``keep_sentence`` is False)."""
        if not keep_sentence:
            self.selected = ""
        self.phrase.value = ""
        self.form.reset()

    def load(self, ann: Annotation) -> list[str]:
        """Put an annotation's sentence, phrase and values into the form; returns warnings
        about values the scheme no longer has."""
        self.selected = ann.sentence_id
        sentence = self.article.sentence(ann.sentence_id)
        whole = (ann.start, ann.end) == (sentence.start, sentence.end)
        self.phrase.value = "" if whole else ann.quote
        return self.form.load(ann.values)

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
            sentence = self.article.sentence(self.selected)
            self.sentence_preview.value = (
                f'<div style="color:#333;font-size:92%;overflow-wrap:anywhere;line-height:1.4">'
                f"Sentence {sentence.number}: “{esc(sentence.text)}”</div>"
            )
        else:
            self.sentence_preview.value = ""

    @guarded
    def _on_selected(self, change=None) -> None:
        if self.sentence.value != self.selected:
            self.sentence.value = self.selected
        self._render_text()

    @guarded
    def _on_sentence(self, change) -> None:
        self.selected = change["new"] or ""

    @guarded
    def _on_editing(self, change=None) -> None:
        editing = bool(self.editing)
        self.save_button.description = "Save changes" if editing else "Save annotation"
        hide(self.cancel_button, not editing)

    @guarded
    def _on_annotator_box(self, change) -> None:
        self.annotator = change["new"] or ""

    @guarded
    def _on_annotator(self, change=None) -> None:
        self.editing = ""
        self._deleted.clear()
        self.refresh()

    # -- button callbacks ----------------------------------------------------------------------
    @guarded
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
            changes = {name: ann.values[name] for name in self.form.fields}
            try:
                saved = self.store.update(
                    self.editing, **changes, sentence_id=ann.sentence_id, quote=ann.quote
                )
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
        self._say("ok", f"{verb}: sentence {number}, “{short(saved.quote, 80)}”.")
        self._notify(saved)

    def _notify(self, ann: Annotation) -> None:
        for callback in list(self._callbacks):
            try:
                callback(ann)
            except Exception as exc:  # noqa: BLE001 - shown, not swallowed
                self.status.value += message_html(
                    "error",
                    f"The annotation was saved, but a callback failed: {type(exc).__name__}: {exc}",
                    details=traceback_text(exc),
                )

    @guarded
    def _on_cancel(self, _button=None) -> None:
        self.editing = ""
        self.reset_form(keep_sentence=True)
        self.refresh()
        self._say("info", "Editing cancelled; the annotation is unchanged.")
