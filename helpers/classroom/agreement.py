"""Where the class agreed: with each other (Krippendorff's α) and with the key (Cohen's κ).

The numbers come from kept libraries: ``krippendorff.alpha`` (nominal level) for α and
scikit-learn's ``cohen_kappa_score`` for κ. This module only arranges the class's annotations
into the tables those functions take, guards the cases where a number is undefined, and says in
one plain sentence what each number means (``explain_alpha``, ``explain_kappa``).

**Units and values.** Agreement *among students* is measured over the **sentences** of the article
(16 of them; per part and overall). For each student and sentence:

* ``flagged``: did the student annotate the sentence at all (yes/no; every student, every
  sentence);
* ``claim_type``, ``check_worthy``, ``verdict``: the student's answer for that sentence, only for
  the sentences the student annotated (the rest are missing, which α allows). When a student
  annotated one sentence several times, the answer given most often counts (a tie: the answer
  of the annotation that starts first, then the first in alphabetical order). "No verdict" is
  an answer of its own (``none``): the key gives no verdict to opinions and predictions either;
* ``techniques``: a choice we made because students may tag several techniques at once. Each
  (sentence, technique) pair is one unit with the value present/absent (present when any of the
  student's annotations of the sentence tags it), over the sentences the student annotated; that
  gives one α for the whole field. ``technique_alpha`` adds α per frequent technique
  (present/absent over the sentences).

Agreement *with the key* is measured over the **claims of the key** (its items: a quote in a
sentence). A student's annotation counts for a key claim when their quotes overlap; of several,
the one whose span matches best (overlap ÷ union of the two spans). Per student and field:
accuracy (share of the claims they annotated where they gave the key's answer) and Cohen's κ (the
same, corrected for chance). ``flagged`` here compares "the student annotated the claim" with
"the key calls it check-worthy" over all the key's claims; ``techniques`` counts a claim as right
when the set of techniques is the key's, and κ compares the present/absent decisions for each
technique.

α and κ are undefined, and said to be so in words rather than shown as NaN, when fewer than two
students (or claims) can be compared, or when every answer was the same (nothing varies, so
agreement beyond chance cannot be measured).

Speed: the tables are built with pandas for the whole class at once; α is one library call per
field and part; κ is one scikit-learn call per distinct (student × field) table of answers,
which is most of the time for a large class (about 2 s for 1,000 students; see
bench/bench_collect.py).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers.paths import DATA

if TYPE_CHECKING:
    import pandas as pd

    from helpers.article import Article

KEY_PATH = DATA / "key" / "answer_key.json"
NO_VERDICT = "none"
NOMINAL_FIELDS = ("claim_type", "check_worthy", "verdict")
FIELDS = ("flagged", *NOMINAL_FIELDS, "techniques")
#: How each field is named in the plain sentences.
FIELD_WORDS = {
    "flagged": "which sentences to annotate",
    "claim_type": "claim type",
    "check_worthy": "check-worthiness",
    "verdict": "verdict",
    "techniques": "persuasion techniques",
}
KEY_FIELD_WORDS = {**FIELD_WORDS, "flagged": "which claims to annotate"}


class AgreementError(ValueError):
    """The key or the class table cannot be used (names the file or column and why)."""


# -- the key ---------------------------------------------------------------------------------------
@lru_cache(maxsize=4)
def _read_key(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise AgreementError(f"{path}: the answer key cannot be read ({exc.strerror})") from None


def load_key(path: str | Path | None = None, article: Article | None = None) -> dict:
    """The answer key (data/key/answer_key.json) with each item's offsets in the article.

    Returns ``{"article_version", "items": [...]}``; each item gains ``start``, ``end`` and
    ``number`` (its sentence's number in the part). AgreementError if the key belongs to another
    version of the article or a quote is not in its sentence.
    """
    from helpers.article import ArticleError, load_article

    article = article or load_article()
    path = str(path or KEY_PATH)
    try:
        data = json.loads(_read_key(path))
    except json.JSONDecodeError as exc:
        raise AgreementError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    if data.get("article_version") != article.version:
        raise AgreementError(
            f"{path}: the key is for article version {data.get('article_version')!r}, "
            f"not this article ({article.version})"
        )
    items = []
    for item in data.get("items", []):
        item = dict(item)
        try:
            sentence = article.sentence(item["sentence_id"])
            item["start"], item["end"] = article.find(item["quote"], within=sentence.id)
        except (ArticleError, KeyError) as exc:
            raise AgreementError(f"{path}: key item {item.get('id')!r}: {exc}") from None
        item["number"] = sentence.number
        items.append(item)
    return {"article_version": data["article_version"], "items": items}


def key_frame(key: dict | None = None, article: Article | None = None) -> pd.DataFrame:
    """The key as a table: one row per claim, in article order."""
    import pandas as pd

    key = key or load_key(article=article)
    rows = []
    for order, it in enumerate(key["items"]):
        sources = it.get("sources") or []
        rows.append(
            {
                "item": it["id"],
                "order": order,
                "part": it["part"],
                "sentence_id": it["sentence_id"],
                "kstart": it["start"],
                "kend": it["end"],
                "quote": it["quote"],
                "claim_type": it["claim_type"],
                "check_worthy": it["check_worthy"],
                "verdict": it.get("verdict") or NO_VERDICT,
                "techniques": tuple(it.get("techniques") or ()),
                "source": sources[0] if sources else "",
                "key_note": it.get("note", ""),
            }
        )
    return pd.DataFrame(rows)


# -- plain sentences -------------------------------------------------------------------------------
def explain_alpha(
    value: float | None,
    field: str,
    reason: str | None = None,
    part: str | None = None,
    what: str | None = None,
) -> str:
    """One sentence that says what an α means for a teacher."""
    what = what or FIELD_WORDS.get(field, field)
    where = f" in part '{part}'" if part and part != "all" else ""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f"α for {what}{where} cannot be computed: {reason or 'there is nothing to compare'}."
    head = f"α = {value:.2f} for {what}{where}: "
    if value >= 0.8:
        return head + "the class agreed strongly (0.8 is the usual bar for reliable judgements)."
    if value >= 0.667:
        return head + (
            "the class mostly agreed, enough for tentative conclusions; look at the few "
            "disputed claims."
        )
    if value >= 0.2:
        return head + (
            "the class agreed more than chance but far from fully; use the disputed claims to "
            "discuss why."
        )
    if value > -0.1:
        return head + (
            "about as much agreement as chance would give: students judged these very "
            "differently; a good place to compare reasons."
        )
    return head + (
        "less agreement than chance: students disagreed systematically; check that everyone "
        "read the question the same way."
    )


def _kappa_words(k: float) -> str:
    # Landis & Koch (1977)
    if k < 0:
        return "less than chance"
    for bar, words in ((0.2, "slight"), (0.4, "fair"), (0.6, "moderate"), (0.8, "substantial")):
        if k <= bar:
            return f"{words} agreement beyond chance"
    return "almost perfect agreement"


def explain_kappa(
    value: float | None,
    field: str,
    matches: int,
    n: int,
    student: str = "The student",
    reason: str | None = None,
) -> str:
    """One sentence that says how a student compares with the key on one field."""
    what = KEY_FIELD_WORDS.get(field, field)
    if n == 0:
        return f"{student}: no claims to compare with the key for {what}."
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
        return f"{head}; κ cannot be computed: {reason or 'there is nothing to compare'}."
    return f"{head}; κ = {value:.2f}, {_kappa_words(value)}."


# -- the class table -------------------------------------------------------------------------------
def _frame(annotations: Any) -> pd.DataFrame:
    """The annotations table of a ClassResults, a DataFrame, or a list of Annotation objects."""
    import pandas as pd

    if hasattr(annotations, "annotations") and not isinstance(annotations, pd.DataFrame):
        annotations = annotations.annotations
    if isinstance(annotations, list):
        annotations = pd.DataFrame([a.to_dict() for a in annotations])
    if not isinstance(annotations, pd.DataFrame):
        raise AgreementError("expected a table of annotations (collect(...).annotations)")
    need = ["annotator", "sentence_id", "start", "end", *NOMINAL_FIELDS, "techniques"]
    if annotations.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in need})
    missing = [c for c in need if c not in annotations.columns]
    if missing:
        raise AgreementError("the annotations table lacks the column(s) " + ", ".join(missing))
    df = annotations[need].copy()
    df["verdict"] = df["verdict"].where(df["verdict"].notna() & (df["verdict"] != ""), NO_VERDICT)
    df["techniques"] = [
        tuple(t) if not isinstance(t, str) else tuple(x for x in t.split(";") if x)
        for t in df["techniques"]
    ]
    return df


def _students(df: pd.DataFrame, students) -> list[str]:
    found = set(df["annotator"].unique()) if len(df) else set()
    return sorted(found | set(students or ()))


def _sentence_tables(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(labels, tags)``: one row per (annotator, sentence) the student annotated, with the
    answer per field; and one row per (annotator, sentence, technique) the student tagged."""
    import pandas as pd

    keys = ["annotator", "sentence_id"]
    if df.empty:
        return (
            pd.DataFrame(columns=[*keys, "annotations", *NOMINAL_FIELDS]),
            pd.DataFrame(columns=[*keys, "technique"]),
        )
    out = df.groupby(keys, sort=True).size().rename("annotations").to_frame()
    for fld in NOMINAL_FIELDS:
        g = df.groupby([*keys, fld], sort=False).agg(n=("start", "size"), first=("start", "min"))
        g = g.reset_index().sort_values(
            [*keys, "n", "first", fld], ascending=[True, True, False, True, True]
        )
        out[fld] = g.drop_duplicates(keys).set_index(keys)[fld]
    tags = df[[*keys, "techniques"]].explode("techniques").dropna()
    tags = tags.rename(columns={"techniques": "technique"}).drop_duplicates()
    return out.reset_index(), tags.reset_index(drop=True)


def sentence_labels(annotations: Any) -> pd.DataFrame:
    """One row per (annotator, sentence) the student annotated: the answer per field (the most
    frequent among their annotations of that sentence; a tie goes to the one that starts first)
    and the union of their techniques (a frozenset)."""
    labels, tags = _sentence_tables(_frame(annotations))
    sets = tags.groupby(["annotator", "sentence_id"])["technique"].agg(frozenset)
    found = sets.reindex(list(zip(labels["annotator"], labels["sentence_id"], strict=True)))
    labels["techniques"] = [t if isinstance(t, frozenset) else frozenset() for t in found]
    return labels


# -- Krippendorff's α ------------------------------------------------------------------------------
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

    @property
    def meaning(self) -> str:
        return explain_alpha(self.value, self.field, self.reason, self.part, self.what)

    @property
    def shown(self) -> str:
        return "undefined" if self.value is None else f"{self.value:.2f}"


def alpha_from_counts(
    counts, field: str = "", part: str = "all", students: int | None = None
) -> Alpha:
    """α from a units × values table of counts (how many students gave each value to each unit).

    The library computes α; this guards the cases where it is undefined.
    """
    import krippendorff
    import numpy as np

    counts = np.asarray(counts, dtype=float)
    if students is not None and students < 2:
        return Alpha(field, part, None, 0, students, "it needs at least two students")
    students = 0 if students is None else students
    counts = counts[counts.sum(axis=1) >= 2] if counts.size else counts.reshape(0, 0)
    n_units = int(counts.shape[0])
    if n_units == 0:
        return Alpha(field, part, None, 0, students,
                     "no sentence was judged by two or more students")
    counts = counts[:, counts.sum(axis=0) > 0]
    if counts.shape[1] < 2:
        return Alpha(
            field, part, None, n_units, students,
            "every student gave the same answer everywhere, so there is no variation to "
            "measure agreement on",
        )
    value = float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal"))
    if math.isnan(value):  # pragma: no cover - guarded above; kept as a safety net
        return Alpha(field, part, None, n_units, students, "the answers do not vary enough")
    return Alpha(field, part, value, n_units, students)


def _sentence_order(article: Article) -> list[str]:
    return [s.id for s in article.sentences]


def _counts_nominal(labels: pd.DataFrame, fld: str, sentences: list[str]):
    import pandas as pd

    sub = labels[labels["sentence_id"].isin(sentences)]
    if sub.empty:
        return pd.DataFrame(index=pd.Index(sentences, name="sentence_id"))
    return pd.crosstab(sub["sentence_id"], sub[fld]).reindex(sentences, fill_value=0)


def _counts_flagged(labels: pd.DataFrame, sentences: list[str], n_students: int):
    import pandas as pd

    yes = labels.groupby("sentence_id").size().reindex(sentences, fill_value=0)
    return pd.DataFrame({"yes": yes, "no": n_students - yes})


def _technique_presence(
    labels: pd.DataFrame, tags: pd.DataFrame, sentences: list[str], techniques: list[str]
):
    """(sentence, technique) × [present, absent] among the students who annotated the sentence."""
    import numpy as np
    import pandas as pd

    annotated = labels.groupby("sentence_id").size().reindex(sentences, fill_value=0)
    present = tags.groupby(["sentence_id", "technique"]).size()
    index = pd.MultiIndex.from_product([sentences, techniques], names=["sentence_id", "technique"])
    present = present.reindex(index, fill_value=0).to_numpy(dtype=float)
    total = np.repeat(annotated.to_numpy(dtype=float), len(techniques))
    return pd.DataFrame({"present": present, "absent": total - present}, index=index)


def _scopes(article: Article) -> list[tuple[str, list[str]]]:
    return [("all", _sentence_order(article))] + [
        (p.id, [s.id for s in p.sentences]) for p in article.parts
    ]


def class_alpha(
    annotations: Any,
    students: list[str] | None = None,
    article: Article | None = None,
    _tables: tuple | None = None,
) -> pd.DataFrame:
    """α per field (flagged, claim_type, check_worthy, verdict, techniques), per part and for
    the whole article. Columns: field, part, alpha (NaN when undefined), shown ("0.42" or
    "undefined"), units, students, meaning (one plain sentence)."""
    import pandas as pd

    from helpers.article import load_article
    from helpers.scheme import load_scheme

    article = article or load_article()
    df = _frame(annotations)
    everyone = _students(df, students)
    labels, tags = _tables or _sentence_tables(df)
    techniques = load_scheme().choice_ids("techniques")
    rows = []
    for fld in FIELDS:
        for part, sentences in _scopes(article):
            if fld == "flagged":
                counts = _counts_flagged(labels, sentences, len(everyone))
            elif fld == "techniques":
                counts = _technique_presence(labels, tags, sentences, techniques)
            else:
                counts = _counts_nominal(labels, fld, sentences)
            a = alpha_from_counts(counts.to_numpy(), fld, part, len(everyone))
            rows.append(_alpha_row(a))
    return pd.DataFrame(rows)


def _alpha_row(a: Alpha) -> dict:
    return {
        "field": a.field,
        "part": a.part,
        "alpha": math.nan if a.value is None else round(a.value, 4),
        "shown": a.shown,
        "units": a.units,
        "students": a.students,
        "meaning": a.meaning,
    }


def technique_alpha(
    annotations: Any,
    students: list[str] | None = None,
    article: Article | None = None,
    top: int = 5,
    _tables: tuple | None = None,
) -> pd.DataFrame:
    """α per frequently used technique: present/absent over the sentences, among the students who
    annotated each sentence. The ``top`` techniques tagged most often (at least once)."""
    import pandas as pd

    from helpers.article import load_article

    article = article or load_article()
    df = _frame(annotations)
    everyone = _students(df, students)
    labels, tags = _tables or _sentence_tables(df)
    used = tags["technique"].value_counts().rename_axis("technique").reset_index(name="tags")
    used = used.sort_values(["tags", "technique"], ascending=[False, True]).head(top)
    rows = []
    for tech, n_tags in zip(used["technique"], used["tags"], strict=True):
        counts = _technique_presence(labels, tags, _sentence_order(article), [tech])
        a = alpha_from_counts(counts.to_numpy(), "techniques", "all", len(everyone))
        a.what = f"the technique {tech}"
        row = _alpha_row(a)
        row.update(technique=tech, tags=int(n_tags))
        rows.append(row)
    cols = ["technique", "tags", "alpha", "shown", "units", "students", "meaning"]
    return pd.DataFrame(rows, columns=cols)


# -- who flagged what ------------------------------------------------------------------------------
def first_words(text: str, n: int = 5) -> str:
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


def flagged_by_sentence(
    annotations: Any, students: list[str] | None = None, article: Article | None = None
) -> pd.DataFrame:
    """Per sentence, in article order: how many students annotated it and their share."""
    import pandas as pd

    from helpers.article import load_article

    article = article or load_article()
    df = _frame(annotations)
    everyone = _students(df, students)
    n = df.groupby("sentence_id")["annotator"].nunique() if len(df) else pd.Series(dtype=int)
    rows = []
    for s in article.sentences:
        k = int(n.get(s.id, 0))
        rows.append(
            {
                "sentence_id": s.id,
                "part": s.part,
                "number": s.number,
                "words": first_words(s.text),
                "students": k,
                "share": round(k / len(everyone), 4) if everyone else 0.0,
            }
        )
    return pd.DataFrame(rows)


# -- against the key -------------------------------------------------------------------------------
def match_key(
    annotations: Any, key: pd.DataFrame | None = None, students: list[str] | None = None
) -> pd.DataFrame:
    """One row per (student, key claim): whether the student annotated it (their quote overlaps
    the key's) and, if so, their answers from the best-matching annotation."""
    import pandas as pd

    df = _frame(annotations)
    key = key_frame() if key is None else key
    everyone = _students(df, students)
    grid = pd.MultiIndex.from_product([everyone, key["item"]], names=["annotator", "item"])
    cols = [*NOMINAL_FIELDS, "techniques"]
    if df.empty:
        best = pd.DataFrame(columns=["annotator", "item", *cols])
    else:
        m = df.merge(key[["item", "sentence_id", "kstart", "kend"]], on="sentence_id")
        lo = m[["start", "kstart"]].max(axis=1)
        hi = m[["end", "kend"]].min(axis=1)
        m["overlap"] = hi - lo
        m = m[m["overlap"] > 0]
        union = m[["end", "kend"]].max(axis=1) - m[["start", "kstart"]].min(axis=1)
        m = m.assign(fit=m["overlap"] / union)
        m = m.sort_values(
            ["annotator", "item", "fit", "start"], ascending=[True, True, False, True]
        )
        best = m.drop_duplicates(["annotator", "item"])[["annotator", "item", *cols]]
    out = best.set_index(["annotator", "item"]).reindex(grid).reset_index()
    out["flagged"] = out["claim_type"].notna()
    k = key.set_index("item")
    for c in (*cols, "check_worthy"):
        out["key_" + c] = out["item"].map(k[c])
    out["key_worthy"] = out["key_check_worthy"] == "yes"
    return out


def _kappa(pairs: tuple, labels: tuple) -> float | None:
    """Cohen's κ by scikit-learn, from (key value, student value, count) triples."""
    import warnings

    import sklearn
    from sklearn.metrics import cohen_kappa_score

    y1 = [p[0] for p in pairs]
    y2 = [p[1] for p in pairs]
    w = [p[2] for p in pairs]
    # the inputs are built here, so sklearn's input checks can be skipped (they dominate the time)
    with warnings.catch_warnings(), sklearn.config_context(
        assume_finite=True, skip_parameter_validation=True
    ):
        warnings.simplefilter("ignore", RuntimeWarning)
        value = float(cohen_kappa_score(y1, y2, labels=list(labels), sample_weight=w))
    return None if math.isnan(value) else value


class _KappaCache:
    """Students with the same table of (key answer, student answer) counts have the same κ:
    scikit-learn computes it once per distinct table."""

    def __init__(self) -> None:
        self.values: dict = {}

    def get(self, pairs: tuple, labels: tuple) -> float | None:
        k = (pairs, labels)
        if k not in self.values:
            self.values[k] = _kappa(pairs, labels)
        return self.values[k]


def _compare(cache: _KappaCache, pairs: list, labels: tuple):
    """``(compared, matches, κ or None, reason)`` from (key, student, count) triples."""
    n = sum(c for _, _, c in pairs)
    matches = sum(c for a, b, c in pairs if a == b)
    if n == 0:
        return 0, 0, None, "the student annotated none of the key's claims"
    if n < 2:
        return n, matches, None, "only one claim to compare"
    values = {v for a, b, _ in pairs for v in (a, b)}
    if len(values) < 2:
        return n, matches, None, f"every answer, the student's and the key's, was {pairs[0][0]!r}"
    return n, matches, cache.get(tuple(sorted(pairs)), labels), None


def _triples(frame: pd.DataFrame, key_col: str, col: str) -> dict[str, list]:
    """Per student, the (key value, student value, count) triples of ``frame``."""
    out: dict[str, list] = {}
    if frame.empty:
        return out
    counts = frame.groupby(["annotator", key_col, col], sort=True).size()
    for (student, a, b), c in counts.items():
        out.setdefault(student, []).append((a, b, int(c)))
    return out


def against_key(
    annotations: Any,
    key: pd.DataFrame | None = None,
    students: list[str] | None = None,
    matched: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each student against the key, per field: claims compared, matches, accuracy, κ, meaning.

    Sorted by student, then field in the order of FIELDS.
    """
    import pandas as pd

    from helpers.scheme import load_scheme

    scheme = load_scheme()
    key = key_frame() if key is None else key
    m = match_key(annotations, key, students) if matched is None else matched
    cache = _KappaCache()
    label_sets = {
        "claim_type": tuple(scheme.choice_ids("claim_type")),
        "check_worthy": tuple(scheme.choice_ids("check_worthy")),
        "verdict": (*scheme.choice_ids("verdict"), NO_VERDICT),
        "flagged": (False, True),
        "techniques": (False, True),
    }
    n_tech = len(scheme.choice_ids("techniques"))
    done = m[m["flagged"]]
    triples = {"flagged": _triples(m, "key_worthy", "flagged")}
    for fld in NOMINAL_FIELDS:
        triples[fld] = _triples(done, "key_" + fld, fld)
    # techniques: present/absent decisions for every technique on every claim the student marked
    tech: dict[str, list] = {}
    exact: dict[str, int] = {}
    for student, ks, ss in zip(
        done["annotator"], done["key_techniques"], done["techniques"], strict=True
    ):
        ks, ss = set(ks), set(ss)
        both, only_key, only_student = len(ks & ss), len(ks - ss), len(ss - ks)
        t = tech.setdefault(student, [0, 0, 0, 0])
        t[0] += both
        t[1] += only_key
        t[2] += only_student
        t[3] += n_tech - both - only_key - only_student
        exact[student] = exact.get(student, 0) + (ks == ss)
    claims = done.groupby("annotator").size()
    rows = []
    for student in sorted(m["annotator"].unique()):
        for fld in FIELDS:
            if fld == "techniques":
                t = tech.get(student, [0, 0, 0, 0])
                pairs = [
                    p
                    for p in ((True, True, t[0]), (True, False, t[1]), (False, True, t[2]),
                              (False, False, t[3]))
                    if p[2]
                ]
                _, _, kappa, reason = _compare(cache, pairs, label_sets[fld])
                n, matches = int(claims.get(student, 0)), exact.get(student, 0)
                if n == 0:
                    reason = "the student annotated none of the key's claims"
            else:
                n, matches, kappa, reason = _compare(
                    cache, triples[fld].get(student, []), label_sets[fld]
                )
            rows.append(
                {
                    "annotator": student,
                    "field": fld,
                    "claims": n,
                    "matches": matches,
                    "accuracy": round(matches / n, 4) if n else math.nan,
                    "kappa": math.nan if kappa is None else round(kappa, 4),
                    "meaning": explain_kappa(kappa, fld, matches, n, student, reason),
                }
            )
    cols = ["annotator", "field", "claims", "matches", "accuracy", "kappa", "meaning"]
    return pd.DataFrame(rows, columns=cols)


def missed(
    annotations: Any,
    key: pd.DataFrame | None = None,
    students: list[str] | None = None,
    matched: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per student: the key's check-worthy claims they did not annotate.

    Columns: annotator, found, of, missed (count), missed_claims (item ids, article order).
    """
    import pandas as pd

    key = key_frame() if key is None else key
    m = match_key(annotations, key, students) if matched is None else matched
    worthy = m[m["key_worthy"]]
    order = dict(zip(key["item"], key["order"], strict=True))
    rows = []
    for student, g in worthy.groupby("annotator", sort=True):
        gone = sorted(g.loc[~g["flagged"], "item"], key=order.get)
        rows.append(
            {
                "annotator": student,
                "found": int(g["flagged"].sum()),
                "of": len(g),
                "missed": len(gone),
                "missed_claims": ", ".join(gone),
            }
        )
    return pd.DataFrame(rows, columns=["annotator", "found", "of", "missed", "missed_claims"])


def _entropy(counts) -> float:
    total = sum(counts)
    return -sum(c / total * math.log2(c / total) for c in counts if c)


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
    first, then article order). Shows the key's answer and its first source. Claims that fewer
    than two students annotated are left out; ``check_worthy_only`` keeps the claims the key
    calls check-worthy (the ones whose verdict is worth discussing).

    Columns: item, sentence_id, quote, students, most_common, share, disagreement, entropy
    (bits), key_answer, source.
    """
    import pandas as pd

    if field not in NOMINAL_FIELDS:
        raise AgreementError(f"field {field!r}: choose one of {', '.join(NOMINAL_FIELDS)}")
    key = key_frame() if key is None else key
    m = match_key(annotations, key, students) if matched is None else matched
    done = m[m["flagged"] & (m["key_worthy"] | (not check_worthy_only))]
    k = key.set_index("item")
    rows = []
    for item, g in done.groupby("item", sort=False):
        counts = g[field].value_counts()
        counts = counts.sort_index().sort_values(ascending=False, kind="stable")
        n = int(counts.sum())
        if n < 2:
            continue
        share = counts.iloc[0] / n
        rows.append(
            {
                "item": item,
                "order": int(k.at[item, "order"]),
                "sentence_id": k.at[item, "sentence_id"],
                "quote": k.at[item, "quote"],
                "students": n,
                "most_common": counts.index[0],
                "share": round(float(share), 4),
                "disagreement": round(1 - float(share), 4),
                "entropy": round(_entropy(list(counts)), 4),
                "key_answer": k.at[item, field],
                "source": k.at[item, "source"],
            }
        )
    cols = ["item", "sentence_id", "quote", "students", "most_common", "share", "disagreement",
            "entropy", "key_answer", "source"]
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows).sort_values(
        ["disagreement", "students", "order"], ascending=[False, False, True]
    )
    out = out[cols].reset_index(drop=True)
    return out.head(top) if top else out


# -- everything at once ----------------------------------------------------------------------------
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

    def by_part(self):
        """α per field (rows) and part of the article (columns), as shown to a reader."""
        from helpers.article import PART_IDS

        table = self.alpha.pivot(index="field", columns="part", values="shown")
        return table.reindex(list(FIELDS))[["all", *PART_IDS]]

    def per_student(self):
        """Each student's share of answers matching the key, per field, and how many of the
        key's check-worthy claims they found."""
        table = self.against_key.pivot(index="annotator", columns="field", values="accuracy")
        found = self.missed.set_index("annotator")[["found", "of"]]
        return table[list(FIELDS)].join(found).round(2)

    def alpha_for(self, field: str, part: str = "all") -> Alpha:
        row = self.alpha[(self.alpha["field"] == field) & (self.alpha["part"] == part)].iloc[0]
        value = None if math.isnan(row["alpha"]) else float(row["alpha"])
        reason = None
        if value is None:
            reason = row["meaning"].split("cannot be computed: ", 1)[-1].rstrip(".")
        return Alpha(field, part, value, int(row["units"]), int(row["students"]), reason)


def analyse(
    annotations: Any,
    students: list[str] | None = None,
    article: Article | None = None,
    key: dict | None = None,
    disputed_field: str = "verdict",
) -> ClassAgreement:
    """Every agreement table for a class: α per field and part, α per frequent technique, the
    share of students who flagged each sentence, each student against the key, the check-worthy
    claims each student missed, and the key's check-worthy claims ranked by how much the class
    disputed ``disputed_field``."""
    from helpers.article import load_article

    if students is None and hasattr(annotations, "students"):
        students = list(annotations.students)
    article = article or load_article()
    df = _frame(annotations)
    everyone = _students(df, students)
    kf = key_frame(key or load_key(article=article))
    matched = match_key(df, kf, everyone)
    tables = _sentence_tables(df)
    return ClassAgreement(
        students=everyone,
        alpha=class_alpha(df, everyone, article, _tables=tables),
        techniques=technique_alpha(df, everyone, article, _tables=tables),
        flagged=flagged_by_sentence(df, everyone, article),
        against_key=against_key(df, kf, everyone, matched),
        missed=missed(df, kf, everyone, matched),
        disputed=disputed(
            df, kf, everyone, disputed_field, top=None, matched=matched, check_worthy_only=True
        ),
        matched=matched,
    )
