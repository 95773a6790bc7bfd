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
from helpers.widgets.html import annotations_table_html, esc, message_html, short, traceback_text
from helpers.widgets.target import (
    FormError,
    annotation_choice_label,
    build_annotation,
    sentence_options,
)


class ClaimAnnotator(Composite):
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

        # -- the table --------------------------------------------------------------------------
        self.table = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.table.add_class("claim-table")
        self.choose = widgets.Dropdown(
            description="Annotation",
            options=[("— none yet —", "")],
            value="",
            tooltip="Pick one of your annotations to edit or delete",
            style=STYLE,
            layout=full_width(),
        )
        self.choose.add_class("claim-choose")
        self.edit_button = button(
            description="Edit", tooltip="Load this annotation into the form", icon="pencil"
        )
        self.edit_button.add_class("claim-edit")
        self.delete_button = button(
            description="Delete",
            tooltip="Delete this annotation (Undo brings it back)",
            icon="trash",
            button_style="danger",
        )
        self.delete_button.add_class("claim-delete")
        self.undo_button = button(
            description="Undo delete",
            tooltip="Bring back the annotation deleted last",
            icon="undo",
        )
        self.undo_button.add_class("claim-undo")

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
        manage = wrap_row([self.choose, self.edit_button, self.delete_button, self.undo_button])
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

    @guarded
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

    @guarded
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
            f"Deleted annotation {n} (“{short(ann.quote, 60)}”). Click “Undo delete” to bring "
            "it back.",
        )

    @guarded
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
        self._say("ok", f"Brought back the annotation of “{short(ann.quote, 60)}”.")
