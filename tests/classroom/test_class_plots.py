"""The teacher's charts and tables: house style (alt text, source, caption), edge cases."""

from __future__ import annotations

import pytest

from helpers.charts import Chart
from helpers.classroom import plots as class_plots
from helpers.classroom.agreement import analyse
from helpers.classroom.collect import collect

PNG = b"\x89PNG"


@pytest.fixture(scope="module")
def sample():
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
    assert table["The key says"].isin(
        ["Supported", "Refuted", "Misleading or imprecise", "Not enough information",
         "no verdict"]
    ).all()


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
