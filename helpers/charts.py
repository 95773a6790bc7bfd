"""Charts for the lessons: titled, labelled, sourced, colour-blind safe, with alt text.

Every chart is returned as a ``Chart``: it shows in JupyterLab, in exported slides and in Voilà
as an HTML ``<figure>`` whose ``<img>`` carries the alt text and whose caption carries the source
line: the sources named in full, each complete address a link. The picture itself is a PNG
inside the HTML; the notebook tests compare the alt text and caption, not the pixels
(tests/nbval_sanitize.cfg blanks the PNG data).
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

from helpers.cite import linked

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
            f"<figcaption>{caption}<small>Source: {linked(self.source)}</small>"
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
        source=", ".join(article.metadata[k] for k in ("outlet", "date", "url")),
        caption=f"The longest part is '{article.part(longest).title}'.",
    )


def _short_who(who: str, limit: int = 28) -> str:
    who = who.split(";")[0].strip()
    return who if len(who) <= limit else who[: limit - 1] + "…"


def timeline_chart(events, *, title: str, source: str, label: str = "who") -> Chart:
    """Events in order, one row each, on a date axis; events the article mentions stand out.

    ``events`` is a DataFrame with columns date (ISO), in_article (yes/no) and ``label``.
    """
    import matplotlib.dates as mdates
    import pandas as pd

    ev = events.reset_index(drop=True).copy()
    ev["day"] = pd.to_datetime(ev["date"])
    ev["text"] = [_short_who(str(x), 48) for x in ev[label]]
    n = len(ev)
    fig, ax = new_figure(9, 0.32 * n + 1.4)
    ys = list(range(n))[::-1]
    ax.plot(ev["day"], ys, color="#cccccc", zorder=1, linewidth=1)
    for flag, colour, marker, name in (
        ("no", PALETTE["blue"], "o", "not mentioned in the article"),
        ("yes", PALETTE["vermillion"], "D", "mentioned in the article"),
    ):
        mask = ev["in_article"].str.lower() == flag
        ax.scatter(ev.loc[mask, "day"], [ys[i] for i in ev.index[mask]], color=colour,
                   marker=marker, s=36, label=name, zorder=3)
    ax.set_yticks(ys)
    ax.set_yticklabels([f"{d:%d %b} · {t}" for d, t in zip(ev["day"], ev["text"], strict=True)],
                       fontsize=8)
    ax.set_xlabel(f"Date ({ev['day'].dt.year.iloc[0]})")
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.grid(axis="x", color="#eeeeee", zorder=0)
    ax.legend(loc="lower left", fontsize=8, frameon=True)
    alt = (
        f"Timeline of {n} events from {ev['date'].iloc[0]} to {ev['date'].iloc[-1]}, in order: "
        + "; ".join(f"{r['date']} {r['text']}" for _, r in ev.iterrows())
        + ". Events the article mentions are marked with orange diamonds."
    )
    return finish(fig, title=title, alt=alt, source=source)


def exercise_chart(figures) -> Chart:
    """Steadfast Defender 2024's official figures beside the article's wording and two earlier
    exercises. ``figures`` is helpers.context.figures()."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    f = figures
    fig = Figure(figsize=(10, 3.6), dpi=100, layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[1, 1.1])
    for ax in (left, right):
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(axis="y", labelsize=8)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))

    def value(exercise, measure, who_contains):
        rows = f[(f["exercise"] == exercise) & (f["measure"] == measure)
                 & f["who_says"].str.contains(who_contains, regex=False)]
        return float(rows["value"].iloc[0])

    troops = [
        ("Reforger 1988", value("Reforger", "troops", "NATO"), PALETTE["grey"]),
        ("Steadfast Defender 2024\n(NATO, Jan 2024: 'around')",
         value("Steadfast Defender 2024", "troops", "NATO (January"), PALETTE["blue"]),
        ("Steadfast Defender 2024\n(the article)",
         value("Steadfast Defender 2024", "troops", "BNN"), PALETTE["vermillion"]),
        ("Trident Juncture 2018", value("Trident Juncture", "troops", "NATO"), PALETTE["grey"]),
    ]
    shown = troops[::-1]
    bars = left.barh([t[0] for t in shown], [t[1] for t in shown], color=[t[2] for t in shown])
    left.bar_label(bars, labels=[f"{t[1]:,.0f}" for t in shown], padding=3, fontsize=8)
    left.set_xlabel("Troops")
    left.set_xlim(0, 150_000)
    left.set_xticks([0, 50_000, 100_000, 150_000])
    left.set_title("Troops", loc="left", fontsize=10)

    tanks = value("Steadfast Defender 2024", "tanks", "video")
    reuters_tanks = value("Steadfast Defender 2024", "tanks", "Reuters")
    ifv = value("Steadfast Defender 2024", "infantry_fighting_vehicles", "video")
    apc = value("Steadfast Defender 2024", "armoured_personnel_carriers", "video")
    combat = value("Steadfast Defender 2024", "combat_vehicles", "official")
    article = value("Steadfast Defender 2024", "armored_vehicles", "BNN")
    video, official, said = ("NATO's video:\ntanks + IFVs + APCs",
                             "NATO: 'more than\n1,100 combat vehicles'",
                             "The article: '1,100\narmored vehicles'")
    right.barh(video, tanks, color=PALETTE["blue"], label=f"tanks {tanks:.0f}")
    right.barh(video, ifv, left=tanks, color=PALETTE["sky"], label=f"IFVs {ifv:.0f}")
    right.barh(video, apc, left=tanks + ifv, color=PALETTE["green"], label=f"APCs {apc:.0f}")
    right.barh(official, combat, color=PALETTE["blue"], hatch="//", edgecolor="white")
    right.barh(said, article, color=PALETTE["vermillion"])
    right.annotate("more than", (combat, 1), xytext=(4, -3), textcoords="offset points",
                   fontsize=8)
    right.invert_yaxis()
    right.set_xlim(0, 1500)
    right.set_xlabel("Vehicles")
    right.set_title("Vehicles", loc="left", fontsize=10)
    right.legend(fontsize=7, frameon=False, loc="lower right")
    fig.suptitle("Steadfast Defender 2024: NATO's figures, the article's, and earlier exercises",
                 x=0.01, ha="left", fontsize=12)
    alt = (
        f"Two bar charts. Troops: Reforger 1988 {troops[0][1]:,.0f}; Steadfast Defender 2024 "
        f"around {troops[1][1]:,.0f} according to NATO (January 2024) and "
        f"{troops[2][1]:,.0f} in the article; "
        f"Trident Juncture 2018 {troops[3][1]:,.0f}. Vehicles: NATO's video lists {tanks:.0f} "
        f"tanks, {ifv:.0f} infantry fighting vehicles and {apc:.0f} armoured personnel "
        f"carriers ({tanks + ifv + apc:,.0f} added together; not a NATO figure); NATO said "
        f"more than {combat:,.0f} combat vehicles; the article says {article:,.0f} armored "
        "vehicles."
    )
    return finish(
        fig,
        title="",
        alt=alt,
        source=(
            "Reuters, citing NATO (reprinted by The Japan News), "
            "https://japannews.yomiuri.co.jp/news-services/reuters/20240119-163048/; NATO's video "
            "on DVIDS (video 911918); the article (BNN Breaking, 10 Mar 2024)"
        ),
        caption=(
            f"NATO's video gives {tanks:.0f} tanks, {ifv:.0f} infantry fighting vehicles (IFVs) "
            f"and {apc:.0f} armoured personnel carriers (APCs); the "
            f"{tanks + ifv + apc:,.0f} total is our own sum, and the sources do not say it is the "
            "same count as NATO's 'more than 1,100 combat vehicles'. Reuters, citing NATO, gives "
            f"{reuters_tanks:.0f} tanks. Compare the article's words with NATO's: are they saying "
            "the same thing?"
        ),
    )
