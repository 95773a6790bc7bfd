"""More than one article: the unit's own (``DEFAULT_ARTICLE``, in data/) and others in their own
folders, here the two-part test article tests/fixtures/articles/tiny (found through
$NEWS_CLAIMS_ARTICLES). Each loader, the store, the lesson and its widgets, export, import and
collect work on one article at a time; the other article's items are counted, never rejected."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers.article import ArticleError, list_articles, load_article
from helpers.paths import (
    ARTICLES_ENV,
    DATA,
    DEFAULT_ARTICLE,
    article_dir,
    check_article_name,
)
from helpers.store import AnnotationStore

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
TINY = "tiny"


@pytest.fixture(autouse=True)
def _articles(monkeypatch):
    monkeypatch.setenv(ARTICLES_ENV, str(ARTICLES))


@pytest.fixture
def tiny():
    return load_article(TINY)


@pytest.fixture
def bare(tmp_path, monkeypatch):
    """A copy of the tiny article with only its spine (article.json, article.txt)."""
    folder = tmp_path / "articles" / "bare"
    folder.mkdir(parents=True)
    doc = json.loads((ARTICLES / TINY / "article.json").read_text(encoding="utf-8"))
    doc["metadata"]["name"] = "bare"
    (folder / "article.json").write_text(json.dumps(doc), encoding="utf-8")
    shutil.copy(ARTICLES / TINY / "article.txt", folder)
    monkeypatch.setenv(ARTICLES_ENV, str(tmp_path / "articles"))
    return load_article("bare")


def _tiny_annotation(article, annotator="ana", sentence="main-claims-1", **values):
    """An annotation of a whole sentence, ``values`` in the full scheme's terms (mapped to the
    scheme in use)."""
    from helpers.annotations import Annotation
    from helpers.scheme import load_scheme, map_values

    values.setdefault("claim_type", "factual")
    values.setdefault("check_worthy", "yes")
    full, scheme = load_scheme("full"), load_scheme()
    if scheme is not full:
        values = map_values(values, full, scheme)
    return Annotation.new(article, annotator, sentence, None, **values)


# -- names, folders, loading ----------------------------------------------------------------------
def test_the_default_article_is_where_it_was():
    art = load_article()
    assert art.name == DEFAULT_ARTICLE and art.is_default and art.folder == DATA
    assert load_article(DEFAULT_ARTICLE) is art and load_article(DATA) is art
    assert article_dir() == article_dir(DEFAULT_ARTICLE) == DATA


def test_another_article_loads_by_name(tiny):
    assert tiny.name == TINY and not tiny.is_default
    assert tiny.folder == ARTICLES / TINY == article_dir(TINY)
    assert tiny.part_ids == ("opening", "main-claims")
    assert tiny.sentence("main-claims-2").text == "It also says the sky is always green."
    assert tiny.metadata["url"] == "urn:news-claims:article:tiny"
    assert load_article(TINY) is tiny  # cached
    assert load_article(ARTICLES / TINY).version == tiny.version  # a Path still works


def test_list_articles_puts_the_default_first(tmp_path, monkeypatch):
    assert list_articles() == [DEFAULT_ARTICLE, TINY]
    for name in ("Bad_Name", ".hidden", "no-json"):
        (tmp_path / name).mkdir()
    shutil.copytree(ARTICLES / TINY, tmp_path / TINY)
    monkeypatch.setenv(ARTICLES_ENV, str(tmp_path))
    assert list_articles() == [DEFAULT_ARTICLE, TINY]
    monkeypatch.setenv(ARTICLES_ENV, str(tmp_path / "nothing-here"))
    assert list_articles() == [DEFAULT_ARTICLE]


@pytest.mark.parametrize(
    "name", ["", "Tiny", "1st", "-x", "a" * 41, "a_b", "a b", "../data", "é", None, 3]
)
def test_bad_names_are_refused(name):
    with pytest.raises(ValueError, match="not an article name"):
        check_article_name(name)
    if isinstance(name, str) and "/" not in name:
        with pytest.raises(ValueError):
            load_article(name)


def test_a_missing_article_folder_is_named():
    with pytest.raises(ArticleError, match="no-such-text") as info:
        load_article("no-such-text")
    assert str(ARTICLES / "no-such-text") in str(info.value)


def _broken(tmp_path, monkeypatch, change) -> str:
    folder = tmp_path / "broken"
    shutil.copytree(ARTICLES / TINY, folder)
    doc = json.loads((folder / "article.json").read_text(encoding="utf-8"))
    doc["metadata"]["name"] = "broken"
    change(folder, doc)
    if (folder / "article.json").is_file() and not (folder / "article.json").is_symlink():
        (folder / "article.json").write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setenv(ARTICLES_ENV, str(tmp_path))
    return "broken"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda f, d: d["metadata"].update(name="other"), "names the article 'other'"),
        (lambda f, d: d["parts"][0].update(id="Bad Part"), "part id"),
        (lambda f, d: d["parts"].__setitem__(1, d["parts"][0]), "used twice"),
        (lambda f, d: d["parts"][0]["paragraphs"][0]["sentences"][0].update(end=10**9),
         "does not match"),
        (lambda f, d: d.pop("parts"), "not an article structure"),
        (lambda f, d: d["metadata"].update(text_file="../article.txt"), "text_file"),
        (lambda f, d: (f / "article.txt").write_text("x" * (2 * 1024 * 1024 + 1)), "bytes"),
        (lambda f, d: ((f / "article.json").unlink(), (f / "article.json").mkdir()),
         "not a regular file"),
    ],
)
def test_a_broken_article_is_refused_with_a_clear_message(tmp_path, monkeypatch, change, message):
    name = _broken(tmp_path, monkeypatch, change)
    with pytest.raises(ArticleError, match=message):
        load_article(name)


# -- the loaders, per article ----------------------------------------------------------------------
def test_key_selfcheck_questions_and_sources_per_article(tiny):
    from helpers.key import key_frame, load_key
    from helpers.questions import question, questions
    from helpers.search import default_index, search
    from helpers.selfcheck import load_selfcheck
    from helpers.sources import load_sources, source, sources_for

    assert load_key(article=tiny) == {"article_version": tiny.version, "items": []}
    assert key_frame(article=tiny).empty and "part" in key_frame(article=tiny).columns
    assert [q["id"] for q in load_selfcheck("main-claims", article=TINY)] == ["main-claims-q1"]
    assert load_selfcheck("opening", article=tiny) == []  # no file: none yet
    assert [q.id for q in questions("main-claims", article=TINY)] == ["main-claims-read-1"]
    assert questions("opening", article=TINY) == []
    assert question("main-claims-read-1", article=tiny).part == "main-claims"
    assert [s.id for s in load_sources(article=TINY)] == ["tiny-practice"]
    assert source("tiny-practice", article=tiny).practice_page
    assert sources_for("main-claims", article=TINY) == load_sources(article=TINY)
    assert [r.source.id for r in search("three", article=TINY)] == ["tiny-practice"]
    assert default_index(TINY) is default_index(tiny) is not default_index()
    assert "tiny-practice" not in {s.id for s in load_sources()}  # the default pack is its own


def test_missing_optional_files_mean_none_yet(bare):
    from helpers.key import load_key
    from helpers.lesson import Lesson
    from helpers.questions import questions
    from helpers.search import search
    from helpers.selfcheck import load_selfcheck
    from helpers.sources import load_sources

    assert load_key(article=bare)["items"] == []
    assert load_selfcheck("main-claims", article=bare) == []
    assert questions("main-claims", article=bare) == []
    assert load_sources(article=bare) == () and search("three", article=bare) == []
    lesson = Lesson("opening", article="bare")
    assert lesson.data == {} and lesson.key == []
    assert "no findings" in lesson.sift_findings_html()


def test_a_question_of_another_article_is_not_found_in_the_default():
    from helpers.questions import QuestionError, question

    with pytest.raises(QuestionError):
        question("main-claims-read-1")


# -- the store -------------------------------------------------------------------------------------
def test_each_article_has_its_own_store_file(tmp_path, monkeypatch, tiny):
    from helpers.store import default_path

    monkeypatch.setenv("ANNOTATIONS_DB", str(tmp_path / "annotations.sqlite"))
    assert default_path() == tmp_path / "annotations.sqlite"
    assert default_path(TINY) == tmp_path / "annotations-tiny.sqlite"
    with AnnotationStore(article=TINY) as store:
        assert store.path == tmp_path / "annotations-tiny.sqlite" and store.article is tiny
        store.add(_tiny_annotation(tiny))
        store.save_answer("ana", "main-claims-read-1", "sentence 1")
    with AnnotationStore(article=tiny) as again:
        assert len(again) == 1 and again.answers()[0]["question_id"] == "main-claims-read-1"
    with AnnotationStore() as default:
        assert default.path == tmp_path / "annotations.sqlite" and len(default) == 0
        assert default.answers() == []
        with pytest.raises(Exception, match="part|article"):
            default.add(_tiny_annotation(tiny))


def test_another_article_remembers_the_name_from_the_units_store(tmp_path, monkeypatch, tiny):
    """A student who typed their name in the lessons does not type it again for another text;
    a name switched in the other article's store stays its own; a broken unit store is no
    error."""
    monkeypatch.setenv("ANNOTATIONS_DB", str(tmp_path / "annotations.sqlite"))
    with AnnotationStore(article=TINY) as other:
        assert other.get_setting("annotator") is None  # no unit store yet
    with AnnotationStore() as unit:
        unit.set_setting("annotator", "Ana")
    with AnnotationStore(article=TINY) as other:
        assert other.get_setting("annotator") == "Ana"
        other.set_setting("annotator", "Ben")
    with AnnotationStore(article=TINY) as other, AnnotationStore() as unit:
        assert other.get_setting("annotator") == "Ben" and unit.get_setting("annotator") == "Ana"
    with AnnotationStore(tmp_path / "given.sqlite", article=TINY) as given:
        assert given.get_setting("annotator") is None  # a store given by path reads only itself
    (tmp_path / "annotations.sqlite").write_bytes(b"not a store")
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"annotations.sqlite{suffix}").unlink(missing_ok=True)
    monkeypatch.setenv("ANNOTATIONS_DB", str(tmp_path / "annotations.sqlite"))
    fresh = tmp_path / "annotations-tiny.sqlite"
    for f in tmp_path.glob("annotations-tiny.sqlite*"):
        f.unlink()
    with AnnotationStore(article=TINY) as other:
        assert other.path == fresh and other.get_setting("annotator", "?") == "?"


# -- the lesson and its widgets -------------------------------------------------------------------
@pytest.fixture
def tiny_store(tmp_path, tiny):
    store = AnnotationStore(tmp_path / "tiny.sqlite", article=tiny)
    store.set_setting("annotator", "ana")
    yield store
    store.close()


def test_a_lesson_of_another_article(tiny_store, tiny):
    from helpers.lesson import Lesson

    lesson = Lesson("main-claims", article=TINY)
    assert lesson.article is tiny and repr(lesson) == "Lesson('main-claims', article='tiny')"
    assert "three is more than two" in lesson.text().markup
    assert "The tests" in lesson.about_article().markup
    with pytest.raises(ValueError, match="opening"):
        Lesson("nato", article=TINY)
    with pytest.raises(ValueError, match="nato"):
        Lesson("opening")
    assert Lesson("nato").article.is_default


def test_the_annotator_saves_on_the_other_article(tiny_store, tiny):
    from helpers.lesson import Lesson

    w = Lesson("main-claims", article=TINY).annotator(store=tiny_store)
    assert w.article is tiny
    w.sentence.value = "main-claims-2"
    w.claim_type.value = "factual"  # the full scheme (tests/conftest.py)
    w.check_worthy.value = "yes"
    w.save_button.click()
    assert "Saved" in w.status.value, w.status.value
    (ann,) = tiny_store.list()
    assert ann.article_version == tiny.version and ann.sentence_id == "main-claims-2"
    assert ann.quote == "It also says the sky is always green."


def test_the_other_widgets_work_on_the_other_article(tiny_store, tiny):
    from helpers.lesson import Lesson

    lesson = Lesson("main-claims", article=TINY)
    check = lesson.selfcheck(store=tiny_store)
    assert [q["id"] for q in check.questions] == ["main-claims-q1"]
    box = lesson.search(store=tiny_store)
    box.query.value = "three"
    assert [r.source.id for r in box.results] == ["tiny-practice"]
    answer = lesson.answer("main-claims-read-1", store=tiny_store)
    assert answer.question.part == "main-claims"
    with pytest.raises(Exception, match="main-claims-read-1|question"):
        lesson.answer("nato-read-1", store=tiny_store)


def test_the_reveal_says_there_is_no_key_yet(tiny_store, tiny):
    from helpers.lesson import Lesson

    lesson = Lesson("main-claims", article=TINY)
    reveal = lesson.reveal_sources(store=tiny_store)
    reveal.toggle.value = True  # not tried yet: it stays closed
    assert "First" in reveal.status.value
    tiny_store.add(_tiny_annotation(tiny))
    reveal.toggle.value = False
    reveal.toggle.value = True
    shown = lesson.sources_say_html() + lesson.your_work_html(tiny_store)
    assert "no answer key for this text yet" in shown


def test_hand_in_of_another_article_names_it_everywhere(tiny_store, tiny, tmp_path):
    from helpers.lesson import Lesson

    tiny_store.add(_tiny_annotation(tiny))
    tiny_store.save_answer("ana", "main-claims-read-1", "the first one")
    tiny_store.record_attempt("ana", "main-claims-q1", "a", True)
    tiny_store.record_search("ana", "query", "three", "", "main-claims")
    widget = Lesson("main-claims", article=TINY).handin(store=tiny_store)
    widget.folder = tmp_path / "handin"
    path = widget.hand_in()
    assert path is not None and path.name.startswith("tiny-ana-")
    doc = json.loads(path.read_text(encoding="utf-8"))
    items = doc["first"]["items"]
    assert len(items) == 4
    for item in items:
        assert item["target"]["source"] == tiny.metadata["url"]
        assert item["target"]["nc:articleVersion"] == tiny.version


# -- export, import and collect -------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["w3c", "csv", "claimreview"])
def test_export_and_import_per_article(tmp_path, tiny, fmt):
    from helpers.formats import export, import_file, read_file

    ann = _tiny_annotation(tiny, verdict="refuted")
    out = export(fmt, [ann], tmp_path / f"tiny.{fmt}", tiny)
    with AnnotationStore(tmp_path / "tiny.sqlite", article=TINY) as store:
        report = import_file(out, store)
        assert [a.id for a in report.added] == [ann.id] and not report.errors
    with AnnotationStore(tmp_path / "default.sqlite") as default:
        report = import_file(out, default)
        assert not report.added and not report.errors
        assert report.other_articles == {TINY: 1}
    assert read_file(out, TINY).annotations[0].id == ann.id


def _two_articles_folder(tmp_path, tiny_store, tiny) -> Path:
    """A class folder with an old-style hand-in of the default article and a tiny one."""
    folder = tmp_path / "class"
    folder.mkdir()
    old = Path(__file__).parent / "fixtures" / "before_articles" / "handins"
    for path in old.iterdir():
        shutil.copy(path, folder)
    tiny_store.add(_tiny_annotation(tiny, annotator="ana"))
    tiny_store.add(_tiny_annotation(tiny, annotator="ana", sentence="opening-1"))
    tiny_store.save_answer("ana", "main-claims-read-1", "the first one")
    tiny_store.record_attempt("ana", "main-claims-q1", "a", True)
    from helpers.widgets.handin import HandIn

    widget = HandIn(store=tiny_store, folder=folder, article=tiny)
    assert widget.hand_in() is not None
    return folder


@pytest.mark.default_scheme
def test_collect_reads_one_article_and_counts_the_other(tmp_path, tiny):
    with AnnotationStore(tmp_path / "tiny.sqlite", article=tiny) as tiny_store:
        tiny_store.set_setting("annotator", "ana")
        folder = _two_articles_folder(tmp_path, tiny_store, tiny)
    default = _collect(folder, None)
    assert default.rejected.empty, default.rejected.to_dict("records")
    assert len(default.annotations) == 2 and default.other_articles == {TINY: 4}
    assert "4 items are about another article: run collect --article tiny." in default.summary()
    assert default.exit_code == 0
    other = _collect(folder, TINY)
    assert other.rejected.empty, other.rejected.to_dict("records")
    assert other.article == TINY and len(other.annotations) == 2
    assert set(other.annotations["part"]) == {"opening", "main-claims"}
    assert list(other.answers["question_id"]) == ["main-claims-read-1"]
    assert list(other.attempts["question_id"]) == ["main-claims-q1"]
    old_items = 2 + 2 + 2 + 2  # the old hand-in: annotations, answers, tries, searches
    assert other.other_articles == {DEFAULT_ARTICLE: old_items}
    assert f"run collect --article {DEFAULT_ARTICLE}" in other.report()


def _collect(folder, article):
    from helpers.classroom.collect import collect

    return collect(folder, article=article)


@pytest.mark.default_scheme
def test_the_command_line_takes_an_article(tmp_path, tiny, capsys):
    from helpers.tools.cli import main

    with AnnotationStore(tmp_path / "tiny.sqlite", article=tiny) as tiny_store:
        tiny_store.set_setting("annotator", "ana")
        folder = _two_articles_folder(tmp_path, tiny_store, tiny)
    assert main(["collect", str(folder), "--out", str(tmp_path / "out"), "--article", TINY]) == 0
    said = capsys.readouterr().out
    assert "about another article" in said and "--article france-alliance" in said
    assert main(["collect", str(folder), "--out", str(tmp_path / "o2"), "--article", "nope"]) == 2
    assert "there is no article 'nope'" in capsys.readouterr().err
    out = tmp_path / "tiny.jsonld"
    db = str(tmp_path / "tiny.sqlite")
    assert main(["export", "--format", "w3c", "--out", str(out), "--db", db,
                 "--article", TINY]) == 0
    assert main(["import", str(out), "--db", str(tmp_path / "t2.sqlite"), "--article", TINY]) == 0
    with AnnotationStore(tmp_path / "t2.sqlite", article=TINY) as store:
        assert len(store) == 2
