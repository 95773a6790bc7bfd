"""The two agreement measures and what they mean: Krippendorff's α and Cohen's κ.

* ``alpha_from_counts``: α from a units × answers table of counts (how many students gave each
  answer to each unit), by the kept library ``krippendorff``, with the cases where α is
  undefined guarded and the percent agreement beside it (how often two students who judged the
  same unit gave the same answer);
* ``cohen_kappa``: κ from confusion tables (the key's answers × a student's), in numpy, for
  many students at once; plain or linearly weighted (ordinal answers). Tested against
  scikit-learn's ``cohen_kappa_score``;
* ``explain_alpha``, ``explain_kappa``: one plain sentence for a teacher per number, a second
  when most answers match yet the number is low (when one answer is far more common than the
  others, chance alone gives many matches, so α and κ stay low: the "kappa paradox"), and, when
  given, the sentence saying what counted as an answer (a skipped sentence, a blank verdict: see
  ``helpers.key.COUNTED``). A κ that rounds to 0.00 is "no more than chance", never "slight".

Used by ``helpers.classroom.agreement`` (the class with each other) and
``helpers.classroom.versus_key`` (each student against the key).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from helpers.key import FIELD_WORDS

KEY_FIELD_WORDS = {**FIELD_WORDS, "flagged": "which claims to annotate"}


class AgreementError(ValueError):
    """An argument the agreement tables cannot use (names it and why)."""


#: Why a high share of matching answers can come with a low κ or α, in plain words.
CHANCE_WORDS = (
    "when one answer is far more common than the others, chance alone gives many matches"
)


def low_by_chance(agreement: float | None, value: float | None) -> bool:
    """True when most answers match (80% or more) yet κ or α is low (under 0.4)."""
    return agreement is not None and value is not None and agreement >= 0.8 and value < 0.4


# -- Krippendorff's α ------------------------------------------------------------------------------
def two_places(value: float) -> str:
    """``value`` to two decimals, never "-0.00" (what every number the teacher reads goes
    through)."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


_ALPHA_WORDS = (
    (0.8, "the class agreed strongly (0.8 is the usual bar for reliable judgements)."),
    (0.667, "the class mostly agreed, enough for tentative conclusions; look at the few disputed "
     "claims."),
    (0.2, "the class agreed more than chance but far from fully; use the disputed claims to "
     "discuss why."),
    (math.nextafter(-0.1, 0), "about as much agreement as chance would give: students judged "
     "these very differently; a good place to compare reasons."),  # above -0.1
    (-math.inf, "less agreement than chance: students disagreed systematically; check that "
     "everyone read the question the same way."),
)


def explain_alpha(
    value: float | None,
    field: str,
    reason: str | None = None,
    part: str | None = None,
    what: str | None = None,
    agreement: float | None = None,
    counted: str | None = None,
) -> str:
    """One to three sentences that say what an α means for a teacher.

    Takes α (None or NaN when undefined, with ``reason``), the field, the part of the article,
    words for the field when not the usual ones, ``agreement``, the percent agreement (how
    often two students who judged the same sentence gave the same answer), said when given, and
    ``counted``, the sentence saying what counted as an answer, added last when given.
    """
    what = what or FIELD_WORDS.get(field, field)
    where = f" in part '{part}'" if part and part != "all" else ""
    tail = f" {counted}" if counted else ""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        reason = reason or "there is nothing to compare"
        return f"α for {what}{where} cannot be computed: {reason}.{tail}"
    text = f"α = {two_places(value)} for {what}{where}: "
    text += next(words for bar, words in _ALPHA_WORDS if value >= bar)
    if agreement is None or math.isnan(agreement):
        return text + tail
    text += (
        f" Two students who judged the same sentence gave the same answer {agreement:.0%} of "
        "the time"
    )
    if low_by_chance(agreement, value):
        return f"{text}, yet α is low: {CHANCE_WORDS}.{tail}"
    return f"{text}.{tail}"


@dataclass
class Alpha:
    """One α: its value (None when undefined), what it covers, and why it is undefined."""

    field: str
    part: str
    value: float | None
    units: int  # units that two or more students judged
    students: int
    reason: str | None = None
    what: str | None = None  # words for the field, when not the usual ones
    agreement: float | None = None  # how often two students gave the same answer
    level: str = "nominal"
    counted: str | None = None  # what counted as an answer, in one sentence

    @property
    def meaning(self) -> str:
        """What α means, in plain sentences (``explain_alpha``)."""
        return explain_alpha(self.value, self.field, self.reason, self.part, self.what,
                             self.agreement, self.counted)

    @property
    def shown(self) -> str:
        """α as a reader sees it: "0.42", or "undefined"."""
        return "undefined" if self.value is None else two_places(self.value)

    def row(self) -> dict:
        """One row of an α table: field, part, alpha (NaN when undefined), shown, agreement,
        units, students, level, meaning, reason and counted ("" when none)."""
        return {
            "field": self.field,
            "part": self.part,
            "alpha": math.nan if self.value is None else round(self.value, 4),
            "shown": self.shown,
            "agreement": math.nan if self.agreement is None else round(self.agreement, 4),
            "units": self.units,
            "students": self.students,
            "level": self.level,
            "meaning": self.meaning,
            "reason": self.reason or "",
            "counted": self.counted or "",
        }


def alpha_from_counts(
    counts,
    field: str = "",
    part: str = "all",
    students: int | None = None,
    level: str = "nominal",
) -> Alpha:
    """Krippendorff's α from a units × answers table of counts.

    Takes the counts (how many students gave each answer to each unit; for an ordinal ``level``
    the columns in rank order), the field and part they cover and the number of students.
    Returns an Alpha with the percent agreement (how often two students who judged the same unit
    gave the same answer). The library computes α; this guards the cases where it is undefined.
    """
    import krippendorff
    import numpy as np

    counts = np.asarray(counts, dtype=float)
    if students is not None and students < 2:
        return Alpha(field, part, None, 0, students, "it needs at least two students",
                     level=level)
    students = 0 if students is None else students
    counts = counts[counts.sum(axis=1) >= 2] if counts.size else counts.reshape(0, 0)
    n_units = int(counts.shape[0])
    if n_units == 0:
        return Alpha(field, part, None, 0, students,
                     "no sentence was judged by two or more students", level=level)
    judged = counts.sum(axis=1)
    same_pairs = (counts * (counts - 1)).sum(axis=1) / (judged - 1)
    agreement = float(same_pairs.sum() / judged.sum())
    counts = counts[:, counts.sum(axis=0) > 0]
    if counts.shape[1] < 2:
        return Alpha(
            field, part, None, n_units, students,
            "every student gave the same answer everywhere, so there is no variation to "
            "measure agreement on", agreement=agreement, level=level,
        )
    value = float(krippendorff.alpha(value_counts=counts, level_of_measurement=level))
    if math.isnan(value):  # pragma: no cover - guarded above; kept as a safety net
        return Alpha(field, part, None, n_units, students, "the answers do not vary enough",
                     agreement=agreement, level=level)
    return Alpha(field, part, value, n_units, students, agreement=agreement, level=level)


# -- Cohen's κ -------------------------------------------------------------------------------------
def cohen_kappa(tables, weights: str | None = None):
    """Cohen's κ from confusion tables.

    Takes ``tables``, counts of shape (..., k, k): the key's answers in rows and the student's
    in columns, both over the same k answers in the same order; the leading axes are computed at
    once (one table per student). ``weights``: None (every disagreement counts the same),
    "linear" or "quadratic" (ordinal answers: being two ranks off counts two or four times as
    much as one). Returns κ with the leading shape (0-d for one table), NaN where it is undefined
    (no answers, or one answer everywhere).
    """
    import numpy as np

    tables = np.asarray(tables, dtype=float)
    ranks = np.arange(tables.shape[-1])
    distance = np.abs(ranks[:, None] - ranks[None, :]).astype(float)
    penalties = {None: (distance > 0) * 1.0, "linear": distance, "quadratic": distance**2}
    if weights not in penalties:
        raise ValueError(f"weights: {weights!r} is not None, 'linear' or 'quadratic'")
    penalty = penalties[weights]
    total = tables.sum(axis=(-2, -1))
    by_chance = tables.sum(axis=-1)[..., :, None] * tables.sum(axis=-2)[..., None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = (penalty * tables).sum(axis=(-2, -1))
        expected = (penalty * by_chance).sum(axis=(-2, -1)) / total
        return 1 - observed / expected


def _kappa_words(kappa: float) -> str:
    # Landis & Koch (1977); a κ shown as 0.00 is no agreement beyond chance, not "slight"
    if two_places(kappa) == "0.00":
        return "no more agreement than chance would give"
    if kappa < 0:
        return "less agreement than chance"
    for bar, words in ((0.2, "slight"), (0.4, "fair"), (0.6, "moderate"), (0.8, "substantial")):
        if kappa <= bar:
            return f"{words} agreement beyond chance"
    return "almost perfect agreement"


def explain_kappa(
    value: float | None,
    field: str,
    matches: int,
    n: int,
    student: str = "The student",
    reason: str | None = None,
    agreement: float | None = None,
    counted: str | None = None,
) -> str:
    """One to three sentences that say how a student compares with the key on one field.

    Takes κ (None or NaN when undefined, with ``reason``), the field, the matching claims out of
    ``n``, the student's name, ``agreement``, the share of answers that match (default
    ``matches / n``) and ``counted``, the sentence saying what counted as an answer (added last,
    unless there is nothing to compare). When most answers match yet κ is low, a sentence says
    why.
    """
    what = KEY_FIELD_WORDS.get(field, field)
    if n == 0:
        return f"{student}: no claims to compare with the key for {what}."
    tail = f" {counted}" if counted else ""
    if field == "flagged":
        head = (
            f"{student} made the key's choice (annotate a claim if it is check-worthy, leave it "
            f"if not) for {matches} of the key's {n} claims ({matches / n:.0%})"
        )
    else:
        unit = "claims" if field != "techniques" else "claims (the same set of techniques)"
        head = (
            f"{student} matched the key on {matches} of {n} {unit} for {what} "
            f"({matches / n:.0%})"
        )
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f"{head}; κ cannot be computed: {reason or 'there is nothing to compare'}.{tail}"
    text = f"{head}; κ = {two_places(value)}, {_kappa_words(value)}."
    agreement = matches / n if agreement is None else agreement
    if low_by_chance(agreement, value):
        matching = "Most answers" if field != "techniques" else (
            f"{agreement:.0%} of the technique-by-technique choices"
        )
        text += f" {matching} match, yet κ is low: {CHANCE_WORDS}."
    return text + tail


