"""The form factory (helpers/widgets/form.py): one control per field of the scheme, by kind,
read, loaded and emptied in one loop each; a field added to the scheme gets its control."""

from __future__ import annotations

import json

import ipywidgets as widgets
import pytest

from helpers.fields import Field
from helpers.scheme import FULL_SCHEME_PATH as SCHEME_PATH
from helpers.scheme import load_scheme
from helpers.store import AnnotationStore
from helpers.widgets import ClaimAnnotator
from helpers.widgets.controls import RadioGroup
from helpers.widgets.form import (
    NO_CHOICE_LABEL,
    NOT_SET_LABEL,
    SchemeForm,
    css_class,
    form_fields,
    make_control,
)

from .widgetlib import fill, walk

STANCE = {
    "kind": "choice",
    "purpose": "classifying",
    "label": "Stance",
    "question": "Which side does the sentence take?",
    "required": False,
    "choices": [
        {"id": "pro", "label": "For NATO", "definition": "Speaks for the alliance."},
        {"id": "contra", "label": "Against NATO", "definition": "Speaks against it."},
        {"id": "neutral", "label": "Neither", "definition": "Takes no side."},
    ],
}


@pytest.fixture
def scheme():
    return load_scheme()


@pytest.fixture
def stance_scheme(tmp_path):
    """The shipped scheme with one more field, ``stance``, after ``verdict``."""
    doc = json.loads(SCHEME_PATH.read_text(encoding="utf-8"))
    fields = {}
    for name, spec in doc["fields"].items():
        fields[name] = spec
        if name == "verdict":
            fields["stance"] = STANCE
    doc["fields"] = fields
    path = tmp_path / "scheme.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return load_scheme(path)


def test_one_control_per_field_by_kind(scheme):
    form = SchemeForm(scheme)
    assert form.fields == scheme.fields == form_fields(scheme) == form_fields()
    assert set(form.controls) == set(scheme.fields)
    for field in scheme.table:
        control = form.controls[field.name]
        if field.kind == "choice":
            assert isinstance(control, RadioGroup)
            assert [v for _, v in control.options if v] == list(field.choice_ids)
            assert (NO_CHOICE_LABEL, "") in control.options or field.required
            # "* (required)" is shown and aria-required set by the group (controls.js)
            assert control.description == field.label
            assert control.required == field.required
            assert control.question == field.question  # said with the label
            assert css_class(field.name) in control._dom_classes
        elif field.kind == "choices":
            assert list(control) == list(field.choice_ids)
            assert all(isinstance(box, widgets.Checkbox) for box in control.values())
        elif field.kind == "parts":
            assert list(control) == list(field.part_ids)
            for part_id, area in control.items():
                assert isinstance(area, widgets.Textarea)
                assert f"{css_class(field.name)}-{part_id}" in area._dom_classes
        elif field.kind == "scale":
            assert isinstance(control, widgets.Dropdown)
            assert control.options[0] == (NOT_SET_LABEL, 0)
            values = [v for _, v in control.options[1:]]
            assert values == list(range(field.minimum, field.maximum + 1))
            assert css_class(field.name) in control._dom_classes
        else:
            assert isinstance(control, widgets.Textarea)
            assert css_class(field.name) in control._dom_classes
    # every field's label is shown, in the scheme's order
    shown = " ".join(x.value for c in form.children for x in walk(c) if isinstance(x, widgets.HTML))
    positions = [shown.index(f"<b>{f.label}</b>") for f in scheme.table]
    assert positions == sorted(positions)


def test_the_shipped_scheme_keeps_the_classes_the_browser_tests_use(scheme):
    form = SchemeForm(scheme)
    classes = {
        cls for c in form.children for x in walk(c) for cls in getattr(x, "_dom_classes", ())
    }
    for expected in (
        "claim-claim-type",
        "claim-check-worthy",
        "claim-verdict",
        "claim-technique",
        "claim-technique-exaggeration_minimisation",
        "claim-evidence-citation",
        "claim-evidence-other_sources",
        "claim-confidence",
        "claim-note",
    ):
        assert expected in classes, expected
    labels = [label for label, _ in form.controls["confidence"].options]
    assert labels == [NOT_SET_LABEL, "1 (a guess)", "2", "3", "4", "5 (certain)"]


def test_values_reset_and_load_in_one_loop(scheme):
    form = SchemeForm(scheme)
    empty = form.values()
    assert empty == {
        f.name: None if f.kind in ("choice", "scale") else f.default() for f in scheme.table
    }
    filled = {
        "claim_type": "statistic",
        "check_worthy": "yes",
        "verdict": "refuted",
        "techniques": ("loaded_language", "doubt"),
        "evidence": {"who": "NATO", "original": "", "citation": "https://x", "other_sources": ""},
        "confidence": 3,
        "note": "a note",
    }
    assert form.load(filled) == []
    assert form.values() == filled
    form.reset()
    assert form.values() == empty
    # a missing field is emptied; parts given only in part keep the others empty
    form.load(filled)
    assert form.load({"claim_type": "opinion", "evidence": {"who": "AP"}}) == []
    values = form.values()
    assert values["claim_type"] == "opinion" and values["verdict"] is None
    assert values["evidence"] == {"who": "AP", "original": "", "citation": "", "other_sources": ""}
    assert values["techniques"] == () and values["confidence"] is None and values["note"] == ""


def test_load_warns_about_values_the_scheme_no_longer_has(scheme):
    form = SchemeForm(scheme)
    form.load({"claim_type": "factual"})
    warnings = form.load(
        {
            "claim_type": "rumour",
            "techniques": ("doubt", "astroturfing"),
            "evidence": {"who": "x", "gone": "kept text"},
            "confidence": 9,
        }
    )
    assert warnings == [
        "Claim type 'rumour' is not in the scheme any more",
        "Rhetorical techniques 'astroturfing' is not in the scheme any more",
        "Evidence (SIFT) 'gone' is not in the scheme any more",
        "Confidence 9 is not in the scheme any more",
    ]
    values = form.values()
    assert values["claim_type"] == "factual"  # kept what it held
    assert values["techniques"] == ("doubt",) and values["evidence"]["who"] == "x"


def test_a_scale_with_zero_on_it_uses_another_value_for_not_set():
    field = Field(
        name="lean", kind="scale", label="Lean", question="From -2 (left) to 2 (right)?",
        minimum=-2, maximum=2,
    )
    entry = make_control(field)
    assert entry.control.options[0] == (NOT_SET_LABEL, -3)
    assert [label for label, _ in entry.control.options[1:]] == [
        "-2 (left)", "-1", "0", "1", "2 (right)"
    ]
    assert entry.read() is None
    entry.write(0)
    assert entry.read() == 0
    entry.clear()
    assert entry.read() is None


def test_a_kind_without_a_control_is_a_clear_error():
    field = Field(name="odd", kind="colour", label="Odd", question="?")
    with pytest.raises(ValueError, match="no form control for fields of kind 'colour'"):
        make_control(field)


def test_an_extra_field_gets_a_control_and_round_trips(stance_scheme, tmp_path, art):
    form = SchemeForm(stance_scheme)
    assert form.fields.index("stance") == form.fields.index("verdict") + 1
    control = form.controls["stance"]
    assert isinstance(control, RadioGroup)
    assert control.options[0] == (NO_CHOICE_LABEL, "")
    assert "claim-stance" in control._dom_classes
    assert form.load({"stance": "contra"}) == [] and form.values()["stance"] == "contra"

    store = AnnotationStore(tmp_path / "stance.sqlite", article=art, scheme=stance_scheme)
    store.set_setting("annotator", "ana")
    w = ClaimAnnotator("nato", store=store, article=art, scheme=stance_scheme)
    assert w.stance is w.form.controls["stance"]  # reachable like the shipped fields
    fill(w, phrase="32 countries")
    w.stance.value = "pro"
    w.save_button.click()
    (ann,) = store.list()
    assert ann.stance == "pro" and ann.claim_type == "statistic"
    assert "Stance" in w.table.value and "For NATO" in w.table.value
    assert w.stance.value == ""  # the form is empty again
    w.edit_button.click()
    assert w.stance.value == "pro" and w.form_values()["stance"] == "pro"
    w.stance.value = "neutral"
    w.save_button.click()
    assert "Changes saved" in w.status.value, w.status.value
    assert store.get(ann.id).stance == "neutral"
    store.close()
