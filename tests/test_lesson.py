"""helpers.lesson and the lesson data: every row sourced, every key quote in its sentence,
and every lesson notebook carrying its own prose (objectives, time plan, questions, teacher
notes), which lives nowhere else."""

import json
import re

import nbformat
import pytest

from helpers.article import PART_IDS, load_article
from helpers.lesson import Lesson, load_key
from helpers.paths import DATA, NOTEBOOKS
from helpers.scheme import load_scheme

LESSON_FILES = {
    "lede": "01_the_lede.ipynb",
    "alliance": "02_forming_the_alliance.ipynb",
    "nato": "03_nato_show_of_force.ipynb",
    "russia": "04_risking_the_fire.ipynb",
    "stakes": "05_weighing_the_stakes.ipynb",
}


def test_answer_key_quotes_are_exact_and_labels_valid():
    article, scheme = load_article(), load_scheme()
    doc = json.loads((DATA / "key" / "answer_key.json").read_text(encoding="utf-8"))
    assert doc["article_version"] == article.version
    ids = set()
    for item in doc["items"]:
        assert item["id"] not in ids
        ids.add(item["id"])
        sentence = article.sentence(item["sentence_id"])
        assert sentence.text.count(item["quote"]) == 1, item["id"]
        assert item["claim_type"] in scheme.choice_ids("claim_type")
        assert item["check_worthy"] in scheme.choice_ids("check_worthy")
        if item["check_worthy"] == "yes":
            assert item["verdict"] in scheme.choice_ids("verdict"), item["id"]
            assert item["sources"], item["id"]
        for t in item["techniques"]:
            assert t in scheme.choice_ids("techniques")
    assert {k["part"] for k in load_key()} == set(PART_IDS)


SIFT_MOVES = {"Stop", "Investigate the source", "Find better coverage",
              "Trace claims to the original"}
# what helpers/lesson.py and helpers/questions.py read from data/lessons/<part>.json; the rest of
# the lesson prose is the notebooks'
LESSON_DATA_KEYS = {"sift_move", "sources_say", "synthesis", "questions"}


@pytest.mark.parametrize("part", PART_IDS)
def test_lesson_data_is_complete_and_sourced(part):
    article, d = load_article(), Lesson(part).data
    assert set(d) <= LESSON_DATA_KEYS, "lesson prose belongs in the notebook, not the data file"
    move = d["sift_move"]
    assert move["move"] in SIFT_MOVES
    claim = article.sentence(move["claim_sentence_id"])
    assert claim.id.startswith(f"{part}-") and move["claim_quote"] in claim.text
    assert move["steps"] and all(x.strip() for x in move["steps"])
    assert move["what_you_find"].strip() and move["source"].strip()
    assert all(x["source"].strip() for x in d["sources_say"])
    for x in d["sources_say"]:
        sentence = article.sentence(x["sentence_id"])
        assert sentence.id.startswith(f"{part}-") and x["claim"] in sentence.text, x["claim"]
        assert x["verdict"] in load_scheme().choice_ids("verdict")
    questions = json.loads((DATA / "selfcheck" / f"{part}.json").read_text(encoding="utf-8"))
    assert len(questions["questions"]) >= 4
    assert all(q["source"].strip() and q["explanation"].strip() for q in questions["questions"])


def test_all_four_sift_moves_are_taught():
    moves = {Lesson(p).data["sift_move"]["move"] for p in PART_IDS}
    assert moves == SIFT_MOVES


def _notebook_text(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    return nb, "\n".join(c.source for c in nb.cells)


def _cell(nb, first_line):
    """The one markdown cell whose first line is ``first_line`` (a heading)."""
    found = [c for c in nb.cells
             if c.cell_type == "markdown" and c.source.splitlines()[:1] == [first_line]]
    assert len(found) == 1, f"{first_line!r}: {len(found)} cells"
    return found[0]


def _numbered(source):
    return re.findall(r"^\d+\. +(\S.*)$", source, re.M)


def _bullets(source, bold_heading):
    """The '* ' items under a bold heading, up to the next bold heading."""
    assert f"**{bold_heading}**" in source, bold_heading
    body = source.split(f"**{bold_heading}**", 1)[1].split("\n**", 1)[0]
    return re.findall(r"^\* +(\S.*)$", body, re.M)


def _time_plans(source):
    """{'In class': (50, [(5, 'Warm-up ...'), ...]), ...} from '**Label (N minutes)**' tables."""
    parts = re.split(r"^\*\*(.+?) \((\d+) minutes\)\*\*$", source, flags=re.M)
    return {
        label: (int(total), [(int(m), a) for m, a in
                             re.findall(r"^\|\s*(\d+)\s*\|\s*(\S.*?)\s*\|$", body, re.M)])
        for label, total, body in zip(parts[1::3], parts[2::3], parts[3::3], strict=True)
    }


@pytest.mark.parametrize("part", PART_IDS)
def test_lesson_notebook_has_its_prose(part):
    """The notebook is the one source of a lesson's objectives, time plan, questions and
    teacher notes: each is there, complete, and in the cell a teacher expects."""
    nb, _ = _notebook_text(LESSON_FILES[part])
    number = list(LESSON_FILES).index(part) + 1
    assert nb.cells[0].source.startswith(f"# Lesson {number} · ")

    objectives = _numbered(_cell(nb, "## Learning objectives").source)
    assert 3 <= len(objectives) <= 5, objectives

    plans = _time_plans(_cell(nb, "## Time plan").source)
    assert {label: total for label, (total, _) in plans.items()} == {
        "In class": 50, "On your own": 20}
    for label, (total, rows) in plans.items():
        assert len(rows) >= 3 and all(activity for _, activity in rows), label
        assert sum(m for m, _ in rows) == total, f"{label}: minutes add up to {total}"

    reading = _numbered(_cell(nb, "## Guided reading questions").source)
    assert len(reading) >= 3
    assert len(_numbered(_cell(nb, "## Discuss").source)) >= 3

    move = Lesson(part).data["sift_move"]["move"]  # the steps shown under it are data
    _cell(nb, f"## SIFT move: {move}")

    notes = _cell(nb, "## Teacher notes")
    answers = _cell(nb, "**Answers to the reading questions**")
    for cell in (notes, answers):
        assert "teacher" in cell.metadata.get("tags", [])
        assert cell.metadata["slideshow"]["slide_type"] == "notes"
    assert _bullets(notes.source, "How to run this lesson")
    assert _bullets(notes.source, "Common student mistakes")
    assert len(_numbered(answers.source)) == len(reading), "one answer per reading question"


@pytest.mark.parametrize("name", ["00_start_here.ipynb", *LESSON_FILES.values()])
def test_notebook_cells_have_slide_metadata_and_teacher_cells_are_notes(name):
    nb, _ = _notebook_text(name)
    for cell in nb.cells:
        slide = cell.metadata.get("slideshow", {}).get("slide_type")
        assert slide in {"slide", "subslide", "fragment", "skip", "notes", "-"}, cell.source[:40]
        tags = cell.metadata.get("tags", [])
        if "teacher" in tags:
            assert slide == "notes"
        if "hide-input" in tags:
            assert slide == "skip"
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert "hide-input" in first_code.metadata.get("tags", [])
    assert first_code.metadata.get("jupyter", {}).get("source_hidden") is True


@pytest.mark.parametrize("name", LESSON_FILES.values())
def test_widget_cells_and_only_they_ignore_output(name):
    nb, _ = _notebook_text(name)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        widget = re.search(r"annotator\(|selfcheck\(|reveal_\w+\(|handin\(", cell.source)
        ignored = "nbval-ignore-output" in cell.metadata.get("tags", [])
        assert bool(widget) == ignored, cell.source


def test_navigation_links_every_lesson_in_order():
    _, start = _notebook_text("00_start_here.ipynb")
    names = list(LESSON_FILES.values())
    positions = [start.index(f"]({n})") for n in names]
    assert positions == sorted(positions)
    for i, name in enumerate(names):
        _, text = _notebook_text(name)
        prev = "00_start_here.ipynb" if i == 0 else names[i - 1]
        assert f"]({prev})" in text and "](00_start_here.ipynb)" in text
        if i + 1 < len(names):
            assert f"]({names[i + 1]})" in text


def test_rendered_pieces_escape_their_data():
    lesson = Lesson("russia")
    assert "&#x27;Western Russophobes&#x27;" in lesson.text()._repr_html_()
    html = lesson.sources_say_html()
    assert "<script" not in html and "Sources:" in html
    table = lesson.answer_key()._repr_html_()
    assert "Gapon" in table
    with pytest.raises(ValueError, match="not a part"):
        Lesson("sport")
    with pytest.raises(ValueError, match="no synthesis"):
        lesson.synthesis_html()
    assert "32 countries" in Lesson("stakes").synthesis_html()


def test_sources_reveal_compares_the_students_own_verdicts(store):
    from helpers.annotations import Annotation

    lesson = Lesson("nato")
    assert "not saved any annotations" in lesson.your_work_html(store)
    store.set_setting("annotator", "ana<b>")
    article = load_article()
    store.add(Annotation.new(article, "ana<b>", "nato-2", quote="1,100 armored vehicles",
                             claim_type="statistic", check_worthy="yes", verdict="misleading"))
    store.add(Annotation.new(article, "ana<b>", "nato-1", quote="initiation",
                             claim_type="factual", check_worthy="yes", verdict="supported"))
    html = lesson.your_work_html(store)
    assert "ana&lt;b&gt;" in html and "ana<b>" not in html
    assert "1,100 armored vehicles" in html and "✔ same" in html
    assert "not annotated" in html
    # the widget computes it when opened, not before
    reveal = lesson.reveal_sources(store)
    assert reveal.content.outputs == ()
    reveal.toggle.value = True
    shown = reveal.content.outputs[0]["data"]["text/html"]
    assert "Your verdicts and the sources'" in shown and "was not starting in March" in shown
