"""What every widget shares (helpers/widgets/base.py): a text/plain that says what to do, no
fixed width wider than a phone, the CSS classes the browser tests find them by, and shared
layouts that are never hidden for everyone."""

from __future__ import annotations

import re

import ipywidgets as widgets

from helpers.questions import question
from helpers.widgets import AnswerBox, ClaimAnnotator, HandIn, Reveal, SelfCheck
from helpers.widgets.base import RUN_HINT, hide, layout, shared, waiting_text

from .widgetlib import SELFCHECK, models, visible, walk


def test_no_fixed_width_wider_than_700px(named, art):
    for widget in (
        ClaimAnnotator("nato", store=named, article=art),
        SelfCheck("nato", store=named, path=SELFCHECK),
        Reveal("x"),
        HandIn(store=named),
        AnswerBox("lede-read-1", store=named),
    ):
        for x in walk(widget):
            for attr in ("width", "min_width"):
                value = getattr(x.layout, attr, None) or ""
                m = re.fullmatch(r"(\d+)px", value)
                assert not m or int(m.group(1)) <= 700, (type(x).__name__, attr, value)


def test_css_classes_for_browser_tests(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    expected = {
        w: "claim-annotator",
        w.save_button: "claim-save",
        w.delete_button: "claim-delete",
        w.undo_button: "claim-undo",
        w.edit_button: "claim-edit",
        w.cancel_button: "claim-cancel",
        w.choose: "claim-choose",
        w.sentence: "claim-sentence",
        w.status: "claim-status",
        w.table: "claim-table",
        w.picker: "claim-text",
        w.note: "claim-note",
        w.confidence: "claim-confidence",
        w.claim_type: "claim-claim-type",
        w.check_worthy: "claim-check-worthy",
        w.verdict: "claim-verdict",
        w.name: "annotator-name",
        w.name_button: "name-save",
        w.name_box.switch_button: "name-switch",
    }
    for widget, cls in expected.items():
        assert cls in widget._dom_classes, cls
    assert "phrase-picker" in w.picker._dom_classes
    handin = HandIn(store=named)
    assert "handin-button" in handin.button._dom_classes
    assert "handin-partners" in handin.partners._dom_classes
    box = AnswerBox("lede-read-1", store=named)
    assert {"answer-box", "answer-box-lede-read-1"} <= set(box._dom_classes)
    assert "answer-field" in box.field._dom_classes
    sc = SelfCheck("nato", store=named, path=SELFCHECK)
    assert all("selfcheck-submit" in b._dom_classes for b in sc.buttons.values())
    assert "reveal-toggle" in Reveal("x").toggle._dom_classes


def test_static_fallback_text_says_what_to_do(named, art):
    cases = {
        ClaimAnnotator("nato", store=named, article=art): "The annotation form appears",
        SelfCheck("nato", store=named, path=SELFCHECK): "The check-yourself questions for “NATO",
        Reveal("answer"): "The button “Show the model answer” appears",
        HandIn(store=named): "The hand-in button appears",
        AnswerBox("lede-read-2", store=named): question("lede-read-2").text + "\n",
    }
    # short: the lesson's banner says once what to do when a box says it appears when it runs
    assert RUN_HINT == "when the lesson runs"
    for widget, start in cases.items():
        plain = widget._repr_mimebundle_()["text/plain"]
        assert plain.startswith(start), plain
        assert plain.endswith(f"here {RUN_HINT}."), plain
        assert "VBox" not in plain and "JupyterLab" not in plain and len(plain) <= 200
        bundle = widget._repr_mimebundle_()
        assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == widget.model_id
    assert waiting_text("The questions", "appear").startswith("The questions appear here when")


def test_a_shared_layout_is_one_model_and_hiding_one_widget_hides_no_other():
    a = widgets.Button(layout=layout(width="auto", max_width="100%"))
    b = widgets.Button(layout=layout(width="auto", max_width="100%"))
    assert a.layout is b.layout and layout(width="auto", max_width="100%") is a.layout
    hide(a, True)
    assert not visible(a) and visible(b) and a.layout is not b.layout
    assert a.layout.width == "auto"  # the copy keeps the settings
    hide(a, False)
    hide(b, False)  # a shared layout is never changed
    assert visible(a) and b.layout.display is None
    # a closed shared model (Widget.close_all) is made again
    lay = shared(widgets.Layout, width="13px")
    lay.close()
    assert shared(widgets.Layout, width="13px") is not lay


def test_each_widget_is_few_models(named):
    """Every model is a message and a view before the page can show the widget. Before layouts
    and styles were shared the fixture's self-check was 57 models, the hand-in 35 and a reveal
    10; an answer box is 4 once the name is known. One more since the shared style sheet
    (controls.SharedStyles: one model for the kernel) came with the NameBox."""
    assert len(models(SelfCheck("nato", store=named, path=SELFCHECK))) <= 34
    assert len(models(HandIn(store=named))) <= 26
    assert len(models(Reveal("x"))) <= 10
    assert len(models(AnswerBox("lede-read-1", store=named))) <= 4
