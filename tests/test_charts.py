"""helpers.charts: charts with a title, labels, a source line and alt text."""

from helpers import context
from helpers.article import load_article
from helpers.charts import PALETTE, Chart, parts_chart
from helpers.lesson import Lesson


def test_charts_have_alt_text_and_a_source():
    lesson = Lesson("nato")
    chart = lesson.exercise_figures()
    assert "Reforger 1988 125,000" in chart.alt and "more than 1,100 combat vehicles" in chart.alt
    html = chart._repr_html_()
    assert 'alt="Two bar charts' in html and "Source:" in html
    timeline = lesson.timeline("2024-02-26", "2024-03-10")
    assert timeline.alt.startswith("Timeline of") and "2024-02-26" in timeline.alt


def test_chart_html_escapes_alt_text_and_source():
    chart = Chart(png=b"x", alt='a "quoted" <alt>', source="<src>", caption="c & d")
    html = chart._repr_html_()
    assert 'alt="a &quot;quoted&quot; &lt;alt&gt;"' in html
    assert "&lt;src&gt;" in html and "c &amp; d" in html
    assert repr(chart).startswith("Chart: a")


def test_parts_chart_describes_every_part():
    chart = parts_chart(load_article())
    for title in ("The lede", "Forming the Alliance", "Weighing the stakes"):
        assert title in chart.alt
    assert chart.png.startswith(b"\x89PNG")


def test_timeline_marks_what_the_article_mentions():
    chart = Lesson("alliance").timeline("2024-02-26", "2024-03-10")
    assert "orange diamonds" in chart.alt
    assert len(context.timeline("2024-02-26", "2024-03-10")) == chart.alt.count("; ") + 1


def test_palette_is_okabe_ito():
    assert PALETTE["blue"] == "#0072B2" and PALETTE["vermillion"] == "#D55E00"
