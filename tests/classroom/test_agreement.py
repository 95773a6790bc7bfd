"""Agreement among students: α (krippendorff) against published and hand-worked values, the
percent agreement beside it, the plain sentences, the edge cases where α is undefined, the
disputed claims, and everything at once on the sample class."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pandas as pd
import pytest

from helpers.classroom.agreement import (
    AgreementError,
    analyse,
    class_alpha,
    disputed,
    flagged_by_sentence,
    sentence_labels,
    technique_alpha,
)
from helpers.classroom.collect import collect
from helpers.classroom.measures import alpha_from_counts, explain_alpha
from helpers.key import compared_fields, key_frame, load_key


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
    alpha = alpha_from_counts(counts_from(data), "verdict", students=4)
    assert round(alpha.value, 3) == 0.743
    assert alpha.units == 11  # the last unit has one value only: not pairable
    # the same data, ordinal (values ranked 1 < 2 < ... < 5): α = 0.815 (ibid.)
    ordinal = alpha_from_counts(counts_from(data), "verdict", students=4, level="ordinal")
    assert round(ordinal.value, 3) == 0.815 and ordinal.level == "ordinal"


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
    # Percent agreement: the two agree on 2 of 3 sentences.
    counts = [[2, 0], [1, 1], [0, 2]]
    alpha = alpha_from_counts(counts, "check_worthy", students=2)
    assert alpha.value == pytest.approx(4 / 9)
    assert alpha.agreement == pytest.approx(2 / 3)
    assert alpha.meaning == (
        "α = 0.44 for check-worthiness: the class agreed more than chance but far from fully; use "
        "the disputed claims to discuss why. Two students who judged the same sentence gave the "
        "same answer 67% of the time."
    )


def test_percent_agreement_weights_each_pair_of_students():
    # Three students on one sentence (yes, yes, no): 2 of the 6 ordered pairs agree ... twice
    # over: (yes1, yes2) and (yes2, yes1); with a second sentence where two agree, 2 of 2 pairs.
    # Pooled as α's observed agreement: (2/2 + 2/1) / (3 + 2) = 3/5.
    alpha = alpha_from_counts([[2, 1], [0, 2]], "check_worthy", students=3)
    assert alpha.agreement == pytest.approx(3 / 5)


def test_high_agreement_low_alpha_is_explained():
    # Two students, ten sentences: both say 'yes' on nine, they split on one. 90% agree, but
    # 'no' is so rare that chance alone would give as much: α = 0.
    alpha = alpha_from_counts([[2, 0]] * 9 + [[1, 1]], "check_worthy", students=2)
    assert alpha.value == pytest.approx(0, abs=1e-12)
    assert alpha.agreement == pytest.approx(0.9)
    assert alpha.meaning.endswith(
        "Two students who judged the same sentence gave the same answer 90% of the time, yet α is "
        "low: when one answer is far more common than the others, chance alone gives many "
        "matches."
    )


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
    same = alpha_from_counts([[3, 0], [2, 0]], "verdict", students=3)
    assert same.value is None and same.shown == "undefined" and same.agreement == 1.0
    assert same.meaning == (
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
        (0.8, "agreed strongly"),
        (0.667, "mostly agreed"),
        (-0.1, "less agreement than chance"),
        (-0.0999, "about as much agreement as chance"),
    ],
)
def test_explain_alpha_bands(value, words):
    text = explain_alpha(value, "verdict")
    assert text.startswith(f"α = {value:.2f} for verdict: ")
    assert words in text


def test_a_tiny_negative_alpha_is_shown_as_zero():
    assert explain_alpha(-0.001, "verdict").startswith("α = 0.00 for verdict: about as much")
    assert alpha_from_counts([[2, 0], [1, 1], [0, 2]], students=2).shown == "0.44"


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


def test_disputed_ranks_by_share_of_the_most_common_answer(make, article):
    key_table = key_frame(load_key(article=article))
    first, second = key_table[key_table["check_worthy"] == "yes"].iloc[:2].itertuples()
    anns = []
    for number, verdict in enumerate(["refuted", "refuted", "supported", "misleading"]):
        anns.append(make(first.sentence_id, first.quote, annotator=f"s{number}", verdict=verdict))
    for number, verdict in enumerate(["refuted", "refuted", "refuted", "supported"]):
        anns.append(
            make(second.sentence_id, second.quote, annotator=f"s{number}", verdict=verdict)
        )
    table = disputed(anns, key_table, top=None)
    assert list(table["item"]) == [first.item, second.item]
    assert table.iloc[0]["share"] == 0.5 and table.iloc[0]["disagreement"] == 0.5
    assert table.iloc[0]["entropy"] == pytest.approx(1.5)
    assert table.iloc[0]["most_common"] == "refuted" and table.iloc[0]["students"] == 4
    assert table.iloc[0]["key_answer"] == first.verdict
    assert table.iloc[1]["share"] == 0.75
    assert table.iloc[1]["entropy"] == pytest.approx(
        -(0.75 * math.log2(0.75) + 0.25 * math.log2(0.25)), abs=1e-4
    )
    assert list(disputed(anns, key_table, top=1)["item"]) == [first.item]
    with pytest.raises(AgreementError):
        disputed(anns, key_table, field="techniques")


def test_disputed_leaves_out_claims_one_student_annotated(make, article):
    key_table = key_frame(load_key(article=article))
    claim = key_table[key_table["check_worthy"] == "yes"].iloc[0]
    table = disputed([make(claim["sentence_id"], claim["quote"])], key_table)
    assert table.empty and "key_answer" in table.columns


def test_ordinal_level_ranks_answers_in_the_schemes_order(make):
    # check-worthiness ranked yes < no < unsure (the scheme's order): one student a rank off
    # ('no' for 'yes') and one two ranks off ('unsure' for 'yes') differ ordinally, not nominally.
    anns = [make(f"lede-{i}", annotator="ana", check_worthy="yes") for i in (1, 2, 3)]
    anns += [make("lede-1", annotator="ben", check_worthy="no"),
             make("lede-2", annotator="ben", check_worthy="yes"),
             make("lede-3", annotator="ben", check_worthy="unsure")]
    nominal = class_alpha(anns).query("field == 'check_worthy' and part == 'all'").iloc[0]
    ordinal = class_alpha(anns, levels={"check_worthy": "ordinal"}).query(
        "field == 'check_worthy' and part == 'all'"
    ).iloc[0]
    assert nominal["level"] == "nominal" and ordinal["level"] == "ordinal"
    ranks = [[0, 0, 0], [1, 0, 2]]  # ana, ben; 0 = yes, 1 = no, 2 = unsure
    expected = krippendorff.alpha(ranks, value_domain=[0, 1, 2], level_of_measurement="ordinal")
    assert ordinal["alpha"] == pytest.approx(expected, abs=1e-4)
    assert ordinal["alpha"] != pytest.approx(nominal["alpha"], abs=1e-2)
    assert ordinal["agreement"] == nominal["agreement"] == pytest.approx(1 / 3, abs=1e-4)
    with pytest.raises(ValueError, match="'nominal' or 'ordinal'"):
        class_alpha(anns, levels={"check_worthy": "interval"})
    with pytest.raises(ValueError, match="not a compared field"):
        analyse(anns, levels={"note": "ordinal"})


@pytest.fixture(scope="module")
def sample():
    results = collect()
    return results, analyse(results)


def test_analyse_the_sample_class(sample):
    results, a = sample
    assert a.levels == dict.fromkeys(compared_fields(), "nominal")
    assert a.alpha["agreement"].between(0, 1).all() and a.alpha["level"].eq("nominal").all()
    assert a.students == results.students and len(a.students) == 30
    assert set(a.alpha["field"]) == set(compared_fields())
    assert len(a.alpha) == len(compared_fields()) * 6  # whole article + five parts
    assert not a.alpha["meaning"].str.contains("nan", case=False).any()
    assert len(a.flagged) == 16 and a.flagged["share"].between(0, 1).all()
    assert len(a.against_key) == 30 * len(compared_fields())
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
    for field in ("claim_type", "check_worthy", "verdict"):
        assert 0.45 < acc[field].median() < 0.95
    flagged = flagged_by_sentence(collect().annotations)
    assert flagged["share"].min() < 0.6 < flagged["share"].max()


def test_reader_tables_and_sentences(sample):
    results, a = sample
    by_part = a.by_part()
    assert list(by_part.columns) == ["all", "lede", "alliance", "nato", "russia", "stakes"]
    assert list(by_part.index)[0] == "flagged"
    verdict = a.alpha.query("field == 'verdict' and part == 'all'").iloc[0]
    assert by_part.at["verdict", "all"] == f"{verdict['shown']} ({verdict['agreement']:.0%})"
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
