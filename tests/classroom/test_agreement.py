"""Agreement: α (krippendorff) against published and hand-worked values, κ (scikit-learn) against
a hand-worked case, the plain sentences, and the edge cases where a number is undefined."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from helpers.classroom.agreement import (
    FIELDS,
    AgreementError,
    against_key,
    alpha_from_counts,
    analyse,
    class_alpha,
    disputed,
    explain_alpha,
    explain_kappa,
    flagged_by_sentence,
    key_frame,
    load_key,
    match_key,
    missed,
    sentence_labels,
    technique_alpha,
)
from helpers.classroom.collect import collect


def counts_from(reliability: list[list[float]]) -> np.ndarray:
    """coders × units (NaN = missing) -> units × values counts."""
    data = np.array(reliability, dtype=float)
    values = sorted({v for v in data.ravel() if not math.isnan(v)})
    return np.array([[np.sum(data[:, u] == v) for v in values] for u in range(data.shape[1])])


NAN = math.nan


def test_alpha_reproduces_krippendorffs_published_example():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers, 12 units,
    # nominal α = 0.743.
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    ]
    a = alpha_from_counts(counts_from(data), "verdict", students=4)
    assert round(a.value, 3) == 0.743
    assert a.units == 11  # the last unit has one value only: not pairable


def test_alpha_reproduces_the_wikipedia_example():
    # en.wikipedia.org/wiki/Krippendorff's_alpha, "A computational example": nominal α = 0.691.
    text = (
        "*    *    *    *    *    3    4    1    2    1    1    3    3    *    3",
        "1    *    2    1    3    3    4    3    *    *    *    *    *    *    *",
        "*    *    2    1    3    4    4    *    2    1    1    3    3    *    4",
    )
    data = [[NAN if v == "*" else float(v) for v in row.split()] for row in text]
    assert round(alpha_from_counts(counts_from(data), students=3).value, 3) == 0.691


def test_alpha_hand_worked():
    # Two students, three sentences: (yes, yes), (yes, no), (no, no).
    # Coincidences: o_yy = 2, o_yn = o_ny = 1, o_nn = 2; n_y = n_n = 3, n = 6.
    # α = 1 - (n - 1) · (o_yn + o_ny) / (2 · n_y · n_n) = 1 - 5 · 2 / 18 = 4/9.
    counts = [[2, 0], [1, 1], [0, 2]]
    a = alpha_from_counts(counts, "check_worthy", students=2)
    assert a.value == pytest.approx(4 / 9)
    assert a.meaning.startswith("α = 0.44 for check-worthiness: the class agreed more than chance")


def test_alpha_from_a_class_table(make):
    # the same hand-worked case, through the class table: two students, check-worthiness
    anns = [
        make("lede-1", annotator="ana", check_worthy="yes"),
        make("lede-2", annotator="ana", check_worthy="yes"),
        make("lede-3", annotator="ana", check_worthy="no"),
        make("lede-1", annotator="ben", check_worthy="yes"),
        make("lede-2", annotator="ben", check_worthy="no"),
        make("lede-3", annotator="ben", check_worthy="no"),
    ]
    table = class_alpha(anns)
    row = table[(table["field"] == "check_worthy") & (table["part"] == "lede")].iloc[0]
    assert row["alpha"] == pytest.approx(4 / 9, abs=1e-4)
    assert row["units"] == 3 and row["students"] == 2
    # both annotated the same three sentences and nothing else: full agreement on 'flagged' ...
    flagged = table[(table["field"] == "flagged") & (table["part"] == "all")].iloc[0]
    assert flagged["alpha"] == 1.0
    # ... but within the lede both annotated everything: no variation, α undefined
    lede = table[(table["field"] == "flagged") & (table["part"] == "lede")].iloc[0]
    assert math.isnan(lede["alpha"]) and lede["shown"] == "undefined"
    assert "no variation" in lede["meaning"] and "nan" not in lede["meaning"].lower()
    # no sentence of part 'nato' was judged by two students
    nato = table[(table["field"] == "verdict") & (table["part"] == "nato")].iloc[0]
    assert "no sentence was judged by two or more students" in nato["meaning"]


def test_alpha_undefined_cases_are_said_in_words(make):
    one = class_alpha([make("lede-1", annotator="ana"), make("nato-2", annotator="ana")])
    assert one["shown"].eq("undefined").all()
    assert one["meaning"].str.contains("it needs at least two students").all()
    assert not one["meaning"].str.contains("nan", case=False).any()
    empty = class_alpha(pd.DataFrame())
    assert empty["shown"].eq("undefined").all()
    a = alpha_from_counts([[3, 0], [2, 0]], "verdict", students=3)
    assert a.value is None and a.shown == "undefined"
    assert a.meaning == (
        "α for verdict cannot be computed: every student gave the same answer everywhere, so "
        "there is no variation to measure agreement on."
    )


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0.9, "agreed strongly"),
        (0.7, "mostly agreed"),
        (0.42, "more than chance but far from fully; use the disputed claims to discuss why"),
        (0.05, "about as much agreement as chance"),
        (-0.3, "less agreement than chance"),
    ],
)
def test_explain_alpha_bands(value, words):
    text = explain_alpha(value, "verdict")
    assert text.startswith(f"α = {value:.2f} for verdict: ")
    assert words in text


def test_explain_kappa():
    assert explain_kappa(0.5, "verdict", 3, 4, "ana") == (
        "ana matched the key on 3 of 4 claims for verdict (75%); κ = 0.50, moderate agreement "
        "beyond chance."
    )
    assert "cannot be computed: only one claim" in explain_kappa(
        None, "verdict", 1, 1, "ana", "only one claim to compare"
    )
    assert explain_kappa(None, "verdict", 0, 0, "ana") == (
        "ana: no claims to compare with the key for verdict."
    )


def test_sentence_labels_most_frequent_then_first(make):
    anns = [
        make("nato-2", "1,100 armored vehicles", annotator="ana", verdict="refuted"),
        make("nato-2", "90,000 troops", annotator="ana", verdict="misleading",
             techniques=["loaded_language"]),
        make("nato-2", "32 countries", annotator="ana", verdict="misleading",
             techniques=["doubt"]),
        make("lede-1", annotator="ana", verdict=None, claim_type="opinion"),
        make("lede-1", annotator="ana", verdict="supported", claim_type="factual"),
    ]
    labels = sentence_labels(anns).set_index("sentence_id")
    assert labels.at["nato-2", "verdict"] == "misleading"  # 2 of 3
    assert labels.at["nato-2", "techniques"] == frozenset({"loaded_language", "doubt"})
    # lede-1: a tie (one each, same start): the first in alphabetical order
    assert labels.at["lede-1", "verdict"] == "none"
    assert labels.at["lede-1", "annotations"] == 2


def _hand_key(article):
    key = load_key(article=article)
    return key_frame(key)


def test_match_key_best_overlap_and_whole_sentences(make, article):
    kf = _hand_key(article)
    anns = [
        make("nato-2", annotator="ana", verdict="misleading"),  # the whole sentence
        make("nato-2", "1,100 armored vehicles", annotator="ben", verdict="refuted"),
        make("nato-2", "Involving 90,000 troops", annotator="ben", verdict="supported"),
    ]
    m = match_key(anns, kf).set_index(["annotator", "item"])
    nato2 = kf.loc[kf["sentence_id"] == "nato-2", "item"].tolist()
    assert m.loc[[("ana", i) for i in nato2], "flagged"].all()  # whole sentence covers all
    assert not m.loc[("ana", "key-lede-1"), "flagged"]
    vehicles = kf.loc[kf["quote"].str.contains("armored vehicles"), "item"].iloc[0]
    assert m.loc[("ben", vehicles), "verdict"] == "refuted"


def test_against_key_uses_sklearn_kappa(make, article):
    kf = _hand_key(article)
    worthy = kf[kf["check_worthy"] == "yes"].head(4)
    verdicts = ["refuted", "misleading", "supported", "supported"]
    anns = [
        make(r.sentence_id, r.quote, annotator="ana", verdict=v)
        for r, v in zip(worthy.itertuples(), verdicts, strict=True)
    ]
    table = against_key(anns, kf)
    row = table[table["field"] == "verdict"].iloc[0]
    key_v = list(worthy["verdict"])
    expected = cohen_kappa_score(key_v, verdicts)
    assert row["claims"] == 4
    assert row["matches"] == sum(a == b for a, b in zip(key_v, verdicts, strict=True))
    assert row["kappa"] == pytest.approx(expected, abs=1e-4)
    assert list(table["field"]) == list(FIELDS)


def test_kappa_hand_worked(make, article):
    # key: check-worthy yes, yes, no, no; the student: yes, no, no, no.
    # p_o = 3/4, p_e = (2/4)(1/4) + (2/4)(3/4) = 1/2, κ = (3/4 - 1/2) / (1 - 1/2) = 0.5
    kf = _hand_key(article)
    yes = kf[kf["check_worthy"] == "yes"].head(2)
    no = kf[kf["check_worthy"] == "no"].head(2)
    picks = list(zip(yes.itertuples(), ["yes", "no"], strict=True)) + list(
        zip(no.itertuples(), ["no", "no"], strict=True)
    )
    anns = [make(r.sentence_id, r.quote, annotator="ana", check_worthy=v) for r, v in picks]
    row = against_key(anns, kf).query("field == 'check_worthy'").iloc[0]
    assert row["kappa"] == pytest.approx(0.5)
    assert row["accuracy"] == pytest.approx(0.75)


def test_kappa_undefined_when_nothing_varies(make, article):
    kf = _hand_key(article)
    yes = kf[kf["check_worthy"] == "yes"].head(3)
    anns = [make(r.sentence_id, r.quote, annotator="ana", check_worthy="yes")
            for r in yes.itertuples()]
    row = against_key(anns, kf).query("field == 'check_worthy'").iloc[0]
    assert math.isnan(row["kappa"]) and row["accuracy"] == 1.0
    assert "κ cannot be computed: every answer, the student's and the key's, was 'yes'" in (
        row["meaning"]
    )


def test_missed_lists_check_worthy_claims_in_order(make, article):
    kf = _hand_key(article)
    worthy = kf[kf["check_worthy"] == "yes"]
    first = worthy.iloc[0]
    anns = [make(first["sentence_id"], first["quote"], annotator="ana")]
    row = missed(anns, kf, students=["ana", "zoe"]).set_index("annotator")
    assert row.at["ana", "found"] == 1 and row.at["ana", "of"] == len(worthy)
    assert row.at["zoe", "found"] == 0  # a student with no annotations misses them all
    assert row.at["zoe", "missed_claims"].split(", ") == list(worthy["item"])


def test_disputed_ranks_by_share_of_the_most_common_answer(make, article):
    kf = _hand_key(article)
    a, b = kf[kf["check_worthy"] == "yes"].iloc[:2].itertuples()
    anns = []
    for i, v in enumerate(["refuted", "refuted", "supported", "misleading"]):
        anns.append(make(a.sentence_id, a.quote, annotator=f"s{i}", verdict=v))
    for i, v in enumerate(["refuted", "refuted", "refuted", "supported"]):
        anns.append(make(b.sentence_id, b.quote, annotator=f"s{i}", verdict=v))
    d = disputed(anns, kf, top=None)
    assert list(d["item"]) == [a.item, b.item]
    assert d.iloc[0]["share"] == 0.5 and d.iloc[0]["disagreement"] == 0.5
    assert d.iloc[0]["entropy"] == pytest.approx(1.5)
    assert d.iloc[0]["key_answer"] == a.verdict
    with pytest.raises(AgreementError):
        disputed(anns, kf, field="techniques")


def test_load_key_checks_the_article_version(tmp_path, article):
    bad = tmp_path / "key.json"
    bad.write_text('{"article_version": "0000", "items": []}', encoding="utf-8")
    with pytest.raises(AgreementError, match="not this article"):
        load_key(bad, article)
    key = load_key(article=article)
    for item in key["items"]:
        assert article.text[item["start"] : item["end"]] == item["quote"]


@pytest.fixture(scope="module")
def sample():
    results = collect()
    return results, analyse(results)


def test_analyse_the_sample_class(sample):
    results, a = sample
    assert a.students == results.students and len(a.students) == 30
    assert set(a.alpha["field"]) == set(FIELDS)
    assert len(a.alpha) == len(FIELDS) * 6  # whole article + five parts
    assert not a.alpha["meaning"].str.contains("nan", case=False).any()
    assert len(a.flagged) == 16 and a.flagged["share"].between(0, 1).all()
    assert len(a.against_key) == 30 * len(FIELDS)
    assert len(a.missed) == 30
    assert (a.disputed["disagreement"].diff().dropna() <= 0).all()
    assert a.alpha_for("verdict").value == pytest.approx(
        a.alpha.query("field == 'verdict' and part == 'all'")["alpha"].iloc[0]
    )
    assert len(technique_alpha(results)) <= 5


def test_realistic_sample_patterns(sample):
    _, a = sample
    acc = a.against_key.pivot(index="annotator", columns="field", values="accuracy")
    # the class is neither perfect nor random
    for fld in ("claim_type", "check_worthy", "verdict"):
        assert 0.45 < acc[fld].median() < 0.95
    flagged = flagged_by_sentence(collect().annotations)
    assert flagged["share"].min() < 0.6 < flagged["share"].max()


def test_reader_tables_and_sentences(sample):
    results, a = sample
    by_part = a.by_part()
    assert list(by_part.columns) == ["all", "lede", "alliance", "nato", "russia", "stakes"]
    assert list(by_part.index)[0] == "flagged"
    per = a.per_student()
    assert list(per.index) == a.students and {"found", "of"} <= set(per.columns)
    assert per.drop(columns=["found", "of"]).max().max() <= 1
    assert a.meanings("alpha").count("\n") == len(by_part.index) - 1
    assert a.meanings("first_student").startswith(a.students[0])
    assert a.meanings("techniques")
    with pytest.raises(ValueError, match="not one of"):
        a.meanings("everything")
    assert results.source_line(sample=True).startswith("30 students' annotations, synthetic")
    assert "hand-ins in sample_class/" in results.source_line()
