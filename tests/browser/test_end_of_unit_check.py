"""The end-of-unit check in a real JupyterLab: run the notebook, annotate a claim of the post
written for the course with the mouse, write the verdict, hand in; the receipt shows and the
hand-in file holds the annotation, aimed at the end-of-unit article (its address and version),
and the written verdict."""

import json

import pytest
from jlab import drag, error_outputs, open_notebook, run_all

from helpers.article import load_article
from helpers.formats import read_file
from helpers.scheme import load_scheme
from helpers.store import AnnotationStore
from helpers.widgets.phrase import part_words

pytestmark = pytest.mark.browser

NOTEBOOK = "07_end_of_unit_check.ipynb"
NAME, PART = "end-of-unit", "text"
VERDICT = (
    "The claim I checked is that NATO has just launched its exercise. I searched for "
    "Steadfast Defender start and found NATO's page. So the claim needs correction."
)


def _choice(field, *ids):
    """``(id, label)`` of the first of ``ids`` the scheme in use has for ``field``."""
    scheme = load_scheme()
    found = next(i for i in ids if i in scheme.choice_ids(field))
    return found, scheme.label(field, found)


def test_annotate_the_post_and_hand_it_in(lab, page):
    article = load_article(NAME)
    words = [w for para in part_words(article, PART) for s in para for w in s["words"]]
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    assert error_outputs(page) == []
    # nothing on the page gives the answers: no check-yourself, no reveal
    assert page.locator(".selfcheck, .reveal").count() == 0

    ann = page.locator(f".claim-annotator-{PART}")
    ann.scroll_into_view_if_needed()
    ann.locator(".annotator-name input").fill("eou-student")
    ann.locator(".name-save").click()
    page.wait_for_function(
        f"() => document.querySelector('.claim-annotator-{PART} .annotator-whoami')"
        ".innerText.includes('eou-student')"
    )

    # drag across "has just launched" in sentence 5
    a = next(i for i, w in enumerate(words) if w["text"] == "has")
    b = a + 2
    assert [w["text"] for w in words[a : b + 1]] == ["has", "just", "launched"]
    quote = article.text[words[a]["start"] : words[b]["end"]]
    word = ann.locator(".phrase-word")
    drag(page, word, a, b)
    page.wait_for_function(  # Python answers: the selection is shown once the kernel has it
        f"(q) => document.querySelector('.claim-annotator-{PART} .phrase-selected')"
        ".innerText.includes(q)",
        arg=quote,
    )
    assert f"Selected: “{quote}” (sentence 5)" in ann.locator(".phrase-selected").inner_text()

    ann.locator(".claim-claim-type").get_by_label(
        _choice("claim_type", "factual", "fact")[1], exact=True
    ).check()
    ann.locator(".claim-check-worthy").get_by_label(
        _choice("check_worthy", "yes")[1], exact=True
    ).check()
    verdict, label = _choice("verdict", "refuted", "needs_correction")
    ann.locator(".claim-verdict").get_by_label(label, exact=True).check()
    evidence = "NATO: announced on 18 January, running since late January."
    if load_scheme().by_name["evidence"].kind == "parts":
        ann.locator(".claim-evidence-citation textarea").fill(evidence)
    else:
        ann.locator(".claim-evidence textarea").fill(evidence)
    ann.locator(".claim-save").click()
    page.wait_for_function(
        f"() => document.querySelectorAll('.claim-annotator-{PART} tr[data-annotation]')"
        ".length == 1"
    )

    # the written verdict, saved as typed
    box = page.locator(".answer-box-text-verdict-1")
    box.locator("textarea").scroll_into_view_if_needed()
    box.locator("textarea").fill(VERDICT)
    page.locator(".answer-box-text-read-1 textarea").focus()  # the verdict box loses the focus
    page.wait_for_function(
        "(el) => el.innerText.startsWith('Saved at')",
        arg=box.locator(".answer-status").element_handle(),
        timeout=15_000,
    )

    # hand in: a receipt, and a file named for the article that holds the work
    handin = page.locator(".handin")
    handin.scroll_into_view_if_needed()
    handin.locator(".handin-button").click()
    page.wait_for_selector("a.handin-download")
    receipt = handin.locator(".handin-status").inner_text()
    assert "Saved in a file at" in receipt and "1 annotation, 1 written answer" in receipt
    assert "by eou-student" in receipt
    files = list((lab.root_dir / "handin").glob(f"{NAME}-*.jsonld"))
    assert len(files) == 1, files
    result = read_file(files[0], article)
    assert result.errors == []
    [saved] = result.annotations
    assert saved.quote == quote and saved.verdict == verdict
    assert (saved.start, saved.end) == (words[a]["start"], words[b]["end"])
    assert {a.question_id: a.text for a in result.answers} == {"text-verdict-1": VERDICT}
    doc = json.loads(files[0].read_text(encoding="utf-8"))
    targets = [item["target"] for item in doc["first"]["items"]]
    assert len(targets) == 2  # the annotation and the written verdict
    assert all(t["source"] == article.metadata["url"] for t in targets)
    assert all(t["nc:articleVersion"] == article.version for t in targets)

    # the work went to the end-of-unit article's own store, not the unit's
    path = lab.store_path
    store = AnnotationStore(path.with_name(f"{path.stem}-{NAME}{path.suffix}"), article=NAME)
    assert [a.quote for a in store.list(annotator="eou-student")] == [quote]
    assert AnnotationStore(lab.store_path).list(annotator="eou-student") == []
    assert page.dialogs == []

