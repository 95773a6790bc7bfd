"""``ClaimAnnotator``: annotate the sentences of one part of the article.

The student selects the words to annotate in the text (``PhrasePicker``: mouse, finger or
keys), or a whole sentence in the "Sentence" list; the form's fields come from the scheme
(``helpers.widgets.form.SchemeForm``); this module adds the student's name, Save/Cancel and the
table of the student's annotations with Edit, Delete and Undo. Everything is read from and
written to the annotation store, never to the saved widget state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from traitlets import TraitError, Unicode, validate

from helpers.annotations import Annotation
from helpers.article import Article, load_article
from helpers.errors import AnnotationError, ArticleError
from helpers.widgets import evidence
from helpers.widgets.base import (
    Composite,
    NameBox,
    button,
    full_width,
    guarded,
    hide,
    html,
    layout,
    save_pending,
    status_line,
    store_or_default,
    style,
    waiting_text,
    wrap_row,
)
from helpers.widgets.form import SchemeForm
from helpers.widgets.html import esc, message_html, short, traceback_text
from helpers.widgets.manage import AnnotationList
from helpers.widgets.phrase import PhrasePicker
from helpers.widgets.target import (
    FormError,
    build_annotation,
    sentence_options,
)

#: The save button's label (the lessons' instructions name it).
SAVE_LABEL = "Save annotation"
INSTRUCTION = (
    "<b>Your annotation</b> — select the words in the text above (drag across them, or click "
    "the first and then the last word), or choose a whole sentence in the list; answer the "
    f"questions, then click “{SAVE_LABEL}”."
)


class ClaimAnnotator(AnnotationList, Composite):
    """Annotate the sentences of one part of the article.

    ``ClaimAnnotator("nato")`` shows the part with numbered sentences, in which the student
    selects the words to annotate (``picker``, a PhrasePicker), a form with every field of the
    scheme, and beneath it a table of the student's annotations of that part with Edit, Delete
    and Undo. Everything is read from and written to ``store`` (an AnnotationStore; default:
    the student's own store).

    Public API: ``on_submit(callback)`` (called with the saved Annotation), ``.data`` (the
    part's annotations as dicts), ``.to_frame()``, ``form_values()``, ``reset_form()``,
    ``load(annotation)``, ``pick(sentence_id, phrase=None)``. Traits: ``annotator``,
    ``selected`` (sentence id), ``editing`` (id of the annotation being edited, or "").

    Each field's control is ``form.controls[name]`` and, unless the name is taken by the
    widget's own attributes, an attribute of the same name: ``w.claim_type`` (a RadioGroup),
    ``w.techniques[id]`` (Checkbox), ``w.evidence[part]`` (Textarea), ``w.confidence``
    (Dropdown), ``w.note`` (Textarea).
    """

    annotator = Unicode("")
    selected = Unicode("")
    editing = Unicode("")

    def __init__(self, part: str, store=None, article: Article | None = None, scheme=None):
        self.article = article or load_article()
        self.part = self.article.part(part).id  # raises ArticleError naming the parts
        self.store = store_or_default(store, scheme, self.article)
        self.scheme = scheme or self.store.scheme
        part_def = self.article.part(self.part)
        self.plain_text = waiting_text("The annotation form")
        self._callbacks: list[Callable] = []
        self._deleted: list[str] = []
        self._ids: list[str] = []

        # -- who ------------------------------------------------------------------------------
        self.name_box = NameBox(self.store)
        self.name = self.name_box.name
        self.name_button = self.name_box.name_button

        # -- the text: the student selects the words to annotate in it -------------------------
        self.picker = PhrasePicker(self.article, self.part, layout=layout(width="100%"))
        self.picker.add_class("claim-text")
        self.text = self.picker

        # -- the form: the target, then one control per field of the scheme ---------------------
        self.sentence = widgets.Dropdown(
            description="Sentence",
            options=sentence_options(self.article, self.part),
            value="",
            tooltip="Choose a sentence to annotate all of it, or select words in the text",
            style=style(),
            layout=full_width(),
        )
        self.sentence.add_class("claim-sentence")
        self.form = SchemeForm(self.scheme)

        self.cancel_button = button(
            description="Cancel editing", tooltip="Leave the annotation as it was"
        )
        self.cancel_button.add_class("claim-cancel")
        self.save_button = button(
            description=SAVE_LABEL,
            button_style="primary",
            tooltip="Save this annotation (it is kept when the notebook closes)",
        )
        self.save_button.add_class("claim-save")
        self.status = status_line("claim-status")

        form_box = widgets.VBox(
            [
                html(INSTRUCTION),
                self.sentence,
                *self.form.children,
                wrap_row([self.cancel_button, self.save_button]),
                self.status,
            ],
            layout=layout(width="100%", border="1px solid #ddd", padding="6px"),
        )
        form_box.add_class("claim-form")
        manage = self._build_list()
        # the picker shows the part's heading; a part without one gets its title here
        intro = [] if part_def.heading else [html(f"<b>{esc(part_def.title)}</b>")]
        super().__init__(
            children=[self.name_box, *intro, self.picker, form_box, self.table, manage],
            layout=layout(width="100%"),
        )
        self.add_class("claim-annotator")
        self.add_class(f"claim-annotator-{self.part}")

        # -- wiring -----------------------------------------------------------------------------
        self.picker.observe(self._on_pick, names="sentence_id")
        self.sentence.observe(self._on_sentence, names="value")
        self.save_button.on_click(self._on_save)
        self.cancel_button.on_click(self._on_cancel)
        self.name_box.observe(self._on_annotator_box, names="annotator")
        self.observe(self._on_selected, names="selected")
        self.observe(self._on_editing, names="editing")
        self.observe(self._on_annotator, names="annotator")

        self.annotator = self.name_box.annotator
        self._on_editing()
        self.refresh()
        evidence.register(self)  # the search box's "Use as evidence" finds it

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
        """Empty the form. With ``keep_sentence`` the chosen sentence stays, all of it selected;
        otherwise nothing is selected."""
        if keep_sentence and self.selected:
            self.picker.select(self.selected)
        else:
            self.selected = ""
            self.picker.clear()
        self.form.reset()

    def pick(self, sentence_id: str, phrase: str | None = None) -> None:
        """Select ``phrase`` in a sentence of this part (all of the sentence when None), as a
        student does in the text. Raises an AnnotationError for a phrase that is not exactly
        once in the sentence, or a sentence of another part."""
        self.picker.select(sentence_id, phrase or None)  # the sentence list follows

    def span(self) -> tuple[int, int] | None:
        """The article offsets of the words selected in the chosen sentence; None when nothing
        in it is selected (the whole sentence is annotated)."""
        picker = self.picker
        if self.selected and picker.sentence_id == self.selected and picker.start >= 0:
            return picker.start, picker.end
        return None

    def load(self, ann: Annotation) -> list[str]:
        """Put an annotation's words (selected in the text) and values into the form; returns
        warnings about values the scheme no longer has."""
        self.selected = ann.sentence_id
        with self.picker.hold_trait_notifications():
            self.picker.start, self.picker.end, self.picker.anchor = ann.start, ann.end, ann.start
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

    @guarded
    def _on_selected(self, change=None) -> None:
        if self.sentence.value != self.selected:
            self.sentence.value = self.selected
        if self.picker.sentence_id != self.selected:
            if self.selected:
                self.picker.select(self.selected)
            else:
                self.picker.clear()

    @guarded
    def _on_pick(self, change) -> None:
        self.selected = change["new"] or ""

    @guarded
    def _on_sentence(self, change) -> None:
        self.selected = change["new"] or ""

    @guarded
    def _on_editing(self, change=None) -> None:
        editing = bool(self.editing)
        self.save_button.description = "Save changes" if editing else SAVE_LABEL
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
        save_pending()  # an answer being typed elsewhere in the notebook is saved first
        try:
            annotator = self.name_box.resolve(required=True)
            ann = build_annotation(
                self.article,
                annotator,
                self.selected,
                None,
                self.form_values(),
                self.scheme,
                span=self.span(),
            )
        except (FormError, AnnotationError, ArticleError) as exc:
            self._say("warn", str(exc) if isinstance(exc, FormError) else f"Not saved: {exc}")
            return
        number = self.article.sentence(ann.sentence_id).number
        if self.editing:
            saved = self._save_changes(ann, number)
            if saved is None:
                return
            verb = "Changes saved"
        else:
            saved = self.store.add(ann)
            verb = "Saved"
        saved = saved if isinstance(saved, Annotation) else ann
        self.editing = ""
        self.reset_form(keep_sentence=False)
        self.refresh()
        if saved.id in self._ids:
            self.choose.value = saved.id
        self._say("ok", f"{verb}: sentence {number}, “{short(saved.quote, 80)}”.")
        self._notify(saved)

    def _save_changes(self, ann: Annotation, number: int) -> Annotation | None:
        """Update the annotation being edited with the form's values (and its words, when
        other words were selected); None, with a message, when it cannot be saved."""
        changes = {name: ann.values[name] for name in self.form.fields}
        old = self.store.get(self.editing)
        if (ann.start, ann.end) != (old.start, old.end):
            changes.update(sentence_id=ann.sentence_id, quote=ann.quote)
        try:
            return self.store.update(self.editing, **changes)
        except (AnnotationError, ArticleError) as exc:
            if getattr(exc, "field", "") == "quote" and "more than once" in str(exc):
                self._say(
                    "warn",
                    f"“{short(ann.quote, 60)}” occurs more than once in sentence {number}: "
                    "select a few more words around it. Nothing was changed.",
                )
            else:
                self._say("warn", f"Not saved: {exc}")
            return None

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
        self.reset_form(keep_sentence=False)
        self.refresh()
        self._say("info", "Editing cancelled; the annotation is unchanged.")
