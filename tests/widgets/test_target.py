"""What the form checks before saving (helpers/widgets/target.py): no widgets needed."""

from __future__ import annotations

import pytest

from helpers.widgets.target import FormError, build_annotation, check_phrase, sentence_options


def test_sentence_options_are_numbered_and_short(art):
    options = sentence_options(art, "nato")
    assert options[0][1] == ""
    assert [v for _, v in options[1:]] == ["nato-1", "nato-2", "nato-3"]
    assert options[2][0].startswith("2 · Involving 90,000 troops")
    assert options[2][0].endswith("…")


def test_check_phrase(art):
    assert check_phrase(art, "nato-2", "") is None
    assert check_phrase(art, "nato-2", "   ") is None
    assert check_phrase(art, "nato-2", " 90,000 troops ") == "90,000 troops"
    with pytest.raises(FormError, match=r"is not in sentence 2.*Nothing was saved"):
        check_phrase(art, "nato-2", "120,000 troops")
    with pytest.raises(FormError, match="different capital letters"):
        check_phrase(art, "nato-2", "involving 90,000 TROOPS")
    # in the article, but in another sentence
    with pytest.raises(FormError, match="is not in sentence 1"):
        check_phrase(art, "nato-1", "90,000 troops")
    assert art.sentence("nato-2").text.count(" to ") > 1
    with pytest.raises(FormError, match=r"occurs \d+ times in sentence 2"):
        check_phrase(art, "nato-2", " to ")


def test_build_annotation_needs_sentence_and_required_choices(art):
    values = {"claim_type": "statistic", "check_worthy": "yes"}
    with pytest.raises(FormError, match="Pick the words to annotate first"):
        build_annotation(art, "ana", "", None, values)
    with pytest.raises(FormError, match="Claim type"):
        build_annotation(art, "ana", "nato-2", None, {"check_worthy": "yes"})
    with pytest.raises(FormError, match="Check-worthy"):
        build_annotation(art, "ana", "nato-2", None, {"claim_type": "statistic"})
    ann = build_annotation(art, "ana", "nato-2", "32 countries", values)
    assert (ann.quote, ann.sentence_id, ann.part) == ("32 countries", "nato-2", "nato")
    whole = build_annotation(art, "ana", "nato-2", None, values)
    assert whole.quote == art.sentence("nato-2").text


def test_build_annotation_at_offsets_the_picker_gives(art):
    values = {"claim_type": "statistic", "check_worthy": "yes"}
    sentence = art.sentence("nato-2")
    second = sentence.text.index(" to ", sentence.text.index(" to ") + 1) + 1
    start = sentence.start + second
    ann = build_annotation(art, "ana", "nato-2", None, values, span=(start, start + 2))
    assert (ann.start, ann.end, ann.quote) == (start, start + 2, "to")  # twice in the sentence
    assert art.text[ann.start - len(ann.prefix) : ann.start] == ann.prefix
    whole = (sentence.start, sentence.end)
    whole = build_annotation(art, "ana", "nato-2", None, values, span=whole)
    assert whole.quote == sentence.text
    with pytest.raises(FormError, match="not all in sentence 2"):
        build_annotation(art, "ana", "nato-2", None, values, span=(sentence.start - 5, start))
