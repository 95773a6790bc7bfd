"""The rubric (helpers.rubric): read and checked once, levels from thresholds, shown escaped."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

from helpers.rubric import MEASURES, RUBRIC_PATH, RubricError, level_for, load_rubric, rubric_html

FIXTURE = Path(__file__).parent / "fixtures" / "rubric.json"


@pytest.fixture
def doc():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def write(tmp_path, doc, name="rubric.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_the_fixture_reads_levels_tasks_and_criteria():
    rubric = load_rubric(FIXTURE)
    assert rubric.level_ids == ("beginning", "developing", "mastering")
    assert [lv.points for lv in rubric.levels] == [1, 2, 3]
    assert [t.id for t in rubric.tasks] == ["stakes-check", "unit-handins"]
    unit = rubric.task("unit-handins")
    assert unit.parts is None and unit.article == "france-alliance"
    assert rubric.task("stakes-check").parts == ("stakes",)
    assert [c.id for c in unit.criteria] == ["claims", "verdicts", "evidence", "sources"]
    assert rubric.rank("mastering") == 2
    with pytest.raises(KeyError, match="its tasks: stakes-check, unit-handins"):
        rubric.task("nope")


def test_the_project_rubric_is_valid_when_there():
    if not RUBRIC_PATH.exists():
        pytest.skip("data/rubric.json is not written yet")
    rubric = load_rubric()
    assert rubric.tasks and all(set(c.levels) == set(rubric.level_ids)
                                for t in rubric.tasks for c in t.criteria)


@pytest.mark.parametrize(
    ("value", "level"),
    [(0.0, "beginning"), (0.339, "beginning"), (0.34, "developing"), (0.669, "developing"),
     (0.67, "mastering"), (1.0, "mastering"), (None, None)],
)
def test_level_for_uses_the_thresholds(value, level):
    criterion = load_rubric(FIXTURE).task("unit-handins").criterion("claims")
    assert level_for(criterion, value) == level


def test_every_measure_has_words_for_the_teacher():
    assert set(MEASURES) == {"claims", "verdicts", "evidence", "sources", "written"}


def _first_criterion(doc):
    return doc["tasks"][1]["criteria"][0]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: d.pop("levels"), "lacks 'levels'"),
        (lambda d: d["levels"].pop(), "thresholds: has unknown key"),
        (lambda d: d["levels"][1].update(points=0.5), "points must rise"),
        (lambda d: d["levels"][0].update(id="Bad Id"), "levels[1].id: 'Bad Id' is not an id"),
        (lambda d: d["tasks"][0].update(article="../etc"), "tasks[1] ('stakes-check').article"),
        (lambda d: d["tasks"][1].update(id=d["tasks"][0]["id"]), "gives a task id twice"),
        (lambda d: _first_criterion(d).update(id="kindness"),
         "criteria[1].id: 'kindness' is not a measure"),
        (lambda d: _first_criterion(d)["thresholds"].update(mastering=0.2),
         "thresholds.mastering: must be more than the threshold of the level below"),
        (lambda d: _first_criterion(d)["thresholds"].update(developing=1.5),
         "thresholds.developing: must be a number from 0 to 1"),
        (lambda d: _first_criterion(d)["thresholds"].update(developing=True),
         "must be a number from 0 to 1"),
        (lambda d: _first_criterion(d)["anchors"].pop("mastering"),
         "anchors: lacks 'mastering'"),
        (lambda d: _first_criterion(d)["levels"].update(developing=""),
         "levels.developing: must be text"),
        (lambda d: d["tasks"][1]["criteria"].append(copy.deepcopy(_first_criterion(d))),
         "uses a measure twice"),
        (lambda d: d["tasks"][0].update(parts=[]), "parts: must be a list with at least one"),
        (lambda d: d.update(extra=1), "unknown key"),
    ],
)
def test_a_bad_rubric_is_refused_naming_the_field(tmp_path, doc, change, says):
    change(doc)
    path = write(tmp_path, doc)
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    assert says in str(caught.value)
    assert str(path) in str(caught.value)


def test_hostile_files_are_refused_before_reading(tmp_path, doc):
    with pytest.raises(RubricError, match="no rubric file"):
        load_rubric(tmp_path / "missing.json")
    with pytest.raises(RubricError, match="not a regular file"):
        load_rubric(tmp_path)
    big = tmp_path / "big.json"
    big.write_text(" " * (300 * 1024))
    with pytest.raises(RubricError, match="too big"):
        load_rubric(big)
    twice = tmp_path / "twice.json"
    twice.write_text('{"levels": [], "levels": []}')
    with pytest.raises(RubricError, match="gives the key 'levels' twice"):
        load_rubric(twice)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    with pytest.raises(RubricError, match="nested too deep|not valid JSON"):
        load_rubric(deep)
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.json"
        os.mkfifo(fifo)
        with pytest.raises(RubricError, match="not a regular file"):
            load_rubric(fifo)  # never opened: it would block


def test_a_changed_file_is_read_again(tmp_path, doc):
    path = write(tmp_path, doc)
    assert load_rubric(path).task("stakes-check").title == "Lesson 5: the closing paragraph"
    doc["tasks"][0]["title"] = "Lesson 5, again and longer"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert load_rubric(path).task("stakes-check").title == "Lesson 5, again and longer"


def test_rubric_html_escapes_everything_and_shows_anchors(tmp_path, doc):
    doc["tasks"][0]["title"] = "<script>alert(1)</script>"
    doc["tasks"][0]["criteria"][0]["anchors"]["mastering"] = "<img src=x onerror=alert(1)>"
    path = write(tmp_path, doc)
    view = rubric_html("stakes-check", path=path)
    markup = view._repr_html_()
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert "<img" not in markup and "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert markup.count('<th scope="col">') == 4  # criterion + three levels
    assert "Mastering (3)" in markup and "Anchor:" in markup
    text = repr(view)
    assert "Proposed level: Developing from 34%; Mastering from 67%" in text
    assert "Anchor:" not in repr(rubric_html("stakes-check", anchors=False, path=path))
