"""The synthetic class: deterministic, clearly marked synthetic, valid, and shaped like a class."""

from __future__ import annotations

import json

import pytest

from helpers.classroom.collect import SAMPLE_FOLDER, collect
from helpers.classroom.sample_class import DEFAULT_SEED, DEFAULT_STUDENTS, generate, write_class
from helpers.formats import read_file
from helpers.tools import cli

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
    fresh = write_class(tmp_path / "fresh", DEFAULT_STUDENTS, DEFAULT_SEED)
    committed = sorted(SAMPLE_FOLDER.glob("*.jsonld"))
    assert [p.name for p in committed] == [p.name for p in fresh], f"run: {REGENERATE}"
    for old, new in zip(committed, fresh, strict=True):
        assert old.read_bytes() == new.read_bytes(), (
            f"{old.name} is out of date (the answer key or the generator changed); run: "
            f"{REGENERATE}"
        )


def test_clearly_synthetic_and_valid(tmp_path, article):
    for path in write_class(tmp_path, 5, seed=3):
        doc = json.loads(path.read_text("utf-8"))
        assert doc["label"].startswith("SYNTHETIC DATA, not a real student")
        assert doc["generator"]["type"] == "Software"
        assert "synthetic student, seed 3" in doc["generator"]["name"]
        assert path.name.startswith("synthetic-0")
        result = read_file(path, article)
        assert result.errors == [] and result.annotations
        assert {a.annotator for a in result.annotations} == {path.name[:12]}


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
