"""The teacher's charts and tables: house style (alt text, source, caption), edge cases, and
nothing the teacher reads shows NaN, True/False or -0.00 (the notebook's stored outputs too).
With the default, simple scheme, as the notebook runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers.charts import Chart
from helpers.classroom import plots as class_plots
from helpers.classroom.agreement import analyse
from helpers.classroom.collect import collect
from helpers.scheme import ENV_VAR

PNG = b"\x89PNG"
pytestmark = pytest.mark.default_scheme


@pytest.fixture(scope="module")
def sample():
    with pytest.MonkeyPatch.context() as env:
        env.delenv(ENV_VAR, raising=False)
        return analyse(collect())


def test_flagged_chart(sample):
    chart = class_plots.flagged_chart(sample.flagged, "the sample class")
    assert isinstance(chart, Chart) and chart.png.startswith(PNG)
    assert chart.source == "the sample class"
    assert chart.alt.startswith("Horizontal bar chart of the 16 sentences")
    for row in sample.flagged.itertuples():
        assert f"{row.sentence_id} {row.share:.0%}" in chart.alt
    assert chart.caption.startswith("Most annotated: ")
    html = chart._repr_html_()
    assert 'alt="Horizontal bar chart' in html and "Source: the sample class" in html


def test_alpha_chart(sample):
    chart = class_plots.alpha_chart(sample.alpha, "s")
    overall = sample.alpha.query("part == 'all'").set_index("field")
    assert f"Verdict {overall.at['verdict', 'shown']}" in chart.alt
    agreement = overall.at["verdict", "agreement"]
    assert f"Verdict {overall.at['verdict', 'shown']} ({agreement:.0%} same answer)" in chart.alt
    assert chart.caption.startswith("The class agreed most on ")


def test_students_chart(sample):
    chart = class_plots.students_chart(sample.against_key, "s")
    assert "one dot per student" in chart.alt and "Verdict median" in chart.alt
    assert chart.caption.startswith("30 students.")


def test_charts_with_a_class_of_one(make):
    one = analyse([make("nato-2", "90,000 troops", annotator="solo", verdict="supported")])
    alpha = class_plots.alpha_chart(one.alpha, "s")
    assert "Verdict undefined" in alpha.alt
    assert alpha.caption == "α could not be computed for any field (see the table below for why)."
    assert class_plots.flagged_chart(one.flagged, "s").caption.endswith("(0%).")
    assert class_plots.students_chart(one.against_key, "s").caption.startswith("1 student.")


def test_disputed_table(sample):
    table = class_plots.disputed_table(sample, top=5)
    assert list(table.columns) == [
        "Claim (sentence)",
        "Students",
        "Most common answer",
        "The key says",
        "Source of the key's answer",
    ]
    assert list(table.index) == [1, 2, 3, 4, 5]
    assert table["Claim (sentence)"].str.startswith("“").all()
    assert table["The key says"].isin(  # the simple scheme's words, as the class answered
        ["Holds up", "Needs correction", "Can't tell yet", "no verdict"]
    ).all()
    assert table["Most common answer"].str.match("(Holds up|Needs correction|Can't tell yet|no "
                                                 r"verdict) \(\d+%\)").all()


def test_missed_by_claim(sample):
    table = class_plots.missed_by_claim(sample)
    assert list(table.columns) == ["Claim", "Sentence", "Missed by", "Share"]
    assert table["Missed by"].is_monotonic_decreasing
    # the same counts as the per-student table, seen from the claims
    assert table["Missed by"].sum() == sample.missed["missed"].sum()
    assert set(table.index) == set(sample.key.loc[sample.key["check_worthy"] == "yes", "item"])


def test_an_empty_class_does_not_break_the_notebook(tmp_path):
    empty = analyse(collect(tmp_path))
    assert class_plots.flagged_chart(empty.flagged, "s").caption == (
        "No student annotated any sentence."
    )
    assert class_plots.students_chart(empty.against_key, "s").caption == (
        "No student annotated any of the key's claims."
    )
    assert class_plots.disputed_table(empty).empty
    assert class_plots.missed_by_claim(empty).empty


def test_students_table(sample):
    table = class_plots.students_table(sample)
    assert list(table.index) == sample.students and table.index.name == "Student"
    assert list(table.columns) == [
        "Which claims to annotate", "Claim type", "Check-worthy?", "Verdict", "Techniques",
        "Check-worthy claims found",
    ]
    per = sample.per_student()
    first = sample.students[0]
    assert table.at[first, "Verdict"] == f"{per.at[first, 'verdict']:.0%}"
    assert table.at[first, "Check-worthy claims found"] == (
        f"{per.at[first, 'found']} of {per.at[first, 'of']}"
    )
    assert class_plots.students_sentence(sample).startswith("30 students, each compared")


#: What must never reach the teacher: pandas' missing values, Python's booleans, minus zero.
NOT_FOR_READERS = re.compile(r"(?i:\bnan\b)|<NA>|\bNone\b|\bTrue\b|\bFalse\b|-0\.00?\b|-0%")


def teacher_reads(result) -> list[str]:
    """Every text of the notebook's tables, sentences and charts for one ClassAgreement."""
    texts = [
        result.scope,
        result.meanings("alpha"),
        result.meanings("techniques"),
        result.meanings("first_student"),
        result.by_part().to_string(),
        class_plots.students_sentence(result),
        class_plots.students_table(result).to_string(),
        class_plots.disputed_table(result).to_string(),
        class_plots.missed_by_claim(result).head(8).to_string(),
    ]
    for chart in (
        class_plots.flagged_chart(result.flagged, "s"),
        class_plots.alpha_chart(result.alpha, "s"),
        class_plots.students_chart(result.against_key, "s"),
    ):
        texts += [chart.alt, chart.caption]
    return texts


@pytest.fixture(scope="module")
def classes(tmp_path_factory):
    """The sample class, the class after one lesson, an empty folder and a folder whose every
    file is rejected."""
    env = pytest.MonkeyPatch()
    env.delenv(ENV_VAR, raising=False)
    results = collect()
    lede = results.annotations[results.annotations["part"] == "lede"]
    empty = tmp_path_factory.mktemp("empty")
    broken = tmp_path_factory.mktemp("broken")
    (broken / "cut-off.jsonld").write_text('{"type": "AnnotationCollection", "fir', "utf-8")
    rejected = collect(broken)
    assert rejected.students == [] and not rejected.rejected.empty
    found = {
        "sample": analyse(results),
        "one lesson": analyse(lede),
        "one lesson, whole article": analyse(lede, parts="all"),
        "empty": analyse(collect(empty)),
        "all rejected": analyse(rejected),
    }
    env.undo()
    return found


@pytest.mark.parametrize(
    "name", ["sample", "one lesson", "one lesson, whole article", "empty", "all rejected"]
)
def test_the_teacher_never_reads_nan_booleans_or_minus_zero(classes, name):
    for text in teacher_reads(classes[name]):
        assert not NOT_FOR_READERS.search(text), (name, NOT_FOR_READERS.search(text), text)


@pytest.mark.parametrize("name", ["empty", "all rejected"])
def test_no_student_is_an_empty_table_with_a_sentence(classes, name):
    result = classes[name]
    per = result.per_student()  # was a KeyError
    assert per.empty and list(per.columns) == [*result.levels, "found", "of"]
    assert class_plots.students_table(result).empty
    assert class_plots.students_sentence(result).startswith(
        "No student handed in annotations that could be used"
    )


def test_a_class_after_one_lesson_shows_that_lesson(classes):
    result = classes["one lesson"]
    assert class_plots.flagged_chart(result.flagged, "s").alt.startswith(
        "Horizontal bar chart of the 3 sentences of the parts scored"
    )
    table = class_plots.students_table(result)
    assert table["Check-worthy claims found"].str.endswith(" of 5").all()
    assert "(5 of them check-worthy)" in class_plots.students_sentence(result)


def test_the_notebooks_stored_outputs_show_no_nan_booleans_or_minus_zero():
    path = Path(__file__).parents[2] / "notebooks" / "06_class_results.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    outputs = [out for cell in notebook["cells"] for out in cell.get("outputs", [])]
    texts = ["".join(out.get("text", "")) for out in outputs]
    for out in outputs:
        for kind, value in out.get("data", {}).items():
            if kind.startswith("text/"):
                text = "".join(value)
                texts.append(re.sub(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+", "", text))
    assert len(texts) > 10 and any("Scored: " in text for text in texts)
    for text in texts:
        assert not NOT_FOR_READERS.search(text), NOT_FOR_READERS.search(text)
