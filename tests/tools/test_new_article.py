"""python -m helpers new-article: a teacher's own text made into an article, its files to fill
in, its sentence file read back, and a lesson notebook that runs under nbval.

Every article is written under tmp_path ($NEWS_CLAIMS_ARTICLES), never into data/articles."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from helpers.article import load_article
from helpers.formats import files as files_module
from helpers.paths import ARTICLES_ENV, DATA, ROOT
from helpers.tools.cli import main
from helpers.tools.new_article import (
    MAX_TEXT_BYTES,
    NewArticleError,
    make_article,
    part_ids,
    read_source,
    resplit,
)
from helpers.tools.sentences_file import read_sentences


@pytest.fixture(autouse=True)
def articles(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    monkeypatch.setenv(ARTICLES_ENV, str(folder))
    return folder


def source(tmp_path: Path, text: str | bytes, name: str = "source.txt") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def sentences_of(article) -> list[str]:
    """Every sentence of the article loaded back, each checked against its offsets."""
    for s in article.sentences:
        assert article.text[s.start : s.end] == s.text
    return [s.text for s in article.sentences]


# Eight tricky texts: (the file's text, the sentences expected, the part ids expected).
TRICKY = {
    "abbreviations": (
        "Dr. Anna Weber met Mr. Smith Sr. in the U.S. capital. The U.K. Prime Minister, e.g. "
        "the head of government, spoke at 9 a.m. today.",
        ["Dr. Anna Weber met Mr. Smith Sr. in the U.S. capital.",
         "The U.K. Prime Minister, e.g. the head of government, spoke at 9 a.m. today."],
        ["text"],
    ),
    "numbers": (
        "About 90,000 troops from 32 countries took part. Prices rose 3.5%. It has 1,100 "
        "vehicles and $2.5 billion. The date was 10.03.2024.",
        ["About 90,000 troops from 32 countries took part.", "Prices rose 3.5%.",
         "It has 1,100 vehicles and $2.5 billion.", "The date was 10.03.2024."],
        ["text"],
    ),
    "quotes": (
        '"We are ready," he said. "Are you?" she asked. It was "a turning point." Nobody '
        "agreed.",
        ['"We are ready," he said.', '"Are you?" she asked.', 'It was "a turning point."',
         "Nobody agreed."],
        ["text"],
    ),
    "ellipses": (
        "He paused… Then he went on. She waited... and waited. The end...",
        ["He paused…", "Then he went on.", "She waited... and waited.", "The end..."],
        ["text"],
    ),
    "headings and a list": (
        "Forming the Alliance: A Strategic Gamble\n\nFrance acted first. Others followed.\n\n"
        "## NATO's Show of Force\n\nThe drill began:\n- 90,000 troops\n- 1,100 vehicles\n\n"
        "Forming a Plan\n\nIt was agreed.",
        ["France acted first.", "Others followed.", "The drill began:", "90,000 troops",
         "1,100 vehicles", "It was agreed."],
        ["forming", "nato", "formingplan"],
    ),
    "crlf and nfd": (
        unicodedata.normalize("NFD", "Stéphane Séjourné spoke.\r\nHe was\r\nclear.\r\n\r\n"
                              "Jérôme agreed."),
        ["Stéphane Séjourné spoke.", "He was clear.", "Jérôme agreed."],
        ["text"],
    ),
    "initials, urls and emails": (
        "It was written by J. Smith. See https://www.nato.int/news.htm now. Mail "
        "info@example.org today.",
        ["It was written by J. Smith.", "See https://www.nato.int/news.htm now.",
         "Mail info@example.org today."],
        ["text"],
    ),
    "text before a heading, accents in a heading": (
        "The opening words. More of them.\n\nRéaction à Paris\n\nLe ministre a parlé.",
        ["The opening words.", "More of them.", "Le ministre a parlé."],
        ["opening", "reaction"],
    ),
}


@pytest.mark.parametrize("name", list(TRICKY))
def test_tricky_texts_become_articles(tmp_path, name):
    raw, expected, parts = TRICKY[name]
    made = make_article(source(tmp_path, raw), "tricky", notebook=tmp_path / "lesson.ipynb")
    article = load_article("tricky")
    assert article is made.article and article.name == "tricky"
    assert sentences_of(article) == expected
    assert list(article.part_ids) == parts
    assert article.metadata["url"] == "urn:news-claims:article:tricky"
    assert unicodedata.is_normalized("NFC", article.text) and "\r" not in article.text


def test_the_folder_holds_every_file_in_the_units_formats(tmp_path, articles):
    raw = TRICKY["headings and a list"][0]
    made = make_article(source(tmp_path, raw, "my_news.txt"), "end-of-unit",
                        date="2024-03-10", url="https://example.org/news/1", outlet="Example")
    folder = articles / "end-of-unit"
    assert made.folder == folder
    meta = json.loads((folder / "article.json").read_text(encoding="utf-8"))["metadata"]
    assert meta["title"] == "Forming the Alliance: A Strategic Gamble"
    assert (meta["name"], meta["date"], meta["url"], meta["outlet"]) == (
        "end-of-unit", "2024-03-10", "https://example.org/news/1", "Example")
    key = json.loads((folder / "key/answer_key.json").read_text(encoding="utf-8"))
    units_key = json.loads((DATA / "key/answer_key.json").read_text(encoding="utf-8"))
    assert set(key) == set(units_key) and key["items"] == []
    assert key["article_version"] == made.article.version
    pack = json.loads((folder / "sources/pack.json").read_text(encoding="utf-8"))
    assert set(pack) == {"about", "version", "sources"} and pack["sources"] == []
    for part in ("forming", "nato", "formingplan"):
        check = json.loads((folder / f"selfcheck/{part}.json").read_text(encoding="utf-8"))
        assert check == {"part": part, "questions": []}
        lesson = json.loads((folder / f"lessons/{part}.json").read_text(encoding="utf-8"))
        assert lesson["questions"] == []
    doc = (folder / "FORMAT.md").read_text(encoding="utf-8")
    assert '"id": "key-lede-1"' in doc and "forming-1" in doc  # examples from the unit's files
    assert (folder / "lesson.ipynb").is_file() and (folder / "sentences.txt").is_file()


def test_part_ids_are_unique_letters(tmp_path):
    from helpers.sentences import prepare

    layout = prepare("Alpha Beta\n\nOne.\n\nAlpha Gamma\n\nTwo.\n\n## 2024\n\nThree.\n\n"
                     "Alpha Beta\n\nFour.")
    assert part_ids(layout) == ["alpha", "alphagamma", "partc", "alphabeta"]


# -- the teacher's sentence file -------------------------------------------------------------------
def test_sentence_file_edits_are_read_back(tmp_path, articles):
    raw = "One here. Two here. Three here, Dr. Who said.\n\nFour. Five."
    make_article(source(tmp_path, raw), "edits")
    path = articles / "edits" / "sentences.txt"
    content = path.read_text(encoding="utf-8")
    assert "Three here, Dr.\nWho said." in content  # sentencex splits it: the teacher merges
    content = content.replace("One here.\nTwo here.", "One here. Two here.")
    content = content.replace("Three here, Dr.\nWho said.", "Three here, Dr. Who said.")
    content = content.replace("Four.\nFive.", "[heading] Four.\nFive.")
    path.write_text(content, encoding="utf-8")
    made = resplit("edits")
    article = load_article("edits")
    assert sentences_of(article) == ["One here. Two here.", "Three here, Dr. Who said.", "Five."]
    assert [p.heading for p in article.parts] == [None, "Four."]
    assert made.article is article


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("One here.", "One there."), r"line 8: the article goes on with “One here"),
        (("Two here.", "Two he\nre."), r"inside a word"),
        (("Two here.\n", ""), r"line 10: the article goes on with “Two here"),
        (("Four.\nFive.", "Four.\n"), r"goes on after the last line with “Five.”"),
        (("Four.\nFive.", "Four. Five.\n[heading] Five."), r"line 12"),
    ],
)
def test_a_bad_sentence_file_names_the_line(tmp_path, articles, edit, message):
    raw = "One here. Two here.\n\nFour. Five."
    make_article(source(tmp_path, raw), "bad")
    path = articles / "bad" / "sentences.txt"
    content = path.read_text(encoding="utf-8")
    assert edit[0] in content
    path.write_text(content.replace(*edit, 1), encoding="utf-8")
    with pytest.raises(NewArticleError, match=message):
        resplit("bad")


def test_read_sentences_skips_list_marks_and_keeps_paragraphs():
    text = "Intro line.\n- first item\n- second item. More.\n\nLast one."
    layout = read_sentences(text, "# a note\nIntro line.\nfirst item\n\nsecond item. More.\n"
                                  "Last one.\n")
    assert layout.sentence_texts() == ["Intro line.", "first item", "second item. More.",
                                       "Last one."]
    assert [len(p) for p in layout.parts[0].paragraphs] == [2, 2]


# -- refusing and keeping --------------------------------------------------------------------------
def test_an_existing_article_needs_force_and_the_teachers_files_are_kept(tmp_path, articles):
    path = source(tmp_path, "First one. Second one.")
    make_article(path, "kept")
    key_path = articles / "kept" / "key/answer_key.json"
    with pytest.raises(NewArticleError, match="already exists"):
        make_article(path, "kept")
    # the teacher merges two sentences and writes a self-check question
    sentences = articles / "kept" / "sentences.txt"
    sentences.write_text(sentences.read_text().replace("First one.\n", "First one. "))
    check = articles / "kept" / "selfcheck/text.json"
    check.write_text('{"part": "text", "questions": []}\n')
    made = make_article(path, "kept", force=True)
    assert sentences_of(made.article) == ["First one. Second one."]
    assert check.read_text() == '{"part": "text", "questions": []}\n' and check in made.kept
    # a new text: split afresh; the key has no items yet, so it follows the new version
    make_article(source(tmp_path, "A new text. It differs."), "kept", force=True)
    article = load_article("kept")
    assert sentences_of(article) == ["A new text.", "It differs."]
    assert json.loads(key_path.read_text())["article_version"] == article.version


def test_a_key_with_items_is_never_replaced(tmp_path, articles):
    make_article(source(tmp_path, "First one. Second one."), "haskey")
    key_path = articles / "haskey" / "key/answer_key.json"
    key = json.loads(key_path.read_text())
    key["items"] = [{"id": "mine"}]
    key_path.write_text(json.dumps(key))
    made = make_article(source(tmp_path, "Other text."), "haskey", force=True)
    assert json.loads(key_path.read_text())["items"] == [{"id": "mine"}]
    assert any("another version of the text" in w for w in made.warnings)


@pytest.mark.parametrize("name", ["France", "1st", "a_b", "", "x" * 41, "france-alliance"])
def test_bad_names_are_refused(tmp_path, name):
    with pytest.raises(NewArticleError, match="name|unit's own"):
        make_article(source(tmp_path, "A text."), name)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        (" \n\t\r\n  ", "is empty"),
        (b"Some text\x00\x01\x02 more", "NUL bytes"),
        (b"\xff\xfe\x00W\x00o\x00r\x00d", "not UTF-8 .*Word, PDF"),
        (b"caf\xe9 au lait", "not UTF-8"),
        ("Bell \a here.", "U\\+0007"),
        ("--- \n***", "no sentences"),
    ],
    ids=["empty", "whitespace", "nul", "utf16", "latin1", "control", "marks"],
)
def test_bad_text_files_say_why(tmp_path, articles, text, message):
    with pytest.raises(NewArticleError, match=message):
        make_article(source(tmp_path, text), "bad")
    assert not (articles / "bad").exists()


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(10 * MAX_TEXT_BYTES)  # sparse: nothing to read, only its size

    def no_open(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(files_module, "open", no_open, raising=False)
    with pytest.raises(NewArticleError, match="too big"):
        read_source(path)


def test_a_fifo_a_folder_and_a_missing_file_are_refused(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(NewArticleError, match="not a regular file"):
        read_source(fifo)  # never opened: it would block
    with pytest.raises(NewArticleError, match="is a folder"):
        read_source(tmp_path)
    with pytest.raises(NewArticleError, match="does not exist"):
        read_source(tmp_path / "nothing.txt")


def test_the_command_line(tmp_path, articles, capsys):
    path = source(tmp_path, "Town news\n\nThe park opens. It is big.")
    assert main(["new-article", str(path), "--name", "town", "--date", "2024-03-10"]) == 0
    out = capsys.readouterr().out
    assert "Article 'town'" in out and "town (2 sentences)" in out and "--resplit town" in out
    assert main(["new-article", str(path), "--name", "town"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["new-article", "--resplit", "town"]) == 0
    assert main(["new-article", str(path), "--name", "town2", "--date", "10 March"]) == 2
    assert "is not a date" in capsys.readouterr().err
    assert main(["new-article", str(path), "--name", "t3", "--source-url", "bnn"]) == 2
    assert main(["new-article", str(path)]) == 2
    assert main(["new-article", "--resplit", "nothing-here"]) == 2
    assert "no article 'nothing-here'" in capsys.readouterr().err


# -- the lesson notebook ---------------------------------------------------------------------------
LABEL = "Written for this course; not a real publication; the outlet name is made up."
#: What a student meets in each part, in the unit's order: find out, mark, check, then be told.
PART_CALLS = ["text()", "search()", "annotator()", "selfcheck()", "reveal_sources()"]


def test_the_notebook_template_labels_dates_orders_and_names_the_buttons(tmp_path, articles):
    from types import SimpleNamespace

    from helpers.tools.article_notebook import article_notebook
    from helpers.widgets.annotator import SAVE_LABEL
    from helpers.widgets.handin_inbox import BUTTON_LABEL, HANDED_IN

    raw = TRICKY["headings and a list"][0]
    art = make_article(source(tmp_path, raw), "tmpl", date="2024-03-11",
                       outlet="The Daily Thunderclap").article
    labelled = SimpleNamespace(name=art.name, parts=art.parts,
                               metadata={**art.metadata, "label": LABEL})
    nb = article_notebook(labelled)
    first = nb.cells[0].source
    assert first.startswith("# Forming the Alliance: A Strategic Gamble\n\n")
    assert f"**{LABEL}**" in first  # the label first, then outlet and date in words
    assert first.index(LABEL) < first.index("From The Daily Thunderclap, 11 March 2024.")
    assert "2024-03-11" not in first
    plain = article_notebook(art).cells[0].source  # no label: none shown
    assert "**" not in plain.split("From ")[0] and "11 March 2024" in plain
    calls = [c.source.splitlines()[1] for c in nb.cells if c.cell_type == "code"]
    for part in art.part_ids:
        mine = [c.split(").", 1)[1] for c in calls if c.startswith(f'Lesson("{part}"')]
        assert [c for c in mine if c in PART_CALLS] == PART_CALLS, part
    assert calls[-1].endswith(").handin()") and calls.count(calls[-1]) == 1
    words = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert f"Press **{SAVE_LABEL}**" in words and "**Save**" not in words
    hand_in = nb.cells[-2].source
    assert f"Press **{BUTTON_LABEL}**" in hand_in and f"**{HANDED_IN}**" in hand_in
    assert "teacher's link" in hand_in and "download the file with the link" in hand_in
    assert not {"hub", "inbox", "server"} & set(words.lower().replace("*", " ").split())


def _widget_texts(nb, output) -> str:
    """Every text value of the widget an output shows, and of the widgets inside it."""
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    todo = [output["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]]
    texts, seen = [], set()
    while todo:
        model = todo.pop()
        if model in seen or model not in state:
            continue
        seen.add(model)
        values = state[model]["state"]
        texts += [str(values.get(k)) for k in ("value", "description", "placeholder")
                  if values.get(k)]
        found = json.dumps(values)
        todo += [piece.split('"')[0] for piece in found.split("IPY_MODEL_")[1:]]
    return " ".join(texts)


def test_the_generated_notebook_runs_top_to_bottom_under_nbval(tmp_path, articles):
    from helpers.tools.nbtools import execute, refresh

    raw = TRICKY["headings and a list"][0]
    made = make_article(source(tmp_path, raw), "nb-check", notebook=tmp_path / "nb_check.ipynb")
    path = made.written[-1]
    assert path == tmp_path / "nb_check.ipynb"
    nb = execute(path)
    calls = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = cell.source.splitlines()
        assert lines[0] == "from helpers.lesson import Lesson" and len(lines) == 2
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
        calls.setdefault(lines[1].split(").", 1)[1], []).append(cell)
    assert len(calls["annotator()"]) == len(calls["text()"]) == 3
    for call in ("annotator()", "selfcheck()", "search()", "reveal_sources()", "handin()"):
        for cell in calls[call]:
            (shown,) = [o for o in cell.outputs if "data" in o]
            assert "application/vnd.jupyter.widget-view+json" in shown["data"], call
    selfcheck = _widget_texts(nb, calls["selfcheck()"][0].outputs[0])
    assert "no self-check questions for this part yet" in selfcheck, selfcheck
    from helpers.lesson import Lesson

    reveal = Lesson("nato", article="nb-check").sources_say_html()
    assert "no answer key for this part yet" in reveal
    assert "hand in" in _widget_texts(nb, calls["handin()"][0].outputs[0]).lower()
    from helpers.widgets.annotator import SAVE_LABEL
    from helpers.widgets.handin_inbox import BUTTON_LABEL

    # the buttons the notebook names are the widgets' own
    assert SAVE_LABEL in _widget_texts(nb, calls["annotator()"][0].outputs[0])
    assert BUTTON_LABEL in _widget_texts(nb, calls["handin()"][0].outputs[0])
    refresh([path])
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
         "--nbval-current-env", "--nbval-sanitize-with",
         str(ROOT / "tests" / "nbval_sanitize.cfg"), str(path), "--rootdir", str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, ARTICLES_ENV: str(articles)},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
