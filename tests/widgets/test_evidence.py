"""One click from the search box into the annotation's evidence, in either scheme."""

from __future__ import annotations

import pytest

from helpers.lesson import Lesson
from helpers.store import AnnotationStore
from helpers.widgets.evidence import evidence_line


@pytest.fixture
def named(tmp_path, article):
    store = AnnotationStore(tmp_path / "s.sqlite", article=article)
    store.set_setting("annotator", "ana")
    yield store
    store.close()


def _use(store, part="nato", query="more than 1,100 combat vehicles"):
    lesson = Lesson(part)
    annotator = lesson.annotator(store=store)
    box = lesson.search(store=store)
    box.search(query)
    source = box.open_result(1)
    box.use_as_evidence(source.excerpts[0] if source.excerpts else "")
    return annotator, box, source


def test_evidence_goes_into_the_parts_of_the_research_scheme(named):
    annotator, _box, source = _use(named)
    parts = annotator.form.entries["evidence"].control
    assert parts["citation"].value == source.url
    assert evidence_line(source, source.excerpts[0]) in parts["other_sources"].value
    assert [s["kind"] for s in named.searches()] == ["query", "open", "evidence"]


@pytest.mark.default_scheme
def test_evidence_goes_into_the_text_box_and_is_saved(named):
    annotator, box, source = _use(named)
    line = evidence_line(source, source.excerpts[0])
    assert annotator.form.entries["evidence"].control.value == line
    assert "Added to" in annotator.status.value
    annotator.pick("nato-2", "90,000 troops")
    annotator.form.entries["claim_type"].control.value = "fact"
    annotator.form.entries["check_worthy"].control.value = "yes"
    annotator.save_button.click()
    [saved] = named.list()
    assert saved.evidence == line


def test_without_an_annotator_on_the_page_the_search_box_says_so(named):
    from helpers.widgets import evidence

    box = Lesson("stakes").search(store=named)
    evidence._LIVE.pop("stakes", None)
    box.search("Stoltenberg no plans")
    box.open_result(1)
    box._on_evidence()
    assert "annotation form is not on the page" in box.status.value
