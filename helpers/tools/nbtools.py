"""Tools for the notebook files themselves (not used inside lessons).

``python -m helpers refresh notebooks/*.ipynb`` (``make refresh-outputs``) re-runs notebooks top
to bottom, with a throwaway annotation store, and stores their outputs: these stored outputs are
what the strict nbval tests compare against. Live widget views are removed from the stored
outputs (their models die with the kernel, and a saved view would show "model not found"); each
widget's readable text/html and text/plain fallbacks stay, so a notebook opened before it is run
still reads well.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from helpers.tools.preprocessors import run_chain
from helpers.tools.preprocessors.collapse_hidden_inputs import CollapseHiddenInputs
from helpers.tools.preprocessors.strip_execution_times import StripExecutionTimes
from helpers.tools.preprocessors.strip_widget_views import WIDGET_VIEW, StripWidgetViews

__all__ = ["WIDGET_VIEW", "execute", "refresh", "refresh_preprocessors", "strip_widget_views"]

DEFAULT_KERNELSPEC = {"name": "python3", "display_name": "Python 3"}


def strip_widget_views(nb) -> int:
    """Remove live widget views and saved widget state from ``nb`` (in place); return how many
    views were removed."""
    _, resources = run_chain(nb, [StripWidgetViews()])
    return resources["widget_views_removed"]


def execute(path: Path, timeout: int = 300):
    """Run the notebook at ``path`` top to bottom in its own folder with a throwaway store
    (``timeout`` seconds a cell at most); return the executed notebook. The file is not
    written."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    old_store = os.environ.get("ANNOTATIONS_DB")
    with tempfile.TemporaryDirectory(prefix="refresh-") as tmp:
        os.environ["ANNOTATIONS_DB"] = str(Path(tmp) / "annotations.sqlite")
        try:
            NotebookClient(
                nb,
                timeout=timeout,
                kernel_name="python3",
                record_timing=False,  # no timestamps in stored cells: quiet diffs
                resources={"metadata": {"path": str(path.parent)}},
            ).execute()
        finally:
            if old_store is None:
                os.environ.pop("ANNOTATIONS_DB", None)
            else:
                os.environ["ANNOTATIONS_DB"] = old_store
    return nb


def refresh_preprocessors() -> list:
    """What is done to an executed notebook before its outputs are stored, in order."""
    return [
        StripWidgetViews(),
        StripExecutionTimes(),  # timestamps: noise in every diff
        CollapseHiddenInputs(),  # JupyterLab shows hide-input cells collapsed: no plumbing
    ]


def refresh(paths: list[Path]) -> None:
    """Execute each notebook in ``paths`` and write it back with its new outputs (see the module
    docstring); prints one line a notebook."""
    import nbformat

    for path in paths:
        nb = execute(path)
        run_chain(nb, refresh_preprocessors())
        nb.metadata.setdefault("kernelspec", dict(DEFAULT_KERNELSPEC))
        nbformat.write(nb, path)
        print(f"refreshed {path}")
