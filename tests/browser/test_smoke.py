"""Smoke tests: JupyterLab opens each notebook, runs every cell, and shows no error."""

from pathlib import Path

import pytest
from jlab import error_outputs, open_notebook, run_all

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p.name for p in (Path(__file__).parents[2] / "notebooks").glob("[0-9]*.ipynb"))


def test_start_page_runs_without_errors(lab, page):
    open_notebook(page, lab, "00_start_here.ipynb")
    run_all(page)
    assert error_outputs(page) == []
    # the table of lessons rendered, with a link to each
    table = page.locator(".jp-MarkdownOutput table").first
    assert table.is_visible()
    assert "Forming the Alliance" in table.inner_text()
    assert table.locator('a[href*="05_weighing_the_stakes.ipynb"]').count() == 1
    assert page.dialogs == []


@pytest.mark.parametrize("name", [n for n in NOTEBOOKS if n != "00_start_here.ipynb"])
def test_every_notebook_runs_in_jupyterlab_without_errors(lab, page, name):
    open_notebook(page, lab, name)
    run_all(page)
    assert error_outputs(page) == []
    # no widget fell back to its plain-text form: every widget view rendered
    assert page.locator(".jp-OutputArea-output:has-text('VBox(')").count() == 0
    assert page.dialogs == []
    # nothing forces sideways scrolling at 1280x800
    overflow = page.evaluate(
        "() => { const n = document.querySelector('.jp-NotebookPanel .jp-Notebook');"
        " return n.scrollWidth - n.clientWidth; }"
    )
    assert overflow <= 1
