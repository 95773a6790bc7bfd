"""The lessons as reveal.js slide decks that work offline (``make slides``).

``python -m helpers.tools.slides build [--out build/slides]`` runs every lesson notebook
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

import argparse
import copy
import html
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from helpers.paths import NOTEBOOKS, ROOT
from helpers.tools.nbtools import WIDGET_VIEW, strip_widget_views

LESSON_GLOB = "[0-9][0-9]_*.ipynb"
SLIDES_DIR = ROOT / "slides"
NODE_MODULES = SLIDES_DIR / "node_modules"
TEMPLATES = SLIDES_DIR / "templates"
TEMPLATE_NAME = "offline-reveal"
DEFAULT_OUT = ROOT / "build" / "slides"
THEME = "white"  # "white" and "black" use the fonts shipped with reveal.js; others fetch web fonts

HIDE_INPUT_TAGS = frozenset({"hide-input", "remove-input"})
HIDE_OUTPUT_TAGS = frozenset({"hide-output", "remove-output"})
REMOVE_CELL_TAGS = frozenset({"remove-cell"})

INTERACTIVE_SENTENCE = "This exercise is interactive: open the notebook in JupyterLab to do it."

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

# The repr of an ipywidgets widget: "VBox(children=(...", "Dropdown(description='Verdict', ..."
_WIDGET_REPR = re.compile(
    r"^\s*[A-Z][A-Za-z0-9]*\((children|layout|value|options|description|index|"
    r"tooltip|style|disabled|placeholder|_dom_classes|box_style|button_style|icon|"
    r"selected_index|titles|outputs|msg_id)="
)


_SAYS_INTERACTIVE = re.compile(r"\s*[—–-]+\s*interactive in JupyterLab\.?$", re.IGNORECASE)


class SlidesError(RuntimeError):
    """Something the person running ``make slides`` can fix; the message says what."""


# --- preparing a notebook (pure: notebook in, notebook out) ------------------------------------


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []) or [])


def slide_type(cell) -> str:
    try:
        return cell.get("metadata", {}).get("slideshow", {}).get("slide_type") or "-"
    except AttributeError:
        return "-"


def looks_like_widget_repr(text: str) -> bool:
    """True for the text/plain that ipywidgets gives a widget, such as ``VBox(children=(...``."""
    return bool(_WIDGET_REPR.match(text or ""))


def interactive_card(fallback: str | None = None) -> str:
    """The HTML shown in a deck where a widget was: what the exercise is, and where to do it."""
    parts = [
        '<div class="interactive-card" role="note" style="border:2px dashed #2a6f97;'
        'border-radius:8px;background:#eef6fb;color:#123;padding:0.6em 0.9em;margin:0.4em 0">',
        f"<p><strong>Interactive exercise.</strong> {html.escape(INTERACTIVE_SENTENCE)}</p>",
    ]
    # the widget's own sentence, less any "interactive in JupyterLab" the card says already
    fallback = _SAYS_INTERACTIVE.sub("", (fallback or "").strip())
    if fallback and not looks_like_widget_repr(fallback) and fallback != INTERACTIVE_SENTENCE:
        parts.append(f'<p class="interactive-card-what">{html.escape(fallback)}</p>')
    parts.append("</div>")
    return "".join(parts)


def _as_text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def replace_widget_outputs(nb) -> int:
    """Turn every widget output into something a static page can show; return how many.

    A widget output is one that carries a live widget view, or whose only content is a widget's
    repr (``VBox(children=...)``: a notebook saved after its views were stripped). Its view is
    dropped; a readable HTML or image fallback the widget gave stays; otherwise the output
    becomes the "interactive exercise" card (with the widget's own sentence, when it gave one).
    A cell whose outputs are all such cards loses its code on the slide too.
    """
    replaced = 0
    for cell in nb.cells:
        cell_replaced = False
        for out in cell.get("outputs", []):
            data = out.get("data")
            if not data:
                continue
            plain = _as_text(data.get("text/plain"))
            has_view = WIDGET_VIEW in data
            if not has_view and not (set(data) == {"text/plain"} and looks_like_widget_repr(plain)):
                continue
            data.pop(WIDGET_VIEW, None)
            if any(k == "text/html" or k.startswith("image/") for k in data):
                continue
            out["data"] = {
                "text/html": interactive_card(plain),
                "text/plain": INTERACTIVE_SENTENCE,
            }
            replaced += 1
            cell_replaced = True
        if cell_replaced and all(_is_card(o) for o in cell.get("outputs", [])):
            # the code that makes a widget means nothing on a slide: the card stands alone
            cell.setdefault("metadata", {})["transient"] = {"remove_source": True}
    return replaced


def _is_card(out) -> bool:
    return 'class="interactive-card"' in _as_text(out.get("data", {}).get("text/html"))


def hide_setup_cells(nb) -> None:
    """Apply the hiding tags: remove-cell drops, hide-input hides code, hide-output outputs."""
    kept = []
    for cell in nb.cells:
        tags = _tags(cell)
        if tags & REMOVE_CELL_TAGS:
            continue
        if tags & HIDE_INPUT_TAGS:
            cell.setdefault("metadata", {})["transient"] = {"remove_source": True}
        if tags & HIDE_OUTPUT_TAGS and "outputs" in cell:
            cell["outputs"] = []
        kept.append(cell)
    nb.cells = kept


_LESSON_LINK = re.compile(r"\]\(\s*(\d\d_[^)\s/#]+)\.ipynb(#[^)\s]*)?\s*\)")


def link_decks(nb) -> None:
    """Point markdown links between lessons (``](01_the_lede.ipynb)``) at their decks."""
    for cell in nb.cells:
        if cell.get("cell_type") == "markdown":
            cell["source"] = _LESSON_LINK.sub(r"](\1.slides.html)", _as_text(cell["source"]))


def prepare(nb):
    """A copy of an executed notebook, ready for the slides exporter."""
    nb = copy.deepcopy(nb)
    hide_setup_cells(nb)
    link_decks(nb)
    replace_widget_outputs(nb)
    strip_widget_views(nb)  # also drops saved widget state: no deck loads the widget renderer
    return nb


@dataclass(frozen=True)
class SlideCount:
    horizontal: int  # top-level slides (left/right)
    total: int  # every slide, sub-slides (up/down) included: Reveal.getTotalSlides()


def expected_slides(nb) -> SlideCount:
    """How many slides the deck of this notebook has, from its cells' slide_type metadata.

    The first visible cell (neither ``skip`` nor ``notes``) always opens a slide; after it every
    ``slide`` cell opens a slide and every ``subslide`` cell a sub-slide. Cells dropped by the
    ``remove-cell`` tag do not count.
    """
    types = [slide_type(c) for c in nb.cells if not _tags(c) & REMOVE_CELL_TAGS]
    visible = [i for i, t in enumerate(types) if t not in {"skip", "notes"}]
    if not visible:
        raise SlidesError("every cell is skipped or a note: there is nothing to show as slides")
    horizontal = total = 1
    for t in types[visible[0] + 1 :]:
        if t == "slide":
            horizontal += 1
            total += 1
        elif t == "subslide":
            total += 1
    return SlideCount(horizontal, total)


# --- building the decks ------------------------------------------------------------------------


def lesson_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    return sorted(Path(folder).glob(LESSON_GLOB))


def copy_vendor(out: Path, node_modules: Path | None = None) -> Path:
    """Copy reveal.js, require.js, jQuery and the widget renderer into out/vendor."""
    node_modules = Path(node_modules or NODE_MODULES)
    missing = [pkg for pkg, _ in VENDOR_FILES.values() if not (node_modules / pkg).is_dir()]
    if missing:
        raise SlidesError(
            f"{node_modules} lacks {', '.join(sorted(set(missing)))}. Install the slide scripts "
            "once (needs npm and the npm registry): npm ci --prefix slides   (or: make slides)"
        )
    vendor = out / "vendor"
    for dest, (pkg, inner) in VENDOR_FILES.items():
        src = node_modules / pkg / inner
        target = vendor / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(
                src, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*VENDOR_SKIP)
            )
        else:
            shutil.copy2(src, target)
    return vendor


def make_exporter():
    """nbconvert's slides exporter, pointed at vendor/ and at the offline template."""
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    c = Config()
    s = c.SlidesExporter
    s.extra_template_basedirs = [str(TEMPLATES)]
    s.template_name = TEMPLATE_NAME
    s.reveal_url_prefix = "vendor/reveal.js"
    s.reveal_theme = THEME
    s.require_js_url = "vendor/require.js"
    s.jquery_url = "vendor/jquery.min.js"
    s.widget_renderer_url = "vendor/html-manager/embed-amd.js"
    s.mathjax_url = ""  # the template loads no MathJax at all
    s.font_awesome_url = ""
    s.exclude_input = True  # decks show text, charts and tables, never code
    s.exclude_input_prompt = True
    s.exclude_output_prompt = True
    return SlidesExporter(config=c)


def export(nb, name: str, out: Path, exporter=None) -> Path:
    """Write one prepared notebook as out/<name>.slides.html."""
    exporter = exporter or make_exporter()
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    path = out / f"{name}.slides.html"
    path.write_text(body, encoding="utf-8")
    return path


def _title(nb, fallback: str) -> str:
    return str(nb.metadata.get("title") or fallback)


def write_index(out: Path, decks: list[tuple[str, str]]) -> Path:
    """out/index.html: a plain page linking every deck (file name, title)."""
    items = "\n".join(f'<li><a href="{html.escape(f)}">{html.escape(t)}</a></li>' for f, t in decks)
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
    """Execute and export every lesson; return the deck paths (plus out/index.html, vendor/)."""
    from helpers.tools.nbtools import execute

    every_lesson = notebooks is None
    notebooks = lesson_notebooks() if every_lesson else [Path(p) for p in notebooks]
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
    """The environment for Voilà: our templates first on JUPYTER_PATH."""
    env = dict(os.environ if env is None else env)
    paths = [str(TEMPLATES)] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    return env


def reader_command(
    root: Path = NOTEBOOKS, port: int = 8866, ip: str = "localhost", open_browser: bool = True
) -> list[str]:
    """The Voilà command line that serves every notebook in ``root`` without its code."""
    cmd = [
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
        cmd.append("--no-browser")
    return cmd


def reader_url(base: str) -> str:
    """Where the start page is, given the server's address (``http://localhost:8866``)."""
    return f"{base.rstrip('/')}/voila/render/{START_PAGE}"


def serve_reader(port: int = 8866, ip: str = "localhost", open_browser: bool = True) -> int:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.tools.slides", description=__doc__.split("\n\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="run every lesson and export it as an offline slide deck")
    b.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the decks")
    b.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/[0-9][0-9]_*.ipynb")
    r = sub.add_parser("reader", help="serve the lessons with Voilà, code hidden (reader mode)")
    r.add_argument("--port", type=int, default=8866)
    r.add_argument("--ip", default="localhost", help="0.0.0.0 to let other machines in")
    r.add_argument("--no-browser", action="store_true", help="do not open a browser")
    args = parser.parse_args(argv)
    if args.command == "reader":
        return serve_reader(args.port, args.ip, not args.no_browser)
    try:
        decks = build(args.out, args.notebooks or None)
    except SlidesError as exc:
        print(f"make slides: {exc}", file=sys.stderr)
        return 1
    print(f"{len(decks)} deck(s) in {args.out}/ - open {args.out / 'index.html'} in a browser")
    return 0


if __name__ == "__main__":
    sys.exit(main())
