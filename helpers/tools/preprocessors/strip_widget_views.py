"""Remove live widget views from the outputs, and the notebook's saved widget state."""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class StripWidgetViews(Preprocessor):
    """Drop every output's widget view (``application/vnd.jupyter.widget-view+json``) and the
    notebook's ``metadata.widgets``.

    A saved view only shows "model not found" once the kernel that held its model is gone; the
    widget's text/html and text/plain fallbacks stay, so the notebook still reads well. The
    number of views removed is added to ``resources["widget_views_removed"]``.
    """

    def preprocess(self, nb, resources):
        """Strip the views of every cell and the saved widget state; return (nb, resources)."""
        resources.setdefault("widget_views_removed", 0)
        nb, resources = super().preprocess(nb, resources)
        nb.metadata.pop("widgets", None)
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        """Remove the widget view from each output of ``cell`` that has one."""
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                resources["widget_views_removed"] = resources.get("widget_views_removed", 0) + 1
        return cell, resources
