"""helpers.tools.nbtools: stored outputs without live widget views."""

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from helpers.tools import cli
from helpers.tools.nbtools import WIDGET_VIEW, strip_widget_views


def test_strip_widget_views_keeps_readable_fallbacks():
    cell = new_code_cell("w")
    cell.outputs = [
        new_output(
            "display_data",
            data={WIDGET_VIEW: {"model_id": "abc"}, "text/plain": "Claim annotator"},
        ),
        new_output("stream", name="stdout", text="hello\n"),
    ]
    nb = new_notebook(cells=[cell])
    nb.metadata["widgets"] = {"state": {}}
    assert strip_widget_views(nb) == 1
    assert cell.outputs[0]["data"] == {"text/plain": "Claim annotator"}
    assert "widgets" not in nb.metadata
    assert strip_widget_views(nb) == 0


def test_refresh_runs_a_notebook_and_stores_its_outputs(tmp_path, monkeypatch):
    path = tmp_path / "n.ipynb"
    nb = new_notebook(
        cells=[new_code_cell("import os\nprint(os.environ['ANNOTATIONS_DB'] != 'mine')")]
    )
    nbformat.write(nb, path)
    monkeypatch.setenv("ANNOTATIONS_DB", "mine")
    assert cli.main(["refresh", str(path)]) == 0
    out = nbformat.read(path, as_version=4).cells[0].outputs
    assert out[0]["text"] == "True\n"
    # the caller's store setting is restored afterwards
    import os

    assert os.environ["ANNOTATIONS_DB"] == "mine"
