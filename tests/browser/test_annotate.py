"""A student's session in a real JupyterLab: annotate a phrase picked with the mouse and one
picked with the keys, answer questions in boxes that save as they type, survive a kernel
restart and a page reload, show a hostile note literally, check yourself, hand in as a pair, and
switch student."""

import json

import pytest
from jlab import drag, error_outputs, open_notebook, restart_and_reload, run_all

from helpers.article import load_article
from helpers.formats import read_file
from helpers.scheme import load_scheme
from helpers.store import AnnotationStore
from helpers.widgets.phrase import part_words

pytestmark = pytest.mark.browser

NOTEBOOK = "03_nato_show_of_force.ipynb"
PAYLOAD = "<img src=x onerror=alert(1)>"

# every control of the student widgets has an accessible name (a label, aria-label, title or
# text); returns the ones that do not
UNLABELLED = """() => {
  const out = [];
  const roots = '.claim-annotator, .selfcheck, .handin, .reveal, .answer-box';
  for (const root of document.querySelectorAll(roots)) {
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


def _words():
    """The words of part nato as the picker shows them, in order."""
    return [w for para in part_words(load_article(), "nato") for s in para for w in s["words"]]


def _choice(field, *ids):
    """``(id, label)`` of the first of ``ids`` the scheme has for ``field`` (the test runs with
    the classroom scheme or the research one)."""
    scheme = load_scheme()
    found = next(i for i in ids if i in scheme.choice_ids(field))
    return found, scheme.label(field, found)


def _evidence(ann):
    """The evidence box: the citation part, or the one text box."""
    kind = load_scheme().by_name["evidence"].kind
    return ann.locator(".claim-evidence-citation textarea" if kind == "parts" else
                       ".claim-evidence textarea")


def _note(ann):
    """``(field, box)``: the free text where a student writes anything (the note, or the
    evidence when the scheme has no note)."""
    if "note" in load_scheme().fields:
        return "note", ann.locator(".claim-note textarea")
    return "evidence", _evidence(ann)


def _index(words, text, start=0):
    return next(i for i, w in enumerate(words) if i >= start and w["text"] == text)


def _rows(page, n):
    page.wait_for_function(
        "(n) => document.querySelectorAll('.claim-annotator-nato tr[data-annotation]').length"
        " == n",
        arg=n,
    )


def _answer(page, question_id):
    return page.locator(f".answer-box-{question_id}")


def _saved_status(page, question_id):
    status = _answer(page, question_id).locator(".answer-status")
    page.wait_for_function(
        "(el) => el.innerText.startsWith('Saved at')", arg=status.element_handle(),
        timeout=15_000,
    )
    return status.inner_text()


def test_annotate_by_mouse_and_keyboard_then_reload_and_hand_in(lab, page):
    art = load_article()
    words = _words()
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

    # --- by mouse: drag across a phrase of sentence 2, then a hostile note -----------------
    a, b = _index(words, "1,100"), _index(words, "vehicles,")
    by_mouse = art.text[words[a]["start"] : words[b]["end"]]
    word = ann.locator(".phrase-word")
    drag(page, word, a, b)
    # Python answers: the sentence list follows the words picked in the text
    page.wait_for_function(
        "() => document.querySelector('.claim-annotator-nato .claim-sentence select')"
        ".selectedIndex == 2"
    )
    assert f"Selected: “{by_mouse}” (sentence 2)" in ann.locator(".phrase-selected").inner_text()
    yes = _choice("check_worthy", "yes")[1]
    ann.locator(".claim-claim-type").get_by_label(_choice("claim_type", "statistic", "fact")[1],
                                                  exact=True).check()
    ann.locator(".claim-check-worthy").get_by_label(yes, exact=True).check()
    misleading, label = _choice("verdict", "misleading", "needs_correction")
    ann.locator(".claim-verdict").get_by_label(label, exact=True).check()
    ann.locator(".claim-technique-exaggeration_minimisation input").check()
    note, box = _note(ann)
    if note == "note":
        _evidence(ann).fill("NATO: more than 1,100 combat vehicles")
    box.fill(PAYLOAD)
    ann.locator(".claim-save").click()
    _rows(page, 1)
    assert ann.locator(".phrase-word.sel").count() == 0  # a fresh start for the next one

    # --- by keyboard only: six words of sentence 1 ------------------------------------------
    first = _index(words, "initiation")
    by_keys = art.text[words[first]["start"] : words[first + 5]["end"]]
    ann.locator(".phrase-text").focus()
    # the keys start where the mouse left off, in sentence 2: to the start of sentence 1
    for key in ("Home", "ArrowLeft", "Home"):
        page.keyboard.press(key)
    for _ in range(first):
        page.keyboard.press("ArrowRight")
    for _ in range(5):
        page.keyboard.press("Shift+ArrowRight")
    page.wait_for_function(
        "(q) => document.querySelector('.claim-annotator-nato .phrase-selected')"
        ".innerText.includes(q)",
        arg=by_keys,
    )
    factual = _choice("claim_type", "factual", "fact")[1]
    ann.locator(".claim-claim-type").get_by_label(factual, exact=True).focus()
    page.keyboard.press("Space")
    ann.locator(".claim-check-worthy").get_by_label(yes, exact=True).focus()
    page.keyboard.press("Space")
    refuted, label = _choice("verdict", "refuted", "needs_correction")
    ann.locator(".claim-verdict").get_by_label(label, exact=True).focus()
    page.keyboard.press("Space")
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Started on 22 or 24 January, not in March.")
    ann.locator(".claim-save").focus()
    page.keyboard.press("Enter")
    _rows(page, 2)

    # the hostile note shows literally and fired nothing
    assert PAYLOAD in _table_text(page)
    assert page.locator(".claim-annotator-nato .claim-table img").count() == 0
    assert page.dialogs == []

    # --- written answers: saved when the box loses the focus, and a second after typing -----
    box = _answer(page, "nato-read-1").locator("textarea")
    box.scroll_into_view_if_needed()
    box.fill(f"Three numbers {PAYLOAD}")
    _answer(page, "nato-read-2").locator("textarea").focus()  # the first box loses the focus
    _saved_status(page, "nato-read-1")
    page.keyboard.type("90,000 troops, 32 countries")  # no blur: the timer saves it
    _saved_status(page, "nato-read-2")
    assert page.dialogs == []

    # --- restart the kernel, reload the page, run again: everything is back ----------------
    restart_and_reload(page, lab, NOTEBOOK)
    run_all(page)
    assert error_outputs(page) == []
    _rows(page, 2)
    text = _table_text(page)
    assert by_mouse in text and by_keys in text
    assert PAYLOAD in text and page.dialogs == []
    # the name was remembered: not asked again
    assert "browser-student" in _annotator(page).locator(".annotator-whoami").text_content()
    assert _answer(page, "nato-read-1").locator("textarea").input_value() == (
        f"Three numbers {PAYLOAD}"
    )
    assert _answer(page, "nato-read-2").locator("textarea").input_value() == (
        "90,000 troops, 32 countries"
    )

    store = AnnotationStore(lab.store_path)
    saved = {a.quote: a for a in store.list(annotator="browser-student")}
    assert set(saved) == {by_mouse, by_keys}
    assert saved[by_mouse].values[note] == PAYLOAD
    assert saved[by_mouse].verdict == misleading
    assert saved[by_mouse].techniques == ("exaggeration_minimisation",)
    assert (saved[by_mouse].start, saved[by_mouse].end) == (words[a]["start"], words[b]["end"])
    assert saved[by_keys].verdict == refuted

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

    # --- hand in as a pair: a valid W3C file with everything, a receipt, a download link ----
    handin = page.locator(".handin")
    handin.scroll_into_view_if_needed()
    handin.locator(".handin-partners input").fill("pair-partner")
    handin.locator(".handin-button").click()
    page.wait_for_selector("a.handin-download")
    receipt = handin.locator(".handin-status").inner_text()
    assert "Saved in a file at" in receipt and "2 annotations, 2 written answers" in receipt
    assert "by browser-student and pair-partner" in receipt
    files = list((lab.root_dir / "handin").glob("*.jsonld"))
    assert len(files) == 1
    result = read_file(files[0], load_article())
    assert result.errors == []
    assert {a.quote for a in result.annotations} == set(saved)
    assert {a.question_id for a in result.answers} == {"nato-read-1", "nato-read-2"}
    assert len(result.attempts) == 1
    assert result.handed_in_by == ["browser-student", "pair-partner"]
    doc = json.loads(files[0].read_text(encoding="utf-8"))
    assert "http://www.w3.org/ns/anno.jsonld" in json.dumps(doc["@context"])
    href = page.locator("a.handin-download").get_attribute("href")
    assert files[0].name in href

    # --- switch student: the next student sees none of this student's work ----------------
    handin.locator(".name-switch").click()
    page.wait_for_function(
        "() => document.querySelectorAll('.claim-annotator-nato tr[data-annotation]').length"
        " == 0 && document.querySelector('.answer-box-nato-read-1 textarea').value === ''"
    )
    assert _annotator(page).locator(".annotator-name input").is_visible()
    assert len(store.list(annotator="browser-student")) == 2  # kept, only hidden
    assert page.dialogs == []
