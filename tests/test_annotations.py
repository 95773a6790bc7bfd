"""The Annotation record: building, validation messages, dict round trip."""

from __future__ import annotations

import uuid

import pytest

from helpers.annotations import (
    Annotation,
    AnnotationError,
    validate,
    validate_annotator,
)
from helpers.article import ArticleError
from helpers.fields import clean_text


def test_new_whole_sentence(article, make):
    a = make("nato-2")
    s = article.sentence("nato-2")
    assert (a.start, a.end, a.quote, a.part) == (s.start, s.end, s.text, "nato")
    assert article.text[a.start : a.end] == a.quote
    assert (a.prefix, a.suffix) == article.context(a.start, a.end)
    assert uuid.UUID(a.id).version == 4
    assert a.article_version == article.version
    assert a.created == a.modified and a.created.endswith("Z")
    assert a.evidence == {"who": "", "original": "", "citation": "", "other_sources": ""}
    assert a.techniques == () and a.verdict is None and a.confidence is None and a.note == ""


def test_new_phrase(article, make):
    a = make(
        "nato-2",
        "90,000 troops",
        verdict="misleading",
        confidence=4,
        techniques=["exaggeration_minimisation"],
        evidence={"citation": "https://nato.int"},
        note="Steadfast Defender: about 90,000.",
    )
    assert article.text[a.start : a.end] == "90,000 troops"
    assert a.techniques == ("exaggeration_minimisation",)
    assert a.evidence["citation"] == "https://nato.int" and a.evidence["who"] == ""


def test_phrase_not_in_sentence_is_both_error_types(make):
    with pytest.raises(AnnotationError) as e:
        make("nato-2", "Macron")
    assert isinstance(e.value, ArticleError)
    assert e.value.field == "quote" and "nato-2" in str(e.value)
    with pytest.raises(ArticleError):
        make("nato-99")


def test_required_fields_and_unknown_kwargs(article):
    with pytest.raises(AnnotationError, match="claim_type"):
        Annotation.new(article, "ana", "nato-1", check_worthy="yes")
    with pytest.raises(AnnotationError, match="colour"):
        Annotation.new(
            article, "ana", "nato-1", claim_type="factual", check_worthy="yes", colour="red"
        )


def test_dict_round_trip(make):
    a = make("russia-2", "priest Gapon", note="שלום 👋🏽 مرحبا", techniques=["doubt", "slogans"])
    d = a.to_dict()
    assert d["techniques"] == ["doubt", "slogans"]
    assert Annotation.from_dict(d) == a
    d.pop("note")
    with pytest.raises(AnnotationError) as e:
        Annotation.from_dict(d)
    assert e.value.field == "note" and "missing" in str(e.value)


def test_error_message_names_field_value_allowed_where(make):
    a = make().replace(claim_type="fact")
    with pytest.raises(AnnotationError) as e:
        validate(a)
    err = e.value.at(file="ana.jsonld", record=3)
    msg = str(err)
    for part in ("ana.jsonld record 3", "claim_type", "'fact'", "factual, statistic"):
        assert part in msg
    assert (err.field, err.value, err.where) == ("claim_type", "fact", "ana.jsonld record 3")
    assert (err.file, err.record) == ("ana.jsonld", 3)


def test_validate_against_article(article, make):
    a = make("alliance-3", "French troops")
    validate(a, article)
    with pytest.raises(AnnotationError, match="does not match"):
        validate(a.replace(start=a.start + 1, end=a.end + 1), article)
    with pytest.raises(AnnotationError, match="article_version"):
        validate(a.replace(article_version="0" * 64), article)
    with pytest.raises(AnnotationError, match="prefix"):
        validate(a.replace(prefix="xx"), article)


def test_modified_before_created(make):
    a = make()
    with pytest.raises(AnnotationError, match="before created"):
        validate(a.replace(modified="2000-01-01T00:00:00Z"))


@pytest.mark.parametrize("name", ["ana", "  Ana M. ", "José", "学生7", "x" * 64])
def test_good_annotators(name):
    assert validate_annotator(name) == name.strip()


@pytest.mark.parametrize("name", ["", "   ", "../etc", "a/b", "a\\b", "a\x00b", "x" * 65, 7, None])
def test_bad_annotators(name):
    with pytest.raises(AnnotationError) as e:
        validate_annotator(name)
    assert e.value.field == "annotator"


def test_clean_text():
    assert clean_text("a\x00b\x07c\r\nd\re\tf\u200fg👍") == "abc\nd\ne\tf\u200fg👍"


def test_new_cleans_control_characters_but_validate_rejects(make):
    a = make(note="bell\x07 here", evidence={"who": "x\x1by"})
    assert a.note == "bell here" and a.evidence["who"] == "xy"
    with pytest.raises(AnnotationError, match="control character"):
        validate(a.replace(note="bell\x07"))
