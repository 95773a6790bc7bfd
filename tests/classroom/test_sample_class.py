"""The synthetic class: deterministic, clearly marked synthetic, valid, and shaped like a class."""

from __future__ import annotations

import json

import pytest

from helpers.classroom.collect import SAMPLE_FOLDER, collect
from helpers.classroom.sample_class import DEFAULT_SEED, DEFAULT_STUDENTS, generate, write_class
from helpers.formats import read_file
from helpers.tools import cli

CHECK = "end-of-unit"  # the other article the rubric grades: the end-of-unit check
REGENERATE = (
    "python -m helpers sample-class --students 30 --seed 2024 --out data/sample_class --force"
)


def test_same_seed_same_bytes(tmp_path):
    a = write_class(tmp_path / "a", 6, seed=11)
    b = write_class(tmp_path / "b", 6, seed=11)
    c = write_class(tmp_path / "c", 6, seed=12)
    assert [p.name for p in a] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b, strict=True))
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in c]


@pytest.mark.default_scheme
def test_committed_sample_class_is_current(tmp_path):
    fresh = sorted(write_class(tmp_path / "fresh", DEFAULT_STUDENTS, DEFAULT_SEED))
    committed = sorted(SAMPLE_FOLDER.glob("*.jsonld"))
    assert [p.name for p in committed] == [p.name for p in fresh], f"run: {REGENERATE}"
    for old, new in zip(committed, fresh, strict=True):
        assert old.read_bytes() == new.read_bytes(), (
            f"{old.name} is out of date (the answer key or the generator changed); run: "
            f"{REGENERATE}"
        )


def test_clearly_synthetic_and_valid(tmp_path, article):
    from helpers.article import load_article

    check = load_article(CHECK)
    paths = write_class(tmp_path, 5, seed=3)
    assert {p.name.split("synthetic-")[0] for p in paths} == {"", f"{CHECK}-"}
    for path in paths:
        doc = json.loads(path.read_text("utf-8"))
        assert doc["label"].startswith("SYNTHETIC DATA, not a real student")
        assert doc["generator"]["type"] == "Software"
        assert "synthetic student, seed 3" in doc["generator"]["name"]
        about = check if path.name.startswith(f"{CHECK}-") else article
        name = path.name.removeprefix(f"{CHECK}-")[:12]
        assert name.startswith("synthetic-0")
        result = read_file(path, about)
        assert result.errors == [] and result.other_articles == {}
        assert result.annotations or about is check  # a check's hand-in may be answers only
        assert {a.annotator for a in result.annotations} <= {name}
        assert {a.annotator for a in result.answers} <= {name}


def test_file_names_are_the_hand_in_buttons(tmp_path):
    """Named as the Hand in button names them: another article's start with its name."""
    from datetime import UTC, datetime

    from helpers.widgets.handin import handin_filename

    for path in write_class(tmp_path, 4, seed=8):
        doc = json.loads(path.read_text("utf-8"))
        when = datetime.fromisoformat(doc["generated"][:-1]).replace(tzinfo=UTC)
        name = doc["first"]["items"][0]["creator"]["name"]
        expected = handin_filename(name, when)
        assert path.name in (expected, f"{CHECK}-{expected}")


def _profiles(folder, prefix=""):
    found = {}
    for path in folder.glob(f"{prefix}synthetic-*.jsonld"):
        doc = json.loads(path.read_text("utf-8"))
        found[path.name.removeprefix(prefix)[:12]] = doc["generator"]["name"].rsplit("'", 2)[1]
    return found


def test_the_check_is_taken_by_most_of_the_same_students():
    unit, check = _profiles(SAMPLE_FOLDER), _profiles(SAMPLE_FOLDER, f"{CHECK}-")
    assert len(unit) == DEFAULT_STUDENTS and 0.8 * len(unit) <= len(check) < len(unit)
    assert all(unit[name] == profile for name, profile in check.items())


@pytest.mark.default_scheme
@pytest.mark.parametrize("article", [None, CHECK])
def test_evidence_follows_the_profile(article):
    """Careful students back most verdicts with evidence, missers few or none; the stronger
    name a page of the source pack by its address."""
    from helpers.classroom.grades import task_measures
    from helpers.rubric import load_rubric

    task = next(t for t in load_rubric().tasks if t.article == (article or "france-alliance"))
    results = collect(article=article)
    measures = task_measures(results, task)
    share = {s: m["evidence"][0] for s, m in measures.items() if m["evidence"][0] is not None}
    profiles = _profiles(SAMPLE_FOLDER)
    by = {p: [share[s] for s in share if profiles[s] == p] for p in set(profiles.values())}
    # a misser backs few: at most 1 of 2 verdicts in a short hand-in (the running credit)
    assert min(by["careful"]) >= 0.8 and max(by["misser"]) <= 0.5
    assert sum(by["average"]) / len(by["average"]) > sum(by["misser"]) / len(by["misser"])
    written = results.annotations["evidence"].fillna("")
    assert written.str.contains("https://").sum() > len(written[written != ""]) / 2


@pytest.mark.default_scheme
def test_every_level_is_proposed_for_every_task():
    """The sample class shows the rubric at work, for each task: at least one student at each
    level the count proposes (the top level is the teacher's to give where a criterion leaves
    it to them), some students at the top level on every other criterion, and a few students
    away on the day of the check (no level, not the lowest)."""
    from helpers.classroom.grades import class_proposals
    from helpers.rubric import TOP_LEVEL_BY_TEACHER, load_rubric

    rubric = load_rubric()
    top = rubric.level_ids[-1]
    proposals = class_proposals(SAMPLE_FOLDER)
    assert set(proposals) == {t.id for t in rubric.tasks}
    for task, found in proposals.items():
        reserved = set(TOP_LEVEL_BY_TEACHER) & {c.id for c in rubric.task(task).criteria}
        wanted = rubric.level_ids[:-1] if reserved else rubric.level_ids
        handed = [p for p in found if p.handed_in]
        assert set(wanted) <= {p.level for p in handed}, (task, [p.level for p in handed])
        at_top = [p for p in handed
                  if all(lv == top for c, lv in p.levels.items() if c not in reserved)]
        assert at_top and all(p.measures[c] for p in at_top for c in reserved), task
    away = [p for p in proposals[next(t.id for t in rubric.tasks if t.article == CHECK)]
            if not p.handed_in]
    assert away and all(p.level is None for p in away)


def test_profiles_behave_as_described():
    rows = []
    for _name, _doc, anns, profile in generate(40, seed=5):
        tags = sum("loaded_language" in a.techniques for a in anns)
        rows.append((profile, len(anns), tags / max(1, len(anns))))
    by = {p: [r for r in rows if r[0] == p] for p in {r[0] for r in rows}}
    assert len(by["careful"]) == 2

    def mean(p, i):
        return sum(r[i] for r in by[p]) / len(by[p])

    assert mean("misser", 1) < mean("average", 1) < mean("careful", 1)
    assert mean("overtagger", 2) > 2 * mean("average", 2)


@pytest.mark.default_scheme
def test_careful_students_are_closest_to_the_key():
    from helpers.classroom.agreement import analyse

    results = collect()
    acc = analyse(results).against_key.query("field == 'verdict'").set_index("annotator")
    profiles = {}
    for path in SAMPLE_FOLDER.glob("*.jsonld"):
        doc = json.loads(path.read_text("utf-8"))
        profiles[path.name[:12]] = doc["generator"]["name"].rsplit("'", 2)[1]
    careful = [s for s, p in profiles.items() if p == "careful"]
    others = acc.drop(index=careful)["accuracy"]
    assert len(careful) == 2
    assert acc.loc[careful, "accuracy"].min() > others.median()


def test_fixed_number_per_student(tmp_path):
    files = write_class(tmp_path, 3, seed=1, per_student=60)
    for path in files:
        assert json.loads(path.read_text("utf-8"))["total"] == 60


def test_cli(tmp_path, capsys):
    out = tmp_path / "class"
    args = ["sample-class", "--students", "4", "--seed", "9", "--out", str(out)]
    assert cli.main(args) == 0
    assert len(list(out.glob("synthetic-*.jsonld"))) == 4
    assert cli.main(args) == 2  # the folder has files now
    assert "--force" in capsys.readouterr().err
    (out / "keep.txt").write_text("mine", "utf-8")
    assert cli.main([*args[:2], "2", *args[3:], "--force"]) == 0
    assert len(list(out.glob("synthetic-*.jsonld"))) == 2
    assert (out / "keep.txt").read_text("utf-8") == "mine"
    assert cli.main(["sample-class", "--students", "0", "--out", str(tmp_path / "z")]) == 2


def test_bad_sizes():
    with pytest.raises(ValueError):
        next(generate(0))
    with pytest.raises(ValueError):
        next(generate(3, per_student=0))
