"""Work saved before there was more than one article still reads the same: a store in each
scheme and a hand-in file, made by the code of that time (tests/fixtures/before_articles, see
make_fixtures.py there), opened by today's code. Nothing moves: the default article keeps the
store file it had."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers.article import load_article
from helpers.classroom.collect import collect
from helpers.formats import export, read_file
from helpers.paths import DEFAULT_ARTICLE
from helpers.scheme import load_scheme
from helpers.store import AnnotationStore, default_path

HERE = Path(__file__).parent / "fixtures" / "before_articles"
EXPECTED = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))


def _copy(tmp_path: Path, name: str) -> Path:
    """A copy of a fixture store (opening a store may write to it: never to the fixture)."""
    target = tmp_path / name
    shutil.copy(HERE / name, target)
    return target


def _scheme(name: str):
    return load_scheme("full") if name == "store_full" else load_scheme("simple")


@pytest.mark.parametrize("name", ["store_simple", "store_full"])
def test_an_old_store_holds_the_same_work(tmp_path, name):
    expected = EXPECTED[name]
    with AnnotationStore(_copy(tmp_path, f"{name}.sqlite"), scheme=_scheme(name)) as store:
        assert store.article_name == DEFAULT_ARTICLE
        assert store.article is load_article()
        got = [a.to_dict() for a in store.list(include_deleted=True)]
        assert json.loads(json.dumps(got, ensure_ascii=False)) == expected["annotations"]
        assert [a.id for a in store.list()] == expected["live"]
        assert store.answers() == expected["answers"]
        attempts = json.loads(json.dumps(store.attempts().to_dict(orient="records")))
        assert attempts == expected["attempts"]
        assert store.searches() == expected["searches"]
        assert store.get_setting("annotator") == expected["annotator"]


@pytest.mark.parametrize("fmt", ["w3c", "csv", "claimreview"])
def test_an_old_store_exports_and_reads_back(tmp_path, fmt):
    scheme = _scheme("store_full")
    with AnnotationStore(_copy(tmp_path, "store_full.sqlite"), scheme=scheme) as store:
        anns = store.list()
        out = export(fmt, anns, tmp_path / f"out.{fmt}", store.article)
    back = read_file(out, load_article(), scheme)
    assert not back.errors and not back.other_articles
    if fmt != "claimreview":  # ClaimReview keeps only annotations with a verdict
        assert [a.id for a in back.annotations] == [a.id for a in anns]


def test_the_default_store_file_does_not_move(monkeypatch, tmp_path):
    monkeypatch.setenv("ANNOTATIONS_DB", str(tmp_path / "annotations.sqlite"))
    assert default_path() == tmp_path / "annotations.sqlite"
    assert default_path(DEFAULT_ARTICLE) == default_path()
    monkeypatch.delenv("ANNOTATIONS_DB")
    assert default_path() == Path("~/.local/share/news-claims/annotations.sqlite").expanduser()


@pytest.mark.default_scheme
def test_an_old_hand_in_collects_to_the_same_class_table():
    results = collect(HERE / "handins")
    before = EXPECTED["handin"]
    assert results.files_read == [before["file"]] and results.rejected.empty
    assert results.summary() == before["summary"]
    assert not results.other_articles and results.article == DEFAULT_ARTICLE
    assert results.to_csv_text() == (HERE / "class_table.csv").read_bytes().decode("utf-8")
    for name in ("answers", "attempts", "searches"):
        got = json.loads(json.dumps(getattr(results, name).to_dict(orient="records")))
        assert got == before[name], name


@pytest.mark.default_scheme
def test_an_old_hand_in_imports_into_the_default_store(tmp_path):
    from helpers.formats import import_file

    with AnnotationStore(tmp_path / "new.sqlite") as store:
        report = import_file(HERE / "handins" / EXPECTED["handin"]["file"], store)
        assert not report.errors and not report.other_articles
        assert len(report.added) == len(EXPECTED["store_simple"]["live"])
