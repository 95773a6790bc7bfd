"""Tools for the notebook files themselves (not used inside lessons).

``python -m helpers.tools.nbtools refresh notebooks/*.ipynb`` re-runs notebooks top to bottom,
with a
throwaway annotation store, and stores their outputs: these stored outputs are what the strict
nbval tests compare against. Live widget views are removed from the stored outputs (their models
die with the kernel, and a saved view would show "model not found"); each widget's readable
text/html and text/plain fallbacks stay, so a notebook opened before it is run still reads well.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip_widget_views(nb) -> int:
    """Remove live widget views and saved widget state; return how many views were removed."""
    removed = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data")
            if data and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                removed += 1
    nb.metadata.pop("widgets", None)
    return removed


def execute(path: Path, timeout: int = 300):
    """Run one notebook top to bottom in its own folder with a throwaway store; return it."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    old = os.environ.get("ANNOTATIONS_DB")
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
            if old is None:
                os.environ.pop("ANNOTATIONS_DB", None)
            else:
                os.environ["ANNOTATIONS_DB"] = old
    return nb


def refresh(paths: list[Path]) -> None:
    import nbformat

    for path in paths:
        nb = execute(path)
        strip_widget_views(nb)
        for cell in nb.cells:
            cell.metadata.pop("execution", None)  # timestamps: noise in every diff
            if "hide-input" in cell.metadata.get("tags", []):
                # JupyterLab shows a hidden-input cell collapsed: students see no plumbing
                cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3"})
        nbformat.write(nb, path)
        print(f"refreshed {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.tools.nbtools")
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("refresh", help="re-run notebooks and store their outputs")
    r.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if args.command == "refresh":
        refresh(args.notebooks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
