"""Sources named in full for students: every complete address a link, never a file they cannot
see. ``linked(text)`` escapes a text and makes each complete https:// address in it a link
that opens in a new tab; ``named_sources(cells)`` names the pages behind some rows of the
context tables (addresses separated by ';') by their outlet and whole address, from the source
pack. Plain functions returning text or escaped HTML: no widgets, no pandas."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

#: An address in a text: it ends at a space, a ';', a quotation mark or a tag.
_ADDRESS = re.compile(r"https://[^\s;<>\"“”]+")
_PIECES = re.compile(r"[;,]\s*|:\s+")


def _e(value: str) -> str:
    return html.escape(value)


def linked(text) -> str:
    """``text`` escaped, with every complete https:// address in it a link that opens in a new
    tab and wraps on a narrow screen (an address cut short with "…" stays plain text: it leads
    nowhere)."""
    text = "" if text is None else str(text)
    out, at = [], 0
    for m in _ADDRESS.finditer(text):
        url = m.group(0)
        # a sentence's full stop or comma, or a bracket it opened, is not part of the address
        while url and (url[-1] in ".,:!?" or (url[-1] == ")" and url.count("(") < url.count(")"))):
            url = url[:-1]
        out.append(_e(text[at : m.start()]))
        if "…" in url or "." not in url[len("https://") :]:
            out.append(_e(url))
        else:
            out.append(
                f'<a href="{_e(url)}" target="_blank" rel="noopener" '
                f'style="overflow-wrap:anywhere">{_e(url)}</a>'
            )
        at = m.start() + len(url)
    out.append(_e(text[at:]))
    return "".join(out)


def named_sources(cells: Iterable) -> str:
    """The sources of some rows (each cell: addresses separated by ';') named in full, each
    once: a page of the source pack by its outlet and whole address, another address whole; an
    address our notes have only in part by its outlet's name (or its site's)."""
    from helpers.sources import load_sources

    pack = {s.url.removeprefix("https://"): s for s in load_sources()}
    named: list[str] = []
    for cell in cells:
        for piece in _PIECES.split("" if cell is None else str(cell)):
            address = piece.strip().removeprefix("https://")
            if not address or " " in address:
                continue  # a label such as "mirror sites"
            page = pack.get(address)
            whole = "…" not in address
            if page is not None:
                entry = f"{page.outlet}, {page.url}" if whole and page.url_complete else page.outlet
            else:
                entry = f"https://{address}" if whole else address.split("/")[0]
            if entry not in named:
                named.append(entry)
    return "; ".join(named)
