"""The lessons as reveal.js slide decks that work offline (``make slides``).

``python -m helpers slides [--out build/slides]`` runs every lesson notebook
(``notebooks/[0-9][0-9]_*.ipynb``) top to bottom with a throwaway annotation store and exports it
with nbconvert's slides exporter:

* setup cells are hidden: a cell tagged ``hide-input`` (or ``remove-input``) loses its code but
  keeps its output; a cell whose ``slide_type`` is ``skip`` is left out; ``remove-cell`` drops a
  cell and ``hide-output``/``remove-output`` drop its outputs;
* teacher notes (``slide_type`` ``notes``) become speaker notes (the ``s`` key);
* charts and tables stay where they are;
* a widget cannot work in a static deck, so its live view is removed and, unless the widget left a
  readable HTML picture of itself, its output becomes a card saying that the exercise is
  interactive in JupyterLab; a deck never shows an empty box or a ``VBox(...)`` string.

nbconvert links reveal.js, require.js, jQuery, MathJax, mermaid and the widget renderer from CDNs
by default. Here every one of them is either left out (MathJax, mermaid: see
``slides/templates/offline-reveal``) or copied from ``slides/node_modules`` (installed once from
the npm registry with ``npm ci --prefix slides``) into ``vendor/`` next to the decks, and the decks
point at those copies with relative links: the folder works offline, from a USB stick, by
double-clicking a file.
"""

from __future__ import annotations

import copy
import html
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from helpers.paths import NOTEBOOKS, ROOT
from helpers.tools.preprocessors import cell_tags, run_chain
from helpers.tools.preprocessors.hide_setup import (
    HIDE_INPUT_TAGS,
    HIDE_OUTPUT_TAGS,
    REMOVE_CELL_TAGS,
    HideSetupCells,
)
from helpers.tools.preprocessors.link_decks import LinkDecks
from helpers.tools.preprocessors.strip_widget_views import StripWidgetViews
from helpers.tools.preprocessors.widget_cards import (
    INTERACTIVE_SENTENCE,
    WidgetCards,
    interactive_card,
    looks_like_widget_repr,
)

__all__ = [
    "HIDE_INPUT_TAGS",
    "HIDE_OUTPUT_TAGS",
    "INTERACTIVE_SENTENCE",
    "REMOVE_CELL_TAGS",
    "SlideCount",
    "SlidesError",
    "build",
    "expected_slides",
    "hide_setup_cells",
    "interactive_card",
    "link_decks",
    "looks_like_widget_repr",
    "prepare",
    "reader_command",
    "reader_env",
    "reader_url",
    "replace_widget_outputs",
    "serve_reader",
]

LESSON_GLOB = "[0-9][0-9]_*.ipynb"
SLIDES_DIR = ROOT / "slides"
NODE_MODULES = SLIDES_DIR / "node_modules"
TEMPLATES = SLIDES_DIR / "templates"
TEMPLATE_NAME = "offline-reveal"
DEFAULT_OUT = ROOT / "build" / "slides"
THEME = "white"  # "white" and "black" use the fonts shipped with reveal.js; others fetch web fonts

# What the decks load, relative to vendor/: (package in node_modules, path inside it).
VENDOR_FILES = {
    "reveal.js/dist": ("reveal.js", "dist"),
    "reveal.js/plugin/notes": ("reveal.js", "plugin/notes"),
    "require.js": ("requirejs", "require.js"),
    "jquery.min.js": ("jquery", "dist/jquery.min.js"),
    "html-manager": ("@jupyter-widgets/html-manager", "dist"),
}
# Big files of those folders that no deck loads.
VENDOR_SKIP = ("*.map", "*.esm.js", "embed.js", "libembed-amd.js", "*.LICENSE.txt")


class SlidesError(RuntimeError):
    """Something the person running ``make slides`` can fix; the message says what."""


# --- preparing a notebook (pure: notebook in, notebook out) ------------------------------------


def slide_type(cell) -> str:
    """A cell's ``metadata.slideshow.slide_type``; "-" (go on) when it has none."""
    try:
        return cell.get("metadata", {}).get("slideshow", {}).get("slide_type") or "-"
    except AttributeError:
        return "-"


def replace_widget_outputs(nb) -> int:
    """Turn every widget output of ``nb`` (in place) into something a static page can show, as
    WidgetCards does; return how many outputs became the "interactive exercise" card."""
    _, resources = run_chain(nb, [WidgetCards()])
    return resources["widget_cards"]


def hide_setup_cells(nb) -> None:
    """Apply the hiding tags to ``nb`` (in place): remove-cell drops a cell, hide-input hides
    its code, hide-output its outputs (see HideSetupCells)."""
    run_chain(nb, [HideSetupCells()])


def link_decks(nb) -> None:
    """Point markdown links between lessons (``](01_the_lede.ipynb)``) at their decks (in
    place)."""
    run_chain(nb, [LinkDecks()])


def slide_preprocessors() -> list:
    """The chain that makes an executed notebook ready for the slides exporter, in order."""
    return [
        HideSetupCells(),
        LinkDecks(),
        WidgetCards(),
        StripWidgetViews(),  # also drops saved widget state: no deck loads the widget renderer
    ]


def prepare(nb):
    """A copy of an executed notebook, ready for the slides exporter; ``nb`` is not changed."""
    ready, _ = run_chain(copy.deepcopy(nb), slide_preprocessors())
    return ready


@dataclass(frozen=True)
class SlideCount:
    """The number of slides of a deck."""

    horizontal: int  # top-level slides (left/right)
    total: int  # every slide, sub-slides (up/down) included: Reveal.getTotalSlides()


def expected_slides(nb) -> SlideCount:
    """How many slides the deck of this notebook has, from its cells' slide_type metadata.

    The first visible cell (neither ``skip`` nor ``notes``) always opens a slide; after it every
    ``slide`` cell opens a slide and every ``subslide`` cell a sub-slide. Cells dropped by the
    ``remove-cell`` tag do not count.
    """
    types = [
        slide_type(cell) for cell in nb.cells if not REMOVE_CELL_TAGS.intersection(cell_tags(cell))
    ]
    visible = [position for position, kind in enumerate(types) if kind not in {"skip", "notes"}]
    if not visible:
        raise SlidesError("every cell is skipped or a note: there is nothing to show as slides")
    horizontal = total = 1
    for kind in types[visible[0] + 1 :]:
        if kind == "slide":
            horizontal += 1
            total += 1
        elif kind == "subslide":
            total += 1
    return SlideCount(horizontal, total)


# --- building the decks ------------------------------------------------------------------------


def lesson_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The lesson notebooks of ``folder`` (``[0-9][0-9]_*.ipynb``), sorted."""
    return sorted(Path(folder).glob(LESSON_GLOB))


def copy_vendor(out: Path, node_modules: Path | None = None) -> Path:
    """Copy reveal.js, require.js, jQuery and the widget renderer from ``node_modules``
    (default slides/node_modules) into out/vendor; return that folder. SlidesError if a package
    is missing."""
    node_modules = Path(node_modules or NODE_MODULES)
    missing = [
        package for package, _ in VENDOR_FILES.values() if not (node_modules / package).is_dir()
    ]
    if missing:
        raise SlidesError(
            f"{node_modules} lacks {', '.join(sorted(set(missing)))}. Install the slide scripts "
            "once (needs npm and the npm registry): npm ci --prefix slides   (or: make slides)"
        )
    vendor = out / "vendor"
    for destination, (package, inner) in VENDOR_FILES.items():
        source = node_modules / package / inner
        target = vendor / destination
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(
                source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*VENDOR_SKIP)
            )
        else:
            shutil.copy2(source, target)
    return vendor


def make_exporter():
    """nbconvert's slides exporter, pointed at vendor/ and at the offline template."""
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config()
    settings = config.SlidesExporter
    settings.extra_template_basedirs = [str(TEMPLATES)]
    settings.template_name = TEMPLATE_NAME
    settings.reveal_url_prefix = "vendor/reveal.js"
    settings.reveal_theme = THEME
    settings.require_js_url = "vendor/require.js"
    settings.jquery_url = "vendor/jquery.min.js"
    settings.widget_renderer_url = "vendor/html-manager/embed-amd.js"
    settings.mathjax_url = ""  # the template loads no MathJax at all
    settings.font_awesome_url = ""
    settings.exclude_input = True  # decks show text, charts and tables, never code
    settings.exclude_input_prompt = True
    settings.exclude_output_prompt = True
    return SlidesExporter(config=config)


def export(nb, name: str, out: Path, exporter=None) -> Path:
    """Write one prepared notebook as out/<name>.slides.html (with ``exporter``, default a new
    ``make_exporter()``); return that path."""
    exporter = exporter or make_exporter()
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    path = out / f"{name}.slides.html"
    path.write_text(body, encoding="utf-8")
    return path


def _title(nb, fallback: str) -> str:
    """The notebook's ``metadata.title``, else ``fallback``."""
    return str(nb.metadata.get("title") or fallback)


def write_index(out: Path, decks: list[tuple[str, str]]) -> Path:
    """Write out/index.html, a plain page linking every deck of ``decks`` (file name, title)
    pairs; return its path."""
    items = "\n".join(
        f'<li><a href="{html.escape(file_name)}">{html.escape(title)}</a></li>'
        for file_name, title in decks
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Slides: checking the news</title>
<style>body{{font-family:sans-serif;max-width:40em;margin:2em auto;line-height:1.5}}</style>
</head><body>
<h1>Slides: checking the news, claim by claim</h1>
<p>Open a lesson. Arrow keys move between slides; <kbd>s</kbd> opens the speaker notes;
<kbd>Esc</kbd> shows every slide. The exercises themselves are done in JupyterLab.</p>
<ol>
{items}
</ol>
</body></html>
"""
    path = out / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def build(
    out: Path = DEFAULT_OUT,
    notebooks: list[Path] | None = None,
    node_modules: Path | None = None,
    log=print,
) -> list[Path]:
    """Execute and export ``notebooks`` (default: every lesson) as decks in ``out``, with the
    scripts of ``node_modules`` copied to out/vendor and an out/index.html; ``log`` gets one line
    a deck. Returns the deck paths; SlidesError names what went wrong."""
    from helpers.tools.nbtools import execute

    every_lesson = notebooks is None
    notebooks = lesson_notebooks() if every_lesson else [Path(path) for path in notebooks]
    if not notebooks:
        raise SlidesError(f"no notebook matching {LESSON_GLOB} in {NOTEBOOKS}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    copy_vendor(out, node_modules)
    if every_lesson:  # no deck of a lesson that was renamed or removed
        for old in out.glob("*.slides.html"):
            old.unlink()
    exporter = make_exporter()
    decks, index = [], []
    for path in notebooks:
        started = time.monotonic()
        try:
            executed = execute(path)
        except Exception as exc:  # a cell failed: say which notebook, then nbclient's message
            raise SlidesError(f"{path.name} did not run to the end:\n{exc}") from exc
        nb = prepare(executed)
        deck = export(nb, path.stem, out, exporter)
        count = expected_slides(nb)
        decks.append(deck)
        index.append((deck.name, _title(nb, path.stem)))
        log(
            f"slides: {deck} ({count.horizontal} slides, {count.total} with sub-slides; "
            f"{time.monotonic() - started:.1f} s)"
        )
    write_index(out, index)
    return decks


# --- reader mode: the lessons in Voilà, code hidden ---------------------------------------------

READER_TEMPLATE = "reader"  # slides/templates/voila/templates/reader, found through JUPYTER_PATH
START_PAGE = "00_start_here.ipynb"


def reader_env(env: dict | None = None) -> dict:
    """A copy of ``env`` (default: os.environ) for Voilà: our templates first on
    JUPYTER_PATH."""
    env = dict(os.environ if env is None else env)
    paths = [str(TEMPLATES)] + [
        folder for folder in env.get("JUPYTER_PATH", "").split(os.pathsep) if folder
    ]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    return env


def reader_command(
    root: Path = NOTEBOOKS, port: int = 8866, ip: str = "localhost", open_browser: bool = True
) -> list[str]:
    """The Voilà command line that serves every notebook in ``root`` without its code."""
    command = [
        sys.executable,
        "-m",
        "voila",
        str(root),
        f"--template={READER_TEMPLATE}",
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--VoilaConfiguration.strip_sources=True",
    ]
    if not open_browser:
        command.append("--no-browser")
    return command


def reader_url(base: str) -> str:
    """Where the start page is, given the server's address (``http://localhost:8866``)."""
    return f"{base.rstrip('/')}/voila/render/{START_PAGE}"


def serve_reader(port: int = 8866, ip: str = "localhost", open_browser: bool = True) -> int:
    """Serve the lessons in reader mode until Ctrl+C; return Voilà's exit code (0 after
    Ctrl+C)."""
    import subprocess

    print(
        "Reader mode: the lessons without their code. The start page opens in your browser at\n"
        f"  {reader_url(f'http://{ip}:{port}')}\n"
        "Annotations are saved as in JupyterLab. Stop with Ctrl+C."
    )
    try:
        return subprocess.call(reader_command(NOTEBOOKS, port, ip, open_browser), env=reader_env())
    except KeyboardInterrupt:
        return 0
