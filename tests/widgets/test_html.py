"""The HTML the widgets show (helpers/widgets/html.py): everything escaped."""

from __future__ import annotations

from helpers.widgets.html import annotations_table_html, message_html
from helpers.widgets.target import build_annotation

from .widgetlib import XSS, XSS_ESCAPED


def test_table_html_escapes_everything(art):
    ann = build_annotation(
        art,
        "ana",
        "nato-2",
        None,
        {
            "claim_type": "statistic",
            "check_worthy": "yes",
            "note": XSS,
            "evidence": {"who": XSS, "original": "", "citation": "", "other_sources": ""},
        },
    )
    out = annotations_table_html([ann], art, caption=f"caption {XSS}")
    assert "<img" not in out
    assert out.count(XSS_ESCAPED) == 3
    assert "<table" in out and 'scope="col"' in out
    assert "Number or statistic" in out
    empty = annotations_table_html([], art)
    assert "none yet" in empty


def test_message_html_escapes():
    out = message_html("error", XSS, details=XSS)
    assert "<img" not in out and out.count(XSS_ESCAPED) == 2
    assert 'role="alert"' in out
