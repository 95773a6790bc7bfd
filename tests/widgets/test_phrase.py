"""PhrasePicker without a browser: the words it sends, and the selection the page sets.

``set_state`` is what ipywidgets calls when the page sends a change, so these tests set the
traits exactly as the front end would (all of one update at once).
"""

from __future__ import annotations

import re

import pytest

from helpers.article import PART_IDS
from helpers.errors import AnnotationError, ArticleError
from helpers.widgets import phrase
from helpers.widgets.phrase import PhrasePicker, part_words


@pytest.fixture
def picker(art):
    return PhrasePicker(art, "nato")


def words_of(picker, sentence_id):
    sentence = next(s for para in picker.paragraphs for s in para if s["id"] == sentence_id)
    return sentence["words"]


def drag(picker, first, last, anchor=None):
    """The page's update for a selection from word ``first`` to word ``last`` (dicts)."""
    picker.set_state(
        {"start": first["start"], "end": last["end"], "anchor": (anchor or first)["start"]}
    )


@pytest.mark.parametrize("part_id", PART_IDS)
def test_words_cover_every_character_of_every_sentence(art, part_id):
    paragraphs = part_words(art, part_id)
    sentences = [s for para in paragraphs for s in para]
    assert [s["id"] for s in sentences] == [s.id for s in art.part(part_id).sentences]
    for sent, s in zip(sentences, art.part(part_id).sentences, strict=True):
        assert (sent["start"], sent["end"], sent["number"]) == (s.start, s.end, s.number)
        assert " ".join(w["text"] for w in sent["words"]) == s.text
        for w in sent["words"]:
            assert art.text[w["start"] : w["end"]] == w["text"]
            assert s.start <= w["start"] < w["end"] <= s.end
        assert sent["words"][0]["start"] == s.start and sent["words"][-1]["end"] == s.end


def test_the_widget_sends_the_part_as_data(art, picker):
    assert picker.part == "nato"
    assert picker.heading == art.part("nato").heading
    assert picker.paragraphs == part_words(art, "nato")
    assert (picker.start, picker.end, picker.sentence_id, picker.quote) == (-1, -1, "", "")
    assert "phrase-picker" in picker._dom_classes
    assert repr(picker) == "PhrasePicker(part='nato', nothing selected)"


def test_an_unknown_part_is_refused(art):
    with pytest.raises(ArticleError, match="unknown part"):
        PhrasePicker(art, "nope")


def test_a_selection_from_the_page_gives_sentence_and_quote(art, picker):
    words = words_of(picker, "nato-2")
    drag(picker, words[1], words[5])
    assert picker.sentence_id == "nato-2"
    assert picker.quote == "90,000 troops from 32 countries,"
    assert picker.quote == art.text[picker.start : picker.end]
    assert picker.message == ""
    # backwards (the anchor is the last word): the same phrase
    drag(picker, words[1], words[5], anchor=words[5])
    assert picker.quote == "90,000 troops from 32 countries,"
    assert picker.anchor == words[5]["start"]
    assert "nato-2" in repr(picker) and "90,000" in repr(picker)


def test_one_word(picker):
    word = words_of(picker, "nato-3")[2]
    drag(picker, word, word)
    assert picker.quote == word["text"] == "of"
    assert picker.sentence_id == "nato-3"


def test_a_selection_across_sentences_is_cut_to_the_sentence_where_it_began(art, picker):
    one, two = words_of(picker, "nato-1"), words_of(picker, "nato-2")
    drag(picker, one[-3], two[2])  # forwards from sentence 1 into sentence 2
    assert picker.sentence_id == "nato-1"
    assert picker.quote == "perceived Russian aggression."
    assert (picker.start, picker.end) == (one[-3]["start"], art.sentence("nato-1").end)
    assert "sentence 1" in picker.message and "one sentence" in picker.message
    drag(picker, one[-3], two[2], anchor=two[2])  # backwards from sentence 2 into sentence 1
    assert picker.sentence_id == "nato-2"
    assert picker.quote == "Involving 90,000 troops"
    assert "sentence 2" in picker.message
    drag(picker, two[0], two[1])  # a good selection again: the message goes
    assert picker.message == "" and picker.quote == "Involving 90,000"


@pytest.mark.parametrize(
    "start,end",
    [(0, 10), (2000, 2010), (1500, 1200), (-1, 1400), (1400, 1400), (1400, 10**6)],
)
def test_a_selection_outside_the_part_or_impossible_is_refused(picker, start, end):
    picker.select("nato-2", "90,000 troops")
    picker.set_state({"start": start, "end": end, "anchor": start})
    assert (picker.start, picker.end, picker.anchor) == (-1, -1, -1)
    assert picker.quote == picker.sentence_id == ""
    assert "not in the text of this part" in picker.message


def test_the_page_clearing_the_selection(picker):
    picker.select("nato-1")
    picker.set_state({"start": -1, "end": -1, "anchor": -1})
    assert picker.quote == picker.sentence_id == picker.message == ""


def test_select_from_python(art, picker):
    picker.select("nato-3")
    assert picker.quote == art.sentence("nato-3").text
    assert (picker.start, picker.end) == (art.sentence("nato-3").start, art.sentence("nato-3").end)
    picker.select("nato-2", "1,100 armored vehicles")
    assert picker.sentence_id == "nato-2" and picker.quote == "1,100 armored vehicles"
    assert picker.quote == art.text[picker.start : picker.end]
    assert picker.message == ""


@pytest.mark.parametrize(
    "sentence_id,quote,field",
    [
        ("nato-2", "not in this sentence", "quote"),
        ("nato-2", "", "quote"),
        ("nato-1", "the", "quote"),  # twice in the sentence: ambiguous
        ("lede-1", None, "sentence_id"),
        ("nato-99", None, "sentence_id"),
    ],
)
def test_select_refuses_what_is_not_in_the_part(picker, sentence_id, quote, field):
    picker.select("nato-3", "military might")
    with pytest.raises(AnnotationError) as info:
        picker.select(sentence_id, quote)
    assert isinstance(info.value, ArticleError)
    assert info.value.field == field
    assert picker.quote == "military might"  # unchanged


def test_clear(picker):
    picker.set_state({"start": 0, "end": 5, "anchor": 0})
    assert picker.message
    picker.clear()
    assert (picker.start, picker.end, picker.anchor) == (-1, -1, -1)
    assert picker.quote == picker.sentence_id == picker.message == ""
    picker.select("nato-1", "Cold War era")
    picker.clear()
    assert picker.quote == "" and repr(picker) == "PhrasePicker(part='nato', nothing selected)"


def test_the_state_sent_to_the_page_is_data_not_html(picker):
    state = picker.get_state()
    for key in ("paragraphs", "start", "end", "quote", "sentence_id", "message", "heading"):
        assert key in state
    assert "<" not in str(state["paragraphs"])


def test_the_front_end_needs_no_network_and_builds_no_html_from_data():
    esm, css = phrase.ESM, phrase.CSS
    assert "export default" in esm
    assert not re.search(r"\bimport\b[^;]*['\"](https?:)?//", esm)
    assert not re.search(r"\bimport\s*\(", esm)  # no dynamic imports either
    assert "http" not in esm and "http" not in css and "@import" not in css
    for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert unsafe not in esm
    assert "textContent" in esm
    assert 'aria-live", "polite"' in esm and '"role", "application"' in esm
    assert PhrasePicker._esm == esm and PhrasePicker._css == css
