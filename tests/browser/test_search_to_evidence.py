"""Lateral reading for real, in a real Chromium, in Voilà (reader mode), offline: a student
searches the source pack from lesson 3's SIFT move, opens a result, uses one of its quotes as
evidence, selects a phrase of the article with the mouse, annotates it and hands in. The hand-in
file holds the annotation with that source in its evidence, and the search history (the query,
the page opened, the page used as evidence).

One Voilà server for the module, started like ``make reader`` (test_reader.Reader) on a copy of
notebooks/ and a throwaway store; every request that would leave the machine is blocked and
fails the test.
"""

from __future__ import annotations

import pytest
from jlab import drag, watch_offline
from test_reader import Reader

from helpers.article import load_article
from helpers.formats import read_file
from helpers.scheme import load_scheme
from helpers.sources import source
from helpers.store import AnnotationStore
from helpers.widgets.phrase import part_words

pytestmark = pytest.mark.browser

NOTEBOOK = "03_nato_show_of_force.ipynb"
STUDENT = "search-student"
QUERY = "Steadfast Defender 2024 vehicles"
SOURCE_ID = "dvids-video-911918"  # NATO's video: "more than 1,100 combat vehicles"
QUOTE = "more than 1,100 combat vehicles"


@pytest.fixture(scope="module")
def reader(chromium, tmp_path_factory):
    server = Reader(tmp_path_factory.mktemp("search")).start()
    yield server
    server.stop()


def _choice(field: str, *ids: str) -> tuple[str, str]:
    """``(id, label)`` of the first of ``ids`` in the scheme the lessons use."""
    scheme = load_scheme()
    found = next(i for i in ids if i in scheme.choice_ids(field))
    return found, scheme.label(field, found)


def _wait_text(page, selector: str, text: str, timeout: float = 30_000) -> None:
    page.wait_for_function(
        "([s, t]) => [...document.querySelectorAll(s)].some(e => e.innerText.includes(t))",
        arg=[selector, text],
        timeout=timeout,
    )


def test_search_use_as_evidence_annotate_and_hand_in(reader, page):
    art, scheme = load_article(), load_scheme()
    found = source(SOURCE_ID)
    seen = watch_offline(page)
    page.goto(reader.page_url(NOTEBOOK))
    page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
    search = page.locator(".search-box")
    search.wait_for(state="visible", timeout=90_000)
    ann = page.locator(".claim-annotator-nato")
    ann.wait_for(state="visible", timeout=60_000)

    # the name, once, in the search box: every widget of the page works as this student
    search.locator(".annotator-name input").fill(STUDENT)
    search.locator(".name-save").click()
    page.wait_for_function(
        "(n) => document.querySelector('.claim-annotator-nato .annotator-whoami')"
        ".innerText.includes(n)",
        arg=STUDENT,
    )

    # what the sources say stays closed before an attempt, and says what to do first
    reveal = page.locator(".reveal").filter(has_text="what the sources say")  # Show or Hide
    reveal.locator(".reveal-toggle").click()
    _wait_text(page, ".reveal .widget-message", "First annotate at least one claim above")
    assert not reveal.locator(".reveal-content").is_visible()

    # --- search, read the list, open a result --------------------------------------------
    search.locator(".search-query input").fill(QUERY)
    search.locator(".search-query input").press("Enter")
    _wait_text(page, ".search-box .search-status", "found for")
    titles = search.locator("button.search-result-title")
    assert titles.count() == 5  # five to a page
    listed = search.locator(".search-result").all_inner_texts()
    assert any(found.outlet in text for text in listed)
    titles.filter(has_text="911918").click()
    _wait_text(page, ".search-box .search-page-title", "911918")
    assert "Who runs this site?" in search.locator(".search-page").inner_text()

    # --- use one of its quotes as evidence: it lands in the annotation form ---------------
    quote = search.locator(".search-quote select")
    options = [o.replace("\xa0", " ") for o in quote.locator("option").all_text_contents()]
    quote.select_option(index=next(i for i, o in enumerate(options) if QUOTE in o))
    search.locator("button.search-evidence").click()
    _wait_text(page, ".search-box .search-status", "Used as evidence")
    kind = scheme.by_name["evidence"].kind
    evidence = ann.locator(".claim-evidence-citation textarea" if kind == "parts"
                           else ".claim-evidence textarea")
    page.wait_for_function(
        "([el, q]) => el.value.includes(q)", arg=[evidence.element_handle(), QUOTE]
    )

    # --- select a phrase with the mouse, choose the answers, save -------------------------
    words = [w for para in part_words(art, "nato") for s in para for w in s["words"]]
    a = next(i for i, w in enumerate(words) if w["text"] == "1,100")
    b = next(i for i, w in enumerate(words) if i > a and w["text"] == "vehicles,")
    phrase = art.text[words[a]["start"] : words[b]["end"]]
    word = ann.locator(".phrase-word")
    drag(page, word, a, b)
    _wait_text(page, ".claim-annotator-nato .phrase-selected", phrase)
    ann.locator(".claim-claim-type").get_by_label(
        _choice("claim_type", "fact", "statistic")[1], exact=True).check()
    ann.locator(".claim-check-worthy").get_by_label(
        _choice("check_worthy", "yes")[1], exact=True).check()
    verdict, label = _choice("verdict", "needs_correction", "misleading")
    ann.locator(".claim-verdict").get_by_label(label, exact=True).check()
    assert QUOTE in evidence.input_value()  # still there after picking the phrase
    ann.locator("button.claim-save").click()
    page.wait_for_function(
        "() => document.querySelectorAll('.claim-annotator-nato tr[data-annotation]').length"
        " == 1"
    )

    # after the attempt the answer opens
    reveal.locator(".reveal-toggle").click()
    reveal.locator(".reveal-content").wait_for(state="visible")

    # --- hand in: the annotation with its source, and the search history --------------------
    handin = page.locator(".handin")
    handin.scroll_into_view_if_needed()
    handin.locator(".handin-button").click()
    page.wait_for_selector("a.handin-download", timeout=30_000)
    files = list((reader.root / "handin").glob("*.jsonld"))
    assert len(files) == 1, files
    result = read_file(files[0], art)
    assert result.errors == []
    [annotation] = result.annotations
    assert annotation.annotator == STUDENT and annotation.part == "nato"
    assert annotation.quote == phrase and annotation.verdict == verdict
    text = annotation.values["evidence"]
    text = " ".join(text.values()) if isinstance(text, dict) else str(text)
    assert found.outlet in text and f"“{QUOTE}”" in text and found.url in text
    assert page.dialogs == []
    page.wait_for_timeout(300)  # late requests (fonts, icons) would show up here
    assert seen["blocked"] == [], "the page asked for something outside this machine"
    assert seen["failed"] == [] and seen["errors"] == []

    # the search history: recorded in the store, step by step, under the student's name …
    expected = [
        ("query", QUERY, "", "nato"),
        ("open", QUERY, SOURCE_ID, "nato"),
        ("evidence", QUERY, SOURCE_ID, "nato"),
    ]
    with AnnotationStore(reader.store_path) as store:
        recorded = [(s["kind"], s["query"], s["source_id"], s["part"])
                    for s in store.searches(STUDENT)]
    assert recorded == expected
    # … and in the hand-in file
    # (the file keeps the words typed with the query step; the other steps name the page)
    steps = [(s.kind, s.query, s.source_id, s.part) for s in result.searches]
    assert steps == [(k, q if k == "query" else "", i, p) for k, q, i, p in expected]
    assert {s.annotator for s in result.searches} == {STUDENT}
