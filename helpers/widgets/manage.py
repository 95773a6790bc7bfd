"""The list under the annotator: a table of the student's annotations of the part, and a row to
pick one and Edit, Delete or Undo the last delete. A mixin of ``ClaimAnnotator`` (it uses the
annotator's store, form and status line)."""

from __future__ import annotations

import ipywidgets as widgets

from helpers.widgets.base import button, full_width, guarded, html, style, wrap_row
from helpers.widgets.html import annotations_table_html, short
from helpers.widgets.target import annotation_choice_label


class AnnotationList:
    """Table, chooser and Edit/Delete/Undo of ``ClaimAnnotator`` (see there for the traits)."""

    def _build_list(self) -> widgets.HBox:
        """Make the table and the chooser row; returns the row (the table is ``self.table``)."""
        # -- the table --------------------------------------------------------------------------
        self.table = html(css="claim-table", width="100%")
        self.choose = widgets.Dropdown(
            description="Annotation",
            options=[("— none yet —", "")],
            value="",
            tooltip="Pick one of your annotations to edit or delete",
            style=style(),
            layout=full_width(),
        )
        self.choose.add_class("claim-choose")
        self.edit_button = button(
            description="Edit", tooltip="Load this annotation into the form"
        )
        self.edit_button.add_class("claim-edit")
        self.delete_button = button(
            description="Delete",
            tooltip="Delete this annotation (Undo brings it back)",
            button_style="danger",
        )
        self.delete_button.add_class("claim-delete")
        self.undo_button = button(
            description="Undo delete",
            tooltip="Bring back the annotation deleted last",
        )
        self.undo_button.add_class("claim-undo")
        self.edit_button.on_click(self._on_edit)
        self.delete_button.on_click(self._on_delete)
        self.undo_button.on_click(self._on_undo)
        return wrap_row([self.choose, self.edit_button, self.delete_button, self.undo_button])

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
            self.reset_form(keep_sentence=False)
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
