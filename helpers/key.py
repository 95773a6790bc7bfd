"""The answer key, and the students' annotations matched to its claims.

The key (data/key/answer_key.json) lists the article's claims (an item: a quote in a sentence)
with the key's answer to each question of the scheme. Everything that compares annotations with
the key or with each other starts here:

* ``load_key`` and ``key_frame``: the key, checked against the article, as a table;
* ``annotation_table``: a class's (or one student's) annotations as the table every comparison
  reads, built once and passed on;
* ``sentence_labels``: the answer each student gave each sentence they annotated (what the class's
  α is counted from);
* ``match_key``: each student's best-matching annotation for each claim of the key (their quote
  overlaps the key's; of several, the one whose span matches best: overlap ÷ union);
* ``single_choice_fields``, ``compared_fields``, ``field_values``, ``measurement_levels``: which
  questions are compared, the answers each allows, and how they are measured.

**Whose terms.** The key is written in the full research scheme's ids (data/scheme_full.json;
the file's ``scheme`` says so). ``load_key`` gives it in the terms of the scheme in use
(``helpers.scheme.load_scheme()``, or the ``scheme`` given), mapped as the simple scheme
declares (``helpers.scheme.map_values``: factual, statistic and quote are ``fact``; misleading
and refuted ``needs_correction`` …), so the class's answers and the key's are compared in the
same terms. The field table decides what is compared: every ``choice`` field (one answer per
claim) and the ``techniques`` field, technique by technique (tagged or not).

**The key's rule** (what lesson 5 teaches): a verdict only for a fact someone can check today.
Opinions, predictions and framing are not check-worthy and get no verdict; loaded words that
hide a checkable fact make that fact a claim with a verdict, the words tagged as techniques.

**What counts as an answer** (said beside every number: ``COUNTED``). A sentence or claim a
student did not annotate is their answer "leave it" to *which to annotate*, and missing for every
other question: they gave it no claim type, so none is made up (α and κ leave missing answers
out). A blank verdict is the answer ``NO_VERDICT`` ("no verdict"), not missing: the verdict is
optional, the key itself gives none to opinions and predictions, and a student who leaves every
verdict blank must not drop out of the verdict numbers (blank on a claim the key checked is a
mismatch). Empty technique cells (a CSV read back by pandas) are no technique.

Used by the lessons (a student's own verdicts beside the sources') and by the teacher's class
results (``helpers.classroom.agreement``, ``helpers.classroom.versus_key``). pandas is imported
inside the functions, so ``import helpers.key`` stays cheap.
"""

from __future__ import annotations

import json
import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.paths import DATA

if TYPE_CHECKING:
    import pandas as pd

    from helpers.article import Article
    from helpers.scheme import Scheme

KEY_PATH = DATA / "key" / "answer_key.json"
MAX_KEY_BYTES = 4 * 1024 * 1024
#: The scheme whose ids the key is written in, unless the key file names another ("scheme").
KEY_SCHEME = "full"
#: The answer recorded when there is no verdict (the key gives none to opinions and predictions).
NO_VERDICT = "none"
#: How each compared field is named in the plain sentences for the teacher.
FIELD_WORDS = {
    "flagged": "which sentences to annotate",
    "claim_type": "claim type",
    "check_worthy": "check-worthiness",
    "verdict": "verdict",
    "techniques": "persuasion techniques",
}
#: What counted as an answer, one sentence per compared field, beside each number: among the
#: class (units: the sentences) and against the key (units: the key's claims).
COUNTED = {
    "sentences": {
        "flagged": "A sentence a student did not annotate counts as their answer 'leave it'.",
        "claim_type": "Only the sentences a student annotated count; a skipped one is left out.",
        "check_worthy": "Only the sentences a student annotated count; a skipped one is left "
        "out.",
        "verdict": "Only the sentences a student annotated count, and a blank verdict counts as "
        "the answer 'no verdict'.",
        "techniques": "Only the sentences a student annotated count; there, each technique is "
        "tagged or not.",
    },
    "claims": {
        "flagged": "A claim they did not annotate counts as 'leave it'.",
        "claim_type": "Claims they did not annotate are left out.",
        "check_worthy": "Claims they did not annotate are left out.",
        "verdict": "Claims they did not annotate are left out; a blank verdict counts as 'no "
        "verdict'.",
        "techniques": "Claims they did not annotate are left out.",
    },
}
#: Levels of measurement a compared field can be given (see ``measurement_levels``).
LEVELS = ("nominal", "ordinal")
_FRAMED = "helpers.key.annotation_table"


class AnswerKeyError(ValueError):
    """The key or the annotations table cannot be used (names the file or column and why)."""


def counted(units: str, field: str) -> str:
    """What counted as an answer for ``field`` (``COUNTED``; a field a teacher added to the
    scheme reads like claim type)."""
    return COUNTED[units].get(field, COUNTED[units]["claim_type"])


# -- the compared fields ---------------------------------------------------------------------------
def _scheme(scheme=None):
    from helpers.scheme import load_scheme

    return scheme or load_scheme()


def single_choice_fields(scheme=None) -> tuple[str, ...]:
    """The questions answered with one choice per claim: the ``choice`` fields of the scheme
    (default the one in use), in its order: claim type, check-worthiness, verdict."""
    return tuple(f.name for f in _scheme(scheme).of_kind("choice"))


def compared_fields(scheme=None) -> tuple[str, ...]:
    """Every field compared between students and with the key, in the order tables show them:
    ``flagged`` (annotated or not), the single-choice fields, then ``techniques``."""
    return ("flagged", *single_choice_fields(scheme), "techniques")


def field_values(field: str, scheme=None) -> tuple:
    """The answers a compared field allows, in the scheme's order (the order that ranks them when
    the field is measured as ordinal). ``verdict`` adds ``NO_VERDICT`` last; ``flagged`` and
    ``techniques`` (tagged or not, technique by technique) are ``(False, True)``."""
    if field in ("flagged", "techniques"):
        return (False, True)
    values = tuple(_scheme(scheme).choice_ids(field))
    return (*values, NO_VERDICT) if field == "verdict" else values


def measurement_levels(levels: dict[str, str] | None = None) -> dict[str, str]:
    """The level of measurement of every compared field: ``levels`` (field -> "nominal" or
    "ordinal") over the default, nominal for all. ValueError names an unknown field or level."""
    chosen = dict(levels or {})
    for field, level in chosen.items():
        if field not in compared_fields():
            raise ValueError(
                f"levels: {field!r} is not a compared field ({', '.join(compared_fields())})"
            )
        if level not in LEVELS:
            raise ValueError(f"levels: {field!r} must be 'nominal' or 'ordinal', not {level!r}")
    return {field: chosen.get(field, "nominal") for field in compared_fields()}


# -- the key ---------------------------------------------------------------------------------------
@lru_cache(maxsize=4)
def _read_key(path: str) -> str:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_KEY_BYTES:
            raise AnswerKeyError(
                f"{path}: the answer key is not a regular file of at most {MAX_KEY_BYTES:,} bytes"
            )
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or exc
        raise AnswerKeyError(f"{path}: the answer key cannot be read ({why})") from None


def load_key(
    path: str | Path | None = None, article: Article | None = None, scheme: Scheme | None = None
) -> dict:
    """The answer key (default data/key/answer_key.json) with each item's offsets in the article,
    in the terms of ``scheme``.

    Takes the key's path (default: the article's key/answer_key.json), the article (default:
    the project's; another article without a key file has no items yet) and the scheme
    (default: the one in use). Returns ``{"article_version", "items": [...]}``; each item gains
    ``start``, ``end`` and ``number`` (its sentence's number in the part), and its scheme fields
    are mapped to ``scheme`` (``helpers.scheme.map_values``; the key's other entries, its
    ``note`` and ``confidence`` included, stay). AnswerKeyError if the file cannot be read, the
    key belongs to another version of the article, a quote is not in its sentence or an answer
    does not map.
    """
    from helpers.article import ArticleError, load_article
    from helpers.errors import AnnotationError
    from helpers.scheme import load_scheme, map_values

    article = article if article is not None and not isinstance(article, str) else (
        load_article(article)
    )
    scheme = _scheme(scheme)
    if path is None and not article.is_default:
        path = article.folder / "key" / "answer_key.json"
        if not path.is_file():
            return {"article_version": article.version, "items": []}
    path = str(path or KEY_PATH)
    try:
        data = json.loads(_read_key(path))
    except json.JSONDecodeError as exc:
        raise AnswerKeyError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    if data.get("article_version") != article.version:
        raise AnswerKeyError(
            f"{path}: the key is for article version {data.get('article_version')!r}, "
            f"not this article ({article.version})"
        )
    own = load_scheme(data.get("scheme", KEY_SCHEME))
    items = []
    for item in data.get("items", []):
        item = dict(item)
        try:
            sentence = article.sentence(item["sentence_id"])
            item["start"], item["end"] = article.find(item["quote"], within=sentence.id)
            if own is not scheme:
                values = {f.name: item[f.name] for f in own.table if f.name in item}
                item.update(map_values(values, own, scheme))
        except (ArticleError, AnnotationError, KeyError) as exc:
            raise AnswerKeyError(f"{path}: key item {item.get('id')!r}: {exc}") from None
        item["number"] = sentence.number
        items.append(item)
    return {"article_version": data["article_version"], "items": items}


def key_frame(
    key: dict | None = None, article: Article | None = None, scheme: Scheme | None = None
) -> pd.DataFrame:
    """The key as a table, one row per claim in article order.

    Takes a key from ``load_key`` (default: the project's key for ``article``, in the terms of
    ``scheme``, default the one in use). Columns: item, order, part, sentence_id, kstart, kend
    (the quote's offsets), quote, the single-choice fields (claim_type, check_worthy, verdict:
    ``NO_VERDICT`` when the key gives none), techniques (a tuple), source (the first), key_note.
    """
    import pandas as pd

    key = key or load_key(article=article, scheme=scheme)
    rows = []
    for order, item in enumerate(key["items"]):
        sources = item.get("sources") or []
        row = {"item": item["id"], "order": order, "part": item["part"],
               "sentence_id": item["sentence_id"], "kstart": item["start"],
               "kend": item["end"], "quote": item["quote"]}
        row.update({field: item.get(field) for field in single_choice_fields(scheme)})
        row["verdict"] = item.get("verdict") or NO_VERDICT
        row["techniques"] = tuple(item.get("techniques") or ())
        row["source"] = sources[0] if sources else ""
        row["key_note"] = item.get("note", "")
        rows.append(row)
    if not rows:  # no key yet (another article): the same columns, no rows
        fields = [f for f in single_choice_fields(scheme) if f != "verdict"]
        return pd.DataFrame(columns=[*_KEY_COLUMNS, *fields, "verdict", *_KEY_TAIL])
    return pd.DataFrame(rows)


_KEY_COLUMNS = ("item", "order", "part", "sentence_id", "kstart", "kend", "quote")
_KEY_TAIL = ("techniques", "source", "key_note")


# -- the annotations -------------------------------------------------------------------------------
def _table_columns() -> list[str]:
    return ["annotator", "sentence_id", "start", "end", *single_choice_fields(), "techniques"]


def _tags(cell: Any) -> tuple:
    """A techniques cell as a tuple: "a;b" (CSV), a tuple or list, or nothing (an empty cell,
    NaN when pandas read it back)."""
    if isinstance(cell, str):
        return tuple(tag.strip() for tag in cell.split(";") if tag.strip())
    return tuple(cell) if isinstance(cell, (tuple, list, set, frozenset)) else ()


def annotation_table(annotations: Any) -> pd.DataFrame:
    """The annotations as the table every comparison reads.

    Takes a ClassResults (``collect(...)``), a DataFrame of annotations (the class's or the
    store's, or the class table read back from class_annotations.csv) or a list of Annotation
    objects. Returns a DataFrame with the columns annotator, sentence_id, start, end, the
    single-choice fields (a blank verdict is ``NO_VERDICT``) and techniques (a tuple; an empty
    cell is none). A table this function returned comes back as it is, so a caller can
    build it once and pass it on. AnswerKeyError if a column is missing.
    """
    import pandas as pd

    columns = _table_columns()
    if isinstance(annotations, pd.DataFrame) and annotations.attrs.get(_FRAMED):
        if list(annotations.columns) == columns:
            return annotations
    if hasattr(annotations, "annotations") and not isinstance(annotations, pd.DataFrame):
        annotations = annotations.annotations
    if isinstance(annotations, list):
        annotations = pd.DataFrame([a.to_dict() for a in annotations])
    if not isinstance(annotations, pd.DataFrame):
        raise AnswerKeyError("expected a table of annotations (collect(...).annotations)")
    if annotations.empty:
        table = pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
    else:
        missing = [column for column in columns if column not in annotations.columns]
        if missing:
            raise AnswerKeyError(
                "the annotations table lacks the column(s) " + ", ".join(missing)
            )
        table = annotations[columns].copy()
        verdict = table["verdict"]
        table["verdict"] = verdict.where(verdict.notna() & (verdict != ""), NO_VERDICT)
        table["techniques"] = [_tags(tags) for tags in table["techniques"]]
    table.attrs[_FRAMED] = True
    return table


def sentence_tables(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
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

    Takes annotations (anything ``annotation_table`` takes). Returns one row per
    (annotator, sentence): annotations (how many), the answer per single-choice field (the most
    frequent among their annotations of that sentence; a tie goes to the one that starts first)
    and techniques (the union of their techniques, a frozenset).
    """
    labels, tags = sentence_tables(annotation_table(annotations))
    sets = tags.groupby(["annotator", "sentence_id"])["technique"].agg(frozenset)
    found = sets.reindex(list(zip(labels["annotator"], labels["sentence_id"], strict=True)))
    labels["techniques"] = [
        names if isinstance(names, frozenset) else frozenset() for names in found
    ]
    return labels


def students_in(table: pd.DataFrame, students: list[str] | None = None) -> list[str]:
    """Everyone to report on, sorted: the annotators of ``table`` (an ``annotation_table``) and
    the ``students`` given (who may have handed in nothing)."""
    found = set(table["annotator"].unique()) if len(table) else set()
    return sorted(found | set(students or ()))


def match_key(
    annotations: Any, key: pd.DataFrame | None = None, students: list[str] | None = None
) -> pd.DataFrame:
    """Each student's annotation for each claim of the key.

    Takes annotations (anything ``annotation_table`` takes), the key (a ``key_frame``, default
    the project's) and the students to include besides those who annotated. Returns one row per
    (student, key claim): annotator, item, the student's answers from the best-matching
    annotation (missing when they did not annotate the claim), ``flagged`` (they annotated it:
    their quote overlaps the key's), ``key_`` + each field, and ``key_worthy`` (the key calls the
    claim check-worthy).
    """
    import pandas as pd

    table = annotation_table(annotations)
    key = key_frame() if key is None else key
    everyone = students_in(table, students)
    grid = pd.MultiIndex.from_product([everyone, key["item"]], names=["annotator", "item"])
    answers = [*single_choice_fields(), "techniques"]
    if table.empty:
        best = pd.DataFrame(columns=["annotator", "item", *answers])
    else:
        pairs = table.merge(key[["item", "sentence_id", "kstart", "kend"]], on="sentence_id")
        low = pairs[["start", "kstart"]].max(axis=1)
        high = pairs[["end", "kend"]].min(axis=1)
        pairs["overlap"] = high - low
        pairs = pairs[pairs["overlap"] > 0]
        union = pairs[["end", "kend"]].max(axis=1) - pairs[["start", "kstart"]].min(axis=1)
        pairs = pairs.assign(fit=pairs["overlap"] / union)
        pairs = pairs.sort_values(
            ["annotator", "item", "fit", "start"], ascending=[True, True, False, True]
        )
        best = pairs.drop_duplicates(["annotator", "item"])[["annotator", "item", *answers]]
    out = best.set_index(["annotator", "item"]).reindex(grid).reset_index()
    out["flagged"] = out["claim_type"].notna()
    by_item = key.set_index("item")
    for column in answers:
        out["key_" + column] = out["item"].map(by_item[column])
    out["key_worthy"] = out["key_check_worthy"] == "yes"
    return out
