"""Smoke test: JupyterLab opens the start page, runs every cell, and shows no error."""

import pytest
from jlab import error_outputs, open_notebook, run_all

pytestmark = pytest.mark.browser


def test_start_page_runs_without_errors(lab, page):
    open_notebook(page, lab, "00_start_here.ipynb")
    run_all(page)
    assert error_outputs(page) == []
    # the table of parts and the chart rendered
    table = page.locator(".jp-OutputArea-output table.dataframe")
    assert table.first.is_visible()
    assert "Forming the Alliance" in table.first.inner_text()
    chart = page.locator("figure.lesson-chart img")
    assert "Bar chart of words per part" in chart.first.get_attribute("alt")
    assert page.dialogs == []
