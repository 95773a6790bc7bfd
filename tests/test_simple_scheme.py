"""The simple scheme, the default: it loads, its form asks five questions, every choice of the
full research scheme maps to it (declared once, in data/scheme.json), the answer key and the
class's agreement work in its terms, ClaimReview works without a note and with one evidence text,
and a hand-in made with the full scheme is rejected with the setting that reads it named."""

from __future__ import annotations

import json

import pytest

from helpers.annotations import Annotation, validate
from helpers.errors import AnnotationError
from helpers.formats import read_file, to_w3c
from helpers.formats.claimreview import annotation_to_claimreview, claimreview_to_annotation
from helpers.key import KEY_PATH, key_frame, load_key, match_key
from helpers.scheme import (
    ENV_VAR,
    FULL_SCHEME_PATH,
    SCHEME_PATH,
    load_scheme,
    map_annotation,
    map_values,
)

SIMPLE_TECHNIQUES = {
    "loaded_language",
    "name_calling",
    "exaggeration_minimisation",
    "appeal_to_fear",
    "repetition",
    "causal_oversimplification",
}
#: Every choice of the full scheme and what it is in the simple one (None: dropped).
EXPECTED = {
    "claim_type": {
        "factual": "fact",
        "statistic": "fact",
        "quote": "fact",
        "prediction": "opinion",
        "opinion": "opinion",
        "framing": "framing",
    },
    "check_worthy": {"yes": "yes", "no": "no", "unsure": "unsure"},
    "verdict": {
        "supported": "holds_up",
        "refuted": "needs_correction",
        "misleading": "needs_correction",
        "not_enough_info": "cant_tell",
    },
}


@pytest.fixture
def full():
    return load_scheme("full")


@pytest.fixture
def simple():
    return load_scheme("simple")


# -- the scheme and the setting --------------------------------------------------------------------
@pytest.mark.default_scheme
def test_the_simple_scheme_is_the_default(simple):
    scheme = load_scheme()
    assert scheme is simple and scheme.name == "simple" and scheme.path == str(SCHEME_PATH)
    assert scheme.fields == ("claim_type", "check_worthy", "verdict", "techniques", "evidence")
    assert scheme.choice_ids("claim_type") == ["fact", "opinion", "framing"]
    assert scheme.choice_ids("check_worthy") == ["yes", "no", "unsure"]
    assert scheme.choice_ids("verdict") == ["holds_up", "needs_correction", "cant_tell"]
    assert scheme.label("verdict", "cant_tell") == "Can't tell yet"
    assert not scheme.required("verdict")  # left blank: "not checked yet", no verdict
    evidence = scheme.field("evidence")
    assert (evidence.kind, evidence.purpose, evidence.label) == (
        "text",
        "commenting",
        "What I found and where",
    )
    assert "confidence" not in scheme.by_name and "note" not in scheme.by_name


def test_its_techniques_are_the_ones_the_key_uses(simple):
    techniques = set(simple.choice_ids("techniques"))
    assert techniques == SIMPLE_TECHNIQUES and len(techniques) <= 6
    key = json.loads(KEY_PATH.read_text(encoding="utf-8"))
    assert {t for item in key["items"] for t in item["techniques"]} == techniques


def test_definitions_are_short_and_plain(simple):
    for fld in simple.of_kind("choice", "choices"):
        for choice in fld.choices:
            words = choice.definition.split()
            assert len(words) <= 20, (fld.name, choice.id)
            assert "fallacy" not in choice.definition.lower()


def test_the_setting_chooses_the_scheme(monkeypatch, tmp_path, full, simple):
    monkeypatch.setenv(ENV_VAR, "full")
    assert load_scheme() is full and full.path == str(FULL_SCHEME_PATH) and full.name == "full"
    monkeypatch.setenv(ENV_VAR, " Simple ")
    assert load_scheme() is simple
    monkeypatch.delenv(ENV_VAR)
    assert load_scheme() is simple
    own = tmp_path / "ours.json"
    own.write_text(FULL_SCHEME_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(own))
    assert load_scheme().path == str(own) and load_scheme().name == str(own)
    monkeypatch.setenv(ENV_VAR, "fulll")
    with pytest.raises(AnnotationError) as e:
        load_scheme()
    assert e.value.field == ENV_VAR and "simple, full, or the path" in str(e.value)


@pytest.mark.parametrize(
    "change, needle",
    [
        (lambda c: c[1].update({"from": ["factual"]}), "gathered twice"),
        (lambda c: c[0].update({"from": "factual"}), "a list of ids"),
        (lambda c: c[0].update({"from": []}), "a list of ids"),
        (lambda c: c[2].update({"from": ["Framing!"]}), "Framing!"),
        (lambda c: c[2].update({"from": ["fact"]}), "gathered twice"),  # another choice's id
    ],
)
def test_a_broken_mapping_is_rejected(tmp_path, change, needle):
    data = json.loads(SCHEME_PATH.read_text(encoding="utf-8"))
    change(data["fields"]["claim_type"]["choices"])
    path = tmp_path / "scheme.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(AnnotationError) as e:
        load_scheme(path)
    assert needle in str(e.value) and e.value.file == str(path)


@pytest.mark.default_scheme
def test_the_form_asks_five_questions_with_definitions_in_sight(simple):
    from helpers.widgets.form import SchemeForm

    form = SchemeForm(load_scheme())
    assert form.fields == simple.fields and len(form.fields) <= 5
    shown = " ".join(
        getattr(w, "value", "") for w in _widgets(form.children) if type(w).__name__ == "HTML"
    )
    for fld in simple.of_kind("choice", "choices"):
        for choice in fld.choices:  # every definition is in the page, not only in a tooltip
            assert choice.definition.replace("'", "&#x27;") in shown, choice.id


def _widgets(children):
    for widget in children:
        yield widget
        yield from _widgets(getattr(widget, "children", ()))


# -- the mapping ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "field, choice", [(f, c) for f, choices in EXPECTED.items() for c in choices]
)
def test_every_choice_of_the_full_scheme_maps(full, simple, field, choice):
    assert set(EXPECTED[field]) == set(full.choice_ids(field))  # the table here is complete
    values = {"claim_type": "factual", "check_worthy": "yes", field: choice}
    mapped = map_values(values, full, simple)
    assert mapped[field] == EXPECTED[field][choice]
    assert simple.label(field, choice) == simple.label(field, EXPECTED[field][choice])


def test_every_technique_maps_or_is_dropped(full, simple):
    for technique in full.choice_ids("techniques"):
        values = {"claim_type": "factual", "check_worthy": "yes", "techniques": (technique,)}
        kept = map_values(values, full, simple)["techniques"]
        assert kept == ((technique,) if technique in SIMPLE_TECHNIQUES else ())
    values = {
        "claim_type": "opinion",
        "check_worthy": "no",
        "techniques": ["doubt", "repetition", "slogans"],
    }
    assert map_values(values, full, simple)["techniques"] == ("repetition",)


def test_evidence_parts_become_one_text_and_the_rest_is_dropped(full, simple):
    values = {
        "claim_type": "statistic",
        "check_worthy": "yes",
        "verdict": None,
        "evidence": {
            "who": " NATO ",
            "original": "",
            "citation": "https://www.nato.int/",
            "other_sources": "Reuters agrees",
        },
        "confidence": 4,
        "note": "gone",
    }
    mapped = map_values(values, full, simple)
    assert mapped == {
        "claim_type": "fact",
        "check_worthy": "yes",
        "verdict": None,
        "techniques": (),
        "evidence": "Who: NATO\nCitation: https://www.nato.int/\nOther sources: Reuters agrees",
    }
    values["evidence"] = dict.fromkeys(full.field("evidence").part_ids, "")
    assert map_values(values, full, simple)["evidence"] == ""


def test_the_same_scheme_maps_to_itself(full, simple):
    values = {
        "claim_type": "quote",
        "check_worthy": "no",
        "verdict": "misleading",
        "techniques": ("doubt",),
        "evidence": {"who": "x"},
        "confidence": 2,
        "note": "n",
    }
    same = map_values(values, full, full)
    assert same["evidence"] == {"who": "x", "original": "", "citation": "", "other_sources": ""}
    assert {k: same[k] for k in ("claim_type", "verdict", "techniques", "confidence", "note")} == {
        "claim_type": "quote",
        "verdict": "misleading",
        "techniques": ("doubt",),
        "confidence": 2,
        "note": "n",
    }
    answer = {"claim_type": "fact", "check_worthy": "yes", "evidence": "Who: x"}
    assert map_values(answer, simple, simple)["evidence"] == "Who: x"


def test_a_choice_without_a_counterpart_is_an_error(full, simple):
    with pytest.raises(AnnotationError) as e:  # the mapping is declared one way: full -> simple
        map_values({"claim_type": "fact", "check_worthy": "yes"}, simple, full)
    assert e.value.field == "claim_type" and "no counterpart in the full scheme" in str(e.value)


def test_an_annotation_maps(article, full, simple):
    ann = Annotation.new(
        article,
        "ana",
        "nato-2",
        "90,000 troops",
        scheme=full,
        claim_type="statistic",
        check_worthy="yes",
        verdict="supported",
        techniques=["loaded_language", "slogans"],
        confidence=5,
        evidence={"citation": "https://www.nato.int/"},
    )
    mapped = map_annotation(ann, full, simple)
    assert validate(mapped, article, simple) is mapped
    assert (mapped.id, mapped.quote, mapped.start, mapped.created) == (
        ann.id,
        ann.quote,
        ann.start,
        ann.created,
    )
    assert mapped.values == {
        "claim_type": "fact",
        "check_worthy": "yes",
        "verdict": "holds_up",
        "techniques": ("loaded_language",),
        "evidence": "Citation: https://www.nato.int/",
    }


# -- hand-ins made with the other scheme ----------------------------------------------------------
@pytest.mark.default_scheme
def test_a_full_scheme_hand_in_is_rejected_naming_the_setting(tmp_path, article, full, simple):
    """The reader does not guess a file's scheme: a hand-in made with the full scheme, read with
    the simple one, is rejected record by record, the message saying to set the variable."""
    anns = [
        Annotation.new(
            article,
            "ana",
            "lede-1",
            scheme=full,
            claim_type="statistic",
            check_worthy="yes",
            verdict="refuted",
        ),
        Annotation.new(
            article,
            "ana",
            "lede-2",
            scheme=full,
            claim_type="framing",
            check_worthy="no",
            techniques=["loaded_language"],
        ),
    ]
    path = tmp_path / "ana.jsonld"
    path.write_text(json.dumps(to_w3c(anns, article, full)), encoding="utf-8")
    result = read_file(path, article)  # the default scheme: simple
    # the record whose every answer the simple scheme also has is read; the other is not
    assert [a.claim_type for a in result.annotations] == ["framing"]
    assert result.errors and result.errors[0].field == "claim_type"
    assert "NEWS_CLAIMS_SCHEME=full" in str(result.errors[0])
    assert "'fact' here" in str(result.errors[0])
    again = read_file(path, article, full)  # with the setting: read, and mapped on request
    assert again.annotations == anns and not again.errors
    mapped = [map_annotation(a, full, simple) for a in again.annotations]
    assert [a.claim_type for a in mapped] == ["fact", "framing"]
    assert [a.verdict for a in mapped] == ["needs_correction", None]


# -- the key and the class, in the simple scheme's terms -----------------------------------------
@pytest.mark.default_scheme
def test_the_key_is_given_in_the_scheme_in_use(article, full, simple):
    research = load_key(article=article, scheme=full)["items"]
    mapped = load_key(article=article)["items"]  # the default: simple
    assert [i["id"] for i in mapped] == [i["id"] for i in research]
    for before, after in zip(research, mapped, strict=True):
        assert after["claim_type"] == EXPECTED["claim_type"][before["claim_type"]]
        assert after["check_worthy"] == before["check_worthy"]
        assert after["verdict"] == (
            EXPECTED["verdict"][before["verdict"]] if before["verdict"] else None
        )
        assert set(after["techniques"]) == set(before["techniques"]) & SIMPLE_TECHNIQUES
        assert isinstance(after["evidence"], str)
        assert after["evidence"].startswith("Who: ") or not any(before["evidence"].values())
        assert after["note"] == before["note"] and after["confidence"] == before["confidence"]
    table = key_frame(load_key(article=article))
    assert set(table["claim_type"]) <= {"fact", "opinion", "framing"}
    assert set(table["verdict"]) <= {"holds_up", "needs_correction", "cant_tell", "none"}
    assert set(key_frame(scheme=full)["claim_type"]) <= set(full.choice_ids("claim_type"))


@pytest.mark.default_scheme
def test_agreement_on_a_simple_scheme_class(article, simple):
    from helpers.classroom.agreement import analyse

    key = key_frame(load_key(article=article))
    checked = key[key["verdict"] != "none"].iloc[0]
    anns = []
    for number, verdict in enumerate(["holds_up", "needs_correction", checked["verdict"]]):
        anns.append(
            Annotation.new(
                article,
                f"s{number}",
                checked["sentence_id"],
                checked["quote"],
                claim_type="fact",
                check_worthy="yes",
                verdict=verdict,
                evidence="Who: the article",
            )
        )
        anns.append(
            Annotation.new(
                article,
                f"s{number}",
                "lede-1",
                claim_type="opinion",
                check_worthy="no",
                techniques=["loaded_language"],
            )
        )
    result = analyse(anns, parts="all")
    assert result.students == ["s0", "s1", "s2"]
    verdicts = result.alpha.query("field == 'verdict' and part == 'all'").iloc[0]
    assert verdicts["units"] >= 1 and 0 <= verdicts["agreement"] <= 1
    row = match_key(anns, key).query("annotator == 's2' and item == @checked['item']").iloc[0]
    assert row["verdict"] == row["key_verdict"] == checked["verdict"]
    verdict = result.against_key.query("annotator == 's2' and field == 'verdict'").iloc[0]
    assert verdict["matches"] >= 1


# -- ClaimReview without a note, with one evidence text -------------------------------------------
@pytest.mark.default_scheme
def test_claimreview_with_the_simple_scheme(article, simple):
    ann = Annotation.new(
        article,
        "ana",
        "nato-2",
        "90,000 troops",
        claim_type="fact",
        check_worthy="yes",
        verdict="needs_correction",
        techniques=["exaggeration_minimisation"],
        evidence="Who: NATO\nCitation: https://www.nato.int/",
    )
    review = annotation_to_claimreview(ann, article)
    assert review["reviewRating"]["alternateName"] == "Needs correction"
    assert review["reviewBody"] == ann.evidence and "citation" not in review
    assert "nc:evidence" not in review and "nc:note" not in review
    assert review["nc:techniques"] == ["exaggeration_minimisation"]
    assert claimreview_to_annotation(review, article) == ann
    bare = ann.replace(evidence="")
    assert "reviewBody" not in annotation_to_claimreview(bare, article)
    assert claimreview_to_annotation(annotation_to_claimreview(bare, article), article) == bare


def test_claimreview_with_a_note_and_one_evidence_text(tmp_path, article):
    """A teacher who adds a note to the simple scheme: the note is the review body, the evidence
    text the citation."""
    data = json.loads(SCHEME_PATH.read_text(encoding="utf-8"))
    data["fields"]["note"] = {
        "kind": "text",
        "purpose": "commenting",
        "label": "Note",
        "question": "Anything else?",
    }
    path = tmp_path / "scheme.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    scheme = load_scheme(path)
    ann = Annotation.new(
        article,
        "ana",
        "nato-2",
        "90,000 troops",
        scheme=scheme,
        claim_type="fact",
        check_worthy="yes",
        verdict="holds_up",
        evidence="https://www.nato.int/",
        note="NATO's own figure",
    )
    review = annotation_to_claimreview(ann, article, scheme)
    assert (review["reviewBody"], review["citation"]) == ("NATO's own figure", ann.evidence)
    assert "nc:evidence" not in review and "nc:note" not in review
    assert claimreview_to_annotation(review, article, scheme) == ann


@pytest.mark.default_scheme
def test_a_store_from_before_the_simple_scheme_reads_in_its_terms(tmp_path, article, monkeypatch):
    """Every store made before the simple scheme became the default holds research-scheme
    values: opened now, its annotations read (and save) in the simple scheme's terms."""
    from helpers.annotations import Annotation
    from helpers.scheme import FULL_SCHEME_PATH, load_scheme
    from helpers.store import AnnotationStore

    full = load_scheme(FULL_SCHEME_PATH)
    old = Annotation.new(
        article,
        "ana",
        "nato-2",
        "90,000 troops",
        scheme=full,
        claim_type="statistic",
        check_worthy="yes",
        verdict="misleading",
        techniques=["exaggeration_minimisation", "slogans"],
        evidence={"who": "NATO", "citation": "https://www.nato.int/"},
        confidence=4,
        note="n",
    )
    path = tmp_path / "old.sqlite"
    with AnnotationStore(path, article=article, scheme=full) as store:
        store.add(old)
    with AnnotationStore(path, article=article) as store:  # the default: simple
        [ann] = store.list()
        assert (ann.claim_type, ann.verdict) == ("fact", "needs_correction")
        assert ann.techniques == ("exaggeration_minimisation",)
        assert ann.evidence == "Who: NATO\nCitation: https://www.nato.int/"
        changed = store.update(ann.id, verdict="holds_up")
        assert store.get(ann.id) == changed and changed.claim_type == "fact"
