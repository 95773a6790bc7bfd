"""The student-facing widgets, without a browser: set ``.value``, ``.click()``, check the store
and the HTML the widgets produce."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import ipywidgets as W
import pytest

from helpers import widgets as hw
from helpers.article import load_article
from helpers.store import AnnotationStore
from helpers.widgets import ClaimAnnotator, FormError, HandIn, Reveal, SelfCheck

XSS = "<img src=x onerror=alert(1)>"
XSS_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
FIXTURES = Path(__file__).parent.parent / "fixtures"
SELFCHECK = FIXTURES / "selfcheck"


# -- fixtures ------------------------------------------------------------------------------------
@pytest.fixture
def art():
    return load_article()


@pytest.fixture
def db(tmp_path):
    return tmp_path / "widgets.sqlite"


@pytest.fixture
def wstore(db, art):
    s = AnnotationStore(db, article=art)
    yield s
    s.close()


@pytest.fixture
def named(wstore):
    wstore.set_setting("annotator", "ana")
    return wstore


def fill(w: ClaimAnnotator, sentence="nato-2", phrase="", **values):
    """Fill the form like a student would."""
    w.sentence.value = sentence
    w.phrase.value = phrase
    w.claim_type.value = values.get("claim_type", "statistic")
    w.check_worthy.value = values.get("check_worthy", "yes")
    w.verdict.value = values.get("verdict", "")
    for tid in values.get("techniques", ()):
        w.techniques[tid].value = True
    for key, text in values.get("evidence", {}).items():
        w.evidence[key].value = text
    w.confidence.value = values.get("confidence", 0)
    w.note.value = values.get("note", "")


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def visible(widget) -> bool:
    return widget.layout.display != "none"


# -- import hygiene ------------------------------------------------------------------------------
def test_import_helpers_does_not_import_ipywidgets():
    code = (
        "import sys, helpers, helpers.store, helpers.annotations, helpers.scheme; "
        "assert 'ipywidgets' not in sys.modules, 'ipywidgets imported'; "
        "assert 'helpers.widgets' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- pure functions ------------------------------------------------------------------------------
def test_sentence_options_are_numbered_and_short(art):
    options = hw.sentence_options(art, "nato")
    assert options[0][1] == ""
    assert [v for _, v in options[1:]] == ["nato-1", "nato-2", "nato-3"]
    assert options[2][0].startswith("2 · Involving 90,000 troops")
    assert options[2][0].endswith("…")


def test_check_phrase(art):
    assert hw.check_phrase(art, "nato-2", "") is None
    assert hw.check_phrase(art, "nato-2", "   ") is None
    assert hw.check_phrase(art, "nato-2", " 90,000 troops ") == "90,000 troops"
    with pytest.raises(FormError, match=r"is not in sentence 2.*Nothing was saved"):
        hw.check_phrase(art, "nato-2", "120,000 troops")
    with pytest.raises(FormError, match="different capital letters"):
        hw.check_phrase(art, "nato-2", "involving 90,000 TROOPS")
    # in the article, but in another sentence
    with pytest.raises(FormError, match="is not in sentence 1"):
        hw.check_phrase(art, "nato-1", "90,000 troops")
    assert art.sentence("nato-2").text.count(" to ") > 1
    with pytest.raises(FormError, match=r"occurs \d+ times in sentence 2"):
        hw.check_phrase(art, "nato-2", " to ")


def test_build_annotation_needs_sentence_and_required_choices(art):
    values = {"claim_type": "statistic", "check_worthy": "yes"}
    with pytest.raises(FormError, match="Pick a sentence"):
        hw.build_annotation(art, "ana", "", None, values)
    with pytest.raises(FormError, match="Claim type"):
        hw.build_annotation(art, "ana", "nato-2", None, {"check_worthy": "yes"})
    with pytest.raises(FormError, match="Check-worthy"):
        hw.build_annotation(art, "ana", "nato-2", None, {"claim_type": "statistic"})
    ann = hw.build_annotation(art, "ana", "nato-2", "32 countries", values)
    assert (ann.quote, ann.sentence_id, ann.part) == ("32 countries", "nato-2", "nato")
    whole = hw.build_annotation(art, "ana", "nato-2", None, values)
    assert whole.quote == art.sentence("nato-2").text


def test_table_html_escapes_everything(art):
    ann = hw.build_annotation(
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
    out = hw.annotations_table_html([ann], art, caption=f"caption {XSS}")
    assert "<img" not in out
    assert out.count(XSS_ESCAPED) == 3
    assert "<table" in out and 'scope="col"' in out
    assert "Number or statistic" in out
    empty = hw.annotations_table_html([], art)
    assert "none yet" in empty


def test_message_html_escapes():
    out = hw.message_html("error", XSS, details=XSS)
    assert "<img" not in out and out.count(XSS_ESCAPED) == 2
    assert 'role="alert"' in out


# -- ClaimAnnotator: saving ----------------------------------------------------------------------
def test_save_every_field(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    seen = []
    w.on_submit(seen.append)
    fill(
        w,
        phrase="90,000 troops",
        verdict="supported",
        techniques=["exaggeration_minimisation", "appeal_to_fear"],
        evidence={
            "who": "NATO press office",
            "original": "Steadfast Defender 24",
            "citation": "https://www.nato.int/",
            "other_sources": "Reuters, AP",
        },
        confidence=4,
        note="Checked on nato.int",
    )
    w.save_button.click()
    assert "Saved" in w.status.value, w.status.value
    (ann,) = named.list()
    assert ann.annotator == "ana"
    assert (ann.sentence_id, ann.quote) == ("nato-2", "90,000 troops")
    assert (ann.claim_type, ann.check_worthy, ann.verdict) == ("statistic", "yes", "supported")
    assert set(ann.techniques) == {"exaggeration_minimisation", "appeal_to_fear"}
    assert ann.evidence == {
        "who": "NATO press office",
        "original": "Steadfast Defender 24",
        "citation": "https://www.nato.int/",
        "other_sources": "Reuters, AP",
    }
    assert (ann.confidence, ann.note) == (4, "Checked on nato.int")
    assert [a.id for a in seen] == [ann.id]
    assert w.data == [ann.to_dict()]
    assert list(w.to_frame()["id"]) == [ann.id]
    assert "90,000 troops" in w.table.value
    # the form is empty again, the sentence stays chosen
    assert w.phrase.value == "" and w.claim_type.value is None and w.note.value == ""
    assert w.selected == "nato-2"
    assert not any(box.value for box in w.techniques.values())


def test_empty_phrase_annotates_the_whole_sentence(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    fill(w, sentence="nato-1")
    w.save_button.click()
    (ann,) = named.list()
    assert ann.quote == art.sentence("nato-1").text


def test_phrase_not_in_sentence_is_refused_clearly(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    fill(w, phrase="120,000 troops")
    w.save_button.click()
    assert "is not in sentence 2" in w.status.value
    assert "Nothing was saved" in w.status.value
    assert named.list() == []
    # twice in the sentence: also refused
    w.phrase.value = "to"
    w.save_button.click()
    assert "times in sentence 2" in w.status.value
    assert named.list() == []


def test_missing_required_choice_saves_nothing(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    fill(w)
    w.claim_type.value = None
    w.save_button.click()
    assert "Claim type" in w.status.value and "Nothing was saved" in w.status.value
    assert named.list() == []
    w.sentence.value = ""
    w.claim_type.value = "factual"
    w.save_button.click()
    assert "Pick a sentence" in w.status.value
    assert named.list() == []


def test_a_value_the_scheme_refuses_is_explained(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    fill(w, note="x" * 10_001)
    w.save_button.click()
    assert "Not saved" in w.status.value and "note" in w.status.value
    assert "too long" in w.status.value
    assert named.list() == []


def test_xss_is_escaped_everywhere(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    fill(w, note=XSS, evidence={"who": XSS})
    w.save_button.click()
    assert named.list()[0].note == XSS  # kept exactly as typed ...
    assert "<img" not in w.table.value  # ... but shown escaped
    assert XSS_ESCAPED in w.table.value
    # a phrase that is markup is echoed escaped in the status
    fill(w, phrase=XSS)
    w.save_button.click()
    assert "<img" not in w.status.value and XSS_ESCAPED in w.status.value
    # the choice list under the table is plain text (options), the text is the article's
    assert all("<img" not in label for label, _ in w.choose.options)
    assert "<img" not in w.text.value


def test_annotator_name_with_markup_is_escaped(wstore, art):
    w = ClaimAnnotator("nato", store=wstore, article=art)
    w.name.value = XSS  # a valid id (no slashes), so it must be escaped where it is shown
    w.name_button.click()
    assert wstore.get_setting("annotator") == XSS
    for html_widget in (w.name_box.whoami, w.table, w.status, w.name_box.message):
        assert "<img" not in html_widget.value
    assert XSS_ESCAPED in w.name_box.whoami.value


def test_selected_sentence_is_highlighted(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    assert "sentence selected" not in w.text.value
    w.sentence.value = "nato-3"
    assert w.selected == "nato-3"
    assert re.search(r'class="sentence selected" id="s-nato-3"', w.text.value)
    assert "Sentence 3:" in w.sentence_preview.value
    w.selected = "nato-1"  # the trait drives the dropdown too
    assert w.sentence.value == "nato-1"
    assert re.search(r'class="sentence selected" id="s-nato-1"', w.text.value)
    with pytest.raises(Exception, match="not in part 'nato'"):
        w.selected = "russia-1"


def test_unknown_part_is_a_clear_error(named, art):
    with pytest.raises(ValueError, match="the parts are"):
        ClaimAnnotator("natoo", store=named, article=art)


# -- ClaimAnnotator: edit, delete, undo ----------------------------------------------------------
def test_edit_loads_the_annotation_and_save_updates_it(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    fill(w, phrase="32 countries", techniques=["loaded_language"], confidence=2, note="first")
    w.save_button.click()
    fill(w, sentence="nato-1")
    w.save_button.click()
    first = next(a for a in named.list() if a.quote == "32 countries")
    assert len(named.list()) == 2

    w.choose.value = first.id
    w.edit_button.click()
    assert w.editing == first.id
    assert w.save_button.description == "Save changes"
    assert visible(w.cancel_button)
    assert (w.selected, w.phrase.value) == ("nato-2", "32 countries")
    assert w.claim_type.value == "statistic"
    assert w.techniques["loaded_language"].value and w.confidence.value == 2
    assert w.note.value == "first"
    assert "(editing)" in w.table.value

    w.phrase.value = "90,000 troops"
    w.note.value = "second"
    w.techniques["loaded_language"].value = False
    w.save_button.click()
    assert "Changes saved" in w.status.value, w.status.value
    assert w.editing == "" and w.save_button.description == "Save annotation"
    assert not visible(w.cancel_button)
    anns = named.list()
    assert len(anns) == 2
    edited = named.get(first.id)
    assert (edited.quote, edited.note, edited.techniques) == ("90,000 troops", "second", ())
    assert edited.created == first.created and edited.modified >= first.modified


def test_edit_a_whole_sentence_annotation_leaves_the_phrase_empty(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    fill(w, sentence="nato-3")
    w.save_button.click()
    w.reset_form(keep_sentence=False)
    w.edit_button.click()
    assert w.selected == "nato-3" and w.phrase.value == ""


def test_edit_with_a_bad_phrase_keeps_the_old_annotation(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    fill(w, phrase="32 countries")
    w.save_button.click()
    w.edit_button.click()
    w.phrase.value = "33 countries"
    w.save_button.click()
    assert "Nothing was saved" in w.status.value
    assert named.list()[0].quote == "32 countries"
    assert w.editing  # still editing, the form keeps what was typed
    w.cancel_button.click()
    assert w.editing == "" and "unchanged" in w.status.value


def test_delete_and_undo(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    assert w.delete_button.disabled and w.undo_button.disabled
    fill(w, phrase="32 countries")
    w.save_button.click()
    fill(w, phrase="90,000 troops")
    w.save_button.click()
    ids = [a.id for a in named.list()]
    w.choose.value = ids[0]
    w.delete_button.click()
    assert [a.id for a in named.list()] == ids[1:]
    assert "Deleted" in w.status.value and not w.undo_button.disabled
    assert ids[0] not in w.table.value
    w.choose.value = ids[1]
    w.delete_button.click()
    assert named.list() == []
    assert "none yet" in w.table.value and w.delete_button.disabled
    w.undo_button.click()  # the last deleted comes back first
    assert [a.id for a in named.list()] == [ids[1]]
    w.undo_button.click()
    assert sorted(a.id for a in named.list()) == sorted(ids)
    assert w.undo_button.disabled
    assert "Brought back" in w.status.value


def test_deleting_the_annotation_being_edited_stops_editing(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    fill(w, phrase="32 countries")
    w.save_button.click()
    w.edit_button.click()
    assert w.editing
    w.delete_button.click()
    assert w.editing == "" and named.list() == []


# -- ClaimAnnotator: persistence and the name ----------------------------------------------------
def test_restart_rebuilds_from_the_store(db, art):
    first = AnnotationStore(db, article=art)
    w = ClaimAnnotator("nato", store=first, article=art)
    w.name.value = "ana"
    fill(w, phrase="32 countries", note="kept")
    w.save_button.click()
    saved = first.list()
    first.close()
    del w

    # "restart the kernel": a new store object on the same file, a new widget
    again = AnnotationStore(db, article=art)
    w2 = ClaimAnnotator("nato", store=again, article=art)
    assert w2.annotator == "ana"
    assert not visible(w2.name_box._ask_row)
    assert [d["id"] for d in w2.data] == [a.id for a in saved]
    assert "32 countries" in w2.table.value and "kept" in w2.table.value
    assert w2.choose.value == saved[0].id
    # another part shows nothing of this part
    w3 = ClaimAnnotator("russia", store=again, article=art)
    assert w3.data == [] and "none yet" in w3.table.value
    again.close()


def test_default_store_comes_from_the_environment(art, monkeypatch, tmp_path):
    monkeypatch.setenv("ANNOTATIONS_DB", str(tmp_path / "env.sqlite"))
    w = ClaimAnnotator("lede", article=art)
    assert Path(w.store.path) == tmp_path / "env.sqlite"


def test_name_is_asked_once_and_remembered(wstore, art):
    w = ClaimAnnotator("nato", store=wstore, article=art)
    assert w.annotator == "" and visible(w.name_box._ask_row)
    assert not visible(w.name_box._show_row)
    # no name: nothing saved, a clear message
    fill(w)
    w.save_button.click()
    assert "Type your name" in w.status.value and wstore.list() == []
    # a bad name: refused with a message, nothing remembered
    w.name.value = "../etc"
    w.name_button.click()
    assert "cannot be used" in w.name_box.message.value
    assert wstore.get_setting("annotator") is None
    # a good name, typed and used by Save directly
    w.name.value = "  s1234567 "
    w.save_button.click()
    assert wstore.get_setting("annotator") == "s1234567"
    assert w.annotator == "s1234567" and [a.annotator for a in wstore.list()] == ["s1234567"]
    assert not visible(w.name_box._ask_row) and "s1234567" in w.name_box.whoami.value
    # other widgets (other notebooks) read it back and do not ask
    for other in (ClaimAnnotator("russia", store=wstore, article=art), HandIn(store=wstore)):
        assert other.name_box.annotator == "s1234567"
        assert not visible(other.name_box._ask_row)
    assert SelfCheck("nato", store=wstore, path=SELFCHECK).name_box.annotator == "s1234567"


def test_name_set_elsewhere_meanwhile_is_picked_up(wstore, art):
    w = ClaimAnnotator("nato", store=wstore, article=art)
    wstore.set_setting("annotator", "bo")  # e.g. typed into another notebook's widget
    fill(w)
    w.save_button.click()
    assert [a.annotator for a in wstore.list()] == ["bo"]
    assert w.annotator == "bo"


def test_change_name(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    fill(w)
    w.save_button.click()
    w.name_box.change_button.click()
    assert visible(w.name_box._ask_row) and w.name.value == "ana"
    w.name.value = "bo"
    w.name_button.click()
    assert named.get_setting("annotator") == "bo" and w.annotator == "bo"
    assert w.data == []  # ana's annotations stay ana's
    assert len(named.list(annotator="ana")) == 1


def test_only_the_students_own_annotations_are_shown(named, art):
    from helpers.annotations import Annotation

    other = Annotation.new(art, "bo", "nato-1", None, claim_type="factual", check_worthy="no")
    named.add(other)
    w = ClaimAnnotator("nato", store=named, article=art)
    assert w.data == [] and other.id not in w.table.value


# -- errors inside callbacks are shown -----------------------------------------------------------
def test_exception_in_a_callback_appears_in_the_status(named, art, monkeypatch):
    w = ClaimAnnotator("nato", store=named, article=art)

    def boom(ann):
        raise RuntimeError(f"disk on fire {XSS}")

    monkeypatch.setattr(named, "add", boom)
    fill(w)
    w.save_button.click()  # must not raise
    assert "Something went wrong" in w.status.value
    assert "RuntimeError" in w.status.value and "disk on fire" in w.status.value
    assert "Traceback" in w.status.value  # for the teacher, folded away
    assert "<img" not in w.status.value


def test_exception_in_an_on_submit_callback_appears_in_the_status(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)

    def bad(ann):
        raise ValueError("callback broke")

    w.on_submit(bad)
    fill(w)
    w.save_button.click()
    assert len(named.list()) == 1  # saved all the same
    assert "Saved" in w.status.value and "callback broke" in w.status.value


def test_exception_in_an_observer_appears_in_the_status(named, art, monkeypatch):
    w = ClaimAnnotator("nato", store=named, article=art)

    def broken(*a, **k):
        raise KeyError("render failed")

    monkeypatch.setattr(w.article.__class__, "render", broken)
    w.sentence.value = "nato-2"
    assert "render failed" in w.status.value


# -- accessibility, layout, static fallback ------------------------------------------------------
def test_controls_are_labelled_and_in_reading_order(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    widgets = list(walk(w))
    controls = [
        x
        for x in widgets
        if isinstance(x, W.Text | W.Textarea | W.Dropdown | W.RadioButtons | W.Checkbox | W.Button)
    ]
    for c in controls:
        assert c.description.strip(), f"unlabelled {type(c).__name__}"
    order = [id(x) for x in widgets]
    form = [
        w.name,
        w.sentence,
        w.phrase,
        w.claim_type,
        w.check_worthy,
        w.verdict,
        *w.techniques.values(),
        *w.evidence.values(),
        w.confidence,
        w.note,
        w.save_button,
    ]
    positions = [order.index(id(x)) for x in form]
    assert positions == sorted(positions)
    # Save is the last control of the form; the table and its buttons come after
    assert order.index(id(w.save_button)) < order.index(id(w.table)) < order.index(id(w.choose))
    # definitions are shown for every technique
    for tid, box in w.techniques.items():
        assert box.tooltip == w.scheme.definition("techniques", tid)
    assert "Loaded language" in [b.description for b in w.techniques.values()]


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


# -- SelfCheck -----------------------------------------------------------------------------------
def test_selfcheck_multiple_choice(named):
    sc = SelfCheck("nato", store=named, path=SELFCHECK)
    assert [q["id"] for q in sc.questions] == ["nato-q1", "nato-q2"]
    sc.buttons["nato-q1"].click()  # nothing chosen
    assert "Choose an answer first" in sc.feedback["nato-q1"].value
    assert len(named.attempts("ana")) == 0
    sc.answers["nato-q1"].value = "b"
    sc.buttons["nato-q1"].click()
    fb = sc.feedback["nato-q1"].value
    assert "Not quite" in fb and "90,000" in fb and "Source:" in fb
    assert "NATO&#x27;s Show of Force" in fb  # the source, escaped
    sc.answers["nato-q1"].value = "a"
    sc.buttons["nato-q1"].click()
    assert "Right" in sc.feedback["nato-q1"].value
    att = named.attempts("ana")
    assert list(att["question_id"]) == ["nato-q1", "nato-q1"]
    assert list(att["answer"]) == ["b", "a"] and list(att["correct"]) == [False, True]


@pytest.mark.parametrize(
    "typed, right",
    [("32", True), (" Thirty-Two. ", True), ("thirty two", False), ("33", False)],
)
def test_selfcheck_short_answer(named, typed, right):
    sc = SelfCheck("nato", store=named, path=SELFCHECK)
    sc.answers["nato-q2"].value = typed
    sc.buttons["nato-q2"].click()
    fb = sc.feedback["nato-q2"].value
    assert ("Right" in fb) is right and ("Not quite" in fb) is (not right)
    assert "90,000 troops from 32 countries" in fb.replace("&#x27;", "'")
    assert list(named.attempts("ana")["correct"]) == [right]


def test_selfcheck_escapes_answers_and_prompts(named):
    sc = SelfCheck("nato", store=named, path=SELFCHECK)
    sc.answers["nato-q2"].value = XSS
    sc.buttons["nato-q2"].click()
    fb = sc.feedback["nato-q2"].value
    assert "<img" not in fb and XSS_ESCAPED in fb
    prompts = [x.value for x in walk(sc) if isinstance(x, W.HTML)]
    assert any("&lt;b&gt;not bold&lt;/b&gt;" in p for p in prompts)
    assert not any("<b>not bold" in p for p in prompts)


def test_selfcheck_without_a_name_gives_feedback_but_records_nothing(wstore):
    sc = SelfCheck("nato", store=wstore, path=SELFCHECK)
    sc.answers["nato-q1"].value = "a"
    sc.buttons["nato-q1"].click()
    assert "Right" in sc.feedback["nato-q1"].value
    assert "Not recorded" in sc.feedback["nato-q1"].value
    assert len(wstore.attempts()) == 0
    sc.name.value = "ana"
    sc.buttons["nato-q1"].click()
    assert list(wstore.attempts()["annotator"]) == ["ana"]
    assert wstore.get_setting("annotator") == "ana"


def test_selfcheck_restores_last_answers_after_restart(db, art):
    s1 = AnnotationStore(db, article=art)
    s1.set_setting("annotator", "ana")
    sc = SelfCheck("nato", store=s1, path=SELFCHECK)
    sc.answers["nato-q2"].value = "33"
    sc.buttons["nato-q2"].click()
    sc.answers["nato-q2"].value = "32"
    sc.buttons["nato-q2"].click()
    s1.close()
    s2 = AnnotationStore(db, article=art)
    sc2 = SelfCheck("nato", store=s2, path=SELFCHECK)
    assert sc2.answers["nato-q2"].value == "32"
    assert "Last time you answered" in sc2.feedback["nato-q2"].value
    assert "Right" in sc2.feedback["nato-q2"].value
    assert sc2.answers["nato-q1"].value is None and sc2.feedback["nato-q1"].value == ""
    s2.close()


def test_selfcheck_error_in_callback_is_shown(named, monkeypatch):
    sc = SelfCheck("nato", store=named, path=SELFCHECK)

    def boom(*a, **k):
        raise OSError("store is read-only")

    monkeypatch.setattr(named, "record_attempt", boom)
    sc.answers["nato-q1"].value = "a"
    sc.buttons["nato-q1"].click()
    assert "store is read-only" in sc.status.value


def test_selfcheck_missing_file_is_a_message(named, tmp_path):
    sc = SelfCheck("stakes", store=named, path=tmp_path)
    assert sc.questions == []
    assert "no self-check questions for part &#x27;stakes&#x27;" in sc.status.value


@pytest.mark.parametrize(
    "doc, message",
    [
        ({"questions": "x"}, "list 'questions'"),
        ({"part": "russia", "questions": []}, "expected 'nato'"),
        ({"questions": [{"id": "q", "type": "essay", "prompt": "p"}]}, "'type' is 'essay'"),
        (
            {
                "questions": [
                    {
                        "id": "q",
                        "type": "multiple_choice",
                        "prompt": "p",
                        "choices": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
                        "answer": "c",
                    }
                ]
            },
            "not one of the choice ids",
        ),
        (
            {"questions": [{"id": "q", "type": "short_answer", "prompt": "p", "accept": []}]},
            "'accept'",
        ),
        (
            {
                "questions": [
                    {"id": "q", "type": "short_answer", "prompt": "p", "accept": ["1"]},
                    {"id": "q", "type": "short_answer", "prompt": "p", "accept": ["1"]},
                ]
            },
            "used twice",
        ),
    ],
)
def test_load_selfcheck_names_the_problem(tmp_path, doc, message):
    path = tmp_path / "nato.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)):
        hw.load_selfcheck("nato", path)


def test_shipped_selfcheck_files_load():
    files = sorted(hw.SELFCHECK_DIR.glob("*.json")) if hw.SELFCHECK_DIR.is_dir() else []
    if not files:
        pytest.skip("no data/selfcheck/*.json yet")
    for f in files:
        questions = hw.load_selfcheck(f.stem, f)
        assert questions, f
        for q in questions:
            assert q.get("explanation") and q.get("source"), (f.name, q["id"])


# -- Reveal --------------------------------------------------------------------------------------
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


# -- HandIn --------------------------------------------------------------------------------------
@pytest.fixture
def with_annotations(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    fill(w, phrase="32 countries", note=XSS)
    w.save_button.click()
    w2 = ClaimAnnotator("russia", store=named, article=art)
    fill(w2, sentence="russia-1", claim_type="quote")
    w2.save_button.click()
    assert len(named.list()) == 2
    return named


def test_handin_writes_a_new_file_each_time(with_annotations, tmp_path, monkeypatch, art):
    pytest.importorskip("helpers.formats")
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    monkeypatch.chdir(nb_dir)
    h = HandIn(store=with_annotations)
    assert "2 annotations" in h.summary.value
    h.button.click()
    first = h.last_path
    assert first is not None and first.parent == nb_dir / "handin", h.status.value
    assert re.fullmatch(r"ana-\d{8}T\d{6}Z(-\d+)?\.jsonld", first.name)
    assert str(first.resolve()) in h.status.value.replace("&#x27;", "'")
    doc = json.loads(first.read_text(encoding="utf-8"))
    assert XSS in json.dumps(doc, ensure_ascii=False)
    (out,) = h.link.outputs
    link = out["data"]["text/html"]
    assert f'href="handin/{first.name}"' in link and "download=" in link
    before = first.read_bytes()
    h.button.click()  # the same second: a new name, the first file untouched
    second = h.last_path
    assert second != first and second.exists() and first.read_bytes() == before
    assert len(list((nb_dir / "handin").glob("*.jsonld"))) == 2


def test_handin_to_a_given_folder(with_annotations, tmp_path, monkeypatch):
    pytest.importorskip("helpers.formats")
    monkeypatch.chdir(tmp_path)
    h = HandIn(store=with_annotations, folder=tmp_path / "out" / "class")
    path = h.hand_in()
    assert path.parent == tmp_path / "out" / "class"
    assert 'href="out/class/' in h.link.outputs[0]["data"]["text/html"]


def test_handin_without_annotations_or_name(wstore, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    h = HandIn(store=wstore)
    h.button.click()
    assert "Type your name" in h.status.value and h.last_path is None
    h.name.value = "ana"
    h.button.click()
    assert "no annotations to hand in" in h.status.value
    assert not (tmp_path / "handin").exists() or not any((tmp_path / "handin").iterdir())


def test_handin_error_is_shown(with_annotations, tmp_path, monkeypatch):
    pytest.importorskip("helpers.formats")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "handin").write_text("a file where the folder should be")
    h = HandIn(store=with_annotations)
    h.button.click()
    assert "Something went wrong" in h.status.value and h.last_path is None


def test_handin_filename_is_safe():
    when = datetime(2024, 3, 10, 9, 30, 5, tzinfo=UTC)
    assert hw.handin_filename("ana", when) == "ana-20240310T093005Z.jsonld"
    assert hw.handin_filename("Ana María López", when) == "Ana_Maria_Lopez-20240310T093005Z.jsonld"
    assert hw.handin_filename(XSS, when).startswith("img_src_x_onerror_alert_1")
    assert hw.handin_filename("的", when) == "student-20240310T093005Z.jsonld"
