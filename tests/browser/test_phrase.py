"""PhrasePicker in a real Chromium, in Voilà (reader mode), offline: mouse, keyboard, touch.

A tiny notebook shows a PhrasePicker for part "nato" and, under it, a Label that the kernel
fills with ``[sentence_id, start, end, quote]`` whenever the selection changes: what the page
shows there is what Python holds. Voilà is started like ``make reader`` (test_reader.Reader),
on a free port; every request that would leave the machine is blocked and fails the test.
"""

from __future__ import annotations

import json
import time

import nbformat
import pytest
from jlab import centre, watch_offline
from test_reader import Reader

from helpers.article import load_article
from helpers.widgets.phrase import part_words

pytestmark = pytest.mark.browser

NOTEBOOK = "phrase_picker_test.ipynb"
CODE = """\
import json
import ipywidgets as W
from helpers.article import load_article
from helpers.widgets.phrase import PhrasePicker

picker = PhrasePicker(load_article(), "nato")
picked = W.Label("[]")
picked.add_class("picked")

def show(_change=None):
    picked.value = json.dumps([picker.sentence_id, picker.start, picker.end, picker.quote])

picker.observe(show, names=["sentence_id", "start", "end", "quote"])
W.VBox([picker, picked])
"""


@pytest.fixture(scope="module")
def voila(chromium, tmp_path_factory):
    server = Reader(tmp_path_factory.mktemp("phrase")).start()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_markdown_cell("# Pick a phrase"), nbformat.v4.new_code_cell(CODE)]
    nbformat.write(nb, server.root / NOTEBOOK)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def words():
    """The words of part nato as the page gets them, flat, each with its sentence id."""
    return [
        {**w, "sentence": s["id"]}
        for para in part_words(load_article(), "nato")
        for s in para
        for w in s["words"]
    ]


def _open(page, voila) -> dict:
    seen = watch_offline(page)
    began = time.monotonic()
    page.goto(voila.page_url(NOTEBOOK))
    page.locator(".phrase-word").first.wait_for(state="visible", timeout=90_000)
    print(f"\nPhrasePicker visible {time.monotonic() - began:.1f} s after the page was asked for")
    return seen


def _picked(page, quote: str) -> list:
    """Wait until the kernel's Label shows ``quote``; return [sentence_id, start, end, quote]."""
    page.wait_for_function(
        "(q) => { const l = document.querySelector('.picked');"
        " return !!l && JSON.parse(l.innerText)[3] === q; }",
        arg=quote,
        timeout=15_000,
    )
    return json.loads(page.locator(".picked").inner_text())


def _offline(page, seen):
    page.wait_for_timeout(300)  # late requests (fonts, icons) would show up here
    assert seen["blocked"] == [], "the page asked for something outside this machine"
    assert seen["failed"] == [] and seen["errors"] == []


def _expected(art, words, first: int, last: int) -> str:
    return art.text[words[first]["start"] : words[last]["end"]]


def test_drag_with_the_mouse(voila, page, words):
    art = load_article()
    seen = _open(page, voila)
    word = page.locator(".phrase-word")
    assert word.count() == len(words)
    a = next(i for i, w in enumerate(words) if w["text"] == "90,000")
    b = a + 6  # "… along"
    page.mouse.move(*centre(word.nth(a).bounding_box()))
    page.mouse.down()
    page.mouse.move(*centre(word.nth(b).bounding_box()), steps=8)
    page.mouse.up()
    quote = _expected(art, words, a, b)
    assert _picked(page, quote) == ["nato-2", words[a]["start"], words[b]["end"], quote]
    assert page.locator(".phrase-word.sel").count() == b - a + 1
    assert f"Selected: “{quote}” (sentence 2)" in page.locator(".phrase-selected").inner_text()
    # the selection shows by more than colour: an underline bar
    shadow = word.nth(a).evaluate("(n) => getComputedStyle(n).boxShadow")
    assert "inset" in shadow

    # dragged back into sentence 1: cut to sentence 2, where the drag began, and said so
    c = next(i for i, w in enumerate(words) if w["text"] == "symbol")
    page.mouse.move(*centre(word.nth(a).bounding_box()))
    page.mouse.down()
    page.mouse.move(*centre(word.nth(c).bounding_box()), steps=8)
    page.mouse.up()
    quote = _expected(art, words, a - 1, a)  # "Involving 90,000"
    assert _picked(page, quote)[0] == "nato-2"
    assert "one sentence" in page.locator(".phrase-message").inner_text()

    # click a first word, then a last word
    word.nth(b + 2).click()
    word.nth(b + 4).click()
    quote = _expected(art, words, b + 2, b + 4)
    assert _picked(page, quote)[3] == quote
    _offline(page, seen)


def _contrast(fg: str, bg: str) -> float:
    def lum(css):
        r, g, b = (int(v) / 255 for v in css[css.index("(") + 1 : -1].split(",")[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_keyboard_only(voila, page, words):
    art = load_article()
    seen = _open(page, voila)
    text = page.locator(".phrase-text")
    for _ in range(10):  # Tab until the text has the focus: it is one tab stop
        page.keyboard.press("Tab")
        if text.evaluate("(n) => n === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the article text")
    assert text.get_attribute("role") == "application"
    assert "arrow keys" in text.get_attribute("aria-label")
    assert page.locator(".phrase-word[tabindex]").count() == 0  # the words are not tab stops

    for _ in range(3):
        page.keyboard.press("ArrowRight")
    focused = page.locator(".phrase-word.focus")
    assert focused.inner_text() == words[3]["text"]
    live = page.locator("[aria-live=polite]")
    assert live.count() == 1
    assert words[3]["text"] in live.inner_text() and "sentence 1" in live.inner_text()
    # a visible focus indicator, at least 3:1 against the page
    style = focused.evaluate(
        "(n) => { const s = getComputedStyle(n);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"
    )
    assert style[0] != "none" and style[1] >= 2
    assert _contrast(style[2], "rgb(255, 255, 255)") >= 3

    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    quote = _expected(art, words, 3, 5)
    assert _picked(page, quote)[:3] == ["nato-1", words[3]["start"], words[5]["end"]]
    assert quote in live.inner_text()

    page.keyboard.press("Shift+ArrowLeft")  # one word back
    assert _picked(page, _expected(art, words, 3, 4))

    page.keyboard.press("Escape")
    assert _picked(page, "") == ["", -1, -1, ""]

    page.keyboard.press("End")  # last word of sentence 1, then select back to its start
    page.keyboard.press("Shift+Home")
    assert _picked(page, art.sentence("nato-1").text)[0] == "nato-1"

    page.keyboard.press("End")  # the focus is at the start of sentence 1 now
    page.keyboard.press("ArrowRight")  # into sentence 2; Enter picks first and last word
    page.keyboard.press("Enter")
    assert "last word" in page.locator(".phrase-hint").inner_text()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    first = next(i for i, w in enumerate(words) if w["sentence"] == "nato-2")
    assert _picked(page, _expected(art, words, first, first + 1))[0] == "nato-2"
    _offline(page, seen)


def test_touch_on_a_phone(voila, browser, words):
    art = load_article()
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    try:
        seen = _open(page, voila)
        word = page.locator(".phrase-word")
        a = next(i for i, w in enumerate(words) if w["text"] == "demonstration")
        word.nth(a).tap()
        word.nth(a + 3).tap()
        quote = _expected(art, words, a, a + 3)
        assert _picked(page, quote)[0] == "nato-3"
        word.nth(a + 5).tap()  # one word: the same word twice
        word.nth(a + 5).tap()
        assert _picked(page, words[a + 5]["text"])[0] == "nato-3"

        width = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], f"sideways scrolling at 390 px: {width}"
        sizes = word.evaluate_all(
            "(ns) => ns.map((n) => { const r = n.getBoundingClientRect();"
            " return [n.textContent, r.width, r.height, r.right]; })"
        )
        small = [s for s in sizes if s[1] < 24 or s[2] < 24]
        assert small == [], f"touch targets under 24x24 px: {small[:5]}"
        assert max(s[3] for s in sizes) <= 390
        _offline(page, seen)
    finally:
        context.close()
