"""A synthetic class: hand-in files of made-up students, derived from the answer key.

``python -m helpers sample-class --students 30 --seed 2024 --out data/sample_class`` writes one
W3C hand-in file per student and article the rubric grades (``sample_articles``: the unit's
lessons, then the end-of-unit check, taken a week later by most of the same students), in the
format and under the name the Hand in button gives them (``<name>-<time>.jsonld``; another
article's start with its name: ``end-of-unit-synthetic-07-…``), so that the teacher's notebook,
the collect command and the tests have a class to work on before a real one exists.
``data/sample_class/`` holds one such class of 30 (seed 2024).

**Every file is clearly synthetic**: annotators are called ``synthetic-01``, ``synthetic-02``…;
each file's ``label`` starts with "SYNTHETIC DATA" and its ``generator`` names this module, the
seed and the student's profile.

The students follow patterns teachers see, built from the answer key (data/key/answer_key.json):

* ``careful``: a couple of students close to the key (they find nearly every check-worthy claim);
* ``misser``: they stop early and miss claims, most often late in a paragraph;
* ``disagreer``: they find the claims but judge verdicts differently (misleading taken for
  refuted or supported, and the like);
* ``overtagger``: they annotate opinion and framing too, call them check-worthy, and tag loaded
  language (and appeals to fear) nearly everywhere;
* ``average``: the rest.

Students answer in the full research scheme's terms, as the key is written (their plausible
mistakes are the fine ones: a statistic taken for a quote, misleading for refuted), then their
answers are mapped to the scheme in use (``helpers.scheme.map_values``): under the simple scheme,
a mistake within one of its choices (statistic for quote: both ``fact``) is no mistake, and notes
and confidence are dropped. data/sample_class/ is written with the default, simple scheme.

Evidence follows the profile too (``helpers.classroom.sample_work.EvidenceWriter``): careful
students back nearly every verdict, naming a page the key names with its title, outlet and
address and what it says (the key's words); missers back few or none; the others some, now and
then naming only the outlet, or the article itself. The check's written answers and searches:
``helpers.classroom.sample_endofunit``.

Harder claims (lower key confidence) get more mistakes. Everything is deterministic for a seed:
ids come from a seeded random generator, and created/modified times from a fixed date plus
seeded offsets, so the same seed always gives byte-identical files.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from helpers.paths import SAMPLE_CLASS

DEFAULT_FOLDER = SAMPLE_CLASS
DEFAULT_STUDENTS = 30
DEFAULT_SEED = 2024
PREFIX = "synthetic"
GENERATOR_ID = "urn:news-claims:generator:helpers.classroom.sample_class"
PROFILES = ("careful", "misser", "disagreer", "overtagger", "average")
#: Another article's task (the end-of-unit check) comes this long after the lessons, and about
#: this share of the class is away that day (no hand-in: an empty cell in the gradebook).
TASK_AFTER = timedelta(days=7)
ABSENT_SHARE = 0.1

# (chance to annotate a check-worthy claim, chance to annotate another key item, base accuracy)
_BEHAVIOUR = {
    "careful": (0.97, 0.45, 0.93),
    "misser": (0.5, 0.12, 0.72),
    "disagreer": (0.85, 0.3, 0.7),
    "overtagger": (0.85, 0.8, 0.68),
    "average": (0.75, 0.3, 0.78),
}
# Plausible mistakes, per field and key answer (None: no verdict).
_MISTAKES = {
    "claim_type": {
        "factual": ["statistic", "quote", "framing", "opinion"],
        "statistic": ["factual", "factual", "quote"],
        "quote": ["factual", "factual", "opinion"],
        "prediction": ["opinion", "framing", "factual"],
        "opinion": ["framing", "framing", "prediction", "factual"],
        "framing": ["opinion", "opinion", "factual"],
    },
    "check_worthy": {
        "yes": ["unsure", "unsure", "no"],
        "no": ["yes", "unsure", "yes"],
        "unsure": ["yes", "no"],
    },
    "verdict": {
        "supported": ["not_enough_info", "misleading", None],
        "refuted": ["misleading", "misleading", "not_enough_info"],
        "misleading": ["refuted", "refuted", "supported", "not_enough_info"],
        "not_enough_info": [None, "misleading", "refuted"],
        None: ["not_enough_info", "misleading", "supported"],
    },
}
_DISAGREER_VERDICT = {"misleading": ["refuted", "supported"], "supported": ["misleading"],
                      "refuted": ["misleading"], "not_enough_info": ["refuted", "misleading"]}
_NOTES = (
    "",
    "",
    "Not sure about this one.",
    "Compare with other reports.",
    "The article gives no source for this.",
    "Check the original statement.",
    "Sounds exaggerated.",
)


def student_name(i: int, n: int) -> str:
    """``synthetic-07`` (numbers padded to the width of the class size, at least 2)."""
    return f"{PREFIX}-{i:0{max(2, len(str(n)))}d}"


def _profiles(n: int, rng: random.Random) -> list[str]:
    """Two careful students (one in a class of up to 3), then the mix, shuffled."""
    careful = min(n, 2 if n > 3 else 1)
    rest = n - careful
    mix = ["misser", "disagreer", "overtagger", "average", "average"]
    profiles = ["careful"] * careful + [mix[i % len(mix)] for i in range(rest)]
    rng.shuffle(profiles)
    return profiles


def _pick(rng: random.Random, field: str, key_value, profile: str, ok: float):
    if field == "verdict" and profile == "disagreer" and key_value in _DISAGREER_VERDICT:
        ok -= 0.3
    if rng.random() < ok:
        return key_value
    if field == "verdict" and profile == "disagreer" and key_value in _DISAGREER_VERDICT:
        return rng.choice(_DISAGREER_VERDICT[key_value])
    return rng.choice(_MISTAKES[field][key_value])


def _fields(rng: random.Random, item: dict, profile: str) -> dict:
    """The student's answers for one key item."""
    base = _BEHAVIOUR[profile][2]
    ok = min(0.98, base * (0.8 + 0.05 * (item.get("confidence") or 3)))
    check_worthy = _pick(rng, "check_worthy", item["check_worthy"], profile, ok)
    if profile == "overtagger" and item["check_worthy"] == "no" and rng.random() < 0.6:
        check_worthy = "yes"
    techniques = list(item.get("techniques") or [])
    if techniques and rng.random() > ok:
        techniques = techniques[:-1]
    if profile == "overtagger":
        if "loaded_language" not in techniques and rng.random() < 0.7:
            techniques.append("loaded_language")
        if "appeal_to_fear" not in techniques and rng.random() < 0.25:
            techniques.append("appeal_to_fear")
    elif "loaded_language" not in techniques and rng.random() < 0.08:
        techniques.append("loaded_language")
    fields = {
        "claim_type": _pick(rng, "claim_type", item["claim_type"], profile, ok),
        "check_worthy": check_worthy,
        "verdict": _pick(rng, "verdict", item.get("verdict"), profile, ok),
        "techniques": techniques,
        "confidence": max(1, min(5, (item.get("confidence") or 3) + rng.choice((-2, -1, 0, 0, 1)))),
        "note": rng.choice(_NOTES),
    }
    return fields


def _flags(rng: random.Random, item: dict, profile: str, sentence_number: int) -> bool:
    p_yes, p_other, _ = _BEHAVIOUR[profile]
    p = p_yes if item["check_worthy"] == "yes" else p_other
    if profile == "misser":
        p *= max(0.35, 1.15 - 0.2 * sentence_number)  # attention fades along the paragraph
    return rng.random() < p


def _student(article, key_items, name, profile, rng, start, per_student, schemes, writer=None):
    """One student's annotations (Annotation objects with seeded ids and times), answered in the
    full scheme's terms and mapped to the target: ``schemes`` is (full, target). ``writer``
    (an EvidenceWriter), when given, writes the evidence of each verdict."""
    from helpers.annotations import Annotation
    from helpers.scheme import map_values

    full, scheme = schemes

    whole_sentences = profile in ("misser", "average") and rng.random() < 0.3
    if per_student is None:
        chosen = [
            it for it in key_items
            if _flags(rng, it, profile, article.sentence(it["sentence_id"]).number)
        ]
    else:  # a fixed number per student (for speed tests): go round the key
        offset = rng.randrange(len(key_items))
        chosen = [key_items[(offset + j) % len(key_items)] for j in range(per_student)]
    anns, seen_sentences = [], set()
    when = start
    for j, item in enumerate(chosen):
        quote = item["quote"]
        if whole_sentences or (per_student is not None and j >= len(key_items)):
            if per_student is None and item["sentence_id"] in seen_sentences:
                continue  # one annotation per sentence for whole-sentence annotators
            quote = None
        seen_sentences.add(item["sentence_id"])
        values = _fields(rng, item, profile)
        if writer is not None:
            values["evidence"] = writer.write(item, values["verdict"])
        if scheme is not full:
            values = map_values(values, full, scheme)
        ann = Annotation.new(article, name, item["sentence_id"], quote, scheme=scheme, **values)
        when += timedelta(seconds=rng.randrange(40, 150))
        modified = when + timedelta(seconds=rng.randrange(20, 600)) if rng.random() < 0.3 else when
        anns.append(
            ann.replace(
                id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                created=_stamp(when),
                modified=_stamp(modified),
            )
        )
    anns.sort(key=lambda a: (a.start, a.created, a.id))
    return anns


def _stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def _absent(n_students: int, seed: int, article) -> set[int]:
    """The students (numbers from 1) away on the day of another article's task: about
    ``ABSENT_SHARE`` of the class, chosen by the seed; nobody for the unit's own article."""
    if article.is_default:
        return set()
    away = round(n_students * ABSENT_SHARE)
    chosen = random.Random(f"{seed}/{article.name}/absent").sample(range(1, n_students + 1), away)
    return set(chosen)


def handin_name(article, name: str, handed_in: datetime) -> str:
    """The file name the Hand in button gives (helpers.widgets.handin.handin_filename, which
    this layer cannot import; a test compares the two): ``<name>-<UTC time>.jsonld``, after the
    article's name for another article."""
    stem = f"{name}-{handed_in:%Y%m%dT%H%M%SZ}.jsonld"
    return stem if article.is_default else f"{article.name}-{stem}"


def generate(
    n_students: int = DEFAULT_STUDENTS,
    seed: int = DEFAULT_SEED,
    per_student: int | None = None,
    article=None,
    key_items: list[dict] | None = None,
    scheme=None,
):
    """Yield ``(file name, W3C document, annotations, profile)`` for each synthetic student who
    hands in on ``article`` (an Article or a name; default the unit's own), in the terms of
    ``scheme`` (default: the one in use). ``key_items`` are in the full scheme's terms
    (default: the article's answer key). The same seed gives the same students the same
    profiles on every article; another article's task comes ``TASK_AFTER`` after the lessons,
    and a few students are away (``_absent``)."""
    from helpers.article import load_article
    from helpers.classroom.sample_endofunit import endofunit_work
    from helpers.classroom.sample_work import EvidenceWriter, student_work
    from helpers.formats import to_w3c
    from helpers.formats.work import handin_document
    from helpers.key import load_key
    from helpers.scheme import load_scheme

    if n_students < 1:
        raise ValueError("a class needs at least one student")
    if per_student is not None and per_student < 1:
        raise ValueError("per_student must be 1 or more")
    article = article if hasattr(article, "sentence") else load_article(article)
    schemes = (load_scheme("full"), scheme or load_scheme())
    if key_items is None:
        key_items = load_key(article=article, scheme=schemes[0])["items"]
    rng = random.Random(seed)
    lesson = datetime(2024, 3, 11, 9, 0, tzinfo=UTC) + timedelta(days=rng.randrange(0, 5))
    profiles = _profiles(n_students, rng)
    away = _absent(n_students, seed, article)
    where = "" if article.is_default else f"{article.name}/"
    if not article.is_default:
        lesson += TASK_AFTER
    for i, profile in enumerate(profiles, 1):
        if i in away:
            continue
        name = student_name(i, n_students)
        srng = random.Random(f"{seed}/{where}{i}")
        start = lesson + timedelta(seconds=srng.randrange(0, 600))
        writer = None
        if per_student is None:  # a class for the notebook: evidence by profile
            writer = EvidenceWriter(profile, random.Random(f"{seed}/{where}{i}/evidence"), article)
        anns = _student(article, key_items, name, profile, srng, start, per_student, schemes,
                        writer)
        doc = to_w3c(anns, article, schemes[1])
        times = [a.modified for a in anns]
        after = timedelta(seconds=srng.randrange(60, 300))  # from the last step to the hand-in
        if per_student is None:  # a class for the notebook: written answers, tries, searches
            if article.is_default:
                answers, attempts, searches = student_work(name, profile, srng, start)
            else:
                answers, attempts, searches = endofunit_work(name, profile, srng, start,
                                                             article, writer)
            doc = handin_document(doc, answers, attempts, [], searches, article=article)
            times += [w.modified for w in answers] + [w.created for w in (*attempts, *searches)]
        if not doc["first"]["items"]:  # nothing to hand in: the button hands in nothing
            continue
        last = max(times, default=_stamp(start))
        handed_in = datetime.fromisoformat(last[:-1]).replace(tzinfo=UTC) + after
        doc["label"] = (
            f"SYNTHETIC DATA, not a real student (helpers.classroom.sample_class, seed {seed}). "
            + doc["label"]
        )
        doc["generator"] = {
            "id": GENERATOR_ID,
            "type": "Software",
            "name": f"helpers.classroom.sample_class: synthetic student, seed {seed}, "
            f"profile {profile!r}",
        }
        doc["generated"] = _stamp(handed_in)
        yield handin_name(article, name, handed_in), doc, anns, profile


def sample_articles() -> tuple[str, ...]:
    """The articles the synthetic class hands in on: those the rubric grades (helpers.rubric),
    the unit's own first."""
    from helpers.paths import DEFAULT_ARTICLE
    from helpers.rubric import load_rubric

    graded = [task.article for task in load_rubric().tasks]
    return tuple(dict.fromkeys([DEFAULT_ARTICLE, *graded]))


def write_class(
    out: str | Path = DEFAULT_FOLDER,
    n_students: int = DEFAULT_STUDENTS,
    seed: int = DEFAULT_SEED,
    per_student: int | None = None,
    force: bool = False,
    scheme=None,
    articles: tuple[str, ...] | None = None,
) -> list[Path]:
    """Write the class into ``out``, in the terms of ``scheme`` (default: the one in use);
    returns the files: the hand-ins on each of ``articles`` (default: ``sample_articles()``;
    only the unit's own with ``per_student``). FileExistsError if ``out`` has files (unless
    ``force``: then earlier synthetic files there are replaced, nothing else touched)."""
    from helpers.article import list_articles
    from helpers.paths import DEFAULT_ARTICLE

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} is a file; give a folder to write the class into.")
    existing = (
        sorted(p for p in out.iterdir() if not p.name.startswith(".")) if out.exists() else []
    )
    if existing and not force:
        raise FileExistsError(
            f"{out} already has {len(existing)} file(s); nothing was written. "
            "Choose an empty folder, or use --force to replace the synthetic files in it."
        )
    out.mkdir(parents=True, exist_ok=True)
    ours = tuple(f"{a}-{PREFIX}-" for a in list_articles() if a != DEFAULT_ARTICLE)
    for p in existing:
        if p.is_file() and p.name.startswith((PREFIX + "-", *ours)) and p.suffix == ".jsonld":
            p.unlink()
    if articles is None:
        articles = (DEFAULT_ARTICLE,) if per_student is not None else sample_articles()
    written = []
    for article in articles:
        for name, doc, _anns, _profile in generate(n_students, seed, per_student,
                                                   article=article, scheme=scheme):
            path = out / name
            path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n",
                            encoding="utf-8")
            written.append(path)
    return written
