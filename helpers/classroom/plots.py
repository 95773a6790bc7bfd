"""Charts and tables for the teacher's class-results notebook (06_class_results).

Same house style as helpers.charts: every chart comes back from ``finish`` as a ``Chart`` with alt
text that lists the numbers, a source line and a one-sentence caption saying what it shows;
colours from the Okabe–Ito ``PALETTE``. Inputs are the tables of
``helpers.classroom.agreement.analyse`` (over the parts scored). What the teacher reads never
shows NaN, True/False or -0.00: numbers go through ``measures.two_places`` or a percentage, and
"nothing to compare" is said in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers.charts import PALETTE, SEQUENCE, Chart, finish, new_figure
from helpers.classroom.measures import KEY_FIELD_WORDS, two_places
from helpers.key import FIELD_WORDS, NO_VERDICT, compared_fields

if TYPE_CHECKING:
    import pandas as pd

    from helpers.classroom.agreement import ClassAgreement

PART_COLOURS = dict(
    zip(("lede", "alliance", "nato", "russia", "stakes"), SEQUENCE, strict=False)
)
FIELD_LABELS = {
    "flagged": "Which sentences\nto annotate",
    "claim_type": "Claim type",
    "check_worthy": "Check-worthy?",
    "verdict": "Verdict",
    "techniques": "Techniques",
}
KEY_FIELD_LABELS = {**FIELD_LABELS, "flagged": "Which claims\nto annotate"}


def _flat(label: str) -> str:
    return label.replace("\n", " ")


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _part_legend(ax, parts: list[str]) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(color=PART_COLOURS.get(p, PALETTE["blue"]), label=p) for p in parts]
    ax.legend(handles=handles, title="Part", fontsize=8, title_fontsize=8, loc="lower right",
              frameon=True)


def flagged_chart(flagged: pd.DataFrame, source: str) -> Chart:
    """The article's sentences in order, each a bar: the share of students who annotated it.

    ``flagged`` is ``ClassAgreement.flagged`` (sentence_id, part, number, words, students,
    share), the sentences of the parts scored.
    """
    n = len(flagged)
    if n == 0:
        flagged = flagged.assign(share=[])  # nothing scored: an empty chart that says so
    fig, ax = new_figure(9, 0.34 * n + 1.3)
    ys = list(range(n))[::-1]
    colours = [PART_COLOURS.get(p, PALETTE["blue"]) for p in flagged["part"]]
    bars = ax.barh(ys, flagged["share"], color=colours, height=0.7)
    ax.bar_label(bars, labels=[_pct(s) for s in flagged["share"]], padding=3, fontsize=8)
    ax.set_yticks(ys)
    ax.set_yticklabels(
        [f"{sid}  {w}" for sid, w in zip(flagged["sentence_id"], flagged["words"], strict=True)],
        fontsize=8,
    )
    ax.set_xlim(0, 1.12)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_xticklabels(["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("Share of students who annotated the sentence")
    ax.grid(axis="x", color="#eeeeee", zorder=0)
    ax.set_axisbelow(True)
    if n:
        _part_legend(ax, list(dict.fromkeys(flagged["part"])))
    ranked = flagged.sort_values(["share", "sentence_id"], ascending=[False, True])
    alt = (
        f"Horizontal bar chart of the {n} sentences of the parts scored, in reading order, each "
        "bar the share of students who annotated it: "
        + "; ".join(f"{r.sentence_id} {_pct(r.share)}" for r in flagged.itertuples())
        + ". Bars are coloured by part of the article."
    ) if n else "An empty bar chart: no part of the article is scored, so no sentence is shown."
    caption = "No student annotated any sentence."
    if n and ranked["share"].iloc[0] > 0:
        top, low = ranked.iloc[0], flagged.sort_values(["share", "sentence_id"]).iloc[0]
        caption = (
            f"Most annotated: {top.sentence_id} ({_pct(top.share)} of students); least: "
            f"{low.sentence_id} ({_pct(low.share)})."
        )
    return finish(
        fig,
        title="Which sentences did the class annotate?",
        alt=alt,
        source=source,
        caption=caption,
    )


def alpha_chart(alpha: pd.DataFrame, source: str) -> Chart:
    """Krippendorff's α per field over the parts scored (bars), with the usual bars for
    "tentative" (0.667) and "reliable" (0.8) agreement, and beside each bar how often two
    students gave the same answer. Undefined values are written, not drawn.

    ``alpha`` is ``ClassAgreement.alpha``.
    """
    import math

    rows = alpha[alpha["part"] == "all"].set_index("field").reindex(list(compared_fields()))
    fig, ax = new_figure(8, 3.8)
    ys = list(range(len(rows)))[::-1]
    values = [0.0 if math.isnan(value) else float(value) for value in rows["alpha"]]
    colours = [PALETTE["blue"] if value >= 0 else PALETTE["vermillion"] for value in values]
    ax.barh(ys, values, color=colours, height=0.6)
    labels = [
        shown if math.isnan(agreement) else f"{shown} ({_pct(agreement)} same answer)"
        for shown, agreement in zip(rows["shown"], rows["agreement"], strict=True)
    ]
    for y, value, label in zip(ys, values, labels, strict=True):
        ax.annotate(label, (max(value, 0), y), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=9)
    ax.set_yticks(ys)
    ax.set_yticklabels([FIELD_LABELS.get(field, field) for field in rows.index], fontsize=9)
    for x, colour, style, label in (
        (0.667, PALETTE["orange"], "--", "0.667: enough for tentative conclusions"),
        (0.8, PALETTE["green"], ":", "0.8: reliable"),
    ):
        ax.axvline(x, color=colour, linestyle=style, linewidth=1.5, label=label)
    ax.axvline(0, color=PALETTE["black"], linewidth=0.8)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    low = min(-0.1, min(values) - 0.05)
    ax.set_xlim(low, 1.3 if max(values) > 0.6 else 1.0)  # room for the labels of long bars
    ax.set_xticks([tick / 10 for tick in range(-10, 11, 2) if tick / 10 >= low])
    ax.set_xlabel("Krippendorff's α (0 = chance, 1 = everyone agreed)")
    described = "; ".join(
        f"{_flat(FIELD_LABELS.get(field, field))} {label}"
        for field, label in zip(rows.index, labels, strict=True)
    )
    defined = {
        field: value
        for field, value in zip(rows.index, rows["alpha"], strict=True)
        if not math.isnan(value)
    }
    if defined:
        best = max(defined, key=defined.get)
        worst = min(defined, key=defined.get)
        caption = (
            f"The class agreed most on {FIELD_WORDS.get(best, best)} "
            f"(α = {two_places(defined[best])}) and least on {FIELD_WORDS.get(worst, worst)} "
            f"(α = {two_places(defined[worst])})."
        )
    else:
        caption = "α could not be computed for any field (see the table below for why)."
    return finish(
        fig,
        title="How much did students agree with each other?",
        alt=f"Bar chart of Krippendorff's α per field, over the parts scored, with how often two "
        f"students who judged the same sentence gave the same answer: {described}. "
        "A dashed line marks 0.667 and a dotted line 0.8.",
        source=source,
        caption=caption,
    )


def students_chart(against_key: pd.DataFrame, source: str) -> Chart:
    """Each student against the key: one row per field, one dot per student (accuracy), the
    class median as a black bar. Works for 5 or 5,000 students (dots are spread and faint).

    ``against_key`` is ``ClassAgreement.against_key``.
    """
    import numpy as np

    fig, ax = new_figure(8, 3.6)
    rows = [field for field in compared_fields() if field in set(against_key["field"])]
    ys = list(range(len(rows)))[::-1]
    medians = {}
    for y, field in zip(ys, rows, strict=True):
        shares = against_key.loc[against_key["field"] == field, "accuracy"].dropna().to_numpy()
        if shares.size == 0:
            continue
        rank = np.argsort(np.argsort(shares, kind="stable"), kind="stable")
        spread = (rank / max(1, shares.size - 1) - 0.5) * 0.5 if shares.size > 1 else np.zeros(1)
        opacity = 0.8 if shares.size <= 60 else max(0.08, 40 / shares.size)
        ax.scatter(shares, y + spread, s=18, color=PALETTE["blue"], alpha=opacity, linewidths=0)
        median = float(np.median(shares))
        medians[field] = (median, float(shares.min()), float(shares.max()))
        ax.plot([median, median], [y - 0.35, y + 0.35], color=PALETTE["black"], linewidth=2)
    ax.set_yticks(ys)
    ax.set_yticklabels([KEY_FIELD_LABELS.get(field, field) for field in rows], fontsize=9)
    ax.set_xlim(-0.02, 1.05)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_xticklabels(["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("Share of answers that match the key (each dot is a student)")
    ax.grid(axis="x", color="#eeeeee", zorder=0)
    ax.set_axisbelow(True)
    n_students = against_key["annotator"].nunique()
    described = "; ".join(
        f"{_flat(KEY_FIELD_LABELS.get(field, field))} median {_pct(median)} "
        f"(from {_pct(lowest)} to {_pct(highest)})"
        for field, (median, lowest, highest) in medians.items()
    ) or "no student to show"
    if medians:
        worst = min(medians, key=lambda field: medians[field][0])
        caption = (
            f"{n_students} student{'s' if n_students != 1 else ''}. Furthest from the key, for "
            f"the typical student: {KEY_FIELD_WORDS.get(worst, worst)} "
            f"(median {_pct(medians[worst][0])})."
        )
    else:
        caption = "No student annotated any of the key's claims."
    return finish(
        fig,
        title="How close did each student come to the key?",
        alt=f"Dot plot, one dot per student, of the share of answers matching the key: "
        f"{described}. A black bar marks each median.",
        source=source,
        caption=caption,
    )


def _label(scheme, field: str, value) -> str:
    if value is None or value == NO_VERDICT:
        return "no verdict"
    try:
        return scheme.label(field, value)
    except Exception:  # noqa: BLE001 - a label not in the scheme: show the id
        return str(value)


def disputed_table(result: ClassAgreement, top: int = 5, field: str = "verdict"):
    """The ``top`` most disputed claims as a table for the class: the claim, how the students
    split, the key's answer and where the key's answer comes from.

    ``result`` is a ``ClassAgreement``; returns a DataFrame ranked from 1.
    """
    import pandas as pd

    from helpers.scheme import load_scheme

    scheme = load_scheme()
    claims = result.disputed.head(top)
    return pd.DataFrame(
        {
            "Claim (sentence)": [
                f"“{quote}” ({sentence})"
                for quote, sentence in zip(claims["quote"], claims["sentence_id"], strict=True)
            ],
            "Students": claims["students"].astype(int).to_list(),
            "Most common answer": [
                f"{_label(scheme, field, answer)} ({_pct(share)})"
                for answer, share in zip(claims["most_common"], claims["share"], strict=True)
            ],
            "The key says": [_label(scheme, field, answer) for answer in claims["key_answer"]],
            "Source of the key's answer": claims["source"].to_list(),
        },
        index=pd.RangeIndex(1, len(claims) + 1, name="Rank"),
    )


def students_table(result: ClassAgreement) -> pd.DataFrame:
    """Each student's row for the teacher: the share of answers matching the key per question
    ("64%", or "no claims" when they annotated none to compare) and the key's check-worthy
    claims found ("10 of 22"), over the parts scored. No student: an empty table (the notebook
    says why in a sentence: ``students_sentence``).

    ``result`` is a ``ClassAgreement``; returns a DataFrame indexed by student.
    """
    import math

    import pandas as pd

    numbers = result.per_student()
    table = pd.DataFrame(index=pd.Index(numbers.index, name="Student"))
    for name in compared_fields():
        table[_flat(KEY_FIELD_LABELS.get(name, name))] = [
            "no claims" if math.isnan(share) else _pct(share) for share in numbers[name]
        ]
    table["Check-worthy claims found"] = [
        f"{found} of {of}" for found, of in zip(numbers["found"], numbers["of"], strict=True)
    ]
    return table


def students_sentence(result: ClassAgreement) -> str:
    """One sentence above ``students_table``: who is in it and over what."""
    n = len(result.students)
    if not n:
        return ("No student handed in annotations that could be used, so there is no row per "
                "student (see what was collected above).")
    of = int(result.key["check_worthy"].eq("yes").sum())
    return (f"{n} student{'s' if n != 1 else ''}, each compared with the key's "
            f"{len(result.key)} claims in the parts scored ({of} of them check-worthy).")


def missed_by_claim(result: ClassAgreement) -> pd.DataFrame:
    """Per check-worthy claim of the key: how many students missed it (most missed first).

    ``result`` is a ``ClassAgreement``; returns a DataFrame indexed by the key's claim id.
    """
    import pandas as pd

    matched = result.matched
    worthy = matched[matched["key_worthy"]]
    if worthy.empty:
        return pd.DataFrame(columns=["Claim", "Sentence", "Missed by", "Share"])
    flagged = worthy["flagged"].astype(bool)
    claims = (~flagged).groupby(worthy["item"], sort=False).agg(missed="sum", students="size")
    claims = claims.join(result.key.set_index("item")[["quote", "sentence_id", "order"]])
    claims = claims.sort_values(["missed", "order"], ascending=[False, True])
    return pd.DataFrame(
        {
            "Claim": [f"“{quote}”" for quote in claims["quote"]],
            "Sentence": claims["sentence_id"].to_list(),
            "Missed by": claims["missed"].astype(int).to_list(),
            "Share": [
                _pct(missed / students) if students else ""
                for missed, students in zip(claims["missed"], claims["students"], strict=True)
            ],
        },
        index=pd.Index(claims.index, name="Key claim"),
    )
