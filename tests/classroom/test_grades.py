"""Proposed levels and the gradebook: the measures on a hand-made class with known answers, the
proposed level (the lowest computable criterion), confirmed levels that win and are never
overwritten silently, and the CSV for Canvas, Moodle and a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import threading
from pathlib import Path

import pandas as pd
import pytest

from helpers.classroom.gradebook import (
    CANVAS_COLUMNS,
    LevelsConflict,
    LevelsError,
    LevelsFile,
    gradebook_csv,
    gradebook_rows,
    summary,
    write_gradebook,
)
from helpers.classroom.grades import (
    EVIDENCE_FIELD,
    MIN_WORDS,
    class_proposals,
    good_source,
    proposals_table,
    propose,
    task_measures,
)
from helpers.classroom.report import ANSWER_COLUMNS, SEARCH_COLUMNS, ClassResults
from helpers.formats.csvfile import from_spreadsheet_safe
from helpers.key import NO_VERDICT, field_values, key_frame
from helpers.rubric import load_rubric, rubric_html
from helpers.scheme import load_scheme
from helpers.sources import source

FIXTURE = Path(__file__).parent.parent / "fixtures" / "rubric.json"
NATO_URL = "https://www.nato.int/cps/en/natohq/opinions_221779.htm"
PRACTICE_URL = "https://defence-digest-daily.invalid/2024/03/nato-1100-armored-vehicles"
SUMMING_UP = " ".join(["word"] * MIN_WORDS)


@pytest.fixture
def rubric(tmp_path):
    doc = json.loads(FIXTURE.read_text(encoding="utf-8"))
    nato = json.loads(json.dumps(doc["tasks"][1]))
    nato.update(id="nato-check", title="Lesson 3: NATO's figures", parts=["nato"])
    doc["tasks"].append(nato)
    path = tmp_path / "rubric.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return load_rubric(path)


def _row(student: str, item, verdict, evidence: str = "") -> dict:
    """One annotation of ``student`` on the key's claim ``item`` (its quote, its answers)."""
    scheme = load_scheme()
    row = {column: "" for column in scheme.flat_columns}
    row.update(
        annotator=student, part=item.part, sentence_id=item.sentence_id, start=item.kstart,
        end=item.kend, quote=item.quote, claim_type=item.claim_type,
        check_worthy=item.check_worthy, verdict=None if verdict == NO_VERDICT else verdict,
        techniques=(),
    )
    column = next(c for c in scheme.flat_columns if c.startswith(EVIDENCE_FIELD))
    row[column] = evidence
    if "confidence" in row:
        row["confidence"] = None
    return row


def _wrong(verdict: str) -> str:
    return next(v for v in field_values("verdict") if v not in (verdict, NO_VERDICT))


@pytest.fixture
def klass() -> ClassResults:
    return make_class()


def make_class() -> ClassResults:
    """ana: 4 of the 5 check-worthy nato claims; verdicts on 5 keyed claims, 2 match; evidence
    on 2 of her 4 verdicts; sources: NATO (good), a practice page (poor) and Wikipedia from the
    search box (good). ben: answered a nato question, annotated nothing. cy: only the stakes
    paragraph, with one full summing-up and one too short."""
    key = key_frame().set_index("item")
    rows = [
        _row("ana", _item(key.loc["key-nato-1"]),
             key.loc["key-nato-1", "verdict"], f"NATO's own page: {NATO_URL}"),
        _row("ana", _item(key.loc["key-nato-4"]), key.loc["key-nato-4", "verdict"],
             f"A blog: {PRACTICE_URL}"),
        _row("ana", _item(key.loc["key-nato-5"]), NO_VERDICT),
        _row("ana", _item(key.loc["key-nato-6"]), _wrong(key.loc["key-nato-6", "verdict"])),
        _row("ana", _item(key.loc["key-nato-2"]), _wrong(NO_VERDICT)),  # a verdict on an opinion
        _row("cy", _item(key.loc["key-stakes-1"]), key.loc["key-stakes-1", "verdict"]),
    ]
    annotations = pd.DataFrame(rows)
    answers = pd.DataFrame(
        [["ben", "nato-read-1", "In January.", "2024-03-14T09:00:00Z"],
         ["cy", "stakes-synthesis-1", SUMMING_UP, "2024-03-14T09:00:00Z"],
         ["cy", "stakes-rewrite-1", "Too short.", "2024-03-14T09:00:00Z"]],
        columns=list(ANSWER_COLUMNS),
    )
    searches = pd.DataFrame(
        [["ana", "evidence", "", "wikipedia-steadfast-defender", "nato", "2024-03-14T09:00:00Z"],
         ["ana", "open", "", "bnn-article", "nato", "2024-03-14T09:00:01Z"]],
        columns=list(SEARCH_COLUMNS),
    )
    return ClassResults(folder=Path("handins"), annotations=annotations,
                        rejected=pd.DataFrame(), answers=answers, searches=searches)


def _item(series: pd.Series):
    return series.to_frame().T.assign(item=series.name).iloc[0]


def test_measures_on_a_hand_made_class(klass, rubric):
    found = task_measures(klass, rubric.task("nato-check"))
    assert sorted(found) == ["ana", "ben"]  # cy handed in nothing for the nato part
    ana = found["ana"]
    assert ana["claims"] == (0.8, "found 4 of 5 check-worthy claims (80%)")
    assert ana["verdicts"] == (0.4, "2 of 5 verdicts (40%) match the key")
    assert ana["evidence"] == (0.5, "evidence written for 2 of 4 verdicts (50%)")
    assert ana["sources"][0] == pytest.approx(2 / 3)
    assert "2 of 3 sources used (67%)" in ana["sources"][1]
    ben = found["ben"]
    assert ben["claims"][0] == 0.0
    assert ben["verdicts"] == (None, "no verdict on the key's claims to compare")
    assert ben["evidence"] == (None, "no verdict given")
    assert ben["sources"] == (None, "no source from the source pack used")


def test_written_counts_full_summing_ups_only(klass, rubric):
    found = task_measures(klass, rubric.task("stakes-check"))
    assert sorted(found) == ["cy"]
    value, reason = found["cy"]["written"]
    assert value == 0.5 and "1 of 2 summing-up tasks" in reason


def test_written_work_never_proposes_the_top_level(klass, rubric):
    """Counting words cannot tell a good summing-up from a poor one: the rubric's own Beginning
    anchor of the end-of-unit check has more than MIN_WORDS words."""
    anchor = load_rubric().task("end-of-unit").criterion("written").anchors["beginning"]
    assert len(anchor.split()) >= MIN_WORDS
    both = ClassResults(
        folder=Path("handins"), annotations=klass.annotations[klass.annotations["annotator"]
                                                              == "cy"],
        rejected=pd.DataFrame(), searches=None,
        answers=pd.DataFrame([["cy", "stakes-synthesis-1", anchor, "2024-03-14T09:00:00Z"],
                              ["cy", "stakes-rewrite-1", anchor, "2024-03-14T09:00:00Z"]],
                             columns=list(ANSWER_COLUMNS)))
    [cy] = propose(both, "stakes-check", rubric)
    assert cy.measures["written"] == 1.0 and cy.levels["written"] == "developing"
    assert cy.level != "mastering"
    assert (": Developing (wrote 2 of 2 summing-up tasks (100%) with "
            f"at least {MIN_WORDS} words; whether it is good enough for Mastering is for you to "
            "judge).") in cy.why
    [half] = propose(klass, "stakes-check", rubric)
    assert half.levels["written"] == "developing" and "1 of 2" in half.why
    # the rubric shown to the teacher says what is counted, and who gives the top level
    text = repr(rubric_html("unit-handins"))
    assert "answered in full" not in text
    assert (f"Mastering only from you, reading the work (the share of summing-up "
            f"tasks answered with at least {MIN_WORDS} words)") in text


def test_the_proposed_level_is_the_lowest_computable_one(klass, rubric):
    ana, ben = propose(klass, "nato-check", rubric)
    assert ana.levels == {"claims": "mastering", "verdicts": "developing",
                          "evidence": "developing", "sources": "developing"}
    assert ana.level == "developing" and ana.handed_in
    assert ana.reasons[0] == ("Finds the claims worth checking: Mastering (found 4 of 5 "
                              "check-worthy claims (80%)).")
    assert ben.level == "beginning"  # only claims could be computed: 0 of 5
    assert "Says whether each claim holds up: not computed" in ben.why
    nobody = propose(klass, "nato-check", rubric, students=["cy"])
    cy = next(p for p in nobody if p.student == "cy")
    assert not cy.handed_in and cy.level is None
    table = proposals_table(nobody, rubric)
    assert list(table.columns) == ["student", "proposed level", "why"]
    assert table.set_index("student").loc["cy", "proposed level"] == ""


def test_nothing_computable_is_left_for_the_teacher(klass, rubric):
    only_sources = json.loads(FIXTURE.read_text(encoding="utf-8"))
    only_sources["tasks"] = [{**only_sources["tasks"][1], "parts": ["nato"]}]
    only_sources["tasks"][0]["criteria"] = [only_sources["tasks"][0]["criteria"][3]]
    path = Path(rubric.path).with_name("sources-only.json")
    path.write_text(json.dumps(only_sources), encoding="utf-8")
    ben = next(p for p in propose(klass, "unit-handins", load_rubric(path)) if p.student == "ben")
    assert ben.level is None and ben.handed_in
    assert "judge this one yourself" in ben.why


def test_good_sources():
    named = {"nato-1": {"nato.int/cps/en/natohq/opinions_221779.htm"}}
    assert good_source(source("nato-opinions-221779"), "nato-1", named)
    assert good_source(source("wikipedia-steadfast-defender"), "nato", {})
    assert not good_source(source("practice-blog-armored-vehicles"), "nato-2", {})
    assert not good_source(source("bnn-article"), "nato-1", {})
    assert not good_source(source("pravda-fr-slutsky-2024-03-10"), "russia-2", {})
    assert not good_source(source("wikipedia-steadfast-defender"), "russia-2", {})


def test_evidence_field_is_the_one_the_search_box_writes():
    from helpers.widgets.evidence import EVIDENCE_FIELD as WIDGET_FIELD

    assert EVIDENCE_FIELD == WIDGET_FIELD


def test_the_sample_class_gets_a_level_for_every_task(rubric):
    proposals = class_proposals(None, rubric)
    assert set(proposals) == {"stakes-check", "unit-handins", "nato-check"}
    students = {p.student for p in proposals["unit-handins"]}
    assert len(students) == 30
    assert all(len(found) == 30 for found in proposals.values())
    assert all(p.level for p in proposals["unit-handins"])


# -- the levels file ---------------------------------------------------------------------------
def test_confirmed_levels_are_saved_merged_and_kept(tmp_path, rubric):
    levels = LevelsFile(tmp_path, rubric)
    assert levels.path == tmp_path / "levels.json" and levels.read() == {}
    levels.confirm("ana", "nato-check", "mastering", proposed="developing", by="ms-lee",
                   expected=None)
    other = LevelsFile(tmp_path / "levels.json", rubric)  # another notebook, same file
    other.confirm("ben", "nato-check", "beginning", by="mr-o", expected=None)
    both = levels.read()
    assert both["ana"]["nato-check"]["level"] == "mastering"
    assert both["ana"]["nato-check"]["by"] == "ms-lee"
    assert both["ben"]["nato-check"]["level"] == "beginning"
    with pytest.raises(LevelsConflict, match="was changed meanwhile .*by ms-lee"):
        other.confirm("ana", "nato-check", "beginning", expected=None)  # it saw no level
    assert levels.level("ana", "nato-check") == "mastering"  # not overwritten
    levels.confirm("ana", "nato-check", "developing", expected="mastering")
    levels.confirm("ana", "nato-check", None, expected="developing")  # back to the proposal
    entry = levels.read()["ana"]["nato-check"]
    assert entry["level"] is None
    assert [h["level"] for h in entry["history"]] == ["mastering", "developing"]
    with pytest.raises(KeyError):
        levels.confirm("ana", "nope", "mastering")
    with pytest.raises(KeyError):
        levels.confirm("ana", "nato-check", "genius")


def test_confirming_at_once_loses_nothing(tmp_path, rubric):
    levels = LevelsFile(tmp_path, rubric)
    names = [f"s{n:02d}" for n in range(20)]
    threads = [threading.Thread(target=levels.confirm, args=(n, "nato-check", "developing"))
               for n in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(levels.read()) == names


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[1]", "levels: must be an object"),
        ('{"levels": {"ana": {"nato-check": {"level": "genius", "by": "", "at": ""}}}}',
         "'genius' is not a level"),
        ('{"levels": {"ana": {"nato-check": {"level": "mastering"}}}}',
         "must be an object with 'level', 'by' and 'at'"),
        ('{"levels": {}, "levels": {}}', "twice"),
        ("{", "not valid JSON"),
    ],
)
def test_a_bad_levels_file_is_refused_naming_where(tmp_path, rubric, text, says):
    path = tmp_path / "levels.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LevelsError, match=says):
        LevelsFile(path, rubric).read()


def test_a_huge_levels_file_is_refused_before_reading(tmp_path, rubric):
    path = tmp_path / "levels.json"
    with open(path, "wb") as f:
        f.truncate(5 * 1024 * 1024)
    with pytest.raises(LevelsError, match="too big"):
        LevelsFile(path, rubric).read()


# -- the gradebook ------------------------------------------------------------------------------
@pytest.fixture
def book(klass, rubric):
    everyone = ["ana", "ben", "cy", "=HYPERLINK(\"http://x.invalid\",\"click\")"]
    return {
        "nato-check": propose(klass, "nato-check", rubric, students=everyone),
        "stakes-check": propose(klass, "stakes-check", rubric, students=everyone),
    }


def _read(text: str) -> list[list[str]]:
    return [[from_spreadsheet_safe(c) for c in row] for row in csv.reader(io.StringIO(text))]


def test_gradebook_columns_per_format(book, rubric):
    header, _ = gradebook_rows(book, {}, "canvas", rubric)
    assert header == [*CANVAS_COLUMNS, "Lesson 3: NATO's figures",
                      "Lesson 5: the closing paragraph"]
    header, _ = gradebook_rows(book, {}, "moodle", rubric)
    assert header == ["Student", "Lesson 3: NATO's figures", "Lesson 5: the closing paragraph"]
    header, _ = gradebook_rows(book, {}, "plain", rubric)
    assert header == ["student", "nato-check points", "nato-check level", "nato-check status",
                      "stakes-check points", "stakes-check level", "stakes-check status"]
    with pytest.raises(ValueError, match="choose one of canvas, moodle, plain"):
        gradebook_rows(book, {}, "excel", rubric)


def test_confirmed_wins_missing_is_empty_and_cells_are_safe(book, rubric):
    confirmed = {"ana": {"nato-check": {"level": "mastering"}},
                 "ben": {"nato-check": {"level": None}}}  # withdrawn: the proposal counts
    text = gradebook_csv(book, confirmed, "plain", rubric)
    assert "\r\n" in text
    rows = {row[0]: row[1:] for row in _read(text)[1:]}
    assert rows["ana"][:3] == ["3", "Mastering", "confirmed"]
    assert rows["ben"][:3] == ["1", "Beginning", "proposed"]
    assert rows["cy"][:3] == ["", "", ""]  # no hand-in for nato: empty, not 0
    assert rows["cy"][3:] == ["2", "Developing", "proposed"]
    assert rows["ana"][3:] == ["", "", ""]
    hostile = '=HYPERLINK("http://x.invalid","click")'
    assert hostile in rows  # the name as typed, after the round trip
    raw = list(csv.reader(io.StringIO(text)))
    assert all(not cell.startswith("=") for row in raw for cell in row)
    canvas = _read(gradebook_csv(book, confirmed, "canvas", rubric))
    assert next(row for row in canvas if row[0] == "ana")[:6] == ["ana", "", "", "", "", "3"]
    counts = summary(book, confirmed)
    assert counts == {"confirmed": 1, "proposed": 2, "empty": 5, "to judge": 0}


def test_write_gradebook_never_replaces_without_force(book, rubric, tmp_path):
    out = tmp_path / "grades.csv"
    write_gradebook(out, book, {}, "moodle", rubric)
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")  # platforms read plain UTF-8
    with pytest.raises(FileExistsError):
        write_gradebook(out, book, {}, "moodle", rubric)
    write_gradebook(out, book, {}, "plain", rubric, force=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets want the mark


@pytest.mark.default_scheme
def test_measures_in_the_simple_scheme_too(rubric):
    """The key and the class in the simple scheme's terms: the same counts."""
    key = key_frame().set_index("item")
    assert "fact" in set(key["claim_type"])  # the simple scheme is in use
    ana = task_measures(make_class(), rubric.task("nato-check"))["ana"]
    assert ana["claims"][0] == 0.8 and ana["verdicts"][0] == 0.4
    assert ana["evidence"][0] == 0.5 and ana["sources"][0] == pytest.approx(2 / 3)


def test_a_page_on_the_whole_article_is_a_good_source_in_every_part():
    """Who runs the site is evidence anywhere in its article: the encyclopedia page on BNN
    Breaking (listed for the whole article) counts on a lede sentence; the article itself,
    or a page of a kind never counted as evidence, does not."""
    from helpers.classroom.grades import good_source
    from helpers.sources import source

    wiki = source("wikipedia-bnn-breaking")
    assert good_source(wiki, "lede-1", {}) and good_source(wiki, "nato", {})
    assert not good_source(source("bnn-article"), "lede-1", {})
