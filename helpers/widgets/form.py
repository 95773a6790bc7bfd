"""The annotation form, built from the field table: one control per field of the scheme.

Like ipywidgets' ``interactive``, which makes a control from each argument's abbreviation, the
``SchemeForm`` makes one control from each field of ``scheme.table`` by its kind, and reads,
loads and empties them all in one loop each:

========  ==========================================================================
kind      control
========  ==========================================================================
choice    a RadioGroup beside a list of definitions; "Not checked yet" unless required
choices   a grid of Checkboxes (definition as tooltip) and one folded definitions list
parts     one Textarea per part
scale     a Dropdown from minimum to maximum, with "— not set —"
text      a Textarea
========  ==========================================================================

Each control has the CSS class ``claim-<field>`` (``_`` becomes ``-``: ``claim-claim-type``);
the boxes of a choices field ``claim-<singular>`` and ``claim-<singular>-<id>``
(``claim-technique-loaded_language``); the parts ``claim-<field>-<part>``
(``claim-evidence-citation``). A new field in data/scheme.json gets its control with no change
here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from traitlets import TraitError

from helpers.widgets.base import (
    CheckboxStyle,
    TextStyle,
    full_width,
    html,
    layout,
    style,
    wrap_row,
)
from helpers.widgets.controls import RadioGroup
from helpers.widgets.html import choice_definitions_html, choices_definitions_html, prompt_html

if TYPE_CHECKING:
    from helpers.fields import Field
    from helpers.scheme import Scheme

#: The first option of a choice field that is not required.
NO_CHOICE_LABEL = "Not checked yet"
#: The first option of a scale.
NOT_SET_LABEL = "— not set —"


def css_class(name: str) -> str:
    """The CSS class of a field's control: ``claim-`` and the name with ``-`` for ``_``."""
    return "claim-" + name.replace("_", "-")


def prompt(field: Field) -> widgets.HTML:
    """The field's label and question, above its control."""
    return html(prompt_html(field), width="100%", margin="8px 0 0 0")


class FieldControl:
    """The control of one field. ``control`` is what a test or a lesson reads and sets (a
    widget, or a dict of widgets by choice or part id); ``children`` are the widgets to put in
    the form, in order. ``read()`` returns the field's value as ``Field.normalise`` expects it;
    ``write(value)`` shows a value and returns warnings; ``clear()`` empties it."""

    def __init__(self, field: Field):
        self.field = field
        self.control: Any = None
        self.children: list[widgets.Widget] = []

    def read(self) -> Any:  # pragma: no cover - each kind defines it
        raise NotImplementedError

    def write(self, value: Any) -> list[str]:  # pragma: no cover - each kind defines it
        raise NotImplementedError

    def clear(self) -> None:  # pragma: no cover - each kind defines it
        raise NotImplementedError

    def _put(self, widget: widgets.Widget, value: Any) -> list[str]:
        """Set ``widget.value``; a warning instead when the control has no such value."""
        try:
            widget.value = value
        except TraitError:
            return [self._gone(value)]
        return []

    def _gone(self, value: Any) -> str:
        return f"{self.field.label} {value!r} is not in the scheme any more"


class ChoiceControl(FieldControl):
    """One of the choices: a RadioGroup (one Tab stop, arrow keys inside; named by the question;
    "* (required)" shown and ``aria-required`` when the field is required), the definitions
    beside them."""

    def __init__(self, field: Field):
        super().__init__(field)
        options = [(c.label, c.id) for c in field.choices]
        self.empty = None if field.required else ""
        if not field.required:
            options.insert(0, (NO_CHOICE_LABEL, ""))
        self.control = RadioGroup(
            description=field.label,
            question=field.question,
            required=field.required,
            options=options,
            value=self.empty,
            layout=layout(width="auto", flex="0 1 auto", max_width="100%"),
        )
        self.control.add_class(css_class(field.name))
        definitions = html(choice_definitions_html(field), flex="1 1 300px")
        self.children = [prompt(field), wrap_row([self.control, definitions], width="100%")]

    def read(self) -> str | None:
        return self.control.value or None

    def write(self, value: Any) -> list[str]:
        return self._put(self.control, value or self.empty)

    def clear(self) -> None:
        self.control.value = self.empty


class ChoicesControl(FieldControl):
    """Any of the choices: a grid of Checkboxes (``control`` is a dict id -> Checkbox)."""

    def __init__(self, field: Field):
        super().__init__(field)
        singular = css_class(re.sub(r"s$", "", field.name))
        # one shared layout and style for all the boxes, and one HTML list of definitions
        # (hover over a box for its definition too): a few models instead of ~90, so the
        # exercise appears quickly even on a slow laptop
        box_layout = layout(width="auto", min_width="300px", max_width="100%")
        box_style = style(CheckboxStyle)
        self.control: dict[str, widgets.Checkbox] = {}
        for choice in field.choices:
            box = widgets.Checkbox(
                value=False,
                description=choice.label,
                tooltip=choice.definition,
                indent=False,
                style=box_style,
                layout=box_layout,
            )
            box.add_class(singular)
            box.add_class(f"{singular}-{choice.id}")
            self.control[choice.id] = box
        self.definitions = html(choices_definitions_html(field), width="100%")
        grid = widgets.GridBox(
            list(self.control.values()),
            layout=layout(
                width="100%", grid_template_columns="repeat(auto-fill, minmax(300px, 1fr))"
            ),
        )
        self.children = [prompt(field), grid, self.definitions]

    def read(self) -> tuple[str, ...]:
        return tuple(choice_id for choice_id, box in self.control.items() if box.value)

    def write(self, value: Any) -> list[str]:
        chosen = tuple(value or ())
        for choice_id, box in self.control.items():
            box.value = choice_id in chosen
        return [self._gone(v) for v in chosen if v not in self.control]

    def clear(self) -> None:
        for box in self.control.values():
            box.value = False


class PartsControl(FieldControl):
    """A few free texts: one Textarea per part (``control`` is a dict part -> Textarea)."""

    def __init__(self, field: Field):
        super().__init__(field)
        self.control: dict[str, widgets.Textarea] = {}
        for part in field.parts:
            area = widgets.Textarea(
                description=part.label,
                placeholder=part.hint,
                tooltip=part.hint,
                rows=2,
                style=style(TextStyle, description_width="17em"),
                layout=full_width(),
            )
            area.add_class(f"{css_class(field.name)}-{part.id}")
            self.control[part.id] = area
        self.children = [prompt(field), *self.control.values()]

    def read(self) -> dict[str, str]:
        return {part_id: area.value for part_id, area in self.control.items()}

    def write(self, value: Any) -> list[str]:
        texts = value if isinstance(value, dict) else {}
        for part_id, area in self.control.items():
            area.value = texts.get(part_id) or ""
        return [self._gone(k) for k, text in texts.items() if k not in self.control and text]

    def clear(self) -> None:
        for area in self.control.values():
            area.value = ""


class ScaleControl(FieldControl):
    """A whole number from minimum to maximum: a Dropdown, "— not set —" first. When the
    question names the ends ("from 1 (a guess) to 5 (certain)") the options say them too."""

    def __init__(self, field: Field):
        super().__init__(field)
        low, high = field.minimum, field.maximum
        # the value that stands for "not set": 0 unless 0 is on the scale
        self.unset = 0 if not low <= 0 <= high else low - 1
        options = [(NOT_SET_LABEL, self.unset)]
        for n in range(low, high + 1):
            end = _end_word(field.question, n) if n in (low, high) else None
            options.append((f"{n} ({end})" if end else str(n), n))
        self.control = widgets.Dropdown(
            description=field.label,
            options=options,
            value=self.unset,
            tooltip=field.question,
            style=style(),
            layout=layout(width="100%", max_width="320px"),
        )
        self.control.add_class(css_class(field.name))
        self.children = [prompt(field), self.control]

    def read(self) -> int | None:
        value = self.control.value
        return None if value == self.unset else value

    def write(self, value: Any) -> list[str]:
        return self._put(self.control, self.unset if value is None else value)

    def clear(self) -> None:
        self.control.value = self.unset


def _end_word(question: str, n: int) -> str | None:
    """The word the question gives an end of its scale: "a guess" for 1 in "from 1 (a guess)
    to 5 (certain)"; None when it gives none."""
    found = re.search(rf"(?<![\d-]){re.escape(str(n))} \(([^)]+)\)", question)
    return found.group(1) if found else None


class TextControl(FieldControl):
    """Free text: a Textarea."""

    def __init__(self, field: Field):
        super().__init__(field)
        self.control = widgets.Textarea(
            description=field.label,
            placeholder=field.question,
            tooltip=field.question,
            rows=3,
            style=style(TextStyle),
            layout=full_width(),
        )
        self.control.add_class(css_class(field.name))
        self.children = [prompt(field), self.control]

    def read(self) -> str:
        return self.control.value

    def write(self, value: Any) -> list[str]:
        self.control.value = value or ""
        return []

    def clear(self) -> None:
        self.control.value = ""


#: The control of each kind of field (``helpers.fields.KINDS``).
CONTROLS: dict[str, type[FieldControl]] = {
    "choice": ChoiceControl,
    "choices": ChoicesControl,
    "parts": PartsControl,
    "scale": ScaleControl,
    "text": TextControl,
}


def make_control(field: Field) -> FieldControl:
    """The control of one field, by its kind; ValueError for a kind that has none."""
    try:
        return CONTROLS[field.kind](field)
    except KeyError:
        raise ValueError(
            f"field {field.name!r}: there is no form control for fields of kind {field.kind!r}"
        ) from None


def form_fields(scheme: Scheme | None = None) -> tuple[str, ...]:
    """The names of the fields the form edits: every field of the scheme, in its order."""
    if scheme is None:
        from helpers.scheme import load_scheme

        scheme = load_scheme()
    return scheme.fields


class SchemeForm:
    """One control per field of ``scheme`` (``scheme.table``, in its order).

    ``children`` are the widgets to lay out (every field's prompt and control); ``controls``
    maps each field name to its control (``form.controls["note"]`` is a Textarea,
    ``form.controls["techniques"]`` a dict of Checkboxes). Not a widget itself, so it adds no
    model to the page.
    """

    def __init__(self, scheme: Scheme):
        self.scheme = scheme
        self.entries: dict[str, FieldControl] = {f.name: make_control(f) for f in scheme.table}

    @property
    def fields(self) -> tuple[str, ...]:
        """The field names, in the scheme's order."""
        return tuple(self.entries)

    @property
    def controls(self) -> dict[str, Any]:
        """Field name -> its control (a widget, or a dict of widgets by choice or part id)."""
        return {name: entry.control for name, entry in self.entries.items()}

    @property
    def children(self) -> list[widgets.Widget]:
        """Every field's widgets, in the scheme's order, to put in a box."""
        return [widget for entry in self.entries.values() for widget in entry.children]

    def values(self) -> dict[str, Any]:
        """What the form holds now: field name -> value (None, "", () or empty parts when not
        filled in), ready for ``Annotation.new`` or ``AnnotationStore.update``."""
        return {name: entry.read() for name, entry in self.entries.items()}

    def reset(self) -> None:
        """Empty every control."""
        for entry in self.entries.values():
            entry.clear()

    def load(self, values: dict[str, Any]) -> list[str]:
        """Show ``values`` (field name -> value; a missing field is emptied). Returns warnings
        about values the scheme no longer has (those controls keep what they held)."""
        warnings: list[str] = []
        for name, entry in self.entries.items():
            warnings.extend(entry.write(values.get(name)))
        return warnings
