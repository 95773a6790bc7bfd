"""Each student against the answer key: matches, Cohen's κ, and the check-worthy claims missed.

Agreement with the key is measured over the **claims of the key** (``helpers.key.match_key``
pairs each student's best-matching annotation with each claim). Per student and field:

* ``claims``, ``matches``, ``accuracy``: the claims compared, how many got the key's answer and
  their share. ``flagged`` compares "the student annotated the claim" with "the key calls it
  check-worthy" over all the key's claims; the other fields compare the claims the student
  annotated; ``techniques`` counts a claim as matched when its set of techniques is the key's;
* ``agreement``: the share of the compared answers that match (the percent agreement κ starts
  from). The same as ``accuracy``, except for ``techniques``, where each technique of each claim
  is one answer (tagged or not);
* ``kappa``: Cohen's κ over the same answers, the agreement corrected for chance
  (``helpers.classroom.measures.cohen_kappa``, from each student's table of key's answer ×
  student's answer counts, every student at once). Ordinal fields (``levels``) use linearly
  weighted κ, so a near miss counts less than a far one. κ is undefined, and said to be so in
  words, when fewer than two answers can be compared, or when the key or the student gives the
  same answer to all of the compared claims: then κ is 0 (or undefined) whatever the student
  did, so the number would say nothing. Each sentence ends with what counted as an answer
  (``helpers.key.COUNTED``).

``missed`` lists the key's check-worthy claims each student did not annotate, and ``disputed``
ranks the key's claims by how much the class split on a field. The caller chooses which claims
of the key to score (``analyse`` passes those in the parts scored).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from helpers.classroom.measures import AgreementError, cohen_kappa, explain_kappa
from helpers.key import (
    compared_fields,
    counted,
    field_values,
    key_frame,
    match_key,
    measurement_levels,
    single_choice_fields,
)

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

_YES_NO_WORDS = {
    "flagged": {True: "'annotate'", False: "'leave'"},
    "techniques": {True: "'tagged'", False: "'not tagged'"},
}


def _key_of(annotations: Any) -> pd.DataFrame:
    """The key of the article a class's results are about (``ClassResults.article``), else
    the unit's own."""
    from helpers.article import load_article

    name = getattr(annotations, "article", None)
    return key_frame(article=load_article(name) if isinstance(name, str) else None)

def _confusion(
    students: np.ndarray,
    key_answers: pd.Series,
    answers: pd.Series,
    values: tuple,
    n_students: int,
) -> tuple[np.ndarray, tuple]:
    """Per student (``students``: each row's student number), the (key's answer × student's
    answer) counts, an array (students, answers, answers), and the answers in order (``values``
    first, then any others found). Rows missing either answer are left out."""
    import numpy as np
    import pandas as pd

    found = set(pd.unique(key_answers.dropna())) | set(pd.unique(answers.dropna()))
    values = (*values, *sorted(found - set(values), key=str))
    key_codes = pd.Categorical(key_answers, categories=values).codes.astype(np.int64)
    codes = pd.Categorical(answers, categories=values).codes.astype(np.int64)
    keep = (key_codes >= 0) & (codes >= 0)
    size = len(values)
    cell = (students[keep] * size + key_codes[keep]) * size + codes[keep]
    counts = np.bincount(cell, minlength=n_students * size * size)
    return counts.reshape(n_students, size, size), values


def _technique_confusion(
    students: np.ndarray, key_tags: pd.Series, tags: pd.Series, n_students: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per student, the 2 × 2 counts of (the key tags it, the student tags it) over every
    technique of every claim they annotated, and how many of those claims have exactly the
    key's set of techniques."""
    import numpy as np
    import pandas as pd

    from helpers.scheme import load_scheme

    techniques = list(load_scheme().choice_ids("techniques"))
    found = {name for column in (key_tags, tags) for names in column for name in names}
    techniques += sorted(found - set(techniques))

    def tagged(column: pd.Series) -> np.ndarray:
        """One row per claim, one column per technique: is it tagged?"""
        codes, distinct = pd.factorize(column)
        rows = [[name in names for name in techniques] for names in distinct]
        return np.array(rows, dtype=bool).reshape(len(distinct), len(techniques))[codes]

    by_key, by_student = tagged(key_tags), tagged(tags)
    tables = np.zeros((n_students, 2, 2))
    for key_says in (False, True):
        for student_says in (False, True):
            cells = ((by_key == key_says) & (by_student == student_says)).sum(axis=1)
            tables[:, int(key_says), int(student_says)] = np.bincount(
                students, weights=cells, minlength=n_students
            )
    same_set = (by_key == by_student).all(axis=1)
    return tables, np.bincount(students, weights=same_set, minlength=n_students)


def _undefined(field: str, student: str, counts: np.ndarray, values: tuple) -> str | None:
    """Why κ cannot be computed from a student's (key's answer × student's answer) table, or
    None if it can. When the key or the student gives one answer to every compared claim, κ is
    0 (or undefined) whatever the student did: said so, not computed."""
    total = counts.sum()
    if total == 0:
        return "the student annotated none of the key's claims"
    if total < 2:
        return "only one claim to compare"
    key_has, student_has = counts.sum(axis=1) > 0, counts.sum(axis=0) > 0

    def shown(present: np.ndarray) -> str:
        value = values[int(present.argmax())]
        return _YES_NO_WORDS.get(field, {}).get(value, repr(value))

    claims = "every technique of these claims" if field == "techniques" else "all of these claims"
    key_one, student_one = key_has.sum() < 2, student_has.sum() < 2
    if key_one and student_one and shown(key_has) == shown(student_has):
        return f"every answer, the student's and the key's, was {shown(key_has)}"
    if key_one and student_one:
        return f"the key gives {shown(key_has)} and {student} gave {shown(student_has)} to {claims}"
    if key_one:
        return (f"the key gives the same answer ({shown(key_has)}) to {claims}, so κ would be 0 "
                "whatever the student answered")
    if student_one:
        return (f"{student} gave the same answer ({shown(student_has)}) to {claims}, so κ would "
                "be 0 however many matched")
    return None


def against_key(
    annotations: Any,
    key: pd.DataFrame | None = None,
    students: list[str] | None = None,
    matched: pd.DataFrame | None = None,
    levels: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Each student against the key, per field.

    Takes annotations (anything ``helpers.key.annotation_table`` takes), the key (a
    ``key_frame``, default the project's), students to include besides those who annotated,
    ``matched`` (a ``match_key`` table already built from them) and ``levels`` (field ->
    "nominal" or "ordinal"; ordinal uses linearly weighted κ). Returns one row per (student,
    field), sorted by student then field: annotator, field, claims, matches, accuracy,
    agreement, kappa (NaN when undefined), level, meaning (one plain sentence or two).
    """
    import numpy as np
    import pandas as pd

    key = _key_of(annotations) if key is None else key
    matched = match_key(annotations, key, students) if matched is None else matched
    levels = measurement_levels(levels)
    everyone = sorted(matched["annotator"].unique())
    n_students = len(everyone)
    student_of = pd.Categorical(matched["annotator"], categories=everyone).codes.astype(np.int64)
    done = matched["flagged"].to_numpy(dtype=bool)
    annotated, annotated_by = matched[done], student_of[done]
    tables = {
        "flagged": _confusion(student_of, matched["key_worthy"], matched["flagged"],
                              field_values("flagged"), n_students)
    }
    for field in single_choice_fields():
        tables[field] = _confusion(annotated_by, annotated["key_" + field], annotated[field],
                                   field_values(field), n_students)
    technique_tables, same_sets = _technique_confusion(
        annotated_by, annotated["key_techniques"], annotated["techniques"], n_students
    )
    tables["techniques"] = (technique_tables, field_values("techniques"))
    claims = np.bincount(annotated_by, minlength=n_students)
    per_field = {}
    for field, (counts, values) in tables.items():
        weights = "linear" if levels[field] == "ordinal" else None
        totals = counts.sum(axis=(1, 2))
        same = np.trace(counts, axis1=1, axis2=2)
        per_field[field] = (values, cohen_kappa(counts, weights), totals, same, counts)
    rows = []
    for number, student in enumerate(everyone):
        for field in compared_fields():
            values, kappas, totals, same, counts = per_field[field]
            reason = _undefined(field, student, counts[number], values)
            kappa = None if reason or math.isnan(kappas[number]) else float(kappas[number])
            if reason is None and kappa is None:  # pragma: no cover - guarded by _undefined
                reason = "the answers do not vary enough"
            if field == "techniques":
                compared, matches = int(claims[number]), int(same_sets[number])
            else:
                compared, matches = int(totals[number]), int(same[number])
            agreement = same[number] / totals[number] if totals[number] else None
            rows.append(
                {
                    "annotator": student,
                    "field": field,
                    "claims": compared,
                    "matches": matches,
                    "accuracy": round(matches / compared, 4) if compared else math.nan,
                    "agreement": math.nan if agreement is None else round(agreement, 4),
                    "kappa": math.nan if kappa is None else round(kappa, 4),
                    "level": levels[field],
                    "meaning": explain_kappa(kappa, field, matches, compared, student, reason,
                                             agreement, counted("claims", field)),
                }
            )
    columns = ["annotator", "field", "claims", "matches", "accuracy", "agreement", "kappa",
               "level", "meaning"]
    return pd.DataFrame(rows, columns=columns)


def missed(
    annotations: Any,
    key: pd.DataFrame | None = None,
    students: list[str] | None = None,
    matched: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per student, the key's check-worthy claims they did not annotate.

    Takes the same inputs as ``against_key``. Returns one row per student: annotator, found,
    of, missed (counts) and missed_claims (the claims' ids in article order, comma-separated).
    """
    import pandas as pd

    key = _key_of(annotations) if key is None else key
    matched = match_key(annotations, key, students) if matched is None else matched
    columns = ["annotator", "found", "of", "missed", "missed_claims"]
    worthy = matched[matched["key_worthy"]]
    if worthy.empty:
        return pd.DataFrame(columns=columns)
    order = worthy["item"].map(dict(zip(key["item"], key["order"], strict=True)))
    worthy = worthy.assign(order=order).sort_values(["annotator", "order"], kind="stable")
    flagged = worthy["flagged"].astype(bool)
    out = flagged.groupby(worthy["annotator"]).agg(found="sum", of="size")
    gone = worthy.loc[~flagged].groupby("annotator")["item"].agg(", ".join)
    out["found"] = out["found"].astype(int)
    out["missed"] = out["of"] - out["found"]
    out["missed_claims"] = gone.reindex(out.index).fillna("")
    return out.reset_index()[columns]


def disputed(
    annotations: Any,
    key: pd.DataFrame | None = None,
    students: list[str] | None = None,
    field: str = "verdict",
    top: int | None = 5,
    matched: pd.DataFrame | None = None,
    check_worthy_only: bool = False,
) -> pd.DataFrame:
    """The key's claims ranked by how much the students who annotated them disagreed on
    ``field``: disagreement = 1 − the share of the most common answer (ties: more students
    first, then article order). Claims fewer than two students annotated are left out;
    ``check_worthy_only`` keeps those the key calls check-worthy.

    Takes annotations, the key and students as ``against_key`` does (or ``matched``, a
    ``match_key`` table) and the ``top`` claims to keep (None: all). Returns: item,
    sentence_id, quote, students, most_common, share, disagreement, entropy (bits), key_answer,
    source (the key's first source).
    """
    import numpy as np

    if field not in single_choice_fields():
        raise AgreementError(f"field {field!r}: choose one of {', '.join(single_choice_fields())}")
    key = _key_of(annotations) if key is None else key
    matched = match_key(annotations, key, students) if matched is None else matched
    done = matched[matched["flagged"] & (matched["key_worthy"] | (not check_worthy_only))]
    answers = done.groupby("item", sort=False)[field].value_counts().rename("given")
    answers = answers.reset_index()
    answers["students"] = answers.groupby("item")["given"].transform("sum")
    answers = answers[answers["students"] >= 2]
    answers["share"] = answers["given"] / answers["students"]
    answers["entropy"] = -answers["share"] * np.log2(answers["share"])
    answers = answers.sort_values(["item", "given", field], ascending=[True, False, True])
    out = answers.drop_duplicates("item").rename(columns={field: "most_common"})
    out["disagreement"] = (1 - out["share"]).round(4)
    out["share"] = out["share"].round(4)
    out["entropy"] = out["item"].map(answers.groupby("item")["entropy"].sum()).round(4)
    by_item = key.set_index("item")
    out = out.join(by_item[["order", "sentence_id", "quote", "source"]], on="item")
    out["key_answer"] = out["item"].map(by_item[field])
    out = out.sort_values(["disagreement", "students", "order"], ascending=[False, False, True])
    columns = ["item", "sentence_id", "quote", "students", "most_common", "share",
               "disagreement", "entropy", "key_answer", "source"]
    out = out[columns].reset_index(drop=True)
    return out.head(top) if top else out
