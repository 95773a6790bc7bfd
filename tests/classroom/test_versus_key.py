"""Each student against the key: κ in numpy against scikit-learn's (plain and weighted, on many
random tables), hand-worked κ, the undefined cases (the key or the student never varying
included), the plain sentences, the missed claims."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from helpers.classroom.measures import cohen_kappa, explain_kappa
from helpers.classroom.versus_key import against_key, missed
from helpers.key import compared_fields, field_values, key_frame, load_key
from helpers.scheme import load_scheme


def confusion(key_answers, answers, n_values: int) -> np.ndarray:
    table = np.zeros((n_values, n_values))
    np.add.at(table, (np.asarray(key_answers), np.asarray(answers)), 1)
    return table


def sklearn_kappa(key_answers, answers, n_values: int, weights=None) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns, and returns NaN, when κ is undefined
        return cohen_kappa_score(
            key_answers, answers, labels=list(range(n_values)), weights=weights
        )


def random_cases(seed: int, count: int = 400):
    """(key answers, student answers, number of values): random sizes and label sets, many of
    them degenerate (one answer, one value, one label everywhere)."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        n_values = int(rng.integers(1, 7))
        size = int(rng.integers(1, 40))
        used = int(rng.integers(1, n_values + 1))  # often fewer answers than values
        skew = rng.dirichlet(np.full(used, 0.3))  # often one answer dominates
        key_answers = rng.choice(used, size=size, p=skew)
        answers = rng.choice(used, size=size, p=skew)
        if rng.random() < 0.2:
            answers = key_answers.copy()  # perfect agreement
        if rng.random() < 0.1:
            key_answers = np.zeros(size, dtype=int)  # the key says one thing everywhere
        yield key_answers, answers, n_values


@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_cohen_kappa_matches_scikit_learn(weights):
    undefined = 0
    for key_answers, answers, n_values in random_cases(seed=7):
        ours = float(cohen_kappa(confusion(key_answers, answers, n_values), weights))
        theirs = sklearn_kappa(key_answers, answers, n_values, weights)
        if math.isnan(theirs):
            undefined += 1
            assert math.isnan(ours)
        else:
            assert ours == pytest.approx(theirs, abs=1e-12)
    assert 0 < undefined < 400  # the degenerate cases were drawn too


def test_cohen_kappa_many_tables_at_once():
    cases = [case for case in random_cases(seed=11, count=50) if case[2] == 4]
    tables = np.stack([confusion(key, answers, 4) for key, answers, _ in cases])
    together = cohen_kappa(tables, "linear")
    assert together.shape == (len(cases),)
    for (key_answers, answers, _), value in zip(cases, together, strict=True):
        theirs = sklearn_kappa(key_answers, answers, 4, "linear")
        assert (math.isnan(value) and math.isnan(theirs)) or value == pytest.approx(
            theirs, abs=1e-12
        )
    assert math.isnan(cohen_kappa(np.zeros((3, 3))))  # nothing to compare
    with pytest.raises(ValueError, match="weights"):
        cohen_kappa(np.eye(2), "cubic")


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


def test_explain_kappa_says_why_most_matching_can_give_a_low_kappa():
    # 9 of 10 match, yet κ = 0: said as no more than chance (it was worded "slight agreement
    # beyond chance", which κ = 0 is not)
    assert explain_kappa(0.0, "check_worthy", 9, 10, "ana") == (
        "ana matched the key on 9 of 10 claims for check-worthiness (90%); κ = 0.00, no more "
        "agreement than chance would give. Most answers match, yet κ is low: when one answer is "
        "far more common than the others, chance alone gives many matches."
    )
    assert "κ = 0.15, slight agreement beyond chance." in explain_kappa(0.15, "verdict", 9, 10)
    techniques = explain_kappa(0.3, "techniques", 4, 10, "ana", agreement=0.95)
    assert techniques.endswith(
        "κ = 0.30, fair agreement beyond chance. 95% of the technique-by-technique choices "
        "match, yet κ is low: when one answer is far more common than the others, chance alone "
        "gives many matches."
    )
    assert "yet κ is low" not in explain_kappa(0.5, "verdict", 9, 10, "ana")


@pytest.fixture
def key_table(article):
    return key_frame(load_key(article=article))


def test_against_key_kappa_is_scikit_learns(make, key_table):
    worthy = key_table[key_table["check_worthy"] == "yes"].head(4)
    verdicts = ["refuted", "misleading", "supported", "supported"]
    anns = [
        make(claim.sentence_id, claim.quote, annotator="ana", verdict=verdict)
        for claim, verdict in zip(worthy.itertuples(), verdicts, strict=True)
    ]
    table = against_key(anns, key_table)
    row = table[table["field"] == "verdict"].iloc[0]
    key_verdicts = list(worthy["verdict"])
    expected = cohen_kappa_score(key_verdicts, verdicts)
    assert row["claims"] == 4
    assert row["matches"] == sum(
        a == b for a, b in zip(key_verdicts, verdicts, strict=True)
    )
    assert row["kappa"] == pytest.approx(expected, abs=1e-4)
    assert row["agreement"] == row["accuracy"] and row["level"] == "nominal"
    assert list(table["field"]) == list(compared_fields())


def test_against_key_ordinal_uses_linearly_weighted_kappa(make, key_table):
    claims = key_table.head(8)
    answers = ["yes", "no", "unsure", "yes", "no", "yes", "unsure", "no"]
    anns = [
        make(claim.sentence_id, claim.quote, annotator="ana", check_worthy=answer)
        for claim, answer in zip(claims.itertuples(), answers, strict=True)
    ]
    ordinal = against_key(anns, key_table, levels={"check_worthy": "ordinal"})
    row = ordinal.query("field == 'check_worthy'").iloc[0]
    ranks = list(field_values("check_worthy"))  # the scheme's order: yes, no, unsure
    expected = cohen_kappa_score(list(claims["check_worthy"]), answers, labels=ranks,
                                 weights="linear")
    assert row["kappa"] == pytest.approx(expected, abs=1e-4) and row["level"] == "ordinal"
    nominal = against_key(anns, key_table).query("field == 'check_worthy'").iloc[0]
    assert nominal["kappa"] == pytest.approx(
        cohen_kappa_score(list(claims["check_worthy"]), answers), abs=1e-4
    )
    assert nominal["accuracy"] == row["accuracy"]  # a match is a match at either level


def test_kappa_hand_worked(make, key_table):
    # key: check-worthy yes, yes, no, no; the student: yes, no, no, no.
    # p_o = 3/4, p_e = (2/4)(1/4) + (2/4)(3/4) = 1/2, κ = (3/4 - 1/2) / (1 - 1/2) = 0.5
    yes = key_table[key_table["check_worthy"] == "yes"].head(2)
    no = key_table[key_table["check_worthy"] == "no"].head(2)
    picks = list(zip(yes.itertuples(), ["yes", "no"], strict=True)) + list(
        zip(no.itertuples(), ["no", "no"], strict=True)
    )
    anns = [
        make(claim.sentence_id, claim.quote, annotator="ana", check_worthy=answer)
        for claim, answer in picks
    ]
    row = against_key(anns, key_table).query("field == 'check_worthy'").iloc[0]
    assert row["kappa"] == pytest.approx(0.5)
    assert row["accuracy"] == pytest.approx(0.75)


def test_kappa_undefined_when_nothing_varies(make, key_table):
    yes = key_table[key_table["check_worthy"] == "yes"].head(3)
    anns = [make(claim.sentence_id, claim.quote, annotator="ana", check_worthy="yes")
            for claim in yes.itertuples()]
    table = against_key(anns, key_table, students=["zoe"]).set_index(["annotator", "field"])
    row = table.loc[("ana", "check_worthy")]
    assert math.isnan(row["kappa"]) and row["accuracy"] == 1.0
    assert "κ cannot be computed: every answer, the student's and the key's, was 'yes'" in (
        row["meaning"]
    )
    # zoe handed in nothing: every field is said in words, nothing is NaN in a sentence
    zoe = table.loc["zoe"]
    assert zoe["claims"].tolist() == [len(key_table), 0, 0, 0, 0]
    # ... for 'which claims to annotate' she left every claim: κ would be 0 whatever the key
    # says, so it is undefined and said so (it was κ = 0, "slight agreement": item 6 (b))
    assert math.isnan(zoe.loc["flagged", "kappa"])
    assert zoe.loc["flagged", "meaning"].startswith("zoe made the key's choice")
    assert "κ cannot be computed: zoe gave the same answer ('leave') to all of these claims" in (
        zoe.loc["flagged", "meaning"]
    )
    assert zoe.loc["verdict", "meaning"] == "zoe: no claims to compare with the key for verdict."
    assert not table["meaning"].str.contains("nan", case=False).any()
    # only claims the key leaves, and a student who left them all: said in words, not True/False
    leave = key_table[key_table["check_worthy"] == "no"]
    row = against_key([], leave, students=["zoe"]).query("field == 'flagged'").iloc[0]
    assert row["meaning"].endswith(
        "κ cannot be computed: every answer, the student's and the key's, was 'leave'. A claim "
        "they did not annotate counts as 'leave it'."  # what counted as an answer: item 6 (e)
    )


def test_techniques_agreement_counts_each_technique(make, key_table):
    claim = key_table[key_table["techniques"].map(len) > 0].iloc[0]
    tags = list(claim["techniques"])
    anns = [make(claim["sentence_id"], claim["quote"], annotator="ana", techniques=tags[:1])]
    row = against_key(anns, key_table).query("field == 'techniques'").iloc[0]
    n_techniques = len(load_scheme().choice_ids("techniques"))
    assert row["claims"] == 1
    assert row["matches"] == (len(tags) == 1)  # the same set, or not
    assert row["agreement"] == pytest.approx((n_techniques - (len(tags) - 1)) / n_techniques,
                                             abs=1e-4)


def test_missed_lists_check_worthy_claims_in_order(make, key_table):
    worthy = key_table[key_table["check_worthy"] == "yes"]
    first = worthy.iloc[0]
    anns = [make(first["sentence_id"], first["quote"], annotator="ana")]
    row = missed(anns, key_table, students=["ana", "zoe"]).set_index("annotator")
    assert row.at["ana", "found"] == 1 and row.at["ana", "of"] == len(worthy)
    assert row.at["ana", "missed"] == len(worthy) - 1
    assert row.at["ana", "missed_claims"].split(", ") == list(worthy["item"])[1:]
    assert row.at["zoe", "found"] == 0  # a student with no annotations misses them all
    assert row.at["zoe", "missed_claims"].split(", ") == list(worthy["item"])
    assert missed([], key_table.iloc[0:0]).empty


def kappa_row(anns, key_table, field):
    return against_key(anns, key_table).query("annotator == 'ana' and field == @field").iloc[0]


def test_kappa_is_undefined_when_the_key_or_the_student_never_varies(make, key_table):
    # item 6 (b): when the key, or the student, gives one answer to every compared claim, κ is
    # 0 whatever the student did (scikit-learn says 0.0, which read "slight agreement")
    yes = key_table[key_table["check_worthy"] == "yes"].head(4)
    no = key_table[key_table["check_worthy"] == "no"].head(2)

    def answering(claims, answers):
        return [make(claim.sentence_id, claim.quote, annotator="ana", check_worthy=answer)
                for claim, answer in zip(claims.itertuples(), answers, strict=True)]

    # the key says 'yes' to all four; ana matches three
    answers = ["yes", "yes", "yes", "no"]
    assert cohen_kappa_score(list(yes["check_worthy"]), answers) == 0
    row = kappa_row(answering(yes, answers), key_table, "check_worthy")
    assert math.isnan(row["kappa"]) and (row["matches"], row["claims"]) == (3, 4)
    assert row["meaning"] == (
        "ana matched the key on 3 of 4 claims for check-worthiness (75%); κ cannot be computed: "
        "the key gives the same answer ('yes') to all of these claims, so κ would be 0 whatever "
        "the student answered. Claims they did not annotate are left out."
    )
    # ana says 'yes' to all four, where the key says yes, yes, no, no
    claims = pd.concat([yes.head(2), no])
    assert cohen_kappa_score(list(claims["check_worthy"]), ["yes"] * 4) == 0
    row = kappa_row(answering(claims, ["yes"] * 4), key_table, "check_worthy")
    assert math.isnan(row["kappa"]) and (row["matches"], row["claims"]) == (2, 4)
    assert (
        "κ cannot be computed: ana gave the same answer ('yes') to all of these claims, so κ "
        "would be 0 however many matched." in row["meaning"]
    )
    # both never vary, and differ
    row = kappa_row(answering(yes.head(2), ["no", "no"]), key_table, "check_worthy")
    assert (
        "κ cannot be computed: the key gives 'yes' and ana gave 'no' to all of these claims."
        in row["meaning"]
    )
    # techniques: the key tags none on these claims, ana tags one
    plain = key_table[key_table["techniques"].map(len) == 0].head(2)
    anns = [make(claim.sentence_id, claim.quote, annotator="ana", techniques=tags)
            for claim, tags in zip(plain.itertuples(), [["doubt"], []], strict=True)]
    row = kappa_row(anns, key_table, "techniques")
    assert math.isnan(row["kappa"])
    assert "the key gives the same answer ('not tagged') to every technique of these claims" in (
        row["meaning"]
    )


@pytest.mark.parametrize("value", [0.0, 0.004, -0.004, -0.0])
def test_a_kappa_shown_as_zero_is_never_slight(value):
    text = explain_kappa(value, "verdict", 5, 10, "ana")
    assert "κ = 0.00, no more agreement than chance would give." in text
    assert "slight" not in text and "-0.00" not in text
    assert "less agreement than chance" in explain_kappa(-0.2, "verdict", 2, 10, "ana")
