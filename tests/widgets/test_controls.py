"""The accessible controls (helpers.widgets.controls) and what the widgets get from them: radio
groups named by their question with "required" said, one live region per status line, no icon
glyphs in button names, the focus kept where the student is."""

from __future__ import annotations

import pytest
from traitlets import TraitError

from helpers.widgets import ClaimAnnotator, HandIn, SelfCheck
from helpers.widgets.base import NameBox, button
from helpers.widgets.controls import CSS, ESM, RadioGroup, StatusLine, styles

from .widgetlib import SELFCHECK, walk


def test_radio_group_keeps_the_radiobuttons_api():
    group = RadioGroup(description="Verdict", options=[("Not yet", ""), ("Holds up", "ok")],
                       value="")
    assert group.options == (("Not yet", ""), ("Holds up", "ok"))
    assert group.index == 0 and group._labels == ["Not yet", "Holds up"]
    group.value = "ok"
    assert group.index == 1 and group.label == "Holds up"
    group.index = 0  # what the page sends when a choice is clicked or an arrow key pressed
    assert group.value == ""
    with pytest.raises(TraitError):
        group.value = "nope"
    group.value = None
    assert group.index is None
    group.options = ["a", "b"]
    assert group.options == (("a", "a"), ("b", "b")) and group.value is None


def test_the_page_side_is_one_tab_stop_named_by_the_question():
    # native radios sharing one name: one Tab stop, arrow keys inside (checked in the browser
    # by tests/browser/test_student_lesson.py)
    assert 'input.name = id' in ESM and 'role", "radiogroup"' in ESM
    assert "aria-required" in ESM and "(required)" in ESM and "aria-labelledby" in ESM
    assert 'role", "status"' in ESM and "line.innerHTML" in ESM
    assert "min-height: 32px" in CSS and "outline: 3px solid #0b57d0" in CSS


def test_required_choices_say_so(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    for name in ("claim_type", "check_worthy", "verdict"):
        group = getattr(w, name)
        field = w.scheme.by_name[name]
        assert isinstance(group, RadioGroup)
        assert group.required == field.required and group.question == field.question
    assert w.claim_type.required  # "Claim type * (required)"


def test_status_lines_are_made_once(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    status = w.status
    assert isinstance(status, StatusLine) and isinstance(w.name_box.message, StatusLine)
    w._say("ok", "Saved")
    w._say("warn", "Not saved")
    assert w.status is status and "Not saved" in status.value
    s = SelfCheck("nato", store=named, path=SELFCHECK)
    assert isinstance(s.status, StatusLine)
    assert all(isinstance(f, StatusLine) for f in s.feedback.values())
    assert all(isinstance(a, RadioGroup) for a in s.answers.values()
               if not hasattr(a, "placeholder"))
    assert isinstance(HandIn(store=named).status, StatusLine)


def test_no_button_has_an_icon_glyph(named, art):
    assert button(description="Go", icon="check").icon == ""
    for widget in (ClaimAnnotator("nato", store=named, article=art), HandIn(store=named),
                   SelfCheck("nato", store=named, path=SELFCHECK)):
        for x in walk(widget):
            assert getattr(x, "icon", "") == "", (type(x).__name__, x.description)


def test_every_widget_brings_the_shared_style_sheet(named):
    box = NameBox(named)
    assert styles() in box.children


class Sent(list):
    def __call__(self, widget):
        return lambda content, *a, **k: self.append((widget, content))


def test_enter_in_the_name_box_remembers_and_keeps_the_focus(wstore, monkeypatch):
    box = NameBox(wstore)
    sent = Sent()
    monkeypatch.setattr(box.switch_button, "send", sent(box.switch_button))
    monkeypatch.setattr(box.name, "send", sent(box.name))
    box.name.value = "ana"
    box._on_name_msg(box.name, {"event": "submit"}, [])  # Enter, as the page sends it
    assert box.annotator == "ana" and wstore.get_setting("annotator") == "ana"
    assert sent == [(box.switch_button, {"do": "focus"})]  # shown in place of the name row
    sent.clear()
    box.switch_button.click()
    assert sent == [(box.name, {"do": "focus"})]
    sent.clear()
    box.name.value = "a/b"  # a name that cannot be used: back to the box
    box._on_remember()
    assert sent == [(box.name, {"do": "focus"})]


def test_links_in_the_decks_and_the_reader_are_underlined_and_dark_enough():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "slides" / "templates"
    deck = (templates / "offline-reveal" / "index.html.j2").read_text(encoding="utf-8")
    reader = (templates / "voila" / "templates" / "reader" / "index.html.j2").read_text(
        encoding="utf-8"
    )
    for css in (deck, reader):
        assert "color: #0b57d0; text-decoration: underline;" in css  # 6.9:1 on white
    assert '<main id="rendered_cells"' in reader and "</main>" in reader


def test_on_a_hub_the_name_is_the_hub_login_until_a_student_switches(wstore, monkeypatch):
    """On a class hub the student is already known: the name box starts as the hub user,
    kept in the store like a typed name; Switch student asks again and stays asked."""
    monkeypatch.setenv("JUPYTERHUB_USER", "student07")
    box = NameBox(wstore)
    assert box.annotator == "student07" and wstore.get_setting("annotator") == "student07"
    box.switch_button.click()
    assert wstore.get_setting("annotator") == "" and NameBox(wstore).annotator == ""
    monkeypatch.setenv("JUPYTERHUB_USER", "a/b")  # a hub name the unit cannot use: typed
    wstore.set_setting("annotator", None)
    assert NameBox(wstore).annotator == "" and wstore.get_setting("annotator") is None
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert NameBox(wstore).annotator == ""
