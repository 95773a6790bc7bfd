"""``HTML``: what a notebook cell shows, as trusted HTML and as plain text, declared once.

The helpers build the markup themselves (every piece of data inside escaped); ``plain`` is what
a page that shows no HTML (a terminal, a slide's notes, a stored text output) shows instead.
"""

from __future__ import annotations


class HTML:
    """Trusted HTML built here (every piece of data inside is escaped); ``plain`` is what a
    page that shows no HTML shows instead."""

    def __init__(self, markup: str, plain: str = "HTML output (open in JupyterLab to see it)"):
        self.markup = markup
        self.plain = plain

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.plain
