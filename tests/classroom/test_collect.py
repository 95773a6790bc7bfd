"""Collecting a class's hand-ins: good, bad and duplicate files; the input folder is never
changed; exit codes; the fast path accepts exactly what helpers.formats.read_file accepts. A
synthetic class in the full scheme stands for a class's hand-ins (``full_class``); the committed
one, in the default scheme, is collected as the teacher's notebook collects it."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from full_class import FILES as SAMPLE_FILES
from full_class import FOLDER as SAMPLE_FOLDER

from helpers.classroom.collect import CollectError, collect, find_files
from helpers.formats import read_file, write_csv
from helpers.tools import cli


def folder_checksum(folder: Path) -> str:
    """Names, sizes, modification times and bytes of everything under ``folder``."""
    h = hashlib.sha256()
    for root, dirs, files in sorted(os.walk(folder)):
        dirs.sort()
        for name in sorted(files) + dirs:
            p = Path(root) / name
            st = p.stat()
            h.update(f"{p.relative_to(folder)}|{st.st_size}|{st.st_mtime_ns}".encode())
            if p.is_file():
                h.update(p.read_bytes())
    return h.hexdigest()


@pytest.mark.default_scheme
def test_collect_the_sample_class():
    results = collect()  # the default: data/sample_class, in the default scheme
    assert results.ok and results.exit_code == 0
    # 30 lesson hand-ins and 27 of the end-of-unit check (its items counted, not rejected)
    assert len(results.files_read) == 57 and results.students[0] == "synthetic-01"
    assert list(results.other_articles) == ["end-of-unit"]
    assert len(results.students) == 30
    assert results.annotations["id"].is_unique
    assert list(results.annotations.columns[:3]) == ["id", "article_version", "part"]
    assert results.summary().startswith("Read 57 files: 30 students, ")


@pytest.fixture
def messy(tmp_path, article, make):
    """A folder as teachers get them: good files, a CSV, broken ones, hidden and other files."""
    folder = tmp_path / "handins"
    (folder / "period-2").mkdir(parents=True)
    (folder / ".ipynb_checkpoints").mkdir()
    for p in SAMPLE_FILES[:3]:
        shutil.copy(p, folder / p.name)
    shutil.copy(SAMPLE_FILES[3], folder / "period-2" / SAMPLE_FILES[3].name)
    shutil.copy(SAMPLE_FILES[4], folder / ".ipynb_checkpoints" / SAMPLE_FILES[4].name)
    shutil.copy(SAMPLE_FILES[5], folder / ".hidden.jsonld")
    write_csv([make("nato-2", "90,000 troops", annotator="csv-kid")], folder / "kid.csv", article)
    (folder / "cut-off.jsonld").write_text('{"type": "AnnotationCollection", "fir', "utf-8")
    doc = json.loads(SAMPLE_FILES[6].read_text("utf-8"))
    items = doc["first"]["items"]
    items[1]["body"][0]["value"] = "maybe"  # record 2: a claim type that does not exist
    (folder / "one-bad-record.jsonld").write_text(json.dumps(doc), "utf-8")
    (folder / "notes.txt").write_text("not a hand-in", "utf-8")
    return folder, sum(item["motivation"] == "classifying" for item in items)


def test_collect_keeps_going_and_names_each_problem(messy):
    folder, n_items = messy
    before = folder_checksum(folder)
    results = collect(folder)
    assert folder_checksum(folder) == before  # the input folder is never changed
    assert results.files_read == [
        "kid.csv",
        "one-bad-record.jsonld",
        "period-2/" + SAMPLE_FILES[3].name,
        *[p.name for p in SAMPLE_FILES[:3]],
    ]
    assert results.ignored == ["notes.txt"]
    assert "csv-kid" in results.students and len(results.students) == 6
    rej = results.rejected.set_index("file")
    assert rej.at["cut-off.jsonld", "record"] == ""
    assert "is not valid JSON" in rej.at["cut-off.jsonld", "message"]
    assert rej.at["one-bad-record.jsonld", "record"] == "record 2"
    assert rej.at["one-bad-record.jsonld", "field"] == "claim_type"
    assert "'maybe'" in rej.at["one-bad-record.jsonld", "message"]
    assert str(folder) not in " ".join(results.rejected["message"])  # relative paths only
    assert results.files_rejected == ["cut-off.jsonld"]
    assert results.summary().startswith("Read 6 of 7 files: 6 students")
    kept = results.annotations[results.annotations["file"] == "one-bad-record.jsonld"]
    assert len(kept) == n_items - 1  # the rest of the file is kept
    assert results.exit_code == 1
    report = results.report()
    assert "cut-off.jsonld" in report and "one-bad-record.jsonld" in report
    assert "record 2" in report


def test_duplicates_keep_the_latest_modified(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    doc = json.loads(SAMPLE_FILES[0].read_text("utf-8"))
    shutil.copy(SAMPLE_FILES[0], folder / "first.jsonld")
    later = copy.deepcopy(doc)
    item = later["first"]["items"][0]
    item["modified"] = "2025-01-01T00:00:00Z"
    item["body"] = [b for b in item["body"] if b["nc:field"] != "note"] + [
        {"type": "TextualBody", "purpose": "commenting", "value": "changed my mind",
         "nc:field": "note"}
    ]
    (folder / "again.jsonld").write_text(json.dumps(later), "utf-8")
    results = collect(folder)
    n = sum(item["motivation"] == "classifying" for item in doc["first"]["items"])
    assert len(results.annotations) == n
    assert results.duplicates == n and results.duplicate_ids == n
    row = results.annotations.set_index("id").loc[item["id"].removeprefix("urn:uuid:")]
    assert row["note"] == "changed my mind" and row["file"] == "again.jsonld"
    assert row["copies"] == 2
    assert "duplicate copies of" in results.summary()


def test_write_and_read_back(tmp_path):
    results = collect(SAMPLE_FOLDER)
    out = tmp_path / "out"
    paths = results.write(out)
    assert [p.name for p in paths] == [
        "class_annotations.csv",
        "report.md",
        "rejected.csv",
        "answers.csv",
        "selfchecks.csv",
        "searches.csv",
    ]
    back = tmp_path / "back"
    back.mkdir()
    shutil.copy(out / "class_annotations.csv", back)
    again = collect(back)  # the class table is itself a valid CSV hand-in
    assert again.ok and again.files_read == ["class_annotations.csv"]
    cols = ["id", "verdict", "techniques", "confidence", "note", "modified"]
    a = results.annotations.sort_values("id")[cols].reset_index(drop=True)
    b = again.annotations.sort_values("id")[cols].reset_index(drop=True)
    assert a.equals(b)
    with pytest.raises(CollectError, match="already has"):
        results.write(out)
    with pytest.raises(CollectError, match="inside the folder"):
        results.write(SAMPLE_FOLDER / "results")


def test_cli_exit_codes(tmp_path, messy, capsys):
    folder, _ = messy
    out = tmp_path / "results"
    assert cli.main(["collect", str(tmp_path / "nope"), "--out", str(out)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert cli.main(["collect", str(SAMPLE_FOLDER), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Read 30 files" in printed and "class_annotations.csv" in printed
    report = (out / "report.md").read_text("utf-8")
    assert cli.main(["collect", str(folder), "--out", str(out)]) == 2  # would replace files
    assert "--force" in capsys.readouterr().err
    assert (out / "report.md").read_text("utf-8") == report
    assert cli.main(["collect", str(folder), "--out", str(out), "--force"]) == 1
    err = capsys.readouterr().err
    assert "rejected: cut-off.jsonld" in err
    assert "one-bad-record.jsonld" in (out / "rejected.csv").read_text("utf-8-sig")
    assert cli.main(["collect", str(folder), "--out", str(folder / "res")]) == 2
    assert not (folder / "res").exists()


def test_cli_through_python_m(tmp_path):
    out = tmp_path / "r"
    proc = subprocess.run(
        [sys.executable, "-m", "helpers", "collect", str(SAMPLE_FOLDER), "--out", str(out)],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "class_annotations.csv").exists()


def test_progress_line(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in SAMPLE_FILES[:4]:
        shutil.copy(p, folder / p.name)
    collect(folder, progress=True)
    assert "collect: 4/4 files" in capsys.readouterr().err
    collect(folder)  # few files: no progress line
    assert capsys.readouterr().err == ""


def test_find_files_skips_hidden(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.json").write_text("{}", "utf-8")
    (tmp_path / "a.JSONLD").write_text("{}", "utf-8")
    (tmp_path / ".DS_Store").write_text("", "utf-8")
    found, other, problems = find_files(tmp_path)
    assert problems == []
    assert [p.name for p in found] == ["a.JSONLD"] and other == []


def test_missing_folder():
    with pytest.raises(CollectError, match="is not a folder"):
        collect("/definitely/not/here")


# -- the fast path accepts exactly what the standard reader accepts ------------------------------
def _item() -> dict:
    doc = json.loads(SAMPLE_FILES[1].read_text("utf-8"))
    return doc, doc["first"]["items"][0]


def _body(item, field):
    return next(b for b in item["body"] if b["nc:field"] == field)


MUTATIONS = {
    "unchanged": lambda it: None,
    "upper-case id": lambda it: it.update(id=it["id"].upper().replace("URN:UUID:", "urn:uuid:")),
    "not a uuid": lambda it: it.update(id="urn:uuid:1234"),
    "bad verdict": lambda it: _body(it, "check_worthy").update(value="perhaps"),
    "technique twice": lambda it: it["body"].extend(
        [{"type": "TextualBody", "purpose": "tagging", "value": "doubt", "nc:field": "techniques"}]
        * 2
    ),
    "unknown technique": lambda it: it["body"].append(
        {"type": "TextualBody", "purpose": "tagging", "value": "spin", "nc:field": "techniques"}
    ),
    "quote changed": lambda it: it["target"]["selector"][0].update(exact="Something else"),
    "prefix changed": lambda it: it["target"]["selector"][0].update(prefix="x"),
    "suffix empty": lambda it: it["target"]["selector"][0].update(suffix=""),
    "start is true": lambda it: it["target"]["selector"][1].update(start=True),
    "start as text": lambda it: it["target"]["selector"][1].update(start="3"),
    "confidence 6": lambda it: it.update({"nc:confidence": 6}),
    "confidence true": lambda it: it.update({"nc:confidence": True}),
    "no confidence": lambda it: it.pop("nc:confidence", None),
    "bell in note": lambda it: it["body"].append(
        {"type": "TextualBody", "purpose": "commenting", "value": "a\x07b", "nc:field": "note"}
    ),
    "tab and newline in note": lambda it: it["body"].append(
        {"type": "TextualBody", "purpose": "commenting", "value": "a\tb\nc\rd",
         "nc:field": "note"}
    ),
    "C1 control in evidence": lambda it: it["body"].append(
        {"type": "TextualBody", "purpose": "commenting", "value": "a\x85b",
         "nc:field": "evidence.who"}
    ),
    "emoji and RTL": lambda it: it["body"].append(
        {"type": "TextualBody", "purpose": "commenting", "value": "😀 مرحبا", "nc:field": "note"}
    ),
    "modified before created": lambda it: it.update(modified="2000-01-01T00:00:00Z"),
    "no modified": lambda it: it.pop("modified"),
    "time without Z": lambda it: it.update(created="2024-03-14T09:08:16"),
    "31 February": lambda it: it.update(created="2024-02-31T09:08:16Z"),
    "no nc:field": lambda it: _body(it, "claim_type").pop("nc:field"),
    "annotator with slash": lambda it: it["creator"].update(name="a/b"),
    "annotator with space": lambda it: it["creator"].update(name="ana "),
    "other article version": lambda it: it["target"].update({"nc:articleVersion": "0" * 64}),
    "wrong part": lambda it: it["target"].update({"nc:part": "stakes"}),
    "no sentence": lambda it: it["target"].pop("nc:sentence"),
    "selectors swapped": lambda it: it["target"]["selector"].reverse(),
    "body not a list": lambda it: it.update(body=it["body"][0]),
    "type as a list": lambda it: it.update(type=["Annotation"]),
    "creator as a list": lambda it: it.update(creator=[it["creator"]]),
    "claim type twice": lambda it: it["body"].append(dict(_body(it, "claim_type"))),
    "verdict empty": lambda it: _body(it, "claim_type").update(value=""),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_fast_path_matches_read_file(tmp_path, article, name):
    doc, item = _item()
    MUTATIONS[name](item)
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "one.jsonld"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    standard = read_file(path, article)
    results = collect(folder, article=article)
    assert sorted(results.annotations["id"]) == sorted(a.id for a in standard.annotations)
    assert len(results.rejected) == len(standard.errors)
    assert list(results.rejected["field"]) == [e.field for e in standard.errors]
    if name == "unchanged":
        assert results.ok


def test_fast_path_csv_matches_read_file(tmp_path, article, make):
    anns = [make("nato-2", "90,000 troops", note="x"), make("lede-1", annotator="bo")]
    write_csv(anns, tmp_path / "a.csv", article)
    text = (tmp_path / "a.csv").read_text("utf-8-sig")
    variants = {
        "good": text,
        "reordered columns": "\r\n".join(
            ",".join(reversed(line.split(","))) for line in text.splitlines()
        ),
        "bad start": text.replace(",1", ",x", 1),
        "blank lines": text + "\r\n\r\n",
        "missing cell": text.rsplit(",", 1)[0] + "\r\n",
    }
    for name, body in variants.items():
        folder = tmp_path / name.replace(" ", "-")
        folder.mkdir()
        (folder / "a.csv").write_text(body, "utf-8")
        standard = read_file(folder / "a.csv", article)
        results = collect(folder, article=article)
        assert sorted(results.annotations["id"]) == sorted(a.id for a in standard.annotations), (
            name
        )
        assert len(results.rejected) == len(standard.errors), name


def test_collect_reads_every_file_through_the_shared_reader(monkeypatch, tmp_path, article, make):
    """No second parser: every file goes through helpers.formats.read_file, as import does."""
    import helpers.formats

    seen = []
    real = helpers.formats.read_file

    def counting(path, *args, **kwargs):
        seen.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(helpers.formats, "read_file", counting)
    write_csv([make("nato-2", "90,000 troops")], tmp_path / "kid.csv", article)
    shutil.copy(SAMPLE_FILES[0], tmp_path / SAMPLE_FILES[0].name)
    results = collect(tmp_path, article=article)
    assert results.ok and len(results.files_read) == 2
    assert sorted(seen) == sorted(["kid.csv", SAMPLE_FILES[0].name])


def test_on_a_hub_collect_reads_the_inbox_by_default(tmp_path, monkeypatch):
    """No folder named: the teacher's inbox on a class hub, else the synthetic class."""
    from helpers.classroom.collect import SAMPLE_FOLDER, default_folder

    monkeypatch.delenv("NEWS_CLAIMS_INBOX", raising=False)
    assert default_folder() == SAMPLE_FOLDER
    monkeypatch.setenv("NEWS_CLAIMS_INBOX", str(tmp_path))
    assert default_folder() == tmp_path
    results = collect()
    assert results.folder == tmp_path and results.annotations.empty
    assert "hand-ins in" in results.source_line()
