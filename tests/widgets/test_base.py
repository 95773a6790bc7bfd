"""What every widget shares (helpers/widgets/base.py): a short text/plain repr, no fixed width
wider than a phone, and the CSS classes the browser tests find them by."""

from __future__ import annotations

import re

from helpers.widgets import ClaimAnnotator, HandIn, Reveal, SelfCheck

from .widgetlib import SELFCHECK, walk


def test_no_fixed_width_wider_than_700px(named, art):
    for widget in (
        ClaimAnnotator("nato", store=named, article=art),
        SelfCheck("nato", store=named, path=SELFCHECK),
        Reveal("x"),
        HandIn(store=named),
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
        w.phrase: "claim-phrase",
        w.status: "claim-status",
        w.table: "claim-table",
        w.text: "claim-text",
        w.note: "claim-note",
        w.confidence: "claim-confidence",
        w.claim_type: "claim-claim-type",
        w.check_worthy: "claim-check-worthy",
        w.verdict: "claim-verdict",
        w.name: "annotator-name",
        w.name_button: "name-save",
    }
    for widget, cls in expected.items():
        assert cls in widget._dom_classes, cls
    assert "handin-button" in HandIn(store=named).button._dom_classes
    sc = SelfCheck("nato", store=named, path=SELFCHECK)
    assert all("selfcheck-submit" in b._dom_classes for b in sc.buttons.values())
    assert "reveal-toggle" in Reveal("x").toggle._dom_classes


def test_static_fallback_text(named, art):
    cases = {
        ClaimAnnotator("nato", store=named, article=art): "Claim annotator for part 'nato'",
        SelfCheck("nato", store=named, path=SELFCHECK): "Self-check questions for part 'nato'",
        Reveal("answer"): "Show the model answer (hidden)",
        HandIn(store=named): "Hand-in button",
    }
    for widget, start in cases.items():
        bundle = widget._repr_mimebundle_()
        assert bundle["text/plain"].startswith(start), bundle["text/plain"]
        assert "VBox" not in bundle["text/plain"] and len(bundle["text/plain"]) <= 110
        assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == widget.model_id
