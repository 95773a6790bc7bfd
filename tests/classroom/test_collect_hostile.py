"""The hostile-file catalogue for ``collect``: each case is one bad, forged or booby-trapped file
among good hand-ins. For every case the command line exits 1, names the file, prints no
traceback, and every good hand-in's annotations are in the class table."""

from __future__ import annotations

import copy
import csv
import json
import os
import shutil
import sys
import uuid
from pathlib import Path

import pytest
from full_class import FILES

from helpers.classroom.collect import collect, find_files
from helpers.tools import cli

GOOD = FILES[:3]  # hand-ins of a synthetic class in the full scheme
OUTSIDE = Path(__file__).resolve()  # a file outside every hand-in folder


def sample(i: int = 0) -> dict:
    return json.loads(GOOD[i].read_text("utf-8"))


def one_item(change) -> str:
    """A copy of a good hand-in whose first item is changed by ``change(item)``."""
    doc = sample(0)
    doc["first"]["items"] = doc["first"]["items"][:2]
    for item in doc["first"]["items"]:
        item["id"] = f"urn:uuid:{uuid.uuid4()}"
    change(doc["first"]["items"][0])
    return json.dumps(doc)


def deep(n: int) -> str:
    return "[" * n + "]" * n


def _write(folder: Path, name: str, data: str | bytes) -> None:
    path = folder / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, "utf-8")


# Each case: (file name, builder(folder) that writes it, words expected in the messages)
def text_case(name, data, *words):
    return name, lambda folder: _write(folder, name, data), words


def forged(folder: Path, change) -> None:
    """A file handed in by 'mallory' that carries a copy of a classmate's annotation."""
    victim = sample(1)["first"]["items"][0]
    item = copy.deepcopy(victim)
    change(item)
    doc = sample(2)
    doc["first"]["items"] = [item]
    doc["total"] = 1
    for other in sample(2)["first"]["items"][:2]:
        other = copy.deepcopy(other)
        other["id"] = f"urn:uuid:{uuid.uuid4()}"
        other["creator"]["name"] = other["creator"]["nickname"] = "mallory"
        doc["first"]["items"].append(other)
    _write(folder, "mallory.jsonld", json.dumps(doc))


def rename(item, name):
    item["creator"]["name"] = item["creator"]["nickname"] = name


def symlink(target, name):
    def build(folder):
        (folder / name).symlink_to(target)

    return name, build, ("link",)


def fifo(folder):
    os.mkfifo(folder / "pipe.jsonld")


def sparse(folder):
    with open(folder / "sparse.jsonld", "wb") as f:
        f.truncate(2 * 1024**3)


def csv_file(rows_change):
    def build(folder):
        from helpers.article import load_article
        from helpers.formats import read_file, to_csv

        anns = read_file(GOOD[0]).annotations[:2]
        anns = [a.replace(id=str(uuid.uuid4())) for a in anns]
        text = to_csv(anns)
        _write(folder, "sheet.csv", rows_change(text))
        assert load_article()

    return build


def same_id_twice(folder):
    doc = json.loads(one_item(lambda it: None))
    doc["first"]["items"][1]["id"] = doc["first"]["items"][0]["id"]
    _write(folder, "same-id-twice.jsonld", json.dumps(doc))


def many_bad_records(folder):
    doc = sample(0)
    item = doc["first"]["items"][0]
    doc["first"]["items"] = []
    for _ in range(30):
        bad = copy.deepcopy(item)
        bad["id"] = f"urn:uuid:{uuid.uuid4()}"
        bad["body"][0]["value"] = "nonsense"
        doc["first"]["items"].append(bad)
    _write(folder, "thirty-bad.jsonld", json.dumps(doc))


def too_many_records(folder):
    item = {"type": "Annotation"}
    _write(folder, "many.json", json.dumps([item] * 10_001))


CASES = [
    text_case("deep-2000.jsonld", deep(2_000), "nested too deep"),
    text_case("deep-100000.jsonld", deep(100_000), "nested too deep"),
    text_case("deep-in-item.jsonld", one_item(lambda it: it.update(body=json.loads("[]")))
              .replace('"body": []', '"body": ' + deep(50_000)), "nested too deep"),
    text_case("bomb-9mb.json", "[" + "{}," * 3_000_000 + "{}]", "too big"),
    text_case("bomb-4mb.json", "[" + "{}," * 1_300_000 + "{}]", "records"),
    text_case("spaces.jsonld", " " * (6 * 1024 * 1024), "too big"),
    ("sparse.jsonld", sparse, ("too big",)),
    ("pipe.jsonld", fifo, ("not a regular file",)),
    symlink("/dev/zero", "zero.jsonld"),
    symlink(OUTSIDE, "outside.jsonld"),
    symlink(OUTSIDE.parent, "outside-folder"),
    text_case("empty.jsonld", "", "empty"),
    text_case("binary.jsonld", b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "UTF-8"),
    text_case("utf16.jsonld", json.dumps(sample(0)).encode("utf-16"), "UTF-8"),
    text_case("cut.jsonld", json.dumps(sample(0))[:500], "cut off"),
    text_case("prose.json", "{ this is not json }", "not valid JSON"),
    text_case("number.json", "42", "W3C"),
    text_case("recipe.json", '{"type": "Recipe", "name": "soup"}', "not a W3C"),
    text_case("no-first.jsonld", '{"type": "AnnotationCollection", "total": 0}', "first"),
    text_case("items-not-list.jsonld",
              '{"type": "AnnotationPage", "items": {"a": 1}}', "items"),
    text_case("duplicate-keys.jsonld",
              one_item(lambda it: None).replace('"type": "Annotation",',
                                                '"type": "Annotation", "type": "Annotation",', 1),
              "twice"),
    text_case("no-context.jsonld", one_item(lambda it: it.pop("@context"))
              .replace('"@context": "http://www.w3.org/ns/anno.jsonld",', "", 1), "@context"),
    text_case("wrong-context.jsonld",
              one_item(lambda it: it.update({"@context": "http://example.org/ctx"})), "@context"),
    text_case("motivation.jsonld", one_item(lambda it: it.update(motivation="hacking")),
              "motivation"),
    text_case("future.jsonld", one_item(lambda it: it.update(modified="2099-01-01T00:00:00Z")),
              "future"),
    text_case("future-created.jsonld",
              one_item(lambda it: it.update(created="2099-01-01T00:00:00Z",
                                            modified="2099-01-01T00:00:00Z")), "future"),
    text_case("version.jsonld", one_item(
        lambda it: it["target"].update({"nc:articleVersion": "0" * 64})), "article_version"),
    text_case("quote.jsonld", one_item(
        lambda it: it["target"]["selector"][0].update(exact="X" * 20)), "quote"),
    text_case("offsets.jsonld", one_item(
        lambda it: it["target"]["selector"][1].update(start=-5)), "start"),
    text_case("huge-offset.jsonld", one_item(
        lambda it: it["target"]["selector"][1].update(start=10**12, end=10**12 + 3)), "quote"),
    text_case("escape-name.jsonld", one_item(lambda it: rename(it, "ana\x1b[2J")), "annotator"),
    text_case("bad-id.jsonld", one_item(lambda it: it.update(id="urn:uuid:not-a-uuid")), "id"),
    text_case("body-number.jsonld", one_item(
        lambda it: it["body"].append({"type": "TextualBody", "value": 7})), "body"),
    text_case("unknown-field.jsonld", one_item(
        lambda it: it["body"].append({"type": "TextualBody", "value": "x", "nc:field": "grade",
                                      "purpose": "assessing"})), "nc:field"),
    text_case("twice-verdict.jsonld", one_item(
        lambda it: it["body"].extend([
            {"type": "TextualBody", "value": "refuted", "nc:field": "verdict",
             "purpose": "assessing"},
            {"type": "TextualBody", "value": "supported", "nc:field": "verdict",
             "purpose": "assessing"}])), "twice"),
    ("same-id-twice.jsonld", lambda folder: same_id_twice(folder), ("already used",)),
    ("thirty-bad.jsonld", many_bad_records, ("more records",)),
    ("many.json", too_many_records, ("records",)),
    ("sheet.csv", csv_file(lambda t: t.replace("annotator", "person", 1)), ("columns",)),
    ("sheet.csv", csv_file(lambda t: t + "a,b,c\r\n"), ("cells",)),
    ("sheet.csv", csv_file(lambda t: t.replace(",ana", ",a\x00na", 1) + '"open,\r\n'), ("CSV",)),
    ("mallory.jsonld",
     lambda folder: forged(folder, lambda it: it["body"][0].update(value="opinion")),
     ("conflict",)),
    ("mallory.jsonld",
     lambda folder: forged(folder, lambda it: (rename(it, "mallory"),
                                                it["body"][0].update(value="opinion"))),
     ("conflict",)),
    ("mallory.jsonld", lambda folder: forged(folder, lambda it: None), ("flag",)),
    ("mallory.jsonld",
     lambda folder: forged(folder, lambda it: it.update(modified="2099-01-01T00:00:00Z")),
     ("future",)),
    text_case("\x1b[31mred.jsonld", "not json", "not valid JSON"),
]


@pytest.fixture
def class_folder(tmp_path):
    folder = tmp_path / "handins"
    folder.mkdir()
    for path in GOOD:
        shutil.copy(path, folder / path.name)
    return folder


def good_ids() -> set[str]:
    return {
        item["id"].removeprefix("urn:uuid:")
        for path in GOOD
        for item in json.loads(path.read_text("utf-8"))["first"]["items"]
        if item["motivation"] == "classifying"  # the annotations (not answers or tries)
    }


def test_the_catalogue_is_broad():
    assert len(CASES) >= 40


@pytest.mark.parametrize("name, build, words", CASES, ids=[f"{i:02d}" for i in range(len(CASES))])
def test_a_hostile_file_among_good_ones(class_folder, tmp_path, capsys, name, build, words):
    build(class_folder)
    out = tmp_path / "results"
    code = cli.main(["collect", str(class_folder), "--out", str(out), "--quiet"])
    printed = capsys.readouterr()
    text = printed.out + printed.err
    assert code == 1, text
    assert "Traceback" not in text
    assert "\x1b" not in text  # no escape sequence reaches the terminal raw
    report = (out / "report.md").read_text("utf-8")
    shown = name.encode("unicode_escape").decode("ascii")
    assert shown.split("/")[0] in text + report, (shown, text)
    everything = (text + report).lower()
    assert any(word.lower() in everything for word in words), (words, text)
    with open(out / "class_annotations.csv", encoding="utf-8-sig", newline="") as f:
        ids = {row["id"] for row in csv.DictReader(f)}
    assert good_ids() <= ids
    assert "<!--" not in report and "<img" not in report


def test_the_victims_work_is_kept_and_the_forgery_is_not(class_folder):
    forged(class_folder, lambda it: it["body"][0].update(value="opinion"))
    victim = sample(1)["first"]["items"][0]
    results = collect(class_folder)
    row = results.annotations.set_index("id").loc[victim["id"].removeprefix("urn:uuid:")]
    assert row["file"] == GOOD[1].name and row["claim_type"] == victim["body"][0]["value"]
    [conflict] = results.conflicts
    assert conflict["files"].split(", ") == sorted([GOOD[1].name, "mallory.jsonld"])
    assert conflict["kept"] == GOOD[1].name
    assert "mallory.jsonld" in results.report()


def test_names_that_would_break_the_report_are_shown_literally(class_folder):
    doc = sample(0)
    for item in doc["first"]["items"]:
        item["id"] = f"urn:uuid:{uuid.uuid4()}"
        rename(item, "<!--")
    _write(class_folder, "comment.jsonld", json.dumps(doc))
    doc = sample(0)
    for item in doc["first"]["items"]:
        item["id"] = f"urn:uuid:{uuid.uuid4()}"
        rename(item, "<img src=x onerror=alert(1)>")
    _write(class_folder, "img.jsonld", json.dumps(doc))
    results = collect(class_folder)
    report = results.report()
    assert "* &lt;\\!--: " in report and "<!--" not in report
    assert "&lt;img src=x onerror=alert(1)&gt;" in report and "<img" not in report
    assert "## Rejected" in report  # nothing after the name is hidden
    assert len(results.students) == 5


def test_formulas_never_reach_a_spreadsheet(class_folder, tmp_path, article, make):
    from helpers.formats import read_file, write_csv

    ann = make("nato-2", note='=HYPERLINK("http://evil","click")', annotator="+ana")
    write_csv([ann], class_folder / "kid.csv", article)
    raw = (class_folder / "kid.csv").read_text("utf-8-sig")
    assert "'=HYPERLINK" in raw and ",'+ana," in raw
    assert read_file(class_folder / "kid.csv", article).annotations == [ann]  # exact round trip
    results = collect(class_folder)
    out = tmp_path / "out"
    results.write(out)
    for name in ("class_annotations.csv", "rejected.csv"):
        with open(out / name, encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in row)


def test_an_unreadable_subfolder_is_reported(class_folder, monkeypatch):
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):
        onerror(PermissionError(13, "Permission denied", str(Path(top) / "locked")))
        yield from real_walk(top, onerror=onerror, **kwargs)

    monkeypatch.setattr(os, "walk", walk)
    _found, _other, problems = find_files(class_folder)
    assert problems[0]["file"] == "locked" and "cannot be opened" in problems[0]["problem"]


def test_writing_the_report_never_follows_a_link_out(class_folder, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "precious.txt"
    target.write_text("keep me", "utf-8")
    (out / "report.md").symlink_to(target)
    collect(class_folder).write(out, force=True)
    assert target.read_text("utf-8") == "keep me"
    assert not (out / "report.md").is_symlink()


def test_forty_good_hand_ins_and_one_hostile_file(tmp_path, capsys):
    from helpers.classroom.sample_class import write_class

    folder = tmp_path / "class"
    write_class(folder, 40, seed=7)
    _write(folder, "evil.jsonld", deep(100_000))
    code = cli.main(["collect", str(folder), "--out", str(tmp_path / "out"), "--quiet"])
    printed = capsys.readouterr()
    assert code == 1 and "evil.jsonld" in printed.err and "Traceback" not in printed.err
    assert "40 students" in printed.out


def test_import_refuses_deep_json_without_a_traceback(tmp_path, capsys):
    path = tmp_path / "deep.jsonld"
    path.write_text(deep(100_000), "utf-8")
    code = cli.main(["import", str(path), "--db", str(tmp_path / "s.sqlite")])
    err = capsys.readouterr().err
    assert code == 1 and "nested too deep" in err and "Traceback" not in err
    assert sys.getrecursionlimit() >= 1000
