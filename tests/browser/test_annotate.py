"""A student's session in a real JupyterLab: annotate by mouse and by keyboard, survive a kernel
restart and a page reload, show a hostile note literally, check yourself, and hand in."""

import json

import pytest
from jlab import error_outputs, open_notebook, restart_and_reload, run_all

from helpers.article import load_article
from helpers.formats import read_file
from helpers.store import AnnotationStore

pytestmark = pytest.mark.browser

NOTEBOOK = "03_nato_show_of_force.ipynb"
PAYLOAD = "<img src=x onerror=alert(1)>"

# every control of the student widgets has an accessible name (a label, aria-label, title or
# text); returns the ones that do not
UNLABELLED = """() => {
  const out = [];
  for (const root of document.querySelectorAll('.claim-annotator, .selfcheck, .handin, .reveal')) {
    for (const el of root.querySelectorAll('input, select, textarea, button')) {
      const name = (el.labels && [...el.labels].map(l => l.innerText.trim()).join(' ')) ||
        el.getAttribute('aria-label') || el.getAttribute('title') || el.innerText.trim();
      if (!name) out.push(el.outerHTML.slice(0, 120));
    }
  }
  return out;
}"""


def _annotator(page):
    return page.locator(".claim-annotator-nato")


def _table_text(page):
    return _annotator(page).locator(".claim-table").text_content()


def test_annotate_by_mouse_and_keyboard_then_reload_and_hand_in(lab, page):
    open_notebook(page, lab, NOTEBOOK)
    run_all(page)
    assert error_outputs(page) == []
    assert page.evaluate(UNLABELLED) == []
    ann = _annotator(page)
    ann.scroll_into_view_if_needed()

    # asked once for a name
    ann.locator(".annotator-name input").fill("browser-student")
    ann.locator(".name-save").click()
    page.wait_for_function(
        "() => document.querySelector('.claim-annotator-nato .annotator-whoami')"
        ".innerText.includes('browser-student')"
    )

    # --- by mouse: a phrase of sentence 2, with a hostile note -------------------------------
    ann.locator(".claim-sentence select").select_option(index=2)
    ann.locator(".claim-phrase input").fill("1,100 armored vehicles")
    ann.locator(".claim-claim-type").get_by_label("Number or statistic").check()
    ann.locator(".claim-check-worthy").get_by_label("Yes").check()
    ann.locator(".claim-verdict").get_by_label("Misleading or imprecise").check()
    ann.locator(".claim-technique-exaggeration_minimisation input").check()
    ann.locator(".claim-evidence-citation textarea").fill("NATO: more than 1,100 combat vehicles")
    ann.locator(".claim-note textarea").fill(PAYLOAD)
    ann.locator(".claim-save").click()
    page.wait_for_function(
        "() => document.querySelectorAll('.claim-annotator-nato tr[data-annotation]').length == 1"
    )
    # the selected sentence is highlighted in the text
    assert ann.locator(".claim-text .sentence.selected").count() == 1

    # --- by keyboard only: sentence 1, the whole sentence ------------------------------------
    select = ann.locator(".claim-sentence select")
    select.focus()
    page.keyboard.press("1")  # type-ahead: the option "1 · Parallel to France's…"
    ann.locator(".claim-phrase input").focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type("initiation of its largest military exercises")
    ann.locator(".claim-claim-type").get_by_label("Factual statement").focus()
    page.keyboard.press("Space")
    ann.locator(".claim-check-worthy").get_by_label("Yes").focus()
    page.keyboard.press("Space")
    ann.locator(".claim-verdict").get_by_label("Refuted").focus()
    page.keyboard.press("Space")
    ann.locator(".claim-note textarea").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Started on 22 or 24 January, not in March.")
    ann.locator(".claim-save").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelectorAll('.claim-annotator-nato tr[data-annotation]').length == 2"
    )

    # the hostile note shows literally and fired nothing
    assert PAYLOAD in _table_text(page)
    assert page.locator(".claim-annotator-nato .claim-table img").count() == 0
    assert page.dialogs == []

    # --- restart the kernel, reload the page, run again: both annotations are back ----------
    restart_and_reload(page, lab, NOTEBOOK)
    run_all(page)
    assert error_outputs(page) == []
    page.wait_for_function(
        "() => document.querySelectorAll('.claim-annotator-nato tr[data-annotation]').length == 2"
    )
    text = _table_text(page)
    assert "1,100 armored vehicles" in text and "initiation of its largest military" in text
    assert PAYLOAD in text and page.dialogs == []
    # the name was remembered: not asked again
    assert "browser-student" in _annotator(page).locator(".annotator-whoami").text_content()

    store = AnnotationStore(lab.store_path)
    saved = {a.quote: a for a in store.list(annotator="browser-student")}
    assert set(saved) == {"1,100 armored vehicles", "initiation of its largest military exercises"}
    assert saved["1,100 armored vehicles"].note == PAYLOAD
    assert saved["1,100 armored vehicles"].verdict == "misleading"
    assert saved["1,100 armored vehicles"].techniques == ("exaggeration_minimisation",)
    assert saved["initiation of its largest military exercises"].verdict == "refuted"

    # --- check yourself: one answer gets feedback with a source and is recorded -------------
    check = page.locator(".selfcheck").first
    check.scroll_into_view_if_needed()
    question = check.locator(".selfcheck-question").first
    radios = question.locator(".selfcheck-answer input[type=radio]")
    if radios.count():
        radios.first.check()
    else:
        question.locator(".selfcheck-answer input").fill("32")
    question.locator(".selfcheck-submit").click()
    page.wait_for_function(
        "() => document.querySelector('.selfcheck-feedback').innerText.length > 20"
    )
    assert "ource" in question.locator(".selfcheck-feedback").inner_text()
    assert len(store.attempts(annotator="browser-student")) == 1

    # --- the model answers stay hidden until asked for ---------------------------------------
    reveal = page.locator(".reveal").last
    assert "Steadfast Defender 2024 was not starting in March" not in reveal.inner_text()
    reveal.locator(".reveal-toggle").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.reveal-content')]"
        ".some(e => e.innerText.includes('was not starting in March'))"
    )

    # --- hand in: a valid W3C submission file appears, and a download link ----------------
    handin = page.locator(".handin")
    handin.scroll_into_view_if_needed()
    handin.locator(".handin-button").click()
    page.wait_for_selector("a.handin-download")
    files = list((lab.root_dir / "handin").glob("*.jsonld"))
    assert len(files) == 1
    result = read_file(files[0], load_article())
    assert result.errors == []
    assert {a.quote for a in result.annotations} == set(saved)
    doc = json.loads(files[0].read_text(encoding="utf-8"))
    assert "http://www.w3.org/ns/anno.jsonld" in json.dumps(doc["@context"])
    href = page.locator("a.handin-download").get_attribute("href")
    assert files[0].name in href
    assert page.dialogs == []
