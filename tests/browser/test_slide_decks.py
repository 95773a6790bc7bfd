"""The slide decks (make slides) in a real Chromium, with every non-local request blocked.

The decks are built once per test session into a temporary folder: every lesson notebook, plus a
small notebook made here with speaker notes and a live widget, so that those two are checked
whatever the lessons hold today. Each deck must start reveal.js offline, have as many slides as
its notebook's slide metadata says, make no request outside the machine, and never show a
widget as an empty box or a ``VBox(...)`` string.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import nbformat
import pytest
from jlab import watch_offline
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers.tools import slides

pytestmark = pytest.mark.browser

EXTRA = "99_slides_check"
NOTE = "Teacher note: ask who has shared a headline without reading past it."
LESSONS = {p.stem: p for p in slides.lesson_notebooks()}


def _extra_notebook(folder: Path) -> Path:
    def cell(c, slide_type, tags=()):
        c.metadata["slideshow"] = {"slide_type": slide_type}
        if tags:
            c.metadata["tags"] = list(tags)
        return c

    nb = new_notebook(
        cells=[
            cell(new_markdown_cell("# Slides check\n\nA title slide."), "slide"),
            cell(new_markdown_cell(NOTE), "notes"),
            cell(
                new_code_cell("import ipywidgets as w\nimport pandas as pd  # SETUP-CODE"),
                "skip",
                ["hide-input"],
            ),
            cell(new_code_cell("pd.DataFrame({'part': ['lede'], 'words': [71]})"), "subslide"),
            cell(new_markdown_cell("## An exercise"), "slide"),
            cell(
                new_code_cell(
                    "w.VBox([w.Dropdown(options=['fact', 'opinion']),"
                    " w.Button(description='Save')])"
                ),
                "-",
            ),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    path = folder / f"{EXTRA}.ipynb"
    nbformat.write(nb, path)
    return path


def _ensure_npm_install():
    """slides/node_modules as `make slides` installs it (npm ci, once); skip without npm."""
    marker = slides.NODE_MODULES / ".package-lock.json"
    lock = slides.SLIDES_DIR / "package-lock.json"
    if marker.is_file() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    npm = shutil.which("npm")
    if not npm:
        message = "The slide tests need npm once (apt-get install npm) to fetch reveal.js."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but " + message)
        pytest.skip(message)
    subprocess.run(
        [npm, "ci", "--prefix", str(slides.SLIDES_DIR), "--ignore-scripts", "--no-audit"]
        + ["--no-fund", "--loglevel=error"],
        check=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def decks(chromium, tmp_path_factory):
    """Build every deck once per session; return {name: (deck path, source notebook path)}."""
    _ensure_npm_install()
    out = tmp_path_factory.mktemp("slides")
    extra = _extra_notebook(tmp_path_factory.mktemp("extra-notebook"))
    sources = [*LESSONS.values(), extra]
    started = time.monotonic()
    built = slides.build(out, sources, log=lambda line: None)
    print(f"built {len(built)} decks in {time.monotonic() - started:.1f} s")
    return {src.stem: (deck, src) for deck, src in zip(built, sources, strict=True)}


def _open(page, deck: Path):
    """Open a deck with every request that leaves the machine blocked; return what happened."""
    seen = watch_offline(page, also_allow=("file://",))
    page.goto(deck.as_uri())
    try:
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15_000)
    except Exception as exc:  # say why, not only that it timed out
        raise AssertionError(f"reveal.js did not start in {deck.name}: {seen}") from exc
    return seen


def _code_lines(cell) -> list[str]:
    return [line.strip() for line in cell.source.splitlines() if len(line.strip()) > 8]


@pytest.mark.parametrize("name", [*LESSONS, EXTRA])
def test_deck_works_offline(decks, page, name):
    deck, source = decks[name]
    seen = _open(page, deck)
    nb = nbformat.read(source, as_version=4)
    expected = slides.expected_slides(nb)

    total = page.evaluate("() => Reveal.getTotalSlides()")
    horizontal = page.locator(".reveal .slides > section").count()
    assert (horizontal, total) == (expected.horizontal, expected.total)

    assert seen["blocked"] == [], "the deck asked for something outside this machine"
    assert seen["failed"] == []
    assert seen["errors"] == []

    text = page.evaluate("() => document.querySelector('.reveal .slides').textContent")
    assert "VBox(" not in text and "Box(children=" not in text
    leftovers = page.evaluate(
        "() => document.querySelectorAll('.jupyter-widgets, "
        'script[type="application/vnd.jupyter.widget-view+json"]\').length'
    )
    assert leftovers == 0, "a widget was left as an empty box"
    for cell in nb.cells:
        if set(cell.metadata.get("tags", [])) & slides.HIDE_INPUT_TAGS:
            for line in _code_lines(cell):
                assert line not in text, f"hidden setup code is on a slide: {line!r}"
    notes = sum(slides.slide_type(c) == "notes" for c in nb.cells)
    assert page.locator("aside.notes").count() == notes


def test_widget_card_and_table_in_place(decks, page):
    deck, _ = decks[EXTRA]
    _open(page, deck)
    page.evaluate("() => Reveal.slide(1, 0)")
    card = page.locator(".interactive-card")
    assert card.count() == 1
    card.wait_for(state="visible")
    assert slides.INTERACTIVE_SENTENCE in card.inner_text()
    box = card.bounding_box()
    assert box and box["height"] > 20, "the card is an empty box"
    page.evaluate("() => Reveal.slide(0, 1)")
    table = page.locator("table.dataframe")
    table.wait_for(state="visible")
    assert "lede" in table.inner_text()


def test_speaker_notes_open_offline(decks, page):
    deck, _ = decks[EXTRA]
    seen = _open(page, deck)
    with page.context.expect_page() as popup:
        page.keyboard.press("s")
    speaker = popup.value
    speaker.wait_for_function(
        "(note) => document.body && document.body.innerText.includes(note)", arg=NOTE
    )
    assert seen["blocked"] == [] and seen["failed"] == []


def test_index_links_every_deck(decks):
    deck, _ = next(iter(decks.values()))
    index = (deck.parent / "index.html").read_text(encoding="utf-8")
    for d, _ in decks.values():
        assert f'href="{d.name}"' in index
