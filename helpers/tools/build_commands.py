"""The build commands of ``python -m helpers`` (helpers.tools.cli lists them): slides, reader,
student-copies, print and refresh — notebooks turned into decks, copies, PDFs and stored
outputs. Like helpers.tools.commands: ``configure_<name>(parser)`` and ``run_<name>(args)``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from helpers.tools.commands import EXIT_OK, EXIT_REJECTED, print_error, say


# -- slides ---------------------------------------------------------------------------------------
def configure_slides(parser: argparse.ArgumentParser) -> None:
    """Options of ``slides``: --out and NOTEBOOK... (defaults are filled in by ``run_slides``:
    importing nbconvert for them would slow every command down)."""
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="folder for the decks, index.html and vendor/ (default build/slides)",
    )
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        metavar="NOTEBOOK",
        help="the notebooks to turn into decks (default: notebooks/[0-9][0-9]_*.ipynb; then "
        "decks of lessons that no longer exist are removed from DIR)",
    )


def run_slides(args: argparse.Namespace) -> int:
    """Run and export the lessons as offline decks; returns 0, or 1 if a deck could not be made
    (npm packages missing, a notebook that fails)."""
    from helpers.tools.slides import DEFAULT_OUT, SlidesError, build

    out = args.out or DEFAULT_OUT
    try:
        decks = build(out, args.notebooks or None)
    except SlidesError as exc:
        print_error(f"make slides: {exc}")
        return EXIT_REJECTED
    say(f"{len(decks)} deck(s) in {out}/ - open {out / 'index.html'} in a browser")
    return EXIT_OK


# -- reader ---------------------------------------------------------------------------------------
def configure_reader(parser: argparse.ArgumentParser) -> None:
    """Options of ``reader``: --port, --ip, --no-browser."""
    parser.add_argument(
        "--port", type=int, default=8866, metavar="PORT", help="the port to serve on (default 8866)"
    )
    parser.add_argument(
        "--ip",
        default="localhost",
        help="the address to listen on (default localhost; 0.0.0.0 lets other machines in)",
    )
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")


def run_reader(args: argparse.Namespace) -> int:
    """Serve the lessons with Voilà, code hidden, until Ctrl+C; returns Voilà's exit code."""
    from helpers.tools.slides import serve_reader

    return serve_reader(args.port, args.ip, not args.no_browser)


# -- student-copies -------------------------------------------------------------------------------
def configure_student_copies(parser: argparse.ArgumentParser) -> None:
    """Options of ``student-copies``: --out and --source (the default of --out is filled in by
    ``run_student_copies``)."""
    from helpers.paths import NOTEBOOKS

    parser.add_argument(
        "--out",
        metavar="DIR",
        help="folder for the copies, rewritten each time (default build/student)",
    )
    parser.add_argument(
        "--source",
        default=str(NOTEBOOKS),
        metavar="DIR",
        help="folder of the notebooks to copy (default notebooks/; never changed)",
    )
    parser.add_argument(
        "--class-folder",
        action="store_true",
        help="write a whole folder to give a class instead: the project without the answer "
        "key, the synthetic class or the teacher's notebook, lessons as student copies "
        "(default folder build/class)",
    )


def run_student_copies(args: argparse.Namespace) -> int:
    """Write the student copies; returns 0, or 1 if a notebook breaks the tag conventions."""
    from helpers.tools.student_copies import DEFAULT_OUT, StudentCopyError, make_copies

    if args.class_folder:
        from helpers.tools.student_copies import make_class_folder

        folder = make_class_folder(args.out or "build/class", args.source)
        say(f"class folder in {folder}: no answer key; students run `make lab` there")
        return EXIT_OK
    out = args.out or str(DEFAULT_OUT)
    try:
        written = make_copies(out, args.source)
    except StudentCopyError as exc:
        print_error(f"error: {exc}")
        return EXIT_REJECTED
    for path in written:
        say(f"wrote {path}")
    say(f"{len(written)} student copies in {out}")
    return EXIT_OK


# -- print ----------------------------------------------------------------------------------------
def configure_print(parser: argparse.ArgumentParser) -> None:
    """Options of ``print``: --out and --paper."""
    parser.add_argument(
        "--out",
        default="build/print",
        metavar="DIR",
        help="folder for the PDFs (and their HTML in DIR/html; default build/print)",
    )
    parser.add_argument(
        "--paper",
        default="a4",
        choices=("a4", "letter"),
        help="paper size: a4 (default) or letter (US Letter)",
    )


def run_print(args: argparse.Namespace) -> int:
    """Write the printable packs; returns 0, or 1 if chromium is missing or fails."""
    from helpers.tools.printpack import PrintError, build

    try:
        packs = build(args.out, args.paper)
    except PrintError as exc:
        print_error(f"make print: {exc}")
        return EXIT_REJECTED
    for pack in packs:
        note = " (teacher pack: the answers, do not hand it out)" if pack.teacher else ""
        say(f"wrote {pack.path}{note}")
    say(f"{len(packs)} packs ({args.paper}) in {args.out}")
    return EXIT_OK


# -- refresh --------------------------------------------------------------------------------------
def configure_refresh(parser: argparse.ArgumentParser) -> None:
    """Options of ``refresh``: NOTEBOOK..."""
    parser.add_argument(
        "notebooks",
        nargs="+",
        type=Path,
        metavar="NOTEBOOK",
        help="the notebooks to re-run; each is written back with its new outputs",
    )


def run_refresh(args: argparse.Namespace) -> int:
    """Re-run the notebooks and store their outputs; returns 0 (a failing cell raises)."""
    from helpers.tools.nbtools import refresh

    refresh(args.notebooks)
    return EXIT_OK


