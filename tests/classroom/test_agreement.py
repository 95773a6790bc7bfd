"""Agreement among students: α (krippendorff) against published and hand-worked values, the
percent agreement beside it, the plain sentences, the edge cases where α is undefined, the
disputed claims, and everything at once on the sample class: only the parts the class worked
on (or the teacher chose) are scored, what counts as an answer is said beside each number, and
the class CSV collect wrote gives the same numbers as the collected class."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pandas as pd
import pytest

from helpers.article import PART_IDS
from helpers.classroom.agreement import (
    AgreementError,
    ClassAgreement,
    analyse,
    class_alpha,
    disputed,
    flagged_by_sentence,
    read_class_csv,
    sentence_labels,
    technique_alpha,
)
from helpers.classroom.collect import collect
from helpers.classroom.measures import alpha_from_counts, explain_alpha
from helpers.formats import write_csv
from helpers.key import COUNTED, NO_VERDICT, compared_fields, key_frame, load_key
from helpers.scheme import ENV_VAR


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
    table = class_alpha(anns)  # both worked on the lede only: only the lede is scored
    assert set(table["part"]) == {"all", "lede"}
    row = table[(table["field"] == "check_worthy") & (table["part"] == "lede")].iloc[0]
    assert row["alpha"] == pytest.approx(4 / 9, abs=1e-4)
    assert row["units"] == 3 and row["students"] == 2
    # within the lede both annotated everything: no variation, α undefined, over the lede and
    # over all the parts scored (it was 1.0 when the 13 sentences of the parts nobody had
    # reached counted as unanimous 'no': the bug of an analysis after one lesson)
    for part in ("all", "lede"):
        flagged = table[(table["field"] == "flagged") & (table["part"] == part)].iloc[0]
        assert math.isnan(flagged["alpha"]) and flagged["shown"] == "undefined"
        assert "no variation" in flagged["meaning"] and "nan" not in flagged["meaning"].lower()
    # the teacher may score the whole article: then the untouched sentences are both students'
    # 'leave it', and they agree fully on which sentences to annotate
    whole = class_alpha(anns, parts="all")
    flagged = whole[(whole["field"] == "flagged") & (whole["part"] == "all")].iloc[0]
    assert flagged["alpha"] == 1.0
    # no sentence of part 'nato' was judged by two students
    nato = whole[(whole["field"] == "verdict") & (whole["part"] == "nato")].iloc[0]
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
    """The synthetic class (in the default, simple scheme) and its analysis."""
    with pytest.MonkeyPatch.context() as env:
        env.delenv(ENV_VAR, raising=False)
        results = collect()
        return results, analyse(results)


@pytest.mark.default_scheme
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


@pytest.mark.default_scheme
def test_realistic_sample_patterns(sample):
    _, a = sample
    acc = a.against_key.pivot(index="annotator", columns="field", values="accuracy")
    # the class is neither perfect nor random
    for field in ("claim_type", "check_worthy", "verdict"):
        assert 0.45 < acc[field].median() < 0.95
    flagged = flagged_by_sentence(collect().annotations)
    assert flagged["share"].min() < 0.6 < flagged["share"].max()


@pytest.mark.default_scheme
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
    assert "synthetic sample class" in results.source_line()  # it knows its own folder
    assert "hand-ins in sample_class/" in results.source_line(sample=False)


# -- the parts scored (item 6 a) -------------------------------------------------------------------
def lessons(results, parts, extra=None):
    """The sample class's annotations of ``parts`` only (a class that has done those lessons),
    with ``extra`` rows added (someone reading ahead)."""
    table = results.annotations
    done = table[table["part"].isin(parts)]
    return done if extra is None else pd.concat([done, extra], ignore_index=True)


@pytest.mark.default_scheme
def test_after_one_lesson_only_the_part_done_is_scored(sample, article):
    results, whole = sample
    a = analyse(lessons(results, ["lede"]))
    assert a.parts == ["lede"] and a.students == whole.students
    assert a.scope == (
        "Scored: lede, the only part where at least 8 of the 30 students (25% of the class) "
        "annotated something; not scored yet: alliance, nato, russia and stakes (no one)."
    )
    # α over the parts scored is the lede's: the same as the lede's α in the whole class's
    # analysis (the sentences nobody had reached used to count as unanimous 'no': α 0.86, "the
    # class agreed strongly", for a lede where it is 0.05)
    for name in compared_fields():
        assert a.alpha_for(name).value == pytest.approx(whole.alpha_for(name, "lede").value)
    assert a.alpha_for("flagged").value < 0.2 and "agreed strongly" not in a.meanings("alpha")
    assert list(a.by_part().columns) == ["all", "lede"]
    assert set(a.flagged["part"]) == {"lede"} and len(a.flagged) == 3
    with pytest.raises(AgreementError, match="the parts scored are all, lede"):
        a.alpha_for("verdict", "nato")
    # against the key: only the lede's claims ("found 2 of 22" was counting claims of lessons
    # nobody had done)
    key = key_frame(load_key(article=article))
    lede = key[key["part"] == "lede"]
    worthy = lede.loc[lede["check_worthy"] == "yes", "item"]
    assert set(a.key["item"]) == set(lede["item"]) and set(a.disputed["item"]) <= set(worthy)
    assert a.missed["of"].eq(len(worthy)).all()
    found = whole.matched[whole.matched["item"].isin(worthy)].groupby("annotator")["flagged"]
    assert a.missed.set_index("annotator")["found"].to_dict() == found.sum().to_dict()
    claims = a.against_key.query("field == 'flagged'")["claims"]
    assert claims.eq(len(lede)).all()
    assert "of the key's 7 claims" in a.meanings("first_student")


@pytest.mark.default_scheme
def test_one_student_reading_ahead_does_not_bring_in_a_part(sample):
    results, whole = sample
    table = results.annotations
    ahead = table[(table["part"] == "alliance") & (table["annotator"] == "synthetic-01")]
    a = analyse(lessons(results, ["lede"], ahead))
    assert a.parts == ["lede"] and "not scored yet: alliance (1 student); nato, russia" in a.scope
    # a quarter of the class: 8 of 30 students bring a part in, 7 do not
    nato = table[table["part"] == "nato"]
    seven = nato[nato["annotator"].isin(whole.students[:7])]
    eight = nato[nato["annotator"].isin(whole.students[:8])]
    assert analyse(lessons(results, ["lede"], seven)).parts == ["lede"]
    assert analyse(lessons(results, ["lede"], eight)).parts == ["lede", "nato"]
    # the whole sample class did every part
    assert whole.parts == list(PART_IDS) and whole.scope.startswith("Scored: every part")


@pytest.mark.default_scheme
def test_the_teacher_chooses_the_parts(sample, article):
    results, _ = sample
    done = lessons(results, ["lede"])
    a = analyse(done, parts=["alliance", "lede"])
    assert a.parts == ["lede", "alliance"]
    assert a.scope == (
        "Scored: lede and alliance, as you chose; not scored: nato, russia and stakes."
    )
    key = key_frame(load_key(article=article))
    worthy = key[key["part"].isin(a.parts) & (key["check_worthy"] == "yes")]
    assert a.missed["of"].eq(len(worthy)).all()
    assert list(a.by_part().columns) == ["all", "lede", "alliance"]
    assert analyse(done, parts="all").parts == list(PART_IDS)
    assert analyse(done, parts="nato").parts == ["nato"]
    with pytest.raises(AgreementError, match="parts: moon; choose from lede, alliance"):
        analyse(done, parts=["lede", "moon"])
    with pytest.raises(AgreementError, match="none given"):
        analyse(done, parts=[])


def test_nothing_to_score_is_said_in_words(tmp_path):
    empty = analyse(collect(tmp_path))
    assert empty.parts == [] and empty.scope.startswith("No part is scored")
    assert empty.per_student().empty
    assert list(empty.per_student().columns) == [*compared_fields(), "found", "of"]
    assert empty.meanings("first_student") == (
        "No student handed in annotations that could be used."
    )
    assert empty.meanings("techniques") == "No technique was tagged in the parts scored."
    assert not empty.alpha["meaning"].str.contains("nan", case=False).any()


# -- what counts as an answer (item 6 e) -----------------------------------------------------------
def test_what_counts_as_an_answer(make, article):
    key = key_frame(load_key(article=article))
    lede = key[key["part"] == "lede"]
    checked = lede[(lede["sentence_id"] == "lede-2") & (lede["verdict"] != NO_VERDICT)].iloc[0]
    opinion = lede[(lede["sentence_id"] == "lede-3") & (lede["verdict"] == NO_VERDICT)].iloc[0]
    anns = [
        # ana annotates lede-2 and lede-3 and leaves both verdicts blank; ben annotates lede-1
        # and lede-2 with a verdict, and skips lede-3
        make("lede-2", checked["quote"], annotator="ana", verdict=None),
        make("lede-3", opinion["quote"], annotator="ana", verdict=None, claim_type="opinion"),
        make("lede-1", annotator="ben", verdict="refuted"),
        make("lede-2", checked["quote"], annotator="ben", verdict="supported"),
    ]
    a = analyse(anns)
    assert a.parts == ["lede"]
    # a skipped sentence is a student's 'leave it' for which sentences to annotate: both
    # students judge all three sentences, and agree on lede-2 only
    flagged = a.alpha_for("flagged")
    assert flagged.units == 3 and flagged.agreement == pytest.approx(1 / 3, abs=1e-4)
    # ... and missing for every other question: only lede-2 has two claim types ...
    assert a.alpha_for("claim_type").units == 1
    # ... and two verdicts: ana's blank one is an answer ('no verdict'), not missing
    verdict = a.alpha_for("verdict")
    assert verdict.units == 1 and verdict.agreement == 0
    # against the key: ana's blank verdict matches the key's 'none' on the opinion and is a
    # mismatch on the claim the key checked (not left out: no one hides by leaving it blank)
    ana = a.against_key.set_index(["annotator", "field"]).loc[("ana", "verdict")]
    assert ana["claims"] == 2 and ana["matches"] == 1
    # said beside each number
    for name in compared_fields():
        assert a.alpha_for(name).meaning.endswith(" " + COUNTED["sentences"][name])
        row = a.against_key.query("annotator == 'ben' and field == @name").iloc[0]
        assert row["meaning"].endswith(" " + COUNTED["claims"][name])
    assert a.alpha_for("verdict").meaning.endswith(
        "a blank verdict counts as the answer 'no verdict'."
    )


# -- the class CSV read back (item 6 d) ------------------------------------------------------------
def same_numbers(one: ClassAgreement, other: ClassAgreement) -> None:
    assert one.students == other.students and one.parts == other.parts
    assert one.scope == other.scope
    for name in ("alpha", "techniques", "flagged", "against_key", "missed", "disputed"):
        pd.testing.assert_frame_equal(
            getattr(one, name).reset_index(drop=True), getattr(other, name).reset_index(drop=True),
            check_dtype=False, obj=name,
        )
    pd.testing.assert_frame_equal(one.per_student(), other.per_student(), check_dtype=False)


def class_csv(results, outdir):
    return next(p for p in results.write(outdir) if p.name == "class_annotations.csv")


@pytest.mark.default_scheme
def test_the_csv_collect_wrote_gives_the_same_numbers(sample, tmp_path):
    results, whole = sample
    path = class_csv(results, tmp_path / "out")
    for table in (pd.read_csv(path), read_class_csv(path), path, str(path)):
        same_numbers(analyse(table), whole)
    same_numbers(analyse(path, parts=["nato"]), analyse(results, parts=["nato"]))


def test_the_csv_keeps_names_pandas_or_a_spreadsheet_would_change(tmp_path, make, article):
    folder = tmp_path / "handins"
    folder.mkdir()
    names = ["NA", "=1+1", "-x", "null", "007", "'quoted"]
    for number, name in enumerate(names):
        anns = [
            make("lede-1", annotator=name, verdict=None if number % 2 else "supported"),
            make("lede-2", annotator=name, check_worthy="no" if number % 3 else "yes",
                 techniques=["doubt"] if number % 2 else []),
        ]
        if number % 2:
            anns.append(make("lede-3", annotator=name, claim_type="opinion"))
        write_csv(anns, folder / f"student-{number}.csv", article)
    results = collect(folder)
    assert results.students == sorted(names)
    back = read_class_csv(class_csv(results, tmp_path / "out"))
    assert sorted(back["annotator"].unique()) == sorted(names)
    assert back["start"].dtype.kind == "i"
    same_numbers(analyse(back), analyse(results))
