"""The answer key: checked against the article, as a table, matched with annotations; the
annotations table every comparison reads (a CSV read back by pandas included); the compared
fields, their levels, and what counts as an answer; the rule the key follows (lesson 5's). In the
full scheme's terms, as the key is written (its mapping to the simple scheme:
test_simple_scheme.py)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from helpers.formats.csvfile import to_csv
from helpers.key import (
    COUNTED,
    KEY_PATH,
    NO_VERDICT,
    AnswerKeyError,
    annotation_table,
    compared_fields,
    field_values,
    key_frame,
    load_key,
    match_key,
    measurement_levels,
    single_choice_fields,
    students_in,
)
from helpers.scheme import load_scheme


def test_importing_the_key_is_cheap():
    code = "import sys, helpers.key; print('pandas' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_load_key_checks_the_article_version(tmp_path, article):
    bad = tmp_path / "key.json"
    bad.write_text('{"article_version": "0000", "items": []}', encoding="utf-8")
    with pytest.raises(AnswerKeyError, match="not this article"):
        load_key(bad, article)
    key = load_key(article=article)
    for item in key["items"]:
        assert article.text[item["start"] : item["end"]] == item["quote"]


def test_load_key_names_the_file_and_the_problem(tmp_path, article):
    with pytest.raises(AnswerKeyError, match="cannot be read"):
        load_key(tmp_path / "missing.json", article)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(AnswerKeyError, match=r"broken.json: not valid JSON"):
        load_key(broken, article)
    wrong = tmp_path / "wrong.json"
    item = {"id": "k1", "sentence_id": "lede-1", "quote": "not in the sentence"}
    wrong.write_text(
        json.dumps({"article_version": article.version, "items": [item]}), encoding="utf-8"
    )
    with pytest.raises(AnswerKeyError, match="key item 'k1'"):
        load_key(wrong, article)


def test_key_frame_one_row_per_claim_in_order(article):
    key = load_key(article=article)
    table = key_frame(key)
    assert list(table["item"]) == [item["id"] for item in key["items"]]
    assert list(table["order"]) == list(range(len(table)))
    assert table["verdict"].notna().all() and (table["verdict"] == NO_VERDICT).any()
    assert table["techniques"].map(lambda tags: isinstance(tags, tuple)).all()


def test_match_key_best_overlap_and_whole_sentences(make, article):
    key_table = key_frame(load_key(article=article))
    anns = [
        make("nato-2", annotator="ana", verdict="misleading"),  # the whole sentence
        make("nato-2", "1,100 armored vehicles", annotator="ben", verdict="refuted"),
        make("nato-2", "Involving 90,000 troops", annotator="ben", verdict="supported"),
    ]
    matched = match_key(anns, key_table).set_index(["annotator", "item"])
    nato2 = key_table.loc[key_table["sentence_id"] == "nato-2", "item"].tolist()
    assert matched.loc[[("ana", item) for item in nato2], "flagged"].all()  # covers them all
    assert not matched.loc[("ana", "key-lede-1"), "flagged"]
    vehicles = key_table.loc[key_table["quote"].str.contains("armored vehicles"), "item"].iloc[0]
    assert matched.loc[("ben", vehicles), "verdict"] == "refuted"
    assert matched.loc[("ben", vehicles), "key_worthy"] == (
        key_table.set_index("item").at[vehicles, "check_worthy"] == "yes"
    )
    everyone = match_key(anns, key_table, students=["zoe"])
    assert sorted(everyone["annotator"].unique()) == ["ana", "ben", "zoe"]
    assert len(everyone) == 3 * len(key_table)
    assert not everyone.loc[everyone["annotator"] == "zoe", "flagged"].any()


def test_annotation_table_from_a_list_a_frame_or_itself(make):
    anns = [
        make("lede-1", annotator="ana", verdict=None, techniques=["doubt"]),
        make("lede-2", annotator="ben", verdict="supported"),
    ]
    table = annotation_table(anns)
    assert list(table.columns) == [
        "annotator", "sentence_id", "start", "end", *single_choice_fields(), "techniques"
    ]
    assert list(table["verdict"]) == [NO_VERDICT, "supported"]
    assert list(table["techniques"]) == [("doubt",), ()]
    assert annotation_table(table) is table  # built once, passed on as it is
    assert annotation_table(table[table["annotator"] == "ana"]).equals(table.iloc[:1])
    flat = pd.DataFrame([a.to_dict() for a in anns]).assign(techniques=["doubt;slogans", ""])
    assert list(annotation_table(flat)["techniques"]) == [("doubt", "slogans"), ()]
    assert annotation_table(pd.DataFrame()).empty
    with pytest.raises(AnswerKeyError, match="lacks the column"):
        annotation_table(flat.drop(columns=["verdict"]))
    with pytest.raises(AnswerKeyError, match="expected a table"):
        annotation_table("annotations.csv")
    assert students_in(table, ["zoe", "ana"]) == ["ana", "ben", "zoe"]
    assert students_in(annotation_table([])) == []


def test_compared_fields_values_and_levels():
    assert compared_fields() == ("flagged", *single_choice_fields(), "techniques")
    assert field_values("flagged") == field_values("techniques") == (False, True)
    assert field_values("check_worthy") == tuple(load_scheme().choice_ids("check_worthy"))
    assert field_values("verdict")[-1] == NO_VERDICT
    assert measurement_levels() == dict.fromkeys(compared_fields(), "nominal")
    assert measurement_levels({"check_worthy": "ordinal"})["check_worthy"] == "ordinal"
    with pytest.raises(ValueError, match="not a compared field"):
        measurement_levels({"confidence": "ordinal"})
    with pytest.raises(ValueError, match="'nominal' or 'ordinal', not 'ratio'"):
        measurement_levels({"verdict": "ratio"})


def test_annotation_table_from_a_csv_read_back_by_pandas(make):
    # empty cells come back as NaN: no technique, a blank verdict (it was a TypeError)
    anns = [
        make("lede-1", annotator="ana", verdict=None),
        make("lede-2", annotator="ben", verdict="supported", techniques=["doubt", "slogans"]),
    ]
    back = pd.read_csv(io.StringIO(to_csv(anns)))
    assert back["techniques"].isna().iloc[0] and back["verdict"].isna().iloc[0]
    table = annotation_table(back)
    assert list(table["techniques"]) == [(), ("doubt", "slogans")]
    assert list(table["verdict"]) == [NO_VERDICT, "supported"]
    none = pd.read_csv(io.StringIO(to_csv(anns[:1])))  # a column of empty cells only
    assert list(annotation_table(none)["techniques"]) == [()]


def test_what_counts_as_an_answer_is_one_sentence_per_field():
    for units in ("sentences", "claims"):
        assert set(COUNTED[units]) == set(compared_fields())
        for sentence in COUNTED[units].values():
            assert sentence[0].isupper() and sentence.endswith(".") and sentence.count(". ") == 0
    assert "'leave it'" in COUNTED["sentences"]["flagged"] + COUNTED["claims"]["flagged"]
    assert "a blank verdict counts as" in COUNTED["sentences"]["verdict"]
    assert "a blank verdict counts as" in COUNTED["claims"]["verdict"]


def test_the_key_follows_the_rule_lesson_5_teaches():
    """A verdict only for a fact someone can check today: opinions, predictions and framing are
    not check-worthy and get no verdict; every fact claim of the key is check-worthy and checked.
    "Not enough information" (the simple scheme's "Can't tell yet") is an answer the key gives."""
    data = json.loads(KEY_PATH.read_text(encoding="utf-8"))
    assert data["scheme"] == "full"
    facts = {"factual", "statistic", "quote"}
    for item in data["items"]:
        checked = item["verdict"] is not None
        assert checked == (item["check_worthy"] == "yes") == (item["claim_type"] in facts), (
            item["id"]
        )
    assert {item["verdict"] for item in data["items"]} == {
        None, "supported", "refuted", "misleading", "not_enough_info"
    }
    assert all(item["verdict"] is None for item in data["items"]
               if item["claim_type"] == "prediction")


def test_the_compared_fields_come_from_the_field_table(tmp_path):
    from helpers.scheme import FULL_SCHEME_PATH

    data = json.loads(FULL_SCHEME_PATH.read_text(encoding="utf-8"))
    data["fields"]["stance"] = {
        "kind": "choice", "purpose": "classifying", "label": "Stance", "question": "For?",
        "choices": [{"id": "for", "label": "For", "definition": "For it."},
                    {"id": "against", "label": "Against", "definition": "Against it."}],
    }
    path = tmp_path / "scheme.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    scheme = load_scheme(path)
    assert single_choice_fields(scheme) == ("claim_type", "check_worthy", "verdict", "stance")
    assert compared_fields(scheme)[-2:] == ("stance", "techniques")
    assert field_values("stance", scheme) == ("for", "against")
    assert single_choice_fields() == ("claim_type", "check_worthy", "verdict")
