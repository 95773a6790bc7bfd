"""Written answers, self-check attempts and the names of a pair travel in the hand-in file and
reach the teacher through collect."""

from __future__ import annotations

import json

import pytest

from helpers.classroom.collect import collect
from helpers.formats import read_file, to_w3c
from helpers.formats.files import dump_json
from helpers.formats.work import handin_document
from helpers.store import AnnotationStore
from helpers.work import Answer, Attempt, SearchEvent


@pytest.fixture
def handin(tmp_path, article, make):
    """A pair's hand-in: two annotations, two written answers, two self-check tries."""
    store = AnnotationStore(tmp_path / "s.sqlite", article=article)
    for ann in (make("lede-1", annotator="ana"), make("nato-2", annotator="ana")):
        store.add(ann)
    store.save_answer("ana", "lede-read-1", "An alliance ready to send troops.")
    store.save_answer("ana", "lede-read-2", "Macron, the French president.\nWith Ben.")
    store.record_attempt("ana", "lede-q1", "b", True)
    store.record_attempt("ana", "lede-q2", "8 March", False)
    store.record_search("ana", "query", "BNN Breaking who runs it", part="lede")
    store.record_search("ana", "open", source_id="wikipedia-bnn", part="lede")
    answers = [Answer(**a) for a in store.answers("ana")]
    searches = [SearchEvent(**e) for e in store.searches("ana")]
    attempts = [
        Attempt(r.annotator, r.question_id, str(r.answer), bool(r.correct), r.created)
        for r in store.attempts("ana").itertuples()
    ]
    doc = handin_document(
        to_w3c(store.list(annotator="ana"), article), answers, attempts, ["ana", "ben"], searches
    )
    store.close()
    path = tmp_path / "in" / "ana-ben.jsonld"
    path.parent.mkdir()
    path.write_text(dump_json(doc), "utf-8")
    return path, answers, attempts, searches


def test_the_store_keeps_the_latest_answer(tmp_path, article):
    with AnnotationStore(tmp_path / "s.sqlite", article=article) as store:
        store.save_answer("ana", "q1", "first")
        store.save_answer("ana", "q1", "second\x07")
        [answer] = store.answers()
    assert answer["text"] == "second" and answer["question_id"] == "q1"


def test_everything_comes_back(handin, article):
    path, answers, attempts, searches = handin
    result = read_file(path, article)
    assert not result.errors
    assert len(result.annotations) == 2
    assert result.answers == answers and result.attempts == attempts
    assert result.searches == searches and searches[0].query == "BNN Breaking who runs it"
    assert result.handed_in_by == ["ana", "ben"]
    doc = json.loads(path.read_text("utf-8"))
    motivations = [item["motivation"] for item in doc["first"]["items"]]
    assert motivations.count("replying") == 2 and motivations.count("assessing") == 2
    assert doc["total"] == 8


def test_collect_gathers_answers_and_tries(handin):
    path, answers, attempts, searches = handin
    results = collect(path.parent)
    assert results.ok, results.report()
    assert list(results.answers["question_id"]) == ["lede-read-1", "lede-read-2"]
    assert list(results.attempts["correct"]) == [True, False]
    assert results.handed_in_by == {"ana-ben.jsonld": ["ana", "ben"]}
    assert "2 written answers and 2 self-check tries" in results.summary()
    assert list(results.searches["kind"]) == ["query", "open"]


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda item: item["body"][0].update(value="bell\x07"), "text"),
        (lambda item: item["target"].update({"nc:question": "../../etc"}), "question_id"),
        (lambda item: item.update(modified="2099-01-01T00:00:00Z"), "modified"),
        (lambda item: item.update(creator={"type": "Person"}), "creator"),
        (lambda item: item.update({"@context": "http://example.org/"}), "@context"),
    ],
)
def test_a_bad_answer_is_rejected_and_the_rest_kept(handin, article, change, field):
    path, _answers, _attempts, _searches = handin
    doc = json.loads(path.read_text("utf-8"))
    answer = next(i for i in doc["first"]["items"] if i["motivation"] == "replying")
    change(answer)
    path.write_text(json.dumps(doc), "utf-8")
    result = read_file(path, article)
    assert [e.field for e in result.errors] == [field]
    assert len(result.answers) == 1 and len(result.annotations) == 2


def test_more_than_three_names_is_refused(handin, article):
    path, _answers, _attempts, _searches = handin
    doc = json.loads(path.read_text("utf-8"))
    doc["nc:handedInBy"] = ["a", "b", "c", "d"]
    path.write_text(json.dumps(doc), "utf-8")
    result = read_file(path, article)
    assert result.errors[0].field == "nc:handedInBy" and not result.annotations
