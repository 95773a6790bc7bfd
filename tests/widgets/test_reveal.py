"""The Reveal widget: hidden until asked for, not even in the saved widget state."""

from __future__ import annotations

import json

from helpers.widgets import Reveal

from .widgetlib import visible, walk


def test_reveal_hidden_by_default_and_toggles():
    r = Reveal("**The answer** is 32.")
    assert not r.shown and not visible(r.content)
    state = json.dumps([x.get_state() for x in walk(r)], default=str)
    assert "The answer" not in repr(r) and "The answer" not in state
    assert r.content.outputs == ()  # not even in the saved widget state
    assert r.toggle.description == "Show the model answer"
    r.toggle.value = True  # what a click does
    assert visible(r.content) and r.toggle.description == "Hide the model answer"
    (out,) = r.content.outputs
    assert out["data"]["text/markdown"] == "**The answer** is 32."
    r.toggle.value = False
    assert not visible(r.content) and r.toggle.description == "Show the model answer"


def test_reveal_html_and_custom_label():
    r = Reveal("<p>Answer</p>", label="Show a hint")
    assert r.toggle.description == "Show a hint"
    r.show()
    assert r.content.outputs[0]["data"]["text/html"] == "<p>Answer</p>"
    assert r.toggle.description == "Hide a hint"
    r.hide()
    assert not r.shown
