"""Unit tests for helpers.tools.slides: hiding setup cells, widget cards, slide counts, exporter."""

from __future__ import annotations

import re
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.paths import NOTEBOOKS
from helpers.tools import cli, slides
from helpers.tools.nbtools import WIDGET_VIEW

VIEW = {"model_id": "abc", "version_major": 2, "version_minor": 0}
VBOX_REPR = "VBox(children=(Dropdown(options=('a', 'b'), value='a'), Button(description='Save')))"


def md(source, slide_type="-", tags=()):
    cell = new_markdown_cell(source)
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def code(source, slide_type="-", tags=(), outputs=()):
    cell = new_code_cell(source, outputs=list(outputs))
    cell.metadata["slideshow"] = {"slide_type": slide_type}
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def widget_output(plain=VBOX_REPR, html=None):
    data = {WIDGET_VIEW: dict(VIEW), "text/plain": plain}
    if html:
        data["text/html"] = html
    return new_output("display_data", data=data)


def notebook(*cells):
    return new_notebook(cells=list(cells))


# --- hiding setup cells ------------------------------------------------------------------------


def test_hide_input_keeps_the_output_but_not_the_code():
    out = new_output("display_data", data={"text/plain": "chart"})
    nb = notebook(code("import helpers", tags=["hide-input"], outputs=[out]))
    slides.hide_setup_cells(nb)
    cell = nb.cells[0]
    assert cell.metadata["transient"] == {"remove_source": True}
    assert cell.outputs == [out]


def test_remove_cell_and_hide_output_tags():
    nb = notebook(
        md("kept"),
        code("x = 1", tags=["remove-cell"]),
        code("y", tags=["hide-output"], outputs=[new_output("stream", text="noise")]),
    )
    slides.hide_setup_cells(nb)
    assert [cell.source for cell in nb.cells] == ["kept", "y"]
    assert nb.cells[1].outputs == []


def test_untagged_cells_are_untouched():
    nb = notebook(code("article.summary()"))
    slides.hide_setup_cells(nb)
    assert "transient" not in nb.cells[0].metadata


# --- widgets -----------------------------------------------------------------------------------


def test_widget_repr_is_recognised():
    assert slides.looks_like_widget_repr(VBOX_REPR)
    assert slides.looks_like_widget_repr("NameBox(children=(HBox(children=(Text(value='')")
    assert slides.looks_like_widget_repr("HTML(value='<b>x</b>')")
    assert not slides.looks_like_widget_repr("Claim annotator for part 'nato'")
    assert not slides.looks_like_widget_repr("<Figure size 400x250 with 1 Axes>")
    assert not slides.looks_like_widget_repr("DataFrame")
    assert not slides.looks_like_widget_repr("")


def test_composite_widget_becomes_the_card_never_a_vbox_string():
    nb = notebook(code("ClaimAnnotator('nato')", outputs=[widget_output()]))
    assert slides.replace_widget_outputs(nb) == 1
    data = nb.cells[0].outputs[0]["data"]
    assert WIDGET_VIEW not in data
    assert slides.INTERACTIVE_SENTENCE in data["text/html"]
    assert "VBox(" not in data["text/html"] and "VBox(" not in data["text/plain"]
    assert 'class="interactive-card"' in data["text/html"]
    # the code that made the widget is hidden on the slide: the card stands alone
    assert nb.cells[0].metadata["transient"] == {"remove_source": True}


def test_card_keeps_the_widgets_own_sentence_escaped():
    sentence = "Claim annotator for part 'nato' <interactive in JupyterLab>"
    nb = notebook(code("ClaimAnnotator('nato')", outputs=[widget_output(sentence)]))
    slides.replace_widget_outputs(nb)
    html = nb.cells[0].outputs[0]["data"]["text/html"]
    assert "Claim annotator for part &#x27;nato&#x27; &lt;interactive in JupyterLab&gt;" in html
    assert "<interactive" not in html


def test_widget_with_an_html_picture_keeps_it():
    picture = "<div class='exercise-picture'>Sentence 1 … Save</div>"
    nb = notebook(code("w", outputs=[widget_output("Exercise", html=picture)]))
    assert slides.replace_widget_outputs(nb) == 0
    data = nb.cells[0].outputs[0]["data"]
    assert data == {"text/plain": "Exercise", "text/html": picture}
    assert "transient" not in nb.cells[0].metadata


def test_saved_widget_repr_without_a_view_becomes_the_card():
    """A notebook saved after its views were stripped still holds 'VBox(children=...'."""
    out = new_output("execute_result", data={"text/plain": VBOX_REPR}, execution_count=1)
    nb = notebook(code("w", outputs=[out]))
    assert slides.replace_widget_outputs(nb) == 1
    assert slides.INTERACTIVE_SENTENCE in nb.cells[0].outputs[0]["data"]["text/html"]


def test_ordinary_outputs_and_mixed_cells():
    table = new_output("execute_result", data={"text/plain": "   a\n0  1"}, execution_count=1)
    printed = new_output("stream", text="Saved to notebooks/handin\n")
    nb = notebook(code("df", outputs=[table]), code("w", outputs=[printed, widget_output()]))
    assert slides.replace_widget_outputs(nb) == 1
    assert nb.cells[0].outputs[0]["data"] == {"text/plain": "   a\n0  1"}
    assert "transient" not in nb.cells[1].metadata  # it printed something too: code stays
    assert nb.cells[1].outputs[0] == printed


def test_card_does_not_say_interactive_twice():
    card = slides.interactive_card("Claim annotator for part 'nato' — interactive in JupyterLab")
    assert "Claim annotator for part &#x27;nato&#x27;</p>" in card
    assert card.count("JupyterLab") == 1


def test_interactive_card_plain():
    card = slides.interactive_card()
    assert slides.INTERACTIVE_SENTENCE in card
    assert "interactive-card-what" not in card
    assert "interactive-card-what" not in slides.interactive_card(VBOX_REPR)


def test_prepare_leaves_the_original_alone_and_drops_widget_state():
    nb = notebook(
        md("# Title", "slide"),
        md("Go on with [the lede](01_the_lede.ipynb) or [data](../data/scheme.json)."),
        code("setup()", "skip", ["hide-input"]),
        code("ClaimAnnotator('lede')", outputs=[widget_output()]),
    )
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    before = nbformat.writes(nb)
    ready = slides.prepare(nb)
    assert nbformat.writes(nb) == before
    assert "widgets" not in ready.metadata
    assert ready.cells[1].source == (
        "Go on with [the lede](01_the_lede.slides.html) or [data](../data/scheme.json)."
    )
    assert ready.cells[2].metadata["transient"] == {"remove_source": True}
    assert WIDGET_VIEW not in ready.cells[3].outputs[0]["data"]


def test_link_decks_only_touches_lesson_links():
    nb = notebook(md("[a](02_x.ipynb#part) [b](notes.ipynb) [c](https://example.org/03_y.ipynb)"))
    slides.link_decks(nb)
    assert nb.cells[0].source == (
        "[a](02_x.slides.html) [b](notes.ipynb) [c](https://example.org/03_y.ipynb)"
    )


# --- slide counts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (["slide"], (1, 1)),
        (["-", "-", "slide"], (2, 2)),  # the first cell opens a slide whatever its type
        (["skip", "notes", "subslide", "-", "slide"], (2, 2)),  # first *visible* cell
        (["slide", "subslide", "fragment", "subslide", "slide", "notes", "skip"], (2, 4)),
        (["slide", "slide", "slide"], (3, 3)),
        (["subslide", "subslide"], (1, 2)),
    ],
)
def test_expected_slides(types, expected):
    nb = notebook(*(md(f"cell {i}", t) for i, t in enumerate(types)))
    count = slides.expected_slides(nb)
    assert (count.horizontal, count.total) == expected


def test_expected_slides_ignores_removed_cells_and_missing_metadata():
    nb = notebook(md("a", "slide"), md("b", "slide", ["remove-cell"]), new_markdown_cell("c"))
    assert slides.expected_slides(nb) == slides.SlideCount(1, 1)


def test_expected_slides_needs_something_to_show():
    with pytest.raises(slides.SlidesError, match="nothing to show"):
        slides.expected_slides(notebook(md("a", "skip"), md("b", "notes")))


def test_start_page_slide_count():
    nb = nbformat.read(NOTEBOOKS / "00_start_here.ipynb", as_version=4)
    count = slides.expected_slides(nb)
    types = [slides.slide_type(cell) for cell in nb.cells]
    assert count.horizontal == types.count("slide") + (types[0] != "slide")
    assert count.total >= count.horizontal


# --- the exporter and template (no browser, no kernel) -----------------------------------------


def sections(body: str) -> tuple[int, int]:
    """(top-level sections, innermost sections) of a deck's HTML."""
    depth = top = leaves = 0
    for match in re.finditer(r"<(/?)section\b", body):
        if match.group(1):
            depth -= 1
        else:
            depth += 1
            top += depth == 1
            leaves += depth == 2
    return top, leaves


def test_exported_deck_is_offline_and_matches_the_count(tmp_path):
    nb = notebook(
        md("# Lesson", "slide"),
        md("Teacher: ask who has shared a headline without reading it.", "notes"),
        code("from helpers import load_article  # SETUP", "skip", ["hide-input"]),
        code("print('hidden code, shown output')  # HIDDEN", "subslide", ["hide-input"]),
        md("Prices rose from $5 to $7 and then $9.", "fragment"),
        code("ClaimAnnotator('lede')", "slide", outputs=[widget_output()]),
    )
    for cell in nb.cells:
        if cell.cell_type == "code" and "HIDDEN" in cell.source:
            cell.outputs = [new_output("stream", text="shown output\n")]
    path = slides.export(slides.prepare(nb), "01_test", tmp_path)
    assert path.name == "01_test.slides.html"
    body = path.read_text(encoding="utf-8")
    # nothing from a CDN: no mermaid import, no MathJax, every script and sheet under vendor/
    assert "mermaid" not in body.lower() and "mathjax" not in body.lower()
    for url in re.findall(r'(?:src|href)="([^"]+)"', body):
        assert url.startswith(("vendor/", "#")) or url.endswith(".slides.html"), url
    assert 'src="vendor/require.js"' in body and 'src="vendor/jquery.min.js"' in body
    assert "vendor/reveal.js/dist/theme/white.css" in body
    assert "window.Reveal = Reveal" in body
    # hidden code stays hidden; its output and the notes are there
    assert "SETUP" not in body and "HIDDEN" not in body
    assert "shown output" in body
    assert re.search(r'<aside class="notes">.*?shared a headline', body, re.S)
    assert slides.INTERACTIVE_SENTENCE in body and "VBox(" not in body
    assert "ClaimAnnotator" not in body
    count = slides.expected_slides(nb)
    assert sections(body) == (count.horizontal, count.total)


# --- vendor files, index, building -------------------------------------------------------------


def fake_node_modules(root):
    files = {
        "reveal.js/dist/reveal.js": "reveal",
        "reveal.js/dist/reveal.js.map": "map",
        "reveal.js/dist/reveal.esm.js": "esm",
        "reveal.js/dist/theme/white.css": "theme",
        "reveal.js/plugin/notes/notes.js": "notes",
        "requirejs/require.js": "require",
        "jquery/dist/jquery.min.js": "jquery",
        "@jupyter-widgets/html-manager/dist/embed-amd.js": "embed",
        "@jupyter-widgets/html-manager/dist/embed.js": "big",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_copy_vendor(tmp_path):
    node_modules = fake_node_modules(tmp_path / "node_modules")
    vendor = slides.copy_vendor(tmp_path / "out", node_modules)
    got = sorted(str(path.relative_to(vendor)) for path in vendor.rglob("*") if path.is_file())
    assert got == [
        "html-manager/embed-amd.js",
        "jquery.min.js",
        "require.js",
        "reveal.js/dist/reveal.js",
        "reveal.js/dist/theme/white.css",
        "reveal.js/plugin/notes/notes.js",
    ]
    slides.copy_vendor(tmp_path / "out", node_modules)  # again, over the top: fine


def test_copy_vendor_says_how_to_install(tmp_path):
    with pytest.raises(slides.SlidesError, match=r"npm ci --prefix slides.*make slides"):
        slides.copy_vendor(tmp_path / "out", tmp_path / "nothing")


def test_write_index_escapes(tmp_path):
    page = slides.write_index(tmp_path, [("00_a.slides.html", "Start <here> & go")]).read_text()
    assert '<a href="00_a.slides.html">Start &lt;here&gt; &amp; go</a>' in page


def test_lesson_notebooks_pattern(tmp_path):
    for name in ["00_start_here.ipynb", "01_the_lede.ipynb", "notes.ipynb", "1_x.ipynb"]:
        (tmp_path / name).write_text("{}")
    assert [p.name for p in slides.lesson_notebooks(tmp_path)] == [
        "00_start_here.ipynb",
        "01_the_lede.ipynb",
    ]


def test_build_runs_a_notebook_with_a_real_widget(tmp_path):
    """End to end without a browser: run, hide, replace the live widget, write the deck."""
    nb = notebook(
        md("# A widget lesson", "slide"),
        code("import ipywidgets as w", "skip", ["hide-input"]),
        code("w.VBox([w.Dropdown(options=['a', 'b']), w.Button(description='Save')])", "slide"),
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    src = tmp_path / "nbs" / "01_widget.ipynb"
    src.parent.mkdir()
    nbformat.write(nb, src)
    logged = []
    decks = slides.build(
        tmp_path / "out", [src], fake_node_modules(tmp_path / "nm"), log=logged.append
    )
    body = decks[0].read_text(encoding="utf-8")
    assert slides.INTERACTIVE_SENTENCE in body
    assert "VBox(" not in body and WIDGET_VIEW not in body
    assert "2 slides, 2 with sub-slides" in logged[0]
    assert (tmp_path / "out" / "index.html").is_file()


def test_build_names_the_notebook_that_fails(tmp_path):
    nb = notebook(md("# Broken", "slide"), code("1 / 0"))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    src = tmp_path / "07_broken.ipynb"
    nbformat.write(nb, src)
    expected = r"(?s)07_broken.ipynb did not run.*ZeroDivisionError"
    with pytest.raises(slides.SlidesError, match=expected):
        slides.build(tmp_path / "out", [src], fake_node_modules(tmp_path / "nm"), log=print)


def test_build_of_every_lesson_removes_stale_decks(tmp_path, monkeypatch):
    nb = notebook(md("# One", "slide"))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    src = tmp_path / "01_one.ipynb"
    nbformat.write(nb, src)
    out = tmp_path / "out"
    out.mkdir()
    (out / "09_renamed.slides.html").write_text("old")
    monkeypatch.setattr(slides, "lesson_notebooks", lambda: [src])
    decks = slides.build(out, None, fake_node_modules(tmp_path / "nm"), log=print)
    assert sorted(p.name for p in out.glob("*.slides.html")) == ["01_one.slides.html"]
    assert decks == [out / "01_one.slides.html"]


def test_slides_command_reports_a_missing_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(slides, "NODE_MODULES", tmp_path / "missing")
    monkeypatch.setattr(slides, "lesson_notebooks", lambda: [tmp_path / "00_x.ipynb"])
    assert cli.main(["slides", "--out", str(tmp_path / "out")]) == 1
    assert "npm ci --prefix slides" in capsys.readouterr().err


# --- reader mode -------------------------------------------------------------------------------


def test_reader_command_and_env(tmp_path):
    cmd = slides.reader_command(tmp_path, port=9999, ip="127.0.0.1", open_browser=False)
    assert cmd[:3] == [sys.executable, "-m", "voila"]
    assert str(tmp_path) in cmd and "--no-browser" in cmd
    assert "--template=reader" in cmd and "--port=9999" in cmd and "--Voila.ip=127.0.0.1" in cmd
    assert "--no-browser" not in slides.reader_command(tmp_path)
    env = slides.reader_env({"JUPYTER_PATH": "/x"})
    assert env["JUPYTER_PATH"].split(":") == [str(slides.TEMPLATES), "/x"]
    assert (slides.TEMPLATES / "voila" / "templates" / "reader" / "index.html.j2").is_file()
    assert slides.reader_url("http://h:1/") == "http://h:1/voila/render/00_start_here.ipynb"
