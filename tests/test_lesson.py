"""helpers.lesson and the lesson data: every row sourced, every key quote in its sentence; and
every lesson notebook built the way the unit's spec says: the banner first, skills (not findings)
as objectives, time plans that cover every activity, answer boxes whose questions are data, the
SIFT moves in SIFT's order, teacher notes a teacher can run a lesson from, each on the slide it
belongs to, and plain student text that never cites a file students cannot see."""

import json
import re

import nbformat
import pytest

from helpers.article import PART_IDS, load_article
from helpers.lesson import Lesson, load_key
from helpers.paths import DATA, NOTEBOOKS
from helpers.questions import questions
from helpers.scheme import load_scheme
from helpers.tools import lesson_checks as checks

LESSON_FILES = {
    "lede": "01_the_lede.ipynb",
    "alliance": "02_forming_the_alliance.ipynb",
    "nato": "03_nato_show_of_force.ipynb",
    "russia": "04_risking_the_fire.ipynb",
    "stakes": "05_weighing_the_stakes.ipynb",
}
#: The default route: three 50-minute lessons, the notebooks of each.
THREE_LESSONS = [["lede"], ["alliance", "nato"], ["russia", "stakes"]]
SIFT_ORDER = ["Stop", "Investigate the source", "Find better coverage",
              "Trace claims to the original"]
SIFT_MOVES = set(SIFT_ORDER)
# what helpers/lesson.py and helpers/questions.py read from data/lessons/<part>.json; the rest of
# the lesson prose is the notebooks'
LESSON_DATA_KEYS = {"sift_move", "sources_say", "synthesis", "questions"}
#: The student headings of every section notebook, in this order (spec: "Every section notebook,
#: in this order"); a notebook may add its own tasks between them (an exit ticket, a task).
SECTION_ORDER = ["What you will do", "Time plan", "Read the text", "Words to know",
                 "Reading questions", "SIFT move", "Annotate the claims", "What the move finds",
                 "Check yourself", "Discuss", "What the sources say", "Hand in"]
WIDGET_CALLS = ("annotator", "selfcheck", "reveal_sift", "reveal_sources", "reveal_synthesis",
                "handin", "answer", "search", "class_view")
#: Words students must never meet: project jargon and files they cannot see.
JARGON = re.compile(
    r"part '|stored source|per fact sheet|fact sheet|teaching note|background knowledge|nbval|"
    r"helpers|data/|\.csv|\.json|double-click|model-answer", re.I)
#: An address without its scheme ("politico.eu/article/…"): not clickable.
BARE_ADDRESS = re.compile(r"(?<![/\w.])(?:[a-z0-9-]+\.)+(?:com|eu|org|net|fr|int|app|ua|tr|jp)/")
#: An address recorded only in part (or only as a site's name), given as it is and said so.
NOT_RECORDED = re.compile(r"\S+ \(full address not recorded\)")
#: The claim types that get no verdict (the key's rule, lesson 5's).
NO_VERDICT_TYPES = {"opinion", "prediction", "framing"}


def research_scheme():
    """The full research scheme when there is one (the answer key and the lesson data use its
    ids), else the one scheme."""
    full = DATA / "scheme_full.json"
    return load_scheme(full if full.exists() else None)


def moves_of(part):
    """The SIFT moves a lesson practises, in order ("Stop, then Investigate the source")."""
    return Lesson(part).data["sift_move"]["move"].split(", then ")


def test_answer_key_quotes_are_exact_and_labels_valid():
    article, scheme = load_article(), research_scheme()
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


@pytest.mark.parametrize("part", PART_IDS)
def test_lesson_data_is_complete_and_sourced(part):
    article, d = load_article(), Lesson(part).data
    assert set(d) <= LESSON_DATA_KEYS, "lesson prose belongs in the notebook, not the data file"
    move = d["sift_move"]
    assert set(moves_of(part)) <= SIFT_MOVES, move["move"]
    claim = article.sentence(move["claim_sentence_id"])
    assert claim.id.startswith(f"{part}-") and move["claim_quote"] in claim.text
    assert move["steps"] and all(x.strip() for x in move["steps"])
    assert move["what_you_find"].strip() and move["source"].strip()
    assert all(x["source"].strip() for x in d["sources_say"])
    for x in d["sources_say"]:
        sentence = article.sentence(x["sentence_id"])
        assert sentence.id.startswith(f"{part}-") and x["claim"] in sentence.text, x["claim"]
        # a verdict, or none for framing (said so to the student)
        assert x["verdict"] in research_scheme().choice_ids("verdict") or (
            x["verdict"] is None and x["what_sources_say"].startswith("Framing")
        ), x["claim"]
    selfcheck = json.loads((DATA / "selfcheck" / f"{part}.json").read_text(encoding="utf-8"))
    assert len(selfcheck["questions"]) >= 4
    assert all(q["source"].strip() and q["explanation"].strip() for q in selfcheck["questions"])


@pytest.mark.parametrize("part", PART_IDS)
def test_what_students_read_in_the_lesson_data_is_plain_and_addresses_are_whole(part):
    """The reveals show these texts to students: no project jargon, no address cut short."""
    d = Lesson(part).data
    sources = [d["sift_move"]["source"]] + [x["source"] for x in d["sources_say"]]
    texts = [d["sift_move"]["what_you_find"]] + [x["what_sources_say"] for x in d["sources_say"]]
    if "synthesis" in d:
        texts += [d["synthesis"]["intro"]] + [p["point"] for p in d["synthesis"]["points"]]
        sources += [p["source"] for p in d["synthesis"]["points"]]
    for text in texts + sources:
        assert not JARGON.search(text), text
        assert not BARE_ADDRESS.search(re.sub(r"https://\S+", "", NOT_RECORDED.sub("", text))), text
    for source in sources:
        # an address cut short is given as recorded and said to be incomplete, never silently
        assert "…" not in NOT_RECORDED.sub("", source), f"an address cut short: {source}"
        for cut in NOT_RECORDED.findall(source):
            assert not cut.startswith("https://"), f"a cut-short address posing as a link: {cut}"


@pytest.mark.parametrize("part", PART_IDS)
def test_what_the_sources_say_agrees_with_the_answer_key(part):
    """Each claim the reveal gives a verdict is one the key checks (check-worthy, with the
    same verdict): no verdict for an opinion, a prediction or framing. A claim the reveal shows
    without a verdict is one the key calls framing (or opinion, prediction): not check-worthy."""
    doc = json.loads((DATA / "key" / "answer_key.json").read_text(encoding="utf-8"))
    for x in Lesson(part).data["sources_say"]:
        same = [k for k in doc["items"] if k["sentence_id"] == x["sentence_id"]
                and (k["quote"] in x["claim"] or x["claim"] in k["quote"])]
        assert same, x["claim"]
        found = [(k["id"], k["claim_type"], k["check_worthy"], k.get("verdict")) for k in same]
        if x["verdict"] is None:
            assert all(k["verdict"] is None and k["check_worthy"] == "no"
                       and k["claim_type"] in NO_VERDICT_TYPES for k in same), (x["claim"], found)
        else:
            assert all(k["check_worthy"] == "yes" and k["verdict"] == x["verdict"]
                       for k in same), (x["claim"], found)


def test_the_euphemisms_are_framing_with_no_verdict():
    """"perceived Russian aggression" and "Russian military activities" are framing, not fact
    errors: no verdict in the key or in the reveal, the euphemism explained with its source."""
    doc = json.loads((DATA / "key" / "answer_key.json").read_text(encoding="utf-8"))
    items = {k["id"]: k for k in doc["items"]}
    for item_id, part in (("key-alliance-5", "alliance"), ("key-nato-3", "nato")):
        k = items[item_id]
        assert (k["claim_type"], k["check_worthy"], k["verdict"]) == ("framing", "no", None)
        assert "Kyiv Independent" in k["note"] and k["techniques"]
        [shown] = [x for x in Lesson(part).data["sources_say"] if x["claim"] == k["quote"]]
        assert shown["verdict"] is None and "Kyiv Independent" in shown["what_sources_say"]
        assert "kyivindependent.com" in shown["source"]


def test_the_sift_moves_come_in_sifts_order_and_lesson_1_investigates_the_source():
    """Lesson 1 is Stop, then Investigate the source (who runs BNN Breaking); then Find better
    coverage, then Trace claims: each move first met in SIFT's order, all four taught."""
    first_seen = []
    for part in PART_IDS:
        first_seen += [m for m in moves_of(part) if m not in first_seen]
    assert first_seen == SIFT_ORDER
    assert moves_of("lede") == ["Stop", "Investigate the source"]
    assert "BNN Breaking" in Lesson("lede").data["sift_move"]["what_you_find"]
    assert moves_of("alliance") == ["Find better coverage"]
    assert moves_of("nato") == ["Trace claims to the original"]


# -- the notebooks -----------------------------------------------------------------------------


def _nb(name):
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def _tags(cell):
    return cell.metadata.get("tags", [])


def _is_teacher(cell):
    return "teacher" in _tags(cell)


def _heading(cell):
    """The text of a student markdown cell's first-line heading ('## X' -> 'X'), else None."""
    if cell.cell_type != "markdown" or _is_teacher(cell):
        return None
    m = re.match(r"#{1,4} +(.+)", cell.source)
    return m.group(1).strip() if m else None


def _section(nb, heading_start):
    """The cells from the heading that starts with ``heading_start`` up to the next heading."""
    starts = [i for i, c in enumerate(nb.cells) if (_heading(c) or "").startswith(heading_start)]
    assert len(starts) == 1, f"{heading_start!r}: {len(starts)} headings"
    end = next((i for i in range(starts[0] + 1, len(nb.cells)) if _heading(nb.cells[i])),
               len(nb.cells))
    return nb.cells[starts[0]:end]


def _calls(cells):
    """The Lesson calls of the code cells: [('lede', 'answer', '"lede-read-1"'), ...]."""
    found = []
    for c in cells:
        if c.cell_type == "code" and not _is_teacher(c):
            m = re.search(r'Lesson\("(\w+)"\)\.(\w+)\((.*)\)$', c.source)
            found.append(m.groups())
    return found


def _answer_ids(cells):
    return [args.strip('"') for _, method, args in _calls(cells) if method == "answer"]


def _numbered(source):
    return re.findall(r"^\d+\. +(\S.*)$", source, re.M)


def _student_markdown(nb):
    return [c for c in nb.cells if c.cell_type == "markdown" and not _is_teacher(c)]


def _notes(nb):
    return [c for c in nb.cells if _is_teacher(c) and c.cell_type == "markdown"]


@pytest.mark.parametrize("part", PART_IDS)
def test_a_section_notebook_has_its_parts_in_order(part):
    nb = _nb(LESSON_FILES[part])
    number = list(LESSON_FILES).index(part) + 1
    assert nb.cells[0].source.startswith(f"# {number} · ")
    headings = [h for h in map(_heading, nb.cells) if h]
    positions = [next(i for i, h in enumerate(headings) if h.startswith(s))
                 for s in SECTION_ORDER]
    assert positions == sorted(positions), headings
    assert f"SIFT move: {Lesson(part).data['sift_move']['move']}" in headings
    # the banner is the first code cell, right after the title (and its teacher note)
    first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    assert _calls([nb.cells[first_code]]) == [(part, "banner", "")]
    assert all(_is_teacher(c) for c in nb.cells[1:first_code])
    assert [m for _, m, _ in _calls(_section(nb, "Read the text"))] == ["text"]
    assert [m for _, m, _ in _calls(_section(nb, "Words to know"))] == ["glossary"]
    assert [m for _, m, _ in _calls(_section(nb, "Annotate the claims"))] == ["annotator"]
    assert 3 <= len(_numbered(_section(nb, "Annotate the claims")[0].source)) <= 5
    assert [m for _, m, _ in _calls(_section(nb, "What the move finds"))][0] == "reveal_sift"
    assert [m for _, m, _ in _calls(_section(nb, "Check yourself"))] == ["selfcheck"]
    assert [m for _, m, _ in _calls(_section(nb, "What the sources say"))] == ["reveal_sources"]
    assert [m for _, m, _ in _calls(_section(nb, "Hand in"))] == ["handin"]


@pytest.mark.parametrize("part", PART_IDS)
def test_objectives_are_two_to_four_skills_that_give_nothing_away(part):
    nb = _nb(LESSON_FILES[part])
    objectives = _numbered(_section(nb, "What you will do")[0].source)
    assert 2 <= len(objectives) <= 4, objectives
    findings = checks.load_findings()
    for objective in objectives:
        for p in PART_IDS:
            for phrase in findings.get(p, []):
                assert phrase.casefold() not in objective.casefold(), (objective, phrase)


@pytest.mark.parametrize("part", PART_IDS)
def test_every_code_cell_is_one_self_contained_call(part):
    """Two lines: the import, then one call on this lesson; collapsed (hide-input); widgets,
    and only they, ignore their output under nbval. No cell needs another to have run."""
    nb = _nb(LESSON_FILES[part])
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = cell.source.splitlines()
        assert len(lines) == 2 and lines[0] == "from helpers.lesson import Lesson", cell.source
        assert re.fullmatch(rf'Lesson\("{part}"\)\.\w+\(.*\)', lines[1]), cell.source
        tags = _tags(cell)
        assert "hide-input" in tags and cell.metadata["jupyter"]["source_hidden"] is True
        widget = re.search(rf"\.({'|'.join(WIDGET_CALLS)})\(", lines[1])
        assert bool(widget) == ("nbval-ignore-output" in tags), cell.source
    # the old "double-click this cell" answer cells are gone: every written answer is a box
    assert not [c for c in nb.cells if "answer" in _tags(c)]


@pytest.mark.parametrize("part", PART_IDS)
def test_written_answers_are_boxes_whose_questions_are_data(part):
    """Reading questions and the SIFT note are answer boxes; every question of the lesson has
    exactly one box, every box a question; the markdown never repeats a question's text."""
    nb = _nb(LESSON_FILES[part])
    reading = _answer_ids(_section(nb, "Reading questions"))
    assert reading == [f"{part}-read-{n}" for n in range(1, len(reading) + 1)]
    assert 2 <= len(reading) <= 3
    sift = _answer_ids(_section(nb, "SIFT move"))
    assert sift == [f"{part}-sift-1"]
    boxes = _answer_ids(nb.cells)
    assert len(boxes) == len(set(boxes))
    data = questions(part)
    assert sorted(boxes) == sorted(q.id for q in data)
    kinds = {q.id: q.kind for q in data}
    assert all(kinds[i] == "reading" for i in reading) and kinds[f"{part}-sift-1"] == "sift"
    markdown = "\n".join(c.source for c in _student_markdown(nb))
    for q in data:
        assert q.text[:40] not in markdown, q.id


@pytest.mark.parametrize("part", PART_IDS)
def test_the_sift_move_sends_students_to_the_search_box(part):
    """Lateral reading for real: in the SIFT move, after the task and before the box for what
    they found, the search box. The task sends students to it, says to read the results before
    clicking, that with a network they can also search the web and that "Use as evidence" puts a
    page into their annotation; the teacher's note right after the box says what click restraint
    is, how to model it and run it, what to look for in the search history and what a network
    changes."""
    nb = _nb(LESSON_FILES[part])
    section = _section(nb, "SIFT move")
    assert [m for _, m, _ in _calls(section)] == ["search", "answer"]
    task = section[0].source
    for needed in ("search box", "Read the list of results before you click", "Prefer",
                   "also search the web", "**Use as evidence** puts a page into your annotation"):
        assert needed.casefold() in task.casefold(), needed
    at = next(i for i, c in enumerate(section) if c.cell_type == "code" and ".search()" in c.source)
    note = section[at + 1]
    assert _is_teacher(note) and note.metadata["slideshow"]["slide_type"] == "notes"
    for needed in ("click restraint", "search history", "With a network", "Without one",
                   "practice page", "Open the real page"):
        assert needed.casefold() in note.source.casefold(), needed
    if part != "stakes":  # lesson 5's search is optional: the move there is Stop
        for needed in ("Model it", "think aloud over the list", "pairs", "minutes"):
            assert needed.casefold() in note.source.casefold(), needed
    # the search box's stored output is its stand-in sentence: no result, no finding
    outputs = json.dumps(section[at].get("outputs", []))
    assert "appears here when the lesson runs" in outputs and "https://" not in outputs


def test_charts_name_their_sources_in_full_with_links():
    """The timeline's source line names every source (outlet and whole address, a link), never
    a file students cannot see."""
    chart = Lesson("alliance").timeline("2024-02-26", "2024-03-10")
    html = chart._repr_html_()
    assert "data/" not in html and ".csv" not in html
    assert "Politico, <a href=\"https://politico.eu/article/" in html
    assert 'target="_blank" rel="noopener"' in html
    figures = Lesson("nato").exercise_figures()._repr_html_()
    assert '<a href="https://japannews.yomiuri.co.jp/' in figures
    assert not BARE_ADDRESS.search(re.sub(r"https://\S+", "", figures.split("<figcaption")[1]))


def test_the_tasks_the_notes_ask_for_have_a_box():
    """Lesson 1's exit ticket, the ordering task, the numbers table, the phrase sort, the
    summing-up and the rewritten lede: each is an answer box in its place."""
    lede, alliance, nato, stakes = (_nb(LESSON_FILES[p]) for p in ("lede", "alliance", "nato",
                                                                   "stakes"))
    assert _answer_ids(_section(lede, "Exit ticket")) == ["lede-exit-1"]
    assert _answer_ids(_section(alliance, "Put the events in order")) == ["alliance-task-1"]
    order = {q.id: q.text for q in questions("alliance")}["alliance-task-1"]
    assert all(f"{letter}:" in order for letter in "ABCD")
    assert "Numbers table" in {q.id: q.text for q in questions("nato")}["nato-sift-1"]
    assert "Phrase sort" in {q.id: q.text for q in questions("stakes")}["stakes-sift-1"]
    assert _answer_ids(_section(stakes, "Sum up the unit")) == ["stakes-synthesis-1"]
    rewrite = _section(stakes, "Rewrite the lede")
    assert [m for _, m, _ in _calls(rewrite)] == ["answer", "reveal_synthesis"]
    assert _answer_ids(rewrite) == ["stakes-rewrite-1"]
    texts = {q.id: q.text for q in questions("stakes")}
    assert all("frame" in texts[i].lower() for i in ("stakes-synthesis-1", "stakes-rewrite-1"))
    # the model answers of both are behind the reveal and in the teacher notes
    intro = Lesson("stakes").data["synthesis"]["intro"]
    notes = "\n".join(c.source for c in _notes(stakes))
    assert "Model lede" in intro and "Model answer" in intro
    assert "Sum up the unit: model answer" in notes and "Rewrite the lede: model answer" in notes


@pytest.mark.parametrize("part", PART_IDS)
def test_nothing_that_answers_the_exercise_comes_before_it(part):
    """Context that answers the exercise (timeline, figures, people, organisations) and every
    reveal come after the annotation exercise."""
    nb = _nb(LESSON_FILES[part])
    exercise = next(i for i, c in enumerate(nb.cells) if ".annotator()" in c.source)
    before = _calls(nb.cells[:exercise])
    context = ("timeline", "timeline_table", "exercise_figures", "people", "organisations",
               "about_article", "sift_steps", "reveal_sift", "reveal_sources",
               "reveal_synthesis")
    assert not [m for _, m, _ in before if m in context]


@pytest.mark.parametrize("part", PART_IDS)
def test_time_plans_cover_every_activity_and_add_up(part):
    """Each plan row names a '##' heading of the notebook; the in-class and on-your-own plans
    cover every activity heading; lesson 1 takes a period with getting started; notebooks that
    share a lesson take about half each and add up to 50; the five-lesson route (teacher note)
    gives every other notebook 50 minutes."""
    nb = _nb(LESSON_FILES[part])
    json_nb = checks.load(LESSON_FILES[part])
    plans = {p.label: p for p in checks.time_plans(json_nb)}
    activities = [c.source.splitlines()[0][3:].strip() for c in _student_markdown(nb)
                  if c.source.startswith("## ")]
    activities = [a for a in activities if a not in ("What you will do", "Time plan")]
    for label, plan in plans.items():
        assert plan.minutes == plan.total, label
        named = [a for _, a in plan.rows]
        assert sorted(named) == sorted(activities), (label, named, activities)
    assert 20 <= plans["On your own"].total <= 25
    if part == "lede":
        assert dict((a, m) for m, a in plans["In class"].rows)["Getting started"] in range(10, 16)
        assert "Five-lesson route" not in plans
    else:
        assert 20 <= plans["In class"].total <= 30
        assert plans["Five-lesson route"].total == 50
        five = next(c for c in nb.cells if "**Five-lesson route (50 minutes)**" in c.source)
        assert _is_teacher(five) and five.metadata["slideshow"]["slide_type"] == "notes"
    plan_cell = _section(nb, "Time plan")[0]
    lesson_no = next(i for i, parts in enumerate(THREE_LESSONS, 1) if part in parts)
    assert f"Lesson {lesson_no}" in plan_cell.source


def test_the_three_lessons_take_fifty_minutes_each():
    for parts in THREE_LESSONS:
        totals = [{p.label: p.total for p in checks.time_plans(checks.load(LESSON_FILES[x]))}
                  ["In class"] for x in parts]
        assert sum(totals) == 50, (parts, totals)


@pytest.mark.parametrize("part", PART_IDS)
def test_teacher_notes_a_teacher_can_run_the_lesson_from(part):
    """Speaker notes, each right after the student cell it belongs to: the think-aloud before
    pairs start, model answers for every reading and discussion question, look-fors for the SIFT
    note, and what to do for early finishers, students who fall behind, pairs, no network or no
    laptops, a sensitive topic and privacy."""
    nb = _nb(LESSON_FILES[part])
    for i, cell in enumerate(nb.cells):
        if _is_teacher(cell):
            assert cell.metadata["slideshow"]["slide_type"] == "notes"
            assert i > 0, "a note follows the student cell it belongs to"
    text = "\n".join(c.source for c in _notes(nb))
    for needed in ("Think-aloud script", "Early finishers", "Falling behind", "Pairs.",
                   "No network, or no laptops", "Sensitive topic", "Privacy", "Model",
                   "Look-fors"):
        assert needed.casefold() in text.casefold(), needed

    def notes_in(section):
        return "\n".join(c.source for c in _section(nb, section) if _is_teacher(c))

    reading = _answer_ids(_section(nb, "Reading questions"))
    answers = notes_in("Reading questions")
    assert "model answers" in answers.casefold()
    assert len(_numbered(answers)) == len(reading), "one model answer per reading question"
    assert "Think-aloud script" in notes_in("SIFT move")
    assert "Model" in notes_in("SIFT move") and "Look-fors" in notes_in("SIFT move")
    if part != "stakes":
        assert "Source cards to print" in notes_in("SIFT move")
    discuss = _section(nb, "Discuss")
    questions_ = _numbered(discuss[0].source)
    assert 2 <= len(questions_) <= 3
    assert len(_numbered(notes_in("Discuss"))) == len(questions_), "a model answer per question"
    assert "Privacy" in notes_in("Hand in")
    key = [c for c in nb.cells if c.cell_type == "code" and _is_teacher(c)]
    assert [c.source.splitlines()[1] for c in key] == [f'Lesson("{part}").answer_key()']


@pytest.mark.parametrize("name", ["00_start_here.ipynb", *LESSON_FILES.values()])
def test_student_text_is_plain_and_its_addresses_clickable(name):
    """No project jargon, no file students cannot see, no address without https://, and every
    address a link (``[text](https://…)`` or ``<https://…>``)."""
    nb = _nb(name)
    for cell in _student_markdown(nb):
        assert not JARGON.search(cell.source), cell.source[:80]
        for m in re.finditer(r"https?://", cell.source):
            before = cell.source[max(0, m.start() - 2):m.start()]
            assert before.endswith("](") or before.endswith("<"), cell.source[:80]
        assert not BARE_ADDRESS.search(re.sub(r"https?://\S+", "", cell.source)), cell.source
    notes = "\n".join(c.source for c in _notes(nb))
    assert "stored source" not in notes and "per fact sheet" not in notes


@pytest.mark.parametrize("name", ["00_start_here.ipynb", *LESSON_FILES.values()])
def test_notebook_cells_have_slide_metadata_and_teacher_cells_are_notes(name):
    nb = _nb(name)
    for cell in nb.cells:
        slide = cell.metadata.get("slideshow", {}).get("slide_type")
        assert slide in {"slide", "subslide", "fragment", "skip", "notes", "-"}, cell.source[:40]
        if _is_teacher(cell):
            assert slide == "notes"
        elif cell.cell_type == "code":
            # code is collapsed, its output is what a slide shows
            assert slide != "skip" and slide != "notes", cell.source
        if _heading(cell) and cell.source.startswith("## "):
            assert slide in {"slide", "subslide"}, cell.source[:40]


def test_the_start_page_has_the_unit_overview_for_teachers():
    nb = _nb("00_start_here.ipynb")
    notes = _notes(nb)
    assert len(notes) == 1
    overview = notes[0].source
    for needed in ("Goals", "The three lessons", "Extended route", "What to prepare",
                   "What students hand in", "How it is assessed", "Beginning", "Developing",
                   "Mastering", "Sensitive topic"):
        assert needed in overview, needed
    # the three lessons, each with its notebooks and what students hand in
    rows = re.findall(r"^\| ([123]) \| (.+?) \| (.+?) \| (.+?) \|$", overview, re.M)
    assert [r[0] for r in rows] == ["1", "2", "3"]
    for (_, notebooks, _, handin), parts in zip(rows, THREE_LESSONS, strict=True):
        assert all(LESSON_FILES[p][:2] in notebooks for p in parts)
        assert "annotations" in handin
    # students see the three lessons too
    student = "\n".join(c.source for c in _student_markdown(nb))
    assert "| 3 |" in student and "five lessons" in student


def test_navigation_links_every_lesson_in_order():
    start = "\n".join(c.source for c in _nb("00_start_here.ipynb").cells)
    names = list(LESSON_FILES.values())
    positions = [start.index(f"]({n})") for n in names]
    assert positions == sorted(positions)
    for i, name in enumerate(names):
        text = "\n".join(c.source for c in _nb(name).cells)
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
    scheme = load_scheme()  # the scheme students use: its ids for a number, a correction, …

    def pick(field, *ids):
        return next(i for i in ids if i in scheme.choice_ids(field))

    fact = pick("claim_type", "fact", "statistic")
    store.add(Annotation.new(article, "ana<b>", "nato-2", quote="1,100 armored vehicles",
                             claim_type=fact, check_worthy="yes",
                             verdict=pick("verdict", "needs_correction", "misleading")))
    store.add(Annotation.new(article, "ana<b>", "nato-1", quote="initiation",
                             claim_type=fact, check_worthy="yes",
                             verdict=pick("verdict", "holds_up", "supported")))
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

