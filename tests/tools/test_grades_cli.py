"""``python -m helpers grades``: the gradebook file for Canvas, Moodle or a spreadsheet."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from helpers.classroom.gradebook import CANVAS_COLUMNS, LevelsFile
from helpers.rubric import load_rubric
from helpers.tools import cli

FIXTURE = Path(__file__).parent.parent / "fixtures" / "rubric.json"
ROOT = Path(__file__).resolve().parent.parent.parent


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_grades_canvas_for_the_sample_class(tmp_path, capsys):
    out = tmp_path / "grades.csv"
    args = ["grades", "--out", str(out), "--format", "canvas", "--rubric", str(FIXTURE)]
    assert cli.main(args) == 0
    rows = _rows(out)
    assert rows[0] == [*CANVAS_COLUMNS, "Lesson 5: the closing paragraph",
                       "The unit's lessons (hand-ins)"]
    assert len(rows) == 31 and rows[1][0] == "synthetic-01"
    assert all(cell in {"1", "2", "3", ""} for row in rows[1:] for cell in row[5:])
    said = capsys.readouterr().out
    assert "30 students, 2 tasks; 0 levels confirmed, 60 only proposed" in said
    assert "levels.json" in said
    assert cli.main(args) == 2  # never replaced without --force
    assert "already exists" in capsys.readouterr().err
    assert cli.main([*args, "--force"]) == 0


def test_grades_reads_the_confirmed_levels_beside_the_file(tmp_path):
    LevelsFile(tmp_path, load_rubric(FIXTURE)).confirm("synthetic-01", "unit-handins",
                                                       "mastering")
    out = tmp_path / "grades.csv"
    assert cli.main(["grades", "--out", str(out), "--rubric", str(FIXTURE)]) == 0
    rows = _rows(out)
    assert rows[0][:4] == ["student", "stakes-check points", "stakes-check level",
                           "stakes-check status"]
    first = rows[1]
    assert first[0] == "synthetic-01" and first[4:7] == ["3", "Mastering", "confirmed"]
    moodle = tmp_path / "moodle.csv"
    other = tmp_path / "elsewhere" / "levels.json"
    assert cli.main(["grades", "--out", str(moodle), "--format", "moodle", "--rubric",
                     str(FIXTURE), "--levels", str(other)]) == 0
    assert _rows(moodle)[0] == ["Student", "Lesson 5: the closing paragraph",
                                "The unit's lessons (hand-ins)"]


def test_grades_usage_errors(tmp_path, capsys):
    bad = tmp_path / "rubric.json"
    bad.write_text(json.dumps({"levels": []}), encoding="utf-8")
    assert cli.main(["grades", "--out", str(tmp_path / "g.csv"), "--rubric", str(bad)]) == 2
    assert "rubric.json" in capsys.readouterr().err
    levels = tmp_path / "levels.json"
    levels.write_text("[]", encoding="utf-8")
    args = ["grades", "--out", str(tmp_path / "g.csv"), "--rubric", str(FIXTURE)]
    assert cli.main(args) == 2
    assert "levels: must be an object" in capsys.readouterr().err
    assert not (tmp_path / "g.csv").exists()
    missing = ["grades", "--out", str(tmp_path / "x" / "g.csv"), "--rubric", str(FIXTURE),
               "--class-folder", str(tmp_path / "nope")]
    assert cli.main(missing) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert cli.main(["grades", "--out", "g.csv", "--format", "excel"]) == 2


def test_grades_is_listed_by_help():
    done = subprocess.run([sys.executable, "-m", "helpers", "grades", "--help"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "--class-folder" in done.stdout and "canvas" in done.stdout
