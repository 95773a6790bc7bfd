"""Where the class agreed with each other: Krippendorff's α, the flagged sentences, the disputes.

α is computed from units × answers counts (``measures.alpha_from_counts``), per field, part and
technique. Units are the **sentences of the parts scored**. ``flagged``: did the student annotate
the sentence (every student, every sentence). Single-choice fields: the student's answer for each
sentence they annotated (``helpers.key.sentence_labels``). ``techniques``: each (sentence,
technique) pair, tagged or not, over the sentences the student annotated. Beside each α: the
percent agreement (how often two students who judged the same unit gave the same answer) and
what counted as an answer (``helpers.key.COUNTED``: a skipped sentence, a blank verdict). Every
answer is in the terms of the scheme in use, the key's too (``helpers.key.load_key``).

**The parts scored.** Students hand in after each lesson; the parts nobody has reached must not
count (everyone "leaving" their sentences would read as strong agreement, their claims as
missed). A part is scored when at least ``WORKED_ON_SHARE`` of the students (a quarter, at least
one) annotated in it: one student reading ahead does not bring in a part the class has not done,
a few absent students do not drop one it has. Or the teacher chooses (``parts=``). Everything,
the key's claims and "found N of M" included, covers the parts scored; ``ClassAgreement.scope``
says which and why in one sentence.

``analyse`` builds every table of the class-results notebook at once (each student against the
key: ``helpers.classroom.versus_key``) from a ClassResults, a table or the class_annotations.csv
collect wrote (``read_class_csv``).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.classroom.measures import AgreementError, Alpha, alpha_from_counts
from helpers.classroom.versus_key import against_key, disputed, missed
from helpers.key import (
    annotation_table,
    compared_fields,
    counted,
    field_values,
    key_frame,
    load_key,
    match_key,
    measurement_levels,
    sentence_labels,
    sentence_tables,
    single_choice_fields,
    students_in,
)

if TYPE_CHECKING:
    import pandas as pd

    from helpers.article import Article

__all__ = ["AgreementError", "ClassAgreement", "analyse", "class_alpha", "disputed",
           "flagged_by_sentence", "read_class_csv", "scored_parts", "sentence_labels",
           "technique_alpha"]
#: A part is scored when at least this share of the students annotated in it (and one did).
WORKED_ON_SHARE = 0.25


def read_class_csv(path: str | Path) -> pd.DataFrame:
    """The class table collect wrote (class_annotations.csv), read back as collect made it:
    every cell text (a student called "NA" stays "NA"), spreadsheet-safe cells as they were
    (``helpers.formats.csvfile``), start and end whole numbers."""
    import pandas as pd

    from helpers.formats.csvfile import from_spreadsheet_safe

    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table = table.map(from_spreadsheet_safe)
    return table.astype({"start": int, "end": int})


def _names(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def scored_parts(
    table: pd.DataFrame, n_students: int, article: Article, parts: Any = None
) -> tuple[list[str], str]:
    """The parts to score, in article order, and one sentence saying which and why.

    Takes an annotation table, the number of students, the article and ``parts``: None (the
    parts at least ``WORKED_ON_SHARE`` of the students annotated in), "all", one part id or a
    list of them. AgreementError names a part that does not exist.
    """
    ids = [part.id for part in article.parts]
    if parts is not None:
        chosen = list(parts) if not isinstance(parts, str) else ids if parts == "all" else [parts]
        unknown = [str(part) for part in chosen if part not in ids]
        if unknown or not chosen:
            raise AgreementError(f"parts: {', '.join(unknown) or 'none given'}; choose from "
                                 f"{', '.join(ids)}, or 'all'")
        scored = [part for part in ids if part in chosen]
        rest = [part for part in ids if part not in scored]
        left = f"; not scored: {_names(rest)}" if rest else ""
        return scored, f"Scored: {_names(scored)}, as you chose{left}."
    part_of = {sentence.id: sentence.part for sentence in article.sentences}
    by_part = table.groupby(table["sentence_id"].map(part_of))["annotator"].nunique()
    who = {part: int(by_part.get(part, 0)) for part in ids}
    need = max(1, math.ceil(WORKED_ON_SHARE * n_students))
    scored = [part for part in ids if who[part] >= need]
    if not scored:
        return [], "No part is scored: no student annotated anything that could be used."
    rule = f"at least {need} of the {n_students} students ({WORKED_ON_SHARE:.0%} of the class)"
    if len(scored) == len(ids):
        return scored, f"Scored: every part of the article; in each, {rule} annotated something."
    few = [f"{part} ({who[part]} student{'s' * (who[part] > 1)})" for part in ids if who[part]
           and part not in scored]
    none = [part for part in ids if not who[part]]
    rest = "; ".join([*few, *([f"{_names(none)} (no one)"] if none else [])])
    where = "the only part" if len(scored) == 1 else "the parts"
    return scored, (f"Scored: {_names(scored)}, {where} where {rule} annotated something; "
                    f"not scored yet: {rest}.")


def _prepare(
    annotations: Any, students: list[str] | None, article: Article | None, parts: Any
) -> tuple[pd.DataFrame, list[str], Article, list[str], str]:
    """``(table of the parts scored, everyone, article, parts scored, scope sentence)``."""
    from helpers.article import load_article

    if isinstance(annotations, (str, Path)):
        annotations = read_class_csv(annotations)
    if students is None and hasattr(annotations, "students"):
        students = list(annotations.students)
    if article is None or isinstance(article, str):  # a class's results name their article
        article = load_article(article or getattr(annotations, "article", None))
    table = annotation_table(annotations)
    everyone = students_in(table, students)
    scored, scope = scored_parts(table, len(everyone), article, parts)
    sentences = {s.id for part in article.parts if part.id in scored for s in part.sentences}
    return table[table["sentence_id"].isin(sentences)], everyone, article, scored, scope


def _class_counts(
    table: pd.DataFrame, n_students: int, article: Article, parts: list[str]
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Per field, the units × answers counts over the sentences of ``parts`` (index:
    sentence_id; for techniques (sentence_id, technique), tagged or not among the students who
    annotated it), and the tags (``helpers.key.sentence_tables``)."""
    import pandas as pd

    from helpers.scheme import load_scheme

    labels, tags = sentence_tables(table)
    sentences = [s.id for part in article.parts if part.id in parts for s in part.sentences]
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
    return tables, tags


def _alpha_by_part(
    counts: dict[str, pd.DataFrame], article: Article, parts: list[str], n_students: int,
    levels: dict[str, str],
) -> pd.DataFrame:
    import pandas as pd

    scopes = [("all", [s.id for p in article.parts if p.id in parts for s in p.sentences])]
    scopes += [(p.id, [s.id for s in p.sentences]) for p in article.parts if p.id in parts]
    rows = []
    for name in compared_fields():
        for part, sentences in scopes:
            units = counts[name].loc[sentences].to_numpy()
            alpha = alpha_from_counts(units, name, part, n_students, levels[name])
            alpha.counted = counted("sentences", name)
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
        alpha.what, alpha.counted = f"the technique {technique}", counted("sentences", "techniques")
        rows.append({"technique": technique, "tags": int(n_tags), **alpha.row()})
    columns = ["technique", "tags", "alpha", "shown", "agreement", "units", "students", "level",
               "meaning", "reason", "counted"]
    return pd.DataFrame(rows, columns=columns)


def class_alpha(
    annotations: Any,
    students: list[str] | None = None,
    article: Article | None = None,
    levels: dict[str, str] | None = None,
    parts: Any = None,
) -> pd.DataFrame:
    """α per field, over the parts scored and per part scored.

    Takes annotations (anything ``analyse`` takes), students to include besides those who
    annotated, the article, ``levels`` (field -> "nominal" or "ordinal") and ``parts`` (see
    ``scored_parts``). Returns one row per (field, part): field, part ("all": every part scored,
    or a part id), alpha (NaN when undefined), shown ("0.42" or "undefined"), agreement (the
    percent agreement), units, students, level, meaning (plain sentences), reason, counted.
    """
    table, everyone, article, scored, _ = _prepare(annotations, students, article, parts)
    counts, _ = _class_counts(table, len(everyone), article, scored)
    return _alpha_by_part(counts, article, scored, len(everyone), measurement_levels(levels))


def technique_alpha(
    annotations: Any,
    students: list[str] | None = None,
    article: Article | None = None,
    top: int = 5,
    parts: Any = None,
) -> pd.DataFrame:
    """α per frequently tagged technique: tagged or not, over the sentences of the parts scored,
    among the students who annotated each sentence.

    Takes annotations, students, the article and parts as ``class_alpha`` does, and how many
    techniques to show (those tagged most often, at least once). Returns one row per technique:
    technique, tags (how many times tagged), and the columns of ``class_alpha`` from alpha on.
    """
    table, everyone, article, scored, _ = _prepare(annotations, students, article, parts)
    counts, tags = _class_counts(table, len(everyone), article, scored)
    return _alpha_by_technique(counts, tags, len(everyone), top)


def flagged_by_sentence(
    annotations: Any,
    students: list[str] | None = None,
    article: Article | None = None,
    parts: Any = None,
) -> pd.DataFrame:
    """How many students annotated each sentence of the parts scored.

    Takes annotations, students, the article and parts as ``class_alpha`` does. Returns one row
    per sentence in article order: sentence_id, part, number, words (its first words),
    students, share (of all students).
    """
    table, everyone, article, scored, _ = _prepare(annotations, students, article, parts)
    return _flagged(table, everyone, article, scored)


def _flagged(
    table: pd.DataFrame, everyone: list[str], article: Article, parts: list[str]
) -> pd.DataFrame:
    import pandas as pd

    counts = table.groupby("sentence_id")["annotator"].nunique() if len(table) else {}
    rows = []
    for sentence in (s for s in article.sentences if s.part in parts):
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
    columns = ["sentence_id", "part", "number", "words", "students", "share"]
    return pd.DataFrame(rows, columns=columns)


@dataclass
class ClassAgreement:
    """All the tables for a class (see ``analyse``), over the ``parts`` scored (``scope``: which
    and why, in one sentence)."""

    students: list[str]
    alpha: pd.DataFrame
    techniques: pd.DataFrame
    flagged: pd.DataFrame
    against_key: pd.DataFrame
    missed: pd.DataFrame
    disputed: pd.DataFrame
    matched: pd.DataFrame
    key: pd.DataFrame  # the key's claims in the parts scored
    levels: dict[str, str]
    parts: list[str] = dataclasses.field(default_factory=list)
    scope: str = ""

    def meanings(self, table: str = "alpha") -> str:
        """The plain sentences of one table, one per line: ``alpha`` (every part scored),
        ``techniques``, or ``first_student`` (the first student against the key)."""
        rows = {"alpha": lambda: self.alpha[self.alpha["part"] == "all"],
                "techniques": lambda: self.techniques,
                "first_student": lambda: self.against_key[
                    self.against_key["annotator"] == (self.students or [None])[0]]}
        if table not in rows:
            raise ValueError(f"table: {table!r} is not one of alpha, techniques, first_student")
        found = rows[table]()
        if found.empty:
            return ("No technique was tagged in the parts scored." if table == "techniques"
                    else "No student handed in annotations that could be used.")
        return "\n".join(found["meaning"])

    def by_part(self) -> pd.DataFrame:
        """α per field (rows) and part scored (columns; "all": every part scored), as shown to a
        reader: "0.42 (71%)", the percentage being how often two students gave the same answer."""
        cells = [
            shown if math.isnan(agreement) else f"{shown} ({agreement:.0%})"
            for shown, agreement in zip(self.alpha["shown"], self.alpha["agreement"], strict=True)
        ]
        table = self.alpha.assign(cell=cells).pivot(index="field", columns="part", values="cell")
        return table.reindex(index=list(compared_fields()), columns=["all", *self.parts])

    def per_student(self) -> pd.DataFrame:
        """Each student's share of answers matching the key, per field (NaN: no claim to
        compare), and how many of the key's check-worthy claims they found (found of), over the
        parts scored. No student: an empty table with the same columns."""
        fields = list(compared_fields())
        table = self.against_key.pivot(index="annotator", columns="field", values="accuracy")
        table = table.reindex(index=self.students, columns=fields).astype(float)
        found = self.missed.set_index("annotator")[["found", "of"]].reindex(self.students)
        table = table.join(found.fillna(0).astype(int)).round(2)
        table.index.name, table.columns.name = "annotator", None
        return table

    def alpha_for(self, field: str, part: str = "all") -> Alpha:
        """The α of one field and part (default every part scored), as an Alpha."""
        rows = self.alpha[(self.alpha["field"] == field) & (self.alpha["part"] == part)]
        if rows.empty:
            raise AgreementError(f"no α for {field!r} in part {part!r}: the parts scored are "
                                 f"{', '.join(['all', *self.parts])}")
        row = rows.iloc[0]
        value = None if math.isnan(row["alpha"]) else float(row["alpha"])
        agreement = None if math.isnan(row["agreement"]) else float(row["agreement"])
        return Alpha(field, part, value, int(row["units"]), int(row["students"]),
                     row["reason"] or None, agreement=agreement, level=row["level"],
                     counted=row["counted"] or None)


def analyse(
    annotations: Any,
    students: list[str] | None = None,
    article: Article | None = None,
    key: dict | None = None,
    disputed_field: str = "verdict",
    levels: dict[str, str] | None = None,
    parts: Any = None,
) -> ClassAgreement:
    """Every agreement table for a class, over the parts scored.

    Takes the class's annotations (a ClassResults from ``collect``, a DataFrame, a list of
    Annotation objects, or the path of the class_annotations.csv collect wrote), students to
    include besides those who annotated (default: a ClassResults' students), the article, the key
    (from ``load_key``), the field whose disputes to rank, ``levels``: the level of measurement
    per field, "nominal" (the default: answers are just different) or "ordinal" (answers ranked
    in the scheme's order, so a near miss counts less: ordinal α, linearly weighted κ), e.g.
    ``{"check_worthy": "ordinal"}``, and ``parts``: None (the parts the class worked on),
    "all", or the part ids to score.

    Returns a ClassAgreement: α per field and part, α per frequent technique, the share of
    students who flagged each sentence, each student against the key, the check-worthy claims
    each student missed, and the key's check-worthy claims ranked by how much the class
    disputed ``disputed_field``: all over the parts scored, which ``scope`` names.
    """
    levels = measurement_levels(levels)
    table, everyone, article, scored, scope = _prepare(annotations, students, article, parts)
    key_table = key_frame(key or load_key(article=article))
    key_table = key_table[key_table["part"].isin(scored)].reset_index(drop=True)
    matched = match_key(table, key_table, everyone)
    counts, tags = _class_counts(table, len(everyone), article, scored)
    return ClassAgreement(
        students=everyone,
        alpha=_alpha_by_part(counts, article, scored, len(everyone), levels),
        techniques=_alpha_by_technique(counts, tags, len(everyone), top=5),
        flagged=_flagged(table, everyone, article, scored),
        against_key=against_key(table, key_table, everyone, matched, levels),
        missed=missed(table, key_table, everyone, matched),
        disputed=disputed(table, key_table, everyone, disputed_field, top=None,
                          matched=matched, check_worthy_only=True),
        matched=matched,
        key=key_table,
        levels=levels,
        parts=scored,
        scope=scope,
    )
