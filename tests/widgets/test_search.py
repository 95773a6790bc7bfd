"""The SearchBox widget: searching, pages of results, an opened page, evidence, the search history
in the store, students without a name and students who switch, escaping and the page's size."""

from __future__ import annotations

import dataclasses
import re

import ipywidgets as widgets
import pytest

from helpers.errors import ArticleError
from helpers.search import SearchIndex
from helpers.sources import KINDS, load_sources, source
from helpers.widgets.base import NameBox
from helpers.widgets.search import PAGE_SIZE, SearchBox

from .widgetlib import XSS, XSS_ESCAPED, models, walk


def kinds(store, name="ana"):
    return [(s["kind"], s["query"], s["source_id"], s["part"]) for s in store.searches(name)]


def test_typing_and_enter_search_and_record_the_query(named):
    box = SearchBox("nato", store=named)
    box.query.value = "Sweden NATO member"  # what Enter sends (continuous_update is off)
    assert box.results and box.results[0].id == "einpresswire-sweden"
    assert "found for “Sweden NATO member”" in box.status.value
    assert kinds(named) == [("query", "Sweden NATO member", "", "nato")]
    box.search_button.click()  # the same words again: shown, not recorded twice
    assert len(named.searches("ana")) == 1
    box.query.value = "Reforger"
    assert [s["query"] for s in named.searches("ana")] == ["Sweden NATO member", "Reforger"]


def test_the_results_page_shows_titles_outlets_dates_addresses_and_marked_words(named):
    box = SearchBox("nato", store=named)
    results = box.search("Steadfast Defender")
    assert len(results) > PAGE_SIZE
    shown = [b for b in box.result_list.children if isinstance(b, widgets.Button)]
    assert len(shown) == PAGE_SIZE
    assert shown[0].description.startswith("1. ") and "search-result-title" in shown[0]._dom_classes
    first = box.snippets[0].value
    assert results[0].source.outlet.split(" ")[0] in first
    assert results[0].url in first  # the address in full
    assert "<mark" in first and "Steadfast</mark>" in first
    # the kind of page comes with what that kind is: no label a student has to guess
    kind = results[0].source.kind
    assert f"{kind} — {KINDS[kind]}" in first
    assert "Results 1–5 of" in box.heading.value
    assert [b.description for b in box.pager.children] == ["More results"]
    box.next_button.click()
    assert box.heading.value.startswith("<b>Results 6–")
    assert box.titles[0].description.startswith("6. ")
    assert "Previous results" in [b.description for b in box.pager.children]
    box.previous_button.click()
    assert box.titles[0].description.startswith("1. ")


def test_each_result_s_address_is_a_link_when_whole_and_real(named):
    """A whole address is a link that opens in a new tab; a cut-short address, a practice
    page's or any with ``links=False`` is plain text. The kind of page is always explained."""
    box = SearchBox("lede", store=named)
    results = box.search("BNN Breaking")
    first = box.snippets[0].value
    url = results[0].url
    assert results[0].source.linkable
    assert f'<a href="{url}" target="_blank" rel="noopener noreferrer">{url}</a>' in first
    box.search("Macron 26 February Elysee")
    slot = next(i for i, r in enumerate(box.results[:PAGE_SIZE]) if not r.source.url_complete)
    assert "<a " not in box.snippets[slot].value and "…" in box.snippets[slot].value
    box.search("1,100 armored vehicles")
    slot = next(i for i, r in enumerate(box.results[:PAGE_SIZE]) if r.practice_page)
    assert "<a " not in box.snippets[slot].value
    plain = SearchBox("lede", store=named, links=False)
    plain.search("BNN Breaking")
    assert all("<a " not in s.value for s in plain.snippets)
    kinds_shown = [r.source.kind for r in box.results[:PAGE_SIZE]]
    aggregator = kinds_shown.index("aggregator")
    assert "aggregator — a site that" in box.snippets[aggregator].value
    event = next(r for r in load_sources() if r.date_note.startswith("the date of the event"))
    box.search(event.title)
    shown = box.snippets[[r.id for r in box.results].index(event.id)].value
    assert f"{event.date} (date of the event)" in shown


def test_opening_a_result_shows_quotes_the_outlet_and_a_link_and_is_recorded(named):
    box = SearchBox("nato", store=named)
    box.search("Sweden NATO member")
    box.titles[0].click()
    assert box.opened.id == "einpresswire-sweden"
    page = box.page.value
    assert "“just before 17.30 CET”" in page
    assert "Who runs this site?" in page and "EIN Presswire" in page
    link = re.search(r"<a [^>]*>", page).group(0)
    assert 'href="https://einpresswire.com/article/694151149/"' in link
    assert 'target="_blank"' in link and 'rel="noopener noreferrer"' in link
    assert box.body.children[0] is box.back_button
    assert kinds(named)[-1] == ("open", "Sweden NATO member", "einpresswire-sweden", "nato")
    box.back_button.click()
    assert box.opened is None and box.result_list in box.body.children


def test_an_incomplete_address_gives_words_to_search_not_a_link(named):
    box = SearchBox("lede", store=named)
    box.search("Macron 26 February Elysee")
    box.open_result("francetvinfo-6390268")
    page = box.page.value
    assert "https://francetvinfo.fr/…_6390268.html" in page and "<a " not in page
    assert "search the web for" in page
    assert "our notes" not in page.casefold() and "fact sheet" not in page.casefold()


def test_no_links_when_asked(named):
    box = SearchBox("nato", store=named, links=False)
    box.search("Sweden NATO member")
    box.open_result(1)
    assert "<a " not in box.page.value


def test_a_practice_page_carries_its_badge_and_no_link(named):
    box = SearchBox("nato", store=named)
    results = box.search("1,100 armored vehicles")
    slot = next(i for i, r in enumerate(results[:PAGE_SIZE]) if r.practice_page)
    assert "Practice page — not a real website" in box.snippets[slot].value
    box.titles[slot].click()
    page = box.page.value
    assert "Practice page — not a real website" in page
    assert "Practice page (not a real website):" in page
    assert "<a " not in page and "does not exist" in page


def test_evidence_calls_back_with_the_source_and_the_chosen_quote(named):
    box = SearchBox("russia", store=named)
    box.search("Slutsky Gapon")
    box.open_result("pravda-fr-slutsky-2024-03-10")
    assert box.evidence_row not in box.body.children  # no callback: no button
    used = []
    box.on_evidence(lambda src, excerpt: used.append((src.id, excerpt)))
    assert box.evidence_row in box.body.children
    box.quote.value = 2
    box.evidence_button.click()
    quote = source("pravda-fr-slutsky-2024-03-10").excerpts[2]
    assert used == [("pravda-fr-slutsky-2024-03-10", quote)]
    box.quote.value = -1
    box.evidence_button.click()
    assert used[-1] == ("pravda-fr-slutsky-2024-03-10", "")
    assert [k for k, *_ in kinds(named)] == ["query", "open", "evidence", "evidence"]
    assert "Used as evidence" in box.status.value
    assert box.use_as_evidence(quote) == (source("pravda-fr-slutsky-2024-03-10"), quote)
    with pytest.raises(ValueError):
        box.use_as_evidence("words that are not a quote")


def test_a_callback_can_be_removed_and_its_errors_are_shown(named):
    box = SearchBox("nato", store=named)

    def broken(_source, _excerpt):
        raise RuntimeError("the form is closed")

    box.on_evidence(broken)
    box.search("Reforger")
    box.open_result(1)
    box.evidence_button.click()  # guarded: shown, never raised
    assert "the form is closed" in box.status.value
    box.on_evidence(broken, remove=True)
    assert box.evidence_row not in box.body.children


def test_without_a_name_it_searches_asks_and_records_nothing(wstore):
    box = SearchBox("nato", store=wstore)
    assert isinstance(box.name_box, NameBox) and box.name_box in box.children
    box.search("Reforger")
    assert box.results and "Not recorded: type your name" in box.status.value
    assert wstore.searches() == []
    box.name_box.name.value = "ben"
    box.search("Sweden NATO member")  # a name typed counts, as in the other widgets
    assert kinds(wstore, "ben") == [("query", "Sweden NATO member", "", "nato")]


def test_a_switch_of_student_empties_the_box(named):
    box = SearchBox("nato", store=named)
    other = NameBox(named)
    box.search("Reforger")
    box.open_result(1)
    other.switch()
    assert box.query.value == "" and box.results == [] and box.opened is None
    assert box.body.children == () and box.name_box is not None
    other.remember("cleo")
    box.search("Reforger")
    assert kinds(named, "cleo") == [("query", "Reforger", "", "nato")]
    assert len(named.searches("ana")) == 2


@pytest.mark.parametrize("typed", ["", "   ", "!!!", 'NATO AND "', "x" * 10_000, XSS])
def test_what_a_student_types_never_breaks_it(named, typed):
    box = SearchBox("nato", store=named)
    box.query.value = typed
    box.search_button.click()
    assert "Something went wrong" not in box.status.value
    assert XSS not in box.status.value + box.heading.value
    for search in named.searches("ana"):
        assert len(search["query"]) <= 500


def test_everything_from_the_pack_is_escaped(named):
    base = load_sources()[0]
    evil = dataclasses.replace(
        base,
        id="evil",
        title=f"NATO {XSS}",
        outlet=XSS,
        summary=f"NATO {XSS}",
        about_outlet=XSS,
        excerpts=(XSS,),
        url='https://example.com/"><script>x</script>',
        search_hint=XSS,
        date_note=XSS,
    )
    box = SearchBox("nato", store=named, index=SearchIndex([evil]))
    box.search("NATO img")
    box.open_result(1)
    everything = (
        "".join(w.value for w in walk(box) if isinstance(w, widgets.HTML)) + box.snippets[0].value
    )
    assert XSS not in everything and "<script>" not in everything
    assert XSS_ESCAPED in everything and "&quot;&gt;&lt;script&gt;" in everything
    assert box.titles[0].description.endswith(XSS)  # a button's label is text, never HTML


def test_one_live_region_and_few_models(named):
    from ipywidgets.widgets.widget import _instances

    SearchBox("nato", store=named)  # the shared layouts and styles exist from here on
    start = len(_instances)
    box = SearchBox("nato", store=named)
    made = len(_instances) - start
    assert made <= 30, made
    box.on_evidence(lambda *_: None)
    for query in ("Steadfast Defender", "Reforger", "Sweden NATO member", "Slutsky Gapon"):
        box.search(query)
        box.next_page()
        box.open_result(1)
        box.use_as_evidence()
        box.back()
    assert len(_instances) - start == made  # the same models, new values: nothing per search
    box.open_result(1)
    html = [w.value for w in walk(box) if isinstance(w, widgets.HTML)]
    assert box.status in list(walk(box))
    assert sum(len(re.findall("aria-live", h)) for h in html) == 1
    assert "aria-live" in box.status.value and len(models(box)) <= 45


def test_a_part_that_does_not_exist_is_named(named):
    with pytest.raises(ArticleError):
        SearchBox("sports", store=named)


def test_its_text_plain_says_what_to_do(named):
    plain = SearchBox("nato", store=named)._repr_mimebundle_()["text/plain"]
    assert plain.startswith("The search box for the sources appears here when the lesson runs")
    assert "search-box" in SearchBox("nato", store=named)._dom_classes
