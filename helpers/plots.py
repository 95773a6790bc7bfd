"""Charts for the lessons: titled, labelled, sourced, colour-blind safe, with alt text.

Every chart is returned as a ``Chart``: it shows in JupyterLab, in exported slides and in Voilà
as an HTML ``<figure>`` whose ``<img>`` carries the alt text and whose caption carries the source
line. The picture itself is a PNG inside the HTML; the notebook tests compare the alt text and
caption, not the pixels (tests/nbval_sanitize.cfg blanks the PNG data).
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision
# deficiencies.
PALETTE = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
SEQUENCE = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky")]


@dataclass
class Chart:
    """A rendered chart: PNG bytes plus its alt text, caption and source line."""

    png: bytes
    alt: str
    source: str
    caption: str = ""

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        caption = f"{html.escape(self.caption)} " if self.caption else ""
        return (
            '<figure class="lesson-chart" style="margin:0;max-width:100%">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}" '
            'style="max-width:100%;height:auto">'
            f"<figcaption>{caption}<small>Source: {html.escape(self.source)}</small>"
            "</figcaption></figure>"
        )

    def __repr__(self) -> str:
        return f"Chart: {self.alt} (Source: {self.source})"


def new_figure(width: float = 7.5, height: float = 3.2):
    """A matplotlib figure and axes in the house style (no pyplot state is left behind)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def finish(fig, *, title: str, alt: str, source: str, caption: str = "") -> Chart:
    """Title the figure, render it to PNG and wrap it with its alt text and source."""
    if not fig.axes or not fig.axes[0].get_title():
        fig.axes[0].set_title(title, loc="left", fontsize=12)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return Chart(png=buf.getvalue(), alt=alt, source=source, caption=caption)


def parts_chart(article) -> Chart:
    """Words per part of the article, as a horizontal bar chart."""
    table = article.summary()
    fig, ax = new_figure(7.5, 2.8)
    labels = [f"{p.title}" for p in article.parts][::-1]
    words = list(table["words"])[::-1]
    bars = ax.barh(labels, words, color=PALETTE["blue"])
    ax.bar_label(bars, padding=3)
    ax.set_xlabel("Words")
    ax.set_ylabel("Part of the article")
    ax.set_xlim(0, max(words) * 1.15)
    longest = table["words"].idxmax()
    return finish(
        fig,
        title="How long is each part of the article?",
        alt=(
            "Bar chart of words per part: "
            + ", ".join(f"{p.title} {p.word_count}" for p in article.parts)
            + "."
        ),
        source=f"{article.metadata['outlet']}, {article.metadata['date']} (data/article.txt)",
        caption=f"The longest part is '{article.part(longest).title}'.",
    )
