"""The hiding tags of the slide decks, as nbconvert's own TagRemovePreprocessor applies them."""

from __future__ import annotations

from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets import Set, Unicode

HIDE_INPUT_TAGS = frozenset({"hide-input", "remove-input"})
HIDE_OUTPUT_TAGS = frozenset({"hide-output", "remove-output"})
REMOVE_CELL_TAGS = frozenset({"remove-cell"})


class HideSetupCells(TagRemovePreprocessor):
    """nbconvert's TagRemovePreprocessor with this project's tags as defaults.

    ``remove-cell`` drops a cell; ``hide-input`` or ``remove-input`` hides its code
    (``metadata.transient.remove_source``) and keeps its output; ``hide-output`` or
    ``remove-output`` empties its outputs. Other cell metadata (``collapsed``, ``scrolled``) is
    kept.
    """

    remove_cell_tags = Set(Unicode(), default_value=REMOVE_CELL_TAGS).tag(config=True)
    remove_input_tags = Set(Unicode(), default_value=HIDE_INPUT_TAGS).tag(config=True)
    remove_all_outputs_tags = Set(Unicode(), default_value=HIDE_OUTPUT_TAGS).tag(config=True)
    remove_metadata_fields = Set(default_value=set()).tag(config=True)
