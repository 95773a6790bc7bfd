"""Where the class agreed with each other: Krippendorff's α, the flagged sentences, the disputes.

The class's annotations become the units × answers counts α is computed from
(``helpers.classroom.measures.alpha_from_counts``), per field, part and technique. Units are the
**sentences** of the article. ``flagged``: did the student annotate the sentence (every student,
every sentence). Single-choice fields: the student's answer for each sentence they annotated
(the one given most often; a tie: the annotation that starts first, then alphabetical order;
"no verdict" is an answer, ``none``). ``techniques``: each (sentence, technique) pair is one
unit, tagged or not, over the sentences the student annotated. Beside each α, ``agreement`` is
the percent agreement: how often two students who judged the same unit gave the same answer.

``analyse`` builds every table of the class-results notebook at once, each student against the
key included (``helpers.classroom.versus_key``): it builds the annotations table once and passes
it on, with the level of measurement per field (nominal by default, or ordinal).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from helpers.classroom.measures import Alpha, alpha_from_counts
from helpers.classroom.versus_key import against_key, missed
from helpers.key import (
    annotation_table,
    compared_fields,
    field_values,
    key_frame,
    load_key,
    match_key,
    measurement_levels,
    single_choice_fields,
    students_in,
)

if TYPE_CHECKING:
    import pandas as pd

    from helpers.article import Article


class AgreementError(ValueError):
    """An argument the agreement tables cannot use (names it and why)."""


def _sentence_tables(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(labels, tags)`` from an annotation table: one row per (annotator, sentence) the student
    annotated, with the answer per field; one row per (annotator, sentence, technique) tagged."""
    import pandas as pd

    keys = ["annotator", "sentence_id"]
    fields = single_choice_fields()
    if table.empty:
        return (
            pd.DataFrame(columns=[*keys, "annotations", *fields]),
            pd.DataFrame(columns=[*keys, "technique"]),
        )
    labels = table.groupby(keys, sort=True).size().rename("annotations").to_frame()
    for field in fields:
        answers = table.groupby([*keys, field], sort=False).agg(
            times=("start", "size"), first=("start", "min")
        )
        answers = answers.reset_index().sort_values(
            [*keys, "times", "first", field], ascending=[True, True, False, True, True]
        )
        labels[field] = answers.drop_duplicates(keys).set_index(keys)[field]
    tags = table[[*keys, "techniques"]].explode("techniques").dropna()
    tags = tags.rename(columns={"techniques": "technique"}).drop_duplicates()
    return labels.reset_index(), tags.reset_index(drop=True)


def sentence_labels(annotations: Any) -> pd.DataFrame:
    """The answer each student gave each sentence they annotated.

    Takes annotations (anything ``helpers.key.annotation_table`` takes). Returns one row per
    (annotator, sentence): annotations (how many), the answer per single-choice field (the most
    frequent among their annotations of that sentence; a tie goes to the one that starts first)
    and techniques (the union of their techniques, a frozenset).
    """
    labels, tags = _sentence_tables(annotation_table(annotations))
    sets = tags.groupby(["annotator", "sentence_id"])["technique"].agg(frozenset)
    found = sets.reindex(list(zip(labels["annotator"], labels["sentence_id"], strict=True)))
    labels["techniques"] = [
        names if isinstance(names, frozenset) else frozenset() for names in found
    ]
    return labels


def _count_tables(
    labels: pd.DataFrame, tags: pd.DataFrame, sentences: list[str], n_students: int
) -> dict[str, pd.DataFrame]:
    """Per field, the units × answers counts over every sentence (index: sentence_id; for
    techniques (sentence_id, technique), tagged or not among the students who annotated it)."""
    import pandas as pd

    from helpers.scheme import load_scheme

    annotated = labels.groupby("sentence_id").size().reindex(sentences, fill_value=0)
    tables = {"flagged": pd.DataFrame({"yes": annotated, "no": n_students - annotated})}
    for field in single_choice_fields():
        values = list(field_values(field))  # the scheme's order: the ranks when ordinal
        values += sorted(set(labels[field].dropna()) - set(values), key=str)
        counts = labels.groupby(["sentence_id", field]).size().unstack(fill_value=0)
        tables[field] = counts.reindex(index=sentences, columns=values, fill_value=0)
    techniques = list(load_scheme().choice_ids("techniques"))
    techniques += sorted(set(tags["technique"]) - set(techniques))
    index = pd.MultiIndex.from_product([sentences, techniques], names=["sentence_id", "technique"])
    tagged = tags.groupby(["sentence_id", "technique"]).size().reindex(index, fill_value=0)
    judged = annotated.reindex(index.get_level_values("sentence_id")).to_numpy()
    tables["techniques"] = pd.DataFrame(
        {"tagged": tagged.to_numpy(), "not tagged": judged - tagged.to_numpy()}, index=index
    )
    return tables


def _class_counts(
    table: pd.DataFrame, n_students: int, article: Article
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The count tables of ``_count_tables`` and the tags, from an annotation table."""
    labels, tags = _sentence_tables(table)
    return _count_tables(labels, tags, [s.id for s in article.sentences], n_students), tags


def _alpha_by_part(
    counts: dict[str, pd.DataFrame], article: Article, n_students: int, levels: dict[str, str]
) -> pd.DataFrame:
    import pandas as pd

    scopes = [("all", [s.id for s in article.sentences])]
    scopes += [(part.id, [s.id for s in part.sentences]) for part in article.parts]
    rows = []
    for field in compared_fields():
        for part, sentences in scopes:
            units = counts[field].loc[sentences].to_numpy()
            alpha = alpha_from_counts(units, field, part, n_students, levels[field])
            rows.append(alpha.row())
    return pd.DataFrame(rows)


def _alpha_by_technique(
    counts: dict[str, pd.DataFrame], tags: pd.DataFrame, n_students: int, top: int
) -> pd.DataFrame:
    import pandas as pd

    used = tags["technique"].value_counts().rename_axis("technique").reset_index(name="tags")
    used = used.sort_values(["tags", "technique"], ascending=[False, True]).head(top)
    rows = []
    for technique, n_tags in zip(used["technique"], used["tags"], strict=True):
        units = counts["techniques"].xs(technique, level="technique").to_numpy()
        alpha = alpha_from_counts(units, "techniques", "all", n_students)
        alpha.what = f"the technique {technique}"
        rows.append({"technique": technique, "tags": int(n_tags), **alpha.row()})
    columns = ["technique", "tags", "alpha", "shown", "agreement", "units", "students", "level",
               "meaning"]
    return pd.DataFrame(rows, columns=columns)


def class_alpha(
    annotations: Any,
    students: list[str] | None = None,
    article: Article | None = None,
    levels: dict[str, str] | None = None,
) -> pd.DataFrame:
    """α per field, for the whole article and per part.

    Takes annotations (anything ``helpers.key.annotation_table`` takes), students to include
    besides those who annotated, the article and ``levels`` (field -> "nominal" or "ordinal").
    Returns one row per (field, part): field, part ("all" or a part id), alpha (NaN when
    undefined), shown ("0.42" or "undefined"), agreement (the percent agreement), units,
    students, level, meaning (one plain sentence or two).
    """
    from helpers.article import load_article

    article = article or load_article()
    table = annotation_table(annotations)
    n_students = len(students_in(table, students))
    counts, _ = _class_counts(table, n_students, article)
    return _alpha_by_part(counts, article, n_students, measurement_levels(levels))


def technique_alpha(
    annotations: Any,
    students: list[str] | None = None,
    article: Article | None = None,
    top: int = 5,
) -> pd.DataFrame:
    """α per frequently tagged technique: tagged or not, over the sentences, among the students
    who annotated each sentence.

    Takes annotations, students and the article as ``class_alpha`` does, and how many
    techniques to show (those tagged most often, at least once). Returns one row per technique:
    technique, tags (how many times tagged), and the columns of ``class_alpha`` from alpha to
    meaning.
    """
    from helpers.article import load_article

    article = article or load_article()
    table = annotation_table(annotations)
    n_students = len(students_in(table, students))
    counts, tags = _class_counts(table, n_students, article)
    return _alpha_by_technique(counts, tags, n_students, top)


def flagged_by_sentence(
    annotations: Any, students: list[str] | None = None, article: Article | None = None
) -> pd.DataFrame:
    """How many students annotated each sentence.

    Takes annotations, students and the article as ``class_alpha`` does. Returns one row per
    sentence in article order: sentence_id, part, number, words (its first words), students,
    share (of all students).
    """
    import pandas as pd

    from helpers.article import load_article

    article = article or load_article()
    table = annotation_table(annotations)
    everyone = students_in(table, students)
    counts = table.groupby("sentence_id")["annotator"].nunique() if len(table) else {}
    rows = []
    for sentence in article.sentences:
        annotated = int(counts.get(sentence.id, 0))
        words = sentence.text.split()
        rows.append({
            "sentence_id": sentence.id,
            "part": sentence.part,
            "number": sentence.number,
            "words": " ".join(words[:5]) + ("…" if len(words) > 5 else ""),
            "students": annotated,
            "share": round(annotated / len(everyone), 4) if everyone else 0.0,
        })
    return pd.DataFrame(rows)


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

    Takes annotations, the key and students as ``versus_key.against_key`` does (or ``matched``,
    a ``match_key`` table) and the ``top`` claims to keep (None: all). Returns: item,
    sentence_id, quote, students, most_common, share, disagreement, entropy (bits), key_answer,
    source (the key's first source).
    """
    import numpy as np

    if field not in single_choice_fields():
        raise AgreementError(f"field {field!r}: choose one of {', '.join(single_choice_fields())}")
    key = key_frame() if key is None else key
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


@dataclass
class ClassAgreement:
    """All the tables for a class (see ``analyse``)."""

    students: list[str]
    alpha: pd.DataFrame
    techniques: pd.DataFrame
    flagged: pd.DataFrame
    against_key: pd.DataFrame
    missed: pd.DataFrame
    disputed: pd.DataFrame
    matched: pd.DataFrame
    key: pd.DataFrame
    levels: dict[str, str]

    def meanings(self, table: str = "alpha") -> str:
        """The plain sentences of one table, one per line: ``alpha`` (the whole article),
        ``techniques``, or ``first_student`` (the first student against the key)."""
        if table == "alpha":
            rows = self.alpha[self.alpha["part"] == "all"]
        elif table == "techniques":
            rows = self.techniques
        elif table == "first_student":
            if not self.students:
                return ""
            rows = self.against_key[self.against_key["annotator"] == self.students[0]]
        else:
            raise ValueError(f"table: {table!r} is not one of alpha, techniques, first_student")
        return "\n".join(rows["meaning"])

    def by_part(self) -> pd.DataFrame:
        """α per field (rows) and part of the article (columns), as shown to a reader: "0.42
        (71%)", the percentage being how often two students gave the same answer."""
        from helpers.article import PART_IDS

        cells = [
            shown if math.isnan(agreement) else f"{shown} ({agreement:.0%})"
            for shown, agreement in zip(self.alpha["shown"], self.alpha["agreement"], strict=True)
        ]
        table = self.alpha.assign(cell=cells).pivot(index="field", columns="part", values="cell")
        return table.reindex(list(compared_fields()))[["all", *PART_IDS]]

    def per_student(self) -> pd.DataFrame:
        """Each student's share of answers matching the key, per field, and how many of the
        key's check-worthy claims they found (found of)."""
        table = self.against_key.pivot(index="annotator", columns="field", values="accuracy")
        found = self.missed.set_index("annotator")[["found", "of"]]
        return table[list(compared_fields())].join(found).round(2)

    def alpha_for(self, field: str, part: str = "all") -> Alpha:
        """The α of one field and part (default the whole article), as an Alpha."""
        row = self.alpha[(self.alpha["field"] == field) & (self.alpha["part"] == part)].iloc[0]
        value = None if math.isnan(row["alpha"]) else float(row["alpha"])
        agreement = None if math.isnan(row["agreement"]) else float(row["agreement"])
        words = row["meaning"].split("cannot be computed: ", 1)
        reason = words[-1].rstrip(".") if value is None else None
        return Alpha(field, part, value, int(row["units"]), int(row["students"]), reason,
                     agreement=agreement, level=row["level"])


def analyse(
    annotations: Any,
    students: list[str] | None = None,
    article: Article | None = None,
    key: dict | None = None,
    disputed_field: str = "verdict",
    levels: dict[str, str] | None = None,
) -> ClassAgreement:
    """Every agreement table for a class.

    Takes the class's annotations (a ClassResults from ``collect``, a DataFrame or a list of
    Annotation objects), students to include besides those who annotated (default: a
    ClassResults' students), the article, the key (from ``load_key``), the field whose disputes
    to rank and ``levels``: the level of measurement per field, "nominal" (the default: answers
    are just different) or "ordinal" (answers ranked in the scheme's order, so a near miss
    counts less: ordinal α, linearly weighted κ), e.g. ``{"check_worthy": "ordinal"}``.

    Returns a ClassAgreement: α per field and part, α per frequent technique, the share of
    students who flagged each sentence, each student against the key, the check-worthy claims
    each student missed, and the key's check-worthy claims ranked by how much the class
    disputed ``disputed_field``.
    """
    from helpers.article import load_article

    if students is None and hasattr(annotations, "students"):
        students = list(annotations.students)
    article = article or load_article()
    levels = measurement_levels(levels)
    table = annotation_table(annotations)
    everyone = students_in(table, students)
    key_table = key_frame(key or load_key(article=article))
    matched = match_key(table, key_table, everyone)
    counts, tags = _class_counts(table, len(everyone), article)
    return ClassAgreement(
        students=everyone,
        alpha=_alpha_by_part(counts, article, len(everyone), levels),
        techniques=_alpha_by_technique(counts, tags, len(everyone), top=5),
        flagged=flagged_by_sentence(table, everyone, article),
        against_key=against_key(table, key_table, everyone, matched, levels),
        missed=missed(table, key_table, everyone, matched),
        disputed=disputed(table, key_table, everyone, disputed_field, top=None,
                          matched=matched, check_worthy_only=True),
        matched=matched,
        key=key_table,
        levels=levels,
    )
